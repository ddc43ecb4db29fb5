import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { deterministicRandom } from './random.js';

describe('deterministicRandom', () => {
  it('is SHA-256 in counter mode over the seed, a fresh block per call', () => {
    const r = deterministicRandom('s');
    const block = (n: number) => new Uint8Array(createHash('sha256').update(`s:${n}`).digest());
    expect(r(4)).toEqual(block(0).subarray(0, 4));
    expect(r(40)).toEqual(Uint8Array.from([...block(1), ...block(2).subarray(0, 8)]));
  });
  it('repeats for the same seed and differs between seeds', () => {
    expect(deterministicRandom('a')(32)).toEqual(deterministicRandom('a')(32));
    expect(deterministicRandom('a')(32)).not.toEqual(deterministicRandom('b')(32));
  });
});
