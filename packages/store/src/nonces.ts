import { TrustBridgeError, base64urlEncode, systemClock, type Clock } from '@trustbridge/core';
import { StoreErrors } from './errors.js';
import { systemRandom, type RandomSource } from './random.js';
import type { SqlExecutor } from './sql-client.js';
import { requireInt, requireText, toDate, toDateOrNull } from './util.js';

/** A verifier nonce (OpenID4VP `nonce`, VP `challenge`): single use, bound to an audience, expiring. */
export interface NonceRecord {
  nonce: string;
  /** Who the nonce was issued for (the verifier's client id / `domain`). */
  audience: string;
  createdAt: Date;
  expiresAt: Date;
  consumedAt: Date | null;
}

/** Options of {@link createNonce}. */
export interface CreateNonceOptions {
  clock?: Clock;
  /** Injected randomness for the nonce value. Default the platform CSPRNG. */
  random?: RandomSource;
}

/**
 * Issues a fresh nonce: 256 random bits as base64url, valid for `ttlSeconds` (1 s – 1 day) from the
 * clock's now, bound to `audience`.
 */
export async function createNonce(db: SqlExecutor, input: { audience: string; ttlSeconds: number }, options: CreateNonceOptions = {}): Promise<NonceRecord> {
  const audience = requireText(input.audience, 'audience');
  const ttl = requireInt(input.ttlSeconds, 'ttlSeconds', 1, 86_400);
  const now = (options.clock ?? systemClock)();
  const nonce = base64urlEncode((options.random ?? systemRandom)(32));
  const expires = new Date(now.getTime() + ttl * 1000);
  await db.query('INSERT INTO verifier_nonces (nonce, audience, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
    nonce,
    audience,
    now.toISOString(),
    expires.toISOString(),
  ]);
  return { nonce, audience, createdAt: now, expiresAt: expires, consumedAt: null };
}

/**
 * Consumes a nonce exactly once. A single conditional `UPDATE … WHERE consumed_at IS NULL AND
 * expires_at > now` decides, so among concurrent consumers exactly one wins. Throws
 * `ERR_STORE_NONCE_UNKNOWN` (never issued, or issued for another audience), `ERR_STORE_NONCE_USED` or
 * `ERR_STORE_NONCE_EXPIRED`.
 */
export async function consumeNonce(db: SqlExecutor, input: { nonce: string; audience: string }, options: { clock?: Clock } = {}): Promise<NonceRecord> {
  const nonce = requireText(input.nonce, 'nonce', 512);
  const audience = requireText(input.audience, 'audience');
  const now = (options.clock ?? systemClock)().toISOString();
  const rows = await db.query<Record<string, unknown>>(
    `UPDATE verifier_nonces SET consumed_at = $3
      WHERE nonce = $1 AND audience = $2 AND consumed_at IS NULL AND expires_at > $3
      RETURNING nonce, audience, created_at, expires_at, consumed_at`,
    [nonce, audience, now],
  );
  if (rows[0]) return nonceFromRow(rows[0]);
  const existing = await db.query<Record<string, unknown>>('SELECT consumed_at FROM verifier_nonces WHERE nonce = $1 AND audience = $2', [nonce, audience]);
  if (!existing[0]) throw new TrustBridgeError(StoreErrors.NONCE_UNKNOWN, 'Unknown nonce.');
  if (existing[0]['consumed_at'] !== null) throw new TrustBridgeError(StoreErrors.NONCE_USED, 'The nonce was already used.');
  throw new TrustBridgeError(StoreErrors.NONCE_EXPIRED, 'The nonce has expired.');
}

/** Deletes nonces that expired more than `graceSeconds` (default 0) before the clock's now; returns how many. */
export async function purgeExpiredNonces(db: SqlExecutor, options: { clock?: Clock; graceSeconds?: number } = {}): Promise<number> {
  const grace = requireInt(options.graceSeconds ?? 0, 'graceSeconds', 0, 365 * 86_400);
  const cutoff = new Date((options.clock ?? systemClock)().getTime() - grace * 1000).toISOString();
  const rows = await db.query('DELETE FROM verifier_nonces WHERE expires_at <= $1 RETURNING nonce', [cutoff]);
  return rows.length;
}

function nonceFromRow(r: Record<string, unknown>): NonceRecord {
  return {
    nonce: String(r['nonce']),
    audience: String(r['audience']),
    createdAt: toDate(r['created_at']),
    expiresAt: toDate(r['expires_at']),
    consumedAt: toDateOrNull(r['consumed_at']),
  };
}
