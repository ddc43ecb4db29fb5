/**
 * `pnpm serve` (serveFromEnvironment) serves the pilot trust registry under /registry beside the VC API,
 * with TRQP v2 at POST /registry/authorization and /registry/recognition (issue 5 item 4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPilotRegistries, PilotCredentialTypes } from '@trustbridge/trust-registry';
import { serveFromEnvironment } from '../src/index.js';

const pilot = seedPilotRegistries();
let service: Awaited<ReturnType<typeof serveFromEnvironment>>;
const lines: string[] = [];
let base: string;

beforeAll(async () => {
  service = await serveFromEnvironment({ env: { PORT: '0', HOST: '127.0.0.1', TRUSTBRIDGE_LOG_LEVEL: 'silent' }, out: (l) => lines.push(l), handleSignals: false });
  base = service.server.url.replace(/\/$/, '');
}, 60_000);
afterAll(async () => {
  await service?.close();
});

async function post(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe('pnpm serve with the trust registry', () => {
  it('prints the registry URL and answers TRQP v2 authorization and recognition under /registry', async () => {
    expect(lines.some((l) => l.startsWith('Trust registry: ') && l.includes('/registry'))).toBe(true);
    const authorized = await post(`${base}/registry/authorization`, {
      entity_id: 'did:web:bcregistries.pilot.example',
      authority_id: pilot.root,
      action: 'issue',
      resource: `${PilotCredentialTypes.BusinessRegistration}@CA-BC`,
      context: { time: '2025-05-01T00:00:00Z' },
    });
    expect(authorized.status).toBe(200);
    expect(authorized.body).toMatchObject({ authorized: true, authority_id: pilot.root });
    const recognized = await post(`${base}/registry/recognition`, {
      entity_id: pilot.registries.bc.registry.id, authority_id: pilot.root, action: 'issue', resource: PilotCredentialTypes.PersonIdentity,
    });
    expect(recognized.status).toBe(200);
    expect(recognized.body.recognized).toBe(true);
  });

  it('keeps the VC API beside it, serves the OpenAPI document, and answers bad TRQP requests with problem documents', async () => {
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
    const openapi = (await (await fetch(`${base}/registry/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(openapi.paths).toHaveProperty(['/authorization']);
    const bad = await fetch(`${base}/registry/authorization`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'issue' }) });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await bad.json()) as { code: string }).code).toBe('ERR_TR_TRQP_REQUEST_INVALID');
    const admin = await post(`${base}/registry/admin/snapshots`, {});
    expect([401, 403]).toContain(admin.status);
  });
});

describe('the verification pipeline asks the served registry over HTTP', () => {
  it('trust check passes for BC Registries, and fails with the registry reason for an unauthorized jurisdiction', async () => {
    const { fixedClock } = await import('@trustbridge/core');
    const { createEd25519Signer, encodeEd25519PublicKeyMultibase } = await import('@trustbridge/keys');
    const { createHttpTrustRegistryClient } = await import('@trustbridge/trust-registry');
    const { issueCredential, verifyCredential, createTrustCheck } = await import('@trustbridge/vc');
    const clock = fixedClock('2025-06-01T12:00:00Z');
    const pair = pilot.keys['bc-registries']!;
    const mb = encodeEd25519PublicKeyMultibase(pair.publicKey);
    const signer = createEd25519Signer({ id: `did:key:${mb}#${mb}`, secretKey: pair.secretKey! });
    const credential = (jurisdiction: string) =>
      issueCredential(
        {
          '@context': ['https://www.w3.org/ns/credentials/v2', 'https://www.w3.org/ns/credentials/examples/v2'],
          type: ['VerifiableCredential', PilotCredentialTypes.BusinessRegistration],
          issuer: pilot.entities.bcRegistries,
          validFrom: '2025-03-01T00:00:00Z',
          credentialSubject: { id: 'did:example:business', legalName: 'Kootenay Cedar Works Ltd.', jurisdiction },
        },
        { signer, clock },
      );
    const client = createHttpTrustRegistryClient({ baseUrl: `${base}/registry`, fetch, clock });
    const checkTrust = createTrustCheck({ client });
    const ok = await verifyCredential(await credential('CA-BC'), { clock, checkTrust });
    const trust = ok.checks.find((c) => c.id === 'trust');
    expect(trust?.status).toBe('passed');
    expect(trust?.details).toMatchObject({ decision: 'trusted', entity: pilot.entities.bcRegistries });
    expect(ok.verified).toBe(true);
    const wrong = await verifyCredential(await credential('CA-AB'), { clock, checkTrust });
    expect(wrong.verified).toBe(false);
    expect(wrong.problems.map((p) => p.code)).toContain('ERR_TRUST_RECOGNITION_SCOPE');
  });
});
