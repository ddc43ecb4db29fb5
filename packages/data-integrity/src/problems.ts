/**
 * Problem codes reported by {@link verifyProofs} and thrown by {@link addProof}, with the names that
 * VC Data Integrity 1.0 §4.8 ("Processing Errors") gives the failures, carried as `specCode`.
 */
import { SpecErrors, TrustBridgeError, type Problem } from '@trustbridge/core';

export const DiErrors = {
  /** The document has no `proof`. */
  PROOF_MISSING: 'ERR_DI_PROOF_MISSING',
  /** Bad type / cryptosuite / proofValue encoding, missing fields, invalid `created`, context mismatch. */
  PROOF_MALFORMED: 'ERR_DI_PROOF_MALFORMED',
  /** The signature does not verify (constant message). */
  SIGNATURE_INVALID: 'ERR_DI_SIGNATURE_INVALID',
  /** The proof type / cryptosuite is not supported or not allowed. */
  CRYPTOSUITE_UNSUPPORTED: 'ERR_DI_CRYPTOSUITE_UNSUPPORTED',
  PURPOSE_MISMATCH: 'ERR_DI_PURPOSE_MISMATCH',
  CHALLENGE_MISMATCH: 'ERR_DI_CHALLENGE_MISMATCH',
  DOMAIN_MISMATCH: 'ERR_DI_DOMAIN_MISMATCH',
  PROOF_EXPIRED: 'ERR_DI_PROOF_EXPIRED',
  /** Unresolvable, not authorized for the proof purpose, or not an Ed25519 key. */
  VERIFICATION_METHOD: 'ERR_DI_VERIFICATION_METHOD',
  /** A `previousProof` reference names no proof of the proof set (VC DI 1.0 §2.1.2 proof chains). */
  PREVIOUS_PROOF_MISSING: 'ERR_DI_PREVIOUS_PROOF_MISSING',
  /** Misuse of {@link addProof} / {@link verifyProofs} options (thrown, never reported). */
  OPTIONS_INVALID: 'ERR_DI_OPTIONS_INVALID',
} as const;

/** The constant message for a failed signature (no oracle for attackers). */
export const SIGNATURE_INVALID_MESSAGE = 'Proof verification failed.';

export function problem(code: string, specCode: string, message: string, path?: string, details?: Record<string, unknown>): Problem & { details?: Record<string, unknown> } {
  return { code, specCode, message, ...(path !== undefined ? { path } : {}), ...(details ? { details } : {}) };
}

export function malformed(message: string, path?: string): Problem {
  return problem(DiErrors.PROOF_MALFORMED, SpecErrors.MALFORMED_PROOF_ERROR, message, path);
}

export function optionsError(message: string, details?: Record<string, unknown>): TrustBridgeError {
  return new TrustBridgeError(DiErrors.OPTIONS_INVALID, message, { ...(details ? { details } : {}) });
}
