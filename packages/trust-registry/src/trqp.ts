/**
 * ToIP Trust Registry Query Protocol v2 as pure functions: request validation and response shapes for
 * `POST /authorization` and `POST /recognition` (TRQP v2 §"Authorization API" / §"Recognition API",
 * schemas `trqp_authorization_request` / `trqp_recognition_request`, PARC form: `entity_id`,
 * `authority_id`, `action`, `resource`, `context.time`), errors as RFC 9457 problem documents
 * (the HTTPS binding's 400 / 404). An HTTP layer only has to pass the parsed body and send the result.
 *
 * TrustBridge conventions inside the spec's extension points:
 * - `resource` is a credential type, optionally with the subject's jurisdiction: `Type@CA-BC`.
 * - `context` (string values only, per the schema's `additionalProperties`) may carry `issued_at`,
 *   `jurisdiction`, `minimum_assurance_level`, `purpose` and `attributes` (comma-separated).
 */
import { isObject, type Clock } from '@trustbridge/core';
import { ErrorCodes } from './codes.js';
import { evaluate, type Decision, type TrustQuery } from './evaluate.js';
import type { Action, AssuranceLevel } from './model.js';
import { instantMs, isInstant, isJurisdiction, jurisdictionCovers } from './time.js';
import type { TrustIndex } from './trust-index.js';

/** TRQP v2 AuthorizationRequest / RecognitionRequest (PARC form). */
export interface TrqpRequest {
  entity_id: string;
  authority_id: string;
  action: string;
  resource: string;
  context?: { time?: string; [key: string]: string | undefined };
}

/** TRQP v2 AuthorizationResponse. */
export interface TrqpAuthorizationResponse {
  entity_id: string;
  authority_id: string;
  action: string;
  resource: string;
  authorized: boolean;
  time_requested?: string;
  time_evaluated: string;
  message: string;
  context?: Record<string, string>;
  /** TrustBridge extension: the full decision (reasons, path, snapshot digest). */
  decision?: Decision;
}

/** TRQP v2 RecognitionResponse. */
export interface TrqpRecognitionResponse {
  entity_id: string;
  authority_id: string;
  action: string;
  resource: string;
  recognized: boolean;
  time_requested?: string;
  time_evaluated: string;
  message: string;
  context?: Record<string, string>;
}

/** RFC 9457 problem document, with TrustBridge's stable `code` and the individual field problems. */
export interface TrqpProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  problems?: Array<{ code: string; message: string; path: string }>;
}

export type TrqpResult<T> = { status: 200; body: T } | { status: 400 | 404; body: TrqpProblem };

const ACTIONS = new Set<Action>(['issue', 'verify', 'hold', 'operate']);
const MAX_FIELD = 2048;

function problem(status: 400 | 404, code: string, detail: string, problems?: TrqpProblem['problems']): { status: 400 | 404; body: TrqpProblem } {
  return {
    status,
    body: {
      type: `urn:trustbridge:problem:${code}`,
      title: status === 400 ? 'Bad Request' : 'Not Found',
      status,
      detail,
      code,
      ...(problems ? { problems } : {}),
    },
  };
}

interface Parsed {
  request: TrqpRequest;
  query: Omit<TrustQuery, 'entity' | 'at'>;
  time: string | undefined;
}

