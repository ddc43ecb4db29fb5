/**
 * The claim catalogue: for every claim of every type, its path in `credentialSubject`, its English
 * and French label, how it is displayed, and whether it may be selectively disclosed in SD-JWT form.
 * The SD-JWT VC type metadata, the display helpers, the claim paths a policy reads, and the generated
 * reference are all derived from it.
 */
import type { VocabCredentialType } from './constants.js';
import type { Bilingual } from './labels.js';

/** SD-JWT VC type metadata `sd` (SD-JWT VC §6.5.x "Claim Selective Disclosure Metadata"). */
export type SelectiveDisclosure = 'always' | 'allowed' | 'never';

/** How a claim's value is shown. */
export type ClaimKind = 'text' | 'identifier' | 'date' | 'enum' | 'enumList' | 'integerEnum' | 'image' | 'object' | 'nameList';

/** One claim of a credential type. */
export interface ClaimDefinition {
  /**
   * Path inside `credentialSubject`: member names, `null` for "every element of an array"
   * (the SD-JWT VC claim path syntax).
   */
  path: readonly (string | null)[];
  label: Bilingual;
  kind: ClaimKind;
  /** For `enum`, `enumList` and `integerEnum`: the {@link valueLabels} table of its values. */
  enumeration?: string;
  sd: SelectiveDisclosure;
}

const L = (en: string, fr: string): Bilingual => ({ en, fr });
const c = (
  path: (string | null)[],
  label: Bilingual,
  kind: ClaimKind,
  sd: SelectiveDisclosure,
  enumeration?: string,
): ClaimDefinition => ({ path, label, kind, sd, ...(enumeration ? { enumeration } : {}) });

const addressClaims = (base: string, sd: SelectiveDisclosure): ClaimDefinition[] => [
  c([base, 'type'], L('Address type', "Type d'adresse"), 'text', 'never'),
  c([base, 'streetAddress'], L('Street address', 'Adresse municipale'), 'text', sd),
  c([base, 'addressLocality'], L('City', 'Ville'), 'text', sd),
  c([base, 'addressRegion'], L('Province or state', 'Province ou État'), 'text', sd),
  c([base, 'postalCode'], L('Postal code', 'Code postal'), 'text', sd),
  c([base, 'addressCountry'], L('Country', 'Pays'), 'text', sd),
  c([base, 'selfAssertedProperties'], L('Self-declared (not verified)', 'Autodéclaré (non vérifié)'), 'enumList', 'allowed', 'addressProperty'),
];

const subjectId = c(['id'], L('Subject identifier', 'Identifiant du sujet'), 'identifier', 'never');
const names = (sd: SelectiveDisclosure) => [
  c(['givenName'], L('Given names', 'Prénoms'), 'text', sd),
  c(['familyName'], L('Family name', 'Nom de famille'), 'text', sd),
];

/** Every claim of every type, in display order. Containers (`object`) come before their members. */
export const claimCatalog: Readonly<Record<VocabCredentialType, readonly ClaimDefinition[]>> = {
  BusinessRegistrationCredential: [
    subjectId,
    c(['legalName'], L('Legal name', 'Dénomination sociale'), 'text', 'never'),
    c(['legalNameEn'], L('Legal name (English)', 'Dénomination sociale (anglais)'), 'text', 'allowed'),
    c(['legalNameFr'], L('Legal name (French)', 'Dénomination sociale (français)'), 'text', 'allowed'),
    c(['alternateNames'], L('Other names', 'Autres dénominations'), 'text', 'allowed'),
    c(['jurisdiction'], L('Jurisdiction', 'Juridiction'), 'enum', 'never', 'jurisdiction'),
    c(['registrationNumber'], L('Registration number', "Numéro d'enregistrement"), 'identifier', 'never'),
    c(['businessNumber'], L('Business number (BN)', "Numéro d'entreprise (NE)"), 'identifier', 'allowed'),
    c(['programAccountNumber'], L('Program account number (BN15)', 'Numéro de compte de programme (NE15)'), 'identifier', 'allowed'),
    c(['entityType'], L('Business type', "Type d'entreprise"), 'enum', 'never', 'entityType'),
    c(['entityTypeLabel'], L('Business type (as registered)', "Type d'entreprise (selon le registre)"), 'text', 'allowed'),
    c(['governingLegislation'], L('Governing legislation', 'Loi constitutive'), 'text', 'allowed'),
    c(['status'], L('Business status', "Statut de l'entreprise"), 'enum', 'never', 'status'),
    c(['statusEffective'], L('Status effective on', 'Statut en vigueur le'), 'date', 'allowed'),
    c(['registeredOn'], L('Registered on', 'Enregistrée le'), 'date', 'never'),
    c(['homeJurisdiction'], L('Home jurisdiction', "Juridiction d'origine"), 'text', 'allowed'),
    c(['registeredOfficeAddress'], L('Registered office', 'Siège social'), 'object', 'allowed'),
    ...addressClaims('registeredOfficeAddress', 'allowed'),
    c(['directors'], L('Directors', 'Administrateurs'), 'nameList', 'allowed'),
    c(['directors', null, 'givenName'], L('Director given names', "Prénoms de l'administrateur"), 'text', 'allowed'),
    c(['directors', null, 'familyName'], L('Director family name', "Nom de famille de l'administrateur"), 'text', 'allowed'),
  ],
  BusinessRepresentativeCredential: [
    subjectId,
    c(['relationshipId'], L('Credential identifier', 'Identifiant de l’attestation'), 'identifier', 'allowed'),
    ...names('always'),
    c(['roles'], L('Roles', 'Rôles'), 'enumList', 'allowed', 'role'),
    c(['roleSource'], L('Role confirmed by', 'Rôle confirmé par'), 'enum', 'allowed', 'roleSource'),
    c(['business'], L('Business', 'Entreprise'), 'object', 'never'),
    c(['business', 'jurisdiction'], L('Jurisdiction', 'Juridiction'), 'enum', 'never', 'jurisdiction'),
    c(['business', 'registrationNumber'], L('Registration number', "Numéro d'enregistrement"), 'identifier', 'never'),
    c(['business', 'businessNumber'], L('Business number (BN)', "Numéro d'entreprise (NE)"), 'identifier', 'allowed'),
    c(['business', 'programAccountNumber'], L('Program account number (BN15)', 'Numéro de compte de programme (NE15)'), 'identifier', 'allowed'),
    c(['business', 'legalName'], L('Business name', "Nom de l'entreprise"), 'text', 'never'),
    c(['business', 'entityType'], L('Business type', "Type d'entreprise"), 'enum', 'never', 'entityType'),
    c(['business', 'entityTypeLabel'], L('Business type (as registered)', "Type d'entreprise (selon le registre)"), 'text', 'allowed'),
    c(['business', 'status'], L('Business status', "Statut de l'entreprise"), 'enum', 'never', 'status'),
    c(['business', 'registeredOn'], L('Registered on', 'Enregistrée le'), 'date', 'allowed'),
  ],
  PersonIdentityCredential: [
    subjectId,
    ...names('always'),
    c(['birthDate'], L('Date of birth', 'Date de naissance'), 'date', 'always'),
    c(['address'], L('Address', 'Adresse'), 'object', 'always'),
    ...addressClaims('address', 'always'),
    c(['assuranceLevel'], L('Level of assurance', "Niveau d'assurance"), 'integerEnum', 'never', 'assuranceLevel'),
    c(['portrait'], L('Photo', 'Photo'), 'image', 'always'),
  ],
  ProofOfAddressCredential: [
    subjectId,
    c(['name'], L('Name', 'Nom'), 'text', 'always'),
    c(['address'], L('Address', 'Adresse'), 'object', 'always'),
    ...addressClaims('address', 'always'),
    c(['addressPurpose'], L('Address use', "Usage de l'adresse"), 'enum', 'never', 'addressPurpose'),
    c(['addressVerifiedOn'], L('Address verified on', 'Adresse vérifiée le'), 'date', 'allowed'),
  ],
};

