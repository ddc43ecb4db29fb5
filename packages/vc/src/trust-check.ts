/**
 * `createTrustCheck`: the `trust` step of the pipeline (DESIGN.md "Verification pipeline", issue 5
 * item 5). Asks a trust registry — online or from verified offline snapshots, through a
 * `TrustRegistryClient` — whether the credential's issuer was authorized to issue this type of
 * credential, for this jurisdiction and assurance level, *when it issued it*, judged at the verifier's
 * clock. The decision, the trust path and the snapshot digest go into the check's details, so an audit
 * record can name exactly which registry data was used.
 */
import { isObject, type Problem } from '@trustbridge/core';
import type { Decision, TrustQuery, TrustRegistryClient } from '@trustbridge/trust-registry';
import { VcErrorCodes } from './codes.js';
import type { CheckerInput, CredentialChecker } from './options.js';
import { optionsError } from './options.js';
import type { CheckOutcome } from './pipeline.js';
import { partyId } from './steps.js';

/** The part of a {@link TrustQuery} the trust check derives from a credential; `resolveQuery` may set any of it. */
export type CredentialTrustQuery = Partial<Omit<TrustQuery, 'at'>>;

/** Options of {@link createTrustCheck}. */
export interface CreateTrustCheckOptions {
  /** The registry: `createOfflineTrustRegistryClient(index, { clock })`, or an HTTP client of the same shape. */
  client: TrustRegistryClient;
  /**
   * Adds to or overrides the derived query (credential type, jurisdiction, minimum assurance level,
   * purpose...). Return `undefined` members to keep the derived ones. Called with the credential as the
   * pipeline sees it (for JOSE forms the decoded claims) and the format.
   */
  resolveQuery?: (credential: Record<string, unknown>, input: { format?: string }) => CredentialTrustQuery | undefined | Promise<CredentialTrustQuery | undefined>;
  /**
   * Reads the jurisdiction of the credential subject. Default {@link defaultJurisdiction}: the
   * TrustBridge vocabulary's `jurisdiction` (BusinessRegistrationCredential) or `business.jurisdiction`
   * (BusinessRepresentativeCredential), inside `credentialSubject` or, for SD-JWT VC, at the top level.
   */
  jurisdiction?: (credential: Record<string, unknown>) => string | undefined;
  /** The action asked about. Default `issue`. */
  action?: TrustQuery['action'];
  /** What `indeterminate` (e.g. a stale snapshot) becomes: `reject` (default, fail closed) or `refer` (a failed check with `details.outcome: 'refer'`). */
  onIndeterminate?: 'reject' | 'refer';
}

const JWT_NOT_TYPES = new Set(['VerifiableCredential']);

/** The most specific `type` of a credential: its last type other than `VerifiableCredential`; for SD-JWT VC, `vct`. */
export function credentialTypeOf(credential: Record<string, unknown>): string | undefined {
  const types = Array.isArray(credential.type) ? credential.type : credential.type !== undefined ? [credential.type] : [];
  const specific = types.filter((t): t is string => typeof t === 'string' && !JWT_NOT_TYPES.has(t));
  if (specific.length > 0) return specific[specific.length - 1];
  return typeof credential.vct === 'string' ? credential.vct : undefined;
}

function jurisdictionIn(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  if (typeof value.jurisdiction === 'string') return value.jurisdiction;
  if (isObject(value.business) && typeof value.business.jurisdiction === 'string') return value.business.jurisdiction;
  return undefined;
}

/**
 * Default jurisdiction mapper: `credentialSubject.jurisdiction` or `credentialSubject.business.jurisdiction`
 * (the paths of `@trustbridge/vocab` v1), or the same claims at the top level of SD-JWT VC claims. With
 * several subjects, all must agree.
 */
