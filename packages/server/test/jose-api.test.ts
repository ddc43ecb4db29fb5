/**
 * The VC API service with the JOSE forms (issue 3 item 3) over real HTTP on 127.0.0.1: `vc+jwt` and
 * `dc+sd-jwt` issued and verified, SD-JWT VC presentations with key binding, vp+jwt, and every bad
 * input answered with a 4xx problem document whose codes are asserted — after which a valid request
 * still succeeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '@trustbridge/core';
import { createEd25519Signer, ed25519PublicKeyToJwk, generateEd25519KeyPair } from '@trustbridge/keys';
import { createDidKeyDocument, didKeyFromEd25519PublicKey } from '@trustbridge/did';
import { envelopeVcJwt, issuePresentationJwt, presentSdJwtVc } from '@trustbridge/jose';
import { createServiceIssuer, createVcApiApp, startServer, type RunningServer } from '../src/index.js';
import { post, type HttpAnswer } from './helpers.js';

const NOW = '2025-06-01T12:00:00Z';
const NOW_SECONDS = Date.parse(NOW) / 1000;
const clock = fixedClock(NOW);
const ISSUER_SEED = new Uint8Array(32).fill(1);
const HOLDER_SEED = new Uint8Array(32).fill(2);
const NONCE = 'n-7f3a9c';
const AUD = 'https://bank.example.ca';

// An example business credential under its own inline context (JSON-LD safe); its type is a URL, which
// is the default vct. (A TrustBridge vocabulary vct is the default only under the vocabulary context.)
const TYPE_URL = 'https://example.ca/vocab#BusinessRegistrationCredential';
const CONTEXT = {
  '@protected': true,
  BusinessRegistrationCredential: 'https://example.ca/vocab#BusinessRegistrationCredential',
  legalName: 'https://example.ca/vocab#legalName',
  businessStatus: 'https://example.ca/vocab#businessStatus',
  registrationNumber: 'https://example.ca/vocab#registrationNumber',
  address: { '@id': 'https://example.ca/vocab#address', '@context': { locality: 'https://example.ca/vocab#locality', region: 'https://example.ca/vocab#region' } },
};

function credential(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', CONTEXT],
    type: ['VerifiableCredential', TYPE_URL],
    validFrom: '2025-01-01T00:00:00Z',
    credentialSubject: {
      id: 'did:example:business',
      legalName: 'Okanagan Orchards Ltd.',
      registrationNumber: 'FM0055205',
      businessStatus: 'ACTIVE',
      address: { locality: 'Kelowna', region: 'BC' },
    },
    ...extra,
  };
}

const holderPair = generateEd25519KeyPair(HOLDER_SEED);
const holderJwk = ed25519PublicKeyToJwk(holderPair.publicKey);
const holderDid = didKeyFromEd25519PublicKey(holderPair.publicKey);
const holderVm = createDidKeyDocument(holderDid).authentication![0] as string;
const holderSigner = createEd25519Signer({ id: typeof holderVm === 'string' ? holderVm : (holderVm as { id: string }).id, secretKey: holderPair.secretKey! });

const b64json = (segment: string): Record<string, unknown> => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const codes = (res: HttpAnswer): string[] => (res.body.problems ?? []).map((p: { code: string }) => p.code);

/** Asserts a problem document with `status` and `code`, and (when given) a problem with `problemCode`. */
function expectProblem(res: HttpAnswer, status: number, code: string, problemCode?: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.contentType).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code });
  if (problemCode) expect(codes(res)).toContain(problemCode);
}

