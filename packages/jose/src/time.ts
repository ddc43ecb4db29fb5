/**
 * Validity windows: JWT NumericDate claims (RFC 7519 §4.1.4–4.1.6) and VC 2.0 `validFrom` /
 * `validUntil` (VC Data Model 2.0 §4.9), against an injected clock with a bounded skew.
 */
import { JoseErrorCodes, fail } from './errors.js';

/** Default tolerated clock skew, in seconds. */
export const DEFAULT_MAX_CLOCK_SKEW_SECONDS = 60;

function numericDate(payload: Record<string, unknown>, name: string): number | undefined {
  const v = payload[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw fail(JoseErrorCodes.JWT_CLAIM_INVALID, `The ${name} claim is not a NumericDate.`, `/${name}`);
  return v;
}

/** Checks `exp`, `nbf` and `iat` when present. `now` in seconds since the epoch. Throws a coded check error. */
export function checkJwtTimes(payload: Record<string, unknown>, now: number, skew: number): Record<string, number> {
  const exp = numericDate(payload, 'exp');
  const nbf = numericDate(payload, 'nbf');
  const iat = numericDate(payload, 'iat');
  if (exp !== undefined && now - skew >= exp) throw fail(JoseErrorCodes.JWT_EXPIRED, 'The token has expired.', '/exp');
  if (nbf !== undefined && now + skew < nbf) throw fail(JoseErrorCodes.JWT_NOT_YET_VALID, 'The token is not valid yet.', '/nbf');
  if (iat !== undefined && now + skew < iat) throw fail(JoseErrorCodes.JWT_IAT_IN_FUTURE, 'The token was issued in the future.', '/iat');
  return { ...(exp !== undefined ? { exp } : {}), ...(nbf !== undefined ? { nbf } : {}), ...(iat !== undefined ? { iat } : {}) };
}

// XML Schema dateTimeStamp as VC 2.0 requires (a time zone is mandatory).
const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

function dateTime(doc: Record<string, unknown>, name: string): number | undefined {
  const v = doc[name];
  if (v === undefined) return undefined;
  const ms = typeof v === 'string' && DATE_TIME.test(v) ? Date.parse(v) : Number.NaN;
  if (Number.isNaN(ms)) throw fail(JoseErrorCodes.JWT_CLAIM_INVALID, `${name} is not an XML Schema dateTimeStamp.`, `/${name}`);
  return ms / 1000;
}

/** Checks VC 2.0 `validFrom` / `validUntil` (and VC 1.1 `issuanceDate` / `expirationDate`). */
export function checkCredentialValidity(doc: Record<string, unknown>, now: number, skew: number): void {
  const from = dateTime(doc, 'validFrom') ?? dateTime(doc, 'issuanceDate');
  const until = dateTime(doc, 'validUntil') ?? dateTime(doc, 'expirationDate');
  if (until !== undefined && now - skew > until) throw fail(JoseErrorCodes.JWT_EXPIRED, 'The credential has expired (validUntil).', '/validUntil');
  if (from !== undefined && now + skew < from) throw fail(JoseErrorCodes.JWT_NOT_YET_VALID, 'The credential is not valid yet (validFrom).', '/validFrom');
}
