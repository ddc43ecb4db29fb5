/**
 * Signer and verifier objects (`{ id, algorithm, sign }` / `{ id, algorithm, verify }`), so any key
 * store or HSM can stand in for an in-memory key.
 */
import { TrustBridgeError, type Signer, type Verifier, type VerificationMethod } from '@trustbridge/core';
import { base58 } from '@scure/base';
import { ed25519Sign, ed25519Verify, type Ed25519Implementation } from './ed25519.js';
import { decodeEd25519PublicKeyMultibase } from './multikey.js';
import { ed25519PublicKeyFromJwk } from './jwk.js';

export interface Ed25519SignerOptions {
  /** Verification method id (DID URL) that the signature will name. */
  id: string;
  secretKey: Uint8Array;
  implementation?: Ed25519Implementation;
}

/** An Ed25519 signer; the secret key never leaves the closure and is not enumerable on the object. */
export function createEd25519Signer(options: Ed25519SignerOptions): Signer {
  const { id, implementation = 'node' } = options;
  const secretKey = Uint8Array.from(options.secretKey);
  return Object.freeze({
    id,
    algorithm: 'EdDSA',
    sign: (data: Uint8Array) => ed25519Sign(data, secretKey, implementation),
  });
}

export interface Ed25519VerifierOptions {
  id: string;
  publicKey: Uint8Array;
  implementation?: Ed25519Implementation;
}

export function createEd25519Verifier(options: Ed25519VerifierOptions): Verifier {
  const { id, implementation = 'node' } = options;
  const publicKey = Uint8Array.from(options.publicKey);
  return Object.freeze({
    id,
    algorithm: 'EdDSA',
    verify: (data: Uint8Array, signature: Uint8Array) => ed25519Verify(data, signature, publicKey, implementation),
  });
}

/**
 * Reads the Ed25519 public key of a verification method: `Multikey` and `Ed25519VerificationKey2020`
 * (`publicKeyMultibase`), `Ed25519VerificationKey2018` (`publicKeyBase58`), `JsonWebKey` /
 * `JsonWebKey2020` (`publicKeyJwk`). Throws `ERR_KEY_UNSUPPORTED` for anything else.
 */
export function ed25519PublicKeyFromVerificationMethod(vm: VerificationMethod): Uint8Array {
  switch (vm?.type) {
    case 'Multikey':
    case 'Ed25519VerificationKey2020':
      if (typeof vm.publicKeyMultibase === 'string') return decodeEd25519PublicKeyMultibase(vm.publicKeyMultibase);
      break;
    case 'Ed25519VerificationKey2018':
      if (typeof vm.publicKeyBase58 === 'string') {
        const key = base58.decode(vm.publicKeyBase58);
        if (key.length === 32) return key;
      }
      break;
    case 'JsonWebKey':
    case 'JsonWebKey2020':
      if (vm.publicKeyJwk) return ed25519PublicKeyFromJwk(vm.publicKeyJwk);
      break;
  }
  throw new TrustBridgeError('ERR_KEY_UNSUPPORTED', 'Verification method does not hold a supported Ed25519 public key.', {
    details: { type: String(vm?.type) },
  });
}

/** A verifier for the key in a verification method. */
export function verifierFromVerificationMethod(vm: VerificationMethod, implementation?: Ed25519Implementation): Verifier {
  return createEd25519Verifier({
    id: vm.id,
    publicKey: ed25519PublicKeyFromVerificationMethod(vm),
    ...(implementation ? { implementation } : {}),
  });
}
