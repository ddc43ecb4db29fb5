/**
 * The `trust` check against the pilot registries (issue 5 item 5): credentials signed with the seed's
 * pilot issuer keys (so their did:key DIDs are the registry's entities), evaluated offline at a fixed
 * clock through `createOfflineTrustRegistryClient`.
 */
import { describe, expect, it } from 'vitest';
import { fixedClock, isTrustBridgeError, type Clock } from '@trustbridge/core';
import { createEd25519Signer, encodeEd25519PublicKeyMultibase } from '@trustbridge/keys';
import {
  buildTrustIndex,
  createOfflineTrustRegistryClient,
  pilotKeyPair,
  seedPilotRegistries,
  type RegistrySource,
  type RegistryState,
} from '@trustbridge/trust-registry';
import { issueCredential } from './issue.js';
import { verifyCredential } from './verify-credential.js';
import { createTrustCheck, credentialTypeOf, defaultJurisdiction, issuedAtOf } from './trust-check.js';

const V2 = 'https://www.w3.org/ns/credentials/v2';
const EX = 'https://www.w3.org/ns/credentials/examples/v2';
const NOW = '2025-06-01T12:00:00Z';
const clock = fixedClock(NOW);
const seed = seedPilotRegistries();

function pilotSigner(label: string) {
  const pair = seed.keys[label] ?? pilotKeyPair(label);
  const mb = encodeEd25519PublicKeyMultibase(pair.publicKey);
  return createEd25519Signer({ id: `did:key:${mb}#${mb}`, secretKey: pair.secretKey! });
}
const bcSigner = pilotSigner('bc-registries');
const bcDid = seed.entities.bcRegistries;

async function businessRegistration(opts: { validFrom?: string; jurisdiction?: string; type?: string; signer?: ReturnType<typeof pilotSigner>; issuer?: string } = {}) {
  const subject: Record<string, unknown> = { id: 'did:example:business', legalName: 'Kootenay Cedar Works Ltd.' };
  if (opts.jurisdiction !== undefined) subject.jurisdiction = opts.jurisdiction;
  return issueCredential(
    {
      '@context': [V2, EX],
      type: ['VerifiableCredential', opts.type ?? 'BusinessRegistrationCredential'],
      issuer: opts.issuer ?? bcDid,
      validFrom: opts.validFrom ?? '2025-03-01T00:00:00Z',
      credentialSubject: subject,
    },
    { signer: opts.signer ?? bcSigner, clock },
  );
}

/** The pilot states, with `edit` applied to a deep copy of BC's. */
function states(edit?: (bc: RegistryState) => void): RegistryState[] {
  const copy = structuredClone(seed.states);
  if (edit) edit(copy.find((s) => s.registry.id === seed.registries.bc.registry.id)!);
  return copy;
}
function client(sources: ReadonlyArray<RegistryState | RegistrySource> = seed.states, c: Clock = clock) {
  return createOfflineTrustRegistryClient(buildTrustIndex(sources, { root: seed.root }), { clock: c });
}
const bcAuthorization = (bc: RegistryState) => bc.authorizations.find((a) => a.id.endsWith('#authz-bcreg-business'))!;
const trustOf = (r: { checks: Array<{ id: string; status: string; code?: string; details?: Record<string, unknown> }> }) => r.checks.find((c) => c.id === 'trust')!;
const codes = (r: { problems: Array<{ code: string }> }) => r.problems.map((p) => p.code);

