/**
 * HTTP routes of the issuer status service:
 * - `GET /status-lists/:id` — the signed `BitstringStatusListCredential`, with `Cache-Control`
 *   (max-age from the list's `ttl`), a strong `ETag` and `If-None-Match` → 304;
 * - `POST /credentials/status` — the VC API update-status operation, behind the admin bearer token.
 */
import type { Express, Request, Response } from 'express';
import { TrustBridgeError, isObject, systemClock, type Clock } from '@trustbridge/core';
import type { CredentialStatus } from '@trustbridge/store';
import { allowOnly, invalidRequest, jsonBody } from '../http.js';
import type { BodyLimits } from '../body.js';
import { STATUS_LISTS_PATH, StatusServiceErrors, type IssuerStatus } from './status-service.js';

/** Media type of a served status list credential (a JSON-LD VC; `+json` so generic HTTP clients parse it). */
export const STATUS_LIST_MEDIA_TYPE = 'application/vc+ld+json';

const LIST_ID = /^[A-Za-z0-9_-]{1,128}$/;
const STATUSES: readonly CredentialStatus[] = ['revoked', 'suspended', 'active'];

/** Options of {@link mountStatusRoutes}. */
export interface StatusRoutesOptions {
  status: IssuerStatus;
  limits?: BodyLimits;
  clock?: Clock;
}

/** True when an `If-None-Match` header value matches `etag` (RFC 9110 §13.1.2, weak comparison). */
export function ifNoneMatchMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const strip = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || strip(tag) === strip(etag));
}

/**
 * Checks `Authorization: Bearer <token>` against the configured admin token (the same answers as the
 * registry's admin API): no token configured → 403 `ERR_AUTH_ADMIN_DISABLED` for every request; no
 * header → 401 `ERR_AUTH_TOKEN_MISSING` with `WWW-Authenticate: Bearer`; any other token → 403
 * `ERR_AUTH_TOKEN_INVALID`. Compared as SHA-256 digests in constant time; the token never appears in a
 * message, detail or log (the logger redacts `authorization`).
 */
export function requireAdmin(req: Request, res: Response, status: IssuerStatus): void {
  if (!status.adminTokenConfigured) {
    throw new TrustBridgeError(StatusServiceErrors.AUTH_ADMIN_DISABLED, 'Status updates are disabled on this service.');
  }
  const header = req.headers.authorization;
  if (!header) {
    res.setHeader('WWW-Authenticate', 'Bearer realm="trustbridge-admin"');
    throw new TrustBridgeError(StatusServiceErrors.AUTH_TOKEN_MISSING, 'A bearer token is required.');
  }
  const match = /^Bearer[ ]+([\x21-\x7e]+)[ ]*$/i.exec(header);
  if (!match || !status.isAdminToken(match[1]!)) {
    throw new TrustBridgeError(StatusServiceErrors.AUTH_TOKEN_INVALID, 'The bearer token is not valid for this service.');
  }
}

/** The requested status of an update-status body (`credentialStatus: [{ type, status }]`, one item). */
function parseUpdate(body: Record<string, unknown>): { credentialId: string; status: CredentialStatus } {
  const credentialId = body['credentialId'];
  if (typeof credentialId !== 'string' || credentialId === '' || credentialId.length > 2048) {
    throw invalidRequest('credentialId must be a non-empty string.', '/credentialId');
  }
  const raw = body['credentialStatus'];
  const items = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (items.length !== 1) throw invalidRequest('credentialStatus must hold exactly one status update.', '/credentialStatus');
  const item = items[0];
  const path = Array.isArray(raw) ? '/credentialStatus/0' : '/credentialStatus';
  if (!isObject(item)) throw invalidRequest('credentialStatus items must be objects.', path);
  if (item['type'] !== 'BitstringStatusListCredential') {
    throw invalidRequest('credentialStatus type must be "BitstringStatusListCredential".', `${path}/type`);
  }
  const status = item['status'];
  if (typeof status !== 'string' || !(STATUSES as readonly string[]).includes(status)) {
    throw invalidRequest('credentialStatus status must be "revoked", "suspended" or "active".', `${path}/status`);
  }
  return { credentialId, status: status as CredentialStatus };
}

/** Adds the status routes to a VC API app (before `finishServiceApp`). */
export function mountStatusRoutes(app: Express, options: StatusRoutesOptions): void {
  const { status, limits } = options;
  const clock = options.clock ?? systemClock;

  app.get(`${STATUS_LISTS_PATH}/:id`, async (req: Request, res: Response) => {
    const id = String(req.params['id'] ?? '');
    if (!LIST_ID.test(id)) throw new TrustBridgeError(StatusServiceErrors.LIST_NOT_FOUND, 'No status list with this id is published here.');
    const list = await status.publishedList(id);
    res.setHeader('ETag', list.etag);
    res.setHeader('Cache-Control', `public, max-age=${list.maxAgeSeconds(clock())}`);
    res.setHeader('Vary', 'Accept-Encoding');
    if (ifNoneMatchMatches(req.headers['if-none-match'], list.etag)) {
      res.status(304).end();
      return;
    }
    res.status(200).type(STATUS_LIST_MEDIA_TYPE).send(list.body);
  });
  allowOnly(app, `${STATUS_LISTS_PATH}/:id`, ['GET']);

  app.post('/credentials/status', async (req: Request, res: Response) => {
    // Authenticate before reading the body: an unauthenticated caller learns nothing about ids.
    requireAdmin(req, res, status);
    const update = parseUpdate(await jsonBody(req, limits));
    const record = await status.setStatus(update.credentialId, update.status);
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).json({
      credentialId: record.id,
      credentialStatus: [{ type: 'BitstringStatusListCredential', status: record.status }],
      ...(record.statusChangedAt ? { statusChangedAt: record.statusChangedAt.toISOString() } : {}),
    });
  });
  allowOnly(app, '/credentials/status', ['POST']);
}
