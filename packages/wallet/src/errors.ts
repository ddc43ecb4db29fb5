/**
 * Error codes of the wallet. Misuse and protocol failures throw `TrustBridgeError` with one of these
 * codes; the OpenID4VCI / OpenID4VP error name (e.g. `invalid_grant`) goes in `specCode` when the
 * counterpart sent one.
 */
import { TrustBridgeError } from '@trustbridge/core';

export const WalletErrorCodes = {
  /** `createWallet` options are missing or malformed. */
  OPTIONS_INVALID: 'ERR_WALLET_OPTIONS_INVALID',
  /** The credential offer is not a valid `openid-credential-offer://` URI or offer object. */
  OFFER_INVALID: 'ERR_WALLET_OFFER_INVALID',
  /** The offer needs a transaction code and none was given. */
  TX_CODE_REQUIRED: 'ERR_WALLET_TX_CODE_REQUIRED',
  /** Issuer metadata is missing, malformed, or names another issuer. */
  ISSUER_METADATA_INVALID: 'ERR_WALLET_ISSUER_METADATA_INVALID',
  /** The token endpoint refused the pre-authorized code (replayed, expired, wrong tx_code). */
  TOKEN_REFUSED: 'ERR_WALLET_TOKEN_REFUSED',
  /** The credential endpoint refused the request. */
  CREDENTIAL_REFUSED: 'ERR_WALLET_CREDENTIAL_REFUSED',
  /** The received credential failed verification; nothing was stored. */
  CREDENTIAL_NOT_VERIFIED: 'ERR_WALLET_CREDENTIAL_NOT_VERIFIED',
  /** The received credential is not bound to this wallet's holder key. */
  CREDENTIAL_NOT_BOUND: 'ERR_WALLET_CREDENTIAL_NOT_BOUND',
  /** The format is not one the wallet holds (`ldp_vc`, `jwt_vc_json`, `dc+sd-jwt`). */
  FORMAT_UNSUPPORTED: 'ERR_WALLET_FORMAT_UNSUPPORTED',
  /** No such credential in this wallet. */
  CREDENTIAL_NOT_FOUND: 'ERR_WALLET_CREDENTIAL_NOT_FOUND',
  /** A URL the wallet was asked to fetch is not allowed (scheme, private address). */
  URL_NOT_ALLOWED: 'ERR_WALLET_URL_NOT_ALLOWED',
  /** An HTTP exchange failed (network, status, size, not JSON). */
  HTTP_FAILED: 'ERR_WALLET_HTTP_FAILED',
  /** The authorization request (URI or request object) is malformed. */
  REQUEST_INVALID: 'ERR_WALLET_REQUEST_INVALID',
  /** The request is unsigned (plain parameters, `alg: none`, `redirect_uri:` client) and the wallet's policy requires signed requests. */
  REQUEST_NOT_SIGNED: 'ERR_WALLET_REQUEST_NOT_SIGNED',
  /** The request object signature does not verify against the client_id's key. */
  REQUEST_SIGNATURE_INVALID: 'ERR_WALLET_REQUEST_SIGNATURE_INVALID',
  /** The DCQL query is malformed or uses something the wallet does not support. */
  DCQL_INVALID: 'ERR_WALLET_DCQL_INVALID',
  /** No such pending review (unknown, already answered, or expired). */
  REVIEW_UNKNOWN: 'ERR_WALLET_REVIEW_UNKNOWN',
  /** The selections do not answer the request (missing required query, credential not a candidate). */
  SELECTION_INVALID: 'ERR_WALLET_SELECTION_INVALID',
  /** The verifier refused the authorization response. */
  RESPONSE_REFUSED: 'ERR_WALLET_RESPONSE_REFUSED',
  /** A stored item could not be decrypted (wrong key, tampered, or moved to another owner / id). */
  DECRYPT_FAILED: 'ERR_WALLET_DECRYPT_FAILED',
} as const;

export type WalletErrorCode = (typeof WalletErrorCodes)[keyof typeof WalletErrorCodes];

/** Builds a wallet error. `details` must never hold secrets or credential contents. */
export function walletError(
  code: WalletErrorCode,
  message: string,
  extra: { specCode?: string; cause?: unknown; details?: Record<string, unknown> } = {},
): TrustBridgeError {
  return new TrustBridgeError(code, message, extra);
}
