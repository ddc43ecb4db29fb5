/**
 * The store contract: ONE suite that every backend must pass (STYLE.md "Contract tests"). Run it with
 * {@link describeStoreContract} for each implementation of {@link SqlClient}.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, type Clock } from '@trustbridge/core';
import {
  MIGRATIONS,
  allocateStatusIndex,
  appendAuditRecord,
  appendHistory,
  bodyDigest,
  consumeProtocolSession,
  createProtocolSession,
  getProtocolSession,
  purgeExpiredProtocolSessions,
  recordProtocolSessionFailure,
  consumeNonce,
  createNonce,
  deleteWalletItem,
  getAuditRecord,
  getIssuedCredential,
  getStatusList,
  getStatusListByUrl,
  getWalletItem,
  listAppliedMigrations,
  listAuditRecords,
  listHistory,
  listIssuedCredentials,
  listStatusLists,
  listWalletItems,
  migrate,
  purgeExpiredNonces,
  putWalletItem,
  readStatusValue,
  recordStatusListPublication,
  reinstateCredential,
  revokeCredential,
  suspendCredential,
  type AllocateStatusIndexOptions,
  type SqlClient,
  type StatusEntryRequest,
} from '../src/index.js';
import { codeOf, seededRandom } from './helpers.js';

/** How the contract reaches one backend. */
export interface StoreContractTarget {
  backend: 'embedded' | 'postgres';
  /** A store on a new, empty database (in memory where the backend has that). */
  openFresh(): Promise<SqlClient>;
  /** A new, empty durable database; returns its location (data directory or connection URL). */
  createLocation(): Promise<string>;
  /** Opens (and migrates) the database at `location`. */
  open(location: string): Promise<SqlClient>;
  /** Releases what the target created (databases, directories). */
  dispose(): Promise<void>;
}

const T0 = '2026-03-01T12:00:00.000Z';
const clock: Clock = fixedClock(T0);
const listUrl = (id: string) => `https://issuer.example/status/${id}`;
const BOTH: StatusEntryRequest[] = [{ statusPurpose: 'revocation' }, { statusPurpose: 'suspension' }];
const childScript = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function opts(seed: string, extra: Partial<AllocateStatusIndexOptions> = {}): AllocateStatusIndexOptions {
  return { listUrl, clock, random: seededRandom(seed), ...extra };
}

function cred(issuer: string, n: number | string) {
  return { id: `urn:uuid:${issuer}-${n}`, issuer, types: ['VerifiableCredential', 'BusinessRegistrationCredential'] };
}

/** Checks the allocation invariants for one issuer; returns the number of records. */
async function checkAllocationInvariants(db: SqlClient, issuer: string, entriesPerRecord: number): Promise<number> {
  const [counts] = await db.query<{ records: number; entries: number; distinct_slots: number; orphans: number; incomplete: number }>(
    `SELECT
       (SELECT count(*)::int FROM issued_credentials WHERE issuer = $1) AS records,
       (SELECT count(*)::int FROM credential_status_entries e JOIN issued_credentials c ON c.id = e.credential_id WHERE c.issuer = $1) AS entries,
       (SELECT count(DISTINCT (e.list_id, e.status_index))::int FROM credential_status_entries e JOIN status_lists l ON l.id = e.list_id WHERE l.issuer = $1) AS distinct_slots,
       (SELECT count(*)::int FROM credential_status_entries e LEFT JOIN issued_credentials c ON c.id = e.credential_id WHERE c.id IS NULL) AS orphans,
       (SELECT count(*)::int FROM issued_credentials c WHERE c.issuer = $1
          AND (SELECT count(*) FROM credential_status_entries e WHERE e.credential_id = c.id) <> $2) AS incomplete`,
    [issuer, entriesPerRecord],
  );
  expect(counts!.orphans).toBe(0);
  expect(counts!.incomplete).toBe(0);
  expect(counts!.entries).toBe(counts!.records * entriesPerRecord);
  expect(counts!.distinct_slots).toBe(counts!.entries);
  const lists = await listStatusLists(db, { issuer });
  for (const l of lists) {
    const [n] = await db.query<{ n: number; bad: number }>(
      'SELECT count(*)::int AS n, count(*) FILTER (WHERE status_index >= $2)::int AS bad FROM credential_status_entries WHERE list_id = $1',
      [l.id, l.size],
    );
    expect(n!.n).toBe(l.allocated);
    expect(n!.bad).toBe(0);
  }
  return counts!.records;
}

