/**
 * A KYB policy is data (this file) plus code (`evaluateKyb`): which credentials a bank requires, in
 * which formats, from which issuers (through the trust registry), at which assurance level and
 * freshness, for which business types and statuses, and which roles carry signing authority.
 * Policies are versioned: the audit record names the id, version and digest of the policy applied.
 */
import canonicalizeModule from 'canonicalize';
import { createHash } from 'node:crypto';
import { TrustBridgeError } from '@trustbridge/core';
import {
  BUSINESS_STATUSES,
  ENTITY_TYPES,
  JURISDICTIONS,
  REPRESENTATIVE_ROLES,
  isVocabCredentialType,
  type BusinessStatus,
  type EntityType,
  type Jurisdiction,
  type RepresentativeRole,
  type VocabCredentialType,
} from '@trustbridge/vocab';
import { KybErrorCodes } from './codes.js';

// CommonJS module whose types declare an ES default export; at run time the default import is the function.
const canonicalize = canonicalizeModule as unknown as (value: unknown) => string | undefined;

/** How closely the person's and the representative's names must agree (see `compareNames`). */
export type NameMatchStrictness = 'strict' | 'normal' | 'lenient';

/** What a failed non-fatal rule does to the decision. */
export type SoftOutcome = 'refer' | 'decline';

/** Policy of a KYB evaluation. Plain JSON: store it, diff it, version it. */
export interface KybPolicy {
  /** Stable identifier (a URL or URN). */
  id: string;
  /** Version of this policy (semantic version); bump it on every change. */
  version: string;
  /** Human title. */
  title?: string;
  /**
   * Alternatives, each a set of credential types that together satisfy the policy; the first
   * alternative the presented credentials cover is used. E.g. representative + person, or a
   * registration that lists directors + person.
   */
  requiredCredentials: VocabCredentialType[][];
  /** Credential formats accepted (`ldp_vc`, `vc+jwt`, `dc+sd-jwt`). */
  acceptedFormats: string[];
  trust: {
    /**
     * Jurisdictions in which a `PersonIdentityCredential` issuer may be authorized (the credential does
     * not name the identity program's jurisdiction; the issuer must be authorized in one of these).
     */
    personIdentityJurisdictions: Jurisdiction[];
  };
  /** Lowest PCTF level of assurance (1–4) of the person's identity. */
  minimumAssuranceLevel: 1 | 2 | 3 | 4;
  /** What an insufficient level does. The pilot policy refers (another identification method may follow). */
  onInsufficientAssurance: SoftOutcome;
  /**
   * Oldest acceptable credential, as an ISO 8601 duration of years, months, weeks and days
   * (`P1Y`, `P6M`, `P90D`), measured from `validFrom`. Absent: no age limit.
   */
  maximumCredentialAge?: string;
  /** What a stale credential does. */
  onStaleCredential: SoftOutcome;
  /** Entity types the product is offered to. */
  eligibleBusinessTypes: EntityType[];
  /** Business statuses accepted (normally only `ACTIVE`). */
  eligibleStatuses: BusinessStatus[];
  /** Roles that grant signing authority for the business. */
  signingAuthorityRoles: RepresentativeRole[];
  /** What a role the person self-attested (BC DBC precondition) does: accept it, or refer. */
  selfAttestedRoles: 'accept' | 'refer';
  nameMatch: { strictness: NameMatchStrictness };
  /**
   * Require proof that the person presenting holds the credentials: a verified presentation signed by
   * its holder, whose DID is the subject of the person and business credentials. Without it
   * (credentials handed over as files) the evaluation refers.
   */
  requireHolderBinding: boolean;
  /**
   * When a credential has a `credentialStatus` but no status check ran (no `checkStatus` given to the
   * verifier), refer rather than pass silently. Default true.
   */
  requireStatusCheck: boolean;
}

