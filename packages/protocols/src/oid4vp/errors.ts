import { TrustBridgeError } from '@trustbridge/core';

/**
 * Stable codes of the OpenID4VP verifier and wallet helpers. Each carries, as `specCode`, the OAuth
 * error of OpenID4VP 1.0 §8.5 / RFC 6749 §4.1.2.1 where one fits.
 */
export const Oid4vpErrorCodes = {
  /** Bad verifier configuration or call (programmer error). */
  OPTIONS_INVALID: 'ERR_OID4VP_OPTIONS_INVALID',
  /** A request or response member is missing or malformed. */
  INVALID_REQUEST: 'ERR_OID4VP_INVALID_REQUEST',
  /** A request object or response exceeds the size limits. */
  TOO_LARGE: 'ERR_OID4VP_TOO_LARGE',
  /** No live authorization request has this `state` (unknown, or never issued by this verifier). */
  STATE_MISMATCH: 'ERR_OID4VP_STATE_MISMATCH',
  /** The authorization request was already answered: a replayed response. */
  RESPONSE_REPLAYED: 'ERR_OID4VP_RESPONSE_REPLAYED',
  /** The authorization request has expired. */
  REQUEST_EXPIRED: 'ERR_OID4VP_REQUEST_EXPIRED',
  /** Too many failed responses for this request; it is locked. */
  REQUEST_LOCKED: 'ERR_OID4VP_REQUEST_LOCKED',
  /** A presentation is not bound to this request's `nonce` (DI `challenge`, KB-JWT `nonce`). */
  NONCE_MISMATCH: 'ERR_OID4VP_NONCE_MISMATCH',
  /** A presentation is not bound to this verifier (DI `domain`, KB-JWT / vp+jwt `aud`). */
  AUDIENCE_MISMATCH: 'ERR_OID4VP_AUDIENCE_MISMATCH',
  /** A presentation failed verification (signature, status, validity, holder binding, ...). */
  PRESENTATION_INVALID: 'ERR_OID4VP_PRESENTATION_INVALID',
  /** The verified claims do not satisfy the DCQL query. */
  QUERY_NOT_SATISFIED: 'ERR_OID4VP_QUERY_NOT_SATISFIED',
  /** A request object is not signed but a signed one is required, or is signed where it must not be. */
  REQUEST_NOT_SIGNED: 'ERR_OID4VP_REQUEST_NOT_SIGNED',
  /** The request object's signature, `typ`, algorithm or key does not verify. */
  REQUEST_SIGNATURE_INVALID: 'ERR_OID4VP_REQUEST_SIGNATURE_INVALID',
  /** The request object is malformed or inconsistent with the client identifier. */
  REQUEST_OBJECT_INVALID: 'ERR_OID4VP_REQUEST_OBJECT_INVALID',
  /** The client identifier prefix is not supported. */
  CLIENT_ID_UNSUPPORTED: 'ERR_OID4VP_CLIENT_ID_UNSUPPORTED',
  /** A `request_uri` is not https, or points to a private, loopback or link-local address (SSRF). */
  REQUEST_URI_FORBIDDEN: 'ERR_OID4VP_REQUEST_URI_FORBIDDEN',
  /** The `request_uri` could not be fetched (network error, status, media type, redirect). */
  REQUEST_URI_FETCH_FAILED: 'ERR_OID4VP_REQUEST_URI_FETCH_FAILED',
  /** No request (or no result yet) with this id. */
  NOT_FOUND: 'ERR_OID4VP_NOT_FOUND',
} as const;
export type Oid4vpErrorCode = (typeof Oid4vpErrorCodes)[keyof typeof Oid4vpErrorCodes];

/** OAuth error names (OpenID4VP 1.0 §8.5, RFC 6749 §4.1.2.1, RFC 9101 §6.3). */
export const OAUTH_ERRORS: Readonly<Record<Oid4vpErrorCode, string | undefined>> = {
  ERR_OID4VP_OPTIONS_INVALID: undefined,
  ERR_OID4VP_INVALID_REQUEST: 'invalid_request',
  ERR_OID4VP_TOO_LARGE: 'invalid_request',
  ERR_OID4VP_STATE_MISMATCH: 'invalid_request',
  ERR_OID4VP_RESPONSE_REPLAYED: 'invalid_request',
  ERR_OID4VP_REQUEST_EXPIRED: 'invalid_request',
  ERR_OID4VP_REQUEST_LOCKED: 'access_denied',
  ERR_OID4VP_NONCE_MISMATCH: 'invalid_request',
  ERR_OID4VP_AUDIENCE_MISMATCH: 'invalid_request',
  ERR_OID4VP_PRESENTATION_INVALID: 'invalid_request',
  ERR_OID4VP_QUERY_NOT_SATISFIED: 'invalid_request',
  ERR_OID4VP_REQUEST_NOT_SIGNED: 'invalid_request_object',
  ERR_OID4VP_REQUEST_SIGNATURE_INVALID: 'invalid_request_object',
  ERR_OID4VP_REQUEST_OBJECT_INVALID: 'invalid_request_object',
  ERR_OID4VP_CLIENT_ID_UNSUPPORTED: 'invalid_client',
  ERR_OID4VP_REQUEST_URI_FORBIDDEN: 'invalid_request_uri',
  ERR_OID4VP_REQUEST_URI_FETCH_FAILED: 'invalid_request_uri',
  ERR_OID4VP_NOT_FOUND: undefined,
};

/** A coded OpenID4VP error with the OAuth error name as `specCode`. */
export function oid4vpError(code: Oid4vpErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}): TrustBridgeError {
  const specCode = OAUTH_ERRORS[code];
  return new TrustBridgeError(code, message, { ...options, ...(specCode ? { specCode } : {}) });
}
