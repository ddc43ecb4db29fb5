/**
 * `createWallet`: the holder's wallet — a holder key in the key manager, credentials received over
 * OpenID4VCI, verified and stored encrypted through `store`, requests answered over OpenID4VP with
 * DCQL after the holder's consent, and a consent log.
 */
import { isObject, systemClock, type Clock, type DidResolver, type DocumentLoader, type FetchLike, type Signer } from '@trustbridge/core';
import { decodeEd25519PublicKeyMultibase, ed25519PublicKeyToJwk, type KeyManager } from '@trustbridge/keys';
import { createDidResolver } from '@trustbridge/did';
import { createDocumentLoader } from '@trustbridge/jsonld';
import { envelopeVcJwt, issuePresentationJwt, presentSdJwtVc, sameJwk } from '@trustbridge/jose';
import { createPresentation, signPresentation, verifyCredential, type VerifyCredentialOptions } from '@trustbridge/vc';
import { deleteWalletItem, getWalletItem, listWalletItems, putWalletItem, randomId, systemRandom, type RandomSource, type SqlClient } from '@trustbridge/store';
import type { Decision, TrustRegistryClient } from '@trustbridge/trust-registry';
import { isVocabCredentialType, typeForVct, vocabContexts, type DisplayLanguage } from '@trustbridge/vocab';
import { walletError, WalletErrorCodes } from './errors.js';
import { assertEncryptionKey, openItem, sealItem } from './sealed.js';
import type { HttpContext } from './http.js';
import { receiveFromIssuer, resolveOffer, type IssuedCredential } from './oid4vci-client.js';
import { postAuthorizationResponse, readAuthorizationRequest, type AuthorizationRequest } from './oid4vp-client.js';
import {
  dcqlAnswerSatisfies,
  evaluateInputDescriptor,
  matchCredentialQuery,
  matchDcqlQuery,
  requiredCredentialQueryIds,
  selectClaims,
  type DcqlCandidateCredential,
  type DcqlClaimsQuery,
  type DcqlCredentialQuery,
  type PexDescriptorMapEntry,
  type PexInputDescriptor,
  type PresentationDefinition,
} from '@trustbridge/protocols';
import {
  HELD_FORMATS,
  claimLabel,
  claimText,
  displayOf,
  summaryOf,
  vocabTypeOf,
  type HeldCredential,
  type HeldCredentialDetail,
  type HeldCredentialSummary,
  type HeldFormat,
  type StoredCredential,
} from './held.js';

/** Options of {@link createWallet}. */
export interface CreateWalletOptions {
  /** The store (embedded or PostgreSQL); the wallet writes only encrypted `wallet_items`. */
  store: SqlClient;
  /** The wallet owner (an account id); items are keyed by owner. */
  owner: string;
  /** Holds the holder key (`holder`), e.g. a `FileKeyManager`. */
  keyManager: KeyManager;
  /** 32-byte AES-256-GCM key for items at rest. */
  encryptionKey: Uint8Array;
  /** Outbound HTTP (to issuers and verifiers). */
  fetch: FetchLike;
  /** DID resolver for issuers and verifiers. Default: did:key and did:jwk offline. */
  resolver?: DidResolver;
  /** JSON-LD document loader. Default: bundled contexts plus the TrustBridge vocabulary context, DIDs through `resolver`. */
  documentLoader?: DocumentLoader;
  /** Trust registry, asked whether a verifier may ask for what it asks. */
  trustClient?: TrustRegistryClient;
  clock?: Clock;
  /** Random bytes (IVs, ids). Default: the system CSPRNG. */
  random?: RandomSource;
  /** Allow http and private / loopback addresses. Tests only. */
  allowPrivateNetworks?: boolean;
  /** Extra options for verifying received credentials (status check, trust check, issuer keys). */
  verifyOptions?: Omit<VerifyCredentialOptions, 'clock' | 'resolver'>;
  /** Key id of the holder key in the key manager. Default `holder`. */
  holderKeyId?: string;
  /** How long a review stays answerable when the request has no `exp`, in seconds. Default 600. */
  reviewTtlSeconds?: number;
  /**
   * Accept unsigned presentation requests (`redirect_uri:` clients: plain parameters by value or an
   * `alg: none` request object). Default false: refused with `ERR_WALLET_REQUEST_NOT_SIGNED`.
   */
  allowUnsignedRequests?: boolean;
}

/** A claims path over the stored claims (`null` = every array element). */
export type ClaimPath = (string | number | null)[];

