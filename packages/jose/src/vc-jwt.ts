/**
 * VC-JOSE: Verifiable Credentials and Presentations secured as compact JWS (W3C "Securing Verifiable
 * Credentials using JOSE and COSE", §3.1.1 `vc+jwt` and §3.1.2 `vp+jwt`). The JWS payload is the VC
 * Data Model 2.0 document itself; `kid` is a DID URL of the issuer (holder) resolved to a verification
 * method authorized for `assertionMethod` (`authentication`).
 */
import {
  ResultBuilder,
  VC_V2_CONTEXT,
  isObject,
  systemClock,
  toArray,
  type Clock,
  type Credential,
  type Presentation,
  type Signer,
  type VerificationMethodResolver,
  type VerificationResult,
} from '@trustbridge/core';
import { optionsError, parseCompactJws, DEFAULT_MAX_TOKEN_BYTES, type ParsedCompactJws } from './compact.js';
import { JoseErrorCodes, JoseCheckError, SIGNATURE_MESSAGE, fail, toProblem } from './errors.js';
import { signCompactJws } from './jws.js';
import {
  DEFAULT_ALGORITHMS,
  algorithmFitsKey,
  checkAlgorithm,
  checkCrit,
  publicKeyFromVerificationMethod,
  sameJwk,
  verifyJwsSignature,
} from './keys.js';
import { addStatusCheck, credentialStatusReferences, type StatusReferenceOptions } from './status.js';
import { DEFAULT_MAX_CLOCK_SKEW_SECONDS, checkCredentialValidity, checkJwtTimes } from './time.js';

/** Media types (VC-JOSE-COSE §6.1 IANA registrations). */
export const VC_JWT_TYP = 'vc+jwt';
export const VP_JWT_TYP = 'vp+jwt';

/** Options of {@link issueVcJwt} and {@link issuePresentationJwt}. */
export interface IssueJwtOptions {
  /** Signs the JWS; `signer.algorithm` becomes `alg` (EdDSA, Ed25519 or ES256). Any HSM-backed signer works. */
  signer: Signer;
  /** DID URL of the verification method; default `signer.id`. Its DID must be the issuer (holder). */
  kid?: string;
  /** Header `typ`; default `vc+jwt` / `vp+jwt`. */
  typ?: string;
  /** Adds `cty` (`vc` / `vp`), which VC-JOSE-COSE §3.1 allows but does not require. Default false. */
  cty?: boolean;
}

/** Options of {@link issuePresentationJwt}: a presentation may be bound to a verifier's `nonce` and `aud` (RFC 7519 §4.1.3). */
export interface IssuePresentationJwtOptions extends IssueJwtOptions {
  nonce?: string;
  aud?: string | string[];
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.id === 'string') return value.id;
  return undefined;
}

function didOf(kid: string): string {
  const hash = kid.indexOf('#');
  return hash < 0 ? kid : kid.slice(0, hash);
}

/**
 * Secures a VC 2.0 credential as a `vc+jwt` (VC-JOSE-COSE §3.1.1). The protected header is
 * `{ alg, typ: 'vc+jwt', kid[, cty: 'vc'] }`; the payload is the credential JSON unchanged.
 * Throws `ERR_JOSE_OPTIONS_INVALID` when the credential has no issuer or `kid` names another DID.
 *
 * @example
 * ```ts
 * const signer = createEd25519Signer({ id: `${did}#${fingerprint}`, secretKey });
 * const jwt = await issueVcJwt(credential, { signer });
 * ```
 */
export async function issueVcJwt(credential: Credential, options: IssueJwtOptions): Promise<string> {
  const issuer = idOf(credential?.issuer);
  if (!issuer) throw optionsError('The credential has no issuer id.');
  return secure(credential as Record<string, unknown>, issuer, options, VC_JWT_TYP, 'vc');
}

/**
 * Secures a VC 2.0 presentation as a `vp+jwt` (VC-JOSE-COSE §3.1.2), signed by the holder. Credentials
 * inside should be `EnvelopedVerifiableCredential`s (`id: 'data:application/vc+jwt,<jwt>'`, see
 * {@link envelopeVcJwt}). `nonce` / `aud` are added as JWT claims when given.
 */
export async function issuePresentationJwt(presentation: Presentation, options: IssuePresentationJwtOptions): Promise<string> {
  const holder = idOf(presentation?.holder);
  const payload: Record<string, unknown> = { ...presentation };
  if (options.nonce !== undefined) payload.nonce = options.nonce;
  if (options.aud !== undefined) payload.aud = options.aud;
  return secure(payload, holder, options, VP_JWT_TYP, 'vp');
}