/**
 * The pilot bank's policy for onboarding a business in BC, Alberta or federally (DESIGN.md §2,
 * research §4 and §7). Version 1.0.0.
 *
 * - credentials: a `BusinessRepresentativeCredential` + `PersonIdentityCredential`, or a
 *   `BusinessRegistrationCredential` that lists directors + `PersonIdentityCredential`;
 * - identity at PCTF level 3 or above (a lower level refers: the bank may identify the person by
 *   another FINTRAC method);
 * - credentials at most one year old (older ones refer: registry status is "as of issuance");
 * - business `ACTIVE`; Proprietor, Partner or Director signs;
 * - names compared with `normal` strictness.
 */
export const bcBankKybPolicy: Readonly<KybPolicy> = deepFreeze({
  id: 'https://pilot.example/policies/kyb/business-account-opening',
  version: '1.0.0',
  title: 'Business account opening — KYB (pilot)',
  requiredCredentials: [
    ['BusinessRepresentativeCredential', 'PersonIdentityCredential'],
    ['BusinessRegistrationCredential', 'PersonIdentityCredential'],
  ],
  acceptedFormats: ['ldp_vc', 'vc+jwt', 'dc+sd-jwt'],
  trust: { personIdentityJurisdictions: ['CA-BC', 'CA-AB', 'CA-ON', 'CA-QC', 'CA'] },
  minimumAssuranceLevel: 3,
  onInsufficientAssurance: 'refer',
  maximumCredentialAge: 'P1Y',
  onStaleCredential: 'refer',
  eligibleBusinessTypes: ['SOLE_PROPRIETORSHIP', 'GENERAL_PARTNERSHIP', 'CORPORATION', 'BENEFIT_COMPANY', 'UNLIMITED_LIABILITY_COMPANY'],
  eligibleStatuses: ['ACTIVE'],
  signingAuthorityRoles: ['PROPRIETOR', 'PARTNER', 'DIRECTOR'],
  selfAttestedRoles: 'accept',
  nameMatch: { strictness: 'normal' },
  requireHolderBinding: true,
  requireStatusCheck: true,
} satisfies KybPolicy);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function invalid(field: string, message: string): never {
  throw new TrustBridgeError(KybErrorCodes.POLICY_INVALID, `Invalid KYB policy: ${field} ${message}.`, { details: { field } });
}

const DURATION_RE = /^P(?:(\d{1,4})Y)?(?:(\d{1,5})M)?(?:(\d{1,5})W)?(?:(\d{1,6})D)?$/;

/** Parses the date part of an ISO 8601 duration (`P1Y6M`, `P90D`). Undefined when unsupported. */
export function parseDuration(value: string): { years: number; months: number; weeks: number; days: number } | undefined {
  const m = DURATION_RE.exec(value);
  if (!m || value === 'P') return undefined;
  return { years: Number(m[1] ?? 0), months: Number(m[2] ?? 0), weeks: Number(m[3] ?? 0), days: Number(m[4] ?? 0) };
}

/** `from` plus a duration, in calendar terms (UTC). */
export function addDuration(from: Date, duration: string): Date {
  const d = parseDuration(duration);
  if (!d) throw new TrustBridgeError(KybErrorCodes.POLICY_INVALID, 'Unsupported duration.', { details: { field: 'maximumCredentialAge' } });
  const out = new Date(from.getTime());
  out.setUTCFullYear(out.getUTCFullYear() + d.years, out.getUTCMonth() + d.months, out.getUTCDate() + d.weeks * 7 + d.days);
  return out;
}

function subsetOf<T>(values: unknown, allowed: readonly T[], field: string, nonEmpty = true): void {
  if (!Array.isArray(values) || (nonEmpty && values.length === 0)) invalid(field, 'must be a non-empty array');
  for (const v of values) if (!allowed.includes(v as T)) invalid(field, `contains an unknown value ${JSON.stringify(v)}`);
}

/**
 * Checks a policy (from code or from JSON) and returns it. Throws `ERR_KYB_POLICY_INVALID` with
 * `details.field` naming the first offending field.
 *
 * @example
 * ```ts
 * const policy = validateKybPolicy({ ...bcBankKybPolicy, version: '1.1.0', minimumAssuranceLevel: 2 });
 * ```
 */
