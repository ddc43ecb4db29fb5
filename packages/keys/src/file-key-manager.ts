/**
 * A {@link KeyManager} that keeps Ed25519 keys in a JSON keystore file, each secret key encrypted at
 * rest under a passphrase.
 *
 * - Key derivation: scrypt (RFC 7914), default N = 2^15, r = 8, p = 1, a random 16-byte salt per file,
 *   32-byte output. The parameters and salt are stored in the file.
 * - Encryption: AES-256-GCM (NIST SP 800-38D) with a random 12-byte IV per key and per write, and
 *   additional authenticated data binding the record (format, version, key id, type, public key,
 *   creation time), so records cannot be swapped or edited without detection.
 * - A check record (a constant encrypted under the derived key) detects a wrong passphrase at open.
 * - Writes are atomic (temporary file with mode 0600, fsync, rename) and serialized within the
 *   process. The keystore is meant for one process at a time.
 * - The passphrase is not kept: only the derived key, as a `node:crypto` KeyObject in a private field.
 *   Wrong passphrase and tampering both give `ERR_KEY_DECRYPT_FAILED` with one generic message.
 */
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes, scrypt, type KeyObject } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { inspect } from 'node:util';
import {
  TrustBridgeError,
  base64urlDecode,
  base64urlEncode,
  isObject,
  parseJson,
  systemClock,
  utf8Encode,
  type Clock,
  type Signer,
} from '@trustbridge/core';
import { ed25519PublicKeyFromSecret, generateEd25519KeyPair } from './ed25519.js';
import { encodeEd25519PublicKeyMultibase } from './multikey.js';
import { createEd25519Signer } from './signer.js';
import { assertValidKeyId, describeSecretKey } from './memory-key-manager.js';
import type { KeyInfo, KeyManager } from './manager.js';

/** scrypt cost parameters (RFC 7914 §2). */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelization. */
  p: number;
}

/** Default scrypt cost for new keystores: N = 2^15, r = 8, p = 1 (about 32 MiB and 0.1 s per open). */
export const DEFAULT_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });

/** Keystore file format version written by this implementation. */
export const KEYSTORE_VERSION = 1;
const FORMAT = 'trustbridge-keystore';
const MAX_FILE_BYTES = 16 * 1024 * 1024;
const CHECK_PLAINTEXT = utf8Encode('trustbridge-keystore passphrase check');

/** Options of {@link FileKeyManager.open}. */
export interface FileKeyManagerOptions {
  /** Keystore file. Created (mode 0600) when missing unless `create` is false. */
  path: string;
  /** Passphrase from which the encryption key is derived. Not retained. */
  passphrase: string | Uint8Array;
  /** scrypt cost for a NEW keystore (an existing file keeps its own). Lower N only in tests. */
  scrypt?: Partial<ScryptParams>;
  /** Create the file when it does not exist. Default true. */
  create?: boolean;
  /** Clock for `createdAt`. */
  clock?: Clock;
}

interface EncryptedBox {
  ivBase64url: string;
  ciphertextBase64url: string;
  tagBase64url: string;
}

interface KeyRecord extends KeyInfo, EncryptedBox {}

interface KeystoreFile {
  format: typeof FORMAT;
  version: number;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; dkLen: 32; saltBase64url: string };
  cipher: 'aes-256-gcm';
  check: EncryptedBox;
  keys: KeyRecord[];
}

const decryptFailed = (): TrustBridgeError => new TrustBridgeError('ERR_KEY_DECRYPT_FAILED', 'Keystore could not be decrypted.');
const invalidFile = (why: string): TrustBridgeError => new TrustBridgeError('ERR_KEYSTORE_INVALID', `Keystore file is invalid: ${why}.`);

function assertScrypt(params: ScryptParams): void {
  const { N, r, p } = params;
  const ok =
    Number.isInteger(N) && N >= 2 && N <= 2 ** 20 && (N & (N - 1)) === 0 &&
    Number.isInteger(r) && r >= 1 && r <= 32 &&
    Number.isInteger(p) && p >= 1 && p <= 16;
  if (!ok) throw new TrustBridgeError('ERR_KEYSTORE_KDF_PARAMS', 'scrypt parameters out of range (N a power of two ≤ 2^20, r ≤ 32, p ≤ 16).');
}

