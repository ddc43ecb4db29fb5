/**
 * JOSE family: TrustBridge beside plain `jose` and plain `@sd-jwt/sd-jwt-vc` in the same run, with the
 * raw node:crypto Ed25519 verify as reference (bench/lib.ts `compare`).
 *
 * - vc+jwt verify (EdDSA, did:key issuer): TrustBridge `verifyVcJwt` (strict parse, header checks,
 *   verification method through a cached DID resolver, signature, validity window, status reference)
 *   vs `jose.jwtVerify` with the KeyObject given directly. Goal: TrustBridge ≥ 80 % of raw verify.
 * - SD-JWT VC verify, 5 Disclosures + KB-JWT (EdDSA issuer and holder): TrustBridge `verifySdJwtVc`
 *   vs `SDJwtVcInstance.verify` with node:crypto verifiers (issuer KeyObject reused; holder KeyObject
 *   cached by cnf key, so both sides import each key once) and `@sd-jwt/crypto-nodejs` `digest`.
 *   Goal: TrustBridge ≥ 2× @sd-jwt.
 * - The same SD-JWT VC signed with ES256 (P-256 issuer `did:jwk`, P-256 holder), with @sd-jwt used
 *   exactly as shipped: `@sd-jwt/crypto-nodejs` `ES256.getVerifier` for the issuer key (created once)
 *   and for the holder key from `cnf` (per presentation, since holders differ). `@sd-jwt/crypto-nodejs`
 *   has no EdDSA verifier, so the EdDSA rows above give @sd-jwt hand-written node:crypto verifiers:
 *   a stricter reference than the plain library.
 */
import { createPublicKey, generateKeyPairSync, verify as nodeVerify, type KeyObject } from 'node:crypto';
import * as jose from 'jose';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { ES256, digest } from '@sd-jwt/crypto-nodejs';
import { fixedClock } from '@trustbridge/core';
import { createEd25519Signer, ed25519PublicKeyToJwk, generateEd25519KeyPair } from '@trustbridge/keys';
import { createDidResolver, createVerificationMethodResolver, didJwkFromJwk, didKeyFromEd25519PublicKey } from '@trustbridge/did';
import { cacheVerificationMethods, createJwkSigner, issueSdJwtVc, issueVcJwt, presentSdJwtVc, verifySdJwtVc, verifyVcJwt } from '@trustbridge/jose';
import { compare, ratio, rawEd25519Verify, type Suite } from '../lib.js';

const TB = 'trustbridge';
const JOSE = 'jose 6 jwtVerify';
const SDJWT = '@sd-jwt/sd-jwt-vc 0.19';
const SDJWT_PLAIN = '@sd-jwt/sd-jwt-vc 0.19 + crypto-nodejs ES256';
const RAW = rawEd25519Verify.implementation;
const NOW_S = Date.parse('2025-06-01T12:00:00Z') / 1000;
const clock = fixedClock(new Date(NOW_S * 1000));

async function fixtures() {
  const issuer = generateEd25519KeyPair(new Uint8Array(32).fill(3));
  const holder = generateEd25519KeyPair(new Uint8Array(32).fill(4));
  const did = didKeyFromEd25519PublicKey(issuer.publicKey);
  const kid = `${did}#${did.slice('did:key:'.length)}`;
  const signer = createEd25519Signer({ id: kid, secretKey: issuer.secretKey! });
  const holderJwk = ed25519PublicKeyToJwk(holder.publicKey);
  const holderSigner = createEd25519Signer({ id: 'holder', secretKey: holder.secretKey! });
  const credential = {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: 'urn:uuid:3b0f6a52-8f7e-4a55-9d8e-6f1f0b0c0001',
    type: ['VerifiableCredential', 'BusinessRepresentativeCredential'],
    issuer: did,
    validFrom: '2025-01-01T00:00:00Z',
    validUntil: '2026-01-01T00:00:00Z',
    credentialSubject: {
      id: 'did:example:holder',
      givenName: 'Amélie',
      familyName: 'Tremblay',
      role: 'Director',
      registrationNumber: 'FM0055205',
      businessNumber: '123456789RC0001',
      businessName: 'Tremblay Consulting Ltd.',
    },
  };
  const vcJwt = await issueVcJwt(credential as never, { signer });
  const sdJwt = await issueSdJwtVc(
    { given_name: 'Amélie', family_name: 'Tremblay', role: 'Director', registration_number: 'FM0055205', business_name: 'Tremblay Consulting Ltd.', business_type: 'Corporation' },
    {
      signer, iss: did, vct: 'https://credentials.trustbridge.example.ca/BusinessRepresentativeCredential', holderKey: holderJwk,
      iat: NOW_S - 60, exp: NOW_S + 86_400, disclosureFrame: { _sd: ['given_name', 'family_name', 'role', 'registration_number', 'business_name', 'business_type'] },
    },
  );
  const presentation = await presentSdJwtVc(sdJwt, {
    disclose: ['/given_name', '/family_name', '/role', '/registration_number', '/business_name'],
    holderSigner, nonce: 'bench-nonce', aud: 'https://bank.example.ca', iat: NOW_S,
  });
  return { issuer, did, vcJwt, presentation };
}

