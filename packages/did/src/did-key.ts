/**
 * The `did:key` method (W3C CCG "The did:key Method" v0.7, §3.1 "Read"), for Ed25519 keys.
 *
 * A did:key is `did:key:` + multibase base58-btc of (multicodec header ‖ raw public key). Its DID
 * document is derived from the key alone; nothing is fetched.
 *
 * Error policy (a TrustBridge decision, also in the README):
 * - A malformed identifier (not multibase base58-btc, an unknown multicodec, a wrong key length, a
 *   point that is not on the curve) resolves to `invalidDid` with code `ERR_DID_KEY_INVALID`
 *   (did:key §3.1.3 steps 1–5 name these `invalidDid`, `invalidPublicKeyLength`, `invalidPublicKey`).
 * - A well-formed did:key for a key type this implementation does not handle (P-256, P-384, P-521,
 *   secp256k1, X25519, RSA, BLS) resolves to `representationNotSupported` with code
 *   `ERR_DID_KEY_UNSUPPORTED_KEY_TYPE`: the DID is valid, this resolver just cannot produce its document.
 */
import { TrustBridgeError, SpecErrors, base64urlEncode, type DidDocument, type VerificationMethod } from '@trustbridge/core';
import {
  base58btcMultibaseDecode,
  encodeEd25519PublicKeyMultibase,
  ed25519PublicKeyToJwk,
  ed25519PublicKeyToX25519,
  encodeX25519PublicKeyMultibase,
} from '@trustbridge/keys';
import { base58btcEncode } from './base58.js';
import { parseDid } from './parse.js';

/** Verification method formats a did:key document can use (did:key §3.1.2 `publicKeyFormat`). */
export type DidKeyPublicKeyFormat = 'Multikey' | 'Ed25519VerificationKey2020' | 'Ed25519VerificationKey2018' | 'JsonWebKey2020';

/** Options of the did:key document creation algorithm (did:key §3.1.2). */
export interface CreateDidKeyDocumentOptions {
  /** Default `Multikey`. */
  publicKeyFormat?: DidKeyPublicKeyFormat;
  /** Adds the X25519 key derived from the Ed25519 key under `keyAgreement` (did:key §3.1.5). Default false. */
  enableEncryptionKeyDerivation?: boolean;
}

const DID_V1 = 'https://www.w3.org/ns/did/v1';
const CONTEXTS: Record<DidKeyPublicKeyFormat, { signature: string; encryption: string | undefined }> = {
  Multikey: { signature: 'https://w3id.org/security/multikey/v1', encryption: undefined },
  Ed25519VerificationKey2020: {
    signature: 'https://w3id.org/security/suites/ed25519-2020/v1',
    encryption: 'https://w3id.org/security/suites/x25519-2020/v1',
  },
  Ed25519VerificationKey2018: {
    signature: 'https://w3id.org/security/suites/ed25519-2018/v1',
    encryption: 'https://w3id.org/security/suites/x25519-2019/v1',
  },
  JsonWebKey2020: { signature: 'https://w3id.org/security/suites/jws-2020/v1', encryption: undefined },
};

// Multicodec codes of public keys (multiformats table) that are valid in did:key but not supported here.
const KNOWN_UNSUPPORTED: Record<number, string> = {
  0xe7: 'secp256k1-pub',
  0xec: 'x25519-pub',
  0xeb: 'bls12_381-g2-pub',
  0x1200: 'p256-pub',
  0x1201: 'p384-pub',
  0x1202: 'p521-pub',
  0x1205: 'rsa-pub',
};
const ED25519_PUB = 0xed;

/**
 * The did:key of an Ed25519 public key (`did:key:z6Mk...`).
 *
 * @example
 * ```ts
 * const did = didKeyFromEd25519PublicKey(publicKey); // 'did:key:z6Mk...'
 * ```
 */
export function didKeyFromEd25519PublicKey(publicKey: Uint8Array): string {
  return `did:key:${encodeEd25519PublicKeyMultibase(publicKey)}`;
}

/** Reads an unsigned varint (multiformats unsigned-varint, at most 3 bytes for key codecs). */
function readVarint(bytes: Uint8Array): { value: number; length: number } | undefined {
  let value = 0;
  for (let i = 0; i < 3 && i < bytes.length; i++) {
    const b = bytes[i]!;
    value |= (b & 0x7f) << (7 * i);
    if ((b & 0x80) === 0) return { value, length: i + 1 };
  }
  return undefined;
}

function invalid(message: string): TrustBridgeError {
  return new TrustBridgeError('ERR_DID_KEY_INVALID', message, { specCode: SpecErrors.DID_INVALID });
}

/**
 * Decodes the Ed25519 public key of a did:key, validating it as did:key §3.1.3 requires.
 * Throws `ERR_DID_KEY_INVALID` (`invalidDid`) or `ERR_DID_KEY_UNSUPPORTED_KEY_TYPE`
 * (`representationNotSupported`).
 */
