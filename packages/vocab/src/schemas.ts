/**
 * JSON Schemas (draft 2020-12) of the four credential types, as data. Each validates a whole
 * credential (VC JSON Schema 1.0 §2.1: the schema applies to the credential, not only its subject),
 * with the subject under `$defs/subject`. Subjects are closed (`additionalProperties: false`): a claim
 * the vocabulary does not define would also be an undefined JSON-LD term, and data minimisation
 * argues against carrying it anyway.
 *
 * Top-level credential members other than those listed (`proof`, `credentialStatus`, `evidence`…) are
 * allowed: the VC data model checks of `@trustbridge/vc` own them.
 */
import { VC_V2_CONTEXT } from '@trustbridge/core';
import {
  ADDRESS_PROPERTIES,
  ADDRESS_PURPOSES,
  ASSURANCE_LEVELS,
  BUSINESS_STATUSES,
  ENTITY_TYPES,
  JURISDICTIONS,
  REPRESENTATIVE_ROLES,
  ROLE_SOURCES,
  VOCAB_CONTEXT_URL,
  VOCAB_CREDENTIAL_TYPES,
  schemaUrl,
  type VocabCredentialType,
} from './constants.js';
import { deepFreeze } from './util.js';

/** A JSON Schema document (plain data). */
export type JsonSchemaDocument = Record<string, unknown>;

const text = (maxLength: number, description?: string) => ({
  type: 'string',
  minLength: 1,
  maxLength,
  pattern: '\\S',
  ...(description ? { description } : {}),
});
const isoDate = (description: string) => ({ type: 'string', format: 'date', description });
const enumOf = (values: readonly (string | number)[], description: string) => ({ enum: [...values], description });
const did = { type: 'string', format: 'uri', maxLength: 2048, description: 'A DID or other URL identifying the subject.' };

const postalAddress = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    type: { const: 'PostalAddress' },
    streetAddress: text(200, 'Street lines; two lines are separated by a line feed.'),
    addressLocality: text(100, 'City, town or municipality.'),
    addressRegion: { type: 'string', pattern: '^[A-Z0-9]{1,3}$', description: 'Province, territory or state code (ISO 3166-2 suffix), e.g. BC.' },
    postalCode: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$', description: 'Postal code, e.g. V8V 3P6.' },
    addressCountry: { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 country code, e.g. CA.' },
    selfAssertedProperties: {
      type: 'array',
      uniqueItems: true,
      items: enumOf(ADDRESS_PROPERTIES, 'An address part.'),
      description: 'The parts of this address that the holder declared and the issuer did not verify.',
    },
  },
};

const common = {
  jurisdiction: enumOf(JURISDICTIONS, 'Jurisdiction of the registry (ISO 3166-2; CA for federal).'),
  registrationNumber: {
    type: 'string',
    pattern: '^[A-Z0-9][A-Z0-9-]{0,19}$',
    description: 'The registry number of the business (BC registration or incorporation number, federal corporation number, Alberta corporate access number).',
  },
  businessNumber: { type: 'string', pattern: '^[0-9]{9}$', description: 'CRA business number (BN9).' },
  programAccountNumber: { type: 'string', pattern: '^[0-9]{9}[A-Z]{2}[0-9]{4}$', description: 'CRA program account number (BN15).' },
  legalName: text(300, 'The name as registered.'),
  entityType: enumOf(ENTITY_TYPES, 'Normalised entity type.'),
  entityTypeLabel: text(100, "The registry's own wording of the entity type."),
  status: enumOf(BUSINESS_STATUSES, 'Business status when the credential was issued.'),
  registeredOn: isoDate('Date of registration or incorporation.'),
  givenName: text(100, 'All given names, space separated; absent for a mononym.'),
  familyName: text(100, 'Family name (or the single name of a mononym).'),
};

const directorName = {
  type: 'object',
  additionalProperties: false,
  required: ['familyName'],
  properties: { givenName: common.givenName, familyName: common.familyName },
};

