/**
 * Verifier side of the OpenID4VP 1.0 authorization response (`response_mode=direct_post`, §8.2).
 *
 * The wallet posts `vp_token` and `state` form-encoded. In OpenID4VP 1.0 (final) `vp_token` is a JSON
 * object whose keys are the DCQL credential query ids and whose values are non-empty arrays of
 * presentations (§8.1): strings for `dc+sd-jwt` (SD-JWT+KB) and `jwt_vc_json` (vp+jwt), objects for
 * `ldp_vc` (a Data Integrity VP).
 *
 * Every presentation goes through `@trustbridge/vc` `verifyPresentation` with `challenge = nonce` and
 * `domain = client_id` (Appendix B.1.3.2 / B.3.6: DI `challenge`/`domain`, KB-JWT `nonce`/`aud`), then the
 * verified (disclosed) claims are matched against the DCQL query (§6.4). The request session is consumed
 * only when the response is accepted, so `state` and `nonce` are single use; a failed response spends
 * one of a small number of attempts.
 */
import { isObject, parseJson, systemClock, type Problem } from '@trustbridge/core';
import {
  consumeProtocolSession,
  createProtocolSession,
  getProtocolSession,
  recordProtocolSessionFailure,
} from '@trustbridge/store';
import { verifyPresentation, type PipelineResult, type PresentationVerificationResult, type VerifyPresentationOptions } from '@trustbridge/vc';
import { matchCredentialQuery } from '../dcql/match.js';
import type { DcqlCandidateCredential, DcqlCredentialQuery, DcqlQuery } from '../dcql/types.js';
import { evaluateInputDescriptor } from '../pex/definition.js';
import { PexErrorCodes, pexError } from '../pex/errors.js';
import { evaluateJsonPath, parseJsonPath } from '../pex/jsonpath.js';
import { parsePresentationSubmission, sdJwtDisclosedNames } from '../pex/submission.js';
import { dcqlAnswerSatisfies } from './dcql-sets.js';
import { Oid4vpErrorCodes as C, oid4vpError, type Oid4vpErrorCode } from './errors.js';
import { mapSessionError } from './sessions.js';
import { OID4VP_REQUEST_KIND, OID4VP_RESULT_KIND, type Oid4vpVerifierContext, type StoredAuthorizationRequest } from './types.js';

/** Bounds on a response. */
export interface Oid4vpResponseLimits {
  /** `vp_token` size in bytes (default 512 KiB). */
  maxVpTokenBytes?: number;
  /** Presentations in one response (default 16). */
  maxPresentations?: number;
}
export const DEFAULT_RESPONSE_LIMITS: Required<Oid4vpResponseLimits> = { maxVpTokenBytes: 512 * 1024, maxPresentations: 16 };

/** How long a stored result stays readable, seconds. */
export const RESULT_TTL_SECONDS = 3600;

/** Options of {@link handleAuthorizationResponse}. */
export interface HandleAuthorizationResponseOptions extends Oid4vpVerifierContext {
  /** Fixed verification options: resolver, document loader, `checkStatus`, `checkTrust`... */
  verifyOptions?: Omit<VerifyPresentationOptions, 'challenge' | 'domain' | 'clock'>;
  limits?: Oid4vpResponseLimits;
}

/** One verified presentation in a result. */
export interface VerifiedPresentation {
  /** The credential format (DCQL vocabulary). */
  format: string;
  /** The credential issuer. */
  issuer?: string;
  /** The verified claims: the VC JSON for `ldp_vc` / `jwt_vc_json`, the disclosed claims for `dc+sd-jwt`. */
  claims: Record<string, unknown>;
  /** The claims paths that satisfied the DCQL query. */
  claimPaths: Array<Array<string | number>>;
  /** Each verification check, by id and status. */
  checks: Array<{ id: string; status: string }>;
}

/** The stored outcome of an authorization request. */
export interface AuthorizationResult {
  status: 'verified' | 'declined';
  state: string;
  clientId: string;
  purpose?: string;
  /** When the response was accepted. */
  completedAt: string;
  /** Per credential query id, the verified presentations. */
  presentations: Record<string, VerifiedPresentation[]>;
  /** The wallet's error response (§8.5) when it declined. */
  error?: { error: string; error_description?: string };
}

/** What the response endpoint answers (§8.2): optionally where the wallet sends the user next. */
export interface AuthorizationResponseAnswer {
  redirect_uri?: string;
  result: AuthorizationResult;
}

function bad(code: Oid4vpErrorCode, message: string, details?: Record<string, unknown>): never {
  throw oid4vpError(code, message, details ? { details } : {});
}

