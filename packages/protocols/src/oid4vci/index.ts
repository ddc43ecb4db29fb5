/**
 * OpenID for Verifiable Credential Issuance 1.0: a Credential Issuer with the Pre-Authorized Code
 * flow, as framework-free handlers (see `issuer.ts`). Names are prefixed so they sit beside the
 * OpenID4VP exports of this package.
 * @packageDocumentation
 */
export { Oid4vciErrors, oid4vciError, type Oid4vciErrorBody, type Oid4vciErrorCode, type Oid4vciErrorKind } from './errors.js';
export { errorResponse as oid4vciErrorResponse, type Oid4vciRequest, type Oid4vciResponse } from './http.js';
export {
  configurationId,
  configurationMetadata,
  vocabCredentialConfigurations,
  PROOF_SIGNING_ALGS,
  type CredentialConfiguration,
  type Oid4vciFormat,
} from './configurations.js';
export { verifyKeyProof, PROOF_JWT_TYP, MAX_PROOF_BYTES, type VerifyKeyProofOptions, type VerifiedKeyProof } from './proof.js';
export {
  createOid4vciIssuer,
  CREDENTIAL_OFFER_SCHEME,
  OID4VCI_PATHS,
  PRE_AUTHORIZED_CODE_GRANT,
  type CreateCredentialOfferInput,
  type CreatedCredentialOffer,
  type Oid4vciIssuer,
  type Oid4vciIssuerOptions,
  type Oid4vciLifetimes,
  type TxCodeInput,
} from './issuer.js';
