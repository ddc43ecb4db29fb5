/**
 * Wallet-side helpers for OpenID4VP 1.0 requests: fetch a `request_uri` safely, and validate a request
 * object (signature, `typ`, client identifier prefix). The full wallet lives in `@trustbridge/wallet`.
 */
import { isObject, parseJson, systemClock, type Clock, type VerificationMethodResolver } from '@trustbridge/core';
import { isIpLiteral, isLocalhostName, isNonPublicAddress, parseDidUrl, type LookupLike } from '@trustbridge/did';
import { checkAlgorithm, decodeSegment, parseCompactJws, publicKeyFromVerificationMethod, verifyJwsSignature } from '@trustbridge/jose';
import { parseDcqlQuery } from '../dcql/parse.js';
import { parsePresentationDefinition } from '../pex/definition.js';
import { Oid4vpErrorCodes as C, oid4vpError } from './errors.js';
import { REQUEST_OBJECT_MEDIA_TYPE, REQUEST_OBJECT_TYP } from './request.js';
import { PURPOSE_VERIFIER_INFO_FORMAT, type AuthorizationRequestParameters } from './types.js';

/** Largest request object accepted, bytes (default). */
export const DEFAULT_MAX_REQUEST_OBJECT_BYTES = 64 * 1024;

/** A fetch the caller injects (WHATWG `fetch` shape, only what is used). */
export type RequestObjectFetch = (
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; redirect: 'manual'; body?: string; signal?: AbortSignal },
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
  /** `request_uri_method` of the authorization request (§5.10): `get` (default) or `post`. */
  method?: 'get' | 'post';
  /** With `post`: the `wallet_nonce` to send (§5.10.1); the request object must then carry it. */
  walletNonce?: string;
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
  if (options.method !== undefined && options.method !== 'get' && options.method !== 'post') throw oid4vpError(C.OPTIONS_INVALID, 'method must be get or post.');
  let response: Awaited<ReturnType<RequestObjectFetch>>;
  try {
    const post = options.method === 'post';
    response = await options.fetch(
      url.href,
      post
        ? {
            method: 'POST',
            headers: { accept: REQUEST_OBJECT_MEDIA_TYPE, 'content-type': 'application/x-www-form-urlencoded' },
            redirect: 'manual',
            body: new URLSearchParams(options.walletNonce !== undefined ? { wallet_nonce: options.walletNonce } : {}).toString(),
          }
        : { method: 'GET', headers: { accept: REQUEST_OBJECT_MEDIA_TYPE }, redirect: 'manual' },
    );
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
  /** The `wallet_nonce` sent with `request_uri_method=post`; the request object must carry it (§5.10.1). */
  walletNonce?: string;
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
  if (typeof payload.nbf === 'number' && payload.nbf > now + 60) throw oid4vpError(C.REQUEST_OBJECT_INVALID, 'The request object is not yet valid.');
  if (options.walletNonce !== undefined && payload.wallet_nonce !== options.walletNonce) throw oid4vpError(C.REQUEST_OBJECT_INVALID, 'The request object does not carry the wallet_nonce.');
  const parameters = checkRequestParameters(payload, C.REQUEST_OBJECT_INVALID);
  const purpose = purposeOf(parameters);
  return { parameters, signed: !unsigned, clientIdPrefix: prefix, ...(verifierDid ? { verifierDid } : {}), ...(purpose ? { purpose } : {}) };
}

/**
 * Checks the members every authorization request needs (§5.1): `response_type=vp_token`,
 * `response_mode=direct_post`, `response_uri`, `nonce`, `state`, and exactly one of a valid `dcql_query`
 * or a valid (supported subset) `presentation_definition`. Answers the parameters with the query parsed.
 */
