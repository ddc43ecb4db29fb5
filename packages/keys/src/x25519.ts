/**
 * X25519 public keys derived from Ed25519 public keys, for `did:key` key agreement.
 *
 * The Edwards curve edwards25519 and the Montgomery curve curve25519 are birationally equivalent
 * (RFC 7748 §4.1): a point (x, y) on edwards25519 maps to the Montgomery u-coordinate
 * `u = (1 + y) / (1 - y) mod p`, with p = 2^255 - 19. The W3C CCG did:key method (§3.1.5 "Encryption
 * Method Creation Algorithm") uses this map to expose the X25519 key of an Ed25519 did:key.
 */
import { Point } from '@noble/ed25519';
import { TrustBridgeError } from '@trustbridge/core';
import { base58btcMultibaseEncode, base58btcMultibaseDecode } from './multikey.js';

/** Multicodec `x25519-pub` 0xec (varint `0xec 0x01`). */
export const X25519_PUB_HEADER = Uint8Array.from([0xec, 0x01]);

const P = 2n ** 255n - 19n;

function mod(a: bigint): bigint {
  const r = a % P;
  return r >= 0n ? r : r + P;
}

/** Modular exponentiation by squaring (for the inverse via Fermat: a^(p-2)). */
function pow(base: bigint, exp: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = mod(result * b);
    b = mod(b * b);
    e >>= 1n;
  }
  return result;
}

/**
 * Converts a 32-byte Ed25519 public key to the 32-byte X25519 public key of the same secret
 * (RFC 7748 §4.1 birational map, u-coordinate encoded little-endian per RFC 7748 §5).
 *
 * Throws `ERR_KEY_INVALID` when the bytes are not a valid edwards25519 point or the point has small
 * order (such a key has no meaningful X25519 counterpart).
 *
 * @example
 * ```ts
 * const x25519 = ed25519PublicKeyToX25519(ed25519PublicKey);
 * ```
 */
export function ed25519PublicKeyToX25519(publicKey: Uint8Array): Uint8Array {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) {
    throw new TrustBridgeError('ERR_KEY_INVALID', 'Ed25519 public key must be 32 bytes.');
  }
  let point: Point;
  try {
    point = Point.fromBytes(publicKey);
  } catch (cause) {
    throw new TrustBridgeError('ERR_KEY_INVALID', 'Ed25519 public key is not a valid curve point.', { cause });
  }
  if (point.isSmallOrder()) {
    throw new TrustBridgeError('ERR_KEY_INVALID', 'Ed25519 public key has small order.');
  }
  const { y } = point.toAffine();
  const u = mod((1n + y) * pow(1n - y, P - 2n));
  const out = new Uint8Array(32);
  let v = u;
  for (let i = 0; i < 32; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** X25519 public key → `publicKeyMultibase` (`z6LS...`, Controlled Identifiers 1.0 §2.2.2 Multikey). */
export function encodeX25519PublicKeyMultibase(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new TrustBridgeError('ERR_KEY_INVALID', 'X25519 public key must be 32 bytes.');
  const out = new Uint8Array(34);
  out.set(X25519_PUB_HEADER);
  out.set(publicKey, 2);
  return base58btcMultibaseEncode(out);
}

/** `publicKeyMultibase` (`z6LS...`) → X25519 public key. Throws `ERR_KEY_UNSUPPORTED` for other key types. */
export function decodeX25519PublicKeyMultibase(multibase: string): Uint8Array {
  const bytes = base58btcMultibaseDecode(multibase);
  if (bytes.length !== 34 || bytes[0] !== X25519_PUB_HEADER[0] || bytes[1] !== X25519_PUB_HEADER[1]) {
    throw new TrustBridgeError('ERR_KEY_UNSUPPORTED', 'Multikey is not an X25519 public key.');
  }
  return bytes.slice(2);
}