export function defaultJurisdiction(credential: Record<string, unknown>): string | undefined {
  const subject = credential.credentialSubject;
  if (subject === undefined) return jurisdictionIn(credential);
  const subjects = Array.isArray(subject) ? subject : [subject];
  const found = new Set(subjects.map(jurisdictionIn).filter((j): j is string => j !== undefined));
  return found.size === 1 ? [...found][0] : undefined;
}

/** RFC 3339 UTC (`...Z`) of a date-time string or NumericDate, or `undefined`. */
function instant(value: unknown): string | undefined {
  const ms = typeof value === 'number' && Number.isFinite(value) ? value * 1000 : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** When the credential was issued: `validFrom`, else `issuanceDate`, else the first proof's `created`, else JWT `iat` / `nbf`. */
export function issuedAtOf(credential: Record<string, unknown>): string | undefined {
  const proof = Array.isArray(credential.proof) ? credential.proof[0] : credential.proof;
  return (
    instant(credential.validFrom) ??
    instant(credential.issuanceDate) ??
    (isObject(proof) ? instant(proof.created) : undefined) ??
    instant(credential.iat) ??
    instant(credential.nbf)
  );
}

/** `TR_SUSPENDED` → `ERR_TRUST_SUSPENDED`. */
function reasonCode(code: string): string {
  return `ERR_TRUST_${code.startsWith('TR_') ? code.slice(3) : code}`;
}

/** Maps a registry {@link Decision} to the pipeline's `trust` outcome. */
export function trustOutcome(decision: Decision, query: TrustQuery | Omit<TrustQuery, 'at'>, onIndeterminate: 'reject' | 'refer' = 'reject'): CheckOutcome {
  const details: Record<string, unknown> = {
    decision: decision.decision,
    reasons: decision.reasons,
    notices: decision.notices,
    path: decision.path,
    ...(decision.entity !== undefined ? { entity: decision.entity } : {}),
    ...(decision.assuranceLevel !== undefined ? { assuranceLevel: decision.assuranceLevel } : {}),
    ...(decision.governanceFramework !== undefined ? { governanceFramework: decision.governanceFramework } : {}),
    snapshot: decision.snapshot,
    snapshots: decision.snapshots,
    evaluatedAt: decision.evaluatedAt,
    query,
  };
  if (decision.decision === 'trusted') return { status: 'passed', details };
  const reasons: Problem[] = decision.reasons.map((r) => ({ code: reasonCode(r.code), specCode: r.code, message: r.message }));
  if (decision.decision === 'indeterminate') {
    return {
      status: 'failed',
      problems: [{ code: VcErrorCodes.TRUST_INDETERMINATE, message: 'The trust registry could not decide; failing closed.' }, ...reasons],
      details: { ...details, outcome: onIndeterminate === 'refer' ? 'refer' : 'error' },
    };
  }
  return {
    status: 'failed',
    problems: reasons.length > 0 ? reasons : [{ code: VcErrorCodes.TRUST_NOT_TRUSTED, message: 'The issuer is not trusted for this credential.' }],
    details: { ...details, outcome: 'error' },
  };
}

function failed(code: string, message: string, path?: string): CheckOutcome {
  return { status: 'failed', problems: [{ code, message, ...(path ? { path } : {}) }], details: { outcome: 'error' } };
}

/**
 * Creates a `checkTrust` for `VerifyCredentialOptions`. The query is: `entity` = the issuer's id (`iss`
 * for SD-JWT VC), `action` (default `issue`), `credentialType` = the most specific type (`vct` for
 * SD-JWT VC), `jurisdiction` from the mapper, `issuedAt` = `validFrom` (or `issuanceDate`, proof
 * `created`, `iat`), `at` = the pipeline's clock; `resolveQuery` adds or overrides (e.g.
 * `minimumAssuranceLevel`, or a `vct` → registry type mapping).
 *
 * The `trust` check passes for `trusted`; fails for `not-trusted` with one problem per registry reason,
 * coded `ERR_TRUST_<reason>` with the registry's `TR_*` code as `specCode` (e.g. `ERR_TRUST_SUSPENDED`,
 * `ERR_TRUST_NOT_AUTHORIZED_JURISDICTION`, `ERR_TRUST_COMPROMISED`); fails closed for `indeterminate` with
 * `ERR_TRUST_INDETERMINATE` first. No issuer / type / jurisdiction: `ERR_TRUST_ISSUER_UNKNOWN` /
 * `ERR_TRUST_TYPE_UNKNOWN` / `ERR_TRUST_JURISDICTION_UNKNOWN`. Details: `decision`, `reasons`, `notices`,
 * `path`, `snapshot` (`{ registry, sequence, digest }`), `snapshots`, `query`. A client that throws fails
 * the check (`ERR_VC_CHECK_ERROR`, or the error's own code).
 *
 * @example
 * ```ts
 * const checkTrust = createTrustCheck({
 *   client: createOfflineTrustRegistryClient(indexFromBundle(verified), { clock }),
 *   resolveQuery: () => ({ minimumAssuranceLevel: 3 }),
 * });
 * const result = await verifyCredential(vc, { checkTrust, clock });
 * result.checks.find((c) => c.id === 'trust')?.details?.snapshot; // { registry, sequence, digest }
 * ```
 */
export function createTrustCheck(options: CreateTrustCheckOptions): CredentialChecker {
  if (!isObject(options as unknown)) throw optionsError('options must be an object.');
  const { client, resolveQuery, jurisdiction = defaultJurisdiction, action = 'issue', onIndeterminate = 'reject' } = options;
  if (!isObject(client as unknown) || typeof client.evaluate !== 'function') throw optionsError('client must be a TrustRegistryClient ({ evaluate }).');
  if (resolveQuery !== undefined && typeof resolveQuery !== 'function') throw optionsError('resolveQuery must be a function.');
  if (typeof jurisdiction !== 'function') throw optionsError('jurisdiction must be a function.');
  if (!['issue', 'verify', 'hold', 'operate'].includes(action)) throw optionsError('action must be issue, verify, hold or operate.');
  if (onIndeterminate !== 'reject' && onIndeterminate !== 'refer') throw optionsError("onIndeterminate must be 'reject' or 'refer'.");

  return async ({ credential, now, format }: CheckerInput): Promise<CheckOutcome> => {
    const entity = partyId(credential.issuer) ?? (typeof credential.iss === 'string' ? credential.iss : undefined);
    const issuedAt = issuedAtOf(credential);
    const derived: Omit<TrustQuery, 'at'> = {
      entity: entity ?? '',
      action,
      ...(credentialTypeOf(credential) !== undefined ? { credentialType: credentialTypeOf(credential)! } : {}),
      ...(jurisdiction(credential) !== undefined ? { jurisdiction: jurisdiction(credential)! } : {}),
      ...(issuedAt !== undefined ? { issuedAt } : {}),
    };
    const extra = resolveQuery ? await resolveQuery(credential, format !== undefined ? { format } : {}) : undefined;
    const query = { ...derived } as Omit<TrustQuery, 'at'>;
    if (extra) for (const [k, v] of Object.entries(extra)) if (v !== undefined) (query as unknown as Record<string, unknown>)[k] = v;
    if (!query.entity) return failed(VcErrorCodes.TRUST_ISSUER_UNKNOWN, 'The credential names no issuer.', '/issuer');
    if ((query.action === 'issue' || query.action === 'verify') && !query.credentialType) {
      return failed(VcErrorCodes.TRUST_TYPE_UNKNOWN, 'The credential type could not be determined.', '/type');
    }
    if (query.action === 'issue' && !query.jurisdiction) {
      return failed(VcErrorCodes.TRUST_JURISDICTION_UNKNOWN, 'The jurisdiction could not be read from the credential; inject a jurisdiction mapper or resolveQuery.');
    }
    const decision = await client.evaluate({ ...query, at: now.toISOString() });
    return trustOutcome(decision, query, onIndeterminate);
  };
}
