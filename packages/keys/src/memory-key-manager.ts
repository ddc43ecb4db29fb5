/**
 * An in-memory {@link KeyManager}: keys live only in this process (tests, ephemeral services, caches
 * in front of an HSM). Secret keys are held in a private field, zeroed on delete, and never appear in
 * `JSON.stringify`, `util.inspect` or errors.
 */
import { inspect } from 'node:util';
import { TrustBridgeError, systemClock, type Clock, type Signer } from '@trustbridge/core';
import { ed25519PublicKeyFromSecret, generateEd25519KeyPair } from './ed25519.js';
import { encodeEd25519PublicKeyMultibase } from './multikey.js';
import { createEd25519Signer } from './signer.js';
import type { KeyInfo, KeyManager } from './manager.js';

/** Key ids: 1–256 characters from a URL- and file-safe set. */
const KEY_ID_RE = /^[A-Za-z0-9._~:-]{1,256}$/;

/** Throws `ERR_KEY_ID_INVALID` unless `keyId` is 1–256 characters of `A-Z a-z 0-9 . _ ~ : -`. */
export function assertValidKeyId(keyId: unknown): asserts keyId is string {
  if (typeof keyId !== 'string' || !KEY_ID_RE.test(keyId)) {
    throw new TrustBridgeError('ERR_KEY_ID_INVALID', 'Key id must be 1-256 characters of A-Z a-z 0-9 . _ ~ : -');
  }
}

/** Validates a 32-byte Ed25519 seed and describes it. The key id defaults to the public key's Multikey. */
export function describeSecretKey(secretKey: Uint8Array, keyId: string | undefined, clock: Clock): KeyInfo {
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== 32) {
    throw new TrustBridgeError('ERR_KEY_INVALID', 'Ed25519 secret key must be 32 bytes.');
  }
  const publicKeyMultibase = encodeEd25519PublicKeyMultibase(ed25519PublicKeyFromSecret(secretKey));
  const id = keyId ?? publicKeyMultibase;
  assertValidKeyId(id);
  return { keyId: id, type: 'Ed25519', publicKeyMultibase, createdAt: clock().toISOString() };
}

/** Options of {@link MemoryKeyManager}. */
export interface MemoryKeyManagerOptions {
  /** Clock for `createdAt`. Default the system clock. */
  clock?: Clock;
}

/**
 * Keeps Ed25519 keys in memory.
 *
 * @example
 * ```ts
 * const keys = new MemoryKeyManager();
 * const { keyId, publicKeyMultibase } = await keys.generate();
 * const signer = await keys.signer(keyId, `did:key:${publicKeyMultibase}#${publicKeyMultibase}`);
 * ```
 */
export class MemoryKeyManager implements KeyManager {
  readonly #keys = new Map<string, { info: KeyInfo; secretKey: Uint8Array }>();
  readonly #clock: Clock;

  constructor(options: MemoryKeyManagerOptions = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  /** Generates a key. Throws `ERR_KEY_EXISTS` if `keyId` is taken, `ERR_KEY_ID_INVALID` for a bad id. */
  async generate(options: { keyId?: string } = {}): Promise<KeyInfo> {
    const { secretKey } = generateEd25519KeyPair();
    try {
      return await this.importKey(secretKey!, options);
    } finally {
      secretKey!.fill(0);
    }
  }

  /** Imports a 32-byte Ed25519 seed (copied). Throws `ERR_KEY_INVALID`, `ERR_KEY_EXISTS`, `ERR_KEY_ID_INVALID`. */
  async importKey(secretKey: Uint8Array, options: { keyId?: string } = {}): Promise<KeyInfo> {
    const info = describeSecretKey(secretKey, options.keyId, this.#clock);
    if (this.#keys.has(info.keyId)) throw new TrustBridgeError('ERR_KEY_EXISTS', 'A key with this id already exists.');
    this.#keys.set(info.keyId, { info, secretKey: Uint8Array.from(secretKey) });
    return { ...info };
  }

  async get(keyId: string): Promise<KeyInfo | undefined> {
    const entry = this.#keys.get(keyId);
    return entry ? { ...entry.info } : undefined;
  }

  async list(): Promise<KeyInfo[]> {
    return [...this.#keys.values()].map((e) => ({ ...e.info }));
  }

  /** A signer for the key. Throws `ERR_KEY_NOT_FOUND`. */
  async signer(keyId: string, verificationMethodId: string): Promise<Signer> {
    const entry = this.#keys.get(keyId);
    if (!entry) throw new TrustBridgeError('ERR_KEY_NOT_FOUND', 'No key with this id.');
    return createEd25519Signer({ id: verificationMethodId, secretKey: entry.secretKey });
  }

  /** Deletes the key and zeroes its bytes. Returns false when there was no such key. */
  async delete(keyId: string): Promise<boolean> {
    const entry = this.#keys.get(keyId);
    if (!entry) return false;
    entry.secretKey.fill(0);
    return this.#keys.delete(keyId);
  }

  toJSON(): { type: 'MemoryKeyManager'; keys: number } {
    return { type: 'MemoryKeyManager', keys: this.#keys.size };
  }

  [inspect.custom](): string {
    return `MemoryKeyManager { keys: ${this.#keys.size} }`;
  }
}
