/**
 * @trustbridge/status-list — W3C Bitstring Status List v1.0: bitstrings (create, get, set, encode,
 * decode), `BitstringStatusListEntry` validation, unsigned `BitstringStatusListCredential`s for the
 * engine to sign, and a caching status checker with fetch and proof verification injected.
 * Imports only `@trustbridge/core` and `node:zlib`.
 * @packageDocumentation
 */
export * from './errors.js';
export * from './bitstring.js';
export * from './entry.js';
export * from './credential.js';
export * from './checker.js';
