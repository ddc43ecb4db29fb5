/**
 * OpenID4VP verifier endpoints over real HTTP on 127.0.0.1, answered by a small test-only holder
 * (the real wallet is @trustbridge/wallet): signed request by reference → SD-JWT VC with selective
 * disclosure and a Data Integrity VP → result; replay, mismatched state, oversized bodies, auth.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, type Signer } from '@trustbridge/core';
import { createDidResolver, createVerificationMethodResolver, didKeyFromEd25519PublicKey } from '@trustbridge/did';
import { createJwkSigner, issueSdJwtVc, presentSdJwtVc } from '@trustbridge/jose';
import { createEd25519Signer, ed25519PublicKeyToJwk, ed25519SecretKeyToJwk, generateEd25519KeyPair } from '@trustbridge/keys';
import { fetchRequestObject, matchDcqlQuery, parseAuthorizationRequestUri, validateRequestObject, type RequestObjectFetch } from '@trustbridge/protocols';
import { openEmbeddedStore, type SqlClient } from '@trustbridge/store';
import { createPresentation, issueCredential, signPresentation } from '@trustbridge/vc';
import { createServiceApp, finishServiceApp } from '../src/http.js';
import { createSilentLogger } from '../src/logger.js';
import { startServer, type RunningServer } from '../src/server.js';
import { mountOid4vpRoutes } from '../src/oid4vp/index.js';

function party(seedByte: number) {
  const { publicKey, secretKey } = generateEd25519KeyPair(new Uint8Array(32).fill(seedByte));
  const did = didKeyFromEd25519PublicKey(publicKey);
  const signer: Signer = createEd25519Signer({ id: `${did}#${did.slice('did:key:'.length)}`, secretKey: secretKey! });
  return { did, signer, publicKey, secretKey: secretKey! };
}
const issuer = party(1);
const holder = party(3);
const verifier = party(10);
const clock = fixedClock('2025-06-01T12:00:00Z');
const ADMIN = 'oid4vp-admin-token-0123456789';
const REP_VCT = 'https://trustbridge.example/vct/BusinessRepresentativeCredential';
const repClaims = { given_name: 'Ada', family_name: 'Tremblay', role: 'Director', birthdate: '1980-02-29' };
const sdQuery = {
  credentials: [
    { id: 'representative', format: 'dc+sd-jwt', meta: { vct_values: [REP_VCT] }, claims: [{ path: ['given_name'] }, { path: ['family_name'] }, { path: ['role'] }] },
  ],
};

let store: SqlClient;
let server: RunningServer;
let sdJwt: string;
let vc: unknown;

const adminHeaders = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
const createRequest = async (body: unknown) =>
  fetch(`${server.url}/oid4vp/requests`, { method: 'POST', headers: adminHeaders, body: JSON.stringify(body) });
const postResponse = (params: Record<string, string>) =>
  fetch(`${server.url}/oid4vp/response`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params).toString() });

/** Test-only holder: fetch and validate the request, match DCQL, disclose only what is asked. */
async function holderReads(authorizationRequestUri: string) {
  const { clientId, requestUri } = parseAuthorizationRequestUri(authorizationRequestUri);
  // The server runs on loopback: the wallet helper must be told explicitly that this is allowed.
  const jwt = await fetchRequestObject(requestUri, { fetch: fetch as unknown as RequestObjectFetch, allowPrivateNetworks: true });
  return validateRequestObject(jwt, { requireSigned: true, expectedClientId: clientId, resolveVerificationMethod: createVerificationMethodResolver(createDidResolver()), clock });
}
async function sdJwtAnswer(params: { nonce: string; client_id: string; dcql_query?: Parameters<typeof matchDcqlQuery>[0] }) {
  const m = matchDcqlQuery(params.dcql_query!, [{ id: 'held', format: 'dc+sd-jwt', claims: { vct: REP_VCT, ...repClaims } }]);
  const disclose = m.byQuery.representative![0]!.claimPaths.map((p) => `/${p.join('/')}`);
  const holderSigner = createJwkSigner({ id: 'holder', privateJwk: ed25519SecretKeyToJwk(holder.secretKey, holder.publicKey) });
  return presentSdJwtVc(sdJwt, { disclose, holderSigner, nonce: params.nonce, aud: params.client_id, clock });
}

beforeAll(async () => {
  store = await openEmbeddedStore();
  sdJwt = await issueSdJwtVc(repClaims, {
    signer: issuer.signer, iss: issuer.did, vct: REP_VCT, holderKey: ed25519PublicKeyToJwk(holder.publicKey), disclosureFrame: { _sd: Object.keys(repClaims) }, clock,
  });
  vc = await issueCredential(
    {
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
      type: ['VerifiableCredential', 'ExampleBusinessCredential'],
      issuer: issuer.did,
      validFrom: '2025-01-01T00:00:00Z',
      credentialSubject: { id: holder.did, legalName: 'Maple Widgets Ltd.' },
    },
    { signer: issuer.signer, clock, created: '2025-06-01T00:00:00Z' },
  );
  const logger = createSilentLogger();
  const app = createServiceApp({ logger });
  let url = '';
  mountOid4vpRoutes(app, { store, publicBaseUrl: () => url, adminToken: ADMIN }, { signer: verifier.signer, clock });
  finishServiceApp(app, { logger });
  server = await startServer({ app, host: '127.0.0.1', port: 0 });
  url = server.url;
});
afterAll(async () => {
  await server?.close();
  await store?.close();
});

