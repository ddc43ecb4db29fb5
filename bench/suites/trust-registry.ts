/**
 * Trust registry: offline decisions per second against the pilot seed grown to 10,000 entities (goal
 * ≥ 50,000/s, issue #5), and the time to verify a signed snapshot bundle of that size.
 */
import { createEd25519Signer, encodeEd25519PublicKeyMultibase } from '@trustbridge/keys';
import {
  buildTrustIndex,
  createBundle,
  createSnapshot,
  evaluate,
  indexFromBundle,
  seedPilotRegistries,
  verifyBundle,
  PilotCredentialTypes as T,
  type RegistryState,
  type TrustQuery,
} from '@trustbridge/trust-registry';
import { compare, type Suite } from '../lib.js';

const ENTITIES = 10_000;
const AT = '2025-06-01T12:00:00Z';

/** Adds synthetic issuers (each with an authorization and a short history) to the BC registry. */
function grow(bc: RegistryState, count: number): RegistryState {
  const out = structuredClone(bc);
  const gf = out.governanceFrameworks[0]!.id;
  for (let i = 0; i < count; i++) {
    const id = `did:web:issuer-${i}.bc.pilot.example`;
    out.entities.push({ id, name: `Issuer ${i}`, roles: ['issuer'], jurisdiction: 'CA-BC', identifiers: [{ scheme: 'registry-number', value: `BC${String(i).padStart(7, '0')}` }] });
    out.authorizations.push({
      id: `${out.registry.id}#authz-${i}`, entity: id, action: 'issue',
      resource: { credentialTypes: [T.BusinessRegistration], jurisdictions: ['CA-BC'], maxAssuranceLevel: 3 },
      validity: { from: '2025-01-01T00:00:00Z' },
      history: i % 10 === 0
        ? [{ status: 'active', at: '2025-01-01T00:00:00Z' }, { status: 'suspended', at: '2025-03-01T00:00:00Z' }, { status: 'active', at: '2025-04-01T00:00:00Z' }]
        : [{ status: 'active', at: '2025-01-01T00:00:00Z' }],
      governanceFramework: gf,
    });
  }
  return out;
}

const suite: Suite = {
  title: `Trust registry (pilot seed + ${ENTITIES.toLocaleString('en-CA')} entities)`,
  async run({ rounds, roundMs }) {
    const seed = seedPilotRegistries();
    const bc = grow(seed.registries.bc, ENTITIES);
    const states = [seed.registries.hub, bc, seed.registries.ab, seed.registries.federal];
    const signer = (registry: string) => createEd25519Signer({ id: `${registry}#k`, secretKey: seed.keys[seed.operatorKeyLabels[registry]!]!.secretKey! });
    const snapshots = await Promise.all(states.map((s) => createSnapshot(s, { signer: signer(s.registry.id), issuedAt: '2025-06-01T00:00:00Z', nextUpdate: '2025-06-02T00:00:00Z' })));
    const bundle = createBundle({ root: seed.root, createdAt: '2025-06-01T00:00:00Z', snapshots });
    const anchors = { [seed.root]: [encodeEd25519PublicKeyMultibase(seed.keys['registry-hub']!.publicKey)] };
    const clock = () => new Date(AT);
    const verified = verifyBundle(bundle, { anchors, clock });
    if (!verified.verified) throw new Error('bench bundle did not verify');
    const offline = indexFromBundle(verified);
    const live = buildTrustIndex(states, { root: seed.root });

    // A mix: hub-recognized issuers (one hop), unknown entities, suspended history, verifier checks.
    const queries: TrustQuery[] = [];
    for (let i = 0; i < 1024; i++) {
      const n = (i * 7919) % ENTITIES;
      queries.push(
        i % 8 === 0
          ? { entity: seed.entities.mapleBank, action: 'verify', credentialType: T.PersonIdentity, purpose: 'kyb-onboarding', attributes: ['givenName', 'birthDate'], at: AT }
          : i % 8 === 1
            ? { entity: `did:web:unknown-${i}.example`, action: 'issue', credentialType: T.BusinessRegistration, jurisdiction: 'CA-BC', at: AT }
            : { entity: i % 2 ? `did:web:issuer-${n}.bc.pilot.example` : `BC${String(n).padStart(7, '0')}`, action: 'issue', credentialType: T.BusinessRegistration, jurisdiction: 'CA-BC', minimumAssuranceLevel: 3, issuedAt: '2025-03-15T00:00:00Z', at: AT },
      );
    }
    let q = 0;
    const bytes = bundle.snapshots.reduce((n, s) => n + s.length, 0);
    const decide = await compare('offline decision', [{ implementation: 'trustbridge evaluate (verified bundle)', fn: () => evaluate(offline, queries[q++ & 1023]!) }], { rounds, roundMs });
    const verify = await compare(`verify bundle (4 snapshots, ${(bytes / 1e6).toFixed(1)} MB)`, [{ implementation: 'trustbridge verifyBundle', fn: () => verifyBundle(bundle, { anchors, clock }) }], { rounds: Math.min(rounds, 3), roundMs: Math.max(roundMs, 1000) });
    const index = await compare('build index (from verified bundle)', [{ implementation: 'trustbridge indexFromBundle', fn: () => indexFromBundle(verified) }], { rounds: Math.min(rounds, 3), roundMs });
    void live;
    const dps = decide[0]!.opsPerSec;
    const vms = 1000 / verify[0]!.opsPerSec;
    return {
      title: this.title,
      rows: [...decide, ...verify.slice(0, 1), ...index.slice(0, 1)],
      notes: [
        `offline decisions: ${Math.round(dps).toLocaleString('en-CA')}/s (goal ≥ 50,000/s) — ${dps >= 50_000 ? 'met' : 'NOT met'}`,
        `snapshot bundle verification: ${vms.toFixed(1)} ms per bundle (signatures, JCS digest re-check of each state, validation)`,
      ],
    };
  },
};
export default suite;