/** Every bit of every list of `issuer` matches the status of the record owning its entry; versions count the changes. */
async function checkBitsMatchRecords(db: SqlClient, issuer: string): Promise<void> {
  for (const l of await listStatusLists(db, { issuer })) {
    const owners = await db.query<{ status_index: number; status: string }>(
      `SELECT e.status_index, c.status FROM credential_status_entries e JOIN issued_credentials c ON c.id = e.credential_id WHERE e.list_id = $1`,
      [l.id],
    );
    const expectedOn = new Set(
      owners.filter((o) => (l.statusPurpose === 'revocation' ? o.status === 'revoked' : o.status === 'suspended')).map((o) => Number(o.status_index)),
    );
    // Revoking a suspended credential leaves its suspension bit as it was (revocation wins).
    const unchecked = new Set(l.statusPurpose === 'suspension' ? owners.filter((o) => o.status === 'revoked').map((o) => Number(o.status_index)) : []);
    let on = 0;
    for (let i = 0; i < l.size; i++) {
      const bit = readStatusValue(l.bits, i);
      if (unchecked.has(i)) continue;
      expect(bit, `list ${l.statusPurpose} index ${i}`).toBe(expectedOn.has(i) ? 1 : 0);
      on += bit;
    }
    if (l.statusPurpose === 'revocation') expect(l.version).toBe(1 + on);
  }
}

/**
 * Registers the store contract for one backend: migrations, every repository, the allocation
 * guarantees under concurrency and list roll-over, the status rules, single-use nonces and a SIGKILL
 * crash test against the durable backend.
 */
