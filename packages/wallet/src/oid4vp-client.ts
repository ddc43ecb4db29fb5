/**
 * Holder side of OpenID for Verifiable Presentations 1.0, on the shared helpers of
 * `@trustbridge/protocols`: the authorization request URI is read with `readAuthorizationRequestUri`
 * (by reference `request_uri`, by value `request=<JWT>`, or by value as plain parameters, §5), the
 * request object is fetched with `fetchRequestObject` and validated with `validateRequestObject`
 * (plain parameters with `validateAuthorizationRequestParameters`). Protocol errors are rewrapped as
 * `ERR_WALLET_*` codes with the protocol error as `cause` and its code in `details.protocolCode`.
 */
import { isObject, isTrustBridgeError, type DidResolver, type TrustBridgeError } from '@trustbridge/core';
import { createVerificationMethodResolver } from '@trustbridge/did';
import {
  Oid4vpErrorCodes,
  REQUEST_OBJECT_TYP,
  fetchRequestObject,
  readAuthorizationRequestUri,
  validateAuthorizationRequestParameters,
  validateRequestObject,
  type DcqlQuery,
  type PresentationDefinition,
  type RequestObjectFetch,
  type ValidatedAuthorizationRequest,
} from '@trustbridge/protocols';
import { walletError, WalletErrorCodes, type WalletErrorCode } from './errors.js';
import { checkUrl, formBody, request, type HttpContext } from './http.js';

export { REQUEST_OBJECT_TYP };
const DID_PREFIX = 'decentralized_identifier:';

/** A validated authorization request. */
export interface AuthorizationRequest {
  clientId: string;
  /** The verifier's DID (a `decentralized_identifier:` client); absent for `redirect_uri:` clients. */
  verifierDid?: string;
  /** Whether the request object was signed (and its signature verified). */
  signed: boolean;
  /** How the request came: `reference` (`request_uri`), `value` (`request` JWT) or `parameters` (plain). */
  by: 'reference' | 'value' | 'parameters';
  responseUri: string;
  responseMode: 'direct_post';
  nonce: string;
  state?: string;
  /** Exactly one of `dcqlQuery` and `presentationDefinition` (DIF Presentation Exchange 2.0). */
  dcqlQuery?: DcqlQuery;
  presentationDefinition?: PresentationDefinition;
  /** `client_metadata.client_name`, if any. */
  clientName?: string;
  /** The stated purpose: `verifier_info` of format `urn:trustbridge:verifier-purpose`, else a `purpose` parameter or `client_metadata.purpose`. */
  purpose?: string;
  /** `exp` of the request object (seconds), if any. */
  exp?: number;
  payload: Record<string, unknown>;
}

/** The verifier DID named by a client identifier (`decentralized_identifier:did:…`, or a bare DID). */
export function verifierDidOf(clientId: string): string | undefined {
  const did = clientId.startsWith(DID_PREFIX) ? clientId.slice(DID_PREFIX.length) : clientId;
  return did.startsWith('did:') ? did : undefined;
}

/** The wallet code for an OpenID4VP protocol error (the protocol error goes in `cause`). */
function walletCodeOf(error: TrustBridgeError): WalletErrorCode {
  const C = Oid4vpErrorCodes;
  switch (error.code) {
    case C.REQUEST_URI_FORBIDDEN:
      return WalletErrorCodes.URL_NOT_ALLOWED;
    case C.REQUEST_URI_FETCH_FAILED:
      return WalletErrorCodes.HTTP_FAILED;
    case C.REQUEST_SIGNATURE_INVALID:
      return WalletErrorCodes.REQUEST_SIGNATURE_INVALID;
    case C.REQUEST_NOT_SIGNED:
      return WalletErrorCodes.REQUEST_NOT_SIGNED;
    default: {
      const cause = (error as { cause?: unknown }).cause;
      if (isTrustBridgeError(cause) && cause.code.startsWith('ERR_DCQL_')) return WalletErrorCodes.DCQL_INVALID;
      return WalletErrorCodes.REQUEST_INVALID;
    }
  }
}

/** Rewraps an `ERR_OID4VP_*` error at the wallet boundary; other errors pass through. */
export function toWalletError(error: unknown): unknown {
  if (!isTrustBridgeError(error) || !error.code.startsWith('ERR_OID4VP_')) return error;
  return walletError(walletCodeOf(error), error.message, {
    cause: error,
    ...(error.specCode ? { specCode: error.specCode } : {}),
    details: { protocolCode: error.code },
  });
}

