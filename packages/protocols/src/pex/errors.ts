import { TrustBridgeError } from '@trustbridge/core';

/**
 * Stable codes for DIF Presentation Exchange 2.0 failures. The OAuth error for a bad definition in an
 * authorization request is `invalid_request` (OpenID4VP 1.0 §8.5), carried as `specCode`.
 */
export const PexErrorCodes = {
  /** The presentation definition is malformed, too large, or uses a feature outside the supported subset. */
  INVALID_DEFINITION: 'ERR_PEX_INVALID_DEFINITION',
  /** The presentation submission is malformed or does not fit the definition (ids, formats, paths). */
  INVALID_SUBMISSION: 'ERR_PEX_INVALID_SUBMISSION',
  /** A presented credential does not satisfy its input descriptor (format, fields, filters, limit_disclosure). */
  DESCRIPTOR_NOT_SATISFIED: 'ERR_PEX_DESCRIPTOR_NOT_SATISFIED',
} as const;
export type PexErrorCode = (typeof PexErrorCodes)[keyof typeof PexErrorCodes];

/** A coded Presentation Exchange error carrying the OAuth `invalid_request` name. */
export function pexError(code: PexErrorCode, message: string, details?: Record<string, unknown>): TrustBridgeError {
  return new TrustBridgeError(code, message, { specCode: 'invalid_request', ...(details ? { details } : {}) });
}
