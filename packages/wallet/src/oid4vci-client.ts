/**
 * Holder side of OpenID for Verifiable Credential Issuance 1.0, pre-authorized code flow:
 * credential offer (§4.1) → issuer metadata (§12.2) → authorization server metadata (RFC 8414) →
 * token request (§6.1, `pre-authorized_code`, `tx_code`) → nonce (§7) → credential request (§8) with a
 * `jwt` proof of possession (§8.2.1.1, Appendix F.1, `typ: openid4vci-proof+jwt`).
 */
import { isObject, type Signer } from '@trustbridge/core';
import { signCompactJws } from '@trustbridge/jose';
import { walletError, WalletErrorCodes } from './errors.js';
import { checkUrl, formBody, oauthError, request, type HttpContext } from './http.js';

export const PRE_AUTHORIZED_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
export const OFFER_SCHEME = 'openid-credential-offer:';
export const PROOF_TYP = 'openid4vci-proof+jwt';

/** A credential offer (§4.1.1). */
export interface CredentialOffer {
  credential_issuer: string;
  credential_configuration_ids: string[];
  grants?: Record<string, unknown>;
}

/** One credential configuration from the issuer metadata (§12.2.4, Appendix A). */
export interface CredentialConfiguration {
  format: string;
  vct?: string;
  credential_definition?: { type?: string[]; '@context'?: string[] };
  [key: string]: unknown;
}

/** A credential as the issuer returned it, with its configuration. */
export interface IssuedCredential {
  configurationId: string;
  format: string;
  configuration: CredentialConfiguration;
  /** Object for `ldp_vc`, compact string for `jwt_vc_json` and `dc+sd-jwt`. */
  credential: unknown;
  credentialIssuer: string;
}

function invalidOffer(message: string): never {
  throw walletError(WalletErrorCodes.OFFER_INVALID, message);
}

/** Parses the offer text: an `openid-credential-offer://` URI, an https URL of the offer, or offer JSON. */
export async function resolveOffer(text: string, http: HttpContext): Promise<CredentialOffer> {
  if (typeof text !== 'string' || text.length === 0 || text.length > 64 * 1024) invalidOffer('The offer must be a non-empty string of at most 64 KiB.');
  const trimmed = text.trim();
  let value: unknown;
  if (trimmed.startsWith('{')) {
    value = parseJson(trimmed);
  } else {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      return invalidOffer('The offer is not a URI.');
    }
    const byValue = url.searchParams.get('credential_offer');
    const byReference = url.searchParams.get('credential_offer_uri');
    if (byValue !== null && byReference !== null) invalidOffer('An offer carries credential_offer or credential_offer_uri, not both.');
    if (byValue !== null) value = parseJson(byValue);
    else if (byReference !== null) value = await fetchJson(http, byReference, 'credential offer URI');
    else if (url.protocol === 'https:' || url.protocol === 'http:') value = await fetchJson(http, url.href, 'credential offer URI');
    else invalidOffer('The offer URI has neither credential_offer nor credential_offer_uri.');
  }
  if (!isObject(value)) invalidOffer('The credential offer is not a JSON object.');
  const offer = value as Record<string, unknown>;
  if (typeof offer['credential_issuer'] !== 'string') invalidOffer('credential_issuer is missing.');
  const ids = offer['credential_configuration_ids'];
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((i) => typeof i === 'string')) invalidOffer('credential_configuration_ids must be a non-empty array of strings.');
  checkUrl(offer['credential_issuer'], http, 'credential issuer');
  return offer as unknown as CredentialOffer;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return invalidOffer('The credential offer is not valid JSON.');
  }
}

async function fetchJson(http: HttpContext, url: string, what: string): Promise<unknown> {
  const res = await request(http, url, what);
  if (!res.ok || res.json === undefined) throw walletError(WalletErrorCodes.HTTP_FAILED, `The ${what} did not answer with JSON.`, { details: { status: res.status } });
  return res.json;
}

/** The well-known URL of `suffix` for an issuer identifier with a path (§12.2.2, RFC 8414 §3.1). */
export function wellKnownUrl(identifier: string, suffix: string): string {
  const url = new URL(identifier);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return `${url.origin}/.well-known/${suffix}${path}`;
}

export interface ReceiveFromIssuerOptions {
  http: HttpContext;
  txCode?: string;
  /** Signs the proof JWT; `signer.id` is the holder's DID URL (`kid`). */
  signer: Signer;
  /** `iat` of the proof in seconds. */
  now: () => number;
}

/**
 * Runs the pre-authorized code flow for every configuration of the offer and returns what the issuer
 * sent (not yet verified). Throws coded errors (`ERR_WALLET_TOKEN_REFUSED` carries the OAuth error,
 * e.g. `invalid_grant` for a replayed code, in `specCode`).
 */
