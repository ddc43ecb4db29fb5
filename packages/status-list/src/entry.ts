/**
 * `BitstringStatusListEntry` (Bitstring Status List v1.0 §2.1): the `credentialStatus` object a
 * credential carries. Validation turns every broken MUST into a coded problem (`MALFORMED_VALUE_ERROR`,
 * §3 "Algorithms") instead of throwing, because the entry comes from an untrusted credential.
 */
import { isObject, type Problem } from '@trustbridge/core';
import { MAX_STATUS_SIZE } from './bitstring.js';
import { statusError, statusProblem } from './errors.js';

/** The `statusPurpose` values §2.1 defines; other strings are allowed and carry no built-in meaning. */
export type StatusPurpose = 'revocation' | 'suspension' | 'refresh' | 'message' | (string & {});

/** One element of `statusMessage` (§2.1): `status` is the value in hexadecimal with a `0x` prefix. */
export interface StatusMessage {
  status: string;
  message: string;
  [key: string]: unknown;
}

/** A `BitstringStatusListEntry` as it appears in `credentialStatus` (§2.1). */
export interface BitstringStatusListEntry {
  id?: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: StatusPurpose;
  /** A non-negative integer in base 10, as a string. */
  statusListIndex: string;
  /** URL of the `BitstringStatusListCredential`. */
  statusListCredential: string;
  /** Bits per entry; absent means 1. */
  statusSize?: number;
  /** Required when `statusSize > 1`; exactly `2^statusSize` elements. */
  statusMessage?: StatusMessage[];
  statusReference?: string | string[];
  [key: string]: unknown;
}

/** A validated entry, normalised for lookups. */
export interface ParsedStatusListEntry {
  statusPurpose: string;
  /** `statusListIndex` as a number. */
  index: number;
  statusListCredential: string;
  statusSize: number;
  /** `messages[value]` is the message for `value`; present when the entry has `statusMessage`. */
  messages?: string[];
}

export interface ValidateStatusListEntryResult {
  /** Present when no problem was found. */
  entry?: ParsedStatusListEntry;
  problems: Problem[];
}

const INDEX = /^[0-9]+$/;
const HEX_STATUS = /^0x[0-9a-fA-F]+$/;

// A conservative shape of http(s) URL that the WHATWG URL parser always accepts: lower/upper-case LDH
// labels (none starting "xn--", whose Punycode could be invalid), a last label that is not a number
// (which would make the host parse as IPv4), no port, no userinfo; the path, query and fragment states of
// the parser never fail. Anything else goes to URL.canParse. This saves ~150 ns on the warm status check.
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const SIMPLE_HTTP_URL = new RegExp(`^https?://((?:${LABEL}\\.)*(${LABEL}))(?:[/?#][^\\s\\\\]*)?$`);
const NUMERIC_LABEL = /^(?:[0-9]+|0[xX][0-9A-Fa-f]*)$/;
const PUNYCODE_LABEL = /(?:^|\.)xn--/i;

/** True for a string the WHATWG URL parser accepts as an absolute URL (`URL.canParse`). */
export function isUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = SIMPLE_HTTP_URL.exec(value);
  if (m !== null && !NUMERIC_LABEL.test(m[2]!) && !PUNYCODE_LABEL.test(m[1]!)) return true;
  return URL.canParse(value);
}

function hasType(value: unknown, type: string): boolean {
  return value === type || (Array.isArray(value) && value.includes(type));
}

/**
 * Validates a `credentialStatus` value that claims to be a `BitstringStatusListEntry` (§2.1).
 * Never throws for untrusted input: each broken rule is a problem with its code and JSON Pointer `path`.
 *
 * Rules: `type`; `statusPurpose` a string; `statusListIndex` a base-10 integer string (beyond 2^53 − 1 →
 * `RANGE_ERROR`); `statusListCredential` a URL; `id`, if present, a URL other than the list's;
 * `statusSize` a positive integer (≤ 8 supported); `statusMessage` required above 1 bit, with exactly
 * `2^statusSize` elements `{ status: '0x…', message }` covering each value once; `statusReference` a URL
 * or an array of URLs.
 */
