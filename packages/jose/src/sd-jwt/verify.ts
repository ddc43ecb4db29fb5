/**
 * SD-JWT and SD-JWT VC verification (RFC 9901 §7.1 and §7.3; draft-ietf-oauth-sd-jwt-vc §3),
 * hand-rolled on `node:crypto` for strictness and speed: one pass over the token, KeyObjects cached,
 * every failure a coded problem in the one TrustBridge result model.
 */
import {
  ResultBuilder,
  isObject,
  systemClock,
  type Clock,
  type JsonWebKey,
  type VerificationMethod,
  type VerificationMethodResolver,
  type VerificationResult,
} from '@trustbridge/core';
import { optionsError, parseCompactJws, DEFAULT_MAX_TOKEN_BYTES, type ParsedCompactJws } from '../compact.js';
import { JoseErrorCodes, SIGNATURE_MESSAGE, fail, toProblem } from '../errors.js';
import {
  DEFAULT_ALGORITHMS,
  algorithmFitsKey,
  checkAlgorithm,
  checkCrit,
  importPublicJwk,
  publicKeyFromVerificationMethod,
  sameJwk,
  verifyJwsSignature,
  type ImportedPublicKey,
} from '../keys.js';
import { addStatusCheck, type StatusReferenceOptions } from '../status.js';
import { DEFAULT_MAX_CLOCK_SKEW_SECONDS, checkJwtTimes } from '../time.js';
import { SD_ALG, sdHash } from './disclosure.js';
import { DC_SD_JWT_TYP, LEGACY_VC_SD_JWT_TYP, SD_JWT_VC_PLAIN_CLAIMS } from './issue.js';
import { processPayload } from './process.js';

/** Default maximum age of a KB-JWT (`now - iat`), in seconds. */
export const DEFAULT_MAX_KB_AGE_SECONDS = 300;
export const KB_JWT_TYP = 'kb+jwt';

/** What an issuer key resolver receives. */
export interface IssuerKeyRequest {
  /** The `iss` claim, when present. */
  iss: string | undefined;
  /** The protected header (e.g. its `kid`). */
  header: Record<string, unknown>;
}

/**
 * Returns the issuer's public key as a JWK (or a verification method) — e.g. from JWT VC Issuer
 * Metadata (SD-JWT VC §4) fetched by the caller, or a pinned key. Throw a TrustBridgeError to fail.
 */
export type IssuerKeyResolver = (request: IssuerKeyRequest) => Promise<JsonWebKey | VerificationMethod>;

/** Options of {@link verifySdJwt} and {@link verifySdJwtVc}. Exactly one of the two resolvers is required. */
export interface VerifySdJwtOptions extends StatusReferenceOptions {
  /** Resolves the issuer key from `iss` / header (HTTPS issuers, pinned keys). */
  resolveIssuerKey?: IssuerKeyResolver;
  /** Resolves header `kid` (a DID URL of `iss`) to an `assertionMethod` verification method (DID issuers). */
  resolveVerificationMethod?: VerificationMethodResolver;
  /** Nonce the KB-JWT must carry (RFC 9901 §7.3 step 5.6). Required when `requireKeyBinding`. */
  expectedNonce?: string;
  /** Audience the KB-JWT must name. Required when `requireKeyBinding`. */
  expectedAudience?: string;
  /** Refuse a presentation without a KB-JWT (`ERR_SDJWT_KB_MISSING`). Default false; decide by policy, never by what was presented (RFC 9901 §7.3 step 1). */
  requireKeyBinding?: boolean;
  clock?: Clock;
  /** Tolerated clock skew, seconds. Default 60. */
  maxClockSkewSeconds?: number;
  /** Maximum KB-JWT age (`now - iat`), seconds. Default 300. */
  maxKbAgeSeconds?: number;
  /** Upper bound of the whole presentation. Default 128 KiB. */
  maxTokenBytes?: number;
  /** JWS algorithms accepted for the issuer JWT and the KB-JWT. Default EdDSA, Ed25519, ES256. */
  allowedAlgorithms?: readonly string[];
}

/** Options of {@link verifySdJwt}: the generic SD-JWT, with its explicit type(s). */
export interface VerifyGenericSdJwtOptions extends VerifySdJwtOptions {
  /** Accepted header `typ` values. Default: any (RFC 9901 leaves explicit typing to the application, §9.11). */
  expectedTyp?: readonly string[];
}

/** What the `document` of an SD-JWT VC result is: the Processed SD-JWT Payload. */
export type SdJwtVcClaims = Record<string, unknown> & { vct: string; iss?: string; cnf?: { jwk?: JsonWebKey } };

interface Profile {
  format: string;
  typ: readonly string[] | undefined;
  vc: boolean;
}

