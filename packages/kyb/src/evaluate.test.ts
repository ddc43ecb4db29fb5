/**
 * evaluateKyb on the pilot storyline (research §7): real signatures from the trust-registry seed's
 * issuer keys, status lists signed by their issuers, presentations signed by the holders. Every
 * negative test asserts the decision and the failed checks' codes.
 */
import { describe, expect, it } from 'vitest';
import { fixedClock, isTrustBridgeError, type Clock } from '@trustbridge/core';
import type { RegistryState } from '@trustbridge/trust-registry';
import { bcBankKybPolicy, evaluateKyb, KybCodes, type KybEvaluation, type KybPolicy } from './index.js';
import { holders, issue, issuers, NOW, present, samples, StatusLists, trustClient, verifyOptions, type Party } from './test/pilot.js';

const clock = fixedClock(NOW);

interface Run {
  policy?: KybPolicy;
  clock?: Clock;
  registry?: (r: { hub: RegistryState; bc: RegistryState; ab: RegistryState; federal: RegistryState }) => void;
  lists?: StatusLists;
  asCredentials?: boolean;
  onRetrievalFailure?: 'reject' | 'refer';
}

async function evaluate(holder: Party, credentials: unknown[], run: Run = {}): Promise<KybEvaluation> {
  const c = run.clock ?? clock;
  const lists = run.lists ?? new StatusLists();
  const input = run.asCredentials ? { credentials } : { presentation: await present(holder, credentials) };
  return evaluateKyb(input, {
    policy: run.policy ?? bcBankKybPolicy,
    trustClient: trustClient(c, run.registry),
    clock: c,
    verifyOptions: verifyOptions(lists, c, run.onRetrievalFailure),
  });
}

const failedCodes = (e: KybEvaluation) => e.checks.filter((c) => c.status === 'failed').map((c) => c.code).sort();
const check = (e: KybEvaluation, id: string) => e.checks.filter((c) => c.id === id);

/** Maya Singh, BC sole proprietor: representative + person (+ registration), all from BC issuers. */
async function maya(options: {
  lists?: StatusLists;
  rep?: (s: Record<string, unknown>) => void;
  person?: (s: Record<string, unknown>) => void;
  registration?: boolean;
} = {}) {
  const lists = options.lists ?? new StatusLists();
  const rep = await issue(samples.bcSoleProprietorRepresentative, issuers.bcRegistries, {
    holder: holders.maya,
    status: lists,
    subject: (s) => {
      // As BC's Digital Business Card carries them: upper case.
      s.givenName = 'MAYA PREET';
      s.familyName = 'SINGH';
      options.rep?.(s);
    },
  });
  const person = await issue(samples.bcPersonIdentity, issuers.serviceBc, { holder: holders.maya, status: lists, ...(options.person ? { subject: options.person } : {}) });
  const credentials: unknown[] = [rep.vc, person.vc];
  if (options.registration) credentials.push((await issue(samples.bcSoleProprietorRegistration, issuers.bcRegistries, { status: lists })).vc);
  return { lists, rep, person, credentials };
}

