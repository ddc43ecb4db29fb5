import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { hexEncode, utf8Encode } from '@trustbridge/core';
import {
  generateEd25519KeyPair, ed25519Sign, ed25519Verify, ed25519PublicKeyFromSecret,
  decodeEd25519SecretKeyMultibase, decodeEd25519PublicKeyMultibase, encodeEd25519PublicKeyMultibase,
  encodeEd25519SecretKeyMultibase, ed25519PublicKeyToJwk, ed25519PublicKeyFromJwk,
  createEd25519Signer, createEd25519Verifier, verifierFromVerificationMethod,
} from './index.js';

// RFC 8032 §7.1 TEST 1 and TEST 2.
const RFC8032 = [
  {
    secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    public: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    secret: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    public: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
];
const hex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

describe('Ed25519 (RFC 8032 §7.1 vectors)', () => {
  for (const [i, v] of RFC8032.entries()) {
    for (const impl of ['node', 'noble'] as const) {
      it(`TEST ${i + 1} with ${impl}`, async () => {
        expect(hexEncode(ed25519PublicKeyFromSecret(hex(v.secret)))).toBe(v.public);
        const sig = await ed25519Sign(hex(v.message), hex(v.secret), impl);
        expect(hexEncode(sig)).toBe(v.signature);
        expect(await ed25519Verify(hex(v.message), sig, hex(v.public), impl)).toBe(true);
        const bad = Uint8Array.from(sig);
        bad[0]! ^= 1;
        expect(await ed25519Verify(hex(v.message), bad, hex(v.public), impl)).toBe(false);
        expect(await ed25519Verify(hex(v.message), sig.slice(1), hex(v.public), impl)).toBe(false);
      });
    }
  }

  it('node and noble agree on random keys and messages', async () => {
    for (let i = 0; i < 20; i++) {
      const kp = generateEd25519KeyPair();
      const msg = utf8Encode(`message ${i} ${Math.random()}`);
      const a = await ed25519Sign(msg, kp.secretKey!, 'node');
      const b = await ed25519Sign(msg, kp.secretKey!, 'noble');
      expect(hexEncode(a)).toBe(hexEncode(b));
      expect(await ed25519Verify(msg, a, kp.publicKey, 'noble')).toBe(true);
    }
  });

  it('throws ERR_KEY_INVALID for a public key of the wrong length', async () => {
    await expect(ed25519Verify(new Uint8Array(1), new Uint8Array(64), new Uint8Array(31))).rejects.toMatchObject({ code: 'ERR_KEY_INVALID' });
  });
});

describe('Multikey and JWK', () => {
  // W3C vc-di-eddsa test vector key pair (../shared/vectors/vc-di-eddsa/keyPair.json).
  const keyPair = JSON.parse(readFileSync(new URL('../../../test/vectors/vc-di-eddsa/keyPair.json', import.meta.url), 'utf8'));

  it('round-trips the W3C vector key pair', () => {
    const secret = decodeEd25519SecretKeyMultibase(keyPair.privateKeyMultibase);
    const pub = decodeEd25519PublicKeyMultibase(keyPair.publicKeyMultibase);
    expect(ed25519PublicKeyFromSecret(secret)).toEqual(pub);
    expect(encodeEd25519PublicKeyMultibase(pub)).toBe(keyPair.publicKeyMultibase);
    expect(encodeEd25519SecretKeyMultibase(secret)).toBe(keyPair.privateKeyMultibase);
    expect(ed25519PublicKeyFromJwk(ed25519PublicKeyToJwk(pub))).toEqual(pub);
  });

  it('rejects other multibase prefixes and key types with codes', () => {
    expect(() => decodeEd25519PublicKeyMultibase('uAAAA')).toThrow(expect.objectContaining({ code: 'ERR_MULTIBASE_INVALID' }));
    expect(() => decodeEd25519PublicKeyMultibase(keyPair.privateKeyMultibase)).toThrow(expect.objectContaining({ code: 'ERR_KEY_UNSUPPORTED' }));
    expect(() => ed25519PublicKeyFromJwk({ kty: 'EC', crv: 'P-256', x: 'a', y: 'b' })).toThrow(expect.objectContaining({ code: 'ERR_KEY_UNSUPPORTED' }));
  });

  it('signer and verifier objects work from a verification method', async () => {
    const kp = generateEd25519KeyPair(new Uint8Array(32).fill(7));
    const signer = createEd25519Signer({ id: 'did:example:1#k', secretKey: kp.secretKey! });
    expect(Object.keys(signer)).not.toContain('secretKey');
    const sig = await signer.sign(utf8Encode('hi'));
    const v1 = createEd25519Verifier({ id: signer.id, publicKey: kp.publicKey });
    const v2 = verifierFromVerificationMethod({ id: signer.id, type: 'Multikey', controller: 'did:example:1', publicKeyMultibase: encodeEd25519PublicKeyMultibase(kp.publicKey) });
    expect(await v1.verify(utf8Encode('hi'), sig)).toBe(true);
    expect(await v2.verify(utf8Encode('hi'), sig)).toBe(true);
    expect(await v2.verify(utf8Encode('ho'), sig)).toBe(false);
  });
});

describe('secretKeyMultibase forms', () => {
  it('accepts the 64-byte seed‖public form of @digitalbazaar/ed25519-multikey and exposes the public key', async () => {
    const { decodeEd25519SecretKeyMultibaseParts, base58btcMultibaseEncode, ED25519_PRIV_HEADER } = await import('./index.js');
    const kp = generateEd25519KeyPair(new Uint8Array(32).fill(9));
    const long = new Uint8Array(66);
    long.set(ED25519_PRIV_HEADER);
    long.set(kp.secretKey!, 2);
    long.set(kp.publicKey, 34);
    const parts = decodeEd25519SecretKeyMultibaseParts(base58btcMultibaseEncode(long));
    expect(parts.secretKey).toEqual(kp.secretKey);
    expect(parts.publicKey).toEqual(kp.publicKey);
    expect(decodeEd25519SecretKeyMultibase(base58btcMultibaseEncode(long))).toEqual(kp.secretKey);
    expect(() => decodeEd25519SecretKeyMultibase(base58btcMultibaseEncode(long.slice(0, 50)))).toThrow(expect.objectContaining({ code: 'ERR_KEY_UNSUPPORTED' }));
  });
});
