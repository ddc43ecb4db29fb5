/**
 * Plain-JSON types for the documents TrustBridge handles: W3C VC Data Model 2.0 (and 1.1),
 * Data Integrity proofs, DID documents (DID Core 1.0, Controlled Identifiers 1.0), JWK (RFC 7517).
 * Documents are plain objects typed by these interfaces; nothing here has behaviour.
 */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type JsonLdContextEntry = string | Record<string, unknown>;
export type JsonLdContext = JsonLdContextEntry | JsonLdContextEntry[];

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';

/** A Data Integrity proof (VC Data Integrity 1.0 §2.1). */
export interface DataIntegrityProof {
  id?: string;
  type: string;
  cryptosuite?: string;
  proofPurpose: string;
  verificationMethod: string;
  created?: string;
  expires?: string;
  domain?: string | string[];
  challenge?: string;
  nonce?: string;
  previousProof?: string | string[];
  proofValue?: string;
  '@context'?: JsonLdContext;
  [key: string]: unknown;
}

export interface IssuerObject {
  id: string;
  name?: unknown;
  description?: unknown;
  [key: string]: unknown;
}

export interface TypedObject {
  id?: string;
  type: string | string[];
  [key: string]: unknown;
}

/** A credential before it is secured (VC Data Model 2.0 §4). */
export interface Credential {
  '@context': JsonLdContext;
  id?: string;
  type: string | string[];
  issuer: string | IssuerObject;
  name?: unknown;
  description?: unknown;
  validFrom?: string;
  validUntil?: string;
  /** VC 1.1 */
  issuanceDate?: string;
  /** VC 1.1 */
  expirationDate?: string;
  credentialSubject: Record<string, unknown> | Array<Record<string, unknown>>;
  credentialStatus?: TypedObject | TypedObject[];
  credentialSchema?: TypedObject | TypedObject[];
  refreshService?: TypedObject | TypedObject[];
  termsOfUse?: TypedObject | TypedObject[];
  evidence?: TypedObject | TypedObject[];
  relatedResource?: Array<{ id: string; digestSRI?: string; digestMultibase?: string; mediaType?: string }>;
  [key: string]: unknown;
}

/** A credential secured with one or more embedded Data Integrity proofs. */
export interface VerifiableCredential extends Credential {
  proof: DataIntegrityProof | DataIntegrityProof[];
}

export interface Presentation {
  '@context': JsonLdContext;
  id?: string;
  type: string | string[];
  holder?: string | { id: string; [key: string]: unknown };
  verifiableCredential?: unknown | unknown[];
  [key: string]: unknown;
}

export interface VerifiablePresentation extends Presentation {
  proof: DataIntegrityProof | DataIntegrityProof[];
}

/** JSON Web Key (RFC 7517), OKP for Ed25519 (RFC 8037). */
export interface JsonWebKey {
  kty: string;
  crv?: string;
  x?: string;
  y?: string;
  d?: string;
  kid?: string;
  alg?: string;
  use?: string;
  key_ops?: string[];
  [key: string]: unknown;
}

/** A verification method (DID Core 1.0 §5.2; Multikey and JsonWebKey per Controlled Identifiers 1.0). */
export interface VerificationMethod {
  id: string;
  type: string;
  controller: string;
  publicKeyMultibase?: string;
  publicKeyJwk?: JsonWebKey;
  [key: string]: unknown;
}

export type VerificationRelationship =
  | 'authentication'
  | 'assertionMethod'
  | 'keyAgreement'
  | 'capabilityInvocation'
  | 'capabilityDelegation';

export interface DidDocument {
  '@context'?: JsonLdContext;
  id: string;
  controller?: string | string[];
  alsoKnownAs?: string[];
  verificationMethod?: VerificationMethod[];
  authentication?: Array<string | VerificationMethod>;
  assertionMethod?: Array<string | VerificationMethod>;
  keyAgreement?: Array<string | VerificationMethod>;
  capabilityInvocation?: Array<string | VerificationMethod>;
  capabilityDelegation?: Array<string | VerificationMethod>;
  service?: Array<{ id: string; type: string | string[]; serviceEndpoint: unknown }>;
  [key: string]: unknown;
}