const subjects: Record<VocabCredentialType, JsonSchemaDocument> = {
  BusinessRegistrationCredential: {
    type: 'object',
    additionalProperties: false,
    required: ['legalName', 'jurisdiction', 'registrationNumber', 'entityType', 'status', 'registeredOn'],
    properties: {
      id: did,
      legalName: common.legalName,
      legalNameEn: text(300, 'The English form of the name.'),
      legalNameFr: text(300, 'The French form of the name.'),
      alternateNames: { type: 'array', maxItems: 20, uniqueItems: true, items: text(300) },
      jurisdiction: common.jurisdiction,
      registrationNumber: common.registrationNumber,
      businessNumber: common.businessNumber,
      programAccountNumber: common.programAccountNumber,
      entityType: common.entityType,
      entityTypeLabel: common.entityTypeLabel,
      governingLegislation: text(200, 'The statute the organization is incorporated or registered under.'),
      status: common.status,
      statusEffective: isoDate('Date the status took effect.'),
      registeredOn: common.registeredOn,
      homeJurisdiction: { type: 'string', pattern: '^[A-Z]{2}(-[A-Z0-9]{1,3})?$', description: 'Home jurisdiction of an extraprovincial registration.' },
      registeredOfficeAddress: { $ref: '#/$defs/postalAddress' },
      directors: { type: 'array', maxItems: 100, items: { $ref: '#/$defs/directorName' } },
    },
  },
  BusinessRepresentativeCredential: {
    type: 'object',
    additionalProperties: false,
    required: ['relationshipId', 'familyName', 'roles', 'business'],
    properties: {
      id: did,
      relationshipId: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,64}$', description: 'Stable identifier of the person-business relationship.' },
      givenName: common.givenName,
      familyName: common.familyName,
      roles: { type: 'array', maxItems: 10, uniqueItems: true, items: enumOf(REPRESENTATIVE_ROLES, 'A role in the business.') },
      roleSource: enumOf(ROLE_SOURCES, 'Where the issuer learned the role.'),
      business: {
        type: 'object',
        additionalProperties: false,
        required: ['jurisdiction', 'registrationNumber', 'legalName', 'entityType', 'status', 'registeredOn'],
        properties: {
          jurisdiction: common.jurisdiction,
          registrationNumber: common.registrationNumber,
          businessNumber: common.businessNumber,
          programAccountNumber: common.programAccountNumber,
          legalName: common.legalName,
          entityType: common.entityType,
          entityTypeLabel: common.entityTypeLabel,
          status: common.status,
          registeredOn: common.registeredOn,
        },
      },
    },
  },
  PersonIdentityCredential: {
    type: 'object',
    additionalProperties: false,
    required: ['familyName', 'birthDate', 'assuranceLevel'],
    properties: {
      id: did,
      givenName: common.givenName,
      familyName: common.familyName,
      birthDate: isoDate('Date of birth.'),
      address: { $ref: '#/$defs/postalAddress' },
      assuranceLevel: enumOf(ASSURANCE_LEVELS, 'PCTF level of assurance (1-4) of the identity verification.'),
      portrait: {
        type: 'string',
        maxLength: 400000,
        pattern: '^data:image/(jpeg|png);base64,[A-Za-z0-9+/]+={0,2}$',
        description: 'Photo as a base64 data URL (JPEG or PNG).',
      },
    },
  },
  ProofOfAddressCredential: {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'address', 'addressPurpose'],
    properties: {
      id: did,
      name: text(300, 'The person or organization at the address.'),
      address: { $ref: '#/$defs/postalAddress' },
      addressPurpose: enumOf(ADDRESS_PURPOSES, 'What the address is used for.'),
      addressVerifiedOn: isoDate('Date the issuer verified the address.'),
    },
  },
};

const TITLES: Record<VocabCredentialType, string> = {
  BusinessRegistrationCredential: 'Business registration credential',
  BusinessRepresentativeCredential: 'Business representative credential',
  PersonIdentityCredential: 'Person identity credential',
  ProofOfAddressCredential: 'Proof of address credential',
};

function credentialSchema(type: VocabCredentialType): JsonSchemaDocument {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: schemaUrl(type),
    title: TITLES[type],
    description: `A W3C Verifiable Credential (Data Model 2.0) of type ${type}, TrustBridge Canadian business vocabulary v1.`,
    type: 'object',
    required: ['@context', 'type', 'issuer', 'credentialSubject'],
    properties: {
      '@context': {
        type: 'array',
        allOf: [{ contains: { const: VC_V2_CONTEXT } }, { contains: { const: VOCAB_CONTEXT_URL } }],
      },
      type: {
        type: 'array',
        allOf: [{ contains: { const: 'VerifiableCredential' } }, { contains: { const: type } }],
      },
      issuer: {
        anyOf: [
          { type: 'string', format: 'uri' },
          { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uri' } } },
        ],
      },
      validFrom: { type: 'string', format: 'date-time' },
      validUntil: { type: 'string', format: 'date-time' },
      credentialSubject: { $ref: '#/$defs/subject' },
    },
    $defs: {
      subject: subjects[type],
      postalAddress,
      directorName,
    },
  };
}

/** The JSON Schema of each type, keyed by type name. Deeply frozen. */
export const vocabSchemas: Readonly<Record<VocabCredentialType, JsonSchemaDocument>> = Object.freeze(
  Object.fromEntries(VOCAB_CREDENTIAL_TYPES.map((t) => [t, deepFreeze(credentialSchema(t))])) as Record<VocabCredentialType, JsonSchemaDocument>,
);

/** The JSON Schema of a type. */
export function schemaFor(type: VocabCredentialType): JsonSchemaDocument {
  return vocabSchemas[type];
}

/** The JSON Schema whose `$id` is `url`, or `undefined` (for resolving a `credentialSchema.id`). */
export function schemaForUrl(url: string): JsonSchemaDocument | undefined {
  const type = VOCAB_CREDENTIAL_TYPES.find((t) => schemaUrl(t) === url);
  return type === undefined ? undefined : vocabSchemas[type];
}

/**
 * The `credentialSchema` entry for a type (VC Data Model 2.0 §4.11; VC JSON Schema 1.0 §2.1).
 *
 * @example
 * ```ts
 * credentialSchemaEntry('PersonIdentityCredential');
 * // { id: 'https://trustbridge.ca/schemas/person-identity/v1', type: 'JsonSchema' }
 * ```
 */
export function credentialSchemaEntry(type: VocabCredentialType): { id: string; type: 'JsonSchema' } {
  return { id: schemaUrl(type), type: 'JsonSchema' };
}