describe('OpenID4VP verifier over HTTP', () => {
  it('SD-JWT VC: create → fetch request object → direct_post → result, then replay refused', async () => {
    const res = await createRequest({ dcql_query: sdQuery, purpose: 'kyb-account-opening', redirect_uri: 'https://bank.example/done' });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; authorization_request_uri: string; client_id: string };
    expect(created.client_id).toBe(`decentralized_identifier:${verifier.did}`);
    const pending = await fetch(`${server.url}/oid4vp/requests/${created.id}/result`, { headers: adminHeaders });
    expect(await pending.json()).toMatchObject({ status: 'pending' });

    const request = await holderReads(created.authorization_request_uri);
    expect(request.purpose).toBe('kyb-account-opening');
    const vp = await sdJwtAnswer(request.parameters);
    const answer = await postResponse({ vp_token: JSON.stringify({ representative: [vp] }), state: request.parameters.state });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ redirect_uri: 'https://bank.example/done' });

    const result = (await (await fetch(`${server.url}/oid4vp/requests/${created.id}/result`, { headers: adminHeaders })).json()) as {
      status: string;
      presentations: Record<string, Array<{ claims: Record<string, unknown> }>>;
    };
    expect(result.status).toBe('verified');
    expect(result.presentations.representative![0]!.claims).toMatchObject({ given_name: 'Ada', role: 'Director' });
    expect(result.presentations.representative![0]!.claims).not.toHaveProperty('birthdate');

    const replay = await postResponse({ vp_token: JSON.stringify({ representative: [vp] }), state: request.parameters.state });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ code: 'ERR_OID4VP_RESPONSE_REPLAYED', error: 'invalid_request' });
    expect((await fetch(`${server.url}/oid4vp/requests/${created.id}`)).status).toBe(400);
  });

  it('Data Integrity VP', async () => {
    const query = { credentials: [{ id: 'registration', format: 'ldp_vc', meta: { type_values: [['ExampleBusinessCredential']] }, claims: [{ path: ['credentialSubject', 'legalName'] }] }] };
    const created = (await (await createRequest({ dcql_query: query })).json()) as { id: string; authorization_request_uri: string };
    const request = await holderReads(created.authorization_request_uri);
    const vp = await signPresentation(createPresentation({ verifiableCredential: vc, holder: holder.did }), {
      signer: holder.signer, challenge: request.parameters.nonce, domain: request.parameters.client_id, clock,
    });
    const answer = await postResponse({ vp_token: JSON.stringify({ registration: [vp] }), state: request.parameters.state });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({});
    const result = (await (await fetch(`${server.url}/oid4vp/requests/${created.id}/result`, { headers: adminHeaders })).json()) as { status: string };
    expect(result.status).toBe('verified');
  });

  it('mismatched state, wrong nonce, bad media type, oversized body', async () => {
    const created = (await (await createRequest({ dcql_query: sdQuery })).json()) as { authorization_request_uri: string };
    const request = await holderReads(created.authorization_request_uri);
    const vp = await sdJwtAnswer(request.parameters);
    const mismatched = await postResponse({ vp_token: JSON.stringify({ representative: [vp] }), state: 'other-state' });
    expect(mismatched.status).toBe(400);
    expect(await mismatched.json()).toMatchObject({ code: 'ERR_OID4VP_STATE_MISMATCH' });

    const wrongNonce = await sdJwtAnswer({ ...request.parameters, nonce: 'n-0' });
    const r1 = await postResponse({ vp_token: JSON.stringify({ representative: [wrongNonce] }), state: request.parameters.state });
    expect(await r1.json()).toMatchObject({ code: 'ERR_OID4VP_NONCE_MISMATCH', error: 'invalid_request' });

    const json = await fetch(`${server.url}/oid4vp/response`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
    const huge = await postResponse({ vp_token: 'x'.repeat(800 * 1024), state: request.parameters.state });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ code: 'ERR_OID4VP_TOO_LARGE' });
  });

  it('admin endpoints need the bearer token; bad DCQL is a coded 400; unknown ids are 404', async () => {
    const noAuth = await fetch(`${server.url}/oid4vp/requests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dcql_query: sdQuery }) });
    expect(noAuth.status).toBe(401);
    const bad = await createRequest({ dcql_query: { credentials: [] } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'ERR_DCQL_INVALID_QUERY' });
    const missing = await fetch(`${server.url}/oid4vp/requests/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'ERR_OID4VP_NOT_FOUND' });
  });
});
