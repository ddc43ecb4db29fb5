/** `pnpm serve` as a child process: starts with no configuration, answers, stops on SIGTERM / SIGINT. */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { request } from './helpers.js';

const SERVE = ['--import', 'tsx', fileURLToPath(new URL('../src/bin/serve.ts', import.meta.url))];
const CLI_SERVE = [fileURLToPath(new URL('../bin/trustbridge.mjs', import.meta.url)), 'serve'];

/** Starts serve.ts and resolves once it printed its URL and issuer DID. */
function startServe(env: Record<string, string>, args: string[] = SERVE) {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env['PATH'] ?? '', TRUSTBRIDGE_LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += String(c)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<{ url: string; did: string }>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      stdout += String(c);
      const url = /listening on (\S+)/.exec(stdout)?.[1];
      const did = /Issuer DID: (\S+)/.exec(stdout)?.[1];
      if (url && did) resolve({ url, did });
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return { child, ready, exited, output: () => stdout, errors: () => stderr };
}

describe('pnpm serve', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('starts with no configuration and stops cleanly on %s', async (signal) => {
    const serve = startServe({ PORT: '0' });
    const { url, did } = await serve.ready;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(did).toMatch(/^did:key:z6Mk/);
    expect((await request(`${url}/health`)).body).toEqual({ status: 'ok' });
    serve.child.kill(signal);
    expect(await serve.exited).toBe(0);
    expect(serve.output()).toContain(`Received ${signal}`);
  });

  it('also runs as `trustbridge serve`', async () => {
    const serve = startServe({ PORT: '0' }, CLI_SERVE);
    const { url } = await serve.ready;
    expect((await request(`${url}/health`)).body).toEqual({ status: 'ok' });
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
  });

  it('exits 2 with the coded problems when the configuration is invalid', async () => {
    const serve = startServe({ PORT: 'eighty' });
    await expect(serve.ready).rejects.toThrow(/ERR_CONFIG_INVALID/);
    expect(await serve.exited).toBe(2);
    expect(serve.errors()).toContain('/port');
  });
});
