/**
 * Holder side of OpenID for Verifiable Presentations 1.0: the authorization request (§5) by reference
 * (`request_uri`, §5.10, RFC 9101) as a signed request object (`typ: oauth-authz-req+jwt`), verified
 * against the key of the `decentralized_identifier:` client identifier (§5.9.3); and the
 * `direct_post` response (§8.2).
 */
import { isObject, type DidResolver } from '@trustbridge/core';
import { createVerificationMethodResolver } from '@trustbridge/did';
import { checkAlgorithm, parseCompactJws, publicKeyFromVerificationMethod, verifyJwsSignature } from '@trustbridge/jose';
import { checkDcqlQuery, type DcqlQuery } from './dcql.js';
import { walletError, WalletErrorCodes } from './errors.js';
import { checkUrl, formBody, request, type HttpContext } from './http.js';

export const REQUEST_OBJECT_TYP = 'oauth-authz-req+jwt';
const DID_PREFIX = 'decentralized_identifier:';
/** The `verifier_info` format in which TrustBridge verifiers state their purpose. */
export const PURPOSE_VERIFIER_INFO_FORMAT = 'urn:trustbridge:verifier-purpose';

/** A verified authorization request. */
export interface AuthorizationRequest {
  clientId: string;
  /** The verifier's DID (from the client identifier). */
  verifierDid: string;
  responseUri: string;
  responseMode: 'direct_post';
  nonce: string;
  state?: string;
  dcqlQuery: DcqlQuery;
  /** `client_metadata.client_name`, if any. */
  clientName?: string;
  /** The stated purpose: `verifier_info` of format `urn:trustbridge:verifier-purpose`, else a `purpose` parameter or `client_metadata.purpose`. */
  purpose?: string;
  /** `exp` of the request object (seconds), if any. */
  exp?: number;
  payload: Record<string, unknown>;
}

function invalid(message: string, details?: Record<string, unknown>): never {
  throw walletError(WalletErrorCodes.REQUEST_INVALID, message, details ? { details } : {});
}

/** The verifier DID named by a client identifier (`decentralized_identifier:did:…`, or a bare DID). */
export function verifierDidOf(clientId: string): string | undefined {
  const did = clientId.startsWith(DID_PREFIX) ? clientId.slice(DID_PREFIX.length) : clientId;
  return did.startsWith('did:') ? did : undefined;
}

/**
 * Reads an `openid4vp://` (or any scheme) authorization request URI, fetches the request object from
 * `request_uri` (or takes `request`), verifies its signature and validates it. Unsigned requests are
 * refused. Throws `ERR_WALLET_REQUEST_INVALID`, `ERR_WALLET_REQUEST_SIGNATURE_INVALID`,
 * `ERR_WALLET_URL_NOT_ALLOWED` or `ERR_WALLET_DCQL_INVALID`.
 */
