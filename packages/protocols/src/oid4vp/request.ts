/**
 * Verifier side of the OpenID4VP 1.0 authorization request: build, store and serve the request.
 *
 * - The request is passed by reference (`request_uri`, OpenID4VP 1.0 §5.7 / RFC 9101 §5.2): the wallet
 *   fetches the request object from `GET <requestUriBase>/<id>`.
 * - Signed requests use the client identifier prefix `decentralized_identifier:` (§5.9.3): the request
 *   object is a JWS with `typ: oauth-authz-req+jwt` (RFC 9101 §4, §10.8) signed by a key of the DID.
 * - Unsigned requests use the `redirect_uri:` prefix (§5.9.3), which must not be signed; the request
 *   object is then served as an unsecured JWT (`alg: none`, RFC 7519 §6) so the wallet can tell.
 * - `response_mode=direct_post` (§8.2) to `response_uri`; `nonce` and `state` are 256-bit random values
 *   and single use (the session is consumed when answered).
 */
import { base64urlEncode, isObject, systemClock, type Signer } from '@trustbridge/core';
import { signCompactJws } from '@trustbridge/jose';
import { createProtocolSession, getProtocolSession, systemRandom } from '@trustbridge/store';
import { parseDcqlQuery } from '../dcql/parse.js';
import type { DcqlQuery } from '../dcql/types.js';
import { parsePresentationDefinition, type PresentationDefinition } from '../pex/definition.js';
import { Oid4vpErrorCodes as C, oid4vpError } from './errors.js';
import { mapSessionError } from './sessions.js';
import {
  OID4VP_REQUEST_KIND,
  PURPOSE_VERIFIER_INFO_FORMAT,
  VP_FORMATS_SUPPORTED,
  type AuthorizationRequestParameters,
  type Oid4vpVerifierContext,
  type StoredAuthorizationRequest,
} from './types.js';

/** The media type of a request object (RFC 9101 §10.8). */
export const REQUEST_OBJECT_MEDIA_TYPE = 'application/oauth-authz-req+jwt';
/** The `typ` of a request object (RFC 9101 §4, OpenID4VP 1.0 §5). */
export const REQUEST_OBJECT_TYP = 'oauth-authz-req+jwt';
/** The static `aud` of a request object for wallets without discovered metadata (OpenID4VP 1.0 §5.8). */
export const SELF_ISSUED_AUDIENCE = 'https://self-issued.me/v2';
/** Default lifetime of an authorization request, seconds. */
export const DEFAULT_REQUEST_TTL_SECONDS = 600;
/** Longest stated purpose, characters. */
export const MAX_PURPOSE_LENGTH = 512;

/** Options of {@link createAuthorizationRequest}. */
export interface CreateAuthorizationRequestOptions extends Oid4vpVerifierContext {
  /** The DCQL query (validated with `parseDcqlQuery`). Exactly one of `dcqlQuery` and `presentationDefinition`. */
  dcqlQuery?: unknown;
  /**
   * A DIF Presentation Exchange 2.0 `presentation_definition` (validated with `parsePresentationDefinition`),
   * for counterparts that do not speak DCQL. Exactly one of `dcqlQuery` and `presentationDefinition`.
   */
  presentationDefinition?: unknown;
  /**
   * For signed requests the verifier's DID (the client id becomes `decentralized_identifier:<did>`);
   * for unsigned requests ignored (the client id is `redirect_uri:<responseUri>`). A value that already
   * carries a prefix is used as given.
   */
  clientId?: string;
  /** Where the wallet posts the response (`direct_post`, §8.2). */
  responseUri: string;
  /** Base URL the request objects are served from; the request URI is `<requestUriBase>/<id>`. */
  requestUriBase: string;
  /** Sign the request object (required for `decentralized_identifier:`). */
  signed: boolean;
  /** The verifier's signer (`id` a DID URL of `clientId`); required when `signed`. */
  signer?: Signer;
  /** The verifier's stated purpose, e.g. `kyb-account-opening` (sent as `verifier_info`, §5.1). */
  purpose?: string;
  /** Returned to the wallet after a successful response (`redirect_uri`, §8.2). */
  redirectUri?: string;
  /** Lifetime in seconds (default {@link DEFAULT_REQUEST_TTL_SECONDS}). */
  ttlSeconds?: number;
}

