/**
 * A structure cache for `toRDF` ("compiled toRDF").
 *
 * The RDF dataset that JSON-LD 1.1 `toRdf()` produces depends on a document's keys, its `@context`
 * values, its `type` values, and the JSON types and positions of its values — not on most string
 * values, which land in the output unchanged, each as one whole term (a literal's lexical form or an
 * IRI). So the expensive part (context processing, expansion, node map) can run once per *shape*:
 *
 * 1. Shape key: the document with keys, `@context` / `type` / `@type` values, numbers, booleans, nulls,
 *    `_:` blank node ids and `@`-strings kept literally, and every other string replaced by a class tag:
 *    IRI-like (jsonld's own absolute-IRI test) or plain. Its strings ("slots") are numbered in walk order.
 * 2. First document of a shape: run the real safe-mode `toRDF` on it (that is what is returned), and on
 *    a copy where each slot is a unique placeholder of the same class. Every placeholder must come out as
 *    a whole term, else the value matters at that slot (e.g. `@vocab`-coerced `proofPurpose`, xsd:double
 *    coercion, a language tag): the slot is learned as literal for the shape (its value joins the key)
 *    and derivation is retried. The template is accepted only when filling it with the real values gives
 *    exactly the real output.
 * 3. Later documents of the shape: fill the template. Guards that fall back to the real `toRDF`: an IRI
 *    slot whose prefix (or whole value) is a term of the contexts in use (jsonld would expand it as a
 *    compact IRI), and equal values that create duplicate quads (jsonld merges those).
 *
 * Never cached: documents whose contexts the loader does not tag `static`, contexts that use `@index`
 * (index conflicts depend on values), outputs with `rdf:JSON` literals, documents containing the
 * placeholder marker, failures of any kind. The cache is a bounded LRU per document loader, so hostile
 * shape variety cannot grow memory; it caches structure, never results.
 */
import { isTrustBridgeError, type DocumentLoader } from '@trustbridge/core';
import type { RdfQuad, RdfTerm } from './jsonld-lib.js';

/** jsonld's absolute-IRI test (lib/url.js `isAbsolute`); `_:` ids are kept literal before it is used. */
const ABSOLUTE_IRI = /^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$/;
const MARKER = 'tbph';
const RDF_JSON = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON';
const MAX_DEPTH = 100;
const MAX_SLOTS = 10_000;
/** Shapes (and per-shape literal-slot sets) kept per document loader. */
const MAX_TEMPLATES = 256;
/** How many times a shape may learn new literal slots before it is given up on. */
const MAX_LEARN_ROUNDS = 3;

interface Shape {
  /** The shape key without learned literal slots. */
  key: string;
  /** Replaceable strings, in walk order. */
  slots: string[];
  /** True for an IRI-like slot. */
  iri: boolean[];
  /** Every string found inside `@context` values (URLs to check with the loader). */
  contextUrls: string[];
  /** Inline context objects (their terms join the term set). */
  inlineContexts: unknown[];
}

/** A term of a template: fixed, or the value of slot `slot` with the term's other fields. */
type TemplateTerm = { fixed: RdfTerm } | { slot: number; termType: 'NamedNode' | 'Literal'; datatype?: string; language?: string };

interface Template {
  quads: Array<[TemplateTerm, TemplateTerm, TemplateTerm, TemplateTerm]>;
  /** Slots that appear as IRIs (NamedNode terms): checked against the term set on every hit. */
  iriSlots: number[];
  /** Every slot the quads use. */
  usedSlots: number[];
  /** The values of the fixed terms (a filled slot equal to one of them may duplicate a quad). */
  fixedValues: ReadonlySet<string>;
  /** Every term name defined by the contexts in use (a superset: all keys of the context documents). */
  terms: ReadonlySet<string>;
  contextUrls: string[];
}

const UNCACHEABLE = Symbol('uncacheable');

