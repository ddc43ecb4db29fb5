/**
 * SD-JWT VC form of the vocabulary: type metadata (SD-JWT VC, draft-ietf-oauth-sd-jwt-vc §6
 * "SD-JWT VC Type Metadata") and the mapping between a W3C credential and SD-JWT VC claims.
 *
 * Mapping (documented in docs/vocabulary.md):
 * - `credentialSubject` members become top-level claims; `credentialSubject.id` → `sub`;
 *   a top-level `status` (the business status) → `businessStatus`, because SD-JWT VC reserves
 *   `status` for the status list reference.
 * - `issuer` → `iss` (its `id` when it is an object), `validFrom` → `nbf`, `validUntil` → `exp`
 *   (NumericDate, whole seconds), `id` → `jti`, the type → `vct`.
 * - `@context`, `type` and `credentialSchema` are implied by `vct` and rebuilt from it.
 * - Not mapped (the JOSE package owns them): `proof`, `credentialStatus` (→ `status`), `cnf`.
 */
import { TrustBridgeError, VC_V2_CONTEXT, isObject } from '@trustbridge/core';
import { VOCAB_CONTEXT_URL, VOCAB_CREDENTIAL_TYPES, vctOf, type VocabCredentialType } from './constants.js';
import { TOP_LEVEL_RENAMES, claimCatalog, sdJwtClaimPath, type SelectiveDisclosure } from './claims.js';
import { typeLabels } from './labels.js';
import { credentialSchemaEntry } from './schemas.js';
import type { VocabCredential } from './types.js';
import { validateCredentialAgainstSchema, vocabTypesOf } from './validate.js';
import { deepFreeze } from './util.js';

/** Locales of the display entries: Canadian English and Canadian French (BCP 47). */
export const METADATA_LOCALES = { en: 'en-CA', fr: 'fr-CA' } as const;

/**
 * One display entry. Drafts up to -08 name the language `lang`; later drafts name it `locale`. Both
 * carry the same BCP 47 tag so wallets built on either read it.
 */
export interface TypeMetadataDisplay {
  lang: string;
  locale: string;
  name: string;
  description?: string;
}

/** Claim display entry (label in one language). */
export interface ClaimMetadataDisplay {
  lang: string;
  locale: string;
  label: string;
}

/** Claim metadata (SD-JWT VC §6 "Claim Metadata"). */
export interface ClaimMetadata {
  path: (string | null)[];
  display: ClaimMetadataDisplay[];
  sd: SelectiveDisclosure;
}

/** SD-JWT VC type metadata document. */
export interface TypeMetadata {
  vct: string;
  name: string;
  description: string;
  display: TypeMetadataDisplay[];
  claims: ClaimMetadata[];
}

function buildTypeMetadata(type: VocabCredentialType): TypeMetadata {
  const { name, description } = typeLabels[type];
  return {
    vct: vctOf(type),
    name: name.en,
    description: description.en,
    display: (['en', 'fr'] as const).map((l) => ({
      lang: METADATA_LOCALES[l],
      locale: METADATA_LOCALES[l],
      name: name[l],
      description: description[l],
    })),
    claims: claimCatalog[type].map((d) => ({
      path: sdJwtClaimPath(d.path),
      display: (['en', 'fr'] as const).map((l) => ({ lang: METADATA_LOCALES[l], locale: METADATA_LOCALES[l], label: d.label[l] })),
      sd: d.sd,
    })),
  };
}

/** SD-JWT VC type metadata of each type, keyed by type name. Deeply frozen. */
export const typeMetadata: Readonly<Record<VocabCredentialType, TypeMetadata>> = Object.freeze(
  Object.fromEntries(VOCAB_CREDENTIAL_TYPES.map((t) => [t, deepFreeze(buildTypeMetadata(t))])) as Record<VocabCredentialType, TypeMetadata>,
);

/** The type metadata whose `vct` is `vct`, or `undefined`. */
export function typeMetadataForVct(vct: string): TypeMetadata | undefined {
  const type = typeForVct(vct);
  return type === undefined ? undefined : typeMetadata[type];
}

/** The vocabulary type of a `vct`, or `undefined`. */
export function typeForVct(vct: string): VocabCredentialType | undefined {
  return VOCAB_CREDENTIAL_TYPES.find((t) => vctOf(t) === vct);
}

/** SD-JWT VC payload claims of a vocabulary credential (before selective disclosure is applied). */
export type SdJwtVcClaims = { vct: string; iss: string; [claim: string]: unknown };

/** Claims of the SD-JWT VC payload that are not subject claims. */
const ENVELOPE_CLAIMS = new Set(['vct', 'vct#integrity', 'iss', 'sub', 'nbf', 'exp', 'iat', 'jti', 'cnf', 'status', 'aud', '_sd', '_sd_alg']);
const SUBJECT_NAMES = Object.fromEntries(Object.entries(TOP_LEVEL_RENAMES).map(([k, v]) => [v, k]));

function toNumericDate(value: unknown, member: string): number {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new TrustBridgeError('ERR_VOCAB_CLAIMS_INVALID', `${member} is not a date-time.`, { details: { member } });
  }
  return Math.floor(ms / 1000);
}

