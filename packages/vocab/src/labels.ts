/**
 * English and French wording of the vocabulary: credential type names, claim labels and the labels of
 * every enumerated value. One table feeds the SD-JWT VC type metadata, the display helpers and the
 * generated reference (docs/vocabulary.md), so the three cannot disagree.
 *
 * French follows the terms used by Corporations Canada and Québec's registry where they exist
 * (director → « administrateur », sole proprietorship → « entreprise individuelle »).
 */
import type { VocabCredentialType } from './constants.js';

/** A language of the display helpers and metadata: Canada's two official languages. */
export type DisplayLanguage = 'en' | 'fr';

/** A string in English and French. */
export interface Bilingual {
  en: string;
  fr: string;
}

/** Name and description of each credential type. */
export const typeLabels: Readonly<Record<VocabCredentialType, { name: Bilingual; description: Bilingual }>> = {
  BusinessRegistrationCredential: {
    name: { en: 'Business Registration', fr: "Enregistrement d'entreprise" },
    description: {
      en: 'A business as its registry records it: names, registry number, business number, type, status, registration date, registered office and directors.',
      fr: "Une entreprise telle que l'inscrit son registre : dénominations, numéro au registre, numéro d'entreprise, type, statut, date d'enregistrement, siège social et administrateurs.",
    },
  },
  BusinessRepresentativeCredential: {
    name: { en: 'Business Representative', fr: "Représentant d'entreprise" },
    description: {
      en: "A person's relationship to a business and their role in it, as the business registry records it.",
      fr: "Le lien d'une personne avec une entreprise et son rôle dans celle-ci, tels que les inscrit le registre des entreprises.",
    },
  },
  PersonIdentityCredential: {
    name: { en: 'Person Identity', fr: 'Identité de la personne' },
    description: {
      en: 'A verified identity: names, date of birth, address and the level of assurance of the verification.',
      fr: "Une identité vérifiée : noms, date de naissance, adresse et niveau d'assurance de la vérification.",
    },
  },
  ProofOfAddressCredential: {
    name: { en: 'Proof of Address', fr: "Preuve d'adresse" },
    description: {
      en: 'An address the issuer verified for a person or organization.',
      fr: "Une adresse que l'émetteur a vérifiée pour une personne ou une organisation.",
    },
  },
};