describe('evaluateKyb: happy paths', () => {
  it('BC sole proprietor (representative + person + registration) → approve, every check listed in EN and FR', async () => {
    const { lists, credentials } = await maya({ registration: true });
    const e = await evaluate(holders.maya, credentials, { lists });
    expect(failedCodes(e)).toEqual([]);
    expect(e.decision).toBe('approve');
    expect(e.reasons).toEqual([]);
    expect([...new Set(e.checks.map((c) => c.id))]).toEqual([
      'required-credentials', 'presentation-verified', 'credential-format', 'credential-verified', 'issuer-trusted',
      'holder-binding', 'business-identifier', 'business-status', 'business-type', 'name-match', 'signing-authority', 'assurance-level', 'credential-age',
    ]);
    for (const c of e.checks) {
      expect(c.code).toMatch(/^KYB_[A-Z_]+$/);
      expect(c.message.en.length).toBeGreaterThan(10);
      expect(c.message.fr.length).toBeGreaterThan(10);
      expect(c.message.fr).not.toBe(c.message.en);
    }
    expect(check(e, 'credential-verified')).toHaveLength(3);
    const trust = check(e, 'issuer-trusted');
    expect(trust.map((c) => c.details?.decision)).toEqual(['trusted', 'trusted', 'trusted']);
    expect(trust[0]!.details?.snapshot).toMatchObject({ registry: 'did:web:hub.trust.pilot.example', digest: expect.stringMatching(/^sha256:/) });
    expect(trust[0]!.details?.path).toEqual(expect.arrayContaining([{ type: 'recognition', id: 'did:web:hub.trust.pilot.example#recognizes-bc' }]));
    expect(check(e, 'name-match')[0]!.details).toMatchObject({ result: 'match', rule: 'case-accents' });
    // A sole proprietorship with a registered address: only screening is left to collect.
    expect(e.gaps.map((g) => g.code)).toEqual([KybCodes.GAP_SCREENING]);
    expect(e.credentials.map((c) => c.status?.status)).toEqual(['passed', 'passed', 'passed']);
    expect(e.policy).toMatchObject({ id: bcBankKybPolicy.id, version: '1.0.0' });
  });

  it('BC sole proprietor without a registration credential → approve, the registered address is a gap', async () => {
    const { lists, credentials } = await maya();
    const e = await evaluate(holders.maya, credentials, { lists });
    expect(e.decision).toBe('approve');
    expect(check(e, 'business-identifier')[0]).toMatchObject({ status: 'skipped', code: KybCodes.BUSINESS_ID_SKIPPED });
    expect(e.gaps.map((g) => g.code)).toEqual([KybCodes.GAP_REGISTERED_ADDRESS, KybCodes.GAP_SCREENING]);
    expect(e.gaps.every((g) => g.message.en && g.message.fr)).toBe(true);
  });

  it('Alberta corporation: registration listing the director + person credential → approve; beneficial owners are a gap', async () => {
    const lists = new StatusLists();
    const reg = await issue(samples.albertaCorporationRegistration, issuers.alberta, { status: lists });
    const person = await issue(samples.bcPersonIdentity, issuers.serviceBc, {
      holder: holders.liam,
      status: lists,
      subject: (s) => Object.assign(s, { givenName: 'LIAM', familyName: 'TREMBLAY', birthDate: '1979-02-11' }),
    });
    const e = await evaluate(holders.liam, [reg.vc, person.vc], { lists });
    expect(failedCodes(e)).toEqual([]);
    expect(e.decision).toBe('approve');
    expect(e.satisfiedAlternative).toBe(1);
    expect(check(e, 'signing-authority')[0]).toMatchObject({ status: 'passed', details: { directorMatch: 'match' } });
    expect(check(e, 'issuer-trusted')[0]!.details).toMatchObject({ jurisdiction: 'CA-AB', decision: 'trusted' });
    expect(e.gaps.map((g) => g.code)).toEqual([KybCodes.GAP_BENEFICIAL_OWNERS, KybCodes.GAP_SCREENING]);
  });

  it('federal CBCA corporation: "ÉLOÏSE TREMBLAY-CÔTÉ" among the directors, BC-form "ELOISE TREMBLAY-COTE" → approve; ISC check is a conditional gap', async () => {
    const lists = new StatusLists();
    const reg = await issue(samples.federalCorporationRegistration, issuers.corporationsCanada, { status: lists });
    const person = await issue(samples.bcPersonIdentity, issuers.serviceBc, {
      holder: holders.eloise,
      status: lists,
      subject: (s) => Object.assign(s, { givenName: 'ELOISE', familyName: 'TREMBLAY-COTE' }),
    });
    const e = await evaluate(holders.eloise, [reg.vc, person.vc], { lists });
    expect(failedCodes(e)).toEqual([]);
    expect(e.decision).toBe('approve');
    expect(check(e, 'name-match')[0]!.details).toMatchObject({ against: 'BusinessRegistrationCredential.directors', result: 'match', rule: 'case-accents' });
    expect(e.gaps.map((g) => g.code)).toEqual([KybCodes.GAP_BENEFICIAL_OWNERS, KybCodes.GAP_ISC_CHECK, KybCodes.GAP_SCREENING]);
    expect(e.gaps.find((g) => g.id === 'isc-check')?.condition).toBe('high-risk');
  });
});

