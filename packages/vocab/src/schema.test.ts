import { describe, expect, it } from 'vitest';
import {
  VOCAB_CREDENTIAL_TYPES,
  credentialSchemaEntry,
  createVocabCredential,
  samples,
  schemaFor,
  schemaForUrl,
  schemaUrl,
  validateCredentialAgainstSchema,
  validateCredentialSubject,
  type VocabCredential,
} from './index.js';
import { isTrustBridgeError } from '@trustbridge/core';

const clone = <T>(v: T): T => structuredClone(v) as T;
type Mutable = Record<string, any>;

describe('samples', () => {
  for (const [name, credential] of Object.entries(samples)) {
    it(`${name} validates against its schema`, () => {
      const result = validateCredentialAgainstSchema(credential);
      expect(result.problems).toEqual([]);
      expect(result.valid).toBe(true);
      expect(result.types).toHaveLength(1);
      expect(credential.credentialSchema).toEqual(credentialSchemaEntry(result.types[0]!));
    });
  }

  it('covers every type', () => {
    const types = new Set(Object.values(samples).flatMap((c) => validateCredentialAgainstSchema(c).types));
    expect([...types].sort()).toEqual([...VOCAB_CREDENTIAL_TYPES].sort());
  });
});

describe('schemas', () => {
  it('are JSON Schema 2020-12 documents whose $id is the credentialSchema URL', () => {
    for (const type of VOCAB_CREDENTIAL_TYPES) {
      const schema = schemaFor(type);
      expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema['$id']).toBe(schemaUrl(type));
      expect(schemaForUrl(schemaUrl(type))).toBe(schema);
    }
    expect(schemaForUrl('https://trustbridge.ca/schemas/unknown/v1')).toBeUndefined();
  });
});

