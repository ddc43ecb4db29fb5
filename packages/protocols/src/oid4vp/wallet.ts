/**
 * Wallet-side helpers for OpenID4VP 1.0 requests: fetch a `request_uri` safely, and validate a request
 * object (signature, `typ`, client identifier prefix). The full wallet lives in `@trustbridge/wallet`.
 */
import { isObject, systemClock, type Clock, type VerificationMethodResolver } from '@trustbridge/core';
import { isIpLiteral, isLocalhostName, isNonPublicAddress, parseDidUrl, type LookupLike } from '@trustbridge/did';
import { checkAlgorithm, decodeSegment, parseCompactJws, publicKeyFromVerificationMethod, verifyJwsSignature } from '@trustbridge/jose';
import { parseDcqlQuery } from '../dcql/parse.js';
import { Oid4vpErrorCodes as C, oid4vpError } from './errors.js';
import { REQUEST_OBJECT_MEDIA_TYPE, REQUEST_OBJECT_TYP } from './request.js';
import { PURPOSE_VERIFIER_INFO_FORMAT, type AuthorizationRequestParameters } from './types.js';

/** Largest request object accepted, bytes (default). */
export const DEFAULT_MAX_REQUEST_OBJECT_BYTES = 64 * 1024;

/** A fetch the caller injects (WHATWG `fetch` shape, only what is used). */
export type RequestObjectFetch = (
  url: string,
  init: { method: 'GET'; headers: Record<string, string>; redirect: 'manual'; signal?: AbortSignal },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

/** Options of {@link fetchRequestObject}. */
export interface FetchRequestObjectOptions {
  fetch: RequestObjectFetch;
  /** Allow http, loopback and private addresses (tests, development). Default false. */
  allowPrivateNetworks?: boolean;
  /** DNS lookup used to refuse host names that resolve to non-public addresses (recommended). */
  lookup?: LookupLike;
  /** Default {@link DEFAULT_MAX_REQUEST_OBJECT_BYTES}. */
  maxBytes?: number;
}

/**
 * Fetches a request object from `request_uri` (OpenID4VP 1.0 §5.7, RFC 9101 §5.2) with the SSRF checks of
 * `@trustbridge/did`: https only, and no loopback, private, link-local or other non-public address
 * (IP literal, `localhost`, or — with `lookup` — any address the name resolves to) unless
 * `allowPrivateNetworks`. Redirects are refused; the body is bounded. Throws
 * `ERR_OID4VP_REQUEST_URI_FORBIDDEN`, `ERR_OID4VP_REQUEST_URI_FETCH_FAILED` or `ERR_OID4VP_TOO_LARGE`.
 *
 * Limit: the address check and the connection are separate steps (DNS rebinding between them is
 * not prevented here; pin the address in the injected fetch where that matters).
 */
export async function fetchRequestObject(uri: string, options: FetchRequestObjectOptions): Promise<string> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_REQUEST_OBJECT_BYTES;
  let url: URL;
  try {
    if (typeof uri !== 'string' || uri.length > 2048) throw new Error('bad');
    url = new URL(uri);
  } catch {
    throw oid4vpError(C.REQUEST_URI_FORBIDDEN, 'request_uri is not a valid URL.');
  }
  const allowPrivate = options.allowPrivateNetworks === true;
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) {
    throw oid4vpError(C.REQUEST_URI_FORBIDDEN, 'request_uri must use https.');
  }
  if (url.username || url.password) throw oid4vpError(C.REQUEST_URI_FORBIDDEN, 'request_uri must not carry credentials.');
  if (!allowPrivate) {
    // WHATWG URL parsing already normalises IPv4 forms (`0x7f.1`, `2130706433`); IPv6 keeps its brackets.
    const host = url.hostname;
    if (isLocalhostName(host)) throw oid4vpError(C.REQUEST_URI_FORBIDDEN, 'request_uri points to a loopback host.');
    if (isIpLiteral(host)) {
      if (isNonPublicAddress(host)) throw oid4vpError(C.REQUEST_URI_FORBIDDEN, 'request_uri points to a non-public address.');
    } else if (options.lookup) {
      let addresses: string[];
      try {
        addresses = await options.lookup(host.replace(/\.$/, ''));
      } catch (cause) {
        throw oid4vpError(C.REQUEST_URI_FETCH_FAILED, 'request_uri host could not be resolved.', { cause });
      }
      if (addresses.length === 0 || addresses.some((a) => typeof a !== 'string' || isNonPublicAddress(a))) {
        throw oid4vpError(C.REQUEST_URI_FORBIDDEN, 'request_uri resolves to a non-public address.');
      }
    }
  }
  let response: Awaited<ReturnType<RequestObjectFetch>>;
  try {
    response = await options.fetch(url.href, { method: 'GET', headers: { accept: REQUEST_OBJECT_MEDIA_TYPE }, redirect: 'manual' });
  } catch (cause) {
    throw oid4vpError(C.REQUEST_URI_FETCH_FAILED, 'request_uri could not be fetched.', { cause });
  }
  if (response.status === 0 || (response.status >= 300 && response.status < 400)) {
    throw oid4vpError(C.REQUEST_URI_FETCH_FAILED, 'request_uri answered with a redirect; refused.');
  }
  if (response.status !== 200) throw oid4vpError(C.REQUEST_URI_FETCH_FAILED, 'request_uri did not answer 200.', { details: { status: response.status } });
  const length = Number(response.headers.get('content-length') ?? '0');
  if (length > maxBytes) throw oid4vpError(C.TOO_LARGE, 'The request object is too large.', { details: { maxBytes } });
  const text = await response.text();
  if (Buffer.byteLength(text, 'utf8') > maxBytes) throw oid4vpError(C.TOO_LARGE, 'The request object is too large.', { details: { maxBytes } });
  return text.trim();
}