export function validateStatusListEntry(value: unknown, options: { path?: string } = {}): ValidateStatusListEntryResult {
  const path = options.path ?? '/credentialStatus';
  const problems: Problem[] = [];
  const bad = (field: string, message: string) =>
    problems.push(statusProblem('ERR_STATUS_ENTRY_MALFORMED', message, field ? `${path}/${field}` : path));
  if (!isObject(value)) {
    bad('', 'A status entry must be an object.');
    return { problems };
  }
  if (!hasType(value.type, 'BitstringStatusListEntry')) bad('type', '"type" must be "BitstringStatusListEntry".');
  const { statusPurpose, statusListIndex, statusListCredential, id } = value;
  if (typeof statusPurpose !== 'string' || statusPurpose.length === 0) bad('statusPurpose', '"statusPurpose" must be a string.');
  let index = -1;
  if (typeof statusListIndex !== 'string' || !INDEX.test(statusListIndex)) {
    bad('statusListIndex', '"statusListIndex" must be a non-negative integer expressed as a base-10 string.');
  } else {
    index = Number(statusListIndex);
    if (!Number.isSafeInteger(index)) {
      problems.push(statusProblem('ERR_STATUS_INDEX_RANGE', '"statusListIndex" is beyond any supported list.', `${path}/statusListIndex`));
    }
  }
  if (!isUrl(statusListCredential)) bad('statusListCredential', '"statusListCredential" must be a URL.');
  if (id !== undefined) {
    if (!isUrl(id)) bad('id', '"id" must be a URL.');
    else if (id === statusListCredential) bad('id', '"id" must not be the URL of the status list.');
  }
  let statusSize = 1;
  if (value.statusSize !== undefined) {
    const size = value.statusSize;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) {
      bad('statusSize', '"statusSize" must be an integer greater than zero.');
    } else if (size > MAX_STATUS_SIZE) {
      problems.push(
        statusProblem('ERR_STATUS_SIZE_UNSUPPORTED', `"statusSize" above ${MAX_STATUS_SIZE} bits is not supported.`, `${path}/statusSize`),
      );
    } else statusSize = size;
  }
  let messages: string[] | undefined;
  const statusMessage = value.statusMessage;
  if (statusMessage === undefined) {
    if (statusSize > 1) bad('statusMessage', '"statusMessage" must be present when "statusSize" is greater than 1.');
  } else if (!Array.isArray(statusMessage)) {
    bad('statusMessage', '"statusMessage" must be an array.');
  } else if (statusMessage.length !== 2 ** statusSize) {
    bad('statusMessage', `"statusMessage" must have ${2 ** statusSize} elements for a "statusSize" of ${statusSize}.`);
  } else {
    const table: string[] = new Array<string>(statusMessage.length);
    statusMessage.forEach((m: unknown, i) => {
      if (!isObject(m) || typeof m.status !== 'string' || !HEX_STATUS.test(m.status) || typeof m.message !== 'string') {
        bad(`statusMessage/${i}`, 'Each "statusMessage" element must have a "status" ("0x" hexadecimal) and a "message" string.');
        return;
      }
      const v = Number.parseInt(m.status.slice(2), 16);
      if (v >= table.length || table[v] !== undefined) {
        bad(`statusMessage/${i}/status`, '"statusMessage" must describe each possible value exactly once.');
        return;
      }
      table[v] = m.message;
    });
    messages = table;
  }
  const ref = value.statusReference;
  if (ref !== undefined && !(isUrl(ref) || (Array.isArray(ref) && ref.length > 0 && ref.every(isUrl)))) {
    bad('statusReference', '"statusReference" must be a URL or an array of URLs.');
  }
  if (problems.length > 0) return { problems };
  return {
    entry: {
      statusPurpose: statusPurpose as string,
      index,
      statusListCredential: statusListCredential as string,
      statusSize,
      ...(messages ? { messages } : {}),
    },
    problems,
  };
}

export interface CreateStatusListEntryOptions {
  statusListCredential: string;
  /** The entry's position; assign at random (§2.1 `statusListIndex` SHOULD). */
  statusListIndex: number | string;
  statusPurpose: StatusPurpose;
  id?: string;
  statusSize?: number;
  statusMessage?: StatusMessage[];
  statusReference?: string | string[];
}

/**
 * Builds a `BitstringStatusListEntry` for an issuer to put in `credentialStatus` (§2.1).
 *
 * @example
 * ```ts
 * credential.credentialStatus = createStatusListEntry({
 *   statusListCredential: 'https://issuer.example/status/3',
 *   statusListIndex: 94567,
 *   statusPurpose: 'revocation',
 * });
 * ```
 * @throws `ERR_STATUS_INVALID_ARGUMENT` when the result would not be a valid entry (details name the problems).
 */
export function createStatusListEntry(options: CreateStatusListEntryOptions): BitstringStatusListEntry {
  const entry: BitstringStatusListEntry = {
    ...(options.id !== undefined ? { id: options.id } : {}),
    type: 'BitstringStatusListEntry',
    statusPurpose: options.statusPurpose,
    statusListIndex: String(options.statusListIndex),
    statusListCredential: options.statusListCredential,
    ...(options.statusSize !== undefined ? { statusSize: options.statusSize } : {}),
    ...(options.statusMessage !== undefined ? { statusMessage: options.statusMessage } : {}),
    ...(options.statusReference !== undefined ? { statusReference: options.statusReference } : {}),
  };
  const { problems } = validateStatusListEntry(entry);
  if (problems.length > 0) {
    throw statusError('ERR_STATUS_INVALID_ARGUMENT', 'Invalid status list entry options.', {
      details: { problems: problems.map((p) => ({ code: p.code, path: p.path })) },
    });
  }
  return entry;
}