export async function readAuthorizationRequest(
  uri: string,
  options: { http: HttpContext; resolver: DidResolver; now: () => number; walletNonce?: string },
): Promise<AuthorizationRequest> {
  if (typeof uri !== 'string' || uri.length === 0 || uri.length > 16 * 1024) invalid('The request must be a URI of at most 16 KiB.');
  let url: URL;
  try {
    url = new URL(uri.trim());
  } catch {
    return invalid('The request is not a URI.');
  }
  const params = url.searchParams;
  const clientId = params.get('client_id');
  if (!clientId) invalid('client_id is missing.');
  let jwt = params.get('request');
  const requestUri = params.get('request_uri');
  if (jwt && requestUri) invalid('request and request_uri are mutually exclusive.');
  if (requestUri) {
    const method = params.get('request_uri_method') ?? 'get';
    if (method !== 'get' && method !== 'post') invalid('request_uri_method must be get or post.');
    const res = await request(options.http, requestUri, 'request_uri', {
      method: method === 'post' ? 'POST' : 'GET',
      headers: { accept: 'application/oauth-authz-req+jwt', ...(method === 'post' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(method === 'post' ? { body: formBody({ wallet_nonce: options.walletNonce }) } : {}),
    });
    if (!res.ok) throw walletError(WalletErrorCodes.HTTP_FAILED, 'The request_uri did not return a request object.', { details: { status: res.status } });
    jwt = res.text.trim();
  }
  if (!jwt) invalid('The request must be signed: request_uri or request is required.');
  return verifyRequestObject(jwt, clientId!, options);
}

/** Verifies a request object's signature and contents (OpenID4VP 1.0 §5, RFC 9101 §6.3). */
export async function verifyRequestObject(jwt: string, clientId: string, options: { http: HttpContext; resolver: DidResolver; now: () => number; walletNonce?: string }): Promise<AuthorizationRequest> {
  let parsed: ReturnType<typeof parseCompactJws>;
  try {
    parsed = parseCompactJws(jwt, { what: 'request object' });
  } catch (cause) {
    throw walletError(WalletErrorCodes.REQUEST_INVALID, 'The request object is not a JWS.', { cause });
  }
  const { header, payload } = parsed;
  if (header['typ'] !== REQUEST_OBJECT_TYP) invalid('The request object typ must be oauth-authz-req+jwt.');
  if (payload['client_id'] !== clientId) invalid('The request object client_id differs from the request URI.');
  const verifierDid = verifierDidOf(clientId);
  if (!verifierDid) invalid('Only decentralized_identifier client identifiers are supported.', { clientIdPrefix: clientId.split(':')[0] });
  const kid = header['kid'];
  if (typeof kid !== 'string' || !kid.startsWith(`${verifierDid}#`)) {
    throw walletError(WalletErrorCodes.REQUEST_SIGNATURE_INVALID, 'The request object signature is invalid.');
  }
  let ok = false;
  try {
    const alg = checkAlgorithm(header, ['EdDSA', 'Ed25519', 'ES256']);
    const resolveVm = createVerificationMethodResolver(options.resolver);
    let vm;
    try {
      vm = await resolveVm(kid, 'authentication');
    } catch {
      vm = await resolveVm(kid, 'assertionMethod');
    }
    ok = verifyJwsSignature(alg, publicKeyFromVerificationMethod(vm), parsed.signingInput, parsed.signature);
  } catch (cause) {
    throw walletError(WalletErrorCodes.REQUEST_SIGNATURE_INVALID, 'The request object signature is invalid.', { cause });
  }
  if (!ok) throw walletError(WalletErrorCodes.REQUEST_SIGNATURE_INVALID, 'The request object signature is invalid.');

  const now = options.now();
  if (typeof payload['exp'] === 'number' && payload['exp'] < now - 60) invalid('The request object has expired.');
  if (typeof payload['nbf'] === 'number' && payload['nbf'] > now + 60) invalid('The request object is not yet valid.');
  if (options.walletNonce !== undefined && payload['wallet_nonce'] !== options.walletNonce) invalid('The request object does not carry the wallet_nonce.');
  if (payload['response_type'] !== 'vp_token') invalid('response_type must be vp_token.');
  if (payload['response_mode'] !== 'direct_post') invalid('Only response_mode direct_post is supported.', { responseMode: String(payload['response_mode']) });
  if (typeof payload['response_uri'] !== 'string') invalid('response_uri is required with direct_post.');
  checkUrl(payload['response_uri'], options.http, 'response_uri');
  if (typeof payload['nonce'] !== 'string' || payload['nonce'].length === 0) invalid('nonce is required.');
  if (payload['state'] !== undefined && typeof payload['state'] !== 'string') invalid('state must be a string.');
  if (payload['presentation_definition'] !== undefined && payload['dcql_query'] === undefined) invalid('Only DCQL queries are supported by this wallet.');
  const dcqlQuery = checkDcqlQuery(payload['dcql_query']);
  const meta = isObject(payload['client_metadata']) ? payload['client_metadata'] : {};
  // The purpose: `verifier_info` (§5.1) in TrustBridge's `urn:trustbridge:verifier-purpose` format, else a
  // `purpose` parameter or `client_metadata.purpose`.
  const info = Array.isArray(payload['verifier_info']) ? (payload['verifier_info'] as unknown[]).find((v) => isObject(v) && v['format'] === PURPOSE_VERIFIER_INFO_FORMAT) : undefined;
  const infoPurpose = isObject(info) && isObject(info['data']) && typeof info['data']['purpose'] === 'string' ? info['data']['purpose'] : undefined;
  const purpose = infoPurpose ?? (typeof payload['purpose'] === 'string' ? payload['purpose'] : typeof meta['purpose'] === 'string' ? meta['purpose'] : undefined);
  return {
    clientId,
    verifierDid,
    responseUri: payload['response_uri'],
    responseMode: 'direct_post',
    nonce: payload['nonce'],
    ...(typeof payload['state'] === 'string' ? { state: payload['state'] } : {}),
    dcqlQuery,
    ...(typeof meta['client_name'] === 'string' ? { clientName: meta['client_name'] } : {}),
    ...(purpose ? { purpose } : {}),
    ...(typeof payload['exp'] === 'number' ? { exp: payload['exp'] } : {}),
    payload,
  };
}

/** Posts the response (`direct_post`, §8.2): `vp_token` (JSON object keyed by query id) or an error, with `state`. */
export async function postAuthorizationResponse(
  http: HttpContext,
  req: AuthorizationRequest,
  body: { vpToken: Record<string, unknown[]> } | { error: string; errorDescription?: string },
): Promise<{ status: number; ok: boolean; json: unknown }> {
  const fields = 'vpToken' in body ? { vp_token: JSON.stringify(body.vpToken), state: req.state } : { error: body.error, error_description: body.errorDescription, state: req.state };
  const res = await request(http, req.responseUri, 'response_uri', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: formBody(fields) });
  return { status: res.status, ok: res.ok, json: res.json };
}
