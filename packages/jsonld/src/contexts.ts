/**
 * Bundled JSON-LD contexts. Each one is read from the npm package that its authors publish (never
 * hand-copied), except the W3C examples context, which no installed package ships: it is a single
 * `@vocab` mapping, published at https://www.w3.org/ns/credentials/examples/v2. (The VC 1.1 examples
 * context is not bundled: it imports the ODRL context, which no installed package ships.)
 *
 * Why bundle: VC Data Integrity 1.0 §2.4 ("Contexts and Vocabularies") says implementations MUST treat
 * these context URLs as already resolved, and TrustBridge never touches the network for a context.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** W3C VC Data Model 2.0 base context (also defines the Bitstring Status List and DataIntegrityProof terms). */
export const VC_V2_CONTEXT_URL = 'https://www.w3.org/ns/credentials/v2';
/** W3C VC Data Model 1.1 base context. */
export const VC_V1_CONTEXT_URL = 'https://www.w3.org/2018/credentials/v1';
/** VC Data Integrity 1.0 context, v2 (§2.4). */
export const DATA_INTEGRITY_V2_CONTEXT_URL = 'https://w3id.org/security/data-integrity/v2';
/** VC Data Integrity context, v1 (older drafts; kept for credentials issued against it). */
export const DATA_INTEGRITY_V1_CONTEXT_URL = 'https://w3id.org/security/data-integrity/v1';
/** Controlled Identifiers 1.0 Multikey context. */
export const MULTIKEY_V1_CONTEXT_URL = 'https://w3id.org/security/multikey/v1';
/** Ed25519Signature2020 / Ed25519VerificationKey2020 context. */
export const ED25519_2020_V1_CONTEXT_URL = 'https://w3id.org/security/suites/ed25519-2020/v1';
/** Bitstring Status List 1.0 context (§2.1; the same terms are also in the VC 2.0 context). */
export const STATUS_LIST_V1_CONTEXT_URL = 'https://www.w3.org/ns/credentials/status/v1';
/** The W3C VC examples context (used by the W3C test vectors). */
export const CREDENTIALS_EXAMPLES_V2_CONTEXT_URL = 'https://www.w3.org/ns/credentials/examples/v2';
/** DID Core 1.0 context. */
export const DID_V1_CONTEXT_URL = 'https://www.w3.org/ns/did/v1';

type ContextMapModule = { contexts: Map<string, unknown> };

function fromPackage(name: string, url: string): Record<string, unknown> {
  const mod = require(name) as ContextMapModule;
  const doc = mod.contexts.get(url);
  if (typeof doc !== 'object' || doc === null) throw new Error(`${name} does not ship ${url}`);
  // A private copy: nobody outside this module can change what the loader serves.
  return structuredClone(doc) as Record<string, unknown>;
}

/** URL → context document. Populated once at import. */
const BUNDLED: ReadonlyMap<string, Record<string, unknown>> = new Map<string, Record<string, unknown>>([
  [VC_V2_CONTEXT_URL, fromPackage('@digitalbazaar/credentials-context', VC_V2_CONTEXT_URL)],
  [VC_V1_CONTEXT_URL, fromPackage('credentials-context', VC_V1_CONTEXT_URL)],
  [DATA_INTEGRITY_V2_CONTEXT_URL, fromPackage('@digitalbazaar/data-integrity-context', DATA_INTEGRITY_V2_CONTEXT_URL)],
  [DATA_INTEGRITY_V1_CONTEXT_URL, fromPackage('@digitalbazaar/data-integrity-context', DATA_INTEGRITY_V1_CONTEXT_URL)],
  [MULTIKEY_V1_CONTEXT_URL, fromPackage('@digitalbazaar/multikey-context', MULTIKEY_V1_CONTEXT_URL)],
  [ED25519_2020_V1_CONTEXT_URL, fromPackage('ed25519-signature-2020-context', ED25519_2020_V1_CONTEXT_URL)],
  [STATUS_LIST_V1_CONTEXT_URL, fromPackage('@digitalbazaar/vc-bitstring-status-list-context', STATUS_LIST_V1_CONTEXT_URL)],
  // Not shipped by any npm package; this is the whole published document.
  [CREDENTIALS_EXAMPLES_V2_CONTEXT_URL, { '@context': { '@vocab': 'https://www.w3.org/ns/credentials/examples#' } }],
  [DID_V1_CONTEXT_URL, fromPackage('did-context', DID_V1_CONTEXT_URL)],
]);

/** The URLs of every bundled context. */
export const BUNDLED_CONTEXT_URLS: readonly string[] = Object.freeze([...BUNDLED.keys()]);

/**
 * A copy of the bundled context document for `url`, or `undefined` when it is not bundled.
 *
 * @example
 * ```ts
 * const vc2 = getBundledContext(VC_V2_CONTEXT_URL); // { '@context': { '@protected': true, ... } }
 * ```
 */
export function getBundledContext(url: string): Record<string, unknown> | undefined {
  const doc = BUNDLED.get(url);
  return doc === undefined ? undefined : (structuredClone(doc) as Record<string, unknown>);
}

/** @internal The loader's own (shared, never handed out) copy. */
export function bundledContextForLoader(url: string): Record<string, unknown> | undefined {
  return BUNDLED.get(url);
}