/** A held credential that answers a query, with the claims it would disclose. */
interface DcqlMatch {
  credential: StoredCredential;
  /** The requested claims (paths over the stored claims) and their values. */
  claims: Array<{ path: ClaimPath; value: unknown }>;
  /** True when the query names no claims: the whole credential is requested. */
  all: boolean;
}

/** One query of a request, DCQL credential query or PE input descriptor, as the wallet handles it. */
interface WalletQuery {
  id: string;
  required: boolean;
  format: string;
  /** Requested claim paths; undefined when the whole credential is requested. */
  claimPaths?: ClaimPath[];
  /** Vocabulary credential types the query names (for the trust registry). */
  typeHints: string[];
  match(item: StoredCredential): DcqlMatch | undefined;
  descriptor?: PexInputDescriptor;
}

/** A warning shown before consent. */
export interface ConsentWarning {
  code: string;
  message: string;
}

/** One claim a candidate credential would disclose. */
export interface ReviewClaim {
  path: ClaimPath;
  label: string;
  requested: true;
  value: string;
}

/** What the holder reviews before answering a presentation request. */
export interface PresentationReview {
  id: string;
  verifier: {
    clientId: string;
    name?: string;
    purpose?: string;
    trust: { decision: 'trusted' | 'not-trusted' | 'indeterminate'; authorizedForPurpose: boolean; warnings: ConsentWarning[] };
  };
  queries: Array<{
    id: string;
    required: boolean;
    format: string;
    /** True when the query names no claims: the whole credential would be shown. */
    wholeCredential: boolean;
    candidates: Array<{ credentialId: string; title: string; claims: ReviewClaim[] }>;
  }>;
  satisfiable: boolean;
  /** When the review stops being answerable (ISO 8601). */
  expiresAt: string;
}

/** The holder's answer. */
export type ConsentDecision = { consent: true; selections: Array<{ queryId: string; credentialId: string }> } | { consent: false };

/** One entry of the consent log. */
export interface ConsentRecord {
  id: string;
  at: string;
  verifier: { clientId: string; name?: string; purpose?: string; decision: string; warnings: ConsentWarning[] };
  requested: Array<{ queryId: string; claims: string[]; wholeCredential: boolean }>;
  decision: 'sent' | 'declined';
  /** What left the wallet. */
  disclosed: Array<{ queryId: string; credentialId: string; format: HeldFormat; types: string[]; claims: string[]; wholeCredential: boolean }>;
  /** The verifier's HTTP status for the response. */
  responseStatus?: number;
}

/** The wallet. */
export interface Wallet {
  /** The holder's did:key (the key is created on first use). */
  holderDid(): Promise<string>;
  /** Receives the credentials of an offer (`openid-credential-offer://…` or an https URL), verifies and stores them. */
  receiveOffer(offer: string, options?: { txCode?: string }): Promise<HeldCredential[]>;
  listCredentials(options?: { lang?: DisplayLanguage }): Promise<HeldCredentialSummary[]>;
  /** Throws `ERR_WALLET_CREDENTIAL_NOT_FOUND`. */
  getCredential(id: string, options?: { lang?: DisplayLanguage }): Promise<HeldCredentialDetail>;
  deleteCredential(id: string): Promise<void>;
  /** Reads and verifies a presentation request (`openid4vp://…`) and prepares what to show for consent. */
  reviewRequest(request: string, options?: { lang?: DisplayLanguage }): Promise<PresentationReview>;
  /** Answers a review once: sends the selected presentations or declines. */
  respond(reviewId: string, decision: ConsentDecision): Promise<{ status: 'sent' | 'declined'; redirectUri?: string }>;
  /** Every consent decision, oldest first. */
  consentLog(): Promise<ConsentRecord[]>;
}

interface PendingReview {
  review: PresentationReview;
  request: AuthorizationRequest;
  queries: WalletQuery[];
  matches: Map<string, Map<string, DcqlMatch>>;
  expiresAtMs: number;
}

const KIND_CREDENTIAL = 'credential';
const KIND_CONSENT = 'consent';

function pointer(path: ClaimPath): string {
  const upTo = path.findIndex((s) => s === null);
  const segs = upTo < 0 ? path : path.slice(0, upTo);
  return '/' + segs.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function pathText(path: ClaimPath): string {
  return path.map((s) => (s === null ? '*' : String(s))).join('.');
}

/** Registry attribute names of a claim path (the vocabulary's names; `status` → `businessStatus`). */
const ATTRIBUTE_NAMES: Record<string, string> = { status: 'businessStatus', entityType: 'businessType', roles: 'role' };
function attributeOf(path: ClaimPath): string | undefined {
  const last = [...path].reverse().find((s): s is string => typeof s === 'string');
  return last === undefined ? undefined : (ATTRIBUTE_NAMES[last] ?? last);
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value['id'] === 'string') return value['id'];
  return undefined;
}

function typesOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : typeof value === 'string' ? [value] : [];
}

const RANK = { trusted: 0, indeterminate: 1, 'not-trusted': 2 } as const;

/** A held credential as the shared DCQL matcher sees it. */
function candidateOf(item: StoredCredential): DcqlCandidateCredential {
  return { id: item.id, format: item.format, claims: item.claims, types: item.types, ...(item.vct ? { vct: item.vct } : {}) };
}

/** The value(s) a claims query selects (through the shared §7 claims path processing). */
function claimValue(claims: Record<string, unknown>, query: Pick<DcqlClaimsQuery, 'path' | 'values'>): unknown {
  const selected = (selectClaims(claims, query.path) ?? []).map((s) => s.value).filter((v) => !query.values || query.values.some((w) => w === v));
  return selected.length === 1 ? selected[0] : selected;
}

function dcqlQueryOf(q: DcqlCredentialQuery, required: boolean): WalletQuery {
  const typeHints = [
    ...(q.meta.vct_values ?? []).map((v) => typeForVct(v)).filter((t): t is NonNullable<typeof t> => t !== undefined),
    ...(q.meta.type_values ?? []).flat().filter((t) => isVocabCredentialType(t)),
  ];
  return {
    id: q.id,
    required,
    format: q.format,
    ...(q.claims ? { claimPaths: q.claims.map((c) => c.path) } : {}),
    typeHints,
    match(item) {
      const m = matchCredentialQuery(q, candidateOf(item));
      if (!m) return undefined;
      if (!q.claims) return { credential: item, claims: [], all: true };
      const chosen = m.claimSet ? q.claims.filter((c) => c.id !== undefined && m.claimSet!.includes(c.id)) : q.claims;
      return { credential: item, claims: chosen.map((c) => ({ path: c.path, value: claimValue(item.claims, c) })), all: false };
    },
  };
}

function pexQueryOf(definition: PresentationDefinition, d: PexInputDescriptor): WalletQuery {
  const fields = d.constraints.fields ?? [];
  const limit = d.constraints.limit_disclosure === 'required';
  const designation = d.format ?? definition.format;
  return {
    id: d.id,
    required: true,
    format: designation ? Object.keys(designation).join(' ') : 'any',
    ...(fields.length > 0 || limit ? { claimPaths: fields.map((f) => jsonPathToClaimPath(f.path[0]!)) } : {}),
    typeHints: [],
    descriptor: d,
    match(item) {
      const m = evaluateInputDescriptor(definition, d, { format: item.format, claims: item.claims });
      if (!m) return undefined;
      if (fields.length === 0 && !limit) return { credential: item, claims: [], all: true };
      const claims = m.fieldPaths
        .filter((p): p is Array<string | number> => p !== undefined)
        .map((p) => ({ path: p.map((c) => (typeof c === 'number' ? null : c)) as ClaimPath, value: selectClaims(item.claims, p)?.[0]?.value }));
      return { credential: item, claims, all: false };
    },
  };
}

