/**
 * The independent reference side of the interop tests: a JSON-LD document loader built only from
 * `jsonld-document-loader` and the npm context packages (no TrustBridge code), with a `did:` protocol
 * handler over DID documents the test supplies. Callers may add more handlers (e.g. http for status
 * lists) before calling `build()`.
 */
import { createRequire } from 'node:module';

// Untyped reference libraries: loaded dynamically so they stay `any` without declaration files.
export const load = (name: string): Promise<any> => import(name);

const ctxRequire = createRequire(new URL('../../packages/jsonld/package.json', import.meta.url));

export const VC2 = 'https://www.w3.org/ns/credentials/v2';
export const EXAMPLES = 'https://www.w3.org/ns/credentials/examples/v2';
export const DID_V1 = 'https://www.w3.org/ns/did/v1';
export const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';
export const ED2020_V1 = 'https://w3id.org/security/suites/ed25519-2020/v1';
export const DI_V2 = 'https://w3id.org/security/data-integrity/v2';

/**
 * A `JsonLdDocumentLoader` (call `.build()` for the loader function) serving the VC 2.0, Data Integrity,
 * Multikey, Ed25519-2020, DID v1 and examples contexts, and dereferencing `did:` URLs (a DID, or a DID URL
 * whose fragment names one of its verification methods) through `resolveDid`.
 */
export async function referenceLoader(resolveDid: (did: string) => Record<string, unknown> | undefined): Promise<any> {
  const jdl = await load('jsonld-document-loader');
  const loader = new jdl.JsonLdDocumentLoader();
  for (const [pkg, url] of [
    ['@digitalbazaar/credentials-context', VC2],
    ['@digitalbazaar/data-integrity-context', DI_V2],
    ['@digitalbazaar/multikey-context', MULTIKEY_V1],
    ['ed25519-signature-2020-context', ED2020_V1],
    ['did-context', DID_V1],
  ] as const) loader.addStatic(url, ctxRequire(pkg).contexts.get(url));
  loader.addStatic(EXAMPLES, { '@context': { '@vocab': 'https://www.w3.org/ns/credentials/examples#' } });
  loader.setProtocolHandler({
    protocol: 'did',
    handler: {
      async get({ url }: { url: string }) {
        const [did, fragment] = url.split('#');
        const doc = resolveDid(did!);
        if (!doc) throw new Error(`unknown DID ${did}`);
        if (fragment === undefined) return doc;
        const vm = (doc.verificationMethod as Array<Record<string, unknown>>).find((v) => v.id === url);
        if (!vm) throw new Error(`unknown verification method ${url}`);
        return { '@context': doc['@context'], ...vm };
      },
    },
  });
  return loader;
}
