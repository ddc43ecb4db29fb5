/**
 * Sample credentials: realistic, entirely fictional (the storyline of research §7). Names, numbers
 * and DIDs are invented; the DIDs use the `.pilot.example` domains of the trust-registry seed.
 * Each sample validates against its schema (tested).
 */
import type {
  BusinessRegistrationCredential,
  BusinessRepresentativeCredential,
  PersonIdentityCredential,
  ProofOfAddressCredential,
} from './types.js';
import { createVocabCredential } from './credential.js';
import { deepFreeze } from './util.js';

/** Issuer DIDs of the samples. */
export const SAMPLE_ISSUERS = {
  bcRegistries: 'did:web:bcregistries.pilot.example',
  serviceBc: 'did:web:servicebc.pilot.example',
  albertaCorporateRegistry: 'did:web:corporate-registry.ab.pilot.example',
  corporationsCanada: 'did:web:corporations-canada.pilot.example',
  montreal: 'did:web:montreal.pilot.example',
} as const;

/** Holder DIDs of the samples (illustrative `did:web` holders; a wallet would use `did:key` / `did:jwk`). */
export const SAMPLE_HOLDERS = {
  maya: 'did:web:wallet.pilot.example:maya-singh',
  liam: 'did:web:wallet.pilot.example:liam-tremblay',
  eloise: 'did:web:wallet.pilot.example:eloise-tremblay-cote',
} as const;

const VALID_FROM = '2025-03-01T00:00:00Z';
const VALID_UNTIL = '2027-03-01T00:00:00Z';

/** The sample credentials. */
export interface VocabSamples {
  /** "Coastal Kayak Tours", a BC sole proprietorship (FM0055205), owned by Maya Singh. */
  bcSoleProprietorRegistration: BusinessRegistrationCredential;
  /** Maya Singh, proprietor of Coastal Kayak Tours (as a Digital Business Card would say). */
  bcSoleProprietorRepresentative: BusinessRepresentativeCredential;
  /** Maya Singh's identity at PCTF level 3, address self-asserted (as the BC Person credential). */
  bcPersonIdentity: PersonIdentityCredential;
  /** "Prairie Robotics Ltd.", an Alberta corporation with directors. */
  albertaCorporationRegistration: BusinessRegistrationCredential;
  /** Liam Tremblay, director of Prairie Robotics Ltd. */
  albertaDirectorRepresentative: BusinessRepresentativeCredential;
  /** "Northwind Analytics Inc." / "Analytique Northwind inc.", a CBCA corporation with EN/FR names. */
  federalCorporationRegistration: BusinessRegistrationCredential;
  /** Éloïse Tremblay-Côté, director of Northwind Analytics Inc. */
  federalDirectorRepresentative: BusinessRepresentativeCredential;
  /** A proof of a business address in Montréal. */
  montrealProofOfAddress: ProofOfAddressCredential;
}

