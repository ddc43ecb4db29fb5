/**
 * Algorithms and keys for the JOSE verify paths: an allow-list (RFC 8725 §3.1–3.2), public keys
 * imported once into `node:crypto` KeyObjects and reused, and signature checks for EdDSA (Ed25519,
 * RFC 8037 §3.1) and ES256 (P-256 + SHA-256, RFC 7518 §3.4, signature `r ‖ s`).
 */
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { TrustBridgeError, isObject, type JsonWebKey, type Signer, type VerificationMethod } from '@trustbridge/core';
import { ed25519PublicKeyFromVerificationMethod, ed25519PublicKeyObject, ed25519PublicKeyToJwk } from '@trustbridge/keys';
import { JoseErrorCodes, fail } from './errors.js';

/**
 * JWS algorithms TrustBridge can verify: `EdDSA` and its fully specified name `Ed25519`
 * (RFC 9864), and `ES256`. Everything else — `none`, HMAC (`HS*`), RSA — is refused.
 */
export const SUPPORTED_ALGORITHMS = ['EdDSA', 'Ed25519', 'ES256'] as const;
export type JoseAlgorithm = (typeof SUPPORTED_ALGORITHMS)[number];
/** The default allow-list: all of {@link SUPPORTED_ALGORITHMS}. */
export const DEFAULT_ALGORITHMS: readonly string[] = SUPPORTED_ALGORITHMS;

/** The curve of an imported public key. */
export type KeyCurve = 'Ed25519' | 'P-256';

/** A public key ready for verification. */
export interface ImportedPublicKey {
  curve: KeyCurve;
  key: KeyObject;
  /** The public JWK (members kty, crv, x[, y]) — for comparison with a header `jwk`. */
  jwk: JsonWebKey;
}

const byJwk = new Map<string, ImportedPublicKey>();
const byVm = new WeakMap<object, ImportedPublicKey>();
const MAX_CACHED = 1024;
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

function remember(key: string, value: ImportedPublicKey): ImportedPublicKey {
  byJwk.set(key, value);
  if (byJwk.size > MAX_CACHED) byJwk.delete(byJwk.keys().next().value!);
  return value;
}

/**
 * Imports a public JWK (OKP/Ed25519 or EC/P-256) once and caches the KeyObject by its members.
 * Throws `ERR_JOSE_KEY_UNSUPPORTED` (a {@link JoseCheckError}) for other keys or for private members.
 *
 * @example
 * ```ts
 * const { key, curve } = importPublicJwk({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKx...' });
 * ```
 */
export function importPublicJwk(jwk: unknown): ImportedPublicKey {
  if (!isObject(jwk)) throw fail(JoseErrorCodes.KEY_UNSUPPORTED, 'The key is not a JWK.');
  const { kty, crv, x, y } = jwk;
  const cacheKey = `${String(kty)}|${String(crv)}|${String(x)}|${String(y)}`;
  const hit = byJwk.get(cacheKey);
  if (hit) {
    if (PRIVATE_MEMBERS.some((m) => m in jwk)) throw fail(JoseErrorCodes.KEY_UNSUPPORTED, 'The JWK holds private key material.');
    return hit;
  }
  if (PRIVATE_MEMBERS.some((m) => m in jwk)) throw fail(JoseErrorCodes.KEY_UNSUPPORTED, 'The JWK holds private key material.');
  let curve: KeyCurve;
  let pub: JsonWebKey;
  if (kty === 'OKP' && crv === 'Ed25519' && typeof x === 'string' && y === undefined) {
    curve = 'Ed25519';
    pub = { kty, crv, x };
  } else if (kty === 'EC' && crv === 'P-256' && typeof x === 'string' && typeof y === 'string') {
    curve = 'P-256';
    pub = { kty, crv, x, y };
  } else {
    throw fail(JoseErrorCodes.KEY_UNSUPPORTED, 'Only Ed25519 (OKP) and P-256 (EC) public keys are supported.');
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pub as import('node:crypto').JsonWebKey, format: 'jwk' });
  } catch {
    throw fail(JoseErrorCodes.KEY_UNSUPPORTED, 'The JWK is not a valid public key.');
  }
  return remember(cacheKey, { curve, key, jwk: pub });
}

/**
 * The public key of a verification method: `publicKeyJwk` (OKP Ed25519 or EC P-256, for
 * `JsonWebKey` / `JsonWebKey2020`), or an Ed25519 `Multikey` / `Ed25519VerificationKey2020` /
 * `Ed25519VerificationKey2018`. Imported once per verification method object and per key.
 */
export function publicKeyFromVerificationMethod(vm: VerificationMethod): ImportedPublicKey {
  const cached = byVm.get(vm);
  if (cached) return cached;
  let imported: ImportedPublicKey;
  if (isObject(vm?.publicKeyJwk)) {
    imported = importPublicJwk(vm.publicKeyJwk);
  } else {
    let raw: Uint8Array;
    try {
      raw = ed25519PublicKeyFromVerificationMethod(vm);
    } catch {
      throw fail(JoseErrorCodes.KEY_UNSUPPORTED, 'The verification method does not hold a supported public key.');
    }
    imported = { curve: 'Ed25519', key: ed25519PublicKeyObject(raw), jwk: ed25519PublicKeyToJwk(raw) };
  }
  byVm.set(vm, imported);
  return imported;
}

