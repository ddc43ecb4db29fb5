/**
 * Processing an SD-JWT's payload with its Disclosures (RFC 9901 §7.1 step 3–5): replaces digests by
 * the disclosed claims, recursively, and rejects every ambiguity the RFC names.
 */
import { isObject, jsonTextDepth } from '@trustbridge/core';
import { decodeSegment, utf8Text, DEFAULT_MAX_JSON_DEPTH } from '../compact.js';
import { JoseErrorCodes, fail } from '../errors.js';
import { disclosureDigest } from './disclosure.js';


/** One parsed Disclosure. */
export interface ParsedDisclosure {
  /** The Disclosure as presented (base64url). */
  encoded: string;
  digest: string;
  salt: string;
  /** Claim name; undefined for an array element Disclosure. */
  name: string | undefined;
  value: unknown;
}

/** Decodes and checks one Disclosure (RFC 9901 §4.2). Throws `ERR_SDJWT_DISCLOSURE_MALFORMED`. */
export function parseDisclosure(encoded: string, digest = disclosureDigest(encoded)): ParsedDisclosure {
  let array: unknown;
  try {
    const text = utf8Text(decodeSegment(encoded, 'Disclosure'), 'Disclosure');
    if (jsonTextDepth(text) > DEFAULT_MAX_JSON_DEPTH) throw new Error('depth');
    array = JSON.parse(text);
  } catch {
    throw fail(JoseErrorCodes.SDJWT_DISCLOSURE_MALFORMED, 'A Disclosure is not base64url-encoded JSON.');
  }
  if (!Array.isArray(array) || (array.length !== 2 && array.length !== 3) || typeof array[0] !== 'string') {
    throw fail(JoseErrorCodes.SDJWT_DISCLOSURE_MALFORMED, 'A Disclosure is not [salt, name, value] or [salt, value].');
  }
  if (array.length === 3) {
    const name = array[1];
    if (typeof name !== 'string' || name === '_sd' || name === '...') {
      throw fail(JoseErrorCodes.SDJWT_DISCLOSURE_MALFORMED, 'A Disclosure has an invalid claim name.');
    }
    return { encoded, digest, salt: array[0], name, value: array[2] };
  }
  return { encoded, digest, salt: array[0], name: undefined, value: array[1] };
}

// defineProperty, not assignment: a claim named "__proto__" must stay a plain own property.
function define(target: Record<string, unknown>, key: string, v: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value: v, enumerable: true, writable: true, configurable: true });
  else target[key] = v;
}

/** The result of {@link processPayload}. */
export interface ProcessedPayload {
  /** The Processed SD-JWT Payload (RFC 9901 §7.1): `_sd` and `_sd_alg` removed, Disclosures applied. */
  claims: Record<string, unknown>;
  /** Names of top-level claims that came from Disclosures. */
  disclosedTopLevel: Set<string>;
}

/**
 * Applies `disclosures` to `payload`. Every Disclosure must be referenced exactly once
 * (`ERR_SDJWT_DISCLOSURE_UNKNOWN`), no digest may appear twice (`ERR_SDJWT_DIGEST_DUPLICATE`), a
 * disclosed name must not already exist (`ERR_SDJWT_CLAIM_COLLISION`), and the Disclosure kind must fit
 * where its digest is (`ERR_SDJWT_DISCLOSURE_MALFORMED`).
 */
export function processPayload(payload: Record<string, unknown>, encodedDisclosures: readonly string[]): ProcessedPayload {
  const byDigest = new Map<string, number>();
  for (let i = 0; i < encodedDisclosures.length; i++) {
    const d = encodedDisclosures[i]!;
    if (d.length === 0) throw fail(JoseErrorCodes.MALFORMED, 'The SD-JWT has an empty Disclosure.');
    const digest = disclosureDigest(d);
    if (byDigest.has(digest)) throw fail(JoseErrorCodes.SDJWT_DISCLOSURE_DUPLICATE, 'A Disclosure is presented twice.');
    byDigest.set(digest, i);
  }
  const used = new Uint8Array(encodedDisclosures.length);
  const seen = new Set<string>();
  const disclosedTopLevel = new Set<string>();

  const lookup = (digest: unknown, where: string): ParsedDisclosure | undefined => {
    if (typeof digest !== 'string') throw fail(JoseErrorCodes.SDJWT_PAYLOAD_INVALID, 'A digest is not a string.', where);
    if (seen.has(digest)) throw fail(JoseErrorCodes.SDJWT_DIGEST_DUPLICATE, 'A digest appears more than once.', where);
    seen.add(digest);
    const i = byDigest.get(digest);
    if (i === undefined) return undefined; // a decoy, or a claim the holder did not disclose
    used[i] = 1;
    return parseDisclosure(encodedDisclosures[i]!, digest);
  };

  const value = (v: unknown, where: string): unknown => {
    if (Array.isArray(v)) return array(v, where);
    if (isObject(v)) return object(v, where, false);
    return v;
  };

  const array = (arr: unknown[], where: string): unknown[] => {
    const out: unknown[] = [];
    for (let i = 0; i < arr.length; i++) {
      const el = arr[i];
      if (isObject(el) && '...' in el) {
        if (Object.keys(el).length !== 1) throw fail(JoseErrorCodes.SDJWT_PAYLOAD_INVALID, 'An array digest element has other members.', `${where}/${i}`);
        const d = lookup(el['...'], `${where}/${i}`);
        if (d === undefined) continue;
        if (d.name !== undefined) throw fail(JoseErrorCodes.SDJWT_DISCLOSURE_MALFORMED, 'An array element digest refers to a claim Disclosure.', `${where}/${i}`);
        out.push(value(d.value, `${where}/${out.length}`));
      } else {
        out.push(value(el, `${where}/${out.length}`));
      }
    }
    return out;
  };

  const object = (obj: Record<string, unknown>, where: string, top: boolean): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj)) {
      if (key === '_sd' || (top && key === '_sd_alg')) continue;
      if (key === '...') throw fail(JoseErrorCodes.SDJWT_PAYLOAD_INVALID, 'An object has a "..." member outside an array.', where);
      define(out, key, value(obj[key], `${where}/${key}`));
    }
    const sd = obj._sd;
    if (sd !== undefined) {
      if (!Array.isArray(sd)) throw fail(JoseErrorCodes.SDJWT_PAYLOAD_INVALID, '_sd is not an array.', `${where}/_sd`);
      for (const digest of sd) {
        const d = lookup(digest, `${where}/_sd`);
        if (d === undefined) continue;
        if (d.name === undefined) throw fail(JoseErrorCodes.SDJWT_DISCLOSURE_MALFORMED, 'An _sd digest refers to an array element Disclosure.', `${where}/_sd`);
        if (Object.prototype.hasOwnProperty.call(out, d.name)) throw fail(JoseErrorCodes.SDJWT_CLAIM_COLLISION, 'A disclosed claim already exists.', `${where}/${d.name}`);
        if (top) disclosedTopLevel.add(d.name);
        define(out, d.name, value(d.value, `${where}/${d.name}`));
      }
    }
    return out;
  };

  const claims = object(payload, '', true);
  if (used.includes(0)) throw fail(JoseErrorCodes.SDJWT_DISCLOSURE_UNKNOWN, 'A Disclosure is not referenced by the SD-JWT.');
  return { claims, disclosedTopLevel };
}
