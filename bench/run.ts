/**
 * `pnpm bench` — runs every suite in bench/suites (or those named on the command line), each measuring
 * TrustBridge beside its reference library in the same run. Options: BENCH_ROUNDS (default 5),
 * BENCH_ROUND_MS (default 400).
 */
import { readdirSync } from 'node:fs';
import { printSuite, type Suite } from './lib.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const roundMs = Number(process.env.BENCH_ROUND_MS ?? 400);
const only = process.argv.slice(2);
const dir = new URL('./suites/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && (only.length === 0 || only.some((o) => f.includes(o)))).sort();

console.log(`# TrustBridge benchmarks\n\nNode ${process.version}, ${rounds} interleaved rounds of ${roundMs} ms; medians. EdV = cost in raw node:crypto Ed25519 verifies.`);
for (const file of files) {
  const suite = (await import(new URL(file, dir).href)).default as Suite;
  printSuite(await suite.run({ rounds, roundMs }));
}
