/**
 * The bitstring of Bitstring Status List v1.0: creation, entry access, encoding (§3.3 "Bitstring
 * Generation Algorithm") and expansion (§3.4 "Bitstring Expansion Algorithm").
 *
 * Bit order (§2.2 `encodedList`, §7.1 "Bitstring Encoding"): index 0 is the left-most bit, i.e. the
 * most significant bit of the first byte; the last index is the least significant bit of the last
 * byte. An entry of `statusSize` bits starts at bit `index × statusSize` (§3.2 step 10, §3.3 step 2)
 * and is read as an unsigned integer whose first (left-most) bit is the most significant.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { TrustBridgeError } from '@trustbridge/core';
import { statusError } from './errors.js';

/** The minimum number of entries of a status list (§3.2 step 2, §6.1): 131,072 (16 KiB of 1-bit entries). */
export const MIN_STATUS_LIST_ENTRIES = 131_072;

/** The largest `statusSize` this package supports. §2.1 allows any positive integer; §1.3 allows supporting only 1. */
export const MAX_STATUS_SIZE = 8;

/** Default bound on an expanded bitstring: 2 MiB (16,777,216 one-bit entries). */
export const DEFAULT_MAX_BITSTRING_BYTES = 2 * 1024 * 1024;

/** A status list bitstring. Plain data: `bytes` holds the bits, most significant bit first. */
export interface Bitstring {
  /** The uncompressed bitstring. */
  readonly bytes: Uint8Array;
  /** Number of entries (`floor(bits / statusSize)`). */
  readonly length: number;
  /** Bits per entry (§2.1 `statusSize`), 1 to {@link MAX_STATUS_SIZE}. */
  readonly statusSize: number;
}

export interface CreateBitstringOptions {
  /** Number of entries. Default and minimum {@link MIN_STATUS_LIST_ENTRIES} (unless `minimumEntries` is lowered). */
  length?: number;
  /** Bits per entry, 1 to 8. Default 1. */
  statusSize?: number;
  /** The ecosystem's lower bound on entries (§3.2 step 2). Default 131,072. */
  minimumEntries?: number;
}

function assertStatusSize(statusSize: number): void {
  if (!Number.isInteger(statusSize) || statusSize < 1) {
    throw statusError('ERR_STATUS_ENTRY_MALFORMED', '"statusSize" must be an integer greater than zero.');
  }
  if (statusSize > MAX_STATUS_SIZE) {
    throw statusError('ERR_STATUS_SIZE_UNSUPPORTED', `"statusSize" above ${MAX_STATUS_SIZE} bits is not supported.`, {
      details: { statusSize },
    });
  }
}

function assertMinimum(minimumEntries: number): void {
  if (!Number.isSafeInteger(minimumEntries) || minimumEntries < 1) {
    throw statusError('ERR_STATUS_INVALID_ARGUMENT', '"minimumEntries" must be a positive integer.');
  }
}

/**
 * Creates an all-zero bitstring (§3.3 step 1) of `length` entries of `statusSize` bits.
 *
 * @example
 * ```ts
 * const list = createBitstring(); // 131,072 one-bit entries
 * setStatus(list, 94567, 1);
 * const encodedList = encodeBitstring(list);
 * ```
 * @throws `ERR_STATUS_LIST_LENGTH` (STATUS_LIST_LENGTH_ERROR) below the minimum, `ERR_STATUS_ENTRY_MALFORMED`
 * or `ERR_STATUS_SIZE_UNSUPPORTED` for a bad `statusSize`.
 */
export function createBitstring(options: CreateBitstringOptions = {}): Bitstring {
  const { length = MIN_STATUS_LIST_ENTRIES, statusSize = 1, minimumEntries = MIN_STATUS_LIST_ENTRIES } = options;
  assertStatusSize(statusSize);
  assertMinimum(minimumEntries);
  if (!Number.isSafeInteger(length) || length < minimumEntries) {
    throw statusError('ERR_STATUS_LIST_LENGTH', `A status list needs at least ${minimumEntries} entries.`, {
      details: { length, minimumEntries },
    });
  }
  const bytes = new Uint8Array(Math.ceil((length * statusSize) / 8));
  return { bytes, length, statusSize };
}

function assertIndex(bitstring: Bitstring, index: number): void {
  if (!Number.isSafeInteger(index) || index < 0 || index >= bitstring.length) {
    throw statusError('ERR_STATUS_INDEX_RANGE', 'The status list index is outside the list.', {
      details: { index, length: bitstring.length },
    });
  }
}

/**
 * Reads the entry at `index` (§3.2 step 10): `statusSize` bits from bit `index × statusSize`, first bit
 * most significant.
 * @throws `ERR_STATUS_INDEX_RANGE` (RANGE_ERROR) when the entry lies outside the list.
 */
export function getStatus(bitstring: Bitstring, index: number): number {
  assertIndex(bitstring, index);
  const { bytes, statusSize } = bitstring;
  if (statusSize === 1) return (bytes[index >>> 3]! >>> (7 - (index & 7))) & 1;
  let value = 0;
  const start = index * statusSize;
  for (let bit = start; bit < start + statusSize; bit++) {
    value = (value << 1) | ((bytes[Math.floor(bit / 8)]! >>> (7 - (bit % 8))) & 1);
  }
  return value;
}

/**
 * Writes the entry at `index` (§3.3 step 2). `value` is `0` to `2^statusSize - 1`; a boolean means 1 / 0.
 * @throws `ERR_STATUS_INDEX_RANGE` (RANGE_ERROR) outside the list, `ERR_STATUS_INVALID_ARGUMENT` for a value
 * that does not fit.
 */
