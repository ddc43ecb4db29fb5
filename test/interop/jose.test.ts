/**
 * Interop, both directions, for VC-JOSE and SD-JWT VC. The other side uses independent libraries
 * directly — plain `jose` and plain `@sd-jwt/sd-jwt-vc` + `@sd-jwt/crypto-nodejs` — with no
 * TrustBridge code in their signers, verifiers or hashers.
 */
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as jose from 'jose';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { ES256, digest, generateSalt } from '@sd-jwt/crypto-nodejs';
import { fixedClock } from '@trustbridge/core';
import { createEd25519Signer, ed25519PublicKeyToJwk, generateEd25519KeyPair } from '@trustbridge/keys';
import { createDidResolver, createVerificationMethodResolver, didKeyFromEd25519PublicKey } from '@trustbridge/did';
import { createJwkSigner, issueSdJwtVc, issueVcJwt, presentSdJwtVc, verifySdJwtVc, verifyVcJwt } from '@trustbridge/jose';

const NOW_S = Date.parse('2025-06-01T12:00:00Z') / 1000;
const clock = fixedClock(new Date(NOW_S * 1000));
const NONCE = 'interop-nonce-1';
const AUD = 'https://bank.example.ca';
const VCT = 'https://credentials.trustbridge.example.ca/BusinessRepresentativeCredential';

// Fixed keys (seeded Ed25519; a P-256 holder JWK generated once).
const issuerKeys = generateEd25519KeyPair(new Uint8Array(32).fill(21));
const issuerDid = didKeyFromEd25519PublicKey(issuerKeys.publicKey);
const issuerKid = `${issuerDid}#${issuerDid.slice('did:key:'.length)}`;
const issuerPublicJwk = ed25519PublicKeyToJwk(issuerKeys.publicKey);
const issuerPrivateJwk = { ...issuerPublicJwk, d: Buffer.from(issuerKeys.secretKey!).toString('base64url') };
const holderPrivateJwk = {
  kty: 'EC', crv: 'P-256',
  x: 'W3YULO7uk37L8bE95Cr39MNIi0_MzTTuWLvSFt576Z0', y: '1XCA_k66fA7r4knhSKXIWOQt8TWKgvTqjwTCwuSKu4A', d: 'BABiQPa_pwqLUbUPyjGX7n9OLeufydz_witKAJlHBhI',
};
const { d: _d, ...holderPublicJwk } = holderPrivateJwk;

const resolveVerificationMethod = createVerificationMethodResolver(createDidResolver());

const credential = {
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  type: ['VerifiableCredential', 'BusinessRegistrationCredential'],
  issuer: issuerDid,
  validFrom: '2025-01-01T00:00:00Z',
  credentialSubject: { id: 'did:example:business-1', legalName: 'Tremblay Consulting Ltd.', businessStatus: 'ACTIVE' },
};

// Plain node:crypto Ed25519 functions in the shape @sd-jwt injects (no TrustBridge code).
const issuerPrivateKey = createPrivateKey({ key: issuerPrivateJwk, format: 'jwk' });
const issuerPublicKey = createPublicKey({ key: issuerPublicJwk, format: 'jwk' });
const sdjwtEdSigner = (data: string) => nodeSign(null, Buffer.from(data), issuerPrivateKey).toString('base64url');
const sdjwtEdVerifier = (data: string, sig: string) => nodeVerify(null, Buffer.from(data), issuerPublicKey, Buffer.from(sig, 'base64url'));
const kbVerifier = async (data: string, sig: string, payload: Record<string, unknown>) =>
  (await ES256.getVerifier((payload.cnf as { jwk: object }).jwk))(data, sig);

