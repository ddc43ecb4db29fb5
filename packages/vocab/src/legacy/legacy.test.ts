// Attribute shapes from research §1.1–1.3 (bcgov/digital-trust-toolkit governance docs,
// bcgov/aries-oca-bundles business-card and person OCA bundles and testdata, bcgov/lear
// digital_credentials_helpers.py, bcgov/von-bc-registries-agent schemas.yml). Values are fictional.
import { describe, expect, it } from 'vitest';
import {
  BC_PERSON_ATTRIBUTES,
  DIGITAL_BUSINESS_CARD_ATTRIBUTES,
  createVocabCredential,
  dateintToIso,
  displayCaseName,
  mapBcPersonCredential,
  mapDigitalBusinessCard,
  mapOrgBookRegistration,
  parseBcBusinessType,
  parseRoles,
  validateCredentialAgainstSchema,
} from '../index.js';

/** A Digital Business Card as BC Registries issues it (code/testdata spelling: `BC ` prefix, upper-case status). */
const dbc = () => ({
  credential_id: '00000042',
  given_names: 'MAYA PREET',
  family_name: 'SINGH',
  role: 'Proprietor',
  identifier: 'FM0055205',
  cra_business_number: '870000042BC0001',
  business_name: 'COASTAL KAYAK TOURS',
  business_type: 'BC Sole Proprietorship',
  registered_on_dateint: '20210315',
  company_status: 'ACTIVE',
});

const person = () => ({
  given_names: 'MAYA PREET',
  family_name: 'SINGH',
  birthdate_dateint: '19880714',
  street_address: '415 MENZIES ST\r\nUNIT 2',
  locality: 'VICTORIA',
  region: 'BC',
  postal_code: 'V8V3P6',
  country: 'CA',
  picture: '',
  expiry_date_dateint: '',
});

const orgbook = () => ({
  registration_id: 'BC0871227',
  registration_date: '2010-01-29T08:00:00+00:00',
  registration_expiry_date: '',
  registration_renewal_effective: '',
  entity_name: 'NORTHERN LIGHTS CONSULTING LTD.',
  entity_name_effective: '2010-01-29T08:00:00+00:00',
  entity_name_assumed: '',
  entity_name_assumed_effective: '',
  entity_name_trans: '',
  entity_name_trans_effective: '',
  entity_status: 'ACT',
  entity_status_effective: '2010-01-29T08:00:00+00:00',
  entity_type: 'BC',
  registered_jurisdiction: '',
  extra_jurisdictional_registration: '',
  home_jurisdiction: 'BC',
  effective_date: '2010-01-29T08:00:00+00:00',
  reason_description: 'Filing:ICORP',
  expiry_date: '',
});

