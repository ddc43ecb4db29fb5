import { describe, expect, it } from 'vitest';
import type { DidDocument, DidResolver } from '@trustbridge/core';
import {
  BUNDLED_CONTEXT_URLS, CREDENTIALS_EXAMPLES_V2_CONTEXT_URL, DID_V1_CONTEXT_URL, MULTIKEY_V1_CONTEXT_URL,
  STATUS_LIST_V1_CONTEXT_URL, VC_V1_CONTEXT_URL, VC_V2_CONTEXT_URL, DATA_INTEGRITY_V2_CONTEXT_URL,
  ED25519_2020_V1_CONTEXT_URL, assertSafe, createDocumentLoader, expand, getBundledContext, toRDF, findTermPath,
} from './index.js';

async function codeOf(p: Promise<unknown>): Promise<{ code?: string; details?: Record<string, unknown>; specCode?: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code?: string };
  }
  throw new Error('expected a rejection');
}

const credential = {
  '@context': [VC_V2_CONTEXT_URL, CREDENTIALS_EXAMPLES_V2_CONTEXT_URL],
  id: 'urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33',
  type: ['VerifiableCredential', 'AlumniCredential'],
  issuer: 'https://vc.example/issuers/5678',
  validFrom: '2023-01-01T00:00:00Z',
  credentialSubject: { id: 'did:example:abcdefgh', alumniOf: 'The School of Examples' },
};

const did = 'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2';
const didDocument: DidDocument = {
  '@context': [DID_V1_CONTEXT_URL, MULTIKEY_V1_CONTEXT_URL],
  id: did,
  verificationMethod: [{ id: `${did}#key-1`, type: 'Multikey', controller: did, publicKeyMultibase: 'z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2' }],
  assertionMethod: [`${did}#key-1`],
  authentication: [{ id: '#key-2', type: 'Multikey', controller: did, publicKeyMultibase: 'z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2' }],
};
const resolver: DidResolver = {
  async resolve(d) {
    return d === did
      ? { didDocument, didResolutionMetadata: {}, didDocumentMetadata: {} }
      : { didDocument: null, didResolutionMetadata: { error: 'notFound' }, didDocumentMetadata: {} };
  },
};

describe('bundled contexts', () => {
  it('bundles every context the product needs, read from their packages', () => {
    for (const url of [VC_V2_CONTEXT_URL, VC_V1_CONTEXT_URL, DATA_INTEGRITY_V2_CONTEXT_URL, MULTIKEY_V1_CONTEXT_URL,
      ED25519_2020_V1_CONTEXT_URL, STATUS_LIST_V1_CONTEXT_URL, CREDENTIALS_EXAMPLES_V2_CONTEXT_URL, DID_V1_CONTEXT_URL]) {
      expect(BUNDLED_CONTEXT_URLS).toContain(url);
      expect(getBundledContext(url)).toHaveProperty('@context');
    }
    expect(getBundledContext('https://example.com/nope')).toBeUndefined();
  });

  it('the VC 2.0 context already defines the Bitstring Status List terms', () => {
    const text = JSON.stringify(getBundledContext(VC_V2_CONTEXT_URL));
    expect(text).toContain('BitstringStatusListEntry');
    expect(text).toContain('DataIntegrityProof');
  });

  it('hands out copies, so callers cannot change what the loader serves', async () => {
    const copy = getBundledContext(VC_V2_CONTEXT_URL) as { '@context': Record<string, unknown> };
    copy['@context'].name = 'https://evil.example/name';
    const { document } = await createDocumentLoader()(VC_V2_CONTEXT_URL);
    expect((document as { '@context': Record<string, unknown> })['@context'].name).toBe('https://schema.org/name');
  });
});

