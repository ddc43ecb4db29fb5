/**
 * The framework-free request and response shapes of the OpenID4VCI handlers, and bounded body
 * parsing (JSON for the credential endpoint, `application/x-www-form-urlencoded` for the token
 * endpoint, RFC 6749 §4.1.3 / OpenID4VCI 1.0 §6.1).
 */
import { isObject, parseJson } from '@trustbridge/core';
import { Oid4vciErrors, errorAnswer, oid4vciError } from './errors.js';

/** An HTTP request as any server framework can give it. */
export interface Oid4vciRequest {
  /** `GET`, `POST`, ... */
  method: string;
  /** The request target: path and query, e.g. `/oid4vci/offers/abc`. */
  url: string;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The raw body (bytes or text); absent for GET. */
  body?: Uint8Array | string;
}

/** The answer: a JSON body (always an object) with its status and headers. */
export interface Oid4vciResponse {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** Default request body limit: 64 KiB (a credential request with one proof is a few KiB). */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
/** Default JSON nesting limit of request bodies. */
export const DEFAULT_MAX_BODY_DEPTH = 16;

/** A JSON answer that must not be cached (OpenID4VCI 1.0 §6.2, §7.2, §8.3: `Cache-Control: no-store`). */
export function json(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Oid4vciResponse {
  return { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }, body };
}

/** The error answer for anything thrown (see {@link errorAnswer}); 401s carry `WWW-Authenticate` (RFC 6750 §3). */
export function errorResponse(error: unknown): Oid4vciResponse {
  const { status, body } = errorAnswer(error);
  const headers: Record<string, string> = {};
  if (status === 401) {
    headers['www-authenticate'] = body.code === Oid4vciErrors.TOKEN_MISSING.code ? 'Bearer' : `Bearer error="${body.error}"`;
  }
  return json(status, body as unknown as Record<string, unknown>, headers);
}

function bodyBytes(request: Oid4vciRequest, maxBytes: number): Uint8Array {
  const raw = request.body ?? new Uint8Array(0);
  const bytes = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
  if (bytes.byteLength > maxBytes) throw oid4vciError(Oid4vciErrors.REQUEST_TOO_LARGE, `The request body exceeds ${maxBytes} bytes.`);
  return bytes;
}

function mediaType(request: Oid4vciRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Reads a JSON object body within limits; throws `ERR_OID4VCI_MEDIA_TYPE`, `_REQUEST_TOO_LARGE` or `_REQUEST_INVALID`. */
export function readJsonBody(request: Oid4vciRequest, limits: { maxBytes: number; maxDepth: number }): Record<string, unknown> {
  if (mediaType(request) !== 'application/json') throw oid4vciError(Oid4vciErrors.MEDIA_TYPE, 'The request body must be application/json.');
  const bytes = bodyBytes(request, limits.maxBytes);
  let value: unknown;
  try {
    value = parseJson(bytes, { maxBytes: limits.maxBytes, maxDepth: limits.maxDepth });
  } catch {
    throw oid4vciError(Oid4vciErrors.REQUEST_INVALID, 'The request body is not valid JSON within the nesting limit.');
  }
  if (!isObject(value)) throw oid4vciError(Oid4vciErrors.REQUEST_INVALID, 'The request body must be a JSON object.');
  return value;
}

/**
 * Reads an `application/x-www-form-urlencoded` body (RFC 6749 §3.2: parameters sent without a value
 * are treated as omitted; a repeated parameter is an error).
 */
export function readFormBody(request: Oid4vciRequest, maxBytes: number): Map<string, string> {
  if (mediaType(request) !== 'application/x-www-form-urlencoded') {
    throw oid4vciError(Oid4vciErrors.MEDIA_TYPE, 'The request body must be application/x-www-form-urlencoded.');
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bodyBytes(request, maxBytes));
  const out = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(text)) {
    if (out.has(name)) throw oid4vciError(Oid4vciErrors.REQUEST_INVALID, `The parameter ${name.slice(0, 64)} is repeated.`);
    if (value !== '') out.set(name, value);
  }
  return out;
}

/** The bearer token of an `Authorization` header (RFC 6750 §2.1), or undefined when there is none. */
export function bearerToken(request: Oid4vciRequest): string | undefined {
  const header = request.headers['authorization'];
  if (header === undefined || header === '') return undefined;
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  return match ? match[1] : '';
}
