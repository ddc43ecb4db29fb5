/**
 * DID and DID URL syntax (DID Core 1.0 §3.1 "DID Syntax" and §3.2 "DID URL Syntax").
 *
 * ```abnf
 * did                = "did:" method-name ":" method-specific-id
 * method-name        = 1*method-char
 * method-char        = %x61-7A / DIGIT
 * method-specific-id = *( *idchar ":" ) 1*idchar
 * idchar             = ALPHA / DIGIT / "." / "-" / "_" / pct-encoded
 * did-url            = did path-abempty [ "?" query ] [ "#" fragment ]
 * ```
 * `path-abempty`, `query` and `fragment` are those of RFC 3986 §3.3–§3.5.
 */
import { TrustBridgeError, SpecErrors } from '@trustbridge/core';

/** The parts of a DID. */
export interface ParsedDid {
  /** The whole DID, `did:<method>:<id>`. */
  did: string;
  /** The method name, e.g. `key`, `jwk`, `web`. */
  method: string;
  /** The method-specific identifier. */
  id: string;
}

/** The parts of a DID URL. `path`, `query` and `fragment` are present only when the URL has them. */
export interface ParsedDidUrl extends ParsedDid {
  /** `path-abempty`, starting with `/`. */
  path?: string;
  /** The query without the leading `?` (may be empty). */
  query?: string;
  /** The fragment without the leading `#` (may be empty). */
  fragment?: string;
}

/** Longest DID or DID URL accepted (a did:jwk with an RSA-4096 key is about 1 KiB). */
export const MAX_DID_LENGTH = 8192;

const PCT = '%[0-9A-Fa-f]{2}';
const IDCHAR = `(?:[A-Za-z0-9._-]|${PCT})`;
const METHOD_NAME = '[a-z0-9]+';
const METHOD_SPECIFIC_ID = `(?:${IDCHAR}*:)*${IDCHAR}+`;
// RFC 3986 §3.3: pchar = unreserved / pct-encoded / sub-delims / ":" / "@"
const PCHAR = `(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|${PCT})`;
const PATH_ABEMPTY = `(?:/${PCHAR}*)*`;
const QUERY = `(?:${PCHAR}|[/?])*`;

const DID_RE = new RegExp(`^did:(${METHOD_NAME}):(${METHOD_SPECIFIC_ID})$`);
const DID_URL_RE = new RegExp(
  `^did:(${METHOD_NAME}):(${METHOD_SPECIFIC_ID})(${PATH_ABEMPTY})(?:\\?(${QUERY}))?(?:#(${QUERY}))?$`,
);

/**
 * Parses a DID (no path, query or fragment). Throws `ERR_DID_INVALID` (spec name `invalidDid`).
 *
 * @example
 * ```ts
 * parseDid('did:web:example.com'); // { did: 'did:web:example.com', method: 'web', id: 'example.com' }
 * ```
 */
export function parseDid(did: string): ParsedDid {
  const m = typeof did === 'string' && did.length <= MAX_DID_LENGTH ? DID_RE.exec(did) : null;
  if (!m) {
    throw new TrustBridgeError('ERR_DID_INVALID', 'Not a valid DID (DID Core 1.0 §3.1).', { specCode: SpecErrors.DID_INVALID });
  }
  return { did, method: m[1]!, id: m[2]! };
}

/**
 * Parses a DID URL. Throws `ERR_DID_URL_INVALID` (spec name `invalidDidUrl`).
 *
 * @example
 * ```ts
 * parseDidUrl('did:web:example.com#key-1'); // { did: 'did:web:example.com', method: 'web', id: 'example.com', fragment: 'key-1' }
 * ```
 */
export function parseDidUrl(url: string): ParsedDidUrl {
  const m = typeof url === 'string' && url.length <= MAX_DID_LENGTH ? DID_URL_RE.exec(url) : null;
  if (!m) {
    throw new TrustBridgeError('ERR_DID_URL_INVALID', 'Not a valid DID URL (DID Core 1.0 §3.2).', {
      specCode: SpecErrors.DID_INVALID_URL,
    });
  }
  const parsed: ParsedDidUrl = { did: `did:${m[1]}:${m[2]}`, method: m[1]!, id: m[2]! };
  if (m[3]) parsed.path = m[3];
  if (m[4] !== undefined) parsed.query = m[4];
  if (m[5] !== undefined) parsed.fragment = m[5];
  return parsed;
}

/** True when `value` is a syntactically valid DID. */
export function isDid(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_DID_LENGTH && DID_RE.test(value);
}
