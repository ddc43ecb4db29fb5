/**
 * The issuer's status service (issue 4, item 3): Bitstring Status List 1.0 entries allocated through
 * `@trustbridge/store` when a credential is issued, status list credentials signed by the service's
 * issuer and cached per list version, status changes (revoke / suspend / reinstate), and the status
 * check the service's own verify endpoint uses, which reads this service's lists in process.
 *
 * Libraries compute, services persist (DESIGN.md §4): the bits, records and index allocation live in
 * the store; this module only turns them into credentials and answers.
 */
import {
  TrustBridgeError,
  isTrustBridgeError,
  systemClock,
  type Clock,
  type DidResolver,
  type DocumentLoader,
} from '@trustbridge/core';
import {
  DEFAULT_FILL_THRESHOLD,
  DEFAULT_STATUS_LIST_SIZE,
  StoreErrors,
  allocateStatusIndex,
  getIssuedCredential,
  getStatusList,
  getStatusListByUrl,
  recordStatusListPublication,
  systemRandom,
  updateCredentialStatus,
  type CredentialStatus,
  type IssuedCredentialRecord,
  type RandomSource,
  type SqlClient,
  type StatusAction,
  type StatusListRecord,
} from '@trustbridge/store';
import { createStatusListCredential, encodeBitstring, MIN_STATUS_LIST_ENTRIES } from '@trustbridge/status-list';
import { createStatusCheck, issueCredential, type FetchLike, type StatusCheck } from '@trustbridge/vc';
import type { Signer } from '@trustbridge/core';
import { createHash, timingSafeEqual } from 'node:crypto';

/** Error codes of the status service (besides the store's `ERR_STATUS_*` lifecycle codes). */
export const StatusServiceErrors = {
  /** `POST /credentials/status` without `Authorization: Bearer …` (401; same code as the registry's admin API). */
  AUTH_TOKEN_MISSING: 'ERR_AUTH_TOKEN_MISSING',
  /** A bearer token that is not the configured admin token (403). */
  AUTH_TOKEN_INVALID: 'ERR_AUTH_TOKEN_INVALID',
  /** No admin token is configured: status updates are disabled (403 for every request). */
  AUTH_ADMIN_DISABLED: 'ERR_AUTH_ADMIN_DISABLED',
  /** No credential with this id was issued by this service (404). */
  CREDENTIAL_NOT_FOUND: 'ERR_STATUS_CREDENTIAL_NOT_FOUND',
  /** No status list with this id is published by this service (404). */
  LIST_NOT_FOUND: 'ERR_STATUS_LIST_NOT_FOUND',
  /** A status list URL of another service, and no `fetch` was injected to reach it. */
  LIST_NOT_LOCAL: 'ERR_STATUS_LIST_NOT_LOCAL',
} as const;

/** The path under the public base URL where lists are served: `<publicBaseUrl>/status-lists/<listId>`. */
export const STATUS_LISTS_PATH = '/status-lists';

/** Default `ttl` of a published list, and the HTTP `max-age` it implies: 5 minutes. */
export const DEFAULT_STATUS_LIST_TTL_MS = 300_000;
/** Default validity of a signed list credential (`validUntil − validFrom`): 24 hours. */
export const DEFAULT_STATUS_LIST_VALIDITY_MS = 86_400_000;

/** The purposes a caller may ask for in `options.credentialStatus` (Bitstring Status List 1.0 §2.1). */
export type IssuableStatusPurpose = 'revocation' | 'suspension';

/** Options of {@link createIssuerStatus}: what the VC API app passes through from its own options. */
export interface IssuerStatusOptions {
  /** The store holding issued-credential records and status lists (embedded or PostgreSQL). */
  store: SqlClient;
  /**
   * The public base URL lists are served under (no trailing slash), or a function returning it, read
   * when a new list is created (a server on port 0 knows its URL only once listening). A list keeps the
   * URL it was created with.
   */
  publicBaseUrl: string | (() => string);
  /** The admin bearer token for `POST /credentials/status`. Without it the endpoint refuses every request. */
  adminToken?: string;
  /** Entries per new list. Default 131,072 (the spec minimum, §6.1); smaller only for tests. */
  listSize?: number;
  /** Fraction of a list allocated before a new one starts. Default 0.75 (see the store). */
  fillThreshold?: number;
  /** `ttl` of published lists in ms; HTTP `max-age` follows it. Default 5 minutes. */
  ttlMs?: number;
  /** Validity of each signed list credential in ms; re-signed when half of it has passed. Default 24 h. */
  validityMs?: number;
  /** Randomness for status indexes and generated credential ids. Default the platform CSPRNG. */
  random?: RandomSource;
  /**
   * A `fetch` for status lists of OTHER issuers, used by the verify endpoint. Without it, a credential
   * whose list is not this service's fails its status check with `STATUS_RETRIEVAL_ERROR` (no network
   * unless injected; DESIGN.md "Security defaults").
   */
  fetch?: FetchLike;
}