// Each case: a mutation of a sample, and the JSON Pointer the problem must name.
const rejections: Array<[string, VocabCredential, (c: Mutable) => void, string]> = [
  ['registration: status outside the enum', samples.bcSoleProprietorRegistration, (c) => (c.credentialSubject.status = 'Active'), '/credentialSubject/status'],
  ['registration: BN9 of 8 digits', samples.bcSoleProprietorRegistration, (c) => (c.credentialSubject.businessNumber = '87000004'), '/credentialSubject/businessNumber'],
  ['registration: BN15 malformed', samples.bcSoleProprietorRegistration, (c) => (c.credentialSubject.programAccountNumber = '870000042-BC-0001'), '/credentialSubject/programAccountNumber'],
  ['registration: jurisdiction not ISO 3166-2', samples.bcSoleProprietorRegistration, (c) => (c.credentialSubject.jurisdiction = 'BC'), '/credentialSubject/jurisdiction'],
  ['registration: registeredOn a dateint', samples.bcSoleProprietorRegistration, (c) => (c.credentialSubject.registeredOn = '20210315'), '/credentialSubject/registeredOn'],
  ['registration: impossible date', samples.bcSoleProprietorRegistration, (c) => (c.credentialSubject.registeredOn = '2021-02-30'), '/credentialSubject/registeredOn'],
  ['registration: missing legalName', samples.federalCorporationRegistration, (c) => delete c.credentialSubject.legalName, '/credentialSubject/legalName'],
  ['registration: blank legalName', samples.federalCorporationRegistration, (c) => (c.credentialSubject.legalName = '   '), '/credentialSubject/legalName'],
  ['registration: director without family name', samples.federalCorporationRegistration, (c) => delete c.credentialSubject.directors[1].familyName, '/credentialSubject/directors/1/familyName'],
  ['registration: office address with unknown member', samples.federalCorporationRegistration, (c) => (c.credentialSubject.registeredOfficeAddress.unit = '9'), '/credentialSubject/registeredOfficeAddress/unit'],
  ['registration: undefined claim', samples.albertaCorporationRegistration, (c) => (c.credentialSubject.shareholders = []), '/credentialSubject/shareholders'],
  ['representative: role outside the enum', samples.bcSoleProprietorRepresentative, (c) => (c.credentialSubject.roles = ['Proprietor']), '/credentialSubject/roles/0'],
  ['representative: duplicate roles', samples.albertaDirectorRepresentative, (c) => (c.credentialSubject.roles = ['DIRECTOR', 'DIRECTOR']), '/credentialSubject/roles'],
  ['representative: business status missing', samples.bcSoleProprietorRepresentative, (c) => delete c.credentialSubject.business.status, '/credentialSubject/business/status'],
  ['representative: registration number lower case', samples.bcSoleProprietorRepresentative, (c) => (c.credentialSubject.business.registrationNumber = 'fm0055205'), '/credentialSubject/business/registrationNumber'],
  ['representative: relationshipId missing', samples.bcSoleProprietorRepresentative, (c) => delete c.credentialSubject.relationshipId, '/credentialSubject/relationshipId'],
  ['person: assurance level 5', samples.bcPersonIdentity, (c) => (c.credentialSubject.assuranceLevel = 5), '/credentialSubject/assuranceLevel'],
  ['person: assurance level as a string', samples.bcPersonIdentity, (c) => (c.credentialSubject.assuranceLevel = '3'), '/credentialSubject/assuranceLevel'],
  ['person: unknown self-asserted part', samples.bcPersonIdentity, (c) => (c.credentialSubject.address.selfAssertedProperties = ['unit']), '/credentialSubject/address/selfAssertedProperties/0'],
  ['person: portrait not a data URL', samples.bcPersonIdentity, (c) => (c.credentialSubject.portrait = 'https://example.com/me.jpg'), '/credentialSubject/portrait'],
  ['person: subject id not a URL', samples.bcPersonIdentity, (c) => (c.credentialSubject.id = 'maya'), '/credentialSubject/id'],
  ['address: purpose outside the enum', samples.montrealProofOfAddress, (c) => (c.credentialSubject.addressPurpose = 'HOME'), '/credentialSubject/addressPurpose'],
  ['address: country not ISO 3166-1', samples.montrealProofOfAddress, (c) => (c.credentialSubject.address.addressCountry = 'Canada'), '/credentialSubject/address/addressCountry'],
  ['credential: vocabulary context missing', samples.montrealProofOfAddress, (c) => (c['@context'] = ['https://www.w3.org/ns/credentials/v2']), '/@context'],
  ['credential: validFrom not a date-time', samples.montrealProofOfAddress, (c) => (c.validFrom = '2025-03-01'), '/validFrom'],
  ['credential: subject an array', samples.montrealProofOfAddress, (c) => (c.credentialSubject = [c.credentialSubject]), '/credentialSubject'],
];

describe('rejections name the JSON Pointer of the offending value', () => {
  for (const [name, sample, mutate, path] of rejections) {
    it(name, () => {
      const c = clone(sample) as Mutable;
      mutate(c);
      const result = validateCredentialAgainstSchema(c);
      expect(result.valid).toBe(false);
      expect(result.problems.every((p) => p.code === 'ERR_VOCAB_SCHEMA')).toBe(true);
      expect(result.problems.map((p) => p.path)).toContain(path);
    });
  }

  it('reports every problem at once (allErrors)', () => {
    const c = clone(samples.bcSoleProprietorRepresentative) as Mutable;
    c.credentialSubject.business.status = 'GONE';
    delete c.credentialSubject.familyName;
    c.credentialSubject.nickname = 'M';
    const paths = validateCredentialAgainstSchema(c).problems.map((p) => p.path).sort();
    expect(paths).toEqual(['/credentialSubject/business/status', '/credentialSubject/familyName', '/credentialSubject/nickname']);
  });

  it('never echoes the offending value in messages', () => {
    const c = clone(samples.bcPersonIdentity) as Mutable;
    c.credentialSubject.birthDate = 'SECRET-1988';
    const result = validateCredentialAgainstSchema(c);
    expect(result.problems[0]!.path).toBe('/credentialSubject/birthDate');
    expect(result.problems[0]!.message).not.toContain('SECRET');
  });

  it('escapes member names in pointers (RFC 6901)', () => {
    const c = clone(samples.bcPersonIdentity) as Mutable;
    c.credentialSubject['a/b~c'] = 1;
    expect(validateCredentialAgainstSchema(c).problems.map((p) => p.path)).toEqual(['/credentialSubject/a~1b~0c']);
  });

  it('a credential of none of the types gives ERR_VOCAB_TYPE_UNKNOWN at /type', () => {
    const c = clone(samples.bcPersonIdentity) as Mutable;
    c.type = ['VerifiableCredential', 'DriverLicence'];
    const result = validateCredentialAgainstSchema(c);
    expect(result.problems).toEqual([expect.objectContaining({ code: 'ERR_VOCAB_TYPE_UNKNOWN', path: '/type' })]);
  });

  it('a non-object gives ERR_VOCAB_SCHEMA at the root', () => {
    expect(validateCredentialAgainstSchema('x').problems).toEqual([expect.objectContaining({ code: 'ERR_VOCAB_SCHEMA', path: '' })]);
  });
});

