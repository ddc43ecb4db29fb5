/**
 * OpenID4VCI 1.0 over real HTTP on 127.0.0.1: the VC API app with `oid4vci` mounted, a tiny
 * test-only wallet client (the real wallet is `@trustbridge/wallet`), the pre-authorized code flow in
 * each format (received credential verified with @trustbridge/vc, holder binding present), and the
 * abuse cases of issue 7, each asserting its OAuth error and TrustBridge code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import type { JsonWebKey } from '@trustbridge/core';
import { createEd25519Signer, generateEd25519KeyPair } from '@trustbridge/keys';
import { didJwkFromJwk, didKeyFromEd25519PublicKey } from '@trustbridge/did';
import { createJwkSigner, signCompactJws } from '@trustbridge/jose';
import { createDocumentLoader } from '@trustbridge/jsonld';
import { openEmbeddedStore, type SqlClient } from '@trustbridge/store';
import { verifyCredential } from '@trustbridge/vc';
import { samples, vctOf, vocabContexts } from '@trustbridge/vocab';
import { createVcApiApp, startServer, type RunningServer } from '../src/index.js';

const ADMIN = 'oid4vci-admin-token-0123456789abcdef';
let now = Date.parse('2026-03-03T09:00:00Z');
const clock = () => new Date(now);
const seconds = () => Math.floor(now / 1000);
const documentLoader = createDocumentLoader({ extraContexts: vocabContexts as Record<string, unknown> });
const { id: _a, ...registration } = (samples.bcSoleProprietorRegistration as unknown as { credentialSubject: Record<string, unknown> }).credentialSubject;
const { id: _b, ...representative } = (samples.bcSoleProprietorRepresentative as unknown as { credentialSubject: Record<string, unknown> }).credentialSubject;

const issuerKeys = generateEd25519KeyPair(new Uint8Array(32).fill(11));
const issuerDid = didKeyFromEd25519PublicKey(issuerKeys.publicKey);
const signer = createEd25519Signer({ id: `${issuerDid}#${issuerDid.slice('did:key:'.length)}`, secretKey: issuerKeys.secretKey! });

let store: SqlClient;
let server: RunningServer;
let base = '';

beforeAll(async () => {
  store = await openEmbeddedStore();
  const app = createVcApiApp({ issuer: { id: issuerDid, signer }, clock, oid4vci: { store, credentialIssuer: () => base, adminToken: ADMIN } });
  server = await startServer({ app, host: '127.0.0.1', port: 0 });
  base = server.url.replace(/\/$/, '');
});
afterAll(async () => {
  await server?.close();
  await store?.close();
});

// ---- the test-only wallet client ----

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

async function http(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const res = await fetch(url.startsWith('http') ? url : `${base}${url}`, { method: init.method ?? 'GET', headers: init.headers ?? {}, ...(init.body !== undefined ? { body: init.body } : {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

function holderKey(kind: 'Ed25519' | 'P-256' = 'Ed25519') {
  const { privateKey, publicKey } = kind === 'Ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' }) as Record<string, string>;
  const publicJwk: JsonWebKey = { kty: kty!, crv: crv!, x: x!, ...(y ? { y } : {}) };
  const did = didJwkFromJwk(publicJwk);
  return { publicJwk, did, signer: createJwkSigner({ id: `${did}#0`, privateJwk: privateKey.export({ format: 'jwk' }) as JsonWebKey }) };
}
type Holder = ReturnType<typeof holderKey>;

const wallet = {
  /** Resolves an `openid-credential-offer://` URI: by value, or by reference (one GET). */
  async resolveOffer(uri: string): Promise<Answer> {
    const params = new URL(uri).searchParams;
    const byValue = params.get('credential_offer');
    if (byValue) return { status: 200, headers: new Headers(), body: JSON.parse(byValue) };
    return http(params.get('credential_offer_uri')!);
  },
  token: (code: string, txCode?: string) =>
    http('/oid4vci/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': code, ...(txCode ? { tx_code: txCode } : {}) }).toString(),
    }),
  async proof(holder: Holder, claims: Record<string, unknown> = {}): Promise<string> {
    const { c_nonce } = (await http('/oid4vci/nonce', { method: 'POST' })).body;
    return signCompactJws({ typ: 'openid4vci-proof+jwt', jwk: holder.publicJwk }, { aud: base, nonce: c_nonce, iat: seconds(), ...claims }, holder.signer);
  },
  credential: (token: string | undefined, body: unknown) =>
    http('/oid4vci/credential', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
};

