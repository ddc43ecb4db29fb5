/**
 * `evaluateKyb`: the bank's question (DESIGN.md "The bank's real question") answered from verified
 * credentials: is the business real and active, is the person who they claim at a sufficient level of
 * assurance, do they hold a role that signs for the business, are the issuers authorized for those
 * facts in that jurisdiction, is nothing revoked — and what FINTRAC still needs from elsewhere.
 *
 * Decision rules: any failed check of severity `decline` declines; otherwise any of severity `refer`
 * refers to a human; otherwise approve. Gaps never block and are always listed.
 */
import { TrustBridgeError, isObject, systemClock, type Clock, type DocumentLoader } from '@trustbridge/core';
import { createDidResolver } from '@trustbridge/did';
import { createDocumentLoader } from '@trustbridge/jsonld';
import type { Decision, TrustRegistryClient } from '@trustbridge/trust-registry';
import {
  verifyCredential,
  verifyPresentation,
  VcErrorCodes,
  type PipelineResult,
  type PresentationVerificationResult,
  type VerifyPresentationOptions,
} from '@trustbridge/vc';
import {
  fromSdJwtClaims,
  isVocabCredentialType,
  vocabContexts,
  type BusinessRegistrationSubject,
  type BusinessRepresentativeSubject,
  type EntityType,
  type PersonIdentitySubject,
  type VocabCredentialType,
} from '@trustbridge/vocab';
import { KybCodes, KybErrorCodes } from './codes.js';
import { compareNames, type NameComparisonResult, type PersonName } from './names.js';
import { addDuration, canonicalJson, policyDigest, sha256Hex, validateKybPolicy, type KybPolicy } from './policy.js';
import type { BilingualMessage, KybCheck, KybCredentialSummary, KybDecision, KybEvaluation, KybGap, KybSeverity } from './types.js';

/**
 * What to evaluate — one of:
 * - `presentation`: a presentation (object or JSON text), verified here with `verifyPresentation`;
 * - `verifiedPresentation`: the result of `verifyPresentation` already run by the caller;
 * - `credentials`: credentials (objects or JSON text), each verified here with `verifyCredential`;
 * - `verifiedCredentials`: results of `verifyCredential` already run by the caller.
 */
export type KybInput =
  | { presentation: unknown }
  | { verifiedPresentation: PresentationVerificationResult }
  | { credentials: unknown[] }
  | { verifiedCredentials: PipelineResult[] };

/** Options of {@link evaluateKyb}. */
export interface EvaluateKybOptions {
  /** The policy (validated; throws `ERR_KYB_POLICY_INVALID`). */
  policy: KybPolicy;
  /** Answers "may this issuer issue this type in this jurisdiction, as of issuance?". */
  trustClient: TrustRegistryClient;
  /** "Now" for credential age, registry queries and verification. Default: `verifyOptions.clock`, else the system clock. */
  clock?: Clock;
  /**
   * How to verify input that is not verified yet (`presentation`, `credentials`): the vc options
   * (`challenge` and `domain` for a presentation, `checkStatus`, `resolver`...). Default document
   * loader: the bundled contexts plus the vocabulary context.
   */
  verifyOptions?: VerifyPresentationOptions;
}

/** The credential facts the policy reads, whatever the format. */
interface Facts {
  index: number;
  result: PipelineResult;
  document?: Record<string, unknown>;
  type?: VocabCredentialType;
  issuer?: string;
  validFrom?: string;
  subject?: Record<string, unknown>;
  subjectId?: string;
}

const m = (en: string, fr: string): BilingualMessage => ({ en, fr });

const TYPE_NAMES: Record<string, BilingualMessage> = {
  BusinessRegistrationCredential: m('business registration credential', "attestation d'immatriculation d'entreprise"),
  BusinessRepresentativeCredential: m('business representative credential', "attestation de représentant d'entreprise"),
  PersonIdentityCredential: m('person identity credential', "attestation d'identité de la personne"),
  ProofOfAddressCredential: m('proof of address credential', "attestation d'adresse"),
};
const typeName = (type: string | undefined): BilingualMessage => (type && TYPE_NAMES[type]) || m('credential', 'attestation');

let defaultLoader: DocumentLoader | undefined;
function vocabLoader(): DocumentLoader {
  defaultLoader ??= createDocumentLoader({ extraContexts: vocabContexts as Record<string, unknown>, didResolver: createDidResolver() });
  return defaultLoader;
}

function optionsError(message: string): TrustBridgeError {
  return new TrustBridgeError(KybErrorCodes.OPTIONS_INVALID, message);
}

/** Verification options with the vocabulary-aware document loader as default. */
function verifyOptionsWithDefaults(options: VerifyPresentationOptions | undefined, clock: Clock): VerifyPresentationOptions {
  const o = { ...(options ?? {}) };
  if (o.documentLoader === undefined) {
    o.documentLoader = o.resolver === undefined ? vocabLoader() : createDocumentLoader({ extraContexts: vocabContexts as Record<string, unknown>, didResolver: o.resolver });
  }
  o.clock ??= clock;
  return o;
}

function partyId(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.id === 'string') return value.id;
  return undefined;
}

