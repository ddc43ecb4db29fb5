/**
 * The OpenID4VCI 1.0 Credential Issuer (and its own Authorization Server, for the Pre-Authorized Code
 * flow) as framework-free handlers. State lives in `@trustbridge/store` protocol sessions: single use,
 * expiring, with a failed-attempt budget.
 *
 * | session kind | id | single use |
 * | --- | --- | --- |
 * | `oid4vci.offer` | offer id (in `credential_offer_uri`) | fetched once (§4.1.3) |
 * | `oid4vci.pre-auth` | SHA-256 of the pre-authorized code | redeemed once; locks after `txCodeMaxAttempts` wrong `tx_code`s (§6.1, §13.6) |
 * | `oid4vci.token` | SHA-256 of the access token | expires; scope = the offer's configurations |
 * | `oid4vci.c-nonce` | SHA-256 of the `c_nonce` | consumed by one key proof (§7) |
 * | `oid4vci.issued` | `<offer id>:<configuration id>` | created once: one credential per configuration per offer |
 *
 * Codes and tokens are stored only as digests, so a database read does not yield a usable secret.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import {
  TrustBridgeError,
  base64urlEncode,
  isObject,
  systemClock,
  type Clock,
  type DidResolver,
  type DocumentLoader,
  type JsonWebKey,
  type Signer,
} from '@trustbridge/core';
import { createDidResolver, createVerificationMethodResolver } from '@trustbridge/did';
import { createDocumentLoader } from '@trustbridge/jsonld';
import {
  StoreErrors,
  consumeProtocolSession,
  createProtocolSession,
  getProtocolSession,
  randomInt,
  recordProtocolSessionFailure,
  systemRandom,
  type RandomSource,
  type SqlExecutor,
} from '@trustbridge/store';
import { issueCredential } from '@trustbridge/vc';
import {
  TOP_LEVEL_RENAMES,
  claimCatalog,
  createVocabCredential,
  sdJwtClaimPath,
  validateCredentialSubject,
  vctOf,
  vocabContexts,
  type VocabCredentialType,
} from '@trustbridge/vocab';
import { configurationMetadata, vocabCredentialConfigurations, type CredentialConfiguration } from './configurations.js';
import { Oid4vciErrors, oid4vciError, type Oid4vciErrorKind } from './errors.js';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_BODY_DEPTH,
  bearerToken,
  errorResponse,
  json,
  readFormBody,
  readJsonBody,
  type Oid4vciRequest,
  type Oid4vciResponse,
} from './http.js';
import { verifyKeyProof } from './proof.js';

/** The Pre-Authorized Code grant type (OpenID4VCI 1.0 §4.1.1, §6.1). */
export const PRE_AUTHORIZED_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
/** The Credential Offer URI scheme for wallets that publish no offer endpoint (§4.1). */
export const CREDENTIAL_OFFER_SCHEME = 'openid-credential-offer://';

/** The endpoint paths, relative to the Credential Issuer Identifier. */
export const OID4VCI_PATHS = {
  issuerMetadata: '/.well-known/openid-credential-issuer',
  authorizationServerMetadata: '/.well-known/oauth-authorization-server',
  offers: '/oid4vci/offers',
  token: '/oid4vci/token',
  nonce: '/oid4vci/nonce',
  credential: '/oid4vci/credential',
} as const;

const KIND = {
  offer: 'oid4vci.offer',
  preAuth: 'oid4vci.pre-auth',
  token: 'oid4vci.token',
  nonce: 'oid4vci.c-nonce',
  issued: 'oid4vci.issued',
} as const;

/** Lifetimes, in seconds. */
export interface Oid4vciLifetimes {
  /** A credential offer and its pre-authorized code. Default 900. */
  offerSeconds?: number;
  /** An access token. Default 300. */
  accessTokenSeconds?: number;
  /** A `c_nonce`. Default 300. */
  nonceSeconds?: number;
  /** `validUntil` of issued credentials, from issuance. Default: none (no `validUntil`). */
  credentialValiditySeconds?: number;
}

