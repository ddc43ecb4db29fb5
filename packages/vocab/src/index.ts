/**
 * @trustbridge/vocab — the Canadian business credential vocabulary: `BusinessRegistrationCredential`,
 * `BusinessRepresentativeCredential`, `PersonIdentityCredential` and `ProofOfAddressCredential`, with
 * their JSON-LD context, JSON Schemas, SD-JWT VC type metadata, English/French display, samples, and
 * mappings from BC's AnonCreds and OrgBook attributes.
 * @packageDocumentation
 */
export * from './constants.js';
export * from './types.js';
export * from './context.js';
export * from './schemas.js';
export * from './validate.js';
export * from './labels.js';
export * from './claims.js';
export * from './sd-jwt.js';
export * from './display.js';
export * from './credential.js';
export * from './samples.js';
export * from './legacy/index.js';
