/**
 * Opening the service's store from configuration: PostgreSQL when a connection string is configured
 * (`TRUSTBRIDGE_DATABASE_URL`), else the embedded PGlite store — on disk in `dataDir`
 * (`TRUSTBRIDGE_DATA_DIR`), in memory without it. Migrations are applied at open on both.
 */
import { openEmbeddedStore, openPostgresStore, type SqlClient } from '@trustbridge/store';
import type { TrustBridgeConfig } from '../config.js';

/**
 * Opens the configured store. Throws the store's codes (`ERR_STORE_UNAVAILABLE`, `ERR_STORE_LOCKED`,
 * `ERR_STORE_MIGRATION`), whose messages never contain the connection string.
 */
export function openConfiguredStore(database: TrustBridgeConfig['database']): Promise<SqlClient> {
  if (database.url !== undefined) return openPostgresStore({ connectionString: database.url });
  return openEmbeddedStore(database.dataDir !== undefined ? { dataDir: database.dataDir } : {});
}

/** A one-line description of the configured store for start-up output (never the connection string). */
export function describeDatabase(database: TrustBridgeConfig['database']): string {
  if (database.url !== undefined) {
    let where = '';
    try {
      const url = new URL(database.url);
      where = ` at ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
    } catch {
      // Validated by loadConfig; print no detail if it cannot be parsed.
    }
    return `PostgreSQL${where}`;
  }
  return database.dataDir !== undefined ? `embedded (PGlite) in ${database.dataDir}` : 'embedded (PGlite) in memory — records are lost at exit';
}
