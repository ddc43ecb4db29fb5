/**
 * @trustbridge/jsonld — bundled JSON-LD contexts, a document loader that never touches the network,
 * and JSON-LD processing in safe mode (undefined terms are errors).
 * @packageDocumentation
 */
export * from './contexts.js';
export * from './document-loader.js';
export * from './safe.js';
export { rdfTemplateStats, type RdfTemplateStats } from './rdf-template.js';
