import { createHash } from 'node:crypto';

/** Injected randomness: returns `length` bytes. Production code uses the platform CSPRNG. */
export type RandomBytes = (length: number) => Uint8Array;

/**
 * Deterministic bytes for tests, demos and reproducible fixtures: SHA-256 in counter mode over a
 * seed (`sha256(seed ":" n)`, 32 bytes per block, a fresh block for every call). Never use it for keys,
 * codes or nonces of a real deployment.
 */
export function deterministicRandom(seed: string): RandomBytes {
  let counter = 0;
  return (length) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 32) {
      out.set(createHash('sha256').update(`${seed}:${counter++}`).digest().subarray(0, Math.min(32, length - i)), i);
    }
    return out;
  };
}