/** A tiny LRU over a Map (insertion order). */
class Lru<V> {
  readonly #map = new Map<string, V>();
  constructor(readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.#map.get(key);
    if (v !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, v);
    }
    return v;
  }
  set(key: string, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    if (this.#map.size > this.max) this.#map.delete(this.#map.keys().next().value!);
  }
  get size(): number {
    return this.#map.size;
  }
}

/** Counters, for tests and profiling. */
export interface RdfTemplateStats {
  hits: number;
  misses: number;
  /** Documents served by the real `toRDF` because a guard refused the template. */
  fallbacks: number;
  templates: number;
}

interface LoaderCache {
  /** fullKey → template, or UNCACHEABLE. */
  templates: Lru<Template | typeof UNCACHEABLE>;
  /** shape key → slot indices learned as literal. */
  literal: Lru<number[]>;
  stats: RdfTemplateStats;
}

const caches = new WeakMap<DocumentLoader, LoaderCache>();

function cacheFor(loader: DocumentLoader): LoaderCache {
  let c = caches.get(loader);
  if (!c) {
    c = { templates: new Lru(MAX_TEMPLATES), literal: new Lru(MAX_TEMPLATES), stats: { hits: 0, misses: 0, fallbacks: 0, templates: 0 } };
    caches.set(loader, c);
  }
  return c;
}

/** Hit / miss counters of the structure cache of `documentLoader`. */
export function rdfTemplateStats(documentLoader: DocumentLoader): RdfTemplateStats {
  const c = cacheFor(documentLoader);
  return { ...c.stats, templates: c.templates.size };
}

/** Walks a document into its shape, or `undefined` when it cannot be cached (too deep, marker found). */
function shapeOf(document: unknown): Shape | undefined {
  const slots: string[] = [];
  const iri: boolean[] = [];
  const contextUrls: string[] = [];
  const inlineContexts: unknown[] = [];
  let ok = true;

  const collectContext = (value: unknown, depth: number): void => {
    if (depth > MAX_DEPTH) {
      ok = false;
    } else if (typeof value === 'string') {
      contextUrls.push(value);
    } else if (Array.isArray(value)) {
      for (const v of value) collectContext(v, depth + 1);
    } else if (value !== null && typeof value === 'object') {
      inlineContexts.push(value);
      // Scoped contexts may name more context URLs.
      for (const v of Object.values(value as Record<string, unknown>)) {
        if (v !== null && typeof v === 'object') {
          const scoped = (v as Record<string, unknown>)['@context'];
          if (scoped !== undefined) collectContext(scoped, depth + 1);
        }
      }
    }
  };

  const walk = (value: unknown, depth: number): string => {
    if (!ok) return '';
    if (depth > MAX_DEPTH) {
      ok = false;
      return '';
    }
    if (typeof value === 'string') {
      if (value.startsWith('_:') || value.startsWith('@')) return JSON.stringify(value);
      if (value.includes(MARKER) || slots.length >= MAX_SLOTS) {
        ok = false;
        return '';
      }
      slots.push(value);
      const isIri = ABSOLUTE_IRI.test(value);
      iri.push(isIri);
      return isIri ? 'I' : 'P';
    }
    if (Array.isArray(value)) {
      let out = '[';
      for (const v of value) out += walk(v, depth + 1) + ',';
      return out + ']';
    }
    if (value !== null && typeof value === 'object') {
      let out = '{';
      for (const key of Object.keys(value)) {
        const v = (value as Record<string, unknown>)[key];
        if (v === undefined) continue;
        if (key === '@context') {
          collectContext(v, depth + 1);
          out += `"@context":${JSON.stringify(v)},`;
        } else if (key === 'type' || key === '@type') {
          out += `${JSON.stringify(key)}:${JSON.stringify(v)},`;
        } else {
          out += `${JSON.stringify(key)}:${walk(v, depth + 1)},`;
        }
      }
      return out + '}';
    }
    // numbers, booleans, null: kept literally (their RDF form depends on the value).
    return JSON.stringify(value) ?? 'u';
  };

  const key = walk(document, 0);
  if (!ok || key.includes(MARKER)) return undefined;
  return { key, slots, iri, contextUrls, inlineContexts };
}

