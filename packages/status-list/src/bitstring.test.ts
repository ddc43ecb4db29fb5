import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { TrustBridgeError } from '@trustbridge/core';
import {
  MIN_STATUS_LIST_ENTRIES,
  createBitstring,
  decodeBitstring,
  encodeBitstring,
  getStatus,
  setStatus,
  withStatusSize,
} from './bitstring.js';

function errorOf(fn: () => unknown): TrustBridgeError {
  try {
    fn();
  } catch (e) {
    return e as TrustBridgeError;
  }
  throw new Error('expected an error');
}

/** Deterministic pseudo-random indexes (xorshift32) so the property test is reproducible. */
function* indexes(seed: number, count: number, max: number): Generator<number> {
  let x = seed;
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    yield (x >>> 0) % max;
  }
}

// Bitstring Status List v1.0 (W3C Recommendation, 15 May 2025), §2.2 Example 3
// "Example BitstringStatusListCredential": https://www.w3.org/TR/vc-bitstring-status-list/#example-example-bitstringstatuslistcredential
// The example list has no bit set: 131,072 zero bits (16 KiB).
const SPEC_EXAMPLE_3 = 'uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA';

describe('spec vector (§2.2 Example 3)', () => {
  it('decodes to 131,072 unset entries', () => {
    const list = decodeBitstring(SPEC_EXAMPLE_3);
    expect(list.length).toBe(131_072);
    expect(list.bytes.length).toBe(16_384);
    expect(list.bytes.every((b) => b === 0)).toBe(true);
  });
  it('is reproduced byte for byte by encoding an empty default list', () => {
    expect(encodeBitstring(createBitstring())).toBe(SPEC_EXAMPLE_3);
  });
});

describe('bit order (§2.2 encodedList, §7.1 Bitstring Encoding)', () => {
  it('puts index 0 in the left-most (most significant) bit of the first byte', () => {
    const list = createBitstring();
    setStatus(list, 0, 1);
    expect(list.bytes[0]).toBe(0x80);
    setStatus(list, 7, true);
    expect(list.bytes[0]).toBe(0x81);
    setStatus(list, 131_071, 1);
    expect(list.bytes[16_383]).toBe(0x01);
  });
  it('reads bits that were placed by hand in a gzip stream', () => {
    const bytes = new Uint8Array(16_384);
    bytes[0] = 0b0100_0000; // index 1
    bytes[11_820] = 0b0000_0001; // index 94,567 = 11,820 × 8 + 7 (the spec's Example 1 index)
    const list = decodeBitstring('u' + gzipSync(bytes).toString('base64url'));
    expect(getStatus(list, 0)).toBe(0);
    expect(getStatus(list, 1)).toBe(1);
    expect(getStatus(list, 94_567)).toBe(1);
    expect(getStatus(list, 94_566)).toBe(0);
  });
  it('reads multi-bit entries from bit index × statusSize, first bit most significant', () => {
    const list = createBitstring({ statusSize: 2 });
    expect(list.bytes.length).toBe(32_768);
    setStatus(list, 0, 0b10);
    setStatus(list, 3, 0b11);
    expect(list.bytes[0]).toBe(0b1000_0011);
    expect(getStatus(list, 0)).toBe(2);
    expect(getStatus(list, 1)).toBe(0);
    expect(getStatus(list, 3)).toBe(3);
    setStatus(list, 3, 1);
    expect(list.bytes[0]).toBe(0b1000_0001);
  });
  it('handles 3-bit entries that straddle bytes', () => {
    const list = createBitstring({ statusSize: 3 });
    setStatus(list, 2, 0b101); // bits 6,7,8
    expect(list.bytes[0]).toBe(0b0000_0010);
    expect(list.bytes[1]).toBe(0b1000_0000);
    expect(getStatus(list, 2)).toBe(5);
  });
});

describe('encode / decode round trips', () => {
  it('keeps every set bit of a pseudo-random 1-bit list', () => {
    const list = createBitstring({ length: 262_144 });
    const set = new Set(indexes(0x9e3779b9, 5_000, 262_144));
    for (const i of set) setStatus(list, i, 1);
    const back = decodeBitstring(encodeBitstring(list));
    expect(back.length).toBe(262_144);
    expect(Buffer.from(back.bytes).equals(Buffer.from(list.bytes))).toBe(true);
    for (const i of indexes(7, 2_000, 262_144)) expect(getStatus(back, i)).toBe(set.has(i) ? 1 : 0);
  });
  it('keeps 4-bit values', () => {
    const list = createBitstring({ statusSize: 4 });
    for (const i of indexes(42, 500, list.length)) setStatus(list, i, i % 16);
    const back = decodeBitstring(encodeBitstring(list), { statusSize: 4 });
    for (const i of indexes(42, 500, list.length)) expect(getStatus(back, i)).toBe(i % 16);
  });
  it('encodes raw bytes too', () => {
    expect(encodeBitstring(new Uint8Array(16_384))).toBe(SPEC_EXAMPLE_3);
  });
});

