/**
 * The JOSE family through the `vc` facade (issue 3 item 2): `vc+jwt`, SD-JWT VC (`dc+sd-jwt`) and
 * `vp+jwt` / SD-JWT+KB presentations are issued with `issueCredential` and verified with the same
 * `verifyCredential` / `verifyPresentation` pipeline and result shape as Data Integrity credentials,
 * status included. Fixed keys and clock.
 */
import { describe, expect, it } from 'vitest';
import { fixedClock, isTrustBridgeError, type Signer } from '@trustbridge/core';
import { createEd25519Signer, ed25519PublicKeyToJwk, generateEd25519KeyPair } from '@trustbridge/keys';
import { didKeyFromEd25519PublicKey } from '@trustbridge/did';
import { envelopeVcJwt, issuePresentationJwt, presentSdJwtVc } from '@trustbridge/jose';
import { createBitstring, createStatusListCredential, setStatus } from '@trustbridge/status-list';
import { createStatusCheck, issueCredential, verifyCredential, verifyPresentation, type PipelineResult } from '@trustbridge/vc';

const V2 = 'https://www.w3.org/ns/credentials/v2';
const EX = 'https://www.w3.org/ns/credentials/examples/v2';
const NOW = '2025-06-01T12:00:00Z';
const clock = fixedClock(NOW);
const NONCE = 'n-0S6_WzA2Mj';
const AUD = 'https://bank.example';

function party(seedByte: number): { did: string; signer: Signer; jwk: ReturnType<typeof ed25519PublicKeyToJwk> } {
  const { publicKey, secretKey } = generateEd25519KeyPair(new Uint8Array(32).fill(seedByte));
  const did = didKeyFromEd25519PublicKey(publicKey);
  return { did, signer: createEd25519Signer({ id: `${did}#${did.slice('did:key:'.length)}`, secretKey: secretKey! }), jwk: ed25519PublicKeyToJwk(publicKey) };
}
const issuer = party(21);
const holder = party(22);
const other = party(23);

const LIST_URL = 'https://status.example/lists/1';
const credential = (extra: Record<string, unknown> = {}) => ({
  '@context': [V2, EX],
  type: ['VerifiableCredential', 'ExampleBusinessCredential'],
  issuer: issuer.did,
  validFrom: '2025-01-01T00:00:00Z',
  validUntil: '2026-01-01T00:00:00Z',
  credentialSubject: { id: holder.did, legalName: 'Example Ventures Ltd.', jurisdiction: 'CA-BC', registrationNumber: 'BC1234567' },
  ...extra,
});
const statusEntry = (index: number) => ({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: String(index), statusListCredential: LIST_URL });

async function statusListAs(format: 'ldp_vc' | 'vc+jwt'): Promise<unknown> {
  const bits = createBitstring();
  setStatus(bits, 42, 1);
  const unsigned = createStatusListCredential({ id: LIST_URL, issuer: issuer.did, statusPurpose: 'revocation', bitstring: bits });
  return format === 'vc+jwt' ? issueCredential(unsigned, { format: 'vc+jwt', signer: issuer.signer }) : issueCredential(unsigned, { signer: issuer.signer, clock });
}
const checkWith = (list: unknown) => createStatusCheck({ fetchCredential: async (url) => (url === LIST_URL ? list : Promise.reject(new Error('404'))), verifyOptions: { clock } });

const ids = (r: PipelineResult) => r.checks.map((c) => c.id);
const codes = (r: { problems: Array<{ code: string }> }) => r.problems.map((p) => p.code);
const check = (r: PipelineResult, id: string) => r.checks.find((c) => c.id === id)!;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (segment: string) => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));

