/**
 * JSON Schema validation of the vocabulary's credentials, at issuance and at verification.
 *
 * Ajv (draft 2020-12) in strict mode with `allErrors` and the standard formats; the schemas compile
 * once, on first use, into one cached Ajv instance. Failures are results, never exceptions: each
 * problem is `{ code: 'ERR_VOCAB_SCHEMA', message, path }` with `path` the JSON Pointer (RFC 6901) of
 * the offending value (for a missing or unexpected member, the pointer of that member).
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { toArray, type Problem } from '@trustbridge/core';
import { VOCAB_CREDENTIAL_TYPES, isVocabCredentialType, schemaUrl, type VocabCredentialType } from './constants.js';
import { vocabSchemas } from './schemas.js';
import { isPlainObject } from './util.js';
import { claimDefinition } from './claims.js';

/** Options of the validation functions. */
export interface SchemaValidationOptions {
  /**
   * Selective disclosure: a required claim that the SD-JWT VC metadata lets the issuer make
   * selectively disclosable (`sd` is `always` or `allowed`) may be absent because the holder did not
   * disclose it. Claims with `sd: 'never'` stay required. Default `false` (issuance).
   */
  allowUndisclosed?: boolean;
}

/** Problem code of every schema violation. */
export const ERR_VOCAB_SCHEMA = 'ERR_VOCAB_SCHEMA';
/** Problem code when a credential has none of the vocabulary's types. */
export const ERR_VOCAB_TYPE_UNKNOWN = 'ERR_VOCAB_TYPE_UNKNOWN';

/** Outcome of a schema validation. */
export interface SchemaValidationResult {
  /** True when there are no problems. */
  valid: boolean;
  problems: Problem[];
  /** The vocabulary types the document was validated against. */
  types: VocabCredentialType[];
}

// ajv-formats is CommonJS: under Node ESM its default import is `module.exports`, which also carries `.default`.
const addFormats = (addFormatsModule as unknown as { default: typeof addFormatsModule.default }).default;

interface Compiled {
  credential: Map<VocabCredentialType, ValidateFunction>;
  subject: Map<VocabCredentialType, ValidateFunction>;
}
let compiled: Compiled | undefined;

function validators(): Compiled {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, strict: true, validateFormats: true });
  addFormats(ajv, ['date', 'date-time', 'uri']);
  for (const type of VOCAB_CREDENTIAL_TYPES) ajv.addSchema(structuredClone(vocabSchemas[type]) as object);
  const credential = new Map<VocabCredentialType, ValidateFunction>();
  const subject = new Map<VocabCredentialType, ValidateFunction>();
  for (const type of VOCAB_CREDENTIAL_TYPES) {
    credential.set(type, ajv.getSchema(schemaUrl(type))!);
    subject.set(type, ajv.getSchema(`${schemaUrl(type)}#/$defs/subject`)!);
  }
  compiled = { credential, subject };
  return compiled;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function toProblem(error: ErrorObject): Problem {
  let path = error.instancePath;
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required' && typeof params['missingProperty'] === 'string') {
    path += '/' + escapePointer(params['missingProperty']);
  } else if (error.keyword === 'additionalProperties' && typeof params['additionalProperty'] === 'string') {
    path += '/' + escapePointer(params['additionalProperty']);
  }
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'enum' && Array.isArray(params['allowedValues'])) {
    message += `: ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  // Messages name the rule, never echo the value: credentials carry personal information.
  return { code: ERR_VOCAB_SCHEMA, message: `${error.instancePath || '/'} ${message}`, path };
}

function undisclosable(type: VocabCredentialType, error: ErrorObject, subjectPrefix: string): boolean {
  const missing = (error.params as Record<string, unknown>)['missingProperty'];
  if (error.keyword !== 'required' || typeof missing !== 'string') return false;
  const pointer = error.instancePath;
  if (pointer !== subjectPrefix && !pointer.startsWith(subjectPrefix + '/')) return false;
  const segments = pointer
    .slice(subjectPrefix.length)
    .split('/')
    .slice(1)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
  const definition = claimDefinition(type, [...segments, missing]);
  return definition !== undefined && definition.sd !== 'never';
}

function run(
  type: VocabCredentialType,
  validate: ValidateFunction,
  value: unknown,
  subjectPrefix: string,
  options: SchemaValidationOptions,
): Problem[] {
  if (validate(value)) return [];
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const error of validate.errors ?? []) {
    if (options.allowUndisclosed === true && undisclosable(type, error, subjectPrefix)) continue;
    const problem = toProblem(error);
    const key = `${problem.path}\u0000${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(problem);
    }
  }
  return out;
}

/**
 * Validates a credential subject of the given type, e.g. before an issuer wraps it into a credential.
 * Paths are relative to the subject (`/business/status`).
 *
 * @example
 * ```ts
 * const { valid, problems } = validateCredentialSubject('PersonIdentityCredential', { familyName: 'SINGH' });
 * // valid === false; problems[0] → { code: 'ERR_VOCAB_SCHEMA', path: '/birthDate', ... }
 * ```
 */
export function validateCredentialSubject(
  type: VocabCredentialType,
  subject: unknown,
  options: SchemaValidationOptions = {},
): SchemaValidationResult {
  const validate = validators().subject.get(type);
  if (!validate) {
    return { valid: false, types: [], problems: [{ code: ERR_VOCAB_TYPE_UNKNOWN, message: 'Not a vocabulary credential type.', path: '' }] };
  }
  const problems = run(type, validate, subject, '', options);
  return { valid: problems.length === 0, problems, types: [type] };
}

/**
 * Validates a whole credential against the schema of each vocabulary type in its `type`
 * (VC JSON Schema 1.0: the credential is the instance). Paths are from the credential root
 * (`/credentialSubject/business/status`). A credential with none of the four types gives one
 * `ERR_VOCAB_TYPE_UNKNOWN` problem at `/type`.
 *
 * @example
 * ```ts
 * const result = validateCredentialAgainstSchema(credential);
 * if (!result.valid) for (const p of result.problems) console.log(p.path, p.message);
 * ```
 */
export function validateCredentialAgainstSchema(credential: unknown, options: SchemaValidationOptions = {}): SchemaValidationResult {
  if (!isPlainObject(credential)) {
    return { valid: false, types: [], problems: [{ code: ERR_VOCAB_SCHEMA, message: '/ must be object', path: '' }] };
  }
  const types = vocabTypesOf(credential);
  if (types.length === 0) {
    return {
      valid: false,
      types,
      problems: [{ code: ERR_VOCAB_TYPE_UNKNOWN, message: 'The credential has none of the vocabulary types.', path: '/type' }],
    };
  }
  const problems: Problem[] = [];
  for (const type of types) {
    for (const p of run(type, validators().credential.get(type)!, credential, '/credentialSubject', options)) {
      if (!problems.some((q) => q.path === p.path && q.message === p.message)) problems.push(p);
    }
  }
  return { valid: problems.length === 0, problems, types };
}

/** The vocabulary types named in a credential's `type` (in vocabulary order). */
export function vocabTypesOf(credential: { type?: unknown }): VocabCredentialType[] {
  const declared = toArray(credential.type as unknown);
  return VOCAB_CREDENTIAL_TYPES.filter((t) => declared.includes(t)).filter(isVocabCredentialType);
}
