/**
 * Stable problem codes of the JOSE family (`ERR_JOSE_*`, `ERR_JWT_*`, `ERR_SDJWT_*`). Callers
 * `switch` on these; messages are short and, for signature failures, constant.
 */
import { SpecErrors, TrustBridgeError, type Problem } from '@trustbridge/core';

export const JoseErrorCodes = {
  /** Not a compact JWS / SD-JWT: wrong segment count, non-base64url segment, JSON that is not an object (RFC 7515 §5.2). */
  MALFORMED: 'ERR_JOSE_MALFORMED',
  /** The token is larger than `maxTokenBytes`. */
  TOO_LARGE: 'ERR_JOSE_TOO_LARGE',
  /** `alg` missing, `none`, symmetric, or not in the allow-list (RFC 8725 §3.1, §3.2). */
  ALG_NOT_ALLOWED: 'ERR_JOSE_ALG_NOT_ALLOWED',
  /** A `crit` header names an extension this implementation does not process (RFC 7515 §4.1.11). */
  CRIT_UNSUPPORTED: 'ERR_JOSE_CRIT_UNSUPPORTED',
  /** Wrong `typ` (RFC 8725 §3.11 explicit typing). */
  TYP_INVALID: 'ERR_JOSE_TYP_INVALID',
  /** `cty` present with a value other than the one the profile allows. */
  CTY_INVALID: 'ERR_JOSE_CTY_INVALID',
  /** No `kid` where the key must be found from it. */
  KID_MISSING: 'ERR_JOSE_KID_MISSING',
  /** The key does not fit: header `jwk` differs from the resolved key, `alg` does not match the key type, or the verification method's DID is not the issuer / holder. */
  KEY_MISMATCH: 'ERR_JOSE_KEY_MISMATCH',
  /** The key could not be resolved or imported (the cause's own `ERR_DID_*` / `ERR_VM_*` code is used when it has one). */
  KEY_UNRESOLVED: 'ERR_JOSE_KEY_UNRESOLVED',
  /** The key type is not supported (only OKP Ed25519 and EC P-256 public keys are), or a JWK holds private members. */
  KEY_UNSUPPORTED: 'ERR_JOSE_KEY_UNSUPPORTED',
  /** The signature does not verify. Constant message. */
  SIGNATURE_INVALID: 'ERR_JOSE_SIGNATURE_INVALID',
  /** The payload is not the expected document (e.g. not a VC with `@context`, `type`, `issuer`). */
  PAYLOAD_INVALID: 'ERR_JOSE_PAYLOAD_INVALID',
  /** The signer produced a signature of the wrong shape for its algorithm (e.g. DER instead of r‖s for ES256). */
  SIGNER_OUTPUT_INVALID: 'ERR_JOSE_SIGNER_OUTPUT_INVALID',
  /** Options are missing or contradictory (misuse: thrown, never a result). */
  OPTIONS_INVALID: 'ERR_JOSE_OPTIONS_INVALID',

  /** `exp` / `validUntil` is in the past beyond the allowed skew (RFC 7519 §4.1.4). */
  JWT_EXPIRED: 'ERR_JWT_EXPIRED',
  /** `nbf` / `validFrom` is in the future beyond the allowed skew (RFC 7519 §4.1.5). */
  JWT_NOT_YET_VALID: 'ERR_JWT_NOT_YET_VALID',
  /** `iat` is in the future beyond the allowed skew (RFC 7519 §4.1.6). */
  JWT_IAT_IN_FUTURE: 'ERR_JWT_IAT_IN_FUTURE',
  /** A time claim is not a NumericDate or a date-time is not valid. */
  JWT_CLAIM_INVALID: 'ERR_JWT_CLAIM_INVALID',

  /** `_sd_alg` names a hash function other than `sha-256` (RFC 9901 §4.1.1). */
  SDJWT_HASH_ALG_UNSUPPORTED: 'ERR_SDJWT_HASH_ALG_UNSUPPORTED',
  /** A Disclosure's digest is not referenced by the payload or by another Disclosure (RFC 9901 §7.1 step 5). */
  SDJWT_DISCLOSURE_UNKNOWN: 'ERR_SDJWT_DISCLOSURE_UNKNOWN',
  /** The same Disclosure appears twice. */
  SDJWT_DISCLOSURE_DUPLICATE: 'ERR_SDJWT_DISCLOSURE_DUPLICATE',
  /** A digest appears more than once in the payload or Disclosures (RFC 9901 §7.1 step 4). */
  SDJWT_DIGEST_DUPLICATE: 'ERR_SDJWT_DIGEST_DUPLICATE',
  /** A Disclosure is not base64url JSON of [salt, name, value] / [salt, value], or names `_sd` / `...` (RFC 9901 §4.2, §7.1). */
  SDJWT_DISCLOSURE_MALFORMED: 'ERR_SDJWT_DISCLOSURE_MALFORMED',
  /** A disclosed claim name already exists at its level (RFC 9901 §7.1 step 3.2.3). */
  SDJWT_CLAIM_COLLISION: 'ERR_SDJWT_CLAIM_COLLISION',
  /** `_sd` is not an array of digest strings, or an array element `{"...": d}` has other members (RFC 9901 §4.2.4). */
  SDJWT_PAYLOAD_INVALID: 'ERR_SDJWT_PAYLOAD_INVALID',
  /** A claim that SD-JWT VC requires to be plain (iss, nbf, exp, cnf, vct, vct#integrity, status) was disclosed selectively (SD-JWT VC §3.2.2). */
  SDJWT_VC_RESERVED_CLAIM: 'ERR_SDJWT_VC_RESERVED_CLAIM',
  /** `vct` is missing or not a string (SD-JWT VC §3.2.2.1.1). */
  SDJWT_VC_VCT_MISSING: 'ERR_SDJWT_VC_VCT_MISSING',
  /** The Verifier requires Key Binding but no KB-JWT was presented (RFC 9901 §7.3 step 2). */
  SDJWT_KB_MISSING: 'ERR_SDJWT_KB_MISSING',
  /** KB-JWT `nonce` differs from the expected one (RFC 9901 §7.3 step 5.6). */
  SDJWT_KB_NONCE: 'ERR_SDJWT_KB_NONCE',
  /** KB-JWT `aud` differs from the expected audience (RFC 9901 §7.3 step 5.6). */
  SDJWT_KB_AUDIENCE: 'ERR_SDJWT_KB_AUDIENCE',
  /** KB-JWT `sd_hash` does not match the presented SD-JWT (RFC 9901 §4.3.1, §7.3 step 5.7). */
  SDJWT_KB_SD_HASH: 'ERR_SDJWT_KB_SD_HASH',
  /** KB-JWT `iat` is older than `maxKbAgeSeconds` (RFC 9901 §7.3 step 5.5). */
  SDJWT_KB_STALE: 'ERR_SDJWT_KB_STALE',
  /** KB-JWT `iat` is in the future beyond the skew. */
  SDJWT_KB_IAT_IN_FUTURE: 'ERR_SDJWT_KB_IAT_IN_FUTURE',
  /** KB-JWT signature does not verify with the `cnf` key. Constant message. */
  SDJWT_KB_SIGNATURE: 'ERR_SDJWT_KB_SIGNATURE',
  /** KB-JWT header or claims are malformed (`typ` not `kb+jwt`, missing claims). */
  SDJWT_KB_INVALID: 'ERR_SDJWT_KB_INVALID',
  /** A KB-JWT was presented (or required) but the SD-JWT has no usable `cnf.jwk` (RFC 7800 §3.2). */
  SDJWT_CNF_MISSING: 'ERR_SDJWT_CNF_MISSING',

  /** The credential references an IETF Token Status List (`status.status_list`), which TrustBridge does not check yet. */
  STATUS_TOKEN_STATUS_LIST_UNSUPPORTED: 'ERR_STATUS_TOKEN_STATUS_LIST_UNSUPPORTED',
} as const;