/** What {@link createIssuerStatus} needs from the app besides {@link IssuerStatusOptions}. */
export interface IssuerStatusContext {
  issuer: { id: string; signer: Signer };
  documentLoader: DocumentLoader;
  resolver: DidResolver;
  clock?: Clock;
}

/** A signed status list credential as served, with its HTTP validators. */
export interface PublishedStatusList {
  listId: string;
  url: string;
  version: number;
  /** The signed `BitstringStatusListCredential`. */
  credential: Record<string, unknown>;
  /** Its JSON text, sent as the response body. */
  body: string;
  /** Strong ETag: the list version and the signing time, so a re-signed copy of the same bits differs. */
  etag: string;
  /** Seconds a client may cache it: the list's ttl, capped by the time left before `validUntil`. */
  maxAgeSeconds(now: Date): number;
  /** Epoch ms after which the cached signature is refreshed. */
  refreshAt: number;
}

/** A `BitstringStatusListEntry` as put into `credentialStatus`. */
export interface IssuedStatusEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: IssuableStatusPurpose;
  statusListIndex: string;
  statusListCredential: string;
}

/** The issuer status service used by the VC API app. */
export interface IssuerStatus {
  /** False when no admin token is configured (status updates disabled). */
  readonly adminTokenConfigured: boolean;
  /**
   * Records the credential and allocates one entry per purpose at random unused indexes, atomically
   * (store.allocateStatusIndex). Returns the entries in the order of `purposes`.
   */
  allocate(credential: { id: string; types: readonly string[]; validFrom?: string; validUntil?: string }, purposes: readonly IssuableStatusPurpose[]): Promise<IssuedStatusEntry[]>;
  /** The signed list for `listId`, signing it when its version changed. `ERR_STATUS_LIST_NOT_FOUND` for a list of another issuer or none. */
  publishedList(listId: string): Promise<PublishedStatusList>;
  /** Applies a status; `ERR_STATUS_CREDENTIAL_NOT_FOUND`, or the store's `ERR_STATUS_*` rule codes. */
  setStatus(credentialId: string, status: CredentialStatus): Promise<IssuedCredentialRecord>;
  /** The `checkStatus` of the verify endpoint: this service's lists read in process, others through the injected fetch only. */
  checkStatus: StatusCheck;
  /** True when `token` is the configured admin token (SHA-256 digests compared in constant time). */
  isAdminToken(token: string): boolean;
  /** A fresh `urn:uuid:` (v4) from the injected randomness. */
  newCredentialId(): string;
}

