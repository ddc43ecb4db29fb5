/**
 * Status in the verification pipeline, end to end (issue 4 item 4): real status list credentials
 * signed with `issueCredential`, served from a node:http server on 127.0.0.1 (and from a map), checked
 * by `createStatusCheck` inside `verifyCredential` / `verifyPresentation`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, isTrustBridgeError, type Signer } from '@trustbridge/core';
import { createEd25519Signer, generateEd25519KeyPair } from '@trustbridge/keys';
import { didKeyFromEd25519PublicKey } from '@trustbridge/did';
import { createBitstring, createStatusListCredential, setStatus } from '@trustbridge/status-list';
import {
  createPresentation,
  createStatusCheck,
  issueCredential,
  signPresentation,
  verifyCredential,
  verifyPresentation,
  type PipelineResult,
} from '@trustbridge/vc';

const V2 = 'https://www.w3.org/ns/credentials/v2';
const EX = 'https://www.w3.org/ns/credentials/examples/v2';
const NOW = '2025-06-01T12:00:00Z';
const clock = fixedClock(NOW);

function party(seedByte: number): { did: string; signer: Signer } {
  const { publicKey, secretKey } = generateEd25519KeyPair(new Uint8Array(32).fill(seedByte));
  const did = didKeyFromEd25519PublicKey(publicKey);
  return { did, signer: createEd25519Signer({ id: `${did}#${did.slice('did:key:'.length)}`, secretKey: secretKey! }) };
}
const issuer = party(11);
const otherIssuer = party(12);
const holder = party(13);

const REVOKED_INDEX = 42;
const SUSPENDED_INDEX = 9;
const FREE_INDEX = 7;

let server: Server;
let base = '';
const bodies = new Map<string, string>();

async function signedList(id: string, purpose: 'revocation' | 'suspension', setIndex: number, by = issuer): Promise<Record<string, unknown>> {
  const bits = createBitstring();
  setStatus(bits, setIndex, 1);
  const unsigned = createStatusListCredential({ id, issuer: by.did, statusPurpose: purpose, bitstring: bits, validFrom: '2025-01-01T00:00:00Z', validUntil: '2026-01-01T00:00:00Z' });
  return (await issueCredential(unsigned, { signer: by.signer, clock })) as unknown as Record<string, unknown>;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const body = bodies.get(req.url ?? '');
    if (body === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/vc', 'cache-control': 'max-age=300' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const revocation = await signedList(`${base}/status/revocation`, 'revocation', REVOKED_INDEX);
  const suspension = await signedList(`${base}/status/suspension`, 'suspension', SUSPENDED_INDEX);
  const foreign = await signedList(`${base}/status/foreign`, 'revocation', REVOKED_INDEX, otherIssuer);
  // Tampered: sign a list with nothing set, then flip the bit in the signed document.
  const honest = await signedList(`${base}/status/tampered`, 'revocation', 0);
  const flipped = createBitstring();
  setStatus(flipped, REVOKED_INDEX, 1);
  const forged = createStatusListCredential({ id: `${base}/status/tampered`, issuer: issuer.did, statusPurpose: 'revocation', bitstring: flipped });
  const tampered = { ...honest, credentialSubject: forged.credentialSubject };
  bodies.set('/status/revocation', JSON.stringify(revocation));
  bodies.set('/status/suspension', JSON.stringify(suspension));
  bodies.set('/status/foreign', JSON.stringify(foreign));
  bodies.set('/status/tampered', JSON.stringify(tampered));
  bodies.set('/status/huge', JSON.stringify({ ...revocation, padding: 'x'.repeat(70_000) }));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const entry = (list: string, purpose: 'revocation' | 'suspension', index: number) => ({
  type: 'BitstringStatusListEntry',
  statusPurpose: purpose,
  statusListIndex: String(index),
  statusListCredential: `${base}/status/${list}`,
});

async function issued(credentialStatus: unknown) {
  return issueCredential(
    {
      '@context': [V2, EX],
      type: ['VerifiableCredential', 'ExampleBusinessCredential'],
      issuer: issuer.did,
      validFrom: '2025-02-01T00:00:00Z',
      credentialSubject: { id: holder.did, legalName: 'Example Ventures Ltd.' },
      credentialStatus,
    },
    { signer: issuer.signer, clock },
  );
}

const httpCheck = (extra: Partial<Parameters<typeof createStatusCheck>[0]> = {}) =>
  createStatusCheck({ fetch: (url, init) => fetch(url, init), verifyOptions: { clock }, ...extra });
const statusOf = (r: PipelineResult) => r.checks.find((c) => c.id === 'status')!;
const codes = (r: PipelineResult) => r.problems.map((p) => p.code);

describe('createStatusCheck over loopback HTTP', () => {
  it('valid: an unset entry in a verified list passes, with the entries in details', async () => {
    const vc = await issued([entry('revocation', 'revocation', FREE_INDEX), entry('suspension', 'suspension', FREE_INDEX)]);
    const r = await verifyCredential(vc, { clock, checkStatus: httpCheck() });
    expect(r.verified).toBe(true);
    expect(r.outcome).toBe('verified');
    expect(statusOf(r)).toMatchObject({ status: 'passed', details: { outcome: 'valid', entries: [{ statusPurpose: 'revocation', index: FREE_INDEX, value: 0 }, { statusPurpose: 'suspension', value: 0 }] } });
  });

  it('revoked → ERR_STATUS_REVOKED, rejected', async () => {
    const vc = await issued(entry('revocation', 'revocation', REVOKED_INDEX));
    const r = await verifyCredential(vc, { clock, checkStatus: httpCheck() });
    expect(r.verified).toBe(false);
    expect(r.outcome).toBe('rejected');
    expect(codes(r)).toEqual(['ERR_STATUS_REVOKED']);
    expect(statusOf(r)).toMatchObject({ status: 'failed', code: 'ERR_STATUS_REVOKED', details: { outcome: 'revoked' } });
  });

  it('suspended → ERR_STATUS_SUSPENDED', async () => {
    const vc = await issued([entry('revocation', 'revocation', FREE_INDEX), entry('suspension', 'suspension', SUSPENDED_INDEX)]);
    const r = await verifyCredential(vc, { clock, checkStatus: httpCheck() });
    expect(codes(r)).toEqual(['ERR_STATUS_SUSPENDED']);
    expect(statusOf(r).details).toMatchObject({ outcome: 'suspended' });
  });

  it('a tampered list → ERR_STATUS_LIST_VERIFICATION (STATUS_VERIFICATION_ERROR), never a pass', async () => {
    const vc = await issued(entry('tampered', 'revocation', FREE_INDEX));
    const r = await verifyCredential(vc, { clock, checkStatus: httpCheck() });
    expect(r.outcome).toBe('rejected');
    expect(r.problems).toMatchObject([{ code: 'ERR_STATUS_LIST_VERIFICATION', specCode: 'STATUS_VERIFICATION_ERROR' }]);
  });

  it('a list signed by another issuer → ERR_STATUS_LIST_ISSUER_MISMATCH', async () => {
    const vc = await issued(entry('foreign', 'revocation', FREE_INDEX));
    const r = await verifyCredential(vc, { clock, checkStatus: httpCheck() });
    expect(r.problems).toMatchObject([{ code: 'ERR_STATUS_LIST_ISSUER_MISMATCH', specCode: 'STATUS_VERIFICATION_ERROR' }]);
  });

  it('unreachable (404) with the default policy → ERR_STATUS_LIST_RETRIEVAL, rejected', async () => {
    const vc = await issued(entry('missing', 'revocation', FREE_INDEX));
    const r = await verifyCredential(vc, { clock, checkStatus: httpCheck() });
    expect(r.verified).toBe(false);
    expect(r.outcome).toBe('rejected');
    expect(r.problems).toMatchObject([{ code: 'ERR_STATUS_LIST_RETRIEVAL', specCode: 'STATUS_RETRIEVAL_ERROR' }]);
    expect(statusOf(r).details).toMatchObject({ outcome: 'error' });
  });

  it("unreachable with onRetrievalFailure: 'refer' → the check fails, outcome refer, verified false", async () => {
    const vc = await issued(entry('missing', 'revocation', FREE_INDEX));
    const r = await verifyCredential(vc, { clock, checkStatus: httpCheck({ onRetrievalFailure: 'refer' }) });
    expect(r.verified).toBe(false);
    expect(r.outcome).toBe('refer');
    expect(statusOf(r)).toMatchObject({ status: 'failed', code: 'ERR_STATUS_LIST_RETRIEVAL', details: { outcome: 'refer' } });
  });

  it("'refer' never softens a tampered list or a revocation", async () => {
    const checkStatus = httpCheck({ onRetrievalFailure: 'refer' });
    const tampered = await verifyCredential(await issued(entry('tampered', 'revocation', FREE_INDEX)), { clock, checkStatus });
    expect(tampered.outcome).toBe('rejected');
    const revoked = await verifyCredential(
      await issued([entry('revocation', 'revocation', REVOKED_INDEX), entry('missing', 'suspension', FREE_INDEX)]),
      { clock, checkStatus },
    );
    expect(revoked.outcome).toBe('rejected');
    expect(codes(revoked)[0]).toBe('ERR_STATUS_REVOKED');
  });

  it('a closed port and an oversized body are retrieval failures', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const vc = await issued({ ...entry('revocation', 'revocation', FREE_INDEX), statusListCredential: `http://127.0.0.1:${port}/status/1` });
    const r = await verifyCredential(vc, { clock, checkStatus: httpCheck() });
    expect(codes(r)).toEqual(['ERR_STATUS_LIST_RETRIEVAL']);
    const huge = await verifyCredential(await issued(entry('huge', 'revocation', FREE_INDEX)), { clock, checkStatus: httpCheck({ maxResponseBytes: 64 * 1024 }) });
    expect(codes(huge)).toEqual(['ERR_STATUS_LIST_RETRIEVAL']);
  });

  it('caches the verified list: a second check does not fetch again', async () => {
    let fetches = 0;
    const checkStatus = createStatusCheck({
      fetch: (url, init) => (fetches++, fetch(url, init)),
      verifyOptions: { clock },
    });
    const vc = await issued(entry('revocation', 'revocation', FREE_INDEX));
    await verifyCredential(vc, { clock, checkStatus });
    await verifyCredential(vc, { clock, checkStatus });
    expect(fetches).toBe(1);
    expect(checkStatus.cacheSize).toBe(1);
    checkStatus.clearCache();
    expect(checkStatus.cacheSize).toBe(0);
  });

  it('a presentation whose credential is only referred is a refer', async () => {
    const vc = await issued(entry('missing', 'revocation', FREE_INDEX));
    const vp = await signPresentation(createPresentation({ verifiableCredential: vc, holder: holder.did }), { signer: holder.signer, challenge: 'n-1', clock });
    const r = await verifyPresentation(vp, { challenge: 'n-1', clock, checkStatus: httpCheck({ onRetrievalFailure: 'refer' }) });
    expect(r.verified).toBe(false);
    expect(r.outcome).toBe('refer');
    expect(r.credentials[0]!.outcome).toBe('refer');
  });
});

describe('createStatusCheck with fetchCredential', () => {
  it('reads lists from an injected loader (objects or JSON text)', async () => {
    const lists = new Map([[`${base}/status/revocation`, bodies.get('/status/revocation')!]]);
    const checkStatus = createStatusCheck({
      fetchCredential: async (url) => {
        const body = lists.get(url);
        if (body === undefined) throw new Error('not found');
        return JSON.parse(body);
      },
      verifyOptions: { clock },
    });
    expect((await verifyCredential(await issued(entry('revocation', 'revocation', FREE_INDEX)), { clock, checkStatus })).verified).toBe(true);
    expect(codes(await verifyCredential(await issued(entry('revocation', 'revocation', REVOKED_INDEX)), { clock, checkStatus }))).toEqual(['ERR_STATUS_REVOKED']);
  });

  it('a credential without credentialStatus: the status check is skipped', async () => {
    const checkStatus = createStatusCheck({ fetchCredential: async () => ({}) });
    const r = await verifyCredential(await issued(undefined), { clock, checkStatus });
    expect(r.verified).toBe(true);
    expect(statusOf(r).status).toBe('skipped');
  });

  it('misuse throws ERR_VC_OPTIONS_INVALID', () => {
    for (const bad of [{}, { fetch: 1 }, { fetchCredential: async () => ({}), onRetrievalFailure: 'maybe' }, { fetchCredential: async () => ({}), maxCacheEntries: -1 }]) {
      try {
        createStatusCheck(bad as never);
        throw new Error('expected a throw');
      } catch (e) {
        expect(isTrustBridgeError(e) ? e.code : e).toBe('ERR_VC_OPTIONS_INVALID');
      }
    }
  });
});
