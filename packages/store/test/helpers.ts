import { createHash } from 'node:crypto';
import type { TrustBridgeError } from '@trustbridge/core';
import type { RandomSource } from '../src/index.js';

/** A deterministic RandomSource: SHA-256(seed ‖ counter) blocks. For tests only. */
export function seededRandom(seed: string): RandomSource {
  let counter = 0;
  let pool = new Uint8Array(0);
  return (length) => {
    while (pool.length < length) {
      const block = createHash('sha256').update(`${seed}:${counter++}`).digest();
      const next = new Uint8Array(pool.length + block.length);
      next.set(pool);
      next.set(block, pool.length);
      pool = next;
    }
    const out = pool.slice(0, length);
    pool = pool.slice(length);
    return out;
  };
}

/** The `code` a promise rejects with (or `undefined` when it resolves). */
export async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as TrustBridgeError).code ?? `non-coded: ${(e as Error).message}`;
  }
  return undefined;
}
