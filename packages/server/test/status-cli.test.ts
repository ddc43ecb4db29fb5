/**
 * `trustbridge status …` against a service started from configuration (startVcApiService: embedded
 * in-memory store, admin token from TRUSTBRIDGE_ADMIN_TOKEN), over HTTP on 127.0.0.1. Lists of 1,024
 * entries for speed (`status check --minimum-entries 1024`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, deterministicRandom } from '@trustbridge/core';
import { loadConfig, startVcApiService, type RunningVcApiService } from '../src/index.js';
import { runCli, type CliIo } from '../src/cli.js';
import { post } from './helpers.js';

const TOKEN = 'cli-admin-token-0123456789abcdef';
const NOW = '2025-06-01T12:00:00Z';
const dir = mkdtempSync(join(tmpdir(), 'tb-status-cli-'));


async function cli(argv: string[], env: Record<string, string> = { TRUSTBRIDGE_ADMIN_TOKEN: TOKEN }) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: async () => '', env };
  const code = await runCli(argv, io);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

let service: RunningVcApiService;
let url = '';

beforeAll(async () => {
  const config = loadConfig({ env: { PORT: '0', TRUSTBRIDGE_ADMIN_TOKEN: TOKEN, TRUSTBRIDGE_LOG_LEVEL: 'silent' } });
  service = await startVcApiService({ config, clock: fixedClock(NOW), status: { listSize: 1024, random: deterministicRandom('cli') } });
  url = service.server.url;
});
afterAll(async () => {
  await service?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function issued(statuses: unknown = [{ type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }, { type: 'BitstringStatusListEntry', statusPurpose: 'suspension' }]) {
  const res = await post(`${url}/credentials/issue`, {
    credential: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], credentialSubject: { id: 'did:example:business' } },
    options: { credentialStatus: statuses },
  });
  expect(res.status).toBe(201);
  const vc = res.body.verifiableCredential;
  const file = join(dir, `${vc.id.slice(-12)}.json`);
  writeFileSync(file, JSON.stringify(vc));
  return { vc, file };
}

const check = (file: string) => cli(['status', 'check', file, '--minimum-entries', '1024', '--allow-private', '--now', NOW], {});

describe('trustbridge status', () => {
  it('prints help for each command', async () => {
    for (const argv of [['status'], ['status', 'revoke'], ['status', 'suspend'], ['status', 'reinstate'], ['status', 'check']]) {
      const res = await cli([...argv, '--help']);
      expect(res.code, argv.join(' ')).toBe(0);
      expect(res.stdout).toMatch(/Usage: trustbridge status/);
    }
  });

  it('serves its lists at the server URL when no public URL is configured', async () => {
    const { vc } = await issued();
    expect(vc.credentialStatus[0].statusListCredential.startsWith(`${url}/status-lists/`)).toBe(true);
  });

  it('suspends, reinstates and revokes; status check follows (exit 0 valid, 1 not)', async () => {
    const { vc, file } = await issued();
    expect((await check(file)).code).toBe(0);
    const suspended = await cli(['status', 'suspend', '--credential-id', vc.id, '--url', url]);
    expect(suspended.code).toBe(0);
    expect(suspended.json().credentialStatus[0].status).toBe('suspended');
    const whileSuspended = await check(file);
    expect(whileSuspended.code).toBe(1);
    expect(whileSuspended.json().problems[0].code).toBe('ERR_STATUS_SUSPENDED');
    expect((await cli(['status', 'reinstate', '--credential-id', vc.id, '--url', url])).code).toBe(0);
    expect((await check(file)).code).toBe(0);
    expect((await cli(['status', 'revoke', '--credential-id', vc.id, '--url', url])).code).toBe(0);
    const revoked = await check(file);
    expect(revoked.code).toBe(1);
    expect(revoked.json().problems[0].code).toBe('ERR_STATUS_REVOKED');
    const again = await cli(['status', 'revoke', '--credential-id', vc.id, '--url', url]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('ERR_STATUS_ALREADY_REVOKED');
    const reinstate = await cli(['status', 'reinstate', '--credential-id', vc.id, '--url', url]);
    expect(reinstate.stderr).toContain('ERR_STATUS_REINSTATE_REVOKED');
  });

  it('takes the token from the environment only, and refuses plain HTTP to a remote host', async () => {
    const { vc } = await issued();
    const none = await cli(['status', 'revoke', '--credential-id', vc.id, '--url', url], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('ERR_CLI_TOKEN_MISSING');
    expect((await cli(['status', 'revoke', '--credential-id', vc.id, '--url', url, '--token', TOKEN])).code).toBe(2);
    const wrong = await cli(['status', 'revoke', '--credential-id', vc.id, '--url', url], { TRUSTBRIDGE_ADMIN_TOKEN: `${TOKEN}x` });
    expect(wrong.stderr).toContain('ERR_AUTH_TOKEN_INVALID');
    expect(wrong.stderr).not.toContain(TOKEN);
    const remote = await cli(['status', 'revoke', '--credential-id', vc.id, '--url', 'http://issuer.example.ca']);
    expect(remote.code).toBe(2);
    expect(remote.stderr).toContain('ERR_CLI_USAGE');
    const unknown = await cli(['status', 'revoke', '--credential-id', 'urn:uuid:00000000-0000-4000-8000-000000000000', '--url', url]);
    expect(unknown.stderr).toContain('ERR_STATUS_CREDENTIAL_NOT_FOUND');
    // The credential was never touched.
    expect((await check(join(dir, `${vc.id.slice(-12)}.json`))).code).toBe(0);
  });

  it('status check refuses loopback list URLs unless --allow-private, and the spec minimum by default', async () => {
    const { file } = await issued();
    const privateList = await cli(['status', 'check', file, '--minimum-entries', '1024', '--now', NOW], {});
    expect(privateList.code).toBe(1);
    expect(privateList.json().problems[0].specCode).toBe('STATUS_RETRIEVAL_ERROR');
    const tooSmall = await cli(['status', 'check', file, '--allow-private', '--now', NOW], {});
    expect(tooSmall.code).toBe(1);
    expect(tooSmall.json().problems.map((p: { specCode?: string }) => p.specCode)).toContain('STATUS_LIST_LENGTH_ERROR');
  });
});
