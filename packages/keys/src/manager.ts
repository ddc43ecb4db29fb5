/**
 * Key manager interface. Implementations: {@link MemoryKeyManager} (tests, ephemeral services) and
 * {@link FileKeyManager} (private keys encrypted at rest with a passphrase).
 */
import type { Signer } from '@trustbridge/core';

/** What a key manager tells about a key: never the secret. */
export interface KeyInfo {
  /** Local key id (stable, chosen by the caller or generated). */
  keyId: string;
  type: 'Ed25519';
  publicKeyMultibase: string;
  createdAt: string;
}

export interface KeyManager {
  /** Generates and stores a new key. */
  generate(options?: { keyId?: string }): Promise<KeyInfo>;
  /** Imports an existing secret key (32-byte Ed25519 seed). */
  importKey(secretKey: Uint8Array, options?: { keyId?: string }): Promise<KeyInfo>;
  get(keyId: string): Promise<KeyInfo | undefined>;
  list(): Promise<KeyInfo[]>;
  /** A signer that names `verificationMethodId` and signs with the stored key. */
  signer(keyId: string, verificationMethodId: string): Promise<Signer>;
  delete(keyId: string): Promise<boolean>;
}
