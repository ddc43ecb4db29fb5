import { describe, expect, it } from 'vitest';
import { fixedClock, type VerificationResult } from '@trustbridge/core';
import {
  disclosureDigest,
  encodeDisclosure,
  issueSdJwt,
  issueSdJwtVc,
  presentSdJwtVc,
  sdHash,
  signCompactJws,
  verifySdJwt,
  verifySdJwtVc,
  type VerifySdJwtOptions,
} from '../index.js';
import {
  NOW_S,
  clock,
  countingSalts,
  holderPublicJwk,
  holderSigner,
  issuerDid,
  issuerKid,
  issuerPublicJwk,
  issuerSigner,
  p256HolderPrivateJwk,
  p256HolderSigner,
  p256IssuerDid,
  p256IssuerSigner,
  resolveVerificationMethod,
  b64json,
} from '../../test/fixtures.js';
import { publicJwk } from '@trustbridge/keys';

const VCT = 'https://credentials.trustbridge.example.ca/BusinessRepresentativeCredential';
const NONCE = 'nonce-5f1c';
const AUD = 'https://bank.example.ca';

const claims = () => ({
  given_name: 'Amélie',
  family_name: 'Tremblay',
  role: 'Director',
  businessStatus: 'ACTIVE',
  address: { street_address: '1 Government St', locality: 'Victoria', region: 'BC', country: 'CA' },
  nationalities: ['CA', 'FR'],
});
const frame = {
  _sd: ['given_name', 'family_name', 'role', 'address'],
  address: { _sd: ['street_address', 'locality'] },
  nationalities: { _sd: [0, 1] },
};

async function issue(extra: Record<string, unknown> = {}) {
  return issueSdJwtVc(claims(), {
    signer: issuerSigner,
    iss: issuerDid,
    vct: VCT,
    holderKey: holderPublicJwk,
    iat: NOW_S - 3600,
    exp: NOW_S + 86_400,
    disclosureFrame: frame,
    saltGenerator: countingSalts(),
    ...extra,
  });
}

const verifyOpts: VerifySdJwtOptions = { resolveVerificationMethod, clock, requireKeyBinding: true, expectedNonce: NONCE, expectedAudience: AUD };

async function present(sdJwt: string, disclose: readonly string[] = ['/given_name', '/family_name', '/address/locality', '/nationalities/1'], extra = {}) {
  return presentSdJwtVc(sdJwt, { disclose, holderSigner, nonce: NONCE, aud: AUD, clock, ...extra });
}

function codes(r: VerificationResult): string[] {
  return r.problems.map((p) => p.code);
}

function decodePayload(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString());
}

/** Signs a hand-made SD-JWT VC payload (for structurally bad credentials that are validly signed). */
async function craft(payload: Record<string, unknown>, disclosures: string[], header: Record<string, unknown> = { typ: 'dc+sd-jwt', kid: issuerKid }) {
  const jwt = await signCompactJws(header, { iss: issuerDid, vct: VCT, _sd_alg: 'sha-256', ...payload }, issuerSigner);
  return `${jwt}~${disclosures.map((d) => `${d}~`).join('')}`;
}

