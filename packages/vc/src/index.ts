/**
 * @trustbridge/vc — the facade: issue, verify and present W3C verifiable credentials with one
 * pipeline and one result model (VC Data Model 2.0, and 1.1 for older credentials; Data Integrity
 * `eddsa-rdfc-2022` / `eddsa-jcs-2022`; `vc+jwt` / `vp+jwt`; SD-JWT VC with key binding), with status
 * (Bitstring Status List) and trust registry checks.
 * @packageDocumentation
 */
export { VcErrorCodes, type VcErrorCode } from './codes.js';
export { validateCredential, validatePresentation, dataModelVersion, type DataModelVersion, type ValidatePresentationOptions } from './validate.js';
export {
  validateRelatedResource,
  parseSriHashExpression,
  parseDigestMultibase,
  matchesBundledContext,
  PUBLISHED_CONTEXT_DIGESTS,
  type DigestAlgorithm,
  type ParsedDigest,
} from './related-resource.js';
export { isUrl, isDateTimeStamp, isLanguageValueObject } from './syntax.js';
export { issueCredential, type IssueCredentialOptions, type IssueCryptosuite } from './issue.js';
export { verifyCredential, CREDENTIAL_STEPS } from './verify-credential.js';
export {
  DEFAULT_MAX_CLOCK_SKEW_SECONDS,
  type VerifyCredentialOptions,
  type CredentialChecker,
  type CheckerInput,
} from './options.js';
export { runPipeline, type CheckOutcome, type VerificationStep, type PipelineState } from './pipeline.js';
export { CREDENTIAL_FORMATS, PRESENTATION_FORMATS, detectFormat, type FormatDetector } from './formats.js';
export type { VerificationContext } from './steps.js';
export {
  createPresentation,
  signPresentation,
  type CreatePresentationInput,
  type SignPresentationOptions,
} from './presentation.js';
export { verifyPresentation, type VerifyPresentationOptions, type PresentationVerificationResult } from './verify-presentation.js';
export { outcomeOf, type PipelineResult, type VerificationOutcome } from './pipeline.js';
export {
  createStatusCheck,
  statusOutcome,
  type CreateStatusCheckOptions,
  type StatusCheck,
  type FetchLike,
  type FetchResponseLike,
} from './status-check.js';
export {
  createTrustCheck,
  trustOutcome,
  credentialTypeOf,
  defaultJurisdiction,
  issuedAtOf,
  type CreateTrustCheckOptions,
  type CredentialTrustQuery,
} from './trust-check.js';
export {
  JoseFormats,
  compactTyp,
  isVcJwt,
  isVpJwt,
  isSdJwtVc,
  hasKeyBinding,
  withoutKeyBinding,
} from './jose-formats.js';
export type { IssueFormat, IssueJoseCredentialOptions, SdJwtIssueOptions } from './issue.js';
