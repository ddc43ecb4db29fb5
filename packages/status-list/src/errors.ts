/**
 * Error codes of the status-list package and the Bitstring Status List v1.0 names they carry.
 *
 * Spec names come from Bitstring Status List v1.0 §3.5 "Processing Errors" (`STATUS_RETRIEVAL_ERROR`,
 * `STATUS_VERIFICATION_ERROR`, `STATUS_LIST_LENGTH_ERROR`), from §3 "Algorithms" (a value breaking a
 * MUST of §2 raises the VC Data Model 2.0 `MALFORMED_VALUE_ERROR`) and from §3.2 step 10 (an index
 * outside the bitstring raises the VC Data Model 2.0 `RANGE_ERROR`).
 */
import { SpecErrors, TrustBridgeError, type Problem } from '@trustbridge/core';

/** Stable codes of this package, with the spec name each carries (`undefined` where the spec names none). */
export const StatusListErrors = {
  /** `encodedList` is not multibase base64url (`u` prefix), not GZIP, or truncated (§2.2, §3.4). */
  ERR_STATUS_LIST_DECODE: SpecErrors.MALFORMED_VALUE_ERROR,
  /** The compressed or expanded list exceeds the configured bound (decompression-bomb guard). */
  ERR_STATUS_LIST_TOO_LARGE: SpecErrors.STATUS_VERIFICATION_ERROR,
  /** Fewer entries than the minimum (131,072 unless an ecosystem sets another bound) (§3.2 step 9). */
  ERR_STATUS_LIST_LENGTH: SpecErrors.STATUS_LIST_LENGTH_ERROR,
  /** `statusListIndex × statusSize` lies outside the bitstring (§3.2 step 10). */
  ERR_STATUS_INDEX_RANGE: SpecErrors.RANGE_ERROR,
  /** A `BitstringStatusListEntry` breaks a MUST of §2.1. */
  ERR_STATUS_ENTRY_MALFORMED: SpecErrors.MALFORMED_VALUE_ERROR,
  /** A `BitstringStatusListCredential` breaks a MUST of §2.2. */
  ERR_STATUS_LIST_MALFORMED: SpecErrors.MALFORMED_VALUE_ERROR,
  /** Dereferencing `statusListCredential` failed (§3.2 step 4). */
  ERR_STATUS_LIST_RETRIEVAL: SpecErrors.STATUS_RETRIEVAL_ERROR,
  /** A proof of the status list credential did not verify (§3.2 step 4). */
  ERR_STATUS_LIST_VERIFICATION: SpecErrors.STATUS_VERIFICATION_ERROR,
  /** The status list credential's issuer is not the credential's issuer (TrustBridge policy, see README). */
  ERR_STATUS_LIST_ISSUER_MISMATCH: SpecErrors.STATUS_VERIFICATION_ERROR,
  /** The entry's `statusPurpose` is not one of the list's purposes (§3.2 step 5). */
  ERR_STATUS_PURPOSE_MISMATCH: SpecErrors.STATUS_VERIFICATION_ERROR,
  /** The status list credential's `validUntil` has passed (§2.2, VC Data Model 2.0 §4.6). */
  ERR_STATUS_LIST_EXPIRED: SpecErrors.STATUS_VERIFICATION_ERROR,
  /** The status list credential's `validFrom` is in the future (§2.2, VC Data Model 2.0 §4.6). */
  ERR_STATUS_LIST_NOT_YET_VALID: SpecErrors.STATUS_VERIFICATION_ERROR,
  /** A `statusSize` above 8 bits: valid per §2.1, not supported here (§1.3 allows supporting only 1). */
  ERR_STATUS_SIZE_UNSUPPORTED: undefined,
  /** An IETF Token Status List reference (`status.status_list`): recognised, not supported. */
  ERR_STATUS_TOKEN_STATUS_LIST_UNSUPPORTED: undefined,
  /** A `credentialStatus` of a type other than `BitstringStatusListEntry`. */
  ERR_STATUS_TYPE_UNSUPPORTED: undefined,
  /** Misuse: an option or argument of the wrong shape (thrown, never a result). */
  ERR_STATUS_INVALID_ARGUMENT: undefined,
} as const;

export type StatusListErrorCode = keyof typeof StatusListErrors;

/** Builds the {@link TrustBridgeError} for `code`, carrying its spec name. */
export function statusError(
  code: StatusListErrorCode,
  message: string,
  options: { cause?: unknown; details?: Record<string, unknown> } = {},
): TrustBridgeError {
  const specCode = StatusListErrors[code];
  return new TrustBridgeError(code, message, { ...options, ...(specCode ? { specCode } : {}) });
}

/** Builds the {@link Problem} for `code`, carrying its spec name. */
export function statusProblem(code: StatusListErrorCode, message: string, path?: string): Problem {
  const specCode = StatusListErrors[code];
  return { code, ...(specCode ? { specCode } : {}), message, ...(path !== undefined ? { path } : {}) };
}