describe('VC API service: JOSE forms', () => {
  let server: RunningServer;
  let url: string;
  let issuerId: string;
  let vcJwt: string;
  let sdJwt: string;

  const issue = (body: unknown) => post(`${url}/credentials/issue`, body);
  const verify = (vc: unknown) => post(`${url}/credentials/verify`, { verifiableCredential: vc });
  const verifyVp = (vp: unknown, options: Record<string, unknown> = { challenge: NONCE, domain: AUD }) =>
    post(`${url}/presentations/verify`, { verifiablePresentation: vp, options });
  const present = (token: string, disclose: string[], overrides: { nonce?: string; aud?: string } = {}) =>
    presentSdJwtVc(token, { disclose, holderSigner, nonce: overrides.nonce ?? NONCE, aud: overrides.aud ?? AUD, iat: NOW_SECONDS });

  /** A valid request after a bad one still succeeds (no state was poisoned). */
  async function expectStillWorks(): Promise<void> {
    expect((await verify(vcJwt)).status).toBe(200);
    expect((await verifyVp(await present(sdJwt, ['/legalName']))).status).toBe(200);
  }

  beforeAll(async () => {
    const issuer = await createServiceIssuer({ method: 'key', seed: ISSUER_SEED });
    issuerId = issuer.id;
    server = await startServer({ app: createVcApiApp({ issuer, clock }), host: '127.0.0.1', port: 0 });
    url = server.url;
    const jwt = await issue({ credential: credential(), options: { format: 'vc+jwt' } });
    expect(jwt.status).toBe(201);
    vcJwt = jwt.body.verifiableCredential;
    const sd = await issue({
      credential: credential(),
      options: { format: 'dc+sd-jwt', selectivelyDisclosable: ['/legalName', '/registrationNumber', '/address', '/address/locality'], holderKey: holderJwk },
    });
    expect(sd.status).toBe(201);
    sdJwt = sd.body.verifiableCredential;
  });
  afterAll(async () => {
    await server.close();
  });

  describe('POST /credentials/issue', () => {
    it('issues vc+jwt: a compact JWS, typ vc+jwt, kid a DID URL of the service issuer, the credential as payload', () => {
      expect(typeof vcJwt).toBe('string');
      const [header, payload, signature] = vcJwt.split('.');
      expect(signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
      expect(b64json(header!)).toEqual({ alg: 'EdDSA', typ: 'vc+jwt', kid: expect.stringMatching(new RegExp(`^${issuerId}#`)) });
      expect(b64json(payload!)).toMatchObject({ issuer: issuerId, credentialSubject: { legalName: 'Okanagan Orchards Ltd.' } });
    });

    it('issues dc+sd-jwt: default vct from the type URL, cnf from holderKey, chosen claims selectively disclosable', () => {
      const parts = sdJwt.split('~');
      expect(parts.at(-1)).toBe('');
      expect(parts.length - 2).toBe(4); // legalName, registrationNumber, address, address.locality
      const [header, payload] = parts[0]!.split('.');
      expect(b64json(header!)).toMatchObject({ typ: 'dc+sd-jwt', kid: expect.stringMatching(new RegExp(`^${issuerId}#`)) });
      const claims = b64json(payload!);
      expect(claims).toMatchObject({ iss: issuerId, vct: TYPE_URL, sub: 'did:example:business', businessStatus: 'ACTIVE', cnf: { jwk: holderJwk }, _sd_alg: 'sha-256' });
      expect(claims).not.toHaveProperty('legalName');
      expect(claims).not.toHaveProperty('address');
    });

    it('accepts options.vct and a disclosureFrame instead of pointers', async () => {
      const res = await issue({
        credential: credential(),
        options: { format: 'dc+sd-jwt', vct: 'https://credentials.example.ca/business', disclosureFrame: { _sd: ['legalName'], address: { _sd: ['region'] } } },
      });
      expect(res.status).toBe(201);
      const token: string = res.body.verifiableCredential;
      expect(b64json(token.split('.')[1]!)).toMatchObject({ vct: 'https://credentials.example.ca/business', address: { locality: 'Kelowna' } });
      expect(token.split('~').length - 2).toBe(2);
      expect((await verify(token)).status).toBe(200);
    });

    it('still issues Data Integrity by default and with format ldp_vc', async () => {
      for (const options of [undefined, { format: 'ldp_vc' }, { format: 'ldp_vc', cryptosuite: 'eddsa-jcs-2022' }]) {
        const res = await issue({ credential: credential(), ...(options ? { options } : {}) });
        expect(res.status).toBe(201);
        expect(res.body.verifiableCredential.proof).toMatchObject({ type: 'DataIntegrityProof', proofPurpose: 'assertionMethod' });
      }
    });

    it('refuses an unknown format with 400 ERR_REQUEST_INVALID carrying ERR_FORMAT_UNSUPPORTED', async () => {
      for (const format of ['jwt_vc_json', 'mso_mdoc', 'VC+JWT', 42]) {
        const res = await issue({ credential: credential(), options: { format } });
        expectProblem(res, 400, 'ERR_REQUEST_INVALID', 'ERR_FORMAT_UNSUPPORTED');
        expect(res.body.problems[0].path).toBe('/options/format');
      }
      await expectStillWorks();
    });

    it.each([
      ['a cryptosuite with vc+jwt', { format: 'vc+jwt', cryptosuite: 'eddsa-rdfc-2022' }, '/options/cryptosuite'],
      ['SD-JWT options with vc+jwt', { format: 'vc+jwt', selectivelyDisclosable: ['/legalName'] }, '/options/selectivelyDisclosable'],
      ['SD-JWT options with ldp_vc', { holderKey: holderJwk }, '/options/holderKey'],
      ['a pointer to an absent claim', { format: 'dc+sd-jwt', selectivelyDisclosable: ['/legalName', '/nickname'] }, '/options/selectivelyDisclosable/1'],
      ['a pointer to an array index of an object', { format: 'dc+sd-jwt', selectivelyDisclosable: ['/address/0'] }, '/options/selectivelyDisclosable/0'],
      ['a pointer that is not a JSON Pointer', { format: 'dc+sd-jwt', selectivelyDisclosable: ['legalName'] }, '/options/selectivelyDisclosable/0'],
      ['an empty pointer list', { format: 'dc+sd-jwt', selectivelyDisclosable: [] }, '/options/selectivelyDisclosable'],
      ['a selectively disclosable reserved claim', { format: 'dc+sd-jwt', selectivelyDisclosable: ['/cnf'] }, '/options/selectivelyDisclosable/0'],
      ['both a frame and pointers', { format: 'dc+sd-jwt', disclosureFrame: { _sd: ['legalName'] }, selectivelyDisclosable: ['/legalName'] }, '/options/disclosureFrame'],
      ['a holder key with private members', { format: 'dc+sd-jwt', holderKey: { ...holderJwk, d: 'AAAA' } }, '/options/holderKey'],
      ['a holder key of an unsupported type', { format: 'dc+sd-jwt', holderKey: { kty: 'RSA', n: 'AQAB', e: 'AQAB' } }, '/options/holderKey'],
      ['an empty vct', { format: 'dc+sd-jwt', vct: '' }, '/options/vct'],
      ['a frame naming an absent claim', { format: 'dc+sd-jwt', disclosureFrame: { _sd: ['nickname'] } }, '/options'],
    ])('refuses %s with 400 ERR_REQUEST_INVALID', async (_name, options, path) => {
      const res = await issue({ credential: credential(), options });
      expectProblem(res, 400, 'ERR_REQUEST_INVALID');
      expect(res.body.problems[0].path).toBe(path);
      await expectStillWorks();
    });

    it('asks for options.vct when no default can be derived from the type', async () => {
      const generic = { ...credential(), type: ['VerifiableCredential'], '@context': ['https://www.w3.org/ns/credentials/v2', { ...CONTEXT, BusinessRegistrationCredential: undefined }] };
      const res = await issue({ credential: generic, options: { format: 'dc+sd-jwt' } });
      expectProblem(res, 400, 'ERR_REQUEST_INVALID');
      expect(res.body.problems[0].path).toBe('/options/vct');
    });

    it('refuses a VC 1.1 credential as vc+jwt (VC-JOSE-COSE secures VC 2.0 only)', async () => {
      const v11 = { '@context': ['https://www.w3.org/2018/credentials/v1'], type: ['VerifiableCredential'], issuanceDate: '2025-01-01T00:00:00Z', credentialSubject: { id: 'did:example:subject' } };
      expectProblem(await issue({ credential: v11, options: { format: 'vc+jwt' } }), 400, 'ERR_VC_OPTIONS_INVALID');
    });

    it('refuses another issuer in every format', async () => {
      for (const format of ['vc+jwt', 'dc+sd-jwt']) {
        expectProblem(await issue({ credential: credential({ issuer: 'did:example:someone-else' }), options: { format } }), 400, 'ERR_VC_ISSUER_MISMATCH');
      }
    });
  });

  describe('POST /credentials/verify', () => {
    it('verifies a vc+jwt: 200 with format and checks', async () => {
      const res = await verify(vcJwt);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ verified: true, format: 'vc+jwt', problems: [] });
      expect(res.body.checks.find((c: { id: string }) => c.id === 'proof')).toMatchObject({ status: 'passed' });
    });

    it('verifies an SD-JWT VC with all its disclosures and with only some', async () => {
      expect((await verify(sdJwt)).body).toMatchObject({ verified: true, format: 'dc+sd-jwt' });
      const fewer = await presentSdJwtVc(sdJwt, { disclose: ['/registrationNumber'] });
      expect(fewer.split('~').length - 2).toBe(1);
      expect((await verify(fewer)).status).toBe(200);
    });

    it('answers 422 ERR_JOSE_SIGNATURE_INVALID for a tampered vc+jwt payload', async () => {
      const [h, p, s] = vcJwt.split('.');
      const payload = b64json(p!) as { credentialSubject: Record<string, unknown> };
      payload.credentialSubject.businessStatus = 'DISSOLVED';
      expectProblem(await verify(`${h}.${b64(payload)}.${s}`), 422, 'ERR_VERIFICATION_FAILED', 'ERR_JOSE_SIGNATURE_INVALID');
      await expectStillWorks();
    });

    it('answers 422 ERR_JOSE_SIGNATURE_INVALID for a tampered SD-JWT payload', async () => {
      const [jwt, ...rest] = sdJwt.split('~');
      const [h, p, s] = jwt!.split('.');
      const tampered = `${h}.${b64({ ...b64json(p!), businessStatus: 'DISSOLVED' })}.${s}~${rest.join('~')}`;
      expectProblem(await verify(tampered), 422, 'ERR_VERIFICATION_FAILED', 'ERR_JOSE_SIGNATURE_INVALID');
      await expectStillWorks();
    });

    it('answers 422 ERR_SDJWT_DISCLOSURE_UNKNOWN for a tampered disclosure', async () => {
      const [jwt, first, ...rest] = sdJwt.split('~');
      const [salt, name] = JSON.parse(Buffer.from(first!, 'base64url').toString('utf8')) as [string, string, unknown];
      const forged = Buffer.from(JSON.stringify([salt, name, 'Forged Holdings Inc.'])).toString('base64url');
      const res = await verify([jwt, forged, ...rest].join('~'));
      expectProblem(res, 422, 'ERR_VERIFICATION_FAILED', 'ERR_SDJWT_DISCLOSURE_UNKNOWN');
      expect(res.body.verified).toBe(false);
      await expectStillWorks();
    });

    it('answers 422 ERR_JOSE_ALG_NOT_ALLOWED for an alg: none token', async () => {
      const [h, p] = vcJwt.split('.');
      const none = `${b64({ ...b64json(h!), alg: 'none' })}.${p}.`;
      expectProblem(await verify(none), 422, 'ERR_VERIFICATION_FAILED', 'ERR_JOSE_ALG_NOT_ALLOWED');
      const noneWithSignature = `${b64({ ...b64json(h!), alg: 'none' })}.${p}.${vcJwt.split('.')[2]}`;
      expectProblem(await verify(noneWithSignature), 422, 'ERR_VERIFICATION_FAILED', 'ERR_JOSE_ALG_NOT_ALLOWED');
      await expectStillWorks();
    });

    it('answers 400 ERR_CREDENTIAL_MALFORMED (ERR_JOSE_TOO_LARGE) for an oversized token', async () => {
      const [h, p, s] = vcJwt.split('.');
      const payload = b64json(p!) as { credentialSubject: Record<string, unknown> };
      payload.credentialSubject.legalName = 'x'.repeat(200 * 1024);
      expectProblem(await verify(`${h}.${b64(payload)}.${s}`), 400, 'ERR_CREDENTIAL_MALFORMED', 'ERR_JOSE_TOO_LARGE');
      await expectStillWorks();
    });

    it.each([
      ['a payload segment with non-base64url characters', () => { const [h, p, s] = vcJwt.split('.'); return `${h}.${p!.slice(0, 10)}*+/${p!.slice(13)}.${s}`; }, 'ERR_JOSE_MALFORMED'],
      ['a padded signature segment', () => `${vcJwt}==`, 'ERR_JOSE_MALFORMED'],
      ['a header segment with non-base64url characters', () => `!!${vcJwt}`, 'ERR_VC_FORMAT_UNSUPPORTED'],
      ['two segments', () => vcJwt.split('.').slice(0, 2).join('.'), 'ERR_VC_FORMAT_UNSUPPORTED'],
      ['a string that is no token', () => 'hello', 'ERR_VC_FORMAT_UNSUPPORTED'],
    ])('answers 400 ERR_CREDENTIAL_MALFORMED for %s', async (_name, make, problemCode) => {
      expectProblem(await verify(make()), 400, 'ERR_CREDENTIAL_MALFORMED', problemCode);
      await expectStillWorks();
    });

    it('answers 422 ERR_SDJWT_DISCLOSURE_UNKNOWN for a disclosure with non-base64url characters (its digest is in no _sd)', async () => {
      const [jwt, d, ...rest] = sdJwt.split('~');
      expectProblem(await verify([jwt, `${d}$`, ...rest].join('~')), 422, 'ERR_VERIFICATION_FAILED', 'ERR_SDJWT_DISCLOSURE_UNKNOWN');
      await expectStillWorks();
    });

    it('answers 400 ERR_REQUEST_INVALID when verifiableCredential is neither an object nor a string', async () => {
      for (const value of [42, '', '   ', null, [vcJwt]]) {
        const res = await verify(value);
        expectProblem(res, 400, 'ERR_REQUEST_INVALID');
        expect(res.body.problems[0].path).toBe('/verifiableCredential');
      }
      await expectStillWorks();
    });
  });

  describe('POST /presentations/verify', () => {
    it('verifies an SD-JWT VC + KB-JWT with the right nonce and audience: 200, the credential checked too', async () => {
      const presentation = await present(sdJwt, ['/legalName', '/address/locality']);
      const res = await verifyVp(presentation);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ verified: true, format: 'dc+sd-jwt' });
      expect(res.body.checks.find((c: { id: string }) => c.id === 'holder-binding')).toMatchObject({ status: 'passed' });
      expect(res.body.credentials).toHaveLength(1);
      expect(res.body.credentials[0]).toMatchObject({ verified: true, format: 'dc+sd-jwt' });
    });

    it('answers 422 ERR_SDJWT_KB_NONCE for another nonce', async () => {
      expectProblem(await verifyVp(await present(sdJwt, ['/legalName'], { nonce: 'n-replayed' })), 422, 'ERR_VERIFICATION_FAILED', 'ERR_SDJWT_KB_NONCE');
      expectProblem(await verifyVp(await present(sdJwt, ['/legalName']), { challenge: 'n-other', domain: AUD }), 422, 'ERR_VERIFICATION_FAILED', 'ERR_SDJWT_KB_NONCE');
      await expectStillWorks();
    });

    it('answers 422 ERR_SDJWT_KB_AUDIENCE for another audience', async () => {
      expectProblem(await verifyVp(await present(sdJwt, ['/legalName'], { aud: 'https://other-bank.example.ca' })), 422, 'ERR_VERIFICATION_FAILED', 'ERR_SDJWT_KB_AUDIENCE');
      await expectStillWorks();
    });

    it('answers 422 ERR_SDJWT_KB_MISSING for an SD-JWT presented without key binding', async () => {
      const unbound = await presentSdJwtVc(sdJwt, { disclose: ['/legalName'] });
      expectProblem(await verifyVp(unbound), 422, 'ERR_VERIFICATION_FAILED', 'ERR_SDJWT_KB_MISSING');
      await expectStillWorks();
    });

    it('answers 422 ERR_SDJWT_KB_SD_HASH when a disclosure is removed after binding', async () => {
      const presentation = await present(sdJwt, ['/legalName', '/registrationNumber']);
      const parts = presentation.split('~');
      const stripped = [parts[0], ...parts.slice(2)].join('~');
      expectProblem(await verifyVp(stripped), 422, 'ERR_VERIFICATION_FAILED', 'ERR_SDJWT_KB_SD_HASH');
      await expectStillWorks();
    });

    it('answers 400 ERR_REQUEST_INVALID without options.challenge or options.domain', async () => {
      const presentation = await present(sdJwt, ['/legalName']);
      const noChallenge = await verifyVp(presentation, { domain: AUD });
      expectProblem(noChallenge, 400, 'ERR_REQUEST_INVALID');
      expect(noChallenge.body.problems[0].path).toBe('/options/challenge');
      const noDomain = await verifyVp(presentation, { challenge: NONCE });
      expectProblem(noDomain, 400, 'ERR_REQUEST_INVALID');
      expect(noDomain.body.problems[0].path).toBe('/options/domain');
      await expectStillWorks();
    });

    it('answers 400 ERR_PRESENTATION_MALFORMED for a presentation that is no token', async () => {
      expectProblem(await verifyVp('not.a.token'), 400, 'ERR_PRESENTATION_MALFORMED', 'ERR_VC_FORMAT_UNSUPPORTED');
      await expectStillWorks();
    });

    it('verifies a vp+jwt carrying an enveloped vc+jwt, bound to nonce and audience', async () => {
      const vp = await issuePresentationJwt(
        { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], holder: holderDid, verifiableCredential: [envelopeVcJwt(vcJwt)] } as never,
        { signer: holderSigner, nonce: NONCE, aud: AUD },
      );
      const res = await verifyVp(vp);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ verified: true, format: 'vp+jwt' });
      expect(res.body.credentials[0]).toMatchObject({ verified: true, format: 'vc+jwt' });
      const wrongNonce = await verifyVp(vp, { challenge: 'n-other', domain: AUD });
      expect(wrongNonce.status).toBe(422);
      expect(wrongNonce.body.code).toBe('ERR_VERIFICATION_FAILED');
    });
  });
});
