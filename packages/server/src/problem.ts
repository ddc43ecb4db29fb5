/**
 * RFC 9457 problem documents: the one place where error codes become HTTP statuses.
 *
 * Every error response of every TrustBridge service is produced by {@link toProblemDocument}, so a
 * code always maps to the same status, and nothing but a safe message ever reaches a client.
 */
import { SpecErrors, TrustBridgeError, isTrustBridgeError, type Problem } from '@trustbridge/core';

/** The media type of an RFC 9457 problem document. */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** An RFC 9457 problem document with TrustBridge's stable `code` (and the spec's name when it has one). */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  specCode?: string;
  /** Individual problems (data-model violations, failed verification checks). */
  problems?: Problem[];
  [extension: string]: unknown;
}

/** Exact codes whose status is fixed. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  ERR_HTTP_NOT_FOUND: 404,
  ERR_HTTP_METHOD_NOT_ALLOWED: 405,
  ERR_HTTP_UNSUPPORTED_MEDIA_TYPE: 415,
  ERR_INPUT_TOO_LARGE: 413,
  ERR_JSON_MALFORMED: 400,
  ERR_JSON_TOO_DEEP: 400,
  ERR_REQUEST_INVALID: 400,
  ERR_VC_INVALID_CREDENTIAL: 400,
  ERR_VC_INVALID_PRESENTATION: 400,
  ERR_VC_ISSUER_MISMATCH: 400,
  ERR_REQUEST_CRYPTOSUITE_UNSUPPORTED: 400,
  ERR_JSONLD_UNDEFINED_TERM: 400,
  ERR_JSONLD_CONTEXT_UNKNOWN: 400,
  ERR_VERIFICATION_FAILED: 422,
  ERR_ISSUER_NOT_CONFIGURED: 501,
  ERR_DID_NOT_FOUND: 404,
  // Admin authentication (trust registry admin API).
  ERR_AUTH_TOKEN_MISSING: 401,
  ERR_AUTH_TOKEN_INVALID: 403,
  ERR_AUTH_ADMIN_DISABLED: 403,
  // Trust registry service.
  ERR_TR_QUERY_INVALID: 400,
  ERR_TR_STATE_INVALID: 400,
  ERR_TR_TRQP_REQUEST_INVALID: 400,
  ERR_TR_TRQP_NOT_FOUND: 404,
  ERR_TR_IDENTIFIER_CONFLICT: 409,
  ERR_TR_HISTORY_REWRITTEN: 409,
  ERR_REGISTRY_NOT_FOUND: 404,
  ERR_REGISTRY_CONFLICT: 409,
  // Issuer status service (src/status/): unknown ids and lifecycle rule conflicts.
  ERR_STATUS_CREDENTIAL_NOT_FOUND: 404,
  ERR_STATUS_LIST_NOT_FOUND: 404,
  ERR_STATUS_ALREADY_REVOKED: 409,
  ERR_STATUS_ALREADY_SUSPENDED: 409,
  ERR_STATUS_REINSTATE_REVOKED: 409,
  ERR_STATUS_NOT_SUSPENDED: 409,
  ERR_STATUS_NO_ENTRY: 409,
  ERR_STORE_CONFLICT: 409,
  ERR_STORE_UNAVAILABLE: 503,
};

/**
 * Code areas whose errors are caused by the client's input, so they answer 400 even when a lower
 * package adds a new code. Everything else that is not listed is a server fault (500).
 */
const CLIENT_INPUT_AREAS = ['ERR_JSON_', 'ERR_JSONLD_', 'ERR_VC_', 'ERR_VP_', 'ERR_DI_', 'ERR_PROOF_', 'ERR_ENCODING_', 'ERR_MULTIBASE_', 'ERR_REQUEST_', 'ERR_CREDENTIAL_', 'ERR_PRESENTATION_'];

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  409: 'Conflict',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

