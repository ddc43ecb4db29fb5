import { describe, expect, it } from 'vitest';
import { fixedClock, type Signer, type VerificationResult } from '@trustbridge/core';
import { createJwkSigner, issuePresentationJwt, issueVcJwt, envelopeVcJwt, signCompactJws, verifyPresentationJwt, verifyVcJwt, cacheVerificationMethods } from './index.js';
import {
  b64json,
  businessCredential,
  clock,
  holderDid,
  holderKid,
  holderSigner,
  issuerDid,
  issuerKid,
  issuerPublicJwk,
  issuerSigner,
  p256IssuerDid,
  p256IssuerSigner,
  resolveVerificationMethod,
  withSegment,
} from '../test/fixtures.js';
import { createDidResolver, createVerificationMethodResolver, didJwkFromJwk } from '@trustbridge/did';

const opts = { resolveVerificationMethod, clock };

function codes(r: VerificationResult): string[] {
  return r.problems.map((p) => p.code);
}

/** Signs an arbitrary header/payload with the issuer key (for crafting bad tokens that are validly signed). */
async function craft(header: Record<string, unknown>, payload: Record<string, unknown>, signer: Signer = issuerSigner): Promise<string> {
  return signCompactJws(header, payload, signer);
}

describe('issueVcJwt', () => {
  it('produces a compact JWS with { alg, typ: vc+jwt, kid } and the credential as payload (VC-JOSE-COSE §3.1.1)', async () => {
    const vc = businessCredential();
    const jwt = await issueVcJwt(vc as never, { signer: issuerSigner });
    const [h, p] = jwt.split('.');
    expect(JSON.parse(Buffer.from(h!, 'base64url').toString())).toEqual({ alg: 'EdDSA', typ: 'vc+jwt', kid: issuerKid });
    expect(JSON.parse(Buffer.from(p!, 'base64url').toString())).toEqual(vc);
    // Ed25519 is deterministic: the same input gives the same token.
    expect(await issueVcJwt(vc as never, { signer: issuerSigner })).toBe(jwt);
  });

  it('adds cty: vc on request and honours a custom typ', async () => {
    const jwt = await issueVcJwt(businessCredential() as never, { signer: issuerSigner, cty: true });
    expect(JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString())).toMatchObject({ cty: 'vc' });
  });

  it('refuses a kid that is not a key of the issuer, and a signer with an unsupported algorithm', async () => {
    await expect(issueVcJwt(businessCredential() as never, { signer: holderSigner })).rejects.toMatchObject({ code: 'ERR_JOSE_OPTIONS_INVALID' });
    await expect(issueVcJwt(businessCredential({ issuer: undefined }) as never, { signer: issuerSigner })).rejects.toMatchObject({ code: 'ERR_JOSE_OPTIONS_INVALID' });
    const rs: Signer = { id: issuerKid, algorithm: 'RS256', sign: async () => new Uint8Array(256) };
    await expect(issueVcJwt(businessCredential() as never, { signer: rs })).rejects.toMatchObject({ code: 'ERR_JOSE_ALG_NOT_ALLOWED' });
    const der: Signer = { id: issuerKid, algorithm: 'ES256', sign: async () => new Uint8Array(71) };
    await expect(issueVcJwt(businessCredential() as never, { signer: der })).rejects.toMatchObject({ code: 'ERR_JOSE_SIGNER_OUTPUT_INVALID' });
  });
});

