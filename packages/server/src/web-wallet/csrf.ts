/**
 * CSRF protection of the wallet's form posts: a random, HttpOnly, `SameSite=Strict` session cookie,
 * and a token in every form that is the HMAC of that cookie under a key the server holds. A post
 * needs both, and a cross-site `Origin` or `Sec-Fetch-Site` is refused before that.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'tb_wallet_session';

/** Reads one cookie from the request (no cookie-parser needed). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** A cookie attribute string for the wallet's path. */
export function cookie(name: string, value: string, options: { path: string; secure: boolean; httpOnly?: boolean; maxAgeSeconds?: number }): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${options.path}`,
    'SameSite=Strict',
    ...(options.httpOnly === false ? [] : ['HttpOnly']),
    ...(options.secure ? ['Secure'] : []),
    ...(options.maxAgeSeconds !== undefined ? [`Max-Age=${options.maxAgeSeconds}`] : []),
  ].join('; ');
}

const SESSION_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/** CSRF tokens bound to a session cookie. */
export class CsrfGuard {
  readonly #key: Uint8Array;
  readonly #path: string;

  constructor(options: { path: string; key?: Uint8Array }) {
    this.#key = options.key ?? randomBytes(32);
    this.#path = options.path;
  }

  /** The session id of the request, setting a new cookie when there is none (pages call this). */
  session(req: Request, res: Response): string {
    const existing = readCookie(req, SESSION_COOKIE);
    if (existing && SESSION_FORMAT.test(existing)) return existing;
    const fresh = randomBytes(32).toString('base64url');
    res.append('Set-Cookie', cookie(SESSION_COOKIE, fresh, { path: this.#path, secure: req.secure }));
    return fresh;
  }

  /** The form token for a session. */
  token(session: string): string {
    return createHmac('sha256', this.#key).update(session).digest('base64url');
  }

  /** The session of a post when its cookie, token and origin check out; else undefined. */
  verify(req: Request, formToken: string | undefined): string | undefined {
    const site = req.headers['sec-fetch-site'];
    if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return undefined;
    const origin = req.headers.origin;
    if (typeof origin === 'string' && origin !== 'null') {
      const host = req.headers.host;
      let originHost: string | undefined;
      try {
        originHost = new URL(origin).host;
      } catch {
        return undefined;
      }
      if (!host || originHost !== host) return undefined;
    } else if (origin === 'null') {
      return undefined;
    }
    const session = readCookie(req, SESSION_COOKIE);
    if (!session || !SESSION_FORMAT.test(session) || typeof formToken !== 'string') return undefined;
    const expected = Buffer.from(this.token(session));
    const given = Buffer.from(formToken);
    return expected.length === given.length && timingSafeEqual(expected, given) ? session : undefined;
  }
}
