/**
 * `trustbridge status …`: change a credential's status on a running issuer service (VC API
 * update-status, `POST /credentials/status`) and check a credential's status from its list.
 *
 * The admin token comes from `TRUSTBRIDGE_ADMIN_TOKEN` only, never argv (argv is visible to other users
 * in the process list and kept in shell history), and is sent only over HTTPS or to a loopback host.
 */
import { Command } from 'commander';
import { TrustBridgeError, fixedClock, isObject, systemClock, type DidResolver, type DocumentLoader } from '@trustbridge/core';
import { isIpLiteral, isLocalhostName, isNonPublicAddress } from '@trustbridge/did';
import { createStatusCheck, type FetchLike } from '@trustbridge/vc';
import { MIN_STATUS_LIST_ENTRIES } from '@trustbridge/status-list';
import { CONFIG_ENV } from '../config.js';

/** What the status commands need from the CLI. */
export interface StatusCliContext {
  env: Readonly<Record<string, string | undefined>>;
  print(value: unknown): void;
  readJson(file: string | undefined): Promise<unknown>;
  /** Ends the command with an exit code (1: not valid). */
  exit(code: number): never;
  resolver: DidResolver;
  documentLoader: DocumentLoader;
  /** Default: the global fetch. */
  fetch?: typeof globalThis.fetch;
}

const ACTIONS = { revoke: 'revoked', suspend: 'suspended', reinstate: 'active' } as const;

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return isLocalhostName(h) || h === '::1' || /^127\./.test(h);
}

/** The service URL, refusing plain HTTP to anything but loopback (the bearer token would travel in clear). */
function serviceUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TrustBridgeError('ERR_CLI_USAGE', '--url must be an absolute http(s) URL.');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw new TrustBridgeError('ERR_CLI_USAGE', '--url must be https (plain http only to a loopback address).');
  }
  return url;
}

/** A `fetch` for status lists that refuses private and loopback IP literals and localhost unless allowed. */
function listFetch(fetchFn: typeof globalThis.fetch, allowPrivate: boolean): FetchLike {
  return async (url, init) => {
    const host = new URL(url).hostname;
    if (!allowPrivate && (isLocalhostName(host) || (isIpLiteral(host) && isNonPublicAddress(host.replace(/^\[|\]$/g, ''))))) {
      throw new TrustBridgeError('ERR_STATUS_FETCH_FAILED', 'The status list URL names a private or loopback address (use --allow-private).');
    }
    return fetchFn(url, init);
  };
}

/** Adds `status revoke|suspend|reinstate` and `status check` to the program. */
export function addStatusCommands(program: Command, context: StatusCliContext): void {
  const fetchFn = context.fetch ?? globalThis.fetch;
  const status = program.command('status').description('Change or check the Bitstring Status List status of credentials.');

  for (const [action, value] of Object.entries(ACTIONS)) {
    status
      .command(action)
      .description(`${action[0]!.toUpperCase()}${action.slice(1)} a credential on an issuer service (POST /credentials/status; admin token from ${CONFIG_ENV.ADMIN_TOKEN}).`)
      .requiredOption('--credential-id <id>', 'the credential id (its `id`)')
      .requiredOption('--url <service>', 'the issuer service base URL, e.g. https://issuer.example.ca')
      .action(async (options: { credentialId: string; url: string }) => {
        const token = context.env[CONFIG_ENV.ADMIN_TOKEN];
        if (!token) throw new TrustBridgeError('ERR_CLI_TOKEN_MISSING', `Set ${CONFIG_ENV.ADMIN_TOKEN} to the service's admin token.`);
        const endpoint = new URL('credentials/status', serviceUrl(options.url).href.replace(/\/?$/, '/'));
        let response: Response;
        try {
          response = await fetchFn(endpoint, {
            method: 'POST',
            redirect: 'error',
            signal: AbortSignal.timeout(30_000),
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ credentialId: options.credentialId, credentialStatus: [{ type: 'BitstringStatusListCredential', status: value }] }),
          });
        } catch (cause) {
          throw new TrustBridgeError('ERR_CLI_SERVICE_UNREACHABLE', 'The issuer service could not be reached.', { cause });
        }
        const text = await response.text();
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        if (response.status === 200 && isObject(body)) {
          context.print(body);
          return;
        }
        const problem = isObject(body) ? body : {};
        const code = typeof problem['code'] === 'string' ? problem['code'] : 'ERR_CLI_SERVICE_ERROR';
        const detail = typeof problem['detail'] === 'string' ? problem['detail'] : `The service answered ${response.status}.`;
        throw new TrustBridgeError(code, detail, { details: { status: response.status } });
      });
  }

  status
    .command('check')
    .description('Check a credential\'s status: fetch each status list, verify it, read the bit. Exit 0 valid (or no status), 1 revoked / suspended / unverifiable.')
    .argument('[file]', 'credential file; "-" or absent reads stdin')
    .option('--now <dateTime>', 'check as of this time instead of now')
    .option('--minimum-entries <n>', `smallest accepted list (default ${MIN_STATUS_LIST_ENTRIES}, the spec minimum)`)
    .option('--allow-private', 'allow status list URLs on private or loopback addresses (local testing)')
    .action(async (file: string | undefined, options: { now?: string; minimumEntries?: string; allowPrivate?: boolean }) => {
      const credential = await context.readJson(file);
      if (!isObject(credential)) throw new TrustBridgeError('ERR_REQUEST_INVALID', 'The credential must be a JSON object.');
      const minimumEntries = options.minimumEntries === undefined ? MIN_STATUS_LIST_ENTRIES : Number(options.minimumEntries);
      if (!Number.isSafeInteger(minimumEntries) || minimumEntries < 1) throw new TrustBridgeError('ERR_CLI_USAGE', '--minimum-entries must be a positive integer.');
      const clock = options.now === undefined ? systemClock : fixedClock(options.now);
      const check = createStatusCheck({
        fetch: listFetch(fetchFn, options.allowPrivate === true),
        verifyOptions: { resolver: context.resolver, documentLoader: context.documentLoader, clock },
        clock,
        minimumEntries,
      });
      const outcome = await check({ credential, now: clock() });
      context.print(outcome);
      if (outcome.status === 'failed') context.exit(1);
    });
}
