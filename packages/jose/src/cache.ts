/**
 * A small cache in front of a {@link VerificationMethodResolver}, so a verifier that sees the same
 * issuers over and over resolves each key once per `ttlSeconds` (DID resolution and key import are
 * then off the hot path). Failures are never cached.
 */
import { systemClock, type Clock, type VerificationMethod, type VerificationMethodResolver } from '@trustbridge/core';
import { optionsError } from './compact.js';

/** Options of {@link cacheVerificationMethods}. */
export interface VerificationMethodCacheOptions {
  /** How long a resolved verification method is reused. Default 300 s; rotation is seen after at most this long. */
  ttlSeconds?: number;
  /** Capacity (least recently used evicted). Default 1000. */
  maxEntries?: number;
  clock?: Clock;
}

/**
 * Wraps a resolver with an LRU + TTL cache keyed by (id, relationship). The cached verification
 * method objects are frozen, so the key objects imported from them are reused too.
 *
 * @example
 * ```ts
 * const resolveVerificationMethod = cacheVerificationMethods(createVerificationMethodResolver(createDidResolver()));
 * ```
 */
export function cacheVerificationMethods(resolver: VerificationMethodResolver, options: VerificationMethodCacheOptions = {}): VerificationMethodResolver {
  if (typeof resolver !== 'function') throw optionsError('A resolver function is required.');
  const ttlMs = (options.ttlSeconds ?? 300) * 1000;
  const max = options.maxEntries ?? 1000;
  const clock = options.clock ?? systemClock;
  const entries = new Map<string, { vm: VerificationMethod; until: number }>();
  return async (id, relationship) => {
    const key = `${relationship} ${id}`;
    const now = clock().getTime();
    const hit = entries.get(key);
    if (hit && hit.until > now) {
      entries.delete(key);
      entries.set(key, hit);
      return hit.vm;
    }
    const vm = deepFreeze(structuredClone(await resolver(id, relationship)));
    entries.set(key, { vm, until: now + ttlMs });
    if (entries.size > max) entries.delete(entries.keys().next().value!);
    return vm;
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
