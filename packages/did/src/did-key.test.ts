import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { generateEd25519KeyPair, encodeEd25519PublicKeyMultibase, base58btcMultibaseEncode } from '@trustbridge/keys';
import { createDidKeyDocument, didKeyFromEd25519PublicKey, ed25519PublicKeyFromDidKey } from './did-key.js';

// W3C CCG did:key method test vectors, w3c-ccg/did-method-key `test-vectors/` at commit
// f5abee840c31e92cd1ac11737e0b62103ab99d21 (see test/vectors/SOURCE.md).
const vectors = JSON.parse(
  readFileSync(new URL('../../../test/vectors/did-key/ed25519-x25519.json', import.meta.url), 'utf8'),
) as Record<string, { seed: string; verificationKeyPair: { type: string }; didDocument: unknown }>;
const nist = JSON.parse(readFileSync(new URL('../../../test/vectors/did-key/nist-curves.json', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('did:key vectors (ed25519-x25519.json)', () => {
  for (const [did, v] of Object.entries(vectors)) {
    const format = v.verificationKeyPair.type as 'Ed25519VerificationKey2018' | 'JsonWebKey2020';
    it(`reproduces ${did.slice(0, 28)}… (${format}) byte for byte`, () => {
      const kp = generateEd25519KeyPair(new Uint8Array(Buffer.from(v.seed, 'hex')));
      expect(didKeyFromEd25519PublicKey(kp.publicKey)).toBe(did);
      const doc = createDidKeyDocument(did, { publicKeyFormat: format, enableEncryptionKeyDerivation: true });
      expect(doc).toStrictEqual(v.didDocument);
      expect(JSON.stringify(doc)).toBe(JSON.stringify(v.didDocument));
    });
  }
});

describe('createDidKeyDocument', () => {
  const did = 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp';
  const vmId = `${did}#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp`;

  it('defaults to Multikey without key agreement', () => {
    expect(createDidKeyDocument(did)).toStrictEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: did,
      verificationMethod: [{ id: vmId, type: 'Multikey', controller: did, publicKeyMultibase: 'z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp' }],
      assertionMethod: [vmId],
      authentication: [vmId],
      capabilityInvocation: [vmId],
      capabilityDelegation: [vmId],
    });
  });

  it('derives the X25519 key agreement key as Multikey and as X25519KeyAgreementKey2020', () => {
    const mk = createDidKeyDocument(did, { enableEncryptionKeyDerivation: true });
    expect(mk.keyAgreement).toEqual([`${did}#z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW`]);
    expect(mk.verificationMethod?.[1]).toMatchObject({ type: 'Multikey', publicKeyMultibase: 'z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW' });
    const ed = createDidKeyDocument(did, { publicKeyFormat: 'Ed25519VerificationKey2020', enableEncryptionKeyDerivation: true });
    expect(ed['@context']).toEqual([
      'https://www.w3.org/ns/did/v1',
      'https://w3id.org/security/suites/ed25519-2020/v1',
      'https://w3id.org/security/suites/x25519-2020/v1',
    ]);
    expect(ed.verificationMethod?.map((m) => m.type)).toEqual(['Ed25519VerificationKey2020', 'X25519KeyAgreementKey2020']);
  });

  it('round-trips a generated key', () => {
    const kp = generateEd25519KeyPair(new Uint8Array(32).fill(3));
    const d = didKeyFromEd25519PublicKey(kp.publicKey);
    expect(ed25519PublicKeyFromDidKey(d)).toEqual(kp.publicKey);
    expect(createDidKeyDocument(d).verificationMethod?.[0]?.publicKeyMultibase).toBe(encodeEd25519PublicKeyMultibase(kp.publicKey));
  });

  it('reports a P-256 did:key (NIST vectors) as ERR_DID_KEY_UNSUPPORTED_KEY_TYPE / representationNotSupported', () => {
    const p256 = Object.keys(nist).find((k) => k.startsWith('did:key:zDn'))!;
    expect(() => createDidKeyDocument(p256)).toThrow(
      expect.objectContaining({ code: 'ERR_DID_KEY_UNSUPPORTED_KEY_TYPE', specCode: 'representationNotSupported' }),
    );
  });

  const bad: Array<[string, string]> = [
    ['not base58-btc', 'did:key:uAAAA'],
    ['bad base58 alphabet', 'did:key:z0OIl'],
    ['unknown multicodec', `did:key:${base58btcMultibaseEncode(Uint8Array.from([0x99, 0x01, ...new Uint8Array(32)]))}`],
    ['short key', `did:key:${base58btcMultibaseEncode(Uint8Array.from([0xed, 0x01, ...new Uint8Array(31)]))}`],
    ['point not on the curve', `did:key:${base58btcMultibaseEncode(Uint8Array.from([0xed, 0x01, 2, ...new Uint8Array(31)]))}`],
    ['other method', 'did:web:example.com'],
    ['DID URL', `${did}#x`],
  ];
  for (const [why, value] of bad) {
    it(`rejects ${why} with ERR_DID_KEY_INVALID / invalidDid`, () => {
      expect(() => createDidKeyDocument(value)).toThrow(expect.objectContaining({ code: 'ERR_DID_KEY_INVALID', specCode: 'invalidDid' }));
    });
  }

  it('rejects an unknown publicKeyFormat with ERR_DID_KEY_UNSUPPORTED_FORMAT', () => {
    expect(() => createDidKeyDocument(did, { publicKeyFormat: 'Bogus' as 'Multikey' })).toThrow(
      expect.objectContaining({ code: 'ERR_DID_KEY_UNSUPPORTED_FORMAT' }),
    );
  });
});