/** Options of {@link validateRequestObject}. */
export interface ValidateRequestObjectOptions {
  /** Refuse unsigned request objects (`alg: none`). Default true. */
  requireSigned?: boolean;
  /** Resolves the `kid` of a `decentralized_identifier:` request (e.g. `createVerificationMethodResolver`). */
  resolveVerificationMethod?: VerificationMethodResolver;
  /** The `client_id` of the authorization request URI; must equal the request object's (RFC 9101 §5). */
  expectedClientId?: string;
  /** Allowed JWS algorithms (default EdDSA, ES256). */
  algorithms?: readonly string[];
  clock?: Clock;
  maxBytes?: number;
}

/** A validated request: its parameters, whether it was signed, and the verifier's stated purpose. */
export interface ValidatedAuthorizationRequest {
  parameters: AuthorizationRequestParameters;
  signed: boolean;
  /** The client identifier prefix (§5.9), e.g. `decentralized_identifier`, `redirect_uri`. */
  clientIdPrefix: string;
  /** The DID of a `decentralized_identifier:` client. */
  verifierDid?: string;
  purpose?: string;
}

const SUPPORTED_PREFIXES = ['decentralized_identifier', 'redirect_uri'] as const;

/**
 * Validates a request object (OpenID4VP 1.0 §5, RFC 9101) for a wallet: `typ: oauth-authz-req+jwt`,
 * the client identifier prefix (§5.9.3: `decentralized_identifier:` must be signed by a key of that DID
 * named by `kid`; `redirect_uri:` must not be signed and its `response_uri` must equal the client id),
 * `exp`, `response_type=vp_token`, `response_mode=direct_post`, `nonce`, `state`, and a valid
 * `dcql_query`. Throws `ERR_OID4VP_REQUEST_NOT_SIGNED`, `ERR_OID4VP_REQUEST_SIGNATURE_INVALID`,
 * `ERR_OID4VP_REQUEST_OBJECT_INVALID`, `ERR_OID4VP_CLIENT_ID_UNSUPPORTED`, `ERR_OID4VP_TOO_LARGE`.
 */
