/**
 * TypeScript shapes of the four credential types. Credentials stay plain JSON (VC Data Model 2.0);
 * these interfaces describe `credentialSubject`. The JSON Schemas in `schemas.ts` are the normative
 * definition; these types mirror them.
 */
import type { Credential } from '@trustbridge/core';
import type {
  AddressProperty,
  AddressPurpose,
  AssuranceLevel,
  BusinessStatus,
  EntityType,
  Jurisdiction,
  RepresentativeRole,
  RoleSource,
} from './constants.js';

/** A postal address (schema.org `PostalAddress`). */
export interface PostalAddress {
  type?: 'PostalAddress';
  /** Street lines, separated by `\n` when there are two. */
  streetAddress?: string;
  addressLocality?: string;
  /** Two-letter province, territory or state code (e.g. `BC`). */
  addressRegion?: string;
  postalCode?: string;
  /** ISO 3166-1 alpha-2 country code (e.g. `CA`). */
  addressCountry?: string;
  /**
   * The parts of this address the issuer did not verify (the holder declared them). Absent or empty:
   * every part present was verified by the issuer.
   */
  selfAssertedProperties?: AddressProperty[];
}

/** A director's name as the registry publishes it. */
export interface DirectorName {
  /** All given names, space separated. Absent for a mononym. */
  givenName?: string;
  familyName: string;
}

/** Subject of a `BusinessRegistrationCredential`: the organization as its registry knows it (PCTF Verified Organization). */
export interface BusinessRegistrationSubject {
  /** The organization's DID, when it has one. */
  id?: string;
  /** The name as registered (for a bilingual federal name, its English or first form). */
  legalName: string;
  /** The English form of the name, when the registered name also has one and `legalName` is not it. */
  legalNameEn?: string;
  /** The French form of the name, when registered (CBCA s. 10(3); Québec). */
  legalNameFr?: string;
  /** Other names: assumed names of extraprovincial companies, translations. */
  alternateNames?: string[];
  /** The registry's jurisdiction (ISO 3166-2; `CA` for federal). */
  jurisdiction: Jurisdiction;
  /** The registry's number for the business: BC `FM0055205` / `BC0871227`, federal corporation number, Alberta corporate access number. */
  registrationNumber: string;
  /** CRA business number, 9 digits (BN9). */
  businessNumber?: string;
  /** CRA program account number, 15 characters (BN15), e.g. `123456789RC0001`. */
  programAccountNumber?: string;
  entityType: EntityType;
  /** The registry's own wording of the entity type (e.g. "Sole Proprietorship"). */
  entityTypeLabel?: string;
  /** The statute the organization is incorporated or registered under (e.g. "Canada Business Corporations Act"). */
  governingLegislation?: string;
  /** Status when the credential was issued. SD-JWT VC claim name: `businessStatus`. */
  status: BusinessStatus;
  /** Date the status took effect (ISO 8601 date). */
  statusEffective?: string;
  /** Date of registration or incorporation (ISO 8601 date). */
  registeredOn: string;
  /** For an extraprovincial registration: the home jurisdiction (ISO 3166-2, e.g. `CA-AB`, `US-WA`). */
  homeJurisdiction?: string;
  registeredOfficeAddress?: PostalAddress;
  /** Directors, where the jurisdiction publishes them (federal CBCA, Alberta). */
  directors?: DirectorName[];
}

/** The business part of a `BusinessRepresentativeCredential`. */
export interface RepresentedBusiness {
  jurisdiction: Jurisdiction;
  registrationNumber: string;
  /** BN9, derived from `programAccountNumber` when only that is known. */
  businessNumber?: string;
  programAccountNumber?: string;
  legalName: string;
  entityType: EntityType;
  entityTypeLabel?: string;
  /** Status when the credential was issued. */
  status: BusinessStatus;
  registeredOn: string;
}

/** Subject of a `BusinessRepresentativeCredential`: a person's relationship to a business (like BC's Digital Business Card). */
export interface BusinessRepresentativeSubject {
  /** The holder's DID (holder binding). */
  id?: string;
  /** Stable across reissues for the same person and business (BC DBC `credential_id`). */
  relationshipId: string;
  /** All given names, space separated. Absent for a mononym. */
  givenName?: string;
  familyName: string;
  /** Roles in the business. May be empty when the registry gave none. */
  roles: RepresentativeRole[];
  roleSource?: RoleSource;
  business: RepresentedBusiness;
}

/** Subject of a `PersonIdentityCredential` (PCTF Verified Person; like the BC Person credential). */
export interface PersonIdentitySubject {
  /** The holder's DID (holder binding). */
  id?: string;
  /** All given names, space separated. Absent for a mononym. */
  givenName?: string;
  familyName: string;
  /** ISO 8601 date. */
  birthDate: string;
  address?: PostalAddress;
  /** PCTF public-sector profile level of assurance at which the identity was verified. */
  assuranceLevel: AssuranceLevel;
  /** A photo as a `data:image/jpeg;base64,…` or `data:image/png;base64,…` URL. */
  portrait?: string;
}

/** Subject of a `ProofOfAddressCredential`. */
export interface ProofOfAddressSubject {
  /** The holder's (person's or organization's) DID. */
  id?: string;
  /** The person or organization at the address (VC 2.0 / schema.org `name`). */
  name: string;
  address: PostalAddress;
  addressPurpose: AddressPurpose;
  /** Date the issuer verified the address (ISO 8601 date). */
  addressVerifiedOn?: string;
}

/** Subject shape of each credential type. */
export interface SubjectByType {
  BusinessRegistrationCredential: BusinessRegistrationSubject;
  BusinessRepresentativeCredential: BusinessRepresentativeSubject;
  PersonIdentityCredential: PersonIdentitySubject;
  ProofOfAddressCredential: ProofOfAddressSubject;
}

/** A credential of one of the vocabulary types (unsecured, or with a proof). */
export type VocabCredential<T extends keyof SubjectByType = keyof SubjectByType> = Credential & {
  credentialSubject: SubjectByType[T];
};

/** A `BusinessRegistrationCredential`. */
export type BusinessRegistrationCredential = VocabCredential<'BusinessRegistrationCredential'>;
/** A `BusinessRepresentativeCredential`. */
export type BusinessRepresentativeCredential = VocabCredential<'BusinessRepresentativeCredential'>;
/** A `PersonIdentityCredential`. */
export type PersonIdentityCredential = VocabCredential<'PersonIdentityCredential'>;
/** A `ProofOfAddressCredential`. */
export type ProofOfAddressCredential = VocabCredential<'ProofOfAddressCredential'>;