function checkRequestParameters(payload: Record<string, unknown>, code: typeof C.REQUEST_OBJECT_INVALID | typeof C.INVALID_REQUEST): AuthorizationRequestParameters {
  if (payload.response_type !== 'vp_token') throw oid4vpError(code, 'response_type must be vp_token.');
  if (payload.response_mode !== 'direct_post') throw oid4vpError(code, 'response_mode must be direct_post.');
  for (const name of ['response_uri', 'nonce', 'state'] as const) {
    if (typeof payload[name] !== 'string' || (payload[name] as string).length === 0) throw oid4vpError(code, `${name} is required.`);
  }
  const hasDcql = payload.dcql_query !== undefined;
  const hasPd = payload.presentation_definition !== undefined;
  if (hasDcql && hasPd) throw oid4vpError(code, 'dcql_query and presentation_definition are mutually exclusive.');
  if (hasPd) {
    try {
      return { ...payload, presentation_definition: parsePresentationDefinition(payload.presentation_definition) } as AuthorizationRequestParameters;
    } catch (cause) {
      throw oid4vpError(code, 'presentation_definition is invalid or outside the supported subset.', { cause });
    }
  }
  try {
    return { ...payload, dcql_query: parseDcqlQuery(payload.dcql_query) } as AuthorizationRequestParameters;
  } catch (cause) {
    throw oid4vpError(code, 'dcql_query is missing or invalid.', { cause });
  }
}

/** Options of {@link validateAuthorizationRequestParameters}. */
export interface ValidateAuthorizationRequestParametersOptions {
  /** Refuse unsigned requests (plain parameters are always unsigned). Default true. */
  requireSigned?: boolean;
}

/** Request parameters carried as JSON text in a URI (§5). */
const JSON_PARAMETERS = ['dcql_query', 'presentation_definition', 'client_metadata', 'verifier_info', 'transaction_data'] as const;

/**
 * Validates an authorization request passed by value as plain URI parameters (OpenID4VP 1.0 §5, no
 * request object). Such a request is unsigned, so it is accepted only with `requireSigned: false` and
 * only from a `redirect_uri:` client whose `response_uri` equals the client id (§5.9.3). The parameters
 * are checked first (`ERR_OID4VP_INVALID_REQUEST`), then the policy (`ERR_OID4VP_REQUEST_NOT_SIGNED`,
 * `ERR_OID4VP_CLIENT_ID_UNSUPPORTED`).
 */
export function validateAuthorizationRequestParameters(
  params: Record<string, string>,
  options: ValidateAuthorizationRequestParametersOptions = {},
): ValidatedAuthorizationRequest {
  const requireSigned = options.requireSigned !== false;
  if (!isObject(params)) throw oid4vpError(C.INVALID_REQUEST, 'The request parameters must be an object.');
  const payload: Record<string, unknown> = { ...params };
  for (const name of JSON_PARAMETERS) {
    const raw = params[name];
    if (raw === undefined) continue;
    try {
      payload[name] = parseJson(raw, { maxBytes: DEFAULT_MAX_REQUEST_OBJECT_BYTES, maxDepth: 32 });
    } catch (cause) {
      throw oid4vpError(C.INVALID_REQUEST, `${name} must be JSON.`, { cause });
    }
  }
  const clientId = payload.client_id;
  if (typeof clientId !== 'string' || clientId.length === 0) throw oid4vpError(C.INVALID_REQUEST, 'client_id is required.');
  const parameters = checkRequestParameters(payload, C.INVALID_REQUEST);
  const colon = clientId.indexOf(':');
  const prefix = colon > 0 ? clientId.slice(0, colon) : '';
  if (!(SUPPORTED_PREFIXES as readonly string[]).includes(prefix)) {
    throw oid4vpError(C.CLIENT_ID_UNSUPPORTED, 'Unsupported client identifier prefix.', { details: { supported: [...SUPPORTED_PREFIXES] } });
  }
  if (requireSigned || prefix !== 'redirect_uri') {
    throw oid4vpError(C.REQUEST_NOT_SIGNED, 'The request is passed as plain parameters (unsigned) but a signed request is required.');
  }
  if (parameters.response_uri !== clientId.slice(colon + 1)) throw oid4vpError(C.INVALID_REQUEST, 'response_uri must equal the redirect_uri client id.');
  const purpose = purposeOf(parameters);
  return { parameters, signed: false, clientIdPrefix: prefix, ...(purpose ? { purpose } : {}) };
}

