/**
 * OpenID4VP 1.0 verifier endpoints on the VC API service (handlers from `@trustbridge/protocols`):
 *
 * - `POST /oid4vp/requests` (admin bearer token; JSON `{ dcql_query | presentation_definition, purpose?, signed?, redirect_uri? }`)
 *   creates an authorization request → 201 `{ id, authorization_request_uri, authorization_request_uri_by_value,
 *   request_uri, client_id, expires_at }` (DIF PE 2 `presentation_definition` for counterparts without DCQL).
 * - `GET /oid4vp/requests/:id` serves the request object (`application/oauth-authz-req+jwt`, RFC 9101 §5.2).
 * - `POST /oid4vp/response` is the `direct_post` response endpoint (OpenID4VP 1.0 §8.2): form-encoded
 *   `vp_token` and `state` → 200 `{ redirect_uri? }`.
 * - `GET /oid4vp/requests/:id/result` (admin) returns the outcome: pending, verified, declined, expired, failed.
 *
 * Errors are RFC 9457 problem documents with the stable `code` and, for the wallet, the OAuth `error`.
 */
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { TrustBridgeError, isObject, isTrustBridgeError, systemClock, type Clock, type Signer } from '@trustbridge/core';
import {
  OAUTH_ERRORS,
  REQUEST_OBJECT_MEDIA_TYPE,
  createAuthorizationRequest,
  getAuthorizationResult,
  getRequestObject,
  handleAuthorizationResponse,
  type Oid4vpErrorCode,
  type Oid4vpResponseLimits,
} from '@trustbridge/protocols';
import type { RandomSource, SqlExecutor } from '@trustbridge/store';
import type { VerifyPresentationOptions } from '@trustbridge/vc';
import { readRawBody, type BodyLimits } from '../body.js';
import { allowOnly, jsonBody, sendProblem } from '../http.js';
import { createProblem, toProblemDocument } from '../problem.js';
import { requireAdminToken } from '../registry/admin-auth.js';

/** Largest form-encoded response body accepted (bytes). */
export const MAX_OID4VP_RESPONSE_BYTES = 768 * 1024;

/** What the service passes in to enable the OpenID4VP verifier. */
export interface Oid4vpServiceOptions {
  store: SqlExecutor;
  /** The service's public base URL (request and response URIs are built from it). */
  publicBaseUrl: () => string;
  /** Bearer token for the verifier-side admin routes (create request, read result). Without it they answer 403. */
  adminToken?: string;
  /** Request lifetime, seconds. */
  ttlSeconds?: number;
  limits?: Oid4vpResponseLimits;
  random?: RandomSource;
}

/** Dependencies from the app. */
export interface Oid4vpRouteDependencies {
  /** The verifier's signer (the service's DID key); `signer.id` is a DID URL. */
  signer?: Signer;
  clock?: Clock;
  verifyOptions?: Omit<VerifyPresentationOptions, 'challenge' | 'domain' | 'clock'>;
  limits?: BodyLimits;
}

const STATUS: Readonly<Record<string, number>> = {
  ERR_OID4VP_NOT_FOUND: 404,
  ERR_OID4VP_TOO_LARGE: 413,
  ERR_OID4VP_OPTIONS_INVALID: 400,
  ERR_OID4VP_REQUEST_LOCKED: 403,
};

/** Sends an OpenID4VP or DCQL error as a problem document carrying the OAuth `error` (§8.5). */
function sendOid4vpProblem(res: Response, error: unknown, req: Request): void {
  const close: Record<string, string> = req.complete ? {} : { Connection: 'close' };
  if (isTrustBridgeError(error) && /^ERR_(OID4VP|DCQL|PEX)_/.test(error.code)) {
    const oauth = OAUTH_ERRORS[error.code as Oid4vpErrorCode] ?? (/^ERR_(DCQL|PEX)_/.test(error.code) ? 'invalid_request' : undefined);
    const problems = Array.isArray(error.details?.['problems']) ? (error.details!['problems'] as never) : undefined;
    sendProblem(
      res,
      createProblem(error.code, error.message, {
        status: STATUS[error.code] ?? 400,
        ...(error.specCode ? { specCode: error.specCode } : {}),
        ...(problems ? { problems } : {}),
        ...(oauth ? { error: oauth, error_description: error.message } : {}),
      }),
      close,
    );
    return;
  }
  sendProblem(res, toProblemDocument(error), close);
}

const wrap =
  (fn: (req: Request, res: Response) => Promise<void>): RequestHandler =>
  (req: Request, res: Response, _next: NextFunction) => {
    fn(req, res).catch((error: unknown) => sendOid4vpProblem(res, error, req));
  };