describe('evaluateKyb: declines', () => {
  it('dissolved business (credential reissued with the new status) → decline ERR_KYB_BUSINESS_NOT_ACTIVE', async () => {
    const { lists, credentials } = await maya({ rep: (s) => ((s.business as Record<string, unknown>).status = 'DISSOLVED') });
    const e = await evaluate(holders.maya, credentials, { lists });
    expect(e.decision).toBe('decline');
    expect(failedCodes(e)).toEqual([KybCodes.BUSINESS_NOT_ACTIVE]);
  });

  it('role removed: the representative credential is revoked → decline ERR_KYB_CREDENTIAL_REVOKED', async () => {
    const { lists, rep, credentials } = await maya();
    lists.revoke(rep.status!.url, rep.status!.index);
    const e = await evaluate(holders.maya, credentials, { lists });
    expect(e.decision).toBe('decline');
    expect(failedCodes(e)).toEqual([KybCodes.CREDENTIAL_REVOKED]);
    expect(e.reasons[0]!.details).toMatchObject({ type: 'BusinessRepresentativeCredential', failedChecks: [{ id: 'status', code: 'ERR_STATUS_REVOKED' }] });
    expect(e.credentials[0]!.status).toMatchObject({ status: 'failed', code: 'ERR_STATUS_REVOKED', outcome: 'revoked' });
  });

  it('person not a director: claims DIRECTOR of a benefit company whose registration lists other directors → decline ERR_KYB_NOT_A_DIRECTOR', async () => {
    const lists = new StatusLists();
    const business = { registrationNumber: 'BC1234567', legalName: 'SALISH SEA VENTURES LTD.', entityType: 'BENEFIT_COMPANY', entityTypeLabel: 'Benefit Company' };
    const reg = await issue(samples.bcSoleProprietorRegistration, issuers.bcRegistries, {
      status: lists,
      subject: (s) => Object.assign(s, business, { governingLegislation: 'Business Corporations Act (British Columbia)', directors: [{ givenName: 'Ada', familyName: 'Lovelace' }, { givenName: 'Grace', familyName: 'Hopper' }] }),
    });
    const { credentials } = await maya({ lists, rep: (s) => Object.assign(s, { roles: ['DIRECTOR'], roleSource: 'SELF_ATTESTED', business: { ...(s.business as object), ...business } }) });
    const e = await evaluate(holders.maya, [...credentials, reg.vc], { lists });
    expect(e.decision).toBe('decline');
    expect(failedCodes(e)).toEqual([KybCodes.NOT_A_DIRECTOR]);
    expect(check(e, 'signing-authority')[0]!.details).toMatchObject({ roles: ['DIRECTOR'], directorMatch: 'mismatch' });
  });

  it('person not a director of a federal corporation (registration path) → decline ERR_KYB_NOT_A_DIRECTOR and ERR_KYB_NAME_MISMATCH', async () => {
    const lists = new StatusLists();
    const reg = await issue(samples.federalCorporationRegistration, issuers.corporationsCanada, { status: lists });
    const person = await issue(samples.bcPersonIdentity, issuers.serviceBc, { holder: holders.other, status: lists, subject: (s) => Object.assign(s, { givenName: 'MARC', familyName: 'DUBOIS' }) });
    const e = await evaluate(holders.other, [reg.vc, person.vc], { lists });
    expect(e.decision).toBe('decline');
    expect(failedCodes(e)).toEqual([KybCodes.NAME_MISMATCH, KybCodes.NOT_A_DIRECTOR].sort());
  });

  it('a role without signing authority (Incorporator) → decline ERR_KYB_NO_SIGNING_AUTHORITY', async () => {
    const { lists, credentials } = await maya({ rep: (s) => (s.roles = ['INCORPORATOR']) });
    const e = await evaluate(holders.maya, credentials, { lists });
    expect(e.decision).toBe('decline');
    expect(failedCodes(e)).toEqual([KybCodes.NO_SIGNING_AUTHORITY]);
  });

  it('name mismatch between the person and the representative → decline ERR_KYB_NAME_MISMATCH', async () => {
    const { lists, credentials } = await maya({ person: (s) => Object.assign(s, { givenName: 'John', familyName: 'Smith' }) });
    const e = await evaluate(holders.maya, credentials, { lists });
    expect(e.decision).toBe('decline');
    expect(failedCodes(e)).toEqual([KybCodes.NAME_MISMATCH]);
    expect(check(e, 'name-match')[0]!.details).toMatchObject({ result: 'mismatch', rule: 'different' });
  });

  it('issuer not authorized for the jurisdiction (Alberta registry, Saskatchewan business) → decline ERR_KYB_ISSUER_NOT_TRUSTED', async () => {
    const lists = new StatusLists();
    const reg = await issue(samples.albertaCorporationRegistration, issuers.alberta, { status: lists, subject: (s) => (s.jurisdiction = 'CA-SK') });
    const person = await issue(samples.bcPersonIdentity, issuers.serviceBc, { holder: holders.liam, status: lists, subject: (s) => Object.assign(s, { givenName: 'LIAM', familyName: 'TREMBLAY' }) });
    const e = await evaluate(holders.liam, [reg.vc, person.vc], { lists });
    expect(e.decision).toBe('decline');
    expect(failedCodes(e)).toEqual([KybCodes.ISSUER_NOT_TRUSTED]);
    expect(e.reasons[0]!.details).toMatchObject({ jurisdiction: 'CA-SK', decision: 'not-trusted', reasons: expect.arrayContaining(['TR_RECOGNITION_SCOPE']) });
  });

  it('an issuer not authorized for the type (Corporations Canada issuing a representative credential) → decline ERR_KYB_ISSUER_NOT_TRUSTED', async () => {
    const lists = new StatusLists();
    const rep = await issue(samples.federalDirectorRepresentative, issuers.corporationsCanada, { holder: holders.eloise, status: lists });
    const person = await issue(samples.bcPersonIdentity, issuers.serviceBc, { holder: holders.eloise, status: lists, subject: (s) => Object.assign(s, { givenName: 'ELOISE', familyName: 'TREMBLAY-COTE' }) });
    const e = await evaluate(holders.eloise, [rep.vc, person.vc], { lists });
    expect(e.decision).toBe('decline');
    expect(failedCodes(e)).toEqual([KybCodes.ISSUER_NOT_TRUSTED]);
    expect(e.reasons[0]!.details).toMatchObject({ type: 'BusinessRepresentativeCredential', decision: 'not-trusted' });
  });

  it('a credential changed after signing → decline ERR_KYB_CREDENTIAL_NOT_VERIFIED (and the presentation fails too)', async () => {
    const { lists, credentials } = await maya();
    ((credentials[0] as { credentialSubject: { roles: string[] } }).credentialSubject.roles = ['PARTNER']);
    const e = await evaluate(holders.maya, credentials, { lists });
    expect(e.decision).toBe('decline');
    expect(failedCodes(e)).toEqual([KybCodes.CREDENTIAL_NOT_VERIFIED]);
    expect(e.reasons[0]!.details).toMatchObject({ failedChecks: [{ id: 'proof' }] });
  });

  it('a credential missing from the presentation → decline ERR_KYB_CREDENTIAL_MISSING', async () => {
    const { lists, credentials } = await maya();
    const e = await evaluate(holders.maya, [credentials[0]], { lists });
    expect(e.decision).toBe('decline');
    expect(failedCodes(e)).toContain(KybCodes.CREDENTIAL_MISSING);
    expect(check(e, 'required-credentials')[0]!.details).toMatchObject({ missing: [['PersonIdentityCredential'], ['BusinessRegistrationCredential', 'PersonIdentityCredential']] });
  });

  it('person and representative credentials bound to different holders → decline ERR_KYB_HOLDER_MISMATCH', async () => {
    const { lists, credentials } = await maya({ person: (s) => (s.id = holders.other.did) });
    const e = await evaluate(holders.maya, credentials, { lists });
    expect(e.decision).toBe('decline');
    expect(failedCodes(e)).toEqual([KybCodes.HOLDER_MISMATCH]);
  });

  it('an ineligible business type (limited partnership) → decline ERR_KYB_BUSINESS_TYPE_NOT_ELIGIBLE', async () => {
    const { lists, credentials } = await maya({ rep: (s) => Object.assign(s, { roles: ['PARTNER'], business: { ...(s.business as object), entityType: 'LIMITED_PARTNERSHIP' } }) });
    const e = await evaluate(holders.maya, credentials, { lists });
    expect(e.decision).toBe('decline');
    expect(failedCodes(e)).toEqual([KybCodes.BUSINESS_TYPE_NOT_ELIGIBLE]);
  });
});