/** The verifier's stated purpose in a request (`verifier_info` entry {@link PURPOSE_VERIFIER_INFO_FORMAT}). */
export function purposeOf(parameters: Pick<AuthorizationRequestParameters, 'verifier_info'>): string | undefined {
  const info = Array.isArray(parameters.verifier_info) ? parameters.verifier_info : [];
  const entry = info.find((e) => isObject(e) && e.format === PURPOSE_VERIFIER_INFO_FORMAT);
  const purpose = entry && isObject(entry.data) ? entry.data.purpose : undefined;
  return typeof purpose === 'string' ? purpose : undefined;
}

/** How an authorization request URI carries its request (§5). */
export type AuthorizationRequestReference =
  | { by: 'reference'; clientId: string; requestUri: string; requestUriMethod: 'get' | 'post' }
  | { by: 'value'; clientId: string; request: string }
  | { by: 'parameters'; clientId: string; parameters: Record<string, string> };

/** Longest authorization request URI accepted, characters. */
export const MAX_AUTHORIZATION_REQUEST_URI_LENGTH = 64 * 1024;

/**
 * Reads an `openid4vp://` (or any scheme) authorization request URI (§5): by reference (`request_uri`,
 * optional `request_uri_method`), by value as a request object (`request`), or by value as plain
 * parameters. `request` and `request_uri` are mutually exclusive; a repeated parameter is refused.
 * Throws `ERR_OID4VP_INVALID_REQUEST` or `ERR_OID4VP_TOO_LARGE`.
 */
export function readAuthorizationRequestUri(uri: string): AuthorizationRequestReference {
  if (typeof uri !== 'string') throw oid4vpError(C.INVALID_REQUEST, 'Not an authorization request URI.');
  if (uri.length > MAX_AUTHORIZATION_REQUEST_URI_LENGTH) throw oid4vpError(C.TOO_LARGE, 'The authorization request URI is too large.');
  let url: URL;
  try {
    url = new URL(uri.trim());
  } catch {
    throw oid4vpError(C.INVALID_REQUEST, 'Not an authorization request URI.');
  }
  const params: Record<string, string> = {};
  for (const [k, v] of url.searchParams) {
    if (Object.prototype.hasOwnProperty.call(params, k)) throw oid4vpError(C.INVALID_REQUEST, `Parameter ${k} is repeated.`);
    params[k] = v;
  }
  const clientId = params.client_id;
  if (!clientId) throw oid4vpError(C.INVALID_REQUEST, 'client_id is required.');
  const requestUri = params.request_uri;
  const request = params.request;
  if (requestUri !== undefined && request !== undefined) throw oid4vpError(C.INVALID_REQUEST, 'request and request_uri are mutually exclusive.');
  if (requestUri !== undefined) {
    const method = params.request_uri_method ?? 'get';
    if (method !== 'get' && method !== 'post') throw oid4vpError(C.INVALID_REQUEST, 'request_uri_method must be get or post.');
    if (!requestUri) throw oid4vpError(C.INVALID_REQUEST, 'request_uri is empty.');
    return { by: 'reference', clientId, requestUri, requestUriMethod: method };
  }
  if (request !== undefined) {
    if (!request) throw oid4vpError(C.INVALID_REQUEST, 'request is empty.');
    return { by: 'value', clientId, request };
  }
  return { by: 'parameters', clientId, parameters: params };
}

/** Reads `client_id` and `request_uri` from an `openid4vp://` authorization request URI by reference (§5.7). */
export function parseAuthorizationRequestUri(uri: string): { clientId: string; requestUri: string } {
  const read = readAuthorizationRequestUri(uri);
  if (read.by !== 'reference') throw oid4vpError(C.INVALID_REQUEST, 'client_id and request_uri are required.');
  return { clientId: read.clientId, requestUri: read.requestUri };
}