function fullKey(shape: Shape, literal: readonly number[]): string {
  if (literal.length === 0) return shape.key;
  return `${shape.key}\u0000${JSON.stringify(literal.map((i) => shape.slots[i]))}`;
}

/** A copy of `document` with every non-literal slot replaced by its placeholder. */
function withPlaceholders(document: unknown, literal: ReadonlySet<number>, iri: readonly boolean[]): unknown {
  let n = 0;
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (value.startsWith('_:') || value.startsWith('@')) return value;
      const i = n++;
      if (literal.has(i)) return value;
      return iri[i] ? `urn:${MARKER}:${i}` : `${MARKER}${i}`;
    }
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const v = (value as Record<string, unknown>)[key];
        if (v === undefined) continue;
        out[key] = key === '@context' || key === 'type' || key === '@type' ? v : walk(v);
      }
      return out;
    }
    return value;
  };
  return walk(document);
}

const PLACEHOLDER = new RegExp(`^(?:urn:${MARKER}:|${MARKER})(\\d+)$`);
const PLACEHOLDER_ANYWHERE = new RegExp(`${MARKER}:?(\\d+)`, 'g');

/**
 * Derives a template from the placeholder run. Returns the template, or the slots found to be
 * value-sensitive, or `undefined` when the output is not templatable at all.
 */
function deriveTemplate(
  quads: RdfQuad[],
  shape: Shape,
  literal: ReadonlySet<number>,
): { template: Omit<Template, 'terms' | 'contextUrls'> } | { sensitive: Set<number> } | undefined {
  const sensitive = new Set<number>();
  const seen = new Set<number>();
  const iriSlots = new Set<number>();
  const markSensitive = (text: string | undefined) => {
    if (text === undefined || !text.includes(MARKER)) return;
    for (const m of text.matchAll(PLACEHOLDER_ANYWHERE)) sensitive.add(Number(m[1]));
  };
  const term = (t: RdfTerm): TemplateTerm | undefined => {
    if (t.termType === 'Literal' && t.datatype?.value === RDF_JSON) return undefined;
    markSensitive(t.datatype?.value);
    markSensitive(t.language);
    const m = (t.termType === 'NamedNode' || t.termType === 'Literal') ? PLACEHOLDER.exec(t.value) : null;
    if (m) {
      const slot = Number(m[1]);
      if (slot >= shape.slots.length || literal.has(slot)) return undefined;
      // A plain placeholder as an IRI would be a relative IRI: never expected, so refuse.
      if (t.termType === 'NamedNode' && !shape.iri[slot]) {
        sensitive.add(slot);
        return { fixed: t };
      }
      seen.add(slot);
      if (t.termType === 'NamedNode') {
        iriSlots.add(slot);
        return { slot, termType: 'NamedNode' };
      }
      return {
        slot,
        termType: 'Literal',
        ...(t.datatype ? { datatype: t.datatype.value } : {}),
        ...(t.language !== undefined ? { language: t.language } : {}),
      };
    }
    markSensitive(t.value);
    return { fixed: t.datatype ? { termType: t.termType, value: t.value, datatype: { termType: 'NamedNode', value: t.datatype.value }, ...(t.language !== undefined ? { language: t.language } : {}) } : { termType: t.termType, value: t.value } };
  };
  const out: Template['quads'] = [];
  for (const q of quads) {
    const s = term(q.subject);
    const p = term(q.predicate);
    const o = term(q.object);
    const g = term(q.graph);
    if (!s || !p || !o || !g) return undefined;
    out.push([s, p, o, g]);
  }
  // A slot that vanished from the output: its value may decide whether it is dropped.
  for (let i = 0; i < shape.slots.length; i++) if (!literal.has(i) && !seen.has(i)) sensitive.add(i);
  if (sensitive.size > 0) return { sensitive };
  const fixedValues = new Set<string>();
  for (const q of out) for (const t of q) if ('fixed' in t) fixedValues.add(t.fixed.value);
  return { template: { quads: out, iriSlots: [...iriSlots], usedSlots: [...seen], fixedValues } };
}

