import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, isTrustBridgeError, type Signer } from '@trustbridge/core';
import { createDidResolver, createVerificationMethodResolver, didKeyFromEd25519PublicKey } from '@trustbridge/did';
import { issueSdJwtVc, presentSdJwtVc } from '@trustbridge/jose';
import { createEd25519Signer, ed25519PublicKeyToJwk, ed25519SecretKeyToJwk, generateEd25519KeyPair } from '@trustbridge/keys';
import { openEmbeddedStore, type SqlClient } from '@trustbridge/store';
import { createPresentation, issueCredential, signPresentation } from '@trustbridge/vc';
import { createJwkSigner } from '@trustbridge/jose';
import { matchDcqlQuery, type DcqlQuery } from '../dcql/index.js';
import {
  createAuthorizationRequest,
  encodeUnsecuredJwt,
  fetchRequestObject,
  getAuthorizationResult,
  getRequestObject,
  handleAuthorizationResponse,
  parseAuthorizationRequestUri,
  validateRequestObject,
  type RequestObjectFetch,
} from './index.js';

// Fixed keys, fixed clock, deterministic randomness: every run is the same.
function party(seedByte: number) {
  const { publicKey, secretKey } = generateEd25519KeyPair(new Uint8Array(32).fill(seedByte));
  const did = didKeyFromEd25519PublicKey(publicKey);
  const signer: Signer = createEd25519Signer({ id: `${did}#${did.slice('did:key:'.length)}`, secretKey: secretKey! });
  return { did, signer, publicKey, secretKey: secretKey! };
}
const issuer = party(1);
const holder = party(3);
const verifier = party(10);
const NOW = '2025-06-01T12:00:00Z';
const clock = fixedClock(NOW);
let counter = 0;
const random = (n: number) => new Uint8Array(n).fill(++counter % 256);

const V2 = 'https://www.w3.org/ns/credentials/v2';
const EX = 'https://www.w3.org/ns/credentials/examples/v2';
const REP_VCT = 'https://trustbridge.example/vct/BusinessRepresentativeCredential';
const BASE = 'https://bank.example/oid4vp';
const resolveVerificationMethod = createVerificationMethodResolver(createDidResolver());

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    return isTrustBridgeError(err) ? err.code : String(err);
  }
  return undefined;
}

const sdQuery = {
  credentials: [
    {
      id: 'representative',
      format: 'dc+sd-jwt',
      meta: { vct_values: [REP_VCT] },
      claims: [{ path: ['given_name'] }, { path: ['family_name'] }, { path: ['role'], values: ['Director', 'Proprietor'] }],
    },
  ],
};
const diQuery = {
  credentials: [
    {
      id: 'registration',
      format: 'ldp_vc',
      meta: { type_values: [['ExampleBusinessCredential']] },
      claims: [{ path: ['credentialSubject', 'legalName'] }],
    },
  ],
};

/** A test-only holder: matches with DCQL, discloses only the requested claims, binds nonce and audience. */
async function sdJwtHolderAnswer(sdJwt: string, request: { nonce: string; client_id: string; dcql_query?: DcqlQuery }, claims: Record<string, unknown>) {
  const match = matchDcqlQuery(request.dcql_query!, [{ id: 'held', format: 'dc+sd-jwt', claims: { vct: REP_VCT, ...claims } }]);
  expect(match.satisfied).toBe(true);
  const disclose = match.byQuery.representative![0]!.claimPaths.map((p) => `/${p.join('/')}`);
  const holderSigner = createJwkSigner({ id: 'holder', privateJwk: ed25519SecretKeyToJwk(holder.secretKey, holder.publicKey) });
  return presentSdJwtVc(sdJwt, { disclose, holderSigner, nonce: request.nonce, aud: request.client_id, clock });
}

