import { describe, expect, it } from 'vitest';
import type { DidDocument, DidResolver } from '@trustbridge/core';
import { generateEd25519KeyPair, encodeEd25519PublicKeyMultibase, createEd25519Signer, verifierFromVerificationMethod } from '@trustbridge/keys';
import { createVerificationMethodResolver, findVerificationMethods } from './verification-method.js';
import { createDidResolver } from './resolver.js';
import { didKeyFromEd25519PublicKey } from './did-key.js';
import { resolutionError, resolutionSuccess } from './resolution.js';

const kp = generateEd25519KeyPair(new Uint8Array(32).fill(8));
const pub = encodeEd25519PublicKeyMultibase(kp.publicKey);
const DID = 'did:web:issuer.example';

const DOC: DidDocument = {
  '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
  id: DID,
  verificationMethod: [
    { id: '#key-1', type: 'Multikey', controller: DID, publicKeyMultibase: pub },
    { id: `${DID}#key-2`, type: 'Multikey', controller: DID, publicKeyMultibase: pub },
    { id: `${DID}#foreign`, type: 'Multikey', controller: 'did:web:other.example', publicKeyMultibase: pub },
  ],
  assertionMethod: ['#key-1', `${DID}#foreign`, { id: '#embedded', type: 'Multikey', controller: DID, publicKeyMultibase: pub }],
  authentication: [`${DID}#key-2`, '#missing'],
};

function staticResolver(doc: DidDocument): DidResolver {
  return { resolve: async (did) => (did === doc.id ? resolutionSuccess(structuredClone(doc)) : resolutionError('notFound', 'ERR_DID_WEB_NOT_FOUND', 'not found')) };
}

async function codeOf(p: Promise<unknown>): Promise<{ code?: string; specCode?: string; details?: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    return e as { code?: string };
  }
  return {};
}

describe('findVerificationMethods', () => {
  it('returns referenced and embedded methods with absolute ids, skipping dangling references', () => {
    expect(findVerificationMethods(DOC, 'assertionMethod').map((m) => m.id)).toEqual([`${DID}#key-1`, `${DID}#foreign`, `${DID}#embedded`]);
    expect(findVerificationMethods(DOC, 'authentication').map((m) => m.id)).toEqual([`${DID}#key-2`]);
    expect(findVerificationMethods(DOC, 'keyAgreement')).toEqual([]);
  });
});

describe('createVerificationMethodResolver', () => {
  const resolveVm = createVerificationMethodResolver(staticResolver(DOC));

  it('dereferences a relative-id method listed under the relationship', async () => {
    expect(await resolveVm(`${DID}#key-1`, 'assertionMethod')).toEqual({ id: `${DID}#key-1`, type: 'Multikey', controller: DID, publicKeyMultibase: pub });
    expect((await resolveVm(`${DID}#embedded`, 'assertionMethod')).id).toBe(`${DID}#embedded`);
  });

  it('ERR_VM_NOT_AUTHORIZED (INVALID_VERIFICATION_METHOD) for a key outside the relationship', async () => {
    expect(await codeOf(resolveVm(`${DID}#key-2`, 'assertionMethod'))).toMatchObject({ code: 'ERR_VM_NOT_AUTHORIZED', specCode: 'INVALID_VERIFICATION_METHOD' });
    expect(await codeOf(resolveVm(`${DID}#embedded`, 'authentication'))).toMatchObject({ code: 'ERR_VM_NOT_AUTHORIZED' });
  });

  it('ERR_VM_NOT_FOUND for an unknown fragment or a dangling reference', async () => {
    expect((await codeOf(resolveVm(`${DID}#nope`, 'assertionMethod'))).code).toBe('ERR_VM_NOT_FOUND');
    expect((await codeOf(resolveVm(`${DID}#missing`, 'authentication'))).code).toBe('ERR_VM_NOT_FOUND');
  });

  it('ERR_VM_CONTROLLER_MISMATCH when the controller is another DID', async () => {
    expect((await codeOf(resolveVm(`${DID}#foreign`, 'assertionMethod'))).code).toBe('ERR_VM_CONTROLLER_MISMATCH');
  });

  it('ERR_DID_RESOLUTION_FAILED carries the resolution error as specCode', async () => {
    expect(await codeOf(resolveVm('did:web:unknown.example#key-1', 'assertionMethod'))).toMatchObject({
      code: 'ERR_DID_RESOLUTION_FAILED',
      specCode: 'notFound',
      details: { did: 'did:web:unknown.example', code: 'ERR_DID_WEB_NOT_FOUND' },
    });
    const lying = createVerificationMethodResolver({ resolve: async () => resolutionSuccess({ ...DOC, id: 'did:web:other.example' }) });
    expect((await codeOf(lying(`${DID}#key-1`, 'assertionMethod'))).code).toBe('ERR_DID_RESOLUTION_FAILED');
  });

  it('ERR_DID_URL_INVALID for ids that are not DID URLs with a fragment', async () => {
    for (const id of ['not a did', DID, `${DID}#`, `${DID}/path#key-1`]) {
      expect((await codeOf(resolveVm(id, 'assertionMethod'))).code).toBe('ERR_DID_URL_INVALID');
    }
  });

  it('works end to end with did:key: sign, dereference, verify', async () => {
    const did = didKeyFromEd25519PublicKey(kp.publicKey);
    const vmId = `${did}#${pub}`;
    const signer = createEd25519Signer({ id: vmId, secretKey: kp.secretKey! });
    const sig = await signer.sign(new TextEncoder().encode('hello'));
    const vm = await createVerificationMethodResolver(createDidResolver())(signer.id, 'assertionMethod');
    expect(await verifierFromVerificationMethod(vm).verify(new TextEncoder().encode('hello'), sig)).toBe(true);
    expect((await codeOf(createVerificationMethodResolver(createDidResolver())(vmId, 'keyAgreement'))).code).toBe('ERR_VM_NOT_AUTHORIZED');
  });
});
