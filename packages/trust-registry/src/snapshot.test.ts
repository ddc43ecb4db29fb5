import { describe, expect, it } from 'vitest';
import { fixedClock } from '@trustbridge/core';
import { createEd25519Signer, encodeEd25519PublicKeyMultibase } from '@trustbridge/keys';
import { buildTrustIndex } from './trust-index.js';
import { evaluate, type TrustQuery } from './evaluate.js';
import { seedPilotRegistries, PilotCredentialTypes as T } from './seed.js';
import { applyDelta, createBundle, createDelta, createSnapshot, indexFromBundle, signDelta, verifyBundle, verifyDelta, verifySnapshot, type SignedSnapshot } from './snapshot.js';
import { appendStatusEvent } from './validate.js';
import type { RegistryState } from './model.js';

const ISSUED = '2025-06-01T00:00:00Z';
const NEXT = '2025-06-02T00:00:00Z';
const NOW = fixedClock('2025-06-01T12:00:00Z');

async function publishAll() {
  const seed = seedPilotRegistries();
  const signerFor = (registry: string) => {
    const label = seed.operatorKeyLabels[registry]!;
    return createEd25519Signer({ id: `${registry}#snapshot-key`, secretKey: seed.keys[label]!.secretKey! });
  };
  const snapshots: Record<string, SignedSnapshot> = {};
  for (const s of seed.states) snapshots[s.registry.id] = await createSnapshot(s, { signer: signerFor(s.registry.id), issuedAt: ISSUED, nextUpdate: NEXT });
  const anchors = { [seed.root]: [encodeEd25519PublicKeyMultibase(seed.keys['registry-hub']!.publicKey)] };
  return { seed, snapshots, anchors, signerFor };
}

const codes = (v: { problems: { code: string }[] }) => v.problems.map((p) => p.code);

function tamper(jws: string, edit: (payload: Record<string, unknown>) => void): string {
  const [h, p, s] = jws.split('.');
  const payload = JSON.parse(Buffer.from(p!, 'base64url').toString('utf8'));
  edit(payload);
  return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
}