describe('verifyVcJwt', () => {
  it('verifies an EdDSA vc+jwt from a did:key issuer and reports every check', async () => {
    const jwt = await issueVcJwt(businessCredential() as never, { signer: issuerSigner });
    const r = await verifyVcJwt(jwt, opts);
    expect(r.verified).toBe(true);
    expect(r.format).toBe('vc+jwt');
    expect(r.checks.map((c) => [c.id, c.status])).toEqual([
      ['parse', 'passed'],
      ['header', 'passed'],
      ['structure', 'passed'],
      ['proof', 'passed'],
      ['validity', 'passed'],
      ['status', 'skipped'],
    ]);
    expect(r.document?.credentialSubject).toMatchObject({ familyName: 'Tremblay' });
  });

  it('verifies an ES256 vc+jwt from a did:jwk (P-256 JWK) issuer', async () => {
    const jwt = await issueVcJwt(businessCredential({ issuer: p256IssuerDid }) as never, { signer: p256IssuerSigner });
    const r = await verifyVcJwt(jwt, opts);
    expect(r.verified).toBe(true);
    expect(r.checks.find((c) => c.id === 'proof')?.details).toMatchObject({ alg: 'ES256' });
  });

  it('works through the verification method cache', async () => {
    const cached = cacheVerificationMethods(resolveVerificationMethod, { clock });
    const jwt = await issueVcJwt(businessCredential() as never, { signer: issuerSigner });
    expect((await verifyVcJwt(jwt, { ...opts, resolveVerificationMethod: cached })).verified).toBe(true);
    expect((await verifyVcJwt(jwt, { ...opts, resolveVerificationMethod: cached })).verified).toBe(true);
  });

  it('carries a Bitstring Status List reference into a skipped status check', async () => {
    const credentialStatus = {
      id: 'https://registry.example.ca/status/1#94567',
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '94567',
      statusListCredential: 'https://registry.example.ca/status/1',
    };
    const jwt = await issueVcJwt(businessCredential({ credentialStatus }) as never, { signer: issuerSigner });
    const r = await verifyVcJwt(jwt, opts);
    expect(r.verified).toBe(true);
    expect(r.checks.find((c) => c.id === 'status')).toEqual({
      id: 'status',
      status: 'skipped',
      code: 'ERR_STATUS_NOT_CONFIGURED',
      message: 'Status checking not configured.',
      details: { references: [credentialStatus] },
    });
  });

  describe('bad input (issue 3), each with its code', () => {
    it('tampered payload → ERR_JOSE_SIGNATURE_INVALID with a constant message', async () => {
      const jwt = await issueVcJwt(businessCredential() as never, { signer: issuerSigner });
      const tampered = withSegment(jwt, 1, b64json(businessCredential({ credentialSubject: { id: holderDid, role: 'Owner' } })));
      const r = await verifyVcJwt(tampered, opts);
      expect(r.verified).toBe(false);
      expect(r.problems).toEqual([{ code: 'ERR_JOSE_SIGNATURE_INVALID', specCode: 'CRYPTOGRAPHIC_SECURITY_ERROR', message: 'Signature verification failed.' }]);
      expect(r.checks.filter((c) => c.status === 'skipped').map((c) => c.id)).toEqual(['validity', 'status']);
    });

    it('tampered signature → ERR_JOSE_SIGNATURE_INVALID', async () => {
      const jwt = await issueVcJwt(businessCredential() as never, { signer: issuerSigner });
      const sig = Buffer.from(jwt.split('.')[2]!, 'base64url');
      sig[0]! ^= 1;
      expect(codes(await verifyVcJwt(withSegment(jwt, 2, sig.toString('base64url')), opts))).toEqual(['ERR_JOSE_SIGNATURE_INVALID']);
    });

    it('alg: none → ERR_JOSE_ALG_NOT_ALLOWED', async () => {
      const token = `${b64json({ alg: 'none', typ: 'vc+jwt', kid: issuerKid })}.${b64json(businessCredential())}.`;
      expect(codes(await verifyVcJwt(token, opts))).toEqual(['ERR_JOSE_ALG_NOT_ALLOWED']);
    });

    it('HS256 keyed with the public key (algorithm confusion) → ERR_JOSE_ALG_NOT_ALLOWED', async () => {
      const { createHmac } = await import('node:crypto');
      const input = `${b64json({ alg: 'HS256', typ: 'vc+jwt', kid: issuerKid })}.${b64json(businessCredential())}`;
      const mac = createHmac('sha256', Buffer.from(issuerPublicJwk.x!, 'base64url')).update(input).digest('base64url');
      expect(codes(await verifyVcJwt(`${input}.${mac}`, opts))).toEqual(['ERR_JOSE_ALG_NOT_ALLOWED']);
    });

    it('an algorithm outside the caller allow-list → ERR_JOSE_ALG_NOT_ALLOWED', async () => {
      const jwt = await issueVcJwt(businessCredential() as never, { signer: issuerSigner });
      expect(codes(await verifyVcJwt(jwt, { ...opts, allowedAlgorithms: ['ES256'] }))).toEqual(['ERR_JOSE_ALG_NOT_ALLOWED']);
    });

    it('alg that does not fit the key (ES256 header, Ed25519 key) → ERR_JOSE_KEY_MISMATCH', async () => {
      const signer: Signer = { ...issuerSigner, id: issuerSigner.id, algorithm: 'ES256', sign: issuerSigner.sign };
      const jwt = await craft({ typ: 'vc+jwt', kid: issuerKid }, businessCredential(), signer);
      expect(codes(await verifyVcJwt(jwt, opts))).toEqual(['ERR_JOSE_KEY_MISMATCH']);
    });

    it('wrong typ → ERR_JOSE_TYP_INVALID (also a vp+jwt given to verifyVcJwt)', async () => {
      for (const typ of ['JWT', 'vp+jwt', undefined]) {
        const jwt = await craft({ ...(typ ? { typ } : {}), kid: issuerKid }, businessCredential());
        expect(codes(await verifyVcJwt(jwt, opts))).toEqual(['ERR_JOSE_TYP_INVALID']);
      }
    });

    it('unknown crit → ERR_JOSE_CRIT_UNSUPPORTED', async () => {
      const jwt = await craft({ typ: 'vc+jwt', kid: issuerKid, crit: ['exp'], exp: 1 }, businessCredential());
      expect(codes(await verifyVcJwt(jwt, opts))).toEqual(['ERR_JOSE_CRIT_UNSUPPORTED']);
    });

    it('cty other than vc → ERR_JOSE_CTY_INVALID', async () => {
      const jwt = await craft({ typ: 'vc+jwt', cty: 'vp', kid: issuerKid }, businessCredential());
      expect(codes(await verifyVcJwt(jwt, opts))).toEqual(['ERR_JOSE_CTY_INVALID']);
    });

    it('header jwk that is not the resolved key → ERR_JOSE_KEY_MISMATCH', async () => {
      const jwk = { kty: 'OKP', crv: 'Ed25519', x: Buffer.alloc(32, 1).toString('base64url') };
      const jwt = await craft({ typ: 'vc+jwt', kid: issuerKid, jwk }, businessCredential());
      expect(codes(await verifyVcJwt(jwt, opts))).toEqual(['ERR_JOSE_KEY_MISMATCH']);
      const same = await craft({ typ: 'vc+jwt', kid: issuerKid, jwk: issuerPublicJwk }, businessCredential());
      expect((await verifyVcJwt(same, opts)).verified).toBe(true);
    });

    it('kid of another DID than the issuer → ERR_JOSE_KEY_MISMATCH', async () => {
      const jwt = await craft({ typ: 'vc+jwt', kid: holderKid }, businessCredential(), holderSigner);
      expect(codes(await verifyVcJwt(jwt, opts))).toEqual(['ERR_JOSE_KEY_MISMATCH']);
    });

    it('missing kid → ERR_JOSE_KID_MISSING', async () => {
      const jwt = await craft({ typ: 'vc+jwt' }, businessCredential());
      expect(codes(await verifyVcJwt(jwt, opts))).toEqual(['ERR_JOSE_KID_MISSING']);
    });

    it('a key not authorized for assertionMethod → the resolver code ERR_VM_NOT_AUTHORIZED', async () => {
      const encOnly = { kty: 'OKP', crv: 'Ed25519', x: issuerPublicJwk.x!, use: 'enc' };
      const did = didJwkFromJwk(encOnly);
      const signer = { ...issuerSigner, id: `${did}#0` };
      const jwt = await issueVcJwt(businessCredential({ issuer: did }) as never, { signer });
      const r = await verifyVcJwt(jwt, { ...opts, resolveVerificationMethod: createVerificationMethodResolver(createDidResolver()) });
      expect(codes(r)).toEqual(['ERR_VM_NOT_AUTHORIZED']);
    });

    it('an unresolvable DID → the resolver code ERR_DID_RESOLUTION_FAILED', async () => {
      const jwt = await craft({ typ: 'vc+jwt', kid: 'did:example:nobody#key-1' }, businessCredential({ issuer: 'did:example:nobody' }));
      expect(codes(await verifyVcJwt(jwt, opts))).toEqual(['ERR_DID_RESOLUTION_FAILED']);
    });

    it('expired (validUntil, exp) → ERR_JWT_EXPIRED; future validFrom/nbf → ERR_JWT_NOT_YET_VALID; future iat → ERR_JWT_IAT_IN_FUTURE', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ validUntil: '2025-06-01T11:58:00Z' }, 'ERR_JWT_EXPIRED'],
        [{ exp: Date.parse('2025-06-01T11:58:00Z') / 1000 }, 'ERR_JWT_EXPIRED'],
        [{ validFrom: '2025-06-01T12:02:00Z' }, 'ERR_JWT_NOT_YET_VALID'],
        [{ nbf: Date.parse('2025-06-01T12:02:00Z') / 1000 }, 'ERR_JWT_NOT_YET_VALID'],
        [{ iat: Date.parse('2025-06-01T12:02:00Z') / 1000 }, 'ERR_JWT_IAT_IN_FUTURE'],
        [{ validUntil: 'next tuesday' }, 'ERR_JWT_CLAIM_INVALID'],
        [{ exp: '1748779200' }, 'ERR_JWT_CLAIM_INVALID'],
      ];
      for (const [overrides, code] of cases) {
        const jwt = await issueVcJwt(businessCredential(overrides) as never, { signer: issuerSigner });
        const r = await verifyVcJwt(jwt, opts);
        expect(codes(r), JSON.stringify(overrides)).toEqual([code]);
        expect(r.checks.find((c) => c.id === 'proof')?.status).toBe('passed');
      }
    });

    it('within the skew is still valid; a larger skew accepts what a smaller refuses', async () => {
      const jwt = await issueVcJwt(businessCredential({ validUntil: '2025-06-01T11:59:30Z' }) as never, { signer: issuerSigner });
      expect((await verifyVcJwt(jwt, opts)).verified).toBe(true);
      expect(codes(await verifyVcJwt(jwt, { ...opts, maxClockSkewSeconds: 0 }))).toEqual(['ERR_JWT_EXPIRED']);
      expect((await verifyVcJwt(jwt, { ...opts, clock: fixedClock('2025-06-01T12:00:20Z'), maxClockSkewSeconds: 60 })).verified).toBe(true);
    });

    it('oversized token → ERR_JOSE_TOO_LARGE', async () => {
      const jwt = await issueVcJwt(businessCredential({ description: 'x'.repeat(2000) }) as never, { signer: issuerSigner });
      expect(codes(await verifyVcJwt(jwt, { ...opts, maxTokenBytes: 1024 }))).toEqual(['ERR_JOSE_TOO_LARGE']);
      expect(codes(await verifyVcJwt('a'.repeat(200_000), opts))).toEqual(['ERR_JOSE_TOO_LARGE']);
    });

    it('non-base64url segments, padding, non-canonical encodings and wrong segment counts → ERR_JOSE_MALFORMED', async () => {
      const jwt = await issueVcJwt(businessCredential() as never, { signer: issuerSigner });
      const [h, p, s] = jwt.split('.') as [string, string, string];
      const bad = [
        `${h}.${p}`,
        `${h}.${p}.${s}.${s}`,
        `${h}+.${p}.${s}`,
        `${h}.${p}.${s}=`,
        `${h}.${p.replace(/-/g, '+').replace(/_/g, '/')}x.${s}`,
        `${h}.${p}.${s.slice(0, -1)}${s.endsWith('B') ? 'C' : 'B'}`, // non-zero trailing bits (86 chars: 4 unused bits)
        `${b64json([1, 2])}.${p}.${s}`,
        `${Buffer.from('{"alg":').toString('base64url')}.${p}.${s}`,
        `${Buffer.from([0xff, 0xfe]).toString('base64url')}.${p}.${s}`,
        '',
        '...',
      ];
      for (const token of bad) {
        const r = await verifyVcJwt(token, opts);
        expect(codes(r), token.slice(0, 40)).toEqual(['ERR_JOSE_MALFORMED']);
        expect(r.problems[0]?.specCode).toBe('PARSING_ERROR');
      }
      expect(codes(await verifyVcJwt(42 as never, opts))).toEqual(['ERR_JOSE_MALFORMED']);
    });

    it('a payload that is not a VC 2.0 credential → ERR_JOSE_PAYLOAD_INVALID', async () => {
      const cases = [
        businessCredential({ '@context': ['https://www.w3.org/2018/credentials/v1'] }),
        businessCredential({ type: ['BusinessRepresentativeCredential'] }),
        businessCredential({ iss: 'did:example:someone-else' }),
        businessCredential({ credentialSubject: undefined }),
      ];
      for (const payload of cases) {
        const jwt = await craft({ typ: 'vc+jwt', kid: issuerKid }, JSON.parse(JSON.stringify(payload)));
        expect(codes(await verifyVcJwt(jwt, opts))).toEqual(['ERR_JOSE_PAYLOAD_INVALID']);
      }
    });

    it('missing options are misuse and throw ERR_JOSE_OPTIONS_INVALID', async () => {
      await expect(verifyVcJwt('x', {} as never)).rejects.toMatchObject({ code: 'ERR_JOSE_OPTIONS_INVALID' });
    });
  });
});