describe('createDocumentLoader', () => {
  it('serves bundled contexts tagged static', async () => {
    const loader = createDocumentLoader();
    for (const url of BUNDLED_CONTEXT_URLS) {
      const r = await loader(url);
      expect(r).toMatchObject({ contextUrl: null, documentUrl: url, tag: 'static' });
    }
  });

  it('refuses every other URL with ERR_JSONLD_CONTEXT_UNKNOWN (never fetches)', async () => {
    const loader = createDocumentLoader();
    expect((await codeOf(loader('https://www.w3.org/ns/credentials/v3'))).code).toBe('ERR_JSONLD_CONTEXT_UNKNOWN');
    expect((await codeOf(loader('http://127.0.0.1/context'))).code).toBe('ERR_JSONLD_CONTEXT_UNKNOWN');
    expect((await codeOf(loader(did))).code).toBe('ERR_JSONLD_CONTEXT_UNKNOWN');
  });

  it('serves extra contexts and refuses to let them replace a bundled one', async () => {
    const ctx = { '@context': { '@protected': true, BusinessCredential: 'https://trustbridge.example/vocab#BusinessCredential' } };
    const loader = createDocumentLoader({ extraContexts: { 'https://trustbridge.example/v1': ctx } });
    expect((await loader('https://trustbridge.example/v1')).document).toEqual(ctx);
    expect(() => createDocumentLoader({ extraContexts: { [VC_V2_CONTEXT_URL]: ctx } })).toThrow(
      expect.objectContaining({ code: 'ERR_JSONLD_CONTEXT_CONFLICT' }),
    );
    expect(() => createDocumentLoader({ extraContexts: { 'https://x.example': { foo: 1 } } })).toThrow(
      expect.objectContaining({ code: 'ERR_JSONLD_OPTIONS_INVALID' }),
    );
  });

  it('dereferences DIDs and verification methods through the injected resolver', async () => {
    const loader = createDocumentLoader({ didResolver: resolver });
    expect((await loader(did)).document).toEqual(didDocument);
    const vm = (await loader(`${did}#key-1`)).document as Record<string, unknown>;
    expect(vm).toEqual({ '@context': didDocument['@context'], ...didDocument.verificationMethod![0] });
    const embedded = (await loader(`${did}#key-2`)).document as Record<string, unknown>;
    expect(embedded.id).toBe(`${did}#key-2`);
    const missing = await codeOf(loader(`${did}#nope`));
    expect(missing).toMatchObject({ code: 'ERR_JSONLD_DID_RESOLUTION', specCode: 'notFound' });
    const unknown = await codeOf(loader('did:key:z6MkUnknown'));
    expect(unknown).toMatchObject({ code: 'ERR_JSONLD_DID_RESOLUTION', specCode: 'notFound' });
    expect((await codeOf(loader(`${did}/path`))).code).toBe('ERR_JSONLD_DID_RESOLUTION');
  });

  it('rejects a resolver without resolve()', () => {
    expect(() => createDocumentLoader({ didResolver: {} as DidResolver })).toThrow(expect.objectContaining({ code: 'ERR_JSONLD_OPTIONS_INVALID' }));
  });
});

