import { describe, expect, it } from 'vitest';
import {
  METADATA_LOCALES,
  VOCAB_CREDENTIAL_TYPES,
  claimCatalog,
  credentialPointer,
  fromSdJwtClaims,
  keyClaimPaths,
  samples,
  sdJwtClaimPath,
  toSdJwtClaims,
  typeForVct,
  typeMetadata,
  typeMetadataForVct,
  validateCredentialAgainstSchema,
  vctOf,
  vocabSchemas,
} from './index.js';
import { isPlainObject } from './util.js';

type Mutable = Record<string, any>;

describe('SD-JWT VC type metadata', () => {
  for (const type of VOCAB_CREDENTIAL_TYPES) {
    const md = typeMetadata[type];
    it(`${type}: vct, names and descriptions in en-CA and fr-CA`, () => {
      expect(md.vct).toBe(vctOf(type));
      expect(typeForVct(md.vct)).toBe(type);
      expect(typeMetadataForVct(md.vct)).toBe(md);
      expect(md.display.map((d) => d.locale)).toEqual([METADATA_LOCALES.en, METADATA_LOCALES.fr]);
      expect(md.display.map((d) => d.lang)).toEqual(['en-CA', 'fr-CA']);
      for (const d of md.display) {
        expect(d.name.length).toBeGreaterThan(0);
        expect(d.description?.length).toBeGreaterThan(0);
      }
      expect(md.display[0]!.name).not.toBe(md.display[1]!.name);
    });

    it(`${type}: every claim has an English and a French label and a valid sd`, () => {
      expect(md.claims.length).toBe(claimCatalog[type].length);
      for (const claim of md.claims) {
        expect(claim.display.map((d) => d.locale)).toEqual(['en-CA', 'fr-CA']);
        for (const d of claim.display) expect(d.label.trim().length, JSON.stringify(claim.path)).toBeGreaterThan(0);
        expect(['always', 'allowed', 'never']).toContain(claim.sd);
      }
    });

    it(`${type}: every schema property has a claim (so a label in both languages)`, () => {
      const schema = vocabSchemas[type] as Mutable;
      const paths: string[] = [];
      const walk = (s: Mutable, path: (string | null)[]): void => {
        if (typeof s['$ref'] === 'string') return walk(schema['$defs'][s['$ref'].replace('#/$defs/', '')], path);
        if (isPlainObject(s['properties'])) {
          for (const [k, v] of Object.entries(s['properties'])) {
            paths.push(JSON.stringify([...path, k]));
            walk(v as Mutable, [...path, k]);
          }
        }
        if (isPlainObject(s['items']) && (s['items']['$ref'] || s['items']['properties'])) walk(s['items'], [...path, null]);
      };
      walk(schema['$defs'].subject, []);
      const catalog = new Set(claimCatalog[type].map((d) => JSON.stringify(d.path)));
      for (const p of paths) expect(catalog.has(p), `${type} ${p}`).toBe(true);
      // And the catalogue names nothing the schema does not define.
      expect([...catalog].filter((p) => !paths.includes(p))).toEqual([]);
    });
  }

  it('never uses the reserved claim names at the top level of a claim path', () => {
    for (const type of VOCAB_CREDENTIAL_TYPES) {
      for (const claim of typeMetadata[type].claims) expect(['status', 'id', 'iss', 'vct', 'cnf']).not.toContain(claim.path[0]);
    }
    expect(typeMetadata.BusinessRegistrationCredential.claims.some((c) => c.path[0] === 'businessStatus')).toBe(true);
  });

  it('keeps the facts a verifier must see non-disclosable (sd: never)', () => {
    const sd = (type: keyof typeof typeMetadata, path: (string | null)[]) =>
      typeMetadata[type].claims.find((c) => JSON.stringify(c.path) === JSON.stringify(path))?.sd;
    expect(sd('BusinessRegistrationCredential', ['businessStatus'])).toBe('never');
    expect(sd('BusinessRepresentativeCredential', ['business', 'status'])).toBe('never');
    expect(sd('PersonIdentityCredential', ['assuranceLevel'])).toBe('never');
    expect(sd('PersonIdentityCredential', ['birthDate'])).toBe('always');
  });
});

