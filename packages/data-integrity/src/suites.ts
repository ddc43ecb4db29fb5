/**
 * The cryptosuites, as tiny plain objects (the shape Digital Bazaar's libraries use): a name, the
 * proof `type` / `cryptosuite` they produce, the canonicalization they use, and the context that
 * defines their terms. The pipeline that runs them lives in `verify-data.ts`.
 *
 * - `eddsa-rdfc-2022` — Data Integrity EdDSA Cryptosuites v1.0 §3.2 (RDFC-1.0 + SHA-256 + Ed25519).
 * - `eddsa-jcs-2022` — Data Integrity EdDSA Cryptosuites v1.0 §3.3 (JCS + SHA-256 + Ed25519).
 * - `Ed25519Signature2020` — the legacy suite (Ed25519 Signature 2020 report; test vectors in
 *   vc-di-eddsa Appendix A): RDFC-1.0 (URDNA2015) + SHA-256 + Ed25519, no `cryptosuite` property.
 */
import {
  DATA_INTEGRITY_V2_CONTEXT_URL,
  ED25519_2020_V1_CONTEXT_URL,
  VC_V2_CONTEXT_URL,
} from '@trustbridge/jsonld';

export type CryptosuiteName = 'eddsa-rdfc-2022' | 'eddsa-jcs-2022' | 'Ed25519Signature2020';

export interface Cryptosuite {
  /** The name used in options and results: the `cryptosuite` value, or the proof type for legacy suites. */
  readonly name: CryptosuiteName;
  /** The proof `type` this suite produces. */
  readonly proofType: 'DataIntegrityProof' | 'Ed25519Signature2020';
  /** The `cryptosuite` property value, absent for legacy suites. */
  readonly cryptosuite?: string;
  readonly canonicalization: 'rdfc' | 'jcs';
  /** The proof carries the document's `@context` (eddsa-jcs-2022 §3.3.1 step 2). */
  readonly proofHasContext: boolean;
  /** Any of these context URLs in the document defines the proof's terms. */
  readonly suiteContexts: readonly string[];
  /** Added to the document's `@context` by `addProof` when none of `suiteContexts` is there. */
  readonly addedContext: string;
}

/** eddsa-rdfc-2022 (Data Integrity EdDSA Cryptosuites v1.0 §3.2). */
export const eddsaRdfc2022: Cryptosuite = Object.freeze({
  name: 'eddsa-rdfc-2022',
  proofType: 'DataIntegrityProof',
  cryptosuite: 'eddsa-rdfc-2022',
  canonicalization: 'rdfc',
  proofHasContext: false,
  suiteContexts: Object.freeze([VC_V2_CONTEXT_URL, DATA_INTEGRITY_V2_CONTEXT_URL]),
  addedContext: DATA_INTEGRITY_V2_CONTEXT_URL,
});

/** eddsa-jcs-2022 (Data Integrity EdDSA Cryptosuites v1.0 §3.3). */
export const eddsaJcs2022: Cryptosuite = Object.freeze({
  name: 'eddsa-jcs-2022',
  proofType: 'DataIntegrityProof',
  cryptosuite: 'eddsa-jcs-2022',
  canonicalization: 'jcs',
  proofHasContext: true,
  suiteContexts: Object.freeze([VC_V2_CONTEXT_URL, DATA_INTEGRITY_V2_CONTEXT_URL]),
  addedContext: DATA_INTEGRITY_V2_CONTEXT_URL,
});

/** Ed25519Signature2020 (legacy; verify, and sign for tests and old verifiers). */
export const ed25519Signature2020: Cryptosuite = Object.freeze({
  name: 'Ed25519Signature2020',
  proofType: 'Ed25519Signature2020',
  canonicalization: 'rdfc',
  proofHasContext: false,
  suiteContexts: Object.freeze([ED25519_2020_V1_CONTEXT_URL]),
  addedContext: ED25519_2020_V1_CONTEXT_URL,
});

/** Every suite this package implements. */
export const cryptosuites: readonly Cryptosuite[] = Object.freeze([eddsaRdfc2022, eddsaJcs2022, ed25519Signature2020]);

/** The suite for a name, or `undefined`. */
export function getCryptosuite(name: string): Cryptosuite | undefined {
  return cryptosuites.find((s) => s.name === name);
}

/**
 * VC Data Integrity 1.0 §3 / vc-di-eddsa §3.1 "Instantiate Cryptosuite": the suite for a proof's
 * `type` and `cryptosuite`, or `undefined` when none matches.
 */
export function cryptosuiteForProof(type: unknown, cryptosuite: unknown): Cryptosuite | undefined {
  if (type === 'DataIntegrityProof') {
    return cryptosuites.find((s) => s.proofType === 'DataIntegrityProof' && s.cryptosuite === cryptosuite);
  }
  if (type === 'Ed25519Signature2020' && cryptosuite === undefined) return ed25519Signature2020;
  return undefined;
}