describe('OpenID4VP 1.0 verifier with DCQL (in process)', () => {
  let store: SqlClient;
  let sdJwt: string;
  let vc: Record<string, unknown>;
  const repClaims = { given_name: 'Ada', family_name: 'Tremblay', role: 'Director', birthdate: '1980-02-29', business_name: 'Maple Widgets Ltd.' };

  beforeAll(async () => {
    store = await openEmbeddedStore();
    sdJwt = await issueSdJwtVc(repClaims, {
      signer: issuer.signer,
      iss: issuer.did,
      vct: REP_VCT,
      holderKey: ed25519PublicKeyToJwk(holder.publicKey),
      disclosureFrame: { _sd: Object.keys(repClaims) },
      clock,
    });
    vc = (await issueCredential(
      {
        '@context': [V2, EX],
        type: ['VerifiableCredential', 'ExampleBusinessCredential'],
        issuer: issuer.did,
        validFrom: '2025-01-01T00:00:00Z',
        credentialSubject: { id: holder.did, legalName: 'Maple Widgets Ltd.' },
      },
      { signer: issuer.signer, clock, created: '2025-06-01T00:00:00Z' },
    )) as unknown as Record<string, unknown>;
  });
  afterAll(async () => store?.close());

  const ctx = () => ({ store, clock, random });
  const newRequest = (dcqlQuery: unknown, extra: Record<string, unknown> = {}) =>
    createAuthorizationRequest({
      ...ctx(),
      dcqlQuery,
      clientId: verifier.did,
      signer: verifier.signer,
      signed: true,
      responseUri: `${BASE}/response`,
      requestUriBase: `${BASE}/requests`,
      purpose: 'kyb-account-opening',
      ...extra,
    });

  it('SD-JWT VC: signed request by reference → selective disclosure → verified result', async () => {
    const created = await newRequest(sdQuery, { redirectUri: 'https://bank.example/done' });
    expect(created.authorizationRequestUri).toMatch(/^openid4vp:\/\/\?client_id=decentralized_identifier%3Adid%3Akey%3A/);
    // Wallet: read the URI, fetch the request object (injected fetch), validate it.
    const { clientId, requestUri } = parseAuthorizationRequestUri(created.authorizationRequestUri);
    const fetch: RequestObjectFetch = async (url) => {
      const jwt = await getRequestObject(decodeURIComponent(new URL(url).pathname.split('/').pop()!), ctx());
      return { status: 200, headers: { get: () => null }, text: async () => jwt };
    };
    const jwt = await fetchRequestObject(requestUri, { fetch });
    const validated = await validateRequestObject(jwt, { requireSigned: true, resolveVerificationMethod, expectedClientId: clientId, clock });
    expect(validated).toMatchObject({ signed: true, clientIdPrefix: 'decentralized_identifier', verifierDid: verifier.did, purpose: 'kyb-account-opening' });
    expect(validated.parameters).toMatchObject({ response_mode: 'direct_post', response_uri: `${BASE}/response` });
    expect(validated.parameters.client_metadata).toHaveProperty('vp_formats_supported');

    const presentation = await sdJwtHolderAnswer(sdJwt, validated.parameters, repClaims);
    const answer = await handleAuthorizationResponse(
      { vp_token: JSON.stringify({ representative: [presentation] }), state: validated.parameters.state },
      ctx(),
    );
    expect(answer.redirect_uri).toBe('https://bank.example/done');
    const result = await getAuthorizationResult(created.id, ctx());
    expect(result.status).toBe('verified');
    const claims = (result as { presentations: Record<string, Array<{ claims: Record<string, unknown> }>> }).presentations.representative![0]!.claims;
    expect(claims).toMatchObject({ given_name: 'Ada', family_name: 'Tremblay', role: 'Director' });
    // Only the requested claims were disclosed.
    expect(claims).not.toHaveProperty('birthdate');
    expect(claims).not.toHaveProperty('business_name');

    // Replayed response: refused; the request object is gone too.
    expect(
      await codeOf(handleAuthorizationResponse({ vp_token: JSON.stringify({ representative: [presentation] }), state: created.state }, ctx())),
    ).toBe('ERR_OID4VP_RESPONSE_REPLAYED');
    expect(await codeOf(getRequestObject(created.id, ctx()))).toBe('ERR_OID4VP_RESPONSE_REPLAYED');
  });

  it('Data Integrity VP: challenge = nonce, domain = client_id', async () => {
    const created = await newRequest(diQuery);
    const vp = await signPresentation(createPresentation({ verifiableCredential: vc, holder: holder.did }), {
      signer: holder.signer,
      challenge: created.nonce,
      domain: created.clientId,
      clock,
    });
    await handleAuthorizationResponse({ vp_token: JSON.stringify({ registration: [vp] }), state: created.state }, ctx());
    const result = (await getAuthorizationResult(created.id, ctx())) as { status: string; presentations: Record<string, Array<{ format: string; issuer: string }>> };
    expect(result.status).toBe('verified');
    expect(result.presentations.registration![0]).toMatchObject({ format: 'ldp_vc', issuer: issuer.did });
  });

  it('unsigned requests use the redirect_uri prefix', async () => {
    const created = await createAuthorizationRequest({ ...ctx(), dcqlQuery: sdQuery, signed: false, responseUri: `${BASE}/response`, requestUriBase: `${BASE}/requests` });
    expect(created.clientId).toBe(`redirect_uri:${BASE}/response`);
    const validated = await validateRequestObject(created.requestObject, { requireSigned: false, clock });
    expect(validated.signed).toBe(false);
    // A wallet requiring signed requests refuses it.
    expect(await codeOf(validateRequestObject(created.requestObject, { requireSigned: true, clock }))).toBe('ERR_OID4VP_REQUEST_NOT_SIGNED');
  });

  describe('bad input and abuse', () => {
    it('mismatched state', async () => {
      const created = await newRequest(sdQuery);
      const vp = await sdJwtHolderAnswer(sdJwt, created.parameters, repClaims);
      expect(await codeOf(handleAuthorizationResponse({ vp_token: JSON.stringify({ representative: [vp] }), state: 'not-a-state' }, ctx()))).toBe(
        'ERR_OID4VP_STATE_MISMATCH',
      );
      expect(await codeOf(handleAuthorizationResponse({ vp_token: '{}' }, ctx()))).toBe('ERR_OID4VP_INVALID_REQUEST');
    });

    it('wrong nonce (SD-JWT KB and DI challenge)', async () => {
      const created = await newRequest(sdQuery);
      const vp = await sdJwtHolderAnswer(sdJwt, { ...created.parameters, nonce: 'another-nonce' }, repClaims);
      expect(await codeOf(handleAuthorizationResponse({ vp_token: JSON.stringify({ representative: [vp] }), state: created.state }, ctx()))).toBe(
        'ERR_OID4VP_NONCE_MISMATCH',
      );
      const di = await newRequest(diQuery);
      const dvp = await signPresentation(createPresentation({ verifiableCredential: vc, holder: holder.did }), {
        signer: holder.signer, challenge: 'another-nonce', domain: di.clientId, clock,
      });
      expect(await codeOf(handleAuthorizationResponse({ vp_token: JSON.stringify({ registration: [dvp] }), state: di.state }, ctx()))).toBe(
        'ERR_OID4VP_NONCE_MISMATCH',
      );
    });

    it('wrong audience (SD-JWT KB aud and DI domain)', async () => {
      const created = await newRequest(sdQuery);
      const vp = await sdJwtHolderAnswer(sdJwt, { ...created.parameters, client_id: 'decentralized_identifier:did:web:evil.example' }, repClaims);
      expect(await codeOf(handleAuthorizationResponse({ vp_token: JSON.stringify({ representative: [vp] }), state: created.state }, ctx()))).toBe(
        'ERR_OID4VP_AUDIENCE_MISMATCH',
      );
      const di = await newRequest(diQuery);
      const dvp = await signPresentation(createPresentation({ verifiableCredential: vc, holder: holder.did }), {
        signer: holder.signer, challenge: di.nonce, domain: 'https://evil.example', clock,
      });
      expect(await codeOf(handleAuthorizationResponse({ vp_token: JSON.stringify({ registration: [dvp] }), state: di.state }, ctx()))).toBe(
        'ERR_OID4VP_AUDIENCE_MISMATCH',
      );
    });

    it('failed responses lock the request after a few attempts; nothing is accepted afterwards', async () => {
      const created = await newRequest(sdQuery);
      const bad = await sdJwtHolderAnswer(sdJwt, { ...created.parameters, nonce: 'x' }, repClaims);
      for (let i = 0; i < 3; i++) {
        await codeOf(handleAuthorizationResponse({ vp_token: JSON.stringify({ representative: [bad] }), state: created.state }, ctx()));
      }
      const good = await sdJwtHolderAnswer(sdJwt, created.parameters, repClaims);
      expect(await codeOf(handleAuthorizationResponse({ vp_token: JSON.stringify({ representative: [good] }), state: created.state }, ctx()))).toBe(
        'ERR_OID4VP_REQUEST_LOCKED',
      );
      expect(await getAuthorizationResult(created.id, ctx())).toEqual({ status: 'failed' });
    });

    it('claims that do not satisfy the DCQL query, and unrequested query ids', async () => {
      const created = await newRequest(sdQuery);
      const holderSigner = createJwkSigner({ id: 'holder', privateJwk: ed25519SecretKeyToJwk(holder.secretKey, holder.publicKey) });
      const tooLittle = await presentSdJwtVc(sdJwt, { disclose: ['/given_name'], holderSigner, nonce: created.nonce, aud: created.clientId, clock });
      expect(await codeOf(handleAuthorizationResponse({ vp_token: JSON.stringify({ representative: [tooLittle] }), state: created.state }, ctx()))).toBe(
        'ERR_OID4VP_QUERY_NOT_SATISFIED',
      );
      expect(await codeOf(handleAuthorizationResponse({ vp_token: JSON.stringify({ other: ['x'] }), state: created.state }, ctx()))).toBe(
        'ERR_OID4VP_INVALID_REQUEST',
      );
    });

    it('oversized response and oversized request object', async () => {
      const created = await newRequest(sdQuery);
      const huge = JSON.stringify({ representative: ['a'.repeat(600 * 1024)] });
      expect(await codeOf(handleAuthorizationResponse({ vp_token: huge, state: created.state }, ctx()))).toBe('ERR_OID4VP_TOO_LARGE');
      const bigJwt = encodeUnsecuredJwt({ typ: 'oauth-authz-req+jwt' }, { pad: 'x'.repeat(70 * 1024) });
      expect(await codeOf(validateRequestObject(bigJwt, { requireSigned: false }))).toBe('ERR_OID4VP_TOO_LARGE');
      const fetch: RequestObjectFetch = async () => ({ status: 200, headers: { get: () => null }, text: async () => bigJwt });
      expect(await codeOf(fetchRequestObject('https://bank.example/r/1', { fetch }))).toBe('ERR_OID4VP_TOO_LARGE');
    });

    it('unsigned or tampered request objects where signed is required', async () => {
      const created = await newRequest(sdQuery);
      const [h, p] = created.requestObject.split('.');
      const stripped = `${encodeUnsecuredJwt({ typ: 'oauth-authz-req+jwt' }, JSON.parse(Buffer.from(p!, 'base64url').toString()))}`;
      expect(await codeOf(validateRequestObject(stripped, { requireSigned: true, resolveVerificationMethod }))).toBe('ERR_OID4VP_REQUEST_NOT_SIGNED');
      // Even a wallet that allows unsigned requests refuses an unsigned decentralized_identifier: request.
      expect(await codeOf(validateRequestObject(stripped, { requireSigned: false, resolveVerificationMethod }))).toBe('ERR_OID4VP_REQUEST_NOT_SIGNED');
      const tamperedPayload = Buffer.from(JSON.stringify({ ...created.parameters, response_uri: 'https://evil.example/r' })).toString('base64url');
      const tampered = `${h}.${tamperedPayload}.${created.requestObject.split('.')[2]}`;
      expect(await codeOf(validateRequestObject(tampered, { requireSigned: true, resolveVerificationMethod }))).toBe('ERR_OID4VP_REQUEST_SIGNATURE_INVALID');
    });

    it('request_uri pointing to private or loopback addresses is refused before any fetch', async () => {
      let fetched = 0;
      const fetch: RequestObjectFetch = async () => {
        fetched++;
        return { status: 200, headers: { get: () => null }, text: async () => '' };
      };
      for (const uri of ['https://127.0.0.1/r/1', 'https://localhost/r/1', 'https://10.0.0.5/r/1', 'https://[::1]/r/1', 'https://169.254.169.254/latest', 'http://bank.example/r/1']) {
        expect(await codeOf(fetchRequestObject(uri, { fetch }))).toBe('ERR_OID4VP_REQUEST_URI_FORBIDDEN');
      }
      const lookup = async () => ['192.168.1.20'];
      expect(await codeOf(fetchRequestObject('https://intranet.example/r/1', { fetch, lookup }))).toBe('ERR_OID4VP_REQUEST_URI_FORBIDDEN');
      expect(fetched).toBe(0);
      const redirect: RequestObjectFetch = async () => ({ status: 302, headers: { get: () => 'https://127.0.0.1/' }, text: async () => '' });
      expect(await codeOf(fetchRequestObject('https://bank.example/r/1', { fetch: redirect }))).toBe('ERR_OID4VP_REQUEST_URI_FETCH_FAILED');
    });

    it('expired requests', async () => {
      const created = await newRequest(sdQuery, { ttlSeconds: 60 });
      const later = fixedClock('2025-06-01T12:05:00Z');
      const vp = await sdJwtHolderAnswer(sdJwt, created.parameters, repClaims);
      expect(
        await codeOf(handleAuthorizationResponse({ vp_token: JSON.stringify({ representative: [vp] }), state: created.state }, { ...ctx(), clock: later })),
      ).toBe('ERR_OID4VP_REQUEST_EXPIRED');
    });

    it('wallet error responses are recorded once (§8.5)', async () => {
      const created = await newRequest(sdQuery);
      await handleAuthorizationResponse({ error: 'access_denied', state: created.state }, ctx());
      expect(await getAuthorizationResult(created.id, ctx())).toMatchObject({ status: 'declined', error: { error: 'access_denied' } });
      expect(await codeOf(handleAuthorizationResponse({ error: 'access_denied', state: created.state }, ctx()))).toBe('ERR_OID4VP_RESPONSE_REPLAYED');
    });

    it('rejects a signed request whose signer is not the client DID, and bad DCQL', async () => {
      expect(await codeOf(newRequest(sdQuery, { clientId: issuer.did }))).toBe('ERR_OID4VP_OPTIONS_INVALID');
      expect(await codeOf(newRequest({ credentials: [] }))).toBe('ERR_DCQL_INVALID_QUERY');
    });
  });
});
