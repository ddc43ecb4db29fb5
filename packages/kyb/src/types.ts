/** Result types of a KYB evaluation: plain JSON, ready for an HTTP response or an audit record. */
import type { Decision } from '@trustbridge/trust-registry';

/** English and French forms of one sentence (Official Languages Act: both, always). */
export interface BilingualMessage {
  en: string;
  fr: string;
}

/** The bank's decision: open the account, refer to a human, or refuse. */
export type KybDecision = 'approve' | 'refer' | 'decline';

/**
 * What a check contributes to the decision: `none` (passed or skipped), `refer` or `decline`.
 * The decision is the most severe contribution.
 */
export type KybSeverity = 'none' | 'refer' | 'decline';

/** One check of the evaluation. Every check appears, passed, failed or skipped. */
export interface KybCheck {
  /** What was checked: `required-credentials`, `credential-verified`, `issuer-trusted`, `name-match`, ... */
  id: string;
  status: 'passed' | 'failed' | 'skipped';
  /** Stable code (`KYB_*` when passed or skipped, `ERR_KYB_*` when failed). */
  code: string;
  severity: KybSeverity;
  message: BilingualMessage;
  /** Facts behind the outcome (no personal data beyond what the check is about). */
  details?: Record<string, unknown>;
}

/** A FINTRAC requirement the credentials do not cover: collect it elsewhere. Gaps never block. */
export interface KybGap {
  /** `registered-address`, `directors`, `beneficial-owners`, `isc-check`, `screening`. */
  id: string;
  code: string;
  message: BilingualMessage;
  /** Where the requirement comes from (FINTRAC guidance). */
  requirement: string;
  /** Set when the requirement applies only under a condition (e.g. `high-risk`). */
  condition?: string;
}

/** Facts about one evaluated credential, for the decision and the audit record. */
export interface KybCredentialSummary {
  /** Position in the input (or in the presentation's `verifiableCredential`). */
  index: number;
  /** The vocabulary type (`BusinessRegistrationCredential`, ...), or undefined when not a vocabulary type. */
  type?: string;
  format?: string;
  issuer?: string;
  /** The credential's `id`, when it has one. */
  id?: string;
  validFrom?: string;
  /** Business identifiers (never the person's name or birth date). */
  identifiers: Record<string, string>;
  /** SHA-256 over the JCS form of the verified document (`sha256:<hex>`). */
  digest?: string;
  verified: boolean;
  /** The vc pipeline's verdict: `verified`, `refer` or `rejected`. */
  outcome?: string;
  /** The vc `status` check: its status and, when failed, its code. */
  status?: { status: string; code?: string; outcome?: unknown };
  /** The registry's answer for this issuer, type and jurisdiction. */
  trust?: Decision;
}

/** The result of {@link evaluateKyb}. */
export interface KybEvaluation {
  decision: KybDecision;
  /** Every check, in a fixed order. */
  checks: KybCheck[];
  /** FINTRAC requirements to collect elsewhere. */
  gaps: KybGap[];
  /** The failed checks that decided a refer or decline (same objects as in `checks`). */
  reasons: KybCheck[];
  credentials: KybCredentialSummary[];
  policy: { id: string; version: string; digest: string };
  /** When the evaluation was made (RFC 3339, from the injected clock). */
  evaluatedAt: string;
  /** Which of `policy.requiredCredentials` the credentials satisfied (index), if any. */
  satisfiedAlternative?: number;
}
