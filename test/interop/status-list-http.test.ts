/**
 * The status checker over real HTTP on 127.0.0.1, with the WHATWG fetch a verifier would inject:
 * a published list checks, a revocation shows after the cache lifetime, and a 404 or a closed port is a
 * STATUS_RETRIEVAL_ERROR (or `refer` when asked), never a pass.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBitstring, createStatusChecker, createStatusListCredential, setStatus } from '@trustbridge/status-list';

const ISSUER = 'did:example:issuer';
let server: Server;
let base = '';
let revoked = false;

function listBody(): string {
  const bits = createBitstring();
  if (revoked) setStatus(bits, 42, 1);
  return JSON.stringify(
    createStatusListCredential({ id: `${base}/status/1`, issuer: ISSUER, statusPurpose: 'revocation', bitstring: bits, ttl: 60_000 }),
  );
}

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/status/1') {
      res.writeHead(200, { 'content-type': 'application/vc', 'cache-control': 'max-age=60' });
      res.end(listBody());
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function fetchCredential(url: string): Promise<unknown> {
  const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.text();
}

function credential(url: string) {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    type: ['VerifiableCredential'],
    issuer: ISSUER,
    credentialSubject: {},
    credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '42', statusListCredential: url },
  };
}

describe('status checks over loopback HTTP', () => {
  it('reads a published list, and sees a revocation once the cached copy expires', async () => {
    let now = Date.parse('2025-06-01T00:00:00Z');
    const checkStatus = createStatusChecker({
      fetchCredential,
      verifyCredential: async () => ({ verified: true, problems: [] }),
      clock: () => new Date(now),
    });
    revoked = false;
    expect((await checkStatus(credential(`${base}/status/1`))).outcome).toBe('valid');
    revoked = true;
    expect((await checkStatus(credential(`${base}/status/1`))).outcome).toBe('valid'); // cached (ttl 60 s)
    now += 60_000;
    expect((await checkStatus(credential(`${base}/status/1`))).outcome).toBe('revoked');
  });
  it('a 404 → ERR_STATUS_LIST_RETRIEVAL / STATUS_RETRIEVAL_ERROR; refer when asked', async () => {
    const checkStatus = createStatusChecker({ fetchCredential, verifyCredential: async () => ({ verified: true, problems: [] }) });
    const result = await checkStatus(credential(`${base}/status/missing`));
    expect(result).toMatchObject({ ok: false, outcome: 'error', problems: [{ code: 'ERR_STATUS_LIST_RETRIEVAL', specCode: 'STATUS_RETRIEVAL_ERROR' }] });
    expect((await checkStatus(credential(`${base}/status/missing`), { onRetrievalFailure: 'refer' })).outcome).toBe('refer');
  });
  it('a closed port → ERR_STATUS_LIST_RETRIEVAL / STATUS_RETRIEVAL_ERROR', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const checkStatus = createStatusChecker({ fetchCredential, verifyCredential: async () => ({ verified: true, problems: [] }) });
    const result = await checkStatus(credential(`http://127.0.0.1:${port}/status/1`));
    expect(result).toMatchObject({ ok: false, outcome: 'error', problems: [{ code: 'ERR_STATUS_LIST_RETRIEVAL', specCode: 'STATUS_RETRIEVAL_ERROR' }] });
  });
});
