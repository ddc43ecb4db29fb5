/**
 * Multikey encodings (Controlled Identifiers 1.0 §2.2.2): a multicodec header followed by the raw key,
 * multibase base58-btc encoded (prefix `z`).
 * - Ed25519 public key: multicodec `ed25519-pub` 0xed (varint `0xed 0x01`).
 * - Ed25519 secret key: multicodec `ed25519-priv` 0x1300 (varint `0x80 0x26`).
 */
import { base58 } from '@scure/base';
import { TrustBridgeError } from '@trustbridge/core';

export const ED25519_PUB_HEADER = Uint8Array.from([0xed, 0x01]);
export const ED25519_PRIV_HEADER = Uint8Array.from([0x80, 0x26]);

/** Encodes bytes as multibase base58-btc (`z...`). */
export function base58btcMultibaseEncode(bytes: Uint8Array): string {
  return 'z' + base58.encode(bytes);
}

/** Decodes a multibase base58-btc string. Throws `ERR_MULTIBASE_INVALID` for any other base or bad input. */
export function base58btcMultibaseDecode(text: string): Uint8Array {
  if (typeof text !== 'string' || text[0] !== 'z' || text.length < 2) {
    throw new TrustBridgeError('ERR_MULTIBASE_INVALID', 'Expected a multibase base58-btc string (prefix "z").');
  }
  try {
    return base58.decode(text.slice(1));
  } catch (cause) {
    throw new TrustBridgeError('ERR_MULTIBASE_INVALID', 'Invalid base58-btc encoding.', { cause });
  }
}

function startsWith(bytes: Uint8Array, header: Uint8Array): boolean {
  return bytes.length >= header.length && header.every((b, i) => bytes[i] === b);
}

/** Ed25519 public key → `publicKeyMultibase` (`z6Mk...`). */
export function encodeEd25519PublicKeyMultibase(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new TrustBridgeError('ERR_KEY_INVALID', 'Ed25519 public key must be 32 bytes.');
  const out = new Uint8Array(34);
  out.set(ED25519_PUB_HEADER);
  out.set(publicKey, 2);
  return base58btcMultibaseEncode(out);
}

/** `publicKeyMultibase` → Ed25519 public key. Throws `ERR_KEY_UNSUPPORTED` for other key types. */
export function decodeEd25519PublicKeyMultibase(multibase: string): Uint8Array {
  const bytes = base58btcMultibaseDecode(multibase);
  if (!startsWith(bytes, ED25519_PUB_HEADER)) {
    throw new TrustBridgeError('ERR_KEY_UNSUPPORTED', 'Multikey is not an Ed25519 public key.');
  }
  if (bytes.length !== 34) throw new TrustBridgeError('ERR_KEY_INVALID', 'Ed25519 public key must be 32 bytes.');
  return bytes.slice(2);
}

/** Ed25519 secret seed → `secretKeyMultibase` (`z3u2...`). */
export function encodeEd25519SecretKeyMultibase(secretKey: Uint8Array): string {
  if (secretKey.length !== 32) throw new TrustBridgeError('ERR_KEY_INVALID', 'Ed25519 secret key must be 32 bytes.');
  const out = new Uint8Array(34);
  out.set(ED25519_PRIV_HEADER);
  out.set(secretKey, 2);
  return base58btcMultibaseEncode(out);
}

/**
 * `secretKeyMultibase` → Ed25519 secret seed. Accepts the 32-byte seed form (W3C vectors) and the
 * 64-byte seed‖public-key form that `@digitalbazaar/ed25519-multikey` writes; for the latter the caller
 * can check the embedded public key with {@link decodeEd25519SecretKeyMultibaseParts}.
 */
export function decodeEd25519SecretKeyMultibase(multibase: string): Uint8Array {
  return decodeEd25519SecretKeyMultibaseParts(multibase).secretKey;
}

/** Like {@link decodeEd25519SecretKeyMultibase}, also returning the public key when the encoding embeds one. */
export function decodeEd25519SecretKeyMultibaseParts(multibase: string): { secretKey: Uint8Array; publicKey?: Uint8Array } {
  const bytes = base58btcMultibaseDecode(multibase);
  if (!startsWith(bytes, ED25519_PRIV_HEADER) || (bytes.length !== 34 && bytes.length !== 66)) {
    throw new TrustBridgeError('ERR_KEY_UNSUPPORTED', 'Multikey is not an Ed25519 secret key.');
  }
  return bytes.length === 34 ? { secretKey: bytes.slice(2) } : { secretKey: bytes.slice(2, 34), publicKey: bytes.slice(34) };
}
