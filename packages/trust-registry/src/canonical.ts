/** JSON Canonicalization Scheme (RFC 8785) and SHA-256 digests in the `sha256:<hex>` form. */
import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import { TrustBridgeError } from '@trustbridge/core';
import type { RegistryState } from './model.js';

// The package is CommonJS (`module.exports = fn`) but its types declare an ES default export; under
// NodeNext the default import *is* the function at run time.
const canonicalize = canonicalizeModule as unknown as (value: unknown) => string | undefined;

/** RFC 8785 canonical JSON text of a value. Throws `ERR_TR_STATE_INVALID` for values JSON cannot carry. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TrustBridgeError('ERR_TR_STATE_INVALID', 'Value cannot be serialised as JSON.');
  return text;
}

/** `sha256:<64 lowercase hex>` of bytes or of a string's UTF-8 encoding. */
export function sha256Digest(data: Uint8Array | string): string {
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}

/**
 * The digest of a registry state: SHA-256 over its JCS form. Decisions report it, and snapshots carry
 * it as `stateDigest`, so an audit record names exactly the data a decision used, online or offline.
 */
export function stateDigest(state: RegistryState): string {
  return sha256Digest(canonicalJson(state));
}
