/**
 * The small interfaces through which dependencies come in as parameters. Any key store, HSM, resolver
 * or loader that satisfies them plugs in (the shape Digital Bazaar's libraries use).
 */
import type { DidDocument, VerificationMethod } from './types.js';

/** Signs bytes with one key. `id` is the verification method id (a DID URL) that verifiers resolve. */
export interface Signer {
  id: string;
  /** JOSE algorithm name, e.g. `EdDSA` (Ed25519) or `ES256`. */
  algorithm: string;
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/** Verifies signatures made with one key. */
export interface Verifier {
  id: string;
  algorithm: string;
  verify(data: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

/** A JSON-LD remote document, as returned by a document loader (JSON-LD 1.1 API §9.4). */
export interface RemoteDocument {
  contextUrl: string | null;
  documentUrl: string;
  document: unknown;
  /** `static` marks bundled documents so JSON-LD processors may cache them. */
  tag?: 'static';
}

export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

/** DID Resolution result (DID Resolution v0.3 §4). Failures are reported in `didResolutionMetadata.error`. */
export interface DidResolutionResult {
  didDocument: DidDocument | null;
  didResolutionMetadata: { contentType?: string; error?: string; message?: string; [key: string]: unknown };
  didDocumentMetadata: Record<string, unknown>;
}

/** Resolves a DID (not a DID URL) to its document. */
export interface DidResolver {
  resolve(did: string): Promise<DidResolutionResult>;
}

/**
 * Dereferences a verification method by its DID URL and checks that the DID document lists it under
 * `relationship`. Throws a TrustBridgeError (`ERR_DID_*` / `ERR_VM_*`) when it cannot.
 */
export type VerificationMethodResolver = (
  id: string,
  relationship: 'assertionMethod' | 'authentication' | 'keyAgreement' | 'capabilityInvocation' | 'capabilityDelegation',
) => Promise<VerificationMethod>;

/** A minimal `fetch` for injection (the WHATWG signature, narrowed). */
export type FetchLike = (
  input: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array; signal?: AbortSignal; redirect?: 'manual' | 'follow' | 'error' },
) => Promise<{
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  body?: unknown;
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
}>;
