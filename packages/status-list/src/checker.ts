/**
 * Status checking for verifiers: Bitstring Status List v1.0 §3.2 "Validate Algorithm" for every
 * `BitstringStatusListEntry` of a credential, with the status list credential fetched and verified
 * through injected functions and the verified, decoded list cached (§3.2: verifiers SHOULD cache;
 * §2.2 `ttl`; VC Data Model 2.0 §4.6 `validUntil`).
 *
 * An unreachable or invalid list is a coded failure, never a pass. Untrusted input produces results;
 * only misuse (a non-object credential, bad options) and programmer errors thrown by the injected
 * verifier propagate as exceptions.
 */
import { isObject, problemFromError, systemClock, TrustBridgeError, parseJson, type Clock, type Problem } from '@trustbridge/core';
import { isUrl } from './entry.js';
import {
  DEFAULT_MAX_BITSTRING_BYTES,
  MIN_STATUS_LIST_ENTRIES,
  decodeBitstring,
  getStatus,
  withStatusSize,
  type Bitstring,
} from './bitstring.js';
import { readStatusListCredential, type StatusListCredentialInfo } from './credential.js';
import { validateStatusListEntry, type ParsedStatusListEntry } from './entry.js';
import { statusError, statusProblem } from './errors.js';

/** What the injected verifier says about a status list credential. */
export interface StatusListVerification {
  verified: boolean;
  problems: Problem[];
  /**
   * The verified credential as JSON, when it differs from what was fetched (e.g. the payload of an
   * enveloped `vc+jwt`). When absent, the fetched value itself is read as the credential.
   */
  document?: unknown;
}

/** What to report when a status list cannot be retrieved. */
export type RetrievalFailurePolicy = 'reject' | 'refer';

export interface StatusCheckerOptions {
  /** Dereferences a `statusListCredential` URL (a parsed credential, JSON text, or an enveloped form). Rejects on failure. */
  fetchCredential: (url: string) => Promise<unknown>;
  /** Verifies every proof of a status list credential (the engine's verifier). */
  verifyCredential: (credential: unknown) => Promise<StatusListVerification>;
  /** Injected clock. Default: the system clock. */
  clock?: Clock;
  /** Most lists kept; beyond it the oldest insertion is evicted (a list is re-inserted on each refresh). Default 1,000. `0` disables the cache. */
  maxCacheEntries?: number;
  /** Cache lifetime of a list without `ttl`, in ms (§2.2 assumes no default; this is verifier policy). Default 300,000. */
  defaultTtlMs?: number;
  /** Upper bound on any list's cache lifetime, in ms, whatever its `ttl`. Default 86,400,000 (one day). */
  maxTtlMs?: number;
  /** Minimum entries of a list (§3.2 step 2). Default 131,072. */
  minimumEntries?: number;
  /** Upper bound on an expanded list, in bytes (decompression-bomb guard). Default 2 MiB. */
  maxBitstringBytes?: number;
  /** Default policy for an unreachable list: `reject` (outcome `error`, the default) or `refer`. */
  onRetrievalFailure?: RetrievalFailurePolicy;
  /**
   * Require the status list credential's issuer to be the credential's issuer. Default `true`
   * (TrustBridge policy; §2.2 allows them to differ, so an ecosystem that delegates status may turn it off).
   */
  requireMatchingIssuer?: boolean;
}

/** The status read from one `BitstringStatusListEntry` (§3.2 steps 11–14). */
export interface StatusEntryResult {
  statusPurpose: string;
  /** `statusListIndex` as a number. */
  index: number;
  statusListCredential: string;
  /** The entry's value: 0 or 1, or up to `2^statusSize − 1`. */
  value: number;
  /** §3.2 step 13: `true` when the value is 0. A set `refresh` or `message` entry is `valid: false` yet does not fail the check. */
  valid: boolean;
  /** The `statusMessage` text for the value (§3.2 step 14); for `message` entries without one, "unset" / "set". */
  message?: string;
}