export type JoseErrorCode = (typeof JoseErrorCodes)[keyof typeof JoseErrorCodes];

/** The constant message for every signature failure (DESIGN.md security defaults). */
export const SIGNATURE_MESSAGE = 'Signature verification failed.';

/** A failure found while checking an untrusted token; collected into a {@link Problem}, never thrown to callers. */
export class JoseCheckError extends TrustBridgeError {
  override readonly name: string = 'JoseCheckError';
  readonly path: string | undefined;
  constructor(code: JoseErrorCode | string, message: string, options: { specCode?: string; path?: string; cause?: unknown } = {}) {
    super(code, message, {
      ...(options.specCode ? { specCode: options.specCode } : {}),
      ...(options.cause !== undefined ? { cause: options.cause } : {}),
    });
    this.path = options.path;
  }

  toProblem(): Problem {
    return {
      code: this.code,
      message: this.message,
      ...(this.specCode ? { specCode: this.specCode } : {}),
      ...(this.path !== undefined ? { path: this.path } : {}),
    };
  }
}

const SPEC_FOR: Partial<Record<string, string>> = {
  ERR_JOSE_MALFORMED: SpecErrors.PARSING_ERROR,
  ERR_JOSE_TOO_LARGE: SpecErrors.PARSING_ERROR,
  ERR_JOSE_SIGNATURE_INVALID: SpecErrors.CRYPTOGRAPHIC_SECURITY_ERROR,
  ERR_SDJWT_KB_SIGNATURE: SpecErrors.CRYPTOGRAPHIC_SECURITY_ERROR,
  ERR_JWT_EXPIRED: SpecErrors.RANGE_ERROR,
  ERR_JWT_NOT_YET_VALID: SpecErrors.RANGE_ERROR,
  ERR_JWT_IAT_IN_FUTURE: SpecErrors.RANGE_ERROR,
  ERR_SDJWT_KB_NONCE: SpecErrors.INVALID_CHALLENGE_ERROR,
  ERR_SDJWT_KB_AUDIENCE: SpecErrors.INVALID_DOMAIN_ERROR,
};

/** Shorthand to build a {@link JoseCheckError} with the spec error name that fits its code. */
export function fail(code: JoseErrorCode, message: string, path?: string): JoseCheckError {
  const specCode = SPEC_FOR[code];
  return new JoseCheckError(code, message, { ...(specCode ? { specCode } : {}), ...(path !== undefined ? { path } : {}) });
}

/** Converts anything thrown during a check into a problem, keeping TrustBridge codes (`ERR_DID_*`, `ERR_VM_*`). */
export function toProblem(error: unknown, fallbackCode: JoseErrorCode): Problem {
  if (error instanceof JoseCheckError) return error.toProblem();
  if (error instanceof TrustBridgeError && error.code.startsWith('ERR_')) {
    return { code: error.code, message: error.message, ...(error.specCode ? { specCode: error.specCode } : {}) };
  }
  return { code: fallbackCode, message: 'Verification failed.' };
}
