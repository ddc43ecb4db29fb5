/**
 * `createStatusCheck`: the `status` step of the pipeline (DESIGN.md "Verification pipeline"; Bitstring
 * Status List v1.0 §3.2). The list credential is fetched through an injected loader (or an injected
 * WHATWG-style `fetch`, bounded in size and time), verified with this package's own `verifyCredential`
 * (proof and validity; never its own status or trust, so there is no recursion), its issuer must be the
 * credential's issuer, and the bit is read by `@trustbridge/status-list`'s caching checker.
 *
 * An unreachable or invalid list is never a pass: it fails the check with the checker's coded problem
 * (`STATUS_RETRIEVAL_ERROR`, `STATUS_VERIFICATION_ERROR`, ...). A verifier that prefers a human decision
 * over a rejection for an *unreachable* list chooses `onRetrievalFailure: 'refer'`: the check still fails,
 * its `details.outcome` is `'refer'`, and the result's `outcome` is `'refer'` when nothing else failed.
 */
import { TrustBridgeError, isObject, type Clock, type Problem } from '@trustbridge/core';
import {
  createStatusChecker,
  type RetrievalFailurePolicy,
  type StatusChecker,
  type StatusCheckResult,
  type StatusListVerification,
} from '@trustbridge/status-list';
import { VcErrorCodes } from './codes.js';
import type { CredentialChecker, CheckerInput, VerifyCredentialOptions } from './options.js';
import { optionsError } from './options.js';
import type { CheckOutcome } from './pipeline.js';
import { verifyCredential } from './verify-credential.js';

/** The part of a WHATWG `Response` the status check reads. */
export interface FetchResponseLike {
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  /** A byte stream (WHATWG `ReadableStream`); read incrementally so the size bound holds. */
  body?: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(reason?: unknown): Promise<void> } } | null;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A WHATWG-style `fetch` (the global one, or an SSRF-safe wrapper around it). */
export type FetchLike = (
  url: string,
  init: { method: 'GET'; redirect: 'error'; signal: AbortSignal; headers: Record<string, string> },
) => Promise<FetchResponseLike>;

/** Options of {@link createStatusCheck}. Give `fetchCredential` or `fetch`. */
export interface CreateStatusCheckOptions {
  /** Dereferences a `statusListCredential` URL to a credential object, JSON text, bytes or a compact JWT. Rejects on failure. */
  fetchCredential?: (url: string) => Promise<unknown>;
  /**
   * A `fetch` used to GET the URL when `fetchCredential` is not given (only `http:` / `https:` URLs;
   * redirects refused; bounded by `maxResponseBytes` and `timeoutMs`). Inject an SSRF-safe one in services.
   */
  fetch?: FetchLike;
  /** Largest accepted response body, in bytes. Default 1 MiB. */
  maxResponseBytes?: number;
  /** Time allowed for one fetch, in ms. Default 5,000. */
  timeoutMs?: number;
  /**
   * How the list credential is verified (resolver, document loader, allowed suites...). Its own
   * `checkStatus` / `checkTrust` are ignored: a list's proof and validity are checked, not its status.
   */
  verifyOptions?: VerifyCredentialOptions;
  /** Clock of the cache and of the list's validity window. Default: `verifyOptions.clock`, else the system clock. */
  clock?: Clock;
  /** `reject` (default) or `refer` when a list cannot be retrieved. Tampered or invalid lists always reject. */
  onRetrievalFailure?: RetrievalFailurePolicy;
  /** Most cached lists (default 1,000; 0 disables the cache). */
  maxCacheEntries?: number;
  /** Cache lifetime of a list without `ttl`, in ms. Default 300,000. */
  defaultTtlMs?: number;
  /** Upper bound on any list's cache lifetime, in ms. Default one day. */
  maxTtlMs?: number;
  /** Minimum entries of a list (Bitstring Status List §3.2 step 2). Default 131,072. */
  minimumEntries?: number;
  /** Upper bound on an expanded list, in bytes. Default 2 MiB. */
  maxBitstringBytes?: number;
}

