/**
 * English and French display of a vocabulary credential: a title and labelled fields, in catalogue
 * order, with enumerated values in words ("Active" / « Active », "Director" / « Administrateur »).
 * Dates stay ISO 8601 (`2021-03-15`), which reads the same in both languages.
 */
import { TrustBridgeError } from '@trustbridge/core';
import type { VocabCredentialType } from './constants.js';
import { claimCatalog, credentialPointer, type ClaimDefinition } from './claims.js';
import { labelOfValue, typeLabels, type DisplayLanguage } from './labels.js';
import { isPlainObject } from './util.js';
import { vocabTypesOf } from './validate.js';

/** One labelled field. */
export interface DisplayField {
  /** JSON Pointer of the value in the credential, e.g. `/credentialSubject/business/status`. */
  path: string;
  label: string;
  /** The value as text in the requested language. */
  value: string;
  /** True when the issuer flagged this value as declared by the holder and not verified. */
  selfAsserted?: boolean;
}

/** A credential ready to show. */
export interface CredentialDisplay {
  type: VocabCredentialType;
  lang: DisplayLanguage;
  title: string;
  description: string;
  fields: DisplayField[];
}

/**
 * Title and labelled fields of a vocabulary credential in English or French. Members the catalogue
 * does not know are left out (show what the vocabulary defines, nothing else). Photos are shown as
 * a placeholder ("[photo]"), never inlined as text.
 *
 * Throws `ERR_VOCAB_TYPE_UNKNOWN` when the credential has no vocabulary type and
 * `ERR_VOCAB_LANGUAGE_UNSUPPORTED` for a language other than `en` / `fr`.
 *
 * @example
 * ```ts
 * const { title, fields } = displayCredential(samples.bcSoleProprietorRepresentative, 'fr');
 * // title: "Représentant d'entreprise"; fields[…]: { label: 'Rôles', value: 'Propriétaire' }
 * ```
 */
export function displayCredential(credential: { type?: unknown; credentialSubject?: unknown }, lang: DisplayLanguage): CredentialDisplay {
  if (lang !== 'en' && lang !== 'fr') {
    throw new TrustBridgeError('ERR_VOCAB_LANGUAGE_UNSUPPORTED', 'Display language must be "en" or "fr".');
  }
  const type = vocabTypesOf(credential)[0];
  if (type === undefined) throw new TrustBridgeError('ERR_VOCAB_TYPE_UNKNOWN', 'The credential has none of the vocabulary types.');
  const subject = isPlainObject(credential.credentialSubject) ? credential.credentialSubject : {};
  const fields: DisplayField[] = [];
  for (const definition of claimCatalog[type]) {
    if (definition.kind === 'object' || definition.path.includes(null) || definition.path.at(-1) === 'type') continue;
    const value = valueAt(subject, definition.path as string[]);
    if (value === undefined || value === null) continue;
    const text = format(definition, value, lang);
    if (text === undefined) continue;
    const field: DisplayField = { path: credentialPointer(definition.path as string[]), label: definition.label[lang], value: text };
    if (isSelfAsserted(subject, definition.path as string[])) field.selfAsserted = true;
    fields.push(field);
  }
  return { type, lang, title: typeLabels[type].name[lang], description: typeLabels[type].description[lang], fields };
}

function valueAt(root: Record<string, unknown>, path: readonly string[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

function isSelfAsserted(subject: Record<string, unknown>, path: readonly string[]): boolean {
  if (path.length !== 2) return false;
  const container = subject[path[0]!];
  if (!isPlainObject(container) || !Array.isArray(container['selfAssertedProperties'])) return false;
  return (container['selfAssertedProperties'] as unknown[]).includes(path[1]);
}

function format(definition: ClaimDefinition, value: unknown, lang: DisplayLanguage): string | undefined {
  const enumeration = definition.enumeration ?? '';
  switch (definition.kind) {
    case 'enum':
    case 'integerEnum':
      return typeof value === 'string' || typeof value === 'number' ? labelOfValue(enumeration, value, lang) : undefined;
    case 'enumList':
      return Array.isArray(value) ? value.map((v) => labelOfValue(enumeration, String(v), lang)).join(', ') : undefined;
    case 'nameList':
      return Array.isArray(value)
        ? value
            .filter(isPlainObject)
            .map((p) => [p['givenName'], p['familyName']].filter((s) => typeof s === 'string').join(' '))
            .join('; ')
        : undefined;
    case 'image':
      return '[photo]';
    default:
      if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').join('; ');
      return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  }
}
