/**
 * The TrustBridge issuer status service checked by a verifier that runs no TrustBridge code: the
 * service (`createVcApiApp` with an embedded status store) listens on 127.0.0.1 and issues an
 * eddsa-rdfc-2022 credential with `options.credentialStatus` (revocation); plain `@digitalbazaar/vc` +
 * `@digitalbazaar/vc-bitstring-status-list` — their own document loader built from the npm context
 * packages, did:key documents derived from the DID string, and the status list fetched over HTTP from
 * 127.0.0.1 through an `http` protocol handler — verify the credential and its status list credential's
 * proof and read the bit: valid; after `POST /credentials/status` revokes it, the same check reads it
 * revoked (a fresh fetch: the reference library has no cache). Issue 4, "Verification".
 *
 * Clock: the reference library verifies the list credential against the real current time and takes no
 * clock, so the service's injected clock is fixed at the instant the file loads (a list is valid 24 h).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedStore, type SqlClient } from '@trustbridge/store';
import { createServiceIssuer, createVcApiApp, startServer, type RunningServer } from '@trustbridge/server';
import { DID_V1, EXAMPLES, MULTIKEY_V1, VC2, load, referenceLoader } from './reference-side.js';

const TOKEN = 'interop-admin-token-0123456789abcdef';
const NOW = new Date(Date.now());
const clock = () => NOW;

let store: SqlClient;
let server: RunningServer;
let db: { vc: any; bsl: any; suite: any; documentLoader: (url: string) => Promise<{ document: unknown }>; fetched: string[] };

/** A did:key (Ed25519 Multikey) document, from the DID string alone (did:key method §3.1.1). */
function didKeyDocument(did: string): Record<string, unknown> {
  const multibase = did.slice('did:key:'.length);
  const vm = { id: `${did}#${multibase}`, type: 'Multikey', controller: did, publicKeyMultibase: multibase };
  return { '@context': [DID_V1, MULTIKEY_V1], id: did, verificationMethod: [vm], assertionMethod: [vm.id], authentication: [vm.id] };
}

beforeAll(async () => {
  store = await openEmbeddedStore();
  const issuer = await createServiceIssuer({ method: 'key', seed: new Uint8Array(32).fill(41) });
  let running: RunningServer | undefined;
  const app = createVcApiApp({ issuer, clock, status: { store, publicBaseUrl: () => running!.url, adminToken: TOKEN } });
  running = await startServer({ app, host: '127.0.0.1', port: 0 });
  server = running;

  // The reference side: @digitalbazaar/* and jsonld-document-loader only.
  const [vc, bsl, di, rdfc] = await Promise.all([
    load('@digitalbazaar/vc'),
    load('@digitalbazaar/vc-bitstring-status-list'),
    load('@digitalbazaar/data-integrity'),
    load('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'),
  ]);
  const loader = await referenceLoader((did) => (did.startsWith('did:key:z6Mk') ? didKeyDocument(did) : undefined));
  const fetched: string[] = [];
  // Status list credentials come over HTTP from the loopback service, and only from there.
  loader.setProtocolHandler({
    protocol: 'http',
    handler: {
      async get({ url }: { url: string }) {
        if (!url.startsWith(`${server.url}/`)) throw new Error(`refusing ${url}`);
        fetched.push(url);
        const res = await fetch(url, { redirect: 'error' });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return res.json();
      },
    },
  });
  db = {
    vc,
    bsl,
    suite: new di.DataIntegrityProof({ cryptosuite: rdfc.cryptosuite }),
    documentLoader: loader.build(),
    fetched,
  };
});

afterAll(async () => {
  await server?.close();
  await store?.close();
});

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const credential = {
  '@context': [VC2, EXAMPLES],
  type: ['VerifiableCredential', 'BusinessRegistrationCredential'],
  validFrom: '2025-01-01T00:00:00Z',
  credentialSubject: { id: 'did:example:maple-widgets', legalName: 'Maple Widgets Ltd.', registrationNumber: 'FM0055205' },
};

