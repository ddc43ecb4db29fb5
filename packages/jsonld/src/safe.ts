/**
 * JSON-LD processing in safe mode.
 *
 * `jsonld`'s `safe: true` turns every lossy event (a property or type that no context defines, a
 * relative IRI, ...) into a `jsonld.ValidationError`. VC Data Integrity 1.0 §2.4 requires it:
 * implementations that use JSON-LD processing MUST raise an error when data is dropped, such as when an
 * undefined term is detected. This module maps those errors onto TrustBridge codes:
 *
 * | code | when |
 * | --- | --- |
 * | `ERR_JSONLD_UNDEFINED_TERM` | a property or `type` value not defined by the contexts (`details.term`, `details.path`) |
 * | `ERR_JSONLD_CONTEXT_UNKNOWN` | an `@context` URL the document loader does not serve |
 * | `ERR_JSONLD_INVALID` | any other JSON-LD error (`details.jsonldCode` is the JSON-LD 1.1 API error code or event code) |
 */
import { TrustBridgeError, isTrustBridgeError, type DocumentLoader } from '@trustbridge/core';
import { jsonldLib, type RdfQuad } from './jsonld-lib.js';
import { cachedToRDF } from './rdf-template.js';

export type { RdfQuad, RdfTerm } from './jsonld-lib.js';

export interface SafeProcessingOptions {
  documentLoader: DocumentLoader;
  /**
   * `toRDF` / `assertSafe` only: serve documents of an already seen shape from the structure cache
   * (`rdf-template.ts`: same output, byte for byte, without re-processing contexts). Default true.
   */
  structureCache?: boolean;
}

/** jsonld safe-mode event codes that mean "a term is not defined by the active context". */
const UNDEFINED_TERM_EVENTS = new Set(['invalid property', 'relative @type reference']);

interface JsonLdErrorShape {
  name?: unknown;
  message?: unknown;
  details?: { code?: unknown; event?: { code?: unknown; details?: Record<string, unknown> }; cause?: unknown; url?: unknown };
  cause?: unknown;
}

/** Finds a TrustBridgeError (e.g. thrown by the document loader) in a jsonld error's cause chain. */
function findTrustBridgeCause(error: unknown): TrustBridgeError | undefined {
  let current: unknown = error;
  for (let i = 0; i < 8 && current !== null && typeof current === 'object'; i++) {
    if (isTrustBridgeError(current)) return current;
    const e = current as JsonLdErrorShape;
    current = e.details?.cause ?? e.cause;
  }
  return undefined;
}

/**
 * JSON Pointer (RFC 6901) of the first place where `term` is used as a property name, or — with
 * `asType` — as a `type` / `@type` value. Best effort, iterative, only run on the error path.
 */
export function findTermPath(document: unknown, term: string, asType = false): string | undefined {
  const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
  const stack: Array<[unknown, string]> = [[document, '']];
  let visited = 0;
  while (stack.length > 0 && visited++ < 100_000) {
    const [value, path] = stack.shift()!;
    if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push([v, `${path}/${i}`]));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        if (key === '@context') continue;
        const here = `${path}/${escape(key)}`;
        if (!asType && key === term) return here;
        if (asType && (key === 'type' || key === '@type')) {
          if (v === term) return here;
          if (Array.isArray(v)) {
            const i = v.indexOf(term);
            if (i !== -1) return `${here}/${i}`;
          }
        }
        stack.push([v, here]);
      }
    }
  }
  return undefined;
}

/**
 * Maps an error thrown by `jsonld` (or by the document loader inside it) to a {@link TrustBridgeError}
 * with one of the `ERR_JSONLD_*` codes. `document` is used only to locate an undefined term.
 */
export function toJsonLdError(error: unknown, document?: unknown): TrustBridgeError {
  const tb = findTrustBridgeCause(error);
  if (tb) return tb;
  const e = (error ?? {}) as JsonLdErrorShape;
  const event = e.details?.event;
  if (e.name === 'jsonld.ValidationError' && event && typeof event.code === 'string') {
    if (UNDEFINED_TERM_EVENTS.has(event.code)) {
      const asType = event.code === 'relative @type reference';
      const raw = asType ? event.details?.type : event.details?.property;
      const term = typeof raw === 'string' ? raw : String(raw);
      const path = document === undefined ? undefined : findTermPath(document, term, asType);
      return new TrustBridgeError('ERR_JSONLD_UNDEFINED_TERM', `The term "${term.slice(0, 100)}" is not defined by the document's contexts.`, {
        cause: error,
        details: { term, ...(path !== undefined ? { path } : {}), jsonldCode: event.code },
      });
    }
    return new TrustBridgeError('ERR_JSONLD_INVALID', `JSON-LD safe mode rejected the document (${event.code}).`, {
      cause: error,
      details: { jsonldCode: event.code },
    });
  }
  const jsonldCode = typeof e.details?.code === 'string' ? e.details.code : undefined;
  if (jsonldCode === 'loading remote context failed' || jsonldCode === 'loading document failed') {
    return new TrustBridgeError('ERR_JSONLD_CONTEXT_UNKNOWN', 'A context could not be loaded.', {
      cause: error,
      details: { jsonldCode, ...(typeof e.details?.url === 'string' ? { url: e.details.url } : {}) },
    });
  }
  return new TrustBridgeError('ERR_JSONLD_INVALID', 'Invalid JSON-LD document.', {
    cause: error,
    details: { jsonldCode: jsonldCode ?? (typeof e.name === 'string' ? e.name : 'unknown') },
  });
}

