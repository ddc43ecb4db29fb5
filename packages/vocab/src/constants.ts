/**
 * Stable identifiers of the TrustBridge Canadian business vocabulary (version 1), and the normalised
 * enumerations its credentials use.
 *
 * The URLs below are identifiers first: TrustBridge never fetches them (the context is bundled and
 * served by the offline document loader; the schemas and type metadata are bundled as data). They are
 * versioned in the path (`/v1`) and never change meaning: a breaking change gets a new `/v2` URL.
 */

/** URL of the one JSON-LD context that defines all four credential types (bundled; never fetched). */
export const VOCAB_CONTEXT_URL = 'https://trustbridge.ca/contexts/business/v1';

/** Base IRI of the TrustBridge terms that schema.org and the W3C vocabularies do not cover. */
export const VOCAB_NAMESPACE = 'https://trustbridge.ca/vocab/business#';

/** The four credential types of the vocabulary (VC Data Model 2.0 §4.5 `type` values). */
export const CredentialTypes = {
  BusinessRegistration: 'BusinessRegistrationCredential',
  BusinessRepresentative: 'BusinessRepresentativeCredential',
  PersonIdentity: 'PersonIdentityCredential',
  ProofOfAddress: 'ProofOfAddressCredential',
} as const;

/** One of the four credential type names. */
export type VocabCredentialType = (typeof CredentialTypes)[keyof typeof CredentialTypes];

/** All four type names, in a fixed order (registration, representative, person, address). */
export const VOCAB_CREDENTIAL_TYPES: readonly VocabCredentialType[] = Object.freeze([
  CredentialTypes.BusinessRegistration,
  CredentialTypes.BusinessRepresentative,
  CredentialTypes.PersonIdentity,
  CredentialTypes.ProofOfAddress,
]);

const SLUGS: Record<VocabCredentialType, string> = {
  BusinessRegistrationCredential: 'business-registration',
  BusinessRepresentativeCredential: 'business-representative',
  PersonIdentityCredential: 'person-identity',
  ProofOfAddressCredential: 'proof-of-address',
};

/** Kebab-case slug of a type, used in its schema and `vct` URLs (e.g. `business-registration`). */
export function typeSlug(type: VocabCredentialType): string {
  return SLUGS[type];
}

/**
 * URL (and JSON Schema `$id`) of a type's JSON Schema, e.g.
 * `https://trustbridge.ca/schemas/business-registration/v1`. Used as `credentialSchema.id`
 * (VC Data Model 2.0 §4.11, VC JSON Schema 1.0 §2.1 `JsonSchema`).
 */
export function schemaUrl(type: VocabCredentialType): string {
  return `https://trustbridge.ca/schemas/${SLUGS[type]}/v1`;
}

/**
 * SD-JWT VC type identifier (`vct`, SD-JWT VC §3.2.2.1.1) of a type, e.g.
 * `https://trustbridge.ca/vct/business-registration/v1`.
 */
export function vctOf(type: VocabCredentialType): string {
  return `https://trustbridge.ca/vct/${SLUGS[type]}/v1`;
}

/** True when `value` is one of the four vocabulary type names. */
export function isVocabCredentialType(value: unknown): value is VocabCredentialType {
  return typeof value === 'string' && (VOCAB_CREDENTIAL_TYPES as readonly string[]).includes(value);
}

/**
 * Canadian registry jurisdictions as ISO 3166-2 codes: `CA` for the federal registry (Corporations
 * Canada), `CA-BC`, `CA-AB`, … for the provinces and territories.
 */
export const JURISDICTIONS = [
  'CA', 'CA-AB', 'CA-BC', 'CA-MB', 'CA-NB', 'CA-NL', 'CA-NS', 'CA-NT', 'CA-NU', 'CA-ON', 'CA-PE', 'CA-QC', 'CA-SK', 'CA-YT',
] as const;
/** An ISO 3166-2 Canadian registry jurisdiction (or `CA` for federal). */
export type Jurisdiction = (typeof JURISDICTIONS)[number];

/**
 * Normalised business status. Registries word it differently (BC: `ACTIVE` / `HISTORICAL`, federal:
 * "Active" / "Dissolved" / "Amalgamated", Alberta: "Active" / "Struck"…). Only `ACTIVE` means the
 * business is in existence and may trade; `HISTORICAL` is BC's umbrella for "no longer active" when
 * the reason is not given.
 */
export const BUSINESS_STATUSES = ['ACTIVE', 'INACTIVE', 'HISTORICAL', 'DISSOLVED', 'AMALGAMATED', 'CONTINUED_OUT'] as const;
/** A normalised business status. */
export type BusinessStatus = (typeof BUSINESS_STATUSES)[number];

/**
 * Normalised entity (business) type. The registry's own wording goes in `entityTypeLabel`
 * (without BC's `BC ` prefix).
 */
export const ENTITY_TYPES = [
  'SOLE_PROPRIETORSHIP',
  'GENERAL_PARTNERSHIP',
  'LIMITED_PARTNERSHIP',
  'LIMITED_LIABILITY_PARTNERSHIP',
  'CORPORATION',
  'BENEFIT_COMPANY',
  'UNLIMITED_LIABILITY_COMPANY',
  'COMMUNITY_CONTRIBUTION_COMPANY',
  'COOPERATIVE',
  'NOT_FOR_PROFIT',
  'EXTRAPROVINCIAL_REGISTRATION',
  'OTHER',
] as const;
/** A normalised entity type. */
export type EntityType = (typeof ENTITY_TYPES)[number];

/** Normalised role of a person in a business (BC DBC: Proprietor, Partner, Director, Incorporator). */
export const REPRESENTATIVE_ROLES = ['PROPRIETOR', 'PARTNER', 'DIRECTOR', 'OFFICER', 'INCORPORATOR'] as const;
/** A normalised representative role. */
export type RepresentativeRole = (typeof REPRESENTATIVE_ROLES)[number];

/**
 * Where the issuer learned the person's role (research §1.6): from the registry filing, because the
 * person filed it (completing party), or because the person self-attested it when claiming the card.
 */
export const ROLE_SOURCES = ['REGISTRY_FILING', 'COMPLETING_PARTY', 'SELF_ATTESTED'] as const;
/** Where a role came from. */
export type RoleSource = (typeof ROLE_SOURCES)[number];

/** PCTF (public-sector profile) identity levels of assurance. */
export const ASSURANCE_LEVELS = [1, 2, 3, 4] as const;
/** A PCTF level of assurance, 1–4. */
export type AssuranceLevel = (typeof ASSURANCE_LEVELS)[number];

/** What an address is used for, in a proof of address. */
export const ADDRESS_PURPOSES = ['RESIDENTIAL', 'BUSINESS', 'MAILING'] as const;
/** What an address is used for. */
export type AddressPurpose = (typeof ADDRESS_PURPOSES)[number];

/** The parts of a postal address (schema.org `PostalAddress`) that can be flagged self-asserted. */
export const ADDRESS_PROPERTIES = ['streetAddress', 'addressLocality', 'addressRegion', 'postalCode', 'addressCountry'] as const;
/** A postal address part. */
export type AddressProperty = (typeof ADDRESS_PROPERTIES)[number];
