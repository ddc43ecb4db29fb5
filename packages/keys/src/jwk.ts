/** Ed25519 keys as JSON Web Keys: `kty` `OKP`, `crv` `Ed25519` (RFC 8037 §2). */
import { TrustBridgeError, base64urlDecode, base64urlEncode, type JsonWebKey } from '@trustbridge/core';

export function ed25519PublicKeyToJwk(publicKey: Uint8Array): JsonWebKey {
  if (publicKey.length !== 32) throw new TrustBridgeError('ERR_KEY_INVALID', 'Ed25519 public key must be 32 bytes.');
  return { kty: 'OKP', crv: 'Ed25519', x: base64urlEncode(publicKey) };
}

export function ed25519SecretKeyToJwk(secretKey: Uint8Array, publicKey: Uint8Array): JsonWebKey {
  return { ...ed25519PublicKeyToJwk(publicKey), d: base64urlEncode(secretKey) };
}

/** Reads the public key of an Ed25519 JWK. Throws `ERR_KEY_UNSUPPORTED` for other key types. */
export function ed25519PublicKeyFromJwk(jwk: JsonWebKey): Uint8Array {
  if (jwk?.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new TrustBridgeError('ERR_KEY_UNSUPPORTED', 'JWK is not an Ed25519 public key.');
  }
  const x = base64urlDecode(jwk.x);
  if (x.length !== 32) throw new TrustBridgeError('ERR_KEY_INVALID', 'Ed25519 public key must be 32 bytes.');
  return x;
}

/** The public members of a JWK only (drops `d` and any other private parameter). */
export function publicJwk(jwk: JsonWebKey): JsonWebKey {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, k: _k, ...pub } = jwk;
  return pub;
}
