/**
 * The `did:web` method (W3C CCG "did:web Method Specification"): identifier ⇄ HTTPS URL (§3.2
 * "Read (Resolve)"), document publishing, and resolution over an injected `fetch` with SSRF defences
 * (§4 "Security and Privacy Considerations", and DESIGN.md "Security defaults").
 */
import {
  TrustBridgeError,
  SpecErrors,
  isObject,
  parseJson,
  utf8Decode,
  type DidDocument,
  type DidResolutionResult,
  type FetchLike,
} from '@trustbridge/core';
import { decodeEd25519PublicKeyMultibase } from '@trustbridge/keys';
import { parseDid } from './parse.js';
import { isIpLiteral, isLocalhostName, isNonPublicAddress } from './ssrf.js';
import { resolutionError, resolutionSuccess } from './resolution.js';

/** A DNS lookup: all addresses (IPv4 and IPv6 text) a host name resolves to. */
export type LookupLike = (hostname: string) => Promise<string[]>;

/** Timer functions, injectable so tests and runtimes without global timers control timeouts. */
export interface TimerLike {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Limits and policy for did:web resolution. */
export interface DidWebResolutionOptions {
  /** The only way did:web reaches the network. Without it resolution fails with `ERR_DID_WEB_FETCH_NOT_CONFIGURED`. */
  fetch?: FetchLike;
  /** DNS lookup used to refuse host names that resolve to non-public addresses. */
  lookup?: LookupLike;
  /** Allows loopback, private and link-local targets (tests, intranets). Default false. */
  allowPrivateNetworks?: boolean;
  /** Largest accepted did.json, in bytes. Default 256 KiB. */
  maxBytes?: number;
  /** Time allowed for lookup, request and body together, in milliseconds. Default 5000. */
  timeoutMs?: number;
  /** Timer functions; default the global `setTimeout` / `clearTimeout`. */
  timers?: TimerLike;
}

/** Default did:web limits. */
export const DID_WEB_DEFAULTS = { maxBytes: 256 * 1024, timeoutMs: 5000 } as const;

const HOST_RE = /^(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;
const ACCEPTED_MEDIA_TYPES = new Set(['application/did+json', 'application/did+ld+json', 'application/json', 'application/ld+json']);

function invalidDid(message: string): TrustBridgeError {
  return new TrustBridgeError('ERR_DID_WEB_INVALID', message, { specCode: SpecErrors.DID_INVALID });
}

/** Percent-encodes everything outside DID Core's unreserved `idchar` set (ALPHA / DIGIT / "." / "-" / "_"). */
function encodeIdchars(text: string): string {
  return Array.from(new TextEncoder().encode(text), (b) => {
    const c = String.fromCharCode(b);
    return /[A-Za-z0-9._-]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw invalidDid('did:web identifier has invalid percent-encoding.');
  }
}

/**
 * The HTTPS URL of a did:web's DID document (did:web §3.2 steps 1–6): `:` separates path segments,
 * a percent-encoded port is decoded, and `/.well-known/did.json` is used when there is no path.
 * Throws `ERR_DID_WEB_INVALID` (`invalidDid`).
 *
 * @example
 * ```ts
 * didWebToUrl('did:web:w3c-ccg.github.io:user:alice'); // 'https://w3c-ccg.github.io/user/alice/did.json'
 * didWebToUrl('did:web:example.com%3A3000');           // 'https://example.com:3000/.well-known/did.json'
 * ```
 */
export function didWebToUrl(did: string): string {
  let parsed;
  try {
    parsed = parseDid(did);
  } catch {
    throw invalidDid('Not a valid did:web.');
  }
  if (parsed.method !== 'web') throw invalidDid('Not a did:web.');
  const [hostPart, ...pathParts] = parsed.id.split(':');
  const host = decodeSegment(hostPart!);
  if (host.length > 260 || !HOST_RE.test(host)) throw invalidDid('did:web domain is not a valid host name.');
  const path = pathParts.map((p) => {
    const segment = decodeSegment(p);
    if (segment === '' || segment === '.' || segment === '..' || /[/\\?#\u0000-\u001f\u007f]/.test(segment)) {
      throw invalidDid('did:web path segment is not allowed.');
    }
    return encodeURIComponent(segment);
  });
  let url: URL;
  try {
    url = new URL(`https://${host}/${path.length > 0 ? `${path.join('/')}/did.json` : '.well-known/did.json'}`);
  } catch {
    throw invalidDid('did:web does not map to a valid URL.');
  }
  if (url.username || url.password || url.search || url.hash) throw invalidDid('did:web does not map to a valid URL.');
  return url.href;
}

/**
 * The did:web for an HTTPS URL (the reverse of {@link didWebToUrl}). Accepts the document URL
 * (`…/did.json`, `…/.well-known/did.json`) or the base URL. Throws `ERR_DID_WEB_URL_INVALID` for a URL
 * that is not `https:`, carries credentials, a query or a fragment.
 *
 * @example
 * ```ts
 * didWebFromUrl('https://example.com:3000/issuers/bc/did.json'); // 'did:web:example.com%3A3000:issuers:bc'
 * ```
 */
export function didWebFromUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TrustBridgeError('ERR_DID_WEB_URL_INVALID', 'Not a valid URL.');
  }
  if (u.protocol !== 'https:' || u.username || u.password || u.search || u.hash || !u.hostname) {
    throw new TrustBridgeError('ERR_DID_WEB_URL_INVALID', 'did:web needs an https URL without credentials, query or fragment.');
  }
  let path = u.pathname;
  if (path === '/.well-known/did.json') path = '/';
  else if (path.endsWith('/did.json')) path = path.slice(0, -'/did.json'.length);
  const segments = path.split('/').filter((s, i, all) => !(s === '' && (i === 0 || i === all.length - 1)));
  const encoded = segments.map((s) => {
    const decoded = decodeURIComponent(s);
    if (decoded === '' || decoded === '.' || decoded === '..') {
      throw new TrustBridgeError('ERR_DID_WEB_URL_INVALID', 'URL path has an empty or dot segment.');
    }
    return encodeIdchars(decoded);
  });
  const did = ['did:web', encodeIdchars(u.host), ...encoded].join(':');
  didWebToUrl(did); // round-trip check
  return did;
}

/** A key for {@link createDidWebDocument}. */
export interface DidWebKey {
  /** Ed25519 public key as Multikey (`z6Mk...`). */
  publicKeyMultibase: string;
  /** Fragment (`key-1` or `#key-1`) or full DID URL; default `#<publicKeyMultibase>`. */
  id?: string;
}

/** A service entry (DID Core 1.0 §5.4); a relative `id` (`#name`) is made absolute. */
export interface DidWebService {
  id: string;
  type: string | string[];
  serviceEndpoint: unknown;
}

/** Options of {@link createDidWebDocument}. */
export interface CreateDidWebDocumentOptions {
  did: string;
  keys: DidWebKey[];
  services?: DidWebService[];
}

function absoluteId(did: string, id: string): string {
  if (id.startsWith(`${did}#`)) return id;
  const fragment = id.startsWith('#') ? id.slice(1) : id;
  if (fragment === '' || /[\s#]/.test(fragment) || fragment.startsWith('did:')) {
    throw new TrustBridgeError('ERR_DID_DOCUMENT_INVALID', 'Identifier must be a fragment or a DID URL of this DID.');
  }
  return `${did}#${fragment}`;
}

/**
 * Builds the DID document to publish at {@link didWebToUrl}(did): each key becomes a `Multikey`
 * verification method (Controlled Identifiers 1.0 §2.2.2) listed under `authentication` and
 * `assertionMethod`. Throws `ERR_DID_WEB_INVALID`, `ERR_KEY_UNSUPPORTED` / `ERR_MULTIBASE_INVALID` for
 * a key that is not an Ed25519 Multikey, or `ERR_DID_DOCUMENT_INVALID` for empty keys or duplicate ids.
 *
 * @example
 * ```ts
 * const doc = createDidWebDocument({ did: 'did:web:issuer.example', keys: [{ publicKeyMultibase, id: 'key-1' }] });
 * ```
 */
export function createDidWebDocument(options: CreateDidWebDocumentOptions): DidDocument {
  const { did, keys, services } = options;
  didWebToUrl(did);
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new TrustBridgeError('ERR_DID_DOCUMENT_INVALID', 'A did:web document needs at least one key.');
  }
  const seen = new Set<string>();
  const unique = (id: string): string => {
    if (seen.has(id)) throw new TrustBridgeError('ERR_DID_DOCUMENT_INVALID', 'Duplicate identifier in DID document.');
    seen.add(id);
    return id;
  };
  const verificationMethod = keys.map((key) => {
    decodeEd25519PublicKeyMultibase(key.publicKeyMultibase);
    const id = unique(absoluteId(did, key.id ?? key.publicKeyMultibase));
    return { id, type: 'Multikey', controller: did, publicKeyMultibase: key.publicKeyMultibase };
  });
  const ids = verificationMethod.map((vm) => vm.id);
  const service = services?.map((s) => {
    if (!s || typeof s.id !== 'string' || s.type === undefined || s.serviceEndpoint === undefined) {
      throw new TrustBridgeError('ERR_DID_DOCUMENT_INVALID', 'A service needs id, type and serviceEndpoint (DID Core 1.0 §5.4).');
    }
    return { id: unique(absoluteId(did, s.id)), type: s.type, serviceEndpoint: s.serviceEndpoint };
  });
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod,
    authentication: ids,
    assertionMethod: [...ids],
    ...(service && service.length > 0 ? { service } : {}),
  };
}

function failure(code: string, specCode: string, message: string): TrustBridgeError {
  return new TrustBridgeError(code, message, { specCode });
}

const ssrfBlocked = (): TrustBridgeError =>
  failure('ERR_DID_WEB_SSRF_BLOCKED', SpecErrors.DID_INTERNAL_ERROR, 'did:web host is not a public address; refused.');

async function checkHost(hostname: string, options: DidWebResolutionOptions): Promise<void> {
  if (options.allowPrivateNetworks === true) return;
  if (isLocalhostName(hostname)) throw ssrfBlocked();
  if (isIpLiteral(hostname)) {
    if (isNonPublicAddress(hostname)) throw ssrfBlocked();
    return;
  }
  if (!options.lookup) return;
  let addresses: unknown;
  try {
    addresses = await options.lookup(hostname.replace(/\.$/, ''));
  } catch (cause) {
    throw new TrustBridgeError('ERR_DID_WEB_DNS_FAILED', 'did:web host name could not be resolved.', {
      cause,
      specCode: SpecErrors.DID_NOT_FOUND,
    });
  }
  if (!Array.isArray(addresses) || addresses.length === 0) {
    throw failure('ERR_DID_WEB_DNS_FAILED', SpecErrors.DID_NOT_FOUND, 'did:web host name has no addresses.');
  }
  // Refuse when ANY address is non-public: a rebinding host can list a public and a private address.
  if (addresses.some((a) => typeof a !== 'string' || isNonPublicAddress(a))) throw ssrfBlocked();
}

type ResponseLike = Awaited<ReturnType<FetchLike>>;

/** Reads at most `maxBytes` of the body, streaming when the body is a WHATWG ReadableStream. */
async function readBounded(response: ResponseLike, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => failure('ERR_DID_WEB_TOO_LARGE', SpecErrors.DID_REPRESENTATION_NOT_SUPPORTED, `did:web document exceeds ${maxBytes} bytes.`);
  const body = response.body as { getReader?: () => ReadableStreamDefaultReader<Uint8Array> } | null | undefined;
  if (body && typeof body.getReader === 'function') {
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
    const out = new Uint8Array(total);
    let offset = 0;
    for (const c of chunks) {
      out.set(c, offset);
      offset += c.byteLength;
    }
    return out;
  }
  const buffer = new Uint8Array(await response.arrayBuffer());
  if (buffer.byteLength > maxBytes) throw tooLarge();
  return buffer;
}

async function fetchDocument(did: string, url: string, options: DidWebResolutionOptions, signal: AbortSignal): Promise<DidResolutionResult> {
  const fetch = options.fetch!;
  const maxBytes = options.maxBytes ?? DID_WEB_DEFAULTS.maxBytes;
  await checkHost(new URL(url).hostname, options);
  let response: ResponseLike;
  try {
    response = await fetch(url, {
      method: 'GET',
      headers: { accept: 'application/did+json, application/did+ld+json, application/json;q=0.9' },
      redirect: 'manual',
      signal,
    });
  } catch (cause) {
    throw new TrustBridgeError('ERR_DID_WEB_FETCH_FAILED', 'did:web document could not be fetched.', {
      cause,
      specCode: SpecErrors.DID_INTERNAL_ERROR,
    });
  }
  // did:web §3.2 does not allow following redirects silently: a redirect could lead to an internal host
  // that the SSRF checks never saw. A browser-style opaque redirect has status 0.
  if (response.status === 0 || (response.status >= 300 && response.status < 400)) {
    throw failure('ERR_DID_WEB_REDIRECT', SpecErrors.DID_INTERNAL_ERROR, 'did:web server answered with a redirect; refused.');
  }
  if (response.status === 404 || response.status === 410) {
    throw failure('ERR_DID_WEB_NOT_FOUND', SpecErrors.DID_NOT_FOUND, 'did:web document not found.');
  }
  if (!response.ok) {
    throw failure('ERR_DID_WEB_HTTP_ERROR', SpecErrors.DID_INTERNAL_ERROR, `did:web server answered HTTP ${response.status}.`);
  }
  const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!ACCEPTED_MEDIA_TYPES.has(mediaType)) {
    throw failure('ERR_DID_WEB_NOT_JSON', SpecErrors.DID_REPRESENTATION_NOT_SUPPORTED, 'did:web document is not served as JSON.');
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw failure('ERR_DID_WEB_TOO_LARGE', SpecErrors.DID_REPRESENTATION_NOT_SUPPORTED, `did:web document exceeds ${maxBytes} bytes.`);
  }
  const bytes = await readBounded(response, maxBytes);
  let document: unknown;
  try {
    document = parseJson(utf8Decode(bytes), { maxBytes });
  } catch (cause) {
    throw new TrustBridgeError('ERR_DID_WEB_NOT_JSON', 'did:web document is not valid JSON.', {
      cause,
      specCode: SpecErrors.DID_REPRESENTATION_NOT_SUPPORTED,
    });
  }
  if (!isObject(document)) {
    throw failure('ERR_DID_WEB_DOCUMENT_INVALID', 'invalidDidDocument', 'did:web document is not a JSON object.');
  }
  // did:web §3.2: the document's id must be the DID that was resolved.
  if (document.id !== did) {
    throw failure('ERR_DID_WEB_ID_MISMATCH', 'invalidDidDocument', 'did:web document id does not match the DID.');
  }
  const doc = document as DidDocument;
  return resolutionSuccess(doc, doc['@context'] === undefined ? 'application/did+json' : 'application/did+ld+json');
}