function deriveKey(passphrase: Uint8Array, salt: Uint8Array, params: ScryptParams): Promise<KeyObject> {
  // scrypt needs about 128·N·r bytes; raise maxmem above Node's 32 MiB default accordingly.
  const maxmem = 256 * params.N * params.r + 32 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(passphrase, salt, 32, { N: params.N, r: params.r, p: params.p, maxmem }, (err, derived) => {
      if (err) return reject(new TrustBridgeError('ERR_KEYSTORE_KDF_FAILED', 'Key derivation failed.'));
      const key = createSecretKey(derived);
      derived.fill(0);
      resolve(key);
    });
  });
}

function recordAad(info: KeyInfo): Uint8Array {
  return utf8Encode(JSON.stringify([FORMAT, KEYSTORE_VERSION, 'key', info.keyId, info.type, info.publicKeyMultibase, info.createdAt]));
}

const CHECK_AAD = utf8Encode(JSON.stringify([FORMAT, KEYSTORE_VERSION, 'check']));

function seal(key: KeyObject, plaintext: Uint8Array, aad: Uint8Array): EncryptedBox {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    ivBase64url: base64urlEncode(iv),
    ciphertextBase64url: base64urlEncode(ciphertext),
    tagBase64url: base64urlEncode(cipher.getAuthTag()),
  };
}

function open_(key: KeyObject, box: EncryptedBox, aad: Uint8Array): Uint8Array {
  try {
    const iv = base64urlDecode(box.ivBase64url);
    const tag = base64urlDecode(box.tagBase64url);
    if (iv.length !== 12 || tag.length !== 16) throw decryptFailed();
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    const a = decipher.update(base64urlDecode(box.ciphertextBase64url));
    const b = decipher.final();
    const out = new Uint8Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    a.fill(0);
    return out;
  } catch {
    throw decryptFailed();
  }
}

function isBox(value: unknown): value is EncryptedBox {
  return isObject(value) && typeof value.ivBase64url === 'string' && typeof value.ciphertextBase64url === 'string' && typeof value.tagBase64url === 'string';
}

function parseKeystore(text: string): KeystoreFile {
  let data: unknown;
  try {
    data = parseJson(text, { maxBytes: MAX_FILE_BYTES, maxDepth: 8 });
  } catch {
    throw invalidFile('not JSON');
  }
  if (!isObject(data) || data.format !== FORMAT) throw invalidFile('not a TrustBridge keystore');
  if (data.version !== KEYSTORE_VERSION) {
    throw new TrustBridgeError('ERR_KEYSTORE_UNSUPPORTED_VERSION', `Keystore version ${String(data.version)} is not supported.`);
  }
  const kdf = data.kdf;
  if (!isObject(kdf) || kdf.name !== 'scrypt' || kdf.dkLen !== 32 || typeof kdf.saltBase64url !== 'string') throw invalidFile('bad kdf');
  assertScrypt({ N: kdf.N as number, r: kdf.r as number, p: kdf.p as number });
  if (data.cipher !== 'aes-256-gcm' || !isBox(data.check) || !Array.isArray(data.keys)) throw invalidFile('bad structure');
  const ids = new Set<string>();
  for (const k of data.keys) {
    if (!isObject(k) || !isBox(k) || k.type !== 'Ed25519' || typeof k.publicKeyMultibase !== 'string' || typeof k.createdAt !== 'string') {
      throw invalidFile('bad key record');
    }
    assertValidKeyId(k.keyId);
    if (ids.has(k.keyId)) throw invalidFile('duplicate key id');
    ids.add(k.keyId);
  }
  return data as unknown as KeystoreFile;
}

