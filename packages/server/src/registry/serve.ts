/**
 * The registry as `pnpm serve` runs it: the pilot registries (hub + BC + Alberta + federal, hosted by
 * one service, each signing its own snapshots) persisted in the service's store, and the store opened
 * from the environment for the CLI.
 */
import { TrustBridgeError, type Clock } from '@trustbridge/core';
import { decodeEd25519SecretKeyMultibase } from '@trustbridge/keys';
import { openEmbeddedStore, openPostgresStore, type SqlClient } from '@trustbridge/store';
import type { Logger } from '../logger.js';
import { pilotRegistrySetup } from './pilot.js';
import { RegistryService } from './registry-service.js';

/** Environment variables the registry reads. */
export const REGISTRY_ENV = {
  /** `secretKeyMultibase` of the hub operator's snapshot key; default: the public pilot key (demo only). */
  ROOT_SECRET_KEY: 'TRUSTBRIDGE_REGISTRY_SECRET_KEY',
  DATABASE_URL: 'TRUSTBRIDGE_DATABASE_URL',
  DATA_DIR: 'TRUSTBRIDGE_DATA_DIR',
  ADMIN_TOKEN: 'TRUSTBRIDGE_ADMIN_TOKEN',
} as const;

/**
 * Opens the pilot registry service on `store`: replays its history, or seeds an empty store with
 * `seedPilotRegistries()`. The hub's key comes from `TRUSTBRIDGE_REGISTRY_SECRET_KEY` when set.
 */
export async function openPilotRegistry(options: { store: SqlClient; env: Readonly<Record<string, string | undefined>>; clock?: Clock; logger?: Logger }): Promise<RegistryService> {
  const secret = options.env[REGISTRY_ENV.ROOT_SECRET_KEY];
  let rootSecretKey: Uint8Array | undefined;
  if (secret) {
    try {
      rootSecretKey = decodeEd25519SecretKeyMultibase(secret);
    } catch {
      throw new TrustBridgeError('ERR_CONFIG_INVALID', `${REGISTRY_ENV.ROOT_SECRET_KEY} must be an Ed25519 secretKeyMultibase.`);
    }
  }
  const { seed, operatorKeys } = pilotRegistrySetup(rootSecretKey ? { rootSecretKey } : {});
  if (!rootSecretKey) options.logger?.warn({ registry: seed.root }, `trust registry signs with the public pilot key (demo only); set ${REGISTRY_ENV.ROOT_SECRET_KEY}`);
  return RegistryService.open({ store: options.store, operatorKeys, seed, ...(options.clock ? { clock: options.clock } : {}), ...(options.logger ? { logger: options.logger } : {}) });
}

/**
 * Opens the store named by the environment: PostgreSQL from `TRUSTBRIDGE_DATABASE_URL`, else the
 * embedded store in `TRUSTBRIDGE_DATA_DIR`. Throws `ERR_CLI_USAGE` when neither is set and
 * `persistent` is asked (a change to an in-memory store would be lost).
 */
export async function openStoreFromEnv(env: Readonly<Record<string, string | undefined>>, persistent = true): Promise<SqlClient> {
  const url = env[REGISTRY_ENV.DATABASE_URL];
  const dataDir = env[REGISTRY_ENV.DATA_DIR];
  if (url) return openPostgresStore({ connectionString: url });
  if (dataDir) return openEmbeddedStore({ dataDir });
  if (persistent) throw new TrustBridgeError('ERR_CLI_USAGE', `Set ${REGISTRY_ENV.DATA_DIR} (embedded) or ${REGISTRY_ENV.DATABASE_URL} (PostgreSQL).`);
  return openEmbeddedStore();
}