async function referenceVerify(vc: unknown) {
  return db.vc.verifyCredential({ credential: vc, suite: db.suite, documentLoader: db.documentLoader, checkStatus: db.bsl.checkStatus });
}

async function referenceCheck(vc: unknown) {
  return db.bsl.checkStatus({
    credential: vc,
    documentLoader: db.documentLoader,
    suite: db.suite,
    verifyBitstringStatusListCredential: true,
    verifyMatchingIssuers: true,
  });
}

describe('TrustBridge status service → @digitalbazaar/vc + @digitalbazaar/vc-bitstring-status-list', () => {
  it('verifies the credential and reads it valid, then revoked after POST /credentials/status', async () => {
    const issued = await post('/credentials/issue', {
      credential,
      options: { credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' } },
    });
    expect(issued.status).toBe(201);
    const vc = issued.body.verifiableCredential;
    const entry = vc.credentialStatus;
    expect(entry).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' });
    expect(entry.statusListCredential.startsWith(`${server.url}/status-lists/`)).toBe(true);

    // The credential's proof and its status, the reference way: @digitalbazaar/vc with the status
    // library's checkStatus (list fetched over HTTP, its proof verified, issuers matched, bit read).
    const before = await referenceVerify(vc);
    expect(before.error).toBeUndefined();
    expect(before.verified).toBe(true);
    expect(before.statusResult.verified).toBe(true);
    expect(before.statusResult.results).toHaveLength(1);
    expect(before.statusResult.results[0].status).toBe(false);
    expect(db.fetched).toEqual([entry.statusListCredential]);

    // Revoke through the VC API update-status operation.
    const missing = await post('/credentials/status', { credentialId: vc.id, credentialStatus: [{ type: 'BitstringStatusListCredential', status: 'revoked' }] });
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe('ERR_AUTH_TOKEN_MISSING');
    const revoked = await post(
      '/credentials/status',
      { credentialId: vc.id, credentialStatus: [{ type: 'BitstringStatusListCredential', status: 'revoked' }] },
      { authorization: `Bearer ${TOKEN}` },
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.credentialStatus).toEqual([{ type: 'BitstringStatusListCredential', status: 'revoked' }]);

    const after = await referenceVerify(vc);
    expect(after.error).toBeUndefined();
    // The proof still verifies; the status list says revoked (the library reports the bit, the caller decides).
    expect(after.statusResult.verified).toBe(true);
    expect(after.statusResult.results[0].status).toBe(true);
    const direct = await referenceCheck(vc);
    expect(direct.verified).toBe(true);
    expect(direct.results[0].status).toBe(true);
    expect(db.fetched).toEqual([entry.statusListCredential, entry.statusListCredential, entry.statusListCredential]);
  });

  it('the reference library refuses a tampered copy of the served list (its proof no longer verifies)', async () => {
    const vc = (
      await post('/credentials/issue', { credential, options: { credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' } } })
    ).body.verifiableCredential;
    const list = (await (await fetch(vc.credentialStatus.statusListCredential)).json()) as any;
    const encoded: string = list.credentialSubject.encodedList;
    const mid = encoded.length >> 1;
    const flipped = `${encoded.slice(0, mid)}${encoded[mid] === 'A' ? 'B' : 'A'}${encoded.slice(mid + 1)}`;
    expect(flipped).not.toBe(encoded);
    const tampered = { ...list, credentialSubject: { ...list.credentialSubject, encodedList: flipped } };
    const result = await db.bsl.checkStatus({
      credential: vc,
      documentLoader: async (url: string) => (url === vc.credentialStatus.statusListCredential ? { document: tampered } : db.documentLoader(url)),
      suite: db.suite,
      verifyBitstringStatusListCredential: true,
      verifyMatchingIssuers: true,
    });
    expect(result.verified).toBe(false);
    expect(String(result.error?.message)).toMatch(/not verified/);
  });
});