export function validateKybPolicy(policy: unknown): KybPolicy {
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) invalid('policy', 'must be an object');
  const p = policy as KybPolicy;
  if (typeof p.id !== 'string' || p.id.length === 0) invalid('id', 'must be a non-empty string');
  if (typeof p.version !== 'string' || p.version.length === 0) invalid('version', 'must be a non-empty string');
  if (!Array.isArray(p.requiredCredentials) || p.requiredCredentials.length === 0) invalid('requiredCredentials', 'must list at least one alternative');
  p.requiredCredentials.forEach((alt, i) => {
    if (!Array.isArray(alt) || alt.length === 0 || !alt.every(isVocabCredentialType)) invalid(`requiredCredentials[${i}]`, 'must be a non-empty array of vocabulary credential types');
    if (!alt.includes('PersonIdentityCredential')) invalid(`requiredCredentials[${i}]`, 'must include PersonIdentityCredential (the person must be identified)');
    if (!alt.includes('BusinessRepresentativeCredential') && !alt.includes('BusinessRegistrationCredential')) {
      invalid(`requiredCredentials[${i}]`, 'must include a business credential');
    }
  });
  if (!Array.isArray(p.acceptedFormats) || p.acceptedFormats.length === 0 || !p.acceptedFormats.every((f) => typeof f === 'string')) {
    invalid('acceptedFormats', 'must be a non-empty array of format names');
  }
  if (typeof p.trust !== 'object' || p.trust === null) invalid('trust', 'must be an object');
  subsetOf(p.trust.personIdentityJurisdictions, JURISDICTIONS, 'trust.personIdentityJurisdictions');
  if (![1, 2, 3, 4].includes(p.minimumAssuranceLevel)) invalid('minimumAssuranceLevel', 'must be 1, 2, 3 or 4');
  if (p.onInsufficientAssurance !== 'refer' && p.onInsufficientAssurance !== 'decline') invalid('onInsufficientAssurance', "must be 'refer' or 'decline'");
  if (p.maximumCredentialAge !== undefined && (typeof p.maximumCredentialAge !== 'string' || !parseDuration(p.maximumCredentialAge))) {
    invalid('maximumCredentialAge', 'must be an ISO 8601 duration of years, months, weeks and days (e.g. P1Y)');
  }
  if (p.onStaleCredential !== 'refer' && p.onStaleCredential !== 'decline') invalid('onStaleCredential', "must be 'refer' or 'decline'");
  subsetOf(p.eligibleBusinessTypes, ENTITY_TYPES, 'eligibleBusinessTypes');
  subsetOf(p.eligibleStatuses, BUSINESS_STATUSES, 'eligibleStatuses');
  subsetOf(p.signingAuthorityRoles, REPRESENTATIVE_ROLES, 'signingAuthorityRoles');
  if (p.selfAttestedRoles !== 'accept' && p.selfAttestedRoles !== 'refer') invalid('selfAttestedRoles', "must be 'accept' or 'refer'");
  if (typeof p.nameMatch !== 'object' || p.nameMatch === null || !['strict', 'normal', 'lenient'].includes(p.nameMatch.strictness)) {
    invalid('nameMatch.strictness', "must be 'strict', 'normal' or 'lenient'");
  }
  if (typeof p.requireHolderBinding !== 'boolean') invalid('requireHolderBinding', 'must be a boolean');
  if (typeof p.requireStatusCheck !== 'boolean') invalid('requireStatusCheck', 'must be a boolean');
  return p;
}

/** RFC 8785 (JCS) text of a JSON value. Throws `ERR_KYB_OPTIONS_INVALID` for values JSON cannot carry. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TrustBridgeError(KybErrorCodes.OPTIONS_INVALID, 'Value cannot be serialised as JSON.');
  return text;
}

/** `sha256:<hex>` of a string's UTF-8 bytes. */
export function sha256Hex(text: string): string {
  return 'sha256:' + createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Digest of a policy: SHA-256 over its JCS form. The audit record carries it. */
export function policyDigest(policy: KybPolicy): string {
  return sha256Hex(canonicalJson(policy));
}