/** The same 5-disclosure SD-JWT VC + KB, with ES256 (P-256) issuer (did:jwk) and holder keys. */
async function es256Fixtures() {
  const p256 = () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return { pub: publicKey.export({ format: 'jwk' }) as Record<string, string>, priv: privateKey.export({ format: 'jwk' }) as Record<string, string> };
  };
  const issuer = p256();
  const holder = p256();
  const did = didJwkFromJwk(issuer.pub as never);
  const signer = createJwkSigner({ id: `${did}#0`, privateJwk: issuer.priv as never });
  const holderSigner = createJwkSigner({ id: 'holder', privateJwk: holder.priv as never });
  const sdJwt = await issueSdJwtVc(
    { given_name: 'Amélie', family_name: 'Tremblay', role: 'Director', registration_number: 'FM0055205', business_name: 'Tremblay Consulting Ltd.', business_type: 'Corporation' },
    {
      signer, iss: did, vct: 'https://credentials.trustbridge.example.ca/BusinessRepresentativeCredential', holderKey: holder.pub as never,
      iat: NOW_S - 60, exp: NOW_S + 86_400, disclosureFrame: { _sd: ['given_name', 'family_name', 'role', 'registration_number', 'business_name', 'business_type'] },
    },
  );
  const presentation = await presentSdJwtVc(sdJwt, {
    disclose: ['/given_name', '/family_name', '/role', '/registration_number', '/business_name'],
    holderSigner, nonce: 'bench-nonce', aud: 'https://bank.example.ca', iat: NOW_S,
  });
  return { issuerPublicJwk: issuer.pub, presentation };
}

