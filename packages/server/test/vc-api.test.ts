/**
 * The VC API service over real HTTP on 127.0.0.1: every endpoint's happy path, and every bad input
 * answered with a 4xx problem document carrying the right code, after which a valid request still
 * succeeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixedClock } from '@trustbridge/core';
import { createEd25519Signer, generateEd25519KeyPair } from '@trustbridge/keys';
import { createDidKeyDocument, didKeyFromEd25519PublicKey } from '@trustbridge/did';
import { issueCredential, createPresentation, signPresentation } from '@trustbridge/vc';
import { createLogger, createServiceIssuer, createVcApiApp, startServer, type RunningServer } from '../src/index.js';
import { deepJson, logCollector, post, request } from './helpers.js';

const NOW = '2025-06-01T12:00:00Z';
const clock = fixedClock(NOW);

// Fixed seeds: the service issuer and an arbitrary holder with its own did:key.
const ISSUER_SEED = new Uint8Array(32).fill(1);
const HOLDER_SEED = new Uint8Array(32).fill(2);
const OTHER_SEED = new Uint8Array(32).fill(3);

const EXAMPLE_CONTEXT = {
  '@protected': true,
  BusinessRegistrationCredential: 'https://example.ca/vocab#BusinessRegistrationCredential',
  legalName: 'https://example.ca/vocab#legalName',
  businessStatus: 'https://example.ca/vocab#businessStatus',
};

function vc2(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', EXAMPLE_CONTEXT],
    type: ['VerifiableCredential', 'BusinessRegistrationCredential'],
    validFrom: '2025-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:business', legalName: 'Okanagan Orchards Ltd.', businessStatus: 'ACTIVE' },
    ...extra,
  };
}

function vc11(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/2018/credentials/v1'],
    type: ['VerifiableCredential'],
    issuanceDate: '2025-01-01T00:00:00Z',
    credentialSubject: { id: 'did:example:subject' },
    ...extra,
  };
}

function holderIdentity(seed: Uint8Array) {
  const pair = generateEd25519KeyPair(seed);
  const did = didKeyFromEd25519PublicKey(pair.publicKey);
  const vm = createDidKeyDocument(did).assertionMethod![0] as string;
  return { did, signer: createEd25519Signer({ id: typeof vm === 'string' ? vm : (vm as { id: string }).id, secretKey: pair.secretKey! }) };
}

describe('VC API service (did:key issuer)', () => {
  let server: RunningServer;
  let url: string;
  let issuerId: string;
  let contextServer: Server;
  let contextHits = 0;
  let unknownContextUrl: string;
  let issued: Record<string, unknown>;

  beforeAll(async () => {
    const issuer = await createServiceIssuer({ method: 'key', seed: ISSUER_SEED });
    issuerId = issuer.id;
    server = await startServer({ app: createVcApiApp({ issuer, clock }), host: '127.0.0.1', port: 0 });
    url = server.url;
    // A context URL that exists on 127.0.0.1: the service must never fetch it.
    contextServer = createServer((_req, res) => {
      contextHits++;
      res.setHeader('content-type', 'application/ld+json');
      res.end(JSON.stringify({ '@context': { '@vocab': 'https://example.ca/#' } }));
    });
    await new Promise<void>((resolve) => contextServer.listen(0, '127.0.0.1', resolve));
    unknownContextUrl = `http://127.0.0.1:${(contextServer.address() as AddressInfo).port}/context.jsonld`;
    const res = await post(`${url}/credentials/issue`, { credential: vc2({ issuer: issuerId }) });
    expect(res.status).toBe(201);
    issued = res.body.verifiableCredential;
  });
  afterAll(async () => {
    await server.close();
    await new Promise<void>((resolve) => contextServer.close(() => resolve()));
  });

  async function expectVerifyStillWorks(): Promise<void> {
    const res = await post(`${url}/credentials/verify`, { verifiableCredential: issued });
    expect(res.status).toBe(200);
    expect(res.body.verified).toBe(true);
  }

  /** Asserts a 4xx problem document with `code` (and, for verification failures, a problem with `problemCode`). */
  function expectProblem(res: Awaited<ReturnType<typeof post>>, status: number, code: string, problemCode?: string): void {
    expect(res.status).toBe(status);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, code });
    expect(typeof res.body.type).toBe('string');
    expect(typeof res.body.detail).toBe('string');
    if (problemCode) expect(res.body.problems.map((p: { code: string }) => p.code)).toContain(problemCode);
  }

  describe('index and health', () => {
    it('GET / describes the service', async () => {
      const res = await request(`${url}/`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ issuer: issuerId, endpoints: { issueCredential: 'POST /credentials/issue' } });
    });
    it('GET /health answers ok', async () => {
      const res = await request(`${url}/health`);
      expect(res).toMatchObject({ status: 200, body: { status: 'ok' } });
    });
    it('does not serve a did.json for a did:key issuer', async () => {
      expect((await request(`${url}/.well-known/did.json`)).body.code).toBe('ERR_HTTP_NOT_FOUND');
    });
  });

  describe('POST /credentials/issue', () => {
    it('issues a VC 2.0 credential with eddsa-rdfc-2022 and answers 201', async () => {
      expect(issued['issuer']).toBe(issuerId);
      expect(issued['proof']).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' });
      expect(String((issued['proof'] as { verificationMethod: string }).verificationMethod)).toMatch(new RegExp(`^${issuerId}#`));
    });
    it('fills in an absent issuer, accepts an issuer object, and honours options', async () => {
      const absent = await post(`${url}/credentials/issue`, { credential: vc2() });
      expect(absent.status).toBe(201);
      expect(absent.body.verifiableCredential.issuer).toBe(issuerId);
      const object = await post(`${url}/credentials/issue`, {
        credential: vc2({ issuer: { id: issuerId, name: 'BC Registries' } }),
        options: { cryptosuite: 'eddsa-jcs-2022', created: '2025-05-31T00:00:00Z', credentialId: 'urn:uuid:0b7a3c0e-2f57-4b43-9a8b-8d5f0b8a1a01', mandatoryPointers: ['/issuer'] },
      });
      expect(object.status).toBe(201);
      expect(object.body.verifiableCredential).toMatchObject({
        id: 'urn:uuid:0b7a3c0e-2f57-4b43-9a8b-8d5f0b8a1a01',
        issuer: { id: issuerId },
        proof: { cryptosuite: 'eddsa-jcs-2022', created: '2025-05-31T00:00:00Z' },
      });
      const verified = await post(`${url}/credentials/verify`, { verifiableCredential: object.body.verifiableCredential });
      expect(verified.status).toBe(200);
    });
    it('accepts a VC 1.1 credential (the W3C eddsa suite sends them)', async () => {
      const res = await post(`${url}/credentials/issue`, { credential: vc11({ issuer: issuerId }) });
      expect(res.status).toBe(201);
      expect(res.body.verifiableCredential.proof).toBeDefined();
      const verified = await post(`${url}/credentials/verify`, { verifiableCredential: res.body.verifiableCredential });
      expect(verified.status).toBe(200);
    });
    it('refuses another issuer with ERR_VC_ISSUER_MISMATCH', async () => {
      for (const issuer of ['did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', { id: 'did:example:someone-else' }]) {
        expectProblem(await post(`${url}/credentials/issue`, { credential: vc2({ issuer }) }), 400, 'ERR_VC_ISSUER_MISMATCH');
      }
      await expectVerifyStillWorks();
    });
    it('refuses a credential that breaks a data-model MUST, listing the problems', async () => {
      const { credentialSubject: _omit, ...noSubject } = vc2();
      const res = await post(`${url}/credentials/issue`, { credential: { ...noSubject, type: ['BusinessRegistrationCredential'] } });
      expectProblem(res, 400, 'ERR_VC_INVALID_CREDENTIAL');
      expect(res.body.problems.length).toBeGreaterThanOrEqual(2);
      await expectVerifyStillWorks();
    });
    it('refuses an undefined term with ERR_JSONLD_UNDEFINED_TERM', async () => {
      const res = await post(`${url}/credentials/issue`, { credential: vc11({ issuer: issuerId, credentialSubject: { id: 'did:example:subject', favouriteColour: 'blue' } }) });
      expectProblem(res, 400, 'ERR_JSONLD_UNDEFINED_TERM');
      await expectVerifyStillWorks();
    });
    it('refuses an unknown @context with ERR_JSONLD_CONTEXT_UNKNOWN and never fetches it', async () => {
      const res = await post(`${url}/credentials/issue`, { credential: vc2({ '@context': ['https://www.w3.org/ns/credentials/v2', unknownContextUrl] }) });
      expectProblem(res, 400, 'ERR_JSONLD_CONTEXT_UNKNOWN');
      expect(contextHits).toBe(0);
      await expectVerifyStillWorks();
    });
    it.each([
      ['no credential', {}, '/credential'],
      ['a credential array', { credential: [vc2()] }, '/credential'],
      ['options that are not an object', { credential: vc2(), options: 'fast' }, '/options'],
      ['a bad created time', { credential: vc2(), options: { created: 'yesterday' } }, '/options/created'],
    ])('refuses %s with ERR_REQUEST_INVALID', async (_name, body, path) => {
      const res = await post(`${url}/credentials/issue`, body);
      expectProblem(res, 400, 'ERR_REQUEST_INVALID');
      expect(res.body.problems[0].path).toBe(path);
    });
    it('refuses an unsupported cryptosuite with ERR_REQUEST_CRYPTOSUITE_UNSUPPORTED', async () => {
      expectProblem(await post(`${url}/credentials/issue`, { credential: vc2(), options: { cryptosuite: 'ecdsa-rdfc-2019' } }), 400, 'ERR_REQUEST_CRYPTOSUITE_UNSUPPORTED');
    });
  });

  describe('POST /credentials/verify', () => {
    it('answers 200 with the checks when verified', async () => {
      const res = await post(`${url}/credentials/verify`, { verifiableCredential: issued, options: {} });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ verified: true, problems: [], errors: [], warnings: [] });
      expect(res.body.checks.some((c: { id: string; status: string }) => c.id === 'proof' && c.status === 'passed')).toBe(true);
    });

    it('answers 422 for a tampered claim, with the result in the problem document', async () => {
      const tampered = structuredClone(issued) as { credentialSubject: { businessStatus: string } };
      tampered.credentialSubject.businessStatus = 'DISSOLVED';
      const res = await post(`${url}/credentials/verify`, { verifiableCredential: tampered });
      expectProblem(res, 422, 'ERR_VERIFICATION_FAILED', 'ERR_DI_SIGNATURE_INVALID');
      expect(res.body.verified).toBe(false);
      expect(res.body.specCode).toBe('PROOF_VERIFICATION_ERROR');
      expect(res.body.type).toBe('https://w3id.org/security#PROOF_VERIFICATION_ERROR');
      expect(res.body.checks.find((c: { id: string }) => c.id === 'proof')).toMatchObject({ status: 'failed', code: 'ERR_DI_SIGNATURE_INVALID' });
      expect(res.body.errors[0]).toMatchObject({ type: 'https://w3id.org/security#PROOF_VERIFICATION_ERROR', code: 'ERR_DI_SIGNATURE_INVALID' });
      await expectVerifyStillWorks();
    });

    it('answers 422 for a tampered proof value', async () => {
      const tampered = structuredClone(issued) as { proof: { proofValue: string } };
      const value = tampered.proof.proofValue;
      tampered.proof.proofValue = value.slice(0, 10) + (value[10] === 'A' ? 'B' : 'A') + value.slice(11);
      const res = await post(`${url}/credentials/verify`, { verifiableCredential: tampered });
      expectProblem(res, 422, 'ERR_VERIFICATION_FAILED', 'ERR_DI_SIGNATURE_INVALID');
      expect(res.body.checks.find((c: { id: string }) => c.id === 'proof')).toMatchObject({ status: 'failed' });
      await expectVerifyStillWorks();
    });

    it('answers 422 for a missing proof', async () => {
      const { proof: _proof, ...unsigned } = issued;
      expectProblem(await post(`${url}/credentials/verify`, { verifiableCredential: unsigned }), 422, 'ERR_VERIFICATION_FAILED', 'ERR_DI_PROOF_MISSING');
      await expectVerifyStillWorks();
    });

    it('answers 422 for an expired and for a not-yet-valid credential', async () => {
      const issuer = await createServiceIssuer({ method: 'key', seed: ISSUER_SEED });
      const expired = await issueCredential(vc2({ issuer: issuerId, validFrom: '2024-01-01T00:00:00Z', validUntil: '2025-01-01T00:00:00Z' }), {
        signer: issuer.signer,
        clock: fixedClock('2024-06-01T00:00:00Z'),
      });
      const future = await issueCredential(vc2({ issuer: issuerId, validFrom: '2026-01-01T00:00:00Z' }), { signer: issuer.signer, clock });
      const a = await post(`${url}/credentials/verify`, { verifiableCredential: expired });
      expectProblem(a, 422, 'ERR_VERIFICATION_FAILED', 'ERR_VC_EXPIRED');
      expect(a.body.checks.find((c: { id: string }) => c.id === 'validity')).toMatchObject({ status: 'failed' });
      const b = await post(`${url}/credentials/verify`, { verifiableCredential: future });
      expectProblem(b, 422, 'ERR_VERIFICATION_FAILED', 'ERR_VC_NOT_YET_VALID');
      expect(b.body.checks.find((c: { id: string }) => c.id === 'validity')).toMatchObject({ status: 'failed' });
      await expectVerifyStillWorks();
    });

    it('answers 422 with ERR_JSONLD_CONTEXT_UNKNOWN for an unknown @context, never fetched', async () => {
      const res = await post(`${url}/credentials/verify`, { verifiableCredential: { ...issued, '@context': ['https://www.w3.org/ns/credentials/v2', unknownContextUrl] } });
      expectProblem(res, 422, 'ERR_VERIFICATION_FAILED', 'ERR_JSONLD_CONTEXT_UNKNOWN');
      expect(contextHits).toBe(0);
      await expectVerifyStillWorks();
    });

    it.each([
      ['malformed JSON', '{"verifiableCredential":', 'application/json', 400, 'ERR_JSON_MALFORMED'],
      ['a JSON array body', '[{"verifiableCredential":{}}]', 'application/json', 400, 'ERR_REQUEST_INVALID'],
      ['10,000-deep nesting', `{"verifiableCredential":${deepJson(10_000)}}`, 'application/json', 400, 'ERR_JSON_TOO_DEEP'],
      ['a wrong content type', '{"verifiableCredential":{}}', 'text/plain', 415, 'ERR_HTTP_UNSUPPORTED_MEDIA_TYPE'],
      ['a 5 MB body', JSON.stringify({ verifiableCredential: { padding: 'x'.repeat(5_000_000) } }), 'application/json', 413, 'ERR_INPUT_TOO_LARGE'],
      ['no verifiableCredential', '{"credential":{}}', 'application/json', 400, 'ERR_REQUEST_INVALID'],
    ])('answers %s with a problem document, then still verifies', async (_name, body, contentType, status, code) => {
      expectProblem(await post(`${url}/credentials/verify`, body, contentType), status, code);
      await expectVerifyStillWorks();
    });

    it('answers 405 for GET and 404 for unknown paths', async () => {
      const res = await request(`${url}/credentials/verify`);
      expect(res.status).toBe(405);
      expect(res.body.code).toBe('ERR_HTTP_METHOD_NOT_ALLOWED');
      expect((await request(`${url}/credentials/nope`, { method: 'POST', body: {} })).body.code).toBe('ERR_HTTP_NOT_FOUND');
    });
  });

  describe('POST /presentations/verify', () => {
    async function signedPresentation(challenge: string, domain: string) {
      const holder = holderIdentity(HOLDER_SEED);
      const presentation = createPresentation({ verifiableCredential: [issued], holder: holder.did });
      return signPresentation(presentation, { signer: holder.signer, challenge, domain, clock });
    }

    it('verifies a presentation signed by an arbitrary holder did:key', async () => {
      const vp = await signedPresentation('c-123', 'bank.example.ca');
      const res = await post(`${url}/presentations/verify`, { verifiablePresentation: vp, options: { challenge: 'c-123', domain: 'bank.example.ca' } });
      expect(res.status).toBe(200);
      expect(res.body.verified).toBe(true);
    });

    it('answers 422 for a wrong challenge and for a wrong domain', async () => {
      const vp = await signedPresentation('c-123', 'bank.example.ca');
      const wrongChallenge = await post(`${url}/presentations/verify`, { verifiablePresentation: vp, options: { challenge: 'c-999', domain: 'bank.example.ca' } });
      expectProblem(wrongChallenge, 422, 'ERR_VERIFICATION_FAILED', 'ERR_DI_CHALLENGE_MISMATCH');
      const wrongDomain = await post(`${url}/presentations/verify`, { verifiablePresentation: vp, options: { challenge: 'c-123', domain: 'evil.example' } });
      expectProblem(wrongDomain, 422, 'ERR_VERIFICATION_FAILED', 'ERR_DI_DOMAIN_MISMATCH');
      const ok = await post(`${url}/presentations/verify`, { verifiablePresentation: vp, options: { challenge: 'c-123', domain: 'bank.example.ca' } });
      expect(ok.status).toBe(200);
    });

    it('answers 422 when a holder other than the signer is claimed', async () => {
      const other = holderIdentity(OTHER_SEED);
      const vp = await signedPresentation('c-1', 'bank.example.ca');
      const forged = { ...(vp as Record<string, unknown>), holder: other.did };
      expectProblem(await post(`${url}/presentations/verify`, { verifiablePresentation: forged, options: { challenge: 'c-1', domain: 'bank.example.ca' } }), 422, 'ERR_VERIFICATION_FAILED');
    });

    it('answers 400 for a missing presentation, a missing challenge or a non-string challenge', async () => {
      const vp = await signedPresentation('c-1', 'bank.example.ca');
      for (const [body, path] of [
        [{ options: { challenge: 'c-1' } }, '/verifiablePresentation'],
        [{ verifiablePresentation: vp }, '/options/challenge'],
        [{ verifiablePresentation: vp, options: { challenge: 42 } }, '/options/challenge'],
      ] as const) {
        const res = await post(`${url}/presentations/verify`, body);
        expectProblem(res, 400, 'ERR_REQUEST_INVALID');
        expect(res.body.problems[0].path).toBe(path);
      }
    });
  });
});