describe('createTrustCheck with the pilot registries', () => {
  it('trusted: BC Registries issuing a BC business registration; decision, path and snapshot digest in details', async () => {
    const vc = await businessRegistration({ jurisdiction: 'CA-BC' });
    const r = await verifyCredential(vc, { clock, checkTrust: createTrustCheck({ client: client(), resolveQuery: () => ({ minimumAssuranceLevel: 3 }) }) });
    expect(r.verified).toBe(true);
    const trust = trustOf(r);
    expect(trust.status).toBe('passed');
    expect(trust.details).toMatchObject({
      decision: 'trusted',
      entity: bcDid,
      assuranceLevel: 3,
      query: { entity: bcDid, action: 'issue', credentialType: 'BusinessRegistrationCredential', jurisdiction: 'CA-BC', issuedAt: '2025-03-01T00:00:00.000Z', minimumAssuranceLevel: 3 },
      evaluatedAt: '2025-06-01T12:00:00.000Z',
    });
    expect(trust.details!.path).toEqual([
      { type: 'registry', id: seed.root },
      { type: 'recognition', id: `${seed.root}#recognizes-bc` },
      { type: 'registry', id: seed.registries.bc.registry.id },
      { type: 'authorization', id: bcAuthorization(seed.registries.bc).id },
    ]);
    expect((trust.details!.snapshot as { digest: string }).digest).toMatch(/\S{16,}/);
  });

  it('not authorized for the jurisdiction → not-trusted with the registry reason as ERR_TRUST_*', async () => {
    const vc = await businessRegistration({ jurisdiction: 'CA-AB' });
    const r = await verifyCredential(vc, { clock, checkTrust: createTrustCheck({ client: client() }) });
    expect(r.verified).toBe(false);
    expect(r.outcome).toBe('rejected');
    expect(trustOf(r)).toMatchObject({ status: 'failed', details: { decision: 'not-trusted' } });
    // Through the hub, BC's recognition does not cover CA-AB.
    expect(r.problems[0]).toMatchObject({ code: 'ERR_TRUST_RECOGNITION_SCOPE', specCode: 'TR_RECOGNITION_SCOPE' });
    // Asked of the BC registry directly, the authorization itself does not cover CA-AB.
    const bcOnly = createOfflineTrustRegistryClient(buildTrustIndex([seed.registries.bc], { root: seed.registries.bc.registry.id }), { clock });
    const direct = await verifyCredential(vc, { clock, checkTrust: createTrustCheck({ client: bcOnly }) });
    expect(codes(direct)).toEqual(['ERR_TRUST_NOT_AUTHORIZED_JURISDICTION']);
  });

  it('an issuer suspended in the registry → ERR_TRUST_SUSPENDED', async () => {
    const suspended = states((bc) => bcAuthorization(bc).history.push({ status: 'suspended', at: '2025-04-01T00:00:00Z' }));
    const vc = await businessRegistration({ jurisdiction: 'CA-BC', validFrom: '2025-05-01T00:00:00Z' });
    const r = await verifyCredential(vc, { clock, checkTrust: createTrustCheck({ client: client(suspended) }) });
    expect(codes(r)).toContain('ERR_TRUST_SUSPENDED');
    expect(trustOf(r).details).toMatchObject({ decision: 'not-trusted' });
  });

  it('issued after compromisedSince → ERR_TRUST_COMPROMISED; issued before it is still trusted', async () => {
    const compromised = states((bc) =>
      bcAuthorization(bc).history.push({ status: 'active', at: '2025-05-01T00:00:00Z', compromisedSince: '2025-03-15T00:00:00Z', reason: 'key rotated after compromise' }),
    );
    const checkTrust = createTrustCheck({ client: client(compromised) });
    const after = await verifyCredential(await businessRegistration({ jurisdiction: 'CA-BC', validFrom: '2025-04-01T00:00:00Z' }), { clock, checkTrust });
    expect(codes(after)).toEqual(['ERR_TRUST_COMPROMISED']);
    const before = await verifyCredential(await businessRegistration({ jurisdiction: 'CA-BC', validFrom: '2025-02-01T00:00:00Z' }), { clock, checkTrust });
    expect(before.verified).toBe(true);
  });

  it('a stale snapshot → indeterminate, failing closed with ERR_TRUST_INDETERMINATE (or refer when chosen)', async () => {
    const stale: RegistrySource[] = seed.states.map((state) => ({ state, nextUpdate: '2025-05-01T00:00:00Z' }));
    const vc = await businessRegistration({ jurisdiction: 'CA-BC' });
    const r = await verifyCredential(vc, { clock, checkTrust: createTrustCheck({ client: client(stale) }) });
    expect(r.verified).toBe(false);
    expect(r.outcome).toBe('rejected');
    expect(codes(r)).toEqual(['ERR_TRUST_INDETERMINATE', 'ERR_TRUST_SNAPSHOT_STALE']);
    expect(trustOf(r).details).toMatchObject({ decision: 'indeterminate', outcome: 'error' });
    const referred = await verifyCredential(vc, { clock, checkTrust: createTrustCheck({ client: client(stale), onIndeterminate: 'refer' }) });
    expect(referred).toMatchObject({ verified: false, outcome: 'refer' });
  });

  it('assurance level above the authorization → ERR_TRUST_ASSURANCE_TOO_LOW', async () => {
    const vc = await businessRegistration({ jurisdiction: 'CA-BC' });
    const r = await verifyCredential(vc, { clock, checkTrust: createTrustCheck({ client: client(), resolveQuery: () => ({ minimumAssuranceLevel: 4 }) }) });
    expect(codes(r)).toContain('ERR_TRUST_ASSURANCE_TOO_LOW');
  });

  it('an issuer the registry does not know → ERR_TRUST_ENTITY_UNKNOWN', async () => {
    const stranger = pilotSigner('unlisted-issuer'); // a valid key no registry lists
    const unknown = await businessRegistration({ jurisdiction: 'CA-BC', signer: stranger, issuer: stranger.id.split('#')[0]! });
    const r = await verifyCredential(unknown, { clock, checkTrust: createTrustCheck({ client: client() }) });
    expect(r.verified).toBe(false);
    expect(codes(r)).toEqual(['ERR_TRUST_ENTITY_UNKNOWN']);
    expect(trustOf(r).details).toMatchObject({ decision: 'not-trusted' });
  });

  it('no jurisdiction in the credential → ERR_TRUST_JURISDICTION_UNKNOWN; a mapper or resolveQuery supplies it', async () => {
    const vc = await businessRegistration();
    const r = await verifyCredential(vc, { clock, checkTrust: createTrustCheck({ client: client() }) });
    expect(codes(r)).toEqual(['ERR_TRUST_JURISDICTION_UNKNOWN']);
    const mapped = await verifyCredential(vc, { clock, checkTrust: createTrustCheck({ client: client(), jurisdiction: () => 'CA-BC' }) });
    expect(mapped.verified).toBe(true);
    const resolved = await verifyCredential(vc, { clock, checkTrust: createTrustCheck({ client: client(), resolveQuery: () => ({ jurisdiction: 'CA-BC' }) }) });
    expect(resolved.verified).toBe(true);
  });

  it('a client that throws fails the check (fail closed)', async () => {
    const vc = await businessRegistration({ jurisdiction: 'CA-BC' });
    const broken = createTrustCheck({ client: { evaluate: async () => Promise.reject(new Error('registry down')) } });
    const r = await verifyCredential(vc, { clock, checkTrust: broken });
    expect(codes(r)).toEqual(['ERR_VC_CHECK_ERROR']);
  });

  it('misuse throws ERR_VC_OPTIONS_INVALID', () => {
    for (const bad of [{}, { client: {} }, { client: client(), action: 'sign' }, { client: client(), onIndeterminate: 'maybe' }]) {
      try {
        createTrustCheck(bad as never);
        throw new Error('expected a throw');
      } catch (e) {
        expect(isTrustBridgeError(e) ? e.code : e).toBe('ERR_VC_OPTIONS_INVALID');
      }
    }
  });
});