describe('evaluateKyb: names (accents, punctuation, truncation, mononyms)', () => {
  it.each([
    ['Éloïse Tremblay-Côté vs ELOISE TREMBLAY-COTE', { givenName: 'ÉLOÏSE', familyName: 'TREMBLAY-CÔTÉ' }, { givenName: 'Éloïse', familyName: 'Tremblay-Côté' }, 'normal', 'approve', 'case-accents'],
    ["O'Brien vs OBRIEN (normal)", { givenName: 'SEAN', familyName: 'OBRIEN' }, { givenName: 'Sean', familyName: "O'Brien" }, 'normal', 'approve', 'punctuation'],
    ["O'Brien vs OBRIEN (strict)", { givenName: 'SEAN', familyName: 'OBRIEN' }, { givenName: 'Sean', familyName: "O'Brien" }, 'strict', 'refer', 'punctuation'],
    ['BC truncation: three given names kept of four', { givenName: 'MARIE ANNE SOPHIE', familyName: 'ROY' }, { givenName: 'Marie Anne Sophie Louise', familyName: 'Roy' }, 'normal', 'approve', 'bc-truncation'],
    ['BC truncation: a given name cut to 15 characters', { givenName: 'MAXIMILIANBARTH', familyName: 'ROY' }, { givenName: 'Maximilianbartholomew', familyName: 'Roy' }, 'normal', 'approve', 'bc-truncation'],
    ['mononym on both sides', { familyName: 'KALANI' }, { familyName: 'Kalani' }, 'normal', 'approve', 'case-accents'],
    ['mononym against a full name', { familyName: 'KALANI' }, { givenName: 'Lani', familyName: 'Kalani' }, 'normal', 'refer', 'mononym'],
    ['a missing middle name (normal)', { givenName: 'MAYA', familyName: 'SINGH' }, { givenName: 'Maya Preet', familyName: 'Singh' }, 'normal', 'refer', 'middle-names'],
    ['a missing middle name (lenient)', { givenName: 'MAYA', familyName: 'SINGH' }, { givenName: 'Maya Preet', familyName: 'Singh' }, 'lenient', 'approve', 'middle-names'],
    ['one letter off', { givenName: 'MAYA PREET', familyName: 'SINGH' }, { givenName: 'Maya Preet', familyName: 'Sing' }, 'normal', 'refer', 'edit-distance'],
  ] as const)('%s → %s', async (_label, repName, personName, strictness, decision, rule) => {
    const { lists, credentials } = await maya({
      rep: (s) => { delete s.givenName; Object.assign(s, repName); },
      person: (s) => { delete s.givenName; Object.assign(s, personName); },
    });
    const e = await evaluate(holders.maya, credentials, { lists, policy: { ...bcBankKybPolicy, nameMatch: { strictness } } });
    expect(e.decision).toBe(decision);
    expect(failedCodes(e)).toEqual(decision === 'approve' ? [] : [KybCodes.NAME_NEAR_MATCH]);
    expect(check(e, 'name-match')[0]!.details).toMatchObject({ rule });
  });
});

