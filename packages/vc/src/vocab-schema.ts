/**
 * The structure check's second half (DESIGN.md "Verification pipeline": data model, then the JSON
 * Schema of the type): a credential that uses TrustBridge's Canadian vocabulary — a W3C form (`ldp_vc`,
 * `vc+jwt`) whose `@context` includes the vocabulary context, or an SD-JWT VC whose `vct` is a vocabulary
 * `vct` — is validated against that type's JSON Schema (2020-12) from `@trustbridge/vocab`. W3C forms
 * are checked at issuance and verification; SD-JWT VC claims at verification (mapped back with
 * `fromSdJwtClaims`, undisclosed claims tolerated where the type metadata allows) and at issuance by the
 * OpenID4VCI issuer (offer time).
 * Problems carry `ERR_VOCAB_SCHEMA` and the JSON Pointer of the offending value. A credential of the
 * same type *name* under another context (e.g. the W3C examples context) is a different JSON-LD type
 * and is not held to these schemas.
 */
import type { Problem } from '@trustbridge/core';
import { VOCAB_CONTEXT_URL, fromSdJwtClaims, typeForVct, validateCredentialAgainstSchema } from '@trustbridge/vocab';

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

/**
 * Schema problems of disclosed SD-JWT VC claims whose `vct` is a vocabulary `vct`: claims the holder did
 * not disclose may be absent where the type metadata makes them selectively disclosable.
 */
export function vocabSdJwtSchemaProblems(claims: Record<string, unknown> | undefined): Problem[] {
  const vct = claims?.['vct'];
  if (typeof vct !== 'string' || typeForVct(vct) === undefined) return [];
  let credential: unknown;
  try {
    credential = fromSdJwtClaims(claims!);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return [{ code: typeof code === 'string' ? code : 'ERR_VOCAB_CLAIMS_INVALID', message: 'The claims do not map onto the vocabulary type.', path: '' }];
  }
  return validateCredentialAgainstSchema(credential, { allowUndisclosed: true }).problems;
}