/**
 * Resolves a did:web (did:web §3.2) through the injected `fetch`. Never throws: every failure is a
 * resolution result with `didResolutionMetadata.error` (DID Resolution name) and `.code`:
 *
 * | code | error |
 * | --- | --- |
 * | `ERR_DID_WEB_INVALID` | `invalidDid` |
 * | `ERR_DID_WEB_FETCH_NOT_CONFIGURED`, `ERR_DID_WEB_SSRF_BLOCKED`, `ERR_DID_WEB_REDIRECT`, `ERR_DID_WEB_TIMEOUT`, `ERR_DID_WEB_FETCH_FAILED`, `ERR_DID_WEB_HTTP_ERROR` | `internalError` |
 * | `ERR_DID_WEB_NOT_FOUND`, `ERR_DID_WEB_DNS_FAILED` | `notFound` |
 * | `ERR_DID_WEB_NOT_JSON`, `ERR_DID_WEB_TOO_LARGE` | `representationNotSupported` |
 * | `ERR_DID_WEB_ID_MISMATCH`, `ERR_DID_WEB_DOCUMENT_INVALID` | `invalidDidDocument` |
 */
export async function resolveDidWeb(did: string, options: DidWebResolutionOptions = {}): Promise<DidResolutionResult> {
  let url: string;
  try {
    url = didWebToUrl(did);
  } catch (e) {
    return resolutionError(SpecErrors.DID_INVALID, 'ERR_DID_WEB_INVALID', (e as Error).message);
  }
  if (typeof options.fetch !== 'function') {
    return resolutionError(
      SpecErrors.DID_INTERNAL_ERROR,
      'ERR_DID_WEB_FETCH_NOT_CONFIGURED',
      'did:web resolution needs an injected fetch; none was configured.',
    );
  }
  const timers: TimerLike = options.timers ?? {
    setTimeout: (cb, ms) => globalThis.setTimeout(cb, ms),
    clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const timeoutMs = options.timeoutMs ?? DID_WEB_DEFAULTS.timeoutMs;
  const controller = new AbortController();
  const timeoutError = failure('ERR_DID_WEB_TIMEOUT', SpecErrors.DID_INTERNAL_ERROR, `did:web resolution timed out after ${timeoutMs} ms.`);
  let handle: unknown;
  const deadline = new Promise<never>((_, reject) => {
    handle = timers.setTimeout(() => {
      reject(timeoutError); // settle first, then abort the request and the body stream
      controller.abort(timeoutError);
    }, timeoutMs);
  });
  try {
    return await Promise.race([fetchDocument(did, url, options, controller.signal), deadline]);
  } catch (e) {
    const error = controller.signal.aborted ? timeoutError : e;
    if (error instanceof TrustBridgeError && error.specCode) return resolutionError(error.specCode, error.code, error.message);
    return resolutionError(SpecErrors.DID_INTERNAL_ERROR, 'ERR_DID_WEB_FETCH_FAILED', 'did:web document could not be fetched.');
  } finally {
    timers.clearTimeout(handle);
  }
}
