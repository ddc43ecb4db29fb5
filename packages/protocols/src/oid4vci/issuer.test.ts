/**
 * OpenID4VCI 1.0 issuer, handlers in process: metadata, the pre-authorized code flow in each format
 * (credential verified with @trustbridge/vc, holder binding present), and the abuse cases of issue 7
 * ("Bad input and abuse"), each asserting its OAuth error and TrustBridge code.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TrustBridgeError } from '@trustbridge/core';
import { createEd25519Signer, generateEd25519KeyPair } from '@trustbridge/keys';
import { didKeyFromEd25519PublicKey } from '@trustbridge/did';
import { openEmbeddedStore, type SqlClient } from '@trustbridge/store';
import { verifyCredential } from '@trustbridge/vc';
import { createDocumentLoader } from '@trustbridge/jsonld';
import { samples, vctOf, vocabContexts } from '@trustbridge/vocab';
import { createOid4vciIssuer, type Oid4vciIssuer } from './issuer.js';
import { holderKey, keyProof, preAuthorizedCode, seededRandom, testWallet, type HolderKey, type TestSend } from './test-wallet.js';

const ISSUER_URL = 'https://issuer.trustbridge.example';
const ADMIN = 'admin-token-for-tests-0123456789';
const START = Date.parse('2026-02-02T10:00:00Z');

const { credentialSubject } = samples.bcSoleProprietorRegistration as unknown as { credentialSubject: Record<string, unknown> };
const { id: _subjectId, ...registrationClaims } = credentialSubject;
const { id: _personId, ...personClaims } = (samples.bcPersonIdentity as unknown as { credentialSubject: Record<string, unknown> }).credentialSubject;

const documentLoader = createDocumentLoader({ extraContexts: vocabContexts as Record<string, unknown> });
let store: SqlClient;
let now = START;
const clock = () => new Date(now);
const seconds = () => Math.floor(now / 1000);
const issuerKeys = generateEd25519KeyPair(new Uint8Array(32).fill(7));
const issuerDid = didKeyFromEd25519PublicKey(issuerKeys.publicKey);
const signer = createEd25519Signer({ id: `${issuerDid}#${issuerDid.slice('did:key:'.length)}`, secretKey: issuerKeys.secretKey! });
let vci: Oid4vciIssuer;
let send: TestSend;

beforeAll(async () => {
  store = await openEmbeddedStore();
});
afterAll(async () => {
  await store?.close();
});
beforeEach(() => {
  now = START;
  vci = createOid4vciIssuer({
    credentialIssuer: ISSUER_URL,
    issuer: { id: issuerDid, signer },
    store,
    clock,
    random: seededRandom(`run-${Math.random()}`),
    adminToken: ADMIN,
    txCodeMaxAttempts: 3,
  });
  send = async (r) => {
    const a = await vci.handle({ method: r.method, url: r.url.replace(ISSUER_URL, ''), headers: r.headers, ...(r.body !== undefined ? { body: r.body } : {}) });
    return { status: a.status, headers: a.headers, body: a.body };
  };
});

/** Offer → token → nonce → proof → credential request; returns each answer. */
async function receive(configurationId: string, holder: HolderKey, by: 'jwk' | 'kid' = 'jwk') {
  const wallet = testWallet(send);
  const offer = await vci.createOffer({
    credentialConfigurationIds: [configurationId],
    credentialSubjects: { BusinessRegistrationCredential: registrationClaims, PersonIdentityCredential: personClaims },
  });
  const fetched = await wallet.getOffer(offer.credentialOfferUri);
  expect(fetched.status).toBe(200);
  const token = await wallet.token(preAuthorizedCode(fetched.body));
  expect(token.status).toBe(200);
  const { c_nonce } = (await wallet.nonce()).body;
  const jwt = await keyProof(holder, { aud: ISSUER_URL, nonce: c_nonce, iat: seconds() }, { by });
  const answer = await wallet.credential(token.body.access_token, { credential_configuration_id: configurationId, proofs: { jwt: [jwt] } });
  return { offer, token, answer, accessToken: token.body.access_token as string };
}

function expectError(answer: { status: number; body: any }, status: number, error: string, code: string): void {
  expect({ status: answer.status, error: answer.body.error, code: answer.body.code }).toEqual({ status, error, code });
  expect(typeof answer.body.error_description).toBe('string');
}

