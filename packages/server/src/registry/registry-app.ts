/**
 * The trust registry over HTTP: its own read API (evaluate, entities, credential types, history,
 * recognitions, snapshots, deltas, bundle), the ToIP TRQP v2 endpoints (`POST /authorization`,
 * `POST /recognition`), a bearer-token admin API, and its OpenAPI 3.1 document. An express app that
 * mounts under any base path (`outer.use('/registry', app)`); every error is an RFC 9457 problem
 * document from `problem.ts`.
 */
import type { Express, Request, Response } from 'express';
import { TrustBridgeError, isObject, isTrustBridgeError, systemClock, type Clock } from '@trustbridge/core';
import {
  findEntity,
  handleTrqpAuthorization,
  handleTrqpRecognition,
  type Action,
  type AssuranceLevel,
  type Authorization,
  type Entity,
  type StatusValue,
  type TrqpProblem,
  type TrustQuery,
} from '@trustbridge/trust-registry';
import type { BodyLimits } from '../body.js';
import { allowOnly, createServiceApp, finishServiceApp, invalidRequest, jsonBody } from '../http.js';
import { createSilentLogger, type Logger } from '../logger.js';
import { requireAdminToken } from './admin-auth.js';
import { registryOpenApi } from './openapi.js';
import type { RegistryService } from './registry-service.js';

/** Options of {@link createRegistryApp}. */
export interface RegistryAppOptions {
  /** The opened service (see `RegistryService.open`); it owns the store and the operator keys. */
  registry: RegistryService;
  /** Bearer token of the admin API (≥ 16 characters). Absent: admin requests answer 403. */
  adminToken?: string;
  /** Default: the system clock (TRQP `time_evaluated`, evaluation time). */
  clock?: Clock;
  /** Most queries in one `POST /evaluate/batch`. Default 100. */
  maxBatch?: number;
  /** The path the app is mounted at, for the OpenAPI `servers` entry (e.g. `/registry`). Default `/`. */
  basePath?: string;
  logger?: Logger;
  limits?: BodyLimits;
}

const ACTIONS = new Set<Action>(['issue', 'verify', 'hold', 'operate']);
const STATUSES = new Set<StatusValue>(['active', 'suspended', 'revoked']);
const QUERY_FIELDS = new Set(['entity', 'action', 'credentialType', 'jurisdiction', 'minimumAssuranceLevel', 'issuedAt', 'at', 'purpose', 'attributes', 'maxPathLength']);

/** Reads an evaluate query from JSON, naming each bad member by JSON Pointer under `base`. */
function parseQuery(value: unknown, base: string): Omit<TrustQuery, 'at'> & { at?: string } {
  if (!isObject(value)) throw queryInvalid('A query must be a JSON object.', base);
  for (const key of Object.keys(value)) if (!QUERY_FIELDS.has(key)) throw queryInvalid(`Unknown query member "${key}".`, `${base}/${key}`);
  const str = (k: string): string | undefined => {
    const v = value[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.length === 0 || v.length > 2048) throw queryInvalid(`${k} must be a non-empty string.`, `${base}/${k}`);
    return v;
  };
  const entity = str('entity');
  if (entity === undefined) throw queryInvalid('entity is required.', `${base}/entity`);
  const action = str('action');
  if (!ACTIONS.has(action as Action)) throw queryInvalid('action must be issue, verify, hold or operate.', `${base}/action`);
  const level = value['minimumAssuranceLevel'];
  if (level !== undefined && level !== 1 && level !== 2 && level !== 3 && level !== 4) throw queryInvalid('minimumAssuranceLevel must be 1, 2, 3 or 4.', `${base}/minimumAssuranceLevel`);
  const attributes = value['attributes'];
  if (attributes !== undefined && !(Array.isArray(attributes) && attributes.length <= 256 && attributes.every((a) => typeof a === 'string' && a.length > 0 && a.length <= 256))) {
    throw queryInvalid('attributes must be an array of strings.', `${base}/attributes`);
  }
  const maxPathLength = value['maxPathLength'];
  if (maxPathLength !== undefined && !(Number.isInteger(maxPathLength) && (maxPathLength as number) >= 1 && (maxPathLength as number) <= 16)) {
    throw queryInvalid('maxPathLength must be an integer from 1 to 16.', `${base}/maxPathLength`);
  }
  const optional = {
    credentialType: str('credentialType'),
    jurisdiction: str('jurisdiction'),
    issuedAt: str('issuedAt'),
    at: str('at'),
    purpose: str('purpose'),
  };
  return {
    entity,
    action: action as Action,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    ...(level !== undefined ? { minimumAssuranceLevel: level as AssuranceLevel } : {}),
    ...(attributes !== undefined ? { attributes: attributes as string[] } : {}),
    ...(maxPathLength !== undefined ? { maxPathLength: maxPathLength as number } : {}),
  };
}