/** The created request: what to show the wallet (QR code / link) and what was stored. */
export interface CreatedAuthorizationRequest {
  /** The request id (also its `state`). */
  id: string;
  state: string;
  nonce: string;
  clientId: string;
  /** Where the request object is served. */
  requestUri: string;
  /** `openid4vp://?client_id=…&request_uri=…` (§5.7), for a QR code or a same-device link. */
  authorizationRequestUri: string;
  /**
   * The same request passed by value (§5): `openid4vp://?client_id=…&request=<signed JWT>` when signed;
   * for an unsigned `redirect_uri:` client the plain parameters (`client_id`, `response_type`,
   * `response_mode`, `response_uri`, `nonce`, `state`, `dcql_query` or `presentation_definition` as JSON,
   * `client_metadata`, `verifier_info`). Wallets refuse unsigned requests unless their policy allows them.
   */
  authorizationRequestUriByValue: string;
  /** The request object (compact JWS, or unsecured JWT when unsigned). */
  requestObject: string;
  /** The request parameters (by value). */
  parameters: AuthorizationRequestParameters;
  expiresAt: Date;
}

function requireUrl(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length > 2048) throw oid4vpError(C.OPTIONS_INVALID, `${name} must be a URL.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw oid4vpError(C.OPTIONS_INVALID, `${name} must be a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw oid4vpError(C.OPTIONS_INVALID, `${name} must be an http(s) URL.`);
  return value;
}

/** An unsecured JWT (RFC 7519 §6.1): `{"alg":"none"}` header, empty signature. */
export function encodeUnsecuredJwt(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  const enc = (v: unknown) => base64urlEncode(new TextEncoder().encode(JSON.stringify(v)));
  return `${enc({ alg: 'none', ...header })}.${enc(payload)}.`;
}

/**
 * Creates an OpenID4VP 1.0 authorization request with a DCQL query, stores it as a single-use,
 * expiring protocol session (`oid4vp.request`), and returns the `openid4vp://` URI that refers to the
 * request object by `request_uri`.
 *
 * @example
 * ```ts
 * const req = await createAuthorizationRequest({
 *   store, dcqlQuery, clientId: verifierDid, signer, signed: true, purpose: 'kyb-account-opening',
 *   responseUri: 'https://bank.example/oid4vp/response', requestUriBase: 'https://bank.example/oid4vp/requests',
 * });
 * showQr(req.authorizationRequestUri);
 * ```
 */
