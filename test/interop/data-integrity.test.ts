/**
 * Interop with Digital Bazaar's libraries (the spec editors' implementation), both directions.
 * The reference side uses only @digitalbazaar/* + jsonld-document-loader and the npm context packages;
 * TrustBridge code is used only on the TrustBridge side.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TrustBridgeError, type VerificationMethod, type VerificationMethodResolver } from '@trustbridge/core';
import { createEd25519Signer } from '@trustbridge/keys';
import { createDocumentLoader } from '@trustbridge/jsonld';
import { addProof, verifyProofs } from '@trustbridge/data-integrity';

import { DID_V1, ED2020_V1, EXAMPLES, MULTIKEY_V1, VC2, load, referenceLoader } from './reference-side.js';

let db: {
  vc: any; DataIntegrityProof: any; rdfc: any; jcs: any; Ed25519Multikey: any; Ed25519Signature2020: any;
  Ed25519VerificationKey2020: any; documentLoader: (url: string) => Promise<unknown>;
};
/** Reference-side key pairs (Multikey for DataIntegrityProof, Ed25519VerificationKey2020 for the legacy suite). */
let issuer: { did: string; vmId: string; publicKeyMultibase: string; seed: number; keyPair: any };
let holder: typeof issuer;
let legacy: { did: string; vmId: string; publicKeyMultibase: string; keyPair: any };

const didDocs = new Map<string, Record<string, unknown>>();

function didDocument(did: string, vm: Record<string, unknown>, context: string[]) {
  const vmId = vm.id as string;
  return { '@context': context, id: did, verificationMethod: [vm], assertionMethod: [vmId], authentication: [vmId] };
}

beforeAll(async () => {
  const [vc, di, rdfc, jcs, mk, ed2020, vk2020] = await Promise.all([
    load('@digitalbazaar/vc'), load('@digitalbazaar/data-integrity'), load('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'),
    load('@digitalbazaar/eddsa-jcs-2022-cryptosuite'), load('@digitalbazaar/ed25519-multikey'),
    load('@digitalbazaar/ed25519-signature-2020'), load('@digitalbazaar/ed25519-verification-key-2020'),
  ]);
  const loader = await referenceLoader((did) => didDocs.get(did));
  db = {
    vc, DataIntegrityProof: di.DataIntegrityProof, rdfc: rdfc.cryptosuite, jcs, Ed25519Multikey: mk,
    Ed25519Signature2020: ed2020.Ed25519Signature2020, Ed25519VerificationKey2020: vk2020.Ed25519VerificationKey2020,
    documentLoader: loader.build(),
  };

  const makeMultikey = async (fill: number) => {
    const seed = new Uint8Array(32).fill(fill);
    const probe = await mk.generate({ seed });
    const did = `did:key:${probe.publicKeyMultibase}`;
    const vmId = `${did}#${probe.publicKeyMultibase}`;
    const keyPair = await mk.generate({ seed, id: vmId, controller: did });
    const exported = await keyPair.export({ publicKey: true, secretKey: true, includeContext: true });
    didDocs.set(did, didDocument(did, { id: vmId, type: 'Multikey', controller: did, publicKeyMultibase: exported.publicKeyMultibase }, [DID_V1, MULTIKEY_V1]));
    return { did, vmId, publicKeyMultibase: exported.publicKeyMultibase as string, seed: fill, keyPair };
  };
  issuer = await makeMultikey(11);
  holder = await makeMultikey(12);

  const seed = new Uint8Array(32).fill(13);
  const probe = await vk2020.Ed25519VerificationKey2020.generate({ seed });
  const did = `did:key:${probe.publicKeyMultibase}`;
  const vmId = `${did}#${probe.publicKeyMultibase}`;
  const keyPair = await vk2020.Ed25519VerificationKey2020.generate({ seed, id: vmId, controller: did });
  didDocs.set(did, didDocument(did, { id: vmId, type: 'Ed25519VerificationKey2020', controller: did, publicKeyMultibase: keyPair.publicKeyMultibase }, [DID_V1, ED2020_V1]));
  legacy = { did, vmId, publicKeyMultibase: keyPair.publicKeyMultibase, keyPair };
});

