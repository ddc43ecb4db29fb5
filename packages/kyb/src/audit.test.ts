/**
 * Audit records: created from an evaluation, signed with the bank's key (JCS + detached JWS, EdDSA),
 * verified with the public key or through the bank's DID; any change is ERR_KYB_AUDIT_TAMPERED.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, isTrustBridgeError } from '@trustbridge/core';
import { createDidResolver, createVerificationMethodResolver } from '@trustbridge/did';
import { buildTrustIndex, indexSnapshots, seedPilotRegistries } from '@trustbridge/trust-registry';
import { bcBankKybPolicy, createAuditRecord, evaluateKyb, verifyAuditRecord, KybErrorCodes, type KybAuditRecord, type KybEvaluation } from './index.js';
import { bank, holders, issue, issuers, NOW, present, samples, StatusLists, trustClient, verifyOptions } from './test/pilot.js';

const clock = fixedClock(NOW);
const seed = seedPilotRegistries();
const snapshots = indexSnapshots(buildTrustIndex(seed.states, { root: seed.root }));
let evaluation: KybEvaluation;
let record: KybAuditRecord;

beforeAll(async () => {
  const lists = new StatusLists();
  const rep = await issue(samples.bcSoleProprietorRepresentative, issuers.bcRegistries, { holder: holders.maya, status: lists });
  const person = await issue(samples.bcPersonIdentity, issuers.serviceBc, { holder: holders.maya, status: lists });
  lists.revoke(rep.status!.url, rep.status!.index);
  evaluation = await evaluateKyb(
    { presentation: await present(holders.maya, [rep.vc, person.vc]) },
    { policy: bcBankKybPolicy, trustClient: trustClient(clock), clock, verifyOptions: verifyOptions(lists, clock) },
  );
  record = await createAuditRecord(evaluation, { policy: bcBankKybPolicy, verifierSigner: bank.signer, clock, registrySnapshot: snapshots });
});

describe('createAuditRecord', () => {
  it('names the policy, time, decision, reasons, each credential (issuer, type, identifiers, digest, status, trust) and the snapshots', () => {
    expect(evaluation.decision).toBe('decline');
    expect(record).toMatchObject({
      type: 'KybAuditRecord',
      version: 1,
      id: expect.stringMatching(/^urn:trustbridge:kyb-audit:[0-9a-f]{64}$/),
      createdAt: NOW.replace('Z', '.000Z'),
      policy: { id: bcBankKybPolicy.id, version: '1.0.0', digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) },
      verifier: { verificationMethod: bank.signer.id },
      decision: 'decline',
      reasons: [{ check: 'credential-verified', code: 'ERR_KYB_CREDENTIAL_REVOKED', severity: 'decline', message: { en: expect.any(String), fr: expect.any(String) } }],
      registry: { snapshots },
      proof: { type: 'JsonWebSignature', alg: 'EdDSA', kid: bank.signer.id, jws: expect.stringMatching(/^[\w-]+\.\.[\w-]+$/) },
    });
    expect(record.credentials).toHaveLength(2);
    expect(record.credentials[0]).toMatchObject({
      type: 'BusinessRepresentativeCredential',
      issuer: issuers.bcRegistries.did,
      identifiers: { jurisdiction: 'CA-BC', registrationNumber: 'FM0055205', businessNumber: '870000042', relationshipId: '00000042' },
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
      status: { status: 'failed', code: 'ERR_STATUS_REVOKED', outcome: 'revoked' },
      trust: { decision: 'trusted', reasons: [], snapshot: { registry: seed.root } },
    });
    expect(record.checks.length).toBe(evaluation.checks.length);
  });

  it('keeps no personal data: names, birth date, address are absent', () => {
    const text = JSON.stringify(record);
    for (const personal of ['Maya', 'MAYA', 'Singh', 'SINGH', '1988-07-14', 'Menzies', 'V8V']) expect(text).not.toContain(personal);
  });

  it('is deterministic for the same evaluation, clock and key', async () => {
    const again = await createAuditRecord(evaluation, { policy: bcBankKybPolicy, verifierSigner: bank.signer, clock, registrySnapshot: snapshots });
    expect(again).toEqual(record);
  });

  it('refuses a policy other than the one evaluated, and a non-EdDSA signer → ERR_KYB_OPTIONS_INVALID', async () => {
    const other = createAuditRecord(evaluation, { policy: { ...bcBankKybPolicy, version: '1.0.1' }, verifierSigner: bank.signer, clock, registrySnapshot: snapshots });
    expect(isTrustBridgeError(await other.catch((e: unknown) => e), 'ERR_KYB_OPTIONS_INVALID')).toBe(true);
    const es256 = createAuditRecord(evaluation, { policy: bcBankKybPolicy, verifierSigner: { ...bank.signer, algorithm: 'ES256' }, clock, registrySnapshot: snapshots });
    expect(isTrustBridgeError(await es256.catch((e: unknown) => e), 'ERR_KYB_OPTIONS_INVALID')).toBe(true);
  });
});

describe('verifyAuditRecord', () => {
  it('verifies with the public key, through the bank DID, and after a JSON round trip', async () => {
    expect(await verifyAuditRecord(record, { publicKey: bank.keys.publicKey })).toEqual({ verified: true, problems: [], kid: bank.signer.id });
    const resolveVerificationMethod = createVerificationMethodResolver(createDidResolver());
    expect((await verifyAuditRecord(record, { resolveVerificationMethod })).verified).toBe(true);
    expect((await verifyAuditRecord(JSON.stringify(record, null, 2), { publicKey: bank.keys.publicKey })).verified).toBe(true);
  });

  const tampers: Array<[string, (r: KybAuditRecord) => void]> = [
    ['the decision', (r) => (r.decision = 'approve')],
    ['a reason removed', (r) => r.reasons.pop()],
    ['a credential digest', (r) => (r.credentials[0]!.digest = 'sha256:' + '0'.repeat(64))],
    ['a status result', (r) => (r.credentials[0]!.status = { status: 'passed' })],
    ['the snapshot sequence', (r) => (r.registry.snapshots[0]!.sequence = 2)],
    ['the policy version', (r) => (r.policy.version = '0.9.0')],
    ['the time', (r) => (r.evaluatedAt = '2025-06-02T00:00:00.000Z')],
    ['the id', (r) => (r.id = 'urn:trustbridge:kyb-audit:forged')],
    ['a member added', (r) => Object.assign(r, { note: 'approved by phone' })],
    ['the signature', (r) => (r.proof.jws = r.proof.jws.slice(0, -2) + (r.proof.jws.endsWith('AA') ? 'BA' : 'AA'))],
    ['the header (algorithm)', (r) => (r.proof.jws = Buffer.from(JSON.stringify({ alg: 'none', kid: r.proof.kid })).toString('base64url') + r.proof.jws.slice(r.proof.jws.indexOf('.')))],
  ];
  it.each(tampers)('detects a change to %s → ERR_KYB_AUDIT_TAMPERED', async (_label, change) => {
    const copy = structuredClone(record);
    change(copy);
    const result = await verifyAuditRecord(copy, { publicKey: bank.keys.publicKey });
    expect(result.verified).toBe(false);
    expect(result.problems.map((p) => p.code)).toEqual([KybErrorCodes.AUDIT_TAMPERED]);
  });

  it('a record signed by another key → ERR_KYB_AUDIT_TAMPERED', async () => {
    const result = await verifyAuditRecord(record, { publicKey: issuers.bcRegistries.keys.publicKey });
    expect(result.problems.map((p) => p.code)).toEqual([KybErrorCodes.AUDIT_TAMPERED]);
  });

  it('something that is not a record → ERR_KYB_AUDIT_MALFORMED; no key → throws ERR_KYB_OPTIONS_INVALID', async () => {
    for (const bad of ['{not json', { type: 'KybAuditRecord' }, { ...record, proof: { ...record.proof, jws: 'a.b.c' } }]) {
      const result = await verifyAuditRecord(bad, { publicKey: bank.keys.publicKey });
      expect(result.problems.map((p) => p.code)).toEqual([KybErrorCodes.AUDIT_MALFORMED]);
    }
    const error = await verifyAuditRecord(record, {}).catch((e: unknown) => e);
    expect(isTrustBridgeError(error, 'ERR_KYB_OPTIONS_INVALID')).toBe(true);
  });
});
