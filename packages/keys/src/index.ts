/**
 * @trustbridge/keys — Ed25519 keys (RFC 8032), Multikey and JWK encodings, signer/verifier objects,
 * and key managers.
 * @packageDocumentation
 */
export * from './ed25519.js';
export * from './multikey.js';
export * from './jwk.js';
export * from './signer.js';
export * from './manager.js';
export * from './x25519.js';
export { MemoryKeyManager, type MemoryKeyManagerOptions } from './memory-key-manager.js';
export {
  FileKeyManager,
  DEFAULT_SCRYPT_PARAMS,
  KEYSTORE_VERSION,
  type FileKeyManagerOptions,
  type ScryptParams,
} from './file-key-manager.js';
