/**
 * A strict subset of JSONPath (RFC 9535) for Presentation Exchange `path` expressions: the root `$`
 * followed by member names (`.name`, `['name']`, `["name"]`), array indices (`[0]`) and wildcards
 * (`[*]`, `.*`). Filters, slices, unions, negative indices and descendant (`..`) segments are refused.
 */
import { isObject } from '@trustbridge/core';
import { PexErrorCodes, pexError } from './errors.js';

/** One segment: a member name, an array index, or `'*'` wrapped as `{ wildcard: true }`. */
export type JsonPathSegment = string | number | { wildcard: true };

/** Longest accepted expression, characters. */
export const MAX_JSONPATH_LENGTH = 256;

const NAME = /^[A-Za-z_$@][A-Za-z0-9_$@-]*/;

/** Parses a JSONPath of the supported subset. Throws `ERR_PEX_INVALID_DEFINITION`. */
export function parseJsonPath(expression: unknown): JsonPathSegment[] {
  const fail = (why: string) => pexError(PexErrorCodes.INVALID_DEFINITION, `Unsupported JSONPath: ${why}.`, { path: String(expression).slice(0, 80) });
  if (typeof expression !== 'string' || expression.length === 0 || expression.length > MAX_JSONPATH_LENGTH) throw fail('must be a string of 1–256 characters');
  if (expression[0] !== '$') throw fail('must start with $');
  const out: JsonPathSegment[] = [];
  let i = 1;
  while (i < expression.length) {
    const rest = expression.slice(i);
    if (rest.startsWith('..')) throw fail('descendant segments (..) are not supported');
    if (rest[0] === '.') {
      if (rest[1] === '*') {
        out.push({ wildcard: true });
        i += 2;
        continue;
      }
      const m = NAME.exec(rest.slice(1));
      if (!m) throw fail('bad member name');
      out.push(m[0]);
      i += 1 + m[0].length;
      continue;
    }
    if (rest[0] === '[') {
      const quoted = /^\[(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\]/.exec(rest);
      if (quoted) {
        const raw = quoted[1] ?? quoted[2] ?? '';
        out.push(raw.replace(/\\(.)/g, '$1'));
        i += quoted[0].length;
        continue;
      }
      const index = /^\[(0|[1-9][0-9]{0,8})\]/.exec(rest);
      if (index) {
        out.push(Number(index[1]));
        i += index[0].length;
        continue;
      }
      if (rest.startsWith('[*]')) {
        out.push({ wildcard: true });
        i += 3;
        continue;
      }
      throw fail('only [\'name\'], [n] and [*] selectors are supported');
    }
    throw fail('unexpected character');
  }
  return out;
}

/** A value selected by a path, with its concrete location. */
export interface JsonPathMatch {
  path: Array<string | number>;
  value: unknown;
}

/** Evaluates a parsed path; an empty result means nothing was selected. */
export function evaluateJsonPath(root: unknown, segments: readonly JsonPathSegment[]): JsonPathMatch[] {
  let selected: JsonPathMatch[] = [{ path: [], value: root }];
  for (const seg of segments) {
    const next: JsonPathMatch[] = [];
    for (const s of selected) {
      if (typeof seg === 'string') {
        if (isObject(s.value) && Object.prototype.hasOwnProperty.call(s.value, seg)) next.push({ path: [...s.path, seg], value: s.value[seg] });
      } else if (typeof seg === 'number') {
        if (Array.isArray(s.value) && seg < s.value.length) next.push({ path: [...s.path, seg], value: s.value[seg] });
      } else if (Array.isArray(s.value)) {
        s.value.forEach((v, i) => next.push({ path: [...s.path, i], value: v }));
      } else if (isObject(s.value)) {
        for (const [k, v] of Object.entries(s.value)) next.push({ path: [...s.path, k], value: v });
      }
    }
    selected = next;
    if (selected.length === 0) break;
  }
  return selected;
}