/** A UUID v4 URN from 16 random bytes (RFC 9562 §5.4). */
export function randomUrnUuid(random: RandomSource): string {
  const b = random(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const ACTIONS: Readonly<Record<CredentialStatus, StatusAction>> = { revoked: 'revoke', suspended: 'suspend', active: 'reinstate' };

function listNotFound(): TrustBridgeError {
  return new TrustBridgeError(StatusServiceErrors.LIST_NOT_FOUND, 'No status list with this id is published here.');
}

function credentialNotFound(): TrustBridgeError {
  return new TrustBridgeError(StatusServiceErrors.CREDENTIAL_NOT_FOUND, 'No credential with this id was issued by this service.');
}

function isNotFound(error: unknown): boolean {
  return isTrustBridgeError(error) && error.code === StoreErrors.NOT_FOUND;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0) throw new TrustBridgeError('ERR_CONFIG_INVALID', `${name} must be a positive integer.`);
  return value;
}

/**
 * Creates the issuer status service. Keep one per app: it caches the signed list credentials (one per
 * list, for its latest version) and the status check.
 *
 * @example
 * ```ts
 * const status = createIssuerStatus(
 *   { store: await openEmbeddedStore(), publicBaseUrl: 'https://issuer.example.ca', adminToken },
 *   { issuer, documentLoader, resolver },
 * );
 * ```
 */
export function createIssuerStatus(options: IssuerStatusOptions, context: IssuerStatusContext): IssuerStatus {
  const { store } = options;
  const { issuer, documentLoader, resolver } = context;
  const clock = context.clock ?? systemClock;
  const random = options.random ?? systemRandom;
  const listSize = positive(options.listSize, DEFAULT_STATUS_LIST_SIZE, 'status.listSize');
  const fillThreshold = options.fillThreshold ?? DEFAULT_FILL_THRESHOLD;
  const ttlMs = positive(options.ttlMs, DEFAULT_STATUS_LIST_TTL_MS, 'status.ttlMs');
  const validityMs = positive(options.validityMs, DEFAULT_STATUS_LIST_VALIDITY_MS, 'status.validityMs');
  if (validityMs < 2 * ttlMs) throw new TrustBridgeError('ERR_CONFIG_INVALID', 'status.validityMs must be at least twice status.ttlMs.');
  const baseUrl = () => (typeof options.publicBaseUrl === 'function' ? options.publicBaseUrl() : options.publicBaseUrl).replace(/\/+$/, '');
  const adminDigest = options.adminToken ? sha256(options.adminToken) : undefined;

  // One signed copy per list (its latest version), and one signing in flight per list version.
  const signed = new Map<string, PublishedStatusList>();
  const signing = new Map<string, Promise<PublishedStatusList>>();

  async function sign(list: StatusListRecord): Promise<PublishedStatusList> {
    const now = clock();
    const validFrom = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const validUntilMs = Math.floor(now.getTime() / 1000) * 1000 + validityMs;
    const unsigned = createStatusListCredential({
      id: list.url,
      issuer: issuer.id,
      statusPurpose: list.statusPurpose,
      encodedList: encodeBitstring(list.bits),
      validFrom,
      validUntil: new Date(validUntilMs),
      ttl: ttlMs,
    });
    const credential = (await issueCredential(unsigned as unknown as Record<string, unknown>, {
      signer: issuer.signer,
      cryptosuite: 'eddsa-rdfc-2022',
      documentLoader,
      clock,
    })) as unknown as Record<string, unknown>;
    await recordStatusListPublication(store, { listId: list.id, version: list.version, nextUpdateAt: new Date(validUntilMs - validityMs / 2) });
    return {
      listId: list.id,
      url: list.url,
      version: list.version,
      credential,
      body: JSON.stringify(credential),
      etag: `"${list.version}.${Math.floor(now.getTime() / 1000).toString(36)}"`,
      refreshAt: validUntilMs - validityMs / 2,
      maxAgeSeconds: (at: Date) => Math.max(0, Math.floor(Math.min(ttlMs, validUntilMs - at.getTime() - ttlMs) / 1000)),
    };
  }

  async function published(list: StatusListRecord): Promise<PublishedStatusList> {
    const cached = signed.get(list.id);
    if (cached && cached.version === list.version && clock().getTime() < cached.refreshAt) return cached;
    const key = `${list.id}:${list.version}`;
    let pending = signing.get(key);
    if (!pending) {
      pending = sign(list).then(
        (result) => {
          const current = signed.get(list.id);
          if (!current || current.version <= result.version) signed.set(list.id, result);
          return result;
        },
      ).finally(() => signing.delete(key));
      signing.set(key, pending);
    }
    return pending;
  }

  async function ownList(find: () => Promise<StatusListRecord>): Promise<StatusListRecord> {
    let list: StatusListRecord;
    try {
      list = await find();
    } catch (error) {
      if (isNotFound(error)) throw listNotFound();
      throw error;
    }
    // Several issuers may share one database: serve (and sign) only this issuer's lists.
    if (list.issuer !== issuer.id) throw listNotFound();
    return list;
  }

  // Lists of this service are read in process (no HTTP round trip to itself); others only through
  // the injected fetch. A loader failure becomes the checker's STATUS_RETRIEVAL_ERROR.
  const ownPrefix = () => `${baseUrl()}${STATUS_LISTS_PATH}/`;
  const loadOwn = async (url: string): Promise<unknown> => (await published(await ownList(() => getStatusListByUrl(store, url)))).credential;
  const verifyOptions = { resolver, documentLoader, clock };
  const ownCheck = createStatusCheck({
    fetchCredential: loadOwn,
    verifyOptions,
    clock,
    // Always current: a revocation here shows at once. The signed copy is cached per version above,
    // so an uncached check costs one list verification, no signing.
    maxCacheEntries: 0,
    minimumEntries: Math.min(listSize, MIN_STATUS_LIST_ENTRIES),
  });
  // Lists of other issuers (or a credential mixing both) go through the injected fetch, with the vc
  // package's bounds (http(s) only, no redirects, size and time limits) and its cache. Without a
  // fetch they fail as STATUS_RETRIEVAL_ERROR: no network unless injected.
  const foreignCheck = createStatusCheck({
    ...(options.fetch
      ? { fetch: options.fetch }
      : {
          fetchCredential: async (url: string) => {
            if (url.startsWith(ownPrefix())) return loadOwn(url);
            throw new TrustBridgeError(StatusServiceErrors.LIST_NOT_LOCAL, 'Status lists of other services are not fetched (no fetch configured).');
          },
        }),
    verifyOptions,
    clock,
  });

  const checkStatus = (async (input) => {
    const entries = statusUrls(input.credential);
    const own = entries.length > 0 && entries.every((url) => url.startsWith(ownPrefix()));
    return own ? ownCheck(input) : foreignCheck(input);
  }) as StatusCheck;
  Object.defineProperty(checkStatus, 'cacheSize', { get: () => foreignCheck.cacheSize, enumerable: true });
  checkStatus.clearCache = () => foreignCheck.clearCache();

  return {
    adminTokenConfigured: adminDigest !== undefined,
    async allocate(credential, purposes) {
      const record = await allocateStatusIndex(
        store,
        {
          credential: {
            id: credential.id,
            issuer: issuer.id,
            types: credential.types,
            ...(credential.validFrom !== undefined ? { issuedAt: credential.validFrom } : {}),
            ...(credential.validUntil !== undefined ? { validUntil: credential.validUntil } : {}),
          },
          entries: purposes.map((statusPurpose) => ({ statusPurpose })),
        },
        { listUrl: (listId) => `${baseUrl()}${STATUS_LISTS_PATH}/${listId}`, listSize, fillThreshold, random, clock },
      );
      return purposes.map((purpose) => {
        const e = record.entries.find((x) => x.statusPurpose === purpose)!;
        return {
          id: `${e.statusListCredential}#${e.statusListIndex}`,
          type: 'BitstringStatusListEntry' as const,
          statusPurpose: purpose,
          statusListIndex: String(e.statusListIndex),
          statusListCredential: e.statusListCredential,
        };
      });
    },
    async publishedList(listId) {
      return published(await ownList(() => getStatusList(store, listId)));
    },
    async setStatus(credentialId, status) {
      try {
        const record = await getIssuedCredential(store, credentialId);
        if (record.issuer !== issuer.id) throw credentialNotFound();
        return await updateCredentialStatus(store, credentialId, ACTIONS[status], { clock });
      } catch (error) {
        if (isNotFound(error)) throw credentialNotFound();
        throw error;
      }
    },
    checkStatus,
    isAdminToken(token) {
      if (!adminDigest) return false;
      return timingSafeEqualBytes(sha256(token), adminDigest);
    },
    newCredentialId: () => randomUrnUuid(random),
  };
}

/** The `statusListCredential` URLs of a credential's Bitstring Status List entries. */
function statusUrls(credential: Record<string, unknown>): string[] {
  const status = credential['credentialStatus'];
  const list = Array.isArray(status) ? status : status === undefined ? [] : [status];
  return list.map((e) => (typeof e === 'object' && e !== null ? (e as Record<string, unknown>)['statusListCredential'] : undefined)).filter((u): u is string => typeof u === 'string');
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Constant-time comparison of two equal-length digests. */
function timingSafeEqualBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