describe('validateCredentialSubject', () => {
  it('accepts each sample subject and names subject-relative paths', () => {
    expect(validateCredentialSubject('BusinessRepresentativeCredential', samples.bcSoleProprietorRepresentative.credentialSubject).valid).toBe(true);
    const result = validateCredentialSubject('PersonIdentityCredential', { familyName: 'SINGH', assuranceLevel: 3 });
    expect(result.problems).toEqual([expect.objectContaining({ code: 'ERR_VOCAB_SCHEMA', path: '/birthDate' })]);
  });

  it('allowUndisclosed tolerates missing selectively disclosable claims, not sd: never ones', () => {
    const subject = clone(samples.bcPersonIdentity.credentialSubject) as Mutable;
    delete subject.birthDate; // sd: always
    expect(validateCredentialSubject('PersonIdentityCredential', subject, { allowUndisclosed: true }).valid).toBe(true);
    expect(validateCredentialSubject('PersonIdentityCredential', subject).valid).toBe(false);
    delete subject.assuranceLevel; // sd: never
    const result = validateCredentialSubject('PersonIdentityCredential', subject, { allowUndisclosed: true });
    expect(result.problems.map((p) => p.path)).toEqual(['/assuranceLevel']);
  });

  it('allowUndisclosed works on whole credentials and nested objects', () => {
    const c = clone(samples.bcSoleProprietorRepresentative) as Mutable;
    delete c.credentialSubject.business.registeredOn; // sd: allowed
    expect(validateCredentialAgainstSchema(c, { allowUndisclosed: true }).valid).toBe(true);
    delete c.credentialSubject.business.status; // sd: never
    expect(validateCredentialAgainstSchema(c, { allowUndisclosed: true }).problems.map((p) => p.path)).toEqual(['/credentialSubject/business/status']);
  });
});

describe('createVocabCredential', () => {
  it('refuses an invalid subject with ERR_VOCAB_SCHEMA and the problems', () => {
    try {
      createVocabCredential('ProofOfAddressCredential', { name: 'X' } as never, { issuer: 'did:web:x.example' });
      expect.unreachable();
    } catch (e) {
      expect(isTrustBridgeError(e, 'ERR_VOCAB_SCHEMA')).toBe(true);
      const problems = (e as { details: { problems: Array<{ path: string }> } }).details.problems;
      expect(problems.map((p) => p.path).sort()).toEqual(['/credentialSubject/address', '/credentialSubject/addressPurpose']);
    }
  });

  it('refuses a type outside the vocabulary', () => {
    expect(() => createVocabCredential('Nope' as never, {} as never, { issuer: 'did:web:x.example' })).toThrow(
      expect.objectContaining({ code: 'ERR_VOCAB_TYPE_UNKNOWN' }),
    );
  });

  it('samples are frozen', () => {
    expect(Object.isFrozen(samples.bcPersonIdentity.credentialSubject)).toBe(true);
  });
});
