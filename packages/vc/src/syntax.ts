/**
 * Small syntax checks shared by the data model validation: URLs (absolute IRIs), XML Schema
 * dateTimeStamp values, language value objects and JSON Pointers.
 */

/**
 * True for an absolute URL/IRI: `scheme ":" rest` (RFC 3986 §3.1 scheme, RFC 3987 IRI characters),
 * no whitespace or control characters, something after the colon. VC DM 2.0 §4.4 ("Identifiers")
 * requires `id` values to be URLs; DIDs (`did:...`) and URNs qualify.
 */
export function isUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length < 3 || value.length > 8192) return false;
  // eslint-disable-next-line no-control-regex
  return /^[A-Za-z][A-Za-z0-9+.-]*:[^\s\u0000-\u001f\u007f<>"{}|\\^`]+$/.test(value);
}

/**
 * XML Schema 1.1 Part 2 `dateTimeStamp` (a `dateTime` whose timezone offset is required). This is the
 * regular expression VC DM 2.0 §4.8.1 ("Representing Time") gives, anchored, with `Z` or `±hh:mm`.
 */
const DATE_TIME_STAMP =
  /^-?(?:[1-9][0-9]{3,}|0[0-9]{3})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?|24:00:00(?:\.0+)?)(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))$/;

/** True when `value` is an XML Schema `dateTimeStamp` that also names a real instant (no 31 February). */
export function isDateTimeStamp(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE_TIME_STAMP.test(value)) return false;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return false;
  // Date.parse rolls 2024-02-31 over to March; compare the calendar date it read with the text.
  const [y, m, d] = value.replace(/^-/, '').split('T')[0]!.split('-').map(Number) as [number, number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/** Milliseconds since the epoch of a dateTimeStamp (callers check {@link isDateTimeStamp} first). */
export function instant(value: string): number {
  return Date.parse(value);
}

/**
 * A language value object (VC DM 2.0 §11.1): `@value` string, optional `@language` string and
 * `@direction` (`ltr` / `rtl`), no other keys.
 */
export function isLanguageValueObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const o = value as Record<string, unknown>;
  for (const key of Object.keys(o)) if (key !== '@value' && key !== '@language' && key !== '@direction') return false;
  if (typeof o['@value'] !== 'string') return false;
  if ('@language' in o && typeof o['@language'] !== 'string') return false;
  if ('@direction' in o && o['@direction'] !== 'ltr' && o['@direction'] !== 'rtl') return false;
  return true;
}

/** Appends reference tokens to a JSON Pointer (RFC 6901 §3, escaping `~` and `/`). */
export function pointer(base: string, ...tokens: Array<string | number>): string {
  return base + tokens.map((t) => '/' + String(t).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
