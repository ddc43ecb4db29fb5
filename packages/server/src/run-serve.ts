/** Shared by `pnpm serve` and `trustbridge serve`: start from the environment, stop on signals. */
import { isTrustBridgeError } from '@trustbridge/core';
import { CONFIG_ENV, loadConfig } from './config.js';
import { startVcApiService, type RunningVcApiService } from './service.js';
import { describeDatabase } from './status/open-store.js';
import { createDemoWallet, isLoopbackHost } from './web-wallet/index.js';

export interface ServeFromEnvironmentOptions {
  env?: NodeJS.ProcessEnv;
  /** Config file path (else `TRUSTBRIDGE_CONFIG`). */
  file?: string;
  /** Where the start-up lines go. Default `console.log`. */
  out?: (line: string) => void;
  /** Install SIGINT / SIGTERM handlers that close the server and exit. Default true. */
  handleSignals?: boolean;
}

/**
 * Starts the VC API service from the environment and prints its URL and issuer DID. With no
 * configuration: 127.0.0.1:${PORT:-8080} and a fresh did:key issuer.
 */
export async function serveFromEnvironment(options: ServeFromEnvironmentOptions = {}): Promise<RunningVcApiService> {
  const out = options.out ?? ((line: string) => console.log(line));
  const config = loadConfig({ env: options.env ?? process.env, ...(options.file !== undefined ? { file: options.file } : {}) });
  const env = options.env ?? process.env;
  // The demo web wallet (src/web-wallet/demo.ts: in-memory keys and store, no login) is served on
  // loopback only; TRUSTBRIDGE_DEMO_WALLET=0 turns it off.
  const demo = isLoopbackHost(config.host) && env['TRUSTBRIDGE_DEMO_WALLET'] !== '0' ? await createDemoWallet({ allowPrivateNetworks: true }) : undefined;
  let started: RunningVcApiService;
  try {
    started = await startVcApiService({ config, registry: { env }, ...(demo ? { webWallet: { wallet: demo.wallet, demo: true } } : {}) });
  } catch (error) {
    await demo?.close().catch(() => undefined);
    throw error;
  }
  const service: RunningVcApiService = demo ? { ...started, close: () => started.close().finally(() => demo.close()) } : started;
  out(`TrustBridge VC API listening on ${service.server.url}`);
  out(`Issuer DID: ${service.issuer.id}`);
  out(`Database: ${describeDatabase(config.database)}`);
  if (demo) out(`Web wallet (DEMO: in-memory keys and store, no login, lost at exit): ${service.server.url.replace(/\/$/, '')}/wallet/`);
  out(`Trust registry: ${service.server.url.replace(/\/$/, '')}/registry (TRQP v2: POST /registry/authorization, POST /registry/recognition; OpenAPI: /registry/openapi.json)`);
  out(`OpenID4VCI issuer: ${service.server.url.replace(/\/$/, '')}/.well-known/openid-credential-issuer (offers: POST /oid4vci/offers with the admin token).`);
  // The token itself is never printed or logged; without one, status updates stay disabled.
  out(
    config.adminToken !== undefined
      ? `Status updates: POST /credentials/status with the bearer token from ${CONFIG_ENV.ADMIN_TOKEN}.`
      : `Status updates are disabled: set ${CONFIG_ENV.ADMIN_TOKEN} to a random secret (24+ characters, e.g. \`openssl rand -base64 32\`) to enable POST /credentials/status.`,
  );
  if (options.handleSignals ?? true) {
    const stop = (signal: NodeJS.Signals) => {
      out(`Received ${signal}, stopping.`);
      service.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }
  return service;
}

/** One or more lines describing a start-up failure, without internals. */
export function describeError(error: unknown): string[] {
  if (isTrustBridgeError(error)) {
    const lines = [`error ${error.code}: ${error.message}`];
    const problems = error.details?.['problems'];
    if (Array.isArray(problems)) {
      for (const p of problems as Array<{ path?: string; message?: string; code?: string }>) {
        lines.push(`  ${p.path ?? ''} ${p.message ?? p.code ?? ''}`.trimEnd());
      }
    }
    return lines;
  }
  return ['error ERR_INTERNAL: unexpected failure.'];
}
