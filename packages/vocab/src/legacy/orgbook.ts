/**
 * OrgBook BC `registration.registries.ca` (and optionally `business_number.registries.ca`)
 * attributes (research §1.3) → `BusinessRegistrationCredential` subject.
 *
 * - `entity_type` is the BC Registries corporation type code (`SP`, `GP`, `BC`, `BEN`, `ULC`, `CC`,
 *   `CP`, `S`, `LP`, `LL`, `XP`, `XL`, `A`…) → normalised entity type, label in words.
 * - `entity_status` (`ACT` / `HIS`, or the words) → `ACTIVE` / `HISTORICAL`.
 * - Dates (`registration_date`, `entity_status_effective`) are ISO date-times → ISO dates.
 * - `entity_name` is the legal name, kept as registered; `entity_name_assumed` (an extraprovincial
 *   company's assumed name in BC) and `entity_name_trans` (a translation) → `alternateNames`.
 * - `home_jurisdiction` (`BC`, `AB`, `FD`…) → `homeJurisdiction` when it differs from BC.
 * - OrgBook publishes neither directors nor the office address: those stay absent (a gap the
 *   verifier must fill elsewhere).
 */
import type { EntityType } from '../constants.js';
import type { BusinessRegistrationSubject } from '../types.js';
import {
  LegacyErrorCodes,
  canadianJurisdiction,
  checkSubject,
  collapseSpaces,
  craNumbers,
  isoDatePart,
  legacyError,
  readAttributes,
  requireValue,
  type LegacyAttributes,
  type LegacyMappingOptions,
  type LegacyMappingResult,
} from './common.js';

/** Attributes of `registration.registries.ca` (v1.0.42). */
export const ORGBOOK_REGISTRATION_ATTRIBUTES = [
  'registration_id',
  'registration_date',
  'registration_expiry_date',
  'registration_renewal_effective',
  'entity_name',
  'entity_name_effective',
  'entity_name_assumed',
  'entity_name_assumed_effective',
  'entity_name_trans',
  'entity_name_trans_effective',
  'entity_status',
  'entity_status_effective',
  'entity_type',
  'registered_jurisdiction',
  'extra_jurisdictional_registration',
  'home_jurisdiction',
  'effective_date',
  'reason_description',
  'expiry_date',
] as const;

/** Attributes of `business_number.registries.ca`. */
export const ORGBOOK_BUSINESS_NUMBER_ATTRIBUTES = ['registration_id', 'business_number', 'effective_date', 'expiry_date', 'reason_description'] as const;

/** BC Registries corporation type codes → entity type and label. */
export const BC_ENTITY_TYPE_CODES: Readonly<Record<string, { entityType: EntityType; label: string }>> = {
  SP: { entityType: 'SOLE_PROPRIETORSHIP', label: 'Sole Proprietorship' },
  GP: { entityType: 'GENERAL_PARTNERSHIP', label: 'General Partnership' },
  LP: { entityType: 'LIMITED_PARTNERSHIP', label: 'Limited Partnership' },
  LL: { entityType: 'LIMITED_LIABILITY_PARTNERSHIP', label: 'Limited Liability Partnership' },
  BC: { entityType: 'CORPORATION', label: 'BC Limited Company' },
  C: { entityType: 'CORPORATION', label: 'Continued In Company' },
  BEN: { entityType: 'BENEFIT_COMPANY', label: 'Benefit Company' },
  CBEN: { entityType: 'BENEFIT_COMPANY', label: 'Continued In Benefit Company' },
  ULC: { entityType: 'UNLIMITED_LIABILITY_COMPANY', label: 'Unlimited Liability Company' },
  CUL: { entityType: 'UNLIMITED_LIABILITY_COMPANY', label: 'Continued In Unlimited Liability Company' },
  CC: { entityType: 'COMMUNITY_CONTRIBUTION_COMPANY', label: 'Community Contribution Company' },
  CCC: { entityType: 'COMMUNITY_CONTRIBUTION_COMPANY', label: 'Continued In Community Contribution Company' },
  CP: { entityType: 'COOPERATIVE', label: 'Cooperative Association' },
  S: { entityType: 'NOT_FOR_PROFIT', label: 'Society' },
  XP: { entityType: 'EXTRAPROVINCIAL_REGISTRATION', label: 'Extraprovincial Partnership' },
  XL: { entityType: 'EXTRAPROVINCIAL_REGISTRATION', label: 'Extraprovincial Limited Liability Partnership' },
  A: { entityType: 'EXTRAPROVINCIAL_REGISTRATION', label: 'Extraprovincial Company' },
};

/** Options of {@link mapOrgBookRegistration}. */
export interface OrgBookMappingOptions extends LegacyMappingOptions {
  /** The organization's `business_number.registries.ca` attributes, to add its BN9. */
  businessNumber?: LegacyAttributes;
}