export function ed25519PublicKeyFromDidKey(did: string): Uint8Array {
  let parsed;
  try {
    parsed = parseDid(did);
  } catch {
    throw invalid('Not a valid did:key.');
  }
  if (parsed.method !== 'key') throw invalid('Not a did:key.');
  // did:key §3.1.3 step 1: the identifier MUST be multibase base58-btc (prefix "z").
  if (!parsed.id.startsWith('z')) throw invalid('did:key identifier must be multibase base58-btc.');
  let bytes: Uint8Array;
  try {
    bytes = base58btcMultibaseDecode(parsed.id);
  } catch {
    throw invalid('did:key identifier is not valid base58-btc.');
  }
  const codec = readVarint(bytes);
  if (!codec) throw invalid('did:key identifier has no multicodec header.');
  if (codec.value !== ED25519_PUB) {
    const name = KNOWN_UNSUPPORTED[codec.value];
    if (name) {
      throw new TrustBridgeError('ERR_DID_KEY_UNSUPPORTED_KEY_TYPE', `did:key key type ${name} is not supported; only Ed25519 is.`, {
        specCode: SpecErrors.DID_REPRESENTATION_NOT_SUPPORTED,
        details: { keyType: name },
      });
    }
    throw invalid('did:key identifier has an unknown multicodec key type.');
  }
  const publicKey = bytes.slice(codec.length);
  // §3.1.3 step 4 (invalidPublicKeyLength).
  if (publicKey.length !== 32) throw invalid('did:key Ed25519 public key must be 32 bytes.');
  // §3.1.3 step 5 (invalidPublicKey): the bytes must be a valid curve point. The X25519 conversion
  // decodes and validates the point (and rejects small-order points, which no honest key has).
  try {
    ed25519PublicKeyToX25519(publicKey);
  } catch {
    throw invalid('did:key Ed25519 public key is not a valid curve point.');
  }
  return publicKey;
}

function signatureMethod(did: string, fingerprint: string, publicKey: Uint8Array, format: DidKeyPublicKeyFormat): VerificationMethod {
  const base = { id: `${did}#${fingerprint}`, type: format, controller: did };
  switch (format) {
    case 'Multikey':
    case 'Ed25519VerificationKey2020':
      return { ...base, publicKeyMultibase: fingerprint };
    case 'Ed25519VerificationKey2018':
      return { ...base, publicKeyBase58: base58btcEncode(publicKey) };
    case 'JsonWebKey2020':
      return { ...base, publicKeyJwk: ed25519PublicKeyToJwk(publicKey) };
  }
}

function encryptionMethod(did: string, publicKey: Uint8Array, format: DidKeyPublicKeyFormat): VerificationMethod {
  const x25519 = ed25519PublicKeyToX25519(publicKey);
  const fingerprint = encodeX25519PublicKeyMultibase(x25519);
  const id = `${did}#${fingerprint}`;
  switch (format) {
    case 'Multikey':
      return { id, type: 'Multikey', controller: did, publicKeyMultibase: fingerprint };
    case 'Ed25519VerificationKey2020':
      return { id, type: 'X25519KeyAgreementKey2020', controller: did, publicKeyMultibase: fingerprint };
    case 'Ed25519VerificationKey2018':
      return { id, type: 'X25519KeyAgreementKey2019', controller: did, publicKeyBase58: base58btcEncode(x25519) };
    case 'JsonWebKey2020':
      return { id, type: 'JsonWebKey2020', controller: did, publicKeyJwk: { kty: 'OKP', crv: 'X25519', x: base64urlEncode(x25519) } };
  }
}

/**
 * Builds the DID document of an Ed25519 did:key (did:key §3.1.2 "Document Creation Algorithm").
 *
 * The key is listed under `assertionMethod`, `authentication`, `capabilityInvocation` and
 * `capabilityDelegation`; with `enableEncryptionKeyDerivation` the derived X25519 key is added under
 * `keyAgreement`. Throws `ERR_DID_KEY_INVALID`, `ERR_DID_KEY_UNSUPPORTED_KEY_TYPE` or, for an unknown
 * `publicKeyFormat`, `ERR_DID_KEY_UNSUPPORTED_FORMAT` (`representationNotSupported`).
 *
 * @example
 * ```ts
 * const doc = createDidKeyDocument('did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp');
 * doc.assertionMethod; // ['did:key:z6Mk...#z6Mk...']
 * ```
 */
export function createDidKeyDocument(did: string, options: CreateDidKeyDocumentOptions = {}): DidDocument {
  const format = options.publicKeyFormat ?? 'Multikey';
  const contexts = CONTEXTS[format];
  if (!Object.hasOwn(CONTEXTS, format) || !contexts) {
    throw new TrustBridgeError('ERR_DID_KEY_UNSUPPORTED_FORMAT', 'Unsupported did:key publicKeyFormat.', {
      specCode: SpecErrors.DID_REPRESENTATION_NOT_SUPPORTED,
    });
  }
  const publicKey = ed25519PublicKeyFromDidKey(did);
  const fingerprint = did.slice('did:key:'.length);
  const vm = signatureMethod(did, fingerprint, publicKey, format);
  const context = [DID_V1, contexts.signature];
  const verificationMethod = [vm];
  const enc = options.enableEncryptionKeyDerivation === true ? encryptionMethod(did, publicKey, format) : undefined;
  if (enc) {
    verificationMethod.push(enc);
    if (contexts.encryption) context.push(contexts.encryption);
  }
  return {
    '@context': context,
    id: did,
    verificationMethod,
    assertionMethod: [vm.id],
    authentication: [vm.id],
    capabilityInvocation: [vm.id],
    capabilityDelegation: [vm.id],
    ...(enc ? { keyAgreement: [enc.id] } : {}),
  };
}