describe('issueSdJwtVc', () => {
  it('builds header, payload and Disclosures per RFC 9901 §4 and SD-JWT VC §3', async () => {
    const sdJwt = await issue();
    const [jwt, ...rest] = sdJwt.split('~');
    expect(rest.at(-1)).toBe('');
    const header = JSON.parse(Buffer.from(jwt!.split('.')[0]!, 'base64url').toString());
    expect(header).toEqual({ alg: 'EdDSA', typ: 'dc+sd-jwt', kid: issuerKid });
    const payload = decodePayload(jwt!);
    expect(payload).toMatchObject({ iss: issuerDid, vct: VCT, iat: NOW_S - 3600, exp: NOW_S + 86_400, cnf: { jwk: holderPublicJwk }, _sd_alg: 'sha-256', businessStatus: 'ACTIVE' });
    expect(payload).not.toHaveProperty('given_name');
    expect(payload).not.toHaveProperty('address');
    expect((payload._sd as string[]).length).toBe(4);
    expect([...(payload._sd as string[])].sort()).toEqual(payload._sd);
    expect(payload.nationalities).toEqual([{ '...': expect.any(String) }, { '...': expect.any(String) }]);
    // 4 top-level + 2 in address (recursive) + 2 array elements
    expect(rest.length - 1).toBe(8);
    // salts are injected: the first Disclosure is deterministic
    expect(rest).toContain(encodeDisclosure('salt-0', 'given_name', 'Amélie'));
  });

  it('structured (address stays, members disclosable) vs recursive (address itself disclosable) vs flat', async () => {
    const structured = await issueSdJwtVc(claims(), { signer: issuerSigner, iss: issuerDid, vct: VCT, clock, disclosureFrame: { address: { _sd: ['locality'] } } });
    expect(decodePayload(structured.split('~')[0]!).address).toMatchObject({ region: 'BC', _sd: [expect.any(String)] });
    const flat = await issueSdJwtVc(claims(), { signer: issuerSigner, iss: issuerDid, vct: VCT, clock, disclosureFrame: { _sd: ['address'] } });
    expect(flat.split('~').length - 2).toBe(1);
    const r = await verifySdJwtVc(flat, { resolveVerificationMethod, clock });
    expect(r.document?.address).toEqual(claims().address);
  });

  it('adds decoys: top-level `decoys` and `_sd_decoy` at any level, never disclosed', async () => {
    const sdJwt = await issueSdJwtVc(claims(), {
      signer: issuerSigner, iss: issuerDid, vct: VCT, clock, decoys: 3,
      disclosureFrame: { _sd: ['given_name'], address: { _sd: ['locality'], _sd_decoy: 2 }, nationalities: { _sd: [0], _sd_decoy: 1 } },
    });
    const payload = decodePayload(sdJwt.split('~')[0]!);
    expect((payload._sd as string[]).length).toBe(4);
    expect(((payload.address as Record<string, unknown>)._sd as string[]).length).toBe(3);
    expect((payload.nationalities as unknown[]).length).toBe(3);
    const r = await verifySdJwtVc(sdJwt, { resolveVerificationMethod, clock });
    expect(r.verified).toBe(true);
    expect(r.document).toMatchObject({ given_name: 'Amélie', nationalities: ['CA', 'FR'], address: { locality: 'Victoria' } });
  });

  it('refuses misuse: reserved claims, a status field, selective iss, frames naming missing claims, a kid of another DID', async () => {
    const base = { signer: issuerSigner, iss: issuerDid, vct: VCT, clock };
    await expect(issueSdJwtVc({ status: 'ACTIVE' }, base)).rejects.toMatchObject({ code: 'ERR_JOSE_OPTIONS_INVALID', message: expect.stringContaining('businessStatus') });
    await expect(issueSdJwtVc({ exp: 1 }, base)).rejects.toMatchObject({ code: 'ERR_JOSE_OPTIONS_INVALID' });
    await expect(issueSdJwtVc(claims(), { ...base, disclosureFrame: { _sd: ['vct'] } })).rejects.toMatchObject({ code: 'ERR_JOSE_OPTIONS_INVALID' });
    await expect(issueSdJwtVc(claims(), { ...base, disclosureFrame: { _sd: ['nickname'] } })).rejects.toMatchObject({ code: 'ERR_JOSE_OPTIONS_INVALID' });
    await expect(issueSdJwtVc(claims(), { ...base, disclosureFrame: { nationalities: { _sd: [5] } } })).rejects.toMatchObject({ code: 'ERR_JOSE_OPTIONS_INVALID' });
    await expect(issueSdJwtVc(claims(), { ...base, signer: holderSigner })).rejects.toMatchObject({ code: 'ERR_JOSE_OPTIONS_INVALID' });
    await expect(issueSdJwtVc(claims(), { ...base, holderKey: p256HolderPrivateJwk })).rejects.toMatchObject({ code: 'ERR_JOSE_OPTIONS_INVALID' });
  });
});