/** Reads type, issuer, dates and subject from a verified document of any supported format. */
function factsOf(result: PipelineResult, index: number): Facts {
  const facts: Facts = { index, result };
  let doc = isObject(result.document) ? (result.document as Record<string, unknown>) : undefined;
  if (doc && result.format === 'dc+sd-jwt') {
    try {
      doc = fromSdJwtClaims(doc) as unknown as Record<string, unknown>;
    } catch {
      return facts;
    }
  } else if (doc && isObject(doc.vc) && result.format === 'vc+jwt') {
    doc = doc.vc as Record<string, unknown>;
  }
  if (!doc) return facts;
  facts.document = doc;
  const types = Array.isArray(doc.type) ? doc.type : [doc.type];
  facts.type = types.find(isVocabCredentialType);
  const issuer = partyId(doc.issuer);
  if (issuer) facts.issuer = issuer;
  const validFrom = typeof doc.validFrom === 'string' ? doc.validFrom : typeof doc.issuanceDate === 'string' ? doc.issuanceDate : undefined;
  if (validFrom) facts.validFrom = validFrom;
  const subject = Array.isArray(doc.credentialSubject) ? doc.credentialSubject[0] : doc.credentialSubject;
  if (isObject(subject)) {
    facts.subject = subject as Record<string, unknown>;
    if (typeof subject.id === 'string') facts.subjectId = subject.id;
  }
  return facts;
}

function identifiersOf(f: Facts): Record<string, string> {
  const out: Record<string, string> = {};
  const s = f.subject;
  if (!s) return out;
  const business = (f.type === 'BusinessRepresentativeCredential' ? s.business : f.type === 'BusinessRegistrationCredential' ? s : undefined) as Record<string, unknown> | undefined;
  if (isObject(business)) {
    for (const k of ['jurisdiction', 'registrationNumber', 'businessNumber', 'programAccountNumber'] as const) {
      if (typeof business[k] === 'string') out[k] = business[k] as string;
    }
  }
  if (f.type === 'BusinessRepresentativeCredential' && typeof s.relationshipId === 'string') out.relationshipId = s.relationshipId;
  return out;
}

function digestOf(f: Facts): string | undefined {
  if (!f.result.document) return undefined;
  try {
    return sha256Hex(canonicalJson(f.result.document));
  } catch {
    return undefined;
  }
}

interface Builder {
  checks: KybCheck[];
  pass(id: string, code: string, message: BilingualMessage, details?: Record<string, unknown>): void;
  skip(id: string, code: string, message: BilingualMessage, details?: Record<string, unknown>): void;
  fail(id: string, code: string, severity: Exclude<KybSeverity, 'none'>, message: BilingualMessage, details?: Record<string, unknown>): void;
}

function builder(): Builder {
  const checks: KybCheck[] = [];
  const add = (c: KybCheck) => checks.push(c);
  return {
    checks,
    pass: (id, code, message, details) => add({ id, status: 'passed', code, severity: 'none', message, ...(details ? { details } : {}) }),
    skip: (id, code, message, details) => add({ id, status: 'skipped', code, severity: 'none', message, ...(details ? { details } : {}) }),
    fail: (id, code, severity, message, details) => add({ id, status: 'failed', code, severity, message, ...(details ? { details } : {}) }),
  };
}

const failedChecks = (r: PipelineResult) => r.checks.filter((c) => c.status === 'failed').map((c) => ({ id: c.id, ...(c.code ? { code: c.code } : {}) }));

/** The credential-verified check of one credential, from its vc result. */
function checkCredentialVerified(b: Builder, f: Facts, policy: KybPolicy): void {
  const name = typeName(f.type);
  const base = { index: f.index, ...(f.type ? { type: f.type } : {}), outcome: f.result.outcome };
  const r = f.result;
  if (r.verified) {
    const status = r.checks.find((c) => c.id === 'status');
    if (policy.requireStatusCheck && f.document?.credentialStatus !== undefined && status?.status !== 'passed') {
      b.fail('credential-verified', KybCodes.STATUS_NOT_CHECKED, 'refer', m(
        `The ${name.en} has a status entry, but its revocation status was not checked.`,
        `L'${name.fr} comporte une entrée de statut, mais son statut de révocation n'a pas été vérifié.`,
      ), base);
      return;
    }
    const checked = status?.status === 'passed';
    b.pass('credential-verified', KybCodes.CREDENTIAL_VERIFIED, m(
      `The ${name.en} is authentic and within its validity period; ${checked ? 'it is not revoked' : 'it has no revocation status entry'}.`,
      `L'${name.fr} est authentique et dans sa période de validité; ${checked ? "elle n'est pas révoquée" : "elle ne comporte pas d'entrée de statut de révocation"}.`,
    ), { ...base, checks: r.checks.map((c) => ({ id: c.id, status: c.status })) });
    return;
  }
  const failed = r.checks.filter((c) => c.status === 'failed');
  const nonStatus = failed.filter((c) => c.id !== 'status' && c.id !== 'trust');
  const statusCodes = r.problems.map((p) => p.code);
  const details = { ...base, failedChecks: failedChecks(r) };
  if (nonStatus.length > 0 || failed.length === 0) {
    b.fail('credential-verified', KybCodes.CREDENTIAL_NOT_VERIFIED, 'decline', m(
      `The ${name.en} failed verification (${nonStatus.map((c) => c.id).join(', ') || 'unknown'}).`,
      `L'${name.fr} n'a pas passé la vérification (${nonStatus.map((c) => c.id).join(', ') || 'inconnu'}).`,
    ), details);
  } else if (statusCodes.includes(VcErrorCodes.STATUS_REVOKED)) {
    b.fail('credential-verified', KybCodes.CREDENTIAL_REVOKED, 'decline', m(
      `The ${name.en} has been revoked by its issuer.`,
      `L'${name.fr} a été révoquée par son émetteur.`,
    ), details);
  } else if (statusCodes.includes(VcErrorCodes.STATUS_SUSPENDED)) {
    b.fail('credential-verified', KybCodes.CREDENTIAL_SUSPENDED, 'refer', m(
      `The ${name.en} is suspended by its issuer; a person must review the application.`,
      `L'${name.fr} est suspendue par son émetteur; une personne doit examiner la demande.`,
    ), details);
  } else if (r.outcome === 'refer') {
    b.fail('credential-verified', KybCodes.STATUS_UNAVAILABLE, 'refer', m(
      `The revocation status of the ${name.en} could not be retrieved; a person must review the application.`,
      `Le statut de révocation de l'${name.fr} n'a pas pu être obtenu; une personne doit examiner la demande.`,
    ), details);
  } else {
    b.fail('credential-verified', KybCodes.CREDENTIAL_NOT_VERIFIED, 'decline', m(
      `The revocation status of the ${name.en} is invalid.`,
      `Le statut de révocation de l'${name.fr} est invalide.`,
    ), details);
  }
}

