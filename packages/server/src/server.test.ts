import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { createServiceApp, finishServiceApp } from './http.js';
import { createSilentLogger } from './logger.js';
import { startServer, type RunningServer } from './server.js';

// Test-only self-signed certificate for 127.0.0.1 (see test/fixtures/README.md).
const cert = readFileSync(new URL('../test/fixtures/test-cert.pem', import.meta.url), 'utf8');
const key = readFileSync(new URL('../test/fixtures/test-key.pem', import.meta.url), 'utf8');

function getTrusting(url: string, ca?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca: ca ?? [], agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startServer with TLS', () => {
  let server: RunningServer;
  beforeAll(async () => {
    const logger = createSilentLogger();
    const app = createServiceApp({ logger });
    app.get('/health', (_req, res) => {
      res.json({ status: 'ok' });
    });
    finishServiceApp(app, { logger });
    server = await startServer({ app, host: '127.0.0.1', port: 0, tls: { cert, key } });
  });
  afterAll(() => server.close());

  it('serves HTTPS to a client that trusts the certificate', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await getTrusting(`${server.url}/health`, cert);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
  });

  it('is refused by a client that does not trust the certificate', async () => {
    await expect(getTrusting(`${server.url}/health`)).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  });
});

describe('startServer', () => {
  it('serves plain HTTP, reports a listen failure with a code, and closes idempotently', async () => {
    const app = finishServiceApp(createServiceApp({ logger: createSilentLogger() }), { logger: createSilentLogger() });
    const first = await startServer({ app, port: 0 });
    expect(first.url).toBe(`http://127.0.0.1:${first.port}`);
    await expect(startServer({ app, port: first.port })).rejects.toMatchObject({ code: 'ERR_SERVER_LISTEN' });
    await Promise.all([first.close(), first.close()]);
  });
});
