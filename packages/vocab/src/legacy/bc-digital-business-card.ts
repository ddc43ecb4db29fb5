/**
 * BC Registries "Digital Business Card" (AnonCreds schema `Digital Business Card:1.0.0`, research
 * §1.1) → `BusinessRepresentativeCredential` subject.
 *
 * Normalisation, as the research notes describe the real data:
 * - `given_names` / `family_name` are UPPER (BCSC rules): written in display case unless
 *   `nameCase: 'source'`; blank `given_names` is a mononym (no `givenName`).
 * - `role`: `Proprietor`, `Partner`, `Director`, `Incorporator` in any case, several separated by
 *   commas (`"Director, Incorporator"`) → `['DIRECTOR', 'INCORPORATOR']`; blank → `[]`.
 * - `business_type`: the `BC ` prefix the code emits is dropped (`BC Sole Proprietorship` →
 *   `SOLE_PROPRIETORSHIP`, label `Sole Proprietorship`).
 * - `company_status`: `ACTIVE` / `Active` / `HISTORICAL` / `Historical` → `ACTIVE` / `HISTORICAL`.
 * - `registered_on_dateint`: `YYYYMMDD` as a string or an integer → ISO date.
 * - `cra_business_number`: BN15 (or BN9), may be blank.
 * - `identifier` (e.g. `FM0055205`): 9 or 10 characters are both accepted (the governance document
 *   and its own example disagree).
 * - Business names are kept as registered (no re-casing: "ABC TECH LTD." is not a person's name).
 */
import type { EntityType, RepresentativeRole, RoleSource } from '../constants.js';
import type { BusinessRepresentativeSubject } from '../types.js';
import {
  LegacyErrorCodes,
  checkSubject,
  collapseSpaces,
  craNumbers,
  dateintToIso,
  displayCaseName,
  legacyError,
  readAttributes,
  requireValue,
  type LegacyAttributes,
  type LegacyMappingOptions,
  type LegacyMappingResult,
  type NameCase,
} from './common.js';

/** The attributes of the Digital Business Card schema, in schema order. */
export const DIGITAL_BUSINESS_CARD_ATTRIBUTES = [
  'credential_id',
  'given_names',
  'family_name',
  'role',
  'identifier',
  'cra_business_number',
  'business_name',
  'business_type',
  'registered_on_dateint',
  'company_status',
] as const;

/** Options of {@link mapDigitalBusinessCard}. */
export interface DigitalBusinessCardMappingOptions extends LegacyMappingOptions {
  /** Default `display`: upper-case names become display case. `source` keeps them as sent. */
  nameCase?: NameCase;
  /** The holder's DID, to bind the subject (`credentialSubject.id`). */
  holderId?: string;
  /** Where the role came from, when the verifier knows (the card itself does not say). */
  roleSource?: RoleSource;
}

const ROLES: Record<string, RepresentativeRole> = {
  proprietor: 'PROPRIETOR',
  partner: 'PARTNER',
  director: 'DIRECTOR',
  incorporator: 'INCORPORATOR',
  officer: 'OFFICER',
};

/** BC business type wording (without `BC `) → entity type. */
export const BC_BUSINESS_TYPES: Readonly<Record<string, EntityType>> = {
  'sole proprietorship': 'SOLE_PROPRIETORSHIP',
  'general partnership': 'GENERAL_PARTNERSHIP',
  'limited partnership': 'LIMITED_PARTNERSHIP',
  'limited liability partnership': 'LIMITED_LIABILITY_PARTNERSHIP',
  'benefit company': 'BENEFIT_COMPANY',
  'limited company': 'CORPORATION',
  'unlimited liability company': 'UNLIMITED_LIABILITY_COMPANY',
  'community contribution company': 'COMMUNITY_CONTRIBUTION_COMPANY',
  'cooperative association': 'COOPERATIVE',
};

/** `"Director, Incorporator"` → `['DIRECTOR', 'INCORPORATOR']`; blank → `[]`. Unknown roles throw. */
export function parseRoles(value: string | undefined, attribute = 'role'): RepresentativeRole[] {
  if (value === undefined) return [];
  const out: RepresentativeRole[] = [];
  for (const part of value.split(',')) {
    const key = collapseSpaces(part).toLowerCase();
    if (key === '') continue;
    const role = ROLES[key];
    if (role === undefined) throw legacyError(LegacyErrorCodes.INVALID_VALUE, `Attribute "${attribute}" has an unknown role.`, attribute);
    if (!out.includes(role)) out.push(role);
  }
  return out;
}