/** The jurisdiction(s) to ask the registry about for a credential. */
function jurisdictionsOf(f: Facts, policy: KybPolicy): string[] {
  const s = f.subject ?? {};
  if (f.type === 'BusinessRegistrationCredential' && typeof s.jurisdiction === 'string') return [s.jurisdiction];
  if (f.type === 'BusinessRepresentativeCredential' && isObject(s.business) && typeof s.business.jurisdiction === 'string') return [s.business.jurisdiction];
  if (f.type === 'PersonIdentityCredential') return [...policy.trust.personIdentityJurisdictions];
  return [];
}

const SUSPENDED_REASONS = new Set(['TR_SUSPENDED', 'TR_RECOGNITION_SUSPENDED']);
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

async function checkIssuerTrusted(b: Builder, f: Facts, policy: KybPolicy, client: TrustRegistryClient, at: string): Promise<Decision | undefined> {
  const name = typeName(f.type);
  const base = { index: f.index, ...(f.type ? { type: f.type } : {}), ...(f.issuer ? { issuer: f.issuer } : {}) };
  if (!f.type || !f.issuer) {
    b.fail('issuer-trusted', KybCodes.ISSUER_NOT_TRUSTED, 'decline', m(
      'The issuer or type of a credential could not be read, so its issuer cannot be trusted.',
      "L'émetteur ou le type d'une attestation n'a pas pu être lu; son émetteur ne peut donc pas être reconnu.",
    ), base);
    return undefined;
  }
  const jurisdictions = jurisdictionsOf(f, policy);
  const issuedAt = f.validFrom && RFC3339.test(f.validFrom) ? f.validFrom : undefined;
  let chosen: Decision | undefined;
  let jurisdiction: string | undefined;
  try {
    for (const j of jurisdictions) {
      const d = await client.evaluate({ entity: f.issuer, action: 'issue', credentialType: f.type, jurisdiction: j, at, ...(issuedAt ? { issuedAt } : {}) });
      const better = !chosen || d.decision === 'trusted' || (d.decision === 'indeterminate' && chosen.decision === 'not-trusted');
      if (better) (chosen = d), (jurisdiction = j);
      if (d.decision === 'trusted') break;
    }
  } catch (error) {
    const code = (error as { code?: unknown })?.code;
    b.fail('issuer-trusted', KybCodes.TRUST_INDETERMINATE, 'refer', m(
      `The trust registry could not be asked about the issuer of the ${name.en}.`,
      `Le registre de confiance n'a pas pu être consulté au sujet de l'émetteur de l'${name.fr}.`,
    ), { ...base, ...(typeof code === 'string' ? { error: code } : {}) });
    return undefined;
  }
  if (!chosen) {
    b.fail('issuer-trusted', KybCodes.ISSUER_NOT_TRUSTED, 'decline', m(
      `The ${name.en} names no jurisdiction, so its issuer cannot be checked.`,
      `L'${name.fr} ne précise aucune juridiction; son émetteur ne peut donc pas être vérifié.`,
    ), base);
    return undefined;
  }
  const details = {
    ...base,
    jurisdiction,
    decision: chosen.decision,
    reasons: chosen.reasons.map((r) => r.code),
    path: chosen.path,
    snapshot: chosen.snapshot,
    ...(chosen.assuranceLevel !== undefined ? { assuranceLevel: chosen.assuranceLevel } : {}),
  };
  if (chosen.decision === 'trusted') {
    b.pass('issuer-trusted', KybCodes.ISSUER_TRUSTED, m(
      `The issuer of the ${name.en} is authorized by the trust registry to issue it for ${jurisdiction}.`,
      `L'émetteur de l'${name.fr} est autorisé par le registre de confiance à l'émettre pour ${jurisdiction}.`,
    ), details);
  } else if (chosen.decision === 'indeterminate') {
    b.fail('issuer-trusted', KybCodes.TRUST_INDETERMINATE, 'refer', m(
      `The trust registry could not decide whether the issuer of the ${name.en} is authorized (for example, its data is out of date).`,
      `Le registre de confiance n'a pas pu déterminer si l'émetteur de l'${name.fr} est autorisé (par exemple, ses données ne sont plus à jour).`,
    ), details);
  } else if (chosen.reasons.length > 0 && chosen.reasons.every((r) => SUSPENDED_REASONS.has(r.code))) {
    b.fail('issuer-trusted', KybCodes.ISSUER_SUSPENDED, 'refer', m(
      `The issuer of the ${name.en} is suspended in the trust registry; a person must review the application.`,
      `L'émetteur de l'${name.fr} est suspendu dans le registre de confiance; une personne doit examiner la demande.`,
    ), details);
  } else {
    b.fail('issuer-trusted', KybCodes.ISSUER_NOT_TRUSTED, 'decline', m(
      `The issuer of the ${name.en} is not authorized to issue it for ${jurisdictions.join(', ')}.`,
      `L'émetteur de l'${name.fr} n'est pas autorisé à l'émettre pour ${jurisdictions.join(', ')}.`,
    ), details);
  }
  return chosen;
}