const CHECKS = ['parse', 'header', 'proof', 'disclosures', 'structure', 'validity', 'status', 'holder-binding'];

function skipRest(result: ResultBuilder, failed: string): void {
  for (const id of CHECKS) if (!result.checks.some((c) => c.id === id)) result.skip(id, `Not run: the ${failed} check failed.`);
}

function didOf(kid: string): string {
  const hash = kid.indexOf('#');
  return hash < 0 ? kid : kid.slice(0, hash);
}

async function issuerKey(jws: ParsedCompactJws, options: VerifySdJwtOptions): Promise<ImportedPublicKey> {
  const iss = typeof jws.payload.iss === 'string' ? jws.payload.iss : undefined;
  if (jws.payload.iss !== undefined && iss === undefined) throw fail(JoseErrorCodes.PAYLOAD_INVALID, 'iss is not a string.', '/iss');
  if (options.resolveVerificationMethod) {
    const kid = jws.header.kid;
    if (typeof kid !== 'string' || kid.length === 0) throw fail(JoseErrorCodes.KID_MISSING, 'The SD-JWT has no kid.', '/header/kid');
    if (iss !== undefined && didOf(kid) !== iss) throw fail(JoseErrorCodes.KEY_MISMATCH, 'The signing key is not a key of the issuer.', '/header/kid');
    const vm = await options.resolveVerificationMethod(kid, 'assertionMethod');
    if (isObject(vm) && typeof vm.controller === 'string' && vm.controller !== didOf(kid)) {
      throw fail(JoseErrorCodes.KEY_MISMATCH, 'The verification method is controlled by another DID.', '/header/kid');
    }
    return publicKeyFromVerificationMethod(vm);
  }
  const key = await options.resolveIssuerKey!({ iss, header: jws.header });
  return isObject(key) && typeof (key as VerificationMethod).type === 'string' && typeof (key as VerificationMethod).id === 'string'
    ? publicKeyFromVerificationMethod(key as VerificationMethod)
    : importPublicJwk(key);
}

