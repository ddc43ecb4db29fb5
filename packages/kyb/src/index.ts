/**
 * @trustbridge/kyb — the bank's KYB decision for onboarding a Canadian business: a versioned policy
 * (data), `evaluateKyb` (approve / refer / decline with every check explained in English and French,
 * and the FINTRAC needs the credentials do not cover), and signed, verifiable audit records.
 * @packageDocumentation
 */
export { KybCodes, KybErrorCodes, type KybCode, type KybErrorCode } from './codes.js';
export {
  bcBankKybPolicy,
  validateKybPolicy,
  policyDigest,
  parseDuration,
  addDuration,
  canonicalJson,
  type KybPolicy,
  type NameMatchStrictness,
  type SoftOutcome,
} from './policy.js';
export {
  compareNames,
  normaliseName,
  foldCaseAndAccents,
  BC_NAME_LIMITS,
  type PersonName,
  type NameComparison,
  type NameComparisonResult,
  type NameRule,
} from './names.js';
export type { BilingualMessage, KybDecision, KybSeverity, KybCheck, KybGap, KybCredentialSummary, KybEvaluation } from './types.js';
export { evaluateKyb, type KybInput, type EvaluateKybOptions } from './evaluate.js';
export {
  createAuditRecord,
  verifyAuditRecord,
  KYB_AUDIT_RECORD_KIND,
  KYB_AUDIT_JWS_TYP,
  type KybAuditRecord,
  type KybAuditCredential,
  type CreateAuditRecordOptions,
  type VerifyAuditRecordOptions,
  type AuditRecordVerification,
} from './audit.js';