export default {
  title: 'JOSE: vc+jwt and SD-JWT VC (5 disclosures + key binding) verify',
  async run({ rounds, roundMs }) {
    const { issuer, vcJwt, presentation } = await fixtures();
    const resolveVerificationMethod = cacheVerificationMethods(createVerificationMethodResolver(createDidResolver()), { clock });
    const issuerKey = createPublicKey({ key: ed25519PublicKeyToJwk(issuer.publicKey) as import('node:crypto').JsonWebKey, format: 'jwk' });

    // Sanity: every candidate accepts its input, so the loops measure successful verifications.
    const tbVc = await verifyVcJwt(vcJwt, { resolveVerificationMethod, clock });
    if (!tbVc.verified) throw new Error(`bench fixture: vc+jwt not verified: ${JSON.stringify(tbVc.problems)}`);
    await jose.jwtVerify(vcJwt, issuerKey, { typ: 'vc+jwt', algorithms: ['EdDSA'], currentDate: clock() });

    const vcRows = await compare(
      'vc+jwt verify',
      [
        { implementation: TB, fn: () => verifyVcJwt(vcJwt, { resolveVerificationMethod, clock }) },
        { implementation: JOSE, fn: () => jose.jwtVerify(vcJwt, issuerKey, { typ: 'vc+jwt', algorithms: ['EdDSA'], currentDate: clock() }) },
      ],
      { rounds, roundMs },
    );

    const sdOptions = { resolveVerificationMethod, clock, requireKeyBinding: true, expectedNonce: 'bench-nonce', expectedAudience: 'https://bank.example.ca' };
    const tbSd = await verifySdJwtVc(presentation, sdOptions);
    if (!tbSd.verified || Object.keys(tbSd.document ?? {}).length < 10) throw new Error(`bench fixture: SD-JWT VC not verified: ${JSON.stringify(tbSd.problems)}`);

    const holderKeys = new Map<string, KeyObject>();
    const lib = new SDJwtVcInstance({
      hasher: digest,
      hashAlg: 'sha-256',
      verifier: (data: string, sig: string) => nodeVerify(null, Buffer.from(data), issuerKey, Buffer.from(sig, 'base64url')),
      kbVerifier: (data: string, sig: string, payload: Record<string, unknown>) => {
        const jwk = (payload.cnf as { jwk: { x: string } }).jwk;
        let key = holderKeys.get(jwk.x);
        if (!key) holderKeys.set(jwk.x, (key = createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' })));
        return nodeVerify(null, Buffer.from(data), key, Buffer.from(sig, 'base64url'));
      },
    });
    const libResult = await lib.verify(presentation, { keyBindingNonce: 'bench-nonce', currentDate: NOW_S });
    if (!libResult.kb || (libResult.payload as Record<string, unknown>).given_name !== 'Amélie') throw new Error('bench fixture: @sd-jwt did not verify');

    const sdRows = await compare(
      'SD-JWT VC verify (5 disclosures + KB)',
      [
        { implementation: TB, fn: () => verifySdJwtVc(presentation, sdOptions) },
        { implementation: SDJWT, fn: () => lib.verify(presentation, { keyBindingNonce: 'bench-nonce', currentDate: NOW_S }) },
      ],
      { rounds, roundMs },
    );

    // ES256, @sd-jwt with its own crypto package as shipped.
    const es = await es256Fixtures();
    const tbEs = await verifySdJwtVc(es.presentation, sdOptions);
    if (!tbEs.verified) throw new Error(`bench fixture: ES256 SD-JWT VC not verified: ${JSON.stringify(tbEs.problems)}`);
    const plain = new SDJwtVcInstance({
      hasher: digest,
      hashAlg: 'sha-256',
      verifier: await ES256.getVerifier(es.issuerPublicJwk),
      kbVerifier: async (data: string, sig: string, payload: Record<string, unknown>) =>
        (await ES256.getVerifier((payload.cnf as { jwk: Record<string, string> }).jwk))(data, sig),
    });
    const plainResult = await plain.verify(es.presentation, { keyBindingNonce: 'bench-nonce', currentDate: NOW_S });
    if (!plainResult.kb || (plainResult.payload as Record<string, unknown>).given_name !== 'Amélie') throw new Error('bench fixture: plain @sd-jwt (ES256) did not verify');
    const esRows = await compare(
      'SD-JWT VC verify, ES256 (5 disclosures + KB)',
      [
        { implementation: TB, fn: () => verifySdJwtVc(es.presentation, sdOptions) },
        { implementation: SDJWT_PLAIN, fn: () => plain.verify(es.presentation, { keyBindingNonce: 'bench-nonce', currentDate: NOW_S }) },
      ],
      { rounds, roundMs },
    );
    const esVsPlain = ratio(esRows, TB, SDJWT_PLAIN);

    const vcVsRaw = ratio(vcRows, TB, RAW);
    const joseVsRaw = ratio(vcRows, JOSE, RAW);
    const sdVsLib = ratio(sdRows, TB, SDJWT);
    const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
    return {
      title: this.title,
      rows: [...vcRows, ...sdRows, ...esRows],
      notes: [
        `vc+jwt verify: trustbridge / raw Ed25519 verify = ${pct(vcVsRaw)} (goal ≥ 80 %) ${vcVsRaw >= 0.8 ? 'MET' : 'NOT MET'}; plain jose = ${pct(joseVsRaw)}; trustbridge / jose = ${ratio(vcRows, TB, JOSE).toFixed(2)}×`,
        `SD-JWT VC verify with key binding vs plain @sd-jwt (ES256 through @sd-jwt/crypto-nodejs, the library as shipped): trustbridge / @sd-jwt = ${esVsPlain.toFixed(2)}× (goal ≥ 2×) ${esVsPlain >= 2 ? 'MET' : 'NOT MET'}`,
        `SD-JWT VC verify with key binding vs @sd-jwt given hand-written node:crypto EdDSA verifiers with cached keys (stricter than plain): trustbridge / @sd-jwt = ${sdVsLib.toFixed(2)}× ${sdVsLib >= 2 ? '(≥ 2×)' : '(< 2×)'}; both need 2 signature verifies, so neither can go below 2 EdV`,
      ],
    };
  },
} satisfies Suite;
