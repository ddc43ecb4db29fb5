import { TrustBridgeError, systemClock, type Clock } from '@trustbridge/core';
import { StoreErrors, invalidInput, notFound } from './errors.js';
import { randomId, randomInt, systemRandom, type RandomSource } from './random.js';
import type { SqlClient, SqlExecutor } from './sql-client.js';
import { isoDate, requireInt, requireText, toDate, toDateOrNull } from './util.js';

/** Bitstring Status List 1.0 §2.1 `statusPurpose` values a list may carry. */
export type StatusPurpose = 'revocation' | 'suspension' | 'refresh' | 'message';
const PURPOSES: ReadonlySet<string> = new Set(['revocation', 'suspension', 'refresh', 'message']);

/** Lifecycle state of an issued credential, kept in its record and mirrored in the status bits. */
export type CredentialStatus = 'active' | 'suspended' | 'revoked';

/**
 * What the issuer records about a credential it issued: what managing its status needs, nothing
 * more. The credential body and its claims are not stored; `subjectDigest` (optional) is a digest the
 * caller computes (for example SHA-256 of the subject id) so records can be found for a subject without
 * keeping who the subject is.
 */
export interface IssuedCredentialInput {
  /** The credential's `id` (a URL or URN). */
  id: string;
  /** The issuer's identifier (a DID). */
  issuer: string;
  /** The credential's `type` values. */
  types: readonly string[];
  /** A digest of the subject identifier, computed by the caller; never the identifier itself. */
  subjectDigest?: string;
  /** `validFrom` of the credential, or when it was issued. Default: the clock's now. */
  issuedAt?: Date | string;
  /** `validUntil` of the credential, if any. */
  validUntil?: Date | string;
}

/** One Bitstring Status List entry of a credential (the data for a `BitstringStatusListEntry`). */
export interface StatusEntryRecord {
  statusPurpose: StatusPurpose;
  /** The store's id of the list. */
  statusListId: string;
  /** `statusListCredential`: the URL the list credential is served at. */
  statusListCredential: string;
  /** `statusListIndex` (the spec serialises it as a string). */
  statusListIndex: number;
  /** `statusSize` in bits (1 for revocation and suspension). */
  statusSize: number;
}

/** A stored issued-credential record with its status entries. */
export interface IssuedCredentialRecord {
  id: string;
  issuer: string;
  types: string[];
  subjectDigest: string | null;
  issuedAt: Date;
  validUntil: Date | null;
  status: CredentialStatus;
  statusChangedAt: Date | null;
  entries: StatusEntryRecord[];
}

/** One status entry to allocate. */
export interface StatusEntryRequest {
  statusPurpose: StatusPurpose;
  /** Bits per entry. Default 1. */
  statusSize?: number;
}

/** Defaults for status lists created during allocation. */
export const DEFAULT_STATUS_LIST_SIZE = 131_072;
export const DEFAULT_FILL_THRESHOLD = 0.75;

/** Options of {@link allocateStatusIndex}. */
export interface AllocateStatusIndexOptions {
  /**
   * The `statusListCredential` URL of a new list, from its id — where the issuer service will serve
   * it (for example `${publicBaseUrl}/status/${id}`).
   */
  listUrl: (listId: string) => string;
  /**
   * Entries per new list. Default 131,072, the minimum Bitstring Status List 1.0 §6.1 recommends for
   * group privacy. Smaller lists are for tests.
   */
  listSize?: number;
  /**
   * Fraction of a list to fill before starting a new one, in (0, 1]. Default 0.75: random probing
   * then needs at most 4 tries on average, and every list keeps a quarter of its indexes unused.
   */
  fillThreshold?: number;
  /** Injected randomness for index choice and list ids. Default the platform CSPRNG. */
  random?: RandomSource;
  clock?: Clock;
  /** Random probes per entry before falling back to an exact draw among free indexes. Default 16. */
  maxProbes?: number;
}

/** The record and its entries, as committed. */
export type AllocateStatusIndexResult = IssuedCredentialRecord;

const MAX_LIST_SIZE = 16 * 1024 * 1024;
const MAX_ROUNDS = 50;

/** Thrown inside the allocation transaction when the list filled up meanwhile: roll back and redo. */
class ListFilled extends Error {}

