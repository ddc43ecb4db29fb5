/**
 * Protocol sessions: single-use, expiring state with a failed-attempt budget, for the exchange
 * protocols — OpenID4VCI credential offers, pre-authorized codes (with a transaction-code attempt
 * limit), access tokens and `c_nonce`s; OpenID4VP authorization requests (`state`, `nonce`). A session is
 * keyed by `(kind, id)`; `consumeProtocolSession` succeeds exactly once, also under concurrency, by a
 * single conditional UPDATE.
 */
import { TrustBridgeError, base64urlEncode, systemClock, type Clock } from '@trustbridge/core';
import { StoreErrors } from './errors.js';
import { systemRandom, type RandomSource } from './random.js';
import type { SqlExecutor } from './sql-client.js';
import { requireInt, requireText, toDate, toDateOrNull } from './util.js';

export interface ProtocolSession<T = unknown> {
  kind: string;
  id: string;
  data: T;
  createdAt: Date;
  expiresAt: Date;
  consumedAt: Date | null;
  attempts: number;
  maxAttempts: number;
}

export interface CreateProtocolSessionInput<T> {
  /** What the session is, e.g. `oid4vci.pre-authorized-code`, `oid4vp.request`. */
  kind: string;
  /** JSON-serialisable state. Never put secrets that are not needed later in it. */
  data: T;
  /** Lifetime, 1 s – 1 day. */
  ttlSeconds: number;
  /** The id; default 256 random bits as base64url (use the default for codes and tokens). */
  id?: string;
  /** Failed attempts allowed before the session locks (e.g. wrong transaction codes). Default 5. */
  maxAttempts?: number;
}

const COLUMNS = 'kind, id, data, created_at, expires_at, consumed_at, attempts, max_attempts';

function fromRow<T>(r: Record<string, unknown>): ProtocolSession<T> {
  const data = r['data'];
  return {
    kind: String(r['kind']),
    id: String(r['id']),
    data: (typeof data === 'string' ? JSON.parse(data) : data) as T,
    createdAt: toDate(r['created_at']),
    expiresAt: toDate(r['expires_at']),
    consumedAt: toDateOrNull(r['consumed_at']),
    attempts: Number(r['attempts']),
    maxAttempts: Number(r['max_attempts']),
  };
}

/** Creates a session. A duplicate `(kind, id)` is `ERR_STORE_CONFLICT` (mapped by the client). */
export async function createProtocolSession<T>(
  db: SqlExecutor,
  input: CreateProtocolSessionInput<T>,
  options: { clock?: Clock; random?: RandomSource } = {},
): Promise<ProtocolSession<T>> {
  const kind = requireText(input.kind, 'kind', 64);
  const ttl = requireInt(input.ttlSeconds, 'ttlSeconds', 1, 86_400);
  const maxAttempts = requireInt(input.maxAttempts ?? 5, 'maxAttempts', 1, 100);
  const id = input.id === undefined ? base64urlEncode((options.random ?? systemRandom)(32)) : requireText(input.id, 'id', 512);
  const now = (options.clock ?? systemClock)();
  const expires = new Date(now.getTime() + ttl * 1000);
  const rows = await db.query<Record<string, unknown>>(
    `INSERT INTO protocol_sessions (kind, id, data, created_at, expires_at, max_attempts)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6) RETURNING ${COLUMNS}`,
    [kind, id, JSON.stringify(input.data), now.toISOString(), expires.toISOString(), maxAttempts],
  );
  return fromRow<T>(rows[0]!);
}

