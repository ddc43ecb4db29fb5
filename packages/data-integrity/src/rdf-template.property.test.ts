/**
 * Differential property test of `@trustbridge/jsonld`'s structure cache ("compiled toRDF"): thousands
 * of generated documents (deterministic PRNG) go through the cached path and through plain
 * `jsonld.toRDF` + rdf-canonize; the canonical N-Quads must be equal byte for byte, and failures must
 * carry the same code and term. The generator leans on what could fool a template: unicode, quotes,
 * newlines, IRIs and compact-IRI-looking strings (some whose prefix IS a term), `_:` ids, `@`-strings,
 * whitespace in IRIs, repeated values (jsonld merges equal nodes and drops duplicate quads), numbers,
 * booleans, nulls, language-tagged and typed values, `@vocab`- and `@id`-coerced terms, xsd:double
 * coercion, optional fields, arrays of varying length, nested objects, VC 2.0 / VC 1.1 / examples /
 * inline / extra contexts, a context with `@index`, and undefined terms.
 */
import { describe, expect, it } from 'vitest';
import {
  CREDENTIALS_EXAMPLES_V2_CONTEXT_URL, DATA_INTEGRITY_V2_CONTEXT_URL, VC_V1_CONTEXT_URL, VC_V2_CONTEXT_URL,
  createDocumentLoader, rdfTemplateStats, toRDF,
} from '@trustbridge/jsonld';
import { assertSafeJsonLd, canonicalizeDocumentRdfc } from './canonicalize.js';

const VOCAB_URL = 'https://vocab.example/v1';
const INDEXED_URL = 'https://vocab.example/indexed';
const VOCAB = {
  '@context': {
    '@protected': true,
    ex: 'https://vocab.example/ns#',
    schema: 'https://schema.org/',
    idRef: { '@id': 'https://vocab.example/ns#idRef', '@type': '@id' },
    vocabRef: { '@id': 'https://vocab.example/ns#vocabRef', '@type': '@vocab' },
    score: { '@id': 'https://vocab.example/ns#score', '@type': 'http://www.w3.org/2001/XMLSchema#double' },
    count: { '@id': 'https://vocab.example/ns#count', '@type': 'http://www.w3.org/2001/XMLSchema#integer' },
    label: { '@id': 'https://vocab.example/ns#label', '@language': 'en' },
    when: { '@id': 'https://vocab.example/ns#when', '@type': 'http://www.w3.org/2001/XMLSchema#dateTime' },
    note: 'https://vocab.example/ns#note',
    tags: { '@id': 'https://vocab.example/ns#tags', '@container': '@list' },
    Widget: {
      '@id': 'https://vocab.example/ns#Widget',
      '@context': { '@protected': true, part: { '@id': 'https://vocab.example/ns#part', '@type': '@id' }, size: 'https://vocab.example/ns#size' },
    },
    'ex:special': 'https://vocab.example/ns#special',
  },
};
const INDEXED = { '@context': { byKey: { '@id': 'https://vocab.example/ns#byKey', '@container': '@index' }, v: 'https://vocab.example/ns#v' } };

function prng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

