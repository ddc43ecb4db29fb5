import { describe, expect, it } from 'vitest';
import { TrustBridgeError, fixedClock } from '@trustbridge/core';
import { buildTrustIndex, findEntity } from './trust-index.js';
import { createOfflineTrustRegistryClient, evaluate, type TrustQuery } from './evaluate.js';
import { seedPilotRegistries, PilotCredentialTypes as T } from './seed.js';
import { appendStatusEvent } from './validate.js';
import type { RegistryState } from './model.js';

const AT = '2025-06-01T00:00:00Z';

function setup(mutate?: (s: ReturnType<typeof seedPilotRegistries>) => void) {
  const seed = seedPilotRegistries();
  mutate?.(seed);
  return { seed, index: buildTrustIndex([seed.registries.hub, seed.registries.bc, seed.registries.ab, seed.registries.federal], { root: seed.root }) };
}

const codes = (d: { reasons: { code: string }[] }) => d.reasons.map((r) => r.code);

function bcIssue(seed: ReturnType<typeof seedPilotRegistries>, extra: Partial<TrustQuery> = {}): TrustQuery {
  return { entity: seed.entities.bcRegistries, action: 'issue', credentialType: T.BusinessRegistration, jurisdiction: 'CA-BC', at: AT, ...extra };
}

function authz(state: RegistryState, suffix: string) {
  const a = state.authorizations.find((x) => x.id.endsWith(suffix));
  if (!a) throw new Error(`no authorization ${suffix}`);
  return a;
}

