/**
 * The trust registry service over real HTTP on 127.0.0.1, on both store backends: evaluation,
 * TRQP v2, admin authentication, event sourcing (restart → same state and snapshot), the snapshot
 * hash chain, deltas, and offline evaluation from the served bundle equal to online evaluation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '@trustbridge/core';
import type { SqlClient } from '@trustbridge/store';
import {
  PilotCredentialTypes,
  applyDelta,
  indexFromBundle,
  evaluate,
  seedPilotRegistries,
  stateDigest,
  verifyBundle,
  verifyDelta,
  type TrustRegistryBundle,
} from '@trustbridge/trust-registry';
import { RegistryService, createRegistryApp, mountRegistryApp, pilotRegistrySetup } from '../src/registry/index.js';
import { createVcApiApp } from '../src/vc-api.js';
import { startServer, type RunningServer } from '../src/server.js';
import { request, post } from './helpers.js';
import { embeddedBackend, postgresBackend, testClock, type BackendTarget } from './registry-helpers.js';

const TOKEN = 'test-admin-token-0123456789abcdef';
const START = '2025-06-01T00:00:00.000Z';
const pilot = seedPilotRegistries();
const setup = pilotRegistrySetup();
const HUB = pilot.root;
const BC = pilot.registries.bc.registry.id;
const BCREG_AUTHZ = `${BC}#authz-bcreg-business`;
const bcRegistriesQuery = {
  entity: 'AcZpBDz3oxmKrpcuPcdKai',
  action: 'issue',
  credentialType: PilotCredentialTypes.BusinessRegistration,
  jurisdiction: 'CA-BC',
  minimumAssuranceLevel: 3,
  issuedAt: '2025-03-01T00:00:00Z',
} as const;

interface Running {
  store: SqlClient;
  registry: RegistryService;
  server: RunningServer;
  base: string;
  close(): Promise<void>;
}

for (const makeBackend of [embeddedBackend, postgresBackend]) {
  describe(`trust registry service (${makeBackend.name === 'embeddedBackend' ? 'embedded' : 'PostgreSQL'})`, () => {
    let backend: BackendTarget;
    let location: string;
    const time = testClock(START);
    let svc: Running;

    /** Opens the service on `location` (seeded when empty) and serves it under /registry beside the VC API. */
    async function start(withSeed = true): Promise<Running> {
      const store = await backend.open(location);
      const registry = await RegistryService.open({ store, operatorKeys: setup.operatorKeys, clock: time.clock, ...(withSeed ? { seed: setup.seed } : {}) });
      const app = mountRegistryApp(createVcApiApp({ clock: time.clock }), createRegistryApp({ registry, adminToken: TOKEN, clock: time.clock, basePath: '/registry', maxBatch: 3 }));
      const server = await startServer({ app });
      return {
        store,
        registry,
        server,
        base: `${server.url}/registry`,
        async close() {
          await server.close();
          await store.close();
        },
      };
    }
    const admin = (path: string, body: unknown, token: string | null = TOKEN) =>
      request(`${svc.base}${path}`, { method: 'POST', body, ...(token !== null ? { headers: { authorization: `Bearer ${token}` } } : {}) });

    beforeAll(async () => {
      backend = makeBackend();
      location = await backend.createLocation();
      svc = await start();
    });
    afterAll(async () => {
      await svc?.close();
      await backend?.dispose();
    });

    it('evaluates: trusted through the hub with its path and snapshot digest; reasons when not', async () => {
      const ok = await post(`${svc.base}/evaluate`, bcRegistriesQuery);
      expect(ok.status).toBe(200);
      expect(ok.body.decision).toBe('trusted');
      expect(ok.body.entity).toBe(pilot.entities.bcRegistries);
      expect(ok.body.path.map((p: { type: string }) => p.type)).toEqual(['registry', 'recognition', 'registry', 'authorization']);
      expect(ok.body.snapshot).toEqual({ registry: HUB, sequence: 1, digest: stateDigest(pilot.registries.hub) });
      expect(ok.body.evaluatedAt).toBe(START);

      // The hub recognizes BC for CA-BC only: an Alberta subject is out of the recognition's scope.
      const ab = await post(`${svc.base}/evaluate`, { ...bcRegistriesQuery, jurisdiction: 'CA-AB' });
      expect(ab.body.decision).toBe('not-trusted');
      expect(ab.body.reasons.map((r: { code: string }) => r.code)).toEqual(['TR_RECOGNITION_SCOPE']);
      const person = await post(`${svc.base}/evaluate`, { ...bcRegistriesQuery, credentialType: PilotCredentialTypes.PersonIdentity });
      expect(person.body.reasons.map((r: { code: string }) => r.code)).toEqual(['TR_NOT_AUTHORIZED_TYPE']);
      const unknown = await post(`${svc.base}/evaluate`, { ...bcRegistriesQuery, entity: 'did:web:nobody.example' });
      expect(unknown.body.reasons.map((r: { code: string }) => r.code)).toEqual(['TR_ENTITY_UNKNOWN']);

      const batch = await post(`${svc.base}/evaluate/batch`, { queries: [bcRegistriesQuery, { ...bcRegistriesQuery, minimumAssuranceLevel: 4 }] });
      expect(batch.status).toBe(200);
      expect(batch.body.results.map((r: { decision: string }) => r.decision)).toEqual(['trusted', 'not-trusted']);
      expect(batch.body.results[1].reasons[0].code).toBe('TR_ASSURANCE_TOO_LOW');
    });

    it('refuses malformed evaluate requests with coded problem documents', async () => {
      const noEntity = await post(`${svc.base}/evaluate`, { action: 'issue' });
      expect(noEntity.status).toBe(400);
      expect(noEntity.contentType).toMatch(/^application\/problem\+json/);
      expect(noEntity.body.code).toBe('ERR_TR_QUERY_INVALID');
      expect(noEntity.body.problems[0].path).toBe('/entity');
      const badAt = await post(`${svc.base}/evaluate/batch`, { queries: [bcRegistriesQuery, { ...bcRegistriesQuery, at: '2025-06-01' }] });
      expect(badAt.status).toBe(400);
      expect(badAt.body.code).toBe('ERR_TR_QUERY_INVALID');
      expect(badAt.body.problems[0].path).toBe('/queries/1/at');
      const tooMany = await post(`${svc.base}/evaluate/batch`, { queries: [bcRegistriesQuery, bcRegistriesQuery, bcRegistriesQuery, bcRegistriesQuery] });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.code).toBe('ERR_REQUEST_INVALID');
      const wrongMethod = await request(`${svc.base}/evaluate`);
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.body.code).toBe('ERR_HTTP_METHOD_NOT_ALLOWED');
    });

    it('answers TRQP v2 authorization and recognition queries; invalid requests are problem documents', async () => {
      const authorized = await post(`${svc.base}/authorization`, {
        entity_id: 'did:web:bcregistries.pilot.example',
        authority_id: HUB,
        action: 'issue',
        resource: `${PilotCredentialTypes.BusinessRegistration}@CA-BC`,
        context: { time: '2025-05-01T00:00:00Z' },
      });
      expect(authorized.status).toBe(200);
      expect(authorized.body).toMatchObject({ authorized: true, authority_id: HUB, time_requested: '2025-05-01T00:00:00Z', time_evaluated: '2025-05-01T00:00:00Z' });
      expect(authorized.body.decision.decision).toBe('trusted');

      const recognized = await post(`${svc.base}/recognition`, { entity_id: BC, authority_id: HUB, action: 'issue', resource: PilotCredentialTypes.PersonIdentity });
      expect(recognized.status).toBe(200);
      expect(recognized.body.recognized).toBe(true);
      expect(recognized.body.time_evaluated).toBe(START);

      const missing = await post(`${svc.base}/authorization`, { authority_id: HUB, action: 'issue', resource: 'X@CA-BC' });
      expect(missing.status).toBe(400);
      expect(missing.contentType).toMatch(/^application\/problem\+json/);
      expect(missing.body.code).toBe('ERR_TR_TRQP_REQUEST_INVALID');
      expect(missing.body.problems.map((p: { path: string }) => p.path)).toContain('/entity_id');
      const badTime = await post(`${svc.base}/recognition`, { entity_id: BC, authority_id: HUB, action: 'issue', resource: '*', context: { time: 'yesterday' } });
      expect(badTime.status).toBe(400);
      expect(badTime.body.code).toBe('ERR_TR_TRQP_REQUEST_INVALID');
      expect(badTime.body.problems[0].path).toBe('/context/time');
      const unknownAuthority = await post(`${svc.base}/authorization`, { entity_id: pilot.entities.bcRegistries, authority_id: 'did:web:unknown.example', action: 'issue', resource: 'X@CA-BC' });
      expect(unknownAuthority.status).toBe(404);
      expect(unknownAuthority.body.code).toBe('ERR_TR_TRQP_NOT_FOUND');
      const notJson = await post(`${svc.base}/authorization`, 'entity_id=x', 'application/x-www-form-urlencoded');
      expect(notJson.status).toBe(415);
      expect(notJson.body.code).toBe('ERR_HTTP_UNSUPPORTED_MEDIA_TYPE');
    });

    it('finds entities by any identifier form and lists types and recognitions', async () => {
      for (const id of ['AcZpBDz3oxmKrpcuPcdKai', 'did:sov:AcZpBDz3oxmKrpcuPcdKai', 'did:indy:candy:prod:AcZpBDz3oxmKrpcuPcdKai', pilot.entities.bcRegistries]) {
        const found = await request(`${svc.base}/entities/${encodeURIComponent(id)}`);
        expect(found.status).toBe(200);
        expect(found.body.matches[0].entity.id).toBe(pilot.entities.bcRegistries);
        expect(found.body.matches[0].registry).toBe(BC);
      }
      const bank = await request(`${svc.base}/entities/${encodeURIComponent('870000001RC0001')}`);
      expect(bank.body.matches[0].entity.name).toBe('Maple Commerce Bank');
      const none = await request(`${svc.base}/entities/${encodeURIComponent('did:web:nobody.example')}`);
      expect(none.status).toBe(404);
      expect(none.body.code).toBe('ERR_REGISTRY_NOT_FOUND');
      const verifiers = await request(`${svc.base}/entities?role=verifier`);
      expect(verifiers.body.entities.map((e: { entity: { name: string } }) => e.entity.name)).toEqual(['Maple Commerce Bank', 'Prairie Federal Bank']);
      const badLimit = await request(`${svc.base}/entities?limit=0`);
      expect(badLimit.status).toBe(400);
      expect(badLimit.body.code).toBe('ERR_REQUEST_INVALID');
      const types = await request(`${svc.base}/credential-types`);
      expect(types.body.credentialTypes.map((t: { type: string }) => t.type)).toContain(PilotCredentialTypes.PersonIdentity);
      const recognitions = await request(`${svc.base}/recognitions`);
      expect(recognitions.body.recognitions).toHaveLength(3);
    });

    it('guards the admin API: no token 401, wrong token 403, nothing appended', async () => {
      const before = svc.registry.latestSnapshot(BC).digest;
      const none = await admin(`/admin/authorizations/${encodeURIComponent(BCREG_AUTHZ)}/status`, { status: 'suspended' }, null);
      expect(none.status).toBe(401);
      expect(none.body.code).toBe('ERR_AUTH_TOKEN_MISSING');
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer /);
      const wrong = await admin(`/admin/authorizations/${encodeURIComponent(BCREG_AUTHZ)}/status`, { status: 'suspended' }, 'not-the-admin-token-at-all');
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('ERR_AUTH_TOKEN_INVALID');
      const basic = await request(`${svc.base}/admin/snapshots`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`a:${TOKEN}`).toString('base64')}` } });
      expect(basic.status).toBe(401);
      expect(svc.registry.latestSnapshot(BC).digest).toBe(before);
    });

    it('suspends an issuer: evaluation says TR_SUSPENDED, history lists both events in order', async () => {
      time.set('2025-06-02T00:00:00.000Z');
      const res = await admin(`/admin/authorizations/${encodeURIComponent(BCREG_AUTHZ)}/status`, { status: 'suspended', reason: 'investigation' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ registry: BC, sequence: 2, snapshot: { sequence: 2 } });

      const decision = await post(`${svc.base}/evaluate`, bcRegistriesQuery);
      expect(decision.body.decision).toBe('not-trusted');
      expect(decision.body.reasons.map((r: { code: string }) => r.code)).toEqual(['TR_SUSPENDED']);
      const trqp = await post(`${svc.base}/authorization`, { entity_id: 'AcZpBDz3oxmKrpcuPcdKai', authority_id: HUB, action: 'issue', resource: `${PilotCredentialTypes.BusinessRegistration}@CA-BC` });
      expect(trqp.body.authorized).toBe(false);

      const history = await request(`${svc.base}/authorizations/${encodeURIComponent(BCREG_AUTHZ)}/history`);
      expect(history.status).toBe(200);
      expect(history.body.history).toEqual([
        { status: 'active', at: '2025-01-01T00:00:00Z' },
        { status: 'suspended', at: '2025-06-02T00:00:00.000Z', reason: 'investigation' },
      ]);
      expect(history.body.changes.map((c: { kind: string }) => c.kind)).toEqual(['trust-registry.authorization.status']);
      const unknown = await request(`${svc.base}/authorizations/nope/history`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('ERR_REGISTRY_NOT_FOUND');
    });

    it('keeps history append-only: back-dated events 409 ERR_TR_HISTORY_REWRITTEN, revocation is final', async () => {
      const backdated = await admin(`/admin/authorizations/${encodeURIComponent(BCREG_AUTHZ)}/status`, { status: 'active', at: '2025-05-01T00:00:00Z' });
      expect(backdated.status).toBe(409);
      expect(backdated.body.code).toBe('ERR_TR_HISTORY_REWRITTEN');
      const badStatus = await admin(`/admin/authorizations/${encodeURIComponent(BCREG_AUTHZ)}/status`, { status: 'paused' });
      expect(badStatus.status).toBe(400);
      expect(badStatus.body.code).toBe('ERR_REQUEST_INVALID');
      const fed = `${pilot.registries.federal.registry.id}#authz-corpcan-business`;
      expect((await admin(`/admin/authorizations/${encodeURIComponent(fed)}/status`, { status: 'revoked' })).status).toBe(201);
      const again = await admin(`/admin/authorizations/${encodeURIComponent(fed)}/status`, { status: 'active' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('ERR_REGISTRY_CONFLICT');
    });

    it('adds an entity and its authorization through the admin API; invalid records are 400', async () => {
      const invalid = await admin('/admin/entities', { entity: { id: 'did:web:new-bank.example', name: 'New Bank', roles: ['banker'], jurisdiction: 'CA', identifiers: [] } });
      expect(invalid.status).toBe(400);
      expect(invalid.body.code).toBe('ERR_TR_STATE_INVALID');
      expect(invalid.body.problems[0].path).toBe('/entity/roles');
      const conflict = await admin('/admin/entities', { entity: { id: 'did:web:other-bank.example', name: 'Other', roles: ['verifier'], jurisdiction: 'CA', identifiers: [{ scheme: 'bn9', value: '870000001' }] } });
      expect(conflict.status).toBe(409);
      expect(conflict.body.code).toBe('ERR_TR_IDENTIFIER_CONFLICT');

      const entity = await admin('/admin/entities', { entity: { id: 'did:web:new-bank.example', name: 'New Bank', roles: ['verifier'], jurisdiction: 'CA-BC', identifiers: [{ scheme: 'bn9', value: '870000099' }] } });
      expect(entity.status).toBe(201);
      expect(entity.body).toMatchObject({ registry: HUB, sequence: 2 });
      const authorization = await admin('/admin/authorizations', {
        authorization: {
          id: `${HUB}#authz-new-bank-verify`,
          entity: 'did:web:new-bank.example',
          action: 'verify',
          resource: { credentialTypes: [PilotCredentialTypes.BusinessRegistration], jurisdictions: ['CA-BC'], purposes: ['kyb-onboarding'] },
          validity: { from: '2025-06-02T00:00:00Z' },
          history: [{ status: 'active', at: '2025-06-02T00:00:00Z' }],
          governanceFramework: pilot.registries.hub.governanceFrameworks[0]!.id,
        },
      });
      expect(authorization.status).toBe(201);
      expect(authorization.body.sequence).toBe(3);
      const decision = await post(`${svc.base}/evaluate`, { entity: '870000099', action: 'verify', credentialType: PilotCredentialTypes.BusinessRegistration, jurisdiction: 'CA-BC', purpose: 'kyb-onboarding' });
      expect(decision.body.decision).toBe('trusted');
    });

    it('chains snapshots: every change is a new snapshot; the chain and the delta verify', async () => {
      const published = await admin('/admin/snapshots', { registry: BC });
      expect(published.status).toBe(201);
      expect(published.body).toMatchObject({ registry: BC, sequence: 3 });
      const chain = svc.registry.snapshots(BC);
      expect(chain.map((s) => s.payload.sequence)).toEqual([1, 2, 3]);
      const latest = await request(`${svc.base}/snapshot?registry=${encodeURIComponent(BC)}`);
      expect(latest.body).toMatchObject({ registry: BC, sequence: 3, digest: chain[2]!.digest, previous: { sequence: 2, digest: chain[1]!.digest } });

      const bundle: TrustRegistryBundle = { type: 'TrustRegistryBundle', root: BC, createdAt: time.clock().toISOString(), snapshots: chain.map((s) => s.jws) };
      const verified = verifyBundle(bundle, { anchors: { [BC]: setup.anchors[BC]! }, clock: time.clock });
      expect(verified.problems).toEqual([]);
      expect(verified.verified).toBe(true);
      expect(verified.checkpoints[BC]).toEqual({ sequence: 3, digest: chain[2]!.digest });
      // A gap in the chain is caught.
      const broken = verifyBundle({ ...bundle, snapshots: [chain[0]!.jws, chain[2]!.jws] }, { anchors: { [BC]: setup.anchors[BC]! }, clock: time.clock });
      expect(broken.problems.map((p) => p.code)).toEqual(['ERR_TR_SNAPSHOT_CHAIN']);

      const delta = await request(`${svc.base}/snapshots/delta?since=1&registry=${encodeURIComponent(BC)}`);
      expect(delta.status).toBe(200);
      const applied = applyDelta(chain[0]!.payload.state, verifyDelta(delta.body.delta, setup.anchors[BC]!));
      expect(stateDigest(applied)).toBe(chain[2]!.payload.stateDigest);
      const upToDate = await request(`${svc.base}/snapshots/delta?since=3&registry=${encodeURIComponent(BC)}`);
      expect(upToDate.body.delta).toBeNull();
      const never = await request(`${svc.base}/snapshots/delta?since=99`);
      expect(never.status).toBe(404);
      expect(never.body.code).toBe('ERR_REGISTRY_NOT_FOUND');
      const noSince = await request(`${svc.base}/snapshots/delta`);
      expect(noSince.status).toBe(400);
      expect(noSince.body.code).toBe('ERR_REQUEST_INVALID');
    });

    it('evaluates offline from GET /bundle and pinned anchors exactly as online', async () => {
      const bundle = await request(`${svc.base}/bundle`);
      expect(bundle.status).toBe(200);
      expect(bundle.body.root).toBe(HUB);
      // Only the hub is pinned: the peers verify through the hub's recognitions.
      const verified = verifyBundle(bundle.body, { anchors: { [HUB]: setup.anchors[HUB]! }, clock: time.clock });
      expect(verified.problems).toEqual([]);
      const offline = indexFromBundle(verified);
      const at = time.clock().toISOString();
      const queries = [
        { ...bcRegistriesQuery, at },
        { ...bcRegistriesQuery, entity: pilot.entities.serviceBc, credentialType: PilotCredentialTypes.PersonIdentity, at },
        { entity: pilot.entities.corporationsCanada, action: 'issue', credentialType: PilotCredentialTypes.BusinessRegistration, jurisdiction: 'CA', issuedAt: '2025-03-01T00:00:00Z', at },
        { entity: '870000099', action: 'verify', credentialType: PilotCredentialTypes.BusinessRegistration, jurisdiction: 'CA-BC', purpose: 'kyb-onboarding', at },
      ] as const;
      for (const q of queries) {
        const online = await post(`${svc.base}/evaluate`, q);
        expect(evaluate(offline, q)).toEqual(online.body);
      }
    });

    it('rebuilds the same state and snapshot from history after a restart', async () => {
      const states = svc.registry.states().map((s) => stateDigest(s));
      const snapshots = svc.registry.states().map((s) => svc.registry.latestSnapshot(s.registry.id).digest);
      const decision = (await post(`${svc.base}/evaluate`, bcRegistriesQuery)).body;
      await svc.close();
      svc = await start(false);
      expect(svc.registry.states().map((s) => stateDigest(s))).toEqual(states);
      expect(svc.registry.states().map((s) => svc.registry.latestSnapshot(s.registry.id).digest)).toEqual(snapshots);
      expect((await request(`${svc.base}/snapshot`)).body.digest).toBe(snapshots[0]);
      expect((await post(`${svc.base}/evaluate`, bcRegistriesQuery)).body).toEqual(decision);
      // And it keeps appending: the chain continues from the replayed snapshot.
      time.advance(3600);
      const reactivated = await admin(`/admin/authorizations/${encodeURIComponent(BCREG_AUTHZ)}/status`, { status: 'active', reason: 'investigation closed' });
      expect(reactivated.body.sequence).toBe(4);
      expect(svc.registry.latestSnapshot(BC).payload.previous?.digest).toBe(snapshots[1]);
      expect((await post(`${svc.base}/evaluate`, bcRegistriesQuery)).body.decision).toBe('trusted');
    });

    it('serves an OpenAPI 3.1 document listing every route, TRQP included', async () => {
      const doc = await request(`${svc.base}/openapi.json`);
      expect(doc.status).toBe(200);
      expect(doc.body.openapi).toBe('3.1.0');
      expect(doc.body.servers).toEqual([{ url: '/registry' }]);
      for (const path of ['/authorization', '/recognition', '/evaluate', '/evaluate/batch', '/entities', '/entities/{id}', '/credential-types', '/authorizations/{id}/history', '/recognitions', '/snapshot', '/snapshots/delta', '/bundle', '/admin/entities', '/admin/authorizations', '/admin/authorizations/{id}/status', '/admin/snapshots']) {
        expect(doc.body.paths).toHaveProperty([path]);
      }
      expect(doc.body.paths['/admin/snapshots'].post.security).toEqual([{ bearer: [] }]);
      // The VC API beside it still answers.
      expect((await request(`${svc.server.url}/health`)).body).toEqual({ status: 'ok' });
      expect((await request(`${svc.base}/nothing-here`)).body.code).toBe('ERR_HTTP_NOT_FOUND');
    });
  });
}

describe('RegistryService.open', () => {
  it('refuses an empty store without a seed, and an operator key the registry does not list', async () => {
    const backend = embeddedBackend();
    try {
      const store = await backend.open(await backend.createLocation());
      try {
        await expect(RegistryService.open({ store, operatorKeys: setup.operatorKeys, clock: fixedClock(START) })).rejects.toMatchObject({ code: 'ERR_REGISTRY_NOT_INITIALIZED' });
        const wrongKeys = { ...setup.operatorKeys, [HUB]: setup.operatorKeys[BC]! };
        await expect(RegistryService.open({ store, operatorKeys: wrongKeys, seed: setup.seed, clock: fixedClock(START) })).rejects.toMatchObject({ code: 'ERR_REGISTRY_OPERATOR_KEY' });
      } finally {
        await store.close();
      }
    } finally {
      await backend.dispose();
    }
  });
});
