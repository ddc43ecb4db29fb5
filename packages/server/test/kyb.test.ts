/**
 * The KYB decision over HTTP (real requests to 127.0.0.1) and in the CLI. Credentials are signed with
 * the trust-registry seed's pilot issuer keys (as in packages/kyb's tests), presentations by fixed
 * holder keys; fixed clock; audit records in an in-memory embedded store.
 */
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '@trustbridge/core';
import { createDidResolver } from '@trustbridge/did';
import { createDocumentLoader } from '@trustbridge/jsonld';
import { createEd25519Signer, encodeEd25519SecretKeyMultibase, type Ed25519KeyPair } from '@trustbridge/keys';
import { KYB_AUDIT_RECORD_KIND, KybCodes, bcBankKybPolicy, policyDigest, verifyAuditRecord } from '@trustbridge/kyb';
import { listAuditRecords, openEmbeddedStore, type SqlClient } from '@trustbridge/store';
import { didKeyFromEd25519, pilotKeyPair, seedPilotRegistries } from '@trustbridge/trust-registry';
import { createPresentation, issueCredential, signPresentation } from '@trustbridge/vc';
import { samples, vocabContexts, type VocabCredential } from '@trustbridge/vocab';
import { runCli, type CliIo } from '../src/cli.js';
import { createServiceApp, finishServiceApp } from '../src/http.js';
import { createSilentLogger } from '../src/logger.js';
import { startServer, type RunningServer } from '../src/server.js';
import { createKybRouter, createPilotKybTrust, KybHttpCodes } from '../src/kyb/index.js';
import { post, request } from './helpers.js';

const NOW = '2025-06-01T00:00:00Z';
const CHALLENGE = 'kyb-nonce-7f3a9c';
const DOMAIN = 'https://maplebank.pilot.example';
const clock = fixedClock(NOW);
const seed = seedPilotRegistries();
const documentLoader = createDocumentLoader({ extraContexts: vocabContexts as Record<string, unknown>, didResolver: createDidResolver() });

interface Party {
  keys: Ed25519KeyPair;
  did: string;
  signer: ReturnType<typeof createEd25519Signer>;
}
function party(keys: Ed25519KeyPair): Party {
  const did = didKeyFromEd25519(keys.publicKey);
  return { keys, did, signer: createEd25519Signer({ id: `${did}#${did.slice('did:key:'.length)}`, secretKey: keys.secretKey! }) };
}
const bcRegistries = party(seed.keys['bc-registries']!);
const serviceBc = party(seed.keys['service-bc']!);
const bank = party(seed.keys['maple-commerce-bank']!);
const maya = party(pilotKeyPair('holder-maya-singh'));

async function issue(sample: VocabCredential, issuer: Party, subject?: (s: Record<string, unknown>) => void): Promise<Record<string, unknown>> {
  const vc = structuredClone(sample) as unknown as Record<string, unknown>;
  vc.issuer = issuer.did;
  const s = vc.credentialSubject as Record<string, unknown>;
  s.id = maya.did;
  subject?.(s);
  return (await issueCredential(vc as never, { signer: issuer.signer, documentLoader, clock: fixedClock(String(vc.validFrom)), cryptosuite: 'eddsa-jcs-2022' })) as unknown as Record<string, unknown>;
}

/** Maya Singh, BC sole proprietor: representative (BC Digital Business Card form) + person credential, presented. */
async function mayaPresentation(rep?: (s: Record<string, unknown>) => void): Promise<unknown> {
  const representative = await issue(samples.bcSoleProprietorRepresentative, bcRegistries, (s) => {
    s.givenName = 'MAYA PREET';
    s.familyName = 'SINGH';
    rep?.(s);
  });
  const person = await issue(samples.bcPersonIdentity, serviceBc);
  const vp = createPresentation({ verifiableCredential: [representative, person], holder: maya.did });
  return signPresentation(vp, { signer: maya.signer, challenge: CHALLENGE, domain: DOMAIN, documentLoader, clock, cryptosuite: 'eddsa-jcs-2022' });
}

const failedCodes = (body: { checks: Array<{ status: string; code: string }> }) => body.checks.filter((c) => c.status === 'failed').map((c) => c.code).sort();

