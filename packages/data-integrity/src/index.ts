/**
 * @trustbridge/data-integrity — W3C VC Data Integrity 1.0 proofs with the Data Integrity EdDSA
 * Cryptosuites v1.0: `eddsa-rdfc-2022` and `eddsa-jcs-2022` (issue and verify) and the legacy
 * `Ed25519Signature2020` (verify; sign for tests). Proof sets and proof chains.
 * @packageDocumentation
 */
export { addProof, type AddProofOptions } from './add-proof.js';
export { verifyProofs, type VerifyProofsOptions, type ProofsVerification, type ProofVerification } from './verify-proofs.js';
export {
  eddsaRdfc2022, eddsaJcs2022, ed25519Signature2020, cryptosuites, getCryptosuite, cryptosuiteForProof,
  type Cryptosuite, type CryptosuiteName,
} from './suites.js';
export {
  createVerifyData, configureProof, serializeProof, parseProofValue, contextStartsWith,
  type VerifyData, type CreateVerifyDataOptions,
} from './verify-data.js';
export {
  assertSafeJsonLd, canonicalizeDocumentRdfc, canonicalizeProofConfigRdfc, canonicalizeJcs, hashRdfc, hashJcs, sha256,
  type CanonicalizeOptions, type HashData,
} from './canonicalize.js';
export { DiErrors, SIGNATURE_INVALID_MESSAGE } from './problems.js';
export { isXmlDateTimeStamp, formatXmlDateTime } from './datetime.js';
