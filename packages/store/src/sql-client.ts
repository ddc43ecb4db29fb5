/**
 * The minimal SQL client every repository in this package is written against. Two backends implement
 * it — embedded PGlite ({@link openEmbeddedStore}) and PostgreSQL through `pg` ({@link openPostgresStore})
 * — and both speak the same PostgreSQL dialect, so one schema and one set of queries serve both.
 */

/** A value bound to a `$n` placeholder. Queries are always parameterised; values never enter SQL text. */
export type SqlValue = string | number | boolean | null | Uint8Array | readonly string[];

/** A result row: column name → value (text, number, boolean, `Date`, `Uint8Array`, parsed JSON or `null`). */
export type SqlRow = Record<string, unknown>;

/** Runs one parameterised statement and returns its rows. */
export interface SqlExecutor {
  /**
   * Runs `text` with `params` bound to `$1…$n` and returns the rows (empty for statements without
   * `RETURNING`). Database failures are thrown as `TrustBridgeError` with an `ERR_STORE_*` code; the
   * message never contains SQL text or parameter values.
   */
  query<R extends SqlRow = SqlRow>(text: string, params?: readonly SqlValue[]): Promise<R[]>;
}

/**
 * Transaction isolation (PostgreSQL 15 §13.2). The repositories use `read committed` with explicit row
 * locks and unique constraints, which PostgreSQL re-checks against the newest committed row
 * (EvalPlanQual), so they never see serialization failures under contention.
 */
export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  /** Default `read committed`. */
  isolation?: IsolationLevel;
  /**
   * How many times to run `fn` in total when PostgreSQL aborts the transaction with a serialization
   * failure (`40001`) or a deadlock (`40P01`). Default 5. `fn` must therefore be safe to re-run: do
   * only database work inside it.
   */
  maxAttempts?: number;
}

/** Which implementation is behind a {@link SqlClient}. */
export type StoreBackend = 'embedded' | 'postgres';

/** A connection (or pool) to a migrated TrustBridge database. */
export interface SqlClient extends SqlExecutor {
  readonly backend: StoreBackend;
  /**
   * Runs `fn` in one transaction: commits when it resolves, rolls back when it throws (and rethrows).
   * The executor passed to `fn` must not be used after `fn` settles.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Releases the database (closes the pool it owns, or shuts PGlite down cleanly). Idempotent. */
  close(): Promise<void>;
}

/** SQL for `BEGIN` / `SET TRANSACTION` per isolation level; a fixed map so no caller text enters SQL. */
export const ISOLATION_SQL: Readonly<Record<IsolationLevel, string>> = {
  'read committed': 'ISOLATION LEVEL READ COMMITTED',
  'repeatable read': 'ISOLATION LEVEL REPEATABLE READ',
  serializable: 'ISOLATION LEVEL SERIALIZABLE',
};