describe('vc+jwt through verifyCredential', () => {
  it('issues a compact vc+jwt and verifies it with the same checks and result shape', async () => {
    const jwt = await issueCredential(credential(), { format: 'vc+jwt', signer: issuer.signer });
    expect(typeof jwt).toBe('string');
    expect(decode(jwt.split('.')[0]!)).toMatchObject({ typ: 'vc+jwt', kid: issuer.signer.id });
    const r = await verifyCredential(jwt, { clock });
    expect(r).toMatchObject({ verified: true, outcome: 'verified', format: 'vc+jwt', document: { issuer: issuer.did, credentialSubject: { legalName: 'Example Ventures Ltd.' } } });
    expect(ids(r)).toEqual(['parse', 'format', 'structure', 'proof', 'validity', 'status', 'trust']);
    expect(check(r, 'proof').details).toMatchObject({ verificationMethod: issuer.signer.id });
  });

  it('a tampered payload → ERR_JOSE_SIGNATURE_INVALID', async () => {
    const [h, p, s] = (await issueCredential(credential(), { format: 'vc+jwt', signer: issuer.signer })).split('.');
    const forged = { ...decode(p!), credentialSubject: { id: holder.did, legalName: 'Someone Else Ltd.' } };
    const r = await verifyCredential(`${h}.${b64(forged)}.${s}`, { clock });
    expect(r.verified).toBe(false);
    expect(check(r, 'proof')).toMatchObject({ status: 'failed', code: 'ERR_JOSE_SIGNATURE_INVALID' });
  });

  it('expired → ERR_JWT_EXPIRED; alg none → ERR_JOSE_ALG_NOT_ALLOWED; another typ → ERR_VC_FORMAT_UNSUPPORTED', async () => {
    const jwt = await issueCredential(credential(), { format: 'vc+jwt', signer: issuer.signer });
    const expired = await verifyCredential(jwt, { clock: fixedClock('2026-02-01T00:00:00Z') });
    expect(codes(expired)).toEqual(['ERR_JWT_EXPIRED']);
    const payload = jwt.split('.')[1]!;
    const none = await verifyCredential(`${b64({ alg: 'none', typ: 'vc+jwt' })}.${payload}.`, { clock });
    expect(check(none, 'structure')).toMatchObject({ status: 'failed', code: 'ERR_JOSE_ALG_NOT_ALLOWED' });
    expect(none.verified).toBe(false);
    const plainJwt = await verifyCredential(`${b64({ alg: 'EdDSA', typ: 'JWT' })}.${payload}.${jwt.split('.')[2]}`, { clock });
    expect(codes(plainJwt)).toEqual(['ERR_VC_FORMAT_UNSUPPORTED']);
  });

  it('the payload must be a conforming VC 2.0 credential', async () => {
    await expect(issueCredential({ ...credential(), '@context': ['https://www.w3.org/2018/credentials/v1'], issuanceDate: '2025-01-01T00:00:00Z' }, { format: 'vc+jwt', signer: issuer.signer })).rejects.toMatchObject({ code: 'ERR_VC_OPTIONS_INVALID' });
    await expect(issueCredential(credential({ issuer: other.did }), { format: 'vc+jwt', signer: issuer.signer })).rejects.toMatchObject({ code: 'ERR_VC_ISSUER_MISMATCH' });
  });

  it('Bitstring Status List entries in a vc+jwt are checked by the same checkStatus (lists as ldp_vc or vc+jwt)', async () => {
    for (const listFormat of ['ldp_vc', 'vc+jwt'] as const) {
      const checkStatus = checkWith(await statusListAs(listFormat));
      const ok = await verifyCredential(await issueCredential(credential({ credentialStatus: statusEntry(7) }), { format: 'vc+jwt', signer: issuer.signer }), { clock, checkStatus });
      expect(ok.verified, listFormat).toBe(true);
      expect(check(ok, 'status')).toMatchObject({ status: 'passed', details: { outcome: 'valid' } });
      const revoked = await verifyCredential(await issueCredential(credential({ credentialStatus: statusEntry(42) }), { format: 'vc+jwt', signer: issuer.signer }), { clock, checkStatus });
      expect(codes(revoked)).toEqual(['ERR_STATUS_REVOKED']);
    }
  });
});

