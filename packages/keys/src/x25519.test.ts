import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { base58 } from '@scure/base';
import { ed25519PublicKeyToX25519, encodeX25519PublicKeyMultibase, decodeX25519PublicKeyMultibase } from './x25519.js';
import { generateEd25519KeyPair } from './ed25519.js';

// W3C CCG did:key test vectors (test/vectors/did-key/ed25519-x25519.json; see test/vectors/SOURCE.md):
// each entry holds the Ed25519 key and the X25519 key derived from it.
const vectors = JSON.parse(
  readFileSync(new URL('../../../test/vectors/did-key/ed25519-x25519.json', import.meta.url), 'utf8'),
) as Record<string, { verificationKeyPair: Record<string, any>; keyAgreementKeyPair: Record<string, any> }>;

function publicBytes(kp: Record<string, any>): Uint8Array {
  if (kp.publicKeyBase58) return base58.decode(kp.publicKeyBase58);
  return new Uint8Array(Buffer.from(kp.publicKeyJwk.x, 'base64url'));
}

describe('ed25519PublicKeyToX25519 (RFC 7748 §4.1 birational map)', () => {
  for (const [did, v] of Object.entries(vectors)) {
    it(`matches the did:key vector ${did.slice(0, 24)}…`, () => {
      const x = ed25519PublicKeyToX25519(publicBytes(v.verificationKeyPair));
      expect(Buffer.from(x).toString('hex')).toBe(Buffer.from(publicBytes(v.keyAgreementKeyPair)).toString('hex'));
      const fingerprint = String(v.keyAgreementKeyPair.id).split('#')[1];
      expect(encodeX25519PublicKeyMultibase(x)).toBe(fingerprint);
      expect(decodeX25519PublicKeyMultibase(fingerprint!)).toEqual(x);
    });
  }

  it('agrees with node:crypto X25519 for a key derived from the same seed (RFC 7748 §5 clamping)', () => {
    // The X25519 secret of an Ed25519 seed is the clamped first half of SHA-512(seed); node derives
    // its public key independently, so this cross-checks the map on a fixed seed.
    const seed = new Uint8Array(32).fill(9);
    const kp = generateEd25519KeyPair(seed);
    const h = createHash('sha512').update(seed).digest().subarray(0, 32);
    const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b656e04220420', 'hex'), h]);
    const xPub = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({ format: 'jwk' }).x!;
    expect(Buffer.from(ed25519PublicKeyToX25519(kp.publicKey)).toString('base64url')).toBe(xPub);
  });

  it('rejects invalid points, small-order points and wrong lengths with ERR_KEY_INVALID', () => {
    expect(() => ed25519PublicKeyToX25519(new Uint8Array(31))).toThrow(expect.objectContaining({ code: 'ERR_KEY_INVALID' }));
    // y = 1 encodes the identity point (small order).
    const identity = new Uint8Array(32);
    identity[0] = 1;
    expect(() => ed25519PublicKeyToX25519(identity)).toThrow(expect.objectContaining({ code: 'ERR_KEY_INVALID' }));
    // y = 2 is not on the curve.
    const notOnCurve = new Uint8Array(32);
    notOnCurve[0] = 2;
    expect(() => ed25519PublicKeyToX25519(notOnCurve)).toThrow(expect.objectContaining({ code: 'ERR_KEY_INVALID' }));
  });

  it('rejects non-X25519 multikeys with ERR_KEY_UNSUPPORTED', () => {
    expect(() => decodeX25519PublicKeyMultibase('z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp')).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_UNSUPPORTED' }),
    );
  });
});