export async function receiveFromIssuer(offer: CredentialOffer, options: ReceiveFromIssuerOptions): Promise<IssuedCredential[]> {
  const { http } = options;
  const grant = offer.grants?.[PRE_AUTHORIZED_GRANT];
  if (!isObject(grant) || typeof grant['pre-authorized_code'] !== 'string') {
    throw walletError(WalletErrorCodes.OFFER_INVALID, 'Only the pre-authorized code grant is supported and the offer has none.');
  }
  if (grant['tx_code'] !== undefined && (options.txCode === undefined || options.txCode === '')) {
    throw walletError(WalletErrorCodes.TX_CODE_REQUIRED, 'This offer needs a transaction code.', { details: { txCode: isObject(grant['tx_code']) ? grant['tx_code'] : {} } });
  }

  const metadata = await fetchJson(http, wellKnownUrl(offer.credential_issuer, 'openid-credential-issuer'), 'credential issuer metadata');
  if (!isObject(metadata) || metadata['credential_issuer'] !== offer.credential_issuer) {
    throw walletError(WalletErrorCodes.ISSUER_METADATA_INVALID, 'The issuer metadata does not name the offering issuer.');
  }
  const configurations = metadata['credential_configurations_supported'];
  const credentialEndpoint = metadata['credential_endpoint'];
  if (!isObject(configurations) || typeof credentialEndpoint !== 'string') {
    throw walletError(WalletErrorCodes.ISSUER_METADATA_INVALID, 'The issuer metadata lacks credential_endpoint or credential_configurations_supported.');
  }
  for (const id of offer.credential_configuration_ids) {
    if (!isObject(configurations[id])) throw walletError(WalletErrorCodes.ISSUER_METADATA_INVALID, 'The offer names a configuration the issuer does not publish.', { details: { id } });
  }

  // Authorization server: the offer's grant may name one of the issuer's; default the issuer itself.
  const servers = Array.isArray(metadata['authorization_servers']) ? (metadata['authorization_servers'] as unknown[]).filter((s): s is string => typeof s === 'string') : [];
  const asId = typeof grant['authorization_server'] === 'string' && servers.includes(grant['authorization_server']) ? grant['authorization_server'] : (servers[0] ?? offer.credential_issuer);
  let tokenEndpoint: unknown;
  const asMeta = await request(http, wellKnownUrl(asId, 'oauth-authorization-server'), 'authorization server metadata');
  if (asMeta.ok && isObject(asMeta.json)) tokenEndpoint = asMeta.json['token_endpoint'];
  if (typeof tokenEndpoint !== 'string') {
    const oidc = await request(http, wellKnownUrl(asId, 'openid-configuration'), 'authorization server metadata');
    if (oidc.ok && isObject(oidc.json)) tokenEndpoint = oidc.json['token_endpoint'];
  }
  if (typeof tokenEndpoint !== 'string') throw walletError(WalletErrorCodes.ISSUER_METADATA_INVALID, 'The authorization server publishes no token_endpoint.');

  const token = await request(http, tokenEndpoint, 'token endpoint', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: formBody({ grant_type: PRE_AUTHORIZED_GRANT, 'pre-authorized_code': grant['pre-authorized_code'], tx_code: grant['tx_code'] !== undefined ? options.txCode : undefined }),
  });
  if (!token.ok || !isObject(token.json) || typeof token.json['access_token'] !== 'string') {
    const specCode = oauthError(token.json);
    throw walletError(WalletErrorCodes.TOKEN_REFUSED, 'The issuer refused the pre-authorized code.', { ...(specCode ? { specCode } : {}), details: { status: token.status } });
  }
  const accessToken = token.json['access_token'];
  const tokenType = typeof token.json['token_type'] === 'string' && /^dpop$/i.test(token.json['token_type']) ? 'DPoP' : 'Bearer';

  const issued: IssuedCredential[] = [];
  for (const id of offer.credential_configuration_ids) {
    const configuration = configurations[id] as CredentialConfiguration;
    // §7: a fresh c_nonce per request from the nonce endpoint when the issuer has one.
    let nonce: string | undefined;
    if (typeof metadata['nonce_endpoint'] === 'string') {
      const n = await request(http, metadata['nonce_endpoint'], 'nonce endpoint', { method: 'POST' });
      if (!n.ok || !isObject(n.json) || typeof n.json['c_nonce'] !== 'string') throw walletError(WalletErrorCodes.CREDENTIAL_REFUSED, 'The nonce endpoint gave no c_nonce.', { details: { status: n.status } });
      nonce = n.json['c_nonce'];
    } else if (typeof token.json['c_nonce'] === 'string') {
      nonce = token.json['c_nonce'];
    }
    const proof = await signCompactJws(
      { typ: PROOF_TYP, kid: options.signer.id },
      { aud: offer.credential_issuer, iat: options.now(), ...(nonce !== undefined ? { nonce } : {}) },
      options.signer,
    );
    const res = await request(http, credentialEndpoint, 'credential endpoint', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `${tokenType} ${accessToken}` },
      body: JSON.stringify({ credential_configuration_id: id, proofs: { jwt: [proof] } }),
    });
    if (!res.ok || !isObject(res.json)) {
      const specCode = oauthError(res.json);
      throw walletError(WalletErrorCodes.CREDENTIAL_REFUSED, 'The issuer refused the credential request.', { ...(specCode ? { specCode } : {}), details: { status: res.status } });
    }
    const credentials = res.json['credentials'];
    if (!Array.isArray(credentials) || credentials.length === 0) {
      throw walletError(WalletErrorCodes.CREDENTIAL_REFUSED, 'The credential response holds no credentials (deferred issuance is not supported).');
    }
    for (const entry of credentials) {
      const credential = isObject(entry) ? entry['credential'] : undefined;
      if (credential === undefined) throw walletError(WalletErrorCodes.CREDENTIAL_REFUSED, 'A credentials entry has no credential.');
      issued.push({ configurationId: id, format: configuration.format, configuration, credential, credentialIssuer: offer.credential_issuer });
    }
  }
  return issued;
}