describe('Digital Business Card → BusinessRepresentativeCredential', () => {
  it('maps the issued attributes, normalising as the research notes describe', () => {
    const { type, subject } = mapDigitalBusinessCard(dbc(), { holderId: 'did:key:z6MkExample', roleSource: 'COMPLETING_PARTY' });
    expect(type).toBe('BusinessRepresentativeCredential');
    expect(subject).toEqual({
      id: 'did:key:z6MkExample',
      relationshipId: '00000042',
      givenName: 'Maya Preet',
      familyName: 'Singh',
      roles: ['PROPRIETOR'],
      roleSource: 'COMPLETING_PARTY',
      business: {
        jurisdiction: 'CA-BC',
        registrationNumber: 'FM0055205',
        businessNumber: '870000042',
        programAccountNumber: '870000042BC0001',
        legalName: 'COASTAL KAYAK TOURS',
        entityType: 'SOLE_PROPRIETORSHIP',
        entityTypeLabel: 'Sole Proprietorship',
        status: 'ACTIVE',
        registeredOn: '2021-03-15',
      },
    });
    // And it issues as a valid credential.
    const vc = createVocabCredential('BusinessRepresentativeCredential', subject, { issuer: 'did:web:bcregistries.pilot.example' });
    expect(validateCredentialAgainstSchema(vc).valid).toBe(true);
  });

  it('accepts the governance-document spelling (no prefix, title-case status), a dateint integer and blank BN', () => {
    const { subject } = mapDigitalBusinessCard({
      ...dbc(),
      business_type: 'General Partnership',
      company_status: 'Historical',
      registered_on_dateint: 20190102,
      cra_business_number: '',
      role: 'partner',
    });
    expect(subject.business).toMatchObject({ entityType: 'GENERAL_PARTNERSHIP', entityTypeLabel: 'General Partnership', status: 'HISTORICAL', registeredOn: '2019-01-02' });
    expect(subject.business.businessNumber).toBeUndefined();
    expect(subject.roles).toEqual(['PARTNER']);
  });

  it('splits comma-separated roles as the code emits them ("Director, Incorporator")', () => {
    const { subject } = mapDigitalBusinessCard({ ...dbc(), role: 'Director, Incorporator', business_type: 'BC Benefit Company', identifier: 'BC1234567' });
    expect(subject.roles).toEqual(['DIRECTOR', 'INCORPORATOR']);
    expect(subject.business.entityType).toBe('BENEFIT_COMPANY');
    expect(parseRoles('DIRECTOR,director , Partner')).toEqual(['DIRECTOR', 'PARTNER']);
  });

  it('maps a blank role to no roles (the policy decides)', () => {
    expect(mapDigitalBusinessCard({ ...dbc(), role: '' }).subject.roles).toEqual([]);
  });

  it('maps a blank given_names to a mononym', () => {
    const { subject } = mapDigitalBusinessCard({ ...dbc(), given_names: '', family_name: 'KALANI' });
    expect(subject.givenName).toBeUndefined();
    expect(subject.familyName).toBe('Kalani');
  });

  it('writes accented, hyphenated and apostrophe names in display case', () => {
    const a = mapDigitalBusinessCard({ ...dbc(), given_names: 'ÉLOÏSE', family_name: 'TREMBLAY-CÔTÉ' }).subject;
    expect([a.givenName, a.familyName]).toEqual(['Éloïse', 'Tremblay-Côté']);
    const b = mapDigitalBusinessCard({ ...dbc(), given_names: 'SEAN  PATRICK', family_name: "O'BRIEN" }).subject;
    expect([b.givenName, b.familyName]).toEqual(['Sean Patrick', "O'Brien"]);
    // BCSC drops accents for non-photo cards: the mapping keeps what it is given.
    expect(mapDigitalBusinessCard({ ...dbc(), given_names: 'ELOISE', family_name: 'TREMBLAY-COTE' }).subject.familyName).toBe('Tremblay-Cote');
  });

  it('keeps upper-case names with nameCase: "source"', () => {
    expect(mapDigitalBusinessCard(dbc(), { nameCase: 'source' }).subject.familyName).toBe('SINGH');
  });

  it('reads Aries revealed-attribute objects ({ raw, encoded })', () => {
    const attrs = Object.fromEntries(Object.entries(dbc()).map(([k, v]) => [k, { raw: v, encoded: '0' }]));
    expect(mapDigitalBusinessCard(attrs).subject.business.registrationNumber).toBe('FM0055205');
  });

  it('pads an integer credential_id to 8 digits', () => {
    expect(mapDigitalBusinessCard({ ...dbc(), credential_id: 42 }).subject.relationshipId).toBe('00000042');
  });

  it('accepts a 10-character identifier too (the governance document says 10, its example has 9)', () => {
    expect(mapDigitalBusinessCard({ ...dbc(), identifier: 'FM00552051' }).subject.business.registrationNumber).toBe('FM00552051');
  });

  const failures: Array<[string, Record<string, unknown>, string, string]> = [
    ['unknown attribute', { ...dbc(), busines_name: 'X' }, 'ERR_VOCAB_LEGACY_UNKNOWN_ATTRIBUTE', 'busines_name'],
    ['missing attribute', (({ company_status: _, ...rest }) => rest)(dbc()), 'ERR_VOCAB_LEGACY_MISSING_ATTRIBUTE', 'company_status'],
    ['blank family name', { ...dbc(), family_name: '  ' }, 'ERR_VOCAB_LEGACY_MISSING_ATTRIBUTE', 'family_name'],
    ['unknown role', { ...dbc(), role: 'Proprietor, Janitor' }, 'ERR_VOCAB_LEGACY_INVALID_VALUE', 'role'],
    ['unknown business type', { ...dbc(), business_type: 'BC Society' }, 'ERR_VOCAB_LEGACY_INVALID_VALUE', 'business_type'],
    ['unknown status', { ...dbc(), company_status: 'LIQUIDATION' }, 'ERR_VOCAB_LEGACY_INVALID_VALUE', 'company_status'],
    ['impossible dateint', { ...dbc(), registered_on_dateint: '20230230' }, 'ERR_VOCAB_LEGACY_INVALID_VALUE', 'registered_on_dateint'],
    ['dateint with dashes', { ...dbc(), registered_on_dateint: '2023-02-03' }, 'ERR_VOCAB_LEGACY_INVALID_VALUE', 'registered_on_dateint'],
    ['bad BN', { ...dbc(), cra_business_number: '12345' }, 'ERR_VOCAB_LEGACY_INVALID_VALUE', 'cra_business_number'],
    ['bad identifier', { ...dbc(), identifier: 'FM-0055205!' }, 'ERR_VOCAB_LEGACY_INVALID_VALUE', 'identifier'],
    ['non-string value', { ...dbc(), business_name: { nested: true } }, 'ERR_VOCAB_LEGACY_INVALID_VALUE', 'business_name'],
  ];
  for (const [name, attrs, code, attribute] of failures) {
    it(`rejects ${name} with ${code}`, () => {
      expect(() => mapDigitalBusinessCard(attrs as never)).toThrow(expect.objectContaining({ code, details: expect.objectContaining({ attribute }) }));
    });
  }

  it('ignores unknown attributes when asked', () => {
    expect(mapDigitalBusinessCard({ ...dbc(), extra: 'x' }, { ignoreUnknown: true }).subject.relationshipId).toBe('00000042');
  });

  it('never puts the value in the error', () => {
    try {
      mapDigitalBusinessCard({ ...dbc(), registered_on_dateint: '19991399' });
      expect.unreachable();
    } catch (e) {
      expect(JSON.stringify((e as { toJSON(): unknown }).toJSON())).not.toContain('19991399');
    }
  });

  it('knows the ten attributes of the schema', () => {
    expect(DIGITAL_BUSINESS_CARD_ATTRIBUTES).toHaveLength(10);
  });
});