function status(value: string): 'ACTIVE' | 'HISTORICAL' {
  const v = value.toUpperCase();
  if (v === 'ACT' || v === 'ACTIVE') return 'ACTIVE';
  if (v === 'HIS' || v === 'HISTORICAL') return 'HISTORICAL';
  throw legacyError(LegacyErrorCodes.INVALID_VALUE, 'Attribute "entity_status" has an unknown status.', 'entity_status');
}

/**
 * Maps OrgBook BC registration attributes onto a `BusinessRegistrationCredential` subject
 * (jurisdiction `CA-BC`). `registration_id`, `registration_date`, `entity_name`, `entity_status` and
 * `entity_type` must be present. Throws the `ERR_VOCAB_LEGACY_*` codes; `ERR_VOCAB_LEGACY_MISMATCH`
 * when the business-number credential names another registration.
 *
 * @example
 * ```ts
 * const { subject } = mapOrgBookRegistration({
 *   registration_id: 'BC0871227', registration_date: '2010-01-29T08:00:00+00:00',
 *   entity_name: 'NORTHERN LIGHTS CONSULTING LTD.', entity_status: 'ACT', entity_type: 'BC',
 * });
 * subject.entityType; // 'CORPORATION'
 * ```
 */
export function mapOrgBookRegistration(
  attributes: LegacyAttributes,
  options: OrgBookMappingOptions = {},
): LegacyMappingResult<BusinessRegistrationSubject> {
  const source = 'OrgBook registration';
  const v = readAttributes(
    source,
    attributes,
    ORGBOOK_REGISTRATION_ATTRIBUTES,
    ['registration_id', 'registration_date', 'entity_name', 'entity_status', 'entity_type'],
    options,
  );
  const registrationNumber = requireValue(v, 'registration_id', source).toUpperCase();
  if (!/^[A-Z]{0,4}\d{6,10}$/.test(registrationNumber)) {
    throw legacyError(LegacyErrorCodes.INVALID_VALUE, 'Attribute "registration_id" is not a BC registry number.', 'registration_id');
  }
  const typeCode = requireValue(v, 'entity_type', source).toUpperCase();
  const type = BC_ENTITY_TYPE_CODES[typeCode];
  if (type === undefined) throw legacyError(LegacyErrorCodes.INVALID_VALUE, 'Attribute "entity_type" has an unknown type code.', 'entity_type');

  let homeJurisdiction: string | undefined;
  if (v['home_jurisdiction'] !== undefined) {
    const home = canadianJurisdiction(v['home_jurisdiction']);
    if (home === undefined) throw legacyError(LegacyErrorCodes.INVALID_VALUE, 'Attribute "home_jurisdiction" is not a known jurisdiction.', 'home_jurisdiction');
    if (home !== 'CA-BC') homeJurisdiction = home;
  }

  const legalName = collapseSpaces(requireValue(v, 'entity_name', source));
  const alternateNames = [v['entity_name_assumed'], v['entity_name_trans']]
    .filter((n): n is string => n !== undefined)
    .map(collapseSpaces)
    .filter((n, i, all) => n !== legalName && all.indexOf(n) === i);

  let bn: { businessNumber?: string } = {};
  if (options.businessNumber !== undefined) {
    const b = readAttributes('OrgBook business number', options.businessNumber, ORGBOOK_BUSINESS_NUMBER_ATTRIBUTES, ['registration_id', 'business_number'], options);
    if (requireValue(b, 'registration_id', 'OrgBook business number').toUpperCase() !== registrationNumber) {
      throw legacyError(LegacyErrorCodes.MISMATCH, 'The business number credential is for another registration.', 'registration_id');
    }
    const numbers = craNumbers(requireValue(b, 'business_number', 'OrgBook business number'), 'business_number');
    if (numbers.businessNumber !== undefined) bn = { businessNumber: numbers.businessNumber };
  }

  const subject: BusinessRegistrationSubject = {
    legalName,
    ...(alternateNames.length > 0 ? { alternateNames } : {}),
    jurisdiction: 'CA-BC',
    registrationNumber,
    ...bn,
    entityType: type.entityType,
    entityTypeLabel: type.label,
    status: status(requireValue(v, 'entity_status', source)),
    ...(v['entity_status_effective'] !== undefined ? { statusEffective: isoDatePart(v['entity_status_effective'], 'entity_status_effective') } : {}),
    registeredOn: isoDatePart(requireValue(v, 'registration_date', source), 'registration_date'),
    ...(homeJurisdiction !== undefined ? { homeJurisdiction } : {}),
  };
  return checkSubject('BusinessRegistrationCredential', subject, source);
}