/**
 * Records an issued credential and allocates, in the same transaction, one status entry per request:
 * a RANDOM unused index (not sequential, so an index reveals nothing about issuance order or volume)
 * in the issuer's active list for that purpose. Either the record and all its entries are committed
 * or none is.
 *
 * Two credentials never share an index, also under concurrent issuance: `(list_id, status_index)` is
 * the primary key of the entries (a taken index is detected with `ON CONFLICT DO NOTHING` and another
 * is drawn), and the list's allocation counter is bumped with a conditional update that PostgreSQL
 * re-checks against the newest committed row. When the counter reaches the list's capacity the list is
 * marked full and the next allocation starts a new list (one active list per issuer and purpose is
 * enforced by a partial unique index).
 *
 * Throws `ERR_STORE_CONFLICT` when a record with this id exists, `ERR_STORE_INVALID_INPUT` for bad
 * input, `ERR_STORE_ALLOCATION_FAILED` if no index could be found after bounded retries.
 *
 * @example
 * ```ts
 * const record = await allocateStatusIndex(store, {
 *   credential: { id: 'urn:uuid:…', issuer: 'did:web:registries.gov.bc.ca', types: ['VerifiableCredential', 'BusinessRegistrationCredential'] },
 *   entries: [{ statusPurpose: 'revocation' }, { statusPurpose: 'suspension' }],
 * }, { listUrl: (id) => `https://issuer.example/status/${id}` });
 * record.entries[0].statusListIndex; // e.g. 90817
 * ```
 */