function nameOf(s: Record<string, unknown> | undefined): PersonName | undefined {
  if (!s || typeof s.familyName !== 'string') return undefined;
  return { familyName: s.familyName, ...(typeof s.givenName === 'string' ? { givenName: s.givenName } : {}) };
}

const RANK: Record<string, number> = { match: 0, tolerated: 1, near: 2, mismatch: 3 };

/** The best match of `person` among `directors`. */
function bestDirector(person: PersonName, directors: unknown, policy: KybPolicy): (NameComparisonResult & { index: number }) | undefined {
  if (!Array.isArray(directors)) return undefined;
  let best: (NameComparisonResult & { index: number }) | undefined;
  directors.forEach((d, index) => {
    const n = nameOf(isObject(d) ? (d as Record<string, unknown>) : undefined);
    if (!n) return;
    const c = compareNames(person, n, policy.nameMatch.strictness);
    if (!best || RANK[c.result]! < RANK[best.result]!) best = { ...c, index };
  });
  return best;
}

function addGaps(gaps: KybGap[], business: { entityType?: EntityType; jurisdiction?: string }, registration: BusinessRegistrationSubject | undefined): void {
  const type = business.entityType;
  const corporate = type !== undefined && ['CORPORATION', 'BENEFIT_COMPANY', 'UNLIMITED_LIABILITY_COMPANY', 'COMMUNITY_CONTRIBUTION_COMPANY', 'COOPERATIVE', 'NOT_FOR_PROFIT', 'EXTRAPROVINCIAL_REGISTRATION'].includes(type);
  if (!registration?.registeredOfficeAddress) {
    gaps.push({
      id: 'registered-address',
      code: KybCodes.GAP_REGISTERED_ADDRESS,
      requirement: 'FINTRAC — confirming the existence of an entity: name and address',
      message: m(
        "The credentials do not give the business's registered address: obtain it from the registry (e.g. OrgBook BC) or ask for it.",
        "Les attestations ne donnent pas l'adresse du siège de l'entreprise : l'obtenir du registre (p. ex. OrgBook BC) ou la demander.",
      ),
    });
  }
  if (corporate && !(Array.isArray(registration?.directors) && registration.directors.length > 0)) {
    gaps.push({
      id: 'directors',
      code: KybCodes.GAP_DIRECTORS,
      requirement: 'FINTRAC — beneficial ownership: names of all directors of a corporation',
      message: m(
        "The credentials do not list the corporation's directors: obtain the list from the registry or a filing.",
        "Les attestations ne donnent pas la liste des administrateurs de la société : l'obtenir du registre ou d'un dépôt.",
      ),
    });
  }
  if (type !== 'SOLE_PROPRIETORSHIP') {
    gaps.push({
      id: 'beneficial-owners',
      code: KybCodes.GAP_BENEFICIAL_OWNERS,
      requirement: 'FINTRAC — beneficial ownership: names and addresses of persons who own or control 25 % or more; ownership, control and structure',
      message: m(
        'No credential covers beneficial owners (25 % or more) or the control structure: obtain a signed declaration and take reasonable measures to confirm it.',
        'Aucune attestation ne couvre les bénéficiaires effectifs (25 % ou plus) ni la structure de contrôle : obtenir une déclaration signée et prendre des mesures raisonnables pour la confirmer.',
      ),
    });
  }
  if (corporate && business.jurisdiction === 'CA') {
    gaps.push({
      id: 'isc-check',
      code: KybCodes.GAP_ISC_CHECK,
      condition: 'high-risk',
      requirement: 'FINTRAC — from 1 October 2025, CBCA corporations assessed as high risk: consult the Corporations Canada ISC register and report material discrepancies',
      message: m(
        'If this CBCA corporation is assessed as high risk, consult the Corporations Canada register of individuals with significant control.',
        'Si cette société régie par la LCSA est jugée à risque élevé, consulter le registre des particuliers ayant un contrôle important de Corporations Canada.',
      ),
    });
  }
  gaps.push({
    id: 'screening',
    code: KybCodes.GAP_SCREENING,
    requirement: 'FINTRAC — politically exposed persons, third-party determination and sanctions screening',
    message: m(
      'Credentials do not cover politically exposed person, third-party and sanctions screening: run them separately.',
      "Les attestations ne couvrent pas le filtrage des personnes politiquement exposées, des tiers et des sanctions : l'effectuer séparément.",
    ),
  });
}

function readInputs(input: KybInput): { kind: 'presentation' | 'verifiedPresentation' | 'credentials' | 'verifiedCredentials'; value: unknown } {
  if (!isObject(input)) throw optionsError('input must be an object with presentation, verifiedPresentation, credentials or verifiedCredentials.');
  const keys = (['presentation', 'verifiedPresentation', 'credentials', 'verifiedCredentials'] as const).filter((k) => k in input);
  if (keys.length !== 1) throw optionsError('input must have exactly one of presentation, verifiedPresentation, credentials or verifiedCredentials.');
  const kind = keys[0]!;
  const value = (input as Record<string, unknown>)[kind];
  if ((kind === 'credentials' || kind === 'verifiedCredentials') && !Array.isArray(value)) throw optionsError(`${kind} must be an array.`);
  if (kind === 'verifiedPresentation' && !(isObject(value) && Array.isArray(value.credentials) && Array.isArray(value.checks))) {
    throw optionsError('verifiedPresentation must be a verifyPresentation result.');
  }
  if (kind === 'verifiedCredentials' && !(value as unknown[]).every((r) => isObject(r) && Array.isArray(r.checks) && typeof r.verified === 'boolean')) {
    throw optionsError('verifiedCredentials must be verifyCredential results.');
  }
  return { kind, value };
}

