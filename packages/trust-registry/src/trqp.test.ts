import { describe, expect, it } from 'vitest';
import { fixedClock } from '@trustbridge/core';
import { buildTrustIndex } from './trust-index.js';
import { seedPilotRegistries, PilotCredentialTypes as T } from './seed.js';
import { handleTrqpAuthorization, handleTrqpRecognition } from './trqp.js';

const clock = fixedClock('2025-06-01T00:00:00Z');
const seed = seedPilotRegistries();
const index = buildTrustIndex(seed.states, { root: seed.root });

describe('TRQP v2 POST /authorization', () => {
  it('answers authorized: true in the spec shape, echoing the PARC fields, with the decision attached', () => {
    const body = { entity_id: 'AcZpBDz3oxmKrpcuPcdKai', authority_id: seed.root, action: 'issue', resource: `${T.BusinessRegistration}@CA-BC`, context: { time: '2025-05-01T00:00:00Z', minimum_assurance_level: '3' } };
    const r = handleTrqpAuthorization(body, index, clock);
    expect(r.status).toBe(200);
    if (r.status !== 200) return;
    expect(r.body).toMatchObject({ entity_id: body.entity_id, authority_id: seed.root, action: 'issue', resource: body.resource, authorized: true, time_requested: '2025-05-01T00:00:00Z', time_evaluated: '2025-05-01T00:00:00Z', context: body.context });
    expect(r.body.decision?.path.at(-1)?.type).toBe('authorization');
  });

  it('uses the injected clock when context.time is absent, and accepts the authority DID of a registry', () => {
    const r = handleTrqpAuthorization({ entity_id: seed.entities.corporationsCanada, authority_id: 'did:web:canada.pilot.example', action: 'issue', resource: T.BusinessRegistration, context: { jurisdiction: 'CA' } }, index, clock);
    expect(r.status).toBe(200);
    if (r.status === 200) {
      expect(r.body.authorized).toBe(true);
      expect(r.body.time_evaluated).toBe('2025-06-01T00:00:00.000Z');
      expect(r.body.time_requested).toBeUndefined();
    }
  });

  it('answers authorized: false with reason codes in the message', () => {
    const r = handleTrqpAuthorization({ entity_id: seed.entities.prairieBank, authority_id: seed.root, action: 'verify', resource: T.PersonIdentity, context: { purpose: 'kyb-onboarding' } }, index, clock);
    expect(r.status).toBe(200);
    if (r.status === 200) {
      expect(r.body.authorized).toBe(false);
      expect(r.body.message).toContain('TR_NOT_AUTHORIZED_TYPE');
    }
  });

  it('validation errors are 400 problem documents with codes and JSON Pointers', () => {
    const cases: Array<[unknown, string]> = [
      [null, ''],
      [[], ''],
      [{ authority_id: seed.root, action: 'issue', resource: 'X@CA-BC' }, '/entity_id'],
      [{ entity_id: 'a', action: 'issue', resource: 'X@CA-BC' }, '/authority_id'],
      [{ entity_id: 'a', authority_id: seed.root, action: 'sign', resource: 'X@CA-BC' }, '/action'],
      [{ entity_id: 'a', authority_id: seed.root, action: 'issue' }, '/resource'],
      [{ entity_id: 'a', authority_id: seed.root, action: 'issue', resource: 'X@British-Columbia' }, '/resource'],
      [{ entity_id: 'a', authority_id: seed.root, action: 'issue', resource: 'X' }, '/resource'],
      [{ entity_id: 'a', authority_id: seed.root, action: 'issue', resource: 'X@CA-BC', context: { time: '2025-06-01T00:00:00+02:00' } }, '/context/time'],
      [{ entity_id: 'a', authority_id: seed.root, action: 'issue', resource: 'X@CA-BC', context: { time: 5 } }, '/context/time'],
      [{ entity_id: 'a', authority_id: seed.root, action: 'issue', resource: 'X@CA-BC', context: { minimum_assurance_level: '5' } }, '/context/minimum_assurance_level'],
      [{ entity_id: 'a', authority_id: seed.root, action: 'issue', resource: 'X@CA-BC', context: 'now' }, '/context'],
      [{ entity_id: 'x'.repeat(5000), authority_id: seed.root, action: 'issue', resource: 'X@CA-BC' }, '/entity_id'],
    ];
    for (const [body, pointer] of cases) {
      const r = handleTrqpAuthorization(body, index, clock);
      expect(r.status, JSON.stringify(body)?.slice(0, 80)).toBe(400);
      if (r.status === 400) {
        expect(r.body).toMatchObject({ type: 'urn:trustbridge:problem:ERR_TR_TRQP_REQUEST_INVALID', title: 'Bad Request', status: 400, code: 'ERR_TR_TRQP_REQUEST_INVALID' });
        expect(r.body.problems?.map((p) => p.path)).toContain(pointer);
      }
    }
  });

  it('unknown authority or entity → 404 problem documents', () => {
    const a = handleTrqpAuthorization({ entity_id: seed.entities.bcRegistries, authority_id: 'did:web:elsewhere.example', action: 'issue', resource: 'X@CA-BC' }, index, clock);
    expect(a.status).toBe(404);
    expect(a.body).toMatchObject({ code: 'ERR_TR_TRQP_NOT_FOUND', status: 404 });
    const e = handleTrqpAuthorization({ entity_id: 'did:web:nobody.example', authority_id: seed.root, action: 'issue', resource: `${T.BusinessRegistration}@CA-BC` }, index, clock);
    expect(e.status).toBe(404);
  });
});

describe('TRQP v2 POST /recognition', () => {
  const bc = seed.registries.bc.registry.id;
  it('the hub recognizes BC for issuing BC business credentials', () => {
    const r = handleTrqpRecognition({ entity_id: bc, authority_id: seed.root, action: 'issue', resource: `${T.BusinessRepresentative}@CA-BC` }, index, clock);
    expect(r).toMatchObject({ status: 200, body: { entity_id: bc, authority_id: seed.root, recognized: true } });
    const any = handleTrqpRecognition({ entity_id: 'did:web:gov.bc.pilot.example', authority_id: seed.root, action: 'recognize', resource: '*' }, index, clock);
    expect(any).toMatchObject({ status: 200, body: { recognized: true } });
  });
  it('out of scope, reversed, or outside the validity window → recognized: false', () => {
    expect(handleTrqpRecognition({ entity_id: seed.registries.ab.registry.id, authority_id: seed.root, action: 'issue', resource: `${T.PersonIdentity}@CA-AB` }, index, clock).body).toMatchObject({ recognized: false });
    expect(handleTrqpRecognition({ entity_id: seed.root, authority_id: bc, action: 'issue', resource: '*' }, index, clock).body).toMatchObject({ recognized: false });
    expect(handleTrqpRecognition({ entity_id: bc, authority_id: seed.root, action: 'issue', resource: '*', context: { time: '2030-01-01T00:00:00Z' } }, index, clock).body).toMatchObject({ recognized: false });
  });
  it('invalid request → 400', () => {
    expect(handleTrqpRecognition({ entity_id: bc, action: 'issue', resource: '*' }, index, clock).status).toBe(400);
  });
});
