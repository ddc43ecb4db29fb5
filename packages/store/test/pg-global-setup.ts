/**
 * Vitest global setup: provides a PostgreSQL database to the store's contract tests.
 *
 * - `TRUSTBRIDGE_TEST_PG_URL` set → that database is used and left alone.
 * - otherwise `scripts/postgres.sh start` creates a throwaway cluster on 127.0.0.1 (installing Debian's
 *   `postgresql` first when running as root), and the teardown stops it and deletes its files.
 *
 * When PostgreSQL cannot be provided, the reason is passed on as `pgError` and the PostgreSQL contract
 * tests FAIL with it; they are never skipped. The server is started for a run with no filter, or whose
 * filters select a test file of `packages/store/test/` or `packages/server/test/` (the server's
 * PostgreSQL tests — status service, registry — then use this shared cluster; they keep their own
 * fallback for runs that did not start one). Runs filtered to other files do not start a server.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
    pgError: string;
  }
}

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Test files whose suites need PostgreSQL (or may): the store's contract tests and the server's tests. */
const PG_TEST_DIRS = ['packages/store/test', 'packages/server/test'];

function pgTestFiles(): string[] {
  const files: string[] = [];
  for (const dir of PG_TEST_DIRS) {
    try {
      for (const name of readdirSync(`${root}${dir}`)) if (name.endsWith('.test.ts')) files.push(`${dir}/${name}`);
    } catch {
      // A package without tests.
    }
  }
  return files;
}

/** A CLI filter as a repository-relative path with forward slashes (Vitest matches filters as substrings of file paths). */
function normaliseFilter(filter: string): string {
  const f = isAbsolute(filter) ? relative(root, filter) : filter;
  return f.split(sep).join('/').replace(/^\.\//, '');
}

export function pgTestsSelected(filters: string[] | undefined, files: string[] = pgTestFiles()): boolean {
  if (!filters || filters.length === 0) return true;
  return filters.some((raw) => {
    const f = normaliseFilter(raw);
    return f.includes('store') || f.includes('pg-') || files.some((file) => file.includes(f));
  });
}

function storeTestsSelected(project: TestProject): boolean {
  // `filenamePattern` holds the CLI filters (internal in Vitest 4, hence the defensive read).
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  return pgTestsSelected(filters);
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
    project.provide('pgError', 'PostgreSQL was not started: the run did not select the store or server tests.');
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
