/**
 * @trustbridge/core — data model types, coded errors, the verification result model, clocks and
 * bounded JSON parsing. No runtime dependencies.
 * @packageDocumentation
 */
export * from './errors.js';
export * from './result.js';
export * from './clock.js';
export * from './json.js';
export * from './encoding.js';
export * from './types.js';
export * from './interfaces.js';
export * from './random.js';
