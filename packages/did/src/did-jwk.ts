/**
 * The `did:jwk` method (did:jwk Method Specification, quartzjer/did-jwk `spec.md`).
 *
 * `did:jwk:` + base64url(UTF-8 JSON of a public JWK). The DID document is a deterministic transform
 * of the JWK with one verification method `#0`; nothing is fetched.
 */
import {
  TrustBridgeError,
  SpecErrors,
  base64urlDecode,
  base64urlEncode,
  isObject,
  parseJson,
  utf8Decode,
  utf8Encode,
  type DidDocument,
  type JsonWebKey,
} from '@trustbridge/core';
import { parseDid, MAX_DID_LENGTH } from './parse.js';

/** JWK members that hold private or symmetric key material (RFC 7518 §6.2.2, §6.3.2, §6.4.1; RFC 8037 §2). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** Options of {@link createDidJwkDocument}. */
export interface CreateDidJwkDocumentOptions {
  /**
   * Verification method type. Default `JsonWebKey2020` with the `jws-2020/v1` context, exactly as the
   * did:jwk specification's document template. `JsonWebKey` (Controlled Identifiers 1.0 §2.2.3) uses
   * the `https://www.w3.org/ns/cid/v1` context instead.
   */
  verificationMethodType?: 'JsonWebKey2020' | 'JsonWebKey';
}

function invalid(message: string, code = 'ERR_DID_JWK_INVALID'): TrustBridgeError {
  return new TrustBridgeError(code, message, { specCode: SpecErrors.DID_INVALID });
}

function assertPublicJwk(jwk: unknown): asserts jwk is JsonWebKey {
  if (!isObject(jwk) || typeof jwk.kty !== 'string' || jwk.kty.length === 0) {
    throw invalid('did:jwk value is not a JWK (RFC 7517 §4.1 requires "kty").');
  }
  for (const member of PRIVATE_MEMBERS) {
    if (member in jwk) throw invalid('did:jwk must not contain private key material.', 'ERR_DID_JWK_PRIVATE_KEY');
  }
  if (jwk.kty === 'oct') throw invalid('did:jwk must not be a symmetric key.', 'ERR_DID_JWK_PRIVATE_KEY');
}

/** JSON with object members sorted by code point (JCS, RFC 8785, for the string/array values of a JWK). */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The did:jwk of a public JWK. The JWK is serialized with its members sorted (JCS, which the spec
 * recommends so that the same key always yields the same DID). Throws `ERR_DID_JWK_PRIVATE_KEY` for a
 * JWK with private members (`d`, ...) and `ERR_DID_JWK_INVALID` for a value that is not a JWK.
 *
 * @example
 * ```ts
 * didJwkFromJwk({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' });
 * // 'did:jwk:eyJjcnYiOiJFZDI1NTE5Iiwia3R5IjoiT0tQIiwieCI6IjExcVlBWUt4Q3JmVlNfN1R5V1FIT2c3aGN2UGFwaU1scndJYWFQY0hVUm8ifQ'
 * ```
 */
export function didJwkFromJwk(jwk: JsonWebKey): string {
  assertPublicJwk(jwk);
  return `did:jwk:${base64urlEncode(utf8Encode(sortedJson(jwk)))}`;
}

/** Decodes the JWK of a did:jwk. Throws `ERR_DID_JWK_INVALID` / `ERR_DID_JWK_PRIVATE_KEY` (`invalidDid`). */
export function jwkFromDidJwk(did: string): JsonWebKey {
  let parsed;
  try {
    parsed = parseDid(did);
  } catch {
    throw invalid('Not a valid did:jwk.');
  }
  if (parsed.method !== 'jwk' || !/^[A-Za-z0-9_-]+$/.test(parsed.id)) throw invalid('Not a valid did:jwk.');
  let jwk: unknown;
  try {
    jwk = parseJson(utf8Decode(base64urlDecode(parsed.id)), { maxBytes: MAX_DID_LENGTH, maxDepth: 4 });
  } catch {
    throw invalid('did:jwk value is not base64url-encoded JSON.');
  }
  assertPublicJwk(jwk);
  return jwk;
}

/**
 * Builds the DID document of a did:jwk (did:jwk spec "Read"): one verification method `#0` holding
 * the JWK, listed under `assertionMethod`, `authentication`, `capabilityInvocation`,
 * `capabilityDelegation` and `keyAgreement`; a JWK with `use: "sig"` omits `keyAgreement`, one with
 * `use: "enc"` is listed only under `keyAgreement`.
 *
 * @example
 * ```ts
 * const doc = createDidJwkDocument(didJwkFromJwk(publicJwk));
 * doc.verificationMethod?.[0]?.id; // 'did:jwk:...#0'
 * ```
 */
export function createDidJwkDocument(did: string, options: CreateDidJwkDocumentOptions = {}): DidDocument {
  const jwk = jwkFromDidJwk(did);
  const type = options.verificationMethodType ?? 'JsonWebKey2020';
  const context = type === 'JsonWebKey' ? 'https://www.w3.org/ns/cid/v1' : 'https://w3id.org/security/suites/jws-2020/v1';
  const id = `${did}#0`;
  const sig = jwk.use !== 'enc';
  const enc = jwk.use !== 'sig';
  return {
    '@context': ['https://www.w3.org/ns/did/v1', context],
    id: did,
    verificationMethod: [{ id, type, controller: did, publicKeyJwk: jwk }],
    ...(sig
      ? { assertionMethod: [id], authentication: [id], capabilityInvocation: [id], capabilityDelegation: [id] }
      : {}),
    ...(enc ? { keyAgreement: [id] } : {}),
  };
}
