/**
 * VC Data Integrity 1.0 §4.4 "Verify Proof" and §4.5 "Verify Proof Sets and Chains", for the suites
 * in `suites.ts`. Untrusted input never makes this throw: every failure is a {@link Problem} with a
 * stable code and the spec's error name. Only misuse (missing options) throws.
 */
import {
  DEFAULT_JSON_LIMITS, SpecErrors, isObject, jsonValueDepth, problemFromError, systemClock, toArray,
  type Clock, type DocumentLoader, type Problem, type VerificationMethod, type VerificationMethodResolver,
} from '@trustbridge/core';
import { ed25519PublicKeyFromVerificationMethod, ed25519VerifySync } from '@trustbridge/keys';
import { DiErrors, SIGNATURE_INVALID_MESSAGE, malformed, optionsError, problem } from './problems.js';
import { isXmlDateTimeStamp } from './datetime.js';
import { cryptosuiteForProof, cryptosuites, type Cryptosuite } from './suites.js';
import { contextStartsWith, createVerifyData, parseProofValue, type VerifyData } from './verify-data.js';

export interface VerifyProofsOptions {
  documentLoader: DocumentLoader;
  /** Dereferences `proof.verificationMethod` and checks it is authorized for the proof purpose's relationship. */
  resolveVerificationMethod: VerificationMethodResolver;
  /** e.g. `assertionMethod` for credentials, `authentication` for presentations. */
  expectedProofPurpose: string;
  /** When given, every proof's `challenge` must equal it. */
  challenge?: string;
  /** When given, every proof's `domain` must hold the same strings (a single string is a set of one). */
  domain?: string | string[];
  /** For `expires`. Default: the system clock. */
  clock?: Clock;
  /** Names from {@link cryptosuites} (e.g. `['eddsa-rdfc-2022']`); default: all of them. */
  allowedCryptosuites?: string[];
  /** Upper bound on the proofs of one document (resource use). Default 16. */
  maxProofs?: number;
}

export interface ProofVerification {
  proof: unknown;
  verified: boolean;
  /** The suite name (`eddsa-rdfc-2022`, `eddsa-jcs-2022`, `Ed25519Signature2020`), or what the proof claimed. */
  cryptosuite: string;
  verificationMethod?: string;
  problems: Problem[];
}

export interface ProofsVerification {
  /** True only when there is at least one proof and every proof (and every chain link) verified. */
  verified: boolean;
  /** Every problem of every proof, plus document-level ones (e.g. `ERR_DI_PROOF_MISSING`). */
  problems: Problem[];
  proofs: ProofVerification[];
}

type Relationship = Parameters<VerificationMethodResolver>[1];
const RELATIONSHIPS: ReadonlySet<string> = new Set([
  'assertionMethod', 'authentication', 'keyAgreement', 'capabilityInvocation', 'capabilityDelegation',
]);

/** The keys a verification method may hold for these suites. */
const KEY_TYPES: Record<Cryptosuite['name'], ReadonlySet<string>> = {
  'eddsa-rdfc-2022': new Set(['Multikey', 'JsonWebKey', 'Ed25519VerificationKey2020']),
  'eddsa-jcs-2022': new Set(['Multikey', 'JsonWebKey', 'Ed25519VerificationKey2020']),
  Ed25519Signature2020: new Set(['Ed25519VerificationKey2020', 'Multikey']),
};

function sameStringSet(a: string | string[], b: unknown): boolean {
  const left = new Set(toArray(a));
  const rightList = toArray(b as string | string[] | undefined);
  if (!rightList.every((x) => typeof x === 'string')) return false;
  const right = new Set(rightList);
  return left.size === right.size && [...left].every((x) => right.has(x));
}

const transformation = (error: unknown, path: string): Problem => {
  const p = problemFromError(error, DiErrors.PROOF_MALFORMED, path);
  return { ...p, specCode: p.code.startsWith('ERR_JSONLD_') ? SpecErrors.PROOF_TRANSFORMATION_ERROR : (p.specCode ?? SpecErrors.MALFORMED_PROOF_ERROR) };
};

