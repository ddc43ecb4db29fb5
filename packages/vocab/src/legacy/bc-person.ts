/**
 * BC "Person" credential (AnonCreds schema `Person:1.0`, Service BC, research §1.2) →
 * `PersonIdentityCredential` subject.
 *
 * - Names are UPPER (BCSC rules): display case unless `nameCase: 'source'`; blank `given_names` is a
 *   mononym.
 * - `birthdate_dateint`: `YYYYMMDD` → ISO date.
 * - Address parts are self-asserted by the holder and unverified in BC: every part present is listed
 *   in `address.selfAssertedProperties`. `street_address` rows separated by `\r\n` become `\n`.
 * - The level of assurance is not in the credential (BC keeps it in the governance document: BCSC is
 *   PCTF level 3), so it is an option, default 3.
 * - `picture` (a base64 JPEG data URL) → `portrait`, unless `includePortrait: false` (minimisation).
 * - `expiry_date_dateint` is always blank in BC; when set it is returned as `validUntil`.
 */
import type { AddressProperty, AssuranceLevel } from '../constants.js';
import type { PersonIdentitySubject, PostalAddress } from '../types.js';
import {
  LegacyErrorCodes,
  checkSubject,
  collapseSpaces,
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

/** The attributes of the BC Person schema. */
export const BC_PERSON_ATTRIBUTES = [
  'given_names',
  'family_name',
  'birthdate_dateint',
  'street_address',
  'locality',
  'region',
  'postal_code',
  'country',
  'picture',
  'expiry_date_dateint',
] as const;

/** Options of {@link mapBcPersonCredential}. */
export interface BcPersonMappingOptions extends LegacyMappingOptions {
  nameCase?: NameCase;
  /** The PCTF level of assurance the issuer's governance assigns. Default 3 (BC Services Card). */
  assuranceLevel?: AssuranceLevel;
  /** Keep the photo. Default `true`; pass `false` when the relying party does not need it. */
  includePortrait?: boolean;
  holderId?: string;
}

/** The mapped subject, and `validUntil` when the credential carries an expiry date. */
export interface BcPersonMappingResult extends LegacyMappingResult<PersonIdentitySubject> {
  validUntil?: string;
}

function country(value: string): string {
  const v = value.toUpperCase();
  if (v === 'CANADA' || v === 'CAN') return 'CA';
  if (/^[A-Z]{2}$/.test(v)) return v;
  throw legacyError(LegacyErrorCodes.INVALID_VALUE, 'Attribute "country" is not a country code.', 'country');
}

function postalCode(value: string): string {
  const v = value.toUpperCase().replace(/\s+/g, ' ');
  const ca = /^([A-Z]\d[A-Z]) ?(\d[A-Z]\d)$/.exec(v);
  return ca ? `${ca[1]} ${ca[2]}` : v;
}

/**
 * Maps BC Person credential attributes onto a `PersonIdentityCredential` subject. `given_names`,
 * `family_name` and `birthdate_dateint` must be present; the address attributes may be absent or
 * blank. Throws the `ERR_VOCAB_LEGACY_*` codes with `details.attribute`.
 *
 * @example
 * ```ts
 * const { subject } = mapBcPersonCredential({ given_names: 'ÉLOÏSE', family_name: 'TREMBLAY-CÔTÉ', birthdate_dateint: '19850412' });
 * subject.familyName; // 'Tremblay-Côté'
 * ```
 */
export function mapBcPersonCredential(attributes: LegacyAttributes, options: BcPersonMappingOptions = {}): BcPersonMappingResult {
  const source = 'BC Person credential';
  const v = readAttributes(source, attributes, BC_PERSON_ATTRIBUTES, ['given_names', 'family_name', 'birthdate_dateint'], options);
  const nameCase = options.nameCase ?? 'display';
  const person = (name: string) => (nameCase === 'display' ? displayCaseName(collapseSpaces(name)) : name);

  const address: PostalAddress = {};
  const street = v['street_address'];
  if (street !== undefined) address.streetAddress = street.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '').join('\n');
  if (v['locality'] !== undefined) address.addressLocality = v['locality'];
  if (v['region'] !== undefined) address.addressRegion = v['region'].toUpperCase();
  if (v['postal_code'] !== undefined) address.postalCode = postalCode(v['postal_code']);
  if (v['country'] !== undefined) address.addressCountry = country(v['country']);
  const parts = Object.keys(address) as AddressProperty[];

  const picture = v['picture'];
  const givenNames = v['given_names'];
  const subject: PersonIdentitySubject = {
    ...(options.holderId !== undefined ? { id: options.holderId } : {}),
    ...(givenNames !== undefined ? { givenName: person(givenNames) } : {}),
    familyName: person(requireValue(v, 'family_name', source)),
    birthDate: dateintToIso(requireValue(v, 'birthdate_dateint', source), 'birthdate_dateint'),
    ...(parts.length > 0 ? { address: { type: 'PostalAddress', ...address, selfAssertedProperties: parts } } : {}),
    assuranceLevel: options.assuranceLevel ?? 3,
    ...(picture !== undefined && options.includePortrait !== false ? { portrait: picture } : {}),
  };
  if (subject.portrait !== undefined && !/^data:image\/(jpeg|png);base64,/.test(subject.portrait)) {
    throw legacyError(LegacyErrorCodes.INVALID_VALUE, 'Attribute "picture" is not a JPEG or PNG data URL.', 'picture');
  }
  const result: BcPersonMappingResult = checkSubject('PersonIdentityCredential', subject, source);
  const expiry = v['expiry_date_dateint'];
  if (expiry !== undefined) result.validUntil = `${dateintToIso(expiry, 'expiry_date_dateint')}T23:59:59Z`;
  return result;
}
