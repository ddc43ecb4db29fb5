/** Strict RFC 3339 UTC instants and the jurisdiction rule. */

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

/** Milliseconds of an RFC 3339 UTC instant (`…Z` only), or `NaN` when it is not one. */
export function instantMs(value: unknown): number {
  if (typeof value !== 'string' || !INSTANT.test(value)) return Number.NaN;
  return Date.parse(value);
}

/** True for an RFC 3339 date-time in UTC with a `Z` offset (the form TRQP v2 requires). */
export function isInstant(value: unknown): value is string {
  return !Number.isNaN(instantMs(value));
}

const JURISDICTION = /^(?:\*|[A-Z]{2}(?:-\*|-[A-Z0-9]{1,3})?)$/;

/** True for `*`, an ISO 3166-1 alpha-2 code, `XX-*`, or an ISO 3166-2 code such as `CA-BC`. */
export function isJurisdiction(value: unknown): value is string {
  return typeof value === 'string' && JURISDICTION.test(value);
}

/**
 * Whether a granted jurisdiction covers a requested one.
 *
 * Rule (docs/trust-registry.md): `CA` is the federal jurisdiction only, so a federal grant does not
 * cover a provincial subject (a CBCA corporation is not a BC company). `CA-*` covers every province and
 * territory (`CA-BC`, `CA-AB`…) but not `CA`; `*` covers everything; otherwise the codes must be equal.
 */
export function jurisdictionCovers(granted: string, requested: string): boolean {
  if (granted === requested || granted === '*') return true;
  if (granted.endsWith('-*')) {
    const prefix = granted.slice(0, -1); // "CA-"
    return requested.startsWith(prefix) && requested.length > prefix.length && !requested.endsWith('*');
  }
  return false;
}