function parseRequest(body: unknown, recognition: boolean): Parsed | { status: 400; body: TrqpProblem } {
  const errs: NonNullable<TrqpProblem['problems']> = [];
  const bad = (path: string, message: string) => errs.push({ code: ErrorCodes.ERR_TR_TRQP_REQUEST_INVALID, message, path });
  if (!isObject(body)) return problem(400, ErrorCodes.ERR_TR_TRQP_REQUEST_INVALID, 'The request body must be a JSON object.', [{ code: ErrorCodes.ERR_TR_TRQP_REQUEST_INVALID, message: 'must be an object', path: '' }]) as { status: 400; body: TrqpProblem };
  for (const f of ['entity_id', 'authority_id', 'action', 'resource'] as const) {
    const v = body[f];
    if (typeof v !== 'string' || v.length === 0 || v.length > MAX_FIELD) bad(`/${f}`, `${f} is required (a non-empty string)`);
  }
  if (typeof body.action === 'string' && body.action && !ACTIONS.has(body.action as Action) && !(recognition && body.action === 'recognize')) {
    bad('/action', recognition ? 'action must be recognize, issue, verify, hold or operate' : 'action must be issue, verify, hold or operate');
  }
  let credentialType: string | undefined;
  let jurisdiction: string | undefined;
  if (typeof body.resource === 'string' && body.resource) {
    const at = body.resource.lastIndexOf('@');
    credentialType = at > 0 ? body.resource.slice(0, at) : body.resource;
    if (at > 0) {
      jurisdiction = body.resource.slice(at + 1);
      if (!isJurisdiction(jurisdiction) || jurisdiction.includes('*')) bad('/resource', 'the jurisdiction after @ must be an ISO 3166 code such as CA-BC');
    }
  }
  const ctx = body.context;
  const query: Omit<TrustQuery, 'entity' | 'at'> = { action: body.action as Action, ...(credentialType ? { credentialType } : {}) };
  let time: string | undefined;
  if (ctx !== undefined) {
    if (!isObject(ctx)) bad('/context', 'context must be an object');
    else {
      for (const [k, v] of Object.entries(ctx)) if (typeof v !== 'string' || v.length > MAX_FIELD) bad(`/context/${k}`, 'context values must be strings');
      if (ctx.time !== undefined) {
        if (isInstant(ctx.time)) time = ctx.time;
        else bad('/context/time', 'time must be RFC 3339 with the Z offset');
      }
      if (typeof ctx.issued_at === 'string') {
        if (isInstant(ctx.issued_at)) query.issuedAt = ctx.issued_at;
        else bad('/context/issued_at', 'issued_at must be RFC 3339 with the Z offset');
      }
      if (typeof ctx.jurisdiction === 'string') {
        if (jurisdiction !== undefined && ctx.jurisdiction !== jurisdiction) bad('/context/jurisdiction', 'conflicts with the jurisdiction in resource');
        else if (!isJurisdiction(ctx.jurisdiction) || ctx.jurisdiction.includes('*')) bad('/context/jurisdiction', 'must be an ISO 3166 code such as CA-BC');
        else jurisdiction = ctx.jurisdiction;
      }
      if (typeof ctx.minimum_assurance_level === 'string') {
        const n = Number(ctx.minimum_assurance_level);
        if (![1, 2, 3, 4].includes(n) || !/^[1-4]$/.test(ctx.minimum_assurance_level)) bad('/context/minimum_assurance_level', 'must be 1, 2, 3 or 4');
        else query.minimumAssuranceLevel = n as AssuranceLevel;
      }
      if (typeof ctx.purpose === 'string') query.purpose = ctx.purpose;
      if (typeof ctx.attributes === 'string') query.attributes = ctx.attributes.split(',').map((a) => a.trim()).filter(Boolean);
    }
  }
  if (jurisdiction !== undefined) query.jurisdiction = jurisdiction;
  if (!recognition && query.action === 'issue' && jurisdiction === undefined && errs.length === 0) bad('/resource', 'issue needs the subject jurisdiction: resource "Type@CA-BC" or context.jurisdiction');
  if (errs.length) return problem(400, ErrorCodes.ERR_TR_TRQP_REQUEST_INVALID, errs[0]!.message, errs) as { status: 400; body: TrqpProblem };
  return { request: body as unknown as TrqpRequest, query, time };
}

function echo(req: TrqpRequest, timeRequested: string | undefined, timeEvaluated: string) {
  return {
    entity_id: req.entity_id,
    authority_id: req.authority_id,
    action: req.action,
    resource: req.resource,
    ...(timeRequested ? { time_requested: timeRequested } : {}),
    time_evaluated: timeEvaluated,
  };
}

function contextOf(req: TrqpRequest): Record<string, string> | undefined {
  return req.context ? (Object.fromEntries(Object.entries(req.context).filter(([, v]) => typeof v === 'string')) as Record<string, string>) : undefined;
}

/**
 * `POST /authorization`: "is `entity_id` authorized by `authority_id` to `action` on `resource` (at
 * `context.time`)?" The authority is a registry of the index (by registry id or authority id); the
 * evaluation starts there. Returns 200 with `authorized` (and the full `decision`), 400 for an invalid
 * request, 404 when the authority or the entity is unknown. `indeterminate` answers `authorized: false`.
 *
 * @example
 * ```ts
 * const { status, body } = handleTrqpAuthorization(req.body, index, systemClock);
 * res.status(status).type(status === 200 ? 'application/json' : 'application/problem+json').json(body);
 * ```
 */
