/**
 * Proof sets and proof chains through the facade (VC DI 1.0 §2.1.1–2.1.2): every proof must verify and
 * at least one must be the issuer's; witnesses may add their own proofs, in a set or chained with
 * `previousProof` (the shape the W3C test suites send verifiers).
 */
import { describe, expect, it } from 'vitest';
import { fixedClock, type Signer } from '@trustbridge/core';
import { createEd25519Signer, generateEd25519KeyPair } from '@trustbridge/keys';
import { didKeyFromEd25519PublicKey } from '@trustbridge/did';
import { addProof } from '@trustbridge/data-integrity';
import { createDocumentLoader } from '@trustbridge/jsonld';
import { issueCredential } from './issue.js';
import { verifyCredential } from './verify-credential.js';

function party(seedByte: number): { did: string; signer: Signer } {
  const { publicKey, secretKey } = generateEd25519KeyPair(new Uint8Array(32).fill(seedByte));
  const did = didKeyFromEd25519PublicKey(publicKey);
  return { did, signer: createEd25519Signer({ id: `${did}#${did.slice('did:key:'.length)}`, secretKey: secretKey! }) };
}
const issuer = party(41);
const witness = party(42);
const stranger = party(43);
const clock = fixedClock('2025-06-01T12:00:00Z');
const documentLoader = createDocumentLoader();
const created = '2025-06-01T00:00:00Z';

const credential = () => ({
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
  id: 'urn:uuid:7d1c8f2e-4b3a-4c5d-9e6f-0a1b2c3d4e5f',
  type: ['VerifiableCredential', 'ExampleBusinessCredential'],
  issuer: issuer.did,
  validFrom: '2025-01-01T00:00:00Z',
  credentialSubject: { id: 'did:example:acme', legalName: 'Acme Holdings Ltd.' },
});
const codes = (r: { problems: Array<{ code: string }> }) => r.problems.map((p) => p.code);

describe('proof sets and chains', () => {
  it('a set of the issuer\'s proof and a witness proof verifies', async () => {
    const signed = await issueCredential(credential(), { signer: issuer.signer, clock, created, id: 'urn:uuid:proof-issuer' });
    const set = await addProof(signed, { cryptosuite: 'eddsa-rdfc-2022', signer: witness.signer, documentLoader, created, id: 'urn:uuid:proof-witness' });
    expect(Array.isArray(set.proof) && set.proof.length).toBe(2);
    const r = await verifyCredential(set, { clock });
    expect(r.problems).toEqual([]);
    expect(r.verified).toBe(true);
  });

  it('a chain whose second proof names the first with previousProof verifies, and a broken link fails', async () => {
    const signed = await issueCredential(credential(), { signer: issuer.signer, clock, created, id: 'urn:uuid:proof-1' });
    const chain = await addProof(signed, {
      cryptosuite: 'eddsa-rdfc-2022', signer: witness.signer, documentLoader, created, id: 'urn:uuid:proof-2', previousProof: 'urn:uuid:proof-1',
    });
    const ok = await verifyCredential(chain, { clock });
    expect(ok.problems).toEqual([]);
    expect(ok.verified).toBe(true);
    const broken = structuredClone(chain) as typeof chain & { proof: Array<Record<string, unknown>> };
    broken.proof[1]!.previousProof = 'urn:uuid:proof-missing';
    expect(codes(await verifyCredential(broken, { clock }))).toContain('ERR_DI_PREVIOUS_PROOF_MISSING');
  });

  it('a set with no proof by the issuer fails with ERR_VC_ISSUER_KEY_MISMATCH', async () => {
    const unsigned = credential();
    const one = await addProof(unsigned, { cryptosuite: 'eddsa-rdfc-2022', signer: witness.signer, documentLoader, created });
    const two = await addProof(one, { cryptosuite: 'eddsa-rdfc-2022', signer: stranger.signer, documentLoader, created });
    const r = await verifyCredential(two, { clock });
    expect(r.verified).toBe(false);
    expect(codes(r)).toEqual(['ERR_VC_ISSUER_KEY_MISMATCH']);
    expect(r.problems[0]).toMatchObject({ specCode: 'INVALID_VERIFICATION_METHOD', path: '/proof' });
  });

  it('a tampered witness proof fails the whole credential even though the issuer\'s proof is good', async () => {
    const signed = await issueCredential(credential(), { signer: issuer.signer, clock, created, id: 'urn:uuid:proof-issuer' });
    const set = (await addProof(signed, { cryptosuite: 'eddsa-rdfc-2022', signer: witness.signer, documentLoader, created })) as { proof: Array<Record<string, unknown>> };
    const value = set.proof[1]!.proofValue as string;
    set.proof[1]!.proofValue = value.slice(0, -2) + (value.endsWith('A') ? 'BB' : 'AA');
    const r = await verifyCredential(set, { clock });
    expect(r.verified).toBe(false);
    expect(codes(r).some((c) => c === 'ERR_DI_SIGNATURE_INVALID' || c === 'ERR_DI_PROOF_MALFORMED')).toBe(true);
  });
});
