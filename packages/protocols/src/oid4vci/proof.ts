/**
 * The `jwt` key proof of OpenID4VCI 1.0 Appendix F.1: a compact JWS, header `typ:
 * openid4vci-proof+jwt`, `alg` from the allow-list, the key in exactly one of `jwk` or `kid` (a DID URL
 * resolved through the DID resolver); claims `aud` (the Credential Issuer Identifier), `iat`, `nonce`
 * (a `c_nonce` from the Nonce Endpoint). Verification follows Appendix F.4: signature with the named
 * key, then audience, freshness and nonce. The caller consumes the nonce (single use).
 */
import { isObject, type JsonWebKey, type VerificationMethodResolver } from '@trustbridge/core';
import { didJwkFromJwk } from '@trustbridge/did';
import {
  algorithmFitsKey,
  checkAlgorithm,
  checkCrit,
  importPublicJwk,
  parseCompactJws,
  publicKeyFromVerificationMethod,
  verifyJwsSignature,
  type ImportedPublicKey,
  type ParsedCompactJws,
} from '@trustbridge/jose';
import { Oid4vciErrors, oid4vciError } from './errors.js';
import { PROOF_SIGNING_ALGS } from './configurations.js';

/** The JWS `typ` of a key proof (Appendix F.1). */
export const PROOF_JWT_TYP = 'openid4vci-proof+jwt';

/** Largest key proof accepted, in bytes (a proof with a P-256 `jwk` is under 1 KiB). */
export const MAX_PROOF_BYTES = 8 * 1024;

/** Options of {@link verifyKeyProof}. */
export interface VerifyKeyProofOptions {
  /** The Credential Issuer Identifier: the proof's `aud` must be (or contain) it. */
  audience: string;
  /** The current time. */
  now: Date;
  /** Oldest acceptable `iat`, in seconds before `now`. Default 300. */
  maxAgeSeconds?: number;
  /** Tolerated clock skew for an `iat` in the future, in seconds. Default 60. */
  maxClockSkewSeconds?: number;
  /** Resolves a `kid` DID URL (its `authentication` relationship). */
  resolveVerificationMethod: VerificationMethodResolver;
}

/** What a verified key proof demonstrates: possession of `jwk`, and the holder DID it stands for. */
export interface VerifiedKeyProof {
  /** The public key the wallet proved it holds (bound as `cnf.jwk` in SD-JWT VCs). */
  jwk: JsonWebKey;
  /** `kid`'s DID, or the `did:jwk` of the header `jwk` (bound as `credentialSubject.id`). */
  holderDid: string;
  /** The proof's `nonce` claim (a `c_nonce`), still to be consumed by the caller. */
  nonce: string;
}

function parse(jwt: unknown): ParsedCompactJws {
  if (typeof jwt !== 'string' || jwt.length === 0) throw oid4vciError(Oid4vciErrors.PROOF_MALFORMED, 'The key proof must be a compact JWS.');
  if (jwt.length > MAX_PROOF_BYTES) throw oid4vciError(Oid4vciErrors.PROOF_MALFORMED, 'The key proof is too large.');
  try {
    return parseCompactJws(jwt, { maxBytes: MAX_PROOF_BYTES, maxDepth: 8, what: 'key proof' });
  } catch {
    throw oid4vciError(Oid4vciErrors.PROOF_MALFORMED, 'The key proof is not a well-formed compact JWS.');
  }
}

