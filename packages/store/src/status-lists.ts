import { TrustBridgeError, systemClock, type Clock } from '@trustbridge/core';
import { StatusErrors, invalidInput, notFound } from './errors.js';
import { credentialFromRow, entriesOf, type IssuedCredentialRecord, type StatusPurpose } from './issued-credentials.js';
import type { SqlClient, SqlExecutor } from './sql-client.js';
import { isoDate, requireInt, requireText, toBytes, toDate, toDateOrNull } from './util.js';

/** A stored status list: its bits and the bookkeeping to publish it. */
export interface StatusListRecord {
  id: string;
  issuer: string;
  statusPurpose: StatusPurpose;
  /** `statusListCredential` URL of the list. */
  url: string;
  /** Number of entries. */
  size: number;
  /** Bits per entry. */
  statusSize: number;
  /** Entries that may be allocated before a new list is started (the fill threshold). */
  capacity: number;
  /** Entries allocated so far. */
  allocated: number;
  /** `active` takes new allocations; `full` no longer does (its entries still change status). */
  state: 'active' | 'full';
  /**
   * The uncompressed bitstring (Bitstring Status List 1.0 §3.2): entry `i` occupies bits
   * `i·statusSize … i·statusSize + statusSize − 1`, bit 0 being the most significant bit of byte 0.
   */
  bits: Uint8Array;
  /** Bumped on every status change; use as the ETag and to know when to re-sign. */
  version: number;
  /** The version last signed and published (see {@link recordStatusListPublication}). */
  publishedVersion: number;
  /** When the published list credential should be refreshed (its `validUntil`), if set. */
  nextUpdateAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

interface ListRow {
  id: string;
  issuer: string;
  status_purpose: StatusPurpose;
  url: string;
  size: number;
  status_size: number;
  capacity: number;
  allocated: number;
  state: 'active' | 'full';
  bits: Uint8Array;
  version: number;
  published_version: number;
  next_update_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

function listFromRow(r: ListRow): StatusListRecord {
  return {
    id: r.id,
    issuer: r.issuer,
    statusPurpose: r.status_purpose,
    url: r.url,
    size: Number(r.size),
    statusSize: Number(r.status_size),
    capacity: Number(r.capacity),
    allocated: Number(r.allocated),
    state: r.state,
    bits: toBytes(r.bits),
    version: Number(r.version),
    publishedVersion: Number(r.published_version),
    nextUpdateAt: toDateOrNull(r.next_update_at),
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
  };
}

/** A status list by id. Throws `ERR_STORE_NOT_FOUND`. */
export async function getStatusList(db: SqlExecutor, id: string): Promise<StatusListRecord> {
  requireText(id, 'id');
  const rows = await db.query<ListRow & Record<string, unknown>>('SELECT * FROM status_lists WHERE id = $1', [id]);
  if (!rows[0]) throw notFound('status list');
  return listFromRow(rows[0]);
}

/** A status list by its `statusListCredential` URL (what the issuer service serves). Throws `ERR_STORE_NOT_FOUND`. */
export async function getStatusListByUrl(db: SqlExecutor, url: string): Promise<StatusListRecord> {
  requireText(url, 'url');
  const rows = await db.query<ListRow & Record<string, unknown>>('SELECT * FROM status_lists WHERE url = $1', [url]);
  if (!rows[0]) throw notFound('status list');
  return listFromRow(rows[0]);
}

/** Options of {@link listStatusLists}. */
export interface ListStatusListsOptions {
  issuer?: string;
  statusPurpose?: StatusPurpose;
  /** Only lists changed since their last publication, or whose `nextUpdateAt` is at or before this time. */
  needingPublicationAt?: Date;
}

/** Status lists in the order they were created. */
export async function listStatusLists(db: SqlExecutor, options: ListStatusListsOptions = {}): Promise<StatusListRecord[]> {
  const due = options.needingPublicationAt ? isoDate(options.needingPublicationAt, 'needingPublicationAt') : null;
  const rows = await db.query<ListRow & Record<string, unknown>>(
    `SELECT * FROM status_lists
      WHERE ($1::text IS NULL OR issuer = $1) AND ($2::text IS NULL OR status_purpose = $2)
        AND ($3::timestamptz IS NULL OR version > published_version OR next_update_at <= $3)
      ORDER BY seq`,
    [options.issuer ?? null, options.statusPurpose ?? null, due],
  );
  return rows.map(listFromRow);
}

/**
 * Records that `version` of a list was signed and published, and when it should next be refreshed.
 * `publishedVersion` only moves forward, so a slow publisher cannot overwrite a newer record.
 */
export async function recordStatusListPublication(
  db: SqlExecutor,
  input: { listId: string; version: number; nextUpdateAt?: Date | string | null },
): Promise<StatusListRecord> {
  requireText(input.listId, 'listId');
  requireInt(input.version, 'version', 1, Number.MAX_SAFE_INTEGER);
  const next = input.nextUpdateAt ? isoDate(input.nextUpdateAt, 'nextUpdateAt') : null;
  const rows = await db.query<ListRow & Record<string, unknown>>(
    `UPDATE status_lists SET published_version = GREATEST(published_version, LEAST($2::bigint, version)), next_update_at = $3
      WHERE id = $1 RETURNING *`,
    [input.listId, input.version, next],
  );
  if (!rows[0]) throw notFound('status list');
  return listFromRow(rows[0]);
}

/**
 * Reads the value of entry `index` (`statusSize` bits, most significant first) from a bitstring.
 * Pure helper shared with tests and publishers.
 */
export function readStatusValue(bits: Uint8Array, index: number, statusSize = 1): number {
  let value = 0;
  for (let b = 0; b < statusSize; b++) {
    const pos = index * statusSize + b;
    const byte = bits[pos >> 3];
    if (byte === undefined) throw invalidInput('index', 'is beyond the list');
    value = (value << 1) | ((byte >> (7 - (pos & 7))) & 1);
  }
  return value;
}

/** Writes `value` into entry `index` of a bitstring in place (most significant bit first). */
export function writeStatusValue(bits: Uint8Array, index: number, value: number, statusSize = 1): void {
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** statusSize) throw invalidInput('value', `must fit in ${statusSize} bits`);
  for (let b = 0; b < statusSize; b++) {
    const pos = index * statusSize + b;
    if (pos >> 3 >= bits.length) throw invalidInput('index', 'is beyond the list');
    const bit = (value >> (statusSize - 1 - b)) & 1;
    const mask = 0x80 >> (pos & 7);
    bits[pos >> 3] = bit ? bits[pos >> 3]! | mask : bits[pos >> 3]! & ~mask;
  }
}

/** A status change an issuer applies to a credential. */
export type StatusAction = 'revoke' | 'suspend' | 'reinstate';

/** Options of the status-change functions. */
export interface StatusChangeOptions {
  clock?: Clock;
}

/**
 * Applies `action` to a credential: sets (or clears) its bit in the status list, bumps the list's
 * version and updates the record — in one transaction, so a crash leaves either all of it or none.
 *
 * Rules (Bitstring Status List 1.0 §2.1: revocation is permanent, suspension is reversible):
 * - unknown credential → `ERR_STORE_NOT_FOUND`
 * - revoke a revoked credential → `ERR_STATUS_ALREADY_REVOKED`; a suspended one may be revoked
 * - suspend a revoked credential → `ERR_STATUS_ALREADY_REVOKED`; a suspended one → `ERR_STATUS_ALREADY_SUSPENDED`
 * - reinstate a revoked credential → `ERR_STATUS_REINSTATE_REVOKED`; an active one → `ERR_STATUS_NOT_SUSPENDED`
 * - no entry for the purpose the action needs (revocation / suspension) → `ERR_STATUS_NO_ENTRY`
 *
 * The record row is locked first, then the list row (`FOR UPDATE`), always in that order.
 */
export async function updateCredentialStatus(
  db: SqlClient,
  credentialId: string,
  action: StatusAction,
  options: StatusChangeOptions = {},
): Promise<IssuedCredentialRecord> {
  requireText(credentialId, 'credentialId');
  if (action !== 'revoke' && action !== 'suspend' && action !== 'reinstate') throw invalidInput('action', 'must be revoke, suspend or reinstate');
  const clock = options.clock ?? systemClock;
  return db.transaction(async (tx) => {
    const rows = await tx.query<{ id: string; status: string } & Record<string, unknown>>(
      'SELECT * FROM issued_credentials WHERE id = $1 FOR UPDATE',
      [credentialId],
    );
    const row = rows[0];
    if (!row) throw notFound('issued credential');
    const status = row.status;
    if (status === 'revoked') {
      if (action === 'reinstate') throw new TrustBridgeError(StatusErrors.REINSTATE_REVOKED, 'A revoked credential cannot be reinstated.');
      throw new TrustBridgeError(StatusErrors.ALREADY_REVOKED, 'The credential is already revoked.');
    }
    if (action === 'suspend' && status === 'suspended') throw new TrustBridgeError(StatusErrors.ALREADY_SUSPENDED, 'The credential is already suspended.');
    if (action === 'reinstate' && status !== 'suspended') throw new TrustBridgeError(StatusErrors.NOT_SUSPENDED, 'The credential is not suspended.');

    const purpose = action === 'revoke' ? 'revocation' : 'suspension';
    const entry = (await entriesOf(tx, credentialId)).find((e) => e.statusPurpose === purpose);
    if (!entry) {
      throw new TrustBridgeError(StatusErrors.NO_ENTRY, `The credential has no ${purpose} status entry.`, { details: { statusPurpose: purpose } });
    }
    const list = await tx.query<{ bits: Uint8Array; status_size: number }>('SELECT bits, status_size FROM status_lists WHERE id = $1 FOR UPDATE', [
      entry.statusListId,
    ]);
    if (!list[0]) throw notFound('status list');
    const bits = toBytes(list[0].bits);
    writeStatusValue(bits, entry.statusListIndex, action === 'reinstate' ? 0 : 1, Number(list[0].status_size));
    const now = clock().toISOString();
    await tx.query('UPDATE status_lists SET bits = $2, version = version + 1, updated_at = $3 WHERE id = $1', [entry.statusListId, bits, now]);
    const next = action === 'revoke' ? 'revoked' : action === 'suspend' ? 'suspended' : 'active';
    const updated = await tx.query<Parameters<typeof credentialFromRow>[0] & Record<string, unknown>>(
      'UPDATE issued_credentials SET status = $2, status_changed_at = $3 WHERE id = $1 RETURNING *',
      [credentialId, next, now],
    );
    return credentialFromRow(updated[0]!, await entriesOf(tx, credentialId));
  });
}

/** Revokes a credential (permanent). See {@link updateCredentialStatus} for the rules and codes. */
export function revokeCredential(db: SqlClient, credentialId: string, options?: StatusChangeOptions): Promise<IssuedCredentialRecord> {
  return updateCredentialStatus(db, credentialId, 'revoke', options);
}

/** Suspends a credential (reversible with {@link reinstateCredential}). */
export function suspendCredential(db: SqlClient, credentialId: string, options?: StatusChangeOptions): Promise<IssuedCredentialRecord> {
  return updateCredentialStatus(db, credentialId, 'suspend', options);
}

/** Lifts a suspension. Reinstating a revoked credential is `ERR_STATUS_REINSTATE_REVOKED`. */
export function reinstateCredential(db: SqlClient, credentialId: string, options?: StatusChangeOptions): Promise<IssuedCredentialRecord> {
  return updateCredentialStatus(db, credentialId, 'reinstate', options);
}
