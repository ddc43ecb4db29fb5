import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { validateCredential, validatePresentation } from './validate.js';
import { parseDigestMultibase, parseSriHashExpression, matchesBundledContext } from './related-resource.js';
import { isDateTimeStamp } from './syntax.js';

const V2 = 'https://www.w3.org/ns/credentials/v2';
const V1 = 'https://www.w3.org/2018/credentials/v1';
const EX = 'https://www.w3.org/ns/credentials/examples/v2';

const base = () => ({
  '@context': [V2, EX],
  id: 'urn:uuid:6a1676b8-b51f-11ed-937b-d76685a20ff5',
  type: ['VerifiableCredential', 'ExampleCredential'],
  issuer: 'did:example:issuer',
  validFrom: '2025-01-01T00:00:00Z',
  credentialSubject: { id: 'did:example:subject', name: 'Jane' },
});
const v11 = () => ({
  '@context': [V1],
  type: ['VerifiableCredential'],
  issuer: 'did:example:issuer',
  issuanceDate: '2025-01-01T00:00:00Z',
  credentialSubject: { id: 'did:example:subject', alumniOf: 'X' },
});

type Case = [name: string, mutate: (c: Record<string, unknown>) => void, code: string, path: string];

// One row per MUST of VC DM 2.0 §4–§5 that the W3C VC 2.0 test suite exercises (file names of its
// fixtures in brackets where one exists).
const CASES: Case[] = [
  ['no @context [credential-no-context-fail]', (c) => delete c['@context'], 'ERR_VC_CONTEXT_MISSING', '/@context'],
  ['first context not v2 [credential-missing-base-context-fail]', (c) => (c['@context'] = [EX, V2]), 'ERR_VC_CONTEXT_INVALID', '/@context/0'],
  ['context entry a number', (c) => (c['@context'] = [V2, 42]), 'ERR_VC_CONTEXT_INVALID', '/@context/1'],
  ['context entry not a URL', (c) => (c['@context'] = [V2, 'not a url']), 'ERR_VC_CONTEXT_INVALID', '/@context/1'],
  ['id not a URL [credential-id-not-url-fail]', (c) => (c.id = 'not a url'), 'ERR_VC_ID_INVALID', '/id'],
  ['id a number [credential-id-nonidentifier-fail]', (c) => (c.id = 12), 'ERR_VC_ID_INVALID', '/id'],
  ['id an array [credential-id-multi-fail]', (c) => (c.id = ['urn:a', 'urn:b']), 'ERR_VC_ID_INVALID', '/id'],
  ['subject id an array [credential-id-subject-multi-fail]', (c) => ((c.credentialSubject as Record<string, unknown>).id = ['did:a', 'did:b']), 'ERR_VC_ID_INVALID', '/credentialSubject/id'],
  ['no type [credential-no-type-fail]', (c) => delete c.type, 'ERR_VC_TYPE_MISSING', '/type'],
  ['type without VerifiableCredential [credential-missing-required-type-fail]', (c) => (c.type = ['ExampleCredential']), 'ERR_VC_TYPE_INVALID', '/type'],
  ['type empty array', (c) => (c.type = []), 'ERR_VC_TYPE_INVALID', '/type'],
  ['type a number', (c) => (c.type = [1]), 'ERR_VC_TYPE_INVALID', '/type'],
  ['no issuer [credential-no-issuer-fail]', (c) => delete c.issuer, 'ERR_VC_ISSUER_MISSING', '/issuer'],
  ['issuer a number [credential-issuer-nonurl-fail]', (c) => (c.issuer = 5), 'ERR_VC_ISSUER_INVALID', '/issuer'],
  ['issuer not a URL', (c) => (c.issuer = 'issuer'), 'ERR_VC_ISSUER_INVALID', '/issuer'],
  ['issuer object without id [credential-issuer-object-no-id-fail]', (c) => (c.issuer = {}), 'ERR_VC_ISSUER_INVALID', '/issuer/id'],
  ['issuer object id a number [credential-issuer-object-id-not-url-fail]', (c) => (c.issuer = { id: 7 }), 'ERR_VC_ISSUER_INVALID', '/issuer/id'],
  ['issuer null [credential-issuer-null-fail]', (c) => (c.issuer = null), 'ERR_VC_ISSUER_INVALID', '/issuer'],
  ['issuer name with extra key [issuer-name-extra-prop-en-fail]', (c) => (c.issuer = { id: 'did:example:i', name: { '@value': 'x', '@language': 'en', extra: 1 } }), 'ERR_VC_NAME_INVALID', '/issuer/name'],
  ['issuer description a number', (c) => (c.issuer = { id: 'did:example:i', description: 3 }), 'ERR_VC_DESCRIPTION_INVALID', '/issuer/description'],
  ['name with extra key [credential-name-extra-prop-en-fail]', (c) => (c.name = { '@value': 'x', foo: 'bar' }), 'ERR_VC_NAME_INVALID', '/name'],
  ['description with bad direction', (c) => (c.description = { '@value': 'x', '@direction': 'up' }), 'ERR_VC_DESCRIPTION_INVALID', '/description'],
  ['no credentialSubject [credential-no-subject-fail]', (c) => delete c.credentialSubject, 'ERR_VC_SUBJECT_MISSING', '/credentialSubject'],
  ['subject without claims [credential-subject-no-claims-fail]', (c) => (c.credentialSubject = {}), 'ERR_VC_SUBJECT_INVALID', '/credentialSubject'],
  ['subject empty array [credential-subject-multiple-empty-fail]', (c) => (c.credentialSubject = []), 'ERR_VC_SUBJECT_INVALID', '/credentialSubject'],
  ['subject array with an empty object', (c) => (c.credentialSubject = [{ name: 'a' }, {}]), 'ERR_VC_SUBJECT_INVALID', '/credentialSubject/1'],
  ['subject a string', (c) => (c.credentialSubject = 'did:example:s'), 'ERR_VC_SUBJECT_INVALID', '/credentialSubject'],
  ['validFrom without timezone [credential-validfrom-invalid-fail]', (c) => (c.validFrom = '2025-01-01T00:00:00'), 'ERR_VC_DATETIME_INVALID', '/validFrom'],
  ['validUntil a date only [credential-validuntil-invalid-fail]', (c) => (c.validUntil = '2025-01-01'), 'ERR_VC_DATETIME_INVALID', '/validUntil'],
  ['validFrom after validUntil [credential-validUntil-validFrom-fail]', (c) => (c.validUntil = '2024-12-31T23:59:59Z'), 'ERR_VC_VALIDITY_PERIOD_INVALID', '/validUntil'],
  ['credentialStatus without type [credential-status-missing-type-fail]', (c) => (c.credentialStatus = { id: 'https://example.com/status/1#3' }), 'ERR_VC_TYPE_MISSING', '/credentialStatus/type'],
  ['credentialStatus id not a URL [credential-status-nonurl-id-fail]', (c) => (c.credentialStatus = { id: 'nope', type: 'BitstringStatusListEntry' }), 'ERR_VC_ID_INVALID', '/credentialStatus/id'],
  ['credentialStatus with two ids [credential-status-multiple-id-fail]', (c) => (c.credentialStatus = { id: ['urn:a', 'urn:b'], type: 'X' }), 'ERR_VC_ID_INVALID', '/credentialStatus/id'],
  ['credentialSchema without type [credential-schema-no-type-fail]', (c) => (c.credentialSchema = { id: 'https://example.com/s.json' }), 'ERR_VC_TYPE_MISSING', '/credentialSchema/type'],
  ['credentialSchema without id [credential-schema-no-id-fail]', (c) => (c.credentialSchema = { type: 'JsonSchema' }), 'ERR_VC_ID_MISSING', '/credentialSchema/id'],
  ['credentialSchema id a number [credential-schema-non-url-id-fail]', (c) => (c.credentialSchema = [{ id: 5, type: 'JsonSchema' }]), 'ERR_VC_ID_INVALID', '/credentialSchema/0/id'],
  ['refreshService without type [credential-refresh-no-type-fail]', (c) => (c.refreshService = { id: 'https://example.com/refresh' }), 'ERR_VC_TYPE_MISSING', '/refreshService/type'],
  ['termsOfUse without type [credential-termsofuse-no-type-fail]', (c) => (c.termsOfUse = [{ id: 'https://example.com/tou' }]), 'ERR_VC_TYPE_MISSING', '/termsOfUse/0/type'],
  ['evidence without type [credential-evidence-missing-type-fail]', (c) => (c.evidence = { id: 'https://example.com/e' }), 'ERR_VC_TYPE_MISSING', '/evidence/type'],
  ['evidence a string', (c) => (c.evidence = 'https://example.com/e'), 'ERR_VC_OBJECT_INVALID', '/evidence'],
  ['relatedResource not an object', (c) => (c.relatedResource = ['https://example.com/r']), 'ERR_VC_RELATED_RESOURCE_INVALID', '/relatedResource/0'],
  ['relatedResource without id', (c) => (c.relatedResource = [{ digestSRI: `sha384-${'A'.repeat(64)}` }]), 'ERR_VC_ID_INVALID', '/relatedResource/0/id'],
  ['relatedResource duplicate ids', (c) => (c.relatedResource = [{ id: 'https://example.com/r', digestSRI: `sha384-${'A'.repeat(64)}` }, { id: 'https://example.com/r', digestSRI: `sha384-${'B'.repeat(64)}` }]), 'ERR_VC_RELATED_RESOURCE_DUPLICATE_ID', '/relatedResource/1/id'],
  ['relatedResource without digest', (c) => (c.relatedResource = [{ id: 'https://example.com/r' }]), 'ERR_VC_RELATED_RESOURCE_DIGEST_MISSING', '/relatedResource/0'],
  ['relatedResource malformed digestSRI', (c) => (c.relatedResource = [{ id: 'https://example.com/r', digestSRI: 'md5-abc' }]), 'ERR_VC_RELATED_RESOURCE_DIGEST_INVALID', '/relatedResource/0/digestSRI'],
  ['relatedResource malformed digestMultibase', (c) => (c.relatedResource = [{ id: 'https://example.com/r', digestMultibase: 'mAAAA' }]), 'ERR_VC_RELATED_RESOURCE_DIGEST_INVALID', '/relatedResource/0/digestMultibase'],
  ['relatedResource wrong digest of the base context', (c) => (c.relatedResource = [{ id: V2, digestSRI: `sha384-${Buffer.alloc(48, 1).toString('base64')}` }]), 'ERR_VC_RELATED_RESOURCE_DIGEST_MISMATCH', '/relatedResource/0/digestSRI'],
  ['proof a string', (c) => (c.proof = 'sig'), 'ERR_VC_PROOF_INVALID', '/proof'],
];

