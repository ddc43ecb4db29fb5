/**
 * The one place this package touches the `jsonld` library (digitalbazaar/jsonld.js, untyped CommonJS).
 * Only the calls TrustBridge uses are typed.
 */
import { createRequire } from 'node:module';
import type { DocumentLoader } from '@trustbridge/core';

/** An RDF term as jsonld / rdf-canonize represent it (RDF/JS data model shape). */
export interface RdfTerm {
  termType: 'NamedNode' | 'BlankNode' | 'Literal' | 'DefaultGraph';
  value: string;
  datatype?: { termType: 'NamedNode'; value: string };
  language?: string;
}

/** One quad of an RDF dataset as produced by `jsonld.toRDF` (RDF 1.1 Concepts §4). */
export interface RdfQuad {
  subject: RdfTerm;
  predicate: RdfTerm;
  object: RdfTerm;
  graph: RdfTerm;
}

export interface JsonLdProcessingOptions {
  documentLoader: DocumentLoader;
  safe?: boolean;
  base?: string | null;
  [option: string]: unknown;
}

interface JsonLdLib {
  expand(input: unknown, options: JsonLdProcessingOptions): Promise<unknown[]>;
  toRDF(input: unknown, options: JsonLdProcessingOptions): Promise<RdfQuad[]>;
}

const require = createRequire(import.meta.url);

/** @internal */
export const jsonldLib = require('jsonld') as JsonLdLib;
