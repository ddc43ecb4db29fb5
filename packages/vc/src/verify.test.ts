import { describe, expect, it } from 'vitest';
import { fixedClock, isTrustBridgeError, type Signer } from '@trustbridge/core';
import { createEd25519Signer, generateEd25519KeyPair } from '@trustbridge/keys';
import { didKeyFromEd25519PublicKey } from '@trustbridge/did';
import { issueCredential } from './issue.js';
import { verifyCredential } from './verify-credential.js';
import { createPresentation, signPresentation } from './presentation.js';
import { verifyPresentation } from './verify-presentation.js';

const V2 = 'https://www.w3.org/ns/credentials/v2';
const V1 = 'https://www.w3.org/2018/credentials/v1';
const EX = 'https://www.w3.org/ns/credentials/examples/v2';

/** A did:key party from a fixed 32-byte seed. */
function party(seedByte: number): { did: string; signer: Signer } {
  const { publicKey, secretKey } = generateEd25519KeyPair(new Uint8Array(32).fill(seedByte));
  const did = didKeyFromEd25519PublicKey(publicKey);
  return { did, signer: createEd25519Signer({ id: `${did}#${did.slice('did:key:'.length)}`, secretKey: secretKey! }) };
}
const issuer = party(1);
const other = party(2);
const holder = party(3);

const NOW = '2025-06-01T12:00:00Z';
const clock = fixedClock(NOW);
const created = '2025-06-01T00:00:00Z';

const credential2 = () => ({
  '@context': [V2, EX],
  id: 'urn:uuid:0c07c1ce-57cb-41af-bef2-1b932b986873',
  type: ['VerifiableCredential', 'ExampleBusinessCredential'],
  issuer: issuer.did,
  validFrom: '2025-01-01T00:00:00Z',
  validUntil: '2026-01-01T00:00:00Z',
  credentialSubject: { id: holder.did, legalName: 'Example Ventures Ltd.' },
});
const credential11 = () => ({
  '@context': [V1],
  type: ['VerifiableCredential'],
  issuer: { id: issuer.did },
  issuanceDate: '2025-01-01T00:00:00Z',
  expirationDate: '2026-01-01T00:00:00Z',
  credentialSubject: { id: holder.did },
});

const codes = (r: { problems: Array<{ code: string }> }) => r.problems.map((p) => p.code);
const check = (r: { checks: Array<{ id: string; status: string }> }, id: string) => r.checks.find((c) => c.id === id)?.status;

async function rejects(p: Promise<unknown>, code: string): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    expect(isTrustBridgeError(e) ? e.code : e).toBe(code);
    return e;
  }
  throw new Error(`expected ${code}`);
}

describe('issue and verify — happy paths', () => {
  for (const cryptosuite of ['eddsa-rdfc-2022', 'eddsa-jcs-2022'] as const) {
    it(`VC 2.0 with ${cryptosuite}`, async () => {
      const vc = await issueCredential(credential2(), { signer: issuer.signer, cryptosuite, created });
      expect(vc.proof).toMatchObject({ type: 'DataIntegrityProof', cryptosuite, proofPurpose: 'assertionMethod', created });
      const r = await verifyCredential(vc, { clock });
      expect(r.problems).toEqual([]);
      expect(r.verified).toBe(true);
      expect(r.format).toBe('ldp_vc');
      expect(r.checks.map((c) => [c.id, c.status])).toEqual([
        ['parse', 'passed'], ['format', 'passed'], ['structure', 'passed'], ['proof', 'passed'],
        ['validity', 'passed'], ['status', 'skipped'], ['trust', 'skipped'],
      ]);
      expect(r.checks.find((c) => c.id === 'status')?.message).toBe('no status checker configured');
      expect(r.document).toEqual(vc);
    });

    it(`VC 1.1 (v1 context, issuanceDate) with ${cryptosuite}`, async () => {
      const vc = await issueCredential(credential11(), { signer: issuer.signer, cryptosuite, created });
      const r = await verifyCredential(vc, { clock });
      expect(r.problems).toEqual([]);
      expect(r.verified).toBe(true);
    });
  }

  it('accepts JSON text and is deterministic (fixed key and clock)', async () => {
    const a = await issueCredential(credential2(), { signer: issuer.signer, clock });
    const b = await issueCredential(credential2(), { signer: issuer.signer, clock });
    expect(a).toEqual(b);
    expect((await verifyCredential(JSON.stringify(a), { clock })).verified).toBe(true);
  });
});