describe('validateCredential — VC DM 2.0 MUSTs', () => {
  it('accepts a conforming 2.0 credential and a conforming 1.1 credential', () => {
    expect(validateCredential(base())).toEqual([]);
    expect(validateCredential(v11())).toEqual([]);
  });

  it.each(CASES)('%s → %s at %s', (_name, mutate, code, path) => {
    const c = base() as Record<string, unknown>;
    mutate(c);
    const problems = validateCredential(c);
    expect(problems.map((p) => [p.code, p.path])).toContainEqual([code, path]);
    const p = problems.find((x) => x.code === code)!;
    expect(['MALFORMED_VALUE_ERROR', 'PARSING_ERROR', 'CRYPTOGRAPHIC_SECURITY_ERROR']).toContain(p.specCode);
  });

  it('accepts the optional shapes the suite sends as "ok"', () => {
    const ok = {
      ...base(),
      issuer: { id: 'did:example:issuer', name: [{ '@value': 'Uni', '@language': 'en' }, { '@value': 'Univ', '@language': 'fr', '@direction': 'ltr' }], description: 'd' },
      name: 'Name',
      description: { '@value': 'Desc', '@language': 'en' },
      credentialSubject: [{ id: 'did:example:a', x: 1 }, { y: 2 }],
      validUntil: '2026-01-01T00:00:00.123+05:00',
      credentialStatus: { type: 'BitstringStatusListEntry' },
      credentialSchema: [{ id: 'https://example.com/a.json', type: 'JsonSchema' }, { id: 'https://example.com/b.json', type: 'JsonSchema' }],
      refreshService: { type: 'VerifiableCredentialRefreshService2021', url: 'https://example.com/r' },
      termsOfUse: [{ type: 'IssuerPolicy', id: 'https://example.com/tou' }],
      evidence: [{ type: ['Evidence'], id: 'https://example.com/e' }],
      relatedResource: [{ id: 'https://example.com/logo.png', digestSRI: `sha384-${Buffer.alloc(48).toString('base64')}` }],
    };
    expect(validateCredential(ok)).toEqual([]);
  });

  it('VC 1.1: issuanceDate is required and must be a dateTimeStamp; expirationDate too', () => {
    const noDate = v11() as Record<string, unknown>;
    delete noDate.issuanceDate;
    expect(validateCredential(noDate).map((p) => p.code)).toEqual(['ERR_VC_ISSUANCE_DATE_MISSING']);
    expect(validateCredential({ ...v11(), expirationDate: 'tomorrow' }).map((p) => p.path)).toEqual(['/expirationDate']);
  });

  it('a JSON array or a string is not a credential', () => {
    expect(validateCredential([base()])[0]).toMatchObject({ code: 'ERR_VC_NOT_AN_OBJECT', specCode: 'PARSING_ERROR', path: '' });
    expect(validateCredential('{}')[0]!.code).toBe('ERR_VC_NOT_AN_OBJECT');
  });

  it('escapes JSON Pointer tokens (RFC 6901)', () => {
    const c = { ...base(), credentialSchema: { id: 'https://example.com/s', type: 'JsonSchema' }, '@context': [V2, 'a/b~c'] };
    expect(validateCredential(c).map((p) => p.path)).toContain('/@context/1');
  });
});