describe('snapshots and bundles', () => {
  it('a bundle of the four pilot registries verifies with only the hub pinned (peers through recognition keys)', async () => {
    const { seed, snapshots, anchors } = await publishAll();
    const bundle = createBundle({ root: seed.root, createdAt: ISSUED, snapshots: Object.values(snapshots) });
    const v = verifyBundle(bundle, { anchors, clock: NOW });
    expect(v.problems).toEqual([]);
    expect(v.verified).toBe(true);
    expect(v.registries.map((r) => r.registry).sort()).toEqual(seed.states.map((s) => s.registry.id).sort());
    expect(v.checkpoints[seed.root]).toEqual({ sequence: 1, digest: snapshots[seed.root]!.digest });
  });

  it('offline evaluation of a verified bundle equals evaluation of the live state for the same snapshot', async () => {
    const { seed, snapshots, anchors } = await publishAll();
    const live = buildTrustIndex(seed.states, { root: seed.root });
    const offline = indexFromBundle(verifyBundle(createBundle({ root: seed.root, createdAt: ISSUED, snapshots: Object.values(snapshots) }), { anchors, clock: NOW }));
    const queries: TrustQuery[] = [
      { entity: seed.entities.bcRegistries, action: 'issue', credentialType: T.BusinessRegistration, jurisdiction: 'CA-BC', minimumAssuranceLevel: 3, at: '2025-06-01T10:00:00Z' },
      { entity: seed.entities.serviceBc, action: 'issue', credentialType: T.PersonIdentity, jurisdiction: 'CA-BC', minimumAssuranceLevel: 4, at: '2025-06-01T10:00:00Z' },
      { entity: seed.entities.mapleBank, action: 'verify', credentialType: T.PersonIdentity, purpose: 'kyb-onboarding', attributes: ['birthDate'], at: '2025-06-01T10:00:00Z' },
      { entity: 'did:web:nobody.example', action: 'hold', at: '2025-06-01T10:00:00Z' },
    ];
    for (const q of queries) expect(evaluate(offline, q)).toEqual(evaluate(live, q));
    expect(evaluate(offline, queries[0]!).snapshot.digest).toBe(snapshots[seed.root]!.payload.stateDigest);
  });

  it('tampered snapshot → ERR_TR_SNAPSHOT_SIGNATURE and the registry is left out', async () => {
    const { seed, snapshots, anchors } = await publishAll();
    const bc = seed.registries.bc.registry.id;
    const forged = tamper(snapshots[bc]!.jws, (p) => {
      (p.state as RegistryState).authorizations[1]!.resource.jurisdictions.push('CA-ON');
    });
    const v = verifyBundle(createBundle({ root: seed.root, createdAt: ISSUED, snapshots: [snapshots[seed.root]!, forged] }), { anchors, clock: NOW });
    expect(codes(v)).toEqual(['ERR_TR_SNAPSHOT_SIGNATURE']);
    expect(v.verified).toBe(false);
    expect(v.registries.map((r) => r.registry)).toEqual([seed.root]);
    // A signature from another key is just as wrong.
    const v2 = verifySnapshot(snapshots[bc]!.jws, { keys: [encodeEd25519PublicKeyMultibase(seed.keys['registry-ab']!.publicKey)], clock: NOW });
    expect(codes(v2)).toEqual(['ERR_TR_SNAPSHOT_SIGNATURE']);
  });

  it('alg none and malformed input → ERR_TR_SNAPSHOT_MALFORMED', async () => {
    const { snapshots, seed } = await publishAll();
    const [, p] = snapshots[seed.root]!.jws.split('.');
    const none = `${Buffer.from('{"alg":"none","typ":"trust-registry-snapshot+jws"}').toString('base64url')}.${p}.`;
    expect(codes(verifySnapshot(none, { keys: [seed.keys['registry-hub']!.publicKey], clock: NOW }))).toEqual(['ERR_TR_SNAPSHOT_MALFORMED']);
    expect(codes(verifySnapshot('not a jws', { keys: [], clock: NOW }))[0]).toBe('ERR_TR_SNAPSHOT_MALFORMED');
  });

  it('unknown anchor → ERR_TR_SNAPSHOT_ANCHOR_UNKNOWN', async () => {
    const { seed, snapshots } = await publishAll();
    const v = verifyBundle(createBundle({ root: seed.root, createdAt: ISSUED, snapshots: Object.values(snapshots) }), { anchors: {}, clock: NOW });
    expect(new Set(codes(v))).toEqual(new Set(['ERR_TR_SNAPSHOT_ANCHOR_UNKNOWN']));
    expect(v.verified).toBe(false);
  });

  it('hash chain: consecutive snapshots verify; a broken link → ERR_TR_SNAPSHOT_CHAIN; a lower sequence → ERR_TR_SNAPSHOT_ROLLBACK', async () => {
    const { seed, snapshots, anchors, signerFor } = await publishAll();
    const hub = seed.registries.hub;
    const s1 = snapshots[seed.root]!;
    const next: RegistryState = { ...structuredClone(hub), sequence: 2 };
    const s2 = await createSnapshot(next, { signer: signerFor(seed.root), issuedAt: '2025-06-01T06:00:00Z', nextUpdate: NEXT, previous: s1 });
    const ok = verifyBundle(createBundle({ root: seed.root, createdAt: ISSUED, snapshots: [s1, s2] }), { anchors, clock: NOW });
    expect(ok.verified).toBe(true);
    expect(ok.registries[0]!.sequence).toBe(2);
    // s2 against a checkpoint of s1 alone.
    expect(verifyBundle(createBundle({ root: seed.root, createdAt: ISSUED, snapshots: [s2] }), { anchors, clock: NOW, previous: { [seed.root]: { sequence: 1, digest: s1.digest } } }).verified).toBe(true);

    // Broken link: a validly signed snapshot 2 that names a different predecessor.
    const forkBase = await createSnapshot({ ...structuredClone(hub), registry: { ...hub.registry, name: 'Forked hub' } }, { signer: signerFor(seed.root), issuedAt: ISSUED, nextUpdate: NEXT });
    const s2bad = await createSnapshot(next, { signer: signerFor(seed.root), issuedAt: '2025-06-01T06:00:00Z', nextUpdate: NEXT, previous: forkBase });
    const broken = verifyBundle(createBundle({ root: seed.root, createdAt: ISSUED, snapshots: [s1, s2bad] }), { anchors, clock: NOW });
    expect(codes(broken)).toEqual(['ERR_TR_SNAPSHOT_CHAIN']);
    const brokenVsCheckpoint = verifyBundle(createBundle({ root: seed.root, createdAt: ISSUED, snapshots: [s2bad] }), { anchors, clock: NOW, previous: { [seed.root]: { sequence: 1, digest: s1.digest } } });
    expect(codes(brokenVsCheckpoint)).toEqual(['ERR_TR_SNAPSHOT_CHAIN']);
    // Fork: same sequence, different content.
    expect(codes(verifyBundle(createBundle({ root: seed.root, createdAt: ISSUED, snapshots: [forkBase] }), { anchors, clock: NOW, previous: { [seed.root]: { sequence: 1, digest: s1.digest } } }))).toEqual(['ERR_TR_SNAPSHOT_CHAIN']);

    // Rollback: the verifier has seen sequence 2; the bundle offers sequence 1.
    const rolled = verifyBundle(createBundle({ root: seed.root, createdAt: ISSUED, snapshots: [s1] }), { anchors, clock: NOW, previous: { [seed.root]: { sequence: 2, digest: s2.digest } } });
    expect(codes(rolled)).toEqual(['ERR_TR_SNAPSHOT_ROLLBACK']);
    // Out of order inside a bundle.
    expect(codes(verifyBundle(createBundle({ root: seed.root, createdAt: ISSUED, snapshots: [s2, s1] }), { anchors, clock: NOW }))).toEqual(['ERR_TR_SNAPSHOT_ROLLBACK']);
    // The producer refuses to sign a non-increasing sequence.
    await expect(createSnapshot(hub, { signer: signerFor(seed.root), issuedAt: ISSUED, nextUpdate: NEXT, previous: s1 })).rejects.toMatchObject({ code: 'ERR_TR_SNAPSHOT_SEQUENCE' });
  });

  it('rewritten history between chained snapshots → ERR_TR_HISTORY_REWRITTEN', async () => {
    const { seed, snapshots, anchors, signerFor } = await publishAll();
    const next = structuredClone(seed.registries.hub);
    next.sequence = 2;
    next.authorizations[1]!.history = [{ status: 'active', at: '2025-02-01T00:00:00Z' }];
    const s2 = await createSnapshot(next, { signer: signerFor(seed.root), issuedAt: ISSUED, nextUpdate: NEXT, previous: snapshots[seed.root]! });
    expect(codes(verifyBundle(createBundle({ root: seed.root, createdAt: ISSUED, snapshots: [snapshots[seed.root]!, s2] }), { anchors, clock: NOW }))).toEqual(['ERR_TR_HISTORY_REWRITTEN']);
  });

  it('stale snapshot → ERR_TR_SNAPSHOT_STALE, kept, and evaluations fail closed (indeterminate, TR_SNAPSHOT_STALE)', async () => {
    const { seed, snapshots, anchors } = await publishAll();
    const later = fixedClock('2025-06-03T00:00:00Z');
    const bundle = createBundle({ root: seed.root, createdAt: ISSUED, snapshots: Object.values(snapshots) });
    const v = verifyBundle(bundle, { anchors, clock: later });
    expect(v.verified).toBe(false);
    expect(new Set(codes(v))).toEqual(new Set(['ERR_TR_SNAPSHOT_STALE']));
    expect(v.registries.every((r) => r.stale)).toBe(true);
    const index = indexFromBundle(v);
    const d = evaluate(index, { entity: seed.entities.bcRegistries, action: 'issue', credentialType: T.BusinessRegistration, jurisdiction: 'CA-BC', at: '2025-06-03T00:00:00Z' });
    expect(d.decision).toBe('indeterminate');
    expect(d.reasons.map((r) => r.code)).toEqual(['TR_SNAPSHOT_STALE']);
    // With a grace period the same bundle is usable.
    expect(verifyBundle(bundle, { anchors, clock: later, graceSeconds: 86_400 }).verified).toBe(true);
    expect(evaluate(indexFromBundle(v, { graceSeconds: 86_400 }), { entity: seed.entities.bcRegistries, action: 'issue', credentialType: T.BusinessRegistration, jurisdiction: 'CA-BC', at: '2025-06-03T00:00:00Z' }).decision).toBe('trusted');
  });

  it('a stale peer makes decisions through it indeterminate while the root is fresh', async () => {
    const { seed, snapshots, anchors, signerFor } = await publishAll();
    const bc = seed.registries.bc.registry.id;
    const oldBc = await createSnapshot(seed.registries.bc, { signer: signerFor(bc), issuedAt: '2025-05-01T00:00:00Z', nextUpdate: '2025-05-02T00:00:00Z' });
    const v = verifyBundle(createBundle({ root: seed.root, createdAt: ISSUED, snapshots: [snapshots[seed.root]!, oldBc] }), { anchors, clock: NOW });
    expect(codes(v)).toEqual(['ERR_TR_SNAPSHOT_STALE']);
    const d = evaluate(indexFromBundle(v), { entity: seed.entities.bcRegistries, action: 'issue', credentialType: T.BusinessRegistration, jurisdiction: 'CA-BC', at: '2025-06-01T12:00:00Z' });
    expect(d.decision).toBe('indeterminate');
    expect(d.path.map((p) => p.id)).toContain(bc);
  });
});