describe('BC Person → PersonIdentityCredential', () => {
  it('maps names, birth date, and a self-asserted address at level 3', () => {
    const result = mapBcPersonCredential(person(), { holderId: 'did:key:z6MkExample' });
    expect(result.type).toBe('PersonIdentityCredential');
    expect(result.subject).toEqual({
      id: 'did:key:z6MkExample',
      givenName: 'Maya Preet',
      familyName: 'Singh',
      birthDate: '1988-07-14',
      address: {
        type: 'PostalAddress',
        streetAddress: '415 MENZIES ST\nUNIT 2',
        addressLocality: 'VICTORIA',
        addressRegion: 'BC',
        postalCode: 'V8V 3P6',
        addressCountry: 'CA',
        selfAssertedProperties: ['streetAddress', 'addressLocality', 'addressRegion', 'postalCode', 'addressCountry'],
      },
      assuranceLevel: 3,
    });
    expect(result.validUntil).toBeUndefined();
  });

  it('omits a blank address, keeps a picture, honours includePortrait and the assurance option', () => {
    const minimal = { given_names: 'ÉLOÏSE', family_name: 'TREMBLAY-CÔTÉ', birthdate_dateint: 19850412, picture: 'data:image/jpeg;base64,/9j/4AAQSkZJRg==' };
    const a = mapBcPersonCredential(minimal, { assuranceLevel: 2 }).subject;
    expect(a).toEqual({ givenName: 'Éloïse', familyName: 'Tremblay-Côté', birthDate: '1985-04-12', assuranceLevel: 2, portrait: minimal.picture });
    expect(mapBcPersonCredential(minimal, { includePortrait: false }).subject.portrait).toBeUndefined();
  });

  it('returns an expiry date as validUntil', () => {
    expect(mapBcPersonCredential({ ...person(), expiry_date_dateint: '20300131' }).validUntil).toBe('2030-01-31T23:59:59Z');
  });

  it('handles a mononym and an O\'Brien', () => {
    expect(mapBcPersonCredential({ ...person(), given_names: '', family_name: 'KALANI' }).subject).not.toHaveProperty('givenName');
    expect(mapBcPersonCredential({ ...person(), family_name: "O'BRIEN" }).subject.familyName).toBe("O'Brien");
  });

  it('rejects missing, unknown and malformed attributes with codes', () => {
    const { birthdate_dateint: _, ...noBirth } = person();
    expect(() => mapBcPersonCredential(noBirth)).toThrow(expect.objectContaining({ code: 'ERR_VOCAB_LEGACY_MISSING_ATTRIBUTE' }));
    expect(() => mapBcPersonCredential({ ...person(), sin: '123' })).toThrow(expect.objectContaining({ code: 'ERR_VOCAB_LEGACY_UNKNOWN_ATTRIBUTE' }));
    expect(() => mapBcPersonCredential({ ...person(), picture: 'https://x/y.jpg' })).toThrow(
      expect.objectContaining({ code: 'ERR_VOCAB_LEGACY_INVALID_VALUE', details: expect.objectContaining({ attribute: 'picture' }) }),
    );
    expect(() => mapBcPersonCredential({ ...person(), country: 'Kanada' })).toThrow(expect.objectContaining({ code: 'ERR_VOCAB_LEGACY_INVALID_VALUE' }));
  });

  it('knows the attributes of the schema', () => {
    expect(BC_PERSON_ATTRIBUTES).toContain('birthdate_dateint');
  });
});

