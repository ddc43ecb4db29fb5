/**
 * Encryption at rest of wallet items: AES-256-GCM (NIST SP 800-38D) with a fresh 96-bit IV per write
 * and the owner and item id as additional authenticated data, so a ciphertext copied to another owner
 * or another id fails to open.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { walletError, WalletErrorCodes } from './errors.js';

/** Layout version byte, so the format can change without guessing. */
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

function aad(owner: string, id: string): Buffer {
  // Length-prefixed so ("ab","c") and ("a","bc") differ.
  const o = Buffer.from(owner, 'utf8');
  const i = Buffer.from(id, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(o.length);
  return Buffer.concat([Buffer.from('trustbridge-wallet-item/v1|'), len, o, i]);
}

/** Checks that `key` is a 32-byte AES-256 key. Throws `ERR_WALLET_OPTIONS_INVALID`. */
export function assertEncryptionKey(key: unknown): asserts key is Uint8Array {
  if (!(key instanceof Uint8Array) || key.length !== 32) {
    throw walletError(WalletErrorCodes.OPTIONS_INVALID, 'encryptionKey must be 32 bytes (AES-256).');
  }
}

/** Encrypts a JSON value: `version ‖ iv ‖ ciphertext ‖ tag`. */
export function sealItem(value: unknown, key: Uint8Array, owner: string, id: string, random: (n: number) => Uint8Array): Uint8Array {
  const iv = random(IV_BYTES);
  if (!(iv instanceof Uint8Array) || iv.length !== IV_BYTES) throw walletError(WalletErrorCodes.OPTIONS_INVALID, 'random must return the requested number of bytes.');
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(owner, id));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return new Uint8Array(Buffer.concat([Buffer.from([VERSION]), iv, body, cipher.getAuthTag()]));
}

/** Decrypts what {@link sealItem} wrote. Throws `ERR_WALLET_DECRYPT_FAILED` with a constant message. */
export function openItem<T>(sealed: Uint8Array, key: Uint8Array, owner: string, id: string): T {
  try {
    if (sealed[0] !== VERSION || sealed.length < 1 + IV_BYTES + TAG_BYTES) throw new Error('layout');
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(sealed.length - TAG_BYTES);
    const body = sealed.subarray(1 + IV_BYTES, sealed.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(owner, id));
    decipher.setAuthTag(tag);
    const text = Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    return JSON.parse(text) as T;
  } catch (cause) {
    throw walletError(WalletErrorCodes.DECRYPT_FAILED, 'A wallet item could not be decrypted.', { cause });
  }
}