/** Labels of enumerated values, by enumeration. */
export const valueLabels: Readonly<Record<string, Readonly<Record<string, Bilingual>>>> = {
  jurisdiction: {
    CA: { en: 'Canada (federal)', fr: 'Canada (fédéral)' },
    'CA-AB': { en: 'Alberta', fr: 'Alberta' },
    'CA-BC': { en: 'British Columbia', fr: 'Colombie-Britannique' },
    'CA-MB': { en: 'Manitoba', fr: 'Manitoba' },
    'CA-NB': { en: 'New Brunswick', fr: 'Nouveau-Brunswick' },
    'CA-NL': { en: 'Newfoundland and Labrador', fr: 'Terre-Neuve-et-Labrador' },
    'CA-NS': { en: 'Nova Scotia', fr: 'Nouvelle-Écosse' },
    'CA-NT': { en: 'Northwest Territories', fr: 'Territoires du Nord-Ouest' },
    'CA-NU': { en: 'Nunavut', fr: 'Nunavut' },
    'CA-ON': { en: 'Ontario', fr: 'Ontario' },
    'CA-PE': { en: 'Prince Edward Island', fr: 'Île-du-Prince-Édouard' },
    'CA-QC': { en: 'Quebec', fr: 'Québec' },
    'CA-SK': { en: 'Saskatchewan', fr: 'Saskatchewan' },
    'CA-YT': { en: 'Yukon', fr: 'Yukon' },
  },
  status: {
    ACTIVE: { en: 'Active', fr: 'Active' },
    INACTIVE: { en: 'Inactive', fr: 'Inactive' },
    HISTORICAL: { en: 'Historical', fr: 'Historique' },
    DISSOLVED: { en: 'Dissolved', fr: 'Dissoute' },
    AMALGAMATED: { en: 'Amalgamated', fr: 'Fusionnée' },
    CONTINUED_OUT: { en: 'Continued out', fr: 'Prorogée hors du territoire' },
  },
  entityType: {
    SOLE_PROPRIETORSHIP: { en: 'Sole proprietorship', fr: 'Entreprise individuelle' },
    GENERAL_PARTNERSHIP: { en: 'General partnership', fr: 'Société en nom collectif' },
    LIMITED_PARTNERSHIP: { en: 'Limited partnership', fr: 'Société en commandite' },
    LIMITED_LIABILITY_PARTNERSHIP: { en: 'Limited liability partnership', fr: 'Société à responsabilité limitée' },
    CORPORATION: { en: 'Corporation', fr: 'Société par actions' },
    BENEFIT_COMPANY: { en: 'Benefit company', fr: 'Société à vocation sociale' },
    UNLIMITED_LIABILITY_COMPANY: { en: 'Unlimited liability company', fr: 'Société à responsabilité illimitée' },
    COMMUNITY_CONTRIBUTION_COMPANY: { en: 'Community contribution company', fr: "Société d'apport communautaire" },
    COOPERATIVE: { en: 'Cooperative', fr: 'Coopérative' },
    NOT_FOR_PROFIT: { en: 'Not-for-profit organization', fr: 'Organisation à but non lucratif' },
    EXTRAPROVINCIAL_REGISTRATION: { en: 'Extraprovincial registration', fr: 'Immatriculation extraprovinciale' },
    OTHER: { en: 'Other', fr: 'Autre' },
  },
  role: {
    PROPRIETOR: { en: 'Proprietor', fr: 'Propriétaire' },
    PARTNER: { en: 'Partner', fr: 'Associé' },
    DIRECTOR: { en: 'Director', fr: 'Administrateur' },
    OFFICER: { en: 'Officer', fr: 'Dirigeant' },
    INCORPORATOR: { en: 'Incorporator', fr: 'Fondateur' },
  },
  roleSource: {
    REGISTRY_FILING: { en: 'Registry filing', fr: 'Dépôt au registre' },
    COMPLETING_PARTY: { en: 'Filed by this person', fr: 'Déposé par cette personne' },
    SELF_ATTESTED: { en: 'Self-attested', fr: 'Autodéclaré' },
  },
  assuranceLevel: {
    '1': { en: 'Level 1 (little or no confidence)', fr: "Niveau 1 (confiance faible ou nulle)" },
    '2': { en: 'Level 2 (some confidence)', fr: 'Niveau 2 (une certaine confiance)' },
    '3': { en: 'Level 3 (high confidence)', fr: 'Niveau 3 (confiance élevée)' },
    '4': { en: 'Level 4 (very high confidence)', fr: 'Niveau 4 (confiance très élevée)' },
  },
  addressPurpose: {
    RESIDENTIAL: { en: 'Residential', fr: 'Résidentielle' },
    BUSINESS: { en: 'Business', fr: "D'affaires" },
    MAILING: { en: 'Mailing', fr: 'Postale' },
  },
  addressProperty: {
    streetAddress: { en: 'Street address', fr: 'Adresse municipale' },
    addressLocality: { en: 'City', fr: 'Ville' },
    addressRegion: { en: 'Province or state', fr: 'Province ou État' },
    postalCode: { en: 'Postal code', fr: 'Code postal' },
    addressCountry: { en: 'Country', fr: 'Pays' },
  },
};

/** The label of an enumerated value in a language, or the value itself when it has none. */
export function labelOfValue(enumeration: string, value: string | number, lang: DisplayLanguage): string {
  return valueLabels[enumeration]?.[String(value)]?.[lang] ?? String(value);
}