describe('vp+jwt', () => {
  const presentation = (vcs: unknown[]) => ({
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    type: ['VerifiablePresentation'],
    holder: holderDid,
    verifiableCredential: vcs,
  });

  it('issues and verifies a presentation of an enveloped vc+jwt, bound to nonce and audience', async () => {
    const vc = await issueVcJwt(businessCredential() as never, { signer: issuerSigner });
    const vp = await issuePresentationJwt(presentation([envelopeVcJwt(vc)]) as never, { signer: holderSigner, nonce: 'n-123', aud: 'https://bank.example' });
    expect(JSON.parse(Buffer.from(vp.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'EdDSA', typ: 'vp+jwt', kid: holderKid });
    const r = await verifyPresentationJwt(vp, { ...opts, expectedNonce: 'n-123', expectedAudience: 'https://bank.example' });
    expect(r.verified).toBe(true);
    expect(r.format).toBe('vp+jwt');
    expect(r.checks.map((c) => c.id)).toContain('credentials');
    expect(r.checks.find((c) => c.id === 'proof')?.details).toMatchObject({ verificationMethod: holderKid });
  });

  it('reports a wrong nonce / audience, a tampered inner credential, and a signer who is not the holder', async () => {
    const vc = await issueVcJwt(businessCredential() as never, { signer: issuerSigner });
    const vp = await issuePresentationJwt(presentation([envelopeVcJwt(vc)]) as never, { signer: holderSigner, nonce: 'n-123', aud: 'https://bank.example' });
    expect(codes(await verifyPresentationJwt(vp, { ...opts, expectedNonce: 'other', expectedAudience: 'https://evil.example' }))).toEqual([
      'ERR_JOSE_PRESENTATION_NONCE',
      'ERR_JOSE_PRESENTATION_AUDIENCE',
    ]);
    const bad = withSegment(vc, 1, b64json(businessCredential({ validUntil: '2030-01-01T00:00:00Z' })));
    const vp2 = await issuePresentationJwt(presentation([envelopeVcJwt(bad)]) as never, { signer: holderSigner });
    const r2 = await verifyPresentationJwt(vp2, opts);
    expect(r2.problems).toEqual([expect.objectContaining({ code: 'ERR_JOSE_SIGNATURE_INVALID', path: '/verifiableCredential/0' })]);
    const forged = await craft({ typ: 'vp+jwt', kid: issuerKid }, presentation([]));
    expect(codes(await verifyPresentationJwt(forged, opts))).toEqual(['ERR_JOSE_KEY_MISMATCH']);
    expect(codes(await verifyPresentationJwt(vc, opts))).toEqual(['ERR_JOSE_TYP_INVALID']);
  });

  it('refuses to sign for a holder with another DID', async () => {
    await expect(issuePresentationJwt(presentation([]) as never, { signer: issuerSigner })).rejects.toMatchObject({ code: 'ERR_JOSE_OPTIONS_INVALID' });
  });
});

describe('createJwkSigner', () => {
  it('signs ES256 as r‖s that node:crypto verifies', async () => {
    const jwt = await issueVcJwt(businessCredential({ issuer: p256IssuerDid }) as never, { signer: p256IssuerSigner });
    expect(Buffer.from(jwt.split('.')[2]!, 'base64url')).toHaveLength(64);
    expect(() => createJwkSigner({ id: 'x', privateJwk: { kty: 'RSA' } })).toThrow(expect.objectContaining({ code: 'ERR_JOSE_KEY_UNSUPPORTED' }));
  });
  it('uses the issuer DID, not a pasted one', () => {
    expect(issuerDid.startsWith('did:key:z6Mk')).toBe(true);
  });
});
