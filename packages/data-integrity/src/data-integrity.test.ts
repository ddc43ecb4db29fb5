import { describe, expect, it } from 'vitest';
import { TrustBridgeError, fixedClock, type DidDocument, type Signer, type VerificationMethodResolver } from '@trustbridge/core';
import { createEd25519Signer, encodeEd25519PublicKeyMultibase, generateEd25519KeyPair } from '@trustbridge/keys';
import {
  CREDENTIALS_EXAMPLES_V2_CONTEXT_URL, DATA_INTEGRITY_V2_CONTEXT_URL, DID_V1_CONTEXT_URL, MULTIKEY_V1_CONTEXT_URL,
  VC_V1_CONTEXT_URL, VC_V2_CONTEXT_URL, createDocumentLoader,
} from '@trustbridge/jsonld';
import { addProof, verifyProofs, type AddProofOptions, type VerifyProofsOptions } from './index.js';
import { formatXmlDateTime, isXmlDateTimeStamp } from './datetime.js';

// Fixed keys: issuer, holder, and a stranger whose key is in no DID document.
const issuerKey = generateEd25519KeyPair(new Uint8Array(32).fill(1));
const holderKey = generateEd25519KeyPair(new Uint8Array(32).fill(2));
const strangerKey = generateEd25519KeyPair(new Uint8Array(32).fill(3));

function didKey(publicKey: Uint8Array, relationships: Array<keyof DidDocument> = ['assertionMethod', 'authentication']) {
  const mb = encodeEd25519PublicKeyMultibase(publicKey);
  const did = `did:key:${mb}`;
  const vmId = `${did}#${mb}`;
  const doc: DidDocument = {
    '@context': [DID_V1_CONTEXT_URL, MULTIKEY_V1_CONTEXT_URL],
    id: did,
    verificationMethod: [{ id: vmId, type: 'Multikey', controller: did, publicKeyMultibase: mb }],
  };
  for (const r of relationships) (doc as Record<string, unknown>)[r] = [vmId];
  return { did, vmId, doc };
}

const issuer = didKey(issuerKey.publicKey);
const holder = didKey(holderKey.publicKey, ['authentication']);

function resolverFor(docs: DidDocument[]): VerificationMethodResolver {
  return async (id, relationship) => {
    const doc = docs.find((d) => d.id === id.split('#')[0]);
    if (!doc) throw new TrustBridgeError('ERR_DID_NOT_FOUND', 'DID not found.', { specCode: 'notFound' });
    const vm = doc.verificationMethod?.find((v) => v.id === id);
    if (!vm) throw new TrustBridgeError('ERR_VM_NOT_FOUND', 'Verification method not found.');
    if (!((doc[relationship] as string[] | undefined) ?? []).includes(id)) throw new TrustBridgeError('ERR_VM_NOT_AUTHORIZED', 'Not authorized.');
    return vm;
  };
}

const documentLoader = createDocumentLoader();
const resolveVerificationMethod = resolverFor([issuer.doc, holder.doc]);
const clock = fixedClock('2025-06-01T12:00:00.123Z');
const issuerSigner: Signer = createEd25519Signer({ id: issuer.vmId, secretKey: issuerKey.secretKey! });
const holderSigner: Signer = createEd25519Signer({ id: holder.vmId, secretKey: holderKey.secretKey! });

const credential = {
  '@context': [VC_V2_CONTEXT_URL, CREDENTIALS_EXAMPLES_V2_CONTEXT_URL],
  id: 'urn:uuid:6a1676b8-b51f-11ed-937b-d76685a20ff5',
  type: ['VerifiableCredential', 'BusinessRegistrationCredential'],
  issuer: issuer.did,
  validFrom: '2025-01-01T00:00:00Z',
  credentialSubject: { id: 'did:example:business', legalName: 'Maple Widgets Ltd.', registrationNumber: 'FM0055205' },
};

const sign = <T extends object>(doc: T, extra: Partial<AddProofOptions> = {}) =>
  addProof(doc, { cryptosuite: 'eddsa-rdfc-2022', signer: issuerSigner, documentLoader, clock, ...extra });
const verify = (doc: unknown, extra: Partial<VerifyProofsOptions> = {}) =>
  verifyProofs(doc, { documentLoader, resolveVerificationMethod, expectedProofPurpose: 'assertionMethod', clock, ...extra });
const codes = (r: { problems: Array<{ code: string }> }) => r.problems.map((p) => p.code);

