/**
 * The structure check's second half (DESIGN.md "Verification pipeline": data model, then the JSON
 * Schema of the type): a credential in a W3C form (`ldp_vc`, `vc+jwt`) that uses TrustBridge's
 * Canadian vocabulary — its `@context` includes the vocabulary context — is validated against that
 * type's JSON Schema (2020-12) from `@trustbridge/vocab`, at issuance and at verification. SD-JWT VC
 * claims are checked at issuance by the OpenID4VCI issuer (offer time); a verification-side check for
 * SD-JWT VC is not wired yet.
 * Problems carry `ERR_VOCAB_SCHEMA` and the JSON Pointer of the offending value. A credential of the
 * same type *name* under another context (e.g. the W3C examples context) is a different JSON-LD type
 * and is not held to these schemas.
 */
import type { Problem } from '@trustbridge/core';
import { VOCAB_CONTEXT_URL, validateCredentialAgainstSchema } from '@trustbridge/vocab';

function usesVocabulary(credential: Record<string, unknown>): boolean {
  const ctx = credential['@context'];
  return Array.isArray(ctx) ? ctx.includes(VOCAB_CONTEXT_URL) : ctx === VOCAB_CONTEXT_URL;
}

/** Schema problems of a W3C-form credential (JSON-LD or vc+jwt payload); `[]` when it does not use the vocabulary. */
export function vocabSchemaProblems(credential: unknown): Problem[] {
  if (typeof credential !== 'object' || credential === null || Array.isArray(credential)) return [];
  const doc = credential as Record<string, unknown>;
  if (!usesVocabulary(doc)) return [];
  const { proof: _proof, ...unsecured } = doc;
  return validateCredentialAgainstSchema(unsecured).problems;
}
