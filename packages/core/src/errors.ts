/**
 * One error type for the whole of TrustBridge.
 *
 * Every error carries a stable `code` (`ERR_<AREA>_<REASON>`) that callers can `switch` on, an
 * optional `specCode` when a specification names the failure (for example the Data Integrity
 * `MALFORMED_PROOF_ERROR` or the DID Resolution `notFound`), a `cause`, and `details` that are safe to
 * show (never secrets, never key material).
 *
 * Errors are thrown for misuse and misconfiguration. An untrusted document failing its checks is a
 * *result* (see {@link VerificationResult}), not an exception.
 */
export class TrustBridgeError extends Error {
  override readonly name: string = 'TrustBridgeError';
  readonly code: string;
  readonly specCode: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: string,
    message: string,
    options: { cause?: unknown; specCode?: string; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.specCode = options.specCode;
    this.details = options.details;
  }

  /** A plain object safe to serialise into logs and problem documents. */
  toJSON(): { code: string; specCode?: string; message: string; details?: Record<string, unknown> } {
    return {
      code: this.code,
      ...(this.specCode ? { specCode: this.specCode } : {}),
      message: this.message,
      ...(this.details ? { details: { ...this.details } } : {}),
    };
  }
}

/** True when `value` is a {@link TrustBridgeError}, optionally with the given code. */
export function isTrustBridgeError(value: unknown, code?: string): value is TrustBridgeError {
  return value instanceof TrustBridgeError && (code === undefined || value.code === code);
}

/**
 * Error names defined by the specifications TrustBridge implements. Carried as `specCode`.
 * - VC Data Model 2.0 §7.1 (Verification) and VC Data Integrity 1.0 §2.2 / §4 (Processing Errors).
 * - Bitstring Status List 1.0 §3.8 (Processing Errors).
 * - DID Resolution (error values of didResolutionMetadata).
 */
export const SpecErrors = {
  PARSING_ERROR: 'PARSING_ERROR',
  CRYPTOGRAPHIC_SECURITY_ERROR: 'CRYPTOGRAPHIC_SECURITY_ERROR',
  MALFORMED_VALUE_ERROR: 'MALFORMED_VALUE_ERROR',
  RANGE_ERROR: 'RANGE_ERROR',
  PROOF_GENERATION_ERROR: 'PROOF_GENERATION_ERROR',
  PROOF_VERIFICATION_ERROR: 'PROOF_VERIFICATION_ERROR',
  PROOF_TRANSFORMATION_ERROR: 'PROOF_TRANSFORMATION_ERROR',
  MALFORMED_PROOF_ERROR: 'MALFORMED_PROOF_ERROR',
  MISMATCHED_PROOF_PURPOSE_ERROR: 'MISMATCHED_PROOF_PURPOSE_ERROR',
  INVALID_DOMAIN_ERROR: 'INVALID_DOMAIN_ERROR',
  INVALID_CHALLENGE_ERROR: 'INVALID_CHALLENGE_ERROR',
  INVALID_VERIFICATION_METHOD: 'INVALID_VERIFICATION_METHOD',
  INVALID_PROOF_CONFIGURATION: 'INVALID_PROOF_CONFIGURATION',
  STATUS_RETRIEVAL_ERROR: 'STATUS_RETRIEVAL_ERROR',
  STATUS_VERIFICATION_ERROR: 'STATUS_VERIFICATION_ERROR',
  STATUS_LIST_LENGTH_ERROR: 'STATUS_LIST_LENGTH_ERROR',
  DID_INVALID: 'invalidDid',
  DID_INVALID_URL: 'invalidDidUrl',
  DID_NOT_FOUND: 'notFound',
  DID_METHOD_NOT_SUPPORTED: 'methodNotSupported',
  DID_REPRESENTATION_NOT_SUPPORTED: 'representationNotSupported',
  DID_INTERNAL_ERROR: 'internalError',
} as const;
export type SpecErrorName = (typeof SpecErrors)[keyof typeof SpecErrors];