describe('SD-JWT VC (dc+sd-jwt) through verifyCredential and verifyPresentation', () => {
  const sdJwt = (extra: Record<string, unknown> = {}, sd: Record<string, unknown> = {}) =>
    issueCredential(credential(extra), {
      format: 'dc+sd-jwt',
      signer: issuer.signer,
      clock,
      sdJwt: { vct: 'https://credentials.example.ca/vct/business-registration', disclosureFrame: { _sd: ['legalName', 'registrationNumber'] }, holderKey: holder.jwk, ...sd },
    });

  it('issues an SD-JWT VC; verifyCredential returns the disclosed claims as document', async () => {
    const token = await sdJwt();
    expect(token.endsWith('~')).toBe(true);
    expect(decode(token.split('.')[0]!)).toMatchObject({ typ: 'dc+sd-jwt' });
    const r = await verifyCredential(token, { clock });
    expect(r).toMatchObject({ verified: true, outcome: 'verified', format: 'dc+sd-jwt' });
    expect(r.document).toMatchObject({ iss: issuer.did, sub: holder.did, vct: 'https://credentials.example.ca/vct/business-registration', legalName: 'Example Ventures Ltd.', jurisdiction: 'CA-BC', cnf: { jwk: holder.jwk } });
    expect(ids(r)).toEqual(['parse', 'format', 'structure', 'proof', 'validity', 'status', 'trust']);
  });

  it('a tampered disclosure → ERR_SDJWT_DISCLOSURE_UNKNOWN; a foreign signature → ERR_JOSE_SIGNATURE_INVALID', async () => {
    const token = await sdJwt();
    const [jwt, first, ...rest] = token.split('~');
    const fake = Buffer.from(JSON.stringify(['salt', 'legalName', 'Forged Ltd.'])).toString('base64url');
    const tampered = await verifyCredential([jwt, fake, ...rest].join('~'), { clock });
    expect(check(tampered, 'structure')).toMatchObject({ status: 'failed', code: 'ERR_SDJWT_DISCLOSURE_UNKNOWN' });
    expect(first).toBeTruthy();
    const [h, p] = jwt!.split('.');
    const foreign = await issueCredential(credential({ issuer: other.did }), { format: 'vc+jwt', signer: other.signer });
    const swapped = await verifyCredential(`${h}.${p}.${foreign.split('.')[2]}~${rest.join('~')}`, { clock });
    expect(codes(swapped)).toEqual(['ERR_JOSE_SIGNATURE_INVALID']);
  });

  it('expired → ERR_JWT_EXPIRED', async () => {
    const r = await verifyCredential(await sdJwt(), { clock: fixedClock('2026-02-01T00:00:00Z') });
    expect(codes(r)).toEqual(['ERR_JWT_EXPIRED']);
  });

  it('an IETF Token Status List reference → ERR_STATUS_TOKEN_STATUS_LIST_UNSUPPORTED, with or without a status checker', async () => {
    const token = await sdJwt({}, { status: { status_list: { idx: 3, uri: 'https://status.example/tsl/1' } } });
    const bare = await verifyCredential(token, { clock });
    expect(codes(bare)).toEqual(['ERR_STATUS_TOKEN_STATUS_LIST_UNSUPPORTED']);
    const checked = await verifyCredential(token, { clock, checkStatus: checkWith(await statusListAs('ldp_vc')) });
    expect(codes(checked)).toEqual(['ERR_STATUS_TOKEN_STATUS_LIST_UNSUPPORTED']);
  });

  it('Bitstring Status List entries in an SD-JWT VC are checked by checkStatus', async () => {
    const checkStatus = checkWith(await statusListAs('ldp_vc'));
    const ok = await verifyCredential(await sdJwt({ credentialStatus: statusEntry(7) }), { clock, checkStatus });
    expect(ok.verified).toBe(true);
    const revoked = await verifyCredential(await sdJwt({ credentialStatus: statusEntry(42) }), { clock, checkStatus });
    expect(codes(revoked)).toEqual(['ERR_STATUS_REVOKED']);
  });

  it('verifyPresentation: SD-JWT+KB with challenge as nonce and domain as audience; only the chosen claims are disclosed', async () => {
    const presented = await presentSdJwtVc(await sdJwt(), { disclose: ['/legalName'], holderSigner: holder.signer, nonce: NONCE, aud: AUD, clock });
    const r = await verifyPresentation(presented, { challenge: NONCE, domain: AUD, clock });
    expect(r).toMatchObject({ verified: true, outcome: 'verified', format: 'dc+sd-jwt' });
    expect(check(r, 'holder-binding')).toMatchObject({ status: 'passed', details: { nonce: NONCE, aud: AUD } });
    expect(r.document).toMatchObject({ legalName: 'Example Ventures Ltd.' });
    expect(r.document).not.toHaveProperty('registrationNumber');
    expect(r.credentials).toHaveLength(1);
    expect(r.credentials[0]).toMatchObject({ verified: true, format: 'dc+sd-jwt' });
  });

  it('wrong nonce, wrong audience, missing key binding → ERR_SDJWT_KB_NONCE / _AUDIENCE / _MISSING', async () => {
    const token = await sdJwt();
    const presented = await presentSdJwtVc(token, { disclose: ['/legalName'], holderSigner: holder.signer, nonce: NONCE, aud: AUD, clock });
    expect(codes(await verifyPresentation(presented, { challenge: 'another', domain: AUD, clock }))).toEqual(['ERR_SDJWT_KB_NONCE']);
    expect(codes(await verifyPresentation(presented, { challenge: NONCE, domain: 'https://other.example', clock }))).toEqual(['ERR_SDJWT_KB_AUDIENCE']);
    const unbound = await presentSdJwtVc(token, { disclose: ['/legalName'] });
    expect(codes(await verifyPresentation(unbound, { challenge: NONCE, domain: AUD, clock }))).toEqual(['ERR_SDJWT_KB_MISSING']);
    expect(codes(await verifyPresentation(unbound, { challenge: NONCE, clock }))).toEqual(['ERR_SDJWT_KB_MISSING']);
  });

  it('sdJwt.vct is required; credentialStatus cannot be selectively disclosable', async () => {
    for (const sdJwtOptions of [undefined, { vct: '' }, { vct: 'https://x.example', disclosureFrame: { _sd: ['credentialStatus'] } }]) {
      try {
        await issueCredential(credential({ credentialStatus: statusEntry(1) }), { format: 'dc+sd-jwt', signer: issuer.signer, ...(sdJwtOptions ? { sdJwt: sdJwtOptions } : {}) } as never);
        throw new Error('expected a throw');
      } catch (e) {
        expect(isTrustBridgeError(e) ? e.code : e).toBe('ERR_VC_OPTIONS_INVALID');
      }
    }
  });
});

