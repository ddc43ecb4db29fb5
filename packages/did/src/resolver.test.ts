import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FetchLike } from '@trustbridge/core';
import { generateEd25519KeyPair, encodeEd25519PublicKeyMultibase, ed25519PublicKeyToJwk } from '@trustbridge/keys';
import { createDidResolver } from './resolver.js';
import { createDidWebDocument } from './did-web.js';
import { didJwkFromJwk } from './did-jwk.js';

const kp = generateEd25519KeyPair(new Uint8Array(32).fill(6));
const DID_KEY = 'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp';

describe('createDidResolver', () => {
  const resolver = createDidResolver();

  it('resolves did:key and did:jwk without any network', async () => {
    const key = await resolver.resolve(DID_KEY);
    expect(key.didResolutionMetadata).toEqual({ contentType: 'application/did+ld+json' });
    expect(key.didDocument?.id).toBe(DID_KEY);
    const did = didJwkFromJwk(ed25519PublicKeyToJwk(kp.publicKey));
    expect((await resolver.resolve(did)).didDocument?.verificationMethod?.[0]?.id).toBe(`${did}#0`);
  });

  const cases: Array<[string, unknown, string, string]> = [
    ['an unsupported method', 'did:example:123', 'methodNotSupported', 'ERR_DID_METHOD_NOT_SUPPORTED'],
    ['a malformed DID', 'did:key:', 'invalidDid', 'ERR_DID_INVALID'],
    ['a DID URL', `${DID_KEY}#x`, 'invalidDid', 'ERR_DID_INVALID'],
    ['a non-string', 42, 'invalidDid', 'ERR_DID_INVALID'],
    ['a bad did:key', 'did:key:z111', 'invalidDid', 'ERR_DID_KEY_INVALID'],
    ['a P-256 did:key', 'did:key:zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv', 'representationNotSupported', 'ERR_DID_KEY_UNSUPPORTED_KEY_TYPE'],
    ['a did:jwk with a private key', `did:jwk:${Buffer.from('{"kty":"OKP","crv":"Ed25519","x":"AA","d":"AA"}').toString('base64url')}`, 'invalidDid', 'ERR_DID_JWK_PRIVATE_KEY'],
    ['did:web without fetch', 'did:web:issuer.example', 'internalError', 'ERR_DID_WEB_FETCH_NOT_CONFIGURED'],
  ];
  for (const [why, did, error, code] of cases) {
    it(`reports ${why} as ${error} / ${code} without throwing`, async () => {
      const result = await resolver.resolve(did as string);
      expect(result.didDocument).toBeNull();
      expect(result.didResolutionMetadata).toMatchObject({ error, code });
    });
  }

  it('caches successes only, and returns copies', async () => {
    let calls = 0;
    let fail = true;
    const doc = createDidWebDocument({ did: 'did:web:issuer.example', keys: [{ publicKeyMultibase: encodeEd25519PublicKeyMultibase(kp.publicKey) }] });
    const fetch: FetchLike = async () => {
      calls++;
      const status = fail ? 503 : 200;
      return {
        ok: !fail,
        status,
        headers: new Headers({ 'content-type': 'application/did+json' }),
        arrayBuffer: async () => new TextEncoder().encode(JSON.stringify(doc)).buffer,
        text: async () => JSON.stringify(doc),
      };
    };
    const cached = createDidResolver({ fetch, cache: true });
    expect((await cached.resolve('did:web:issuer.example')).didResolutionMetadata.code).toBe('ERR_DID_WEB_HTTP_ERROR');
    fail = false;
    const first = await cached.resolve('did:web:issuer.example');
    first.didDocument!.id = 'mutated';
    const second = await cached.resolve('did:web:issuer.example');
    expect(second.didDocument?.id).toBe('did:web:issuer.example');
    expect(calls).toBe(2);
  });
});

describe('did:web against a loopback HTTP server', () => {
  let server: Server;
  let port: number;
  let did: string;
  let requests: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === '/issuers/bc/did.json') {
        const body = JSON.stringify(createDidWebDocument({ did, keys: [{ publicKeyMultibase: encodeEd25519PublicKeyMultibase(kp.publicKey), id: 'key-1' }] }));
        res.writeHead(200, { 'content-type': 'application/did+json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      } else if (req.url === '/moved/did.json') {
        res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' });
        res.end();
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    did = `did:web:127.0.0.1%3A${port}:issuers:bc`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  // did:web mandates https; the test server speaks plain HTTP on 127.0.0.1, so the injected fetch (the
  // real global fetch, passed explicitly) downgrades the scheme. Production code never sees http.
  const loopbackFetch: FetchLike = (url, init) => globalThis.fetch(url.replace(/^https:/, 'http:'), init) as ReturnType<FetchLike>;

  it('resolves a did.json served over the network with allowPrivateNetworks', async () => {
    const resolver = createDidResolver({ fetch: loopbackFetch, web: { allowPrivateNetworks: true } });
    const result = await resolver.resolve(did);
    expect(result.didResolutionMetadata.error).toBeUndefined();
    expect(result.didDocument?.id).toBe(did);
    expect(result.didDocument?.assertionMethod).toEqual([`${did}#key-1`]);
    expect(requests).toContain('/issuers/bc/did.json');
  });

  it('refuses the same loopback server by default (SSRF)', async () => {
    requests = [];
    const result = await createDidResolver({ fetch: loopbackFetch }).resolve(did);
    expect(result.didResolutionMetadata).toMatchObject({ error: 'internalError', code: 'ERR_DID_WEB_SSRF_BLOCKED' });
    expect(requests).toHaveLength(0);
  });

  it('does not follow a real redirect and maps 404', async () => {
    const resolver = createDidResolver({ fetch: loopbackFetch, web: { allowPrivateNetworks: true } });
    expect((await resolver.resolve(`did:web:127.0.0.1%3A${port}:moved`)).didResolutionMetadata.code).toBe('ERR_DID_WEB_REDIRECT');
    expect((await resolver.resolve(`did:web:127.0.0.1%3A${port}:missing`)).didResolutionMetadata).toMatchObject({ error: 'notFound', code: 'ERR_DID_WEB_NOT_FOUND' });
  });
});