describe('presentSdJwtVc + verifySdJwtVc', () => {
  it('discloses only the chosen claims and binds them with a KB-JWT (RFC 9901 §4.3)', async () => {
    const sdJwt = await issue();
    const presentation = await present(sdJwt);
    const parts = presentation.split('~');
    const kb = parts.at(-1)!;
    expect(JSON.parse(Buffer.from(kb.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'EdDSA', typ: 'kb+jwt' });
    const kbPayload = decodePayload(kb);
    expect(kbPayload).toEqual({ iat: NOW_S, aud: AUD, nonce: NONCE, sd_hash: sdHash(presentation.slice(0, presentation.lastIndexOf('~') + 1)) });
    // given_name, family_name, address (ancestor of locality), locality, nationalities[1]
    expect(parts.length - 2).toBe(5);

    const r = await verifySdJwtVc(presentation, verifyOpts);
    expect(r.verified).toBe(true);
    expect(r.format).toBe('dc+sd-jwt');
    expect(r.document).toEqual({
      iss: issuerDid,
      iat: NOW_S - 3600,
      exp: NOW_S + 86_400,
      vct: VCT,
      cnf: { jwk: holderPublicJwk },
      businessStatus: 'ACTIVE',
      nationalities: ['FR'],
      given_name: 'Amélie',
      family_name: 'Tremblay',
      address: { region: 'BC', country: 'CA', locality: 'Victoria' },
    });
    expect(r.checks.map((c) => `${c.id}:${c.status}`)).toEqual([
      'parse:passed', 'header:passed', 'proof:passed', 'disclosures:passed', 'structure:passed', 'validity:passed', 'status:skipped', 'holder-binding:passed',
    ]);
  });

  it('accepts a presentation frame as well as JSON Pointers, and whole subtrees', async () => {
    const sdJwt = await issue();
    const p1 = await present(sdJwt, undefined, { disclose: { address: true, nationalities: { 0: true } } });
    const r = await verifySdJwtVc(p1, verifyOpts);
    expect(r.document).toMatchObject({ address: claims().address, nationalities: ['CA'] });
    expect(r.document).not.toHaveProperty('given_name');
    await expect(present(sdJwt, ['/nickname'])).rejects.toMatchObject({ code: 'ERR_JOSE_OPTIONS_INVALID' });
    await expect(present(sdJwt, ['given_name'])).rejects.toMatchObject({ code: 'ERR_JOSE_OPTIONS_INVALID' });
    await expect(presentSdJwtVc(sdJwt, { disclose: [], holderSigner })).rejects.toMatchObject({ code: 'ERR_JOSE_OPTIONS_INVALID' });
  });

  it('without a holder signer returns an SD-JWT without key binding, verified when binding is not required', async () => {
    const sdJwt = await issue();
    const p = await presentSdJwtVc(sdJwt, { disclose: ['/role'] });
    expect(p.endsWith('~')).toBe(true);
    const r = await verifySdJwtVc(p, { resolveVerificationMethod, clock });
    expect(r.verified).toBe(true);
    expect(r.checks.find((c) => c.id === 'holder-binding')).toMatchObject({ status: 'skipped' });
    expect(r.document).toMatchObject({ role: 'Director' });
  });

  it('ES256 issuer (did:jwk) and ES256 holder key', async () => {
    const sdJwt = await issueSdJwtVc(claims(), {
      signer: p256IssuerSigner, iss: p256IssuerDid, vct: VCT, clock, holderKey: publicJwk(p256HolderPrivateJwk), disclosureFrame: frame,
    });
    const p = await presentSdJwtVc(sdJwt, { disclose: ['/role'], holderSigner: p256HolderSigner, nonce: NONCE, aud: AUD, clock });
    const r = await verifySdJwtVc(p, verifyOpts);
    expect(r.verified).toBe(true);
  });

  it('resolveIssuerKey for HTTPS issuers (JWT VC Issuer Metadata resolved by the caller)', async () => {
    const sdJwt = await issueSdJwtVc(claims(), { signer: issuerSigner, iss: 'https://registry.example.ca', kid: 'key-1', vct: VCT, clock, holderKey: holderPublicJwk });
    const seen: unknown[] = [];
    const r = await verifySdJwtVc(sdJwt, {
      clock,
      resolveIssuerKey: async (req) => {
        seen.push(req.iss, req.header.kid);
        return issuerPublicJwk;
      },
    });
    expect(r.verified).toBe(true);
    expect(seen).toEqual(['https://registry.example.ca', 'key-1']);
  });

  it('accepts the legacy typ vc+sd-jwt', async () => {
    const sdJwt = await issue({ typ: 'vc+sd-jwt' });
    expect((await verifySdJwtVc(await present(sdJwt), verifyOpts)).verified).toBe(true);
  });

  it('carries a status reference; reports an IETF Token Status List as unsupported (fail closed by default)', async () => {
    const bitstring = { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '7', statusListCredential: 'https://registry.example.ca/status/1' };
    const r1 = await verifySdJwtVc(await present(await issue({ status: bitstring })), verifyOpts);
    expect(r1.verified).toBe(true);
    expect(r1.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'skipped', message: 'Status checking not configured.', details: { references: [bitstring] } });

    const tsl = { status_list: { idx: 412, uri: 'https://registry.example.ca/statuslists/1' } };
    const p = await present(await issue({ status: tsl }));
    const r2 = await verifySdJwtVc(p, verifyOpts);
    expect(r2.verified).toBe(false);
    expect(codes(r2)).toEqual(['ERR_STATUS_TOKEN_STATUS_LIST_UNSUPPORTED']);
    const r3 = await verifySdJwtVc(p, { ...verifyOpts, tokenStatusList: 'skip' });
    expect(r3.verified).toBe(true);
    expect(r3.checks.find((c) => c.id === 'status')).toMatchObject({ status: 'skipped', code: 'ERR_STATUS_TOKEN_STATUS_LIST_UNSUPPORTED', details: { references: [tsl] } });
  });

  it('misuse throws ERR_JOSE_OPTIONS_INVALID: no resolver, two resolvers, requireKeyBinding without nonce/audience', async () => {
    const t = await issue();
    await expect(verifySdJwtVc(t, { clock } as never)).rejects.toMatchObject({ code: 'ERR_JOSE_OPTIONS_INVALID' });
    await expect(verifySdJwtVc(t, { resolveVerificationMethod, resolveIssuerKey: async () => issuerPublicJwk })).rejects.toMatchObject({ code: 'ERR_JOSE_OPTIONS_INVALID' });
    await expect(verifySdJwtVc(t, { resolveVerificationMethod, requireKeyBinding: true })).rejects.toMatchObject({ code: 'ERR_JOSE_OPTIONS_INVALID' });
  });
});

