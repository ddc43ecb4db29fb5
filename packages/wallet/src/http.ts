/**
 * The wallet's outbound HTTP: only through the injected fetch, only `https:` (or `http:` to loopback
 * when `allowPrivateNetworks` is set, for tests), never to an IP literal that is not public, never
 * following redirects, with a bounded response size.
 */
import type { FetchLike } from '@trustbridge/core';
import { isIpLiteral, isLocalhostName, isNonPublicAddress } from '@trustbridge/did';
import { walletError, WalletErrorCodes } from './errors.js';

/** Largest response body the wallet reads (bytes). */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface HttpContext {
  fetch: FetchLike;
  allowPrivateNetworks: boolean;
}

/**
 * Checks a URL the wallet is about to fetch. Throws `ERR_WALLET_URL_NOT_ALLOWED`. Host names are not
 * resolved here (the injected fetch owns DNS); IP literals and `localhost` are refused unless
 * `allowPrivateNetworks`.
 */
export function checkUrl(text: unknown, ctx: Pick<HttpContext, 'allowPrivateNetworks'>, what: string): URL {
  let url: URL;
  try {
    url = new URL(String(text));
  } catch {
    throw walletError(WalletErrorCodes.URL_NOT_ALLOWED, `The ${what} is not a URL.`);
  }
  if (url.username || url.password) throw walletError(WalletErrorCodes.URL_NOT_ALLOWED, `The ${what} must not carry credentials.`);
  const host = url.hostname;
  const privateHost = isLocalhostName(host) || (isIpLiteral(host) && isNonPublicAddress(host.replace(/^\[|\]$/g, '')));
  if (privateHost && !ctx.allowPrivateNetworks) {
    throw walletError(WalletErrorCodes.URL_NOT_ALLOWED, `The ${what} points to a private or loopback address.`, { details: { host } });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && privateHost && ctx.allowPrivateNetworks)) {
    throw walletError(WalletErrorCodes.URL_NOT_ALLOWED, `The ${what} must use https.`, { details: { protocol: url.protocol } });
  }
  return url;
}

export interface HttpResult {
  status: number;
  ok: boolean;
  contentType: string;
  text: string;
  json: unknown;
}

/** Fetches a URL after {@link checkUrl}; parses JSON bodies; never throws on an HTTP error status. */
export async function request(
  ctx: HttpContext,
  url: string,
  what: string,
  init: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpResult> {
  const target = checkUrl(url, ctx, what);
  let response: Awaited<ReturnType<FetchLike>>;
  try {
    response = await ctx.fetch(target.href, { method: init.method ?? 'GET', headers: { accept: 'application/json', ...init.headers }, ...(init.body !== undefined ? { body: init.body } : {}), redirect: 'manual' });
  } catch (cause) {
    throw walletError(WalletErrorCodes.HTTP_FAILED, `The ${what} could not be reached.`, { cause, details: { url: target.origin } });
  }
  const buffer = await response.arrayBuffer();
  if (buffer.byteLength > MAX_RESPONSE_BYTES) throw walletError(WalletErrorCodes.HTTP_FAILED, `The ${what} response is too large.`);
  const text = new TextDecoder().decode(buffer);
  const contentType = (response.headers.get('content-type') ?? '').toLowerCase();
  let json: unknown;
  if (contentType.includes('json') || /^\s*[{[]/.test(text)) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: response.status, ok: response.ok, contentType, text, json };
}

/** The OAuth / OpenID error name of an error response body, if any. */
export function oauthError(body: unknown): string | undefined {
  return body && typeof body === 'object' && typeof (body as Record<string, unknown>)['error'] === 'string' ? String((body as Record<string, unknown>)['error']).slice(0, 100) : undefined;
}

/** Encodes a form body (`application/x-www-form-urlencoded`). */
export function formBody(fields: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) params.set(k, v);
  return params.toString();
}
