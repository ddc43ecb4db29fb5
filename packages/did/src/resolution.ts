/**
 * Helpers for DID Resolution results (DID Resolution §4 "DID Resolution Result"; error names from
 * §"Errors": `invalidDid`, `notFound`, `representationNotSupported`, `methodNotSupported`,
 * `internalError`, `invalidDidDocument`).
 *
 * Every failure carries, next to the spec's `error`, a stable TrustBridge `code` (`ERR_DID_*`) and a
 * short `message` that never contains secrets or response bodies.
 */
import type { DidDocument, DidResolutionResult } from '@trustbridge/core';

/** `didResolutionMetadata` of a TrustBridge resolver. */
export interface DidResolutionMetadata {
  contentType?: string;
  /** The DID Resolution error name, e.g. `notFound`. */
  error?: string;
  /** The TrustBridge error code, e.g. `ERR_DID_WEB_SSRF_BLOCKED`. */
  code?: string;
  message?: string;
  [key: string]: unknown;
}

/** A failed resolution result. */
export function resolutionError(error: string, code: string, message: string): DidResolutionResult {
  return { didDocument: null, didResolutionMetadata: { error, code, message }, didDocumentMetadata: {} };
}

/** A successful resolution result. */
export function resolutionSuccess(didDocument: DidDocument, contentType = 'application/did+ld+json'): DidResolutionResult {
  return { didDocument, didResolutionMetadata: { contentType }, didDocumentMetadata: {} };
}