describe('metadata (OpenID4VCI 1.0 §11.2, §11.3)', () => {
  it('publishes the credential issuer metadata with the vocabulary in three formats, EN/FR display', async () => {
    const { status, headers, body } = await testWallet(send).metadata();
    expect(status).toBe(200);
    expect(headers['content-type']).toBe('application/json');
    expect(body.credential_issuer).toBe(ISSUER_URL);
    expect(body.credential_endpoint).toBe(`${ISSUER_URL}/oid4vci/credential`);
    expect(body.nonce_endpoint).toBe(`${ISSUER_URL}/oid4vci/nonce`);
    expect(Object.keys(body.credential_configurations_supported)).toHaveLength(12);
    const sd = body.credential_configurations_supported.BusinessRegistrationCredential_dc_sd_jwt;
    expect(sd).toMatchObject({ format: 'dc+sd-jwt', vct: vctOf('BusinessRegistrationCredential'), cryptographic_binding_methods_supported: ['jwk'] });
    expect(sd.proof_types_supported.jwt.proof_signing_alg_values_supported).toEqual(['EdDSA', 'ES256']);
    expect(sd.credential_metadata.display.map((d: any) => d.locale)).toEqual(['en-CA', 'fr-CA']);
    expect(sd.credential_metadata.display[1].name).toBe("Enregistrement d'entreprise");
    const ldp = body.credential_configurations_supported.BusinessRegistrationCredential_ldp_vc;
    expect(ldp).toMatchObject({ format: 'ldp_vc', credential_signing_alg_values_supported: ['eddsa-rdfc-2022'] });
    expect(ldp.credential_definition.type).toEqual(['VerifiableCredential', 'BusinessRegistrationCredential']);
    expect(body.credential_configurations_supported.PersonIdentityCredential_jwt_vc_json.format).toBe('jwt_vc_json');
  });

  it('publishes authorization server metadata for the pre-authorized code grant', async () => {
    const { status, body } = await send({ method: 'GET', url: '/.well-known/oauth-authorization-server', headers: {} });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      issuer: ISSUER_URL,
      token_endpoint: `${ISSUER_URL}/oid4vci/token`,
      'pre-authorized_grant_anonymous_access_supported': true,
      grant_types_supported: ['urn:ietf:params:oauth:grant-type:pre-authorized_code'],
    });
  });
});

