import { describe, expect, it } from 'vitest';
import { VOCAB_CREDENTIAL_TYPES, displayCredential, samples, typeLabels, valueLabels, BUSINESS_STATUSES, ENTITY_TYPES, REPRESENTATIVE_ROLES, JURISDICTIONS, ROLE_SOURCES, ADDRESS_PURPOSES, ADDRESS_PROPERTIES } from './index.js';

const field = (d: ReturnType<typeof displayCredential>, path: string) => d.fields.find((f) => f.path === path);

describe('displayCredential', () => {
  it('titles and labels a representative credential in English and French', () => {
    const en = displayCredential(samples.albertaDirectorRepresentative, 'en');
    const fr = displayCredential(samples.albertaDirectorRepresentative, 'fr');
    expect(en.title).toBe('Business Representative');
    expect(fr.title).toBe("Représentant d'entreprise");
    expect(field(en, '/credentialSubject/roles')).toEqual({ path: '/credentialSubject/roles', label: 'Roles', value: 'Director, Officer' });
    expect(field(fr, '/credentialSubject/roles')).toEqual({ path: '/credentialSubject/roles', label: 'Rôles', value: 'Administrateur, Dirigeant' });
    expect(field(fr, '/credentialSubject/business/status')?.value).toBe('Active');
    expect(field(fr, '/credentialSubject/business/entityType')?.value).toBe('Société par actions');
    expect(field(fr, '/credentialSubject/business/jurisdiction')?.value).toBe('Alberta');
    expect(en.fields.map((f) => f.path)).toEqual(fr.fields.map((f) => f.path));
  });

  it('shows EN/FR legal names and directors of a federal corporation', () => {
    const fr = displayCredential(samples.federalCorporationRegistration, 'fr');
    expect(field(fr, '/credentialSubject/legalNameFr')).toEqual({
      path: '/credentialSubject/legalNameFr',
      label: 'Dénomination sociale (français)',
      value: 'Analytique Northwind inc.',
    });
    expect(field(fr, '/credentialSubject/jurisdiction')?.value).toBe('Canada (fédéral)');
    expect(field(fr, '/credentialSubject/directors')?.value).toBe("Éloïse Tremblay-Côté; Sean Patrick O'Brien; Kalani");
    expect(field(fr, '/credentialSubject/registeredOfficeAddress/addressLocality')?.label).toBe('Ville');
  });

  it('flags self-asserted address parts and labels the level of assurance', () => {
    const en = displayCredential(samples.bcPersonIdentity, 'en');
    expect(field(en, '/credentialSubject/address/streetAddress')).toMatchObject({ label: 'Street address', selfAsserted: true });
    expect(field(en, '/credentialSubject/assuranceLevel')?.value).toBe('Level 3 (high confidence)');
    expect(field(en, '/credentialSubject/address/type')).toBeUndefined();
    const verified = displayCredential(samples.montrealProofOfAddress, 'en');
    expect(field(verified, '/credentialSubject/address/streetAddress')?.selfAsserted).toBeUndefined();
  });

  it('shows a photo as a placeholder, never inline', () => {
    const c = structuredClone(samples.bcPersonIdentity) as any;
    c.credentialSubject.portrait = 'data:image/jpeg;base64,/9j/4AAQ';
    expect(field(displayCredential(c, 'fr'), '/credentialSubject/portrait')?.value).toBe('[photo]');
  });

  it('leaves out members the vocabulary does not define', () => {
    const c = structuredClone(samples.montrealProofOfAddress) as any;
    c.credentialSubject.secret = 'x';
    expect(displayCredential(c, 'en').fields.some((f) => f.path.includes('secret'))).toBe(false);
  });

  it('every type has an EN and FR title and description', () => {
    for (const type of VOCAB_CREDENTIAL_TYPES) {
      for (const lang of ['en', 'fr'] as const) {
        expect(typeLabels[type].name[lang].length).toBeGreaterThan(0);
        expect(typeLabels[type].description[lang].length).toBeGreaterThan(0);
      }
    }
  });

  it('every enumerated value has an EN and FR label', () => {
    const enums: Array<[string, readonly (string | number)[]]> = [
      ['status', BUSINESS_STATUSES], ['entityType', ENTITY_TYPES], ['role', REPRESENTATIVE_ROLES], ['jurisdiction', JURISDICTIONS],
      ['roleSource', ROLE_SOURCES], ['addressPurpose', ADDRESS_PURPOSES], ['addressProperty', ADDRESS_PROPERTIES], ['assuranceLevel', [1, 2, 3, 4]],
    ];
    for (const [name, values] of enums) {
      for (const v of values) {
        const label = valueLabels[name]?.[String(v)];
        expect(label?.en, `${name}.${v}`).toBeTruthy();
        expect(label?.fr, `${name}.${v}`).toBeTruthy();
      }
    }
  });

  it('refuses other languages and other types with codes', () => {
    expect(() => displayCredential(samples.bcPersonIdentity, 'de' as never)).toThrow(expect.objectContaining({ code: 'ERR_VOCAB_LANGUAGE_UNSUPPORTED' }));
    expect(() => displayCredential({ type: ['VerifiableCredential'], credentialSubject: {} }, 'en')).toThrow(
      expect.objectContaining({ code: 'ERR_VOCAB_TYPE_UNKNOWN' }),
    );
  });
});
