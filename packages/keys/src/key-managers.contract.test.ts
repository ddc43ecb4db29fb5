// Contract suite for the KeyManager interface (STYLE.md: one suite per interface, run against every
// implementation): MemoryKeyManager and FileKeyManager.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { fixedClock, utf8Encode } from '@trustbridge/core';
import type { KeyManager } from './manager.js';
import { MemoryKeyManager } from './memory-key-manager.js';
import { FileKeyManager } from './file-key-manager.js';
import { createEd25519Verifier } from './signer.js';
import { decodeEd25519PublicKeyMultibase } from './multikey.js';

const dir = mkdtempSync(join(tmpdir(), 'tb-km-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const clock = fixedClock('2025-06-01T12:00:00Z');
// RFC 8032 §7.1 TEST 1 secret key and public key.
const SECRET = new Uint8Array(Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex'));
const PUBLIC_MULTIBASE = 'z6MktwupdmLXVVqTzCw4i46r4uGyosGXRnR3XjN4Zq7oMMsw';

const implementations: Array<[string, () => Promise<KeyManager>]> = [
  ['MemoryKeyManager', async () => new MemoryKeyManager({ clock })],
  ['FileKeyManager', () => FileKeyManager.open({ path: join(dir, `ks-${n++}.json`), passphrase: 'contract passphrase', scrypt: { N: 2 ** 10 }, clock })],
];

for (const [name, make] of implementations) {
  describe(`KeyManager contract: ${name}`, () => {
    it('imports a key, describes it without the secret, and signs verifiably', async () => {
      const km = await make();
      const info = await km.importKey(SECRET, { keyId: 'rfc8032-1' });
      expect(info).toEqual({ keyId: 'rfc8032-1', type: 'Ed25519', publicKeyMultibase: PUBLIC_MULTIBASE, createdAt: '2025-06-01T12:00:00.000Z' });
      expect(await km.get('rfc8032-1')).toEqual(info);
      expect(await km.list()).toEqual([info]);
      const signer = await km.signer('rfc8032-1', 'did:example:issuer#key-1');
      expect(signer).toMatchObject({ id: 'did:example:issuer#key-1', algorithm: 'EdDSA' });
      // RFC 8032 §7.1 TEST 1: the empty message's signature.
      expect(Buffer.from(await signer.sign(new Uint8Array(0))).toString('hex')).toBe(
        'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
      );
    });

    it('generates keys with the public key multibase as default id', async () => {
      const km = await make();
      const info = await km.generate();
      expect(info.keyId).toBe(info.publicKeyMultibase);
      const signer = await km.signer(info.keyId, 'did:example:a#k');
      const sig = await signer.sign(utf8Encode('msg'));
      expect(await createEd25519Verifier({ id: 'did:example:a#k', publicKey: decodeEd25519PublicKeyMultibase(info.publicKeyMultibase) }).verify(utf8Encode('msg'), sig)).toBe(true);
    });

    it('deletes keys', async () => {
      const km = await make();
      const { keyId } = await km.generate({ keyId: 'temp' });
      expect(await km.delete(keyId)).toBe(true);
      expect(await km.delete(keyId)).toBe(false);
      expect(await km.get(keyId)).toBeUndefined();
      await expect(km.signer(keyId, 'did:example:a#k')).rejects.toMatchObject({ code: 'ERR_KEY_NOT_FOUND' });
    });

    it('rejects duplicates, bad ids and bad secrets with codes', async () => {
      const km = await make();
      await km.generate({ keyId: 'dup' });
      await expect(km.generate({ keyId: 'dup' })).rejects.toMatchObject({ code: 'ERR_KEY_EXISTS' });
      await expect(km.generate({ keyId: '../etc/passwd' })).rejects.toMatchObject({ code: 'ERR_KEY_ID_INVALID' });
      await expect(km.generate({ keyId: '' })).rejects.toMatchObject({ code: 'ERR_KEY_ID_INVALID' });
      await expect(km.importKey(new Uint8Array(31))).rejects.toMatchObject({ code: 'ERR_KEY_INVALID' });
      await expect(km.signer('nope', 'did:example:a#k')).rejects.toMatchObject({ code: 'ERR_KEY_NOT_FOUND' });
    });

    it('never shows key bytes in JSON.stringify, util.inspect or signers', async () => {
      const km = await make();
      await km.importKey(SECRET, { keyId: 'k' });
      const signer = await km.signer('k', 'did:example:a#k');
      const hex = Buffer.from(SECRET).toString('hex');
      for (const text of [JSON.stringify(km), inspect(km, { depth: 10, showHidden: true }), JSON.stringify(signer), inspect(signer, { depth: 10, showHidden: true })]) {
        expect(text).not.toContain(hex);
      }
      expect(JSON.stringify(km)).toBe(JSON.stringify({ type: name, keys: 1 }));
    });
  });
}
