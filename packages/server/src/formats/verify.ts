/**
 * Verification input for every form: a JSON object (Data Integrity, `ldp_vc` / `ldp_vp`) or a compact
 * serialization (`vc+jwt`, `vp+jwt`, SD-JWT VC with or without a KB-JWT), and how a failed result maps
 * to HTTP: 400 when the input is not a credential in any supported form, 422 when it is one that fails
 * its checks (PITFALLS.md: the W3C suites expect 400 or 422, never 200 with `verified: false`).
 */
import { isObject, type VerificationResult } from '@trustbridge/core';
import { invalidRequest } from '../http.js';

/** Codes that mean "this is not a token / document in a supported form" rather than "it failed its checks". */
const MALFORMED_CODES = new Set(['ERR_VC_NOT_AN_OBJECT', 'ERR_VC_FORMAT_UNSUPPORTED', 'ERR_JSON_MALFORMED', 'ERR_JSON_TOO_DEEP', 'ERR_JOSE_MALFORMED', 'ERR_JOSE_TOO_LARGE']);

/**
 * Reads a `verifiableCredential` / `verifiablePresentation` member: an object as is, a non-empty string
 * (a compact JWS or SD-JWT) trimmed. Anything else is 400 `ERR_REQUEST_INVALID`.
 */
export function verificationInput(value: unknown, member: 'verifiableCredential' | 'verifiablePresentation'): Record<string, unknown> | string {
  if (isObject(value)) return value;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  throw invalidRequest(`${member} must be a JSON object or a compact JWT / SD-JWT string.`, `/${member}`);
}

/**
 * The problem code of a failed verification: `ERR_CREDENTIAL_MALFORMED` / `ERR_PRESENTATION_MALFORMED`
 * (400) when the input could not be parsed as any supported form (bad segment, oversized token, unknown
 * `typ`), else `ERR_VERIFICATION_FAILED` (422). The result's own codes stay in `problems` either way.
 */
export function failureCode(result: VerificationResult, what: 'credential' | 'presentation'): string {
  const unparsable = result.checks.some((c) => (c.id === 'parse' || c.id === 'format') && c.status === 'failed') || result.problems.some((p) => MALFORMED_CODES.has(p.code));
  if (!unparsable) return 'ERR_VERIFICATION_FAILED';
  return what === 'credential' ? 'ERR_CREDENTIAL_MALFORMED' : 'ERR_PRESENTATION_MALFORMED';
}