function fill(template: Template, slots: readonly string[]): RdfQuad[] {
  const make = (t: TemplateTerm): RdfTerm => {
    if ('fixed' in t) {
      const f = t.fixed;
      return f.datatype
        ? { termType: f.termType, value: f.value, datatype: { termType: 'NamedNode', value: f.datatype.value }, ...(f.language !== undefined ? { language: f.language } : {}) }
        : { termType: f.termType, value: f.value };
    }
    const value = slots[t.slot]!;
    if (t.termType === 'NamedNode') return { termType: 'NamedNode', value };
    return {
      termType: 'Literal',
      value,
      ...(t.datatype !== undefined ? { datatype: { termType: 'NamedNode', value: t.datatype } } : {}),
      ...(t.language !== undefined ? { language: t.language } : {}),
    } as RdfTerm;
  };
  return template.quads.map(([s, p, o, g]) => ({ subject: make(s), predicate: make(p), object: make(o), graph: make(g) }));
}

const termKey = (t: RdfTerm) => `${t.termType[0]}${t.value}\u0001${t.datatype?.value ?? ''}\u0001${t.language ?? ''}`;
const quadKey = (q: RdfQuad) => `${termKey(q.subject)}\u0002${termKey(q.predicate)}\u0002${termKey(q.object)}\u0002${termKey(q.graph)}`;

/**
 * Filled quads can only coincide when two used slots hold the same value or a slot holds the value of
 * a fixed term; otherwise distinct template quads stay distinct. This cheap test gates the full one.
 */
function mayCollide(template: Template, slots: readonly string[]): boolean {
  const seen = new Set<string>();
  for (const i of template.usedSlots) {
    const v = slots[i]!;
    if (seen.has(v) || template.fixedValues.has(v)) return true;
    seen.add(v);
  }
  return false;
}

function hasDuplicates(quads: RdfQuad[]): boolean {
  const keys = new Set<string>();
  for (const q of quads) {
    const k = quadKey(q);
    if (keys.has(k)) return true;
    keys.add(k);
  }
  return false;
}

function sameQuads(a: RdfQuad[], b: RdfQuad[]): boolean {
  if (a.length !== b.length) return false;
  const x = a.map(quadKey).sort();
  const y = b.map(quadKey).sort();
  return x.every((k, i) => k === y[i]);
}

/** Every key of every object in `value` (a superset of the term names a context defines). */
function collectTerms(value: unknown, into: Set<string>, depth = 0): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (const v of value) collectTerms(v, into, depth + 1);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      into.add(k);
      collectTerms(v, into, depth + 1);
    }
  }
}

/**
 * Loads every context URL; returns the term set, or `undefined` when some context is not tagged
 * `static` or uses `@index`. Loader errors propagate (the caller maps them).
 */
async function contextTerms(shape: Shape, loader: DocumentLoader): Promise<Set<string> | undefined> {
  const terms = new Set<string>();
  const docs: unknown[] = [...shape.inlineContexts];
  for (const url of new Set(shape.contextUrls)) {
    const remote = await loader(url);
    if ((remote as { tag?: unknown }).tag !== 'static') return undefined;
    docs.push(remote.document);
  }
  for (const d of docs) collectTerms(d, terms);
  if (terms.has('@index')) return undefined;
  return terms;
}

