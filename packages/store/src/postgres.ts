import pg from 'pg';
import { TrustBridgeError } from '@trustbridge/core';
import { StoreErrors, toStoreError } from './errors.js';
import { migrate } from './migrations.js';
import { ISOLATION_SQL, type SqlClient, type SqlExecutor, type SqlRow, type SqlValue, type TransactionOptions } from './sql-client.js';
import { guardedExecutor, withRetries } from './transaction-runner.js';

/** Options of {@link openPostgresStore}: a connection string, or a `pg.Pool` you own. */
export type PostgresStoreOptions =
  | {
      /** `postgres://user@host:port/db`. The store creates and owns a pool. */
      connectionString: string;
      /** Pool size. Default 10. */
      max?: number;
      /** Apply pending migrations at open. Default `true`. */
      migrate?: boolean;
    }
  | {
      /** A pool you created; `close()` leaves it open. */
      pool: pg.Pool;
      migrate?: boolean;
    };

// int8 (bigint, bigserial, count(*)) as a JS number, as PGlite returns it: every int8 in the schema
// (sequence numbers, versions) stays far below 2^53. Set per pool through `types`, not globally.
const INT8_OID = 20;
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/**
 * Opens a store on PostgreSQL through a `pg` pool and applies pending migrations (under an advisory
 * lock, so several processes may start together). Every query is parameterised.
 *
 * @example
 * ```ts
 * const store = await openPostgresStore({ connectionString: process.env.DATABASE_URL! });
 * ```
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<SqlClient> {
  const ownsPool = 'connectionString' in options;
  const pool =
    'pool' in options
      ? options.pool
      : new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10, types: typeParsers });
  // An idle client losing its connection must not crash the process; the next query reports it.
  const onPoolError = () => undefined;
  pool.on('error', onPoolError);
  let open = true;
  const closedMessage = 'The store is closed.';
  const executor = guardedExecutor(
    async (text: string, params: readonly SqlValue[]) =>
      (await pool.query({ text, values: params as unknown[], types: typeParsers })).rows as SqlRow[],
    () => open,
    closedMessage,
  );

  const client: SqlClient = {
    backend: 'postgres',
    query: executor.query,
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, txOptions: TransactionOptions = {}): Promise<T> {
      if (!open) throw new TrustBridgeError(StoreErrors.CLOSED, closedMessage);
      return withRetries(async () => {
        let conn: pg.PoolClient;
        try {
          conn = await pool.connect();
        } catch (error) {
          throw toStoreError(error);
        }
        let active = true;
        let broken: Error | undefined;
        const txExecutor = guardedExecutor(
          async (text, params) => (await conn.query({ text, values: params as unknown[], types: typeParsers })).rows as SqlRow[],
          () => active && open,
          'The transaction has ended.',
        );
        try {
          await conn.query(`BEGIN ${ISOLATION_SQL[txOptions.isolation ?? 'read committed']}`);
          const result = await fn(txExecutor);
          await conn.query('COMMIT');
          return result;
        } catch (error) {
          try {
            await conn.query('ROLLBACK');
          } catch (rollbackError) {
            broken = rollbackError as Error; // The connection is unusable: destroy it on release.
          }
          throw error;
        } finally {
          active = false;
          conn.release(broken);
        }
      }, txOptions);
    },
    async close(): Promise<void> {
      if (!open) return;
      open = false;
      pool.off('error', onPoolError);
      if (ownsPool) await pool.end();
    },
  };

  if (options.migrate !== false) {
    try {
      await migrate(client);
    } catch (error) {
      await client.close().catch(() => undefined);
      throw toStoreError(error);
    }
  }
  return client;
}