describe('evaluateKyb: refers', () => {
  it('insufficient assurance (level 2) → refer ERR_KYB_ASSURANCE_TOO_LOW under the pilot policy; decline when the policy says so', async () => {
    const { lists, credentials } = await maya({ person: (s) => (s.assuranceLevel = 2) });
    const e = await evaluate(holders.maya, credentials, { lists });
    expect(e.decision).toBe('refer');
    expect(failedCodes(e)).toEqual([KybCodes.ASSURANCE_TOO_LOW]);
    expect(check(e, 'assurance-level')[0]!.details).toMatchObject({ required: 3, asserted: 2, issuerMaximum: 3, level: 2 });
    const strict = await evaluate(holders.maya, credentials, { lists, policy: { ...bcBankKybPolicy, onInsufficientAssurance: 'decline' } });
    expect(strict.decision).toBe('decline');
    expect(failedCodes(strict)).toEqual([KybCodes.ASSURANCE_TOO_LOW]);
  });

  it('a level above what the registry lets the issuer assert is capped (asserted 4, issuer maximum 3, policy 4) → refer', async () => {
    const { lists, credentials } = await maya({ person: (s) => (s.assuranceLevel = 4) });
    const e = await evaluate(holders.maya, credentials, { lists, policy: { ...bcBankKybPolicy, minimumAssuranceLevel: 4 } });
    expect(e.decision).toBe('refer');
    expect(check(e, 'assurance-level')[0]).toMatchObject({ code: KybCodes.ASSURANCE_TOO_LOW, details: { asserted: 4, issuerMaximum: 3, level: 3 } });
  });

  it('issuer suspended in the BC registry → refer ERR_KYB_ISSUER_SUSPENDED', async () => {
    const { lists, credentials } = await maya();
    const e = await evaluate(holders.maya, credentials, {
      lists,
      registry: (r) => r.bc.authorizations.find((a) => a.id.endsWith('#authz-bcreg-business'))!.history.push({ status: 'suspended', at: '2025-05-01T00:00:00Z' }),
    });
    expect(e.decision).toBe('refer');
    expect(failedCodes(e)).toEqual([KybCodes.ISSUER_SUSPENDED]);
    expect(e.reasons[0]!.details).toMatchObject({ decision: 'not-trusted', reasons: ['TR_SUSPENDED'] });
  });

  it('stale credential (older than P1Y) → refer ERR_KYB_CREDENTIAL_STALE; decline when the policy says so', async () => {
    // The person credential is reissued recently; the Digital Business Card is 13 months old.
    const later = fixedClock('2026-04-01T00:00:00Z');
    const { lists, credentials } = await maya({ person: () => undefined });
    const person = await issue(samples.bcPersonIdentity, issuers.serviceBc, { holder: holders.maya, status: lists, validFrom: '2026-03-01T00:00:00Z' });
    credentials[1] = person.vc;
    const e = await evaluate(holders.maya, credentials, { lists, clock: later });
    expect(e.decision).toBe('refer');
    expect(failedCodes(e)).toEqual([KybCodes.CREDENTIAL_STALE]);
    expect(check(e, 'credential-age')[0]!.details).toMatchObject({ stale: [{ index: 0, type: 'BusinessRepresentativeCredential', validFrom: '2025-03-01T00:00:00Z' }] });
    const strict = await evaluate(holders.maya, credentials, { lists, clock: later, policy: { ...bcBankKybPolicy, onStaleCredential: 'decline' } });
    expect(strict.decision).toBe('decline');
    expect(failedCodes(strict)).toEqual([KybCodes.CREDENTIAL_STALE]);
  });

  it('status list unreachable (verifier chose refer) → refer ERR_KYB_STATUS_UNAVAILABLE; with reject → decline', async () => {
    const { lists, credentials } = await maya();
    lists.unreachable = true;
    const e = await evaluate(holders.maya, credentials, { lists });
    expect(e.decision).toBe('refer');
    expect(failedCodes(e)).toEqual([KybCodes.STATUS_UNAVAILABLE, KybCodes.STATUS_UNAVAILABLE]);
    const rejected = await evaluate(holders.maya, credentials, { lists, onRetrievalFailure: 'reject' });
    expect(rejected.decision).toBe('decline');
    expect(failedCodes(rejected)).toEqual([KybCodes.CREDENTIAL_NOT_VERIFIED, KybCodes.CREDENTIAL_NOT_VERIFIED]);
  });

  it('stale registry data (trust indeterminate) → refer ERR_KYB_TRUST_INDETERMINATE', async () => {
    const { lists, credentials } = await maya();
    const e = await evaluateKyb(
      { presentation: await present(holders.maya, credentials) },
      {
        policy: bcBankKybPolicy,
        trustClient: { evaluate: async () => { throw Object.assign(new Error('registry down'), { code: 'ERR_HTTP_UNAVAILABLE' }); } },
        clock,
        verifyOptions: verifyOptions(lists, clock),
      },
    );
    expect(e.decision).toBe('refer');
    expect(failedCodes(e)).toEqual([KybCodes.TRUST_INDETERMINATE, KybCodes.TRUST_INDETERMINATE]);
    expect(e.reasons[0]!.details).toMatchObject({ error: 'ERR_HTTP_UNAVAILABLE' });
  });

  it('credentials handed over without a presentation → refer ERR_KYB_HOLDER_NOT_PROVEN; approve when the policy does not require holder binding', async () => {
    const { lists, credentials } = await maya();
    const e = await evaluate(holders.maya, credentials, { lists, asCredentials: true });
    expect(e.decision).toBe('refer');
    expect(failedCodes(e)).toEqual([KybCodes.HOLDER_NOT_PROVEN]);
    expect(check(e, 'presentation-verified')[0]).toMatchObject({ status: 'skipped', code: KybCodes.PRESENTATION_SKIPPED });
    const relaxed = await evaluate(holders.maya, credentials, { lists, asCredentials: true, policy: { ...bcBankKybPolicy, requireHolderBinding: false } });
    expect(relaxed.decision).toBe('approve');
    expect(check(relaxed, 'holder-binding')[0]).toMatchObject({ status: 'skipped', code: KybCodes.HOLDER_SKIPPED });
  });

  it('a status entry that was never checked (no checkStatus) → refer ERR_KYB_STATUS_NOT_CHECKED', async () => {
    const { credentials } = await maya();
    const e = await evaluateKyb({ presentation: await present(holders.maya, credentials) }, {
      policy: bcBankKybPolicy,
      trustClient: trustClient(clock),
      clock,
      verifyOptions: { challenge: 'kyb-nonce-7f3a9c', domain: 'https://maplebank.pilot.example' },
    });
    expect(e.decision).toBe('refer');
    expect(failedCodes(e)).toEqual([KybCodes.STATUS_NOT_CHECKED, KybCodes.STATUS_NOT_CHECKED]);
  });

  it('a self-attested role refers when the policy asks for it → ERR_KYB_ROLE_SELF_ATTESTED', async () => {
    const { lists, credentials } = await maya({ rep: (s) => (s.roleSource = 'SELF_ATTESTED') });
    const e = await evaluate(holders.maya, credentials, { lists, policy: { ...bcBankKybPolicy, selfAttestedRoles: 'refer' } });
    expect(e.decision).toBe('refer');
    expect(failedCodes(e)).toEqual([KybCodes.ROLE_SELF_ATTESTED]);
  });
});