describe('safe mode', () => {
  const documentLoader = createDocumentLoader();

  it('accepts a VC 2.0 credential, a VC 1.1 credential and a DID document', async () => {
    await expect(assertSafe(credential, { documentLoader })).resolves.toBeUndefined();
    const v1 = {
      '@context': [VC_V1_CONTEXT_URL],
      type: ['VerifiableCredential'],
      issuer: 'did:example:issuer',
      issuanceDate: '2024-01-01T00:00:00Z',
      credentialSubject: { id: 'did:example:subject' },
    };
    await expect(assertSafe(v1, { documentLoader })).resolves.toBeUndefined();
    // A relative verification method id needs a base IRI, which safe mode (base null) does not have.
    const { authentication: _relative, ...absoluteDidDocument } = didDocument;
    await expect(assertSafe(absoluteDidDocument, { documentLoader })).resolves.toBeUndefined();
    expect((await codeOf(assertSafe(didDocument, { documentLoader }))).code).toBe('ERR_JSONLD_INVALID');
    const quads = await toRDF(credential, { documentLoader });
    expect(quads.length).toBe(6);
    const expanded = await expand(credential, { documentLoader });
    expect(expanded).toHaveLength(1);
  });

  it('reports an undefined property with ERR_JSONLD_UNDEFINED_TERM, its term and path', async () => {
    const doc = { ...credential, '@context': [VC_V2_CONTEXT_URL], credentialSubject: { id: 'did:example:1', favouriteColour: 'blue' } };
    const e = await codeOf(assertSafe(doc, { documentLoader }));
    expect(e.code).toBe('ERR_JSONLD_UNDEFINED_TERM');
    expect(e.details).toMatchObject({ term: 'favouriteColour', path: '/credentialSubject/favouriteColour' });
  });

  it('reports an undefined type with ERR_JSONLD_UNDEFINED_TERM', async () => {
    const doc = { ...credential, '@context': [VC_V2_CONTEXT_URL], credentialSubject: { id: 'did:example:1' } };
    const e = await codeOf(assertSafe(doc, { documentLoader }));
    expect(e.code).toBe('ERR_JSONLD_UNDEFINED_TERM');
    expect(e.details).toMatchObject({ term: 'AlumniCredential', path: '/type/1' });
  });

  it('reports an unknown context with ERR_JSONLD_CONTEXT_UNKNOWN', async () => {
    const doc = { ...credential, '@context': [VC_V2_CONTEXT_URL, 'https://unknown.example/v1'] };
    expect((await codeOf(assertSafe(doc, { documentLoader }))).code).toBe('ERR_JSONLD_CONTEXT_UNKNOWN');
    expect((await codeOf(expand(doc, { documentLoader }))).code).toBe('ERR_JSONLD_CONTEXT_UNKNOWN');
  });

  it("does not accept a context that only another loader serves (jsonld's process-wide cache)", async () => {
    const url = 'https://vocab.example/cache-test/v1';
    const doc = { '@context': [VC_V2_CONTEXT_URL, url], type: 'VerifiableCredential', issuer: 'did:example:1', credentialSubject: { id: 'did:example:2', x: 1 } };
    const other = createDocumentLoader({ extraContexts: { [url]: { '@context': { x: 'https://vocab.example#x' } } } });
    await expect(assertSafe(doc, { documentLoader: other })).resolves.toBeUndefined();
    expect((await codeOf(assertSafe(doc, { documentLoader }))).code).toBe('ERR_JSONLD_CONTEXT_UNKNOWN');
    expect((await codeOf(toRDF(doc, { documentLoader }))).code).toBe('ERR_JSONLD_CONTEXT_UNKNOWN');
  });

  it('reports other JSON-LD errors with ERR_JSONLD_INVALID', async () => {
    const relativeId = { ...credential, credentialSubject: { id: 'not-an-iri', alumniOf: 'x' } };
    const e = await codeOf(assertSafe(relativeId, { documentLoader }));
    expect(e.code).toBe('ERR_JSONLD_INVALID');
    expect(e.details).toMatchObject({ jsonldCode: 'relative @id reference' });
    expect((await codeOf(assertSafe({ '@context': 5 }, { documentLoader }))).code).toBe('ERR_JSONLD_INVALID');
    const redefined = { '@context': [VC_V2_CONTEXT_URL, { id: 'https://evil.example/id' }], type: 'VerifiableCredential' };
    expect((await codeOf(assertSafe(redefined, { documentLoader }))).code).toBe('ERR_JSONLD_INVALID');
  });

  it('findTermPath escapes JSON Pointer characters', () => {
    expect(findTermPath({ 'a/b': { 'c~d': 1 } }, 'c~d')).toBe('/a~1b/c~0d');
    expect(findTermPath({ x: [{ type: ['A', 'B'] }] }, 'B', true)).toBe('/x/0/type/1');
  });
});
