import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { fixedClock, utf8Encode } from '@trustbridge/core';
import { FileKeyManager, DEFAULT_SCRYPT_PARAMS } from './file-key-manager.js';
import { encodeEd25519SecretKeyMultibase, decodeEd25519PublicKeyMultibase } from './multikey.js';
import { ed25519Verify } from './ed25519.js';
import { ed25519SecretKeyToJwk } from './jwk.js';

const dir = mkdtempSync(join(tmpdir(), 'tb-fkm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(dir, `keystore-${n++}.json`);
const PASS = 'correct horse battery staple';
const FAST = { N: 2 ** 10 }; // tests only; the default is N = 2^15
const clock = fixedClock('2025-06-01T12:00:00Z');
const SECRET = new Uint8Array(Buffer.from('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb', 'hex')); // RFC 8032 §7.1 TEST 2

async function withKey(path = fresh()) {
  const km = await FileKeyManager.open({ path, passphrase: PASS, scrypt: FAST, clock });
  const info = await km.importKey(SECRET, { keyId: 'issuer' });
  return { path, km, info };
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('FileKeyManager', () => {
  it('writes a versioned keystore with mode 0600 and reopens it', async () => {
    const { path, info } = await withKey();
    const file = JSON.parse(readFileSync(path, 'utf8'));
    expect(file).toMatchObject({ format: 'trustbridge-keystore', version: 1, cipher: 'aes-256-gcm', kdf: { name: 'scrypt', N: 1024, r: 8, p: 1, dkLen: 32 } });
    expect(Buffer.from(file.kdf.saltBase64url, 'base64url')).toHaveLength(16);
    expect(Buffer.from(file.keys[0].ivBase64url, 'base64url')).toHaveLength(12);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const reopened = await FileKeyManager.open({ path, passphrase: PASS });
    expect(await reopened.list()).toEqual([info]);
    const signer = await reopened.signer('issuer', 'did:example:issuer#key-1');
    const msg = utf8Encode('stored key signs');
    expect(await ed25519Verify(msg, await signer.sign(msg), decodeEd25519PublicKeyMultibase(info.publicKeyMultibase))).toBe(true);
  });

  it('uses a fresh IV for every key, even for the same secret under different ids', async () => {
    const { path, km } = await withKey();
    await km.importKey(SECRET, { keyId: 'issuer-copy' });
    const keys = JSON.parse(readFileSync(path, 'utf8')).keys;
    expect(keys[0].ivBase64url).not.toBe(keys[1].ivBase64url);
    expect(keys[0].ciphertextBase64url).not.toBe(keys[1].ciphertextBase64url);
  });

  it('never writes the secret key in plaintext (raw, hex, base64, base64url, multibase, JWK)', async () => {
    const { path } = await withKey();
    const raw = readFileSync(path);
    const text = raw.toString('utf8');
    const b = Buffer.from(SECRET);
    expect(raw.includes(b)).toBe(false);
    for (const form of [b.toString('hex'), b.toString('hex').toUpperCase(), b.toString('base64'), b.toString('base64url'), encodeEd25519SecretKeyMultibase(SECRET), String(ed25519SecretKeyToJwk(SECRET, new Uint8Array(32)).d)]) {
      expect(text).not.toContain(form);
    }
    expect(text).not.toContain(PASS);
  });

  it('wrong passphrase → ERR_KEY_DECRYPT_FAILED with a generic message', async () => {
    const { path } = await withKey();
    try {
      await FileKeyManager.open({ path, passphrase: 'wrong passphrase' });
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'ERR_KEY_DECRYPT_FAILED', message: 'Keystore could not be decrypted.' });
      expect(inspect(e, { depth: 5 })).not.toContain('wrong passphrase');
      expect(JSON.stringify(e)).not.toContain('wrong passphrase');
    }
  });

  it('wrong passphrase is detected on an empty keystore too (check record)', async () => {
    const path = fresh();
    await FileKeyManager.open({ path, passphrase: PASS, scrypt: FAST });
    expect(await codeOf(FileKeyManager.open({ path, passphrase: 'nope' }))).toBe('ERR_KEY_DECRYPT_FAILED');
  });

  const tamperings: Array<[string, (f: any) => void]> = [
    ['a flipped ciphertext byte', (f) => {
      const c = Buffer.from(f.keys[0].ciphertextBase64url, 'base64url');
      c[0]! ^= 1;
      f.keys[0].ciphertextBase64url = c.toString('base64url');
    }],
    ['a flipped tag byte', (f) => {
      const t = Buffer.from(f.keys[0].tagBase64url, 'base64url');
      t[15]! ^= 0x80;
      f.keys[0].tagBase64url = t.toString('base64url');
    }],
    ['a changed IV', (f) => { f.keys[0].ivBase64url = Buffer.alloc(12).toString('base64url'); }],
    ['a renamed key id (AAD)', (f) => { f.keys[0].keyId = 'renamed'; }],
    ['a substituted public key (AAD)', (f) => { f.keys[0].publicKeyMultibase = 'z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw'; }],
    ['a changed createdAt (AAD)', (f) => { f.keys[0].createdAt = '2020-01-01T00:00:00.000Z'; }],
    ['a changed salt', (f) => { f.kdf.saltBase64url = Buffer.alloc(16).toString('base64url'); }],
    ['a weakened scrypt N', (f) => { f.kdf.N = 2; }],
    ['a tampered check record', (f) => { f.check.tagBase64url = Buffer.alloc(16).toString('base64url'); }],
  ];
  for (const [why, tamper] of tamperings) {
    it(`a file with ${why} → ERR_KEY_DECRYPT_FAILED`, async () => {
      const { path } = await withKey();
      const file = JSON.parse(readFileSync(path, 'utf8'));
      tamper(file);
      writeFileSync(path, JSON.stringify(file));
      expect(await codeOf(FileKeyManager.open({ path, passphrase: PASS }))).toBe('ERR_KEY_DECRYPT_FAILED');
    });
  }

  it('rejects malformed files and unknown versions with codes', async () => {
    const { path } = await withKey();
    const file = JSON.parse(readFileSync(path, 'utf8'));
    writeFileSync(path, JSON.stringify({ ...file, version: 2 }));
    expect(await codeOf(FileKeyManager.open({ path, passphrase: PASS }))).toBe('ERR_KEYSTORE_UNSUPPORTED_VERSION');
    writeFileSync(path, '{not json');
    expect(await codeOf(FileKeyManager.open({ path, passphrase: PASS }))).toBe('ERR_KEYSTORE_INVALID');
    writeFileSync(path, JSON.stringify({ ...file, keys: [file.keys[0], file.keys[0]] }));
    expect(await codeOf(FileKeyManager.open({ path, passphrase: PASS }))).toBe('ERR_KEYSTORE_INVALID');
    // A file demanding enormous scrypt memory is refused before deriving (denial of service).
    writeFileSync(path, JSON.stringify({ ...file, kdf: { ...file.kdf, N: 2 ** 30 } }));
    expect(await codeOf(FileKeyManager.open({ path, passphrase: PASS }))).toBe('ERR_KEYSTORE_KDF_PARAMS');
  });

  it('validates options with codes', async () => {
    expect(await codeOf(FileKeyManager.open({ path: fresh(), passphrase: '' }))).toBe('ERR_KEYSTORE_PASSPHRASE_REQUIRED');
    expect(await codeOf(FileKeyManager.open({ path: fresh(), passphrase: PASS, create: false }))).toBe('ERR_KEYSTORE_NOT_FOUND');
    expect(await codeOf(FileKeyManager.open({ path: fresh(), passphrase: PASS, scrypt: { N: 1000 } }))).toBe('ERR_KEYSTORE_KDF_PARAMS');
    expect(await codeOf(FileKeyManager.open({ path: join(dir, 'missing-dir', 'ks.json'), passphrase: PASS, scrypt: FAST }))).toBe('ERR_KEYSTORE_IO');
  });

  it('persists all of 20 concurrent generate() calls', async () => {
    const path = fresh();
    const km = await FileKeyManager.open({ path, passphrase: PASS, scrypt: FAST });
    const infos = await Promise.all(Array.from({ length: 20 }, (_, i) => km.generate({ keyId: `k${i}` })));
    const reopened = await FileKeyManager.open({ path, passphrase: PASS });
    const listed = await reopened.list();
    expect(listed.map((k) => k.keyId).sort()).toEqual(infos.map((k) => k.keyId).sort());
    expect(listed).toHaveLength(20);
    for (const info of infos) {
      const signer = await reopened.signer(info.keyId, `did:example:x#${info.keyId}`);
      const msg = utf8Encode(info.keyId);
      expect(await ed25519Verify(msg, await signer.sign(msg), decodeEd25519PublicKeyMultibase(info.publicKeyMultibase))).toBe(true);
    }
  });

  it('a failed write leaves the in-memory keystore unchanged', async () => {
    const sub = join(dir, `sub-${n++}`);
    mkdirSync(sub);
    const { km } = await withKey(join(sub, 'ks.json'));
    rmSync(sub, { recursive: true, force: true }); // directory gone: the next write fails
    expect(await codeOf(km.generate({ keyId: 'lost' }))).toBe('ERR_KEYSTORE_IO');
    expect(await km.get('lost')).toBeUndefined();
    expect((await km.list()).map((k) => k.keyId)).toEqual(['issuer']);
  });

  it('defaults to scrypt N = 2^15, r = 8, p = 1', async () => {
    expect(DEFAULT_SCRYPT_PARAMS).toEqual({ N: 32768, r: 8, p: 1 });
    const path = fresh();
    await FileKeyManager.open({ path, passphrase: PASS });
    expect(JSON.parse(readFileSync(path, 'utf8')).kdf).toMatchObject({ N: 32768, r: 8, p: 1 });
  });

  it('keeps neither passphrase nor key bytes where inspect or JSON can reach them', async () => {
    const { km } = await withKey();
    const shown = [inspect(km, { depth: 10, showHidden: true }), JSON.stringify(km), String(km)].join('\n');
    expect(shown).not.toContain(PASS);
    expect(shown).not.toContain(Buffer.from(SECRET).toString('hex'));
    expect(JSON.parse(JSON.stringify(km))).toEqual({ type: 'FileKeyManager', keys: 1 });
  });
});
