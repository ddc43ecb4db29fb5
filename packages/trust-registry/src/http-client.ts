/**
 * A {@link TrustRegistryClient} that asks a registry service over HTTP (`POST <baseUrl>/evaluate` with a
 * {@link TrustQuery}, answered with a {@link Decision}), so the verification pipeline can use an online
 * registry exactly as it uses an offline bundle. `fetch` is injected: this package never touches the
 * network by itself. Failures throw coded errors, and the pipeline's trust check fails closed on them.
 */
import { TrustBridgeError, type Clock, type FetchLike } from '@trustbridge/core';
import { ErrorCodes } from './codes.js';
import type { Decision, TrustQuery, TrustRegistryClient } from './evaluate.js';
import type { Instant } from './model.js';

export interface HttpTrustRegistryClientOptions {
  /** Base URL of the registry API, e.g. `https://registry.example/registry`. */
  baseUrl: string;
  fetch: FetchLike;
  clock: Clock;
  /** Default 5,000 ms. */
  timeoutMs?: number;
  /** Largest response accepted, default 256 KiB. */
  maxResponseBytes?: number;
  /** Extra headers, e.g. an authorization header. */
  headers?: Record<string, string>;
}

const DECISIONS = new Set(['trusted', 'not-trusted', 'indeterminate']);

function unavailable(message: string, details?: Record<string, unknown>): TrustBridgeError {
  return new TrustBridgeError(ErrorCodes.ERR_TR_CLIENT_UNAVAILABLE, message, details ? { details } : {});
}

function isDecision(value: unknown): value is Decision {
  const d = value as Partial<Decision> | null;
  return (
    typeof d === 'object' && d !== null && typeof d.decision === 'string' && DECISIONS.has(d.decision) &&
    Array.isArray(d.reasons) && Array.isArray(d.path) && typeof d.snapshot === 'object' && d.snapshot !== null
  );
}

/**
 * @example
 * ```ts
 * const client = createHttpTrustRegistryClient({ baseUrl: 'https://hub.example/registry', fetch, clock: systemClock });
 * const decision = await client.evaluate({ entity: issuerDid, action: 'issue', credentialType, jurisdiction: 'CA-BC' });
 * ```
 */
export function createHttpTrustRegistryClient(options: HttpTrustRegistryClientOptions): TrustRegistryClient {
  const { fetch, clock, headers = {} } = options;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const maxBytes = options.maxResponseBytes ?? 256 * 1024;
  let base: URL;
  try {
    base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  } catch {
    throw new TrustBridgeError(ErrorCodes.ERR_TR_QUERY_INVALID, 'baseUrl must be an absolute URL.', { details: { field: 'baseUrl' } });
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new TrustBridgeError(ErrorCodes.ERR_TR_QUERY_INVALID, 'baseUrl must be http(s).', { details: { field: 'baseUrl' } });
  }
  const url = new URL('evaluate', base).href;

  return {
    async evaluate(query: Omit<TrustQuery, 'at'> & { at?: Instant }): Promise<Decision> {
      const body = JSON.stringify({ ...query, at: query.at ?? clock().toISOString() });
      let response: Awaited<ReturnType<FetchLike>>;
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
          signal,
          redirect: 'error',
          body,
        });
      } catch (cause) {
        throw new TrustBridgeError(ErrorCodes.ERR_TR_CLIENT_UNAVAILABLE, 'The trust registry could not be reached.', { cause });
      }
      if (!response.ok) throw unavailable('The trust registry answered with an error.', { status: response.status });
      const declared = Number(response.headers.get('content-length') ?? '0');
      if (declared > maxBytes) throw unavailable('The trust registry response is too large.', { maxBytes });
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (bytes.byteLength > maxBytes) throw unavailable('The trust registry response is too large.', { maxBytes });
      let parsed: unknown;
      try {
        parsed = JSON.parse(new TextDecoder().decode(bytes));
      } catch {
        throw new TrustBridgeError(ErrorCodes.ERR_TR_CLIENT_RESPONSE_INVALID, 'The trust registry answered something that is not JSON.');
      }
      if (!isDecision(parsed)) {
        throw new TrustBridgeError(ErrorCodes.ERR_TR_CLIENT_RESPONSE_INVALID, 'The trust registry answered something that is not a decision.');
      }
      return parsed;
    },
  };
}
