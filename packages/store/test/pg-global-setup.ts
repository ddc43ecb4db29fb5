/**
 * Vitest global setup: provides a PostgreSQL database to the store's contract tests.
 *
 * - `TRUSTBRIDGE_TEST_PG_URL` set → that database is used and left alone.
 * - otherwise `scripts/postgres.sh start` creates a throwaway cluster on 127.0.0.1 (installing Debian's
 *   `postgresql` first when running as root), and the teardown stops it and deletes its files.
 *
 * When PostgreSQL cannot be provided, the reason is passed on as `pgError` and the PostgreSQL contract
 * tests FAIL with it; they are never skipped. Runs that do not include the store's tests (a filter
 * naming other files) do not start a server.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    pgError: string;
  }
}

const root = fileURLToPath(new URL('../../../', import.meta.url));

function storeTestsSelected(project: TestProject): boolean {
  // `filenamePattern` holds the CLI filters (internal in Vitest 4, hence the defensive read).
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  if (!filters || filters.length === 0) return true;
  const sample = 'packages/store/test/store-contract.test.ts';
  return filters.some((f) => sample.includes(f) || f.includes('store') || f.includes('pg-'));
}

export default function setup(project: TestProject): (() => void) | undefined {
  const given = process.env['TRUSTBRIDGE_TEST_PG_URL'];
  if (given) {
    project.provide('pgUrl', given);
    project.provide('pgError', '');
    return undefined;
  }
  project.provide('pgUrl', '');
  if (!storeTestsSelected(project)) {
    project.provide('pgError', 'PostgreSQL was not started: the run did not select the store tests.');
    return undefined;
  }
  let out: string;
  try {
    out = execFileSync('bash', ['scripts/postgres.sh', 'start', `.trustbridge/pg-url-${process.pid}`], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 600_000,
    });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    project.provide('pgError', `PostgreSQL could not be started by scripts/postgres.sh: ${stderr || (error as Error).message}`);
    return undefined;
  }
  const url = /^TRUSTBRIDGE_TEST_PG_URL=(.+)$/m.exec(out)?.[1];
  const dir = /^TRUSTBRIDGE_PG_DATA=(.+)$/m.exec(out)?.[1];
  if (!url || !dir) {
    project.provide('pgError', 'scripts/postgres.sh start did not print a connection URL.');
    return undefined;
  }
  project.provide('pgUrl', url);
  project.provide('pgError', '');
  return () => {
    execFileSync('bash', ['scripts/postgres.sh', 'stop', dir], { cwd: root, stdio: 'ignore' });
    try {
      execFileSync('rm', ['-f', `.trustbridge/pg-url-${process.pid}`], { cwd: root });
    } catch {
      // Nothing to clean.
    }
  };
}