describe('toSdJwtClaims / fromSdJwtClaims', () => {
  for (const [name, credential] of Object.entries(samples)) {
    it(`${name} round-trips`, () => {
      const claims = toSdJwtClaims(credential);
      expect(claims['status']).toBeUndefined();
      expect(claims['credentialSubject']).toBeUndefined();
      const back = fromSdJwtClaims(JSON.parse(JSON.stringify(claims)));
      expect(back).toEqual(JSON.parse(JSON.stringify(credential)));
      expect(validateCredentialAgainstSchema(back).valid).toBe(true);
    });
  }

  it('maps status → businessStatus, subject id → sub, validity → NumericDate', () => {
    const claims = toSdJwtClaims(samples.bcPersonIdentity);
    expect(claims.vct).toBe('https://trustbridge.ca/vct/person-identity/v1');
    expect(claims.iss).toBe('did:web:servicebc.pilot.example');
    expect(claims['sub']).toBe('did:web:wallet.pilot.example:maya-singh');
    expect(claims['nbf']).toBe(Date.UTC(2025, 2, 1) / 1000);
    expect(claims['exp']).toBe(Date.UTC(2027, 2, 1) / 1000);
    expect(toSdJwtClaims(samples.federalCorporationRegistration)['businessStatus']).toBe('ACTIVE');
    // Nested status is not a reserved claim and keeps its name.
    expect((toSdJwtClaims(samples.bcSoleProprietorRepresentative)['business'] as Mutable)['status']).toBe('ACTIVE');
  });

  it('reduces an issuer object to its id', () => {
    const c = structuredClone(samples.montrealProofOfAddress) as Mutable;
    c.issuer = { id: 'did:web:montreal.pilot.example', name: 'Ville de Montréal' };
    expect(toSdJwtClaims(c as never).iss).toBe('did:web:montreal.pilot.example');
  });

  it('drops envelope claims it does not map (iat, cnf, status, _sd_alg)', () => {
    const claims = { ...toSdJwtClaims(samples.bcPersonIdentity), iat: 1740787200, cnf: { jwk: {} }, status: { status_list: { idx: 1, uri: 'https://x' } }, _sd_alg: 'sha-256' };
    expect(fromSdJwtClaims(claims)).toEqual(JSON.parse(JSON.stringify(samples.bcPersonIdentity)));
  });

  it('refuses an invalid credential with ERR_VOCAB_SCHEMA', () => {
    const c = structuredClone(samples.bcPersonIdentity) as Mutable;
    c.credentialSubject.assuranceLevel = 9;
    expect(() => toSdJwtClaims(c as never)).toThrow(expect.objectContaining({ code: 'ERR_VOCAB_SCHEMA' }));
  });

  it('refuses a credential of no or several vocabulary types', () => {
    const none = structuredClone(samples.bcPersonIdentity) as Mutable;
    none.type = ['VerifiableCredential'];
    expect(() => toSdJwtClaims(none as never)).toThrow(expect.objectContaining({ code: 'ERR_VOCAB_TYPE_UNKNOWN' }));
    const two = structuredClone(samples.bcPersonIdentity) as Mutable;
    two.type = ['VerifiableCredential', 'PersonIdentityCredential', 'ProofOfAddressCredential'];
    expect(() => toSdJwtClaims(two as never)).toThrow(expect.objectContaining({ code: 'ERR_VOCAB_TYPE_AMBIGUOUS' }));
  });

  it('refuses an unknown vct and malformed envelope claims', () => {
    expect(() => fromSdJwtClaims({ vct: 'https://example.com/other', iss: 'did:web:x' })).toThrow(expect.objectContaining({ code: 'ERR_VOCAB_VCT_UNKNOWN' }));
    expect(() => fromSdJwtClaims({ vct: vctOf('PersonIdentityCredential') })).toThrow(expect.objectContaining({ code: 'ERR_VOCAB_CLAIMS_INVALID' }));
    expect(() => fromSdJwtClaims({ vct: vctOf('PersonIdentityCredential'), iss: 'did:web:x', nbf: 'yesterday' })).toThrow(
      expect.objectContaining({ code: 'ERR_VOCAB_CLAIMS_INVALID' }),
    );
  });
});

describe('key claim paths', () => {
  it('point at values present in the samples, in both forms', () => {
    const check = (credential: Mutable, type: keyof typeof keyClaimPaths, name: string) => {
      const path = (keyClaimPaths[type] as Record<string, readonly string[]>)[name]!;
      const pointer = credentialPointer(path);
      const w3c = pointer.split('/').slice(1).reduce((v: any, k) => v?.[k], credential);
      const claims = toSdJwtClaims(credential as never) as Mutable;
      const sd = sdJwtClaimPath(path).reduce((v: any, k) => v?.[k as string], claims);
      expect(w3c).toBeDefined();
      expect(sd).toEqual(w3c);
    };
    check(samples.bcSoleProprietorRegistration as Mutable, 'BusinessRegistrationCredential', 'status');
    check(samples.bcSoleProprietorRegistration as Mutable, 'BusinessRegistrationCredential', 'registrationNumber');
    check(samples.federalCorporationRegistration as Mutable, 'BusinessRegistrationCredential', 'directors');
    check(samples.bcSoleProprietorRepresentative as Mutable, 'BusinessRepresentativeCredential', 'roles');
    check(samples.bcSoleProprietorRepresentative as Mutable, 'BusinessRepresentativeCredential', 'status');
    check(samples.bcSoleProprietorRepresentative as Mutable, 'BusinessRepresentativeCredential', 'subjectId');
    check(samples.bcPersonIdentity as Mutable, 'PersonIdentityCredential', 'assuranceLevel');
    check(samples.bcPersonIdentity as Mutable, 'PersonIdentityCredential', 'familyName');
    expect(sdJwtClaimPath(keyClaimPaths.BusinessRegistrationCredential.status)).toEqual(['businessStatus']);
    expect(credentialPointer(keyClaimPaths.BusinessRepresentativeCredential.status)).toBe('/credentialSubject/business/status');
  });
});
