/**
 * Issuance throughput with status allocation (issue 4, "Speed"): one `allocateStatusIndex` per
 * operation — insert the issued-credential record and claim a random unused index in a 131,072-entry
 * revocation list, in one transaction — on each backend, beside the raw Ed25519 reference.
 * Goal: embedded ≥ 200 credentials/s. PostgreSQL comes from TRUSTBRIDGE_TEST_PG_URL, or a throwaway
 * cluster started with scripts/postgres.sh (fsync as that script sets it: off unless
 * TRUSTBRIDGE_PG_FSYNC=on).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allocateStatusIndex, openEmbeddedStore, openPostgresStore, type SqlClient } from '@trustbridge/store';
import { compare, type Candidate, type Suite } from '../lib.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function postgresUrl(): { url?: string; stop?: () => void; problem?: string } {
  const given = process.env['TRUSTBRIDGE_TEST_PG_URL'];
  if (given) return { url: given };
  try {
    const out = execFileSync('bash', ['scripts/postgres.sh', 'start', '.trustbridge/pg-url-bench'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const url = /^TRUSTBRIDGE_TEST_PG_URL=(.+)$/m.exec(out)?.[1];
    const dir = /^TRUSTBRIDGE_PG_DATA=(.+)$/m.exec(out)?.[1];
    if (!url || !dir) return { problem: 'scripts/postgres.sh printed no URL' };
    return { url, stop: () => execFileSync('bash', ['scripts/postgres.sh', 'stop', dir], { cwd: root, stdio: 'ignore' }) };
  } catch (error) {
    return { problem: String((error as { stderr?: unknown }).stderr ?? error).trim().split('\n').at(-1) };
  }
}

function issuer(db: SqlClient, name: string): Candidate {
  let n = 0;
  const run = `${process.pid}-${Date.now()}`;
  return {
    implementation: name,
    fn: () =>
      allocateStatusIndex(
        db,
        { credential: { id: `urn:bench:${run}:${n++}`, issuer: `did:example:bench-${run}`, types: ['VerifiableCredential'] }, entries: [{ statusPurpose: 'revocation' }] },
        { listUrl: (id) => `https://issuer.example/status/${id}` },
      ),
  };
}

const suite: Suite = {
  title: 'Store: issuance with status allocation (credentials/s)',
  async run({ rounds, roundMs }) {
    const embedded = await openEmbeddedStore();
    const dir = mkdtempSync(join(tmpdir(), 'trustbridge-bench-'));
    const onDisk = await openEmbeddedStore({ dataDir: join(dir, 'db') });
    const pg = postgresUrl();
    const postgres = pg.url ? await openPostgresStore({ connectionString: pg.url }) : undefined;
    try {
      const candidates = [issuer(embedded, 'embedded (PGlite, in memory)'), issuer(onDisk, 'embedded (PGlite, on disk)')];
      if (postgres) candidates.push(issuer(postgres, 'PostgreSQL 15 (pg, loopback)'));
      const rows = await compare('issue + allocate random index (1 entry)', candidates, { rounds, roundMs });
      const e = Math.min(rows[0]!.opsPerSec, rows[1]!.opsPerSec);
      const notes = [`embedded (slower of memory / disk): ${Math.round(e)} credentials/s (goal ≥ 200) — ${e >= 200 ? 'met' : 'NOT met'}`];
      if (postgres) notes.push(`PostgreSQL: ${Math.round(rows[2]!.opsPerSec)} credentials/s, one connection at a time (sequential issuance)`);
      else notes.push(`PostgreSQL not measured: ${pg.problem ?? 'unavailable'}`);
      return { title: suite.title, rows, notes };
    } finally {
      await embedded.close();
      await onDisk.close();
      rmSync(dir, { recursive: true, force: true });
      await postgres?.close();
      pg.stop?.();
    }
  },
};

export default suite;