describe('vp+jwt through verifyPresentation', () => {
  async function vpJwt(nonce = NONCE, aud = AUD, signer = holder.signer, holderDid = holder.did) {
    const vc = await issueCredential(credential(), { format: 'vc+jwt', signer: issuer.signer });
    return issuePresentationJwt({ '@context': [V2], type: ['VerifiablePresentation'], holder: holderDid, verifiableCredential: [envelopeVcJwt(vc)] } as never, { signer, nonce, aud });
  }

  it('verifies the presentation and each enveloped vc+jwt through the credential pipeline', async () => {
    const r = await verifyPresentation(await vpJwt(), { challenge: NONCE, domain: AUD, clock });
    expect(r).toMatchObject({ verified: true, outcome: 'verified', format: 'vp+jwt' });
    expect(ids(r)).toEqual(['parse', 'format', 'structure', 'proof', 'holder-binding', 'credentials']);
    expect(r.credentials[0]).toMatchObject({ verified: true, format: 'vc+jwt', document: { issuer: issuer.did } });
  });

  it('wrong nonce → ERR_JOSE_PRESENTATION_NONCE; wrong audience → ERR_JOSE_PRESENTATION_AUDIENCE; signed by another key → ERR_JOSE_KEY_MISMATCH', async () => {
    expect(codes(await verifyPresentation(await vpJwt(), { challenge: 'other', domain: AUD, clock }))).toEqual(['ERR_JOSE_PRESENTATION_NONCE']);
    expect(codes(await verifyPresentation(await vpJwt(), { challenge: NONCE, domain: 'https://evil.example', clock }))).toEqual(['ERR_JOSE_PRESENTATION_AUDIENCE']);
    const r = await verifyPresentation(await vpJwt(NONCE, AUD, other.signer, other.did).then((t) => {
      const [, p, s] = t.split('.');
      const h = b64({ ...decode(t.split('.')[0]!), kid: other.signer.id });
      return `${h}.${b64({ ...decode(p!), holder: holder.did })}.${s}`;
    }), { challenge: NONCE, domain: AUD, clock });
    expect(r.verified).toBe(false);
    expect(check(r, 'proof').status).toBe('failed');
  });
});