async function proofKey(header: Record<string, unknown>, options: VerifyKeyProofOptions): Promise<{ key: ImportedPublicKey; holderDid: string }> {
  const named = ['jwk', 'kid', 'x5c', 'trust_chain', 'key_attestation'].filter((m) => m in header);
  // Exactly one key parameter: a `kid` for one key beside a `jwk` for another must never be "resolved" by preference.
  if (named.length !== 1 || (named[0] !== 'jwk' && named[0] !== 'kid')) {
    throw oid4vciError(Oid4vciErrors.PROOF_KEY, 'The key proof must name its key by exactly one of jwk or kid.');
  }
  if (named[0] === 'jwk') {
    try {
      const key = importPublicJwk(header.jwk);
      return { key, holderDid: didJwkFromJwk(key.jwk) };
    } catch {
      throw oid4vciError(Oid4vciErrors.PROOF_KEY, 'The key proof jwk is not a supported public key.');
    }
  }
  const kid = header.kid;
  if (typeof kid !== 'string' || !kid.startsWith('did:') || !kid.includes('#') || kid.length > 2048) {
    throw oid4vciError(Oid4vciErrors.PROOF_KEY, 'The key proof kid must be a DID URL.');
  }
  try {
    const vm = await options.resolveVerificationMethod(kid, 'authentication');
    return { key: publicKeyFromVerificationMethod(vm), holderDid: kid.slice(0, kid.indexOf('#')) };
  } catch {
    throw oid4vciError(Oid4vciErrors.PROOF_KEY, 'The key proof kid could not be resolved to an authentication key.');
  }
}

/**
 * Verifies a `jwt` key proof (OpenID4VCI 1.0 Appendix F.1, F.4). Throws coded errors:
 * `ERR_OID4VCI_PROOF_MALFORMED`, `_PROOF_TYP`, `_PROOF_ALG`, `_PROOF_KEY`, `_PROOF_SIGNATURE`
 * (constant message), `_PROOF_AUDIENCE`, `_PROOF_STALE`, `_PROOF_IAT_IN_FUTURE` (all `invalid_proof`)
 * and `ERR_OID4VCI_NONCE_INVALID` (`invalid_nonce`) when the proof carries no `nonce`.
 *
 * @example
 * ```ts
 * const { jwk, holderDid, nonce } = await verifyKeyProof(jwt, {
 *   audience: 'https://issuer.example.ca', now: clock(), resolveVerificationMethod,
 * });
 * ```
 */
export async function verifyKeyProof(jwt: unknown, options: VerifyKeyProofOptions): Promise<VerifiedKeyProof> {
  const { header, payload, signingInput, signature } = parse(jwt);
  if (header.typ !== PROOF_JWT_TYP) throw oid4vciError(Oid4vciErrors.PROOF_TYP, `The key proof typ must be ${PROOF_JWT_TYP}.`);
  let alg: string;
  try {
    alg = checkAlgorithm(header, PROOF_SIGNING_ALGS);
    checkCrit(header);
  } catch {
    throw oid4vciError(Oid4vciErrors.PROOF_ALG, 'The key proof algorithm or critical headers are not supported.');
  }
  const { key, holderDid } = await proofKey(header, options);
  if (!algorithmFitsKey(alg, key.curve)) throw oid4vciError(Oid4vciErrors.PROOF_ALG, 'The key proof alg does not fit its key.');
  if (!verifyJwsSignature(alg, key, signingInput, signature)) throw oid4vciError(Oid4vciErrors.PROOF_SIGNATURE, 'Signature verification failed.');
  const aud = payload.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(options.audience)) throw oid4vciError(Oid4vciErrors.PROOF_AUDIENCE, 'The key proof is for another audience.');
  const iat = payload.iat;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) throw oid4vciError(Oid4vciErrors.PROOF_MALFORMED, 'The key proof has no numeric iat.');
  const now = Math.floor(options.now.getTime() / 1000);
  if (iat > now + (options.maxClockSkewSeconds ?? 60)) throw oid4vciError(Oid4vciErrors.PROOF_IAT_IN_FUTURE, 'The key proof iat is in the future.');
  if (iat < now - (options.maxAgeSeconds ?? 300)) throw oid4vciError(Oid4vciErrors.PROOF_STALE, 'The key proof is too old.');
  if (typeof payload.exp === 'number' && payload.exp <= now) throw oid4vciError(Oid4vciErrors.PROOF_STALE, 'The key proof has expired.');
  const nonce = payload.nonce;
  if (typeof nonce !== 'string' || nonce.length === 0 || nonce.length > 512) {
    throw oid4vciError(Oid4vciErrors.NONCE_INVALID, 'The key proof must carry a c_nonce from the nonce endpoint.');
  }
  if (!isObject(key.jwk)) throw oid4vciError(Oid4vciErrors.PROOF_KEY, 'The key proof key has no JWK form.');
  return { jwk: { ...key.jwk }, holderDid, nonce };
}