export async function allocateStatusIndex(
  db: SqlClient,
  request: { credential: IssuedCredentialInput; entries: readonly StatusEntryRequest[] },
  options: AllocateStatusIndexOptions,
): Promise<AllocateStatusIndexResult> {
  const c = validateCredential(request.credential);
  const listSize = requireInt(options.listSize ?? DEFAULT_STATUS_LIST_SIZE, 'listSize', 1, MAX_LIST_SIZE);
  const fill = options.fillThreshold ?? DEFAULT_FILL_THRESHOLD;
  if (typeof fill !== 'number' || !(fill > 0 && fill <= 1)) throw invalidInput('fillThreshold', 'must be in (0, 1]');
  const capacity = Math.max(1, Math.floor(listSize * fill));
  const random = options.random ?? systemRandom;
  const clock = options.clock ?? systemClock;
  const maxProbes = requireInt(options.maxProbes ?? 16, 'maxProbes', 1, 1000);
  if (typeof options.listUrl !== 'function') throw invalidInput('listUrl', 'must be a function');
  const seen = new Set<string>();
  const requests = request.entries.map((e) => {
    if (!PURPOSES.has(e.statusPurpose)) throw invalidInput('statusPurpose', 'must be revocation, suspension, refresh or message');
    const statusSize = requireInt(e.statusSize ?? 1, 'statusSize', 1, 16);
    if (seen.has(e.statusPurpose)) throw invalidInput('entries', 'one entry per statusPurpose');
    seen.add(e.statusPurpose);
    return { statusPurpose: e.statusPurpose, statusSize };
  }).sort((a, b) => (a.statusPurpose < b.statusPurpose ? -1 : 1));

  for (let round = 0; round < MAX_ROUNDS; round++) {
    try {
      return await db.transaction(async (tx) => {
        const now = clock().toISOString();
        await tx.query(
          `INSERT INTO issued_credentials (id, issuer, types, subject_digest, issued_at, valid_until)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [c.id, c.issuer, c.types, c.subjectDigest ?? null, (c.issuedAt as string | undefined) ?? now, (c.validUntil as string | undefined) ?? null],
        );
        // Phase 1 claims an index per entry (no list row locks held); phase 2 bumps the list counters in
        // list-id order, so list row locks are taken in one global order and held only until commit.
        const entries: StatusEntryRecord[] = [];
        for (const r of requests) {
          const list = await activeList(tx, c.issuer, r.statusPurpose, r.statusSize, { listSize, capacity, random, now, listUrl: options.listUrl });
          const index = await claimIndex(tx, list, c.id, r.statusPurpose, random, maxProbes);
          entries.push({ statusPurpose: r.statusPurpose, statusListId: list.id, statusListCredential: list.url, statusListIndex: index, statusSize: r.statusSize });
        }
        for (const listId of entries.map((e) => e.statusListId).sort()) {
          const bumped = await tx.query(
            `UPDATE status_lists
                SET allocated = allocated + 1,
                    state = CASE WHEN allocated + 1 >= capacity THEN 'full' ELSE state END,
                    updated_at = $2
              WHERE id = $1 AND state = 'active' AND allocated < capacity
              RETURNING allocated`,
            [listId, now],
          );
          if (bumped.length === 0) throw new ListFilled();
        }
        return {
          id: c.id,
          issuer: c.issuer,
          types: [...c.types],
          subjectDigest: c.subjectDigest ?? null,
          issuedAt: new Date(c.issuedAt ?? now),
          validUntil: c.validUntil ? new Date(c.validUntil) : null,
          status: 'active' as const,
          statusChangedAt: null,
          entries,
        };
      });
    } catch (error) {
      if (error instanceof ListFilled) continue;
      throw error;
    }
  }
  throw new TrustBridgeError(StoreErrors.ALLOCATION_FAILED, 'No status list index could be allocated.');
}

interface ActiveList {
  id: string;
  url: string;
  size: number;
  allocated: number;
}

async function activeList(
  tx: SqlExecutor,
  issuer: string,
  purpose: string,
  statusSize: number,
  o: { listSize: number; capacity: number; random: RandomSource; now: string; listUrl: (id: string) => string },
): Promise<ActiveList> {
  const select = () =>
    tx.query<{ id: string; url: string; size: number; allocated: number }>(
      `SELECT id, url, size, allocated FROM status_lists
        WHERE issuer = $1 AND status_purpose = $2 AND status_size = $3 AND state = 'active'`,
      [issuer, purpose, statusSize],
    );
  for (let attempt = 0; attempt < 3; attempt++) {
    const found = await select();
    if (found[0]) return { id: found[0].id, url: found[0].url, size: Number(found[0].size), allocated: Number(found[0].allocated) };
    const id = randomId(o.random);
    const url = requireText(o.listUrl(id), 'listUrl(id)');
    const bytes = Math.ceil((o.listSize * statusSize) / 8);
    // A concurrent issuance may create the active list first: the partial unique index turns our
    // insert into a no-op, and the next SELECT (a new snapshot under read committed) sees theirs.
    const created = await tx.query<{ id: string }>(
      `INSERT INTO status_lists (id, issuer, status_purpose, url, size, status_size, capacity, state, bits, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8, $9, $9)
       ON CONFLICT (issuer, status_purpose, status_size) WHERE state = 'active' DO NOTHING
       RETURNING id`,
      [id, issuer, purpose, url, o.listSize, statusSize, o.capacity, new Uint8Array(bytes), o.now],
    );
    if (created[0]) return { id, url, size: o.listSize, allocated: 0 };
  }
  throw new TrustBridgeError(StoreErrors.ALLOCATION_FAILED, 'No status list index could be allocated.');
}

async function claimIndex(tx: SqlExecutor, list: ActiveList, credentialId: string, purpose: string, random: RandomSource, maxProbes: number): Promise<number> {
  const tryIndex = async (index: number) =>
    (
      await tx.query(
        `INSERT INTO credential_status_entries (list_id, status_index, credential_id, status_purpose)
         VALUES ($1, $2, $3, $4) ON CONFLICT (list_id, status_index) DO NOTHING RETURNING status_index`,
        [list.id, index, credentialId, purpose],
      )
    ).length === 1;
  for (let probe = 0; probe < maxProbes; probe++) {
    const index = randomInt(list.size, random);
    if (await tryIndex(index)) return index;
  }
  // A dense list: draw uniformly among the indexes that are free now.
  for (let attempt = 0; attempt < 8; attempt++) {
    const free = await tx.query<{ n: number }>(
      `SELECT ($2::int - count(*))::int AS n FROM credential_status_entries WHERE list_id = $1`,
      [list.id, list.size],
    );
    const n = Number(free[0]?.n ?? 0);
    if (n <= 0) throw new ListFilled();
    const k = randomInt(n, random);
    const pick = await tx.query<{ i: number }>(
      `SELECT i FROM generate_series(0, $2::int - 1) AS i
        WHERE NOT EXISTS (SELECT 1 FROM credential_status_entries e WHERE e.list_id = $1 AND e.status_index = i)
        ORDER BY i OFFSET $3 LIMIT 1`,
      [list.id, list.size, k],
    );
    if (pick[0] && (await tryIndex(Number(pick[0].i)))) return Number(pick[0].i);
  }
  throw new ListFilled();
}

function validateCredential(c: IssuedCredentialInput): IssuedCredentialInput {
  if (!c || typeof c !== 'object') throw invalidInput('credential', 'must be an object');
  requireText(c.id, 'credential.id');
  requireText(c.issuer, 'credential.issuer');
  if (!Array.isArray(c.types) || c.types.length === 0 || c.types.length > 32) throw invalidInput('credential.types', 'must list 1 to 32 types');
  for (const t of c.types) requireText(t, 'credential.types[]', 512);
  if (c.subjectDigest !== undefined) requireText(c.subjectDigest, 'credential.subjectDigest', 256);
  return {
    ...c,
    ...(c.issuedAt !== undefined ? { issuedAt: isoDate(c.issuedAt, 'credential.issuedAt') } : {}),
    ...(c.validUntil !== undefined ? { validUntil: isoDate(c.validUntil, 'credential.validUntil') } : {}),
  };
}

interface CredentialRow {
  id: string;
  issuer: string;
  types: string[];
  subject_digest: string | null;
  issued_at: Date;
  valid_until: Date | null;
  status: CredentialStatus;
  status_changed_at: Date | null;
}

/** Maps a row of `issued_credentials` plus its entries. */
export function credentialFromRow(row: CredentialRow, entries: StatusEntryRecord[]): IssuedCredentialRecord {
  return {
    id: row.id,
    issuer: row.issuer,
    types: [...row.types],
    subjectDigest: row.subject_digest,
    issuedAt: toDate(row.issued_at),
    validUntil: toDateOrNull(row.valid_until),
    status: row.status,
    statusChangedAt: toDateOrNull(row.status_changed_at),
    entries,
  };
}

/** The status entries of a credential, ordered by purpose. */
export async function entriesOf(db: SqlExecutor, credentialId: string): Promise<StatusEntryRecord[]> {
  const rows = await db.query<{ status_purpose: StatusPurpose; list_id: string; url: string; status_index: number; status_size: number }>(
    `SELECT e.status_purpose, e.list_id, l.url, e.status_index, l.status_size
       FROM credential_status_entries e JOIN status_lists l ON l.id = e.list_id
      WHERE e.credential_id = $1 ORDER BY e.status_purpose`,
    [credentialId],
  );
  return rows.map((r) => ({
    statusPurpose: r.status_purpose,
    statusListId: r.list_id,
    statusListCredential: r.url,
    statusListIndex: Number(r.status_index),
    statusSize: Number(r.status_size),
  }));
}

/** The record of an issued credential. Throws `ERR_STORE_NOT_FOUND` when there is none. */
export async function getIssuedCredential(db: SqlExecutor, id: string): Promise<IssuedCredentialRecord> {
  requireText(id, 'id');
  const rows = await db.query<CredentialRow & Record<string, unknown>>('SELECT * FROM issued_credentials WHERE id = $1', [id]);
  if (!rows[0]) throw notFound('issued credential');
  return credentialFromRow(rows[0], await entriesOf(db, id));
}

/** Options of {@link listIssuedCredentials}. */
export interface ListIssuedCredentialsOptions {
  issuer: string;
  /** Only records with this subject digest. */
  subjectDigest?: string;
  /** Page size, 1–1000. Default 100. */
  limit?: number;
  /** Return records whose id sorts after this one (keyset pagination). */
  after?: string;
}

/** An issuer's records ordered by id (without their entries; use {@link getIssuedCredential} for those). */
export async function listIssuedCredentials(db: SqlExecutor, options: ListIssuedCredentialsOptions): Promise<IssuedCredentialRecord[]> {
  requireText(options.issuer, 'issuer');
  const limit = requireInt(options.limit ?? 100, 'limit', 1, 1000);
  const rows = await db.query<CredentialRow & Record<string, unknown>>(
    `SELECT * FROM issued_credentials
      WHERE issuer = $1 AND ($2::text IS NULL OR subject_digest = $2) AND ($3::text IS NULL OR id > $3)
      ORDER BY id LIMIT $4`,
    [options.issuer, options.subjectDigest ?? null, options.after ?? null, limit],
  );
  return rows.map((r) => credentialFromRow(r, []));
}