export function setStatus(bitstring: Bitstring, index: number, value: number | boolean): void {
  assertIndex(bitstring, index);
  const { bytes, statusSize } = bitstring;
  const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  if (!Number.isInteger(v) || v < 0 || v >= 2 ** statusSize) {
    throw statusError('ERR_STATUS_INVALID_ARGUMENT', `The status value must fit in ${statusSize} bit(s).`, {
      details: { statusSize },
    });
  }
  const start = index * statusSize;
  for (let i = 0; i < statusSize; i++) {
    const bit = start + i;
    const mask = 0x80 >>> (bit % 8);
    const on = (v >>> (statusSize - 1 - i)) & 1;
    const at = Math.floor(bit / 8);
    bytes[at] = on ? bytes[at]! | mask : bytes[at]! & ~mask;
  }
}

/**
 * Compresses and encodes a bitstring as `encodedList` (§3.3 step 3, §2.2): GZIP (RFC 1952, `node:zlib`
 * at its default level, which reproduces the spec's Example 3 byte for byte) then multibase base64url
 * without padding (prefix `u`).
 */
export function encodeBitstring(bitstring: Bitstring | Uint8Array): string {
  const bytes = bitstring instanceof Uint8Array ? bitstring : bitstring.bytes;
  return 'u' + gzipSync(bytes).toString('base64url');
}

export interface DecodeBitstringOptions {
  /** Bits per entry (§2.1 `statusSize`). Default 1. */
  statusSize?: number;
  /** Minimum number of entries (§3.2 step 2). Default 131,072. */
  minimumEntries?: number;
  /** Upper bound on the expanded bitstring in bytes (decompression-bomb guard). Default 2 MiB. */
  maxBytes?: number;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Expands an `encodedList` (§3.4) and checks its length (§3.2 step 9).
 *
 * @example
 * ```ts
 * const list = decodeBitstring(credential.credentialSubject.encodedList);
 * getStatus(list, 94567); // 0 or 1
 * ```
 * @throws `ERR_STATUS_LIST_DECODE` (MALFORMED_VALUE_ERROR) when the value is not multibase base64url, not
 * GZIP or truncated; `ERR_STATUS_LIST_TOO_LARGE` beyond `maxBytes`; `ERR_STATUS_LIST_LENGTH`
 * (STATUS_LIST_LENGTH_ERROR) with fewer than `minimumEntries` entries of `statusSize` bits.
 */
export function decodeBitstring(encodedList: string, options: DecodeBitstringOptions = {}): Bitstring {
  const { statusSize = 1, minimumEntries = MIN_STATUS_LIST_ENTRIES, maxBytes = DEFAULT_MAX_BITSTRING_BYTES } = options;
  assertStatusSize(statusSize);
  assertMinimum(minimumEntries);
  if (typeof encodedList !== 'string' || encodedList.charCodeAt(0) !== 0x75 /* u */) {
    throw statusError('ERR_STATUS_LIST_DECODE', '"encodedList" must be multibase base64url (prefix "u").');
  }
  // Refuse input that could not be a list within the bound before decoding it: GZIP of incompressible
  // data is at most ~0.1 % + 18 bytes larger than the data, and base64url adds a third.
  if (encodedList.length > Math.ceil(((maxBytes * 1.001 + 64) * 4) / 3)) {
    throw statusError('ERR_STATUS_LIST_TOO_LARGE', '"encodedList" exceeds the size limit.', { details: { maxBytes } });
  }
  const text = encodedList.slice(1);
  if (!BASE64URL.test(text) || text.length % 4 === 1) {
    throw statusError('ERR_STATUS_LIST_DECODE', '"encodedList" must be multibase base64url (prefix "u").');
  }
  const compressed = Buffer.from(text, 'base64url');
  let bytes: Buffer;
  try {
    // maxOutputLength bounds the expansion: a decompression bomb stops at maxBytes + 1.
    bytes = gunzipSync(compressed, { maxOutputLength: maxBytes });
  } catch (cause) {
    if ((cause as { code?: unknown })?.code === 'ERR_BUFFER_TOO_LARGE') {
      throw statusError('ERR_STATUS_LIST_TOO_LARGE', 'The expanded status list exceeds the size limit.', {
        cause,
        details: { maxBytes },
      });
    }
    throw statusError('ERR_STATUS_LIST_DECODE', '"encodedList" is not a valid GZIP stream.', { cause });
  }
  const length = Math.floor((bytes.length * 8) / statusSize);
  if (length < minimumEntries) {
    throw statusError('ERR_STATUS_LIST_LENGTH', `The status list has fewer than ${minimumEntries} entries.`, {
      details: { length, minimumEntries, statusSize },
    });
  }
  return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), length, statusSize };
}

/** Views a decoded bitstring with another `statusSize` (same bytes), re-checking the minimum length. */
export function withStatusSize(bitstring: Bitstring, statusSize: number, minimumEntries = MIN_STATUS_LIST_ENTRIES): Bitstring {
  if (statusSize === bitstring.statusSize && bitstring.length >= minimumEntries) return bitstring;
  assertStatusSize(statusSize);
  const length = Math.floor((bitstring.bytes.length * 8) / statusSize);
  if (length < minimumEntries) {
    throw statusError('ERR_STATUS_LIST_LENGTH', `The status list has fewer than ${minimumEntries} entries.`, {
      details: { length, minimumEntries, statusSize },
    });
  }
  return { bytes: bitstring.bytes, length, statusSize };
}

/** True when `error` is a status-list error with `code`. */
export function isStatusListError(error: unknown, code?: string): error is TrustBridgeError {
  return error instanceof TrustBridgeError && error.code.startsWith('ERR_STATUS_') && (code === undefined || error.code === code);
}
