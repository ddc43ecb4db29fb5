/**
 * Shared helpers for mapping legacy (AnonCreds / OrgBook) attributes: attribute reading with coded
 * errors, `dateint` dates, display-casing of upper-case names.
 */
import { TrustBridgeError, isObject } from '@trustbridge/core';
import { JURISDICTIONS, type Jurisdiction, type VocabCredentialType } from '../constants.js';
import { validateCredentialSubject } from '../validate.js';

/** Error codes of the legacy mappings. */
export const LegacyErrorCodes = {
  /** An attribute the source schema does not define (likely a typo or another schema). */
  UNKNOWN_ATTRIBUTE: 'ERR_VOCAB_LEGACY_UNKNOWN_ATTRIBUTE',
  /** A required attribute is absent (not revealed, or a different credential). */
  MISSING_ATTRIBUTE: 'ERR_VOCAB_LEGACY_MISSING_ATTRIBUTE',
  /** An attribute's value cannot be normalised (unknown role, impossible date, bad number…). */
  INVALID_VALUE: 'ERR_VOCAB_LEGACY_INVALID_VALUE',
  /** Two related inputs disagree (e.g. a BN credential for another registration). */
  MISMATCH: 'ERR_VOCAB_LEGACY_MISMATCH',
} as const;

/**
 * A legacy attribute value: AnonCreds raw values are strings; `dateint` attributes may arrive as
 * numbers; a revealed attribute from an Aries presentation is `{ raw, encoded }`.
 */
export type LegacyAttributeValue = string | number | { raw: string; encoded?: string };

/** Legacy attributes by name. */
export type LegacyAttributes = Record<string, LegacyAttributeValue | null | undefined>;

/** Options common to the legacy mappings. */
export interface LegacyMappingOptions {
  /** Accept (and ignore) attributes the source schema does not define. Default `false`: they are errors. */
  ignoreUnknown?: boolean;
}

/** How person names from upper-case sources are written. */
export type NameCase = 'display' | 'source';

/** The outcome of a legacy mapping: a subject of one vocabulary type. */
export interface LegacyMappingResult<T> {
  type: VocabCredentialType;
  subject: T;
}

/** A coded legacy-mapping error naming the attribute (never its value). */
export function legacyError(code: string, message: string, attribute: string): TrustBridgeError {
  // Never the value: these attributes are personal information.
  return new TrustBridgeError(code, message, { details: { attribute } });
}

/** Reads attributes: rejects unknown names (unless allowed) and missing required ones; blank → undefined. */
export function readAttributes(
  source: string,
  attributes: unknown,
  known: readonly string[],
  required: readonly string[],
  options: LegacyMappingOptions,
): Record<string, string | undefined> {
  if (!isObject(attributes)) {
    throw new TrustBridgeError(LegacyErrorCodes.INVALID_VALUE, `${source} attributes must be an object.`, { details: { attribute: '' } });
  }
  const out: Record<string, string | undefined> = {};
  for (const [name, raw] of Object.entries(attributes)) {
    if (!known.includes(name)) {
      if (options.ignoreUnknown === true) continue;
      throw legacyError(LegacyErrorCodes.UNKNOWN_ATTRIBUTE, `${source} has no attribute "${name.slice(0, 64)}".`, name.slice(0, 64));
    }
    out[name] = rawString(raw, name);
  }
  for (const name of required) {
    if (!(name in attributes) || attributes[name] === null || attributes[name] === undefined) {
      throw legacyError(LegacyErrorCodes.MISSING_ATTRIBUTE, `${source} attribute "${name}" is missing.`, name);
    }
  }
  return out;
}

function rawString(value: unknown, name: string): string | undefined {
  let v: unknown = value;
  if (isObject(v) && 'raw' in v) v = v['raw'];
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) v = String(v);
  if (typeof v !== 'string') throw legacyError(LegacyErrorCodes.INVALID_VALUE, `Attribute "${name}" is not a string.`, name);
  if (v.length > 100_000) throw legacyError(LegacyErrorCodes.INVALID_VALUE, `Attribute "${name}" is too long.`, name);
  const trimmed = v.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Requires a non-blank value. */
export function requireValue(values: Record<string, string | undefined>, name: string, source: string): string {
  const v = values[name];
  if (v === undefined) throw legacyError(LegacyErrorCodes.MISSING_ATTRIBUTE, `${source} attribute "${name}" is blank.`, name);
  return v;
}

