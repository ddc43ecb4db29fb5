/**
 * The issuer status service over real HTTP on 127.0.0.1, on BOTH store backends (embedded PGlite and
 * PostgreSQL): issue with `options.credentialStatus`, serve and verify the status list credential
 * (ETag / 304), revoke / suspend / reinstate through `POST /credentials/status` with the admin token,
 * the verify endpoint's status check, every refusal by its code, 200 concurrent issuances, and a new
 * list when one fills.
 *
 * Test configuration: lists of 1,024 entries (fill threshold 0.5) instead of the spec's 131,072
 * minimum, and 8 entries for the list-filling case, so that filling a list takes a handful of
 * issuances. The service lowers its own status check's minimum to the configured list size.
 */
import { deterministicRandom } from '@trustbridge/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStatusList, readStatusValue, type SqlClient } from '@trustbridge/store';
import { decodeBitstring, getStatus } from '@trustbridge/status-list';
import { createPresentation, signPresentation } from '@trustbridge/vc';
import { createServiceIssuer, createVcApiApp, startServer, type RunningServer } from '../src/index.js';
import { post, request, type HttpAnswer } from './helpers.js';
import { embeddedBackend, postgresBackend } from './backends.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const TOKEN = 'test-admin-token-0123456789abcdef';


const EXAMPLE_CONTEXT = {
  '@protected': true,
  BusinessRegistrationCredential: 'https://example.ca/vocab#BusinessRegistrationCredential',
  legalName: 'https://example.ca/vocab#legalName',
};

function vc2(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', EXAMPLE_CONTEXT],
    type: ['VerifiableCredential', 'BusinessRegistrationCredential'],
    validFrom: '2025-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:business', legalName: 'Okanagan Orchards Ltd.' },
    ...extra,
  };
}