/** Options of {@link readAuthorizationRequest}. */
export interface ReadAuthorizationRequestOptions {
  http: HttpContext;
  resolver: DidResolver;
  /** Seconds since the epoch. */
  now: () => number;
  walletNonce?: string;
  /**
   * Accept unsigned requests (`redirect_uri:` clients, plain parameters or `alg: none` request objects).
   * Default false: they are refused with `ERR_WALLET_REQUEST_NOT_SIGNED`.
   */
  allowUnsignedRequests?: boolean;
}

/**
 * Reads an `openid4vp://` (or any scheme) authorization request URI, gets the request (by reference,
 * by value, or as plain parameters) and validates it with the protocol helpers. Throws
 * `ERR_WALLET_REQUEST_INVALID`, `ERR_WALLET_REQUEST_NOT_SIGNED`, `ERR_WALLET_REQUEST_SIGNATURE_INVALID`,
 * `ERR_WALLET_URL_NOT_ALLOWED`, `ERR_WALLET_HTTP_FAILED` or `ERR_WALLET_DCQL_INVALID`.
 */
export async function readAuthorizationRequest(uri: string, options: ReadAuthorizationRequestOptions): Promise<AuthorizationRequest> {
  const requireSigned = options.allowUnsignedRequests !== true;
  let validated: ValidatedAuthorizationRequest;
  let by: AuthorizationRequest['by'];
  try {
    const read = readAuthorizationRequestUri(uri);
    by = read.by;
    if (read.by === 'parameters') {
      validated = validateAuthorizationRequestParameters(read.parameters, { requireSigned });
    } else {
      let jwt: string;
      if (read.by === 'reference') {
        // The wallet's own URL policy first (https; http only to loopback when allowed), then the SSRF-checked fetch.
        checkUrl(read.requestUri, options.http, 'request_uri');
        jwt = await fetchRequestObject(read.requestUri, {
          fetch: options.http.fetch as unknown as RequestObjectFetch,
          allowPrivateNetworks: options.http.allowPrivateNetworks,
          method: read.requestUriMethod,
          ...(read.requestUriMethod === 'post' && options.walletNonce !== undefined ? { walletNonce: options.walletNonce } : {}),
        });
      } else {
        jwt = read.request;
      }
      validated = await validateRequestObject(jwt, {
        requireSigned,
        expectedClientId: read.clientId,
        resolveVerificationMethod: createVerificationMethodResolver(options.resolver),
        algorithms: ['EdDSA', 'Ed25519', 'ES256'],
        clock: () => new Date(options.now() * 1000),
        ...(read.by === 'reference' && read.requestUriMethod === 'post' && options.walletNonce !== undefined ? { walletNonce: options.walletNonce } : {}),
      });
    }
  } catch (error) {
    throw toWalletError(error);
  }
  const payload = validated.parameters as Record<string, unknown>;
  checkUrl(payload['response_uri'], options.http, 'response_uri');
  const meta = isObject(payload['client_metadata']) ? payload['client_metadata'] : {};
  const purpose = validated.purpose ?? (typeof payload['purpose'] === 'string' ? payload['purpose'] : typeof meta['purpose'] === 'string' ? meta['purpose'] : undefined);
  const p = validated.parameters;
  return {
    clientId: p.client_id,
    ...(validated.verifierDid ? { verifierDid: validated.verifierDid } : {}),
    signed: validated.signed,
    by,
    responseUri: p.response_uri,
    responseMode: 'direct_post',
    nonce: p.nonce,
    state: p.state,
    ...(p.dcql_query ? { dcqlQuery: p.dcql_query } : {}),
    ...(p.presentation_definition ? { presentationDefinition: p.presentation_definition } : {}),
    ...(typeof meta['client_name'] === 'string' ? { clientName: meta['client_name'] } : {}),
    ...(purpose ? { purpose } : {}),
    ...(typeof payload['exp'] === 'number' ? { exp: payload['exp'] } : {}),
    payload,
  };
}

/** Posts the response (`direct_post`, §8.2): the given fields (`vp_token`, `presentation_submission`) or an error, with `state`. */
export async function postAuthorizationResponse(
  http: HttpContext,
  req: AuthorizationRequest,
  body: { fields: Record<string, string> } | { error: string; errorDescription?: string },
): Promise<{ status: number; ok: boolean; json: unknown }> {
  const fields = 'fields' in body ? { ...body.fields, state: req.state } : { error: body.error, error_description: body.errorDescription, state: req.state };
  const res = await request(http, req.responseUri, 'response_uri', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: formBody(fields) });
  return { status: res.status, ok: res.ok, json: res.json };
}
