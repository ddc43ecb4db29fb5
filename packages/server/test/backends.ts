/**
 * The two store backends for service tests: embedded PGlite, and PostgreSQL — the global setup's
 * cluster when this run started one, else a throwaway cluster of the test's own (scripts/postgres.sh).
 * Each `open()` gets a fresh database; `dispose()` drops them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { openEmbeddedStore, openPostgresStore, type SqlClient } from '@trustbridge/store';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A PostgreSQL server: the global setup's, or (when this run did not start one) a throwaway one of our own. */
export function providePostgres(): { url: () => string; start(): void; stop(): void } {
  let url = inject('pgUrl');
  let dataDir: string | undefined;
  return {
    url: () => url,
    start() {
      if (url) return;
      const out = execFileSync('bash', ['scripts/postgres.sh', 'start', join(mkdtempSync(join(tmpdir(), 'tb-svc-pg-')), 'url')], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 300_000,
      });
      url = /^TRUSTBRIDGE_TEST_PG_URL=(.+)$/m.exec(out)?.[1] ?? '';
      dataDir = /^TRUSTBRIDGE_PG_DATA=(.+)$/m.exec(out)?.[1];
      if (!url) throw new Error(`scripts/postgres.sh printed no URL. ${inject('pgError')}`);
    },
    stop() {
      if (dataDir) execFileSync('bash', ['scripts/postgres.sh', 'stop', dataDir], { cwd: ROOT, stdio: 'ignore' });
    },
  };
}

export interface Backend {
  name: string;
  open(): Promise<SqlClient>;
  dispose(): Promise<void>;
}

export function embeddedBackend(): Backend {
  return { name: 'embedded (PGlite)', open: () => openEmbeddedStore(), dispose: async () => undefined };
}

export function postgresBackend(): Backend {
  const pg = providePostgres();
  const created: string[] = [];
  const admin = async (sql: string) => {
    const db = await openPostgresStore({ connectionString: pg.url(), migrate: false, max: 1 });
    try {
      await db.query(sql);
    } finally {
      await db.close();
    }
  };
  return {
    name: 'PostgreSQL',
    async open() {
      pg.start();
      const name = `tb_svc_${process.pid}_${created.length}_${Date.now().toString(36)}`;
      await admin(`CREATE DATABASE ${name}`);
      created.push(name);
      const url = new URL(pg.url());
      url.pathname = `/${name}`;
      return openPostgresStore({ connectionString: url.toString() });
    },
    async dispose() {
      for (const name of created) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      pg.stop();
    },
  };
}
