/**
 * `issueCredential`: validate (VC DM 2.0 §4, or 1.1), check the issuer is the signer's DID, run
 * JSON-LD safe mode (VC DI 1.0 §2.4), then add a Data Integrity proof (`assertionMethod`).
 */
import {
  TrustBridgeError,
  isObject,
  type Clock,
  type DocumentLoader,
  type JsonWebKey,
  type Signer,
  type VerifiableCredential,
} from '@trustbridge/core';
import { addProof } from '@trustbridge/data-integrity';
import { issueSdJwtVc, issueVcJwt, type DisclosureFrame } from '@trustbridge/jose';
import { assertSafe } from '@trustbridge/jsonld';
import { VcErrorCodes } from './codes.js';
import { defaultDocumentLoader, optionsError } from './options.js';
import { controllerDid, partyId } from './steps.js';
import { dataModelVersion, validateCredential } from './validate.js';
import { vocabSchemaProblems } from './vocab-schema.js';

/** Cryptosuites TrustBridge issues with. */
export type IssueCryptosuite = 'eddsa-rdfc-2022' | 'eddsa-jcs-2022';

/** Options of {@link issueCredential}. */
export interface IssueCredentialOptions {
  /** `ldp_vc` (the default): an embedded Data Integrity proof. For `vc+jwt` / `dc+sd-jwt` see {@link IssueJoseCredentialOptions}. */
  format?: 'ldp_vc';
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

/** The secured forms `issueCredential` produces. */
export type IssueFormat = 'ldp_vc' | 'vc+jwt' | 'dc+sd-jwt';

/** SD-JWT VC specifics of {@link issueCredential} with `format: 'dc+sd-jwt'`. */
export interface SdJwtIssueOptions {
  /** The SD-JWT VC type (`vct`, SD-JWT VC §3.2.2.1.1), e.g. `https://trustbridge.ca/vct/business-registration/v1`. */
  vct: string;
  /**
   * Which claims are selectively disclosable, over the SD-JWT VC claims: the subject's properties at the
   * top level (see {@link issueCredential}). Default: none (every claim plainly visible).
   */
  disclosureFrame?: DisclosureFrame;
  /** The holder's public JWK, bound as `cnf.jwk` for key binding. */
  holderKey?: JsonWebKey;
  /** An SD-JWT VC `status` claim (e.g. an IETF Token Status List reference `{ status_list: { idx, uri } }`). */
  status?: Record<string, unknown>;
  /** Decoy digests added at the top level. */
  decoys?: number;
}

/** Options of {@link issueCredential} for the JOSE forms: the result is the compact serialization. */
export interface IssueJoseCredentialOptions extends Omit<IssueCredentialOptions, 'format' | 'cryptosuite' | 'id' | 'previousProof' | 'expires' | 'created'> {
  format: 'vc+jwt' | 'dc+sd-jwt';
  /** Required for `dc+sd-jwt`. */
  sdJwt?: SdJwtIssueOptions;
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
 * `ERR_JSONLD_INVALID` (safe mode), `ERR_VC_OPTIONS_INVALID`, or Data Integrity's / JOSE's errors.
 *
 * `format`:
 * - `ldp_vc` (default): the credential with an embedded Data Integrity proof (`assertionMethod`);
 * - `vc+jwt`: the VC 2.0 credential as the payload of a compact JWS, header `{ alg, typ: 'vc+jwt', kid }`
 *   (VC-JOSE-COSE §3.1.1); returns the compact string;
 * - `dc+sd-jwt`: an SD-JWT VC (returns `<JWT>~<Disclosures>~`). The claims are `iss` (the issuer), `vct`
 *   (`sdJwt.vct`), `sub` (`credentialSubject.id`), the subject's other properties at the top level,
 *   `nbf` / `exp` from `validFrom` / `validUntil`, `iat` from the clock, `cnf` from `sdJwt.holderKey`,
 *   and the Bitstring Status List entries as a plain `credentialStatus` claim (never selectively
 *   disclosable, so verifiers can always check status).
 *
 * @example
 * ```ts
 * const vc = await issueCredential(credential, {
 *   signer: createEd25519Signer({ id: `${did}#${did.slice(8)}`, secretKey }),
 *   clock: fixedClock('2025-01-01T00:00:00Z'),
 * });
 * const jwt = await issueCredential(credential, { format: 'vc+jwt', signer });
 * const sdJwt = await issueCredential(credential, {
 *   format: 'dc+sd-jwt', signer,
 *   sdJwt: { vct: 'https://trustbridge.ca/vct/business-registration/v1', disclosureFrame: { _sd: ['legalName'] }, holderKey },
 * });
 * ```
 */
export async function issueCredential(credential: unknown, options: IssueCredentialOptions): Promise<VerifiableCredential>;
export async function issueCredential(credential: unknown, options: IssueJoseCredentialOptions): Promise<string>;
export async function issueCredential(credential: unknown, options: IssueCredentialOptions | IssueJoseCredentialOptions): Promise<VerifiableCredential | string> {
  const format = (options as { format?: unknown } | undefined)?.format ?? 'ldp_vc';
  if (format !== 'ldp_vc' && format !== 'vc+jwt' && format !== 'dc+sd-jwt') throw optionsError("format must be 'ldp_vc', 'vc+jwt' or 'dc+sd-jwt'.");
  checkSigningOptions(options as IssueCredentialOptions);
  // The vocabulary's JSON Schemas apply to the W3C forms; a dc+sd-jwt input already uses SD-JWT claim
  // names (e.g. `businessStatus`), which the OpenID4VCI issuer validates against the schema at offer time.
  const problems = [...validateCredential(credential), ...(format === 'dc+sd-jwt' ? [] : vocabSchemaProblems(credential))];
  if (problems.length > 0) {
    throw new TrustBridgeError(VcErrorCodes.INVALID_CREDENTIAL, 'The credential does not conform to the data model or to the JSON Schema of its type.', {
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
  if (format === 'vc+jwt') {
    if (dataModelVersion(doc) !== '2.0') throw optionsError('vc+jwt secures VC Data Model 2.0 credentials only (VC-JOSE-COSE §3.1.1).');
    await assertSafe(unsecured, { documentLoader });
    return issueVcJwt(unsecured as never, { signer: options.signer });
  }
  if (format === 'dc+sd-jwt') return issueSdJwtCredential(unsecured, issuer, options as IssueJoseCredentialOptions);
  const ldp = options as IssueCredentialOptions;
  await assertSafe(unsecured, { documentLoader });
  const secured = await addProof(structuredClone(doc), {
    cryptosuite: ldp.cryptosuite ?? 'eddsa-rdfc-2022',
    signer: ldp.signer,
    documentLoader,
    proofPurpose: 'assertionMethod',
    ...(ldp.clock ? { clock: ldp.clock } : {}),
    ...(ldp.created !== undefined ? { created: ldp.created } : {}),
    ...(ldp.expires !== undefined ? { expires: ldp.expires } : {}),
    ...(ldp.id !== undefined ? { id: ldp.id } : {}),
    ...(ldp.previousProof !== undefined ? { previousProof: ldp.previousProof } : {}),
  });
  return secured as unknown as VerifiableCredential;
}

const seconds = (dateTime: unknown): number | undefined => (typeof dateTime === 'string' ? Math.floor(Date.parse(dateTime) / 1000) : undefined);

/** The SD-JWT VC claims of a credential (see {@link issueCredential}) and its issuance. */
async function issueSdJwtCredential(doc: Record<string, unknown>, issuer: string, options: IssueJoseCredentialOptions): Promise<string> {
  const sd = options.sdJwt;
  if (!isObject(sd as unknown) || typeof sd?.vct !== 'string' || sd.vct.length === 0) throw optionsError('sdJwt.vct is required for dc+sd-jwt.');
  if (Array.isArray(doc.credentialSubject)) throw optionsError('dc+sd-jwt carries one credentialSubject.');
  const { id: sub, ...subject } = doc.credentialSubject as Record<string, unknown>;
  for (const reserved of ['iss', 'vct', 'sub', 'iat', 'nbf', 'exp', 'cnf', 'status', 'credentialStatus', '_sd', '_sd_alg']) {
    if (reserved in subject) throw optionsError(`credentialSubject.${reserved} collides with an SD-JWT VC claim; rename it.`);
  }
  if (sd.disclosureFrame?._sd?.includes('credentialStatus')) throw optionsError('credentialStatus cannot be selectively disclosable.');
  const claims: Record<string, unknown> = {
    ...(typeof sub === 'string' ? { sub } : {}),
    ...subject,
    ...(doc.credentialStatus !== undefined ? { credentialStatus: doc.credentialStatus } : {}),
  };
  const nbf = seconds(doc.validFrom);
  const exp = seconds(doc.validUntil);
  return issueSdJwtVc(claims, {
    signer: options.signer,
    iss: issuer,
    vct: sd.vct,
    ...(sd.disclosureFrame ? { disclosureFrame: sd.disclosureFrame } : {}),
    ...(sd.holderKey ? { holderKey: sd.holderKey } : {}),
    ...(sd.status ? { status: sd.status } : {}),
    ...(sd.decoys !== undefined ? { decoys: sd.decoys } : {}),
    ...(nbf !== undefined ? { nbf } : {}),
    ...(exp !== undefined ? { exp } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
}
