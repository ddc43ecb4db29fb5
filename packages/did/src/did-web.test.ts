import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FetchLike } from '@trustbridge/core';
import { generateEd25519KeyPair, encodeEd25519PublicKeyMultibase } from '@trustbridge/keys';
import { didWebToUrl, didWebFromUrl, createDidWebDocument, resolveDidWeb } from './did-web.js';

const pub = encodeEd25519PublicKeyMultibase(generateEd25519KeyPair(new Uint8Array(32).fill(1)).publicKey);

describe('didWebToUrl (did:web §3.2)', () => {
  const cases: Array<[string, string]> = [
    ['did:web:w3c-ccg.github.io', 'https://w3c-ccg.github.io/.well-known/did.json'],
    ['did:web:w3c-ccg.github.io:user:alice', 'https://w3c-ccg.github.io/user/alice/did.json'],
    ['did:web:example.com%3A3000', 'https://example.com:3000/.well-known/did.json'],
    ['did:web:example.com%3A3000:user:alice', 'https://example.com:3000/user/alice/did.json'],
    ['did:web:Example.COM', 'https://example.com/.well-known/did.json'],
  ];
  for (const [did, url] of cases) {
    it(`${did} → ${url}`, () => {
      expect(didWebToUrl(did)).toBe(url);
      expect(didWebFromUrl(url)).toBe(did.replace('Example.COM', 'example.com'));
    });
  }
  for (const bad of ['did:web:example.com%2Fevil', 'did:web:user%40evil.com', 'did:web:example.com:..', 'did:web:example.com:a%2Fb', 'did:web:-bad-.com', 'did:key:z6Mk', 'did:web:ex%ZZ']) {
    it(`rejects ${bad} with ERR_DID_WEB_INVALID`, () => {
      expect(() => didWebToUrl(bad)).toThrow(expect.objectContaining({ code: 'ERR_DID_WEB_INVALID', specCode: 'invalidDid' }));
    });
  }
});

describe('didWebFromUrl', () => {
  it('accepts base URLs and document URLs', () => {
    expect(didWebFromUrl('https://issuer.example/')).toBe('did:web:issuer.example');
    expect(didWebFromUrl('https://issuer.example/issuers/bc')).toBe('did:web:issuer.example:issuers:bc');
    expect(didWebFromUrl('https://[2001:db8::1]:8443/')).toBe('did:web:%5B2001%3Adb8%3A%3A1%5D%3A8443');
    expect(didWebToUrl('did:web:%5B2001%3Adb8%3A%3A1%5D%3A8443')).toBe('https://[2001:db8::1]:8443/.well-known/did.json');
  });
  for (const bad of ['http://issuer.example/', 'https://u:p@issuer.example/', 'https://issuer.example/?q=1', 'https://issuer.example/#f', 'not a url']) {
    it(`rejects ${bad} with ERR_DID_WEB_URL_INVALID`, () => {
      expect(() => didWebFromUrl(bad)).toThrow(expect.objectContaining({ code: 'ERR_DID_WEB_URL_INVALID' }));
    });
  }
});