describe('vc+jwt interop with plain jose', () => {
  it('jose → TrustBridge: a vc+jwt signed by jose (EdDSA) verifies', async () => {
    const key = await jose.importJWK(issuerPrivateJwk, 'EdDSA');
    const jwt = await new jose.CompactSign(new TextEncoder().encode(JSON.stringify(credential)))
      .setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', kid: issuerKid })
      .sign(key);
    const r = await verifyVcJwt(jwt, { resolveVerificationMethod, clock });
    expect(r.problems).toEqual([]);
    expect(r.verified).toBe(true);
    expect(r.document).toEqual(credential);
  });

  it('jose → TrustBridge: a tampered jose token fails with ERR_JOSE_SIGNATURE_INVALID', async () => {
    const key = await jose.importJWK(issuerPrivateJwk, 'EdDSA');
    const jwt = await new jose.SignJWT(credential).setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', kid: issuerKid }).sign(key);
    const [h, , s] = jwt.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...credential, validFrom: '2024-01-01T00:00:00Z' })).toString('base64url')}.${s}`;
    expect((await verifyVcJwt(forged, { resolveVerificationMethod, clock })).problems.map((p) => p.code)).toEqual(['ERR_JOSE_SIGNATURE_INVALID']);
  });

  it('TrustBridge → jose: jwtVerify and compactVerify accept the vc+jwt (typ checked)', async () => {
    const jwt = await issueVcJwt(credential as never, { signer: createEd25519Signer({ id: issuerKid, secretKey: issuerKeys.secretKey! }) });
    const key = await jose.importJWK(issuerPublicJwk, 'EdDSA');
    const { payload, protectedHeader } = await jose.jwtVerify(jwt, key, { typ: 'vc+jwt', algorithms: ['EdDSA'], currentDate: new Date(NOW_S * 1000) });
    expect(protectedHeader).toEqual({ alg: 'EdDSA', typ: 'vc+jwt', kid: issuerKid });
    expect(payload).toEqual(credential);
    const { payload: bytes } = await jose.compactVerify(jwt, key);
    expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual(credential);
  });

  it('TrustBridge → jose: ES256 (r‖s) signatures verify in jose', async () => {
    const signer = createJwkSigner({ id: 'holder-key', privateJwk: holderPrivateJwk });
    const sig = await signer.sign(new TextEncoder().encode('x'));
    expect(sig).toHaveLength(64);
    const { signCompactJws } = await import('@trustbridge/jose');
    const jws = await signCompactJws({ typ: 'JWT' }, { sub: 'x' }, signer);
    const { payload } = await jose.jwtVerify(jws, await jose.importJWK(holderPublicJwk, 'ES256'));
    expect(payload).toEqual({ sub: 'x' });
  });
});

describe('SD-JWT VC interop with plain @sd-jwt/sd-jwt-vc + @sd-jwt/crypto-nodejs', () => {
  const claims = { given_name: 'Amélie', family_name: 'Tremblay', role: 'Director', address: { locality: 'Victoria', region: 'BC' }, nationalities: ['CA', 'FR'] };
  const frame = { _sd: ['given_name', 'family_name', 'role', 'address'], address: { _sd: ['locality'] }, nationalities: { _sd: [1] } };

  async function sdjwtLib() {
    return new SDJwtVcInstance({
      signer: sdjwtEdSigner,
      signAlg: 'EdDSA',
      verifier: sdjwtEdVerifier,
      hasher: digest,
      hashAlg: 'sha-256',
      saltGenerator: generateSalt,
      kbSigner: await ES256.getSigner(holderPrivateJwk),
      kbSignAlg: 'ES256',
      kbVerifier,
    });
  }

  it('@sd-jwt → TrustBridge: issued and presented with KB by @sd-jwt, verified by TrustBridge', async () => {
    const lib = await sdjwtLib();
    const issued = await lib.issue(
      { iss: issuerDid, iat: NOW_S - 60, vct: VCT, cnf: { jwk: holderPublicJwk }, ...claims } as never,
      frame as never,
      { header: { kid: issuerKid } },
    );
    const presentation = await lib.present(issued, { given_name: true, address: { locality: true }, nationalities: { 1: true } } as never, {
      kb: { payload: { iat: NOW_S, aud: AUD, nonce: NONCE } },
    });
    const r = await verifySdJwtVc(presentation, { resolveVerificationMethod, clock, requireKeyBinding: true, expectedNonce: NONCE, expectedAudience: AUD });
    expect(r.problems).toEqual([]);
    expect(r.verified).toBe(true);
    expect(r.document).toMatchObject({ given_name: 'Amélie', address: { locality: 'Victoria', region: 'BC' }, nationalities: ['CA', 'FR'] });
    expect(r.document).not.toHaveProperty('family_name');
    // A wrong nonce from the same library's presentation is refused with its code.
    const replay = await verifySdJwtVc(presentation, { resolveVerificationMethod, clock, requireKeyBinding: true, expectedNonce: 'other', expectedAudience: AUD });
    expect(replay.problems.map((p) => p.code)).toEqual(['ERR_SDJWT_KB_NONCE']);
  });

  it('TrustBridge → @sd-jwt: issued and presented with KB by TrustBridge, verified by @sd-jwt', async () => {
    const issued = await issueSdJwtVc(claims, {
      signer: createEd25519Signer({ id: issuerKid, secretKey: issuerKeys.secretKey! }),
      iss: issuerDid, vct: VCT, holderKey: holderPublicJwk, iat: NOW_S - 60, disclosureFrame: frame, decoys: 2,
    });
    const presentation = await presentSdJwtVc(issued, {
      disclose: ['/given_name', '/address/locality'],
      holderSigner: createJwkSigner({ id: 'holder', privateJwk: holderPrivateJwk }),
      nonce: NONCE, aud: AUD, iat: NOW_S,
    });
    const lib = await sdjwtLib();
    const result = await lib.verify(presentation, { keyBindingNonce: NONCE, currentDate: NOW_S });
    expect(result.header).toMatchObject({ typ: 'dc+sd-jwt', alg: 'EdDSA', kid: issuerKid });
    expect(result.payload).toMatchObject({ iss: issuerDid, vct: VCT, given_name: 'Amélie', address: { locality: 'Victoria', region: 'BC' }, nationalities: ['CA'] });
    expect(result.payload).not.toHaveProperty('family_name');
    expect(result.kb?.payload).toMatchObject({ aud: AUD, nonce: NONCE, iat: NOW_S });
  });

  it('TrustBridge-issued credential presented by @sd-jwt (holder side), verified by TrustBridge', async () => {
    const issued = await issueSdJwtVc(claims, {
      signer: createEd25519Signer({ id: issuerKid, secretKey: issuerKeys.secretKey! }),
      iss: issuerDid, vct: VCT, holderKey: holderPublicJwk, iat: NOW_S - 60, disclosureFrame: frame,
    });
    const lib = await sdjwtLib();
    const presentation = await lib.present(issued, { role: true } as never, { kb: { payload: { iat: NOW_S, aud: AUD, nonce: NONCE } } });
    const r = await verifySdJwtVc(presentation, { resolveVerificationMethod, clock, requireKeyBinding: true, expectedNonce: NONCE, expectedAudience: AUD });
    expect(r.verified).toBe(true);
    expect(r.document).toMatchObject({ role: 'Director' });
    expect(r.document).not.toHaveProperty('given_name');
  });

  it('a Disclosure tampered after @sd-jwt issued it: TrustBridge refuses it (RFC 9901 §7.1 step 5); @sd-jwt 0.19 drops it silently', async () => {
    const lib = await sdjwtLib();
    const issued = await lib.issue({ iss: issuerDid, iat: NOW_S - 60, vct: VCT, ...claims } as never, frame as never, { header: { kid: issuerKid } });
    const parts = issued.split('~');
    parts[1] = Buffer.from(JSON.stringify(['salt', 'role', 'Owner'])).toString('base64url');
    const tampered = parts.join('~');
    // @sd-jwt/sd-jwt-vc 0.19 ignores the unreferenced Disclosure instead of rejecting the SD-JWT; the forged claim does not appear.
    const lax = await lib.verify(tampered, { currentDate: NOW_S });
    expect(lax.payload).not.toHaveProperty('role', 'Owner');
    expect((await verifySdJwtVc(tampered, { resolveVerificationMethod, clock })).problems.map((p) => p.code)).toEqual(['ERR_SDJWT_DISCLOSURE_UNKNOWN']);
  });
});