/** True when every context URL is still served as `static` by the loader (throws like the loader). */
async function contextsStillStatic(urls: readonly string[], loader: DocumentLoader): Promise<boolean> {
  for (const url of urls) {
    const remote = await loader(url);
    if ((remote as { tag?: unknown }).tag !== 'static') return false;
  }
  return true;
}

function iriSlotsSafe(template: Template, slots: readonly string[]): boolean {
  for (const i of template.iriSlots) {
    const v = slots[i]!;
    const colon = v.indexOf(':');
    if (template.terms.has(v) || (colon > 0 && template.terms.has(v.slice(0, colon)))) return false;
  }
  return true;
}

/**
 * `toRDF` through the structure cache. `run` is the real safe-mode `toRDF` (it also checks contexts);
 * its errors propagate unchanged. With `needQuads` false (safe-mode checks only) a hit skips filling.
 */
export async function cachedToRDF(
  document: unknown,
  loader: DocumentLoader,
  run: (doc: unknown) => Promise<RdfQuad[]>,
  needQuads = true,
): Promise<RdfQuad[] | undefined> {
  const shape = shapeOf(document);
  if (!shape) return run(document);
  const cache = cacheFor(loader);
  const literal = cache.literal.get(shape.key) ?? [];
  const key = fullKey(shape, literal);
  const cached = cache.templates.get(key);
  if (cached === UNCACHEABLE) return run(document);
  if (cached !== undefined) {
    let usable = false;
    try {
      usable = (await contextsStillStatic(cached.contextUrls, loader)) && iriSlotsSafe(cached, shape.slots);
    } catch (error) {
      if (isTrustBridgeError(error)) return run(document); // the real path reports it with its code
      throw error;
    }
    if (usable) {
      if (!needQuads) {
        // Duplicates never change whether the document is safe, only the dataset.
        cache.stats.hits++;
        return undefined;
      }
      const quads = fill(cached, shape.slots);
      if (!mayCollide(cached, shape.slots) || !hasDuplicates(quads)) {
        cache.stats.hits++;
        return quads;
      }
    }
    cache.stats.fallbacks++;
    return run(document);
  }

  // Miss: the real result is always what is returned; the template is derived beside it.
  cache.stats.misses++;
  const real = await run(document);
  try {
    const template = await derive(document, shape, literal, loader, run, real);
    if (template === 'retry-later') return real;
    if (template === undefined) {
      cache.templates.set(key, UNCACHEABLE);
    } else {
      cache.literal.set(shape.key, template.literal);
      cache.templates.set(fullKey(shape, template.literal), template.template);
      cache.stats.templates++;
    }
  } catch {
    cache.templates.set(key, UNCACHEABLE);
  }
  return real;
}

async function derive(
  document: unknown,
  shape: Shape,
  initialLiteral: number[],
  loader: DocumentLoader,
  run: (doc: unknown) => Promise<RdfQuad[]>,
  real: RdfQuad[],
): Promise<{ template: Template; literal: number[] } | undefined | 'retry-later'> {
  const terms = await contextTerms(shape, loader);
  if (!terms) return undefined;
  const literal = new Set(initialLiteral);
  for (let round = 0; round < MAX_LEARN_ROUNDS; round++) {
    const placeholderQuads = await run(withPlaceholders(document, literal, shape.iri));
    const derived = deriveTemplate(placeholderQuads, shape, literal);
    if (derived === undefined) return undefined;
    if ('sensitive' in derived) {
      for (const i of derived.sensitive) literal.add(i);
      continue;
    }
    const template: Template = { ...derived.template, terms, contextUrls: [...new Set(shape.contextUrls)] };
    if (!iriSlotsSafe(template, shape.slots)) return 'retry-later';
    const filled = fill(template, shape.slots);
    if (hasDuplicates(filled)) return 'retry-later';
    if (!sameQuads(filled, real)) return undefined;
    return { template, literal: [...literal].sort((a, b) => a - b) };
  }
  return undefined;
}
