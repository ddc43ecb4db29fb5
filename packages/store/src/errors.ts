import { TrustBridgeError } from '@trustbridge/core';

/**
 * Error codes thrown by `@trustbridge/store`. Messages are constant sentences: they never contain SQL,
 * parameter values or the database's own error text (which can quote key values). `details.sqlState`
 * carries the PostgreSQL SQLSTATE where there is one.
 */
export const StoreErrors = {
  /** The row asked for does not exist (or belongs to another owner). */
  NOT_FOUND: 'ERR_STORE_NOT_FOUND',
  /** A unique constraint rejected the write (an id or key already exists). */
  CONFLICT: 'ERR_STORE_CONFLICT',
  /** A foreign key, check or not-null constraint rejected the write. */
  CONSTRAINT: 'ERR_STORE_CONSTRAINT',
  /** An insert into an append-only table was followed by an update, delete or truncate attempt. */
  APPEND_ONLY: 'ERR_STORE_APPEND_ONLY',
  /** PostgreSQL kept aborting the transaction (serialization failure or deadlock) after all retries. */
  SERIALIZATION: 'ERR_STORE_SERIALIZATION',
  /** The database cannot be reached or went away. */
  UNAVAILABLE: 'ERR_STORE_UNAVAILABLE',
  /** Any other database failure. */
  QUERY: 'ERR_STORE_QUERY',
  /** The store was used after `close()`, or a transaction executor after its transaction ended. */
  CLOSED: 'ERR_STORE_CLOSED',
  /** Another process holds the embedded data directory. */
  LOCKED: 'ERR_STORE_LOCKED',
  /** A protocol session that was never created (or belongs to another kind). */
  SESSION_UNKNOWN: 'ERR_STORE_SESSION_UNKNOWN',
  /** A protocol session that was already consumed. */
  SESSION_USED: 'ERR_STORE_SESSION_USED',
  /** A protocol session past its expiry. */
  SESSION_EXPIRED: 'ERR_STORE_SESSION_EXPIRED',
  /** A protocol session locked after too many failed attempts. */
  SESSION_LOCKED: 'ERR_STORE_SESSION_LOCKED',
  /** An argument is malformed or out of range. */
  INVALID_INPUT: 'ERR_STORE_INVALID_INPUT',
  /** The database holds migrations this code does not know, or an applied migration was edited. */
  MIGRATION: 'ERR_STORE_MIGRATION',
  /** No unused status index could be found after the bounded number of attempts. */
  ALLOCATION_FAILED: 'ERR_STORE_ALLOCATION_FAILED',
  /** A nonce was never issued (or was issued for another audience). */
  NONCE_UNKNOWN: 'ERR_STORE_NONCE_UNKNOWN',
  /** A nonce was already consumed. */
  NONCE_USED: 'ERR_STORE_NONCE_USED',
  /** A nonce expired before it was consumed. */
  NONCE_EXPIRED: 'ERR_STORE_NONCE_EXPIRED',
} as const;

/** Status-management rule violations (the lifecycle of Bitstring Status List entries). */
export const StatusErrors = {
  /** Revoking (or suspending) a credential that is already revoked. */
  ALREADY_REVOKED: 'ERR_STATUS_ALREADY_REVOKED',
  /** Suspending a credential that is already suspended. */
  ALREADY_SUSPENDED: 'ERR_STATUS_ALREADY_SUSPENDED',
  /** Reinstating a revoked credential: revocation is final (Bitstring Status List 1.0 §2.1). */
  REINSTATE_REVOKED: 'ERR_STATUS_REINSTATE_REVOKED',
  /** Reinstating a credential that is not suspended. */
  NOT_SUSPENDED: 'ERR_STATUS_NOT_SUSPENDED',
  /** The credential has no status entry for the purpose the action needs. */
  NO_ENTRY: 'ERR_STATUS_NO_ENTRY',
} as const;

const MESSAGES: Record<string, string> = {
  [StoreErrors.CONFLICT]: 'The record already exists.',
  [StoreErrors.CONSTRAINT]: 'The write violates a database constraint.',
  [StoreErrors.APPEND_ONLY]: 'The table is append-only.',
  [StoreErrors.SERIALIZATION]: 'The transaction could not be serialized; try again.',
  [StoreErrors.UNAVAILABLE]: 'The database is unavailable.',
  [StoreErrors.QUERY]: 'The database query failed.',
};

/** SQLSTATE codes PostgreSQL uses for transient aborts that a transaction retry resolves. */
export const RETRYABLE_SQLSTATES: ReadonlySet<string> = new Set(['40001', '40P01']);

/** The SQLSTATE of a database error, if it has one. */
export function sqlStateOf(error: unknown): string | undefined {
  if (error instanceof TrustBridgeError) {
    const s = error.details?.['sqlState'];
    return typeof s === 'string' ? s : undefined;
  }
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

/**
 * Turns a database driver error into a `TrustBridgeError` with a constant message. The driver error is
 * deliberately not kept as `cause`: its `detail` field quotes key values (`Key (id)=(…) already
 * exists`), which would leak into logs. `TrustBridgeError`s pass through unchanged.
 */
export function toStoreError(error: unknown): TrustBridgeError {
  if (error instanceof TrustBridgeError) return error;
  const sqlState = sqlStateOf(error);
  const constraint = (error as { constraint?: unknown } | null)?.constraint;
  const details: Record<string, unknown> = {};
  if (sqlState) details['sqlState'] = sqlState;
  if (typeof constraint === 'string') details['constraint'] = constraint;
  let code: string = StoreErrors.QUERY;
  if (sqlState === '23505') code = StoreErrors.CONFLICT;
  else if (sqlState === '23503' || sqlState === '23514' || sqlState === '23502') code = StoreErrors.CONSTRAINT;
  else if (sqlState === 'TB001') code = StoreErrors.APPEND_ONLY;
  else if (sqlState && RETRYABLE_SQLSTATES.has(sqlState)) code = StoreErrors.SERIALIZATION;
  else if ((sqlState && /^(08|57P0|53)/.test(sqlState)) || CONNECTION_CODES.has(String((error as { code?: unknown } | null)?.code))) {
    code = StoreErrors.UNAVAILABLE;
  }
  return new TrustBridgeError(code, MESSAGES[code]!, Object.keys(details).length ? { details } : {});
}

/** `ERR_STORE_NOT_FOUND` for a `kind` of record (`issued credential`, `status list`, …). */
export function notFound(kind: string): TrustBridgeError {
  return new TrustBridgeError(StoreErrors.NOT_FOUND, `No such ${kind}.`, { details: { kind } });
}

/** `ERR_STORE_INVALID_INPUT` naming the offending field (never its value). */
export function invalidInput(field: string, why: string): TrustBridgeError {
  return new TrustBridgeError(StoreErrors.INVALID_INPUT, `Invalid ${field}: ${why}.`, { details: { field } });
}