/** Writes `data` to `path` atomically: a 0600 temporary file in the same directory, fsync, rename. */
async function writeFileAtomic(path: string, data: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } catch (e) {
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await handle.close();
  try {
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  // Make the rename itself durable where the platform allows syncing a directory.
  const dir = await open(dirname(path), 'r').catch(() => undefined);
  if (dir) await dir.sync().catch(() => undefined).finally(() => dir.close());
}

/**
 * Ed25519 keys encrypted at rest in a JSON file.
 *
 * @example
 * ```ts
 * const keys = await FileKeyManager.open({ path: '/var/lib/trustbridge/keys.json', passphrase: process.env.KEYSTORE_PASSPHRASE! });
 * const { keyId } = await keys.generate({ keyId: 'issuer-2025' });
 * const signer = await keys.signer(keyId, 'did:web:issuer.example#key-1');
 * ```
 */
export class FileKeyManager implements KeyManager {
  readonly #path: string;
  readonly #key: KeyObject;
  readonly #file: KeystoreFile;
  readonly #clock: Clock;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(path: string, key: KeyObject, file: KeystoreFile, clock: Clock) {
    this.#path = path;
    this.#key = key;
    this.#file = file;
    this.#clock = clock;
  }

  /**
   * Opens (or creates) a keystore. Throws `ERR_KEY_DECRYPT_FAILED` for a wrong passphrase or a tampered
   * record, `ERR_KEYSTORE_INVALID` / `ERR_KEYSTORE_UNSUPPORTED_VERSION` for a malformed file,
   * `ERR_KEYSTORE_NOT_FOUND` when missing and `create: false`, `ERR_KEYSTORE_IO` for file system errors,
   * `ERR_KEYSTORE_PASSPHRASE_REQUIRED` for an empty passphrase.
   */
  static async open(options: FileKeyManagerOptions): Promise<FileKeyManager> {
    const { path, create = true } = options;
    const clock = options.clock ?? systemClock;
    if (typeof path !== 'string' || path.length === 0) throw new TrustBridgeError('ERR_KEYSTORE_IO', 'Keystore path is required.');
    const passphrase = typeof options.passphrase === 'string' ? utf8Encode(options.passphrase) : options.passphrase;
    if (!(passphrase instanceof Uint8Array) || passphrase.length === 0) {
      throw new TrustBridgeError('ERR_KEYSTORE_PASSPHRASE_REQUIRED', 'A non-empty keystore passphrase is required.');
    }
    let text: string | undefined;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new TrustBridgeError('ERR_KEYSTORE_IO', 'Keystore file could not be read.', { details: { errno: (e as NodeJS.ErrnoException).code } });
      }
    }
    try {
      if (text === undefined) {
        if (!create) throw new TrustBridgeError('ERR_KEYSTORE_NOT_FOUND', 'Keystore file does not exist.');
        const params: ScryptParams = { ...DEFAULT_SCRYPT_PARAMS, ...options.scrypt };
        assertScrypt(params);
        const salt = randomBytes(16);
        const key = await deriveKey(passphrase, salt, params);
        const file: KeystoreFile = {
          format: FORMAT,
          version: KEYSTORE_VERSION,
          kdf: { name: 'scrypt', N: params.N, r: params.r, p: params.p, dkLen: 32, saltBase64url: base64urlEncode(salt) },
          cipher: 'aes-256-gcm',
          check: seal(key, CHECK_PLAINTEXT, CHECK_AAD),
          keys: [],
        };
        const manager = new FileKeyManager(path, key, file, clock);
        await manager.#persist();
        return manager;
      }
      const file = parseKeystore(text);
      const { N, r, p } = file.kdf;
      const key = await deriveKey(passphrase, base64urlDecode(file.kdf.saltBase64url), { N, r, p });
      open_(key, file.check, CHECK_AAD).fill(0);
      // Authenticate every record now, so a tampered file fails at open rather than at first use.
      for (const record of file.keys) {
        const secret = open_(key, record, recordAad(record));
        try {
          if (secret.length !== 32 || encodeEd25519PublicKeyMultibase(ed25519PublicKeyFromSecret(secret)) !== record.publicKeyMultibase) {
            throw decryptFailed();
          }
        } finally {
          secret.fill(0);
        }
      }
      return new FileKeyManager(path, key, file, clock);
    } finally {
      if (typeof options.passphrase === 'string') passphrase.fill(0);
    }
  }

  /** Runs mutations one at a time so concurrent calls never lose each other's writes. */
  #serialize<T>(operation: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(operation, operation);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #persist(): Promise<void> {
    try {
      await writeFileAtomic(this.#path, `${JSON.stringify(this.#file, null, 2)}\n`);
    } catch (e) {
      if (e instanceof TrustBridgeError) throw e;
      throw new TrustBridgeError('ERR_KEYSTORE_IO', 'Keystore file could not be written.', { details: { errno: (e as NodeJS.ErrnoException).code } });
    }
  }

  #info(record: KeyRecord): KeyInfo {
    return { keyId: record.keyId, type: record.type, publicKeyMultibase: record.publicKeyMultibase, createdAt: record.createdAt };
  }

  /** Generates and persists a key. Throws `ERR_KEY_EXISTS`, `ERR_KEY_ID_INVALID`, `ERR_KEYSTORE_IO`. */
  async generate(options: { keyId?: string } = {}): Promise<KeyInfo> {
    const { secretKey } = generateEd25519KeyPair();
    try {
      return await this.importKey(secretKey!, options);
    } finally {
      secretKey!.fill(0);
    }
  }

  /** Encrypts and persists a 32-byte Ed25519 seed. Throws `ERR_KEY_INVALID`, `ERR_KEY_EXISTS`, `ERR_KEY_ID_INVALID`, `ERR_KEYSTORE_IO`. */
  async importKey(secretKey: Uint8Array, options: { keyId?: string } = {}): Promise<KeyInfo> {
    const info = describeSecretKey(secretKey, options.keyId, this.#clock);
    const box = seal(this.#key, secretKey, recordAad(info));
    return this.#serialize(async () => {
      if (this.#file.keys.some((k) => k.keyId === info.keyId)) throw new TrustBridgeError('ERR_KEY_EXISTS', 'A key with this id already exists.');
      const record: KeyRecord = { ...info, ...box };
      this.#file.keys.push(record);
      try {
        await this.#persist();
      } catch (e) {
        this.#file.keys.splice(this.#file.keys.indexOf(record), 1);
        throw e;
      }
      return { ...info };
    });
  }

  async get(keyId: string): Promise<KeyInfo | undefined> {
    const record = this.#file.keys.find((k) => k.keyId === keyId);
    return record ? this.#info(record) : undefined;
  }

  async list(): Promise<KeyInfo[]> {
    return this.#file.keys.map((k) => this.#info(k));
  }

  /** A signer for a stored key (decrypted now; the signer holds its own copy). Throws `ERR_KEY_NOT_FOUND`, `ERR_KEY_DECRYPT_FAILED`. */
  async signer(keyId: string, verificationMethodId: string): Promise<Signer> {
    const record = this.#file.keys.find((k) => k.keyId === keyId);
    if (!record) throw new TrustBridgeError('ERR_KEY_NOT_FOUND', 'No key with this id.');
    const secretKey = open_(this.#key, record, recordAad(record));
    try {
      return createEd25519Signer({ id: verificationMethodId, secretKey });
    } finally {
      secretKey.fill(0);
    }
  }

  /** Removes a key from the file. Returns false when there was no such key. */
  async delete(keyId: string): Promise<boolean> {
    return this.#serialize(async () => {
      const index = this.#file.keys.findIndex((k) => k.keyId === keyId);
      if (index < 0) return false;
      const [removed] = this.#file.keys.splice(index, 1);
      try {
        await this.#persist();
      } catch (e) {
        this.#file.keys.splice(index, 0, removed!);
        throw e;
      }
      return true;
    });
  }

  toJSON(): { type: 'FileKeyManager'; keys: number } {
    return { type: 'FileKeyManager', keys: this.#file.keys.length };
  }

  [inspect.custom](): string {
    return `FileKeyManager { keys: ${this.#file.keys.length} }`;
  }
}