const REVOCATION = { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' };
const SUSPENSION = { type: 'BitstringStatusListEntry', statusPurpose: 'suspension' };


describe.each([embeddedBackend(), postgresBackend()])('issuer status service on $name', (backend) => {
  let store: SqlClient;
  let server: RunningServer;
  let small: RunningServer;
  let disabled: RunningServer;
  let url = '';
  let now = NOW;
  const clock = () => new Date(now);

  const issue = (credential: Record<string, unknown>, options: Record<string, unknown> = { credentialStatus: REVOCATION }, base = url) =>
    post(`${base}/credentials/issue`, { credential, options });
  const update = (credentialId: string, status: string, token: string | null = TOKEN, base = url) =>
    request(`${base}/credentials/status`, {
      method: 'POST',
      body: { credentialId, credentialStatus: [{ type: 'BitstringStatusListCredential', status }] },
      ...(token !== null ? { headers: { authorization: `Bearer ${token}` } } : {}),
    });
  const verify = (vc: unknown) => post(`${url}/credentials/verify`, { verifiableCredential: vc });
  const listOf = async (listUrl: string) => {
    const res = await request(listUrl);
    expect(res.status).toBe(200);
    return res;
  };
  const bitOf = (list: HttpAnswer, index: string) =>
    getStatus(decodeBitstring(list.body.credentialSubject.encodedList, { minimumEntries: 8 }), Number(index));

  beforeAll(async () => {
    store = await backend.open();
    const start = async (seed: number, status: Record<string, unknown>) => {
      const issuer = await createServiceIssuer({ method: 'key', seed: new Uint8Array(32).fill(seed) });
      let running: RunningServer | undefined;
      const app = createVcApiApp({
        issuer,
        clock,
        status: { store, publicBaseUrl: () => running!.url, random: deterministicRandom(`status-${seed}`), ...status },
      });
      running = await startServer({ app, host: '127.0.0.1', port: 0 });
      return running;
    };
    server = await start(11, { adminToken: TOKEN, listSize: 1024, fillThreshold: 0.5 });
    small = await start(12, { adminToken: TOKEN, listSize: 8, fillThreshold: 0.5 });
    disabled = await start(13, { listSize: 1024 });
    url = server.url;
  });

  afterAll(async () => {
    await Promise.all([server?.close(), small?.close(), disabled?.close()]);
    await store?.close();
    await backend.dispose();
  });

  it('issues with a revocation entry at a random index, serves the signed list, and verifies', async () => {
    const res = await issue(vc2());
    expect(res.status).toBe(201);
    const vc = res.body.verifiableCredential;
    expect(vc.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const entry = vc.credentialStatus;
    expect(entry).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' });
    expect(entry.statusListIndex).toMatch(/^\d+$/);
    expect(entry.statusListCredential).toMatch(new RegExp(`^${url}/status-lists/[A-Za-z0-9_-]+$`));
    expect(entry.id).toBe(`${entry.statusListCredential}#${entry.statusListIndex}`);

    const list = await listOf(entry.statusListCredential);
    expect(list.contentType).toMatch(/^application\/vc\+ld\+json/);
    expect(list.headers.get('cache-control')).toBe('public, max-age=300');
    expect(list.headers.get('etag')).toMatch(/^"1\./);
    expect(list.body).toMatchObject({
      id: entry.statusListCredential,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: vc.issuer,
      credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'revocation', ttl: 300_000 },
      proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' },
    });
    expect(bitOf(list, entry.statusListIndex)).toBe(0);
    // The list credential itself verifies, and so does the credential, with its status check passed.
    expect((await verify(list.body)).status).toBe(200);
    const verified = await verify(vc);
    expect(verified.status).toBe(200);
    expect(verified.body.checks).toContainEqual(expect.objectContaining({ id: 'status', status: 'passed' }));
  });

  it('draws indexes at random, not in sequence', async () => {
    const indexes: number[] = [];
    for (let i = 0; i < 8; i++) indexes.push(Number((await issue(vc2())).body.verifiableCredential.credentialStatus.statusListIndex));
    expect(new Set(indexes).size).toBe(8);
    const steps = indexes.slice(1).map((x, i) => x - indexes[i]!);
    expect(steps.every((d) => d === 1)).toBe(false);
    expect([...indexes].sort((a, b) => a - b)).not.toEqual(indexes);
  });

  it('answers 304 to If-None-Match with the current ETag, and caches the signed list per version', async () => {
    const entry = (await issue(vc2())).body.verifiableCredential.credentialStatus;
    const first = await listOf(entry.statusListCredential);
    const etag = first.headers.get('etag')!;
    const again = await request(entry.statusListCredential, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe('public, max-age=300');
    expect(again.body).toBeUndefined();
    // Same version → the same signed bytes (no re-signing).
    expect((await listOf(entry.statusListCredential)).body).toEqual(first.body);
    expect((await request(entry.statusListCredential, { headers: { 'if-none-match': '"0.x", W/' + etag } })).status).toBe(304);
    expect((await request(entry.statusListCredential, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
  });

  it('revokes: the bit is set in a re-signed list, and the credential verifies as 422 ERR_STATUS_REVOKED', async () => {
    const vc = (await issue(vc2())).body.verifiableCredential;
    const entry = vc.credentialStatus;
    const before = await listOf(entry.statusListCredential);
    const res = await update(vc.id, 'revoked');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      credentialId: vc.id,
      credentialStatus: [{ type: 'BitstringStatusListCredential', status: 'revoked' }],
      statusChangedAt: new Date(NOW).toISOString(),
    });
    const after = await request(entry.statusListCredential, { headers: { 'if-none-match': before.headers.get('etag')! } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect(bitOf(after, entry.statusListIndex)).toBe(1);
    expect((await verify(after.body)).status).toBe(200);
    const verified = await verify(vc);
    expect(verified.status).toBe(422);
    expect(verified.body.verified).toBe(false);
    expect(verified.body.problems.map((p: { code: string }) => p.code)).toContain('ERR_STATUS_REVOKED');
    // The store agrees with what is served.
    const stored = await getStatusList(store, entry.statusListCredential.split('/').pop());
    expect(readStatusValue(stored.bits, Number(entry.statusListIndex))).toBe(1);
  });

  it('checks the status of credentials in a presentation: revoked → 422 with ERR_STATUS_REVOKED', async () => {
    const holder = await createServiceIssuer({ method: 'key', seed: new Uint8Array(32).fill(21) });
    const vc = (await issue(vc2())).body.verifiableCredential;
    const present = async (challenge: string) => {
      const vp = await signPresentation(createPresentation({ verifiableCredential: [vc], holder: holder.id }), {
        signer: holder.signer,
        challenge,
        domain: 'bank.example.ca',
        clock,
      });
      return post(`${url}/presentations/verify`, { verifiablePresentation: vp, options: { challenge, domain: 'bank.example.ca' } });
    };
    const valid = await present('c-status-1');
    expect(valid.status).toBe(200);
    expect(valid.body.credentials[0].checks).toContainEqual(expect.objectContaining({ id: 'status', status: 'passed' }));
    expect((await update(vc.id, 'revoked')).status).toBe(200);
    const revoked = await present('c-status-2');
    expect(revoked.status).toBe(422);
    expect(revoked.body.verified).toBe(false);
    expect(revoked.body.problems.map((p: { code: string }) => p.code)).toContain('ERR_VP_CREDENTIAL_FAILED');
    expect(revoked.body.problems[0].message).toContain('ERR_STATUS_REVOKED');
    expect(revoked.body.credentials[0].problems.map((p: { code: string }) => p.code)).toContain('ERR_STATUS_REVOKED');
  });

  it('suspends and reinstates: 422 ERR_STATUS_SUSPENDED, then valid again', async () => {
    const vc = (await issue(vc2(), { credentialStatus: [REVOCATION, SUSPENSION] })).body.verifiableCredential;
    expect(vc.credentialStatus).toHaveLength(2);
    expect(vc.credentialStatus.map((e: { statusPurpose: string }) => e.statusPurpose)).toEqual(['revocation', 'suspension']);
    expect(vc.credentialStatus[0].statusListCredential).not.toBe(vc.credentialStatus[1].statusListCredential);
    expect((await update(vc.id, 'suspended')).body.credentialStatus[0].status).toBe('suspended');
    const suspended = await verify(vc);
    expect(suspended.status).toBe(422);
    expect(suspended.body.problems.map((p: { code: string }) => p.code)).toContain('ERR_STATUS_SUSPENDED');
    expect((await update(vc.id, 'suspended')).body.code).toBe('ERR_STATUS_ALREADY_SUSPENDED');
    const reinstated = await update(vc.id, 'active');
    expect(reinstated.status).toBe(200);
    expect(reinstated.body.credentialStatus[0].status).toBe('active');
    expect((await verify(vc)).status).toBe(200);
    expect((await update(vc.id, 'active')).body.code).toBe('ERR_STATUS_NOT_SUSPENDED');
    // A suspended credential may still be revoked; then it can never be reinstated.
    await update(vc.id, 'suspended');
    expect((await update(vc.id, 'revoked')).status).toBe(200);
    const res = await update(vc.id, 'active');
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ERR_STATUS_REINSTATE_REVOKED');
  });

  it('refuses status updates without the admin token (401), with a wrong one (403), and when disabled (403)', async () => {
    const vc = (await issue(vc2())).body.verifiableCredential;
    const missing = await update(vc.id, 'revoked', null);
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe('ERR_AUTH_TOKEN_MISSING');
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer /);
    const wrong = await update(vc.id, 'revoked', `${TOKEN}x`);
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('ERR_AUTH_TOKEN_INVALID');
    const basic = await request(`${url}/credentials/status`, { method: 'POST', body: {}, headers: { authorization: `Basic ${TOKEN}` } });
    expect(basic.body.code).toBe('ERR_AUTH_TOKEN_INVALID');
    for (const token of [null, TOKEN]) {
      const off = await update(vc.id, 'revoked', token, disabled.url);
      expect(off.status).toBe(403);
      expect(off.body.code).toBe('ERR_AUTH_ADMIN_DISABLED');
    }
    // Nothing changed.
    expect((await verify(vc)).status).toBe(200);
  });

  it('answers an unknown credential with 404, a double revoke with 409, bad bodies with 400', async () => {
    const unknown = await update('urn:uuid:00000000-0000-4000-8000-000000000000', 'revoked');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('ERR_STATUS_CREDENTIAL_NOT_FOUND');
    const vc = (await issue(vc2())).body.verifiableCredential;
    expect((await update(vc.id, 'revoked')).status).toBe(200);
    const twice = await update(vc.id, 'revoked');
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('ERR_STATUS_ALREADY_REVOKED');
    // A credential of another issuer sharing the database is unknown to this one.
    const foreign = (await issue(vc2(), undefined, small.url)).body.verifiableCredential;
    expect((await update(foreign.id, 'revoked')).body.code).toBe('ERR_STATUS_CREDENTIAL_NOT_FOUND');
    // A credential with no suspension entry cannot be suspended.
    expect((await update(foreign.id, 'suspended', TOKEN, small.url)).body.code).toBe('ERR_STATUS_NO_ENTRY');
    for (const body of [
      {},
      { credentialId: '' },
      { credentialId: vc.id, credentialStatus: [] },
      { credentialId: vc.id, credentialStatus: [{ type: 'StatusList2021Credential', status: 'revoked' }] },
      { credentialId: vc.id, credentialStatus: [{ type: 'BitstringStatusListCredential', status: 'deleted' }] },
    ]) {
      const res = await request(`${url}/credentials/status`, { method: 'POST', body, headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('ERR_REQUEST_INVALID');
    }
  });

  it('refuses bad credentialStatus options, unknown lists, and reused credential ids by code', async () => {
    for (const credentialStatus of [
      [],
      { type: 'StatusList2021Entry', statusPurpose: 'revocation' },
      { type: 'BitstringStatusListEntry', statusPurpose: 'message' },
      [REVOCATION, REVOCATION],
    ]) {
      const res = await issue(vc2(), { credentialStatus });
      expect(res.status, JSON.stringify(credentialStatus)).toBe(400);
      expect(res.body.code).toBe('ERR_REQUEST_INVALID');
    }
    expect((await issue(vc2({ credentialStatus: { ...REVOCATION, statusListIndex: '1', statusListCredential: 'https://x.example/1' } }))).body.code).toBe('ERR_REQUEST_INVALID');
    const noStore = await startServer({ app: createVcApiApp({ issuer: await createServiceIssuer({ seed: new Uint8Array(32).fill(14) }), clock }) });
    try {
      expect((await issue(vc2(), undefined, noStore.url)).body.code).toBe('ERR_REQUEST_INVALID');
    } finally {
      await noStore.close();
    }
    for (const id of ['no-such-list', 'bad%20id']) {
      const res = await request(`${url}/status-lists/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('ERR_STATUS_LIST_NOT_FOUND');
    }
    // Another issuer's list in the same database is not served (or signed) by this one.
    const foreign = (await issue(vc2(), undefined, small.url)).body.verifiableCredential.credentialStatus.statusListCredential;
    expect((await request(`${url}/status-lists/${foreign.split('/').pop()}`)).body.code).toBe('ERR_STATUS_LIST_NOT_FOUND');
    // The credential id comes from options.credentialId; reusing it is a conflict, not a second record.
    const credentialId = 'https://issuer.example.ca/credentials/42';
    const first = await issue(vc2(), { credentialId, credentialStatus: REVOCATION });
    expect(first.body.verifiableCredential.id).toBe(credentialId);
    const again = await issue(vc2(), { credentialId, credentialStatus: REVOCATION });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ERR_STORE_CONFLICT');
  });

  it('issues a VC 1.1 credential with status (adding the status context) that verifies', async () => {
    const res = await issue({
      '@context': ['https://www.w3.org/2018/credentials/v1'],
      type: ['VerifiableCredential'],
      issuanceDate: '2025-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:subject' },
    });
    expect(res.status).toBe(201);
    const vc = res.body.verifiableCredential;
    expect(vc['@context']).toContain('https://www.w3.org/ns/credentials/status/v1');
    expect((await verify(vc)).status).toBe(200);
    await update(vc.id, 'revoked');
    expect((await verify(vc)).body.problems.map((p: { code: string }) => p.code)).toContain('ERR_STATUS_REVOKED');
  });

  it('gives 200 concurrent issuances over HTTP 200 distinct indexes', async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, () => issue(vc2(), { credentialStatus: [REVOCATION] })));
    expect(answers.map((a) => a.status)).toEqual(Array(200).fill(201));
    const slots = answers.map((a) => {
      const e = a.body.verifiableCredential.credentialStatus[0];
      return `${e.statusListCredential}#${e.statusListIndex}`;
    });
    expect(new Set(slots).size).toBe(200);
    const ids = answers.map((a) => a.body.verifiableCredential.id);
    expect(new Set(ids).size).toBe(200);
    const records = await store.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM credential_status_entries WHERE credential_id = ANY($1::text[])`,
      [ids],
    );
    expect(Number(records[0]!.n)).toBe(200);
  });

  it('starts a new list when one fills (8 entries, fill threshold 0.5 → 4 per list)', async () => {
    const lists: string[] = [];
    for (let i = 0; i < 9; i++) {
      lists.push((await issue(vc2(), undefined, small.url)).body.verifiableCredential.credentialStatus.statusListCredential);
    }
    const distinct = [...new Set(lists)];
    expect(distinct.length).toBeGreaterThanOrEqual(3);
    // Every list is served, signed by its issuer, and verifies on that service.
    for (const listUrl of distinct) {
      const list = await listOf(listUrl);
      expect((await post(`${small.url}/credentials/verify`, { verifiableCredential: list.body })).status).toBe(200);
    }
  });

  it('re-signs a list when its signature ages (validUntil 24 h, refreshed after 12 h)', async () => {
    const entry = (await issue(vc2())).body.verifiableCredential.credentialStatus;
    const first = await listOf(entry.statusListCredential);
    now += 13 * 3600_000;
    try {
      const later = await listOf(entry.statusListCredential);
      expect(later.headers.get('etag')).not.toBe(first.headers.get('etag'));
      expect(Date.parse(later.body.validUntil)).toBe(now + 24 * 3600_000);
    } finally {
      now = NOW;
    }
  });
});

