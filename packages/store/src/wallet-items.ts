import { systemClock, type Clock } from '@trustbridge/core';
import { invalidInput, notFound } from './errors.js';
import type { SqlExecutor } from './sql-client.js';
import { requireInt, requireText, toBytes, toDate } from './util.js';

/** Largest wallet item ciphertext accepted (bytes). */
export const MAX_WALLET_ITEM_BYTES = 4 * 1024 * 1024;

/**
 * An item in a holder's wallet. The store only ever sees `ciphertext`: the wallet encrypts before it
 * writes and decrypts after it reads, so the database never holds credentials in the clear.
 */
export interface WalletItem {
  owner: string;
  id: string;
  /** What the wallet stored (for example `credential`, `consent`, `key`); not secret. */
  kind: string;
  ciphertext: Uint8Array;
  /** 1 on creation, +1 on each replacement. */
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

function itemFromRow(r: Record<string, unknown>): WalletItem {
  return {
    owner: String(r['owner']),
    id: String(r['id']),
    kind: String(r['kind']),
    ciphertext: toBytes(r['ciphertext']),
    revision: Number(r['revision']),
    createdAt: toDate(r['created_at']),
    updatedAt: toDate(r['updated_at']),
  };
}

/**
 * Stores an item, replacing the owner's item with the same id (its `revision` goes up). Items are
 * keyed by owner and id: one owner can never read or overwrite another's.
 */
export async function putWalletItem(
  db: SqlExecutor,
  input: { owner: string; id: string; kind: string; ciphertext: Uint8Array },
  options: { clock?: Clock } = {},
): Promise<WalletItem> {
  requireText(input.owner, 'owner');
  requireText(input.id, 'id');
  requireText(input.kind, 'kind', 200);
  if (!(input.ciphertext instanceof Uint8Array) || input.ciphertext.length === 0) throw invalidInput('ciphertext', 'must be non-empty bytes');
  if (input.ciphertext.length > MAX_WALLET_ITEM_BYTES) throw invalidInput('ciphertext', `must be at most ${MAX_WALLET_ITEM_BYTES} bytes`);
  const now = (options.clock ?? systemClock)().toISOString();
  const rows = await db.query(
    `INSERT INTO wallet_items (owner, id, kind, ciphertext, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
     ON CONFLICT (owner, id) DO UPDATE SET kind = EXCLUDED.kind, ciphertext = EXCLUDED.ciphertext,
       revision = wallet_items.revision + 1, updated_at = EXCLUDED.updated_at
     RETURNING *`,
    [input.owner, input.id, input.kind, input.ciphertext, now],
  );
  return itemFromRow(rows[0]!);
}

/** One item of an owner. Throws `ERR_STORE_NOT_FOUND` (also when the id exists for another owner). */
export async function getWalletItem(db: SqlExecutor, key: { owner: string; id: string }): Promise<WalletItem> {
  requireText(key.owner, 'owner');
  requireText(key.id, 'id');
  const rows = await db.query('SELECT * FROM wallet_items WHERE owner = $1 AND id = $2', [key.owner, key.id]);
  if (!rows[0]) throw notFound('wallet item');
  return itemFromRow(rows[0]);
}

/** An owner's items ordered by id, optionally of one kind. */
export async function listWalletItems(db: SqlExecutor, options: { owner: string; kind?: string; limit?: number }): Promise<WalletItem[]> {
  requireText(options.owner, 'owner');
  const limit = requireInt(options.limit ?? 1000, 'limit', 1, 10_000);
  const rows = await db.query('SELECT * FROM wallet_items WHERE owner = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY id LIMIT $3', [
    options.owner,
    options.kind ?? null,
    limit,
  ]);
  return rows.map(itemFromRow);
}

/** Deletes one item of an owner. Throws `ERR_STORE_NOT_FOUND` when it does not exist. */
export async function deleteWalletItem(db: SqlExecutor, key: { owner: string; id: string }): Promise<void> {
  requireText(key.owner, 'owner');
  requireText(key.id, 'id');
  const rows = await db.query('DELETE FROM wallet_items WHERE owner = $1 AND id = $2 RETURNING id', [key.owner, key.id]);
  if (!rows[0]) throw notFound('wallet item');
}
