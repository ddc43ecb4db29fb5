import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openEmbeddedStore, openPostgresStore, type SqlClient } from '../src/index.js';
import { describeStoreContract, type StoreContractTarget } from './store-contract.js';

describeStoreContract('embedded (PGlite)', (): StoreContractTarget => {
  const dirs: string[] = [];
  return {
    backend: 'embedded',
    openFresh: () => openEmbeddedStore(),
    async createLocation() {
      const dir = mkdtempSync(join(tmpdir(), 'trustbridge-store-'));
      dirs.push(dir);
      return join(dir, 'db');
    },
    open: (location) => openEmbeddedStore({ dataDir: location }),
    async dispose() {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
});

describeStoreContract('PostgreSQL (pg)', (): StoreContractTarget => {
  const baseUrl = inject('pgUrl');
  const problem = inject('pgError');
  const created: string[] = [];
  const requireServer = (): string => {
    if (!baseUrl) {
      throw new Error(
        `The PostgreSQL contract tests need a server and none was provided. ${problem || ''} ` +
          'Run `bash scripts/postgres.sh install` (as root) or set TRUSTBRIDGE_TEST_PG_URL=postgres://… to an empty database.',
      );
    }
    return baseUrl;
  };
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: requireServer() });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  const createLocation = async () => {
    const name = `tb_test_${process.pid}_${created.length}_${Date.now().toString(36)}`;
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    created.push(name);
    const url = new URL(requireServer());
    url.pathname = `/${name}`;
    return url.toString();
  };
  return {
    backend: 'postgres',
    async openFresh(): Promise<SqlClient> {
      return openPostgresStore({ connectionString: await createLocation() });
    },
    createLocation,
    open: (location) => openPostgresStore({ connectionString: location }),
    async dispose() {
      if (!baseUrl) return;
      await admin(async (c) => {
        for (const name of created) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
});