/** Plain strings (not IRI-like for jsonld): same shape class, different values. */
const PLAIN = [
  'Maple Widgets Ltd.', 'Ünïcødé ✓ 北京 🍁', 'say "hi"', 'line\nbreak', 'tab\there', 'back\\slash', '', ' ', 'ACTIVE',
  'http://a b', '2024-01-02T03:04:05Z', '1.5', 'NaN', 'assertionMethod', 'authentication', 'VerifiableCredential', 'Name 1', 'Name 1',
  'x,y', 'ÉÀ', '\u0000nul', 'ex', 'schema',
];
/** IRI-like strings (jsonld's absolute-IRI test), incl. compact IRIs whose prefix is a term of the vocab context. */
const IRIS = [
  'https://x.example/a', 'https://x.example/a', 'did:example:123', 'did:example:123', 'urn:uuid:1b2c', 'ex:foo', 'schema:name',
  'ex:special', 'ex://host/path', 'mailto:a@b.example', 'weird:', 'a:b:c', 'Z:9', 'x,y:z', 'https://schema.org/x', 'did:example:0',
];
/** Kept literally by the shape key. */
const LITERAL = ['_:b1', '_:b0', '@foo'];
const TYPES_V2 = ['VerifiableCredential', 'ExampleCredential', 'BusinessRegistrationCredential'];
const CONTEXTS: unknown[] = [
  [VC_V2_CONTEXT_URL],
  [VC_V2_CONTEXT_URL, CREDENTIALS_EXAMPLES_V2_CONTEXT_URL],
  [VC_V2_CONTEXT_URL, VOCAB_URL],
  [VC_V2_CONTEXT_URL, VOCAB_URL, CREDENTIALS_EXAMPLES_V2_CONTEXT_URL],
  [VC_V1_CONTEXT_URL, { '@vocab': 'https://vocab.example/v1vocab#' }],
  [VC_V1_CONTEXT_URL, DATA_INTEGRITY_V2_CONTEXT_URL, VOCAB_URL],
  [VC_V2_CONTEXT_URL, { '@vocab': 'https://inline.example/#', lang: { '@id': 'https://inline.example/#lang', '@language': 'fr' } }],
  [VC_V2_CONTEXT_URL, INDEXED_URL],
];
const PROPS_VOCAB = ['idRef', 'vocabRef', 'score', 'count', 'label', 'when', 'note', 'tags'];
const PROPS_FREE = ['legalName', 'status', 'registrationNumber', 'homepage', 'alias'];

/** One document: its structure comes from `structureSeed` (few, so shapes repeat), its values from `valueSeed`. */
function generate(structureSeed: number, valueSeed: number): Record<string, unknown> {
  const s = prng(structureSeed * 7919 + 1);
  const v = prng(valueSeed * 104729 + 3);
  const pickS = <T>(xs: readonly T[]) => xs[Math.floor(s() * xs.length)]!;
  // Values: mostly from a small pool (so equal values collide), sometimes fresh.
  const pickV = <T>(xs: readonly T[]) => xs[Math.floor(v() * xs.length)]!;
  // The class of a value comes from the structure (so shapes repeat); its content from the values, drawn
  // from small pools (so equal values collide); now and then a value of another class or a fresh one.
  const plain = () => (v() < 0.9 ? pickV(PLAIN) : `fresh ${Math.floor(v() * 1e6)}`);
  const iriValue = () => (v() < 0.9 ? pickV(IRIS) : `https://fresh.example/${Math.floor(v() * 1e6)}`);
  const odd = () => (v() < 0.5 ? pickV(LITERAL) : v() < 0.5 ? plain() : iriValue());
  const str = () => (v() < 0.97 ? plain() : odd());
  const iri = () => (v() < 0.97 ? iriValue() : odd());
  const scalar = (): unknown => {
    const r = s();
    if (r < 0.5) return str();
    if (r < 0.6) return iri();
    if (r < 0.68) return Math.floor(v() * 1000) - 500;
    if (r < 0.72) return v() * 100;
    if (r < 0.76) return v() < 0.5;
    if (r < 0.78) return null;
    if (r < 0.9) return { '@value': str(), '@language': pickS(['en', 'fr', 'EN-ca']) };
    return { '@value': str(), '@type': 'http://www.w3.org/2001/XMLSchema#string' };
  };
  const context = pickS(CONTEXTS) as unknown[];
  const hasVocab = context.includes(VOCAB_URL);
  const free = context.includes(CREDENTIALS_EXAMPLES_V2_CONTEXT_URL) || context.some((c) => typeof c === 'object') || context[0] === VC_V1_CONTEXT_URL;
  const v1 = context[0] === VC_V1_CONTEXT_URL;
  const node = (depth: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    if (s() < 0.7) out.id = iri();
    if (s() < 0.3) out.type = hasVocab && s() < 0.5 ? 'Widget' : free ? pickS(['Thing', ['Thing', 'Other']]) : 'VerifiableCredential';
    const n = 1 + Math.floor(s() * 4);
    for (let i = 0; i < n; i++) {
      const prop = hasVocab && s() < 0.6 ? pickS(PROPS_VOCAB) : free || s() < 0.1 ? pickS(PROPS_FREE) : 'name';
      const shape = s();
      if (shape < 0.5) out[prop] = prop === 'idRef' ? iri() : scalar();
      else if (shape < 0.75) out[prop] = Array.from({ length: Math.floor(s() * 4) }, () => (prop === 'idRef' ? iri() : scalar()));
      else if (depth < 2) out[prop] = node(depth + 1);
      else out[prop] = str();
    }
    if (out.type === 'Widget') {
      out.part = iri();
      if (s() < 0.5) out.size = scalar();
    }
    return out;
  };
  const doc: Record<string, unknown> = { '@context': context };
  if (s() < 0.8) doc.id = iri();
  doc.type = v1 ? ['VerifiableCredential'] : ['VerifiableCredential', ...(free && s() < 0.7 ? [pickS(TYPES_V2.slice(1))] : [])];
  doc.issuer = s() < 0.5 ? iri() : { id: iri(), ...(s() < 0.7 ? { name: str() } : {}) };
  if (v1) doc.issuanceDate = v() < 0.9 ? '2024-01-01T00:00:00Z' : str();
  else if (s() < 0.8) doc.validFrom = v() < 0.9 ? `2024-0${1 + Math.floor(v() * 9)}-1${Math.floor(v() * 9)}T00:00:00Z` : str();
  doc.credentialSubject = s() < 0.8 ? node(0) : [node(0), node(0)];
  if (context.includes(INDEXED_URL)) doc.credentialSubject = { id: iri(), byKey: { a: { v: str() }, b: { v: str() } } };
  if (s() < 0.15) (doc.credentialSubject as Record<string, unknown>).undefinedTermHere = str();
  if (s() < 0.1) doc.type = [...(doc.type as string[]), 'UndefinedType'];
  if (s() < 0.03) (doc as Record<string, unknown>).marker = 'tbph1';
  return doc;
}

