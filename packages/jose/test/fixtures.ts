/**
 * Fixed test keys and DIDs (never used outside tests). Ed25519 keys come from fixed seeds; the P-256
 * keys were generated once with node:crypto and pasted here so every run signs with the same keys.
 */
import { fixedClock, type JsonWebKey } from '@trustbridge/core';
import { createEd25519Signer, ed25519PublicKeyToJwk, generateEd25519KeyPair, publicJwk } from '@trustbridge/keys';
import { createDidResolver, createVerificationMethodResolver, didJwkFromJwk, didKeyFromEd25519PublicKey } from '@trustbridge/did';
import { createJwkSigner } from '../src/index.js';

export const NOW = '2025-06-01T12:00:00Z';
export const NOW_S = Date.parse(NOW) / 1000;
export const clock = fixedClock(NOW);

const issuerKeys = generateEd25519KeyPair(new Uint8Array(32).fill(7));
export const issuerDid = didKeyFromEd25519PublicKey(issuerKeys.publicKey);
export const issuerKid = `${issuerDid}#${issuerDid.slice('did:key:'.length)}`;
export const issuerSigner = createEd25519Signer({ id: issuerKid, secretKey: issuerKeys.secretKey! });
export const issuerSecret = issuerKeys.secretKey!;
export const issuerPublicJwk = ed25519PublicKeyToJwk(issuerKeys.publicKey);
export const issuerPrivateJwk: JsonWebKey = { ...issuerPublicJwk, d: Buffer.from(issuerKeys.secretKey!).toString('base64url') };

const holderKeys = generateEd25519KeyPair(new Uint8Array(32).fill(9));
export const holderDid = didKeyFromEd25519PublicKey(holderKeys.publicKey);
export const holderKid = `${holderDid}#${holderDid.slice('did:key:'.length)}`;
export const holderSigner = createEd25519Signer({ id: holderKid, secretKey: holderKeys.secretKey! });
export const holderPublicJwk = ed25519PublicKeyToJwk(holderKeys.publicKey);
export const holderPrivateJwk: JsonWebKey = { ...holderPublicJwk, d: Buffer.from(holderKeys.secretKey!).toString('base64url') };

export const p256IssuerPrivateJwk: JsonWebKey = {
  kty: 'EC',
  crv: 'P-256',
  x: 'HgP4Qc3QqaTjW_3boXBbm5eE51N9PTtIxp9M66K6fXc',
  y: 'rLX8gGZaULcFCRHFt-Has2HofoGQnHagCW32H8mSZP8',
  d: 'v2odwaY0D1Xdcr3nenQK-49ghz4nZh2pEJTRWe81RqU',
};
export const p256IssuerDid = didJwkFromJwk(publicJwk(p256IssuerPrivateJwk));
export const p256IssuerSigner = createJwkSigner({ id: `${p256IssuerDid}#0`, privateJwk: p256IssuerPrivateJwk });

export const p256HolderPrivateJwk: JsonWebKey = {
  kty: 'EC',
  crv: 'P-256',
  x: 'W3YULO7uk37L8bE95Cr39MNIi0_MzTTuWLvSFt576Z0',
  y: '1XCA_k66fA7r4knhSKXIWOQt8TWKgvTqjwTCwuSKu4A',
  d: 'BABiQPa_pwqLUbUPyjGX7n9OLeufydz_witKAJlHBhI',
};
export const p256HolderSigner = createJwkSigner({ id: 'holder-p256', privateJwk: p256HolderPrivateJwk });

export const resolveVerificationMethod = createVerificationMethodResolver(createDidResolver());

export function businessCredential(overrides: Record<string, unknown> = {}) {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: 'urn:uuid:7f3c1c1e-4b1e-4e59-9b7a-2a1f3f5a0001',
    type: ['VerifiableCredential', 'BusinessRepresentativeCredential'],
    issuer: issuerDid,
    validFrom: '2025-01-01T00:00:00Z',
    validUntil: '2026-01-01T00:00:00Z',
    credentialSubject: {
      id: holderDid,
      givenName: 'Amélie',
      familyName: 'Tremblay',
      role: 'Director',
      registrationNumber: 'FM0055205',
      businessNumber: '123456789RC0001',
    },
    ...overrides,
  };
}

/** A deterministic salt generator: salt-0, salt-1, … (tests only; real salts are random). */
export function countingSalts(prefix = 'salt'): () => string {
  let i = 0;
  return () => `${prefix}-${i++}`;
}

/** Replaces one segment of a compact JWS. */
export function withSegment(jwt: string, index: number, value: string): string {
  const parts = jwt.split('.');
  parts[index] = value;
  return parts.join('.');
}

export function b64json(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
