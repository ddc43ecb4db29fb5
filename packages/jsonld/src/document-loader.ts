/**
 * A JSON-LD document loader (JSON-LD 1.1 API §9.4 `LoadDocumentCallback`) that never touches the
 * network: it serves the bundled contexts, the caller's extra contexts, and — when a DID resolver is
 * injected — DID documents and their verification methods. Anything else is refused.
 */
import {
  TrustBridgeError,
  isObject,
  type DidResolver,
  type DocumentLoader,
  type RemoteDocument,
} from '@trustbridge/core';
import { bundledContextForLoader } from './contexts.js';

export interface DocumentLoaderOptions {
  /**
   * Additional contexts by URL (for example TrustBridge's own vocabulary). Each value is a JSON-LD
   * context document, i.e. an object with an `@context` member. They cannot replace a bundled context.
   */
  extraContexts?: Record<string, unknown>;
  /** When given, `did:` URLs are dereferenced through it (DID document, or one verification method). */
  didResolver?: DidResolver;
}

/** Maximum size of an extra context, as JSON text. Contexts are configuration, not user input, but stay bounded. */
const MAX_CONTEXT_CHARS = 256 * 1024;

function prepareExtraContexts(extra: Record<string, unknown> | undefined): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  if (extra === undefined) return out;
  if (!isObject(extra)) {
    throw new TrustBridgeError('ERR_JSONLD_OPTIONS_INVALID', 'extraContexts must be an object of URL to context document.');
  }
  for (const [url, doc] of Object.entries(extra)) {
    if (!isObject(doc) || !('@context' in doc)) {
      throw new TrustBridgeError('ERR_JSONLD_OPTIONS_INVALID', 'Each extra context must be an object with an "@context" member.', {
        details: { url },
      });
    }
    if (bundledContextForLoader(url) !== undefined) {
      // Replacing e.g. the VC 2.0 context would silently change what every credential means.
      throw new TrustBridgeError('ERR_JSONLD_CONTEXT_CONFLICT', 'An extra context cannot replace a bundled context.', {
        details: { url },
      });
    }
    const text = JSON.stringify(doc);
    if (text.length > MAX_CONTEXT_CHARS) {
      throw new TrustBridgeError('ERR_JSONLD_OPTIONS_INVALID', 'Extra context is too large.', { details: { url } });
    }
    out.set(url, JSON.parse(text) as Record<string, unknown>);
  }
  return out;
}

function didResolutionError(url: string, specCode: string | undefined, message: string, cause?: unknown): TrustBridgeError {
  return new TrustBridgeError('ERR_JSONLD_DID_RESOLUTION', message, {
    ...(specCode ? { specCode } : {}),
    ...(cause !== undefined ? { cause } : {}),
    details: { url },
  });
}

async function dereferenceDid(url: string, resolver: DidResolver): Promise<RemoteDocument> {
  const hash = url.indexOf('#');
  const did = hash === -1 ? url : url.slice(0, hash);
  const fragment = hash === -1 ? undefined : url.slice(hash + 1);
  if (/[/?]/.test(did.slice(4))) {
    // DID URLs with a path or query are not needed for credentials; refuse rather than guess.
    throw didResolutionError(url, 'invalidDidUrl', 'Only DIDs and DID URLs with a fragment can be dereferenced.');
  }
  let result;
  try {
    result = await resolver.resolve(did);
  } catch (cause) {
    throw didResolutionError(url, (cause as { specCode?: string })?.specCode ?? 'internalError', 'DID resolution failed.', cause);
  }
  const doc = result?.didDocument;
  if (!doc || result.didResolutionMetadata?.error) {
    throw didResolutionError(url, result?.didResolutionMetadata?.error ?? 'notFound', 'DID resolution failed.');
  }
  const context = doc['@context'];
  if (fragment === undefined) {
    return { contextUrl: null, documentUrl: url, document: doc };
  }
  const candidates: unknown[] = [
    ...(doc.verificationMethod ?? []),
    ...(['authentication', 'assertionMethod', 'keyAgreement', 'capabilityInvocation', 'capabilityDelegation'] as const).flatMap(
      (rel) => (doc[rel] ?? []).filter(isObject),
    ),
  ];
  for (const vm of candidates) {
    if (!isObject(vm) || typeof vm.id !== 'string') continue;
    if (vm.id === url || vm.id === `#${fragment}`) {
      return {
        contextUrl: null,
        documentUrl: url,
        document: { ...(context !== undefined ? { '@context': context } : {}), ...vm, id: url },
      };
    }
  }
  throw didResolutionError(url, 'notFound', 'The DID document has no verification method with that id.');
}

/**
 * Creates a document loader that serves bundled contexts (tagged `static`, so `jsonld` caches their
 * processed form), the given extra contexts, and `did:` URLs through the injected resolver.
 * Every other URL is refused with `ERR_JSONLD_CONTEXT_UNKNOWN`: the loader never fetches.
 *
 * @example
 * ```ts
 * const documentLoader = createDocumentLoader({ extraContexts: { 'https://example.ca/v1': ctx } });
 * const { document } = await documentLoader('https://www.w3.org/ns/credentials/v2');
 * ```
 */
export function createDocumentLoader(options: DocumentLoaderOptions = {}): DocumentLoader {
  const extra = prepareExtraContexts(options.extraContexts);
  const { didResolver } = options;
  if (didResolver !== undefined && typeof didResolver?.resolve !== 'function') {
    throw new TrustBridgeError('ERR_JSONLD_OPTIONS_INVALID', 'didResolver must have a resolve(did) function.');
  }
  return async function documentLoader(url: string): Promise<RemoteDocument> {
    if (typeof url !== 'string') {
      throw new TrustBridgeError('ERR_JSONLD_CONTEXT_UNKNOWN', 'Document URL must be a string.');
    }
    const document = bundledContextForLoader(url) ?? extra.get(url);
    if (document !== undefined) {
      // `static` lets jsonld keep the processed context across calls (PITFALLS: 15–25 % faster).
      return { contextUrl: null, documentUrl: url, document, tag: 'static' };
    }
    if (url.startsWith('did:') && didResolver) return dereferenceDid(url, didResolver);
    throw new TrustBridgeError('ERR_JSONLD_CONTEXT_UNKNOWN', 'Document not found: the loader serves bundled contexts only.', {
      details: { url: url.length > 200 ? `${url.slice(0, 200)}…` : url },
    });
  };
}