export function handleTrqpAuthorization(body: unknown, index: TrustIndex, clock: Clock): TrqpResult<TrqpAuthorizationResponse> {
  const parsed = parseRequest(body, false);
  if ('status' in parsed) return parsed;
  const { request, query, time } = parsed;
  const registryId = index.aliases.get(request.authority_id);
  if (!registryId) return problem(404, ErrorCodes.ERR_TR_TRQP_NOT_FOUND, 'The authority is not known to this registry.');
  const scoped: TrustIndex = registryId === index.root ? index : { ...index, root: registryId };
  const at = time ?? clock().toISOString();
  const q: TrustQuery = { ...query, entity: request.entity_id, at };
  const decision = evaluate(scoped, q);
  if (decision.decision === 'not-trusted' && decision.reasons.length === 1 && decision.reasons[0]!.code === 'TR_ENTITY_UNKNOWN') {
    return problem(404, ErrorCodes.ERR_TR_TRQP_NOT_FOUND, 'The entity is not known to this registry.');
  }
  const authorized = decision.decision === 'trusted';
  const message = authorized
    ? `${request.entity_id} is authorized for ${request.action}+${request.resource} by ${request.authority_id}.`
    : `${request.entity_id} is not authorized (${decision.decision}): ${decision.reasons.map((r) => r.code).join(', ')}.`;
  const context = contextOf(request);
  return {
    status: 200,
    body: { ...echo(request, time, at), authorized, message, ...(context ? { context } : {}), decision },
  };
}

/**
 * `POST /recognition`: "does `authority_id` recognize the registry `entity_id` for `action` on
 * `resource`?" Direct recognitions only (one hop), judged at `context.time`: in its validity window,
 * `active`, and its scope covering the action, the credential type and jurisdiction (`*` resource
 * matches any type). Returns 200 with `recognized`, 400 or 404 problem documents.
 */
export function handleTrqpRecognition(body: unknown, index: TrustIndex, clock: Clock): TrqpResult<TrqpRecognitionResponse> {
  const parsed = parseRequest(body, true);
  if ('status' in parsed) return parsed;
  const { query, time } = parsed;
  const request = body as unknown as TrqpRequest;
  const authority = index.aliases.get(request.authority_id);
  if (!authority) return problem(404, ErrorCodes.ERR_TR_TRQP_NOT_FOUND, 'The authority is not known to this registry.');
  const at = time ?? clock().toISOString();
  const atMs = instantMs(at);
  const target = index.aliases.get(request.entity_id) ?? request.entity_id;
  const registry = index.registries.get(authority)!;
  const anyType = query.credentialType === '*';
  let found: { id: string; why?: string } | undefined;
  for (const ir of registry.recognitions) {
    if (ir.recognition.recognizes !== target) continue;
    const why = (() => {
      if (query.action !== ('recognize' as Action) && !ir.actions.has(query.action)) return 'action out of scope';
      if (!anyType && query.credentialType && !ir.allTypes && !ir.types.has(query.credentialType)) return 'resource out of scope';
      if (query.jurisdiction && !ir.recognition.scope.jurisdictions.some((j) => jurisdictionCovers(j, query.jurisdiction!))) return 'jurisdiction out of scope';
      if (atMs < ir.fromMs || atMs >= ir.untilMs) return 'not in force';
      let status: string | undefined;
      for (const e of ir.events) if (e.atMs <= atMs) status = e.status;
      return status === 'active' ? undefined : `status ${status ?? 'pending'}`;
    })();
    if (!why) {
      found = { id: ir.recognition.id };
      break;
    }
    found ??= { id: ir.recognition.id, why };
  }
  const recognized = found !== undefined && found.why === undefined;
  const message = recognized
    ? `${request.entity_id} is recognized by ${request.authority_id} (${found!.id}).`
    : found
      ? `${request.entity_id} is not recognized by ${request.authority_id}: ${found.why}.`
      : `${request.authority_id} holds no recognition of ${request.entity_id}.`;
  const context = contextOf(request);
  return { status: 200, body: { ...echo(request, time, at), recognized, message, ...(context ? { context } : {}) } };
}