/** The catalogue entry of a subject path, or `undefined`. Array indices match `null`. */
export function claimDefinition(type: VocabCredentialType, path: readonly (string | number | null)[]): ClaimDefinition | undefined {
  return claimCatalog[type].find(
    (d) => d.path.length === path.length && d.path.every((seg, i) => seg === path[i] || (seg === null && (typeof path[i] === 'number' || path[i] === null))),
  );
}

/**
 * Paths of the facts a verifier's policy reads, per type, inside `credentialSubject`. Stable for v1 of
 * the vocabulary. Turn them into a JSON Pointer with {@link credentialPointer} or an SD-JWT VC claim
 * path with {@link sdJwtClaimPath}.
 */
export const keyClaimPaths = {
  BusinessRegistrationCredential: {
    jurisdiction: ['jurisdiction'],
    registrationNumber: ['registrationNumber'],
    businessNumber: ['businessNumber'],
    legalName: ['legalName'],
    legalNameFr: ['legalNameFr'],
    entityType: ['entityType'],
    status: ['status'],
    registeredOn: ['registeredOn'],
    registeredOfficeAddress: ['registeredOfficeAddress'],
    directors: ['directors'],
  },
  BusinessRepresentativeCredential: {
    subjectId: ['id'],
    relationshipId: ['relationshipId'],
    givenName: ['givenName'],
    familyName: ['familyName'],
    roles: ['roles'],
    roleSource: ['roleSource'],
    jurisdiction: ['business', 'jurisdiction'],
    registrationNumber: ['business', 'registrationNumber'],
    businessNumber: ['business', 'businessNumber'],
    legalName: ['business', 'legalName'],
    entityType: ['business', 'entityType'],
    status: ['business', 'status'],
    registeredOn: ['business', 'registeredOn'],
  },
  PersonIdentityCredential: {
    subjectId: ['id'],
    givenName: ['givenName'],
    familyName: ['familyName'],
    birthDate: ['birthDate'],
    address: ['address'],
    assuranceLevel: ['assuranceLevel'],
  },
  ProofOfAddressCredential: {
    subjectId: ['id'],
    name: ['name'],
    address: ['address'],
    addressPurpose: ['addressPurpose'],
  },
} as const satisfies Record<VocabCredentialType, Record<string, readonly string[]>>;

/** JSON Pointer (RFC 6901) from the credential root of a subject path, e.g. `/credentialSubject/business/status`. */
export function credentialPointer(path: readonly (string | number)[]): string {
  return '/credentialSubject' + path.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/**
 * SD-JWT VC claim path (SD-JWT VC §6.5 "Claim Path") of a subject path. Subject members become
 * top-level claims; two names change because SD-JWT VC / JWT reserve them:
 * `id` → `sub` (RFC 7519 §4.1.2) and a top-level `status` → `businessStatus` (SD-JWT VC §3.2.2.2
 * reserves `status` for the status mechanism). Nested names (`business.status`) do not change.
 */
export function sdJwtClaimPath<T extends string | number | null>(path: readonly T[]): T[] {
  const [first, ...rest] = path;
  const renamed = typeof first === 'string' ? (TOP_LEVEL_RENAMES[first] ?? first) : first;
  return [renamed as T, ...rest];
}

/** Subject member → SD-JWT VC claim name, for the members whose names SD-JWT VC reserves. */
export const TOP_LEVEL_RENAMES: Readonly<Record<string, string>> = Object.freeze({ id: 'sub', status: 'businessStatus' });
