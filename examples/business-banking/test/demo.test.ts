import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runDemo } from '../src/run-demo.js';

describe('business-banking demo', () => {
  it('issues over HTTP, verifies (200) and refuses a tampered copy (422 with a code)', async () => {
    const lines: string[] = [];
    const outcome = await runDemo({ out: (line) => lines.push(line) });
    expect(outcome.issuerDid).toMatch(/^did:key:z6Mk/);
    expect(outcome.issueStatus).toBe(201);
    expect(outcome.verifyStatus).toBe(200);
    expect(outcome.verified).toBe(true);
    expect(outcome.checks).toContainEqual({ id: 'proof', status: 'passed' });
    expect(outcome.tamperedStatus).toBe(422);
    expect(outcome.tamperedCode).toBe('ERR_VERIFICATION_FAILED');
    expect(outcome.tamperedProblemCodes).toContain('ERR_DI_SIGNATURE_INVALID');
    expect(lines.at(-1)).toBe('Both services stopped.');
  });

  it('runs as `pnpm demo` does and exits 0', async () => {
    const demo = fileURLToPath(new URL('../src/demo.ts', import.meta.url));
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', demo], { timeout: 60_000 }, (error, out) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout: out });
      });
    });
    expect(stdout).toContain('the tampered copy was refused');
    expect(code).toBe(0);
  });
});
