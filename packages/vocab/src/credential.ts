/** Builds unsecured vocabulary credentials for an issuer to sign. */
import { TrustBridgeError, VC_V2_CONTEXT } from '@trustbridge/core';
import { VOCAB_CONTEXT_URL, isVocabCredentialType } from './constants.js';
import { credentialSchemaEntry } from './schemas.js';
import type { SubjectByType, VocabCredential } from './types.js';
import { validateCredentialAgainstSchema } from './validate.js';

/** Options of {@link createVocabCredential}. */
export interface CreateVocabCredentialOptions {
  /** The issuer's DID (or an object with `id`). */
  issuer: string | { id: string; name?: string };
  /** `validFrom` (VC Data Model 2.0 §4.9), an XML Schema dateTimeStamp such as `2025-03-01T00:00:00Z`. */
  validFrom?: string;
  validUntil?: string;
  /** The credential's own id (e.g. `urn:uuid:…`). */
  id?: string;
}

/**
 * Wraps a subject into an unsecured VC Data Model 2.0 credential of a vocabulary type, with the
 * vocabulary context and `credentialSchema`, and validates it. Throws `ERR_VOCAB_SCHEMA` (problems in
 * `details.problems`) when it does not match the schema, `ERR_VOCAB_TYPE_UNKNOWN` for another type.
 *
 * @example
 * ```ts
 * const vc = createVocabCredential('PersonIdentityCredential', subject, {
 *   issuer: 'did:web:servicebc.pilot.example',
 *   validFrom: '2025-03-01T00:00:00Z',
 * });
 * ```
 */
export function createVocabCredential<T extends keyof SubjectByType>(
  type: T,
  subject: SubjectByType[T],
  options: CreateVocabCredentialOptions,
): VocabCredential<T> {
  if (!isVocabCredentialType(type)) throw new TrustBridgeError('ERR_VOCAB_TYPE_UNKNOWN', 'Not a vocabulary credential type.');
  const credential = {
    '@context': [VC_V2_CONTEXT, VOCAB_CONTEXT_URL],
    ...(options.id !== undefined ? { id: options.id } : {}),
    type: ['VerifiableCredential', type],
    issuer: structuredClone(options.issuer),
    ...(options.validFrom !== undefined ? { validFrom: options.validFrom } : {}),
    ...(options.validUntil !== undefined ? { validUntil: options.validUntil } : {}),
    credentialSchema: credentialSchemaEntry(type),
    credentialSubject: structuredClone(subject),
  } as unknown as VocabCredential<T>;
  const result = validateCredentialAgainstSchema(credential);
  if (!result.valid) {
    throw new TrustBridgeError('ERR_VOCAB_SCHEMA', 'The credential does not match its schema.', { details: { problems: result.problems } });
  }
  return credential;
}