// TrustBridge side: its own loader and a resolver over the same DID documents (stand-in for @trustbridge/did).
const documentLoader = createDocumentLoader();
const resolveVerificationMethod: VerificationMethodResolver = async (id, relationship) => {
  const doc = didDocs.get(id.split('#')[0]!);
  const vm = (doc?.verificationMethod as VerificationMethod[] | undefined)?.find((v) => v.id === id);
  if (!doc || !vm) throw new TrustBridgeError('ERR_VM_NOT_FOUND', 'Verification method not found.');
  if (!((doc[relationship] as string[] | undefined) ?? []).includes(id)) throw new TrustBridgeError('ERR_VM_NOT_AUTHORIZED', 'Not authorized.');
  return vm;
};

const credential = () => ({
  '@context': [VC2, EXAMPLES],
  id: 'urn:uuid:0b4f2c3e-7d6a-4e55-9d9e-6f2c1c1f0a11',
  type: ['VerifiableCredential', 'BusinessRegistrationCredential'],
  issuer: issuer.did,
  validFrom: '2025-01-01T00:00:00Z',
  credentialSubject: { id: 'did:example:maple', legalName: 'Maple Widgets Ltd.', registrationNumber: 'FM0055205' },
});
const tbVerify = (doc: unknown, expectedProofPurpose = 'assertionMethod', extra = {}) =>
  verifyProofs(doc, { documentLoader, resolveVerificationMethod, expectedProofPurpose, ...extra });
const codes = (r: { problems: Array<{ code: string }> }) => r.problems.map((p) => p.code);

describe('Digital Bazaar → TrustBridge', () => {
  it('a credential signed by @digitalbazaar/vc with eddsa-rdfc-2022 verifies', async () => {
    const suite = new db.DataIntegrityProof({ signer: issuer.keyPair.signer(), cryptosuite: db.rdfc });
    const signed = await db.vc.issue({ credential: credential(), suite, documentLoader: db.documentLoader });
    const r = await tbVerify(signed);
    expect(r.problems).toEqual([]);
    expect(r.verified).toBe(true);
    signed.credentialSubject.legalName = 'Maple Widgets Inc.';
    expect(codes(await tbVerify(signed))).toEqual(['ERR_DI_SIGNATURE_INVALID']);
  });

  it('a credential signed by @digitalbazaar/vc with Ed25519Signature2020 verifies', async () => {
    const suite = new db.Ed25519Signature2020({ key: legacy.keyPair });
    const unsigned = { ...credential(), issuer: legacy.did, '@context': [VC2, EXAMPLES, ED2020_V1] };
    const signed = await db.vc.issue({ credential: unsigned, suite, documentLoader: db.documentLoader });
    expect(signed.proof.type).toBe('Ed25519Signature2020');
    const r = await tbVerify(signed);
    expect(r.problems).toEqual([]);
    expect(r.verified).toBe(true);
  });

  it('a credential signed with the eddsa-jcs-2022 reference cryptosuite verifies', async () => {
    const suite = new db.DataIntegrityProof({ signer: issuer.keyPair.signer(), cryptosuite: db.jcs.createSignCryptosuite() });
    const signed = await db.vc.issue({ credential: credential(), suite, documentLoader: db.documentLoader });
    const r = await tbVerify(signed);
    expect(r.problems).toEqual([]);
    expect(r.verified).toBe(true);
  });
});