/** A proof configuration of the shape eddsa-rdfc-2022 canonicalizes, with varied values. */
function proofConfig(valueSeed: number): Record<string, unknown> {
  const v = prng(valueSeed * 31 + 17);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(v() * xs.length)]!;
  return {
    type: 'DataIntegrityProof',
    cryptosuite: pick(['eddsa-rdfc-2022', 'eddsa-jcs-2022']),
    created: `2025-0${1 + Math.floor(v() * 9)}-01T00:00:0${Math.floor(v() * 9)}Z`,
    verificationMethod: pick(['did:key:z6MkA#z6MkA', 'did:example:1#key-1', 'https://issuer.example/keys/1', 'ex:foo']),
    proofPurpose: pick(['assertionMethod', 'authentication', 'capabilityInvocation', 'notAPurpose', 'https://purpose.example/p']),
    ...(v() < 0.3 ? { challenge: pick(['abc', 'https://x.example/a', '1']) } : {}),
    ...(v() < 0.3 ? { domain: pick(['https://bank.example', ['a', 'b'], 'example.com']) } : {}),
    '@context': pick([[VC_V2_CONTEXT_URL], [VC_V2_CONTEXT_URL, CREDENTIALS_EXAMPLES_V2_CONTEXT_URL], [VC_V1_CONTEXT_URL, DATA_INTEGRITY_V2_CONTEXT_URL]]),
  };
}

type Outcome = { ok: string } | { code: string; term?: unknown };

async function outcome(p: Promise<string | void>): Promise<Outcome> {
  try {
    return { ok: String(await p) };
  } catch (e) {
    const err = e as { code?: string; details?: { term?: unknown } };
    return { code: err.code ?? `uncoded:${String(e)}`, ...(err.details?.term !== undefined ? { term: err.details.term } : {}) };
  }
}

