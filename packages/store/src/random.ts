import { webcrypto } from 'node:crypto';
import { base64urlEncode } from '@trustbridge/core';
import { invalidInput } from './errors.js';

/**
 * A source of random bytes: returns `length` fresh bytes. Inject a seeded one in tests; the default is
 * the platform CSPRNG (`crypto.getRandomValues`).
 */
export type RandomSource = (length: number) => Uint8Array;

/** The platform CSPRNG. */
export const systemRandom: RandomSource = (length) => webcrypto.getRandomValues(new Uint8Array(length));

/**
 * A uniformly random integer in `[0, bound)` from `random`, by rejection sampling on 32-bit draws
 * (no modulo bias). `bound` must be in `[1, 2^32]`.
 */
export function randomInt(bound: number, random: RandomSource): number {
  if (!Number.isInteger(bound) || bound < 1 || bound > 2 ** 32) throw invalidInput('bound', 'must be an integer in [1, 2^32]');
  const limit = 2 ** 32 - (2 ** 32 % bound);
  for (;;) {
    const b = random(4);
    const x = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
    if (x < limit) return x % bound;
  }
}

/** A random identifier: 16 random bytes (128 bits) as base64url. */
export function randomId(random: RandomSource): string {
  return base64urlEncode(random(16));
}
