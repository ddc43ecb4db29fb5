/**
 * Benchmark harness. Machines here drift by ±25 % over tens of seconds (PITFALLS.md), so candidate,
 * reference and the raw `node:crypto` Ed25519 verify are measured in interleaved rounds of the same run
 * and compared by ratio, never against absolute numbers from another run.
 */
import { generateKeyPairSync, sign, verify } from 'node:crypto';

export interface Candidate {
  /** Who is measured, e.g. `trustbridge`, `@digitalbazaar/vc`, `node:crypto`. */
  implementation: string;
  /** One operation; may be async. */
  fn: () => unknown | Promise<unknown>;
}

export interface Row {
  operation: string;
  implementation: string;
  opsPerSec: number;
  /** Cost in raw Ed25519 verifies (EdV = reference ops/s ÷ this ops/s). */
  edv: number;
}

export interface SuiteResult {
  title: string;
  rows: Row[];
  /** Ratios and goals to print under the table, e.g. "verify: trustbridge / reference = 4.6× (goal ≥ 4×)". */
  notes: string[];
}

export interface Suite {
  title: string;
  run(options: { rounds: number; roundMs: number }): Promise<SuiteResult>;
}

async function opsIn(fn: Candidate['fn'], ms: number): Promise<number> {
  // Warm a little, then count whole operations until the time is up.
  await fn();
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    const r = fn();
    if (r instanceof Promise) await r;
    n++;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

// The physical limit: one node:crypto Ed25519 verify of a 64-byte message with the KeyObject reused.
const refKeys = generateKeyPairSync('ed25519');
const refMsg = new Uint8Array(64).fill(1);
const refSig = sign(null, refMsg, refKeys.privateKey);
export const rawEd25519Verify: Candidate = {
  implementation: 'node:crypto Ed25519 verify (raw limit)',
  fn: () => verify(null, refMsg, refKeys.publicKey, refSig),
};

/**
 * Measures each candidate for `rounds` interleaved rounds of `roundMs` each, together with the raw
 * Ed25519 reference, and returns the median ops/s of each.
 */
export async function compare(
  operation: string,
  candidates: Candidate[],
  { rounds, roundMs }: { rounds: number; roundMs: number },
): Promise<Row[]> {
  const all = [...candidates, rawEd25519Verify];
  const samples = all.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    for (const [i, c] of all.entries()) samples[i]!.push(await opsIn(c.fn, roundMs));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const ref = median(samples[samples.length - 1]!);
  return all.map((c, i) => {
    const ops = median(samples[i]!);
    return { operation, implementation: c.implementation, opsPerSec: ops, edv: ref / ops };
  });
}

export function ratio(rows: Row[], a: string, b: string): number {
  const x = rows.find((r) => r.implementation === a);
  const y = rows.find((r) => r.implementation === b);
  return x && y ? x.opsPerSec / y.opsPerSec : Number.NaN;
}

export function printSuite(result: SuiteResult): void {
  console.log(`\n## ${result.title}\n`);
  console.log('| operation | implementation | ops/s | cost (EdV) |');
  console.log('| --- | --- | ---: | ---: |');
  for (const r of result.rows) {
    console.log(`| ${r.operation} | ${r.implementation} | ${Math.round(r.opsPerSec).toLocaleString('en-CA')} | ${r.edv.toFixed(2)} |`);
  }
  if (result.notes.length) console.log('\n' + result.notes.map((n) => `- ${n}`).join('\n'));
}