describe('structure cache: differential property test against plain jsonld.toRDF + rdf-canonize', () => {
  it('3,000 generated credentials: same canonical N-Quads byte for byte, same errors', async () => {
    const documentLoader = createDocumentLoader({ extraContexts: { [VOCAB_URL]: VOCAB, [INDEXED_URL]: INDEXED } });
    let compared = 0;
    let failures = 0;
    for (let i = 0; i < 3_000; i++) {
      const doc = generate(i % 40, i);
      const cached = await outcome(canonicalizeDocumentRdfc(doc, { documentLoader }));
      const plain = await outcome(canonicalizeDocumentRdfc(structuredClone(doc), { documentLoader, structureCache: false }));
      expect(cached, `document #${i}: ${JSON.stringify(doc)}`).toEqual(plain);
      // Safe mode alone (the eddsa-jcs-2022 check) agrees too.
      const safeCached = await outcome(assertSafeJsonLd(doc, { documentLoader }));
      expect('code' in safeCached ? safeCached : { ok: 'safe' }, `safe #${i}`).toEqual('code' in plain ? plain : { ok: 'safe' });
      compared++;
      if ('code' in plain) failures++;
    }
    const stats = rdfTemplateStats(documentLoader);
    if (process.env.TB_DEBUG) console.log(stats);
    // The cache must actually be exercised, and both paths must see failures.
    expect(compared).toBe(3_000);
    expect(failures).toBeGreaterThan(100);
    expect(stats.hits).toBeGreaterThan(1_000);
  }, 120_000);

  it('2,000 proof configurations (the 5–7 quad shape, @vocab-coerced proofPurpose): same canonical N-Quads', async () => {
    const documentLoader = createDocumentLoader();
    for (let i = 0; i < 2_000; i++) {
      const config = proofConfig(i);
      const cached = await outcome(canonicalizeDocumentRdfc(config, { documentLoader }));
      const plain = await outcome(canonicalizeDocumentRdfc(structuredClone(config), { documentLoader, structureCache: false }));
      expect(cached, `config #${i}: ${JSON.stringify(config)}`).toEqual(plain);
    }
    expect(rdfTemplateStats(documentLoader).hits).toBeGreaterThan(600);
  }, 120_000);

  it('an IRI slot whose prefix (or whole value) is a term is expanded by jsonld, never templated', async () => {
    const documentLoader = createDocumentLoader({ extraContexts: { [VOCAB_URL]: VOCAB } });
    const doc = (value: string) => ({
      '@context': [VC_V2_CONTEXT_URL, VOCAB_URL],
      id: value,
      type: ['VerifiableCredential'],
      issuer: 'did:example:issuer',
      credentialSubject: { id: 'did:example:subject', idRef: value, vocabRef: value, note: value },
    });
    for (const value of ['https://x.example/a', 'ex:foo', 'schema:name', 'ex:special', 'did:example:9', 'ex://host/p', 'ex:foo']) {
      const cached = await outcome(canonicalizeDocumentRdfc(doc(value), { documentLoader }));
      const plain = await outcome(canonicalizeDocumentRdfc(doc(value), { documentLoader, structureCache: false }));
      expect(cached, value).toEqual(plain);
    }
    const stats = rdfTemplateStats(documentLoader);
    expect(stats.hits).toBeGreaterThan(0);
    expect(stats.fallbacks).toBeGreaterThan(0);
  });

  it('the returned quads equal jsonld.toRDF quads (as a set), hit after hit', async () => {
    const documentLoader = createDocumentLoader();
    const key = (q: { subject: { value: string }; predicate: { value: string }; object: { value: string }; graph: { value: string } }) =>
      `${q.subject.value} ${q.predicate.value} ${q.object.value} ${q.graph.value}`;
    for (let i = 0; i < 200; i++) {
      const doc = {
        '@context': [VC_V2_CONTEXT_URL, CREDENTIALS_EXAMPLES_V2_CONTEXT_URL],
        id: `urn:uuid:${i}`,
        type: ['VerifiableCredential'],
        issuer: { id: `did:example:${i % 3}`, name: `Issuer ${i}` },
        credentialSubject: { id: `did:example:${i % 5}`, legalName: `Name ${i % 7}`, alias: `Name ${i % 4}` },
      };
      const cached = (await toRDF(doc, { documentLoader })).map(key).sort();
      const plain = (await toRDF(doc, { documentLoader, structureCache: false })).map(key).sort();
      // Blank node labels are jsonld's own (deterministic per shape); compare all but them.
      expect(cached.filter((k) => !k.includes('_:'))).toEqual(plain.filter((k) => !k.includes('_:')));
    }
    expect(rdfTemplateStats(documentLoader).hits).toBeGreaterThan(150);
  });
});