describe('TrustBridge → Digital Bazaar', () => {
  // The same 32-byte seeds the reference side generated its keys from. (@digitalbazaar/ed25519-multikey
  // exports secretKeyMultibase as the 64-byte seed‖public form, which keys' decoder does not read.)
  const tbSigner = (k: { vmId: string; seed: number }) => createEd25519Signer({ id: k.vmId, secretKey: new Uint8Array(32).fill(k.seed) });

  it('an eddsa-rdfc-2022 credential verifies in @digitalbazaar/vc', async () => {
    const signed = await addProof(credential(), { cryptosuite: 'eddsa-rdfc-2022', signer: tbSigner(issuer), documentLoader });
    const suite = new db.DataIntegrityProof({ cryptosuite: db.rdfc });
    const r = await db.vc.verifyCredential({ credential: signed, suite, documentLoader: db.documentLoader });
    expect(r.error).toBeUndefined();
    expect(r.verified).toBe(true);
    const tampered = structuredClone(signed) as any;
    tampered.credentialSubject.registrationNumber = 'FM0000000';
    expect((await db.vc.verifyCredential({ credential: tampered, suite, documentLoader: db.documentLoader })).verified).toBe(false);
  });

  it('the same key and created give the same proofValue as @digitalbazaar/vc (Ed25519 is deterministic), warm cache included', async () => {
    const created = '2025-03-04T05:06:07Z';
    const suite = () => new db.DataIntegrityProof({ signer: issuer.keyPair.signer(), cryptosuite: db.rdfc, date: created });
    // Several distinct credentials of one shape: the first fills TrustBridge's structure cache, the
    // others are served from it; every proof must equal the reference's, byte for byte.
    for (const [i, name] of ['Maple Widgets Ltd.', 'Cedar "Quoted" Holdings', 'Ünïcødé ✓ Ltd.\nLine 2', 'Maple Widgets Ltd.'].entries()) {
      const unsigned = { ...credential(), id: `urn:uuid:0b4f2c3e-7d6a-4e55-9d9e-6f2c1c1f0a1${i}`, credentialSubject: { id: `did:example:${i}`, legalName: name, registrationNumber: `FM00${i}` } };
      const ours = await addProof(unsigned, { cryptosuite: 'eddsa-rdfc-2022', signer: tbSigner(issuer), documentLoader, created });
      const theirs = await db.vc.issue({ credential: structuredClone(unsigned), suite: suite(), documentLoader: db.documentLoader });
      expect(ours).toEqual(theirs);
      expect((ours.proof as { proofValue: string }).proofValue).toBe(theirs.proof.proofValue);
    }
  });

  it('an eddsa-jcs-2022 credential verifies with the reference cryptosuite', async () => {
    const signed = await addProof(credential(), { cryptosuite: 'eddsa-jcs-2022', signer: tbSigner(issuer), documentLoader });
    const suite = new db.DataIntegrityProof({ cryptosuite: db.jcs.createVerifyCryptosuite() });
    const r = await db.vc.verifyCredential({ credential: signed, suite, documentLoader: db.documentLoader });
    expect(r.error).toBeUndefined();
    expect(r.verified).toBe(true);
  });

  it('a presentation with challenge and domain verifies in @digitalbazaar/vc', async () => {
    const vcSigned = await addProof(credential(), { cryptosuite: 'eddsa-rdfc-2022', signer: tbSigner(issuer), documentLoader });
    const presentation = { '@context': [VC2], type: ['VerifiablePresentation'], holder: holder.did, verifiableCredential: [vcSigned] };
    const vp = await addProof(presentation, {
      cryptosuite: 'eddsa-rdfc-2022', signer: tbSigner(holder), documentLoader, proofPurpose: 'authentication',
      challenge: 'c0ffee-1234', domain: 'https://bank.example',
    });
    const suite = new db.DataIntegrityProof({ cryptosuite: db.rdfc });
    const r = await db.vc.verify({ presentation: vp, suite, challenge: 'c0ffee-1234', domain: 'https://bank.example', documentLoader: db.documentLoader });
    expect(r.error).toBeUndefined();
    expect(r.verified).toBe(true);
    const wrong = await db.vc.verify({ presentation: vp, suite, challenge: 'other', domain: 'https://bank.example', documentLoader: db.documentLoader });
    expect(wrong.verified).toBe(false);
    // And TrustBridge agrees on both.
    expect((await tbVerify(vp, 'authentication', { challenge: 'c0ffee-1234', domain: 'https://bank.example' })).verified).toBe(true);
    expect(codes(await tbVerify(vp, 'authentication', { challenge: 'other' }))).toEqual(['ERR_DI_CHALLENGE_MISMATCH']);
  });
});