async function secure(payload: Record<string, unknown>, controller: string | undefined, options: IssueJwtOptions, typ: string, cty: string): Promise<string> {
  const kid = options?.kid ?? options?.signer?.id;
  if (typeof kid !== 'string' || !kid.startsWith('did:') || !kid.includes('#')) throw optionsError('kid must be a DID URL with a fragment.');
  if (controller !== undefined && didOf(kid) !== controller) throw optionsError('kid must be a verification method of the issuer (holder) DID.');
  return signCompactJws({ typ: options.typ ?? typ, ...(options.cty ? { cty } : {}), kid }, payload, options.signer);
}

/** Wraps a vc+jwt as an `EnvelopedVerifiableCredential` for a presentation (VC-JOSE-COSE §3.1.2, VC DM 2.0 §4.13). */
export function envelopeVcJwt(jwt: string): { '@context': string; id: string; type: 'EnvelopedVerifiableCredential' } {
  return { '@context': VC_V2_CONTEXT, id: `data:application/vc+jwt,${jwt}`, type: 'EnvelopedVerifiableCredential' };
}

/** Options of {@link verifyVcJwt}. */
export interface VerifyVcJwtOptions extends StatusReferenceOptions {
  /** Dereferences `kid` and checks the relationship (see `createVerificationMethodResolver` in `@trustbridge/did`). */
  resolveVerificationMethod: VerificationMethodResolver;
  /** Injected clock. Default the system clock. */
  clock?: Clock;
  /** Tolerated clock skew in seconds. Default 60. */
  maxClockSkewSeconds?: number;
  /** JWS algorithms accepted. Default `['EdDSA', 'Ed25519', 'ES256']`; anything outside those three is never accepted. */
  allowedAlgorithms?: readonly string[];
  /** Upper bound of the token size. Default 128 KiB. */
  maxTokenBytes?: number;
}

/** Options of {@link verifyPresentationJwt}. */
export interface VerifyPresentationJwtOptions extends VerifyVcJwtOptions {
  /** When given, the VP's `nonce` claim must equal it (`ERR_JOSE_PRESENTATION_NONCE`). */
  expectedNonce?: string;
  /** When given, the VP's `aud` claim must contain it (`ERR_JOSE_PRESENTATION_AUDIENCE`). */
  expectedAudience?: string;
  /** Verify enveloped vc+jwt credentials inside the presentation. Default true. */
  verifyCredentials?: boolean;
}

function checkOptions(options: VerifyVcJwtOptions): void {
  if (!options || typeof options.resolveVerificationMethod !== 'function') throw optionsError('resolveVerificationMethod is required.');
}

const CHECKS = ['parse', 'header', 'structure', 'proof', 'validity', 'status'];

function skipRest(result: ResultBuilder, ids: readonly string[], failed: string): void {
  for (const id of ids) if (!result.checks.some((c) => c.id === id)) result.skip(id, `Not run: the ${failed} check failed.`);
}

interface Kind {
  format: string;
  typ: string;
  relationship: 'assertionMethod' | 'authentication';
  checkStructure(doc: Record<string, unknown>): string | undefined;
}

const VC_KIND: Kind = {
  format: VC_JWT_TYP,
  typ: VC_JWT_TYP,
  relationship: 'assertionMethod',
  checkStructure(doc) {
    if (!Array.isArray(doc['@context']) || doc['@context'][0] !== VC_V2_CONTEXT) throw fail(JoseErrorCodes.PAYLOAD_INVALID, 'The payload is not a VC 2.0 credential (@context).', '/@context');
    if (!toArray(doc.type as string[]).includes('VerifiableCredential')) throw fail(JoseErrorCodes.PAYLOAD_INVALID, 'The payload type does not include VerifiableCredential.', '/type');
    if (doc.credentialSubject === undefined) throw fail(JoseErrorCodes.PAYLOAD_INVALID, 'The credential has no credentialSubject.', '/credentialSubject');
    const issuer = idOf(doc.issuer);
    if (!issuer) throw fail(JoseErrorCodes.PAYLOAD_INVALID, 'The credential has no issuer id.', '/issuer');
    // VC-JOSE-COSE §3.1.1: JWT claims that duplicate VC properties must agree with them.
    if (doc.iss !== undefined && doc.iss !== issuer) throw fail(JoseErrorCodes.PAYLOAD_INVALID, 'The iss claim differs from the issuer.', '/iss');
    return issuer;
  },
};

