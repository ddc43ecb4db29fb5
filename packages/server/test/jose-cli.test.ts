/**
 * The `trustbridge` CLI with the JOSE forms, run in process: issue vc+jwt and an SD-JWT VC bound to a
 * holder key, present chosen disclosures with a KB-JWT, verify with format auto-detection (file and
 * stdin), and each misuse refused with a coded message.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeEd25519SecretKeyMultibase } from '@trustbridge/keys';
import { runCli, type CliIo } from '../src/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tb-jose-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = {
  ISSUER: encodeEd25519SecretKeyMultibase(new Uint8Array(32).fill(1)),
  HOLDER: encodeEd25519SecretKeyMultibase(new Uint8Array(32).fill(2)),
};

async function cli(argv: string[], stdin = '', extraEnv: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: async () => stdin, env: { ...env, ...extraEnv } };
  const code = await runCli(argv, io);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

function write(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

const credential = {
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
  type: ['VerifiableCredential', 'https://credentials.example.ca/types/BusinessCard'],
  validFrom: '2025-01-01T00:00:00Z',
  credentialSubject: { id: 'did:example:business', legalName: 'Okanagan Orchards Ltd.', registrationNumber: 'FM0055205', address: { locality: 'Kelowna', region: 'BC' } },
};

describe('trustbridge CLI: JOSE forms', () => {
  const vcFile = write('credential.json', credential);

  it('shows the new options in --help', async () => {
    const issue = await cli(['issue', '--help']);
    for (const flag of ['--format', 'vc+jwt', 'dc+sd-jwt', '--disclose', '--holder-jwk', '--vct']) expect(issue.stdout).toContain(flag);
    const present = await cli(['present', '--help']);
    for (const flag of ['--sd-jwt', '--disclose', '--nonce', '--aud']) expect(present.stdout).toContain(flag);
    expect((await cli(['verify', '--help'])).stdout).toMatch(/compact/);
  });

  it('issues a vc+jwt and verifies it from a file and from stdin', async () => {
    const issued = await cli(['issue', vcFile, '--format', 'vc+jwt', '--secret-env', 'ISSUER']);
    expect(issued.stderr).toBe('');
    expect(issued.code).toBe(0);
    const jwt = issued.stdout.trim();
    expect(jwt.split('.')).toHaveLength(3);
    const fromFile = await cli(['verify', write('vc.jwt', issued.stdout)]);
    expect(fromFile.code).toBe(0);
    expect(fromFile.json()).toMatchObject({ verified: true, format: 'vc+jwt' });
    expect((await cli(['verify'], `${jwt}\n`)).code).toBe(0);
    const [h, p, s] = jwt.split('.');
    const tampered = `${h}.${Buffer.from(Buffer.from(p!, 'base64url').toString().replace('Okanagan', 'Okanogan')).toString('base64url')}.${s}`;
    const failed = await cli(['verify', '-'], tampered);
    expect(failed.code).toBe(1);
    expect(failed.json().problems.map((x: { code: string }) => x.code)).toContain('ERR_JOSE_SIGNATURE_INVALID');
  });

  it('round trip: issue an SD-JWT VC bound to the holder key → present chosen disclosures → verify', async () => {
    // The wallet's key: `keys generate` prints the public JWK to bind and the secret for the environment.
    const generated = (await cli(['keys', 'generate'])).json();
    const holderJwk = generated.publicKeyJwk;
    expect(holderJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String) });
    expect(holderJwk).not.toHaveProperty('d');
    const holderEnv = { WALLET_KEY: generated.secretKeyMultibase };
    const issued = await cli(['issue', vcFile, '--format', 'dc+sd-jwt', '--disclose', '/legalName', '/registrationNumber', '/address/locality', '--holder-jwk', write('holder.jwk', holderJwk), '--secret-env', 'ISSUER']);
    expect(issued.stderr).toBe('');
    expect(issued.code).toBe(0);
    const sdJwt = issued.stdout.trim();
    expect(sdJwt.endsWith('~')).toBe(true);
    expect(sdJwt.split('~').length - 2).toBe(3);
    const payload = JSON.parse(Buffer.from(sdJwt.split('.')[1]!, 'base64url').toString());
    expect(payload).toMatchObject({ vct: 'https://credentials.example.ca/types/BusinessCard', cnf: { jwk: holderJwk }, address: { region: 'BC' } });
    const sdFile = write('credential.sd-jwt', issued.stdout);
    expect((await cli(['verify', sdFile])).json()).toMatchObject({ verified: true, format: 'dc+sd-jwt' });

    const presented = await cli(['present', '--sd-jwt', sdFile, '--disclose', '/legalName', '--nonce', 'n-42', '--aud', 'https://bank.example.ca', '--secret-env', 'WALLET_KEY'], '', holderEnv);
    expect(presented.stderr).toBe('');
    expect(presented.code).toBe(0);
    const presentation = presented.stdout.trim();
    expect(presentation.split('~')).toHaveLength(3); // JWT, one Disclosure, KB-JWT
    const vpFile = write('presentation.sd-jwt', presented.stdout);
    const verified = await cli(['verify', vpFile, '--challenge', 'n-42', '--domain', 'https://bank.example.ca']);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(verified.json()).toMatchObject({ verified: true, format: 'dc+sd-jwt' });

    const wrongNonce = await cli(['verify', vpFile, '--challenge', 'n-43', '--domain', 'https://bank.example.ca']);
    expect(wrongNonce.code).toBe(1);
    expect(wrongNonce.json().problems.map((x: { code: string }) => x.code)).toContain('ERR_SDJWT_KB_NONCE');
    const wrongAud = await cli(['verify', vpFile, '--challenge', 'n-42', '--domain', 'https://other.example.ca']);
    expect(wrongAud.json().problems.map((x: { code: string }) => x.code)).toContain('ERR_SDJWT_KB_AUDIENCE');
    // A KB-JWT signed by a key other than cnf fails.
    const stranger = await cli(['present', '--sd-jwt', sdFile, '--disclose', '/legalName', '--nonce', 'n-42', '--aud', 'https://bank.example.ca', '--secret-env', 'HOLDER']);
    const strangerResult = await cli(['verify', '-', '--challenge', 'n-42', '--domain', 'https://bank.example.ca'], stranger.stdout);
    expect(strangerResult.code).toBe(1);
    expect(strangerResult.json().problems.map((x: { code: string }) => x.code)).toContain('ERR_SDJWT_KB_SIGNATURE');
  });

  it('refuses misuse with exit code 2 and a coded message', async () => {
    const cases: Array<[string[], RegExp, string?]> = [
      [['issue', vcFile, '--format', 'mso_mdoc', '--secret-env', 'ISSUER'], /Allowed choices/],
      [['issue', vcFile, '--format', 'vc+jwt', '--disclose', '/legalName', '--secret-env', 'ISSUER'], /ERR_CLI_USAGE.*--disclose/],
      [['issue', vcFile, '--format', 'dc+sd-jwt', '--cryptosuite', 'eddsa-jcs-2022', '--secret-env', 'ISSUER'], /ERR_CLI_USAGE.*--cryptosuite/],
      [['issue', vcFile, '--holder-jwk', vcFile, '--secret-env', 'ISSUER'], /ERR_CLI_USAGE.*--holder-jwk/],
      [['issue', vcFile, '--format', 'dc+sd-jwt', '--disclose', '/nickname', '--secret-env', 'ISSUER'], /ERR_REQUEST_INVALID/],
      [['issue', vcFile, '--format', 'dc+sd-jwt', '--holder-jwk', write('private.jwk', { kty: 'OKP', crv: 'Ed25519', x: 'AAAA', d: 'AAAA' }), '--secret-env', 'ISSUER'], /ERR_REQUEST_INVALID.*private/],
      [['present', '--sd-jwt', vcFile, '--nonce', 'n', '--aud', 'a', '--secret-env', 'HOLDER'], /ERR_CLI_INPUT/],
      [['present', '--sd-jwt', vcFile, '--secret-env', 'HOLDER'], /ERR_CLI_USAGE.*--nonce/],
      [['present', '--challenge', 'n', '--domain', 'd', '--secret-env', 'HOLDER'], /ERR_CLI_USAGE/],
      [['present', vcFile, '--secret-env', 'HOLDER'], /ERR_CLI_USAGE.*--challenge/],
    ];
    for (const [argv, stderr] of cases) {
      const res = await cli(argv);
      expect(res.code, argv.join(' ')).toBe(2);
      expect(res.stderr, argv.join(' ')).toMatch(stderr);
    }
  });

  it('needs --challenge and --domain to verify a compact presentation; an unknown string is not verified', async () => {
    const issued = await cli(['issue', vcFile, '--format', 'dc+sd-jwt', '--disclose', '/legalName', '--holder-jwk', write('holder2.jwk', (await cli(['keys', 'generate'])).json().publicKeyJwk), '--secret-env', 'ISSUER']);
    const presented = await cli(['present', '--sd-jwt', write('c2.sd-jwt', issued.stdout), '--disclose', '/legalName', '--nonce', 'n', '--aud', 'a', '--secret-env', 'HOLDER']);
    expect(presented.code).toBe(0);
    expect((await cli(['verify', '-'], presented.stdout)).stderr).toMatch(/ERR_CLI_USAGE.*--challenge/);
    expect((await cli(['verify', '-', '--challenge', 'n'], presented.stdout)).stderr).toMatch(/ERR_CLI_USAGE.*--domain/);
    const junk = await cli(['verify', '-'], 'not-a-token');
    expect(junk.code).toBe(1);
    expect(junk.json().problems.map((x: { code: string }) => x.code)).toContain('ERR_VC_FORMAT_UNSUPPORTED');
  });
});