const codeOf = (offer: any): string => offer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']['pre-authorized_code'];

/** The issuer's back office: POST /oid4vci/offers with the admin token. */
async function createOffer(ids: string[], txCode?: Record<string, unknown>): Promise<Answer> {
  return http('/oid4vci/offers', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
    body: JSON.stringify({
      credential_configuration_ids: ids,
      credential_subjects: { BusinessRegistrationCredential: registration, BusinessRepresentativeCredential: representative },
      ...(txCode ? { tx_code: txCode } : {}),
    }),
  });
}

function expectError(answer: Answer, status: number, error: string, code: string): void {
  expect({ status: answer.status, error: answer.body?.error, code: answer.body?.code }).toEqual({ status, error, code });
  expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
}

/** The whole flow from an offer URI to a credential answer. */
async function receive(offerUri: string, configurationId: string, holder: Holder, txCode?: string): Promise<Answer> {
  const offer = await wallet.resolveOffer(offerUri);
  expect(offer.status).toBe(200);
  const metadata = (await http('/.well-known/openid-credential-issuer')).body;
  expect(metadata.credential_issuer).toBe(offer.body.credential_issuer);
  const token = await wallet.token(codeOf(offer.body), txCode);
  expect(token.status).toBe(200);
  return wallet.credential(token.body.access_token, { credential_configuration_id: configurationId, proofs: { jwt: [await wallet.proof(holder)] } });
}