async function explain(db: SqlExecutor, kind: string, id: string, now: string): Promise<never> {
  const rows = await db.query<Record<string, unknown>>(`SELECT ${COLUMNS} FROM protocol_sessions WHERE kind = $1 AND id = $2`, [kind, id]);
  const row = rows[0];
  if (!row) throw new TrustBridgeError(StoreErrors.SESSION_UNKNOWN, 'Unknown session.');
  const s = fromRow(row);
  if (s.attempts >= s.maxAttempts) throw new TrustBridgeError(StoreErrors.SESSION_LOCKED, 'The session is locked after too many failed attempts.');
  if (s.consumedAt !== null) throw new TrustBridgeError(StoreErrors.SESSION_USED, 'The session was already used.');
  if (s.expiresAt.toISOString() <= now) throw new TrustBridgeError(StoreErrors.SESSION_EXPIRED, 'The session has expired.');
  throw new TrustBridgeError(StoreErrors.SESSION_UNKNOWN, 'Unknown session.');
}

/**
 * Reads a live session (not consumed, not expired, not locked) without consuming it. Throws
 * `ERR_STORE_SESSION_UNKNOWN`, `_USED`, `_EXPIRED` or `_LOCKED`.
 */
export async function getProtocolSession<T>(db: SqlExecutor, key: { kind: string; id: string }, options: { clock?: Clock } = {}): Promise<ProtocolSession<T>> {
  const kind = requireText(key.kind, 'kind', 64);
  const id = requireText(key.id, 'id', 512);
  const now = (options.clock ?? systemClock)().toISOString();
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM protocol_sessions
      WHERE kind = $1 AND id = $2 AND consumed_at IS NULL AND expires_at > $3 AND attempts < max_attempts`,
    [kind, id, now],
  );
  if (rows[0]) return fromRow<T>(rows[0]);
  return explain(db, kind, id, now);
}

/** Consumes a live session exactly once (one conditional UPDATE decides among concurrent callers). */
export async function consumeProtocolSession<T>(db: SqlExecutor, key: { kind: string; id: string }, options: { clock?: Clock } = {}): Promise<ProtocolSession<T>> {
  const kind = requireText(key.kind, 'kind', 64);
  const id = requireText(key.id, 'id', 512);
  const now = (options.clock ?? systemClock)().toISOString();
  const rows = await db.query<Record<string, unknown>>(
    `UPDATE protocol_sessions SET consumed_at = $3
      WHERE kind = $1 AND id = $2 AND consumed_at IS NULL AND expires_at > $3 AND attempts < max_attempts
      RETURNING ${COLUMNS}`,
    [kind, id, now],
  );
  if (rows[0]) return fromRow<T>(rows[0]);
  return explain(db, kind, id, now);
}

/**
 * Records one failed attempt on a live session (e.g. a wrong transaction code) and returns how many
 * attempts remain; at zero the session is locked for good (`ERR_STORE_SESSION_LOCKED` afterwards).
 */
export async function recordProtocolSessionFailure(db: SqlExecutor, key: { kind: string; id: string }, options: { clock?: Clock } = {}): Promise<number> {
  const kind = requireText(key.kind, 'kind', 64);
  const id = requireText(key.id, 'id', 512);
  const now = (options.clock ?? systemClock)().toISOString();
  const rows = await db.query<Record<string, unknown>>(
    `UPDATE protocol_sessions SET attempts = attempts + 1
      WHERE kind = $1 AND id = $2 AND consumed_at IS NULL AND expires_at > $3 AND attempts < max_attempts
      RETURNING attempts, max_attempts`,
    [kind, id, now],
  );
  if (rows[0]) return Number(rows[0]['max_attempts']) - Number(rows[0]['attempts']);
  return explain(db, kind, id, now);
}

/** Deletes sessions that expired more than `graceSeconds` ago; returns how many. */
export async function purgeExpiredProtocolSessions(db: SqlExecutor, options: { clock?: Clock; graceSeconds?: number } = {}): Promise<number> {
  const grace = requireInt(options.graceSeconds ?? 0, 'graceSeconds', 0, 365 * 86_400);
  const cutoff = new Date((options.clock ?? systemClock)().getTime() - grace * 1000).toISOString();
  const rows = await db.query('DELETE FROM protocol_sessions WHERE expires_at <= $1 RETURNING id', [cutoff]);
  return rows.length;
}