interface Context {
  options: VerifyProofsOptions;
  unsecured: Record<string, unknown>;
  allProofs: unknown[];
  now: Date;
  allowed: ReadonlySet<string>;
}

async function verifyOne(proof: unknown, path: string, ctx: Context): Promise<ProofVerification> {
  const { options } = ctx;
  const fail = (problems: Problem[], cryptosuite: string, verificationMethod?: string): ProofVerification => ({
    proof, verified: false, cryptosuite, ...(verificationMethod !== undefined ? { verificationMethod } : {}), problems,
  });
  if (!isObject(proof)) return fail([malformed('A proof must be a JSON object.', path)], '');

  // §4.4 step: type, verificationMethod and proofPurpose must exist; proofValue is the suite's (§2.1).
  const claimed = String(proof.cryptosuite ?? proof.type ?? '');
  const vmId = typeof proof.verificationMethod === 'string' ? proof.verificationMethod : undefined;
  if (typeof proof.type !== 'string' || typeof proof.proofPurpose !== 'string' || vmId === undefined || typeof proof.proofValue !== 'string') {
    return fail([malformed('The proof lacks type, verificationMethod, proofPurpose or proofValue.', path)], claimed, vmId);
  }
  if (proof.type === 'DataIntegrityProof' && typeof proof.cryptosuite !== 'string') {
    return fail([malformed('A DataIntegrityProof must name its cryptosuite.', path)], claimed, vmId);
  }
  const suite = cryptosuiteForProof(proof.type, proof.cryptosuite);
  if (!suite || !ctx.allowed.has(suite.name)) {
    return fail([problem(DiErrors.CRYPTOSUITE_UNSUPPORTED, SpecErrors.PROOF_VERIFICATION_ERROR, 'The proof type or cryptosuite is not supported.', path)], claimed, vmId);
  }
  const result = (problems: Problem[]): ProofVerification => ({ proof, verified: problems.length === 0, cryptosuite: suite.name, verificationMethod: vmId, problems });

  const problems: Problem[] = [];
  if (proof.created !== undefined && !isXmlDateTimeStamp(proof.created)) problems.push(malformed('created is not an XML Schema dateTimeStamp.', `${path}/created`));
  if (proof.expires !== undefined) {
    if (!isXmlDateTimeStamp(proof.expires)) problems.push(malformed('expires is not an XML Schema dateTimeStamp.', `${path}/expires`));
    else if (Date.parse(proof.expires) <= ctx.now.getTime()) {
      problems.push(problem(DiErrors.PROOF_EXPIRED, SpecErrors.PROOF_VERIFICATION_ERROR, 'The proof has expired.', `${path}/expires`));
    }
  }
  if (proof.id !== undefined && typeof proof.id !== 'string') problems.push(malformed('The proof id must be a URL string.', `${path}/id`));
  const signature = parseProofValue(proof.proofValue);
  if (!signature) problems.push(malformed('proofValue is not a multibase base58-btc Ed25519 signature.', `${path}/proofValue`));
  if (proof['@context'] !== undefined && !contextStartsWith(ctx.unsecured['@context'], proof['@context'])) {
    // vc-di-eddsa §3.2.2 / §3.3.2 "Verify Proof": the document's @context must start with the proof's.
    problems.push(malformed("The proof's @context is not a prefix of the document's @context.", `${path}/@context`));
  }

  // §4.4: expected purpose, domain and challenge.
  if (proof.proofPurpose !== options.expectedProofPurpose) {
    problems.push(problem(DiErrors.PURPOSE_MISMATCH, SpecErrors.MISMATCHED_PROOF_PURPOSE_ERROR, 'The proof purpose is not the expected one.', `${path}/proofPurpose`));
  }
  if (options.challenge !== undefined && proof.challenge !== options.challenge) {
    problems.push(problem(DiErrors.CHALLENGE_MISMATCH, SpecErrors.INVALID_CHALLENGE_ERROR, 'The proof challenge does not match.', `${path}/challenge`));
  }
  if (options.domain !== undefined && !sameStringSet(options.domain, proof.domain)) {
    problems.push(problem(DiErrors.DOMAIN_MISMATCH, SpecErrors.INVALID_DOMAIN_ERROR, 'The proof domain does not match.', `${path}/domain`));
  }

  // §4.5: every previousProof must name a proof of the set; those proofs are part of the signed input.
  const matchingProofs: unknown[] = [];
  const previousIds = toArray(proof.previousProof as string | string[] | undefined);
  for (const id of previousIds) {
    const found = typeof id === 'string' ? ctx.allProofs.find((p) => isObject(p) && p.id === id && p !== proof) : undefined;
    if (found) matchingProofs.push(found);
    else problems.push(problem(DiErrors.PREVIOUS_PROOF_MISSING, SpecErrors.PROOF_VERIFICATION_ERROR, 'previousProof names no proof of the document.', `${path}/previousProof`, { previousProof: String(id) }));
  }
  if (problems.length > 0) return result(problems);

  // Retrieve the verification method through the injected resolver, which also checks that the
  // controller lists it under the relationship the purpose needs (Controlled Identifiers 1.0 §3.3).
  if (!RELATIONSHIPS.has(proof.proofPurpose)) {
    return result([problem(DiErrors.VERIFICATION_METHOD, SpecErrors.INVALID_VERIFICATION_METHOD, 'The proof purpose names no verification relationship.', `${path}/proofPurpose`)]);
  }
  let vm: VerificationMethod;
  try {
    vm = await options.resolveVerificationMethod(vmId, proof.proofPurpose as Relationship);
  } catch (error) {
    const e = error as { code?: unknown; specCode?: unknown };
    return result([problem(DiErrors.VERIFICATION_METHOD, SpecErrors.INVALID_VERIFICATION_METHOD, 'The verification method could not be used for this proof purpose.', `${path}/verificationMethod`, {
      ...(typeof e?.code === 'string' ? { causeCode: e.code } : {}),
      ...(typeof e?.specCode === 'string' ? { causeSpecCode: e.specCode } : {}),
    })]);
  }
  let publicKey: Uint8Array;
  try {
    if (!isObject(vm) || vm.id !== vmId) throw new Error('verification method id mismatch');
    if (!KEY_TYPES[suite.name].has(vm.type)) throw new Error('verification method type not allowed for the suite');
    publicKey = ed25519PublicKeyFromVerificationMethod(vm);
  } catch (error) {
    const code = (error as { code?: unknown })?.code;
    return result([problem(DiErrors.VERIFICATION_METHOD, SpecErrors.INVALID_VERIFICATION_METHOD, 'The verification method is not an Ed25519 key for this suite.', `${path}/verificationMethod`, {
      ...(typeof code === 'string' ? { causeCode: code } : {}),
    })]);
  }

  // Transform → configure → hash (the expensive part), then the signature.
  const proofContext = proof['@context'];
  const input: Record<string, unknown> = {
    ...ctx.unsecured,
    ...(proofContext !== undefined ? { '@context': proofContext } : {}),
    ...(matchingProofs.length > 0 ? { proof: matchingProofs } : {}),
  };
  let verifyData: VerifyData;
  try {
    const { proofValue: _proofValue, ...proofOptions } = proof;
    verifyData = await createVerifyData(input, proofOptions, { cryptosuite: suite, documentLoader: options.documentLoader });
  } catch (error) {
    return result([transformation(error, path)]);
  }
  const ok = ed25519VerifySync(verifyData.hashData, signature!, publicKey);
  return result(ok ? [] : [problem(DiErrors.SIGNATURE_INVALID, SpecErrors.PROOF_VERIFICATION_ERROR, SIGNATURE_INVALID_MESSAGE, `${path}/proofValue`)]);
}