describe('createDidWebDocument', () => {
  it('builds Multikey verification methods under authentication and assertionMethod', () => {
    const doc = createDidWebDocument({
      did: 'did:web:issuer.example',
      keys: [{ publicKeyMultibase: pub, id: 'key-1' }],
      services: [{ id: '#status', type: 'LinkedDomains', serviceEndpoint: 'https://issuer.example/' }],
    });
    expect(doc).toStrictEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: 'did:web:issuer.example',
      verificationMethod: [{ id: 'did:web:issuer.example#key-1', type: 'Multikey', controller: 'did:web:issuer.example', publicKeyMultibase: pub }],
      authentication: ['did:web:issuer.example#key-1'],
      assertionMethod: ['did:web:issuer.example#key-1'],
      service: [{ id: 'did:web:issuer.example#status', type: 'LinkedDomains', serviceEndpoint: 'https://issuer.example/' }],
    });
  });
  it('defaults the id to the key fingerprint', () => {
    const doc = createDidWebDocument({ did: 'did:web:issuer.example', keys: [{ publicKeyMultibase: pub }] });
    expect(doc.verificationMethod?.[0]?.id).toBe(`did:web:issuer.example#${pub}`);
  });
  it('rejects no keys, duplicate ids, foreign ids and non-Ed25519 keys with codes', () => {
    expect(() => createDidWebDocument({ did: 'did:web:issuer.example', keys: [] })).toThrow(expect.objectContaining({ code: 'ERR_DID_DOCUMENT_INVALID' }));
    expect(() =>
      createDidWebDocument({ did: 'did:web:issuer.example', keys: [{ publicKeyMultibase: pub, id: 'k' }, { publicKeyMultibase: pub, id: '#k' }] }),
    ).toThrow(expect.objectContaining({ code: 'ERR_DID_DOCUMENT_INVALID' }));
    expect(() => createDidWebDocument({ did: 'did:web:issuer.example', keys: [{ publicKeyMultibase: pub, id: 'did:web:other.example#k' }] })).toThrow(
      expect.objectContaining({ code: 'ERR_DID_DOCUMENT_INVALID' }),
    );
    expect(() => createDidWebDocument({ did: 'did:web:issuer.example', keys: [{ publicKeyMultibase: 'z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW' }] })).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_UNSUPPORTED' }),
    );
  });
});

// --- resolution with a scripted fetch ---------------------------------------------------------------

const DID = 'did:web:issuer.example';
const DOC = createDidWebDocument({ did: DID, keys: [{ publicKeyMultibase: pub, id: 'key-1' }] });

interface Scripted {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  stream?: boolean;
}

function scriptedFetch(reply: Scripted, calls: Array<{ url: string; init: unknown }> = []): FetchLike {
  return async (url, init) => {
    calls.push({ url, init });
    const status = reply.status ?? 200;
    const headers = new Headers({ 'content-type': 'application/did+json', ...reply.headers });
    const bytes = typeof reply.body === 'string' ? new TextEncoder().encode(reply.body) : (reply.body ?? new TextEncoder().encode(JSON.stringify(DOC)));
    const body = reply.stream
      ? new ReadableStream<Uint8Array>({
          pull(controller) {
            // An endless body: the reader must stop at the limit.
            controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
          },
        })
      : undefined;
    return {
      ok: status >= 200 && status < 300,
      status,
      headers,
      body,
      arrayBuffer: async () => bytes.slice().buffer,
      text: async () => new TextDecoder().decode(bytes),
    };
  };
}