/** Options of {@link createOid4vciIssuer}; every dependency comes in here. */
export interface Oid4vciIssuerOptions {
  /**
   * The Credential Issuer Identifier (§11.2.1): an `https` URL (or `http` on loopback for tests) with
   * no path, query or fragment; also the Authorization Server `issuer`. A function when the URL is
   * known only once the server listens.
   */
  credentialIssuer: string | (() => string);
  /** The issuer's DID and a signer naming its assertion key (`signer.id` a DID URL). */
  issuer: { id: string; signer: Signer };
  /** Where offers, codes, tokens and nonces live. */
  store: SqlExecutor;
  /** Resolves `kid` DID URLs of key proofs. Default: did:key and did:jwk offline. */
  resolver?: DidResolver;
  /** For `ldp_vc` / `jwt_vc_json` issuance. The vocabulary context is always served; other URLs go here. Default: bundled contexts only. */
  documentLoader?: DocumentLoader;
  clock?: Clock;
  /** Randomness for codes, tokens, nonces, offer ids and `tx_code`s. Default: the system CSPRNG. */
  random?: RandomSource;
  /** Bearer token that authorizes `POST /oid4vci/offers`. Without it offer creation over HTTP is disabled. */
  adminToken?: string;
  /** Issuer display names (§11.2.3 `display`). Default: "TrustBridge" in en-CA and fr-CA. */
  display?: Array<{ name: string; locale: string }>;
  /** Which configurations are supported. Default: every vocabulary type in `ldp_vc`, `jwt_vc_json`, `dc+sd-jwt`. */
  configurations?: Iterable<CredentialConfiguration>;
  lifetimes?: Oid4vciLifetimes;
  /** Wrong `tx_code`s tolerated before a pre-authorized code locks. Default 3. */
  txCodeMaxAttempts?: number;
  /** Oldest acceptable key proof `iat`, in seconds. Default 300. */
  maxProofAgeSeconds?: number;
  /** Clock skew tolerated for a key proof `iat` in the future. Default 60. */
  maxClockSkewSeconds?: number;
  /** Request body limits. Defaults 64 KiB, 16 levels. */
  limits?: { maxBodyBytes?: number; maxDepth?: number };
  /**
   * Last change to a W3C credential (`ldp_vc`, `jwt_vc_json`) before it is signed, e.g. to add a
   * Bitstring Status List `credentialStatus` entry. Not called for `dc+sd-jwt`.
   */
  prepareCredential?: (credential: Record<string, unknown>, context: { configuration: CredentialConfiguration }) => Promise<Record<string, unknown>>;
}

/** The transaction code requested for an offer (§4.1.1 `tx_code`). */
export interface TxCodeInput {
  /** Number of digits, 4–8. Default 6. */
  length?: number;
  /** Shown by the wallet, e.g. where the code was sent. At most 300 characters (§4.1.1). */
  description?: string;
  /** The code itself (digits); default: generated with the injected randomness. */
  value?: string;
}

/** Input of {@link Oid4vciIssuer.createOffer}. */
export interface CreateCredentialOfferInput {
  /** The offered configuration ids (at least one; each supported). */
  credentialConfigurationIds: readonly string[];
  /**
   * The subject claims per vocabulary type, without `id` (the holder is bound from the key proof).
   * Validated against the type's JSON Schema; stored server-side with the pre-authorized code.
   */
  credentialSubjects: Readonly<Partial<Record<VocabCredentialType, Record<string, unknown>>>>;
  /** Require a transaction code at the token endpoint. */
  txCode?: TxCodeInput;
}

/** A created offer. `txCode` goes to the holder out of band, never in the offer. */
export interface CreatedCredentialOffer {
  offerId: string;
  /** The Credential Offer object (§4.1.1). */
  credentialOffer: Record<string, unknown>;
  /** Where the offer is fetched once (§4.1.3). */
  credentialOfferUri: string;
  /** `openid-credential-offer://?credential_offer=...` (by value). */
  offerByValue: string;
  /** `openid-credential-offer://?credential_offer_uri=...` (by reference). */
  offerByReference: string;
  txCode?: string;
  expiresAt: string;
}

/** The issuer: offer creation for the issuing back office, and one handler per endpoint. */
export interface Oid4vciIssuer {
  /** The Credential Issuer Identifier now in force. */
  credentialIssuer(): string;
  /** Credential Issuer Metadata (§11.2). */
  issuerMetadata(): Record<string, unknown>;
  /** OAuth 2.0 Authorization Server Metadata (RFC 8414, §11.3). */
  authorizationServerMetadata(): Record<string, unknown>;
  /** Creates an offer with a pre-authorized code (back office; no authentication here). */
  createOffer(input: CreateCredentialOfferInput): Promise<CreatedCredentialOffer>;
  /** `POST /oid4vci/offers` (admin bearer token): {@link createOffer} over HTTP. */
  handleCreateOffer(request: Oid4vciRequest): Promise<Oid4vciResponse>;
  /** `GET /oid4vci/offers/:id`: the offer, once. */
  handleOfferUri(request: Oid4vciRequest, offerId: string): Promise<Oid4vciResponse>;
  /** `POST /oid4vci/token` (§6). */
  handleToken(request: Oid4vciRequest): Promise<Oid4vciResponse>;
  /** `POST /oid4vci/nonce` (§7). */
  handleNonce(request: Oid4vciRequest): Promise<Oid4vciResponse>;
  /** `POST /oid4vci/credential` (§8). */
  handleCredential(request: Oid4vciRequest): Promise<Oid4vciResponse>;
  /** Routes any request to the handler for its path and method; unknown paths answer 404. */
  handle(request: Oid4vciRequest): Promise<Oid4vciResponse>;
}