/** A display path for a JSONPath of the supported subset (`$.a[*].b` → `['a', null, 'b']`). */
function jsonPathToClaimPath(path: string): ClaimPath {
  const out: ClaimPath = [];
  for (const m of path.slice(1).matchAll(/\.([^.[\]]+)|\[(?:'([^']*)'|"([^"]*)"|(\d+)|(\*))\]/g)) {
    if (m[1] !== undefined) out.push(m[1] === '*' ? null : m[1]);
    else if (m[2] !== undefined || m[3] !== undefined) out.push((m[2] ?? m[3])!);
    else if (m[4] !== undefined) out.push(null);
    else out.push(null);
  }
  return out;
}

/** The queries of a request, DCQL or Presentation Exchange. */
function queriesOf(request: AuthorizationRequest): WalletQuery[] {
  if (request.presentationDefinition) {
    const def = request.presentationDefinition;
    return def.input_descriptors.map((d) => pexQueryOf(def, d));
  }
  const dcql = request.dcqlQuery!;
  const required = requiredCredentialQueryIds(dcql);
  return dcql.credentials.map((q) => dcqlQueryOf(q, required.has(q.id)));
}

/** Whether the answered query ids satisfy the request. */
function answerSatisfies(request: AuthorizationRequest, answered: ReadonlySet<string>): boolean {
  if (request.presentationDefinition) return request.presentationDefinition.input_descriptors.every((d) => answered.has(d.id));
  return dcqlAnswerSatisfies(request.dcqlQuery!, answered);
}

/** A `descriptor_map` entry (DIF PE 2.0 §6.1) for a presentation of a held credential at `$[index]`. */
function descriptorMapEntry(id: string, format: HeldFormat, index: number, descriptor: PexInputDescriptor | undefined): PexDescriptorMapEntry {
  const path = `$[${index}]`;
  if (format === 'dc+sd-jwt') {
    const designation = descriptor?.format;
    const name = designation && !('dc+sd-jwt' in designation) && 'vc+sd-jwt' in designation ? 'vc+sd-jwt' : 'dc+sd-jwt';
    return { id, format: name, path };
  }
  if (format === 'ldp_vc') return { id, format: 'ldp_vp', path, path_nested: { format: 'ldp_vc', path: '$.verifiableCredential[0]' } };
  return { id, format: 'jwt_vp_json', path, path_nested: { format: 'jwt_vc_json', path: '$.verifiableCredential[0]' } };
}

/**
 * Opens a wallet for one owner. Nothing is fetched until a method needs it.
 *
 * @example
 * ```ts
 * const wallet = await createWallet({ store, owner: 'alice', keyManager, encryptionKey, fetch });
 * await wallet.receiveOffer('openid-credential-offer://?credential_offer_uri=https%3A%2F%2F…', { txCode: '493536' });
 * const review = await wallet.reviewRequest('openid4vp://?client_id=…&request_uri=…');
 * await wallet.respond(review.id, { consent: true, selections: [{ queryId: 'business', credentialId: review.queries[0].candidates[0].credentialId }] });
 * ```
 */
export async function createWallet(options: CreateWalletOptions): Promise<Wallet> {
  if (!isObject(options)) throw walletError(WalletErrorCodes.OPTIONS_INVALID, 'options must be an object.');
  const { store, owner, keyManager, encryptionKey } = options;
  if (!store || typeof store.query !== 'function') throw walletError(WalletErrorCodes.OPTIONS_INVALID, 'store must be a SqlClient.');
  if (typeof owner !== 'string' || owner.length === 0 || owner.length > 200) throw walletError(WalletErrorCodes.OPTIONS_INVALID, 'owner must be a non-empty string.');
  if (!keyManager || typeof keyManager.signer !== 'function') throw walletError(WalletErrorCodes.OPTIONS_INVALID, 'keyManager must be a KeyManager.');
  assertEncryptionKey(encryptionKey);
  if (typeof options.fetch !== 'function') throw walletError(WalletErrorCodes.OPTIONS_INVALID, 'fetch must be a function.');
  const key = Uint8Array.from(encryptionKey);
  const clock = options.clock ?? systemClock;
  const random = options.random ?? systemRandom;
  const resolver = options.resolver ?? createDidResolver();
  const documentLoader = options.documentLoader ?? createDocumentLoader({ didResolver: resolver, extraContexts: vocabContexts as Record<string, unknown> });
  const http: HttpContext = { fetch: options.fetch, allowPrivateNetworks: options.allowPrivateNetworks === true };
  const holderKeyId = options.holderKeyId ?? 'holder';
  const reviewTtlMs = (options.reviewTtlSeconds ?? 600) * 1000;
  const pending = new Map<string, PendingReview>();
  const nowSeconds = () => Math.floor(clock().getTime() / 1000);

  let holder: Promise<{ did: string; vm: string; jwk: Record<string, unknown> }> | undefined;
  const holderKey = () =>
    (holder ??= (async () => {
      const info = (await keyManager.get(holderKeyId)) ?? (await keyManager.generate({ keyId: holderKeyId }));
      const did = `did:key:${info.publicKeyMultibase}`;
      return { did, vm: `${did}#${info.publicKeyMultibase}`, jwk: ed25519PublicKeyToJwk(decodeEd25519PublicKeyMultibase(info.publicKeyMultibase)) as unknown as Record<string, unknown> };
    })().catch((e: unknown) => {
      holder = undefined;
      throw e;
    }));
  const holderSigner = async (): Promise<Signer> => keyManager.signer(holderKeyId, (await holderKey()).vm);

  const put = async (id: string, kind: string, value: unknown) =>
    putWalletItem(store, { owner, id, kind, ciphertext: sealItem(value, key, owner, id, random) }, { clock });

  async function load(id: string): Promise<StoredCredential> {
    let item;
    try {
      item = await getWalletItem(store, { owner, id });
    } catch (cause) {
      throw walletError(WalletErrorCodes.CREDENTIAL_NOT_FOUND, 'No such credential in this wallet.', { cause });
    }
    if (item.kind !== KIND_CREDENTIAL) throw walletError(WalletErrorCodes.CREDENTIAL_NOT_FOUND, 'No such credential in this wallet.');
    return openItem<StoredCredential>(item.ciphertext, key, owner, id);
  }

  async function loadAll(kind: string): Promise<unknown[]> {
    const items = await listWalletItems(store, { owner, kind, limit: 10_000 });
    return items.map((i) => openItem<unknown>(i.ciphertext, key, owner, i.id));
  }

  async function verifyAndRecord(issued: IssuedCredential): Promise<StoredCredential> {
    const format = issued.format as HeldFormat;
    if (!HELD_FORMATS.includes(format)) throw walletError(WalletErrorCodes.FORMAT_UNSUPPORTED, 'The wallet does not hold this credential format.', { details: { format: String(issued.format) } });
    const raw = issued.credential;
    if (format === 'ldp_vc' ? !isObject(raw) : typeof raw !== 'string') throw walletError(WalletErrorCodes.CREDENTIAL_NOT_VERIFIED, 'The credential is not in the shape its format requires.');
    const result = await verifyCredential(raw, { documentLoader, ...options.verifyOptions, resolver, clock });
    if (!result.verified) {
      throw walletError(WalletErrorCodes.CREDENTIAL_NOT_VERIFIED, 'The received credential did not verify; nothing was stored.', {
        details: { problems: result.problems.map((p) => p.code) },
      });
    }
    const expected = format === 'ldp_vc' ? 'ldp_vc' : format === 'jwt_vc_json' ? 'vc+jwt' : 'dc+sd-jwt';
    if (result.format !== expected) throw walletError(WalletErrorCodes.CREDENTIAL_NOT_VERIFIED, 'The credential is not in the format the issuer announced.', { details: { format: String(result.format) } });
    const claims = (isObject(result.document) ? result.document : {}) as Record<string, unknown>;
    const me = await holderKey();
    let types: string[];
    let vct: string | undefined;
    let issuer: string | undefined;
    let issuedAt: string | undefined;
    if (format === 'dc+sd-jwt') {
      vct = typeof claims['vct'] === 'string' ? claims['vct'] : undefined;
      const t = vct ? typeForVct(vct) : undefined;
      types = t ? [t] : [];
      issuer = typeof claims['iss'] === 'string' ? claims['iss'] : undefined;
      issuedAt = typeof claims['iat'] === 'number' ? new Date(claims['iat'] * 1000).toISOString() : undefined;
      const cnf = claims['cnf'];
      const bound = isObject(cnf) && ((isObject(cnf['jwk']) && sameJwk(cnf['jwk'], me.jwk as Parameters<typeof sameJwk>[1])) || (typeof cnf['kid'] === 'string' && cnf['kid'].startsWith(`${me.did}#`)));
      if (!bound) throw walletError(WalletErrorCodes.CREDENTIAL_NOT_BOUND, 'The credential is not bound to this wallet’s key.');
    } else {
      types = typesOf(claims['type']);
      issuer = idOf(claims['issuer']);
      issuedAt = typeof claims['validFrom'] === 'string' ? claims['validFrom'] : typeof claims['issuanceDate'] === 'string' ? claims['issuanceDate'] : undefined;
      const subjects = Array.isArray(claims['credentialSubject']) ? claims['credentialSubject'] : [claims['credentialSubject']];
      const ids = subjects.map(idOf).filter((s): s is string => s !== undefined);
      if (ids.length > 0 && !ids.includes(me.did)) throw walletError(WalletErrorCodes.CREDENTIAL_NOT_BOUND, 'The credential is not issued to this wallet’s holder DID.');
    }
    return {
      id: `cred-${randomId(random)}`,
      format,
      credential: raw,
      claims,
      types,
      ...(vct ? { vct } : {}),
      issuer: issuer ?? issued.credentialIssuer,
      ...(issuedAt ? { issuedAt } : {}),
      receivedAt: clock().toISOString(),
      credentialIssuer: issued.credentialIssuer,
      configurationId: issued.configurationId,
    };
  }

  async function evaluateTrust(request: AuthorizationRequest, queries: WalletQuery[], held: StoredCredential[]): Promise<PresentationReview['verifier']['trust']> {
    if (!options.trustClient) {
      return { decision: 'indeterminate', authorizedForPurpose: false, warnings: [{ code: 'WALLET_TRUST_NOT_CONFIGURED', message: 'No trust registry is configured: the verifier could not be checked.' }] };
    }
    const verifierDid = request.verifierDid;
    if (!verifierDid) {
      return {
        decision: 'indeterminate',
        authorizedForPurpose: false,
        warnings: [{ code: 'WALLET_VERIFIER_UNIDENTIFIED', message: 'The verifier did not sign its request with a DID: it could not be checked against the trust registry.' }],
      };
    }
    const warnings: ConsentWarning[] = [];
    const decisions: Decision[] = [];
    let worst: 'trusted' | 'not-trusted' | 'indeterminate' = 'trusted';
    let authorizedForPurpose = true;
    if (!request.purpose) {
      warnings.push({ code: 'WALLET_PURPOSE_MISSING', message: 'The verifier did not state a purpose.' });
      authorizedForPurpose = false;
    }
    for (const q of queries) {
      let credentialType: string | undefined = q.typeHints[0];
      credentialType ??= held.map((h) => (q.match(h) ? vocabTypeOf(h) : undefined)).find((t) => t !== undefined);
      if (!q.claimPaths) warnings.push({ code: 'WALLET_WHOLE_CREDENTIAL_REQUESTED', message: `Query ${q.id} asks for the whole credential.` });
      if (!credentialType) {
        warnings.push({ code: 'WALLET_TYPE_UNKNOWN', message: `Query ${q.id} asks for a credential type the wallet cannot check against the registry.` });
        worst = RANK[worst] < RANK.indeterminate ? 'indeterminate' : worst;
        continue;
      }
      const attributes = q.claimPaths ? [...new Set(q.claimPaths.map((c) => attributeOf(c)).filter((a): a is string => a !== undefined))] : undefined;
      try {
        const d = await options.trustClient.evaluate({
          entity: verifierDid,
          action: 'verify',
          credentialType,
          ...(request.purpose ? { purpose: request.purpose } : {}),
          ...(attributes ? { attributes } : {}),
          at: clock().toISOString(),
        });
        decisions.push(d);
        if (RANK[d.decision] > RANK[worst]) worst = d.decision;
        if (d.decision !== 'trusted' && !d.reasons.every((r) => r.code === 'TR_ATTRIBUTE_NOT_AUTHORIZED')) authorizedForPurpose = false;
        for (const r of d.reasons) if (!warnings.some((w) => w.code === r.code && w.message === r.message)) warnings.push({ code: r.code, message: r.message });
      } catch (cause) {
        worst = RANK[worst] < RANK.indeterminate ? 'indeterminate' : worst;
        authorizedForPurpose = false;
        warnings.push({ code: 'WALLET_TRUST_UNAVAILABLE', message: `The trust registry could not answer for query ${q.id}: ${(cause as Error)?.message ?? 'error'}` });
      }
    }
    if (decisions.length === 0) authorizedForPurpose = false;
    return { decision: worst, authorizedForPurpose, warnings };
  }

  async function present(match: DcqlMatch, request: AuthorizationRequest): Promise<unknown> {
    const signer = await holderSigner();
    const me = await holderKey();
    const item = match.credential;
    if (item.format === 'dc+sd-jwt') {
      const disclose = match.all ? Object.keys(item.claims).map((k) => pointer([k])) : match.claims.map((c) => pointer(c.path));
      return presentSdJwtVc(item.credential as string, { disclose, holderSigner: signer, nonce: request.nonce, aud: request.clientId, iat: nowSeconds() });
    }
    if (item.format === 'ldp_vc') {
      const vp = createPresentation({ verifiableCredential: [item.credential], holder: me.did });
      return signPresentation(vp, { signer, challenge: request.nonce, domain: request.clientId, clock, documentLoader });
    }
    const vp = createPresentation({ verifiableCredential: [envelopeVcJwt(item.credential as string)], holder: me.did });
    return issuePresentationJwt(vp, { signer, nonce: request.nonce, aud: request.clientId });
  }

  return {
    async holderDid() {
      return (await holderKey()).did;
    },

    async receiveOffer(offerText, receiveOptions = {}) {
      const offer = await resolveOffer(offerText, http);
      const signer = await holderSigner();
      const issued = await receiveFromIssuer(offer, { http, signer, now: nowSeconds, ...(receiveOptions.txCode !== undefined ? { txCode: receiveOptions.txCode } : {}) });
      // Verify everything before storing anything: an offer is stored whole or not at all.
      const records: StoredCredential[] = [];
      for (const i of issued) records.push(await verifyAndRecord(i));
      for (const r of records) await put(r.id, KIND_CREDENTIAL, r);
      return records.map((r) => ({ id: r.id, format: r.format, types: r.types, ...(r.vct ? { vct: r.vct } : {}), issuer: r.issuer, ...(r.issuedAt ? { issuedAt: r.issuedAt } : {}), receivedAt: r.receivedAt }));
    },

    async listCredentials(listOptions = {}) {
      const lang = listOptions.lang ?? 'en';
      const all = (await loadAll(KIND_CREDENTIAL)) as StoredCredential[];
      all.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id));
      return all.map((c) => summaryOf(c, lang));
    },

    async getCredential(id, getOptions = {}) {
      const lang = getOptions.lang ?? 'en';
      const item = await load(id);
      const d = displayOf(item, lang);
      return {
        ...summaryOf(item, lang),
        ...(item.vct ? { vct: item.vct } : {}),
        receivedAt: item.receivedAt,
        ...(d.description ? { description: d.description } : {}),
        claims: item.claims,
        credential: item.credential,
      };
    },

    async deleteCredential(id) {
      await load(id);
      await deleteWalletItem(store, { owner, id });
    },

    async reviewRequest(requestUri, reviewOptions = {}) {
      const lang = reviewOptions.lang ?? 'en';
      const request = await readAuthorizationRequest(requestUri, { http, resolver, now: nowSeconds, allowUnsignedRequests: options.allowUnsignedRequests === true });
      const held = (await loadAll(KIND_CREDENTIAL)) as StoredCredential[];
      const walletQueries = queriesOf(request);
      const matches = new Map<string, Map<string, DcqlMatch>>();
      const queries: PresentationReview['queries'] = walletQueries.map((q) => {
        const found = new Map<string, DcqlMatch>();
        for (const h of held) {
          const m = q.match(h);
          if (m) found.set(h.id, m);
        }
        matches.set(q.id, found);
        return {
          id: q.id,
          required: q.required,
          format: q.format,
          wholeCredential: !q.claimPaths,
          candidates: [...found.values()].map((m) => ({
            credentialId: m.credential.id,
            title: displayOf(m.credential, lang).title,
            claims: m.claims.map((c) => ({ path: c.path, label: claimLabel(m.credential, c.path, lang), requested: true as const, value: claimText(c.value) })),
          })),
        };
      });
      const answerable = new Set(queries.filter((q) => q.candidates.length > 0).map((q) => q.id));
      const trust = await evaluateTrust(request, walletQueries, held);
      // DCQL: the shared matcher decides whether the held credentials can answer the query (§6.4.2).
      const satisfiable = request.dcqlQuery ? matchDcqlQuery(request.dcqlQuery, held.map(candidateOf)).satisfied : answerSatisfies(request, answerable);
      const nowMs = clock().getTime();
      const expiresAtMs = Math.min(nowMs + reviewTtlMs, request.exp !== undefined ? request.exp * 1000 : Number.POSITIVE_INFINITY);
      const review: PresentationReview = {
        id: `review-${randomId(random)}`,
        verifier: { clientId: request.clientId, ...(request.clientName ? { name: request.clientName } : {}), ...(request.purpose ? { purpose: request.purpose } : {}), trust },
        queries,
        satisfiable,
        expiresAt: new Date(expiresAtMs).toISOString(),
      };
      for (const [id, p] of pending) if (p.expiresAtMs <= nowMs) pending.delete(id);
      pending.set(review.id, { review, request, queries: walletQueries, matches, expiresAtMs });
      return review;
    },

    async respond(reviewId, decision) {
      const p = typeof reviewId === 'string' ? pending.get(reviewId) : undefined;
      if (!p || p.expiresAtMs <= clock().getTime()) {
        if (p) pending.delete(reviewId);
        throw walletError(WalletErrorCodes.REVIEW_UNKNOWN, 'No such request awaiting an answer (unknown, already answered, or expired).');
      }
      const { review, request } = p;
      const requested = p.queries.map((q) => ({ queryId: q.id, claims: (q.claimPaths ?? []).map((c) => pathText(c)), wholeCredential: !q.claimPaths }));
      const record = (d: 'sent' | 'declined', disclosed: ConsentRecord['disclosed'], responseStatus?: number): ConsentRecord => ({
        id: `consent-${clock().getTime().toString().padStart(15, '0')}-${randomId(random)}`,
        at: clock().toISOString(),
        verifier: {
          clientId: review.verifier.clientId,
          ...(review.verifier.name ? { name: review.verifier.name } : {}),
          ...(review.verifier.purpose ? { purpose: review.verifier.purpose } : {}),
          decision: review.verifier.trust.decision,
          warnings: review.verifier.trust.warnings,
        },
        requested,
        decision: d,
        disclosed,
        ...(responseStatus !== undefined ? { responseStatus } : {}),
      });

      if (!isObject(decision) || (decision as { consent?: unknown }).consent !== true) {
        if (!isObject(decision) || (decision as { consent?: unknown }).consent !== false) throw walletError(WalletErrorCodes.SELECTION_INVALID, 'decision.consent must be true or false.');
        pending.delete(reviewId);
        const res = await postAuthorizationResponse(http, request, { error: 'access_denied', errorDescription: 'The holder declined.' }).catch(() => undefined);
        const r = record('declined', [], res?.status);
        await put(r.id, KIND_CONSENT, r);
        return { status: 'declined' };
      }

      // Check the selections before anything leaves the wallet.
      const raw = (decision as { selections?: unknown }).selections;
      const selections = (Array.isArray(raw) ? raw : []) as Array<{ queryId: string; credentialId: string }>;
      const chosen = new Map<string, DcqlMatch>();
      for (const s of selections) {
        const m = isObject(s) && typeof s.queryId === 'string' && typeof s.credentialId === 'string' ? p.matches.get(s.queryId)?.get(s.credentialId) : undefined;
        if (!m) throw walletError(WalletErrorCodes.SELECTION_INVALID, 'A selection names a query or credential that is not a candidate.', { details: { queryId: String(s?.queryId) } });
        if (chosen.has(s.queryId)) throw walletError(WalletErrorCodes.SELECTION_INVALID, 'Each query is answered by at most one credential.', { details: { queryId: s.queryId } });
        chosen.set(s.queryId, m);
      }
      if (!answerSatisfies(request, new Set(chosen.keys()))) throw walletError(WalletErrorCodes.SELECTION_INVALID, 'The selections do not answer every required query.');
      pending.delete(reviewId);

      const vpToken: Record<string, unknown[]> = {};
      const pexPresentations: unknown[] = [];
      const descriptorMap: PexDescriptorMapEntry[] = [];
      const disclosed: ConsentRecord['disclosed'] = [];
      for (const [queryId, m] of chosen) {
        const presentation = await present(m, request);
        if (request.presentationDefinition) {
          descriptorMap.push(descriptorMapEntry(queryId, m.credential.format, pexPresentations.length, p.queries.find((q) => q.id === queryId)?.descriptor));
          pexPresentations.push(presentation);
        } else {
          vpToken[queryId] = [presentation];
        }
        disclosed.push({
          queryId,
          credentialId: m.credential.id,
          format: m.credential.format,
          types: m.credential.types,
          claims: m.all ? Object.keys(m.credential.claims) : m.claims.map((c) => pathText(c.path)),
          wholeCredential: m.all || m.credential.format !== 'dc+sd-jwt',
        });
      }
      let fields: Record<string, string>;
      if (request.presentationDefinition) {
        // DIF PE 2.0 §6: one presentation at `$`, several as a JSON array at `$[i]`.
        const single = pexPresentations.length === 1;
        if (single) for (const e of descriptorMap) e.path = '$';
        const only = pexPresentations[0];
        const token = single ? (typeof only === 'string' ? only : JSON.stringify(only)) : JSON.stringify(pexPresentations);
        const submission = { id: `submission-${randomId(random)}`, definition_id: request.presentationDefinition.id, descriptor_map: descriptorMap };
        fields = { vp_token: token, presentation_submission: JSON.stringify(submission) };
      } else {
        fields = { vp_token: JSON.stringify(vpToken) };
      }
      const res = await postAuthorizationResponse(http, request, { fields });
      const r = record('sent', disclosed, res.status);
      await put(r.id, KIND_CONSENT, r);
      if (!res.ok) {
        const specCode = isObject(res.json) && typeof res.json['error'] === 'string' ? res.json['error'].slice(0, 100) : undefined;
        throw walletError(WalletErrorCodes.RESPONSE_REFUSED, 'The verifier refused the presentation.', { ...(specCode ? { specCode } : {}), details: { status: res.status } });
      }
      const redirectUri = isObject(res.json) && typeof res.json['redirect_uri'] === 'string' ? res.json['redirect_uri'] : undefined;
      return { status: 'sent', ...(redirectUri ? { redirectUri } : {}) };
    },

    async consentLog() {
      const all = (await loadAll(KIND_CONSENT)) as ConsentRecord[];
      return all.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
    },
  };
}
