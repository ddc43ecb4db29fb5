/** Recognising credential offer and presentation request links before handing them to the wallet. */

/** Longest offer or request link accepted from the pages (a by-value offer fits easily). */
export const MAX_LINK_CHARS = 16 * 1024;

const LOOPBACK_HTTP = /^http:\/\/(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?\//i;

/** True for `openid-credential-offer://…`, an https offer URL, or http on loopback (local demos). */
export function isOfferLink(value: string): boolean {
  if (value.length === 0 || value.length > MAX_LINK_CHARS || /\s/.test(value)) return false;
  return /^openid-credential-offer:\/\/./i.test(value) || /^https:\/\/[^/?#]+/i.test(value) || LOOPBACK_HTTP.test(value);
}

/** True for `openid4vp://…`, an https request URL, or http on loopback. */
export function isRequestLink(value: string): boolean {
  if (value.length === 0 || value.length > MAX_LINK_CHARS || /\s/.test(value)) return false;
  return /^openid4vp:\/\/./i.test(value) || /^https:\/\/[^/?#]+/i.test(value) || LOOPBACK_HTTP.test(value);
}

/** True when a redirect target given by a verifier may be shown as a link (https, or http on loopback). */
export function isSafeRedirect(value: string | undefined): value is string {
  return typeof value === 'string' && value.length <= 2048 && (/^https:\/\/[^/?#]+/i.test(value) || LOOPBACK_HTTP.test(value));
}

/** The transaction-code prompt an offer given by value asks for (OpenID4VCI 1.0 §4.1.1 `tx_code`). */
export interface TxCodePrompt {
  length?: number;
  numeric?: boolean;
  description?: string;
}

/**
 * The `tx_code` object of a by-value offer's pre-authorized code grant, when it has one. Offers by
 * reference (`credential_offer_uri`) are not fetched here: the wallet reports a missing code instead.
 */
export function txCodeOfOffer(offer: string): TxCodePrompt | undefined {
  const query = offer.indexOf('?');
  if (query < 0) return undefined;
  const value = new URLSearchParams(offer.slice(query + 1)).get('credential_offer');
  if (!value) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  const grant = (parsed as { grants?: Record<string, { tx_code?: unknown }> })?.grants?.['urn:ietf:params:oauth:grant-type:pre-authorized_code'];
  const tx = grant?.tx_code;
  if (tx === undefined || tx === null || typeof tx !== 'object') return undefined;
  const { length, input_mode: mode, description } = tx as { length?: unknown; input_mode?: unknown; description?: unknown };
  return {
    ...(typeof length === 'number' && Number.isInteger(length) && length > 0 && length < 64 ? { length } : {}),
    ...(mode === 'numeric' || mode === undefined ? { numeric: true } : {}),
    ...(typeof description === 'string' ? { description: description.slice(0, 300) } : {}),
  };
}
