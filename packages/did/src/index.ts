/**
 * @trustbridge/did — DID and DID URL parsing (DID Core 1.0), `did:key` (Ed25519), `did:jwk` and
 * `did:web` (fetch injected, SSRF-safe) documents and resolution, and verification method
 * dereferencing with relationship and controller checks.
 * @packageDocumentation
 */
export * from './parse.js';
export * from './resolution.js';
export * from './did-key.js';
export * from './did-jwk.js';
export * from './did-web.js';
export * from './ssrf.js';
export * from './resolver.js';
export * from './verification-method.js';