describe('verifySdJwtVc bad input (issue 3), each with its code', () => {
  it('tampered issuer-signed payload → ERR_JOSE_SIGNATURE_INVALID', async () => {
    const p = await present(await issue());
    const [jwt, ...rest] = p.split('~');
    const [h, , s] = jwt!.split('.');
    const payload = decodePayload(jwt!);
    payload.businessStatus = 'DISSOLVED';
    const r = await verifySdJwtVc([`${h}.${b64json(payload)}.${s}`, ...rest].join('~'), verifyOpts);
    expect(codes(r)).toEqual(['ERR_JOSE_SIGNATURE_INVALID']);
  });

  it('reordered digests in the payload break the signature → ERR_JOSE_SIGNATURE_INVALID', async () => {
    const sd = await issue();
    const [jwt, ...rest] = sd.split('~');
    const [h, , s] = jwt!.split('.');
    const payload = decodePayload(jwt!);
    (payload._sd as string[]).reverse();
    expect(codes(await verifySdJwtVc([`${h}.${b64json(payload)}.${s}`, ...rest].join('~'), { resolveVerificationMethod, clock }))).toEqual(['ERR_JOSE_SIGNATURE_INVALID']);
  });

  it('tampered disclosure (its digest is then unknown) → ERR_SDJWT_DISCLOSURE_UNKNOWN', async () => {
    const sd = await issue();
    const parts = sd.split('~');
    const forged = encodeDisclosure('salt-2', 'role', 'Owner');
    parts[3] = forged;
    const r = await verifySdJwtVc(parts.join('~'), { resolveVerificationMethod, clock });
    expect(codes(r)).toEqual(['ERR_SDJWT_DISCLOSURE_UNKNOWN']);
  });

  it('a disclosure whose digest is not in the payload → ERR_SDJWT_DISCLOSURE_UNKNOWN', async () => {
    const sd = await issue();
    const extra = encodeDisclosure('fresh-salt', 'isAuthorizedSigner', true);
    expect(codes(await verifySdJwtVc(`${sd}${extra}~`, { resolveVerificationMethod, clock }))).toEqual(['ERR_SDJWT_DISCLOSURE_UNKNOWN']);
  });

  it('duplicate disclosure → ERR_SDJWT_DISCLOSURE_DUPLICATE', async () => {
    const sd = await issue();
    const d = sd.split('~')[1]!;
    expect(codes(await verifySdJwtVc(`${sd}${d}~`, { resolveVerificationMethod, clock }))).toEqual(['ERR_SDJWT_DISCLOSURE_DUPLICATE']);
  });

  it('a digest repeated in the payload, or in the payload and a Disclosure → ERR_SDJWT_DIGEST_DUPLICATE', async () => {
    const d = encodeDisclosure('s1', 'role', 'Director');
    const digest = disclosureDigest(d);
    expect(codes(await verifySdJwtVc(await craft({ _sd: [digest, digest] }, [d]), { resolveVerificationMethod, clock }))).toEqual(['ERR_SDJWT_DIGEST_DUPLICATE']);
    const decoyOnly = disclosureDigest('decoy');
    expect(codes(await verifySdJwtVc(await craft({ _sd: [decoyOnly], list: [{ '...': decoyOnly }] }, []), { resolveVerificationMethod, clock }))).toEqual(['ERR_SDJWT_DIGEST_DUPLICATE']);
    const inner = encodeDisclosure('s2', 'address', { _sd: [digest] });
    expect(codes(await verifySdJwtVc(await craft({ _sd: [digest, disclosureDigest(inner)] }, [d, inner]), { resolveVerificationMethod, clock }))).toEqual(['ERR_SDJWT_DIGEST_DUPLICATE']);
  });

  it('reordered Disclosures verify without key binding (RFC 9901 §4) but break sd_hash with it → ERR_SDJWT_KB_SD_HASH', async () => {
    const p = await present(await issue());
    const parts = p.split('~');
    const kb = parts.pop()!;
    const [jwt, ...ds] = parts.slice(0, -1);
    const reordered = `${[jwt, ...ds.reverse()].join('~')}~`;
    expect((await verifySdJwtVc(reordered, { resolveVerificationMethod, clock })).verified).toBe(true);
    expect(codes(await verifySdJwtVc(`${reordered}${kb}`, verifyOpts))).toEqual(['ERR_SDJWT_KB_SD_HASH']);
  });

  it('a removed Disclosure after key binding → ERR_SDJWT_KB_SD_HASH', async () => {
    const p = await present(await issue());
    const parts = p.split('~');
    parts.splice(1, 1);
    expect(codes(await verifySdJwtVc(parts.join('~'), verifyOpts))).toEqual(['ERR_SDJWT_KB_SD_HASH']);
  });

  it('malformed Disclosures → ERR_SDJWT_DISCLOSURE_MALFORMED', async () => {
    const bad = [
      Buffer.from('{"not":"an array"}').toString('base64url'),
      Buffer.from('["salt"]').toString('base64url'),
      Buffer.from('["salt","a","b","c"]').toString('base64url'),
      Buffer.from('[1,"role","x"]').toString('base64url'),
      Buffer.from('["salt","_sd",["x"]]').toString('base64url'),
      Buffer.from('["salt","...","x"]').toString('base64url'),
      Buffer.from('not json').toString('base64url'),
      'not*base64url',
    ];
    for (const d of bad) {
      const token = await craft({ _sd: [disclosureDigest(d)] }, [d]);
      expect(codes(await verifySdJwtVc(token, { resolveVerificationMethod, clock })), d).toEqual(['ERR_SDJWT_DISCLOSURE_MALFORMED']);
    }
    // an array-element Disclosure referenced from _sd, and a claim Disclosure referenced from an array
    const el = encodeDisclosure('s', undefined, 'CA');
    expect(codes(await verifySdJwtVc(await craft({ _sd: [disclosureDigest(el)] }, [el]), { resolveVerificationMethod, clock }))).toEqual(['ERR_SDJWT_DISCLOSURE_MALFORMED']);
    const cl = encodeDisclosure('s', 'role', 'x');
    expect(codes(await verifySdJwtVc(await craft({ list: [{ '...': disclosureDigest(cl) }] }, [cl]), { resolveVerificationMethod, clock }))).toEqual(['ERR_SDJWT_DISCLOSURE_MALFORMED']);
  });

  it('a disclosed name that already exists → ERR_SDJWT_CLAIM_COLLISION; bad _sd → ERR_SDJWT_PAYLOAD_INVALID', async () => {
    const d = encodeDisclosure('s', 'role', 'Owner');
    expect(codes(await verifySdJwtVc(await craft({ role: 'Director', _sd: [disclosureDigest(d)] }, [d]), { resolveVerificationMethod, clock }))).toEqual(['ERR_SDJWT_CLAIM_COLLISION']);
    expect(codes(await verifySdJwtVc(await craft({ _sd: 'abc' }, []), { resolveVerificationMethod, clock }))).toEqual(['ERR_SDJWT_PAYLOAD_INVALID']);
    expect(codes(await verifySdJwtVc(await craft({ _sd: [42] }, []), { resolveVerificationMethod, clock }))).toEqual(['ERR_SDJWT_PAYLOAD_INVALID']);
    expect(codes(await verifySdJwtVc(await craft({ list: [{ '...': 'x', y: 1 }] }, []), { resolveVerificationMethod, clock }))).toEqual(['ERR_SDJWT_PAYLOAD_INVALID']);
  });

  it('a claim disclosed as __proto__ stays a plain property', async () => {
    const d = encodeDisclosure('s', '__proto__', { polluted: true });
    const r = await verifySdJwtVc(await craft({ _sd: [disclosureDigest(d)] }, [d]), { resolveVerificationMethod, clock });
    expect(r.verified).toBe(true);
    expect(Object.getPrototypeOf(r.document)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('SD-JWT VC profile: selectively disclosed exp/cnf → ERR_SDJWT_VC_RESERVED_CLAIM; no vct → ERR_SDJWT_VC_VCT_MISSING', async () => {
    const d = encodeDisclosure('s', 'exp', NOW_S + 10);
    expect(codes(await verifySdJwtVc(await craft({ _sd: [disclosureDigest(d)] }, [d]), { resolveVerificationMethod, clock }))).toEqual(['ERR_SDJWT_VC_RESERVED_CLAIM']);
    expect(codes(await verifySdJwtVc(await craft({ vct: undefined }, []), { resolveVerificationMethod, clock }))).toEqual(['ERR_SDJWT_VC_VCT_MISSING']);
  });

  it('_sd_alg other than sha-256 → ERR_SDJWT_HASH_ALG_UNSUPPORTED', async () => {
    expect(codes(await verifySdJwtVc(await craft({ _sd_alg: 'sha-512' }, []), { resolveVerificationMethod, clock }))).toEqual(['ERR_SDJWT_HASH_ALG_UNSUPPORTED']);
  });

  it('missing key binding when required → ERR_SDJWT_KB_MISSING', async () => {
    const p = await presentSdJwtVc(await issue(), { disclose: ['/role'] });
    expect(codes(await verifySdJwtVc(p, verifyOpts))).toEqual(['ERR_SDJWT_KB_MISSING']);
  });

  it('key binding with the wrong nonce → ERR_SDJWT_KB_NONCE, wrong audience → ERR_SDJWT_KB_AUDIENCE', async () => {
    const sd = await issue();
    expect(codes(await verifySdJwtVc(await present(sd, undefined, { nonce: 'replayed' }), verifyOpts))).toEqual(['ERR_SDJWT_KB_NONCE']);
    const r = await verifySdJwtVc(await present(sd, undefined, { aud: 'https://evil.example' }), verifyOpts);
    expect(r.problems).toEqual([expect.objectContaining({ code: 'ERR_SDJWT_KB_AUDIENCE', specCode: 'INVALID_DOMAIN_ERROR' })]);
  });

  it('key binding with a wrong sd_hash → ERR_SDJWT_KB_SD_HASH', async () => {
    const sd = await issue();
    const presented = await presentSdJwtVc(sd, { disclose: ['/role'] });
    const kb = await signCompactJws({ typ: 'kb+jwt' }, { iat: NOW_S, aud: AUD, nonce: NONCE, sd_hash: sdHash(sd) }, holderSigner);
    expect(codes(await verifySdJwtVc(`${presented}${kb}`, verifyOpts))).toEqual(['ERR_SDJWT_KB_SD_HASH']);
  });

  it('stale KB-JWT iat → ERR_SDJWT_KB_STALE; future → ERR_SDJWT_KB_IAT_IN_FUTURE; missing → ERR_SDJWT_KB_INVALID', async () => {
    const sd = await issue();
    expect(codes(await verifySdJwtVc(await present(sd, undefined, { iat: NOW_S - 600 }), verifyOpts))).toEqual(['ERR_SDJWT_KB_STALE']);
    expect((await verifySdJwtVc(await present(sd, undefined, { iat: NOW_S - 600 }), { ...verifyOpts, maxKbAgeSeconds: 3600 })).verified).toBe(true);
    expect(codes(await verifySdJwtVc(await present(sd, undefined, { iat: NOW_S + 600 }), verifyOpts))).toEqual(['ERR_SDJWT_KB_IAT_IN_FUTURE']);
    const presented = await presentSdJwtVc(sd, { disclose: ['/role'] });
    const kb = await signCompactJws({ typ: 'kb+jwt' }, { aud: AUD, nonce: NONCE, sd_hash: sdHash(presented) }, holderSigner);
    expect(codes(await verifySdJwtVc(`${presented}${kb}`, verifyOpts))).toEqual(['ERR_SDJWT_KB_INVALID']);
  });

  it('KB-JWT signed by another key → ERR_SDJWT_KB_SIGNATURE; wrong typ → ERR_JOSE_TYP_INVALID; alg none → ERR_JOSE_ALG_NOT_ALLOWED', async () => {
    const sd = await issue();
    expect(codes(await verifySdJwtVc(await present(sd, undefined, { holderSigner: issuerSigner }), verifyOpts))).toEqual(['ERR_SDJWT_KB_SIGNATURE']);
    const presented = await presentSdJwtVc(sd, { disclose: ['/role'] });
    const body = { iat: NOW_S, aud: AUD, nonce: NONCE, sd_hash: sdHash(presented) };
    const jwtTyp = await signCompactJws({ typ: 'JWT' }, body, holderSigner);
    expect(codes(await verifySdJwtVc(`${presented}${jwtTyp}`, verifyOpts))).toEqual(['ERR_JOSE_TYP_INVALID']);
    const none = `${b64json({ alg: 'none', typ: 'kb+jwt' })}.${b64json(body)}.`;
    expect(codes(await verifySdJwtVc(`${presented}${none}`, verifyOpts))).toEqual(['ERR_JOSE_ALG_NOT_ALLOWED']);
  });

  it('a KB-JWT on a credential without cnf → ERR_SDJWT_CNF_MISSING', async () => {
    const sd = await issue({ holderKey: undefined });
    expect(codes(await verifySdJwtVc(await present(sd), verifyOpts))).toEqual(['ERR_SDJWT_CNF_MISSING']);
  });

  it('expired exp → ERR_JWT_EXPIRED; future nbf → ERR_JWT_NOT_YET_VALID; future iat → ERR_JWT_IAT_IN_FUTURE (beyond skew)', async () => {
    expect(codes(await verifySdJwtVc(await present(await issue({ exp: NOW_S - 61 })), verifyOpts))).toEqual(['ERR_JWT_EXPIRED']);
    expect(codes(await verifySdJwtVc(await present(await issue({ nbf: NOW_S + 61 })), verifyOpts))).toEqual(['ERR_JWT_NOT_YET_VALID']);
    expect(codes(await verifySdJwtVc(await present(await issue({ iat: NOW_S + 61 })), verifyOpts))).toEqual(['ERR_JWT_IAT_IN_FUTURE']);
    expect((await verifySdJwtVc(await present(await issue({ exp: NOW_S - 30 })), verifyOpts)).verified).toBe(true);
    const later = fixedClock(new Date((NOW_S + 86_400 + 120) * 1000));
    expect(codes(await verifySdJwtVc(await present(await issue(), undefined, { clock: later }), { ...verifyOpts, clock: later }))).toEqual(['ERR_JWT_EXPIRED']);
  });

  it('wrong typ → ERR_JOSE_TYP_INVALID; alg none → ERR_JOSE_ALG_NOT_ALLOWED; unknown crit → ERR_JOSE_CRIT_UNSUPPORTED', async () => {
    expect(codes(await verifySdJwtVc(await craft({}, [], { typ: 'JWT', kid: issuerKid }), { resolveVerificationMethod, clock }))).toEqual(['ERR_JOSE_TYP_INVALID']);
    expect(codes(await verifySdJwtVc(await craft({}, [], { typ: 'example+sd-jwt', kid: issuerKid }), { resolveVerificationMethod, clock }))).toEqual(['ERR_JOSE_TYP_INVALID']);
    const none = `${b64json({ alg: 'none', typ: 'dc+sd-jwt', kid: issuerKid })}.${b64json({ iss: issuerDid, vct: VCT })}.~`;
    expect(codes(await verifySdJwtVc(none, { resolveVerificationMethod, clock }))).toEqual(['ERR_JOSE_ALG_NOT_ALLOWED']);
    expect(codes(await verifySdJwtVc(await craft({}, [], { typ: 'dc+sd-jwt', kid: issuerKid, crit: ['x'], x: 1 }), { resolveVerificationMethod, clock }))).toEqual(['ERR_JOSE_CRIT_UNSUPPORTED']);
  });

  it('issuer key of another DID → ERR_JOSE_KEY_MISMATCH; missing kid with a DID resolver → ERR_JOSE_KID_MISSING', async () => {
    const forged = await signCompactJws({ typ: 'dc+sd-jwt', kid: `${p256IssuerDid}#0` }, { iss: issuerDid, vct: VCT }, p256IssuerSigner);
    expect(codes(await verifySdJwtVc(`${forged}~`, { resolveVerificationMethod, clock }))).toEqual(['ERR_JOSE_KEY_MISMATCH']);
    expect(codes(await verifySdJwtVc(await craft({}, [], { typ: 'dc+sd-jwt' }), { resolveVerificationMethod, clock }))).toEqual(['ERR_JOSE_KID_MISSING']);
  });

  it('oversized token → ERR_JOSE_TOO_LARGE', async () => {
    const p = await present(await issue());
    expect(codes(await verifySdJwtVc(p, { ...verifyOpts, maxTokenBytes: 512 }))).toEqual(['ERR_JOSE_TOO_LARGE']);
  });

  it('non-base64url segments, a missing ~, an empty Disclosure → ERR_JOSE_MALFORMED', async () => {
    const sd = await issue();
    const [jwt] = sd.split('~');
    for (const token of [jwt!, `${jwt!.replace('.', '.$')}~`, `${jwt}~~`, `a.b~`, `~`]) {
      const r = await verifySdJwtVc(token, { resolveVerificationMethod, clock });
      expect(codes(r), token.slice(0, 30)).toEqual(['ERR_JOSE_MALFORMED']);
    }
    const kb = `${sd}not.a.jwt!`;
    expect(codes(await verifySdJwtVc(kb, verifyOpts))).toEqual(['ERR_JOSE_MALFORMED']);
  });
});

describe('verifySdJwt (generic RFC 9901)', () => {
  it('checks typ only when asked to', async () => {
    const t = await issueSdJwt({ sub: 'user_42', given_name: 'John' }, { signer: issuerSigner, header: { typ: 'example+sd-jwt', kid: issuerKid }, disclosureFrame: { _sd: ['given_name'] } });
    expect((await verifySdJwt(t, { resolveVerificationMethod, clock })).document).toEqual({ sub: 'user_42', given_name: 'John' });
    expect(codes(await verifySdJwt(t, { resolveVerificationMethod, clock, expectedTyp: ['dc+sd-jwt'] }))).toEqual(['ERR_JOSE_TYP_INVALID']);
  });
});