describe('relatedResource digests of bundled contexts', () => {
  const related = (entry: Record<string, unknown>) => validateCredential({ ...base(), relatedResource: [entry] });

  it('accepts the digests the VC DM 2.0 REC publishes for the base context (B.1, §5.3 Examples 25/26)', () => {
    expect(related({ id: V2, digestSRI: 'sha384-l/HrjlBCNWyAX91hr6LFV2Y3heB5Tcr6IeE4/Tje8YyzYBM8IhqjHWiWpr8+ZbYU' })).toEqual([]);
    expect(related({ id: V2, digestMultibase: 'uEiBZlVztZpfWHgPyslVv6-UwirFoQoRvW1htfx963sknNA' })).toEqual([]);
    const b1 = Buffer.from('24a18c90e9856d526111f29376e302d970b2bd10182e33959995b0207d7043b9', 'hex');
    expect(related({ id: V2, digestSRI: `sha256-${b1.toString('base64')}` })).toEqual([]);
  });

  it('accepts the W3C test suite form: a bare SHA-256 in digestMultibase (no multihash header)', () => {
    expect(related({ id: V2, digestMultibase: 'uJKGMkOmFbVJhEfKTduMC2XCyvRAYLjOVmZWwIH1wQ7k' })).toEqual([]);
  });

  it('reproduces the examples-context digests of §5.3 Examples 25/26 from the bundled document', () => {
    expect(related({ id: EX, digestSRI: 'sha384-zNNbQTWCSUSi0bbz7dbua+RcENv7C6FvlmYJ1Y+I727HsPOHdzwELMYO9Mz68M26' })).toEqual([]);
    expect(related({ id: EX, digestMultibase: 'uEiBXOT-8adbvubm13Jy2uYgLCUQ2Cr_i6vRZyeWM8iedfA' })).toEqual([]);
  });

  it('rejects the npm-bytes-looking but wrong digest, and a digest of other bytes', () => {
    const other = createHash('sha256').update('{}').digest();
    const p = related({ id: V2, digestMultibase: 'u' + Buffer.concat([Buffer.from([0x12, 0x20]), other]).toString('base64url') });
    expect(p.map((x) => [x.code, x.specCode])).toEqual([['ERR_VC_RELATED_RESOURCE_DIGEST_MISMATCH', 'CRYPTOGRAPHIC_SECURITY_ERROR']]);
  });

  it('does not (cannot) check resources TrustBridge never retrieves', () => {
    expect(related({ id: 'https://example.com/unknown', digestSRI: `sha256-${Buffer.alloc(32).toString('base64')}` })).toEqual([]);
  });

  it('parses SRI and multibase strictly', () => {
    expect(parseSriHashExpression('sha256-' + Buffer.alloc(32).toString('base64'))?.algorithm).toBe('sha256');
    expect(parseSriHashExpression('sha384-' + Buffer.alloc(32).toString('base64'))).toBeUndefined();
    expect(parseSriHashExpression('sha512-' + Buffer.alloc(64).toString('base64') + '?opt')?.digest.length).toBe(64);
    expect(parseDigestMultibase('z' + 'x')).toBeUndefined();
    expect(parseDigestMultibase('u' + Buffer.alloc(48).toString('base64url'))?.algorithm).toBe('sha384');
    expect(matchesBundledContext(V2, { algorithm: 'sha512', digest: new Uint8Array(64) })).toBe(false);
  });
});

