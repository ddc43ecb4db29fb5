/**
 * OpenID4VP 1.0 — verifier handlers (request with DCQL, `direct_post` response) and wallet helpers.
 * @module
 */
export * from './errors.js';
export * from './types.js';
export * from './request.js';
export * from './response.js';
export * from './wallet.js';
export * from './dcql-sets.js';
