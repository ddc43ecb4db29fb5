import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { TrustBridgeError } from '@trustbridge/core';
import { StoreErrors, toStoreError } from './errors.js';
import { migrate } from './migrations.js';
import { ISOLATION_SQL, type SqlClient, type SqlExecutor, type SqlRow, type SqlValue, type TransactionOptions } from './sql-client.js';
import { guardedExecutor, withRetries } from './transaction-runner.js';

/** Options of {@link openEmbeddedStore}. */
export interface EmbeddedStoreOptions {
  /**
   * Directory holding the database files. Omit for an in-memory database that disappears on close
   * (tests, demos). The directory must be used by one process at a time; a lock file
   * `<dataDir>.lock` enforces it.
   */
  dataDir?: string;
  /** Apply pending migrations at open. Default `true`. */
  migrate?: boolean;
}

/**
 * Opens the embedded store: PostgreSQL compiled to WebAssembly (PGlite), in this process, no server.
 * Migrations are applied before the promise resolves.
 *
 * PGlite has a single connection, so transactions run one after another (the isolation level is
 * still set, for identical semantics). With `dataDir`, committed transactions survive the process
 * being killed (`SIGKILL`); PGlite runs PostgreSQL with `fsync` off, so they are not guaranteed to
 * survive a power loss or kernel crash — use {@link openPostgresStore} where that matters.
 *
 * Throws `ERR_STORE_LOCKED` when another live process (or another store in this process) has the
 * directory open.
 *
 * @example
 * ```ts
 * const store = await openEmbeddedStore({ dataDir: '.trustbridge/issuer-db' });
 * try { … } finally { await store.close(); }
 * ```
 */
export async function openEmbeddedStore(options: EmbeddedStoreOptions = {}): Promise<SqlClient> {
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  const lock = dataDir === undefined ? undefined : acquireDirectoryLock(dataDir);
  let pg: PGlite;
  try {
    pg = new PGlite(dataDir === undefined ? {} : { dataDir });
    await pg.waitReady;
  } catch (error) {
    lock?.release();
    throw new TrustBridgeError(StoreErrors.UNAVAILABLE, 'The embedded database could not be opened.', { cause: error });
  }
  let open = true;
  const closedMessage = 'The store is closed.';
  const run = async (text: string, params: readonly SqlValue[]): Promise<SqlRow[]> =>
    (await pg.query<SqlRow>(text, params as unknown[])).rows;
  const executor = guardedExecutor(run, () => open, closedMessage);

  const client: SqlClient = {
    backend: 'embedded',
    query: executor.query,
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, txOptions: TransactionOptions = {}): Promise<T> {
      if (!open) throw new TrustBridgeError(StoreErrors.CLOSED, closedMessage);
      return withRetries(
        () =>
          pg.transaction(async (tx) => {
            let active = true;
            const txExecutor = guardedExecutor(
              async (text, params) => (await tx.query<SqlRow>(text, params as unknown[])).rows,
              () => active && open,
              'The transaction has ended.',
            );
            try {
              await txExecutor.query(`SET TRANSACTION ${ISOLATION_SQL[txOptions.isolation ?? 'read committed']}`);
              return await fn(txExecutor);
            } finally {
              active = false;
            }
          }),
        txOptions,
      );
    },
    async close(): Promise<void> {
      if (!open) return;
      open = false;
      try {
        await pg.close();
      } catch (error) {
        throw toStoreError(error);
      } finally {
        lock?.release();
      }
    },
  };

  if (options.migrate !== false) {
    try {
      await migrate(client);
    } catch (error) {
      await client.close().catch(() => undefined);
      throw error;
    }
  }
  return client;
}

interface DirectoryLock {
  release(): void;
}

/**
 * Takes `<dataDir>.lock` (created exclusively, holding our pid). PGlite itself does not lock its data
 * directory, and two processes writing one directory corrupt it (seen in testing: "could not locate a
 * valid checkpoint record"). A lock whose pid is no longer alive is stale (a killed process) and is
 * taken over.
 */
function acquireDirectoryLock(dataDir: string): DirectoryLock {
  const path = `${dataDir}.lock`;
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, String(process.pid));
      } finally {
        closeSync(fd);
      }
      return {
        release() {
          try {
            if (readFileSync(path, 'utf8') === String(process.pid)) unlinkSync(path);
          } catch {
            // Already gone.
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new TrustBridgeError(StoreErrors.UNAVAILABLE, 'The embedded database lock could not be created.', { cause: error });
      }
      let holder = Number.NaN;
      try {
        holder = Number(readFileSync(path, 'utf8'));
      } catch {
        continue; // Released meanwhile.
      }
      if (Number.isInteger(holder) && holder > 0 && (holder === process.pid || isAlive(holder))) {
        throw new TrustBridgeError(StoreErrors.LOCKED, 'The embedded database is in use by another process or store.', {
          details: { pid: holder },
        });
      }
      try {
        unlinkSync(path); // Stale: its process is gone.
      } catch {
        // Someone else removed it first; retry the exclusive create.
      }
    }
  }
  throw new TrustBridgeError(StoreErrors.LOCKED, 'The embedded database is in use by another process or store.');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
