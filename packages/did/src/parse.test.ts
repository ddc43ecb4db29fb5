import { describe, expect, it } from 'vitest';
import { parseDid, parseDidUrl, isDid } from './parse.js';

function codeOf(fn: () => unknown): { code?: string; specCode?: string } {
  try {
    fn();
  } catch (e) {
    return e as { code?: string; specCode?: string };
  }
  return {};
}

describe('parseDid (DID Core 1.0 §3.1)', () => {
  it('splits method and method-specific id', () => {
    expect(parseDid('did:web:example.com%3A3000:user:alice')).toEqual({
      did: 'did:web:example.com%3A3000:user:alice',
      method: 'web',
      id: 'example.com%3A3000:user:alice',
    });
    expect(parseDid('did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp').method).toBe('key');
  });

  for (const bad of ['', 'did:', 'did:web', 'did:web:', 'did:Web:example.com', 'did:web:exa mple', 'did:web:a:', 'did:web:%zz', 'DID:web:x', 'did:web:x#frag', 'did:web:x/path', `did:web:${'a'.repeat(9000)}`]) {
    it(`rejects ${JSON.stringify(bad.slice(0, 30))} with ERR_DID_INVALID / invalidDid`, () => {
      expect(codeOf(() => parseDid(bad))).toMatchObject({ code: 'ERR_DID_INVALID', specCode: 'invalidDid' });
      expect(isDid(bad)).toBe(false);
    });
  }
  it('rejects non-strings', () => {
    expect(codeOf(() => parseDid(42 as unknown as string)).code).toBe('ERR_DID_INVALID');
  });
});

describe('parseDidUrl (DID Core 1.0 §3.2)', () => {
  it('parses path, query and fragment', () => {
    expect(parseDidUrl('did:example:123/path/to?service=agent&relativeRef=/x#frag-1')).toEqual({
      did: 'did:example:123',
      method: 'example',
      id: '123',
      path: '/path/to',
      query: 'service=agent&relativeRef=/x',
      fragment: 'frag-1',
    });
  });
  it('keeps an empty fragment distinct from none', () => {
    expect(parseDidUrl('did:example:123#')).toMatchObject({ fragment: '' });
    expect(parseDidUrl('did:example:123')).not.toHaveProperty('fragment');
  });
  for (const bad of ['did:example:123#a#b', 'did:example:123#a b', 'did:example:/x', 'https://example.com#x', 'did:example:123?a=<b>']) {
    it(`rejects ${JSON.stringify(bad)} with ERR_DID_URL_INVALID / invalidDidUrl`, () => {
      expect(codeOf(() => parseDidUrl(bad))).toMatchObject({ code: 'ERR_DID_URL_INVALID', specCode: 'invalidDidUrl' });
    });
  }
});
