/**
 * Bearer-token authentication for the registry's admin API (RFC 6750 §2.1 header form only): no token
 * → 401 `ERR_AUTH_TOKEN_MISSING` with `WWW-Authenticate: Bearer`, a wrong token → 403
 * `ERR_AUTH_TOKEN_INVALID`, no token configured → 403 `ERR_AUTH_ADMIN_DISABLED`. Tokens are compared in
 * constant time (both sides hashed to 32 bytes first, so lengths leak nothing either).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { TrustBridgeError } from '@trustbridge/core';
import { createProblem } from '../problem.js';
import { sendProblem } from '../http.js';

/** Shortest admin token accepted (characters). */
export const MIN_ADMIN_TOKEN_LENGTH = 16;

const BEARER = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)[ ]*$/;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Throws `ERR_REGISTRY_CONFIG` for an admin token too short to be a secret. */
export function checkAdminToken(token: string): void {
  if (token.length < MIN_ADMIN_TOKEN_LENGTH) {
    throw new TrustBridgeError('ERR_REGISTRY_CONFIG', `The admin token must have at least ${MIN_ADMIN_TOKEN_LENGTH} characters.`);
  }
}

/** Express middleware guarding admin routes with a bearer token (`undefined` disables the admin API). */
export function requireAdminToken(token: string | undefined, realm = 'trustbridge-registry'): RequestHandler {
  if (token !== undefined) checkAdminToken(token);
  const expected = token === undefined ? undefined : digest(token);
  return (req: Request, res: Response, next: NextFunction) => {
    // An unread body cannot leave the connection reusable.
    const close: Record<string, string> = req.complete ? {} : { Connection: 'close' };
    if (!expected) {
      sendProblem(res, createProblem('ERR_AUTH_ADMIN_DISABLED', 'The admin API is disabled on this service.'), close);
      return;
    }
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    if (!match) {
      sendProblem(res, createProblem('ERR_AUTH_TOKEN_MISSING', 'A bearer token is required.'), { ...close, 'WWW-Authenticate': `Bearer realm="${realm}"` });
      return;
    }
    if (!timingSafeEqual(digest(match[1]!), expected)) {
      sendProblem(res, createProblem('ERR_AUTH_TOKEN_INVALID', 'The bearer token is not valid for this service.'), close);
      return;
    }
    next();
  };
}
