/** The issuer status service: Bitstring Status List entries at issuance, list publishing, status updates. */
export * from './status-service.js';
export * from './issue-status.js';
export * from './routes.js';
export * from './open-store.js';
export * from './cli.js';