describe('issueCredential refuses', () => {
  it('a non-conforming credential, with the problems', async () => {
    const e = (await rejects(issueCredential({ ...credential2(), issuer: 'nope' }, { signer: issuer.signer }), 'ERR_VC_INVALID_CREDENTIAL')) as { details: { problems: Array<{ code: string }> } };
    expect(e.details.problems.map((p) => p.code)).toEqual(['ERR_VC_ISSUER_INVALID']);
  });
  it('an issuer that is not the signer', () => rejects(issueCredential({ ...credential2(), issuer: other.did }, { signer: issuer.signer }), 'ERR_VC_ISSUER_MISMATCH'));
  it('an undefined term (safe mode)', () =>
    rejects(issueCredential({ ...credential2(), '@context': [V2], credentialSubject: { id: holder.did, favouriteColour: 'blue' } } as never, { signer: issuer.signer }), 'ERR_JSONLD_UNDEFINED_TERM'));
  it('an unknown context (never fetched)', () =>
    rejects(issueCredential({ ...credential2(), '@context': [V2, 'https://evil.example/ctx'] }, { signer: issuer.signer }), 'ERR_JSONLD_CONTEXT_UNKNOWN'));
  it('bad options', () => rejects(issueCredential(credential2(), { signer: { id: 'x' } as never }), 'ERR_VC_OPTIONS_INVALID'));
});