/**
 * Verifies every Data Integrity proof of `document` (a proof, a proof set, or a proof chain).
 *
 * Never throws for untrusted input; throws `ERR_DI_OPTIONS_INVALID` for misuse (no resolver, no loader,
 * no expected purpose). Problem codes: `ERR_DI_PROOF_MISSING`, `ERR_DI_PROOF_MALFORMED`,
 * `ERR_DI_SIGNATURE_INVALID`, `ERR_DI_CRYPTOSUITE_UNSUPPORTED`, `ERR_DI_PURPOSE_MISMATCH`,
 * `ERR_DI_CHALLENGE_MISMATCH`, `ERR_DI_DOMAIN_MISMATCH`, `ERR_DI_PROOF_EXPIRED`,
 * `ERR_DI_VERIFICATION_METHOD`, `ERR_DI_PREVIOUS_PROOF_MISSING`, `ERR_JSONLD_UNDEFINED_TERM`,
 * `ERR_JSONLD_CONTEXT_UNKNOWN`, `ERR_JSONLD_INVALID`.
 *
 * @example
 * ```ts
 * const result = await verifyProofs(vc, {
 *   documentLoader: createDocumentLoader(),
 *   resolveVerificationMethod: createVerificationMethodResolver(didResolver),
 *   expectedProofPurpose: 'assertionMethod',
 * });
 * if (!result.verified) console.log(result.problems.map((p) => p.code));
 * ```
 */
