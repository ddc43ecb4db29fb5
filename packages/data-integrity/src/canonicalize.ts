/**
 * The expensive steps of the pipeline, each isolated in one function so it can be measured and
 * optimised on its own:
 * - RDF Dataset Canonicalization (RDFC-1.0) of a JSON-LD document: safe-mode `toRDF` (through
 *   `@trustbridge/jsonld`) followed by `rdf-canonize`, output as canonical N-Quads.
 * - JSON Canonicalization Scheme (JCS, RFC 8785).
 * - SHA-256 (FIPS 180-4) of the canonical forms.
 */
import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { concatBytes, type DocumentLoader } from '@trustbridge/core';
import { assertSafe, toRDF, type RdfQuad } from '@trustbridge/jsonld';

const require = createRequire(import.meta.url);
const rdfCanonize = require('rdf-canonize') as {
  canonize(dataset: RdfQuad[], options: { algorithm: 'RDFC-1.0'; format: 'application/n-quads'; maxWorkFactor?: number; signal?: AbortSignal }): Promise<string>;
};
const jcs = require('canonicalize') as (value: unknown) => string | undefined;

export interface CanonicalizeOptions {
  documentLoader: DocumentLoader;
  /**
   * Serve documents of an already seen shape from `@trustbridge/jsonld`'s structure cache (same output,
   * byte for byte; see its `rdf-template.ts`). Default true; false runs jsonld on every document.
   */
  structureCache?: boolean;
}

/**
 * Bounds the N-Degree Hash Quads work of RDFC-1.0 (RDF Dataset Canonicalization §4.9 and its
 * "poison graph" security consideration): `maxWorkFactor` 1 allows deep comparisons of order n¹.
 * Credentials have few blank nodes; crafted documents that need more are rejected.
 */
const MAX_WORK_FACTOR = 1;

async function rdfc(document: unknown, options: CanonicalizeOptions): Promise<string> {
  const dataset = await toRDF(document, { documentLoader: options.documentLoader, structureCache: options.structureCache !== false });
  return rdfCanonize.canonize(dataset, { algorithm: 'RDFC-1.0', format: 'application/n-quads', maxWorkFactor: MAX_WORK_FACTOR });
}

/**
 * Canonical N-Quads of the document (eddsa-rdfc-2022 §3.2.3 "Transformation"). Throws the
 * `@trustbridge/jsonld` codes (`ERR_JSONLD_UNDEFINED_TERM`, `ERR_JSONLD_CONTEXT_UNKNOWN`, `ERR_JSONLD_INVALID`).
 */
export function canonicalizeDocumentRdfc(document: unknown, options: CanonicalizeOptions): Promise<string> {
  return rdfc(document, options);
}

/**
 * Canonical N-Quads of a proof configuration (eddsa-rdfc-2022 §3.2.5 "Proof Configuration"). Kept
 * apart from {@link canonicalizeDocumentRdfc}: a proof configuration has a fixed shape, so this step
 * can later be served from a template (PITFALLS: it costs as much as the credential).
 */
export function canonicalizeProofConfigRdfc(proofConfig: unknown, options: CanonicalizeOptions): Promise<string> {
  return rdfc(proofConfig, options);
}

/**
 * JSON-LD safe mode without canonicalization (for eddsa-jcs-2022 documents that have `@context`):
 * every context known to the loader, every term defined. Throws the `ERR_JSONLD_*` codes.
 */
export function assertSafeJsonLd(document: unknown, options: CanonicalizeOptions): Promise<void> {
  return assertSafe(document, { documentLoader: options.documentLoader, structureCache: options.structureCache !== false });
}

/** JCS (RFC 8785) serialization, as eddsa-jcs-2022 §3.3.3 "Transformation" uses. */
export function canonicalizeJcs(value: unknown): string {
  const out = jcs(value);
  if (out === undefined) throw new TypeError('JCS: value cannot be serialized');
  return out;
}

// One-shot `crypto.hash` (Node ≥ 20.12) skips the Hash object: about 1 µs less per call.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'buffer') => Buffer }).hash;

/** SHA-256 of a UTF-8 string. */
export function sha256(text: string): Uint8Array {
  const digest = oneShot ? oneShot('sha256', text, 'buffer') : createHash('sha256').update(text, 'utf8').digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}

/** The hashes of a canonical proof configuration and a canonical document, and their concatenation. */
export interface HashData {
  proofConfigHash: Uint8Array;
  documentHash: Uint8Array;
  /** `proofConfigHash ‖ documentHash`: the 64 bytes that are signed. */
  hashData: Uint8Array;
}

/**
 * eddsa-rdfc-2022 §3.2.4 "Hashing" (also eddsa-jcs-2022 §3.3.4 and Ed25519Signature2020): SHA-256 of the
 * canonical proof configuration, then of the canonical document, concatenated in that order.
 */
export function hashRdfc(canonicalProofConfig: string, canonicalDocument: string): HashData {
  const proofConfigHash = sha256(canonicalProofConfig);
  const documentHash = sha256(canonicalDocument);
  return { proofConfigHash, documentHash, hashData: concatBytes(proofConfigHash, documentHash) };
}

/** eddsa-jcs-2022 §3.3.4 "Hashing": the same construction over JCS output. */
export const hashJcs: (canonicalProofConfig: string, canonicalDocument: string) => HashData = hashRdfc;