/** A `checkStatus` for `VerifyCredentialOptions`, with the underlying cache's controls. */
export interface StatusCheck extends CredentialChecker {
  /** Drops every cached list. */
  clearCache(): void;
  /** Number of cached lists. */
  readonly cacheSize: number;
}

const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 5_000;

function fetchError(message: string): TrustBridgeError {
  return new TrustBridgeError(VcErrorCodes.STATUS_FETCH_FAILED, message, { specCode: 'STATUS_RETRIEVAL_ERROR' });
}

async function readBounded(response: FetchResponseLike, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw fetchError('The status list is too large.');
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > maxBytes) throw fetchError('The status list is too large.');
    return bytes;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!value) continue;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw fetchError('The status list is too large.');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) out.set(c, offset), (offset += c.byteLength);
  return out;
}

/**
 * GETs `url` with `fetch`: `http(s)` only, no redirects, a timeout, a size bound. A body that is a
 * compact JWT (`vc+jwt`) is returned as a string; anything else as JSON text (the checker parses it
 * within `@trustbridge/core`'s bounds).
 */
function fetchLoader(fetchFn: FetchLike, maxBytes: number, timeoutMs: number): (url: string) => Promise<unknown> {
  return async (url) => {
    const protocol = new URL(url).protocol;
    if (protocol !== 'https:' && protocol !== 'http:') throw fetchError('Only http(s) status list URLs are fetched.');
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetchFn(url, {
        method: 'GET',
        redirect: 'error',
        signal: controller.signal,
        headers: { accept: 'application/vc+jwt, application/vc, application/vc+ld+json, application/json;q=0.9' },
      });
      if (!response.ok) throw fetchError(`The status list server answered ${response.status}.`);
      const text = new TextDecoder('utf-8', { fatal: true }).decode(await readBounded(response, maxBytes)).trim();
      return text;
    } finally {
      clearTimeout(timer);
    }
  };
}

function count(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw optionsError(`${name} must be a positive number.`);
  return value;
}

/** Maps a status-list result to the pipeline's `status` outcome. */
export function statusOutcome(result: StatusCheckResult, hasReferences: boolean): CheckOutcome {
  const details = { outcome: result.outcome, entries: result.entries };
  switch (result.outcome) {
    case 'valid':
      return hasReferences ? { status: 'passed', details } : { status: 'skipped', message: 'The credential has no status entry.' };
    case 'revoked':
    case 'suspended': {
      const revoked = result.outcome === 'revoked';
      const problem: Problem = {
        code: revoked ? VcErrorCodes.STATUS_REVOKED : VcErrorCodes.STATUS_SUSPENDED,
        message: revoked ? 'The credential has been revoked.' : 'The credential is suspended.',
        path: '/credentialStatus',
      };
      return { status: 'failed', problems: [problem, ...result.problems], details };
    }
    default:
      return { status: 'failed', problems: result.problems, details };
  }
}

function hasStatusReference(credential: Record<string, unknown>): boolean {
  return credential.credentialStatus !== undefined || (isObject(credential.status) && credential.status.status_list !== undefined);
}

/**
 * Creates a `checkStatus` for {@link VerifyCredentialOptions}. Keep one per verifier process: it holds
 * the cache of verified, decoded lists.
 *
 * Outcomes of the `status` check: `passed` (every entry unset; `details.entries`), `skipped` (no status
 * entry), `failed` with `ERR_STATUS_REVOKED` / `ERR_STATUS_SUSPENDED` (`details.outcome` `revoked` /
 * `suspended`), or `failed` with the status list's codes — `ERR_STATUS_LIST_RETRIEVAL`
 * (`STATUS_RETRIEVAL_ERROR`), `ERR_STATUS_LIST_VERIFICATION` / `ERR_STATUS_LIST_ISSUER_MISMATCH`
 * (`STATUS_VERIFICATION_ERROR`), `ERR_STATUS_TOKEN_STATUS_LIST_UNSUPPORTED`, ... — with
 * `details.outcome` `error`, or `refer` for an unreachable list under `onRetrievalFailure: 'refer'`.
 * Throws `ERR_VC_OPTIONS_INVALID` for bad options.
 *
 * @example
 * ```ts
 * const checkStatus = createStatusCheck({ fetch, onRetrievalFailure: 'refer', clock });
 * const result = await verifyCredential(vc, { checkStatus, clock });
 * result.outcome; // 'verified' | 'refer' | 'rejected'
 * ```
 */