/**
 * Evaluates a business onboarding application against a KYB policy. Untrusted input never throws:
 * failures are checks. Throws only for misuse: `ERR_KYB_POLICY_INVALID`, `ERR_KYB_OPTIONS_INVALID`
 * (and `ERR_VC_OPTIONS_INVALID` from `verifyPresentation`, e.g. without a `challenge`).
 *
 * Checks, in order: `required-credentials`, `presentation-verified`, per credential
 * `credential-format`, `credential-verified` and `issuer-trusted`; then `holder-binding`,
 * `business-identifier`, `business-status`, `business-type`, `name-match`, `signing-authority`,
 * `assurance-level`, `credential-age`.
 *
 * @example
 * ```ts
 * const evaluation = await evaluateKyb(
 *   { presentation: vp },
 *   { policy: bcBankKybPolicy, trustClient, clock, verifyOptions: { challenge: nonce, domain, checkStatus } },
 * );
 * evaluation.decision; // 'approve' | 'refer' | 'decline'
 * evaluation.reasons.map((c) => c.code);
 * ```
 */
export async function evaluateKyb(input: KybInput, options: EvaluateKybOptions): Promise<KybEvaluation> {
  if (!isObject(options)) throw optionsError('options must be an object.');
  const policy = validateKybPolicy(options.policy);
  if (!isObject(options.trustClient) || typeof options.trustClient.evaluate !== 'function') throw optionsError('trustClient must have an evaluate(query) function.');
  if (options.clock !== undefined && typeof options.clock !== 'function') throw optionsError('clock must be a function.');
  const clock = options.clock ?? options.verifyOptions?.clock ?? systemClock;
  const now = clock();
  const at = now.toISOString();
  const { kind, value } = readInputs(input);

  const b = builder();
  let presentation: PresentationVerificationResult | undefined;
  let results: PipelineResult[];
  const verifyOptions = () => verifyOptionsWithDefaults(options.verifyOptions, () => now);
  switch (kind) {
    case 'presentation':
      presentation = await verifyPresentation(value, verifyOptions());
      results = presentation.credentials;
      break;
    case 'verifiedPresentation':
      presentation = value as PresentationVerificationResult;
      results = presentation.credentials;
      break;
    case 'credentials': {
      const o = verifyOptions();
      const { challenge: _c, domain: _d, requireProof: _r, ...credentialOptions } = o;
      results = [];
      for (const c of value as unknown[]) results.push(await verifyCredential(c, credentialOptions));
      break;
    }
    default:
      results = value as PipelineResult[];
  }
  const facts = results.map(factsOf);

  // required-credentials
  const present = new Set(facts.map((f) => f.type).filter((t): t is VocabCredentialType => t !== undefined));
  const alternative = policy.requiredCredentials.findIndex((alt) => alt.every((t) => present.has(t)));
  if (alternative >= 0) {
    b.pass('required-credentials', KybCodes.CREDENTIALS_OK, m(
      'The credentials the policy requires were presented.',
      'Les attestations exigées par la politique ont été présentées.',
    ), { alternative, types: policy.requiredCredentials[alternative] });
  } else {
    const missing = policy.requiredCredentials.map((alt) => alt.filter((t) => !present.has(t)));
    b.fail('required-credentials', KybCodes.CREDENTIAL_MISSING, 'decline', m(
      `Required credentials are missing: ${missing.map((l) => l.join(' + ')).join(' or ')}.`,
      `Des attestations exigées manquent : ${missing.map((l) => l.join(' + ')).join(' ou ')}.`,
    ), { presented: [...present], missing });
  }

  // presentation-verified
  if (presentation) {
    const own = presentation.checks.filter((c) => c.id !== 'credentials');
    const failed = own.filter((c) => c.status === 'failed');
    if (failed.length === 0) {
      b.pass('presentation-verified', KybCodes.PRESENTATION_OK, m(
        "The presentation is authentic and answers the bank's challenge.",
        'La présentation est authentique et répond au défi de la banque.',
      ), { checks: own.map((c) => ({ id: c.id, status: c.status })) });
    } else {
      b.fail('presentation-verified', KybCodes.PRESENTATION_NOT_VERIFIED, 'decline', m(
        `The presentation failed verification (${failed.map((c) => c.id).join(', ')}).`,
        `La présentation n'a pas passé la vérification (${failed.map((c) => c.id).join(', ')}).`,
      ), { failedChecks: failed.map((c) => ({ id: c.id, ...(c.code ? { code: c.code } : {}) })) });
    }
  } else {
    b.skip('presentation-verified', KybCodes.PRESENTATION_SKIPPED, m(
      'No presentation was given: the credentials were evaluated on their own.',
      "Aucune présentation n'a été fournie : les attestations ont été évaluées seules.",
    ));
  }

  // Per credential: format, verification, trust.
  const decisions = new Map<number, Decision>();
  for (const f of facts) {
    const name = typeName(f.type);
    const format = f.result.format;
    if (format !== undefined && policy.acceptedFormats.includes(format)) {
      b.pass('credential-format', KybCodes.FORMAT_OK, m(`The ${name.en} is in an accepted format (${format}).`, `L'${name.fr} est dans un format accepté (${format}).`), { index: f.index, format });
    } else {
      b.fail('credential-format', KybCodes.FORMAT_NOT_ACCEPTED, 'decline', m(
        `The ${name.en} is not in a format the policy accepts (${format ?? 'unknown'}).`,
        `L'${name.fr} n'est pas dans un format accepté par la politique (${format ?? 'inconnu'}).`,
      ), { index: f.index, ...(format ? { format } : {}) });
    }
    checkCredentialVerified(b, f, policy);
    const d = await checkIssuerTrusted(b, f, policy, options.trustClient, at);
    if (d) decisions.set(f.index, d);
  }

  const first = (t: VocabCredentialType) => facts.find((f) => f.type === t);
  const registration = first('BusinessRegistrationCredential');
  const representative = first('BusinessRepresentativeCredential');
  const person = first('PersonIdentityCredential');
  const regSubject = registration?.subject as BusinessRegistrationSubject | undefined;
  const repSubject = representative?.subject as BusinessRepresentativeSubject | undefined;
  const personSubject = person?.subject as PersonIdentitySubject | undefined;

  // holder-binding: the presentation's holder proved possession, and is the subject of the person's credentials.
  {
    const subjects = [representative, person].filter((f): f is Facts => f !== undefined);
    const ids = subjects.map((f) => f.subjectId);
    const holderCheck = presentation?.checks.find((c) => c.id === 'holder-binding');
    const holder = typeof holderCheck?.details?.holder === 'string' ? holderCheck.details.holder : undefined;
    const distinct = new Set(ids);
    if (subjects.length > 0 && (ids.some((id) => id === undefined) || distinct.size > 1)) {
      b.fail('holder-binding', KybCodes.HOLDER_MISMATCH, 'decline', m(
        'The person and business credentials were not issued to the same holder.',
        "Les attestations de la personne et de l'entreprise n'ont pas été délivrées au même détenteur.",
      ), { subjects: ids.map((id) => id ?? null) });
    } else if (holder !== undefined && holderCheck?.status === 'passed' && subjects.length > 0 && ids[0] !== holder) {
      b.fail('holder-binding', KybCodes.HOLDER_MISMATCH, 'decline', m(
        'The credentials were presented by someone other than the person they were issued to.',
        "Les attestations ont été présentées par une autre personne que celle à qui elles ont été délivrées.",
      ), { holder, subject: ids[0] });
    } else if (holder !== undefined && holderCheck?.status === 'passed') {
      b.pass('holder-binding', KybCodes.HOLDER_OK, m(
        'The credentials were presented by the person they were issued to.',
        'Les attestations ont été présentées par la personne à qui elles ont été délivrées.',
      ), { holder });
    } else if (policy.requireHolderBinding) {
      b.fail('holder-binding', KybCodes.HOLDER_NOT_PROVEN, 'refer', m(
        'Nothing proves that the person presenting the credentials holds them (no signed presentation).',
        "Rien ne prouve que la personne qui présente les attestations en est le détenteur (aucune présentation signée).",
      ));
    } else {
      b.skip('holder-binding', KybCodes.HOLDER_SKIPPED, m(
        'Holder binding is not required by the policy and was not proven.',
        "La liaison au détenteur n'est pas exigée par la politique et n'a pas été prouvée.",
      ));
    }
  }

  // business-identifier
  const businesses: Array<{ index: number; jurisdiction?: string; registrationNumber?: string; businessNumber?: string; status?: string; entityType?: EntityType }> = [];
  if (regSubject && registration) businesses.push({ index: registration.index, ...regSubject });
  if (repSubject && representative && isObject(repSubject.business)) businesses.push({ index: representative.index, ...repSubject.business });
  if (businesses.length < 2) {
    b.skip('business-identifier', KybCodes.BUSINESS_ID_SKIPPED, m(
      'Only one credential describes the business: there is nothing to cross-check.',
      "Une seule attestation décrit l'entreprise : il n'y a rien à recouper.",
    ));
  } else {
    const [x, y] = businesses as [typeof businesses[0], typeof businesses[0]];
    const sameRegistration = x.jurisdiction === y.jurisdiction && x.registrationNumber === y.registrationNumber;
    const sameBn = x.businessNumber === undefined || y.businessNumber === undefined || x.businessNumber === y.businessNumber;
    const details = { registrationNumbers: businesses.map((v) => `${v.jurisdiction}:${v.registrationNumber}`), businessNumbers: businesses.map((v) => v.businessNumber ?? null) };
    if (sameRegistration && sameBn) {
      b.pass('business-identifier', KybCodes.BUSINESS_ID_MATCH, m(
        'The business credentials name the same business (registry number and business number).',
        "Les attestations d'entreprise désignent la même entreprise (numéro au registre et numéro d'entreprise).",
      ), details);
    } else {
      b.fail('business-identifier', KybCodes.BUSINESS_ID_MISMATCH, 'decline', m(
        'The business credentials name different businesses.',
        "Les attestations d'entreprise désignent des entreprises différentes.",
      ), details);
    }
  }

  // business-status and business-type, over every business credential.
  if (businesses.length > 0) {
    const inactive = businesses.filter((v) => !policy.eligibleStatuses.includes(v.status as never));
    if (inactive.length === 0) {
      b.pass('business-status', KybCodes.BUSINESS_ACTIVE, m('The business is active.', "L'entreprise est active."), { statuses: businesses.map((v) => v.status) });
    } else {
      b.fail('business-status', KybCodes.BUSINESS_NOT_ACTIVE, 'decline', m(
        `The business is not active (status ${inactive.map((v) => v.status).join(', ')}).`,
        `L'entreprise n'est pas active (statut ${inactive.map((v) => v.status).join(', ')}).`,
      ), { statuses: businesses.map((v) => v.status) });
    }
    const ineligible = businesses.filter((v) => !policy.eligibleBusinessTypes.includes(v.entityType as EntityType));
    if (ineligible.length === 0) {
      b.pass('business-type', KybCodes.BUSINESS_TYPE_OK, m('The type of business is eligible for this product.', "Le type d'entreprise est admissible à ce produit."), { entityTypes: businesses.map((v) => v.entityType) });
    } else {
      b.fail('business-type', KybCodes.BUSINESS_TYPE_NOT_ELIGIBLE, 'decline', m(
        `The type of business is not eligible for this product (${ineligible.map((v) => v.entityType).join(', ')}).`,
        `Le type d'entreprise n'est pas admissible à ce produit (${ineligible.map((v) => v.entityType).join(', ')}).`,
      ), { entityTypes: businesses.map((v) => v.entityType) });
    }
  } else {
    const none = m('No business credential was presented.', "Aucune attestation d'entreprise n'a été présentée.");
    b.skip('business-status', 'KYB_BUSINESS_STATUS_SKIPPED', none);
    b.skip('business-type', 'KYB_BUSINESS_TYPE_SKIPPED', none);
  }

  // name-match: the identified person is the representative (or, without one, a listed director).
  const personName = nameOf(personSubject as unknown as Record<string, unknown>);
  const repName = nameOf(repSubject as unknown as Record<string, unknown>);
  let directorMatch: (NameComparisonResult & { index: number }) | undefined;
  if (personName && regSubject?.directors) directorMatch = bestDirector(personName, regSubject.directors, policy);
  const nameTarget: { against: string; comparison: NameComparisonResult } | undefined =
    personName && repName
      ? { against: 'BusinessRepresentativeCredential', comparison: compareNames(personName, repName, policy.nameMatch.strictness) }
      : personName && directorMatch
        ? { against: 'BusinessRegistrationCredential.directors', comparison: directorMatch }
        : undefined;
  if (!nameTarget) {
    b.skip('name-match', KybCodes.NAME_SKIPPED, m(
      'There are not two credentials naming the person to compare.',
      "Il n'y a pas deux attestations nommant la personne à comparer.",
    ));
  } else {
    const { comparison, against } = nameTarget;
    const details = { against, result: comparison.result, rule: comparison.rule, strictness: policy.nameMatch.strictness };
    if (comparison.result === 'match' || comparison.result === 'tolerated') {
      b.pass('name-match', KybCodes.NAME_MATCH, m(
        `The identified person and the business representative have the same name${comparison.result === 'tolerated' ? ` (tolerated difference: ${comparison.rule})` : ''}.`,
        `La personne identifiée et le représentant de l'entreprise portent le même nom${comparison.result === 'tolerated' ? ` (écart toléré : ${comparison.rule})` : ''}.`,
      ), details);
    } else if (comparison.result === 'near') {
      b.fail('name-match', KybCodes.NAME_NEAR_MATCH, 'refer', m(
        `The names of the identified person and the business representative differ slightly (${comparison.rule}); a person must compare them.`,
        `Les noms de la personne identifiée et du représentant de l'entreprise diffèrent légèrement (${comparison.rule}); une personne doit les comparer.`,
      ), details);
    } else {
      b.fail('name-match', KybCodes.NAME_MISMATCH, 'decline', m(
        'The identified person and the business representative are not the same person.',
        "La personne identifiée et le représentant de l'entreprise ne sont pas la même personne.",
      ), details);
    }
  }

  // signing-authority
  {
    const grants = (roles: string[]) => roles.filter((r) => (policy.signingAuthorityRoles as string[]).includes(r));
    if (repSubject && Array.isArray(repSubject.roles)) {
      const granted = grants(repSubject.roles);
      const claimsDirector = granted.includes('DIRECTOR') && granted.length === 1;
      const listed = regSubject && Array.isArray(regSubject.directors) && regSubject.directors.length > 0;
      const directorOk = !claimsDirector || !listed || (directorMatch !== undefined && RANK[directorMatch.result]! <= RANK.tolerated!);
      const details = { roles: repSubject.roles, ...(repSubject.roleSource ? { roleSource: repSubject.roleSource } : {}), ...(directorMatch ? { directorMatch: directorMatch.result } : {}) };
      if (granted.length === 0) {
        b.fail('signing-authority', KybCodes.NO_SIGNING_AUTHORITY, 'decline', m(
          `The representative's role (${repSubject.roles.join(', ') || 'none'}) does not give signing authority for the business.`,
          `Le rôle du représentant (${repSubject.roles.join(', ') || 'aucun'}) ne donne pas le pouvoir de signature pour l'entreprise.`,
        ), details);
      } else if (!directorOk) {
        b.fail('signing-authority', KybCodes.NOT_A_DIRECTOR, 'decline', m(
          'The representative claims to be a director, but is not among the directors the registry lists.',
          "Le représentant se dit administrateur, mais ne figure pas parmi les administrateurs inscrits au registre.",
        ), details);
      } else if (repSubject.roleSource === 'SELF_ATTESTED' && policy.selfAttestedRoles === 'refer') {
        b.fail('signing-authority', KybCodes.ROLE_SELF_ATTESTED, 'refer', m(
          'The representative declared the role themself; a person must confirm the authority to sign.',
          'Le représentant a lui-même déclaré son rôle; une personne doit confirmer le pouvoir de signature.',
        ), details);
      } else {
        b.pass('signing-authority', KybCodes.SIGNING_AUTHORITY_OK, m(
          `The representative's role (${granted.join(', ')}) gives signing authority for the business.`,
          `Le rôle du représentant (${granted.join(', ')}) donne le pouvoir de signature pour l'entreprise.`,
        ), details);
      }
    } else if (regSubject && personName) {
      const isDirector = directorMatch !== undefined && RANK[directorMatch.result]! <= RANK.tolerated!;
      const details = { directorMatch: directorMatch?.result ?? 'none' };
      if (isDirector && (policy.signingAuthorityRoles as string[]).includes('DIRECTOR')) {
        b.pass('signing-authority', KybCodes.SIGNING_AUTHORITY_OK, m(
          'The identified person is a director listed by the registry, a role that gives signing authority.',
          "La personne identifiée est un administrateur inscrit au registre, rôle qui donne le pouvoir de signature.",
        ), details);
      } else {
        b.fail('signing-authority', isDirector ? KybCodes.NO_SIGNING_AUTHORITY : KybCodes.NOT_A_DIRECTOR, 'decline', m(
          'The identified person is not among the directors the registry lists.',
          "La personne identifiée ne figure pas parmi les administrateurs inscrits au registre.",
        ), details);
      }
    } else {
      b.fail('signing-authority', KybCodes.NO_SIGNING_AUTHORITY, 'decline', m(
        "No credential shows the person's role in the business.",
        "Aucune attestation n'indique le rôle de la personne dans l'entreprise.",
      ));
    }
  }

  // assurance-level: the credential's level, capped by what the registry lets its issuer assert.
  if (person && personSubject) {
    const asserted = typeof personSubject.assuranceLevel === 'number' ? personSubject.assuranceLevel : 0;
    const cap = decisions.get(person.index)?.assuranceLevel;
    const level = cap === undefined ? asserted : Math.min(asserted, cap);
    const details = { required: policy.minimumAssuranceLevel, asserted, ...(cap !== undefined ? { issuerMaximum: cap } : {}), level };
    if (level >= policy.minimumAssuranceLevel) {
      b.pass('assurance-level', KybCodes.ASSURANCE_OK, m(
        `The person's identity was verified at PCTF level ${level}, at least the required level ${policy.minimumAssuranceLevel}.`,
        `L'identité de la personne a été vérifiée au niveau ${level} du CCP, au moins le niveau exigé ${policy.minimumAssuranceLevel}.`,
      ), details);
    } else {
      b.fail('assurance-level', KybCodes.ASSURANCE_TOO_LOW, policy.onInsufficientAssurance, m(
        `The person's identity was verified at PCTF level ${level}, below the required level ${policy.minimumAssuranceLevel}.`,
        `L'identité de la personne a été vérifiée au niveau ${level} du CCP, sous le niveau exigé ${policy.minimumAssuranceLevel}.`,
      ), details);
    }
  } else {
    b.fail('assurance-level', KybCodes.ASSURANCE_TOO_LOW, 'decline', m(
      "No identity credential gives the person's level of assurance.",
      "Aucune attestation d'identité n'indique le niveau d'assurance de la personne.",
    ), { required: policy.minimumAssuranceLevel });
  }

  // credential-age
  if (policy.maximumCredentialAge === undefined) {
    b.skip('credential-age', KybCodes.AGE_SKIPPED, m('The policy sets no maximum credential age.', "La politique ne fixe pas d'âge maximal des attestations."));
  } else {
    const stale: Array<{ index: number; type?: string; validFrom: string | null }> = [];
    for (const f of facts) {
      const from = f.validFrom ? new Date(f.validFrom) : undefined;
      if (!from || Number.isNaN(from.getTime()) || addDuration(from, policy.maximumCredentialAge) < now) {
        stale.push({ index: f.index, ...(f.type ? { type: f.type } : {}), validFrom: f.validFrom ?? null });
      }
    }
    const details = { maximumCredentialAge: policy.maximumCredentialAge, ...(stale.length ? { stale } : {}) };
    if (stale.length === 0) {
      b.pass('credential-age', KybCodes.AGE_OK, m(
        `Every credential was issued within the maximum age (${policy.maximumCredentialAge}).`,
        `Chaque attestation a été délivrée dans l'âge maximal (${policy.maximumCredentialAge}).`,
      ), details);
    } else {
      b.fail('credential-age', KybCodes.CREDENTIAL_STALE, policy.onStaleCredential, m(
        `${stale.length === 1 ? 'A credential is' : `${stale.length} credentials are`} older than the maximum age (${policy.maximumCredentialAge}); the facts may have changed since.`,
        `${stale.length === 1 ? 'Une attestation est plus ancienne' : `${stale.length} attestations sont plus anciennes`} que l'âge maximal (${policy.maximumCredentialAge}); les faits ont pu changer depuis.`,
      ), details);
    }
  }

  // Gaps: what FINTRAC needs that the credentials do not carry.
  const gaps: KybGap[] = [];
  const business = businesses[0];
  addGaps(gaps, { ...(business?.entityType ? { entityType: business.entityType } : {}), ...(business?.jurisdiction ? { jurisdiction: business.jurisdiction } : {}) }, regSubject);

  const reasons = b.checks.filter((c) => c.status === 'failed' && c.severity !== 'none');
  const decision: KybDecision = reasons.some((c) => c.severity === 'decline') ? 'decline' : reasons.length > 0 ? 'refer' : 'approve';
  const credentials: KybCredentialSummary[] = facts.map((f) => {
    const status = f.result.checks.find((c) => c.id === 'status');
    const digest = digestOf(f);
    const trust = decisions.get(f.index);
    return {
      index: f.index,
      ...(f.type ? { type: f.type } : {}),
      ...(f.result.format ? { format: f.result.format } : {}),
      ...(f.issuer ? { issuer: f.issuer } : {}),
      ...(typeof f.document?.id === 'string' ? { id: f.document.id } : {}),
      ...(f.validFrom ? { validFrom: f.validFrom } : {}),
      identifiers: identifiersOf(f),
      ...(digest ? { digest } : {}),
      verified: f.result.verified,
      outcome: f.result.outcome,
      ...(status ? { status: { status: status.status, ...(status.code ? { code: status.code } : {}), ...(status.details?.outcome !== undefined ? { outcome: status.details.outcome } : {}) } } : {}),
      ...(trust ? { trust } : {}),
    };
  });
  return {
    decision,
    checks: b.checks,
    gaps,
    reasons,
    credentials,
    policy: { id: policy.id, version: policy.version, digest: policyDigest(policy) },
    evaluatedAt: at,
    ...(alternative >= 0 ? { satisfiedAlternative: alternative } : {}),
  };
}
