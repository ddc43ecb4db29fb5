/**
 * @trustbridge/protocols — OpenID4VCI 1.0 issuer and OpenID4VP 1.0 verifier (with DCQL) as
 * framework-free handlers.
 * @packageDocumentation
 */
// DCQL (OpenID4VP 1.0 §6)
export * from './dcql/index.js';
// DIF Presentation Exchange 2.0 (supported subset), accepted where a counterpart sends it
export * from './pex/index.js';
// OpenID4VP 1.0 verifier handlers and wallet helpers
export * from './oid4vp/index.js';
// OpenID4VCI 1.0 issuer (pre-authorized code flow)
export * from './oid4vci/index.js';