/** `valid`: nothing revoked or suspended; `refer`: a list was unreachable and the policy is `refer`. */
export type StatusOutcome = 'valid' | 'revoked' | 'suspended' | 'refer' | 'error';

export interface StatusCheckResult {
  /** True only when `outcome` is `valid`. */
  ok: boolean;
  /**
   * `revoked` / `suspended` when a revocation / suspension entry is set (revocation first; these win over
   * errors in other entries, since they are definite); otherwise `refer` when every problem is a retrieval
   * failure and the policy is `refer`; otherwise `error` when there is any problem; otherwise `valid`
   * (also when the credential has no status entry: `entries` is then empty).
   */
  outcome: StatusOutcome;
  entries: StatusEntryResult[];
  problems: Problem[];
}

export interface CheckStatusOptions {
  /** Overrides the checker's `onRetrievalFailure` for this call. */
  onRetrievalFailure?: RetrievalFailurePolicy;
}

/** A status checker: call it with a credential. jose-style, it also carries cache controls. */
export interface StatusChecker {
  (credential: unknown, options?: CheckStatusOptions): Promise<StatusCheckResult>;
  /** Drops every cached list. */
  clearCache(): void;
  /** Number of cached lists. */
  readonly cacheSize: number;
}

interface CachedList {
  info: StatusListCredentialInfo;
  /** Decoded with `statusSize` 1; re-viewed per entry. */
  bitstring: Bitstring;
  expiresAt: number;
}

type LoadResult = { list: CachedList; problems?: undefined } | { list?: undefined; problems: Problem[] };