describe('verifyCredential — every bad input is a result with its code', () => {
  let vc: Record<string, unknown>;
  const fresh = async () => (vc ??= (await issueCredential(credential2(), { signer: issuer.signer, created })) as unknown as Record<string, unknown>);
  const copy = async () => structuredClone(await fresh()) as Record<string, any>;

  it('tampered claim → ERR_DI_SIGNATURE_INVALID', async () => {
    const t = await copy();
    t.credentialSubject.legalName = 'Mallory Holdings';
    const r = await verifyCredential(t, { clock });
    expect(r.verified).toBe(false);
    expect(codes(r)).toEqual(['ERR_DI_SIGNATURE_INVALID']);
    expect(check(r, 'proof')).toBe('failed');
  });

  it('tampered proofValue → ERR_DI_SIGNATURE_INVALID', async () => {
    const t = await copy();
    const pv: string = t.proof.proofValue;
    t.proof.proofValue = pv.slice(0, -2) + (pv.endsWith('a') ? 'bb' : 'aa');
    expect(codes(await verifyCredential(t, { clock }))).toContain('ERR_DI_SIGNATURE_INVALID');
  });

  it('signed with another DID\'s key → ERR_VC_ISSUER_KEY_MISMATCH (INVALID_VERIFICATION_METHOD)', async () => {
    const forged = await issueCredential({ ...credential2(), issuer: other.did }, { signer: other.signer, created });
    const t = { ...forged, issuer: issuer.did, proof: forged.proof };
    // re-sign honestly by `other` over the document naming `issuer`: only the key binding is wrong
    const { proof: _p, ...unsigned } = t;
    const { addProof } = await import('@trustbridge/data-integrity');
    const { createDocumentLoader } = await import('@trustbridge/jsonld');
    const signed = await addProof(unsigned, { cryptosuite: 'eddsa-rdfc-2022', signer: other.signer, documentLoader: createDocumentLoader(), created });
    const r = await verifyCredential(signed, { clock });
    expect(codes(r)).toEqual(['ERR_VC_ISSUER_KEY_MISMATCH']);
    expect(r.problems[0]).toMatchObject({ specCode: 'INVALID_VERIFICATION_METHOD', path: '/proof/verificationMethod' });
  });

  it('verification method not in the issuer\'s DID document → ERR_DI_VERIFICATION_METHOD', async () => {
    const t = await copy();
    t.proof.verificationMethod = `${issuer.did}#not-a-key`;
    const r = await verifyCredential(t, { clock });
    expect(codes(r)).toContain('ERR_DI_VERIFICATION_METHOD');
  });

  it('expired, with skew edges → ERR_VC_EXPIRED (RANGE_ERROR)', async () => {
    const v = await fresh();
    const at = (t: string, skew?: number) => verifyCredential(v, { clock: fixedClock(t), ...(skew !== undefined ? { maxClockSkewSeconds: skew } : {}) });
    expect((await at('2026-01-01T00:05:00Z')).verified).toBe(true); // exactly validUntil + 300 s
    const late = await at('2026-01-01T00:05:01Z');
    expect(codes(late)).toEqual(['ERR_VC_EXPIRED']);
    expect(late.problems[0]).toMatchObject({ specCode: 'RANGE_ERROR', path: '/validUntil' });
    expect(codes(await at('2026-01-01T00:00:01Z', 0))).toEqual(['ERR_VC_EXPIRED']);
  });

  it('not yet valid, with skew edges → ERR_VC_NOT_YET_VALID', async () => {
    const v = await fresh();
    expect((await verifyCredential(v, { clock: fixedClock('2024-12-31T23:55:00Z') })).verified).toBe(true);
    const early = await verifyCredential(v, { clock: fixedClock('2024-12-31T23:54:59Z') });
    expect(codes(early)).toEqual(['ERR_VC_NOT_YET_VALID']);
    expect(check(early, 'validity')).toBe('failed');
  });

  it('VC 1.1 expirationDate is honoured', async () => {
    const v = await issueCredential(credential11(), { signer: issuer.signer, created });
    expect(codes(await verifyCredential(v, { clock: fixedClock('2027-01-01T00:00:00Z') }))).toEqual(['ERR_VC_EXPIRED']);
  });

  it('unknown @context → ERR_JSONLD_CONTEXT_UNKNOWN, never fetched', async () => {
    const t = await copy();
    t['@context'] = [V2, 'https://evil.example/ctx'];
    const r = await verifyCredential(t, { clock });
    expect(codes(r)).toContain('ERR_JSONLD_CONTEXT_UNKNOWN');
    expect(check(r, 'structure')).toBe('failed');
  });

  it('undefined term → ERR_JSONLD_UNDEFINED_TERM (a result, not a throw)', async () => {
    const t = await copy();
    t['@context'] = [V2];
    const r = await verifyCredential(t, { clock });
    expect(r.verified).toBe(false);
    expect(codes(r)).toContain('ERR_JSONLD_UNDEFINED_TERM');
  });

  it('missing proof → ERR_DI_PROOF_MISSING', async () => {
    const r = await verifyCredential(credential2(), { clock });
    expect(codes(r)).toEqual(['ERR_DI_PROOF_MISSING']);
  });

  it('wrong proof purpose → ERR_DI_PURPOSE_MISMATCH', async () => {
    const { addProof } = await import('@trustbridge/data-integrity');
    const { createDocumentLoader } = await import('@trustbridge/jsonld');
    const signed = await addProof(credential2(), { cryptosuite: 'eddsa-rdfc-2022', signer: issuer.signer, documentLoader: createDocumentLoader(), proofPurpose: 'authentication', created });
    expect(codes(await verifyCredential(signed, { clock }))).toContain('ERR_DI_PURPOSE_MISMATCH');
  });

  it('a data model violation → structure fails with its code', async () => {
    const t = await copy();
    delete t.credentialSubject;
    const r = await verifyCredential(t, { clock });
    expect(codes(r)).toContain('ERR_VC_SUBJECT_MISSING');
    expect(check(r, 'structure')).toBe('failed');
  });

  it('malformed JSON string → ERR_JSON_MALFORMED; later checks skipped', async () => {
    const r = await verifyCredential('{"@context": [', { clock });
    expect(codes(r)).toEqual(['ERR_JSON_MALFORMED']);
    expect(r.checks.map((c) => c.status)).toEqual(['failed', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
  });

  it('a string that is not JSON → ERR_VC_FORMAT_UNSUPPORTED', async () => {
    const r = await verifyCredential('eyJhbGciOiJFZERTQSJ9.e30.sig', { clock });
    expect(codes(r)).toEqual(['ERR_VC_FORMAT_UNSUPPORTED']);
    expect(check(r, 'parse')).toBe('passed');
  });

  it('a JSON array as credential → ERR_VC_NOT_AN_OBJECT', async () => {
    expect(codes(await verifyCredential([await fresh()], { clock }))).toEqual(['ERR_VC_NOT_AN_OBJECT']);
    expect(codes(await verifyCredential('[1]', { clock }))).toEqual(['ERR_VC_NOT_AN_OBJECT']);
    expect(codes(await verifyCredential(null, { clock }))).toEqual(['ERR_VC_NOT_AN_OBJECT']);
  });

  it('bad options throw ERR_VC_OPTIONS_INVALID', async () => {
    await rejects(verifyCredential({}, { maxClockSkewSeconds: -1 }), 'ERR_VC_OPTIONS_INVALID');
    await rejects(verifyCredential({}, { checkStatus: 'yes' as never }), 'ERR_VC_OPTIONS_INVALID');
  });
});

describe('pluggable status and trust checks', () => {
  it('records the checker outcome; a throwing checker fails closed', async () => {
    const vc = await issueCredential(credential2(), { signer: issuer.signer, created });
    const revoked = await verifyCredential(vc, {
      clock,
      checkStatus: () => ({ status: 'failed', problems: [{ code: 'ERR_STATUS_REVOKED', message: 'revoked' }] }),
      checkTrust: ({ credential, now }) => ({ status: 'passed', details: { issuer: credential.issuer, at: now.toISOString() } }),
    });
    expect(codes(revoked)).toEqual(['ERR_STATUS_REVOKED']);
    expect(revoked.checks.find((c) => c.id === 'trust')).toMatchObject({ status: 'passed', details: { issuer: issuer.did, at: '2025-06-01T12:00:00.000Z' } });
    const broken = await verifyCredential(vc, { clock, checkStatus: () => { throw new Error('network down'); } });
    expect(codes(broken)).toEqual(['ERR_VC_CHECK_ERROR']);
  });
});

describe('presentations', () => {
  const challenge = 'c0ffee-nonce-1';
  const domain = 'https://bank.example';
  const signed = async (opts: { holderDid?: string; signer?: Signer; challenge?: string; domain?: string } = {}) => {
    const vc = await issueCredential(credential2(), { signer: issuer.signer, created });
    const vp = createPresentation({ verifiableCredential: vc, holder: opts.holderDid ?? holder.did });
    return signPresentation(vp, { signer: opts.signer ?? holder.signer, challenge: opts.challenge ?? challenge, domain: opts.domain ?? domain, created });
  };

  it('happy path: VP proof, holder binding and each credential', async () => {
    const vp = await signed();
    expect(vp.proof).toMatchObject({ proofPurpose: 'authentication', challenge, domain });
    const r = await verifyPresentation(vp, { challenge, domain, clock });
    expect(r.problems).toEqual([]);
    expect(r.verified).toBe(true);
    expect(r.format).toBe('ldp_vp');
    expect(r.checks.map((c) => [c.id, c.status])).toEqual([
      ['parse', 'passed'], ['format', 'passed'], ['structure', 'passed'], ['proof', 'passed'], ['holder-binding', 'passed'], ['credentials', 'passed'],
    ]);
    expect(r.credentials).toHaveLength(1);
    expect(r.credentials[0]!.verified).toBe(true);
  });

  it('wrong challenge → ERR_DI_CHALLENGE_MISMATCH', async () => {
    expect(codes(await verifyPresentation(await signed(), { challenge: 'other', domain, clock }))).toEqual(['ERR_DI_CHALLENGE_MISMATCH']);
  });

  it('wrong domain → ERR_DI_DOMAIN_MISMATCH', async () => {
    expect(codes(await verifyPresentation(await signed(), { challenge, domain: 'https://evil.example', clock }))).toEqual(['ERR_DI_DOMAIN_MISMATCH']);
  });

  it('a VP proof without a challenge fails when one is expected', async () => {
    const { addProof } = await import('@trustbridge/data-integrity');
    const { createDocumentLoader } = await import('@trustbridge/jsonld');
    const vp = await addProof(createPresentation({ holder: holder.did }), { cryptosuite: 'eddsa-rdfc-2022', signer: holder.signer, documentLoader: createDocumentLoader(), proofPurpose: 'authentication', created });
    expect(codes(await verifyPresentation(vp, { challenge, clock }))).toEqual(['ERR_DI_CHALLENGE_MISMATCH']);
  });

  it('signed by a key that is not the holder\'s → ERR_VP_HOLDER_MISMATCH', async () => {
    await rejects(signed({ signer: other.signer }), 'ERR_VP_HOLDER_MISMATCH');
    const { addProof } = await import('@trustbridge/data-integrity');
    const { createDocumentLoader } = await import('@trustbridge/jsonld');
    const vp = await addProof(createPresentation({ holder: holder.did }), { cryptosuite: 'eddsa-rdfc-2022', signer: other.signer, documentLoader: createDocumentLoader(), proofPurpose: 'authentication', challenge, created });
    const r = await verifyPresentation(vp, { challenge, clock });
    expect(codes(r)).toEqual(['ERR_VP_HOLDER_MISMATCH']);
    expect(check(r, 'holder-binding')).toBe('failed');
  });

  it('a tampered embedded credential fails the VP with its own result', async () => {
    const vp = structuredClone(await signed()) as Record<string, any>;
    vp.verifiableCredential[0].credentialSubject.legalName = 'Mallory';
    const r = await verifyPresentation(vp, { challenge, domain, clock });
    expect(r.verified).toBe(false);
    // The VP proof covers the embedded credential too.
    expect(codes(r)).toEqual(['ERR_DI_SIGNATURE_INVALID', 'ERR_VP_CREDENTIAL_FAILED']);
    expect(codes(r.credentials[0]!)).toEqual(['ERR_DI_SIGNATURE_INVALID']);
  });

  it('unsigned presentations only with requireProof: false', async () => {
    const vc = await issueCredential(credential2(), { signer: issuer.signer, created });
    const vp = createPresentation({ verifiableCredential: [vc] });
    const ok = await verifyPresentation(vp, { requireProof: false, clock });
    expect(ok.verified).toBe(true);
    expect(check(ok, 'proof')).toBe('skipped');
    expect(codes(await verifyPresentation(vp, { challenge, clock }))).toEqual(['ERR_DI_PROOF_MISSING']);
    await rejects(verifyPresentation(vp, {}), 'ERR_VC_OPTIONS_INVALID');
  });

  it('createPresentation refuses non-object credentials', () => {
    expect(() => createPresentation({ verifiableCredential: ['https://example.com/vc'] })).toThrow(expect.objectContaining({ code: 'ERR_VP_INVALID_PRESENTATION' }));
  });
});