function queryInvalid(message: string, path: string): TrustBridgeError {
  return new TrustBridgeError('ERR_TR_QUERY_INVALID', message, { details: { problems: [{ code: 'ERR_TR_QUERY_INVALID', message, path }] } });
}

/** The library reports bad queries with `details.field`; name it as a JSON Pointer of the request. */
function withQueryPath<T>(base: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (isTrustBridgeError(error) && error.code === 'ERR_TR_QUERY_INVALID') {
      const field = typeof error.details?.['field'] === 'string' ? `/${error.details['field']}` : '';
      throw queryInvalid(error.message, `${base}${field}`);
    }
    throw error;
  }
}

/** State problems (`{ pointer, message }`) as request problems under the member that carried the record. */
async function asRequestProblems<T>(member: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isTrustBridgeError(error) && error.code === 'ERR_TR_STATE_INVALID') {
      const list = Array.isArray(error.details?.['problems']) ? (error.details['problems'] as Array<{ pointer?: string; message?: string }>) : [];
      // Pointers name the record inside the registry state (`/entities/7/name`); keep the field part.
      const problems = list.map((p) => ({
        code: 'ERR_TR_STATE_INVALID',
        message: p.message ?? 'invalid',
        path: `/${member}${(p.pointer ?? '').replace(/^\/(?:entities|authorizations)\/\d+/, '')}`,
      }));
      throw new TrustBridgeError('ERR_TR_STATE_INVALID', error.message, { details: { problems } });
    }
    throw error;
  }
}

function trqpFailure(body: TrqpProblem): TrustBridgeError {
  return new TrustBridgeError(body.code, body.detail, { details: { problems: body.problems ?? [] } });
}

function optionalText(body: Record<string, unknown>, name: string, max = 2048): string | undefined {
  const v = body[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0 || v.length > max) throw invalidRequest(`${name} must be a non-empty string.`, `/${name}`);
  return v;
}

function intParam(value: unknown, name: string, min: number, max: number, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new TrustBridgeError('ERR_REQUEST_INVALID', `${name} must be an integer from ${min} to ${max}.`, {
      details: { problems: [{ code: 'ERR_REQUEST_INVALID', message: `${name} must be an integer from ${min} to ${max}.`, path: `?${name}` }] },
    });
  }
  return Number(value);
}

function queryString(req: Request, name: string): string | undefined {
  const v = req.query[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0) throw invalidRequest(`${name} must be given once, non-empty.`, `?${name}`);
  return v;
}

/**
 * Creates the trust registry express app. Mount it under a base path, or serve it alone.
 *
 * @example
 * ```ts
 * const registry = await RegistryService.open({ store, operatorKeys, seed });
 * const outer = express();
 * outer.use('/registry', createRegistryApp({ registry, adminToken: process.env.TRUSTBRIDGE_ADMIN_TOKEN, basePath: '/registry' }));
 * ```
 */