describe('createTrustCheck on JOSE forms', () => {
  it('vc+jwt and SD-JWT VC: the issuer (iss) is asked about; a vct is mapped to the registry type by resolveQuery', async () => {
    const unsecured = {
      '@context': [V2, EX],
      type: ['VerifiableCredential', 'BusinessRegistrationCredential'],
      issuer: bcDid,
      validFrom: '2025-03-01T00:00:00Z',
      credentialSubject: { id: 'did:example:business', legalName: 'Kootenay Cedar Works Ltd.', jurisdiction: 'CA-BC' },
    };
    const vct = 'https://credentials.example.ca/vct/business-registration';
    const checkTrust = createTrustCheck({
      client: client(),
      resolveQuery: (c) => (c.vct === vct ? { credentialType: 'BusinessRegistrationCredential' } : undefined),
    });
    const jwt = await issueCredential(unsecured, { format: 'vc+jwt', signer: bcSigner });
    expect(trustOf(await verifyCredential(jwt, { clock, checkTrust }))).toMatchObject({ status: 'passed', details: { decision: 'trusted' } });
    const sdJwt = await issueCredential(unsecured, { format: 'dc+sd-jwt', signer: bcSigner, clock, sdJwt: { vct } });
    const r = await verifyCredential(sdJwt, { clock, checkTrust });
    expect(r.verified).toBe(true);
    expect(trustOf(r).details).toMatchObject({ decision: 'trusted', query: { entity: bcDid, credentialType: 'BusinessRegistrationCredential', jurisdiction: 'CA-BC' } });
    // Without the mapping the vct is not a registry type.
    const unmapped = await verifyCredential(sdJwt, { clock, checkTrust: createTrustCheck({ client: client() }) });
    expect(codes(unmapped)).toContain('ERR_TRUST_RECOGNITION_SCOPE');
  });
});

describe('query derivation helpers', () => {
  it('most specific type, vocabulary jurisdiction paths, issuance time', () => {
    expect(credentialTypeOf({ type: ['VerifiableCredential', 'BusinessRepresentativeCredential'] })).toBe('BusinessRepresentativeCredential');
    expect(credentialTypeOf({ vct: 'https://credentials.example.ca/vct/business-registration' })).toBe('https://credentials.example.ca/vct/business-registration');
    expect(defaultJurisdiction({ credentialSubject: { business: { jurisdiction: 'CA-BC' } } })).toBe('CA-BC');
    expect(defaultJurisdiction({ credentialSubject: [{ jurisdiction: 'CA-BC' }, { jurisdiction: 'CA-AB' }] })).toBeUndefined();
    expect(defaultJurisdiction({ vct: 'x', jurisdiction: 'CA-AB' })).toBe('CA-AB');
    expect(issuedAtOf({ validFrom: '2025-01-01T00:00:00-08:00' })).toBe('2025-01-01T08:00:00.000Z');
    expect(issuedAtOf({ issuanceDate: '2024-01-01T00:00:00Z' })).toBe('2024-01-01T00:00:00.000Z');
    expect(issuedAtOf({ proof: { created: '2024-02-01T00:00:00Z' } })).toBe('2024-02-01T00:00:00.000Z');
    expect(issuedAtOf({ iat: 1_735_689_600 })).toBe('2025-01-01T00:00:00.000Z');
  });
});
