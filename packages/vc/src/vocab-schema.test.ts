/**
 * Issue 6 item 1: the vocabulary's JSON Schemas are used at issuance and at verification, with the
 * JSON path of the invalid value, for W3C-form credentials that use the TrustBridge vocabulary context;
 * the same type name under another context is not held to them.
 */
import { describe, expect, it } from 'vitest';
import { fixedClock, isTrustBridgeError, type Problem } from '@trustbridge/core';
import { createEd25519Signer, ed25519PublicKeyToJwk, generateEd25519KeyPair } from '@trustbridge/keys';
import { issueSdJwtVc } from '@trustbridge/jose';
import { didKeyFromEd25519PublicKey } from '@trustbridge/did';
import { createDocumentLoader } from '@trustbridge/jsonld';
import { addProof } from '@trustbridge/data-integrity';
import { samples, toSdJwtClaims, vctOf, vocabContexts } from '@trustbridge/vocab';
import { issueCredential } from './issue.js';
import { verifyCredential } from './verify-credential.js';

const keys = generateEd25519KeyPair(new Uint8Array(32).fill(81));
const did = didKeyFromEd25519PublicKey(keys.publicKey);
const signer = createEd25519Signer({ id: `${did}#${did.slice('did:key:'.length)}`, secretKey: keys.secretKey! });
const documentLoader = createDocumentLoader({ extraContexts: vocabContexts as Record<string, unknown> });
const clock = fixedClock('2026-03-03T09:00:00Z');

/** The BC sole-proprietorship registration sample, issued by our signer. */
function registration(): Record<string, any> {
  const c = structuredClone(samples.bcSoleProprietorRegistration) as unknown as Record<string, any>;
  c.issuer = did;
  delete c.proof;
  return c;
}
const schemaProblems = (problems: Problem[]) => problems.filter((p) => p.code === 'ERR_VOCAB_SCHEMA');

describe('vocabulary JSON Schemas in the pipeline', () => {
  it('issues and verifies a valid vocabulary credential', async () => {
    const vc = await issueCredential(registration(), { signer, documentLoader, clock });
    const r = await verifyCredential(vc, { documentLoader, clock });
    expect(r.problems).toEqual([]);
    expect(r.verified).toBe(true);
  });

  it('refuses to issue invalid data, naming the JSON path', async () => {
    const bad = registration();
    bad.credentialSubject.status = 'BANKRUPT';
    try {
      await issueCredential(bad, { signer, documentLoader, clock });
      expect.unreachable();
    } catch (e) {
      expect(isTrustBridgeError(e, 'ERR_VC_INVALID_CREDENTIAL')).toBe(true);
      const problems = schemaProblems((e as { details: { problems: Problem[] } }).details.problems);
      expect(problems.map((p) => p.path)).toContain('/credentialSubject/status');
    }
  });

  it('fails verification of a signed credential whose data breaks the schema (structure check, with the path)', async () => {
    const bad = registration();
    delete bad.credentialSubject.legalName;
    const signed = await addProof(bad, { cryptosuite: 'eddsa-rdfc-2022', signer, documentLoader, created: '2026-03-03T09:00:00Z' });
    const r = await verifyCredential(signed, { documentLoader, clock });
    expect(r.verified).toBe(false);
    expect(r.checks.find((c) => c.id === 'structure')?.status).toBe('failed');
    expect(schemaProblems(r.problems).map((p) => p.path)).toContain('/credentialSubject/legalName');
    expect(r.checks.find((c) => c.id === 'proof')?.status).toBe('passed');
  });

  it('checks vc+jwt payloads the same way, at issuance and at verification', async () => {
    const jwt = await issueCredential(registration(), { signer, format: 'vc+jwt', clock, documentLoader });
    expect((await verifyCredential(jwt, { documentLoader, clock })).verified).toBe(true);
    const bad = registration();
    bad.credentialSubject.status = 'BANKRUPT';
    await expect(issueCredential(bad, { signer, format: 'vc+jwt', clock, documentLoader })).rejects.toMatchObject({ code: 'ERR_VC_INVALID_CREDENTIAL' });
  });

  it('checks disclosed SD-JWT VC claims with a vocabulary vct at verification', async () => {
    const holderKey = ed25519PublicKeyToJwk(generateEd25519KeyPair(new Uint8Array(32).fill(82)).publicKey);
    const claims = toSdJwtClaims(registration() as never) as Record<string, unknown>;
    const { vct, iss: _iss, nbf: _nbf, exp: _exp, iat: _iat, ...rest } = claims as Record<string, unknown> & { vct: string };
    expect(vct).toBe(vctOf('BusinessRegistrationCredential'));
    const iat = Date.parse('2026-03-03T08:00:00Z') / 1000;
    const good = await issueSdJwtVc(rest, { signer, iss: did, vct, holderKey, iat });
    const ok = await verifyCredential(good, { clock });
    expect(ok.problems).toEqual([]);
    expect(ok.verified).toBe(true);
    const bad = await issueSdJwtVc({ ...rest, businessStatus: 'BANKRUPT' }, { signer, iss: did, vct, holderKey, iat });
    const r = await verifyCredential(bad, { clock });
    expect(r.verified).toBe(false);
    expect(r.checks.find((c) => c.id === 'structure')?.status).toBe('failed');
    expect(schemaProblems(r.problems).length).toBeGreaterThan(0);
  });

  it('does not hold the same type name under the W3C examples context to the vocabulary schema', async () => {
    const other = {
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
      type: ['VerifiableCredential', 'BusinessRegistrationCredential'],
      issuer: did,
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: { legalName: 'Any Shape Ltd.', status: 'WHATEVER' },
    };
    const vc = await issueCredential(other, { signer, clock });
    expect((await verifyCredential(vc, { clock })).verified).toBe(true);
  });
});