/** True when the JWS `alg` is the algorithm for this key's curve. */
export function algorithmFitsKey(alg: string, curve: KeyCurve): boolean {
  return curve === 'Ed25519' ? alg === 'EdDSA' || alg === 'Ed25519' : alg === 'ES256';
}

/**
 * Checks `alg` against the allow-list (RFC 8725 §3.1: never `none`; §3.2: the algorithm fits the
 * key, so an HMAC over a public key is refused). Throws `ERR_JOSE_ALG_NOT_ALLOWED`.
 */
export function checkAlgorithm(header: Record<string, unknown>, allowed: readonly string[]): string {
  const alg = header.alg;
  if (typeof alg !== 'string' || alg === 'none' || !allowed.includes(alg) || !(SUPPORTED_ALGORITHMS as readonly string[]).includes(alg)) {
    throw fail(JoseErrorCodes.ALG_NOT_ALLOWED, 'The JWS algorithm is not allowed.', '/header/alg');
  }
  return alg;
}

/**
 * RFC 7515 §4.1.11: a `crit` header lists extensions the recipient MUST understand. TrustBridge
 * processes none, so any `crit` (and a malformed one) is refused with `ERR_JOSE_CRIT_UNSUPPORTED`.
 */
export function checkCrit(header: Record<string, unknown>, understood: readonly string[] = []): void {
  if (!('crit' in header)) return;
  const crit = header.crit;
  if (!Array.isArray(crit) || crit.length === 0 || crit.some((c) => typeof c !== 'string' || !understood.includes(c) || !(c in header))) {
    throw fail(JoseErrorCodes.CRIT_UNSUPPORTED, 'The JWS has a critical header parameter that is not supported.', '/header/crit');
  }
}

/** True when two public JWKs are the same key (RFC 7638 required members). */
export function sameJwk(a: unknown, b: JsonWebKey): boolean {
  if (!isObject(a)) return false;
  return a.kty === b.kty && a.crv === b.crv && a.x === b.x && a.y === b.y;
}

/**
 * Verifies a JWS signature over its ASCII signing input. Never throws for a bad signature: returns false.
 * ES256 signatures must be the 64-byte `r ‖ s` form (RFC 7518 §3.4), never DER.
 */
export function verifyJwsSignature(alg: string, key: ImportedPublicKey, signingInput: string, signature: Uint8Array): boolean {
  const data = Buffer.from(signingInput, 'latin1');
  try {
    if (key.curve === 'Ed25519') return signature.length === 64 && nodeVerify(null, data, key.key, signature);
    if (alg === 'ES256' && signature.length === 64) {
      return nodeVerify('sha256', data, { key: key.key, dsaEncoding: 'ieee-p1363' }, signature);
    }
  } catch {
    return false;
  }
  return false;
}

/** Options of {@link createJwkSigner}. */
export interface JwkSignerOptions {
  /** The verification method id (a DID URL) verifiers will resolve, or any key id for SD-JWT holders. */
  id: string;
  /** A private JWK: OKP/Ed25519 (`EdDSA`) or EC/P-256 (`ES256`). */
  privateJwk: JsonWebKey;
}

/**
 * A {@link Signer} for a private JWK, signing with `node:crypto` (EdDSA or ES256 with `r ‖ s`
 * output). The private key stays in the closure. Useful for holder keys and tests; production
 * issuers pass any HSM-backed Signer instead.
 *
 * @example
 * ```ts
 * const holder = createJwkSigner({ id: 'holder-key', privateJwk });
 * ```
 */
export function createJwkSigner(options: JwkSignerOptions): Signer {
  const { id, privateJwk } = options;
  let algorithm: string;
  if (privateJwk?.kty === 'OKP' && privateJwk.crv === 'Ed25519') algorithm = 'EdDSA';
  else if (privateJwk?.kty === 'EC' && privateJwk.crv === 'P-256') algorithm = 'ES256';
  else throw new TrustBridgeError(JoseErrorCodes.KEY_UNSUPPORTED, 'Only Ed25519 and P-256 private JWKs are supported.');
  if (typeof privateJwk.d !== 'string') throw new TrustBridgeError(JoseErrorCodes.KEY_UNSUPPORTED, 'The JWK has no private key.');
  const key = createPrivateKey({ key: privateJwk as import('node:crypto').JsonWebKey, format: 'jwk' });
  return Object.freeze({
    id,
    algorithm,
    sign: async (data: Uint8Array) =>
      new Uint8Array(algorithm === 'EdDSA' ? nodeSign(null, data, key) : nodeSign('sha256', data, { key, dsaEncoding: 'ieee-p1363' })),
  });
}
