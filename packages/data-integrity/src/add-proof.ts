/**
 * VC Data Integrity 1.0 §4.2 "Add Proof" and §4.3 "Add Proof Set/Chain".
 */
import {
  SpecErrors, TrustBridgeError, isObject, systemClock, toArray,
  type Clock, type DataIntegrityProof, type DocumentLoader, type Signer,
} from '@trustbridge/core';
import { DiErrors, optionsError } from './problems.js';
import { formatXmlDateTime, isXmlDateTimeStamp } from './datetime.js';
import { getCryptosuite, type Cryptosuite, type CryptosuiteName } from './suites.js';
import { createVerifyData, serializeProof } from './verify-data.js';

export interface AddProofOptions {
  /** `eddsa-rdfc-2022` or `eddsa-jcs-2022`; `Ed25519Signature2020` is accepted for tests and old verifiers. */
  cryptosuite: CryptosuiteName;
  /** Signs with the key named by `signer.id` (the proof's `verificationMethod`). Must be Ed25519 (`EdDSA`). */
  signer: Signer;
  documentLoader: DocumentLoader;
  /** Default `assertionMethod`. */
  proofPurpose?: string;
  /** XML Schema dateTimeStamp; default: the clock, UTC, without milliseconds. */
  created?: string;
  clock?: Clock;
  expires?: string;
  challenge?: string;
  domain?: string | string[];
  nonce?: string;
  /** The proof's own id (a URL), so later proofs can chain to it. */
  id?: string;
  /** Ids of existing proofs this proof chains to (§2.1.2 proof chains). */
  previousProof?: string | string[];
  /**
   * Add the suite's context (Data Integrity v2, or Ed25519 2020) to the document's `@context` when none
   * of the contexts that define the proof's terms is there (e.g. for a VC 1.1 credential). Default true.
   */
  addSuiteContext?: boolean;
}

const SIGNER_ALGORITHMS = new Set(['EdDSA', 'Ed25519']);

function checkOptions(options: AddProofOptions): Cryptosuite {
  if (!isObject(options)) throw optionsError('addProof: options are required.');
  const suite = getCryptosuite(options.cryptosuite);
  if (!suite) throw optionsError('addProof: unsupported cryptosuite.', { cryptosuite: String(options.cryptosuite) });
  const { signer } = options;
  if (!signer || typeof signer.sign !== 'function' || typeof signer.id !== 'string' || signer.id === '') {
    throw optionsError('addProof: signer must be { id, algorithm, sign }.');
  }
  if (!SIGNER_ALGORITHMS.has(signer.algorithm)) {
    throw optionsError('addProof: the cryptosuite needs an Ed25519 (EdDSA) signer.', { algorithm: String(signer.algorithm) });
  }
  if (typeof options.documentLoader !== 'function') throw optionsError('addProof: documentLoader is required.');
  for (const key of ['created', 'expires'] as const) {
    if (options[key] !== undefined && !isXmlDateTimeStamp(options[key])) {
      throw optionsError(`addProof: ${key} must be an XML Schema dateTimeStamp.`);
    }
  }
  return suite;
}

function withSuiteContext(document: Record<string, unknown>, suite: Cryptosuite, add: boolean): Record<string, unknown> {
  const context = document['@context'];
  if (context === undefined) {
    if (suite.canonicalization === 'rdfc') throw optionsError('addProof: an RDFC cryptosuite needs a JSON-LD document with @context.');
    return document;
  }
  const entries = toArray(context as unknown);
  if (!add || entries.some((c) => typeof c === 'string' && suite.suiteContexts.includes(c))) return document;
  return { ...document, '@context': [...entries, suite.addedContext] };
}

/**
 * Adds a Data Integrity proof to `document` and returns a new document (the input is not changed).
 * When the document already has proofs, the new one joins the proof set (§2.1.1); with
 * `previousProof` it also chains to the named proofs, which are signed over with the document (§4.3).
 *
 * Throws TrustBridgeError: `ERR_DI_OPTIONS_INVALID` (misuse), `ERR_DI_PREVIOUS_PROOF_MISSING`
 * (spec `PROOF_GENERATION_ERROR`), the `ERR_JSONLD_*` codes when the document is not safe JSON-LD.
 *
 * @example
 * ```ts
 * const vc = await addProof(credential, {
 *   cryptosuite: 'eddsa-rdfc-2022',
 *   signer: createEd25519Signer({ id: `${did}#${key}`, secretKey }),
 *   documentLoader: createDocumentLoader(),
 * });
 * ```
 */
export async function addProof<T extends object>(document: T, options: AddProofOptions): Promise<T & { proof: DataIntegrityProof | DataIntegrityProof[] }> {
  const suite = checkOptions(options);
  if (!isObject(document)) throw optionsError('addProof: document must be a JSON object.');
  const { proof: existing, ...unsecuredInput } = document as Record<string, unknown>;
  const allProofs = toArray(existing as unknown);
  if (!allProofs.every(isObject)) throw optionsError('addProof: the existing proof value is not an object or a list of objects.');
  const unsecured = withSuiteContext(unsecuredInput, suite, options.addSuiteContext !== false);

  // §4.3 steps: each previousProof must name a proof already in the set; those proofs are signed over.
  const previousIds = toArray(options.previousProof);
  const matchingProofs = previousIds.map((id) => {
    const found = allProofs.find((p) => (p as Record<string, unknown>).id === id);
    if (!found) {
      throw new TrustBridgeError(DiErrors.PREVIOUS_PROOF_MISSING, 'previousProof names no proof of the document.', {
        specCode: SpecErrors.PROOF_GENERATION_ERROR,
        details: { previousProof: id },
      });
    }
    return found;
  });

  const created = options.created ?? formatXmlDateTime((options.clock ?? systemClock)());
  const proofOptions: Record<string, unknown> = {
    type: suite.proofType,
    ...(options.id !== undefined ? { id: options.id } : {}),
    ...(suite.cryptosuite ? { cryptosuite: suite.cryptosuite } : {}),
    created,
    ...(options.expires !== undefined ? { expires: options.expires } : {}),
    verificationMethod: options.signer.id,
    proofPurpose: options.proofPurpose ?? 'assertionMethod',
    ...(options.challenge !== undefined ? { challenge: options.challenge } : {}),
    ...(options.domain !== undefined ? { domain: options.domain } : {}),
    ...(options.nonce !== undefined ? { nonce: options.nonce } : {}),
    ...(options.previousProof !== undefined ? { previousProof: options.previousProof } : {}),
    ...(suite.proofHasContext && unsecured['@context'] !== undefined ? { '@context': unsecured['@context'] } : {}),
  };

  const input = matchingProofs.length > 0 ? { ...unsecured, proof: matchingProofs } : unsecured;
  const { hashData } = await createVerifyData(input, proofOptions, { cryptosuite: suite, documentLoader: options.documentLoader });
  const signature = await options.signer.sign(hashData);
  if (!(signature instanceof Uint8Array) || signature.length !== 64) {
    throw new TrustBridgeError('ERR_DI_SIGNER_FAILED', 'The signer did not return a 64-byte Ed25519 signature.', {
      specCode: SpecErrors.PROOF_GENERATION_ERROR,
    });
  }
  const proof = { ...proofOptions, proofValue: serializeProof(signature) } as DataIntegrityProof;
  return {
    ...unsecured,
    proof: allProofs.length > 0 ? [...(allProofs as DataIntegrityProof[]), proof] : proof,
  } as T & { proof: DataIntegrityProof | DataIntegrityProof[] };
}
