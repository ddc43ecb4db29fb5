/**
 * `issueCredential`: validate (VC DM 2.0 §4, or 1.1), check the issuer is the signer's DID, run
 * JSON-LD safe mode (VC DI 1.0 §2.4), then add a Data Integrity proof (`assertionMethod`).
 */
import {
  TrustBridgeError,
  isObject,
  type Clock,
  type DocumentLoader,
  type Signer,
  type VerifiableCredential,
} from '@trustbridge/core';
import { addProof } from '@trustbridge/data-integrity';
import { assertSafe } from '@trustbridge/jsonld';
import { VcErrorCodes } from './codes.js';
import { defaultDocumentLoader, optionsError } from './options.js';
import { controllerDid, partyId } from './steps.js';
import { validateCredential } from './validate.js';

/** Cryptosuites TrustBridge issues with. */
export type IssueCryptosuite = 'eddsa-rdfc-2022' | 'eddsa-jcs-2022';

/** Options of {@link issueCredential}. */
export interface IssueCredentialOptions {
  /** Signs with the key named by `signer.id`, a DID URL of the issuer. */
  signer: Signer;
  /** Default `eddsa-rdfc-2022`. */
  cryptosuite?: IssueCryptosuite;
  /** Default: bundled contexts only. */
  documentLoader?: DocumentLoader;
  /** Clock for the proof's `created`. Default: system clock. */
  clock?: Clock;
  /** Proof `created` (XML Schema dateTimeStamp); default from the clock. */
  created?: string;
  /** Proof `expires`. */
  expires?: string;
  /** The proof's id (a URL), for proof chains. */
  id?: string;
  /** Ids of existing proofs this proof chains to. */
  previousProof?: string | string[];
}

/** Checks the signer and the shared signing options; throws `ERR_VC_OPTIONS_INVALID`. */
export function checkSigningOptions(options: { signer?: Signer; cryptosuite?: string; documentLoader?: unknown; clock?: unknown }): void {
  if (!isObject(options)) throw optionsError('options are required.');
  const { signer } = options;
  if (!isObject(signer) || typeof signer.id !== 'string' || typeof signer.sign !== 'function') {
    throw optionsError('signer must be { id, algorithm, sign }.');
  }
  if (!signer.id.startsWith('did:') || !signer.id.includes('#')) throw optionsError('signer.id must be a DID URL naming a verification method.');
  if (options.cryptosuite !== undefined && options.cryptosuite !== 'eddsa-rdfc-2022' && options.cryptosuite !== 'eddsa-jcs-2022') {
    throw optionsError('cryptosuite must be eddsa-rdfc-2022 or eddsa-jcs-2022.');
  }
  if (options.documentLoader !== undefined && typeof options.documentLoader !== 'function') throw optionsError('documentLoader must be a function.');
  if (options.clock !== undefined && typeof options.clock !== 'function') throw optionsError('clock must be a function.');
}

/**
 * Issues a verifiable credential: VC DM 2.0, or VC DM 1.1 (first context the v1 URL, `issuanceDate`).
 * Throws `ERR_VC_INVALID_CREDENTIAL` (problems in `details.problems`), `ERR_VC_ISSUER_MISMATCH` (the
 * issuer is not the DID of `signer.id`), `ERR_JSONLD_UNDEFINED_TERM` / `ERR_JSONLD_CONTEXT_UNKNOWN` /
 * `ERR_JSONLD_INVALID` (safe mode), `ERR_VC_OPTIONS_INVALID`, or Data Integrity's errors.
 *
 * @example
 * ```ts
 * const vc = await issueCredential(credential, {
 *   signer: createEd25519Signer({ id: `${did}#${did.slice(8)}`, secretKey }),
 *   clock: fixedClock('2025-01-01T00:00:00Z'),
 * });
 * ```
 */
export async function issueCredential(credential: unknown, options: IssueCredentialOptions): Promise<VerifiableCredential> {
  checkSigningOptions(options);
  const problems = validateCredential(credential);
  if (problems.length > 0) {
    throw new TrustBridgeError(VcErrorCodes.INVALID_CREDENTIAL, 'The credential does not conform to the data model.', {
      specCode: problems[0]!.specCode ?? 'MALFORMED_VALUE_ERROR',
      details: { problems },
    });
  }
  const doc = credential as Record<string, unknown>;
  const issuer = partyId(doc.issuer);
  if (issuer !== controllerDid(options.signer.id)) {
    throw new TrustBridgeError(VcErrorCodes.ISSUER_MISMATCH, "The credential's issuer is not the signer's DID.", {
      specCode: 'INVALID_VERIFICATION_METHOD',
    });
  }
  const documentLoader = options.documentLoader ?? defaultDocumentLoader();
  const { proof: _existing, ...unsecured } = doc;
  await assertSafe(unsecured, { documentLoader });
  const secured = await addProof(structuredClone(doc), {
    cryptosuite: options.cryptosuite ?? 'eddsa-rdfc-2022',
    signer: options.signer,
    documentLoader,
    proofPurpose: 'assertionMethod',
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.created !== undefined ? { created: options.created } : {}),
    ...(options.expires !== undefined ? { expires: options.expires } : {}),
    ...(options.id !== undefined ? { id: options.id } : {}),
    ...(options.previousProof !== undefined ? { previousProof: options.previousProof } : {}),
  });
  return secured as unknown as VerifiableCredential;
}