const DCQL_FORMAT_OF: Readonly<Record<string, string>> = { 'dc+sd-jwt': 'dc+sd-jwt', 'vc+sd-jwt': 'dc+sd-jwt', 'vc+jwt': 'jwt_vc_json', jwt_vc_json: 'jwt_vc_json', ldp_vc: 'ldp_vc' };

/** All problems of a presentation result and of its credentials. */
function allProblems(result: PresentationVerificationResult): Problem[] {
  const failedChecks = (r: PipelineResult): Problem[] =>
    r.checks.filter((c) => c.status === 'failed' && c.code !== undefined).map((c) => ({ code: c.code!, message: c.message ?? 'Check failed.' }));
  return [...result.problems, ...failedChecks(result), ...result.credentials.flatMap((r) => [...r.problems, ...failedChecks(r)])];
}

/** The OpenID4VP code for a failed presentation: nonce or audience binding first, else generic. */
function failureCode(problems: Problem[]): Oid4vpErrorCode {
  const codes = problems.map((p) => `${p.code} ${p.specCode ?? ''}`);
  if (codes.some((c) => /NONCE|CHALLENGE/.test(c))) return C.NONCE_MISMATCH;
  if (codes.some((c) => /AUDIENCE|DOMAIN|_AUD\b/.test(c))) return C.AUDIENCE_MISMATCH;
  return C.PRESENTATION_INVALID;
}

function issuerOf(claims: Record<string, unknown>): string | undefined {
  const iss = claims.issuer ?? claims.iss;
  if (typeof iss === 'string') return iss;
  return isObject(iss) && typeof iss.id === 'string' ? iss.id : undefined;
}

/** Parses and bounds `vp_token` (§8.1): `{ <credential query id>: [presentation, ...] }`. */
export function parseVpToken(raw: unknown, query: DcqlQuery, limits: Oid4vpResponseLimits = {}): Record<string, unknown[]> {
  const L = { ...DEFAULT_RESPONSE_LIMITS, ...limits };
  if (typeof raw !== 'string' || raw.length === 0) bad(C.INVALID_REQUEST, '`vp_token` is required (§8.1).');
  if (Buffer.byteLength(raw, 'utf8') > L.maxVpTokenBytes) bad(C.TOO_LARGE, '`vp_token` is too large.', { maxBytes: L.maxVpTokenBytes });
  let value: unknown;
  try {
    value = parseJson(raw, { maxBytes: L.maxVpTokenBytes, maxDepth: 64 });
  } catch {
    bad(C.INVALID_REQUEST, '`vp_token` must be a JSON object keyed by credential query id (OpenID4VP 1.0 §8.1).');
  }
  if (!isObject(value) || Object.keys(value).length === 0) {
    bad(C.INVALID_REQUEST, '`vp_token` must be a non-empty JSON object keyed by credential query id (OpenID4VP 1.0 §8.1).');
  }
  const ids = new Map(query.credentials.map((q) => [q.id, q]));
  const out: Record<string, unknown[]> = {};
  let count = 0;
  for (const [id, list] of Object.entries(value)) {
    const q = ids.get(id);
    if (!q) bad(C.INVALID_REQUEST, '`vp_token` names a credential query id that was not requested.', { id });
    if (!Array.isArray(list) || list.length === 0) bad(C.INVALID_REQUEST, 'Each `vp_token` value must be a non-empty array of presentations (§8.1).', { id });
    if (!q.multiple && list.length > 1) bad(C.INVALID_REQUEST, 'Only one presentation may answer a credential query without `multiple` (§6.1).', { id });
    for (const p of list) {
      if (typeof p !== 'string' && !isObject(p)) bad(C.INVALID_REQUEST, 'A presentation must be a string or a JSON object.', { id });
    }
    count += list.length;
    if (count > L.maxPresentations) bad(C.TOO_LARGE, 'Too many presentations.', { max: L.maxPresentations });
    out[id] = list;
  }
  return out;
}

