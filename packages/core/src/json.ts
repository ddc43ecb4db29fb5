import { TrustBridgeError, SpecErrors } from './errors.js';

/** Limits for untrusted JSON. Defaults suit credentials and presentations. */
export interface JsonLimits {
  /** Maximum size of the UTF-8 text in bytes. Default 1 MiB. */
  maxBytes?: number;
  /** Maximum nesting depth of arrays and objects. Default 64. */
  maxDepth?: number;
}

export const DEFAULT_JSON_LIMITS: Required<JsonLimits> = { maxBytes: 1024 * 1024, maxDepth: 64 };

/**
 * Nesting depth of JSON *text*, computed by a linear scan that skips strings, without parsing.
 * Lets a caller refuse a 10,000-deep document before building it.
 */
export function jsonTextDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return max;
}

/** Nesting depth of a parsed JSON value, iteratively (no recursion, so no stack overflow). */
export function jsonValueDepth(value: unknown, stopAt = Number.POSITIVE_INFINITY): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const depth = d + 1;
    if (depth > max) {
      max = depth;
      if (max > stopAt) return max;
    }
    const children = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, depth]);
  }
  return max;
}

/** Throws `ERR_JSON_TOO_DEEP` when a parsed value nests deeper than `maxDepth`. */
export function assertJsonDepth(value: unknown, maxDepth = DEFAULT_JSON_LIMITS.maxDepth): void {
  if (jsonValueDepth(value, maxDepth) > maxDepth) {
    throw new TrustBridgeError('ERR_JSON_TOO_DEEP', `JSON nesting exceeds ${maxDepth} levels.`, {
      specCode: SpecErrors.PARSING_ERROR,
      details: { maxDepth },
    });
  }
}

/**
 * Parses untrusted JSON text within limits. Throws a {@link TrustBridgeError}:
 * `ERR_INPUT_TOO_LARGE`, `ERR_JSON_TOO_DEEP` or `ERR_JSON_MALFORMED` (spec name `PARSING_ERROR`).
 */
export function parseJson(text: string | Uint8Array, limits: JsonLimits = {}): unknown {
  const { maxBytes, maxDepth } = { ...DEFAULT_JSON_LIMITS, ...limits };
  const size = typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : text.byteLength;
  if (size > maxBytes) {
    throw new TrustBridgeError('ERR_INPUT_TOO_LARGE', `Input exceeds ${maxBytes} bytes.`, {
      specCode: SpecErrors.PARSING_ERROR,
      details: { maxBytes },
    });
  }
  const str = typeof text === 'string' ? text : new TextDecoder('utf-8', { fatal: false }).decode(text);
  if (jsonTextDepth(str) > maxDepth) {
    throw new TrustBridgeError('ERR_JSON_TOO_DEEP', `JSON nesting exceeds ${maxDepth} levels.`, {
      specCode: SpecErrors.PARSING_ERROR,
      details: { maxDepth },
    });
  }
  try {
    return JSON.parse(str);
  } catch (cause) {
    throw new TrustBridgeError('ERR_JSON_MALFORMED', 'Input is not valid JSON.', {
      cause,
      specCode: SpecErrors.PARSING_ERROR,
    });
  }
}

/** True for a non-null, non-array object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Wraps a value in an array unless it is one already; `undefined` becomes `[]`. */
export function toArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