function fromNumericDate(value: unknown, claim: string): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TrustBridgeError('ERR_VOCAB_CLAIMS_INVALID', `${claim} is not a NumericDate.`, { details: { claim } });
  }
  return new Date(Math.floor(value) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Maps a vocabulary credential to SD-JWT VC payload claims. The credential must validate against its
 * type's schema (issuance-time use): otherwise throws `ERR_VOCAB_SCHEMA` with the problems in
 * `details.problems`. Throws `ERR_VOCAB_TYPE_UNKNOWN` when it has no vocabulary type and
 * `ERR_VOCAB_TYPE_AMBIGUOUS` when it has more than one.
 *
 * @example
 * ```ts
 * const claims = toSdJwtClaims(samples.bcSoleProprietorRegistration);
 * claims.businessStatus; // 'ACTIVE'
 * ```
 */
export function toSdJwtClaims(credential: VocabCredential): SdJwtVcClaims {
  const type = singleType(credential);
  const validation = validateCredentialAgainstSchema(credential);
  if (!validation.valid) {
    throw new TrustBridgeError('ERR_VOCAB_SCHEMA', 'The credential does not match its schema.', {
      details: { problems: validation.problems },
    });
  }
  const issuer = typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id;
  const claims: SdJwtVcClaims = { vct: vctOf(type), iss: issuer };
  if (typeof credential.id === 'string') claims['jti'] = credential.id;
  if (credential.validFrom !== undefined) claims['nbf'] = toNumericDate(credential.validFrom, 'validFrom');
  if (credential.validUntil !== undefined) claims['exp'] = toNumericDate(credential.validUntil, 'validUntil');
  for (const [name, value] of Object.entries(credential.credentialSubject as unknown as Record<string, unknown>)) {
    claims[TOP_LEVEL_RENAMES[name] ?? name] = structuredClone(value);
  }
  return claims;
}

/**
 * Rebuilds the W3C form of a vocabulary credential from (disclosed) SD-JWT VC claims: the inverse of
 * {@link toSdJwtClaims}. Envelope claims it does not map (`iat`, `cnf`, `status`, `aud`, `_sd`…) are
 * dropped. It does not validate: pass the result to `validateCredentialAgainstSchema` (with
 * `allowUndisclosed` when claims were selectively disclosed). Throws `ERR_VOCAB_VCT_UNKNOWN` for a
 * `vct` outside the vocabulary and `ERR_VOCAB_CLAIMS_INVALID` for malformed envelope claims.
 *
 * @example
 * ```ts
 * const credential = fromSdJwtClaims(disclosedClaims);
 * credential.credentialSubject.status; // from `businessStatus`
 * ```
 */
export function fromSdJwtClaims(claims: Record<string, unknown>): VocabCredential {
  if (!isObject(claims)) throw new TrustBridgeError('ERR_VOCAB_CLAIMS_INVALID', 'Claims must be an object.');
  const vct = claims['vct'];
  const type = typeof vct === 'string' ? typeForVct(vct) : undefined;
  if (type === undefined) {
    throw new TrustBridgeError('ERR_VOCAB_VCT_UNKNOWN', 'The vct is not a TrustBridge vocabulary type.', {
      details: { vct: typeof vct === 'string' ? vct.slice(0, 200) : typeof vct },
    });
  }
  const iss = claims['iss'];
  if (typeof iss !== 'string' || iss.length === 0) {
    throw new TrustBridgeError('ERR_VOCAB_CLAIMS_INVALID', 'iss must be a string.', { details: { claim: 'iss' } });
  }
  const subject: Record<string, unknown> = {};
  if (claims['sub'] !== undefined) subject['id'] = claims['sub'];
  for (const [name, value] of Object.entries(claims)) {
    if (ENVELOPE_CLAIMS.has(name)) continue;
    subject[SUBJECT_NAMES[name] ?? name] = structuredClone(value);
  }
  const credential: Record<string, unknown> = {
    '@context': [VC_V2_CONTEXT, VOCAB_CONTEXT_URL],
    ...(typeof claims['jti'] === 'string' ? { id: claims['jti'] } : {}),
    type: ['VerifiableCredential', type],
    issuer: iss,
    ...(claims['nbf'] !== undefined ? { validFrom: fromNumericDate(claims['nbf'], 'nbf') } : {}),
    ...(claims['exp'] !== undefined ? { validUntil: fromNumericDate(claims['exp'], 'exp') } : {}),
    credentialSchema: credentialSchemaEntry(type),
    credentialSubject: orderLike(subject, type),
  };
  return credential as unknown as VocabCredential;
}

/** Puts subject members in catalogue order so round trips compare equal member by member. */
function orderLike(subject: Record<string, unknown>, type: VocabCredentialType): Record<string, unknown> {
  const order = claimCatalog[type].filter((d) => d.path.length === 1).map((d) => d.path[0] as string);
  const out: Record<string, unknown> = {};
  for (const k of order) if (k in subject) out[k] = subject[k];
  for (const k of Object.keys(subject)) if (!(k in out)) out[k] = subject[k];
  return out;
}

function singleType(credential: { type?: unknown }): VocabCredentialType {
  const types = vocabTypesOf(credential);
  if (types.length === 0) throw new TrustBridgeError('ERR_VOCAB_TYPE_UNKNOWN', 'The credential has none of the vocabulary types.');
  if (types.length > 1) {
    throw new TrustBridgeError('ERR_VOCAB_TYPE_AMBIGUOUS', 'The credential has more than one vocabulary type.', { details: { types } });
  }
  return types[0]!;
}