describe('evaluateKyb: misuse throws', () => {
  it('an invalid policy → ERR_KYB_POLICY_INVALID naming the field', async () => {
    const error = await evaluateKyb({ verifiedCredentials: [] }, { policy: { ...bcBankKybPolicy, minimumAssuranceLevel: 5 as never }, trustClient: trustClient(clock), clock }).catch((e: unknown) => e);
    expect(isTrustBridgeError(error, 'ERR_KYB_POLICY_INVALID')).toBe(true);
    expect((error as { details: { field: string } }).details.field).toBe('minimumAssuranceLevel');
  });

  it('an input with two kinds, or no trust client → ERR_KYB_OPTIONS_INVALID', async () => {
    const e1 = await evaluateKyb({ credentials: [], verifiedCredentials: [] } as never, { policy: bcBankKybPolicy, trustClient: trustClient(clock), clock }).catch((e: unknown) => e);
    expect(isTrustBridgeError(e1, 'ERR_KYB_OPTIONS_INVALID')).toBe(true);
    const e2 = await evaluateKyb({ credentials: [] }, { policy: bcBankKybPolicy, trustClient: {} as never, clock }).catch((e: unknown) => e);
    expect(isTrustBridgeError(e2, 'ERR_KYB_OPTIONS_INVALID')).toBe(true);
  });
});
