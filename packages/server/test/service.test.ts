/**
 * The configured service end to end: configuration from the environment, a did:web issuer whose key
 * lives in an encrypted keystore, HTTPS with the test-only certificate; it publishes its DID document,
 * issues, and verifies its own credentials (resolving its own did:web locally).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, startVcApiService, type RunningVcApiService } from '../src/index.js';

const certFile = fileURLToPath(new URL('./fixtures/test-cert.pem', import.meta.url));
const keyFile = fileURLToPath(new URL('./fixtures/test-key.pem', import.meta.url));
const ca = readFileSync(certFile, 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'tb-service-'));

function httpsJson(url: string, body?: unknown): Promise<{ status: number; body: any; contentType: string | undefined }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpsRequest(
      url,
      { ca, agent: false, method: payload ? 'POST' : 'GET', headers: payload ? { 'content-type': 'application/json' } : {} },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), contentType: res.headers['content-type'] }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('startVcApiService (did:web issuer, keystore, HTTPS)', () => {
  let service: RunningVcApiService;
  const env = {
    PORT: '0',
    TRUSTBRIDGE_ISSUER_METHOD: 'web',
    TRUSTBRIDGE_PUBLIC_URL: 'https://issuer.example.ca/bc-registries',
    TRUSTBRIDGE_KEYSTORE: join(dir, 'issuer-keystore.json'),
    TRUSTBRIDGE_KEYSTORE_PASSPHRASE: 'test passphrase',
    TRUSTBRIDGE_TLS_CERT: certFile,
    TRUSTBRIDGE_TLS_KEY: keyFile,
    TRUSTBRIDGE_LOG_LEVEL: 'silent',
  };

  beforeAll(async () => {
    service = await startVcApiService({ config: loadConfig({ env }) });
  });
  afterAll(async () => {
    await service?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes its did:web document over HTTPS', async () => {
    expect(service.server.url).toMatch(/^https:\/\/127\.0\.0\.1:/);
    expect(service.issuer.id).toBe('did:web:issuer.example.ca:bc-registries');
    const res = await httpsJson(`${service.server.url}/bc-registries/did.json`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(service.issuer.id);
    expect(res.body.verificationMethod[0].publicKeyMultibase).toBe(service.issuer.publicKeyMultibase);
  });

  it('issues as did:web and verifies its own credential', async () => {
    const issued = await httpsJson(`${service.server.url}/credentials/issue`, {
      credential: {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiableCredential'],
        credentialSubject: { id: 'did:example:business', name: 'Okanagan Orchards Ltd.' },
      },
    });
    expect(issued.status).toBe(201);
    expect(issued.body.verifiableCredential.proof.verificationMethod).toBe(`${service.issuer.id}#key-1`);
    const verified = await httpsJson(`${service.server.url}/credentials/verify`, { verifiableCredential: issued.body.verifiableCredential });
    expect(verified.status).toBe(200);
    expect(verified.body.verified).toBe(true);
  });

  it('keeps the issuer key across restarts (same keystore, same public key)', async () => {
    const second = await startVcApiService({ config: loadConfig({ env }) });
    try {
      expect(second.issuer.publicKeyMultibase).toBe(service.issuer.publicKeyMultibase);
    } finally {
      await second.close();
    }
  });

  it('fails to start with ERR_CONFIG_FILE when a TLS file is missing', async () => {
    await expect(startVcApiService({ config: loadConfig({ env: { ...env, TRUSTBRIDGE_TLS_CERT: join(dir, 'missing.pem') } }) })).rejects.toMatchObject({ code: 'ERR_CONFIG_FILE' });
  });
});
