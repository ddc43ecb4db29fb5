/**
 * `pnpm serve` (serveFromEnvironment) serves the demo web wallet under /wallet on loopback, backed by
 * the real `@trustbridge/wallet`: an offer from the service's own OpenID4VCI issuer is received through
 * the pages. TRUSTBRIDGE_DEMO_WALLET=0 turns the pages off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samples } from '@trustbridge/vocab';
import { serveFromEnvironment } from '../src/index.js';

const ADMIN = 'web-wallet-serve-admin-token-0123456789';
let service: Awaited<ReturnType<typeof serveFromEnvironment>>;
const lines: string[] = [];
let base: string;

beforeAll(async () => {
  service = await serveFromEnvironment({ env: { PORT: '0', HOST: '127.0.0.1', TRUSTBRIDGE_LOG_LEVEL: 'silent', TRUSTBRIDGE_ADMIN_TOKEN: ADMIN }, out: (l) => lines.push(l), handleSignals: false });
  base = service.server.url.replace(/\/$/, '');
}, 60_000);
afterAll(async () => {
  await service?.close();
});

describe('pnpm serve with the demo web wallet', () => {
  it('prints the wallet URL as a demo and receives an offer of its own issuer through the pages', async () => {
    expect(lines.some((l) => l.startsWith('Web wallet (DEMO') && l.endsWith('/wallet/'))).toBe(true);
    const { id: _id, ...subject } = (samples.bcSoleProprietorRepresentative as unknown as { credentialSubject: Record<string, unknown> }).credentialSubject;
    const offerRes = await fetch(`${base}/oid4vci/offers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ credential_configuration_ids: ['BusinessRepresentativeCredential_dc_sd_jwt'], credential_subjects: { BusinessRepresentativeCredential: subject } }),
    });
    expect(offerRes.status).toBe(201);
    const { offer_by_value: offer } = (await offerRes.json()) as { offer_by_value: string };
    const form = await fetch(`${base}/wallet/receive`);
    const cookie = form.headers.getSetCookie()[0]!.split(';')[0]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
    const posted = await fetch(`${base}/wallet/receive`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token, offer }).toString(),
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/wallet/?received=1');
    const list = await (await fetch(`${base}/wallet/?received=1&lang=fr`, { headers: { cookie } })).text();
    expect(list).toContain('1 attestation reçue et enregistrée.');
    expect(list).toContain('Nom de famille');
    expect(list).toContain('Portefeuille de démonstration');
  });

  it('TRUSTBRIDGE_DEMO_WALLET=0 serves no wallet pages', async () => {
    const off = await serveFromEnvironment({ env: { PORT: '0', HOST: '127.0.0.1', TRUSTBRIDGE_LOG_LEVEL: 'silent', TRUSTBRIDGE_DEMO_WALLET: '0' }, out: () => undefined, handleSignals: false });
    try {
      const res = await fetch(`${off.server.url.replace(/\/$/, '')}/wallet/`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    } finally {
      await off.close();
    }
  });
});