/** The HTTP status for an error code. Unknown codes are server faults (500). */
export function statusForCode(code: string): number {
  const exact = STATUS_BY_CODE[code];
  if (exact !== undefined) return exact;
  if (CLIENT_INPUT_AREAS.some((area) => code.startsWith(area))) return 400;
  return 500;
}

// Spec-defined problem types: VC Data Model 2.0 §7.1 and VC Data Integrity 1.0 §2.2.
const VCDM_TYPES = new Set<string>([SpecErrors.PARSING_ERROR, SpecErrors.CRYPTOGRAPHIC_SECURITY_ERROR, SpecErrors.MALFORMED_VALUE_ERROR, SpecErrors.RANGE_ERROR]);
const DI_TYPES = new Set<string>([
  SpecErrors.PROOF_GENERATION_ERROR,
  SpecErrors.PROOF_VERIFICATION_ERROR,
  SpecErrors.PROOF_TRANSFORMATION_ERROR,
  SpecErrors.MALFORMED_PROOF_ERROR,
  SpecErrors.MISMATCHED_PROOF_PURPOSE_ERROR,
  SpecErrors.INVALID_DOMAIN_ERROR,
  SpecErrors.INVALID_CHALLENGE_ERROR,
  SpecErrors.INVALID_VERIFICATION_METHOD,
  SpecErrors.INVALID_PROOF_CONFIGURATION,
]);

/** The problem `type` URI: the specification's URL when it names the failure, else a TrustBridge URN. */
export function problemType(code: string, specCode?: string): string {
  if (specCode && VCDM_TYPES.has(specCode)) return `https://www.w3.org/TR/vc-data-model#${specCode}`;
  if (specCode && DI_TYPES.has(specCode)) return `https://w3id.org/security#${specCode}`;
  return `urn:trustbridge:problem:${code}`;
}

/** Builds a problem document for a code, with the status from the code map. */
export function createProblem(
  code: string,
  detail: string,
  extra: { specCode?: string; problems?: Problem[]; status?: number; [extension: string]: unknown } = {},
): ProblemDocument {
  const { specCode, problems, status: forcedStatus, ...extensions } = extra;
  const status = forcedStatus ?? statusForCode(code);
  return {
    type: problemType(code, specCode),
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(specCode ? { specCode } : {}),
    ...(problems && problems.length > 0 ? { problems } : {}),
    ...extensions,
  };
}

/** Reads `details.problems` of a TrustBridgeError when it is a well-formed problem list. */
function problemsOf(error: TrustBridgeError): Problem[] | undefined {
  const list = error.details?.['problems'];
  if (!Array.isArray(list)) return undefined;
  return list
    .filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null && typeof (p as { code?: unknown }).code === 'string')
    .map((p) => ({
      code: String(p['code']),
      ...(typeof p['specCode'] === 'string' ? { specCode: p['specCode'] } : {}),
      message: typeof p['message'] === 'string' ? p['message'] : 'Invalid value.',
      ...(typeof p['path'] === 'string' ? { path: p['path'] } : {}),
    }));
}

/**
 * Turns anything thrown into a problem document. TrustBridgeErrors keep their code, message and
 * problem list (their messages are safe by contract); unknown errors become a generic 500 whose
 * detail reveals nothing. Body-parser style errors carrying an HTTP `status` keep that status.
 */
export function toProblemDocument(error: unknown): ProblemDocument {
  if (isTrustBridgeError(error)) {
    const status = statusForCode(error.code);
    if (status >= 500 && !(error.code in STATUS_BY_CODE)) {
      return createProblem('ERR_INTERNAL', 'The server could not complete the request.', { status: 500 });
    }
    const problems = problemsOf(error);
    return createProblem(error.code, error.message, {
      ...(error.specCode ? { specCode: error.specCode } : {}),
      ...(problems ? { problems } : {}),
    });
  }
  return createProblem('ERR_INTERNAL', 'The server could not complete the request.', { status: 500 });
}
