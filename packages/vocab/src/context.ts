/**
 * The JSON-LD context of the vocabulary (JSON-LD 1.1), one for all four credential types.
 *
 * - `@protected`: no later context can redefine these terms (VC Data Model 2.0 §4.3 recommends it).
 * - Every term a credential of these types uses is defined, so JSON-LD safe mode (undefined terms are
 *   errors; VC Data Integrity 1.0 §4.x) accepts them. Terms already defined by the VC 2.0 context
 *   (`id`, `type`, `name`, `description`) are not repeated: that context protects them.
 * - schema.org IRIs where schema.org has the concept (names, addresses, birth date); TrustBridge IRIs
 *   under {@link VOCAB_NAMESPACE} otherwise. `legalNameEn` / `legalNameFr` are `schema:legalName`
 *   with a language tag, so the RDF says exactly "the legal name, in French".
 *
 * `@trustbridge/jsonld` cannot import this package (layering); pass {@link vocabContexts} to its
 * `createDocumentLoader({ extraContexts })`.
 */
import { VOCAB_CONTEXT_URL, VOCAB_NAMESPACE } from './constants.js';
import { deepFreeze } from './util.js';

const S = 'https://schema.org/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const tb = (local: string): string => VOCAB_NAMESPACE + local;
const date = (id: string) => ({ '@id': id, '@type': `${XSD}date` });

/** The context document served at {@link VOCAB_CONTEXT_URL}. Deeply frozen: treat it as read-only. */
export const vocabContext: Readonly<{ '@context': Record<string, unknown> }> = deepFreeze({
  '@context': {
    '@version': 1.1,
    '@protected': true,
    // Credential types.
    BusinessRegistrationCredential: tb('BusinessRegistrationCredential'),
    BusinessRepresentativeCredential: tb('BusinessRepresentativeCredential'),
    PersonIdentityCredential: tb('PersonIdentityCredential'),
    ProofOfAddressCredential: tb('ProofOfAddressCredential'),
    PostalAddress: `${S}PostalAddress`,
    // Organization.
    legalName: { '@id': `${S}legalName` },
    legalNameEn: { '@id': `${S}legalName`, '@language': 'en' },
    legalNameFr: { '@id': `${S}legalName`, '@language': 'fr' },
    alternateNames: { '@id': `${S}alternateName`, '@container': '@set' },
    jurisdiction: { '@id': tb('jurisdiction') },
    registrationNumber: { '@id': tb('registrationNumber') },
    businessNumber: { '@id': tb('businessNumber') },
    programAccountNumber: { '@id': tb('programAccountNumber') },
    entityType: { '@id': tb('entityType') },
    entityTypeLabel: { '@id': tb('entityTypeLabel') },
    governingLegislation: { '@id': tb('governingLegislation') },
    status: { '@id': tb('businessStatus') },
    statusEffective: date(tb('statusEffective')),
    registeredOn: date(tb('registeredOn')),
    homeJurisdiction: { '@id': tb('homeJurisdiction') },
    registeredOfficeAddress: { '@id': tb('registeredOfficeAddress') },
    directors: { '@id': tb('director'), '@container': '@set' },
    // Person.
    givenName: { '@id': `${S}givenName` },
    familyName: { '@id': `${S}familyName` },
    birthDate: date(`${S}birthDate`),
    assuranceLevel: { '@id': tb('identityAssuranceLevel'), '@type': `${XSD}integer` },
    portrait: { '@id': tb('portrait') },
    // Relationship.
    relationshipId: { '@id': tb('relationshipId') },
    roles: { '@id': tb('role'), '@container': '@set' },
    roleSource: { '@id': tb('roleSource') },
    business: { '@id': tb('business') },
    // Address.
    address: { '@id': `${S}address` },
    streetAddress: { '@id': `${S}streetAddress` },
    addressLocality: { '@id': `${S}addressLocality` },
    addressRegion: { '@id': `${S}addressRegion` },
    postalCode: { '@id': `${S}postalCode` },
    addressCountry: { '@id': `${S}addressCountry` },
    selfAssertedProperties: { '@id': tb('selfAssertedProperty'), '@container': '@set' },
    addressPurpose: { '@id': tb('addressPurpose') },
    addressVerifiedOn: date(tb('addressVerifiedOn')),
  },
});

/**
 * URL → context document, ready for `createDocumentLoader({ extraContexts: vocabContexts })` of
 * `@trustbridge/jsonld`.
 *
 * @example
 * ```ts
 * import { createDocumentLoader } from '@trustbridge/jsonld';
 * import { vocabContexts } from '@trustbridge/vocab';
 * const documentLoader = createDocumentLoader({ extraContexts: vocabContexts });
 * ```
 */
export const vocabContexts: Readonly<Record<string, unknown>> = Object.freeze({ [VOCAB_CONTEXT_URL]: vocabContext });

/** The terms {@link vocabContext} defines (keywords excluded). */
export function vocabContextTerms(): string[] {
  return Object.keys(vocabContext['@context']).filter((k) => !k.startsWith('@'));
}