const VP_KIND: Kind = {
  format: VP_JWT_TYP,
  typ: VP_JWT_TYP,
  relationship: 'authentication',
  checkStructure(doc) {
    if (!Array.isArray(doc['@context']) || doc['@context'][0] !== VC_V2_CONTEXT) throw fail(JoseErrorCodes.PAYLOAD_INVALID, 'The payload is not a VC 2.0 presentation (@context).', '/@context');
    if (!toArray(doc.type as string[]).includes('VerifiablePresentation')) throw fail(JoseErrorCodes.PAYLOAD_INVALID, 'The payload type does not include VerifiablePresentation.', '/type');
    const holder = idOf(doc.holder);
    if (doc.holder !== undefined && !holder) throw fail(JoseErrorCodes.PAYLOAD_INVALID, 'The holder has no id.', '/holder');
    if (doc.iss !== undefined && holder !== undefined && doc.iss !== holder) throw fail(JoseErrorCodes.PAYLOAD_INVALID, 'The iss claim differs from the holder.', '/iss');
    return holder;
  },
};

async function verifyJwt(token: string, options: VerifyVcJwtOptions, kind: Kind, extra?: (doc: Record<string, unknown>, result: ResultBuilder) => Promise<void>): Promise<VerificationResult> {
  checkOptions(options);
  const result = new ResultBuilder();
  result.format = kind.format;
  const allowed = options.allowedAlgorithms ?? DEFAULT_ALGORITHMS;
  const skew = options.maxClockSkewSeconds ?? DEFAULT_MAX_CLOCK_SKEW_SECONDS;

  let jws: ParsedCompactJws;
  try {
    jws = parseCompactJws(token, { maxBytes: options.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES });
  } catch (e) {
    result.fail('parse', toProblem(e, JoseErrorCodes.MALFORMED));
    skipRest(result, CHECKS, 'parse');
    return result.build();
  }
  result.pass('parse');
  result.document = jws.payload;
  const { header, payload } = jws;

  let alg: string;
  try {
    alg = checkAlgorithm(header, allowed);
    checkCrit(header);
    if (header.typ !== kind.typ) throw fail(JoseErrorCodes.TYP_INVALID, `The typ header must be ${kind.typ}.`, '/header/typ');
    if (header.cty !== undefined && header.cty !== kind.typ.slice(0, 2)) throw fail(JoseErrorCodes.CTY_INVALID, 'The cty header is not allowed.', '/header/cty');
    result.pass('header', { alg, typ: header.typ });
  } catch (e) {
    result.fail('header', toProblem(e, JoseErrorCodes.MALFORMED));
    skipRest(result, CHECKS, 'header');
    return result.build();
  }

  let controller: string | undefined;
  try {
    controller = kind.checkStructure(payload);
    result.pass('structure');
  } catch (e) {
    result.fail('structure', toProblem(e, JoseErrorCodes.PAYLOAD_INVALID));
    skipRest(result, CHECKS, 'structure');
    return result.build();
  }

  try {
    const kid = header.kid;
    if (typeof kid !== 'string' || kid.length === 0) throw fail(JoseErrorCodes.KID_MISSING, 'The JWS has no kid.', '/header/kid');
    if (controller !== undefined && didOf(kid) !== controller) {
      throw fail(JoseErrorCodes.KEY_MISMATCH, `The signing key is not a key of the ${kind === VC_KIND ? 'issuer' : 'holder'}.`, '/header/kid');
    }
    const vm = await options.resolveVerificationMethod(kid, kind.relationship);
    if (isObject(vm) && typeof vm.controller === 'string' && vm.controller !== didOf(kid)) {
      throw fail(JoseErrorCodes.KEY_MISMATCH, 'The verification method is controlled by another DID.', '/header/kid');
    }
    const key = publicKeyFromVerificationMethod(vm);
    if (!algorithmFitsKey(alg, key.curve)) throw fail(JoseErrorCodes.KEY_MISMATCH, 'The algorithm does not match the key.', '/header/alg');
    if (header.jwk !== undefined && !sameJwk(header.jwk, key.jwk)) throw fail(JoseErrorCodes.KEY_MISMATCH, 'The header jwk is not the resolved key.', '/header/jwk');
    if (!verifyJwsSignature(alg, key, jws.signingInput, jws.signature)) throw fail(JoseErrorCodes.SIGNATURE_INVALID, SIGNATURE_MESSAGE);
    result.pass('proof', { verificationMethod: kid, alg });
  } catch (e) {
    result.fail('proof', toProblem(e, JoseErrorCodes.KEY_UNRESOLVED));
    skipRest(result, CHECKS, 'proof');
    return result.build();
  }

  try {
    const now = (options.clock ?? systemClock)().getTime() / 1000;
    checkJwtTimes(payload, now, skew);
    checkCredentialValidity(payload, now, skew);
    result.pass('validity');
  } catch (e) {
    result.fail('validity', toProblem(e, JoseErrorCodes.JWT_CLAIM_INVALID));
  }

  addStatusCheck(result, credentialStatusReferences(payload), options);
  if (extra) await extra(payload, result);
  return result.build();
}

