/** Shared by `pnpm serve` and `trustbridge serve`: start from the environment, stop on signals. */
import { isTrustBridgeError } from '@trustbridge/core';
import { CONFIG_ENV, loadConfig } from './config.js';
import { startVcApiService, type RunningVcApiService } from './service.js';
import { describeDatabase } from './status/open-store.js';

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
  const service = await startVcApiService({ config, registry: { env } });
  out(`TrustBridge VC API listening on ${service.server.url}`);
  out(`Issuer DID: ${service.issuer.id}`);
  out(`Database: ${describeDatabase(config.database)}`);
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