describe('evaluate: direct and across the hub', () => {
  it('trusts BC Registries for a BC business credential through the hub, with the path and snapshots', () => {
    const { seed, index } = setup();
    const d = evaluate(index, bcIssue(seed, { minimumAssuranceLevel: 3 }));
    expect(d.decision).toBe('trusted');
    expect(d.reasons).toEqual([]);
    expect(d.path.map((p) => p.type)).toEqual(['registry', 'recognition', 'registry', 'authorization']);
    expect(d.path[2]!.id).toBe(seed.registries.bc.registry.id);
    expect(d.assuranceLevel).toBe(3);
    expect(d.snapshot.registry).toBe(seed.root);
    expect(d.snapshot.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(d.snapshots.map((s) => s.registry)).toEqual([seed.root, seed.registries.bc.registry.id]);
    expect(d.governanceFramework?.version).toBe('1.1');
  });

  it('finds an entity by every identifier form: unqualified Indy DID, did:sov, did:indy, did:web alias, BN9, BN15, registry number', () => {
    const { seed, index } = setup();
    for (const entity of ['AcZpBDz3oxmKrpcuPcdKai', 'did:sov:AcZpBDz3oxmKrpcuPcdKai', 'did:indy:candy:prod:AcZpBDz3oxmKrpcuPcdKai', 'did:web:bcregistries.pilot.example']) {
      expect(evaluate(index, bcIssue(seed, { entity })).decision).toBe('trusted');
    }
    expect(findEntity(index, '870000001')[0]?.entity.id).toBe(seed.entities.mapleBank);
    expect(findEntity(index, '870000001RC0001')[0]?.entity.id).toBe(seed.entities.mapleBank);
    expect(findEntity(index, 'bc 0012345')[0]?.entity.id).toBe(seed.entities.prairieBank);
    expect(findEntity(index, 'did:web:unknown.example')).toEqual([]);
  });

  it('Service BC is trusted for person identity at level 3 but not 4', () => {
    const { seed, index } = setup();
    const q: TrustQuery = { entity: seed.entities.serviceBc, action: 'issue', credentialType: T.PersonIdentity, jurisdiction: 'CA-BC', minimumAssuranceLevel: 3, at: AT };
    expect(evaluate(index, q).decision).toBe('trusted');
    const d = evaluate(index, { ...q, minimumAssuranceLevel: 4 });
    expect(d.decision).toBe('not-trusted');
    expect(codes(d)).toEqual(['TR_ASSURANCE_TOO_LOW']);
  });

  it('unknown entity → TR_ENTITY_UNKNOWN', () => {
    const { seed, index } = setup();
    const d = evaluate(index, bcIssue(seed, { entity: 'did:web:nobody.example' }));
    expect(d.decision).toBe('not-trusted');
    expect(codes(d)).toEqual(['TR_ENTITY_UNKNOWN']);
  });

  it('wrong type, wrong jurisdiction, wrong action', () => {
    const { seed, index } = setup();
    // PersonIdentityCredential is inside the hub's recognition of BC, but BC Registries is not authorized for it.
    expect(codes(evaluate(index, bcIssue(seed, { credentialType: T.PersonIdentity })))).toEqual(['TR_NOT_AUTHORIZED_TYPE']);
    // A type outside the recognition's scope stops at the recognition.
    expect(codes(evaluate(index, bcIssue(seed, { credentialType: 'DriversLicence' })))).toEqual(['TR_RECOGNITION_SCOPE']);
    // The hub recognizes BC only for CA-BC, so an Alberta subject is out of the recognition's scope.
    expect(codes(evaluate(index, bcIssue(seed, { jurisdiction: 'CA-AB' })))).toEqual(['TR_RECOGNITION_SCOPE']);
    expect(codes(evaluate(index, { entity: seed.entities.bcRegistries, action: 'verify', credentialType: T.BusinessRegistration, at: AT }))).toEqual(['TR_RECOGNITION_SCOPE']);
  });

  it('jurisdiction rule: a federal grant (CA) does not cover a province', () => {
    const { seed, index } = setup((s) => {
      s.registries.hub.recognitions.find((r) => r.recognizes === s.registries.federal.registry.id)!.scope.jurisdictions = ['CA', 'CA-*'];
    });
    const q: TrustQuery = { entity: seed.entities.corporationsCanada, action: 'issue', credentialType: T.BusinessRegistration, jurisdiction: 'CA', at: AT };
    expect(evaluate(index, q).decision).toBe('trusted');
    expect(codes(evaluate(index, { ...q, jurisdiction: 'CA-ON' }))).toEqual(['TR_NOT_AUTHORIZED_JURISDICTION']);
  });

  it('rejects malformed queries with ERR_TR_QUERY_INVALID', () => {
    const { seed, index } = setup();
    const bad: Array<Partial<TrustQuery>> = [{ at: '2025-06-01' }, { action: 'sign' as never }, { jurisdiction: undefined }, { jurisdiction: 'British Columbia' }, { credentialType: undefined }, { issuedAt: 'yesterday' }, { minimumAssuranceLevel: 5 as never }];
    for (const b of bad) {
      const q = { ...bcIssue(seed), ...b };
      expect(() => evaluate(index, q), JSON.stringify(b)).toThrowError(expect.objectContaining({ code: 'ERR_TR_QUERY_INVALID' }) as never);
    }
  });
});

describe('evaluate: point in time', () => {
  const issued = '2025-03-01T00:00:00Z';
  const revokedAt = '2025-05-01T00:00:00Z';

  it('authorized then, revoked now: a credential issued before revocation stays trusted, with a notice', () => {
    const { seed, index } = setup((s) => {
      const a = authz(s.registries.bc, '#authz-bcreg-business');
      a.history = appendStatusEvent(a.history, { status: 'revoked', at: revokedAt, reason: 'issuer withdrawn' });
    });
    const d = evaluate(index, bcIssue(seed, { issuedAt: issued }));
    expect(d.decision).toBe('trusted');
    expect(d.notices.map((n) => n.code)).toEqual(['TR_ENDED_AFTER_ISSUANCE']);
    // A credential issued after the revocation is not.
    const late = evaluate(index, bcIssue(seed, { issuedAt: '2025-05-02T00:00:00Z' }));
    expect(codes(late)).toEqual(['TR_REVOKED']);
    // Without issuedAt the question is "now": revoked.
    expect(codes(evaluate(index, bcIssue(seed)))).toEqual(['TR_REVOKED']);
  });

  it('an event recorded after the evaluation time is not yet known', () => {
    const { seed, index } = setup((s) => {
      const a = authz(s.registries.bc, '#authz-bcreg-business');
      a.history = appendStatusEvent(a.history, { status: 'revoked', at: '2025-07-01T00:00:00Z' });
    });
    expect(evaluate(index, bcIssue(seed, { issuedAt: issued })).notices).toEqual([]);
  });

  it('compromised since: credentials issued at/after compromisedSince are distrusted even after reactivation', () => {
    const compromisedSince = '2025-04-01T00:00:00Z';
    const { seed, index } = setup((s) => {
      const a = authz(s.registries.bc, '#authz-bcreg-business');
      a.history = appendStatusEvent(a.history, { status: 'revoked', at: '2025-04-10T00:00:00Z', reason: 'key compromise', compromisedSince });
      a.history = appendStatusEvent(a.history, { status: 'active', at: '2025-04-20T00:00:00Z', reason: 'key rotated' });
    });
    expect(evaluate(index, bcIssue(seed, { issuedAt: issued })).decision).toBe('trusted');
    expect(codes(evaluate(index, bcIssue(seed, { issuedAt: compromisedSince })))).toEqual(['TR_COMPROMISED']);
    // Issued while revoked: both facts reported.
    expect(codes(evaluate(index, bcIssue(seed, { issuedAt: '2025-04-15T00:00:00Z' })))).toEqual(['TR_REVOKED', 'TR_COMPROMISED']);
    // Issued after reactivation, still after compromisedSince: distrusted.
    expect(codes(evaluate(index, bcIssue(seed, { issuedAt: '2025-05-01T00:00:00Z' })))).toEqual(['TR_COMPROMISED']);
  });

  it('suspended issuer → not trusted (TR_SUSPENDED), also for credentials issued before the suspension', () => {
    const { seed, index } = setup((s) => {
      const a = authz(s.registries.bc, '#authz-bcreg-business');
      a.history = appendStatusEvent(a.history, { status: 'suspended', at: '2025-05-15T00:00:00Z', reason: 'audit' });
    });
    const d = evaluate(index, bcIssue(seed, { issuedAt: issued }));
    expect(d.decision).toBe('not-trusted');
    expect(codes(d)).toEqual(['TR_SUSPENDED']);
  });

  it('validity window: issued before it started / after it ended', () => {
    const { seed, index } = setup((s) => {
      delete s.registries.hub.recognitions.find((r) => r.id.endsWith('-bc'))!.validity.until;
    });
    expect(codes(evaluate(index, bcIssue(seed, { issuedAt: '2024-12-31T23:59:59Z' })))).toEqual(['TR_NOT_YET_AUTHORIZED', 'TR_GOVERNANCE_NOT_EFFECTIVE']);
    expect(codes(evaluate(index, bcIssue(seed, { issuedAt: '2028-01-01T00:00:00Z', at: '2028-02-01T00:00:00Z' })))).toEqual(['TR_AUTHORIZATION_EXPIRED']);
    // Issued inside the window, judged after it ended: trusted, with a notice.
    const ended = evaluate(index, bcIssue(seed, { issuedAt: '2027-06-01T00:00:00Z', at: '2028-02-01T00:00:00Z' }));
    expect(ended.decision).toBe('trusted');
    expect(ended.notices.map((n) => n.code)).toEqual(['TR_ENDED_AFTER_ISSUANCE']);
  });

  it('append-only: a status event cannot be inserted before the last one', () => {
    const { seed } = setup();
    const a = authz(seed.registries.bc, '#authz-bcreg-business');
    expect(() => appendStatusEvent(a.history, { status: 'revoked', at: '2024-01-01T00:00:00Z' })).toThrowError(expect.objectContaining({ code: 'ERR_TR_HISTORY_REWRITTEN' }) as never);
  });
});

describe('evaluate: recognition, path limits, level mapping', () => {
  it('recognition expired or revoked', () => {
    const { seed, index } = setup((s) => {
      s.registries.hub.recognitions.find((r) => r.id.endsWith('-bc'))!.validity.until = '2025-05-01T00:00:00Z';
    });
    expect(codes(evaluate(index, bcIssue(seed)))).toEqual(['TR_RECOGNITION_EXPIRED']);
    const revoked = setup((s) => {
      const r = s.registries.hub.recognitions.find((x) => x.id.endsWith('-bc'))!;
      r.history = appendStatusEvent(r.history, { status: 'revoked', at: '2025-05-01T00:00:00Z' });
    });
    expect(codes(evaluate(revoked.index, bcIssue(revoked.seed)))).toEqual(['TR_RECOGNITION_REVOKED']);
  });

  it('scoped types: the hub recognizes Alberta for BusinessRegistrationCredential only', () => {
    const { seed, index } = setup((s) => {
      authz(s.registries.ab, '#authz-acr-business').resource.credentialTypes.push(T.BusinessRepresentative);
    });
    const q: TrustQuery = { entity: seed.entities.albertaRegistry, action: 'issue', credentialType: T.BusinessRegistration, jurisdiction: 'CA-AB', at: AT };
    expect(evaluate(index, q).decision).toBe('trusted');
    expect(codes(evaluate(index, { ...q, credentialType: T.BusinessRepresentative }))).toEqual(['TR_RECOGNITION_SCOPE']);
  });

  it('path limits: hub → BC → a municipal registry needs maxPathLength 2 on the hub recognition', () => {
    const build = (hubLimit: number, queryCap?: number) => {
      const { seed, index } = setup((s) => {
        const city = structuredClone(s.registries.ab);
        city.registry = { ...city.registry, id: 'did:web:registry.city.pilot.example', authority: 'did:web:city.pilot.example', jurisdiction: 'CA-BC' };
        city.authorizations.find((a) => a.id.endsWith('#authz-acr-business'))!.resource.jurisdictions = ['CA-BC'];
        city.authorizations.forEach((a) => (a.id = a.id.replace(s.registries.ab.registry.id, city.registry.id)));
        s.registries.bc.recognitions.push({
          id: `${s.registries.bc.registry.id}#recognizes-city`, authority: s.registries.bc.registry.id, recognizes: city.registry.id,
          scope: { actions: ['issue'], credentialTypes: ['*'], jurisdictions: ['CA-BC'] }, maxPathLength: 1,
          validity: { from: '2025-01-01T00:00:00Z' }, history: [{ status: 'active', at: '2025-01-01T00:00:00Z' }],
        });
        const hubToBc = s.registries.hub.recognitions.find((r) => r.id.endsWith('-bc'))!;
        hubToBc.maxPathLength = hubLimit;
        hubToBc.scope.credentialTypes = ['*'];
        (s as unknown as { city: RegistryState }).city = city;
      });
      const city = (seed as unknown as { city: RegistryState }).city;
      const idx = buildTrustIndex([seed.registries.hub, seed.registries.bc, city], { root: seed.root });
      const q: TrustQuery = { entity: seed.entities.albertaRegistry, action: 'issue', credentialType: T.BusinessRegistration, jurisdiction: 'CA-BC', at: AT, ...(queryCap !== undefined ? { maxPathLength: queryCap } : {}) };
      void index;
      return evaluate(idx, q);
    };
    const tooLong = build(1);
    expect(codes(tooLong)).toEqual(['TR_PATH_TOO_LONG']);
    const ok = build(2);
    expect(ok.decision).toBe('trusted');
    expect(ok.path.filter((p) => p.type === 'recognition')).toHaveLength(2);
    expect(codes(build(2, 1))).toEqual(['TR_PATH_TOO_LONG']);
  });

  it('level mapping: a peer level 3 that maps to 2 does not meet a minimum of 3', () => {
    const { seed, index } = setup((s) => {
      s.registries.hub.recognitions.find((r) => r.id.endsWith('-bc'))!.assuranceMapping = [{ from: 1, to: 1 }, { from: 2, to: 2 }, { from: 3, to: 2 }];
    });
    const d = evaluate(index, bcIssue(seed, { minimumAssuranceLevel: 3 }));
    expect(codes(d)).toEqual(['TR_ASSURANCE_TOO_LOW']);
    const ok = evaluate(index, bcIssue(seed, { minimumAssuranceLevel: 2 }));
    expect(ok.decision).toBe('trusted');
    expect(ok.assuranceLevel).toBe(2);
    // An unmapped level is not accepted at any minimum.
    const unmapped = setup((s) => {
      s.registries.hub.recognitions.find((r) => r.id.endsWith('-bc'))!.assuranceMapping = [{ from: 4, to: 4 }];
    });
    expect(codes(evaluate(unmapped.index, bcIssue(unmapped.seed, { minimumAssuranceLevel: 1 })))).toEqual(['TR_ASSURANCE_TOO_LOW']);
  });
});

describe('evaluate: verifiers (purpose and attributes)', () => {
  const verify = (seed: ReturnType<typeof seedPilotRegistries>, extra: Partial<TrustQuery> = {}): TrustQuery => ({
    entity: seed.entities.prairieBank, action: 'verify', credentialType: T.BusinessRegistration, jurisdiction: 'CA-AB', purpose: 'kyb-onboarding', attributes: ['legalName', 'businessStatus'], at: AT, ...extra,
  });
  it('a bank asking within its purpose and attributes is trusted', () => {
    const { seed, index } = setup();
    const d = evaluate(index, verify(seed));
    expect(d.decision).toBe('trusted');
    expect(d.path).toEqual([{ type: 'registry', id: seed.root }, { type: 'authorization', id: `${seed.root}#authz-prairie-verify` }]);
  });
  it('asking for more than the purpose allows → TR_PURPOSE_NOT_AUTHORIZED / TR_ATTRIBUTE_NOT_AUTHORIZED', () => {
    const { seed, index } = setup();
    expect(codes(evaluate(index, verify(seed, { purpose: 'marketing' })))).toEqual(['TR_PURPOSE_NOT_AUTHORIZED']);
    const d = evaluate(index, verify(seed, { attributes: ['legalName', 'birthDate'] }));
    expect(codes(d)).toEqual(['TR_ATTRIBUTE_NOT_AUTHORIZED']);
    expect(d.reasons[0]!.message).toContain('birthDate');
  });
});

describe('offline client', () => {
  it('answers through the TrustRegistryClient interface with the injected clock', async () => {
    const { seed, index } = setup();
    const client = createOfflineTrustRegistryClient(index, { clock: fixedClock(AT) });
    const d = await client.evaluate({ entity: seed.entities.bcRegistries, action: 'issue', credentialType: T.BusinessRegistration, jurisdiction: 'CA-BC' });
    expect(d.decision).toBe('trusted');
    expect(d.evaluatedAt).toBe('2025-06-01T00:00:00.000Z');
    await expect(client.evaluate({ entity: '', action: 'issue' })).rejects.toBeInstanceOf(TrustBridgeError);
  });
});