describe('addProof + verifyProofs round trips', () => {
  it('eddsa-rdfc-2022: created defaults to the clock without milliseconds', async () => {
    const vc = await sign(credential);
    expect(vc.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', created: '2025-06-01T12:00:00Z', proofPurpose: 'assertionMethod', verificationMethod: issuer.vmId });
    expect(credential).not.toHaveProperty('proof');
    const r = await verify(vc);
    expect(r).toMatchObject({ verified: true, problems: [] });
  });

  it('eddsa-jcs-2022: the proof carries the document context', async () => {
    const vc = await sign(credential, { cryptosuite: 'eddsa-jcs-2022' });
    expect((vc.proof as Record<string, unknown>)['@context']).toEqual(credential['@context']);
    expect((await verify(vc)).verified).toBe(true);
  });

  it('Ed25519Signature2020: adds its context and verifies', async () => {
    const vc = await sign(credential, { cryptosuite: 'Ed25519Signature2020' });
    expect(vc['@context']).toContain('https://w3id.org/security/suites/ed25519-2020/v1');
    expect((await verify(vc)).verified).toBe(true);
    expect((await verify(vc, { allowedCryptosuites: ['eddsa-rdfc-2022'] })).problems[0]?.code).toBe('ERR_DI_CRYPTOSUITE_UNSUPPORTED');
  });

  it('a VC 1.1 credential gets the Data Integrity context added', async () => {
    const v1 = { '@context': [VC_V1_CONTEXT_URL], type: ['VerifiableCredential'], issuer: issuer.did, issuanceDate: '2025-01-01T00:00:00Z', credentialSubject: { id: 'did:example:1' } };
    const vc = await sign(v1);
    expect(vc['@context']).toEqual([VC_V1_CONTEXT_URL, DATA_INTEGRITY_V2_CONTEXT_URL]);
    expect((await verify(vc)).verified).toBe(true);
  });

  it('a presentation with challenge and domain (authentication)', async () => {
    const vp = { '@context': [VC_V2_CONTEXT_URL], type: ['VerifiablePresentation'], holder: holder.did };
    const signed = await sign(vp, { signer: holderSigner, proofPurpose: 'authentication', challenge: 'nonce-123', domain: 'https://bank.example' });
    const ok = await verify(signed, { expectedProofPurpose: 'authentication', challenge: 'nonce-123', domain: ['https://bank.example'] });
    expect(ok.problems).toEqual([]);
    const badChallenge = await verify(signed, { expectedProofPurpose: 'authentication', challenge: 'nonce-999', domain: 'https://bank.example' });
    expect(codes(badChallenge)).toEqual(['ERR_DI_CHALLENGE_MISMATCH']);
    expect(badChallenge.problems[0]?.specCode).toBe('INVALID_CHALLENGE_ERROR');
    const badDomain = await verify(signed, { expectedProofPurpose: 'authentication', challenge: 'nonce-123', domain: 'https://evil.example' });
    expect(codes(badDomain)).toEqual(['ERR_DI_DOMAIN_MISMATCH']);
    expect(badDomain.problems[0]?.specCode).toBe('INVALID_DOMAIN_ERROR');
  });

  it('a second proof joins the proof set and both verify', async () => {
    const once = await sign(credential);
    const twice = await sign(once, { cryptosuite: 'eddsa-jcs-2022' });
    expect(Array.isArray(twice.proof)).toBe(true);
    const r = await verify(twice);
    expect(r.verified).toBe(true);
    expect(r.proofs.map((p) => p.cryptosuite)).toEqual(['eddsa-rdfc-2022', 'eddsa-jcs-2022']);
  });
});

describe('verifyProofs problems', () => {
  it('wrong purpose → ERR_DI_PURPOSE_MISMATCH', async () => {
    const r = await verify(await sign(credential), { expectedProofPurpose: 'authentication' });
    expect(codes(r)).toEqual(['ERR_DI_PURPOSE_MISMATCH']);
    expect(r.problems[0]).toMatchObject({ specCode: 'MISMATCHED_PROOF_PURPOSE_ERROR', path: '/proof/proofPurpose' });
  });

  it('a key that is not in the DID document → ERR_DI_VERIFICATION_METHOD with the resolver code', async () => {
    const vc = await sign(credential, { signer: createEd25519Signer({ id: `${issuer.did}#other`, secretKey: strangerKey.secretKey! }) });
    const r = await verify(vc);
    expect(codes(r)).toEqual(['ERR_DI_VERIFICATION_METHOD']);
    expect(r.problems[0]).toMatchObject({ specCode: 'INVALID_VERIFICATION_METHOD', details: { causeCode: 'ERR_VM_NOT_FOUND' } });
  });

  it('a key not authorized for the purpose → ERR_DI_VERIFICATION_METHOD (ERR_VM_NOT_AUTHORIZED)', async () => {
    const vc = await sign(credential, { signer: holderSigner });
    const r = await verify(vc);
    expect(codes(r)).toEqual(['ERR_DI_VERIFICATION_METHOD']);
    expect(r.problems[0]).toMatchObject({ details: { causeCode: 'ERR_VM_NOT_AUTHORIZED' } });
  });

  it("a stranger's signature naming the issuer's key → ERR_DI_SIGNATURE_INVALID", async () => {
    const vc = await sign(credential, { signer: createEd25519Signer({ id: issuer.vmId, secretKey: strangerKey.secretKey! }) });
    expect(codes(await verify(vc))).toEqual(['ERR_DI_SIGNATURE_INVALID']);
  });

  it('an unknown context → ERR_JSONLD_CONTEXT_UNKNOWN (PROOF_TRANSFORMATION_ERROR)', async () => {
    const extra = createDocumentLoader({ extraContexts: { 'https://vocab.example/v1': { '@context': { foo: 'https://vocab.example#foo' } } } });
    const vc = await sign({ ...credential, '@context': [...credential['@context'], 'https://vocab.example/v1'] }, { documentLoader: extra });
    expect((await verify(vc, { documentLoader: extra })).verified).toBe(true);
    const r = await verify(vc);
    expect(codes(r)).toEqual(['ERR_JSONLD_CONTEXT_UNKNOWN']);
    expect(r.problems[0]?.specCode).toBe('PROOF_TRANSFORMATION_ERROR');
  });

  it('an undefined term → ERR_JSONLD_UNDEFINED_TERM when verifying, and addProof refuses to sign one', async () => {
    const v2only = { ...credential, '@context': [VC_V2_CONTEXT_URL], type: ['VerifiableCredential'], credentialSubject: { id: 'did:example:1' } };
    const vc = await sign(v2only);
    const tampered = { ...vc, credentialSubject: { id: 'did:example:1', favouriteColour: 'blue' } };
    const r = await verify(tampered);
    expect(codes(r)).toEqual(['ERR_JSONLD_UNDEFINED_TERM']);
    expect(r.problems[0]?.specCode).toBe('PROOF_TRANSFORMATION_ERROR');
    await expect(sign(tampered)).rejects.toMatchObject({ code: 'ERR_JSONLD_UNDEFINED_TERM', details: { term: 'favouriteColour' } });
  });

  it('eddsa-jcs-2022 runs safe mode too: undefined term and unknown context fail at verification and issuance', async () => {
    const jcs = { cryptosuite: 'eddsa-jcs-2022' as const };
    const v2only = { ...credential, '@context': [VC_V2_CONTEXT_URL], type: ['VerifiableCredential'], credentialSubject: { id: 'did:example:1' } };
    // A first credential of the shape warms the structure cache; the checks must hold on the cached path.
    for (const id of ['did:example:1', 'did:example:2']) {
      const vc = await sign({ ...v2only, credentialSubject: { id } }, jcs);
      expect((await verify(vc)).verified).toBe(true);
    }
    const vc = await sign(v2only, jcs);
    // Signed over by JCS, so the signature alone would still verify: safe mode is what rejects it.
    const withTerm = await sign({ ...v2only, credentialSubject: { id: 'did:example:1', favouriteColour: 'blue' } }, { ...jcs, documentLoader: createDocumentLoader({ extraContexts: {} }) })
      .catch((e: { code?: string }) => e.code);
    expect(withTerm).toBe('ERR_JSONLD_UNDEFINED_TERM');
    const tampered = { ...vc, credentialSubject: { id: 'did:example:1', favouriteColour: 'blue' } };
    const r = await verify(tampered);
    expect(codes(r)).toEqual(['ERR_JSONLD_UNDEFINED_TERM']);
    expect(r.problems[0]?.specCode).toBe('PROOF_TRANSFORMATION_ERROR');
    const unknown = { ...vc, '@context': [VC_V2_CONTEXT_URL, 'https://unknown.example/v1'] };
    const u = await verify({ ...unknown, proof: { ...(vc.proof as object), '@context': unknown['@context'] } });
    expect(codes(u)).toEqual(['ERR_JSONLD_CONTEXT_UNKNOWN']);
  });

  it('no proof → ERR_DI_PROOF_MISSING; not an object → ERR_DI_PROOF_MALFORMED', async () => {
    expect(codes(await verify(credential))).toEqual(['ERR_DI_PROOF_MISSING']);
    expect(codes(await verify({ ...credential, proof: [] }))).toEqual(['ERR_DI_PROOF_MISSING']);
    expect(codes(await verify('a string'))).toEqual(['ERR_DI_PROOF_MALFORMED']);
    expect(codes(await verify({ ...credential, proof: 42 }))).toEqual(['ERR_DI_PROOF_MALFORMED']);
  });

  it('expired proof → ERR_DI_PROOF_EXPIRED; not yet expired verifies', async () => {
    const vc = await sign(credential, { expires: '2025-06-01T12:00:00Z' });
    expect(codes(await verify(vc))).toEqual(['ERR_DI_PROOF_EXPIRED']);
    expect((await verify(vc, { clock: fixedClock('2025-06-01T11:59:59Z') })).verified).toBe(true);
  });

  it('malformed proofs → ERR_DI_PROOF_MALFORMED or ERR_DI_CRYPTOSUITE_UNSUPPORTED', async () => {
    const vc = (await sign(credential)) as Record<string, any>;
    const variant = (change: (p: Record<string, unknown>) => void) => {
      const copy = structuredClone(vc);
      change(copy.proof);
      return verify(copy);
    };
    expect(codes(await variant((p) => delete p.proofPurpose))).toEqual(['ERR_DI_PROOF_MALFORMED']);
    expect(codes(await variant((p) => delete p.cryptosuite))).toEqual(['ERR_DI_PROOF_MALFORMED']);
    expect(codes(await variant((p) => { p.created = 'yesterday'; }))).toEqual(['ERR_DI_PROOF_MALFORMED']);
    expect(codes(await variant((p) => { p.proofValue = 'z1111'; }))).toEqual(['ERR_DI_PROOF_MALFORMED']);
    expect(codes(await variant((p) => { p.cryptosuite = 'ecdsa-rdfc-2019'; }))).toEqual(['ERR_DI_CRYPTOSUITE_UNSUPPORTED']);
    expect(codes(await variant((p) => { p.type = 'RsaSignature2018'; }))).toEqual(['ERR_DI_CRYPTOSUITE_UNSUPPORTED']);
    expect(codes(await variant((p) => { p['@context'] = ['https://www.w3.org/ns/did/v1']; }))).toEqual(['ERR_DI_PROOF_MALFORMED']);
  });

  it('a resolver that throws anything is a problem, never an exception', async () => {
    const vc = await sign(credential);
    const r = await verify(vc, { resolveVerificationMethod: async () => { throw new Error('boom'); } });
    expect(codes(r)).toEqual(['ERR_DI_VERIFICATION_METHOD']);
  });

  it('bounds the number of proofs', async () => {
    const vc = (await sign(credential)) as Record<string, unknown>;
    const many = { ...vc, proof: Array.from({ length: 3 }, () => vc.proof) };
    expect(codes(await verify(many, { maxProofs: 2 }))).toEqual(['ERR_DI_PROOF_MALFORMED']);
  });
});

describe('misuse throws ERR_DI_OPTIONS_INVALID', () => {
  it('verifyProofs without a resolver or purpose', async () => {
    await expect(verifyProofs(credential, { documentLoader } as unknown as VerifyProofsOptions)).rejects.toMatchObject({ code: 'ERR_DI_OPTIONS_INVALID' });
    await expect(verifyProofs(credential, { documentLoader, resolveVerificationMethod } as unknown as VerifyProofsOptions)).rejects.toMatchObject({ code: 'ERR_DI_OPTIONS_INVALID' });
  });

  it('addProof with a bad cryptosuite, signer or created', async () => {
    await expect(sign(credential, { cryptosuite: 'ecdsa-rdfc-2019' as 'eddsa-rdfc-2022' })).rejects.toMatchObject({ code: 'ERR_DI_OPTIONS_INVALID' });
    await expect(sign(credential, { signer: { ...issuerSigner, algorithm: 'ES256' } })).rejects.toMatchObject({ code: 'ERR_DI_OPTIONS_INVALID' });
    await expect(sign(credential, { created: '2025-06-01' })).rejects.toMatchObject({ code: 'ERR_DI_OPTIONS_INVALID' });
    await expect(sign({ type: 'x' })).rejects.toMatchObject({ code: 'ERR_DI_OPTIONS_INVALID' });
  });
});

describe('XML Schema dateTimeStamp', () => {
  it('accepts zoned date-times and rejects the rest', () => {
    expect(isXmlDateTimeStamp('2023-02-24T23:36:38Z')).toBe(true);
    expect(isXmlDateTimeStamp('2023-02-24T23:36:38.5-05:00')).toBe(true);
    expect(isXmlDateTimeStamp('2023-02-24T23:36:38')).toBe(false);
    expect(isXmlDateTimeStamp('2023-13-24T23:36:38Z')).toBe(false);
    expect(formatXmlDateTime(new Date('2025-06-01T12:00:00.999Z'))).toBe('2025-06-01T12:00:00Z');
  });
});
