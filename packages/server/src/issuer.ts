/**
 * The service issuer: a DID (did:key or did:web) with one Ed25519 assertion key, from a key manager
 * (for example an encrypted FileKeyManager) or generated fresh in memory.
 */
import { TrustBridgeError, type DidDocument, type VerificationMethod } from '@trustbridge/core';
import {
  createEd25519Signer,
  decodeEd25519PublicKeyMultibase,
  encodeEd25519PublicKeyMultibase,
  generateEd25519KeyPair,
  type KeyManager,
} from '@trustbridge/keys';
import { createDidKeyDocument, createDidWebDocument, didKeyFromEd25519PublicKey, didWebFromUrl } from '@trustbridge/did';
import type { ServiceIssuer } from './vc-api.js';

/** Options of {@link createServiceIssuer}. */
export interface CreateServiceIssuerOptions {
  /** DID method. Default `key`. */
  method?: 'key' | 'web';
  /** The did:web identifier; or derive it from `publicBaseUrl`. */
  did?: string;
  /** Public base URL of the service, e.g. `https://issuer.example.ca` → `did:web:issuer.example.ca`. */
  publicBaseUrl?: string;
  /** Where the key lives. Without it, a fresh key is generated in memory (lost at exit). */
  keyManager?: KeyManager;
  /** Key id in `keyManager`; created when missing. Default `issuer`. */
  keyId?: string;
  /** A fixed 32-byte Ed25519 seed (tests and demos). Ignored when `keyManager` is given. */
  seed?: Uint8Array;
}

/** A {@link ServiceIssuer} plus its public key, as `publicKeyMultibase`. */
export interface CreatedServiceIssuer extends ServiceIssuer {
  publicKeyMultibase: string;
  didDocument: DidDocument;
}

function firstAssertionMethodId(document: DidDocument): string {
  const first = document.assertionMethod?.[0];
  const id = typeof first === 'string' ? first : (first as VerificationMethod | undefined)?.id;
  if (!id) throw new TrustBridgeError('ERR_ISSUER_KEY', 'The issuer DID document has no assertion method.');
  return id.startsWith('#') ? document.id + id : id;
}

/** Creates the service's issuer identity. Throws `ERR_CONFIG_INVALID` when a did:web issuer has no identifier. */
export async function createServiceIssuer(options: CreateServiceIssuerOptions = {}): Promise<CreatedServiceIssuer> {
  const method = options.method ?? 'key';
  let publicKeyMultibase: string;
  let makeSigner: (verificationMethodId: string) => Promise<ServiceIssuer['signer']>;
  if (options.keyManager) {
    const keyManager = options.keyManager;
    const keyId = options.keyId ?? 'issuer';
    const info = (await keyManager.get(keyId)) ?? (await keyManager.generate({ keyId }));
    publicKeyMultibase = info.publicKeyMultibase;
    makeSigner = (vm) => keyManager.signer(keyId, vm);
  } else {
    const pair = generateEd25519KeyPair(options.seed);
    publicKeyMultibase = encodeEd25519PublicKeyMultibase(pair.publicKey);
    makeSigner = async (vm) => createEd25519Signer({ id: vm, secretKey: pair.secretKey! });
  }

  let didDocument: DidDocument;
  if (method === 'key') {
    didDocument = createDidKeyDocument(didKeyFromEd25519PublicKey(decodeEd25519PublicKeyMultibase(publicKeyMultibase)));
  } else {
    const did = options.did ?? (options.publicBaseUrl !== undefined ? didWebFromUrl(options.publicBaseUrl) : undefined);
    if (did === undefined) throw new TrustBridgeError('ERR_CONFIG_INVALID', 'A did:web issuer needs a DID or a public base URL.');
    didDocument = createDidWebDocument({ did, keys: [{ publicKeyMultibase, id: 'key-1' }] });
  }
  const signer = await makeSigner(firstAssertionMethodId(didDocument));
  return { id: didDocument.id, signer, publicKeyMultibase, didDocument };
}