const JSON_START = /^\s*[{[]/;
const INDEX = /^[0-9]+$/;

/**
 * The common case of §2.1 — a 1-bit entry without `statusMessage` / `statusReference` — parsed without
 * building a problem list. Returns `undefined` whenever anything is unusual, and the caller then runs the
 * full {@link validateStatusListEntry}, so this accepts only a subset of what it accepts. `knownUrl` skips
 * re-parsing a `statusListCredential` that is already a cache key (it was a valid URL when cached).
 */
function parseSimpleEntry(value: Record<string, unknown>, knownUrl: (url: string) => boolean): ParsedStatusListEntry | undefined {
  const { statusPurpose, statusListIndex, statusListCredential, id } = value;
  if (
    value.type !== 'BitstringStatusListEntry' ||
    typeof statusPurpose !== 'string' ||
    statusPurpose.length === 0 ||
    typeof statusListIndex !== 'string' ||
    !INDEX.test(statusListIndex) ||
    typeof statusListCredential !== 'string' ||
    (value.statusSize !== undefined && value.statusSize !== 1) ||
    value.statusMessage !== undefined ||
    value.statusReference !== undefined
  ) {
    return undefined;
  }
  const index = Number(statusListIndex);
  if (!Number.isSafeInteger(index)) return undefined;
  if (!knownUrl(statusListCredential) && !isUrl(statusListCredential)) return undefined;
  if (id !== undefined && (typeof id !== 'string' || id === statusListCredential || !isUrl(id))) return undefined;
  return { statusPurpose, index, statusListCredential, statusSize: 1 };
}

function issuerOf(credential: Record<string, unknown>): string | undefined {
  const issuer = credential.issuer ?? credential.iss;
  if (typeof issuer === 'string') return issuer;
  if (isObject(issuer) && typeof issuer.id === 'string') return issuer.id;
  return undefined;
}

function messageFromList(statusMessages: unknown, value: number): string | undefined {
  if (!Array.isArray(statusMessages)) return undefined;
  for (const m of statusMessages) {
    if (isObject(m) && typeof m.status === 'string' && typeof m.message === 'string' && Number.parseInt(m.status, 16) === value) {
      return m.message;
    }
  }
  return undefined;
}

function positive(value: number | undefined, name: string, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || (!allowZero && value === 0)) {
    throw statusError('ERR_STATUS_INVALID_ARGUMENT', `"${name}" must be a positive number.`);
  }
  return value;
}

/**
 * Creates a status checker that applies §3.2 to every `BitstringStatusListEntry` in
 * `credential.credentialStatus`: fetch the list credential, verify its proofs, check its structure,
 * purpose, issuer and validity window, expand the bitstring, check its length and read the entry.
 * Verified, decoded lists are cached until `min(ttl or defaultTtlMs, maxTtlMs, validUntil)`; concurrent
 * checks of one list share one fetch and one verification.
 *
 * @example
 * ```ts
 * const checkStatus = createStatusChecker({
 *   fetchCredential: async (url) => (await fetch(url)).json(),
 *   verifyCredential: (vc) => engine.verifyCredential(vc),
 * });
 * const { ok, outcome, problems } = await checkStatus(credential, { onRetrievalFailure: 'refer' });
 * ```
 */
export function createStatusChecker(options: StatusCheckerOptions): StatusChecker {
  if (!isObject(options) || typeof options.fetchCredential !== 'function' || typeof options.verifyCredential !== 'function') {
    throw statusError('ERR_STATUS_INVALID_ARGUMENT', '"fetchCredential" and "verifyCredential" functions are required.');
  }
  const { fetchCredential, verifyCredential } = options;
  const clock = options.clock ?? systemClock;
  // Date.now() avoids a Date allocation on the warm path when no clock is injected.
  const nowMs = options.clock ? () => clock().getTime() : Date.now;
  const maxEntries = positive(options.maxCacheEntries, 'maxCacheEntries', 1000, true);
  const defaultTtlMs = positive(options.defaultTtlMs, 'defaultTtlMs', 300_000, true);
  const maxTtlMs = positive(options.maxTtlMs, 'maxTtlMs', 86_400_000, true);
  const minimumEntries = positive(options.minimumEntries, 'minimumEntries', MIN_STATUS_LIST_ENTRIES);
  const maxBytes = positive(options.maxBitstringBytes, 'maxBitstringBytes', DEFAULT_MAX_BITSTRING_BYTES);
  const defaultPolicy = options.onRetrievalFailure ?? 'reject';
  const requireMatchingIssuer = options.requireMatchingIssuer ?? true;

  const cache = new Map<string, CachedList>();
  const inflight = new Map<string, Promise<LoadResult>>();

  const isCached = (url: string): boolean => cache.has(url);

  function remember(url: string, list: CachedList): void {
    if (maxEntries === 0) return;
    cache.delete(url);
    while (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
    cache.set(url, list);
  }

  async function fetchAndVerify(url: string): Promise<LoadResult> {
    // §3.2 step 4: dereference; a failure is STATUS_RETRIEVAL_ERROR.
    let fetched: unknown;
    try {
      fetched = await fetchCredential(url);
    } catch {
      return { problems: [statusProblem('ERR_STATUS_LIST_RETRIEVAL', 'The status list credential could not be retrieved.')] };
    }
    if (fetched === undefined || fetched === null || fetched === '') {
      return { problems: [statusProblem('ERR_STATUS_LIST_RETRIEVAL', 'The status list credential could not be retrieved.')] };
    }
    if (typeof fetched === 'string' && JSON_START.test(fetched)) {
      try {
        fetched = parseJson(fetched);
      } catch {
        return { problems: [statusProblem('ERR_STATUS_LIST_MALFORMED', 'The status list credential is not valid JSON.')] };
      }
    } else if (fetched instanceof Uint8Array) {
      try {
        fetched = parseJson(fetched);
      } catch {
        return { problems: [statusProblem('ERR_STATUS_LIST_MALFORMED', 'The status list credential is not valid JSON.')] };
      }
    }
    // §3.2 step 4: every proof must verify; otherwise STATUS_VERIFICATION_ERROR. A coded TrustBridgeError
    // from the verifier is a verification failure; anything else is a programmer error and propagates.
    let verification: StatusListVerification;
    try {
      verification = await verifyCredential(fetched);
    } catch (error) {
      if (error instanceof TrustBridgeError) {
        return { problems: [statusProblem('ERR_STATUS_LIST_VERIFICATION', 'The status list credential could not be verified.')] };
      }
      throw error;
    }
    if (!isObject(verification) || verification.verified !== true) {
      return { problems: [statusProblem('ERR_STATUS_LIST_VERIFICATION', 'The status list credential could not be verified.')] };
    }
    const { info, problems } = readStatusListCredential(verification.document ?? fetched);
    if (!info) return { problems };
    // §3.4 expansion and §3.2 step 9 length (for 1-bit entries; wider entries are re-checked per entry).
    let bitstring: Bitstring;
    try {
      bitstring = decodeBitstring(info.encodedList, { minimumEntries, maxBytes });
    } catch (error) {
      return { problems: [problemFromError(error, 'ERR_STATUS_LIST_DECODE')] };
    }
    const now = nowMs();
    const lifetime = Math.min(info.ttl ?? defaultTtlMs, maxTtlMs);
    // validUntil is the last valid instant (VC Data Model 2.0 §4.6), so the list may serve up to and including it.
    const expiresAt = Math.min(now + lifetime, info.validUntil === undefined ? Number.POSITIVE_INFINITY : info.validUntil + 1);
    const list: CachedList = { info, bitstring, expiresAt };
    if (expiresAt > now) remember(url, list);
    return { list };
  }

  function load(url: string): Promise<LoadResult> {
    const pending = inflight.get(url);
    if (pending) return pending;
    const promise = fetchAndVerify(url).finally(() => inflight.delete(url));
    inflight.set(url, promise);
    return promise;
  }

  function readEntry(
    entry: ParsedStatusListEntry,
    list: CachedList,
    credentialIssuer: string | undefined,
    now: number,
    path: string,
    entries: StatusEntryResult[],
    problems: Problem[],
  ): void {
    const { info } = list;
    // §3.2 step 5: the entry's purpose must be one of the list's.
    if (!info.statusPurposes.includes(entry.statusPurpose)) {
      problems.push(statusProblem('ERR_STATUS_PURPOSE_MISMATCH', 'The status purpose does not match the status list.', `${path}/statusPurpose`));
      return;
    }
    if (requireMatchingIssuer && credentialIssuer !== info.issuer) {
      problems.push(statusProblem('ERR_STATUS_LIST_ISSUER_MISMATCH', 'The status list was not issued by the credential issuer.', `${path}/statusListCredential`));
      return;
    }
    if (info.validFrom !== undefined && now < info.validFrom) {
      problems.push(statusProblem('ERR_STATUS_LIST_NOT_YET_VALID', 'The status list credential is not yet valid.', `${path}/statusListCredential`));
      return;
    }
    if (info.validUntil !== undefined && now > info.validUntil) {
      problems.push(statusProblem('ERR_STATUS_LIST_EXPIRED', 'The status list credential has expired.', `${path}/statusListCredential`));
      return;
    }
    let bitstring: Bitstring;
    try {
      bitstring = entry.statusSize === 1 ? list.bitstring : withStatusSize(list.bitstring, entry.statusSize, minimumEntries);
    } catch (error) {
      problems.push({ ...problemFromError(error, 'ERR_STATUS_LIST_LENGTH'), path: `${path}/statusListCredential` });
      return;
    }
    // §3.2 step 10: outside the list is a RANGE_ERROR.
    if (entry.index >= bitstring.length) {
      problems.push(statusProblem('ERR_STATUS_INDEX_RANGE', 'The status list index is outside the list.', `${path}/statusListIndex`));
      return;
    }
    const value = getStatus(bitstring, entry.index);
    const message =
      entry.messages?.[value] ??
      (entry.statusPurpose === 'message'
        ? (messageFromList(info.statusMessages, value) ?? (entry.statusSize === 1 ? (value ? 'set' : 'unset') : undefined))
        : undefined);
    entries.push({
      statusPurpose: entry.statusPurpose,
      index: entry.index,
      statusListCredential: entry.statusListCredential,
      value,
      valid: value === 0,
      ...(message !== undefined ? { message } : {}),
    });
  }

  async function checkStatus(credential: unknown, callOptions?: CheckStatusOptions): Promise<StatusCheckResult> {
    if (!isObject(credential)) throw statusError('ERR_STATUS_INVALID_ARGUMENT', 'The credential must be an object.');
    const policy = callOptions?.onRetrievalFailure ?? defaultPolicy;
    const problems: Problem[] = [];
    const entries: StatusEntryResult[] = [];

    // IETF Token Status List (draft-ietf-oauth-status-list): `status.status_list` in JWT / SD-JWT VC claims.
    const tokenStatus = credential.status;
    if (isObject(tokenStatus) && tokenStatus.status_list !== undefined) {
      problems.push(statusProblem('ERR_STATUS_TOKEN_STATUS_LIST_UNSUPPORTED', 'IETF Token Status List references are not supported.', '/status/status_list'));
    }

    const raw = credential.credentialStatus;
    const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const many = Array.isArray(raw);
    const pending: Array<{ entry: ParsedStatusListEntry; path: string; list?: CachedList }> = [];
    let now = nowMs();
    let misses = 0;
    for (let i = 0; i < list.length; i++) {
      const value: unknown = list[i];
      const path = many ? `/credentialStatus/${i}` : '/credentialStatus';
      if (isObject(value) && value.type !== 'BitstringStatusListEntry' && !(Array.isArray(value.type) && value.type.includes('BitstringStatusListEntry'))) {
        const token = value.status_list !== undefined || (typeof value.type === 'string' && value.type.includes('TokenStatusList'));
        problems.push(
          token
            ? statusProblem('ERR_STATUS_TOKEN_STATUS_LIST_UNSUPPORTED', 'IETF Token Status List references are not supported.', path)
            : statusProblem('ERR_STATUS_TYPE_UNSUPPORTED', 'This credentialStatus type is not supported.', `${path}/type`),
        );
        continue;
      }
      let parsed = isObject(value) ? parseSimpleEntry(value, isCached) : undefined;
      if (parsed === undefined) {
        const validated = validateStatusListEntry(value, { path });
        if (!validated.entry) {
          problems.push(...validated.problems);
          continue;
        }
        parsed = validated.entry;
      }
      const cached = cache.get(parsed.statusListCredential);
      if (cached !== undefined && cached.expiresAt > now) {
        pending.push({ entry: parsed, path, list: cached });
      } else {
        if (cached !== undefined) cache.delete(parsed.statusListCredential);
        pending.push({ entry: parsed, path });
        misses++;
      }
    }

    if (misses > 0) {
      const loads = await Promise.all(pending.map((p) => (p.list ? undefined : load(p.entry.statusListCredential))));
      now = nowMs();
      loads.forEach((loaded, i) => {
        const p = pending[i]!;
        if (!loaded) return;
        if (loaded.list) p.list = loaded.list;
        else for (const problem of loaded.problems) problems.push({ ...problem, path: `${p.path}/statusListCredential` });
      });
    }

    const credentialIssuer = issuerOf(credential);
    for (const p of pending) {
      if (p.list) readEntry(p.entry, p.list, credentialIssuer, now, p.path, entries, problems);
    }

    let outcome: StatusOutcome = 'valid';
    for (const e of entries) {
      if (e.value === 0) continue;
      if (e.statusPurpose === 'revocation') outcome = 'revoked';
      else if (e.statusPurpose === 'suspension' && outcome !== 'revoked') outcome = 'suspended';
    }
    if (outcome === 'valid' && problems.length > 0) {
      outcome = policy === 'refer' && problems.every((pr) => pr.code === 'ERR_STATUS_LIST_RETRIEVAL') ? 'refer' : 'error';
    }
    return { ok: outcome === 'valid', outcome, entries, problems };
  }

  const checker = checkStatus as StatusChecker;
  Object.defineProperty(checker, 'cacheSize', { get: () => cache.size, enumerable: true });
  checker.clearCache = () => cache.clear();
  return checker;
}