export function createRegistryApp(options: RegistryAppOptions): Express {
  const { registry, limits } = options;
  const logger = options.logger ?? createSilentLogger();
  const clock = options.clock ?? systemClock;
  const maxBatch = options.maxBatch ?? 100;
  const admin = requireAdminToken(options.adminToken);
  const openapi = registryOpenApi({ basePath: options.basePath ?? '/', maxBatch });
  const app = createServiceApp({ logger, ...(limits ? { limits } : {}) });
  const route = (method: 'get' | 'post', path: string, handler: (req: Request, res: Response) => Promise<void> | void, guard?: typeof admin) => {
    if (guard) app[method](path, guard, handler);
    else app[method](path, handler);
    allowOnly(app, path, [method.toUpperCase()]);
  };

  route('get', '/', (_req, res) => {
    res.json({ name: 'TrustBridge trust registry', root: registry.root, registries: registry.states().map((s) => ({ id: s.registry.id, name: s.registry.name, sequence: s.sequence })), openapi: 'openapi.json' });
  });
  route('get', '/openapi.json', (_req, res) => {
    res.json(openapi);
  });

  // --- Evaluation -------------------------------------------------------------------------------
  route('post', '/evaluate', async (req, res) => {
    const body = await jsonBody(req, limits);
    const query = parseQuery(body, '');
    res.json(withQueryPath('', () => registry.evaluate(query)));
  });
  route('post', '/evaluate/batch', async (req, res) => {
    const body = await jsonBody(req, limits);
    const queries = body['queries'];
    if (!Array.isArray(queries) || queries.length === 0) throw invalidRequest('queries must be a non-empty array.', '/queries');
    if (queries.length > maxBatch) throw invalidRequest(`At most ${maxBatch} queries per batch.`, '/queries');
    const parsed = queries.map((q, i) => parseQuery(q, `/queries/${i}`));
    res.json({ results: parsed.map((q, i) => withQueryPath(`/queries/${i}`, () => registry.evaluate(q))) });
  });

  // --- TRQP v2 -----------------------------------------------------------------------------------
  route('post', '/authorization', async (req, res) => {
    const body = await jsonBody(req, limits);
    const result = handleTrqpAuthorization(body, registry.index, clock);
    if (result.status !== 200) throw trqpFailure(result.body);
    res.json(result.body);
  });
  route('post', '/recognition', async (req, res) => {
    const body = await jsonBody(req, limits);
    const result = handleTrqpRecognition(body, registry.index, clock);
    if (result.status !== 200) throw trqpFailure(result.body);
    res.json(result.body);
  });

  // --- Reads -------------------------------------------------------------------------------------
  route('get', '/entities', (req, res) => {
    const only = queryString(req, 'registry');
    const role = queryString(req, 'role');
    const limit = intParam(req.query['limit'], 'limit', 1, 1000, 100);
    const offset = intParam(req.query['offset'], 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
    const all = registry
      .states()
      .filter((s) => only === undefined || s.registry.id === only)
      .flatMap((s) => s.entities.filter((e) => role === undefined || e.roles.includes(role as Entity['roles'][number])).map((entity) => ({ registry: s.registry.id, entity })));
    res.json({ total: all.length, offset, limit, entities: all.slice(offset, offset + limit) });
  });
  route('get', '/entities/:id', (req, res) => {
    const id = String(req.params['id']);
    // Any identifier form: DID, unqualified Indy DID (also did:sov / did:indy), registry number, BN9 or BN15.
    const matches = findEntity(registry.index, id).map(({ registry: rid, entity }) => ({
      registry: rid,
      entity,
      authorizations: registry.state(rid).authorizations.filter((a) => a.entity === entity.id),
    }));
    if (matches.length === 0) throw new TrustBridgeError('ERR_REGISTRY_NOT_FOUND', 'No entity with this identifier.');
    res.json({ identifier: id, matches });
  });
  route('get', '/credential-types', (_req, res) => {
    const types = new Map<string, Array<Record<string, unknown>>>();
    for (const s of registry.states()) {
      for (const a of s.authorizations) {
        if (a.action !== 'issue') continue;
        for (const t of a.resource.credentialTypes) {
          const list = types.get(t) ?? [];
          list.push({ registry: s.registry.id, entity: a.entity, authorization: a.id, jurisdictions: a.resource.jurisdictions, ...(a.resource.maxAssuranceLevel ? { maxAssuranceLevel: a.resource.maxAssuranceLevel } : {}) });
          types.set(t, list);
        }
      }
    }
    res.json({ credentialTypes: [...types].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([type, issuers]) => ({ type, issuers })) });
  });
  route('get', '/authorizations/:id/history', async (req, res) => {
    res.json(await registry.authorizationHistory(String(req.params['id'])));
  });
  route('get', '/recognitions', (_req, res) => {
    res.json({ recognitions: registry.states().flatMap((s) => s.recognitions.map((recognition) => ({ registry: s.registry.id, recognition }))) });
  });
  route('get', '/snapshot', (req, res) => {
    const s = registry.latestSnapshot(queryString(req, 'registry') ?? registry.root);
    res.setHeader('Cache-Control', 'no-cache');
    res.json({ registry: s.payload.registry, sequence: s.payload.sequence, digest: s.digest, stateDigest: s.payload.stateDigest, issuedAt: s.payload.issuedAt, nextUpdate: s.payload.nextUpdate, ...(s.payload.previous ? { previous: s.payload.previous } : {}), jws: s.jws });
  });
  route('get', '/snapshots/delta', async (req, res) => {
    const since = intParam(req.query['since'], 'since', 1, Number.MAX_SAFE_INTEGER);
    res.json(await registry.delta(queryString(req, 'registry') ?? registry.root, since));
  });
  route('get', '/bundle', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.json(registry.bundle());
  });

  // --- Admin (bearer token) -----------------------------------------------------------------------
  route(
    'post',
    '/admin/entities',
    async (req, res) => {
      const body = await jsonBody(req, limits);
      if (!isObject(body['entity'])) throw invalidRequest('entity must be a JSON object.', '/entity');
      const target = optionalText(body, 'registry');
      const result = await asRequestProblems('entity', () => registry.addEntity(body['entity'] as unknown as Entity, target ?? registry.root));
      res.status(201).json(result);
    },
    admin,
  );
  route(
    'post',
    '/admin/authorizations',
    async (req, res) => {
      const body = await jsonBody(req, limits);
      if (!isObject(body['authorization'])) throw invalidRequest('authorization must be a JSON object.', '/authorization');
      const target = optionalText(body, 'registry');
      const result = await asRequestProblems('authorization', () => registry.addAuthorization(body['authorization'] as unknown as Authorization, target ?? registry.root));
      res.status(201).json(result);
    },
    admin,
  );
  route(
    'post',
    '/admin/authorizations/:id/status',
    async (req, res) => {
      const body = await jsonBody(req, limits);
      const status = optionalText(body, 'status');
      if (status !== undefined && !STATUSES.has(status as StatusValue)) throw invalidRequest('status must be active, suspended or revoked.', '/status');
      const compromisedSince = optionalText(body, 'compromisedSince');
      if (status === undefined && compromisedSince === undefined) throw invalidRequest('Give status, compromisedSince, or both.', '/status');
      const at = optionalText(body, 'at');
      const reason = optionalText(body, 'reason', 1024);
      const result = await asRequestProblems('', () =>
        registry.changeAuthorizationStatus(String(req.params['id']), {
          ...(status !== undefined ? { status: status as StatusValue } : {}),
          ...(at !== undefined ? { at } : {}),
          ...(reason !== undefined ? { reason } : {}),
          ...(compromisedSince !== undefined ? { compromisedSince } : {}),
        }),
      );
      res.status(201).json(result);
    },
    admin,
  );
  route(
    'post',
    '/admin/snapshots',
    async (req, res) => {
      const body = req.headers['content-length'] === '0' || req.headers['content-type'] === undefined ? {} : await jsonBody(req, limits);
      const target = optionalText(body, 'registry');
      res.status(201).json(await registry.publishSnapshot(target ?? registry.root));
    },
    admin,
  );

  return finishServiceApp(app, { logger });
}
