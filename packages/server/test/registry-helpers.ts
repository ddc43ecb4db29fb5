/**
 * Helpers for the trust registry service tests: both store backends (embedded PGlite in a temporary
 * directory, and PostgreSQL from the Vitest global setup — or, when a filtered run did not start it,
 * a throwaway cluster from `scripts/postgres.sh`, stopped afterwards), and a settable test clock.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { openEmbeddedStore, openPostgresStore, type SqlClient } from '@trustbridge/store';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** A store backend under test: fresh locations, reopenable. */
export interface BackendTarget {
  name: 'embedded' | 'postgres';
  /** A new empty location (a data directory or a database URL). */
  createLocation(): Promise<string>;
  open(location: string): Promise<SqlClient>;
  dispose(): Promise<void>;
}

export function embeddedBackend(): BackendTarget {
  const dirs: string[] = [];
  return {
    name: 'embedded',
    async createLocation() {
      const dir = mkdtempSync(join(tmpdir(), 'tb-registry-'));
      dirs.push(dir);
      return join(dir, 'db');
    },
    open: (location) => openEmbeddedStore({ dataDir: location }),
    async dispose() {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

export function postgresBackend(): BackendTarget {
  let baseUrl = inject('pgUrl');
  let ownCluster: string | undefined;
  let admin: SqlClient | undefined;
  const created: string[] = [];
  const server = async (): Promise<SqlClient> => {
    if (!baseUrl) {
      // The global setup starts PostgreSQL only for runs that select the store's tests.
      const out = execFileSync('bash', ['scripts/postgres.sh', 'start', `.trustbridge/pg-url-registry-${process.pid}`], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
      baseUrl = /^TRUSTBRIDGE_TEST_PG_URL=(.+)$/m.exec(out)?.[1] ?? '';
      ownCluster = /^TRUSTBRIDGE_PG_DATA=(.+)$/m.exec(out)?.[1];
      if (!baseUrl) throw new Error(`PostgreSQL could not be started: ${inject('pgError')}`);
    }
    admin ??= await openPostgresStore({ connectionString: baseUrl, max: 1 });
    return admin;
  };
  return {
    name: 'postgres',
    async createLocation() {
      const db = await server();
      const name = `tb_registry_${process.pid}_${created.length}`;
      await db.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await db.query(`CREATE DATABASE ${name}`);
      created.push(name);
      const url = new URL(baseUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    open: (location) => openPostgresStore({ connectionString: location, max: 4 }),
    async dispose() {
      if (admin) {
        for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.close();
      }
      if (ownCluster) {
        execFileSync('bash', ['scripts/postgres.sh', 'stop', ownCluster], { cwd: root, stdio: 'ignore' });
        rmSync(join(root, `.trustbridge/pg-url-registry-${process.pid}`), { force: true });
      }
    },
  };
}

/** A clock tests move by hand. */
export function testClock(start: string): { clock: () => Date; set(at: string): void; advance(seconds: number): void } {
  let now = Date.parse(start);
  return {
    clock: () => new Date(now),
    set: (at) => {
      now = Date.parse(at);
    },
    advance: (seconds) => {
      now += seconds * 1000;
    },
  };
}