export function describeStoreContract(name: string, target: () => StoreContractTarget): void {
  describe(`store contract: ${name}`, () => {
    let t: StoreContractTarget;
    let db: SqlClient;

    beforeAll(async () => {
      t = target();
      db = await t.openFresh();
    });
    afterAll(async () => {
      await db?.close();
      await t?.dispose();
    });

    describe('migrations', () => {
      it('apply once at open, are recorded, and are idempotent on reopen', async () => {
        const location = await t.createLocation();
        const first = await t.open(location);
        const applied = await listAppliedMigrations(first);
        expect(applied.map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
        expect(await migrate(first)).toEqual({ applied: [], version: MIGRATIONS[MIGRATIONS.length - 1]!.version });
        await first.close();
        const again = await t.open(location);
        expect((await listAppliedMigrations(again)).map((m) => [m.version, m.checksum])).toEqual(applied.map((m) => [m.version, m.checksum]));
        await again.close();
      });

      it('two processes starting together: PostgreSQL migrates exactly once; the embedded directory admits one opener', async () => {
        const location = await t.createLocation();
        const results = await Promise.allSettled([t.open(location), t.open(location)]);
        const opened = results.filter((r): r is PromiseFulfilledResult<SqlClient> => r.status === 'fulfilled').map((r) => r.value);
        if (t.backend === 'postgres') {
          expect(opened).toHaveLength(2);
          const [n] = await opened[0]!.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
          expect(n!.n).toBe(MIGRATIONS.length);
        } else {
          expect(opened).toHaveLength(1);
          const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
          expect(rejected.reason.code).toBe('ERR_STORE_LOCKED');
        }
        for (const s of opened) await s.close();
      });

      it('refuse an edited migration and a database newer than the code with ERR_STORE_MIGRATION', async () => {
        const edited = [{ ...MIGRATIONS[0]!, statements: [...MIGRATIONS[0]!.statements, 'SELECT 1'] }];
        expect(await codeOf(migrate(db, edited))).toBe('ERR_STORE_MIGRATION');
        expect(await codeOf(migrate(db, []))).toBe('ERR_STORE_MIGRATION');
      });
    });

    describe('issued credentials and status allocation', () => {
      it('records a credential with one random entry per purpose, atomically', async () => {
        const r = await allocateStatusIndex(db, { credential: { ...cred('did:example:crud', 1), subjectDigest: 'sha-256:ab' }, entries: BOTH }, opts('crud'));
        expect(r.status).toBe('active');
        expect(r.entries.map((e) => e.statusPurpose)).toEqual(['revocation', 'suspension']);
        for (const e of r.entries) {
          expect(e.statusListCredential).toBe(listUrl(e.statusListId));
          expect(e.statusListIndex).toBeGreaterThanOrEqual(0);
          expect(e.statusListIndex).toBeLessThan(131_072);
          expect(e.statusSize).toBe(1);
        }
        const got = await getIssuedCredential(db, r.id);
        expect(got).toEqual({ ...r, issuedAt: new Date(T0) });
        const list = await getStatusListByUrl(db, r.entries[0]!.statusListCredential);
        expect(list).toMatchObject({ issuer: 'did:example:crud', statusPurpose: 'revocation', size: 131_072, capacity: 98_304, allocated: 1, state: 'active', version: 1 });
        expect(list.bits.length).toBe(16_384);
        expect(await getStatusList(db, list.id)).toEqual(list);
      });

      it('draws indexes at random, not in sequence', async () => {
        const indexes: number[] = [];
        for (let i = 0; i < 8; i++) {
          const r = await allocateStatusIndex(db, { credential: cred('did:example:random', i), entries: [{ statusPurpose: 'revocation' }] }, opts('random'));
          indexes.push(r.entries[0]!.statusListIndex);
        }
        expect(new Set(indexes).size).toBe(8);
        const consecutive = indexes.slice(1).filter((x, i) => x === indexes[i]! + 1).length;
        expect(consecutive).toBeLessThan(2);
        expect(Math.max(...indexes)).toBeGreaterThan(1000);
      });

      it('rejects a second record with the same id (ERR_STORE_CONFLICT) without leaking it, and keeps no partial entries', async () => {
        const c = cred('did:example:dup', 'secret-subject-42');
        await allocateStatusIndex(db, { credential: c, entries: BOTH }, opts('dup'));
        try {
          await allocateStatusIndex(db, { credential: c, entries: BOTH }, opts('dup2'));
          expect.unreachable();
        } catch (e) {
          const err = e as { code: string; message: string; cause?: unknown };
          expect(err.code).toBe('ERR_STORE_CONFLICT');
          expect(JSON.stringify({ m: err.message, j: err })).not.toContain('secret-subject-42');
          expect(err.message).not.toMatch(/INSERT|SELECT|\$1/);
          expect(err.cause).toBeUndefined();
        }
        expect(await checkAllocationInvariants(db, 'did:example:dup', 2)).toBe(1);
      });

      it('reports unknown records and bad input with codes', async () => {
        expect(await codeOf(getIssuedCredential(db, 'urn:uuid:nope'))).toBe('ERR_STORE_NOT_FOUND');
        expect(await codeOf(getStatusList(db, 'nope'))).toBe('ERR_STORE_NOT_FOUND');
        expect(await codeOf(allocateStatusIndex(db, { credential: { ...cred('did:example:bad', 1), types: [] }, entries: [] }, opts('bad')))).toBe('ERR_STORE_INVALID_INPUT');
        expect(
          await codeOf(allocateStatusIndex(db, { credential: cred('did:example:bad', 2), entries: [{ statusPurpose: 'revocation' }, { statusPurpose: 'revocation' }] }, opts('bad'))),
        ).toBe('ERR_STORE_INVALID_INPUT');
        expect(await codeOf(allocateStatusIndex(db, { credential: cred('did:example:bad', 3), entries: [] }, opts('bad', { fillThreshold: 0 })))).toBe('ERR_STORE_INVALID_INPUT');
      });

      it('lists an issuer’s records with keyset pagination', async () => {
        for (let i = 0; i < 5; i++) {
          await allocateStatusIndex(db, { credential: { ...cred('did:example:page', i), subjectDigest: i % 2 ? 'odd' : 'even' }, entries: [] }, opts('page'));
        }
        const first = await listIssuedCredentials(db, { issuer: 'did:example:page', limit: 3 });
        const rest = await listIssuedCredentials(db, { issuer: 'did:example:page', after: first.at(-1)!.id });
        expect([...first, ...rest].map((r) => r.id)).toEqual([0, 1, 2, 3, 4].map((i) => cred('did:example:page', i).id));
        expect((await listIssuedCredentials(db, { issuer: 'did:example:page', subjectDigest: 'odd' })).length).toBe(2);
      });

      it('1,000 concurrent issuances get 1,000 distinct indexes; every record has its entry and every entry its record', async () => {
        const issuer = 'did:example:concurrent';
        const random = seededRandom('concurrent');
        const results = await Promise.all(
          Array.from({ length: 1000 }, (_, i) =>
            allocateStatusIndex(db, { credential: cred(issuer, i), entries: [{ statusPurpose: 'revocation' }] }, { listUrl, clock, random, listSize: 400, fillThreshold: 1 }),
          ),
        );
        const slots = new Set(results.map((r) => `${r.entries[0]!.statusListId}#${r.entries[0]!.statusListIndex}`));
        expect(slots.size).toBe(1000);
        expect(await checkAllocationInvariants(db, issuer, 1)).toBe(1000);
        const lists = await listStatusLists(db, { issuer });
        expect(lists.map((l) => l.allocated).sort((a, b) => a - b)).toEqual([200, 400, 400]);
        expect(lists.filter((l) => l.state === 'active')).toHaveLength(1);
      });

      it('starts a new list when one is full, and at the fill threshold', async () => {
        const issuer = 'did:example:rollover';
        const o = opts('rollover', { listSize: 8, fillThreshold: 1 });
        for (let i = 0; i < 20; i++) await allocateStatusIndex(db, { credential: cred(issuer, i), entries: BOTH }, o);
        const lists = await listStatusLists(db, { issuer, statusPurpose: 'revocation' });
        expect(lists.map((l) => [l.allocated, l.state])).toEqual([
          [8, 'full'],
          [8, 'full'],
          [4, 'active'],
        ]);
        expect(new Set(lists.map((l) => l.url)).size).toBe(3);
        await checkAllocationInvariants(db, issuer, 2);

        const half = 'did:example:threshold';
        const oh = opts('threshold', { listSize: 8, fillThreshold: 0.5 });
        for (let i = 0; i < 5; i++) await allocateStatusIndex(db, { credential: cred(half, i), entries: [{ statusPurpose: 'revocation' }] }, oh);
        expect((await listStatusLists(db, { issuer: half })).map((l) => [l.capacity, l.allocated, l.state])).toEqual([
          [4, 4, 'full'],
          [4, 1, 'active'],
        ]);
      });

      it('fills a small list completely under concurrency (dense fallback draw)', async () => {
        const issuer = 'did:example:dense';
        const random = seededRandom('dense');
        await Promise.all(
          Array.from({ length: 64 }, (_, i) =>
            allocateStatusIndex(db, { credential: cred(issuer, i), entries: [{ statusPurpose: 'revocation' }] }, { listUrl, clock, random, listSize: 16, fillThreshold: 1, maxProbes: 2 }),
          ),
        );
        const lists = await listStatusLists(db, { issuer });
        expect(lists.map((l) => l.allocated)).toEqual([16, 16, 16, 16]);
        await checkAllocationInvariants(db, issuer, 1);
      });
    });

    describe('status changes', () => {
      const issuer = 'did:example:status';
      let n = 0;
      const issue = async (entries: StatusEntryRequest[] = BOTH) =>
        (await allocateStatusIndex(db, { credential: cred(issuer, n++), entries }, opts(`status-${n}`))).id;
      const bit = async (id: string, purpose: 'revocation' | 'suspension') => {
        const r = await getIssuedCredential(db, id);
        const e = r.entries.find((x) => x.statusPurpose === purpose)!;
        return readStatusValue((await getStatusList(db, e.statusListId)).bits, e.statusListIndex);
      };

      it('revoke sets the bit, bumps the list version and marks the record, together', async () => {
        const id = await issue();
        const before = await getStatusList(db, (await getIssuedCredential(db, id)).entries[0]!.statusListId);
        const later = fixedClock('2026-03-02T00:00:00Z');
        const r = await revokeCredential(db, id, { clock: later });
        expect(r.status).toBe('revoked');
        expect(r.statusChangedAt).toEqual(new Date('2026-03-02T00:00:00Z'));
        expect(await bit(id, 'revocation')).toBe(1);
        const after = await getStatusList(db, before.id);
        expect(after.version).toBe(before.version + 1);
        expect(after.updatedAt).toEqual(new Date('2026-03-02T00:00:00Z'));
      });

      it('double revoke is ERR_STATUS_ALREADY_REVOKED; reinstating a revoked credential is ERR_STATUS_REINSTATE_REVOKED; suspending it is ERR_STATUS_ALREADY_REVOKED', async () => {
        const id = await issue();
        await revokeCredential(db, id);
        const version = (await getStatusList(db, (await getIssuedCredential(db, id)).entries[0]!.statusListId)).version;
        expect(await codeOf(revokeCredential(db, id))).toBe('ERR_STATUS_ALREADY_REVOKED');
        expect(await codeOf(reinstateCredential(db, id))).toBe('ERR_STATUS_REINSTATE_REVOKED');
        expect(await codeOf(suspendCredential(db, id))).toBe('ERR_STATUS_ALREADY_REVOKED');
        expect((await getStatusList(db, (await getIssuedCredential(db, id)).entries[0]!.statusListId)).version).toBe(version);
      });

      it('suspend and reinstate toggle the suspension bit; the rules have codes', async () => {
        const id = await issue();
        await suspendCredential(db, id);
        expect(await bit(id, 'suspension')).toBe(1);
        expect(await codeOf(suspendCredential(db, id))).toBe('ERR_STATUS_ALREADY_SUSPENDED');
        const r = await reinstateCredential(db, id);
        expect(r.status).toBe('active');
        expect(await bit(id, 'suspension')).toBe(0);
        expect(await codeOf(reinstateCredential(db, id))).toBe('ERR_STATUS_NOT_SUSPENDED');
        await suspendCredential(db, id);
        expect((await revokeCredential(db, id)).status).toBe('revoked');
        expect(await bit(id, 'revocation')).toBe(1);
      });

      it('unknown credential is ERR_STORE_NOT_FOUND; a missing entry is ERR_STATUS_NO_ENTRY', async () => {
        expect(await codeOf(revokeCredential(db, 'urn:uuid:unknown'))).toBe('ERR_STORE_NOT_FOUND');
        expect(await codeOf(suspendCredential(db, 'urn:uuid:unknown'))).toBe('ERR_STORE_NOT_FOUND');
        const revocationOnly = await issue([{ statusPurpose: 'revocation' }]);
        expect(await codeOf(suspendCredential(db, revocationOnly))).toBe('ERR_STATUS_NO_ENTRY');
        expect((await getIssuedCredential(db, revocationOnly)).status).toBe('active');
      });

      it('concurrent revokes of one credential: exactly one succeeds', async () => {
        const id = await issue();
        const results = await Promise.allSettled(Array.from({ length: 10 }, () => revokeCredential(db, id)));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason.code).toBe('ERR_STATUS_ALREADY_REVOKED');
        await checkBitsMatchRecords(db, issuer);
      });

      it('tracks which list versions still need signing and publishing', async () => {
        const now = new Date('2026-03-05T00:00:00Z');
        const due = await listStatusLists(db, { issuer, needingPublicationAt: now });
        expect(due.length).toBeGreaterThan(0);
        for (const l of due) await recordStatusListPublication(db, { listId: l.id, version: l.version, nextUpdateAt: '2026-03-06T00:00:00Z' });
        expect(await listStatusLists(db, { issuer, needingPublicationAt: now })).toEqual([]);
        expect((await listStatusLists(db, { issuer, needingPublicationAt: new Date('2026-03-06T00:00:00Z') })).length).toBe(due.length);
        const l = due[0]!;
        const stale = await recordStatusListPublication(db, { listId: l.id, version: 1 });
        expect(stale.publishedVersion).toBe(l.version);
        expect(await codeOf(recordStatusListPublication(db, { listId: 'nope', version: 1 }))).toBe('ERR_STORE_NOT_FOUND');
      });
    });

    describe('verifier nonces', () => {
      const audience = 'https://bank.example';
      it('are consumed once; reuse, unknown, other audience and expiry have codes', async () => {
        const n = await createNonce(db, { audience, ttlSeconds: 300 }, { clock, random: seededRandom('nonce') });
        expect(n.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect((await consumeNonce(db, { nonce: n.nonce, audience }, { clock })).consumedAt).toEqual(new Date(T0));
        expect(await codeOf(consumeNonce(db, { nonce: n.nonce, audience }, { clock }))).toBe('ERR_STORE_NONCE_USED');
        expect(await codeOf(consumeNonce(db, { nonce: 'never-issued', audience }, { clock }))).toBe('ERR_STORE_NONCE_UNKNOWN');
        const m = await createNonce(db, { audience, ttlSeconds: 300 }, { clock });
        expect(await codeOf(consumeNonce(db, { nonce: m.nonce, audience: 'https://other.example' }, { clock }))).toBe('ERR_STORE_NONCE_UNKNOWN');
        const late = fixedClock(new Date(Date.parse(T0) + 300_000));
        expect(await codeOf(consumeNonce(db, { nonce: m.nonce, audience }, { clock: late }))).toBe('ERR_STORE_NONCE_EXPIRED');
        expect(await purgeExpiredNonces(db, { clock: late })).toBeGreaterThanOrEqual(2);
        expect(await codeOf(consumeNonce(db, { nonce: m.nonce, audience }, { clock: late }))).toBe('ERR_STORE_NONCE_UNKNOWN');
      });

      it('concurrent consumers: exactly one wins', async () => {
        const n = await createNonce(db, { audience, ttlSeconds: 60 }, { clock });
        const results = await Promise.allSettled(Array.from({ length: 50 }, () => consumeNonce(db, { nonce: n.nonce, audience }, { clock })));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason.code).toBe('ERR_STORE_NONCE_USED');
      });
    });

    describe('protocol sessions', () => {
      const kind = 'oid4vci.pre-authorized-code';
      it('are consumed once; unknown, reuse, other kind and expiry have codes; data round-trips', async () => {
        const s = await createProtocolSession(db, { kind, data: { offer: 'o1', types: ['BusinessRegistrationCredential'] }, ttlSeconds: 300 }, { clock, random: seededRandom('sess') });
        expect(s.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect((await getProtocolSession(db, { kind, id: s.id }, { clock })).data).toEqual({ offer: 'o1', types: ['BusinessRegistrationCredential'] });
        expect(await codeOf(getProtocolSession(db, { kind: 'oid4vp.request', id: s.id }, { clock }))).toBe('ERR_STORE_SESSION_UNKNOWN');
        expect((await consumeProtocolSession(db, { kind, id: s.id }, { clock })).consumedAt).toEqual(new Date(T0));
        expect(await codeOf(consumeProtocolSession(db, { kind, id: s.id }, { clock }))).toBe('ERR_STORE_SESSION_USED');
        expect(await codeOf(getProtocolSession(db, { kind, id: s.id }, { clock }))).toBe('ERR_STORE_SESSION_USED');
        const t = await createProtocolSession(db, { kind, data: {}, ttlSeconds: 60, id: 'fixed-id' }, { clock });
        expect(await codeOf(createProtocolSession(db, { kind, data: {}, ttlSeconds: 60, id: t.id }, { clock }))).toBe('ERR_STORE_CONFLICT');
        const late = fixedClock(new Date(Date.parse(T0) + 60_000));
        expect(await codeOf(consumeProtocolSession(db, { kind, id: t.id }, { clock: late }))).toBe('ERR_STORE_SESSION_EXPIRED');
        expect(await purgeExpiredProtocolSessions(db, { clock: late })).toBeGreaterThanOrEqual(1);
        expect(await codeOf(consumeProtocolSession(db, { kind, id: t.id }, { clock: late }))).toBe('ERR_STORE_SESSION_UNKNOWN');
      });

      it('lock after the failed-attempt budget is spent', async () => {
        const s = await createProtocolSession(db, { kind, data: {}, ttlSeconds: 300, maxAttempts: 3 }, { clock });
        expect(await recordProtocolSessionFailure(db, { kind, id: s.id }, { clock })).toBe(2);
        expect(await recordProtocolSessionFailure(db, { kind, id: s.id }, { clock })).toBe(1);
        expect(await recordProtocolSessionFailure(db, { kind, id: s.id }, { clock })).toBe(0);
        expect(await codeOf(consumeProtocolSession(db, { kind, id: s.id }, { clock }))).toBe('ERR_STORE_SESSION_LOCKED');
        expect(await codeOf(recordProtocolSessionFailure(db, { kind, id: s.id }, { clock }))).toBe('ERR_STORE_SESSION_LOCKED');
      });

      it('concurrent consumers: exactly one wins', async () => {
        const s = await createProtocolSession(db, { kind, data: {}, ttlSeconds: 60 }, { clock });
        const results = await Promise.allSettled(Array.from({ length: 50 }, () => consumeProtocolSession(db, { kind, id: s.id }, { clock })));
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason.code).toBe('ERR_STORE_SESSION_USED');
      });
    });

    describe('append-only audit records and history', () => {
      it('appends, reads back with a verifiable digest, and refuses updates and deletes', async () => {
        const body = { decision: 'approve', checks: [{ id: 'proof', status: 'passed' }], snapshot: 'sha-256:00' };
        const a = await appendAuditRecord(db, { kind: 'kyb-decision', body }, { clock, random: seededRandom('audit') });
        expect(a.digest).toBe(bodyDigest(a.bodyText));
        expect(await getAuditRecord(db, a.id)).toEqual(a);
        const b = await appendAuditRecord(db, { id: 'audit-2', kind: 'kyb-decision', body: { decision: 'refer' } }, { clock });
        expect((await listAuditRecords(db, { kind: 'kyb-decision' })).map((r) => r.id)).toEqual([a.id, b.id]);
        expect((await listAuditRecords(db, { afterSeq: a.seq })).map((r) => r.id)).toEqual([b.id]);
        expect(await codeOf(appendAuditRecord(db, { id: 'audit-2', kind: 'x', body: {} }))).toBe('ERR_STORE_CONFLICT');
        expect(await codeOf(db.query("UPDATE audit_records SET body = '{}' WHERE id = $1", [a.id]))).toBe('ERR_STORE_APPEND_ONLY');
        expect(await codeOf(db.query('DELETE FROM audit_records WHERE id = $1', [a.id]))).toBe('ERR_STORE_APPEND_ONLY');
        expect(await codeOf(db.query('TRUNCATE audit_records'))).toBe('ERR_STORE_APPEND_ONLY');
        expect(await codeOf(getAuditRecord(db, 'missing'))).toBe('ERR_STORE_NOT_FOUND');
        expect(await codeOf(appendAuditRecord(db, { kind: 'x', body: { big: 'x'.repeat(1024 * 1024) } }))).toBe('ERR_STORE_INVALID_INPUT');
      });

      it('keeps a registry history per stream and subject, answerable as of a time', async () => {
        const stream = 'registry:ca-bc';
        await appendHistory(db, { stream, subject: 'did:web:bcreg', kind: 'authorized', body: { status: 'active' } }, { clock: fixedClock('2026-01-01T00:00:00Z') });
        await appendHistory(db, { stream, subject: 'did:web:other', kind: 'authorized', body: { status: 'active' } }, { clock: fixedClock('2026-01-02T00:00:00Z') });
        await appendHistory(db, { stream, subject: 'did:web:bcreg', kind: 'suspended', body: { status: 'suspended' } }, { clock: fixedClock('2026-02-01T00:00:00Z') });
        expect((await listHistory(db, { stream, subject: 'did:web:bcreg' })).map((h) => h.kind)).toEqual(['authorized', 'suspended']);
        expect((await listHistory(db, { stream, asOf: new Date('2026-01-15T00:00:00Z') })).map((h) => h.subject)).toEqual(['did:web:bcreg', 'did:web:other']);
        expect(await codeOf(db.query('DELETE FROM history_entries'))).toBe('ERR_STORE_APPEND_ONLY');
      });
    });

    describe('wallet items', () => {
      it('stores opaque ciphertext per owner, replaces with a new revision, and isolates owners', async () => {
        const a = { owner: 'holder-a', id: 'cred-1', kind: 'credential', ciphertext: new Uint8Array([1, 2, 3]) };
        const put = await putWalletItem(db, a, { clock });
        expect(put).toMatchObject({ revision: 1, ciphertext: new Uint8Array([1, 2, 3]) });
        const replaced = await putWalletItem(db, { ...a, ciphertext: new Uint8Array([9]) }, { clock: fixedClock('2026-03-02T00:00:00Z') });
        expect(replaced).toMatchObject({ revision: 2, createdAt: new Date(T0), updatedAt: new Date('2026-03-02T00:00:00Z') });
        expect((await getWalletItem(db, a)).ciphertext).toEqual(new Uint8Array([9]));
        expect(await codeOf(getWalletItem(db, { owner: 'holder-b', id: 'cred-1' }))).toBe('ERR_STORE_NOT_FOUND');
        await putWalletItem(db, { owner: 'holder-a', id: 'consent-1', kind: 'consent', ciphertext: new Uint8Array([7]) }, { clock });
        expect((await listWalletItems(db, { owner: 'holder-a' })).map((i) => i.id)).toEqual(['consent-1', 'cred-1']);
        expect((await listWalletItems(db, { owner: 'holder-a', kind: 'consent' })).map((i) => i.id)).toEqual(['consent-1']);
        expect(await codeOf(deleteWalletItem(db, { owner: 'holder-b', id: 'cred-1' }))).toBe('ERR_STORE_NOT_FOUND');
        await deleteWalletItem(db, a);
        expect(await codeOf(getWalletItem(db, a))).toBe('ERR_STORE_NOT_FOUND');
        expect(await codeOf(putWalletItem(db, { ...a, ciphertext: new Uint8Array(0) }))).toBe('ERR_STORE_INVALID_INPUT');
      });
    });

    describe('transactions', () => {
      it('roll back when the function throws, and refuse an executor used after its transaction', async () => {
        let leaked: { query: SqlClient['query'] } | undefined;
        await expect(
          db.transaction(async (tx) => {
            leaked = tx;
            await putWalletItem(tx, { owner: 'tx-owner', id: 'x', kind: 'k', ciphertext: new Uint8Array([1]) }, { clock });
            throw new Error('abort');
          }),
        ).rejects.toThrow('abort');
        expect(await codeOf(getWalletItem(db, { owner: 'tx-owner', id: 'x' }))).toBe('ERR_STORE_NOT_FOUND');
        expect(await codeOf(leaked!.query('SELECT 1'))).toBe('ERR_STORE_CLOSED');
        for (const isolation of ['read committed', 'repeatable read', 'serializable'] as const) {
          const [row] = await db.transaction((tx) => tx.query<{ level: string }>("SELECT current_setting('transaction_isolation') AS level"), { isolation });
          expect(row!.level).toBe(isolation);
        }
      });

      it('a closed store refuses work with ERR_STORE_CLOSED', async () => {
        const s = await t.openFresh();
        await s.close();
        await s.close();
        expect(await codeOf(s.query('SELECT 1'))).toBe('ERR_STORE_CLOSED');
        expect(await codeOf(s.transaction(async () => 1))).toBe('ERR_STORE_CLOSED');
      });
    });

    describe('crash safety', () => {
      it('a process SIGKILLed while issuing and revoking leaves every index with its record, every record with its indexes, and each revoke whole', async () => {
        const location = await t.createLocation();
        await (await t.open(location)).close(); // Create and migrate first, so the child starts quickly.
        const issuer = `did:example:crash-${t.backend}`;
        const child = spawn(process.execPath, ['--import', 'tsx', childScript, t.backend, location, issuer, '64'], {
          cwd: repoRoot,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const issued: string[] = [];
        const revoked: string[] = [];
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
        await new Promise<void>((resolve, reject) => {
          let buffer = '';
          child.stdout.on('data', (d: Buffer) => {
            buffer += d.toString();
            const lines = buffer.split('\n');
            buffer = lines.pop()!;
            for (const line of lines) {
              if (line.startsWith('issued ')) issued.push(line.slice(7));
              if (line.startsWith('revoked ')) revoked.push(line.slice(8));
            }
            // Past the first list roll-over (64 entries), so the kill may land in any phase.
            if (issued.length >= 150) {
              child.kill('SIGKILL');
              resolve();
            }
          });
          child.on('exit', () => reject(new Error(`crash child exited early: ${stderr.slice(-2000)}`)));
        });
        expect(await exited).toBe('SIGKILL');

        const reopened = await t.open(location);
        try {
          const records = await checkAllocationInvariants(reopened, issuer, 2);
          expect(records).toBeGreaterThanOrEqual(issued.length);
          expect(records).toBeLessThanOrEqual(issued.length + 1);
          for (const id of issued) expect((await getIssuedCredential(reopened, id)).entries).toHaveLength(2);
          for (const id of revoked) expect((await getIssuedCredential(reopened, id)).status).toBe('revoked');
          await checkBitsMatchRecords(reopened, issuer);
          // The store keeps working after the crash.
          const next = await allocateStatusIndex(reopened, { credential: cred(issuer, 'after'), entries: BOTH }, opts('after-crash', { listSize: 64, fillThreshold: 1 }));
          await revokeCredential(reopened, next.id);
          await checkAllocationInvariants(reopened, issuer, 2);
          await checkBitsMatchRecords(reopened, issuer);
        } finally {
          await reopened.close();
        }
      }, 120_000);
    });
  });
}