describe('pre-authorized code flow, each format', () => {
  it('ldp_vc: a Data Integrity credential bound to the holder DID (kid did:jwk)', async () => {
    const holder = holderKey('Ed25519');
    const { answer } = await receive('BusinessRegistrationCredential_ldp_vc', holder, 'kid');
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    const vc = answer.body.credentials[0].credential;
    expect(vc.proof.cryptosuite).toBe('eddsa-rdfc-2022');
    expect(vc.credentialSubject.id).toBe(holder.did);
    expect(vc.issuer).toBe(issuerDid);
    const result = await verifyCredential(vc, { clock, documentLoader });
    expect(result.verified).toBe(true);
  });

  it('jwt_vc_json: a vc+jwt bound to the holder (header jwk → did:jwk), P-256 key proof', async () => {
    const holder = holderKey('P-256');
    const { answer } = await receive('PersonIdentityCredential_jwt_vc_json', holder);
    expect(answer.status).toBe(200);
    const jwt = answer.body.credentials[0].credential as string;
    const result = await verifyCredential(jwt, { clock, documentLoader });
    expect(result.verified).toBe(true);
    expect(result.format).toBe('vc+jwt');
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());
    expect(payload.credentialSubject.id).toBe(holder.did);
  });

  it('dc+sd-jwt: an SD-JWT VC with the vocabulary vct and cnf.jwk = the proven key', async () => {
    const holder = holderKey('Ed25519');
    const { answer } = await receive('BusinessRegistrationCredential_dc_sd_jwt', holder);
    expect(answer.status).toBe(200);
    const sdJwt = answer.body.credentials[0].credential as string;
    const result = await verifyCredential(sdJwt, { clock });
    expect(result.verified).toBe(true);
    expect(result.format).toBe('dc+sd-jwt');
    const doc = result.document as Record<string, any>;
    expect(doc.vct).toBe(vctOf('BusinessRegistrationCredential'));
    expect(doc.cnf.jwk).toEqual(holder.publicJwk);
    expect(doc.businessStatus).toBe(registrationClaims['status']);
    expect(doc.legalName).toBe(registrationClaims['legalName']);
  });

  it('an offer for several configurations issues each once with one access token', async () => {
    const wallet = testWallet(send);
    const holder = holderKey();
    const ids = ['BusinessRegistrationCredential_ldp_vc', 'BusinessRegistrationCredential_dc_sd_jwt'];
    const offer = await vci.createOffer({ credentialConfigurationIds: ids, credentialSubjects: { BusinessRegistrationCredential: registrationClaims } });
    const token = await wallet.token(preAuthorizedCode(offer.credentialOffer));
    for (const id of ids) {
      const jwt = await keyProof(holder, { aud: ISSUER_URL, nonce: (await wallet.nonce()).body.c_nonce, iat: seconds() });
      expect((await wallet.credential(token.body.access_token, { credential_configuration_id: id, proofs: { jwt: [jwt] } })).status).toBe(200);
    }
  });

  it('accepts the pre-final singular proof object', async () => {
    const wallet = testWallet(send);
    const holder = holderKey();
    const offer = await vci.createOffer({ credentialConfigurationIds: ['PersonIdentityCredential_ldp_vc'], credentialSubjects: { PersonIdentityCredential: personClaims } });
    const token = await wallet.token(preAuthorizedCode(offer.credentialOffer));
    const jwt = await keyProof(holder, { aud: ISSUER_URL, nonce: (await wallet.nonce()).body.c_nonce, iat: seconds() });
    const answer = await wallet.credential(token.body.access_token, { credential_configuration_id: 'PersonIdentityCredential_ldp_vc', proof: { proof_type: 'jwt', jwt } });
    expect(answer.status).toBe(200);
  });

  it('offers by value and by reference, with a tx_code description', async () => {
    const offer = await vci.createOffer({
      credentialConfigurationIds: ['BusinessRegistrationCredential_ldp_vc'],
      credentialSubjects: { BusinessRegistrationCredential: registrationClaims },
      txCode: { length: 6, description: 'Code sent by SMS' },
    });
    expect(offer.txCode).toMatch(/^[0-9]{6}$/);
    expect(offer.offerByReference).toBe(`openid-credential-offer://?credential_offer_uri=${encodeURIComponent(offer.credentialOfferUri)}`);
    const byValue = JSON.parse(new URL(offer.offerByValue).searchParams.get('credential_offer')!);
    expect(byValue).toEqual(offer.credentialOffer);
    expect(byValue.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code'].tx_code).toEqual({ input_mode: 'numeric', length: 6, description: 'Code sent by SMS' });
    expect(JSON.stringify(byValue)).not.toContain(offer.txCode);
  });
});

