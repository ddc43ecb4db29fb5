/**
 * Stable codes of the KYB package.
 *
 * - `KYB_*_OK` — a check passed; `KYB_*_SKIPPED` — a check did not apply (the reason is in its message).
 * - `ERR_KYB_*` on a check — the check failed; the check's `severity` says whether that declines or
 *   refers the application. These are results, never thrown.
 * - `KYB_GAP_*` — a FINTRAC requirement the credentials do not cover (collect it elsewhere).
 * - `ERR_KYB_POLICY_INVALID` / `ERR_KYB_OPTIONS_INVALID` are thrown (`TrustBridgeError`) for misuse;
 *   `ERR_KYB_AUDIT_*` are problems in `verifyAuditRecord`'s result.
 */
export const KybCodes = {
  // required-credentials
  CREDENTIALS_OK: 'KYB_CREDENTIALS_OK',
  CREDENTIAL_MISSING: 'ERR_KYB_CREDENTIAL_MISSING',
  // presentation-verified
  PRESENTATION_OK: 'KYB_PRESENTATION_OK',
  PRESENTATION_SKIPPED: 'KYB_PRESENTATION_SKIPPED',
  PRESENTATION_NOT_VERIFIED: 'ERR_KYB_PRESENTATION_NOT_VERIFIED',
  // credential-format
  FORMAT_OK: 'KYB_FORMAT_OK',
  FORMAT_NOT_ACCEPTED: 'ERR_KYB_FORMAT_NOT_ACCEPTED',
  // credential-verified
  CREDENTIAL_VERIFIED: 'KYB_CREDENTIAL_VERIFIED',
  CREDENTIAL_NOT_VERIFIED: 'ERR_KYB_CREDENTIAL_NOT_VERIFIED',
  CREDENTIAL_REVOKED: 'ERR_KYB_CREDENTIAL_REVOKED',
  CREDENTIAL_SUSPENDED: 'ERR_KYB_CREDENTIAL_SUSPENDED',
  STATUS_UNAVAILABLE: 'ERR_KYB_STATUS_UNAVAILABLE',
  STATUS_NOT_CHECKED: 'ERR_KYB_STATUS_NOT_CHECKED',
  // holder-binding
  HOLDER_OK: 'KYB_HOLDER_OK',
  HOLDER_SKIPPED: 'KYB_HOLDER_SKIPPED',
  HOLDER_MISMATCH: 'ERR_KYB_HOLDER_MISMATCH',
  HOLDER_NOT_PROVEN: 'ERR_KYB_HOLDER_NOT_PROVEN',
  // issuer-trusted
  ISSUER_TRUSTED: 'KYB_ISSUER_TRUSTED',
  ISSUER_NOT_TRUSTED: 'ERR_KYB_ISSUER_NOT_TRUSTED',
  ISSUER_SUSPENDED: 'ERR_KYB_ISSUER_SUSPENDED',
  TRUST_INDETERMINATE: 'ERR_KYB_TRUST_INDETERMINATE',
  // name-match
  NAME_MATCH: 'KYB_NAME_MATCH',
  NAME_NEAR_MATCH: 'ERR_KYB_NAME_NEAR_MATCH',
  NAME_MISMATCH: 'ERR_KYB_NAME_MISMATCH',
  NAME_SKIPPED: 'KYB_NAME_SKIPPED',
  // business-identifier
  BUSINESS_ID_MATCH: 'KYB_BUSINESS_ID_MATCH',
  BUSINESS_ID_SKIPPED: 'KYB_BUSINESS_ID_SKIPPED',
  BUSINESS_ID_MISMATCH: 'ERR_KYB_BUSINESS_ID_MISMATCH',
  // business-status
  BUSINESS_ACTIVE: 'KYB_BUSINESS_ACTIVE',
  BUSINESS_NOT_ACTIVE: 'ERR_KYB_BUSINESS_NOT_ACTIVE',
  // business-type
  BUSINESS_TYPE_OK: 'KYB_BUSINESS_TYPE_OK',
  BUSINESS_TYPE_NOT_ELIGIBLE: 'ERR_KYB_BUSINESS_TYPE_NOT_ELIGIBLE',
  // signing-authority
  SIGNING_AUTHORITY_OK: 'KYB_SIGNING_AUTHORITY_OK',
  NO_SIGNING_AUTHORITY: 'ERR_KYB_NO_SIGNING_AUTHORITY',
  NOT_A_DIRECTOR: 'ERR_KYB_NOT_A_DIRECTOR',
  ROLE_SELF_ATTESTED: 'ERR_KYB_ROLE_SELF_ATTESTED',
  // assurance-level
  ASSURANCE_OK: 'KYB_ASSURANCE_OK',
  ASSURANCE_TOO_LOW: 'ERR_KYB_ASSURANCE_TOO_LOW',
  // credential-age
  AGE_OK: 'KYB_CREDENTIAL_AGE_OK',
  AGE_SKIPPED: 'KYB_CREDENTIAL_AGE_SKIPPED',
  CREDENTIAL_STALE: 'ERR_KYB_CREDENTIAL_STALE',
  // gaps (FINTRAC needs the credentials do not cover)
  GAP_REGISTERED_ADDRESS: 'KYB_GAP_REGISTERED_ADDRESS',
  GAP_DIRECTORS: 'KYB_GAP_DIRECTORS',
  GAP_BENEFICIAL_OWNERS: 'KYB_GAP_BENEFICIAL_OWNERS',
  GAP_ISC_CHECK: 'KYB_GAP_ISC_CHECK',
  GAP_SCREENING: 'KYB_GAP_SCREENING',
} as const;
export type KybCode = (typeof KybCodes)[keyof typeof KybCodes];

/** Codes of thrown errors (misuse) and of audit record verification problems. */
export const KybErrorCodes = {
  /** A policy breaks a rule (details name the field). */
  POLICY_INVALID: 'ERR_KYB_POLICY_INVALID',
  /** Options or input of a call are malformed (programmer error). */
  OPTIONS_INVALID: 'ERR_KYB_OPTIONS_INVALID',
  /** An audit record is not a well-formed record. */
  AUDIT_MALFORMED: 'ERR_KYB_AUDIT_MALFORMED',
  /** An audit record's signature does not match its content (changed after signing, or another key). */
  AUDIT_TAMPERED: 'ERR_KYB_AUDIT_TAMPERED',
} as const;
export type KybErrorCode = (typeof KybErrorCodes)[keyof typeof KybErrorCodes];