/** Verifies one presentation bound to the request (`challenge` = nonce, `domain` = client id); throws coded errors. */
async function verifyBound(
  presentation: unknown,
  answering: Record<string, unknown>,
  stored: StoredAuthorizationRequest,
  options: HandleAuthorizationResponseOptions,
): Promise<PresentationVerificationResult> {
  const result = await verifyPresentation(presentation, {
    ...options.verifyOptions,
    challenge: stored.nonce,
    domain: stored.audience,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  if (!result.verified) {
    const problems = allProblems(result);
    bad(failureCode(problems), 'A presentation could not be verified.', {
      ...answering,
      problems: problems.slice(0, 20).map((p) => ({ code: p.code, message: p.message, ...(p.path !== undefined ? { path: p.path } : {}) })),
    });
  }
  return result;
}

function checksOf(result: PresentationVerificationResult, cred: PipelineResult): Array<{ id: string; status: string }> {
  return [...result.checks.map((c) => ({ id: c.id, status: c.status })), ...cred.checks.map((c) => ({ id: `credential.${c.id}`, status: c.status }))];
}

async function verifyOne(
  presentation: unknown,
  query: DcqlCredentialQuery,
  stored: StoredAuthorizationRequest,
  options: HandleAuthorizationResponseOptions,
): Promise<VerifiedPresentation[]> {
  const result = await verifyBound(presentation, { credentialQueryId: query.id }, stored, options);
  if (result.credentials.length === 0) bad(C.QUERY_NOT_SATISFIED, 'A presentation carries no credential.', { credentialQueryId: query.id });
  const checks = result.checks.map((c) => ({ id: c.id, status: c.status }));
  return result.credentials.map((cred, i) => {
    const claims = isObject(cred.document) ? cred.document : {};
    const format = DCQL_FORMAT_OF[cred.format ?? ''] ?? cred.format ?? 'unknown';
    const candidate: DcqlCandidateCredential = { id: String(i), format, claims };
    const match = matchCredentialQuery(query, candidate);
    if (!match) bad(C.QUERY_NOT_SATISFIED, 'A presented credential does not satisfy its credential query.', { credentialQueryId: query.id });
    const issuer = issuerOf(claims);
    return { format, ...(issuer ? { issuer } : {}), claims, claimPaths: match.claimPaths, checks: [...checks, ...cred.checks.map((c) => ({ id: `credential.${c.id}`, status: c.status }))] };
  });
}

/**
 * Handles an authorization response posted to the response endpoint (OpenID4VP 1.0 §8.2) and stores
 * the result. Answers the `redirect_uri` to hand back to the wallet, if the request had one.
 *
 * Throws coded errors: `ERR_OID4VP_STATE_MISMATCH` (no such request), `ERR_OID4VP_RESPONSE_REPLAYED`
 * (already answered), `ERR_OID4VP_REQUEST_EXPIRED`, `ERR_OID4VP_REQUEST_LOCKED`,
 * `ERR_OID4VP_INVALID_REQUEST` / `ERR_OID4VP_TOO_LARGE` (malformed or oversized `vp_token`),
 * `ERR_OID4VP_NONCE_MISMATCH`, `ERR_OID4VP_AUDIENCE_MISMATCH`, `ERR_OID4VP_PRESENTATION_INVALID`,
 * `ERR_OID4VP_QUERY_NOT_SATISFIED`.
 */
export async function handleAuthorizationResponse(
  params: Record<string, unknown>,
  options: HandleAuthorizationResponseOptions,
): Promise<AuthorizationResponseAnswer> {
  const clockOpt = options.clock ? { clock: options.clock } : {};
  const state = params.state;
  if (typeof state !== 'string' || state.length === 0 || state.length > 512) bad(C.INVALID_REQUEST, '`state` is required (§8.2).');
  const key = { kind: OID4VP_REQUEST_KIND, id: state };
  let stored: StoredAuthorizationRequest;
  try {
    stored = (await getProtocolSession<StoredAuthorizationRequest>(options.store, key, clockOpt)).data;
  } catch (error) {
    throw mapSessionError(error, C.STATE_MISMATCH);
  }
  const base = { state, clientId: stored.clientId, ...(stored.purpose !== undefined ? { purpose: stored.purpose } : {}) };

  // §8.5: the wallet may answer with an error (e.g. the user declined, `access_denied`).
  if (params.error !== undefined) {
    if (typeof params.error !== 'string' || !/^[\x20-\x7e]{1,64}$/.test(params.error)) bad(C.INVALID_REQUEST, '`error` must be an OAuth error code.');
    const description = typeof params.error_description === 'string' ? params.error_description.slice(0, 512) : undefined;
    return finish(stored, options, {
      ...base,
      status: 'declined',
      completedAt: (options.clock ?? systemClock)().toISOString(),
      presentations: {},
      error: { error: params.error, ...(description !== undefined ? { error_description: description } : {}) },
    });
  }

  let verified: Record<string, VerifiedPresentation[]>;
  try {
    verified = stored.presentationDefinition ? await verifyPexResponse(params, stored, options) : await verifyDcqlResponse(params, stored, options);
  } catch (error) {
    // A failed response spends one attempt; the request locks after a few (no unlimited guessing).
    await recordProtocolSessionFailure(options.store, key, clockOpt).catch(() => undefined);
    throw error;
  }
  return finish(stored, options, { ...base, status: 'verified', completedAt: (options.clock ?? systemClock)().toISOString(), presentations: verified });
}

async function verifyDcqlResponse(
  params: Record<string, unknown>,
  stored: StoredAuthorizationRequest,
  options: HandleAuthorizationResponseOptions,
): Promise<Record<string, VerifiedPresentation[]>> {
  const query = stored.dcqlQuery!;
  const token = parseVpToken(params.vp_token, query, options.limits);
  if (!dcqlAnswerSatisfies(query, new Set(Object.keys(token)))) {
    bad(C.QUERY_NOT_SATISFIED, 'The response does not answer every required credential query (§6.4.2).');
  }
  const verified: Record<string, VerifiedPresentation[]> = {};
  for (const [id, list] of Object.entries(token)) {
    const q = query.credentials.find((c) => c.id === id)!;
    const out: VerifiedPresentation[] = [];
    for (const p of list) out.push(...(await verifyOne(p, q, stored, options)));
    verified[id] = out;
  }
  return verified;
}

/** The presentation formats (DIF claim format designations) a `descriptor_map` entry may name for a presentation. */
function presentationFormats(presentation: unknown): readonly string[] {
  if (typeof presentation === 'string') return presentation.includes('~') ? ['dc+sd-jwt', 'vc+sd-jwt'] : ['jwt_vp_json', 'jwt_vp'];
  return ['ldp_vp'];
}

/** `vp_token` of a Presentation Exchange response: one presentation (string or JSON object) or a JSON array of them. */
function parsePexVpToken(raw: unknown, limits: Oid4vpResponseLimits = {}): unknown {
  const L = { ...DEFAULT_RESPONSE_LIMITS, ...limits };
  if (typeof raw !== 'string' || raw.length === 0) bad(C.INVALID_REQUEST, '`vp_token` is required (§8.1).');
  if (Buffer.byteLength(raw, 'utf8') > L.maxVpTokenBytes) bad(C.TOO_LARGE, '`vp_token` is too large.', { maxBytes: L.maxVpTokenBytes });
  const text = raw.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return text;
  let value: unknown;
  try {
    value = parseJson(text, { maxBytes: L.maxVpTokenBytes, maxDepth: 64 });
  } catch {
    bad(C.INVALID_REQUEST, '`vp_token` is not valid JSON.');
  }
  if (Array.isArray(value) && (value.length === 0 || value.length > L.maxPresentations)) bad(C.INVALID_REQUEST, '`vp_token` must hold 1 to the maximum number of presentations.');
  return value;
}

/**
 * DIF Presentation Exchange 2.0 response: `vp_token` plus `presentation_submission` (§6). Each
 * `descriptor_map` entry selects a presentation in `vp_token` by `path` (and a credential in it by
 * `path_nested`, `$.verifiableCredential[n]`); the presentation is verified bound to the request, then
 * its credential is evaluated against the input descriptor, honouring `limit_disclosure: required`.
 */
async function verifyPexResponse(
  params: Record<string, unknown>,
  stored: StoredAuthorizationRequest,
  options: HandleAuthorizationResponseOptions,
): Promise<Record<string, VerifiedPresentation[]>> {
  const definition = stored.presentationDefinition!;
  const token = parsePexVpToken(params.vp_token, options.limits);
  const submission = parsePresentationSubmission(params.presentation_submission, definition);
  const verified: Record<string, VerifiedPresentation[]> = {};
  for (const entry of submission.descriptor_map) {
    const descriptor = definition.input_descriptors.find((d) => d.id === entry.id)!;
    const hits = evaluateJsonPath(token, parseJsonPath(entry.path));
    if (hits.length !== 1 || (typeof hits[0]!.value !== 'string' && !isObject(hits[0]!.value))) {
      throw pexError(PexErrorCodes.INVALID_SUBMISSION, 'descriptor_map path does not select one presentation in vp_token.', { id: entry.id });
    }
    const presentation = hits[0]!.value;
    if (!presentationFormats(presentation).includes(entry.format)) {
      throw pexError(PexErrorCodes.INVALID_SUBMISSION, 'descriptor_map format does not match the presentation.', { id: entry.id, format: entry.format });
    }
    const result = await verifyBound(presentation, { inputDescriptorId: entry.id }, stored, options);
    let index = 0;
    if (entry.path_nested) {
      const seg = parseJsonPath(entry.path_nested.path);
      if (seg.length !== 2 || seg[0] !== 'verifiableCredential' || typeof seg[1] !== 'number') {
        throw pexError(PexErrorCodes.INVALID_SUBMISSION, 'path_nested must be $.verifiableCredential[n].', { id: entry.id });
      }
      index = seg[1];
    } else if (result.credentials.length !== 1) {
      throw pexError(PexErrorCodes.INVALID_SUBMISSION, 'A presentation with several credentials needs path_nested.', { id: entry.id });
    }
    const cred = result.credentials[index];
    if (!cred) throw pexError(PexErrorCodes.INVALID_SUBMISSION, 'path_nested selects no credential.', { id: entry.id });
    const claims = isObject(cred.document) ? cred.document : {};
    const format = DCQL_FORMAT_OF[cred.format ?? ''] ?? cred.format ?? 'unknown';
    const match = evaluateInputDescriptor(definition, descriptor, { format, claims });
    if (!match) throw pexError(PexErrorCodes.DESCRIPTOR_NOT_SATISFIED, 'A presented credential does not satisfy its input descriptor.', { id: entry.id });
    const claimPaths = match.fieldPaths.filter((p): p is Array<string | number> => p !== undefined);
    if (match.limitDisclosure) {
      // Every disclosed claim must be one the descriptor's fields select (array elements ride with their claim).
      const allowed = new Set(claimPaths.flatMap((p) => p.filter((c): c is string => typeof c === 'string')));
      const extra = (sdJwtDisclosedNames(presentation) ?? []).filter((n) => !allowed.has(n));
      if (extra.length > 0) throw pexError(PexErrorCodes.DESCRIPTOR_NOT_SATISFIED, 'limit_disclosure is required but more claims than the fields ask for were disclosed.', { id: entry.id, extra: extra.length });
    }
    const issuer = issuerOf(claims);
    verified[entry.id] = [{ format, ...(issuer ? { issuer } : {}), claims, claimPaths, checks: checksOf(result, cred) }];
  }
  return verified;
}

async function finish(stored: StoredAuthorizationRequest, options: HandleAuthorizationResponseOptions, result: AuthorizationResult): Promise<AuthorizationResponseAnswer> {
  const clockOpt = options.clock ? { clock: options.clock } : {};
  // One conditional UPDATE decides among concurrent responses: only one is ever accepted.
  try {
    await consumeProtocolSession(options.store, { kind: OID4VP_REQUEST_KIND, id: stored.state }, clockOpt);
  } catch (error) {
    throw mapSessionError(error, C.STATE_MISMATCH);
  }
  await createProtocolSession(options.store, { kind: OID4VP_RESULT_KIND, id: stored.state, data: result, ttlSeconds: RESULT_TTL_SECONDS }, clockOpt);
  return { ...(stored.redirectUri !== undefined ? { redirect_uri: stored.redirectUri } : {}), result };
}

/** The state of an authorization request as the verifier's UI sees it. */
export type AuthorizationRequestStatus =
  | { status: 'pending'; expiresAt: string }
  | { status: 'expired' | 'failed' }
  | AuthorizationResult;

/**
 * The outcome of an authorization request: the stored result once answered, else `pending`,
 * `expired` or `failed` (locked after failed responses). Throws `ERR_OID4VP_NOT_FOUND`.
 */
export async function getAuthorizationResult(id: string, context: Oid4vpVerifierContext): Promise<AuthorizationRequestStatus> {
  if (typeof id !== 'string' || id.length === 0 || id.length > 512) bad(C.NOT_FOUND, 'Unknown authorization request.');
  const clockOpt = context.clock ? { clock: context.clock } : {};
  try {
    return (await getProtocolSession<AuthorizationResult>(context.store, { kind: OID4VP_RESULT_KIND, id }, clockOpt)).data;
  } catch {
    // No result (yet): report the request's state.
  }
  try {
    const s = await getProtocolSession<StoredAuthorizationRequest>(context.store, { kind: OID4VP_REQUEST_KIND, id }, clockOpt);
    return { status: 'pending', expiresAt: s.expiresAt.toISOString() };
  } catch (error) {
    const mapped = mapSessionError(error, C.NOT_FOUND) as { code?: string };
    if (mapped.code === C.REQUEST_EXPIRED) return { status: 'expired' };
    if (mapped.code === C.REQUEST_LOCKED) return { status: 'failed' };
    throw mapped;
  }
}