describe('resolveDidWeb', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves a document and asks fetch for no redirects', async () => {
    const calls: Array<{ url: string; init: unknown }> = [];
    const result = await resolveDidWeb(DID, { fetch: scriptedFetch({}, calls) });
    expect(result.didResolutionMetadata.error).toBeUndefined();
    expect(result.didDocument).toEqual(DOC);
    expect(calls[0]?.url).toBe('https://issuer.example/.well-known/did.json');
    expect(calls[0]?.init).toMatchObject({ method: 'GET', redirect: 'manual' });
  });

  it('fails with ERR_DID_WEB_FETCH_NOT_CONFIGURED when no fetch is injected (never global fetch)', async () => {
    const spy = vi.spyOn(globalThis, 'fetch');
    const result = await resolveDidWeb(DID);
    expect(result.didResolutionMetadata).toMatchObject({ error: 'internalError', code: 'ERR_DID_WEB_FETCH_NOT_CONFIGURED' });
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  const ssrfDids = [
    'did:web:127.0.0.1', 'did:web:127.0.0.1%3A8080', 'did:web:10.1.2.3', 'did:web:172.16.5.4', 'did:web:192.168.0.10',
    'did:web:169.254.169.254', 'did:web:100.64.1.1', 'did:web:0.0.0.0', 'did:web:%5B%3A%3A1%5D', 'did:web:%5B%3A%3A%5D',
    'did:web:%5Bfe80%3A%3A1%5D', 'did:web:%5Bfd00%3A%3A1%5D', 'did:web:%5B%3A%3Affff%3A127.0.0.1%5D',
    'did:web:%5B%3A%3Affff%3A169.254.169.254%5D', 'did:web:localhost', 'did:web:localhost%3A3000', 'did:web:api.localhost',
    // WHATWG URL normalises these IPv4 spellings to 127.0.0.1 before the check.
    'did:web:2130706433', 'did:web:0x7f.1',
  ];
  for (const did of ssrfDids) {
    it(`refuses ${did} with ERR_DID_WEB_SSRF_BLOCKED and never fetches`, async () => {
      const calls: Array<{ url: string; init: unknown }> = [];
      const result = await resolveDidWeb(did, { fetch: scriptedFetch({}, calls) });
      expect(result.didResolutionMetadata).toMatchObject({ error: 'internalError', code: 'ERR_DID_WEB_SSRF_BLOCKED' });
      expect(result.didDocument).toBeNull();
      expect(calls).toHaveLength(0);
    });
  }

  it('refuses a host name when any DNS address is private (injected lookup)', async () => {
    const calls: Array<{ url: string; init: unknown }> = [];
    const lookup = async (host: string) => (host === 'issuer.example' ? ['93.184.216.34', '10.0.0.5'] : []);
    const result = await resolveDidWeb(DID, { fetch: scriptedFetch({}, calls), lookup });
    expect(result.didResolutionMetadata.code).toBe('ERR_DID_WEB_SSRF_BLOCKED');
    expect(calls).toHaveLength(0);
  });

  it('accepts a host name whose addresses are all public', async () => {
    const result = await resolveDidWeb(DID, { fetch: scriptedFetch({}), lookup: async () => ['93.184.216.34', '2606:2800:220:1::1'] });
    expect(result.didDocument).toEqual(DOC);
  });

  it('reports a failed DNS lookup as notFound / ERR_DID_WEB_DNS_FAILED', async () => {
    const result = await resolveDidWeb(DID, { fetch: scriptedFetch({}), lookup: async () => { throw new Error('ENOTFOUND'); } });
    expect(result.didResolutionMetadata).toMatchObject({ error: 'notFound', code: 'ERR_DID_WEB_DNS_FAILED' });
  });

  it('allowPrivateNetworks lets loopback through', async () => {
    const did = 'did:web:127.0.0.1%3A8443';
    const doc = { ...DOC, id: did };
    const result = await resolveDidWeb(did, { fetch: scriptedFetch({ body: JSON.stringify(doc) }), allowPrivateNetworks: true });
    expect(result.didDocument).toEqual(doc);
  });

  const failures: Array<[string, Scripted, string, string]> = [
    ['404', { status: 404, body: 'nope', headers: { 'content-type': 'text/plain' } }, 'notFound', 'ERR_DID_WEB_NOT_FOUND'],
    ['410', { status: 410 }, 'notFound', 'ERR_DID_WEB_NOT_FOUND'],
    ['a 302 redirect', { status: 302, headers: { location: 'http://169.254.169.254/' } }, 'internalError', 'ERR_DID_WEB_REDIRECT'],
    ['an opaque redirect (status 0)', { status: 0 }, 'internalError', 'ERR_DID_WEB_REDIRECT'],
    ['500', { status: 500 }, 'internalError', 'ERR_DID_WEB_HTTP_ERROR'],
    ['an HTML page', { headers: { 'content-type': 'text/html' }, body: '<html></html>' }, 'representationNotSupported', 'ERR_DID_WEB_NOT_JSON'],
    ['no content type', { headers: { 'content-type': '' } }, 'representationNotSupported', 'ERR_DID_WEB_NOT_JSON'],
    ['malformed JSON', { body: '{"id":' }, 'representationNotSupported', 'ERR_DID_WEB_NOT_JSON'],
    ['invalid UTF-8', { body: Uint8Array.from([0x7b, 0xff, 0x7d]) }, 'representationNotSupported', 'ERR_DID_WEB_NOT_JSON'],
    ['a JSON array', { body: '[]' }, 'invalidDidDocument', 'ERR_DID_WEB_DOCUMENT_INVALID'],
    ['a document for another DID', { body: JSON.stringify({ ...DOC, id: 'did:web:evil.example' }) }, 'invalidDidDocument', 'ERR_DID_WEB_ID_MISMATCH'],
    ['an oversize content-length', { headers: { 'content-length': String(300 * 1024) } }, 'representationNotSupported', 'ERR_DID_WEB_TOO_LARGE'],
    ['an oversize body without content-length', { body: JSON.stringify({ id: DID, pad: 'x'.repeat(300 * 1024) }) }, 'representationNotSupported', 'ERR_DID_WEB_TOO_LARGE'],
    ['an endless streamed body', { stream: true }, 'representationNotSupported', 'ERR_DID_WEB_TOO_LARGE'],
  ];
  for (const [why, reply, error, code] of failures) {
    it(`maps ${why} to ${error} / ${code}`, async () => {
      const result = await resolveDidWeb(DID, { fetch: scriptedFetch(reply) });
      expect(result.didDocument).toBeNull();
      expect(result.didResolutionMetadata).toMatchObject({ error, code });
    });
  }

  it('honours a smaller maxBytes', async () => {
    const result = await resolveDidWeb(DID, { fetch: scriptedFetch({}), maxBytes: 100 });
    expect(result.didResolutionMetadata.code).toBe('ERR_DID_WEB_TOO_LARGE');
  });

  it('maps a network error to internalError / ERR_DID_WEB_FETCH_FAILED without leaking its message', async () => {
    const result = await resolveDidWeb(DID, { fetch: async () => { throw new Error('connect ECONNREFUSED secret-internal-host'); } });
    expect(result.didResolutionMetadata).toMatchObject({ error: 'internalError', code: 'ERR_DID_WEB_FETCH_FAILED' });
    expect(JSON.stringify(result)).not.toContain('secret-internal-host');
  });

  it('times out after 5 s by default (fake timers) and aborts the request', async () => {
    vi.useFakeTimers();
    let signal: AbortSignal | undefined;
    const hanging: FetchLike = (_url, init) => {
      signal = init?.signal;
      return new Promise(() => undefined); // never settles, ignores the signal
    };
    const pending = resolveDidWeb(DID, { fetch: hanging });
    await vi.advanceTimersByTimeAsync(4999);
    expect(signal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const result = await pending;
    expect(result.didResolutionMetadata).toMatchObject({ error: 'internalError', code: 'ERR_DID_WEB_TIMEOUT' });
    expect(signal?.aborted).toBe(true);
  });

  it('uses injected timers and timeoutMs', async () => {
    const scheduled: Array<{ cb: () => void; ms: number }> = [];
    const timers = { setTimeout: (cb: () => void, ms: number) => scheduled.push({ cb, ms }), clearTimeout: () => undefined };
    const pending = resolveDidWeb(DID, { fetch: () => new Promise(() => undefined), timers, timeoutMs: 1234 });
    expect(scheduled[0]?.ms).toBe(1234);
    scheduled[0]!.cb();
    expect((await pending).didResolutionMetadata.code).toBe('ERR_DID_WEB_TIMEOUT');
  });

  it('reports an invalid did:web as invalidDid / ERR_DID_WEB_INVALID', async () => {
    const result = await resolveDidWeb('did:web:exa%2Fmple.com', { fetch: scriptedFetch({}) });
    expect(result.didResolutionMetadata).toMatchObject({ error: 'invalidDid', code: 'ERR_DID_WEB_INVALID' });
  });
});