/** Reads an `application/x-www-form-urlencoded` body (the `direct_post` encoding, OpenID4VP 1.0 §8.2). */
async function formBody(req: Request, maxBytes: number): Promise<Record<string, string>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    throw new TrustBridgeError('ERR_HTTP_UNSUPPORTED_MEDIA_TYPE', 'The response must be application/x-www-form-urlencoded (direct_post).');
  }
  const raw = await readRawBody(req, maxBytes).catch((error: unknown) => {
    if (isTrustBridgeError(error, 'ERR_INPUT_TOO_LARGE')) throw new TrustBridgeError('ERR_OID4VP_TOO_LARGE', 'The response is too large.', { specCode: 'invalid_request' });
    throw error;
  });
  const params = new URLSearchParams(raw.toString('utf8'));
  const out: Record<string, string> = {};
  for (const [k, v] of params) {
    if (k in out) throw new TrustBridgeError('ERR_OID4VP_INVALID_REQUEST', `Parameter ${k} is repeated.`, { specCode: 'invalid_request' });
    out[k] = v;
  }
  return out;
}

/** Mounts the OpenID4VP verifier routes; without `options` nothing is mounted. */
export function mountOid4vpRoutes(app: Express, options: Oid4vpServiceOptions | undefined, deps: Oid4vpRouteDependencies): void {
  if (!options) return;
  const clock = deps.clock ?? systemClock;
  const context = { store: options.store, clock, ...(options.random ? { random: options.random } : {}) };
  const admin = requireAdminToken(options.adminToken, 'trustbridge-oid4vp');
  const base = () => `${options.publicBaseUrl().replace(/\/+$/, '')}/oid4vp`;

  app.post(
    '/oid4vp/requests',
    admin,
    wrap(async (req, res) => {
      const body = await jsonBody(req, deps.limits);
      if (!deps.signer) throw new TrustBridgeError('ERR_ISSUER_NOT_CONFIGURED', 'This service has no verifier key configured.');
      const signed = body['signed'] ?? true;
      const purpose = body['purpose'];
      const redirectUri = body['redirect_uri'];
      if (typeof signed !== 'boolean') throw new TrustBridgeError('ERR_OID4VP_INVALID_REQUEST', 'signed must be a boolean.');
      if (purpose !== undefined && typeof purpose !== 'string') throw new TrustBridgeError('ERR_OID4VP_INVALID_REQUEST', 'purpose must be a string.');
      if (redirectUri !== undefined && typeof redirectUri !== 'string') throw new TrustBridgeError('ERR_OID4VP_INVALID_REQUEST', 'redirect_uri must be a string.');
      const pd = body['presentation_definition'];
      if (pd !== undefined && body['dcql_query'] !== undefined) throw new TrustBridgeError('ERR_OID4VP_INVALID_REQUEST', 'Give dcql_query or presentation_definition, not both.', { specCode: 'invalid_request' });
      if (pd === undefined && !isObject(body['dcql_query'])) throw new TrustBridgeError('ERR_DCQL_INVALID_QUERY', 'dcql_query must be a JSON object.', { specCode: 'invalid_request' });
      const created = await createAuthorizationRequest({
        ...context,
        ...(pd !== undefined ? { presentationDefinition: pd } : { dcqlQuery: body['dcql_query'] }),
        signed,
        signer: deps.signer,
        clientId: deps.signer.id.split('#')[0]!,
        responseUri: `${base()}/response`,
        requestUriBase: `${base()}/requests`,
        ...(purpose !== undefined ? { purpose } : {}),
        ...(redirectUri !== undefined ? { redirectUri } : {}),
        ...(options.ttlSeconds !== undefined ? { ttlSeconds: options.ttlSeconds } : {}),
      });
      res.setHeader('Cache-Control', 'no-store');
      res.status(201).json({
        id: created.id,
        authorization_request_uri: created.authorizationRequestUri,
        authorization_request_uri_by_value: created.authorizationRequestUriByValue,
        request_uri: created.requestUri,
        client_id: created.clientId,
        expires_at: created.expiresAt.toISOString(),
      });
    }),
  );
  allowOnly(app, '/oid4vp/requests', ['POST']);

  app.get(
    '/oid4vp/requests/:id',
    wrap(async (req, res) => {
      const jwt = await getRequestObject(String(req.params['id']), context);
      res.setHeader('Cache-Control', 'no-store');
      res.type(REQUEST_OBJECT_MEDIA_TYPE).send(jwt);
    }),
  );
  allowOnly(app, '/oid4vp/requests/:id', ['GET']);

  app.get(
    '/oid4vp/requests/:id/result',
    admin,
    wrap(async (req, res) => {
      const result = await getAuthorizationResult(String(req.params['id']), context);
      res.setHeader('Cache-Control', 'no-store');
      res.json(result);
    }),
  );
  allowOnly(app, '/oid4vp/requests/:id/result', ['GET']);

  app.post(
    '/oid4vp/response',
    wrap(async (req, res) => {
      const params = await formBody(req, MAX_OID4VP_RESPONSE_BYTES);
      const answer = await handleAuthorizationResponse(params, {
        ...context,
        ...(deps.verifyOptions ? { verifyOptions: deps.verifyOptions } : {}),
        ...(options.limits ? { limits: options.limits } : {}),
      });
      res.setHeader('Cache-Control', 'no-store');
      // §8.2: the body is a JSON object, with `redirect_uri` when the verifier wants the user sent on.
      res.status(200).json(answer.redirect_uri !== undefined ? { redirect_uri: answer.redirect_uri } : {});
    }),
  );
  allowOnly(app, '/oid4vp/response', ['POST']);
}