describe('deltas', () => {
  it('carries the changes since sequence N, signed, and reproduces the later state exactly', async () => {
    const { seed, signerFor } = await publishAll();
    const from = seed.registries.bc;
    const to = structuredClone(from);
    to.sequence = 2;
    to.authorizations[1]!.history = appendStatusEvent(to.authorizations[1]!.history, { status: 'suspended', at: '2025-06-01T00:00:00Z', reason: 'audit' });
    to.entities.push({ id: 'did:web:new-issuer.example', name: 'New Issuer', roles: ['issuer'], jurisdiction: 'CA-BC', identifiers: [] });
    const delta = createDelta(from, to);
    expect(delta.upsert.authorizations).toHaveLength(1);
    expect(delta.upsert.entities).toHaveLength(1);
    const jws = await signDelta(delta, signerFor(from.registry.id));
    const verified = verifyDelta(jws, from.registry.snapshotKeys);
    expect(applyDelta(from, verified)).toEqual(to);
    expect(() => verifyDelta(jws, seed.registries.ab.registry.snapshotKeys)).toThrowError(expect.objectContaining({ code: 'ERR_TR_SNAPSHOT_SIGNATURE' }) as never);
    expect(() => applyDelta(to, delta)).toThrowError(expect.objectContaining({ code: 'ERR_TR_DELTA_MISMATCH' }) as never);
    const rewriting = createDelta(to, { ...structuredClone(to), sequence: 3, authorizations: to.authorizations.map((a) => ({ ...a, history: [{ status: 'active' as const, at: '2025-01-02T00:00:00Z' }] })) });
    expect(() => applyDelta(to, rewriting)).toThrowError(expect.objectContaining({ code: 'ERR_TR_HISTORY_REWRITTEN' }) as never);
  });
});
