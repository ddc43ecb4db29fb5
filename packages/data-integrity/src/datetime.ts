/**
 * XML Schema 1.1 `dateTimeStamp` (a `dateTime` with a mandatory time zone), as VC Data Integrity 1.0
 * §2.1 requires for `created` and `expires`.
 */
const DATE_TIME_STAMP =
  /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-](0\d|1[0-3]):[0-5]\d|[+-]14:00)$/;

/** True when `value` is an XML Schema `dateTimeStamp` that denotes a real instant. */
export function isXmlDateTimeStamp(value: unknown): value is string {
  return typeof value === 'string' && DATE_TIME_STAMP.test(value) && !Number.isNaN(Date.parse(value));
}

/** `2023-02-24T23:36:38Z`: UTC, second precision (what the W3C vectors and most verifiers expect). */
export function formatXmlDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