interface PreAuthData {
  offerId: string;
  configurationIds: string[];
  subjects: Record<string, Record<string, unknown>>;
  txCode?: { salt: string; digest: string };
}

interface TokenData {
  offerId: string;
  configurationIds: string[];
  subjects: Record<string, Record<string, unknown>>;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
const digestId = (secret: string): string => sha256(secret).toString('base64url');

function requireInt(value: unknown, fallback: number, min: number, max: number, what: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new TrustBridgeError('ERR_OID4VCI_OPTIONS_INVALID', `${what} must be an integer in ${min}–${max}.`);
  }
  return value;
}

/** Store session errors → the protocol's answer for that session. */
function sessionError(error: unknown, kinds: { unknown: Oid4vciErrorKind; used?: Oid4vciErrorKind; expired?: Oid4vciErrorKind; locked?: Oid4vciErrorKind }, message: string): never {
  const code = (error as { code?: unknown })?.code;
  if (code === StoreErrors.SESSION_UNKNOWN) throw oid4vciError(kinds.unknown, message);
  if (code === StoreErrors.SESSION_USED) throw oid4vciError(kinds.used ?? kinds.unknown, message);
  if (code === StoreErrors.SESSION_EXPIRED) throw oid4vciError(kinds.expired ?? kinds.unknown, message);
  if (code === StoreErrors.SESSION_LOCKED) throw oid4vciError(kinds.locked ?? kinds.unknown, message);
  throw error;
}

function checkIssuerUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TrustBridgeError('ERR_OID4VCI_OPTIONS_INVALID', 'credentialIssuer must be a URL.');
  }
  const loopback = parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost' || parsed.hostname === '[::1]';
  if (!(parsed.protocol === 'https:' || (parsed.protocol === 'http:' && loopback)) || parsed.search || parsed.hash || (parsed.pathname !== '/' && parsed.pathname !== '')) {
    throw new TrustBridgeError('ERR_OID4VCI_OPTIONS_INVALID', 'credentialIssuer must be an https origin (http only on loopback), without path, query or fragment.');
  }
  return parsed.origin;
}

