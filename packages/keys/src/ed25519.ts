/**
 * Ed25519 (RFC 8032) key pairs, signing and verification.
 *
 * Two implementations with identical results: `node:crypto` (native, the fast path, with each imported
 * `KeyObject` cached per key) and `@noble/ed25519` (audited pure JS, the portable path). Ed25519
 * signatures are deterministic, so both produce byte-identical signatures; the tests check that.
 */
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify, randomBytes, type KeyObject } from 'node:crypto';
import * as noble from '@noble/ed25519';
import { TrustBridgeError } from '@trustbridge/core';

export interface Ed25519KeyPair {
  /** 32-byte public key. */
  publicKey: Uint8Array;
  /** 32-byte secret seed (RFC 8032 §5.1.5 "private key"). Absent for a public-only key. */
  secretKey?: Uint8Array;
}

export type Ed25519Implementation = 'node' | 'noble';

// DER prefixes for raw Ed25519 keys (RFC 8410): SubjectPublicKeyInfo and PKCS#8 PrivateKeyInfo.
const SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);
const PKCS8_PREFIX = Uint8Array.from([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);

function assertLength(bytes: Uint8Array, length: number, what: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new TrustBridgeError('ERR_KEY_INVALID', `Ed25519 ${what} must be ${length} bytes.`);
  }
}

// Imported KeyObjects, cached by key bytes so a key is parsed once (see PITFALLS: re-importing per
// operation costs about one verify). WeakMap keyed by the Uint8Array instance, plus a small string-keyed
// LRU for keys that arrive as fresh arrays each time (decoded from a document).
const publicKeyObjects = new WeakMap<Uint8Array, KeyObject>();
const privateKeyObjects = new WeakMap<Uint8Array, KeyObject>();
const publicByHex = new Map<string, KeyObject>();
const MAX_CACHED = 1024;

/** The `node:crypto` KeyObject for a raw Ed25519 public key, imported once. */
export function ed25519PublicKeyObject(publicKey: Uint8Array): KeyObject {
  let key = publicKeyObjects.get(publicKey);
  if (key) return key;
  assertLength(publicKey, 32, 'public key');
  const hex = Buffer.from(publicKey).toString('hex');
  key = publicByHex.get(hex);
  if (key) {
    publicByHex.delete(hex);
  } else {
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
  }
  publicByHex.set(hex, key);
  if (publicByHex.size > MAX_CACHED) publicByHex.delete(publicByHex.keys().next().value!);
  publicKeyObjects.set(publicKey, key);
  return key;
}

function privateKeyObject(secretKey: Uint8Array): KeyObject {
  let key = privateKeyObjects.get(secretKey);
  if (!key) {
    assertLength(secretKey, 32, 'secret key');
    key = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, secretKey]), format: 'der', type: 'pkcs8' });
    privateKeyObjects.set(secretKey, key);
  }
  return key;
}

/** Generates a key pair from 32 random bytes (or the given seed, for deterministic tests). */
export function generateEd25519KeyPair(seed?: Uint8Array): Ed25519KeyPair {
  const secretKey = seed ? Uint8Array.from(seed) : new Uint8Array(randomBytes(32));
  assertLength(secretKey, 32, 'seed');
  return { publicKey: ed25519PublicKeyFromSecret(secretKey), secretKey };
}

/** Derives the public key from a 32-byte secret seed. */
export function ed25519PublicKeyFromSecret(secretKey: Uint8Array): Uint8Array {
  const jwk = createPublicKey(privateKeyObject(secretKey)).export({ format: 'jwk' });
  return new Uint8Array(Buffer.from(jwk.x as string, 'base64url'));
}

/** Signs `message`. Deterministic: both implementations return the same 64 bytes. */
export async function ed25519Sign(
  message: Uint8Array,
  secretKey: Uint8Array,
  implementation: Ed25519Implementation = 'node',
): Promise<Uint8Array> {
  if (implementation === 'noble') {
    assertLength(secretKey, 32, 'secret key');
    return noble.signAsync(message, secretKey);
  }
  return new Uint8Array(nodeSign(null, message, privateKeyObject(secretKey)));
}

/** Synchronous native signing, for hot loops. */
export function ed25519SignSync(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  return new Uint8Array(nodeSign(null, message, privateKeyObject(secretKey)));
}

/**
 * Verifies an Ed25519 signature. Returns false (never throws) for a wrong-length signature or a
 * signature that does not verify; throws `ERR_KEY_INVALID` only for a public key of the wrong length.
 */
export async function ed25519Verify(
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
  implementation: Ed25519Implementation = 'node',
): Promise<boolean> {
  if (implementation === 'noble') {
    assertLength(publicKey, 32, 'public key');
    if (signature.length !== 64) return false;
    try {
      return await noble.verifyAsync(signature, message, publicKey);
    } catch {
      return false;
    }
  }
  return ed25519VerifySync(message, signature, publicKey);
}

/** Synchronous native verification, for hot loops. */
export function ed25519VerifySync(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  const key = ed25519PublicKeyObject(publicKey);
  try {
    return nodeVerify(null, message, key, signature);
  } catch {
    return false;
  }
}