export async function createAuthorizationRequest(options: CreateAuthorizationRequestOptions): Promise<CreatedAuthorizationRequest> {
  if (!isObject(options)) throw oid4vpError(C.OPTIONS_INVALID, 'options must be an object.');
  const clock = options.clock ?? systemClock;
  const random = options.random ?? systemRandom;
  if ((options.dcqlQuery === undefined) === (options.presentationDefinition === undefined)) {
    throw oid4vpError(C.OPTIONS_INVALID, 'Give exactly one of dcqlQuery and presentationDefinition.');
  }
  const dcqlQuery: DcqlQuery | undefined = options.dcqlQuery !== undefined ? parseDcqlQuery(options.dcqlQuery) : undefined;
  const presentationDefinition: PresentationDefinition | undefined =
    options.presentationDefinition !== undefined ? parsePresentationDefinition(options.presentationDefinition) : undefined;
  const responseUri = requireUrl(options.responseUri, 'responseUri');
  const requestUriBase = requireUrl(options.requestUriBase, 'requestUriBase').replace(/\/+$/, '');
  if (options.redirectUri !== undefined) requireUrl(options.redirectUri, 'redirectUri');
  if (typeof options.signed !== 'boolean') throw oid4vpError(C.OPTIONS_INVALID, 'signed must be a boolean.');
  if (options.purpose !== undefined && (typeof options.purpose !== 'string' || options.purpose.length === 0 || options.purpose.length > MAX_PURPOSE_LENGTH)) {
    throw oid4vpError(C.OPTIONS_INVALID, `purpose must be a string of 1–${MAX_PURPOSE_LENGTH} characters.`);
  }
  let clientId: string;
  if (options.signed) {
    if (!options.signer || typeof options.signer.sign !== 'function') throw oid4vpError(C.OPTIONS_INVALID, 'A signer is required for a signed request.');
    const raw = options.clientId ?? options.signer.id.split('#')[0]!;
    const did = raw.startsWith('decentralized_identifier:') ? raw.slice('decentralized_identifier:'.length) : raw;
    if (!did.startsWith('did:')) throw oid4vpError(C.OPTIONS_INVALID, 'A signed request needs the verifier DID as clientId.');
    if (!options.signer.id.startsWith(`${did}#`)) throw oid4vpError(C.OPTIONS_INVALID, 'The signer must be a verification method of the client DID.');
    clientId = `decentralized_identifier:${did}`;
  } else {
    // §5.9.3: with `redirect_uri:` the client id is the response URI and the request is not signed.
    clientId = `redirect_uri:${responseUri}`;
  }
  const state = base64urlEncode(random(32));
  const nonce = base64urlEncode(random(32));
  const now = clock();
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_REQUEST_TTL_SECONDS;
  const parameters: AuthorizationRequestParameters = {
    client_id: clientId,
    response_type: 'vp_token',
    response_mode: 'direct_post',
    response_uri: responseUri,
    nonce,
    state,
    ...(dcqlQuery ? { dcql_query: dcqlQuery } : { presentation_definition: presentationDefinition! }),
    client_metadata: { vp_formats_supported: VP_FORMATS_SUPPORTED },
    ...(options.purpose !== undefined
      ? { verifier_info: [{ format: PURPOSE_VERIFIER_INFO_FORMAT, data: { purpose: options.purpose } }] }
      : {}),
  };
  const iat = Math.floor(now.getTime() / 1000);
  const claims = { ...parameters, aud: SELF_ISSUED_AUDIENCE, iat, exp: iat + ttlSeconds };
  const requestObject = options.signed
    ? await signCompactJws({ typ: REQUEST_OBJECT_TYP, kid: options.signer!.id }, { ...claims, iss: clientId }, options.signer!)
    : encodeUnsecuredJwt({ typ: REQUEST_OBJECT_TYP }, claims);
  const stored: StoredAuthorizationRequest = {
    requestId: state,
    state,
    nonce,
    clientId,
    audience: clientId,
    ...(dcqlQuery ? { dcqlQuery } : { presentationDefinition: presentationDefinition! }),
    signed: options.signed,
    requestObject,
    ...(options.purpose !== undefined ? { purpose: options.purpose } : {}),
    ...(options.redirectUri !== undefined ? { redirectUri: options.redirectUri } : {}),
    createdAt: now.toISOString(),
  };
  const session = await createProtocolSession(
    options.store,
    { kind: OID4VP_REQUEST_KIND, id: state, data: stored, ttlSeconds, maxAttempts: 3 },
    { clock },
  );
  const requestUri = `${requestUriBase}/${encodeURIComponent(state)}`;
  const authorizationRequestUri = `openid4vp://?${new URLSearchParams({ client_id: clientId, request_uri: requestUri }).toString()}`;
  const authorizationRequestUriByValue = options.signed
    ? `openid4vp://?${new URLSearchParams({ client_id: clientId, request: requestObject }).toString()}`
    : `openid4vp://?${encodeParameters(parameters)}`;
  return { id: state, state, nonce, clientId, requestUri, authorizationRequestUri, authorizationRequestUriByValue, requestObject, parameters, expiresAt: session.expiresAt };
}

/** Encodes request parameters as URI query parameters (§5: objects and arrays as JSON text). */
export function encodeParameters(parameters: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(parameters)) {
    if (v === undefined) continue;
    q.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  }
  return q.toString();
}

/**
 * The request object of a live authorization request, for `GET <requestUriBase>/:id` (served as
 * {@link REQUEST_OBJECT_MEDIA_TYPE}). Throws `ERR_OID4VP_NOT_FOUND`, `ERR_OID4VP_RESPONSE_REPLAYED`
 * (already answered) or `ERR_OID4VP_REQUEST_EXPIRED`.
 */
export async function getRequestObject(id: string, context: Oid4vpVerifierContext): Promise<string> {
  if (typeof id !== 'string' || id.length === 0 || id.length > 512) throw oid4vpError(C.NOT_FOUND, 'Unknown authorization request.');
  try {
    const session = await getProtocolSession<StoredAuthorizationRequest>(context.store, { kind: OID4VP_REQUEST_KIND, id }, { ...(context.clock ? { clock: context.clock } : {}) });
    return session.data.requestObject;
  } catch (error) {
    throw mapSessionError(error, C.NOT_FOUND);
  }
}