describe('OpenID4VCI over HTTP', () => {
  it('serves both metadata documents', async () => {
    const issuerMeta = await http('/.well-known/openid-credential-issuer');
    expect(issuerMeta.status).toBe(200);
    expect(issuerMeta.body).toMatchObject({ credential_issuer: base, credential_endpoint: `${base}/oid4vci/credential`, nonce_endpoint: `${base}/oid4vci/nonce` });
    expect(issuerMeta.body.credential_configurations_supported.BusinessRepresentativeCredential_dc_sd_jwt.vct).toBe(vctOf('BusinessRepresentativeCredential'));
    const as = await http('/.well-known/oauth-authorization-server');
    expect(as.body).toMatchObject({ issuer: base, token_endpoint: `${base}/oid4vci/token`, 'pre-authorized_grant_anonymous_access_supported': true });
    expect((await http('/')).body.endpoints.credentialIssuerMetadata).toBe('GET /.well-known/openid-credential-issuer');
  });

  it('ldp_vc by reference with a tx_code: verified, bound to the holder DID', async () => {
    const created = await createOffer(['BusinessRegistrationCredential_ldp_vc'], { length: 6, description: 'Code from BC Registries' });
    expect(created.status).toBe(201);
    const holder = holderKey();
    const answer = await receive(created.body.offer_by_reference, 'BusinessRegistrationCredential_ldp_vc', holder, created.body.tx_code);
    expect(answer.status).toBe(200);
    const vc = answer.body.credentials[0].credential;
    expect(vc.credentialSubject.id).toBe(holder.did);
    expect((await verifyCredential(vc, { clock, documentLoader })).verified).toBe(true);
  });

  it('jwt_vc_json by value (P-256 holder): verified, bound to the holder DID', async () => {
    const created = await createOffer(['BusinessRepresentativeCredential_jwt_vc_json']);
    const holder = holderKey('P-256');
    const answer = await receive(created.body.offer_by_value, 'BusinessRepresentativeCredential_jwt_vc_json', holder);
    expect(answer.status).toBe(200);
    const jwt = answer.body.credentials[0].credential as string;
    const result = await verifyCredential(jwt, { clock, documentLoader });
    expect(result.verified).toBe(true);
    expect(JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()).credentialSubject.id).toBe(holder.did);
  });

  it('dc+sd-jwt: verified, cnf.jwk is the proven key', async () => {
    const created = await createOffer(['BusinessRegistrationCredential_dc_sd_jwt']);
    const holder = holderKey();
    const answer = await receive(created.body.offer_by_reference, 'BusinessRegistrationCredential_dc_sd_jwt', holder);
    expect(answer.status).toBe(200);
    const result = await verifyCredential(answer.body.credentials[0].credential, { clock });
    expect(result.verified).toBe(true);
    expect((result.document as any).cnf.jwk).toEqual(holder.publicJwk);
  });

  it('replayed offer URI, replayed pre-authorized code, second credential: each refused', async () => {
    const created = await createOffer(['BusinessRegistrationCredential_ldp_vc']);
    const holder = holderKey();
    expect((await receive(created.body.offer_by_reference, 'BusinessRegistrationCredential_ldp_vc', holder)).status).toBe(200);
    expectError(await wallet.resolveOffer(created.body.offer_by_reference), 410, 'invalid_request', 'ERR_OID4VCI_OFFER_USED');
    expectError(await wallet.token(codeOf(created.body.credential_offer)), 400, 'invalid_grant', 'ERR_OID4VCI_GRANT_USED');
  });

  it('wrong tx_code: limited attempts, then locked', async () => {
    const created = await createOffer(['BusinessRegistrationCredential_ldp_vc'], { value: '8642' });
    const code = codeOf(created.body.credential_offer);
    expectError(await wallet.token(code, '1111'), 400, 'invalid_grant', 'ERR_OID4VCI_TX_CODE_INVALID');
    expectError(await wallet.token(code, '2222'), 400, 'invalid_grant', 'ERR_OID4VCI_TX_CODE_INVALID');
    expectError(await wallet.token(code, '3333'), 400, 'invalid_grant', 'ERR_OID4VCI_GRANT_LOCKED');
    expectError(await wallet.token(code, '8642'), 400, 'invalid_grant', 'ERR_OID4VCI_GRANT_LOCKED');
  });

  it('proofs with a wrong nonce, a reused nonce, a wrong audience or a stale iat; an unoffered configuration', async () => {
    const created = await createOffer(['BusinessRegistrationCredential_ldp_vc']);
    const token = (await wallet.token(codeOf(created.body.credential_offer))).body.access_token;
    const holder = holderKey();
    const ask = (jwt: string, id = 'BusinessRegistrationCredential_ldp_vc') => wallet.credential(token, { credential_configuration_id: id, proofs: { jwt: [jwt] } });
    expectError(await ask(await wallet.proof(holder, { nonce: 'guessed' })), 400, 'invalid_nonce', 'ERR_OID4VCI_NONCE_INVALID');
    expectError(await ask(await wallet.proof(holder, { aud: 'https://other-issuer.example' })), 400, 'invalid_proof', 'ERR_OID4VCI_PROOF_AUDIENCE');
    expectError(await ask(await wallet.proof(holder, { iat: seconds() - 3600 })), 400, 'invalid_proof', 'ERR_OID4VCI_PROOF_STALE');
    expectError(await ask(await wallet.proof(holder), 'BusinessRepresentativeCredential_ldp_vc'), 400, 'unknown_credential_configuration', 'ERR_OID4VCI_CONFIGURATION_NOT_OFFERED');
    const good = await wallet.proof(holder);
    expect((await ask(good)).status).toBe(200);
    // The same proof again: its nonce is spent (and the credential was issued once).
    expectError(await ask(good), 400, 'invalid_nonce', 'ERR_OID4VCI_NONCE_INVALID');
    expectError(await ask(await wallet.proof(holder)), 400, 'credential_request_denied', 'ERR_OID4VCI_ALREADY_ISSUED');
  });

  it('missing or invalid access token: 401 invalid_token with WWW-Authenticate', async () => {
    const missing = await wallet.credential(undefined, { credential_configuration_id: 'x' });
    expectError(missing, 401, 'invalid_token', 'ERR_OID4VCI_TOKEN_MISSING');
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expectError(await wallet.credential('not-a-token', { credential_configuration_id: 'x' }), 401, 'invalid_token', 'ERR_OID4VCI_TOKEN_INVALID');
  });

  it('oversized requests: 413 with the OAuth error shape', async () => {
    expectError(await wallet.credential('t', 'x'.repeat(65 * 1024)), 413, 'invalid_request', 'ERR_OID4VCI_REQUEST_TOO_LARGE');
    const token = await http('/oid4vci/token', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `pre-authorized_code=${'a'.repeat(70_000)}` });
    expectError(token, 413, 'invalid_request', 'ERR_OID4VCI_REQUEST_TOO_LARGE');
  });

  it('offer creation needs the admin token; claims are validated', async () => {
    const noAuth = await http('/oid4vci/offers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expectError(noAuth, 401, 'invalid_token', 'ERR_OID4VCI_ADMIN_TOKEN_MISSING');
    const bad = await http('/oid4vci/offers', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ credential_configuration_ids: ['BusinessRegistrationCredential_ldp_vc'], credential_subjects: { BusinessRegistrationCredential: { legalName: 'ONLY A NAME' } } }),
    });
    expectError(bad, 400, 'invalid_request', 'ERR_OID4VCI_CLAIMS_INVALID');
  });
});