/**
 * Verifies a `vc+jwt` (VC-JOSE-COSE §3.1.1). Checks, in order and each reported in `checks`:
 * `parse` (strict compact JWS, size bound), `header` (alg allow-list, `typ: vc+jwt`, `crit`, `cty`),
 * `structure` (a VC 2.0 credential with an issuer), `proof` (kid → verification method authorized
 * for `assertionMethod` whose DID is the issuer; alg fits the key; header `jwk` if any is that key;
 * signature), `validity` (`exp`/`nbf`/`iat` and `validFrom`/`validUntil` with skew) and `status`
 * (references carried in the check's details; checking them is the status step's job).
 * Never throws for a bad token; throws `ERR_JOSE_OPTIONS_INVALID` for missing options.
 *
 * @example
 * ```ts
 * const resolveVerificationMethod = createVerificationMethodResolver(createDidResolver());
 * const result = await verifyVcJwt(jwt, { resolveVerificationMethod });
 * if (!result.verified) console.log(result.problems.map((p) => p.code));
 * ```
 */
export async function verifyVcJwt(token: string, options: VerifyVcJwtOptions): Promise<VerificationResult<Credential>> {
  return (await verifyJwt(token, options, VC_KIND)) as VerificationResult<Credential>;
}

/**
 * Verifies a `vp+jwt` (VC-JOSE-COSE §3.1.2): as {@link verifyVcJwt} but with `typ: vp+jwt`, a key
 * authorized for `authentication` of the holder, the optional `nonce` / `aud` binding, and a
 * `credentials` check that verifies each enveloped `vc+jwt` (its results in the check's details).
 */
export async function verifyPresentationJwt(token: string, options: VerifyPresentationJwtOptions): Promise<VerificationResult<Presentation>> {
  const result = await verifyJwt(token, options, VP_KIND, async (doc, builder) => {
    const problems = [];
    if (options.expectedNonce !== undefined && doc.nonce !== options.expectedNonce) {
      problems.push({ code: 'ERR_JOSE_PRESENTATION_NONCE', message: 'The presentation nonce is not the expected one.', path: '/nonce' });
    }
    if (options.expectedAudience !== undefined && !toArray(doc.aud as string[]).includes(options.expectedAudience)) {
      problems.push({ code: 'ERR_JOSE_PRESENTATION_AUDIENCE', message: 'The presentation is not for this audience.', path: '/aud' });
    }
    if (problems.length > 0) builder.fail('holder-binding', problems);
    else if (options.expectedNonce !== undefined || options.expectedAudience !== undefined) builder.pass('holder-binding');
    else builder.skip('holder-binding', 'No expected nonce or audience given.');

    if (options.verifyCredentials === false) {
      builder.skip('credentials', 'Credential verification disabled (verifyCredentials: false).');
      return;
    }
    const results: VerificationResult[] = [];
    const failures = [];
    for (const [i, vc] of toArray(doc.verifiableCredential as unknown[]).entries()) {
      const id = isObject(vc) && vc.type === 'EnvelopedVerifiableCredential' && typeof vc.id === 'string' ? vc.id : undefined;
      const prefix = 'data:application/vc+jwt,';
      if (!id?.startsWith(prefix)) {
        failures.push({ code: JoseErrorCodes.PAYLOAD_INVALID, message: 'Only enveloped vc+jwt credentials are supported in a vp+jwt.', path: `/verifiableCredential/${i}` });
        continue;
      }
      const r = await verifyVcJwt(id.slice(prefix.length), options);
      results.push(r);
      for (const p of r.problems) failures.push({ ...p, path: `/verifiableCredential/${i}${p.path ?? ''}` });
    }
    if (failures.length > 0) builder.fail('credentials', failures, { results });
    else builder.pass('credentials', { results });
  });
  return result as VerificationResult<Presentation>;
}

export { JoseCheckError };
