/**
 * A tiny test-only wallet client for the OpenID4VCI tests (the real wallet is `@trustbridge/wallet`):
 * holder keys, key proofs, and the pre-authorized code flow over any `send` (in process or HTTP).
 * Not exported from the package.
 */
import { deterministicRandom } from '@trustbridge/core';
import { generateKeyPairSync } from 'node:crypto';
import type { JsonWebKey } from '@trustbridge/core';
import { createJwkSigner, signCompactJws } from '@trustbridge/jose';
import { didJwkFromJwk } from '@trustbridge/did';

/** What a test transport answers. */
export interface TestAnswer {
  status: number;
  headers: Record<string, string>;
  body: any;
}

/** Sends one request: `body` is form text, JSON text, or absent. */
export type TestSend = (request: { method: string; url: string; headers: Record<string, string>; body?: string }) => Promise<TestAnswer>;

/** A holder key: Ed25519 (`EdDSA`) or P-256 (`ES256`), with its did:jwk. */
export function holderKey(kind: 'Ed25519' | 'P-256' = 'Ed25519') {
  const { privateKey, publicKey } = kind === 'Ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const privateJwk = privateKey.export({ format: 'jwk' }) as JsonWebKey;
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' }) as Record<string, string>;
  const publicJwk: JsonWebKey = { kty: kty!, crv: crv!, x: x!, ...(y ? { y } : {}) };
  const did = didJwkFromJwk(publicJwk);
  return { privateJwk, publicJwk, did, kid: `${did}#0`, signer: createJwkSigner({ id: `${did}#0`, privateJwk }) };
}

export type HolderKey = ReturnType<typeof holderKey>;

/** Signs a key proof; `header` / `claims` override the defaults (e.g. a wrong `aud`). */
export async function keyProof(
  key: HolderKey,
  claims: { aud: string; nonce?: string; iat: number; [name: string]: unknown },
  options: { by?: 'jwk' | 'kid'; header?: Record<string, unknown> } = {},
): Promise<string> {
  const header = { typ: 'openid4vci-proof+jwt', ...(options.by === 'kid' ? { kid: key.kid } : { jwk: key.publicJwk }), ...options.header };
  return signCompactJws(header, claims, key.signer);
}

/** Reads the pre-authorized code of an offer object. */
export function preAuthorizedCode(offer: any): string {
  return offer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']['pre-authorized_code'];
}

/** The wallet's steps of the flow, each returning the raw answer so tests can assert failures. */
export function testWallet(send: TestSend) {
  return {
    getOffer: (uri: string) => send({ method: 'GET', url: uri, headers: {} }),
    metadata: () => send({ method: 'GET', url: '/.well-known/openid-credential-issuer', headers: {} }),
    token: (code: string, txCode?: string) =>
      send({
        method: 'POST',
        url: '/oid4vci/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', 'pre-authorized_code': code, ...(txCode !== undefined ? { tx_code: txCode } : {}) }).toString(),
      }),
    nonce: () => send({ method: 'POST', url: '/oid4vci/nonce', headers: {} }),
    credential: (accessToken: string | undefined, body: unknown) =>
      send({
        method: 'POST',
        url: '/oid4vci/credential',
        headers: { 'content-type': 'application/json', ...(accessToken !== undefined ? { authorization: `Bearer ${accessToken}` } : {}) },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
  };
}

/** A deterministic randomness source for tests (core's `deterministicRandom`). */
export const seededRandom = deterministicRandom;