describe('OpenID4VCI in the configured service (pnpm serve)', () => {
  it('startVcApiService serves the metadata and accepts offers with the admin token', async () => {
    const { loadConfig, startVcApiService } = await import('../src/index.js');
    const config = loadConfig({ env: { PORT: '0', TRUSTBRIDGE_ADMIN_TOKEN: ADMIN, TRUSTBRIDGE_LOG_LEVEL: 'silent' } });
    const service = await startVcApiService({ config, store, clock });
    try {
      const url = service.server.url.replace(/\/$/, '');
      const meta = await http(`${url}/.well-known/openid-credential-issuer`);
      expect(meta.body.credential_issuer).toBe(url);
      const created = await http(`${url}/oid4vci/offers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
        body: JSON.stringify({ credential_configuration_ids: ['BusinessRegistrationCredential_jwt_vc_json'], credential_subjects: { BusinessRegistrationCredential: registration } }),
      });
      expect(created.status).toBe(201);
      expect(created.body.credential_offer_uri).toBe(`${url}/oid4vci/offers/${created.body.offer_id}`);
      // W3C credentials get a revocation status entry from the service's status store.
      const token = (await http(`${url}/oid4vci/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': codeOf(created.body.credential_offer) }).toString(),
      })).body.access_token;
      const holder = holderKey();
      const { c_nonce } = (await http(`${url}/oid4vci/nonce`, { method: 'POST' })).body;
      const proof = await signCompactJws({ typ: 'openid4vci-proof+jwt', jwk: holder.publicJwk }, { aud: url, nonce: c_nonce, iat: seconds() }, holder.signer);
      const answer = await http(`${url}/oid4vci/credential`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ credential_configuration_id: 'BusinessRegistrationCredential_jwt_vc_json', proofs: { jwt: [proof] } }),
      });
      expect(answer.status).toBe(200);
      const payload = JSON.parse(Buffer.from((answer.body.credentials[0].credential as string).split('.')[1]!, 'base64url').toString());
      expect(payload.credentialSubject.id).toBe(holder.did);
      expect(payload.credentialStatus).toMatchObject({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' });
    } finally {
      await service.close();
    }
  });
});
