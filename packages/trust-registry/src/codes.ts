/**
 * Stable codes. `TR_*` are decision reason codes (results, never thrown); `ERR_TR_*` are error codes
 * carried by a thrown `TrustBridgeError` (misuse, invalid data) or by bundle verification problems.
 */

/** Why a decision is not `trusted` (or a notice attached to a trusted one). */
export const ReasonCodes = {
  TR_ENTITY_UNKNOWN: 'TR_ENTITY_UNKNOWN',
  TR_NOT_AUTHORIZED_ACTION: 'TR_NOT_AUTHORIZED_ACTION',
  TR_NOT_AUTHORIZED_TYPE: 'TR_NOT_AUTHORIZED_TYPE',
  TR_NOT_AUTHORIZED_JURISDICTION: 'TR_NOT_AUTHORIZED_JURISDICTION',
  TR_ASSURANCE_TOO_LOW: 'TR_ASSURANCE_TOO_LOW',
  TR_SUSPENDED: 'TR_SUSPENDED',
  TR_REVOKED: 'TR_REVOKED',
  TR_COMPROMISED: 'TR_COMPROMISED',
  TR_NOT_YET_AUTHORIZED: 'TR_NOT_YET_AUTHORIZED',
  TR_AUTHORIZATION_EXPIRED: 'TR_AUTHORIZATION_EXPIRED',
  TR_GOVERNANCE_NOT_EFFECTIVE: 'TR_GOVERNANCE_NOT_EFFECTIVE',
  TR_RECOGNITION_EXPIRED: 'TR_RECOGNITION_EXPIRED',
  TR_RECOGNITION_SUSPENDED: 'TR_RECOGNITION_SUSPENDED',
  TR_RECOGNITION_REVOKED: 'TR_RECOGNITION_REVOKED',
  TR_RECOGNITION_SCOPE: 'TR_RECOGNITION_SCOPE',
  TR_PATH_TOO_LONG: 'TR_PATH_TOO_LONG',
  TR_SNAPSHOT_STALE: 'TR_SNAPSHOT_STALE',
  TR_PURPOSE_NOT_AUTHORIZED: 'TR_PURPOSE_NOT_AUTHORIZED',
  TR_ATTRIBUTE_NOT_AUTHORIZED: 'TR_ATTRIBUTE_NOT_AUTHORIZED',
  /** Notice on a trusted decision: the authorization was revoked or expired after issuance. */
  TR_ENDED_AFTER_ISSUANCE: 'TR_ENDED_AFTER_ISSUANCE',
} as const;
export type ReasonCode = (typeof ReasonCodes)[keyof typeof ReasonCodes];

/** Error codes (thrown, or reported by `verifyBundle`). */
export const ErrorCodes = {
  /** The registry state breaks a model rule (details name the JSON Pointer). */
  ERR_TR_STATE_INVALID: 'ERR_TR_STATE_INVALID',
  /** Two entities of one registry share an identifier. */
  ERR_TR_IDENTIFIER_CONFLICT: 'ERR_TR_IDENTIFIER_CONFLICT',
  /** A status history was rewritten instead of appended to. */
  ERR_TR_HISTORY_REWRITTEN: 'ERR_TR_HISTORY_REWRITTEN',
  /** An evaluation query is malformed (programmer error). */
  ERR_TR_QUERY_INVALID: 'ERR_TR_QUERY_INVALID',
  /** The root registry of an index is not among its sources. */
  ERR_TR_ROOT_UNKNOWN: 'ERR_TR_ROOT_UNKNOWN',
  ERR_TR_SNAPSHOT_MALFORMED: 'ERR_TR_SNAPSHOT_MALFORMED',
  ERR_TR_SNAPSHOT_SIGNATURE: 'ERR_TR_SNAPSHOT_SIGNATURE',
  ERR_TR_SNAPSHOT_CHAIN: 'ERR_TR_SNAPSHOT_CHAIN',
  ERR_TR_SNAPSHOT_ROLLBACK: 'ERR_TR_SNAPSHOT_ROLLBACK',
  ERR_TR_SNAPSHOT_STALE: 'ERR_TR_SNAPSHOT_STALE',
  ERR_TR_SNAPSHOT_ANCHOR_UNKNOWN: 'ERR_TR_SNAPSHOT_ANCHOR_UNKNOWN',
  /** `createSnapshot` called with a sequence not above the previous snapshot's. */
  ERR_TR_SNAPSHOT_SEQUENCE: 'ERR_TR_SNAPSHOT_SEQUENCE',
  /** A delta does not apply to the given state, or does not produce the promised digest. */
  ERR_TR_DELTA_MISMATCH: 'ERR_TR_DELTA_MISMATCH',
  /** A TRQP request failed validation (HTTP 400). */
  ERR_TR_TRQP_REQUEST_INVALID: 'ERR_TR_TRQP_REQUEST_INVALID',
  /** A TRQP request named an authority or entity the registry does not know (HTTP 404). */
  ERR_TR_TRQP_NOT_FOUND: 'ERR_TR_TRQP_NOT_FOUND',
  /** The HTTP registry could not be reached, answered an error, or answered something that is not a decision. */
  ERR_TR_CLIENT_UNAVAILABLE: 'ERR_TR_CLIENT_UNAVAILABLE',
  ERR_TR_CLIENT_RESPONSE_INVALID: 'ERR_TR_CLIENT_RESPONSE_INVALID',
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