/**
 * A `dateint` (`YYYYMMDD`, OCA standard urn:iso:std:iso:1989, sent as a string or an integer) → ISO
 * 8601 date `YYYY-MM-DD`. Rejects impossible dates (20230230).
 */
export function dateintToIso(value: string, attribute: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!m) throw legacyError(LegacyErrorCodes.INVALID_VALUE, `Attribute "${attribute}" is not a YYYYMMDD date.`, attribute);
  return checkedDate(`${m[1]}-${m[2]}-${m[3]}`, attribute);
}

/**
 * An OrgBook date (ISO 8601 date or date-time, e.g. `2019-03-21T08:00:00+00:00`) → `YYYY-MM-DD`.
 * The date part is kept as written: the BC pipeline converts local midnight to UTC, which stays on
 * the same calendar day.
 */
export function isoDatePart(value: string, attribute: string): string {
  if (/^\d{8}$/.test(value)) return dateintToIso(value, attribute);
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (!m) throw legacyError(LegacyErrorCodes.INVALID_VALUE, `Attribute "${attribute}" is not an ISO 8601 date.`, attribute);
  return checkedDate(m[1]!, attribute);
}

function checkedDate(iso: string, attribute: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso || iso < '1800-01-01') {
    throw legacyError(LegacyErrorCodes.INVALID_VALUE, `Attribute "${attribute}" is not a valid date.`, attribute);
  }
  return iso;
}

/**
 * Writes an all-upper-case person name in display case: each part starts upper-case after a space,
 * hyphen, apostrophe or period ("TREMBLAY-CÔTÉ" → "Tremblay-Côté", "O'BRIEN" → "O'Brien",
 * "ST. JOHN" → "St. John"). Names with any lower-case letter are left as written. Lossy by nature
 * ("MACDONALD" → "Macdonald"): matching must compare case-insensitively anyway.
 */
export function displayCaseName(name: string): string {
  if (name !== name.toUpperCase()) return name;
  const lower = name.toLowerCase();
  let out = '';
  let start = true;
  for (const ch of lower) {
    out += start ? ch.toUpperCase() : ch;
    start = ch === ' ' || ch === '-' || ch === "'" || ch === '\u2019' || ch === '.';
  }
  return out;
}

/** Collapses runs of whitespace. */
export function collapseSpaces(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

const PROVINCES = new Set(JURISDICTIONS.filter((j) => j !== 'CA').map((j) => j.slice(3)));

/** A registry jurisdiction code (`BC`, `CA-BC`, `CA`, `FD`) → ISO 3166-2 Canadian jurisdiction, or undefined. */
export function canadianJurisdiction(code: string): Jurisdiction | undefined {
  const c = code.toUpperCase();
  if (c === 'CA' || c === 'FD' || c === 'FEDERAL') return 'CA';
  if (PROVINCES.has(c)) return `CA-${c}` as Jurisdiction;
  if ((JURISDICTIONS as readonly string[]).includes(c)) return c as Jurisdiction;
  return undefined;
}

/**
 * Splits a CRA number: 9 digits → BN9; 15 characters → BN9 + BN15. Spaces are ignored.
 * Returns undefined for blank input; throws for anything else.
 */
export function craNumbers(value: string | undefined, attribute: string): { businessNumber?: string; programAccountNumber?: string } {
  if (value === undefined) return {};
  const v = value.replace(/\s+/g, '').toUpperCase();
  if (/^\d{9}$/.test(v)) return { businessNumber: v };
  if (/^\d{9}[A-Z]{2}\d{4}$/.test(v)) return { businessNumber: v.slice(0, 9), programAccountNumber: v };
  throw legacyError(LegacyErrorCodes.INVALID_VALUE, `Attribute "${attribute}" is not a CRA business number.`, attribute);
}

/** Validates a mapped subject; a failure is a mapping bug or a value out of range → INVALID_VALUE. */
export function checkSubject<T>(type: VocabCredentialType, subject: T, source: string): LegacyMappingResult<T> {
  const result = validateCredentialSubject(type, subject);
  if (!result.valid) {
    throw new TrustBridgeError(LegacyErrorCodes.INVALID_VALUE, `${source} attributes do not map onto a valid ${type}.`, {
      details: { attribute: '', problems: result.problems },
    });
  }
  return { type, subject };
}
