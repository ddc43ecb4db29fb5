import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runDemo, type DemoOutcome } from '../src/run-demo.js';

/** Each scene of the storyline and the outcome it must have (with a code that explains it, where one is due). */
const EXPECTED: Array<[scene: string, actual: string, code?: string]> = [
  ['1a wrong transaction code', 'ERR_WALLET_TOKEN_REFUSED'],
  ['1b representative credential received', 'dc+sd-jwt, ldp_vc'],
  ['1c person credential received', 'ldp_vc'],
  ['2a bank trusted for kyb-onboarding', 'trusted'],
  ['2b bank verified the response', 'verified'],
  ['2c only requested claims disclosed', 'relationshipId, roleSource withheld'],
  ['3a KYB decision', 'APPROVE'],
  ['3b audit record signature', 'verified'],
  ['4a replay refused by the wallet', 'ERR_WALLET_REVIEW_UNKNOWN'],
  ['4b replay refused by the bank', 'refused'],
  ['4c replayed KYB presentation', 'DECLINE', 'ERR_KYB_PRESENTATION_NOT_VERIFIED'],
  ['4d wallet warns about over-asking', 'warned', 'TR_ATTRIBUTE_NOT_AUTHORIZED'],
  ['4e over-asking request declined', 'declined', 'access_denied'],
  ['4f tampered credential', 'HTTP 422 ERR_DI_SIGNATURE_INVALID', 'ERR_VERIFICATION_FAILED'],
  ['4g issuer suspended', 'REFER', 'ERR_KYB_ISSUER_SUSPENDED'],
  ['4h stale registry snapshot (fail closed)', 'REFER', 'ERR_KYB_TRUST_INDETERMINATE'],
  ['4i business dissolved, credential revoked', 'DECLINE', 'ERR_KYB_CREDENTIAL_REVOKED'],
];

describe('business-banking demo', () => {
  let outcome: DemoOutcome;
  const lines: string[] = [];

  it('runs the whole storyline in process; every scene has its expected outcome', async () => {
    outcome = await runDemo({ out: (line) => lines.push(line) });
    expect(outcome.scenes.map((s) => s.scene)).toEqual(EXPECTED.map(([scene]) => scene));
    for (const [scene, actual, code] of EXPECTED) {
      const s = outcome.scenes.find((x) => x.scene === scene)!;
      expect({ scene, actual: s.actual, ok: s.ok }).toEqual({ scene, actual, ok: true });
      if (code) expect(s.codes, scene).toContain(code);
    }
    expect(outcome.ok).toBe(true);
    // KYB approved with no reason against it; the audit record is stored, signed and verifies.
    expect(outcome.scenes.find((s) => s.scene === '3a KYB decision')!.codes).toEqual([]);
    expect(outcome.auditRecordId).toMatch(/^urn:trustbridge:kyb-audit:[0-9a-f]{64}$/);
    expect(outcome.auditRecordVerified).toBe(true);
    // Selective disclosure: what was asked is there, what was not is not.
    expect(outcome.disclosedClaims).toEqual(expect.arrayContaining(['givenName', 'familyName', 'roles']));
    expect(outcome.disclosedClaims).not.toContain('relationshipId');
    expect(outcome.disclosedClaims).not.toContain('roleSource');
    expect(lines.some((l) => l.includes('✗'))).toBe(false);
    expect(lines.at(-1)).toBe('All services stopped. 17/17 outcomes as expected.');
  }, 120_000);

  it('runs as `pnpm demo` does and exits 0', async () => {
    const demo = fileURLToPath(new URL('../src/demo.ts', import.meta.url));
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', demo], { timeout: 120_000 }, (error, out) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout: out });
      });
    });
    expect(stdout).toContain('every outcome was the expected one');
    expect(stdout).not.toContain('✗');
    expect(code).toBe(0);
  }, 150_000);
});