async function verify(token: string, options: VerifySdJwtOptions, profile: Profile): Promise<VerificationResult> {
  if (!options || (typeof options.resolveIssuerKey !== 'function') === (typeof options.resolveVerificationMethod !== 'function')) {
    throw optionsError('Exactly one of resolveIssuerKey and resolveVerificationMethod is required.');
  }
  if (options.requireKeyBinding && (typeof options.expectedNonce !== 'string' || typeof options.expectedAudience !== 'string')) {
    throw optionsError('requireKeyBinding needs expectedNonce and expectedAudience.');
  }
  const result = new ResultBuilder();
  result.format = profile.format;
  const allowed = options.allowedAlgorithms ?? DEFAULT_ALGORITHMS;
  const skew = options.maxClockSkewSeconds ?? DEFAULT_MAX_CLOCK_SKEW_SECONDS;
  const maxBytes = options.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES;

  // parse: <JWT>~<D1>~…~<Dn>~[<KB-JWT>] (RFC 9901 §4, ABNF in §4)
  let jws: ParsedCompactJws;
  let disclosures: string[];
  let kbJwt: string | undefined;
  let lastTilde: number;
  try {
    if (typeof token !== 'string') throw fail(JoseErrorCodes.MALFORMED, 'The SD-JWT is not a string.');
    if (token.length > maxBytes) throw fail(JoseErrorCodes.TOO_LARGE, 'The SD-JWT is too large.');
    lastTilde = token.lastIndexOf('~');
    if (lastTilde < 0) throw fail(JoseErrorCodes.MALFORMED, 'The SD-JWT has no ~ separator.');
    const parts = token.slice(0, lastTilde).split('~');
    kbJwt = lastTilde === token.length - 1 ? undefined : token.slice(lastTilde + 1);
    jws = parseCompactJws(parts[0]!, { maxBytes, what: 'Issuer-signed JWT' });
    disclosures = parts.slice(1);
  } catch (e) {
    result.fail('parse', toProblem(e, JoseErrorCodes.MALFORMED));
    skipRest(result, 'parse');
    return result.build();
  }
  result.pass('parse');
  const { header, payload } = jws;

  let alg: string;
  try {
    alg = checkAlgorithm(header, allowed);
    checkCrit(header);
    if (profile.typ && !profile.typ.includes(header.typ as string)) {
      throw fail(JoseErrorCodes.TYP_INVALID, `The typ header must be ${profile.typ[0]}.`, '/header/typ');
    }
    const sdAlg = payload._sd_alg ?? SD_ALG;
    if (sdAlg !== SD_ALG) throw fail(JoseErrorCodes.SDJWT_HASH_ALG_UNSUPPORTED, 'Only sha-256 is supported for _sd_alg.', '/_sd_alg');
    result.pass('header', { alg, typ: header.typ });
  } catch (e) {
    result.fail('header', toProblem(e, JoseErrorCodes.MALFORMED));
    skipRest(result, 'header');
    return result.build();
  }

  // RFC 9901 §7.1 step 2: the signature is checked before any Disclosure is processed.
  try {
    const key = await issuerKey(jws, options);
    if (!algorithmFitsKey(alg, key.curve)) throw fail(JoseErrorCodes.KEY_MISMATCH, 'The algorithm does not match the key.', '/header/alg');
    if (header.jwk !== undefined && !sameJwk(header.jwk, key.jwk)) throw fail(JoseErrorCodes.KEY_MISMATCH, 'The header jwk is not the issuer key.', '/header/jwk');
    if (!verifyJwsSignature(alg, key, jws.signingInput, jws.signature)) throw fail(JoseErrorCodes.SIGNATURE_INVALID, SIGNATURE_MESSAGE);
    result.pass('proof', { alg, ...(typeof header.kid === 'string' ? { kid: header.kid } : {}) });
  } catch (e) {
    result.fail('proof', toProblem(e, JoseErrorCodes.KEY_UNRESOLVED));
    skipRest(result, 'proof');
    return result.build();
  }

  let claims: Record<string, unknown>;
  try {
    const processed = processPayload(payload, disclosures);
    claims = processed.claims;
    result.document = claims;
    result.pass('disclosures', { disclosed: disclosures.length });
    if (profile.vc) {
      const reserved = SD_JWT_VC_PLAIN_CLAIMS.find((n) => processed.disclosedTopLevel.has(n));
      if (reserved) throw fail(JoseErrorCodes.SDJWT_VC_RESERVED_CLAIM, `${reserved} must not be selectively disclosable.`, `/${reserved}`);
      if (typeof claims.vct !== 'string' || claims.vct.length === 0) throw fail(JoseErrorCodes.SDJWT_VC_VCT_MISSING, 'The SD-JWT VC has no vct.', '/vct');
      result.pass('structure', { vct: claims.vct });
    } else {
      result.skip('structure', 'Generic SD-JWT: no credential structure to check.');
    }
  } catch (e) {
    const id = result.checks.some((c) => c.id === 'disclosures') ? 'structure' : 'disclosures';
    result.fail(id, toProblem(e, JoseErrorCodes.SDJWT_DISCLOSURE_MALFORMED));
    skipRest(result, id);
    return result.build();
  }

  const now = (options.clock ?? systemClock)().getTime() / 1000;
  try {
    checkJwtTimes(claims, now, skew);
    result.pass('validity');
  } catch (e) {
    result.fail('validity', toProblem(e, JoseErrorCodes.JWT_CLAIM_INVALID));
  }

  addStatusCheck(result, isObject(claims.status) ? [claims.status] : [], options);

  if (kbJwt === undefined) {
    if (options.requireKeyBinding) result.fail('holder-binding', fail(JoseErrorCodes.SDJWT_KB_MISSING, 'Key binding is required but no KB-JWT was presented.').toProblem());
    else result.skip('holder-binding', 'Key binding not required and not presented.');
    return result.build();
  }
  try {
    const details = verifyKeyBinding(kbJwt, token.slice(0, lastTilde + 1), claims, options, allowed, now, skew, maxBytes);
    result.pass('holder-binding', details);
  } catch (e) {
    result.fail('holder-binding', toProblem(e, JoseErrorCodes.SDJWT_KB_INVALID));
  }
  return result.build();
}

