import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrustBridgeError } from '@trustbridge/core';
import type { Request, Response } from 'express';
import { allowOnly, createServiceApp, finishServiceApp, jsonBody } from './http.js';
import { createLogger } from './logger.js';
import { startServer, type RunningServer } from './server.js';
import { statusForCode, toProblemDocument } from './problem.js';
import { deepJson, logCollector, post, request } from '../test/helpers.js';

describe('service plumbing over HTTP', () => {
  const logs = logCollector();
  let server: RunningServer;
  let url: string;

  beforeAll(async () => {
    const logger = createLogger({ level: 'info', destination: logs.stream });
    const app = createServiceApp({ logger });
    app.post('/echo', async (req: Request, res: Response) => {
      res.json({ received: await jsonBody(req) });
    });
    allowOnly(app, '/echo', ['POST']);
    app.get('/boom', () => {
      throw new Error('internal detail that must not leak');
    });
    app.get('/coded', () => {
      throw new TrustBridgeError('ERR_KEYSTORE_LOCKED', 'keystore path /secret/place is locked');
    });
    finishServiceApp(app, { logger });
    server = await startServer({ app, host: '127.0.0.1', port: 0 });
    url = server.url;
  });
  afterAll(() => server.close());

  async function expectEchoStillWorks(): Promise<void> {
    const ok = await post(`${url}/echo`, { hello: 'world' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ received: { hello: 'world' } });
  }

  it('answers a JSON object body', async () => {
    await expectEchoStillWorks();
  });

  it.each([
    ['malformed JSON', '{"a":', 'application/json', 400, 'ERR_JSON_MALFORMED'],
    ['a JSON array', '[1,2,3]', 'application/json', 400, 'ERR_REQUEST_INVALID'],
    ['a JSON string', '"text"', 'application/json', 400, 'ERR_REQUEST_INVALID'],
    ['10,000-deep nesting', deepJson(10_000), 'application/json', 400, 'ERR_JSON_TOO_DEEP'],
    ['a wrong content type', '{"a":1}', 'text/plain', 415, 'ERR_HTTP_UNSUPPORTED_MEDIA_TYPE'],
    ['a 5 MB body', JSON.stringify({ blob: 'x'.repeat(5 * 1024 * 1024) }), 'application/json', 413, 'ERR_INPUT_TOO_LARGE'],
  ])('answers %s with a problem document, then still serves', async (_name, body, contentType, status, code) => {
    const res = await post(`${url}/echo`, body, contentType);
    expect(res.status).toBe(status);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, code });
    expect(typeof res.body.type).toBe('string');
    expect(typeof res.body.title).toBe('string');
    expect(typeof res.body.detail).toBe('string');
    await expectEchoStillWorks();
  });

  it('accepts application/ld+json and charset parameters', async () => {
    const res = await post(`${url}/echo`, '{"a":1}', 'application/ld+json; charset=utf-8');
    expect(res.status).toBe(200);
  });

  it('answers 404 and 405 as problem documents', async () => {
    const missing = await request(`${url}/nowhere`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('ERR_HTTP_NOT_FOUND');
    const wrongMethod = await request(`${url}/echo`, { method: 'GET' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body.code).toBe('ERR_HTTP_METHOD_NOT_ALLOWED');
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });

  it('hides unexpected errors and server-side coded errors behind a generic 500', async () => {
    for (const path of ['/boom', '/coded']) {
      const res = await request(`${url}${path}`);
      expect(res.status).toBe(500);
      expect(res.body.code).toBe('ERR_INTERNAL');
      expect(JSON.stringify(res.body)).not.toMatch(/internal detail|secret/);
    }
    await expectEchoStillWorks();
  });

  it('logs request id, method, path, status, duration and code, never bodies', async () => {
    const res = await post(`${url}/echo`, { password: 'hunter2-in-body' });
    expect(res.status).toBe(200);
    await post(`${url}/echo`, '[]');
    const lines = logs.lines().filter((l) => l['msg'] === 'request');
    const ok = lines.find((l) => l['reqId'] === res.headers.get('x-request-id'));
    expect(ok).toMatchObject({ method: 'POST', path: '/echo', status: 200 });
    expect(typeof ok?.['durationMs']).toBe('number');
    expect(lines.some((l) => l['code'] === 'ERR_REQUEST_INVALID' && l['status'] === 400)).toBe(true);
    expect(JSON.stringify(logs.lines())).not.toContain('hunter2');
  });
});

describe('abusive bodies', () => {
  it('closes the connection after a body far over the limit, and the next request still succeeds', async () => {
    const logger = createLogger({ level: 'silent' });
    const app = createServiceApp({ logger });
    app.post('/echo', async (req: Request, res: Response) => {
      res.json({ received: await jsonBody(req, { maxBodyBytes: 1024 }) });
    });
    finishServiceApp(app, { logger });
    const server = await startServer({ app, port: 0 });
    try {
      const huge = await post(`${server.url}/echo`, JSON.stringify({ blob: 'x'.repeat(64 * 1024) }));
      expect(huge.status).toBe(413);
      expect(huge.body.code).toBe('ERR_INPUT_TOO_LARGE');
      expect((await post(`${server.url}/echo`, { ok: true })).body).toEqual({ received: { ok: true } });
    } finally {
      await server.close();
    }
  });
});

describe('problem mapping', () => {
  it('maps codes to statuses in one table', () => {
    expect(statusForCode('ERR_JSON_TOO_DEEP')).toBe(400);
    expect(statusForCode('ERR_VC_INVALID_CREDENTIAL')).toBe(400);
    expect(statusForCode('ERR_VC_SOMETHING_NEW')).toBe(400);
    expect(statusForCode('ERR_VERIFICATION_FAILED')).toBe(422);
    expect(statusForCode('ERR_HTTP_NOT_FOUND')).toBe(404);
    expect(statusForCode('ERR_INPUT_TOO_LARGE')).toBe(413);
    expect(statusForCode('ERR_KEYSTORE_LOCKED')).toBe(500);
  });
  it('keeps the problem list of a TrustBridgeError and the spec problem type', () => {
    const problem = toProblemDocument(
      new TrustBridgeError('ERR_VC_INVALID_CREDENTIAL', 'Invalid credential.', {
        specCode: 'MALFORMED_VALUE_ERROR',
        details: { problems: [{ code: 'ERR_VC_MISSING_TYPE', message: 'type is required', path: '/type', secret: 'dropped' }] },
      }),
    );
    expect(problem).toMatchObject({ status: 400, code: 'ERR_VC_INVALID_CREDENTIAL', type: 'https://www.w3.org/TR/vc-data-model#MALFORMED_VALUE_ERROR' });
    expect(problem.problems).toEqual([{ code: 'ERR_VC_MISSING_TYPE', message: 'type is required', path: '/type' }]);
  });
});
