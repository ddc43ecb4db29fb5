/** The `trustbridge` CLI, run in process (and once as a child process through bin/trustbridge.mjs). */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeEd25519SecretKeyMultibase } from '@trustbridge/keys';
import { runCli, type CliIo } from '../src/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tb-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ISSUER_SECRET = encodeEd25519SecretKeyMultibase(new Uint8Array(32).fill(1));
const HOLDER_SECRET = encodeEd25519SecretKeyMultibase(new Uint8Array(32).fill(2));

async function cli(argv: string[], options: { env?: Record<string, string>; stdin?: string } = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readStdin: async () => options.stdin ?? '',
    env: options.env ?? {},
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

function write(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

const credential = {
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  type: ['VerifiableCredential'],
  validFrom: '2025-01-01T00:00:00Z',
  credentialSubject: { id: 'did:example:business', name: 'Okanagan Orchards Ltd.' },
};

describe('trustbridge CLI', () => {
  it('prints help for every command', async () => {
    for (const argv of [[], ['keys'], ['keys', 'generate'], ['did'], ['did', 'create'], ['did', 'create', 'key'], ['did', 'create', 'web'], ['did', 'resolve'], ['issue'], ['verify'], ['present'], ['serve']]) {
      const res = await cli([...argv, '--help']);
      expect(res.code, argv.join(' ')).toBe(0);
      expect(res.stdout).toMatch(/Usage: trustbridge/);
    }
  });

  it('rejects unknown commands with exit code 2', async () => {
    const res = await cli(['frobnicate']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/unknown command/);
  });

  it('generates a key and creates did:key and did:web documents from its public key', async () => {
    const generated = await cli(['keys', 'generate']);
    expect(generated.code).toBe(0);
    const { publicKeyMultibase, secretKeyMultibase, did } = generated.json();
    expect(publicKeyMultibase).toMatch(/^z6Mk/);
    expect(secretKeyMultibase).toMatch(/^z/);
    expect(did).toBe(`did:key:${publicKeyMultibase}`);
    const key = await cli(['did', 'create', 'key', '--public-key', publicKeyMultibase]);
    expect(key.json().id).toBe(did);
    const web = await cli(['did', 'create', 'web', '--url', 'https://issuer.example.ca', '--secret-env', 'MY_SECRET'], { env: { MY_SECRET: secretKeyMultibase } });
    expect(web.code).toBe(0);
    expect(web.json()).toMatchObject({ id: 'did:web:issuer.example.ca' });
    expect(web.stdout).not.toContain(secretKeyMultibase);
  });

  it('resolves a did:key, and exits 1 for a DID that does not resolve', async () => {
    const ok = await cli(['did', 'resolve', 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK']);
    expect(ok.code).toBe(0);
    expect(ok.json().didDocument.id).toBe('did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK');
    const bad = await cli(['did', 'resolve', 'did:key:nonsense']);
    expect(bad.code).toBe(1);
    expect(bad.json().didResolutionMetadata.error).toBeDefined();
  });

  it('issues from a file with the secret from the environment, verifies (0), and refuses a tampered copy (1)', async () => {
    const issued = await cli(['issue', write('credential.json', credential)], { env: { TRUSTBRIDGE_SECRET_KEY: ISSUER_SECRET } });
    expect(issued.stderr).toBe('');
    expect(issued.code).toBe(0);
    const vc = issued.json();
    expect(vc.proof.cryptosuite).toBe('eddsa-rdfc-2022');
    const verified = await cli(['verify', write('vc.json', vc)]);
    expect(verified.code).toBe(0);
    expect(verified.json()).toMatchObject({ verified: true });
    const tampered = { ...vc, credentialSubject: { ...vc.credentialSubject, name: 'Someone Else Ltd.' } };
    const refused = await cli(['verify', '-'], { stdin: JSON.stringify(tampered) });
    expect(refused.code).toBe(1);
    expect(refused.json().verified).toBe(false);
    expect(refused.json().problems[0].code).toMatch(/^ERR_/);
  });

  it('issues from stdin with eddsa-jcs-2022', async () => {
    const issued = await cli(['issue', '--cryptosuite', 'eddsa-jcs-2022'], { env: { TRUSTBRIDGE_SECRET_KEY: ISSUER_SECRET }, stdin: JSON.stringify(credential) });
    expect(issued.code).toBe(0);
    expect(issued.json().proof.cryptosuite).toBe('eddsa-jcs-2022');
  });

  it('issues as a did:web identifier with --did-web', async () => {
    const issued = await cli(['issue', '--did-web', 'did:web:issuer.example.ca'], { env: { TRUSTBRIDGE_SECRET_KEY: ISSUER_SECRET }, stdin: JSON.stringify(credential) });
    expect(issued.code).toBe(0);
    expect(issued.json()).toMatchObject({ issuer: 'did:web:issuer.example.ca', proof: { verificationMethod: 'did:web:issuer.example.ca#key-1' } });
  });

  it('fails with a coded error and exit 2 when no key is given, or the input is not JSON', async () => {
    const noKey = await cli(['issue', write('c2.json', credential)]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/ERR_CLI_KEY_MISSING/);
    const notJson = await cli(['verify', '-'], { stdin: '{"proof":' });
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/ERR_JSON_MALFORMED/);
  });

  it('presents credentials signed by the holder key, bound to a challenge and domain', async () => {
    const vc = (await cli(['issue', write('c3.json', credential)], { env: { TRUSTBRIDGE_SECRET_KEY: ISSUER_SECRET } })).json();
    const vcFile = write('vc3.json', vc);
    const presented = await cli(['present', vcFile, '--challenge', 'n-42', '--domain', 'bank.example.ca', '--secret-env', 'HOLDER'], { env: { HOLDER: HOLDER_SECRET } });
    expect(presented.stderr).toBe('');
    expect(presented.code).toBe(0);
    const vpFile = write('vp.json', presented.json());
    expect((await cli(['verify', vpFile, '--challenge', 'n-42', '--domain', 'bank.example.ca'])).code).toBe(0);
    const wrong = await cli(['verify', vpFile, '--challenge', 'n-43', '--domain', 'bank.example.ca']);
    expect(wrong.code).toBe(1);
  });

  it('keeps keys in an encrypted keystore and issues with them (passphrase from the environment only)', async () => {
    const keystore = join(dir, 'keystore.json');
    const env = { TRUSTBRIDGE_KEYSTORE_PASSPHRASE: 'correct horse battery staple' };
    const generated = await cli(['keys', 'generate', '--keystore', keystore, '--key-id', 'issuer'], { env });
    expect(generated.code).toBe(0);
    const info = generated.json();
    expect(info).toMatchObject({ keyId: 'issuer', did: expect.stringMatching(/^did:key:z6Mk/) });
    expect(info.secretKeyMultibase).toBeUndefined();
    const again = await cli(['keys', 'generate', '--keystore', keystore, '--key-id', 'issuer'], { env });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/ERR_CLI_KEY_EXISTS/);

    const issued = await cli(['issue', write('c4.json', credential), '--keystore', keystore, '--key-id', 'issuer'], { env });
    expect(issued.code).toBe(0);
    expect(issued.json().issuer).toBe(info.did);
    expect((await cli(['verify', write('vc4.json', issued.json())])).code).toBe(0);

    const noPassphrase = await cli(['issue', write('c5.json', credential), '--keystore', keystore, '--key-id', 'issuer']);
    expect(noPassphrase.code).toBe(2);
    expect(noPassphrase.stderr).toMatch(/ERR_CLI_PASSPHRASE_MISSING/);
    const wrongPassphrase = await cli(['issue', write('c6.json', credential), '--keystore', keystore, '--key-id', 'issuer'], { env: { TRUSTBRIDGE_KEYSTORE_PASSPHRASE: 'wrong' } });
    expect(wrongPassphrase.code).toBe(2);
    expect(wrongPassphrase.stderr).toMatch(/ERR_KEY_DECRYPT_FAILED/);
    const unknownKey = await cli(['issue', write('c7.json', credential), '--keystore', keystore, '--key-id', 'nobody'], { env });
    expect(unknownKey.stderr).toMatch(/ERR_CLI_KEY_NOT_FOUND/);
  });

  it('refuses to verify a presentation without --challenge', async () => {
    const res = await cli(['verify', '-'], { stdin: JSON.stringify({ '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'] }) });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/ERR_CLI_USAGE/);
  });

  it('runs as a binary through bin/trustbridge.mjs', async () => {
    const bin = fileURLToPath(new URL('../bin/trustbridge.mjs', import.meta.url));
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, [bin, 'did', 'create', 'key', '--public-key', 'z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'], { timeout: 60_000 }, (error, out) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout: out });
      });
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).id).toBe('did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK');
  });
});