describe('bad input and abuse', () => {
  const configurationId = 'BusinessRegistrationCredential_ldp_vc';
  const offerOne = (txCode?: { value: string }) =>
    vci.createOffer({ credentialConfigurationIds: [configurationId], credentialSubjects: { BusinessRegistrationCredential: registrationClaims }, ...(txCode ? { txCode } : {}) });

  async function tokenFor(): Promise<string> {
    const offer = await offerOne();
    return (await testWallet(send).token(preAuthorizedCode(offer.credentialOffer))).body.access_token;
  }
  async function proof(holder: HolderKey, claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}): Promise<string> {
    const c_nonce = (await testWallet(send).nonce()).body.c_nonce;
    return keyProof(holder, { aud: ISSUER_URL, nonce: c_nonce, iat: seconds(), ...claims }, { header });
  }

  it('replayed offer: the credential_offer_uri answers once', async () => {
    const offer = await offerOne();
    const wallet = testWallet(send);
    expect((await wallet.getOffer(offer.credentialOfferUri)).status).toBe(200);
    expectError(await wallet.getOffer(offer.credentialOfferUri), 410, 'invalid_request', 'ERR_OID4VCI_OFFER_USED');
    expectError(await wallet.getOffer(`${ISSUER_URL}/oid4vci/offers/nope`), 404, 'invalid_request', 'ERR_OID4VCI_OFFER_UNKNOWN');
  });

  it('expired offer and pre-authorized code', async () => {
    const offer = await offerOne();
    now += 901_000;
    const wallet = testWallet(send);
    expectError(await wallet.getOffer(offer.credentialOfferUri), 410, 'invalid_request', 'ERR_OID4VCI_OFFER_EXPIRED');
    expectError(await wallet.token(preAuthorizedCode(offer.credentialOffer)), 400, 'invalid_grant', 'ERR_OID4VCI_GRANT_EXPIRED');
  });

  it('replayed pre-authorized code: invalid_grant', async () => {
    const offer = await offerOne();
    const wallet = testWallet(send);
    const code = preAuthorizedCode(offer.credentialOffer);
    expect((await wallet.token(code)).status).toBe(200);
    expectError(await wallet.token(code), 400, 'invalid_grant', 'ERR_OID4VCI_GRANT_USED');
    expectError(await wallet.token('made-up-code'), 400, 'invalid_grant', 'ERR_OID4VCI_GRANT_INVALID');
  });

  it('wrong tx_code: limited attempts, then locked even for the right code', async () => {
    const offer = await offerOne({ value: '493817' });
    const wallet = testWallet(send);
    const code = preAuthorizedCode(offer.credentialOffer);
    expectError(await wallet.token(code), 400, 'invalid_request', 'ERR_OID4VCI_TX_CODE_REQUIRED');
    expectError(await wallet.token(code, '000000'), 400, 'invalid_grant', 'ERR_OID4VCI_TX_CODE_INVALID');
    expectError(await wallet.token(code, '111111'), 400, 'invalid_grant', 'ERR_OID4VCI_TX_CODE_INVALID');
    expectError(await wallet.token(code, '222222'), 400, 'invalid_grant', 'ERR_OID4VCI_GRANT_LOCKED');
    expectError(await wallet.token(code, '493817'), 400, 'invalid_grant', 'ERR_OID4VCI_GRANT_LOCKED');
  });

  it('right tx_code works; a tx_code where none was asked is refused', async () => {
    const wallet = testWallet(send);
    const withCode = await offerOne({ value: '493817' });
    expect((await wallet.token(preAuthorizedCode(withCode.credentialOffer), '493817')).status).toBe(200);
    const without = await offerOne();
    expectError(await wallet.token(preAuthorizedCode(without.credentialOffer), '1234'), 400, 'invalid_request', 'ERR_OID4VCI_TX_CODE_UNEXPECTED');
  });

  it('token request: wrong grant type, media type', async () => {
    const answer = await send({ method: 'POST', url: '/oid4vci/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=authorization_code&code=x' });
    expectError(answer, 400, 'unsupported_grant_type', 'ERR_OID4VCI_GRANT_TYPE_UNSUPPORTED');
    const json = await send({ method: 'POST', url: '/oid4vci/token', headers: { 'content-type': 'application/json' }, body: '{}' });
    expectError(json, 415, 'invalid_request', 'ERR_OID4VCI_MEDIA_TYPE');
  });

  it('proof with a wrong nonce: invalid_nonce; nothing issued', async () => {
    const token = await tokenFor();
    const holder = holderKey();
    const jwt = await keyProof(holder, { aud: ISSUER_URL, nonce: 'not-a-nonce-of-this-issuer', iat: seconds() });
    const wallet = testWallet(send);
    expectError(await wallet.credential(token, { credential_configuration_id: configurationId, proofs: { jwt: [jwt] } }), 400, 'invalid_nonce', 'ERR_OID4VCI_NONCE_INVALID');
    const noNonce = await keyProof(holder, { aud: ISSUER_URL, iat: seconds() });
    expectError(await wallet.credential(token, { credential_configuration_id: configurationId, proofs: { jwt: [noNonce] } }), 400, 'invalid_nonce', 'ERR_OID4VCI_NONCE_INVALID');
    // The grant is still good: a correct proof now gets the one credential.
    expect((await wallet.credential(token, { credential_configuration_id: configurationId, proofs: { jwt: [await proof(holder)] } })).status).toBe(200);
  });

  it('reused nonce: the second proof with the same c_nonce is refused', async () => {
    const holder = holderKey();
    const wallet = testWallet(send);
    const c_nonce = (await wallet.nonce()).body.c_nonce;
    const first = await tokenFor();
    const jwt = await keyProof(holder, { aud: ISSUER_URL, nonce: c_nonce, iat: seconds() });
    expect((await wallet.credential(first, { credential_configuration_id: configurationId, proofs: { jwt: [jwt] } })).status).toBe(200);
    const second = await tokenFor();
    expectError(await wallet.credential(second, { credential_configuration_id: configurationId, proofs: { jwt: [jwt] } }), 400, 'invalid_nonce', 'ERR_OID4VCI_NONCE_INVALID');
  });

  it('expired nonce', async () => {
    const token = await tokenFor();
    const holder = holderKey();
    const c_nonce = (await testWallet(send).nonce()).body.c_nonce;
    now += 301_000;
    const jwt = await keyProof(holder, { aud: ISSUER_URL, nonce: c_nonce, iat: seconds() });
    const fresh = await tokenFor();
    expect(token).toBeTruthy();
    expectError(await testWallet(send).credential(fresh, { credential_configuration_id: configurationId, proofs: { jwt: [jwt] } }), 400, 'invalid_nonce', 'ERR_OID4VCI_NONCE_INVALID');
  });

  it('wrong audience, stale and future iat, wrong typ, bad signature, two keys: invalid_proof', async () => {
    const token = await tokenFor();
    const holder = holderKey();
    const other = holderKey();
    const wallet = testWallet(send);
    const ask = async (jwt: string) => wallet.credential(token, { credential_configuration_id: configurationId, proofs: { jwt: [jwt] } });
    expectError(await ask(await proof(holder, { aud: 'https://evil.example' })), 400, 'invalid_proof', 'ERR_OID4VCI_PROOF_AUDIENCE');
    expectError(await ask(await proof(holder, { iat: seconds() - 301 })), 400, 'invalid_proof', 'ERR_OID4VCI_PROOF_STALE');
    expectError(await ask(await proof(holder, { iat: seconds() + 120 })), 400, 'invalid_proof', 'ERR_OID4VCI_PROOF_IAT_IN_FUTURE');
    expectError(await ask(await proof(holder, {}, { typ: 'JWT' })), 400, 'invalid_proof', 'ERR_OID4VCI_PROOF_TYP');
    expectError(await ask(await proof(holder, {}, { jwk: other.publicJwk })), 400, 'invalid_proof', 'ERR_OID4VCI_PROOF_SIGNATURE');
    expectError(await ask(await proof(holder, {}, { kid: holder.kid })), 400, 'invalid_proof', 'ERR_OID4VCI_PROOF_KEY');
    expectError(await ask('not.a.jws'), 400, 'invalid_proof', 'ERR_OID4VCI_PROOF_MALFORMED');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'openid4vci-proof+jwt', jwk: holder.publicJwk })).toString('base64url')}.${Buffer.from('{}').toString('base64url')}.`;
    expectError(await ask(none), 400, 'invalid_proof', 'ERR_OID4VCI_PROOF_ALG');
    expectError(await wallet.credential(token, { credential_configuration_id: configurationId }), 400, 'invalid_proof', 'ERR_OID4VCI_PROOF_MISSING');
  });

  it('credential request for an unoffered or unknown configuration', async () => {
    const token = await tokenFor();
    const holder = holderKey();
    const wallet = testWallet(send);
    expectError(
      await wallet.credential(token, { credential_configuration_id: 'PersonIdentityCredential_ldp_vc', proofs: { jwt: [await proof(holder)] } }),
      400,
      'unknown_credential_configuration',
      'ERR_OID4VCI_CONFIGURATION_NOT_OFFERED',
    );
    expectError(await wallet.credential(token, { credential_configuration_id: 'Nope', proofs: { jwt: [await proof(holder)] } }), 400, 'unknown_credential_configuration', 'ERR_OID4VCI_CONFIGURATION_UNKNOWN');
    expectError(await wallet.credential(token, { credential_identifier: 'x', proofs: { jwt: [await proof(holder)] } }), 400, 'unknown_credential_identifier', 'ERR_OID4VCI_CREDENTIAL_IDENTIFIER_UNKNOWN');
    expectError(await wallet.credential(token, { credential_configuration_id: configurationId, proofs: { jwt: [await proof(holder), await proof(holder)] } }), 400, 'invalid_credential_request', 'ERR_OID4VCI_CREDENTIAL_REQUEST_INVALID');
  });

  it('missing, invalid and expired access tokens: 401 invalid_token with WWW-Authenticate', async () => {
    const wallet = testWallet(send);
    const body = { credential_configuration_id: configurationId, proofs: { jwt: ['x'] } };
    const missing = await wallet.credential(undefined, body);
    expectError(missing, 401, 'invalid_token', 'ERR_OID4VCI_TOKEN_MISSING');
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    const invalid = await wallet.credential('forged-token', body);
    expectError(invalid, 401, 'invalid_token', 'ERR_OID4VCI_TOKEN_INVALID');
    expect(invalid.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    const token = await tokenFor();
    now += 301_000;
    expectError(await wallet.credential(token, body), 401, 'invalid_token', 'ERR_OID4VCI_TOKEN_INVALID');
  });

  it('oversized and malformed requests', async () => {
    const token = await tokenFor();
    const wallet = testWallet(send);
    expectError(await wallet.credential(token, { credential_configuration_id: 'x'.repeat(70_000) }), 413, 'invalid_request', 'ERR_OID4VCI_REQUEST_TOO_LARGE');
    expectError(await wallet.credential(token, '{"a":'), 400, 'invalid_request', 'ERR_OID4VCI_REQUEST_INVALID');
    const big = await send({ method: 'POST', url: '/oid4vci/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `grant_type=${'a'.repeat(70_000)}` });
    expectError(big, 413, 'invalid_request', 'ERR_OID4VCI_REQUEST_TOO_LARGE');
  });

  it('nothing issued twice: a second request for the same configuration is denied', async () => {
    const token = await tokenFor();
    const holder = holderKey();
    const wallet = testWallet(send);
    const first = await wallet.credential(token, { credential_configuration_id: configurationId, proofs: { jwt: [await proof(holder)] } });
    expect(first.status).toBe(200);
    const again = await wallet.credential(token, { credential_configuration_id: configurationId, proofs: { jwt: [await proof(holder)] } });
    expectError(again, 400, 'credential_request_denied', 'ERR_OID4VCI_ALREADY_ISSUED');
    // Concurrent requests with the same token: exactly one credential.
    const offer = await offerOne();
    const t2 = (await wallet.token(preAuthorizedCode(offer.credentialOffer))).body.access_token;
    const proofs = await Promise.all([proof(holder), proof(holder), proof(holder)]);
    const answers = await Promise.all(proofs.map((jwt) => wallet.credential(t2, { credential_configuration_id: configurationId, proofs: { jwt: [jwt] } })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.body.code === 'ERR_OID4VCI_ALREADY_ISSUED')).toHaveLength(2);
  });

  it('offer creation: claims validated by the vocabulary schema; admin token required over HTTP', async () => {
    await expect(
      vci.createOffer({ credentialConfigurationIds: [configurationId], credentialSubjects: { BusinessRegistrationCredential: { legalName: 'X' } } }),
    ).rejects.toMatchObject({ code: 'ERR_OID4VCI_CLAIMS_INVALID' } satisfies Partial<TrustBridgeError>);
    await expect(vci.createOffer({ credentialConfigurationIds: ['Nope'], credentialSubjects: {} })).rejects.toMatchObject({ code: 'ERR_OID4VCI_OFFER_INVALID' });
    const body = JSON.stringify({ credential_configuration_ids: [configurationId], credential_subjects: { BusinessRegistrationCredential: registrationClaims }, tx_code: { length: 4 } });
    const post = (headers: Record<string, string>) => send({ method: 'POST', url: '/oid4vci/offers', headers: { 'content-type': 'application/json', ...headers }, body });
    expectError(await post({}), 401, 'invalid_token', 'ERR_OID4VCI_ADMIN_TOKEN_MISSING');
    expectError(await post({ authorization: 'Bearer wrong-token' }), 403, 'invalid_token', 'ERR_OID4VCI_ADMIN_TOKEN_INVALID');
    const created = await post({ authorization: `Bearer ${ADMIN}` });
    expect(created.status).toBe(201);
    expect(created.body.tx_code).toMatch(/^[0-9]{4}$/);
    expect(created.body.credential_offer.credential_configuration_ids).toEqual([configurationId]);
    const invalidClaims = await send({
      method: 'POST',
      url: '/oid4vci/offers',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ credential_configuration_ids: [configurationId], credential_subjects: { BusinessRegistrationCredential: { ...registrationClaims, id: 'did:example:x' } } }),
    });
    expectError(invalidClaims, 400, 'invalid_request', 'ERR_OID4VCI_CLAIMS_INVALID');
  });

  it('unknown paths and methods', async () => {
    expectError(await send({ method: 'GET', url: '/oid4vci/else', headers: {} }), 404, 'invalid_request', 'ERR_OID4VCI_NOT_FOUND');
    expectError(await send({ method: 'GET', url: '/oid4vci/token', headers: {} }), 405, 'invalid_request', 'ERR_OID4VCI_METHOD_NOT_ALLOWED');
  });
});
