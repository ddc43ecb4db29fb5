import { SpecErrors, type Problem } from '@trustbridge/core';

/**
 * Stable error codes of `@trustbridge/vc` (`ERR_VC_*` for credentials, `ERR_VP_*` for presentations).
 * Callers `switch` on these; messages may change, codes do not.
 *
 * Spec names carried as `specCode` come from VC Data Model 2.0 §7.1 ("Verification", error table):
 * `PARSING_ERROR`, `CRYPTOGRAPHIC_SECURITY_ERROR`, `MALFORMED_VALUE_ERROR`, `RANGE_ERROR`, and from
 * VC Data Integrity 1.0 §2.2 (`INVALID_VERIFICATION_METHOD`, ...).
 */
export const VcErrorCodes = {
  /** The input is not a JSON object (or JSON text of one). */
  NOT_AN_OBJECT: 'ERR_VC_NOT_AN_OBJECT',
  /** The input is neither a JSON object nor a format this pipeline knows. */
  FORMAT_UNSUPPORTED: 'ERR_VC_FORMAT_UNSUPPORTED',
  CONTEXT_MISSING: 'ERR_VC_CONTEXT_MISSING',
  CONTEXT_INVALID: 'ERR_VC_CONTEXT_INVALID',
  ID_INVALID: 'ERR_VC_ID_INVALID',
  ID_MISSING: 'ERR_VC_ID_MISSING',
  TYPE_MISSING: 'ERR_VC_TYPE_MISSING',
  TYPE_INVALID: 'ERR_VC_TYPE_INVALID',
  ISSUER_MISSING: 'ERR_VC_ISSUER_MISSING',
  ISSUER_INVALID: 'ERR_VC_ISSUER_INVALID',
  SUBJECT_MISSING: 'ERR_VC_SUBJECT_MISSING',
  SUBJECT_INVALID: 'ERR_VC_SUBJECT_INVALID',
  DATETIME_INVALID: 'ERR_VC_DATETIME_INVALID',
  ISSUANCE_DATE_MISSING: 'ERR_VC_ISSUANCE_DATE_MISSING',
  VALIDITY_PERIOD_INVALID: 'ERR_VC_VALIDITY_PERIOD_INVALID',
  NAME_INVALID: 'ERR_VC_NAME_INVALID',
  DESCRIPTION_INVALID: 'ERR_VC_DESCRIPTION_INVALID',
  /** A `credentialSchema`, `credentialStatus`, `refreshService`, `termsOfUse` or `evidence` value is not an object. */
  OBJECT_INVALID: 'ERR_VC_OBJECT_INVALID',
  RELATED_RESOURCE_INVALID: 'ERR_VC_RELATED_RESOURCE_INVALID',
  RELATED_RESOURCE_DUPLICATE_ID: 'ERR_VC_RELATED_RESOURCE_DUPLICATE_ID',
  RELATED_RESOURCE_DIGEST_MISSING: 'ERR_VC_RELATED_RESOURCE_DIGEST_MISSING',
  RELATED_RESOURCE_DIGEST_INVALID: 'ERR_VC_RELATED_RESOURCE_DIGEST_INVALID',
  RELATED_RESOURCE_DIGEST_MISMATCH: 'ERR_VC_RELATED_RESOURCE_DIGEST_MISMATCH',
  PROOF_INVALID: 'ERR_VC_PROOF_INVALID',
  /** Issuance refused: the credential does not conform (`details.problems`). */
  INVALID_CREDENTIAL: 'ERR_VC_INVALID_CREDENTIAL',
  /** Issuance refused: the credential's issuer is not the signer's DID. */
  ISSUER_MISMATCH: 'ERR_VC_ISSUER_MISMATCH',
  /** Verification: the proof was made with a key that does not belong to the issuer. */
  ISSUER_KEY_MISMATCH: 'ERR_VC_ISSUER_KEY_MISMATCH',
  NOT_YET_VALID: 'ERR_VC_NOT_YET_VALID',
  EXPIRED: 'ERR_VC_EXPIRED',
  /** A pluggable step (status, trust, ...) threw or returned something that is not an outcome. */
  CHECK_ERROR: 'ERR_VC_CHECK_ERROR',
  OPTIONS_INVALID: 'ERR_VC_OPTIONS_INVALID',
  /** Status: a `revocation` entry of the credential is set (Bitstring Status List v1.0 §3.2). */
  STATUS_REVOKED: 'ERR_STATUS_REVOKED',
  /** Status: a `suspension` entry of the credential is set. */
  STATUS_SUSPENDED: 'ERR_STATUS_SUSPENDED',
  /** Status: the status list could not be fetched over HTTP (status code, size or time bound); reported as `ERR_STATUS_LIST_RETRIEVAL` by the checker. */
  STATUS_FETCH_FAILED: 'ERR_STATUS_FETCH_FAILED',
  /** Trust: the registry could not decide (e.g. a stale snapshot). Fails closed. */
  TRUST_INDETERMINATE: 'ERR_TRUST_INDETERMINATE',
  /** Trust: the registry answered `not-trusted` (each reason also appears as `ERR_TRUST_<reason>`). */
  TRUST_NOT_TRUSTED: 'ERR_TRUST_NOT_TRUSTED',
  /** Trust: the credential names no issuer the registry could be asked about. */
  TRUST_ISSUER_UNKNOWN: 'ERR_TRUST_ISSUER_UNKNOWN',
  /** Trust: no jurisdiction could be read from the credential (inject `resolveQuery`). */
  TRUST_JURISDICTION_UNKNOWN: 'ERR_TRUST_JURISDICTION_UNKNOWN',
  /** Trust: no credential type could be read from the credential. */
  TRUST_TYPE_UNKNOWN: 'ERR_TRUST_TYPE_UNKNOWN',
  /** Presentation codes. */
  VP_INVALID_PRESENTATION: 'ERR_VP_INVALID_PRESENTATION',
  VP_HOLDER_INVALID: 'ERR_VP_HOLDER_INVALID',
  VP_HOLDER_MISMATCH: 'ERR_VP_HOLDER_MISMATCH',
  VP_CREDENTIAL_INVALID: 'ERR_VP_CREDENTIAL_INVALID',
  VP_CREDENTIAL_FAILED: 'ERR_VP_CREDENTIAL_FAILED',
  VP_CHALLENGE_MISSING: 'ERR_VP_CHALLENGE_MISSING',
} as const;
export type VcErrorCode = (typeof VcErrorCodes)[keyof typeof VcErrorCodes];

/** A data model problem: `MALFORMED_VALUE_ERROR` (VC DM 2.0 §7.1) at a JSON Pointer. */
export const malformed = (code: string, message: string, path: string): Problem => ({
  code,
  specCode: SpecErrors.MALFORMED_VALUE_ERROR,
  message,
  path,
});
