import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'tb-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function file(content: unknown): string {
  const path = join(dir, `config-${++files}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function problemsOf(fn: () => unknown): { code?: string; paths: string[] } {
  try {
    fn();
  } catch (e) {
    const err = e as { code?: string; details?: { problems?: Array<{ path: string }> } };
    return { code: err.code, paths: (err.details?.problems ?? []).map((p) => p.path) };
  }
  return { paths: [] };
}

describe('loadConfig', () => {
  it('has safe defaults with no configuration', () => {
    expect(loadConfig({ env: {} })).toEqual({
      host: '127.0.0.1',
      port: 8080,
      issuer: { method: 'key' },
      limits: { maxBodyBytes: 1024 * 1024, maxDepth: 64 },
      database: {},
      logLevel: 'info',
    });
  });

  it('reads a file, and the environment overrides it', () => {
    const path = file({ host: '0.0.0.0', port: 9000, publicBaseUrl: 'https://issuer.example.ca/', issuer: { method: 'web', keystore: { path: '/var/keys.json' } } });
    const config = loadConfig({ env: { TRUSTBRIDGE_CONFIG: path, PORT: '8443', TRUSTBRIDGE_KEYSTORE_PASSPHRASE: 'pw', TRUSTBRIDGE_TLS_CERT: 'c.pem', TRUSTBRIDGE_TLS_KEY: 'k.pem' } });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 8443,
      publicBaseUrl: 'https://issuer.example.ca',
      tls: { certFile: 'c.pem', keyFile: 'k.pem' },
      issuer: { method: 'web', keystore: { path: '/var/keys.json', passphrase: 'pw' } },
    });
  });

  it('reports every problem at once with ERR_CONFIG_INVALID', () => {
    const result = problemsOf(() =>
      loadConfig({ env: { PORT: 'eighty', TRUSTBRIDGE_ISSUER_METHOD: 'web', TRUSTBRIDGE_TLS_CERT: 'c.pem', TRUSTBRIDGE_KEYSTORE: '/k', TRUSTBRIDGE_LOG_LEVEL: 'loud' } }),
    );
    expect(result.code).toBe('ERR_CONFIG_INVALID');
    expect(result.paths).toEqual(expect.arrayContaining(['/port', '/issuer/did', '/tls', '/issuer/keystore', '/logLevel']));
  });

  it('refuses a passphrase in the file and unknown members', () => {
    const path = file({ issuer: { keystore: { path: '/k', passphrase: 'oops' } }, colour: 'blue' });
    const result = problemsOf(() => loadConfig({ file: path, env: { TRUSTBRIDGE_KEYSTORE_PASSPHRASE: 'pw' } }));
    expect(result.code).toBe('ERR_CONFIG_INVALID');
    expect(result.paths).toEqual(expect.arrayContaining(['/issuer/keystore/passphrase', '/colour']));
  });

  it('codes unreadable and malformed files', () => {
    expect(problemsOf(() => loadConfig({ file: join(dir, 'missing.json'), env: {} })).code).toBe('ERR_CONFIG_FILE');
    expect(problemsOf(() => loadConfig({ file: file('{"port":'), env: {} })).code).toBe('ERR_JSON_MALFORMED');
    expect(problemsOf(() => loadConfig({ file: file('[1]'), env: {} })).code).toBe('ERR_CONFIG_INVALID');
  });

  it('validates did:web identifiers and the public URL', () => {
    expect(problemsOf(() => loadConfig({ env: { TRUSTBRIDGE_ISSUER_METHOD: 'web', TRUSTBRIDGE_ISSUER_DID: 'did:key:z6Mk' } })).paths).toContain('/issuer/did');
    expect(problemsOf(() => loadConfig({ env: { TRUSTBRIDGE_PUBLIC_URL: 'not a url' } })).paths).toContain('/publicBaseUrl');
    expect(loadConfig({ env: { TRUSTBRIDGE_ISSUER_METHOD: 'web', TRUSTBRIDGE_ISSUER_DID: 'did:web:issuer.example.ca' } }).issuer).toEqual({ method: 'web', did: 'did:web:issuer.example.ca' });
  });
});