function uuid(random: RandomSource): string {
  const b = random(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const secondsIso = (date: Date): string => new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/**
 * Creates an OpenID4VCI 1.0 Credential Issuer for the Pre-Authorized Code flow.
 *
 * @example
 * ```ts
 * const vci = createOid4vciIssuer({ credentialIssuer: 'https://issuer.example.ca', issuer: { id: did, signer }, store });
 * const offer = await vci.createOffer({
 *   credentialConfigurationIds: ['BusinessRegistrationCredential_dc_sd_jwt'],
 *   credentialSubjects: { BusinessRegistrationCredential: subject },
 *   txCode: { length: 6, description: 'Sent to you by SMS' },
 * });
 * offer.offerByReference; // openid-credential-offer://?credential_offer_uri=https%3A%2F%2F...
 * const answer = await vci.handle({ method: 'POST', url: '/oid4vci/nonce', headers: {} });
 * ```
 */
export function createOid4vciIssuer(options: Oid4vciIssuerOptions): Oid4vciIssuer {
  if (!isObject(options) || !options.store || !isObject(options.issuer) || typeof options.issuer.id !== 'string' || !options.issuer.signer) {
    throw new TrustBridgeError('ERR_OID4VCI_OPTIONS_INVALID', 'credentialIssuer, issuer { id, signer } and store are required.');
  }
  const { store, issuer } = options;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? systemRandom;
  const resolver = options.resolver ?? createDidResolver();
  const resolveVerificationMethod = createVerificationMethodResolver(resolver);
  // The vocabulary's JSON-LD context is bundled with `@trustbridge/vocab`, not with the default loader.
  const vocabLoader = createDocumentLoader({ extraContexts: vocabContexts as Record<string, unknown>, didResolver: resolver });
  const given = options.documentLoader;
  const documentLoader: DocumentLoader = given ? (url) => (url in vocabContexts ? vocabLoader(url) : given(url)) : vocabLoader;
  const configurations = new Map<string, CredentialConfiguration>();
  for (const c of options.configurations ?? vocabCredentialConfigurations().values()) configurations.set(c.id, c);
  const lifetimes = {
    offer: requireInt(options.lifetimes?.offerSeconds, 900, 1, 86_400, 'lifetimes.offerSeconds'),
    token: requireInt(options.lifetimes?.accessTokenSeconds, 300, 1, 86_400, 'lifetimes.accessTokenSeconds'),
    nonce: requireInt(options.lifetimes?.nonceSeconds, 300, 1, 86_400, 'lifetimes.nonceSeconds'),
    credential: options.lifetimes?.credentialValiditySeconds,
  };
  const txCodeMaxAttempts = requireInt(options.txCodeMaxAttempts, 3, 1, 100, 'txCodeMaxAttempts');
  const limits = {
    maxBytes: requireInt(options.limits?.maxBodyBytes, DEFAULT_MAX_BODY_BYTES, 1024, 1024 * 1024, 'limits.maxBodyBytes'),
    maxDepth: requireInt(options.limits?.maxDepth, DEFAULT_MAX_BODY_DEPTH, 2, 64, 'limits.maxDepth'),
  };
  const adminDigest = options.adminToken ? sha256(options.adminToken) : undefined;
  const display = options.display ?? [
    { name: 'TrustBridge', locale: 'en-CA' },
    { name: 'TrustBridge', locale: 'fr-CA' },
  ];
  const issuerUrl = (): string => checkIssuerUrl(typeof options.credentialIssuer === 'function' ? options.credentialIssuer() : options.credentialIssuer);
  const secret = (): string => base64urlEncode(random(32));

  function issuerMetadata(): Record<string, unknown> {
    const base = issuerUrl();
    return {
      credential_issuer: base,
      authorization_servers: [base],
      credential_endpoint: `${base}${OID4VCI_PATHS.credential}`,
      nonce_endpoint: `${base}${OID4VCI_PATHS.nonce}`,
      display,
      credential_configurations_supported: Object.fromEntries(
        [...configurations.values()].map((c) => [c.id, configurationMetadata(c, issuer.signer.algorithm)]),
      ),
    };
  }

  function authorizationServerMetadata(): Record<string, unknown> {
    const base = issuerUrl();
    return {
      issuer: base,
      token_endpoint: `${base}${OID4VCI_PATHS.token}`,
      grant_types_supported: [PRE_AUTHORIZED_CODE_GRANT],
      token_endpoint_auth_methods_supported: ['none'],
      // §11.3: the token endpoint accepts a Token Request without client authentication or client_id.
      'pre-authorized_grant_anonymous_access_supported': true,
      response_types_supported: [],
    };
  }

  function parseOfferInput(input: CreateCredentialOfferInput): { ids: string[]; subjects: Record<string, Record<string, unknown>> } {
    if (!isObject(input)) throw oid4vciError(Oid4vciErrors.OFFER_INVALID, 'The offer input must be an object.');
    const ids = input.credentialConfigurationIds;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 12 || ids.some((id) => typeof id !== 'string')) {
      throw oid4vciError(Oid4vciErrors.OFFER_INVALID, 'credential_configuration_ids must list 1–12 configuration ids.');
    }
    const unique = [...new Set(ids as string[])];
    const subjects: Record<string, Record<string, unknown>> = {};
    for (const id of unique) {
      const config = configurations.get(id);
      if (!config) throw oid4vciError(Oid4vciErrors.OFFER_INVALID, `Unsupported credential configuration: ${id.slice(0, 100)}.`);
      const subject = isObject(input.credentialSubjects) ? input.credentialSubjects[config.type] : undefined;
      if (!isObject(subject)) throw oid4vciError(Oid4vciErrors.CLAIMS_INVALID, `credential_subjects.${config.type} is required.`);
      if ('id' in subject) throw oid4vciError(Oid4vciErrors.CLAIMS_INVALID, 'The subject id is bound from the key proof; leave it out.');
      const result = validateCredentialSubject(config.type, subject);
      if (!result.valid) {
        const first = result.problems[0];
        throw oid4vciError(Oid4vciErrors.CLAIMS_INVALID, `credential_subjects.${config.type} does not match its schema${first ? ` at ${first.path}: ${first.message}` : ''}.`, {
          problems: result.problems,
        });
      }
      subjects[config.type] = structuredClone(subject);
    }
    return { ids: unique, subjects };
  }

  function parseTxCode(input: TxCodeInput | undefined): { value: string; length: number; description?: string } | undefined {
    if (input === undefined) return undefined;
    if (!isObject(input)) throw oid4vciError(Oid4vciErrors.OFFER_INVALID, 'tx_code must be an object.');
    const given: unknown = input.value;
    const description: unknown = input.description;
    if (given !== undefined && (typeof given !== 'string' || !/^[0-9]{4,8}$/.test(given))) {
      throw oid4vciError(Oid4vciErrors.OFFER_INVALID, 'tx_code value must be 4–8 digits.');
    }
    const length: unknown = typeof given === 'string' ? given.length : (input.length ?? 6);
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 4 || length > 8) {
      throw oid4vciError(Oid4vciErrors.OFFER_INVALID, 'tx_code length must be 4–8 digits.');
    }
    if (description !== undefined && (typeof description !== 'string' || description.length > 300)) {
      throw oid4vciError(Oid4vciErrors.OFFER_INVALID, 'tx_code description must be a string of at most 300 characters.');
    }
    const value = typeof given === 'string' ? given : Array.from({ length }, () => String(randomInt(10, random))).join('');
    return { value, length, ...(typeof description === 'string' ? { description } : {}) };
  }

  async function createOffer(input: CreateCredentialOfferInput): Promise<CreatedCredentialOffer> {
    const { ids, subjects } = parseOfferInput(input);
    const txCode = parseTxCode(input.txCode);
    const base = issuerUrl();
    const code = secret();
    const offerId = base64urlEncode(random(16));
    const salt = base64urlEncode(random(16));
    const data: PreAuthData = {
      offerId,
      configurationIds: ids,
      subjects,
      ...(txCode ? { txCode: { salt, digest: sha256(`${salt}:${txCode.value}`).toString('base64url') } } : {}),
    };
    const now = { clock };
    const session = await createProtocolSession(store, { kind: KIND.preAuth, id: digestId(code), data, ttlSeconds: lifetimes.offer, maxAttempts: txCodeMaxAttempts }, now);
    const credentialOffer = {
      credential_issuer: base,
      credential_configuration_ids: ids,
      grants: {
        [PRE_AUTHORIZED_CODE_GRANT]: {
          'pre-authorized_code': code,
          ...(txCode ? { tx_code: { input_mode: 'numeric', length: txCode.length, ...(txCode.description ? { description: txCode.description } : {}) } } : {}),
        },
      },
    };
    await createProtocolSession(store, { kind: KIND.offer, id: offerId, data: { credentialOffer }, ttlSeconds: lifetimes.offer }, now);
    const credentialOfferUri = `${base}${OID4VCI_PATHS.offers}/${offerId}`;
    return {
      offerId,
      credentialOffer,
      credentialOfferUri,
      offerByValue: `${CREDENTIAL_OFFER_SCHEME}?credential_offer=${encodeURIComponent(JSON.stringify(credentialOffer))}`,
      offerByReference: `${CREDENTIAL_OFFER_SCHEME}?credential_offer_uri=${encodeURIComponent(credentialOfferUri)}`,
      ...(txCode ? { txCode: txCode.value } : {}),
      expiresAt: session.expiresAt.toISOString(),
    };
  }

  function requireAdmin(request: Oid4vciRequest): void {
    if (!adminDigest) throw oid4vciError(Oid4vciErrors.ADMIN_DISABLED, 'Offer creation over HTTP is disabled on this service.');
    const token = bearerToken(request);
    if (token === undefined) throw oid4vciError(Oid4vciErrors.ADMIN_TOKEN_MISSING, 'A bearer token is required.');
    if (token === '' || !timingSafeEqual(sha256(token), adminDigest)) throw oid4vciError(Oid4vciErrors.ADMIN_TOKEN_INVALID, 'The bearer token is not valid for this service.');
  }

  async function handleCreateOffer(request: Oid4vciRequest): Promise<Oid4vciResponse> {
    requireAdmin(request);
    const body = readJsonBody(request, limits);
    const tx = body['tx_code'];
    const created = await createOffer({
      credentialConfigurationIds: body['credential_configuration_ids'] as string[],
      credentialSubjects: body['credential_subjects'] as CreateCredentialOfferInput['credentialSubjects'],
      ...(tx === true ? { txCode: {} } : tx !== undefined && tx !== false ? { txCode: tx as TxCodeInput } : {}),
    });
    return json(201, {
      offer_id: created.offerId,
      credential_offer: created.credentialOffer,
      credential_offer_uri: created.credentialOfferUri,
      offer_by_value: created.offerByValue,
      offer_by_reference: created.offerByReference,
      ...(created.txCode !== undefined ? { tx_code: created.txCode } : {}),
      expires_at: created.expiresAt,
    });
  }

  async function handleOfferUri(_request: Oid4vciRequest, offerId: string): Promise<Oid4vciResponse> {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(offerId)) throw oid4vciError(Oid4vciErrors.OFFER_UNKNOWN, 'Unknown credential offer.');
    let session;
    try {
      session = await consumeProtocolSession<{ credentialOffer: Record<string, unknown> }>(store, { kind: KIND.offer, id: offerId }, { clock });
    } catch (error) {
      sessionError(error, { unknown: Oid4vciErrors.OFFER_UNKNOWN, used: Oid4vciErrors.OFFER_USED, expired: Oid4vciErrors.OFFER_EXPIRED }, 'The credential offer is not available.');
    }
    return json(200, session.data.credentialOffer);
  }

  async function handleToken(request: Oid4vciRequest): Promise<Oid4vciResponse> {
    const form = readFormBody(request, limits.maxBytes);
    const grantType = form.get('grant_type');
    if (grantType === undefined) throw oid4vciError(Oid4vciErrors.REQUEST_INVALID, 'grant_type is required.');
    if (grantType !== PRE_AUTHORIZED_CODE_GRANT) throw oid4vciError(Oid4vciErrors.GRANT_TYPE_UNSUPPORTED, 'Only the pre-authorized code grant is supported.');
    const code = form.get('pre-authorized_code');
    if (code === undefined || code.length > 512) throw oid4vciError(Oid4vciErrors.REQUEST_INVALID, 'pre-authorized_code is required.');
    const key = { kind: KIND.preAuth, id: digestId(code) };
    const kinds = { unknown: Oid4vciErrors.GRANT_INVALID, used: Oid4vciErrors.GRANT_USED, expired: Oid4vciErrors.GRANT_EXPIRED, locked: Oid4vciErrors.GRANT_LOCKED };
    const message = 'The pre-authorized code is invalid, expired or already used.';
    let session;
    try {
      session = await getProtocolSession<PreAuthData>(store, key, { clock });
    } catch (error) {
      sessionError(error, kinds, message);
    }
    const txCode = form.get('tx_code');
    const expected = session.data.txCode;
    if (expected) {
      if (txCode === undefined) throw oid4vciError(Oid4vciErrors.TX_CODE_REQUIRED, 'tx_code is required for this pre-authorized code.');
      const given = sha256(`${expected.salt}:${txCode.slice(0, 64)}`);
      if (!timingSafeEqual(given, Buffer.from(expected.digest, 'base64url'))) {
        let remaining: number;
        try {
          remaining = await recordProtocolSessionFailure(store, key, { clock });
        } catch (error) {
          sessionError(error, kinds, message);
        }
        if (remaining <= 0) throw oid4vciError(Oid4vciErrors.GRANT_LOCKED, 'Too many wrong transaction codes: the pre-authorized code is locked.');
        throw oid4vciError(Oid4vciErrors.TX_CODE_INVALID, 'The transaction code is wrong.', { remainingAttempts: remaining });
      }
    } else if (txCode !== undefined) {
      throw oid4vciError(Oid4vciErrors.TX_CODE_UNEXPECTED, 'This pre-authorized code takes no tx_code.');
    }
    try {
      await consumeProtocolSession(store, key, { clock });
    } catch (error) {
      sessionError(error, kinds, message);
    }
    const accessToken = secret();
    const data: TokenData = { offerId: session.data.offerId, configurationIds: session.data.configurationIds, subjects: session.data.subjects };
    await createProtocolSession(store, { kind: KIND.token, id: digestId(accessToken), data, ttlSeconds: lifetimes.token }, { clock });
    return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: lifetimes.token });
  }

  async function handleNonce(_request: Oid4vciRequest): Promise<Oid4vciResponse> {
    const cNonce = secret();
    await createProtocolSession(store, { kind: KIND.nonce, id: digestId(cNonce), data: {}, ttlSeconds: lifetimes.nonce }, { clock });
    return json(200, { c_nonce: cNonce });
  }

  /** The single `jwt` key proof of a request: `proofs.jwt[0]` (§8.2), or the pre-final `proof` object. */
  function proofOf(body: Record<string, unknown>): unknown {
    const { proofs, proof } = body;
    if (proofs !== undefined && proof !== undefined) throw oid4vciError(Oid4vciErrors.CREDENTIAL_REQUEST_INVALID, 'Send proofs or proof, not both.');
    if (proofs !== undefined) {
      if (!isObject(proofs) || Object.keys(proofs).length !== 1) throw oid4vciError(Oid4vciErrors.CREDENTIAL_REQUEST_INVALID, 'proofs must name exactly one proof type.');
      const jwts = proofs['jwt'];
      if (!Array.isArray(jwts)) throw oid4vciError(Oid4vciErrors.PROOF_MALFORMED, 'Only the jwt proof type is supported.');
      // No batch issuance (no batch_credential_issuance in the metadata): exactly one proof.
      if (jwts.length !== 1) throw oid4vciError(Oid4vciErrors.CREDENTIAL_REQUEST_INVALID, 'proofs.jwt must hold exactly one key proof.');
      return jwts[0];
    }
    if (proof !== undefined) {
      if (!isObject(proof) || proof['proof_type'] !== 'jwt') throw oid4vciError(Oid4vciErrors.PROOF_MALFORMED, 'Only the jwt proof type is supported.');
      return proof['jwt'];
    }
    throw oid4vciError(Oid4vciErrors.PROOF_MISSING, 'A key proof is required.');
  }

  async function buildAndIssue(config: CredentialConfiguration, claims: Record<string, unknown>, holder: { did: string; jwk: JsonWebKey }): Promise<unknown> {
    const now = clock();
    const validUntil = lifetimes.credential !== undefined ? secondsIso(new Date(now.getTime() + lifetimes.credential * 1000)) : undefined;
    const sdJwt = config.format === 'dc+sd-jwt';
    const credential = createVocabCredential(config.type, (sdJwt ? claims : { id: holder.did, ...claims }) as never, {
      issuer: issuer.id,
      id: `urn:uuid:${uuid(random)}`,
      validFrom: secondsIso(now),
      ...(validUntil ? { validUntil } : {}),
    }) as unknown as Record<string, unknown>;
    if (sdJwt) {
      // SD-JWT VC reserves `status` (vocab's mapping: business `status` → `businessStatus`).
      const subject = Object.fromEntries(Object.entries(claims).map(([k, v]) => [TOP_LEVEL_RENAMES[k] ?? k, v]));
      const disclosable = claimCatalog[config.type]
        .filter((d) => d.path.length === 1 && d.sd !== 'never')
        .map((d) => sdJwtClaimPath(d.path)[0] as string)
        .filter((name) => name in subject);
      return issueCredential(
        { ...credential, credentialSubject: subject },
        { format: 'dc+sd-jwt', signer: issuer.signer, clock, sdJwt: { vct: vctOf(config.type), holderKey: holder.jwk, disclosureFrame: { _sd: disclosable } } },
      );
    }
    const prepared = options.prepareCredential ? await options.prepareCredential(credential, { configuration: config }) : credential;
    if (config.format === 'jwt_vc_json') {
      return issueCredential(prepared, { format: 'vc+jwt', signer: issuer.signer, clock, documentLoader });
    }
    return issueCredential(prepared, { signer: issuer.signer, clock, documentLoader });
  }

  async function handleCredential(request: Oid4vciRequest): Promise<Oid4vciResponse> {
    const token = bearerToken(request);
    if (token === undefined) throw oid4vciError(Oid4vciErrors.TOKEN_MISSING, 'An access token is required.');
    if (token === '' || token.length > 512) throw oid4vciError(Oid4vciErrors.TOKEN_INVALID, 'The access token is not valid.');
    let grant;
    try {
      grant = await getProtocolSession<TokenData>(store, { kind: KIND.token, id: digestId(token) }, { clock });
    } catch (error) {
      sessionError(error, { unknown: Oid4vciErrors.TOKEN_INVALID }, 'The access token is not valid.');
    }
    const body = readJsonBody(request, limits);
    if (body['credential_identifier'] !== undefined) {
      throw oid4vciError(Oid4vciErrors.CREDENTIAL_IDENTIFIER_UNKNOWN, 'This issuer issues no credential identifiers; send credential_configuration_id.');
    }
    if (body['credential_response_encryption'] !== undefined) {
      throw oid4vciError(Oid4vciErrors.CREDENTIAL_REQUEST_INVALID, 'Credential response encryption is not supported.');
    }
    const id = body['credential_configuration_id'];
    if (typeof id !== 'string' || id.length === 0) throw oid4vciError(Oid4vciErrors.CREDENTIAL_REQUEST_INVALID, 'credential_configuration_id is required.');
    const config = configurations.get(id);
    if (!config) throw oid4vciError(Oid4vciErrors.CONFIGURATION_UNKNOWN, 'Unknown credential configuration.');
    if (!grant.data.configurationIds.includes(id)) throw oid4vciError(Oid4vciErrors.CONFIGURATION_NOT_OFFERED, 'This credential configuration was not offered with this access token.');
    const proof = await verifyKeyProof(proofOf(body), {
      audience: issuerUrl(),
      now: clock(),
      resolveVerificationMethod,
      ...(options.maxProofAgeSeconds !== undefined ? { maxAgeSeconds: options.maxProofAgeSeconds } : {}),
      ...(options.maxClockSkewSeconds !== undefined ? { maxClockSkewSeconds: options.maxClockSkewSeconds } : {}),
    });
    try {
      await consumeProtocolSession(store, { kind: KIND.nonce, id: digestId(proof.nonce) }, { clock });
    } catch (error) {
      sessionError(error, { unknown: Oid4vciErrors.NONCE_INVALID }, 'The key proof nonce is not a fresh c_nonce of this issuer.');
    }
    // At most once: the marker is created before signing, so a failure after it never allows a second credential.
    try {
      await createProtocolSession(store, { kind: KIND.issued, id: `${grant.data.offerId}:${id}`.slice(0, 512), data: {}, ttlSeconds: 86_400 }, { clock });
    } catch (error) {
      if ((error as { code?: unknown })?.code === 'ERR_STORE_CONFLICT') {
        throw oid4vciError(Oid4vciErrors.ALREADY_ISSUED, 'This credential was already issued for this offer.');
      }
      throw error;
    }
    const claims = grant.data.subjects[config.type];
    if (!claims) throw oid4vciError(Oid4vciErrors.CONFIGURATION_NOT_OFFERED, 'No claims were stored for this configuration.');
    const credential = await buildAndIssue(config, claims, { did: proof.holderDid, jwk: proof.jwk });
    return json(200, { credentials: [{ credential }] });
  }

  const guard =
    <A extends unknown[]>(handler: (request: Oid4vciRequest, ...rest: A) => Promise<Oid4vciResponse>) =>
    async (request: Oid4vciRequest, ...rest: A): Promise<Oid4vciResponse> => {
      try {
        return await handler(request, ...rest);
      } catch (error) {
        return errorResponse(error);
      }
    };

  const api = {
    credentialIssuer: issuerUrl,
    issuerMetadata,
    authorizationServerMetadata,
    createOffer,
    handleCreateOffer: guard(handleCreateOffer),
    handleOfferUri: guard(handleOfferUri),
    handleToken: guard(handleToken),
    handleNonce: guard(handleNonce),
    handleCredential: guard(handleCredential),
  };

  async function route(request: Oid4vciRequest): Promise<Oid4vciResponse> {
    const path = new URL(request.url, 'http://localhost').pathname;
    const method = request.method.toUpperCase();
    const only = (allowed: string, run: () => Promise<Oid4vciResponse>): Promise<Oid4vciResponse> => {
      if (method === allowed || (allowed === 'GET' && method === 'HEAD')) return run();
      throw oid4vciError(Oid4vciErrors.METHOD_NOT_ALLOWED, `${method.slice(0, 16)} is not allowed here.`);
    };
    switch (path) {
      case OID4VCI_PATHS.issuerMetadata:
        return only('GET', async () => json(200, issuerMetadata(), { 'cache-control': 'public, max-age=300' }));
      case OID4VCI_PATHS.authorizationServerMetadata:
        return only('GET', async () => json(200, authorizationServerMetadata(), { 'cache-control': 'public, max-age=300' }));
      case OID4VCI_PATHS.offers:
        return only('POST', () => handleCreateOffer(request));
      case OID4VCI_PATHS.token:
        return only('POST', () => handleToken(request));
      case OID4VCI_PATHS.nonce:
        return only('POST', () => handleNonce(request));
      case OID4VCI_PATHS.credential:
        return only('POST', () => handleCredential(request));
      default:
        if (path.startsWith(`${OID4VCI_PATHS.offers}/`)) return only('GET', () => handleOfferUri(request, path.slice(OID4VCI_PATHS.offers.length + 1)));
        throw oid4vciError(Oid4vciErrors.NOT_FOUND, 'No OpenID4VCI resource at this path.');
    }
  }

  return { ...api, handle: guard(route) };
}