function verifyKeyBinding(
  kbJwt: string,
  presented: string,
  claims: Record<string, unknown>,
  options: VerifySdJwtOptions,
  allowed: readonly string[],
  now: number,
  skew: number,
  maxBytes: number,
): Record<string, unknown> {
  const kb = parseCompactJws(kbJwt, { maxBytes, what: 'KB-JWT' });
  // RFC 9901 §7.3 step 5.1: the holder key is the cnf claim of the Issuer-signed JWT (RFC 7800 §3.2).
  const cnf = claims.cnf;
  if (!isObject(cnf) || !isObject(cnf.jwk)) throw fail(JoseErrorCodes.SDJWT_CNF_MISSING, 'The SD-JWT has no cnf.jwk to check key binding with.', '/cnf');
  const alg = checkAlgorithm(kb.header, allowed);
  checkCrit(kb.header);
  if (kb.header.typ !== KB_JWT_TYP) throw fail(JoseErrorCodes.TYP_INVALID, 'The KB-JWT typ must be kb+jwt.', '/kb/header/typ');
  const key = importPublicJwk(cnf.jwk);
  if (!algorithmFitsKey(alg, key.curve)) throw fail(JoseErrorCodes.KEY_MISMATCH, 'The KB-JWT algorithm does not match the cnf key.', '/kb/header/alg');
  if (!verifyJwsSignature(alg, key, kb.signingInput, kb.signature)) throw fail(JoseErrorCodes.SDJWT_KB_SIGNATURE, SIGNATURE_MESSAGE);
  const p = kb.payload;
  if (typeof p.iat !== 'number' || !Number.isFinite(p.iat)) throw fail(JoseErrorCodes.SDJWT_KB_INVALID, 'The KB-JWT has no iat.', '/kb/iat');
  if (p.iat > now + skew) throw fail(JoseErrorCodes.SDJWT_KB_IAT_IN_FUTURE, 'The KB-JWT was issued in the future.', '/kb/iat');
  if (now - p.iat > (options.maxKbAgeSeconds ?? DEFAULT_MAX_KB_AGE_SECONDS) + skew) throw fail(JoseErrorCodes.SDJWT_KB_STALE, 'The KB-JWT is too old.', '/kb/iat');
  if (typeof p.nonce !== 'string') throw fail(JoseErrorCodes.SDJWT_KB_INVALID, 'The KB-JWT has no nonce.', '/kb/nonce');
  if (options.expectedNonce !== undefined && p.nonce !== options.expectedNonce) throw fail(JoseErrorCodes.SDJWT_KB_NONCE, 'The KB-JWT nonce is not the expected one.', '/kb/nonce');
  const aud = p.aud;
  if (typeof aud !== 'string' && !Array.isArray(aud)) throw fail(JoseErrorCodes.SDJWT_KB_INVALID, 'The KB-JWT has no aud.', '/kb/aud');
  if (options.expectedAudience !== undefined && !(aud === options.expectedAudience || (Array.isArray(aud) && aud.includes(options.expectedAudience)))) {
    throw fail(JoseErrorCodes.SDJWT_KB_AUDIENCE, 'The KB-JWT is not for this audience.', '/kb/aud');
  }
  if (typeof p.sd_hash !== 'string' || p.sd_hash !== sdHash(presented)) throw fail(JoseErrorCodes.SDJWT_KB_SD_HASH, 'The KB-JWT sd_hash does not match the presentation.', '/kb/sd_hash');
  // RFC 9901 §7.3 step 5.8: a valid JWT in all other respects.
  if (p.exp !== undefined || p.nbf !== undefined) checkJwtTimes({ exp: p.exp, nbf: p.nbf }, now, skew);
  return { nonce: p.nonce, aud, iat: p.iat };
}

/**
 * Verifies an SD-JWT VC presentation or issuance (`<JWT>~<Disclosures>~[<KB-JWT>]`), per RFC 9901
 * §7.1/§7.3 and SD-JWT VC §3. Checks: `parse` (size bound, strict segments), `header` (alg allow-list,
 * `typ` `dc+sd-jwt` or legacy `vc+sd-jwt`, `crit`, `_sd_alg`), `proof` (issuer key: by `kid` through
 * the DID resolver — the DID must be `iss` — or by `resolveIssuerKey`; then the signature),
 * `disclosures` (RFC 9901 §7.1 steps 3–5), `structure` (`vct`; plain-only claims not disclosed),
 * `validity` (`exp`/`nbf`/`iat`), `status` (references carried; Token Status List reported) and
 * `holder-binding` (KB-JWT: `kb+jwt`, `cnf.jwk` signature, `iat` window, `nonce`, `aud`, `sd_hash`).
 * `document` is the Processed SD-JWT Payload — the disclosed claims.
 *
 * @example
 * ```ts
 * const result = await verifySdJwtVc(presentation, {
 *   resolveVerificationMethod, requireKeyBinding: true, expectedNonce: nonce, expectedAudience: 'https://bank.example',
 * });
 * if (result.verified) console.log(result.document?.given_name);
 * ```
 */
export async function verifySdJwtVc(token: string, options: VerifySdJwtOptions): Promise<VerificationResult<SdJwtVcClaims>> {
  return (await verify(token, options, { format: DC_SD_JWT_TYP, typ: [DC_SD_JWT_TYP, LEGACY_VC_SD_JWT_TYP], vc: true })) as VerificationResult<SdJwtVcClaims>;
}

/** Verifies a generic SD-JWT (RFC 9901) — as {@link verifySdJwtVc} without the SD-JWT VC profile checks. */
export async function verifySdJwt(token: string, options: VerifyGenericSdJwtOptions): Promise<VerificationResult<Record<string, unknown>>> {
  return (await verify(token, options, { format: 'sd-jwt', typ: options?.expectedTyp, vc: false })) as VerificationResult<Record<string, unknown>>;
}
