/**
 * OpenID4VCI errors: every failure carries a stable TrustBridge code (`ERR_OID4VCI_*`) and the OAuth
 * error name the specification gives it (`specCode`), and answers as an OAuth-style JSON error
 * response `{ error, error_description, code }`:
 * - Token Error Response, OpenID4VCI 1.0 §6.3 (RFC 6749 §5.2): `invalid_request`, `invalid_grant`,
 *   `unsupported_grant_type`;
 * - bearer token errors, RFC 6750 §3.1: `invalid_token` (401 with `WWW-Authenticate`);
 * - Credential Error Response, OpenID4VCI 1.0 §8.3.1.2: `invalid_credential_request`,
 *   `unknown_credential_configuration`, `unknown_credential_identifier`, `invalid_proof`,
 *   `invalid_nonce`, `credential_request_denied`.
 */
import { TrustBridgeError, isTrustBridgeError } from '@trustbridge/core';

/** The stable codes, their OAuth error name and HTTP status. */
export const Oid4vciErrors = {
  REQUEST_INVALID: { code: 'ERR_OID4VCI_REQUEST_INVALID', error: 'invalid_request', status: 400 },
  REQUEST_TOO_LARGE: { code: 'ERR_OID4VCI_REQUEST_TOO_LARGE', error: 'invalid_request', status: 413 },
  MEDIA_TYPE: { code: 'ERR_OID4VCI_MEDIA_TYPE', error: 'invalid_request', status: 415 },
  NOT_FOUND: { code: 'ERR_OID4VCI_NOT_FOUND', error: 'invalid_request', status: 404 },
  METHOD_NOT_ALLOWED: { code: 'ERR_OID4VCI_METHOD_NOT_ALLOWED', error: 'invalid_request', status: 405 },
  // Credential offers (§4.1.3 by reference).
  OFFER_UNKNOWN: { code: 'ERR_OID4VCI_OFFER_UNKNOWN', error: 'invalid_request', status: 404 },
  OFFER_USED: { code: 'ERR_OID4VCI_OFFER_USED', error: 'invalid_request', status: 410 },
  OFFER_EXPIRED: { code: 'ERR_OID4VCI_OFFER_EXPIRED', error: 'invalid_request', status: 410 },
  OFFER_INVALID: { code: 'ERR_OID4VCI_OFFER_INVALID', error: 'invalid_request', status: 400 },
  CLAIMS_INVALID: { code: 'ERR_OID4VCI_CLAIMS_INVALID', error: 'invalid_request', status: 400 },
  // Admin (offer creation) authentication, answered like the status API's admin token.
  ADMIN_DISABLED: { code: 'ERR_OID4VCI_ADMIN_DISABLED', error: 'invalid_token', status: 403 },
  ADMIN_TOKEN_MISSING: { code: 'ERR_OID4VCI_ADMIN_TOKEN_MISSING', error: 'invalid_token', status: 401 },
  ADMIN_TOKEN_INVALID: { code: 'ERR_OID4VCI_ADMIN_TOKEN_INVALID', error: 'invalid_token', status: 403 },
  // Token endpoint (§6).
  GRANT_TYPE_UNSUPPORTED: { code: 'ERR_OID4VCI_GRANT_TYPE_UNSUPPORTED', error: 'unsupported_grant_type', status: 400 },
  GRANT_INVALID: { code: 'ERR_OID4VCI_GRANT_INVALID', error: 'invalid_grant', status: 400 },
  GRANT_USED: { code: 'ERR_OID4VCI_GRANT_USED', error: 'invalid_grant', status: 400 },
  GRANT_EXPIRED: { code: 'ERR_OID4VCI_GRANT_EXPIRED', error: 'invalid_grant', status: 400 },
  GRANT_LOCKED: { code: 'ERR_OID4VCI_GRANT_LOCKED', error: 'invalid_grant', status: 400 },
  TX_CODE_REQUIRED: { code: 'ERR_OID4VCI_TX_CODE_REQUIRED', error: 'invalid_request', status: 400 },
  TX_CODE_UNEXPECTED: { code: 'ERR_OID4VCI_TX_CODE_UNEXPECTED', error: 'invalid_request', status: 400 },
  TX_CODE_INVALID: { code: 'ERR_OID4VCI_TX_CODE_INVALID', error: 'invalid_grant', status: 400 },
  // Bearer access token at the credential endpoint (RFC 6750 §3.1).
  TOKEN_MISSING: { code: 'ERR_OID4VCI_TOKEN_MISSING', error: 'invalid_token', status: 401 },
  TOKEN_INVALID: { code: 'ERR_OID4VCI_TOKEN_INVALID', error: 'invalid_token', status: 401 },
  // Credential endpoint (§8.3.1.2).
  CREDENTIAL_REQUEST_INVALID: { code: 'ERR_OID4VCI_CREDENTIAL_REQUEST_INVALID', error: 'invalid_credential_request', status: 400 },
  CONFIGURATION_UNKNOWN: { code: 'ERR_OID4VCI_CONFIGURATION_UNKNOWN', error: 'unknown_credential_configuration', status: 400 },
  CONFIGURATION_NOT_OFFERED: { code: 'ERR_OID4VCI_CONFIGURATION_NOT_OFFERED', error: 'unknown_credential_configuration', status: 400 },
  CREDENTIAL_IDENTIFIER_UNKNOWN: { code: 'ERR_OID4VCI_CREDENTIAL_IDENTIFIER_UNKNOWN', error: 'unknown_credential_identifier', status: 400 },
  ALREADY_ISSUED: { code: 'ERR_OID4VCI_ALREADY_ISSUED', error: 'credential_request_denied', status: 400 },
  PROOF_MISSING: { code: 'ERR_OID4VCI_PROOF_MISSING', error: 'invalid_proof', status: 400 },
  PROOF_MALFORMED: { code: 'ERR_OID4VCI_PROOF_MALFORMED', error: 'invalid_proof', status: 400 },
  PROOF_TYP: { code: 'ERR_OID4VCI_PROOF_TYP', error: 'invalid_proof', status: 400 },
  PROOF_ALG: { code: 'ERR_OID4VCI_PROOF_ALG', error: 'invalid_proof', status: 400 },
  PROOF_KEY: { code: 'ERR_OID4VCI_PROOF_KEY', error: 'invalid_proof', status: 400 },
  PROOF_SIGNATURE: { code: 'ERR_OID4VCI_PROOF_SIGNATURE', error: 'invalid_proof', status: 400 },
  PROOF_AUDIENCE: { code: 'ERR_OID4VCI_PROOF_AUDIENCE', error: 'invalid_proof', status: 400 },
  PROOF_STALE: { code: 'ERR_OID4VCI_PROOF_STALE', error: 'invalid_proof', status: 400 },
  PROOF_IAT_IN_FUTURE: { code: 'ERR_OID4VCI_PROOF_IAT_IN_FUTURE', error: 'invalid_proof', status: 400 },
  NONCE_INVALID: { code: 'ERR_OID4VCI_NONCE_INVALID', error: 'invalid_nonce', status: 400 },
  // Server side.
  NOT_CONFIGURED: { code: 'ERR_OID4VCI_NOT_CONFIGURED', error: 'server_error', status: 500 },
  ISSUANCE_FAILED: { code: 'ERR_OID4VCI_ISSUANCE_FAILED', error: 'server_error', status: 500 },
} as const;

