/**
 * @trustbridge/server — express services (the W3C VC API issuer/verifier with did:web hosting),
 * configuration, HTTPS start-up and the `trustbridge` CLI.
 * @packageDocumentation
 */
export * from './vc-api.js';
export * from './issuer.js';
export * from './problem.js';
export * from './body.js';
export * from './http.js';
export * from './server.js';
export * from './config.js';
export * from './logger.js';
export * from './service.js';
export * from './run-serve.js';
export * from './cli.js';
export * from './status/index.js';
export * from './web-wallet/index.js';
