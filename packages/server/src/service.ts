/**
 * Starting the VC API service from a {@link TrustBridgeConfig}: TLS files, issuer key (keystore or
 * fresh), app and listener. Used by `pnpm serve` and `trustbridge serve`.
 */
import { readFileSync } from 'node:fs';
import { TrustBridgeError, type Clock } from '@trustbridge/core';
import type { KeyManager } from '@trustbridge/keys';
import { createDidResolver } from '@trustbridge/did';
import type { TrustBridgeConfig } from './config.js';
import { createServiceIssuer, type CreatedServiceIssuer } from './issuer.js';
import { openKeystore } from './keystore.js';
import { createLogger, type Logger } from './logger.js';
import { startServer, type RunningServer } from './server.js';
import { createVcApiApp } from './vc-api.js';
import type { SqlClient } from '@trustbridge/store';
import { openConfiguredStore } from './status/open-store.js';
import { createRegistryApp, mountRegistryApp, openPilotRegistry } from './registry/index.js';
import type { IssuerStatusOptions } from './status/status-service.js';
import { createWebWalletApp, type WebWalletAppOptions } from './web-wallet/index.js';

/** Options of {@link startVcApiService}. */
export interface StartVcApiServiceOptions {
  config: TrustBridgeConfig;
  /** Default: a pino logger at `config.logLevel` writing to stdout. */
  logger?: Logger;
  /** Overrides the keystore named in the configuration. */
  keyManager?: KeyManager;
  clock?: Clock;
  /** Overrides the store named in `config.database` (the caller then owns and closes it). */
  store?: SqlClient;
  /**
   * Also serve the pilot trust registry (src/registry/) under `/registry`, persisted in the same store
   * (TRQP at `POST /registry/authorization` and `/registry/recognition`). `env` supplies the registry's
   * operator key variables. Off unless given.
   */
  registry?: { env: Readonly<Record<string, string | undefined>> };
  /**
   * Also serve the web wallet pages (src/web-wallet/) under `/wallet` for this holder wallet. The pages have
   * no login of their own: serve them on loopback or behind the deployment's authentication.
   */
  webWallet?: Omit<WebWalletAppOptions, 'logger' | 'basePath'>;
  /** Extra status-service options (list size, fill threshold, ttl, randomness); tests use small lists. */
  status?: Omit<IssuerStatusOptions, 'store' | 'publicBaseUrl' | 'adminToken'>;
}

/** The running service: its server, its issuer identity, and how to stop it. */
export interface RunningVcApiService {
  server: RunningServer;
  issuer: CreatedServiceIssuer;
  /** The store holding issued-credential records and status lists. */
  store: SqlClient;
  close(): Promise<void>;
}

function readPem(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (cause) {
    throw new TrustBridgeError('ERR_CONFIG_FILE', `The TLS ${what} file could not be read.`, { cause, details: { file: path } });
  }
}

/** Starts the VC API service described by `config`. */
export async function startVcApiService(options: StartVcApiServiceOptions): Promise<RunningVcApiService> {
  const { config } = options;
  const logger = options.logger ?? createLogger({ level: config.logLevel, name: 'trustbridge-vc-api' });
  const keystore = config.issuer.keystore;
  const keyManager = options.keyManager ?? (keystore ? await openKeystore(keystore) : undefined);
  const issuer = await createServiceIssuer({
    method: config.issuer.method,
    ...(config.issuer.did !== undefined ? { did: config.issuer.did } : {}),
    ...(config.publicBaseUrl !== undefined ? { publicBaseUrl: config.publicBaseUrl } : {}),
    ...(keyManager ? { keyManager } : {}),
    ...(keystore?.keyId !== undefined ? { keyId: keystore.keyId } : {}),
  });
  // A deployed service verifies did:web issuers too: it injects the network, with the did package's
  // SSRF checks (no private or loopback addresses) and a bounded in-memory cache.
  const resolver = createDidResolver({ fetch: globalThis.fetch, cache: true });
  const tls = config.tls ? { cert: readPem(config.tls.certFile, 'certificate'), key: readPem(config.tls.keyFile, 'key') } : undefined;
  // Records and status lists (migrations applied at open). Status list URLs use the public base URL,
  // else the server's own URL, known once it listens.
  const store = options.store ?? (await openConfiguredStore(config.database));
  const closeStore = options.store ? async () => undefined : () => store.close();
  let listening: RunningServer | undefined;
  const app = createVcApiApp({
    issuer,
    resolver,
    logger,
    limits: config.limits,
    ...(options.clock ? { clock: options.clock } : {}),
    status: {
      ...options.status,
      store,
      publicBaseUrl: () => config.publicBaseUrl ?? listening?.url ?? `http://${config.host}:${config.port}`,
      ...(config.adminToken !== undefined ? { adminToken: config.adminToken } : {}),
    },
    // KYB decisions, audit records in the same store; trust from the pilot registries (src/kyb/).
    kyb: { store },
    // OpenID4VCI issuance (src/oid4vci/): offers, codes, tokens and nonces in the same store; the
    // Credential Issuer Identifier is the public base URL, else the server's own URL.
    oid4vci: {
      store,
      credentialIssuer: () => config.publicBaseUrl ?? listening?.url ?? `http://${config.host}:${config.port}`,
      ...(config.adminToken !== undefined ? { adminToken: config.adminToken } : {}),
    },
    // OpenID4VP verifier (src/oid4vp/): requests, single-use state/nonce and results in the same store.
    oid4vp: {
      store,
      publicBaseUrl: () => config.publicBaseUrl ?? listening?.url ?? `http://${config.host}:${config.port}`,
      ...(config.adminToken !== undefined ? { adminToken: config.adminToken } : {}),
    },
  });
  let served = app;
  if (options.registry) {
    try {
      const registry = await openPilotRegistry({ store, env: options.registry.env, logger, ...(options.clock ? { clock: options.clock } : {}) });
      served = mountRegistryApp(
        app,
        createRegistryApp({
          registry, basePath: '/registry', logger,
          ...(config.adminToken !== undefined ? { adminToken: config.adminToken } : {}),
          ...(options.clock ? { clock: options.clock } : {}),
        }),
        '/registry',
      );
    } catch (error) {
      await closeStore().catch(() => undefined);
      throw error;
    }
  }
  if (options.webWallet) {
    served = mountRegistryApp(served, createWebWalletApp({ ...options.webWallet, logger, basePath: '/wallet', ...(options.clock && !options.webWallet.clock ? { clock: options.clock } : {}) }), '/wallet');
  }
  let server: RunningServer;
  try {
    server = await startServer({ app: served, host: config.host, port: config.port, ...(tls ? { tls } : {}) });
  } catch (error) {
    await closeStore().catch(() => undefined);
    throw error;
  }
  listening = server;
  logger.info({ url: server.url, issuer: issuer.id, database: store.backend }, 'VC API service listening');
  return {
    server,
    issuer,
    store,
    close: async () => {
      try {
        await server.close();
      } finally {
        await closeStore();
      }
    },
  };
}