describe('VC API service (did:web issuer)', () => {
  it('serves the did:web document at /.well-known/did.json and at the path form', async () => {
    for (const [did, path] of [
      ['did:web:issuer.example.ca', '/.well-known/did.json'],
      ['did:web:issuer.example.ca:registries:bc', '/registries/bc/did.json'],
    ] as const) {
      const issuer = await createServiceIssuer({ method: 'web', did, seed: ISSUER_SEED });
      const server = await startServer({ app: createVcApiApp({ issuer, clock }), port: 0 });
      try {
        const res = await request(`${server.url}${path}`);
        expect(res.status).toBe(200);
        expect(res.contentType).toMatch(/^application\/did\+json/);
        expect(res.body.id).toBe(did);
        expect(res.body.assertionMethod.length).toBe(1);
        const issuedRes = await post(`${server.url}/credentials/issue`, { credential: vc2() });
        expect(issuedRes.status).toBe(201);
        expect(issuedRes.body.verifiableCredential.proof.verificationMethod).toMatch(new RegExp(`^${did}#`));
      } finally {
        await server.close();
      }
    }
  });

  it('logs codes and statuses but never credential contents or keys', async () => {
    const logs = logCollector();
    const issuer = await createServiceIssuer({ method: 'key', seed: ISSUER_SEED });
    const server = await startServer({ app: createVcApiApp({ issuer, clock, logger: createLogger({ level: 'info', destination: logs.stream }) }), port: 0 });
    try {
      const issued = await post(`${server.url}/credentials/issue`, { credential: vc2({ credentialSubject: { id: 'did:example:b', legalName: 'Very Distinctive Name Ltd.' } }) });
      const vc = issued.body.verifiableCredential;
      const tampered = { ...vc, credentialSubject: { ...vc.credentialSubject, legalName: 'Other Distinctive Name Ltd.' } };
      expect((await post(`${server.url}/credentials/verify`, { verifiableCredential: tampered })).status).toBe(422);
    } finally {
      await server.close();
    }
    const lines = logs.lines();
    expect(lines.map((l) => [l['path'], l['status'], l['code']])).toEqual([
      ['/credentials/issue', 201, undefined],
      ['/credentials/verify', 422, 'ERR_VERIFICATION_FAILED'],
    ]);
    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/Distinctive|proofValue|z6Mk/);
  });

  it('answers 501 ERR_ISSUER_NOT_CONFIGURED on issue when no issuer is configured', async () => {
    const server = await startServer({ app: createVcApiApp({ clock }), port: 0 });
    try {
      const res = await post(`${server.url}/credentials/issue`, { credential: vc2() });
      expect(res.status).toBe(501);
      expect(res.body.code).toBe('ERR_ISSUER_NOT_CONFIGURED');
    } finally {
      await server.close();
    }
  });
});