describe('coded errors', () => {
  const valid = encodeBitstring(createBitstring());

  it('wrong multibase prefix → ERR_STATUS_LIST_DECODE / MALFORMED_VALUE_ERROR', () => {
    for (const bad of ['z' + valid.slice(1), valid.slice(1), '', 'u']) {
      const e = errorOf(() => decodeBitstring(bad));
      expect(e.code).toBe('ERR_STATUS_LIST_DECODE');
      expect(e.specCode).toBe('MALFORMED_VALUE_ERROR');
    }
  });
  it('non-base64url characters (padding, "+", "/") → ERR_STATUS_LIST_DECODE', () => {
    expect(valid).toContain('-');
    for (const bad of [valid + '=', valid.replace('-', '+'), valid.replace('-', '/'), valid + ' ']) {
      const e = errorOf(() => decodeBitstring(bad));
      expect(e.code).toBe('ERR_STATUS_LIST_DECODE');
      expect(e.specCode).toBe('MALFORMED_VALUE_ERROR');
    }
  });
  it('not GZIP (raw deflate, zlib, plain bytes) → ERR_STATUS_LIST_DECODE', () => {
    const plain = 'u' + Buffer.from(new Uint8Array(16_384)).toString('base64url');
    for (const bad of [plain, 'uAAAA']) {
      const e = errorOf(() => decodeBitstring(bad));
      expect(e.code).toBe('ERR_STATUS_LIST_DECODE');
      expect(e.specCode).toBe('MALFORMED_VALUE_ERROR');
    }
  });
  it('truncated GZIP → ERR_STATUS_LIST_DECODE', () => {
    const e = errorOf(() => decodeBitstring(valid.slice(0, valid.length - 8)));
    expect(e.code).toBe('ERR_STATUS_LIST_DECODE');
    expect(e.specCode).toBe('MALFORMED_VALUE_ERROR');
  });
  it('shorter than 131,072 entries → ERR_STATUS_LIST_LENGTH / STATUS_LIST_LENGTH_ERROR', () => {
    const short = 'u' + gzipSync(new Uint8Array(16_383)).toString('base64url');
    const e = errorOf(() => decodeBitstring(short));
    expect(e.code).toBe('ERR_STATUS_LIST_LENGTH');
    expect(e.specCode).toBe('STATUS_LIST_LENGTH_ERROR');
  });
  it('16 KiB is too short for 2-bit entries (§3.2 step 9 divides by statusSize)', () => {
    const e = errorOf(() => decodeBitstring(valid, { statusSize: 2 }));
    expect(e.code).toBe('ERR_STATUS_LIST_LENGTH');
    expect(e.specCode).toBe('STATUS_LIST_LENGTH_ERROR');
    expect(errorOf(() => withStatusSize(decodeBitstring(valid), 2)).code).toBe('ERR_STATUS_LIST_LENGTH');
  });
  it('an ecosystem may lower the minimum', () => {
    const small = 'u' + gzipSync(new Uint8Array(128)).toString('base64url');
    expect(decodeBitstring(small, { minimumEntries: 1024 }).length).toBe(1024);
    expect(createBitstring({ length: 1024, minimumEntries: 1024 }).bytes.length).toBe(128);
  });
  it('creating a list below the minimum → ERR_STATUS_LIST_LENGTH', () => {
    const e = errorOf(() => createBitstring({ length: MIN_STATUS_LIST_ENTRIES - 1 }));
    expect(e.code).toBe('ERR_STATUS_LIST_LENGTH');
    expect(e.specCode).toBe('STATUS_LIST_LENGTH_ERROR');
  });
  it('index beyond the list → ERR_STATUS_INDEX_RANGE / RANGE_ERROR', () => {
    const list = decodeBitstring(valid);
    for (const index of [131_072, -1, 1.5, Number.MAX_SAFE_INTEGER + 1]) {
      const e = errorOf(() => getStatus(list, index));
      expect(e.code).toBe('ERR_STATUS_INDEX_RANGE');
      expect(e.specCode).toBe('RANGE_ERROR');
    }
    expect(errorOf(() => setStatus(list, 131_072, 1)).code).toBe('ERR_STATUS_INDEX_RANGE');
  });
  it('a value that does not fit statusSize → ERR_STATUS_INVALID_ARGUMENT', () => {
    expect(errorOf(() => setStatus(createBitstring(), 0, 2)).code).toBe('ERR_STATUS_INVALID_ARGUMENT');
    expect(errorOf(() => setStatus(createBitstring({ statusSize: 2 }), 0, 4)).code).toBe('ERR_STATUS_INVALID_ARGUMENT');
  });
  it('statusSize 0 → ERR_STATUS_ENTRY_MALFORMED; above 8 → ERR_STATUS_SIZE_UNSUPPORTED', () => {
    const e = errorOf(() => createBitstring({ statusSize: 0 }));
    expect(e.code).toBe('ERR_STATUS_ENTRY_MALFORMED');
    expect(e.specCode).toBe('MALFORMED_VALUE_ERROR');
    expect(errorOf(() => decodeBitstring(valid, { statusSize: 9 })).code).toBe('ERR_STATUS_SIZE_UNSUPPORTED');
  });
});

describe('decompression-bomb guard', () => {
  it('stops expanding at maxBytes → ERR_STATUS_LIST_TOO_LARGE', () => {
    // 16 MiB of zeros compresses to ~16 KiB; the guard must refuse it without allocating 16 MiB.
    const bomb = 'u' + gzipSync(new Uint8Array(16 * 1024 * 1024)).toString('base64url');
    const e = errorOf(() => decodeBitstring(bomb));
    expect(e.code).toBe('ERR_STATUS_LIST_TOO_LARGE');
    expect(e.specCode).toBe('STATUS_VERIFICATION_ERROR');
  });
  it('refuses an encodedList longer than any list within the bound before decoding', () => {
    const e = errorOf(() => decodeBitstring('u' + 'A'.repeat(4096), { maxBytes: 1024, minimumEntries: 8 }));
    expect(e.code).toBe('ERR_STATUS_LIST_TOO_LARGE');
  });
  it('accepts a list exactly at the bound', () => {
    const at = 'u' + gzipSync(new Uint8Array(32_768)).toString('base64url');
    expect(decodeBitstring(at, { maxBytes: 32_768 }).length).toBe(262_144);
  });
});