/** `BC Sole Proprietorship` / `Sole Proprietorship` → entity type and label (prefix dropped). */
export function parseBcBusinessType(value: string, attribute = 'business_type'): { entityType: EntityType; entityTypeLabel: string } {
  const label = collapseSpaces(value).replace(/^BC\s+/i, '');
  const entityType = BC_BUSINESS_TYPES[label.toLowerCase()];
  if (entityType === undefined) throw legacyError(LegacyErrorCodes.INVALID_VALUE, `Attribute "${attribute}" has an unknown business type.`, attribute);
  return { entityType, entityTypeLabel: label };
}

function parseStatus(value: string): 'ACTIVE' | 'HISTORICAL' {
  const v = value.toUpperCase();
  if (v === 'ACTIVE' || v === 'HISTORICAL') return v;
  throw legacyError(LegacyErrorCodes.INVALID_VALUE, 'Attribute "company_status" has an unknown status.', 'company_status');
}

/**
 * Maps Digital Business Card attributes (as revealed in an AnonCreds presentation, or as issued) onto
 * a `BusinessRepresentativeCredential` subject. Every attribute except `cra_business_number` must be
 * present (blank `given_names` and `role` are allowed: mononym, no role).
 *
 * Throws `ERR_VOCAB_LEGACY_UNKNOWN_ATTRIBUTE`, `ERR_VOCAB_LEGACY_MISSING_ATTRIBUTE` or
 * `ERR_VOCAB_LEGACY_INVALID_VALUE` with `details.attribute` (never the value).
 *
 * @example
 * ```ts
 * const { subject } = mapDigitalBusinessCard({
 *   credential_id: '00000042', given_names: 'MAYA', family_name: 'SINGH', role: 'Proprietor',
 *   identifier: 'FM0055205', cra_business_number: '', business_name: 'COASTAL KAYAK TOURS',
 *   business_type: 'BC Sole Proprietorship', registered_on_dateint: '20210315', company_status: 'ACTIVE',
 * });
 * subject.business.entityType; // 'SOLE_PROPRIETORSHIP'
 * ```
 */
export function mapDigitalBusinessCard(
  attributes: LegacyAttributes,
  options: DigitalBusinessCardMappingOptions = {},
): LegacyMappingResult<BusinessRepresentativeSubject> {
  const source = 'Digital Business Card';
  const required = DIGITAL_BUSINESS_CARD_ATTRIBUTES.filter((a) => a !== 'cra_business_number');
  const v = readAttributes(source, attributes, DIGITAL_BUSINESS_CARD_ATTRIBUTES, required, options);
  const nameCase = options.nameCase ?? 'display';
  const person = (name: string) => (nameCase === 'display' ? displayCaseName(collapseSpaces(name)) : name);

  let relationshipId = requireValue(v, 'credential_id', source);
  if (/^\d{1,8}$/.test(relationshipId)) relationshipId = relationshipId.padStart(8, '0');
  const identifier = requireValue(v, 'identifier', source).toUpperCase();
  if (!/^[A-Z]{0,3}\d{6,10}$/.test(identifier)) {
    throw legacyError(LegacyErrorCodes.INVALID_VALUE, 'Attribute "identifier" is not a BC registry number.', 'identifier');
  }
  const givenNames = v['given_names'];
  const subject: BusinessRepresentativeSubject = {
    ...(options.holderId !== undefined ? { id: options.holderId } : {}),
    relationshipId,
    ...(givenNames !== undefined ? { givenName: person(givenNames) } : {}),
    familyName: person(requireValue(v, 'family_name', source)),
    roles: parseRoles(v['role']),
    ...(options.roleSource !== undefined ? { roleSource: options.roleSource } : {}),
    business: {
      jurisdiction: 'CA-BC',
      registrationNumber: identifier,
      ...craNumbers(v['cra_business_number'], 'cra_business_number'),
      legalName: requireValue(v, 'business_name', source),
      ...parseBcBusinessType(requireValue(v, 'business_type', source)),
      status: parseStatus(requireValue(v, 'company_status', source)),
      registeredOn: dateintToIso(requireValue(v, 'registered_on_dateint', source), 'registered_on_dateint'),
    },
  };
  return checkSubject('BusinessRepresentativeCredential', subject, source);
}