describe('OrgBook registration → BusinessRegistrationCredential', () => {
  it('maps a BC company with its business number', () => {
    const { type, subject } = mapOrgBookRegistration(orgbook(), {
      businessNumber: { registration_id: 'BC0871227', business_number: '870000999', effective_date: '2010-02-01T08:00:00+00:00', expiry_date: '', reason_description: '' },
    });
    expect(type).toBe('BusinessRegistrationCredential');
    expect(subject).toEqual({
      legalName: 'NORTHERN LIGHTS CONSULTING LTD.',
      jurisdiction: 'CA-BC',
      registrationNumber: 'BC0871227',
      businessNumber: '870000999',
      entityType: 'CORPORATION',
      entityTypeLabel: 'BC Limited Company',
      status: 'ACTIVE',
      statusEffective: '2010-01-29',
      registeredOn: '2010-01-29',
    });
  });

  it('maps a historical sole proprietorship and an extraprovincial company with an assumed name', () => {
    expect(mapOrgBookRegistration({ ...orgbook(), registration_id: 'FM0055205', entity_type: 'SP', entity_status: 'HIS' }).subject).toMatchObject({
      entityType: 'SOLE_PROPRIETORSHIP',
      status: 'HISTORICAL',
    });
    const xp = mapOrgBookRegistration({ ...orgbook(), registration_id: 'A0098765', entity_type: 'A', home_jurisdiction: 'AB', entity_name: 'PRAIRIE ROBOTICS LTD.', entity_name_assumed: 'PR ROBOTICS (BC) LTD.' }).subject;
    expect(xp).toMatchObject({ entityType: 'EXTRAPROVINCIAL_REGISTRATION', homeJurisdiction: 'CA-AB', alternateNames: ['PR ROBOTICS (BC) LTD.'] });
  });

  it('accepts only the required attributes', () => {
    const { subject } = mapOrgBookRegistration({ registration_id: 'FM0055205', registration_date: '2021-03-15', entity_name: 'COASTAL KAYAK TOURS', entity_status: 'ACTIVE', entity_type: 'SP' });
    expect(subject.registeredOn).toBe('2021-03-15');
  });

  it('rejects with codes', () => {
    expect(() => mapOrgBookRegistration({ ...orgbook(), entity_type: 'ZZ' })).toThrow(expect.objectContaining({ code: 'ERR_VOCAB_LEGACY_INVALID_VALUE' }));
    expect(() => mapOrgBookRegistration({ ...orgbook(), entity_status: 'LIQ' })).toThrow(expect.objectContaining({ code: 'ERR_VOCAB_LEGACY_INVALID_VALUE' }));
    expect(() => mapOrgBookRegistration({ ...orgbook(), registration_date: 'yesterday' })).toThrow(expect.objectContaining({ code: 'ERR_VOCAB_LEGACY_INVALID_VALUE' }));
    expect(() => mapOrgBookRegistration({ ...orgbook(), home_jurisdiction: 'ZZ' })).toThrow(expect.objectContaining({ code: 'ERR_VOCAB_LEGACY_INVALID_VALUE' }));
    expect(() => mapOrgBookRegistration({ ...orgbook(), relationship: 'Owns' })).toThrow(expect.objectContaining({ code: 'ERR_VOCAB_LEGACY_UNKNOWN_ATTRIBUTE' }));
    const { entity_name: _, ...noName } = orgbook();
    expect(() => mapOrgBookRegistration(noName)).toThrow(expect.objectContaining({ code: 'ERR_VOCAB_LEGACY_MISSING_ATTRIBUTE' }));
    expect(() => mapOrgBookRegistration(orgbook(), { businessNumber: { registration_id: 'BC0000001', business_number: '870000999' } })).toThrow(
      expect.objectContaining({ code: 'ERR_VOCAB_LEGACY_MISMATCH' }),
    );
  });
});

describe('helpers', () => {
  it('displayCaseName', () => {
    expect(displayCaseName('ÉLOÏSE')).toBe('Éloïse');
    expect(displayCaseName('TREMBLAY-CÔTÉ')).toBe('Tremblay-Côté');
    expect(displayCaseName("O'BRIEN")).toBe("O'Brien");
    expect(displayCaseName('ST. JOHN')).toBe('St. John');
    expect(displayCaseName('McDonald')).toBe('McDonald');
  });

  it('dateintToIso', () => {
    expect(dateintToIso('20240229', 'x')).toBe('2024-02-29');
    expect(() => dateintToIso('20230229', 'x')).toThrow(expect.objectContaining({ code: 'ERR_VOCAB_LEGACY_INVALID_VALUE' }));
  });

  it('parseBcBusinessType drops the BC prefix in any case', () => {
    expect(parseBcBusinessType('bc  sole proprietorship')).toEqual({ entityType: 'SOLE_PROPRIETORSHIP', entityTypeLabel: 'sole proprietorship' });
  });
});