/**
 * VC Data Integrity 1.0 §4.6 "Context Validation", the part a loader can answer: every `@context` URL
 * in the document (at any depth) must be served by `documentLoader`. Checked before `jsonld` runs
 * because `jsonld` keeps `static` contexts in a process-wide cache and would otherwise accept a URL
 * that another loader in the same process once served. Throws `ERR_JSONLD_CONTEXT_UNKNOWN`.
 */
export async function assertContextsKnown(document: unknown, options: SafeProcessingOptions): Promise<void> {
  const urls = new Set<string>();
  const stack: unknown[] = [document];
  let visited = 0;
  while (stack.length > 0 && visited++ < 1_000_000) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const v of value) if (v !== null && typeof v === 'object') stack.push(v);
    } else if (value !== null && typeof value === 'object') {
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        if (key === '@context') {
          for (const c of Array.isArray(v) ? v : [v]) {
            if (typeof c === 'string') urls.add(c);
            else if (c !== null && typeof c === 'object') stack.push(c);
          }
        } else if (v !== null && typeof v === 'object') {
          stack.push(v);
        }
      }
    }
  }
  for (const url of urls) {
    try {
      await options.documentLoader(url);
    } catch (error) {
      if (isTrustBridgeError(error)) throw error;
      throw new TrustBridgeError('ERR_JSONLD_CONTEXT_UNKNOWN', 'A context could not be loaded.', { cause: error, details: { url } });
    }
  }
}

/**
 * Expands a document (JSON-LD 1.1 API §9.2 `expand()`) in safe mode with a null base IRI.
 * Throws `ERR_JSONLD_UNDEFINED_TERM`, `ERR_JSONLD_CONTEXT_UNKNOWN` or `ERR_JSONLD_INVALID`.
 *
 * @example
 * ```ts
 * const expanded = await expand(credential, { documentLoader: createDocumentLoader() });
 * ```
 */
export async function expand(document: unknown, options: SafeProcessingOptions): Promise<unknown[]> {
  await assertContextsKnown(document, options);
  try {
    return await jsonldLib.expand(document, { documentLoader: options.documentLoader, safe: true, base: null });
  } catch (error) {
    throw toJsonLdError(error, document);
  }
}

/**
 * Deserializes a document to an RDF dataset (JSON-LD 1.1 API §9.2 `toRdf()`) in safe mode. The base
 * IRI is null, as VC Data Integrity 1.0 requires when deserializing to RDF. Throws like {@link expand}.
 */
export async function toRDF(document: unknown, options: SafeProcessingOptions): Promise<RdfQuad[]> {
  if (options.structureCache === false) return uncachedToRDF(document, options);
  const run = (doc: unknown) => uncachedToRDF(doc, options);
  return (await cachedToRDF(document, options.documentLoader, run))!;
}

async function uncachedToRDF(document: unknown, options: SafeProcessingOptions): Promise<RdfQuad[]> {
  await assertContextsKnown(document, options);
  try {
    return await jsonldLib.toRDF(document, { documentLoader: options.documentLoader, safe: true, base: null });
  } catch (error) {
    throw toJsonLdError(error, document);
  }
}

/**
 * Resolves when every term of `document` is defined by its contexts and every context is known;
 * otherwise throws `ERR_JSONLD_UNDEFINED_TERM` / `ERR_JSONLD_CONTEXT_UNKNOWN` / `ERR_JSONLD_INVALID`.
 *
 * @example
 * ```ts
 * await assertSafe(credential, { documentLoader }); // throws for { ..., "favouriteColour": "blue" }
 * ```
 */
export async function assertSafe(document: unknown, options: SafeProcessingOptions): Promise<void> {
  if (options.structureCache === false) {
    await uncachedToRDF(document, options);
    return;
  }
  await cachedToRDF(document, options.documentLoader, (doc) => uncachedToRDF(doc, options), false);
}