describe('validatePresentation', () => {
  const vp = () => ({ '@context': [V2], type: ['VerifiablePresentation'], holder: 'did:example:holder', verifiableCredential: [base()] });
  it('accepts a conforming presentation', () => expect(validatePresentation(vp())).toEqual([]));
  it.each([
    ['no @context', (p: Record<string, unknown>): unknown => delete p['@context'], 'ERR_VC_CONTEXT_MISSING', '/@context'],
    ['first context not v2', (p: Record<string, unknown>): unknown => (p['@context'] = [EX]), 'ERR_VC_CONTEXT_INVALID', '/@context/0'],
    ['no type', (p: Record<string, unknown>): unknown => delete p.type, 'ERR_VC_TYPE_MISSING', '/type'],
    ['type without VerifiablePresentation', (p: Record<string, unknown>): unknown => (p.type = ['Other']), 'ERR_VC_TYPE_INVALID', '/type'],
    ['holder not a URL', (p: Record<string, unknown>): unknown => (p.holder = 'holder'), 'ERR_VP_HOLDER_INVALID', '/holder'],
    ['id not a URL', (p: Record<string, unknown>): unknown => (p.id = 'x y'), 'ERR_VC_ID_INVALID', '/id'],
    ['credential as a URL string', (p: Record<string, unknown>): unknown => (p.verifiableCredential = ['https://example.com/vc/1']), 'ERR_VP_CREDENTIAL_INVALID', '/verifiableCredential/0'],
    ['embedded VC missing its type [presentation-vc-missing-required-type-fail]', (p: Record<string, unknown>): unknown => (p.verifiableCredential = { ...base(), type: ['X'] }), 'ERR_VC_TYPE_INVALID', '/verifiableCredential/type'],
    ['enveloped VC without a data: URL', (p: Record<string, unknown>): unknown => (p.verifiableCredential = [{ '@context': [V2], type: 'EnvelopedVerifiableCredential', id: 'https://x' }]), 'ERR_VC_ID_INVALID', '/verifiableCredential/0/id'],
  ] as Array<[string, (p: Record<string, unknown>) => unknown, string, string]>)('%s → %s', (_n, mutate, code, path) => {
    const p = vp() as Record<string, unknown>;
    mutate(p);
    expect(validatePresentation(p).map((x) => [x.code, x.path])).toContainEqual([code, path]);
  });
});

describe('dateTimeStamp (XML Schema 1.1, VC DM 2.0 §4.8.1)', () => {
  it.each([
    ['2025-01-01T00:00:00Z', true],
    ['2025-01-01T00:00:00.5-04:00', true],
    ['2025-01-01T24:00:00Z', true],
    ['2025-02-29T00:00:00Z', false],
    ['2024-02-29T00:00:00Z', true],
    ['2025-01-01T00:00:00', false],
    ['2025-01-01 00:00:00Z', false],
    ['2025-01-01T00:00:00+15:00', false],
  ])('%s → %s', (v, ok) => expect(isDateTimeStamp(v)).toBe(ok));
});