export async function validateRequestObject(jwt: string, options: ValidateRequestObjectOptions = {}): Promise<ValidatedAuthorizationRequest> {
  const requireSigned = options.requireSigned !== false;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_REQUEST_OBJECT_BYTES;
  if (typeof jwt !== 'string') throw oid4vpError(C.REQUEST_OBJECT_INVALID, 'The request object must be a JWT.');
  if (jwt.length > maxBytes) throw oid4vpError(C.TOO_LARGE, 'The request object is too large.', { details: { maxBytes } });
  const parts = jwt.trim().split('.');
  if (parts.length !== 3) throw oid4vpError(C.REQUEST_OBJECT_INVALID, 'The request object must be a compact JWT.');
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = JSON.parse(decodeSegment(parts[0]!, 'header').toString('utf8')) as Record<string, unknown>;
    payload = JSON.parse(decodeSegment(parts[1]!, 'payload').toString('utf8')) as Record<string, unknown>;
  } catch (cause) {
    throw oid4vpError(C.REQUEST_OBJECT_INVALID, 'The request object could not be decoded.', { cause });
  }
  if (!isObject(header) || !isObject(payload)) throw oid4vpError(C.REQUEST_OBJECT_INVALID, 'The request object must be a JWT.');
  if (header.typ !== REQUEST_OBJECT_TYP) throw oid4vpError(C.REQUEST_OBJECT_INVALID, `The request object typ must be ${REQUEST_OBJECT_TYP}.`);
  const unsigned = header.alg === 'none' || parts[2] === '';
  const clientId = payload.client_id;
  if (typeof clientId !== 'string' || clientId.length === 0) throw oid4vpError(C.REQUEST_OBJECT_INVALID, 'client_id is required.');
  if (options.expectedClientId !== undefined && options.expectedClientId !== clientId) {
    throw oid4vpError(C.REQUEST_OBJECT_INVALID, 'client_id differs from the authorization request.');
  }
  const colon = clientId.indexOf(':');
  const prefix = colon > 0 ? clientId.slice(0, colon) : '';
  if (!(SUPPORTED_PREFIXES as readonly string[]).includes(prefix)) {
    throw oid4vpError(C.CLIENT_ID_UNSUPPORTED, 'Unsupported client identifier prefix.', { details: { supported: [...SUPPORTED_PREFIXES] } });
  }
  if (unsigned && (requireSigned || prefix === 'decentralized_identifier')) {
    throw oid4vpError(C.REQUEST_NOT_SIGNED, 'The request object is not signed but a signed request is required.');
  }
  let verifierDid: string | undefined;
  if (prefix === 'redirect_uri') {
    // §5.9.3: requests with the redirect_uri prefix cannot be signed.
    if (!unsigned) throw oid4vpError(C.REQUEST_OBJECT_INVALID, 'A redirect_uri client must not sign its request.');
    if (payload.response_uri !== clientId.slice(colon + 1)) throw oid4vpError(C.REQUEST_OBJECT_INVALID, 'response_uri must equal the redirect_uri client id.');
  } else {
    verifierDid = clientId.slice(colon + 1);
    const kid = header.kid;
    if (typeof kid !== 'string' || !kid.startsWith(`${verifierDid}#`)) {
      throw oid4vpError(C.REQUEST_SIGNATURE_INVALID, 'The request object kid must be a verification method of the client DID.');
    }
    if (!options.resolveVerificationMethod) throw oid4vpError(C.OPTIONS_INVALID, 'resolveVerificationMethod is required to verify a signed request.');
    try {
      parseDidUrl(kid);
      const parsed = parseCompactJws(jwt.trim(), { maxBytes, what: 'request object' });
      const alg = checkAlgorithm(parsed.header, options.algorithms ?? ['EdDSA', 'ES256']);
      const vm = await options.resolveVerificationMethod(kid, 'authentication').catch(() => options.resolveVerificationMethod!(kid, 'assertionMethod'));
      const key = publicKeyFromVerificationMethod(vm);
      if (!verifyJwsSignature(alg, key, parsed.signingInput, parsed.signature)) throw new Error('signature');
    } catch (cause) {
      throw oid4vpError(C.REQUEST_SIGNATURE_INVALID, 'Request object signature verification failed.', { cause });
    }
  }
  const now = Math.floor((options.clock ?? systemClock)().getTime() / 1000);
  if (typeof payload.exp === 'number' && payload.exp < now - 60) throw oid4vpError(C.REQUEST_OBJECT_INVALID, 'The request object has expired.');
  if (payload.response_type !== 'vp_token') throw oid4vpError(C.REQUEST_OBJECT_INVALID, 'response_type must be vp_token.');
  if (payload.response_mode !== 'direct_post') throw oid4vpError(C.REQUEST_OBJECT_INVALID, 'response_mode must be direct_post.');
  for (const name of ['response_uri', 'nonce', 'state'] as const) {
    if (typeof payload[name] !== 'string' || (payload[name] as string).length === 0) throw oid4vpError(C.REQUEST_OBJECT_INVALID, `${name} is required.`);
  }
  let dcql;
  try {
    dcql = parseDcqlQuery(payload.dcql_query);
  } catch (cause) {
    throw oid4vpError(C.REQUEST_OBJECT_INVALID, 'dcql_query is missing or invalid.', { cause });
  }
  const parameters = { ...payload, dcql_query: dcql } as AuthorizationRequestParameters;
  const purpose = purposeOf(parameters);
  return { parameters, signed: !unsigned, clientIdPrefix: prefix, ...(verifierDid ? { verifierDid } : {}), ...(purpose ? { purpose } : {}) };
}

/** The verifier's stated purpose in a request (`verifier_info` entry {@link PURPOSE_VERIFIER_INFO_FORMAT}). */
export function purposeOf(parameters: Pick<AuthorizationRequestParameters, 'verifier_info'>): string | undefined {
  const info = Array.isArray(parameters.verifier_info) ? parameters.verifier_info : [];
  const entry = info.find((e) => isObject(e) && e.format === PURPOSE_VERIFIER_INFO_FORMAT);
  const purpose = entry && isObject(entry.data) ? entry.data.purpose : undefined;
  return typeof purpose === 'string' ? purpose : undefined;
}

/** Reads `client_id` and `request_uri` from an `openid4vp://` authorization request URI (§5.7). */
export function parseAuthorizationRequestUri(uri: string): { clientId: string; requestUri: string } {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw oid4vpError(C.INVALID_REQUEST, 'Not an authorization request URI.');
  }
  const clientId = url.searchParams.get('client_id');
  const requestUri = url.searchParams.get('request_uri');
  if (!clientId || !requestUri) throw oid4vpError(C.INVALID_REQUEST, 'client_id and request_uri are required.');
  return { clientId, requestUri };
}
