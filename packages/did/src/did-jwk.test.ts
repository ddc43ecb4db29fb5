import { describe, expect, it } from 'vitest';
import { generateEd25519KeyPair, ed25519PublicKeyToJwk, ed25519SecretKeyToJwk, ed25519PublicKeyFromVerificationMethod } from '@trustbridge/keys';
import { base64urlEncode, utf8Encode } from '@trustbridge/core';
import { didJwkFromJwk, createDidJwkDocument, jwkFromDidJwk } from './did-jwk.js';

// did:jwk specification example (quartzjer/did-jwk spec.md, "Examples": P-256 key).
const SPEC_P256_DID =
  'did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEVVM3l6OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25TRSJ9';
const SPEC_P256_JWK = { crv: 'P-256', kty: 'EC', x: 'acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0', y: '_KcyLj9vWMptnmKtm46GqDz8wf74I5LKgrl2GzH3nSE' };

describe('did:jwk', () => {
  it('reproduces the specification example (members sorted, JCS)', () => {
    expect(didJwkFromJwk({ kty: 'EC', crv: 'P-256', x: SPEC_P256_JWK.x, y: SPEC_P256_JWK.y })).toBe(SPEC_P256_DID);
    expect(jwkFromDidJwk(SPEC_P256_DID)).toEqual(SPEC_P256_JWK);
  });

  it('round-trips an Ed25519 key to a document with verification method #0', () => {
    const kp = generateEd25519KeyPair(new Uint8Array(32).fill(4));
    const did = didJwkFromJwk(ed25519PublicKeyToJwk(kp.publicKey));
    const doc = createDidJwkDocument(did);
    const id = `${did}#0`;
    expect(doc).toStrictEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
      id: did,
      verificationMethod: [{ id, type: 'JsonWebKey2020', controller: did, publicKeyJwk: ed25519PublicKeyToJwk(kp.publicKey) }],
      assertionMethod: [id],
      authentication: [id],
      capabilityInvocation: [id],
      capabilityDelegation: [id],
      keyAgreement: [id],
    });
    expect(ed25519PublicKeyFromVerificationMethod(doc.verificationMethod![0]!)).toEqual(kp.publicKey);
  });

  it('follows "use": sig omits keyAgreement, enc has only keyAgreement', () => {
    const sig = createDidJwkDocument(didJwkFromJwk({ ...SPEC_P256_JWK, use: 'sig' }));
    expect(sig.keyAgreement).toBeUndefined();
    expect(sig.assertionMethod).toHaveLength(1);
    const enc = createDidJwkDocument(didJwkFromJwk({ kty: 'OKP', crv: 'X25519', x: base64urlEncode(new Uint8Array(32).fill(9)), use: 'enc' }));
    expect(Object.keys(enc).filter((k) => Array.isArray(enc[k]) && k !== '@context' && k !== 'verificationMethod')).toEqual(['keyAgreement']);
  });

  it('offers the Controlled Identifiers JsonWebKey type', () => {
    const doc = createDidJwkDocument(SPEC_P256_DID, { verificationMethodType: 'JsonWebKey' });
    expect(doc['@context']).toEqual(['https://www.w3.org/ns/did/v1', 'https://www.w3.org/ns/cid/v1']);
    expect(doc.verificationMethod?.[0]?.type).toBe('JsonWebKey');
  });

  it('rejects a JWK with private members with ERR_DID_JWK_PRIVATE_KEY, creating or resolving', () => {
    const kp = generateEd25519KeyPair(new Uint8Array(32).fill(5));
    const priv = ed25519SecretKeyToJwk(kp.secretKey!, kp.publicKey);
    expect(() => didJwkFromJwk(priv)).toThrow(expect.objectContaining({ code: 'ERR_DID_JWK_PRIVATE_KEY' }));
    const smuggled = `did:jwk:${base64urlEncode(utf8Encode(JSON.stringify(priv)))}`;
    expect(() => createDidJwkDocument(smuggled)).toThrow(expect.objectContaining({ code: 'ERR_DID_JWK_PRIVATE_KEY', specCode: 'invalidDid' }));
    expect(() => didJwkFromJwk({ kty: 'oct', k: 'AAAA' })).toThrow(expect.objectContaining({ code: 'ERR_DID_JWK_PRIVATE_KEY' }));
  });

  const bad: Array<[string, string]> = [
    ['not base64url', 'did:jwk:%41'],
    ['not JSON', `did:jwk:${base64urlEncode(utf8Encode('hello'))}`],
    ['no kty', `did:jwk:${base64urlEncode(utf8Encode('{"crv":"Ed25519"}'))}`],
    ['a JSON array', `did:jwk:${base64urlEncode(utf8Encode('[1]'))}`],
    ['another method', 'did:key:z6Mk'],
  ];
  for (const [why, did] of bad) {
    it(`rejects ${why} with ERR_DID_JWK_INVALID`, () => {
      expect(() => createDidJwkDocument(did)).toThrow(expect.objectContaining({ code: 'ERR_DID_JWK_INVALID', specCode: 'invalidDid' }));
    });
  }
});