export async function verifyProofs(document: unknown, options: VerifyProofsOptions): Promise<ProofsVerification> {
  if (!isObject(options)) throw optionsError('verifyProofs: options are required.');
  if (typeof options.resolveVerificationMethod !== 'function') throw optionsError('verifyProofs: resolveVerificationMethod is required.');
  if (typeof options.documentLoader !== 'function') throw optionsError('verifyProofs: documentLoader is required.');
  if (typeof options.expectedProofPurpose !== 'string' || options.expectedProofPurpose === '') {
    throw optionsError('verifyProofs: expectedProofPurpose is required.');
  }
  const allowedNames = options.allowedCryptosuites ?? cryptosuites.map((s) => s.name);
  if (!Array.isArray(allowedNames)) throw optionsError('verifyProofs: allowedCryptosuites must be an array.');

  const fail = (p: Problem): ProofsVerification => ({ verified: false, problems: [p], proofs: [] });
  if (!isObject(document)) return fail(problem(DiErrors.PROOF_MALFORMED, SpecErrors.PARSING_ERROR, 'The secured document must be a JSON object.'));
  if (jsonValueDepth(document, DEFAULT_JSON_LIMITS.maxDepth) > DEFAULT_JSON_LIMITS.maxDepth) {
    return fail(problem('ERR_JSON_TOO_DEEP', SpecErrors.PARSING_ERROR, 'The document nests too deeply.'));
  }
  const { proof: proofValue, ...unsecured } = document;
  const allProofs = toArray(proofValue as unknown);
  if (proofValue === undefined || proofValue === null || allProofs.length === 0) {
    return fail(problem(DiErrors.PROOF_MISSING, SpecErrors.PROOF_VERIFICATION_ERROR, 'The document has no proof.', '/proof'));
  }
  const maxProofs = options.maxProofs ?? 16;
  if (allProofs.length > maxProofs) {
    return fail(problem(DiErrors.PROOF_MALFORMED, SpecErrors.MALFORMED_PROOF_ERROR, `The document has more than ${maxProofs} proofs.`, '/proof'));
  }
  const ctx: Context = {
    options,
    unsecured,
    allProofs,
    now: (options.clock ?? systemClock)(),
    allowed: new Set(allowedNames),
  };
  const single = !Array.isArray(proofValue);
  const proofs = await Promise.all(allProofs.map((p, i) => verifyOne(p, single ? '/proof' : `/proof/${i}`, ctx)));
  const problems = proofs.flatMap((p) => p.problems);
  return { verified: proofs.length > 0 && proofs.every((p) => p.verified), problems, proofs };
}
