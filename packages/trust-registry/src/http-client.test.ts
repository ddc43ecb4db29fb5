import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixedClock } from '@trustbridge/core';
import { buildTrustIndex, createOfflineTrustRegistryClient, seedPilotRegistries, createHttpTrustRegistryClient } from './index.js';

const clock = fixedClock('2025-06-01T12:00:00Z');
const seed = seedPilotRegistries();
const offline = createOfflineTrustRegistryClient(buildTrustIndex(seed.states, { root: seed.root }), { clock });

let server: Server;
let base: string;
let mode: 'ok' | 'error' | 'garbage' | 'huge' = 'ok';
const seen: unknown[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (req.method !== 'POST' || req.url !== '/registry/evaluate') return res.writeHead(404).end();
      const query = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      seen.push(query);
      if (mode === 'error') return res.writeHead(503, { 'content-type': 'application/problem+json' }).end('{"status":503}');
      if (mode === 'garbage') return res.writeHead(200, { 'content-type': 'application/json' }).end('{"decision":"maybe"}');
      if (mode === 'huge') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ pad: 'x'.repeat(300_000) }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(await offline.evaluate(query)));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/registry`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const query = { entity: seed.entities.bcRegistries, action: 'issue' as const, credentialType: 'BusinessRegistrationCredential', jurisdiction: 'CA-BC' };

describe('createHttpTrustRegistryClient', () => {
  it('returns the same decision as the offline client, sending the clock time as `at`', async () => {
    mode = 'ok';
    const client = createHttpTrustRegistryClient({ baseUrl: base, fetch, clock });
    const online = await client.evaluate(query);
    expect(online).toEqual(await offline.evaluate(query));
    expect(online.decision).toBe('trusted');
    expect(seen.at(-1)).toMatchObject({ ...query, at: '2025-06-01T12:00:00.000Z' });
  });

  it('fails with coded errors when the registry errs, answers garbage, answers too much, or is down', async () => {
    const client = createHttpTrustRegistryClient({ baseUrl: base, fetch, clock, maxResponseBytes: 64 * 1024 });
    mode = 'error';
    await expect(client.evaluate(query)).rejects.toMatchObject({ code: 'ERR_TR_CLIENT_UNAVAILABLE' });
    mode = 'garbage';
    await expect(client.evaluate(query)).rejects.toMatchObject({ code: 'ERR_TR_CLIENT_RESPONSE_INVALID' });
    mode = 'huge';
    await expect(client.evaluate(query)).rejects.toMatchObject({ code: 'ERR_TR_CLIENT_UNAVAILABLE' });
    const down = createHttpTrustRegistryClient({ baseUrl: 'http://127.0.0.1:1/registry', fetch, clock });
    await expect(down.evaluate(query)).rejects.toMatchObject({ code: 'ERR_TR_CLIENT_UNAVAILABLE' });
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() => createHttpTrustRegistryClient({ baseUrl: 'file:///etc', fetch, clock })).toThrow(expect.objectContaining({ code: 'ERR_TR_QUERY_INVALID' }));
  });
});
