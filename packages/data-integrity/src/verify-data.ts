/**
 * The shared pipeline of every suite: transform → configure proof → hash (VC Data Integrity 1.0 §4.2
 * "Add Proof" step 6 and vc-di-eddsa §3.2.1 / §3.3.1 "Create Proof"). `addProof` signs its output,
 * `verifyProofs` checks a signature against it, and the vector tests compare every field with the W3C's.
 */
import { toArray, type DocumentLoader } from '@trustbridge/core';
import { base58btcMultibaseDecode, base58btcMultibaseEncode } from '@trustbridge/keys';
import {
  assertSafeJsonLd, canonicalizeDocumentRdfc, canonicalizeJcs, canonicalizeProofConfigRdfc, hashJcs, hashRdfc, type HashData,
} from './canonicalize.js';
import type { Cryptosuite } from './suites.js';

export interface VerifyData extends HashData {
  /** The proof configuration that was canonicalized (proof options plus, for RDFC, the document's `@context`). */
  proofConfig: Record<string, unknown>;
  canonicalProofConfig: string;
  canonicalDocument: string;
}

export interface CreateVerifyDataOptions {
  cryptosuite: Cryptosuite;
  documentLoader: DocumentLoader;
}

/**
 * eddsa-rdfc-2022 §3.2.5 / eddsa-jcs-2022 §3.3.5 "Proof Configuration": the proof options without
 * `proofValue`; for RDFC suites the document's `@context` is set on it so its terms are defined.
 */
export function configureProof(proofOptions: Record<string, unknown>, document: Record<string, unknown>, suite: Cryptosuite): Record<string, unknown> {
  const { proofValue: _proofValue, ...config } = proofOptions;
  if (suite.canonicalization === 'rdfc') {
    const { '@context': _context, ...rest } = config;
    return { ...rest, '@context': document['@context'] };
  }
  return config;
}

/**
 * Runs transform, proof configuration and hashing for `document` (the unsecured document, or for a
 * proof chain the document with `proof` set to the previous proofs) and `proofOptions`.
 * Throws the `ERR_JSONLD_*` codes when an RDFC canonicalization fails.
 */
export async function createVerifyData(
  document: Record<string, unknown>,
  proofOptions: Record<string, unknown>,
  options: CreateVerifyDataOptions,
): Promise<VerifyData> {
  const { cryptosuite: suite, documentLoader } = options;
  const proofConfig = configureProof(proofOptions, document, suite);
  if (suite.canonicalization === 'jcs') {
    // VC DI 1.0 §2.4: a JSON-LD document (one with @context) must be safe JSON-LD for every suite, JCS
    // included: only known contexts, no undefined term. Served by the structure cache after the
    // first document of a shape, so it costs next to nothing.
    if (document['@context'] !== undefined) await assertSafeJsonLd(document, { documentLoader });
    if (proofConfig['@context'] !== undefined) await assertSafeJsonLd(proofConfig, { documentLoader });
    const canonicalDocument = canonicalizeJcs(document);
    const canonicalProofConfig = canonicalizeJcs(proofConfig);
    return { proofConfig, canonicalProofConfig, canonicalDocument, ...hashJcs(canonicalProofConfig, canonicalDocument) };
  }
  const [canonicalProofConfig, canonicalDocument] = await Promise.all([
    canonicalizeProofConfigRdfc(proofConfig, { documentLoader }),
    canonicalizeDocumentRdfc(document, { documentLoader }),
  ]);
  return { proofConfig, canonicalProofConfig, canonicalDocument, ...hashRdfc(canonicalProofConfig, canonicalDocument) };
}

/**
 * eddsa-rdfc-2022 §3.2.6 "Proof Serialization" (same for the other suites): the 64-byte Ed25519
 * signature as multibase base58-btc (`z...`).
 */
export function serializeProof(signature: Uint8Array): string {
  return base58btcMultibaseEncode(signature);
}

/**
 * Decodes a `proofValue` (Controlled Identifiers 1.0 §2.4 Multibase, base58-btc). Returns `undefined`
 * unless it is a `z` multibase string holding exactly 64 bytes.
 */
export function parseProofValue(proofValue: unknown): Uint8Array | undefined {
  if (typeof proofValue !== 'string' || proofValue.length > 128) return undefined;
  try {
    const bytes = base58btcMultibaseDecode(proofValue);
    return bytes.length === 64 ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/** True when `documentContext` starts with every entry of `proofContext`, in the same order. */
export function contextStartsWith(documentContext: unknown, proofContext: unknown): boolean {
  const doc = toArray(documentContext as unknown[] | unknown);
  const proof = toArray(proofContext as unknown[] | unknown);
  if (proof.length > doc.length) return false;
  return proof.every((entry, i) => entry === doc[i] || JSON.stringify(entry) === JSON.stringify(doc[i]));
}
