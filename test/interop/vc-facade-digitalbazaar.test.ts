/**
 * Interop through the public facade: credentials AND presentations made by plain @digitalbazaar/vc
 * (eddsa-rdfc-2022 and Ed25519Signature2020, did:key issuer and holder) verify with
 * `@trustbridge/vc`'s verifyCredential / verifyPresentation using TrustBridge's own did:key resolver
 * and bundled-context loader — the whole pipeline, not only the proof layer. Issue 2, "Interoperability".
 * The reference side uses only @digitalbazaar/* + jsonld-document-loader and npm context packages.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '@trustbridge/core';
import { verifyCredential, verifyPresentation } from '@trustbridge/vc';
import { DID_V1, ED2020_V1, EXAMPLES, MULTIKEY_V1, VC2, load, referenceLoader } from './reference-side.js';
const clock = fixedClock('2026-06-01T12:00:00Z');

let db: { vc: any; DataIntegrityProof: any; rdfc: any; Ed25519Signature2020: any; documentLoader: any };
type Party = { did: string; vmId: string; keyPair: any };
let issuer: Party;
let holder: Party;
let legacyIssuer: Party;
const didDocs = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  const [vc, di, rdfc, mk, ed2020, vk2020] = await Promise.all([
    load('@digitalbazaar/vc'), load('@digitalbazaar/data-integrity'), load('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'),
    load('@digitalbazaar/ed25519-multikey'), load('@digitalbazaar/ed25519-signature-2020'),
    load('@digitalbazaar/ed25519-verification-key-2020'),
  ]);
  const loader = await referenceLoader((did) => didDocs.get(did));
  db = { vc, DataIntegrityProof: di.DataIntegrityProof, rdfc: rdfc.cryptosuite, Ed25519Signature2020: ed2020.Ed25519Signature2020, documentLoader: loader.build() };

  const register = (did: string, vm: Record<string, unknown>, context: string[]) =>
    didDocs.set(did, { '@context': context, id: did, verificationMethod: [vm], assertionMethod: [vm.id], authentication: [vm.id] });
  const multikey = async (fill: number): Promise<Party> => {
    const seed = new Uint8Array(32).fill(fill);
    const probe = await mk.generate({ seed });
    const did = `did:key:${probe.publicKeyMultibase}`;
    const vmId = `${did}#${probe.publicKeyMultibase}`;
    const keyPair = await mk.generate({ seed, id: vmId, controller: did });
    register(did, { id: vmId, type: 'Multikey', controller: did, publicKeyMultibase: probe.publicKeyMultibase }, [DID_V1, MULTIKEY_V1]);
    return { did, vmId, keyPair };
  };
  issuer = await multikey(21);
  holder = await multikey(22);
  const seed = new Uint8Array(32).fill(23);
  const probe = await vk2020.Ed25519VerificationKey2020.generate({ seed });
  const did = `did:key:${probe.publicKeyMultibase}`;
  const vmId = `${did}#${probe.publicKeyMultibase}`;
  const keyPair = await vk2020.Ed25519VerificationKey2020.generate({ seed, id: vmId, controller: did });
  register(did, { id: vmId, type: 'Ed25519VerificationKey2020', controller: did, publicKeyMultibase: keyPair.publicKeyMultibase }, [DID_V1, ED2020_V1]);
  legacyIssuer = { did, vmId, keyPair };
});

const credential = (issuerDid: string, extraContext: string[] = []) => ({
  '@context': [VC2, EXAMPLES, ...extraContext],
  id: 'urn:uuid:5e1b6f0c-3a2d-4f8e-9b7a-1c2d3e4f5a6b',
  type: ['VerifiableCredential', 'BusinessRegistrationCredential'],
  issuer: issuerDid,
  validFrom: '2026-01-15T00:00:00Z',
  credentialSubject: { id: 'did:example:maple-widgets', legalName: 'Maple Widgets Ltd.', registrationNumber: 'FM0055205', businessStatus: 'ACTIVE' },
});
const codes = (r: { problems: Array<{ code: string }> }) => r.problems.map((p) => p.code);

describe('@digitalbazaar/vc → @trustbridge/vc (the whole pipeline, real did:key resolution)', () => {
  it('verifies an eddsa-rdfc-2022 credential and refuses a tampered copy with its code', async () => {
    const suite = new db.DataIntegrityProof({ signer: issuer.keyPair.signer(), cryptosuite: db.rdfc });
    const signed = await db.vc.issue({ credential: credential(issuer.did), suite, documentLoader: db.documentLoader });
    const r = await verifyCredential(signed, { clock });
    expect(r.problems).toEqual([]);
    expect(r.verified).toBe(true);
    expect(r.checks.find((c) => c.id === 'proof')?.status).toBe('passed');
    const tampered = structuredClone(signed);
    tampered.credentialSubject.businessStatus = 'DISSOLVED';
    expect(codes(await verifyCredential(tampered, { clock }))).toContain('ERR_DI_SIGNATURE_INVALID');
  });

  it('verifies an Ed25519Signature2020 credential', async () => {
    const suite = new db.Ed25519Signature2020({ key: legacyIssuer.keyPair });
    const signed = await db.vc.issue({ credential: credential(legacyIssuer.did, [ED2020_V1]), suite, documentLoader: db.documentLoader });
    expect(signed.proof.type).toBe('Ed25519Signature2020');
    const r = await verifyCredential(signed, { clock });
    expect(r.problems).toEqual([]);
    expect(r.verified).toBe(true);
  });

  it('verifies a presentation signed by the holder with challenge and domain, and refuses the wrong ones', async () => {
    const vcSuite = new db.DataIntegrityProof({ signer: issuer.keyPair.signer(), cryptosuite: db.rdfc });
    const vcSigned = await db.vc.issue({ credential: credential(issuer.did), suite: vcSuite, documentLoader: db.documentLoader });
    const presentation = db.vc.createPresentation({ verifiableCredential: [vcSigned], holder: holder.did, version: 2.0 });
    const vpSuite = new db.DataIntegrityProof({ signer: holder.keyPair.signer(), cryptosuite: db.rdfc });
    const vp = await db.vc.signPresentation({
      presentation, suite: vpSuite, challenge: 'nonce-7f3a', domain: 'https://bank.example', documentLoader: db.documentLoader,
    });
    const ok = await verifyPresentation(vp, { challenge: 'nonce-7f3a', domain: 'https://bank.example', clock });
    expect(ok.problems).toEqual([]);
    expect(ok.verified).toBe(true);
    expect(ok.credentials).toHaveLength(1);
    expect(ok.credentials[0]?.verified).toBe(true);
    expect(codes(await verifyPresentation(vp, { challenge: 'other', domain: 'https://bank.example', clock }))).toContain('ERR_DI_CHALLENGE_MISMATCH');
    expect(codes(await verifyPresentation(vp, { challenge: 'nonce-7f3a', domain: 'https://other.example', clock }))).toContain('ERR_DI_DOMAIN_MISMATCH');
  });
});
