import { TrustBridgeError } from '@trustbridge/core';

/**
 * Stable codes for DCQL failures (OpenID4VP 1.0 §6). Malformed queries are rejected by the verifier
 * and the wallet; the OAuth error for a bad query in an authorization request is `invalid_request`
 * (OpenID4VP 1.0 §8.5 / RFC 6749 §4.1.2.1), carried as `specCode`.
 */
export const DcqlErrorCodes = {
  /** The query is not a JSON object, or is not valid JSON. */
  INVALID_QUERY: 'ERR_DCQL_INVALID_QUERY',
  /** The query exceeds a size limit (bytes, credential queries, claims, path length, values). */
  TOO_LARGE: 'ERR_DCQL_TOO_LARGE',
  /** A Credential Query (§6.1) is malformed. */
  INVALID_CREDENTIAL_QUERY: 'ERR_DCQL_INVALID_CREDENTIAL_QUERY',
  /** A Claims Query (§6.3) or its claims path pointer (§7) is malformed. */
  INVALID_CLAIMS_QUERY: 'ERR_DCQL_INVALID_CLAIMS_QUERY',
  /** `claim_sets` (§6.1) is malformed or names an unknown claim id. */
  INVALID_CLAIM_SETS: 'ERR_DCQL_INVALID_CLAIM_SETS',
  /** A Credential Set Query (§6.2) is malformed or names an unknown credential query id. */
  INVALID_CREDENTIAL_SETS: 'ERR_DCQL_INVALID_CREDENTIAL_SETS',
  /** `meta` (§6.1, Appendix B) is missing or malformed for the format. */
  INVALID_META: 'ERR_DCQL_INVALID_META',
  /** Two credential queries (or two claims queries of one credential query) share an `id`. */
  DUPLICATE_ID: 'ERR_DCQL_DUPLICATE_ID',
} as const;
export type DcqlErrorCode = (typeof DcqlErrorCodes)[keyof typeof DcqlErrorCodes];

/** Throws a coded DCQL error carrying the OAuth `invalid_request` name. */
export function dcqlError(code: DcqlErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new TrustBridgeError(code, message, { specCode: 'invalid_request', ...(details ? { details } : {}) });
}