let store: SqlClient;
let server: RunningServer;
let base: string;
let approveVp: unknown;
let dissolvedVp: unknown;
let dir: string;

beforeAll(async () => {
  store = await openEmbeddedStore();
  const { trustClient, registrySnapshot } = createPilotKybTrust(clock);
  const logger = createSilentLogger();
  const app = createServiceApp({ logger });
  app.use(createKybRouter({ policy: bcBankKybPolicy, trustClient, registrySnapshot, store, verifierSigner: bank.signer, clock, verifyOptions: { resolver: createDidResolver() }, logger }));
  finishServiceApp(app, { logger });
  server = await startServer({ app, host: '127.0.0.1', port: 0 });
  base = server.url.replace(/\/$/, '');
  approveVp = await mayaPresentation();
  dissolvedVp = await mayaPresentation((s) => ((s.business as Record<string, unknown>).status = 'DISSOLVED'));
  dir = mkdtempSync(join(tmpdir(), 'tb-kyb-'));
}, 60_000);

afterAll(async () => {
  await server?.close();
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('POST /kyb/evaluate', () => {
  it('approves Maya Singh (BC sole proprietor), stores a signed audit record that GET /kyb/audit/:id returns unchanged', async () => {
    const res = await post(`${base}/kyb/evaluate`, { verifiablePresentation: approveVp, options: { challenge: CHALLENGE, domain: DOMAIN } });
    expect(res.status).toBe(200);
    expect(res.body.decision).toBe('approve');
    expect(failedCodes(res.body)).toEqual([]);
    expect(res.body.reasons).toEqual([]);
    expect(res.body.gaps.map((g: { code: string }) => g.code)).toContain(KybCodes.GAP_SCREENING);
    const record = res.body.auditRecord;
    expect(record).toMatchObject({ type: 'KybAuditRecord', decision: 'approve', policy: { id: bcBankKybPolicy.id, version: '1.0.0', digest: policyDigest(bcBankKybPolicy) } });
    expect(record.proof.kid).toBe(bank.signer.id);
    expect(await verifyAuditRecord(record, { publicKey: bank.keys.publicKey })).toMatchObject({ verified: true, problems: [] });

    const got = await request(`${base}/kyb/audit/${encodeURIComponent(record.id)}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(record);
    expect((await verifyAuditRecord(got.body, { publicKey: bank.keys.publicKey })).verified).toBe(true);
    const stored = await listAuditRecords(store, { kind: KYB_AUDIT_RECORD_KIND });
    expect(stored.map((r) => r.id)).toContain(record.id);
  });

  it('the same request again answers the same stored record (content-derived id, no conflict)', async () => {
    const a = await post(`${base}/kyb/evaluate`, { verifiablePresentation: approveVp, options: { challenge: CHALLENGE, domain: DOMAIN } });
    const b = await post(`${base}/kyb/evaluate`, { verifiablePresentation: approveVp, options: { challenge: CHALLENGE, domain: DOMAIN } });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body.auditRecord).toEqual(a.body.auditRecord);
  });

  it('declines a dissolved business with ERR_KYB_BUSINESS_NOT_ACTIVE (200: the decision is data), and records it', async () => {
    const res = await post(`${base}/kyb/evaluate`, { verifiablePresentation: dissolvedVp, options: { challenge: CHALLENGE, domain: DOMAIN } });
    expect(res.status).toBe(200);
    expect(res.body.decision).toBe('decline');
    expect(failedCodes(res.body)).toEqual([KybCodes.BUSINESS_NOT_ACTIVE]);
    expect(res.body.reasons.map((r: { code: string }) => r.code)).toEqual([KybCodes.BUSINESS_NOT_ACTIVE]);
    expect(res.body.auditRecord.decision).toBe('decline');
    expect(res.body.auditRecord.reasons.map((r: { code: string }) => r.code)).toEqual([KybCodes.BUSINESS_NOT_ACTIVE]);
    expect((await request(`${base}/kyb/audit/${encodeURIComponent(res.body.auditRecord.id)}`)).body).toEqual(res.body.auditRecord);
  });

  it('declines a presentation made for another challenge (replay) with ERR_KYB_PRESENTATION_NOT_VERIFIED', async () => {
    const res = await post(`${base}/kyb/evaluate`, { verifiablePresentation: approveVp, options: { challenge: 'another-nonce', domain: DOMAIN } });
    expect(res.status).toBe(200);
    expect(res.body.decision).toBe('decline');
    expect(failedCodes(res.body)).toContain(KybCodes.PRESENTATION_NOT_VERIFIED);
  });

  it('refers bare credentials (holder not proven) with ERR_KYB_HOLDER_NOT_PROVEN', async () => {
    const vcs = (approveVp as { verifiableCredential: unknown[] }).verifiableCredential;
    const res = await post(`${base}/kyb/evaluate`, { verifiableCredentials: vcs });
    expect(res.status).toBe(200);
    expect(res.body.decision).toBe('refer');
    expect(failedCodes(res.body)).toEqual([KybCodes.HOLDER_NOT_PROVEN]);
  });

  it.each([
    ['malformed JSON', '{"verifiablePresentation": ', 'ERR_JSON_MALFORMED', undefined],
    ['no credential at all', { options: { challenge: CHALLENGE } }, KybHttpCodes.INPUT_INVALID, '/verifiablePresentation'],
    ['a presentation without a challenge', { verifiablePresentation: { type: ['VerifiablePresentation'] } }, KybHttpCodes.INPUT_INVALID, '/options/challenge'],
    ['a presentation that is a number', { verifiablePresentation: 7, options: { challenge: CHALLENGE } }, KybHttpCodes.INPUT_INVALID, '/verifiablePresentation'],
    ['an empty credential list', { verifiableCredentials: [] }, KybHttpCodes.INPUT_INVALID, '/verifiableCredentials'],
    ['a credential that is null', { verifiableCredentials: [null] }, KybHttpCodes.INPUT_INVALID, '/verifiableCredentials/0'],
    ['both a presentation and credentials', { verifiablePresentation: {}, verifiableCredentials: [{}], options: { challenge: CHALLENGE } }, KybHttpCodes.INPUT_INVALID, '/verifiableCredentials'],
    ['options that are not an object', { verifiableCredentials: [{}], options: 'x' }, KybHttpCodes.INPUT_INVALID, '/options'],
  ])('%s → 400 problem document %s', async (_name, body, code, path) => {
    const res = await post(`${base}/kyb/evaluate`, body);
    expect(res.status).toBe(400);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code });
    if (path) expect(res.body.type).toBe(`urn:trustbridge:problem:${code}`);
    if (path) expect(res.body.problems[0]).toMatchObject({ code, path });
  });

  it('answers 405 with Allow for GET /kyb/evaluate', async () => {
    const res = await request(`${base}/kyb/evaluate`);
    expect(res.status).toBe(405);
    expect(res.body.code).toBe('ERR_HTTP_METHOD_NOT_ALLOWED');
    expect(res.headers.get('allow')).toBe('POST');
  });
});

describe('GET /kyb/audit/:id and /kyb/policy', () => {
  it('an unknown audit id → 404 ERR_KYB_AUDIT_NOT_FOUND', async () => {
    const res = await request(`${base}/kyb/audit/${encodeURIComponent('urn:trustbridge:kyb-audit:nope')}`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ status: 404, code: KybHttpCodes.AUDIT_NOT_FOUND });
  });

  it('names the active policy with its digest and the verifier key', async () => {
    const res = await request(`${base}/kyb/policy`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: bcBankKybPolicy.id, version: bcBankKybPolicy.version, digest: policyDigest(bcBankKybPolicy), verifier: { verificationMethod: bank.signer.id } });
    expect(res.body.policy).toEqual(JSON.parse(JSON.stringify(bcBankKybPolicy)));
  });
});

async function cli(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: async () => '', env };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

function write(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

describe('trustbridge kyb', () => {
  const bankSecret = () => encodeEd25519SecretKeyMultibase(bank.keys.secretKey!.slice(0, 32));

  it('evaluate: approve → exit 0, writes a signed audit record that verify-audit accepts (exit 0)', async () => {
    const vp = write('approve.json', approveVp);
    const out = join(dir, 'audit-approve.json');
    const run = await cli(['kyb', 'evaluate', '--presentation', vp, '--challenge', CHALLENGE, '--domain', DOMAIN, '--now', NOW, '--audit-out', out], { TRUSTBRIDGE_SECRET_KEY: bankSecret() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ decision: 'approve', reasons: [] });
    const verified = await cli(['kyb', 'verify-audit', out]);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ verified: true, decision: 'approve' });
    // A changed decision no longer verifies: exit 1, ERR_KYB_AUDIT_TAMPERED.
    const tampered = JSON.parse(readFileSync(out, 'utf8'));
    tampered.decision = 'decline';
    const bad = await cli(['kyb', 'verify-audit', write('audit-tampered.json', tampered)]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).problems.map((p: { code: string }) => p.code)).toEqual(['ERR_KYB_AUDIT_TAMPERED']);
  });

  it('evaluate: dissolved business → exit 4 with ERR_KYB_BUSINESS_NOT_ACTIVE; bare credentials → exit 3 (refer)', async () => {
    const declined = await cli(['kyb', 'evaluate', '--presentation', write('dissolved.json', dissolvedVp), '--challenge', CHALLENGE, '--domain', DOMAIN, '--now', NOW]);
    expect(declined.code).toBe(4);
    const body = JSON.parse(declined.stdout);
    expect(body.decision).toBe('decline');
    expect(failedCodes(body)).toEqual([KybCodes.BUSINESS_NOT_ACTIVE]);
    const files = (approveVp as { verifiableCredential: unknown[] }).verifiableCredential.map((vc, i) => write(`vc-${i}.json`, vc));
    const referred = await cli(['kyb', 'evaluate', '--credential', ...files, '--now', NOW]);
    expect(referred.code).toBe(3);
    expect(JSON.parse(referred.stdout).decision).toBe('refer');
  });

  it('usage errors exit 2: no input, a presentation without --challenge, an unreadable file', async () => {
    expect((await cli(['kyb', 'evaluate'])).code).toBe(2);
    const noChallenge = await cli(['kyb', 'evaluate', '--presentation', write('vp2.json', approveVp)]);
    expect(noChallenge.code).toBe(2);
    expect(noChallenge.stderr).toMatch(/ERR_CLI_USAGE/);
    const missing = await cli(['kyb', 'evaluate', '--presentation', join(dir, 'missing.json'), '--challenge', CHALLENGE]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/ERR_CLI_INPUT/);
  });

  it('--help lists the commands and exit codes', async () => {
    const help = await cli(['kyb', 'evaluate', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/3 refer, 4 decline/);
    expect((await cli(['kyb', '--help'])).stdout).toMatch(/verify-audit/);
  });
});

describe('KYB in the VC API service (createVcApiApp({ kyb }))', () => {
  it('mounts /kyb/* with the service issuer as the verifier key and the pilot registries as trust', async () => {
    const { createServiceIssuer } = await import('../src/issuer.js');
    const { createVcApiApp } = await import('../src/vc-api.js');
    const { createVerificationMethodResolver } = await import('@trustbridge/did');
    const issuer = await createServiceIssuer({ method: 'key', seed: new Uint8Array(32).fill(9) });
    const service = await startServer({ app: createVcApiApp({ issuer, clock, kyb: { store } }), host: '127.0.0.1', port: 0 });
    try {
      const url = service.url.replace(/\/$/, '');
      const res = await post(`${url}/kyb/evaluate`, { verifiablePresentation: approveVp, options: { challenge: CHALLENGE, domain: DOMAIN } });
      expect(res.status).toBe(200);
      expect(res.body.decision).toBe('approve');
      expect(res.body.auditRecord.proof.kid).toBe(issuer.signer.id);
      const check = await verifyAuditRecord(res.body.auditRecord, { resolveVerificationMethod: createVerificationMethodResolver(createDidResolver()) });
      expect(check.verified).toBe(true);
      expect((await request(`${url}/kyb/policy`)).body.verifier.verificationMethod).toBe(issuer.signer.id);
      const bad = await post(`${url}/kyb/evaluate`, {});
      expect([bad.status, bad.body.code]).toEqual([400, KybHttpCodes.INPUT_INVALID]);
    } finally {
      await service.close();
    }
  });
});