export function createStatusCheck(options: CreateStatusCheckOptions): StatusCheck {
  if (!isObject(options as unknown)) throw optionsError('options must be an object.');
  const { fetchCredential, fetch: fetchFn, verifyOptions = {} } = options;
  if (fetchCredential !== undefined && typeof fetchCredential !== 'function') throw optionsError('fetchCredential must be a function.');
  if (fetchFn !== undefined && typeof fetchFn !== 'function') throw optionsError('fetch must be a function.');
  if (fetchCredential === undefined && fetchFn === undefined) throw optionsError('createStatusCheck needs fetchCredential or fetch.');
  if (!isObject(verifyOptions as unknown)) throw optionsError('verifyOptions must be an object.');
  if (options.onRetrievalFailure !== undefined && options.onRetrievalFailure !== 'reject' && options.onRetrievalFailure !== 'refer') {
    throw optionsError("onRetrievalFailure must be 'reject' or 'refer'.");
  }
  if (options.clock !== undefined && typeof options.clock !== 'function') throw optionsError('clock must be a function.');
  const clock = options.clock ?? verifyOptions.clock;
  const loader =
    fetchCredential ?? fetchLoader(fetchFn!, count(options.maxResponseBytes, 'maxResponseBytes', DEFAULT_MAX_RESPONSE_BYTES), count(options.timeoutMs, 'timeoutMs', DEFAULT_TIMEOUT_MS));
  // The list is verified for proof and validity only: no status of its own (no recursion), no trust.
  const { checkStatus: _s, checkTrust: _t, ...listOptions } = verifyOptions;
  if (clock) listOptions.clock = clock;

  let checker: StatusChecker;
  try {
    checker = createStatusChecker({
      fetchCredential: loader,
      verifyCredential: async (credential): Promise<StatusListVerification> => {
        const result = await verifyCredential(credential, listOptions);
        return { verified: result.verified, problems: result.problems, ...(result.document !== undefined ? { document: result.document } : {}) };
      },
      ...(clock ? { clock } : {}),
      ...(options.onRetrievalFailure ? { onRetrievalFailure: options.onRetrievalFailure } : {}),
      ...(options.maxCacheEntries !== undefined ? { maxCacheEntries: options.maxCacheEntries } : {}),
      ...(options.defaultTtlMs !== undefined ? { defaultTtlMs: options.defaultTtlMs } : {}),
      ...(options.maxTtlMs !== undefined ? { maxTtlMs: options.maxTtlMs } : {}),
      ...(options.minimumEntries !== undefined ? { minimumEntries: options.minimumEntries } : {}),
      ...(options.maxBitstringBytes !== undefined ? { maxBitstringBytes: options.maxBitstringBytes } : {}),
      // TrustBridge policy (issue 4): the list's issuer must be the credential's issuer.
      requireMatchingIssuer: true,
    });
  } catch (error) {
    throw optionsError(error instanceof Error ? error.message : 'Invalid status check options.');
  }

  const check = (async ({ credential }: CheckerInput): Promise<CheckOutcome> => {
    const result = await checker(credential);
    return statusOutcome(result, hasStatusReference(credential));
  }) as StatusCheck;
  Object.defineProperty(check, 'cacheSize', { get: () => checker.cacheSize, enumerable: true });
  check.clearCache = () => checker.clearCache();
  return check;
}
