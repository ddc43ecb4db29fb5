import { describe, expect, it } from 'vitest';
import { parseJson, jsonTextDepth, jsonValueDepth, assertJsonDepth } from './json.js';
import { TrustBridgeError } from './errors.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as TrustBridgeError).code;
  }
  return undefined;
}

describe('parseJson', () => {
  it('parses ordinary JSON', () => {
    expect(parseJson('{"a":[1,{"b":"}"}]}')).toEqual({ a: [1, { b: '}' }] });
  });
  it('rejects malformed JSON with ERR_JSON_MALFORMED and the spec name PARSING_ERROR', () => {
    try {
      parseJson('{"a":');
      expect.unreachable();
    } catch (e) {
      expect((e as TrustBridgeError).code).toBe('ERR_JSON_MALFORMED');
      expect((e as TrustBridgeError).specCode).toBe('PARSING_ERROR');
    }
  });
  it('rejects input over the size limit', () => {
    expect(codeOf(() => parseJson('"' + 'x'.repeat(100) + '"', { maxBytes: 50 }))).toBe('ERR_INPUT_TOO_LARGE');
  });
  it('rejects 10,000-deep nesting before parsing', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    expect(codeOf(() => parseJson(deep))).toBe('ERR_JSON_TOO_DEEP');
  });
  it('ignores brackets inside strings when measuring depth', () => {
    expect(jsonTextDepth('{"a":"[[[[\\"[[["}')).toBe(1);
  });
});

describe('jsonValueDepth', () => {
  it('measures parsed values without recursion', () => {
    let v: unknown = 1;
    for (let i = 0; i < 20_000; i++) v = [v];
    expect(jsonValueDepth(v)).toBe(20_000);
    expect(codeOf(() => assertJsonDepth(v, 64))).toBe('ERR_JSON_TOO_DEEP');
  });
  it('accepts shallow values', () => {
    expect(() => assertJsonDepth({ a: { b: [1] } }, 3)).not.toThrow();
    expect(jsonValueDepth({ a: { b: [1] } })).toBe(3);
  });
});
