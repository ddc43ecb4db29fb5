/**
 * Strict JWS Compact Serialization parsing (RFC 7515 §7.1, §5.2) without a JOSE library, so the
 * verify paths can stay close to the cost of the signature itself.
 *
 * Strictness: exactly three segments; each segment unpadded base64url (RFC 7515 §2, RFC 4648 §5)
 * whose trailing bits are zero (so one signature has one encoding); header and payload UTF-8 JSON
 * objects within size and depth limits.
 */
import { isUtf8 } from 'node:buffer';
import { TrustBridgeError, isObject, jsonTextDepth } from '@trustbridge/core';
import { JoseErrorCodes, fail } from './errors.js';

/** Default bound on a whole token (compact JWS or SD-JWT with its Disclosures and KB-JWT), in bytes. */
export const DEFAULT_MAX_TOKEN_BYTES = 128 * 1024;
/** Default bound on JSON nesting in headers, payloads and Disclosures. */
export const DEFAULT_MAX_JSON_DEPTH = 32;

const B64URL_CHARS = /^[A-Za-z0-9_-]*$/;

/** Strict UTF-8 (RFC 3629) to string; `Buffer.isUtf8` + `toString` is several times faster than a fatal TextDecoder. */
export function utf8Text(bytes: Buffer, what: string): string {
  if (!isUtf8(bytes)) throw fail(JoseErrorCodes.MALFORMED, `The ${what} is not UTF-8.`);
  return bytes.toString('utf8');
}

/**
 * Decodes one unpadded base64url segment strictly: only the URL-safe alphabet, no padding, a length
 * that is not 1 mod 4, and zero trailing bits (a canonical encoding). Throws `ERR_JOSE_MALFORMED`.
 */
export function decodeSegment(segment: string, what = 'segment'): Buffer {
  const rem = segment.length & 3;
  if (rem === 1 || !B64URL_CHARS.test(segment)) throw fail(JoseErrorCodes.MALFORMED, `The ${what} is not base64url.`);
  const bytes = Buffer.from(segment, 'base64url');
  if (rem !== 0) {
    // The last character carries 2 (rem 3) or 4 (rem 2) unused bits that must be zero (RFC 4648 §3.5).
    const last = segment.charCodeAt(segment.length - 1);
    const v = last >= 97 ? last - 71 : last >= 65 ? last - 65 : last >= 48 ? last + 4 : last === 45 ? 62 : 63;
    if ((v & (rem === 2 ? 0x0f : 0x03)) !== 0) throw fail(JoseErrorCodes.MALFORMED, `The ${what} is not canonical base64url.`);
  }
  return bytes;
}

/** Parses a base64url segment holding a UTF-8 JSON object. Throws `ERR_JOSE_MALFORMED`. */
export function decodeJsonSegment(segment: string, what: string, maxDepth = DEFAULT_MAX_JSON_DEPTH): Record<string, unknown> {
  const text = utf8Text(decodeSegment(segment, what), what);
  if (jsonTextDepth(text) > maxDepth) throw fail(JoseErrorCodes.MALFORMED, `The ${what} nests too deeply.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw fail(JoseErrorCodes.MALFORMED, `The ${what} is not JSON.`);
  }
  if (!isObject(value)) throw fail(JoseErrorCodes.MALFORMED, `The ${what} is not a JSON object.`);
  return value;
}

/** A parsed compact JWS. `signingInput` is the ASCII `BASE64URL(header) '.' BASE64URL(payload)`. */
export interface ParsedCompactJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

/** Parses a compact JWS with a JSON object payload (a JWT). Throws `ERR_JOSE_MALFORMED` / `ERR_JOSE_TOO_LARGE`. */
export function parseCompactJws(token: string, options: { maxBytes?: number; maxDepth?: number; what?: string } = {}): ParsedCompactJws {
  if (typeof token !== 'string') throw fail(JoseErrorCodes.MALFORMED, 'The token is not a string.');
  // Base64url is ASCII, so the string length is the byte length of any valid token.
  if (token.length > (options.maxBytes ?? DEFAULT_MAX_TOKEN_BYTES)) throw fail(JoseErrorCodes.TOO_LARGE, 'The token is too large.');
  const what = options.what ?? 'JWS';
  const a = token.indexOf('.');
  const b = a < 0 ? -1 : token.indexOf('.', a + 1);
  if (a < 0 || b < 0 || token.indexOf('.', b + 1) >= 0) throw fail(JoseErrorCodes.MALFORMED, `The ${what} does not have three segments.`);
  const header = decodeJsonSegment(token.slice(0, a), `${what} header`, 4);
  const payload = decodeJsonSegment(token.slice(a + 1, b), `${what} payload`, options.maxDepth);
  const signature = decodeSegment(token.slice(b + 1), `${what} signature`);
  return { header, payload, signingInput: token.slice(0, b), signature };
}

/** base64url without padding of bytes or a UTF-8 string. */
export function b64u(input: Uint8Array | string): string {
  return (typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input.buffer, input.byteOffset, input.byteLength)).toString('base64url');
}

/** Misuse guard: throws `ERR_JOSE_OPTIONS_INVALID`. */
export function optionsError(message: string): TrustBridgeError {
  return new TrustBridgeError(JoseErrorCodes.OPTIONS_INVALID, message);
}
