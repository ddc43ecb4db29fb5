/**
 * @trustbridge/store — persistence for every TrustBridge service: an embedded PostgreSQL (PGlite) by
 * default and PostgreSQL through `pg` for deployments, one schema with versioned migrations, and one
 * repository layer (plain functions over {@link SqlClient}) tested against both.
 * @packageDocumentation
 */
export * from './sql-client.js';
export * from './errors.js';
export * from './random.js';
export * from './migrations.js';
export * from './embedded.js';
export * from './postgres.js';
export * from './issued-credentials.js';
export * from './status-lists.js';
export * from './nonces.js';
export * from './protocol-sessions.js';
export * from './append-only.js';
export * from './wallet-items.js';
