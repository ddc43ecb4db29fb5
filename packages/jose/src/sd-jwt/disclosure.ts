/**
 * SD-JWT Disclosures (RFC 9901 §4.2): base64url of the UTF-8 JSON array `[salt, name, value]`
 * (object properties, §4.2.1) or `[salt, value]` (array elements, §4.2.2), and their digests: the
 * base64url SHA-256 of the ASCII Disclosure string (§4.2.3).
 */
import { createHash, randomBytes } from 'node:crypto';
import { b64u } from '../compact.js';

/** The only hash function TrustBridge uses and accepts for `_sd_alg` (RFC 9901 §4.1.1, IANA "sha-256"). */
export const SD_ALG = 'sha-256';

/** Produces the salt of one Disclosure. Inject a deterministic one in tests; the default has 128 bits of entropy (RFC 9901 §9.3). */
export type SaltGenerator = () => string;

/** 16 random bytes, base64url (RFC 9901 §9.3 recommends at least 128 bits). */
export const defaultSaltGenerator: SaltGenerator = () => b64u(randomBytes(16));

/** Serializes the Disclosure array. Any JSON serialization is allowed (RFC 9901 §4.2.1 and Appendix B). */
export type DisclosureSerializer = (array: unknown[]) => string;

/** `JSON.stringify` — the compact serialization TrustBridge issues. */
export const compactSerializer: DisclosureSerializer = (array) => JSON.stringify(array);

/**
 * The serialization used in RFC 9901's examples (Python `json.dumps` defaults: `", "` and `": "`
 * separators, non-ASCII kept as UTF-8). Used to reproduce the RFC's Disclosures byte for byte.
 */
export const rfcExampleSerializer: DisclosureSerializer = (array) => pythonJson(array);

function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Encodes one Disclosure. `name` undefined makes an array-element Disclosure `[salt, value]`.
 *
 * @example
 * ```ts
 * encodeDisclosure('_26bc4LT-ac6q2KI6cBW5es', 'family_name', 'Möbius', rfcExampleSerializer);
 * // 'WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0'
 * ```
 */
export function encodeDisclosure(salt: string, name: string | undefined, value: unknown, serialize: DisclosureSerializer = compactSerializer): string {
  return b64u(serialize(name === undefined ? [salt, value] : [salt, name, value]));
}

/** The digest of a Disclosure: base64url(SHA-256(ASCII(disclosure))) (RFC 9901 §4.2.3). */
export function disclosureDigest(disclosure: string): string {
  return createHash('sha256').update(disclosure, 'latin1').digest('base64url');
}

/** The `sd_hash` of a KB-JWT: the same digest over the SD-JWT up to and including its last `~` (RFC 9901 §4.3.1). */
export function sdHash(sdJwtWithoutKb: string): string {
  return createHash('sha256').update(sdJwtWithoutKb, 'latin1').digest('base64url');
}