/** One entry of {@link Oid4vciErrors}. */
export type Oid4vciErrorKind = (typeof Oid4vciErrors)[keyof typeof Oid4vciErrors];
/** Every `ERR_OID4VCI_*` code. */
export type Oid4vciErrorCode = Oid4vciErrorKind['code'];

const BY_CODE: ReadonlyMap<string, Oid4vciErrorKind> = new Map(Object.values(Oid4vciErrors).map((k) => [k.code, k]));

/**
 * Creates the coded error for a failure: `code` the TrustBridge code, `specCode` the OAuth error name.
 * Messages are safe to show to the client (no secrets, constant for signature failures).
 */
export function oid4vciError(kind: Oid4vciErrorKind, message: string, details?: Record<string, unknown>): TrustBridgeError {
  return new TrustBridgeError(kind.code, message, { specCode: kind.error, ...(details ? { details } : {}) });
}

/** The OAuth-style JSON error body (RFC 6749 §5.2 shape, plus TrustBridge's `code`). */
export interface Oid4vciErrorBody {
  error: string;
  error_description: string;
  code: string;
}

/**
 * Maps anything thrown by the handlers to `{ status, body }`. `ERR_OID4VCI_*` errors keep their code
 * and message; anything else becomes a generic `server_error` whose description reveals nothing.
 */
export function errorAnswer(error: unknown): { status: number; body: Oid4vciErrorBody } {
  if (isTrustBridgeError(error)) {
    const kind = BY_CODE.get(error.code);
    if (kind) return { status: kind.status, body: { error: kind.error, error_description: error.message, code: kind.code } };
  }
  const kind = Oid4vciErrors.ISSUANCE_FAILED;
  return { status: kind.status, body: { error: kind.error, error_description: 'The server could not complete the request.', code: kind.code } };
}
