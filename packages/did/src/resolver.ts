/**
 * A DID resolver (DID Resolution §4 "resolve") built on `did-resolver`'s method registry, with
 * `did:key`, `did:jwk` and `did:web` registered. Importing this module registers nothing globally.
 */
import { Resolver, type DIDResolver, type DIDResolutionResult, type ParsedDID, type DIDCache } from 'did-resolver';
import { SpecErrors, TrustBridgeError, type DidResolutionResult, type DidResolver, type FetchLike } from '@trustbridge/core';
import { createDidKeyDocument } from './did-key.js';
import { createDidJwkDocument } from './did-jwk.js';
import { resolveDidWeb, type LookupLike, type TimerLike } from './did-web.js';
import { isDid } from './parse.js';
import { resolutionError, resolutionSuccess } from './resolution.js';

/** Options of {@link createDidResolver}. */
export interface CreateDidResolverOptions {
  /** Injected fetch for did:web. Without it did:web fails with `ERR_DID_WEB_FETCH_NOT_CONFIGURED`; global fetch is never used. */
  fetch?: FetchLike;
  /** Injected DNS lookup; did:web refuses host names resolving to any non-public address. */
  lookup?: LookupLike;
  /** did:web policy and limits. */
  web?: { allowPrivateNetworks?: boolean; maxBytes?: number; timeoutMs?: number; timers?: TimerLike };
  /**
   * Cache successful results in memory (at most `cacheSize` DIDs, least recently used evicted). Failures
   * are never cached. A did:web document stays cached for the resolver's lifetime; create a new
   * resolver (or leave this off) where rotation must be seen immediately. Default false.
   */
  cache?: boolean;
  /** Cache capacity. Default 1000. */
  cacheSize?: number;
}

function fromError(e: unknown, fallbackCode: string): DidResolutionResult {
  if (e instanceof TrustBridgeError) return resolutionError(e.specCode ?? SpecErrors.DID_INTERNAL_ERROR, e.code, e.message);
  return resolutionError(SpecErrors.DID_INTERNAL_ERROR, fallbackCode, 'DID resolution failed.');
}

function staticMethod(create: (did: string) => DidResolutionResult['didDocument'], fallbackCode: string): DIDResolver {
  return async (did: string) => {
    try {
      return resolutionSuccess(create(did)!) as unknown as DIDResolutionResult;
    } catch (e) {
      return fromError(e, fallbackCode) as unknown as DIDResolutionResult;
    }
  };
}

/** An LRU cache for did-resolver that keeps only successful results. */
function successCache(capacity: number): DIDCache {
  const entries = new Map<string, DIDResolutionResult>();
  return async (parsed: ParsedDID, resolve: () => Promise<DIDResolutionResult>) => {
    const key = parsed.did;
    const hit = entries.get(key);
    if (hit) {
      entries.delete(key);
      entries.set(key, hit);
      return structuredClone(hit);
    }
    const result = await resolve();
    if (!result.didResolutionMetadata?.error && result.didDocument) {
      entries.set(key, structuredClone(result));
      if (entries.size > capacity) entries.delete(entries.keys().next().value!);
    }
    return result;
  };
}

/**
 * Creates a DID resolver for `did:key` (Ed25519), `did:jwk` and `did:web`.
 *
 * `resolve(did)` never throws for untrusted input: failures come back in `didResolutionMetadata`
 * with the DID Resolution `error` name (`invalidDid`, `notFound`, `methodNotSupported`,
 * `representationNotSupported`, `internalError`, `invalidDidDocument`) and a TrustBridge `code`.
 * The input must be a DID, not a DID URL (use {@link createVerificationMethodResolver} for those).
 *
 * @example
 * ```ts
 * const resolver = createDidResolver({ fetch: globalThis.fetch.bind(globalThis) });
 * const { didDocument, didResolutionMetadata } = await resolver.resolve('did:web:issuer.example');
 * if (didResolutionMetadata.error) console.log(didResolutionMetadata.code);
 * ```
 */
export function createDidResolver(options: CreateDidResolverOptions = {}): DidResolver {
  const web = {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.lookup ? { lookup: options.lookup } : {}),
    ...options.web,
  };
  const registry: Record<string, DIDResolver> = {
    key: staticMethod((did) => createDidKeyDocument(did), 'ERR_DID_KEY_INVALID'),
    jwk: staticMethod((did) => createDidJwkDocument(did), 'ERR_DID_JWK_INVALID'),
    web: async (did: string) => {
      try {
        return (await resolveDidWeb(did, web)) as unknown as DIDResolutionResult;
      } catch (e) {
        return fromError(e, 'ERR_DID_WEB_FETCH_FAILED') as unknown as DIDResolutionResult;
      }
    },
  };
  const resolver = new Resolver(registry, { cache: options.cache === true ? successCache(options.cacheSize ?? 1000) : false });
  return {
    async resolve(did: string): Promise<DidResolutionResult> {
      if (!isDid(did)) {
        return resolutionError(SpecErrors.DID_INVALID, 'ERR_DID_INVALID', 'Not a valid DID (DID Core 1.0 §3.1).');
      }
      let result: DIDResolutionResult;
      try {
        result = await resolver.resolve(did);
      } catch {
        return resolutionError(SpecErrors.DID_INTERNAL_ERROR, 'ERR_DID_RESOLUTION_FAILED', 'DID resolution failed.');
      }
      const error = result.didResolutionMetadata?.error;
      // did-resolver 6 names an unregistered method `unsupportedDidMethod`; DID Resolution calls it `methodNotSupported`.
      if (error === 'unsupportedDidMethod' || error === SpecErrors.DID_METHOD_NOT_SUPPORTED) {
        return resolutionError(SpecErrors.DID_METHOD_NOT_SUPPORTED, 'ERR_DID_METHOD_NOT_SUPPORTED', 'DID method is not supported.');
      }
      if (error === SpecErrors.DID_INVALID && !result.didResolutionMetadata.code) {
        return resolutionError(SpecErrors.DID_INVALID, 'ERR_DID_INVALID', 'Not a valid DID (DID Core 1.0 §3.1).');
      }
      return result as unknown as DidResolutionResult;
    },
  };
}