function build(): VocabSamples {
  const bc = { issuer: SAMPLE_ISSUERS.bcRegistries, validFrom: VALID_FROM };
  return {
    bcSoleProprietorRegistration: createVocabCredential(
      'BusinessRegistrationCredential',
      {
        legalName: 'COASTAL KAYAK TOURS',
        jurisdiction: 'CA-BC',
        registrationNumber: 'FM0055205',
        businessNumber: '870000042',
        programAccountNumber: '870000042BC0001',
        entityType: 'SOLE_PROPRIETORSHIP',
        entityTypeLabel: 'Sole Proprietorship',
        governingLegislation: 'Partnership Act (British Columbia)',
        status: 'ACTIVE',
        registeredOn: '2021-03-15',
        registeredOfficeAddress: {
          type: 'PostalAddress',
          streetAddress: '1200 Wharf Street',
          addressLocality: 'Victoria',
          addressRegion: 'BC',
          postalCode: 'V8W 1T3',
          addressCountry: 'CA',
        },
      },
      { ...bc, id: 'urn:uuid:5c1f2a7e-0c3b-4a51-9d0e-1b2c3d4e5f60' },
    ),
    bcSoleProprietorRepresentative: createVocabCredential(
      'BusinessRepresentativeCredential',
      {
        id: SAMPLE_HOLDERS.maya,
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
      },
      { ...bc, id: 'urn:uuid:7a0b9e2d-4f6c-4e8a-b1d2-3c4d5e6f7a80' },
    ),
    bcPersonIdentity: createVocabCredential(
      'PersonIdentityCredential',
      {
        id: SAMPLE_HOLDERS.maya,
        givenName: 'Maya Preet',
        familyName: 'Singh',
        birthDate: '1988-07-14',
        address: {
          type: 'PostalAddress',
          streetAddress: '415 Menzies Street',
          addressLocality: 'Victoria',
          addressRegion: 'BC',
          postalCode: 'V8V 3P6',
          addressCountry: 'CA',
          selfAssertedProperties: ['streetAddress', 'addressLocality', 'addressRegion', 'postalCode', 'addressCountry'],
        },
        assuranceLevel: 3,
      },
      { issuer: SAMPLE_ISSUERS.serviceBc, validFrom: VALID_FROM, validUntil: VALID_UNTIL, id: 'urn:uuid:9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4' },
    ),
    albertaCorporationRegistration: createVocabCredential(
      'BusinessRegistrationCredential',
      {
        legalName: 'PRAIRIE ROBOTICS LTD.',
        jurisdiction: 'CA-AB',
        registrationNumber: '2023456789',
        businessNumber: '870000117',
        entityType: 'CORPORATION',
        entityTypeLabel: 'Named Alberta Corporation',
        governingLegislation: 'Business Corporations Act (Alberta)',
        status: 'ACTIVE',
        registeredOn: '2018-09-04',
        registeredOfficeAddress: {
          type: 'PostalAddress',
          streetAddress: '10155 102 Street NW, Suite 1400',
          addressLocality: 'Edmonton',
          addressRegion: 'AB',
          postalCode: 'T5J 4G8',
          addressCountry: 'CA',
        },
        directors: [
          { givenName: 'Liam', familyName: 'Tremblay' },
          { givenName: 'Aiyana', familyName: "O'Brien" },
        ],
      },
      { issuer: SAMPLE_ISSUERS.albertaCorporateRegistry, validFrom: VALID_FROM, id: 'urn:uuid:2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091' },
    ),
    albertaDirectorRepresentative: createVocabCredential(
      'BusinessRepresentativeCredential',
      {
        id: SAMPLE_HOLDERS.liam,
        relationshipId: 'AB-2023456789-0001',
        givenName: 'Liam',
        familyName: 'Tremblay',
        roles: ['DIRECTOR', 'OFFICER'],
        roleSource: 'REGISTRY_FILING',
        business: {
          jurisdiction: 'CA-AB',
          registrationNumber: '2023456789',
          businessNumber: '870000117',
          legalName: 'PRAIRIE ROBOTICS LTD.',
          entityType: 'CORPORATION',
          entityTypeLabel: 'Named Alberta Corporation',
          status: 'ACTIVE',
          registeredOn: '2018-09-04',
        },
      },
      { issuer: SAMPLE_ISSUERS.albertaCorporateRegistry, validFrom: VALID_FROM, id: 'urn:uuid:3c4d5e6f-7081-4923-8b4c-5d6e7f8091a2' },
    ),
    federalCorporationRegistration: createVocabCredential(
      'BusinessRegistrationCredential',
      {
        legalName: 'Northwind Analytics Inc.',
        legalNameFr: 'Analytique Northwind inc.',
        jurisdiction: 'CA',
        registrationNumber: '1234567',
        businessNumber: '870000208',
        entityType: 'CORPORATION',
        entityTypeLabel: 'Non-distributing corporation',
        governingLegislation: 'Canada Business Corporations Act',
        status: 'ACTIVE',
        statusEffective: '2019-11-20',
        registeredOn: '2019-11-20',
        registeredOfficeAddress: {
          type: 'PostalAddress',
          streetAddress: '350 Albert Street, Suite 900',
          addressLocality: 'Ottawa',
          addressRegion: 'ON',
          postalCode: 'K1R 1A4',
          addressCountry: 'CA',
        },
        directors: [
          { givenName: 'Éloïse', familyName: 'Tremblay-Côté' },
          { givenName: 'Sean Patrick', familyName: "O'Brien" },
          { familyName: 'Kalani' },
        ],
      },
      { issuer: SAMPLE_ISSUERS.corporationsCanada, validFrom: VALID_FROM, id: 'urn:uuid:4d5e6f70-8192-4a34-9c5d-6e7f8091a2b3' },
    ),
    federalDirectorRepresentative: createVocabCredential(
      'BusinessRepresentativeCredential',
      {
        id: SAMPLE_HOLDERS.eloise,
        relationshipId: 'CA-1234567-D01',
        givenName: 'Éloïse',
        familyName: 'Tremblay-Côté',
        roles: ['DIRECTOR'],
        roleSource: 'REGISTRY_FILING',
        business: {
          jurisdiction: 'CA',
          registrationNumber: '1234567',
          businessNumber: '870000208',
          legalName: 'Northwind Analytics Inc.',
          entityType: 'CORPORATION',
          status: 'ACTIVE',
          registeredOn: '2019-11-20',
        },
      },
      { issuer: SAMPLE_ISSUERS.corporationsCanada, validFrom: VALID_FROM, id: 'urn:uuid:5e6f7081-92a3-4b45-8d6e-7f8091a2b3c4' },
    ),
    montrealProofOfAddress: createVocabCredential(
      'ProofOfAddressCredential',
      {
        name: 'Northwind Analytics Inc.',
        address: {
          type: 'PostalAddress',
          streetAddress: '1000 rue De La Gauchetière Ouest, bureau 2400',
          addressLocality: 'Montréal',
          addressRegion: 'QC',
          postalCode: 'H3B 4W5',
          addressCountry: 'CA',
        },
        addressPurpose: 'BUSINESS',
        addressVerifiedOn: '2025-02-17',
      },
      { issuer: SAMPLE_ISSUERS.montreal, validFrom: VALID_FROM, validUntil: VALID_UNTIL, id: 'urn:uuid:6f708192-a3b4-4c56-9e7f-8091a2b3c4d5' },
    ),
  };
}

/**
 * The sample credentials, deeply frozen (copy with `structuredClone` before changing one).
 *
 * @example
 * ```ts
 * import { samples, validateCredentialAgainstSchema } from '@trustbridge/vocab';
 * validateCredentialAgainstSchema(samples.federalCorporationRegistration).valid; // true
 * ```
 */
export const samples: Readonly<VocabSamples> = deepFreeze(build());
