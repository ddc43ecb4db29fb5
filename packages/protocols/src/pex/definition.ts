/**
 * DIF Presentation Exchange 2.0 — the supported subset of `presentation_definition` (§5) and its
 * evaluation against credentials (§8). See the package README for exactly what is supported.
 */
import { isObject, parseJson } from '@trustbridge/core';
import { PexErrorCodes, pexError } from './errors.js';
import { evaluateJsonPath, parseJsonPath, type JsonPathSegment } from './jsonpath.js';

/** The JSON Schema subset accepted in a field `filter`: `type`, `const`, `enum`, `pattern`, `contains`. */
export interface PexFilter {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'null';
  const?: unknown;
  enum?: unknown[];
  pattern?: string;
  contains?: PexFilter;
}

/** A field constraint (§5.1.1.1). */
export interface PexField {
  id?: string;
  name?: string;
  purpose?: string;
  /** JSONPath expressions, tried in order; the first that selects a value passing `filter` wins. */
  path: string[];
  filter?: PexFilter;
  optional?: boolean;
}

/** An input descriptor (§5.1). */
export interface PexInputDescriptor {
  id: string;
  name?: string;
  purpose?: string;
  /** Claim format designations (§5.3): the keys name the accepted credential formats. */
  format?: Record<string, unknown>;
  constraints: { limit_disclosure?: 'required' | 'preferred'; fields?: PexField[] };
}

/** A presentation definition (§5). */
export interface PresentationDefinition {
  id: string;
  name?: string;
  purpose?: string;
  format?: Record<string, unknown>;
  input_descriptors: PexInputDescriptor[];
}

/** Bounds on a definition. */
export const PEX_LIMITS = { maxBytes: 64 * 1024, maxDescriptors: 32, maxFields: 32, maxPaths: 8, maxPatternLength: 256 } as const;

const ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']);
const FILTER_KEYS = new Set(['type', 'const', 'enum', 'pattern', 'contains']);

function bad(message: string, details?: Record<string, unknown>): never {
  throw pexError(PexErrorCodes.INVALID_DEFINITION, message, details);
}

function optString(v: unknown, name: string): void {
  if (v !== undefined && (typeof v !== 'string' || v.length > 1024)) bad(`${name} must be a string.`);
}

function checkFormat(v: unknown, where: string): void {
  if (v === undefined) return;
  if (!isObject(v) || Object.keys(v).length === 0 || Object.keys(v).length > 16) bad(`${where}.format must be a non-empty object of format designations.`);
}

function checkFilter(f: unknown, depth = 0): PexFilter {
  if (!isObject(f) || depth > 4) bad('filter must be a JSON Schema object of the supported subset.');
  for (const k of Object.keys(f)) if (!FILTER_KEYS.has(k)) bad(`filter keyword ${k} is not supported (type, const, enum, pattern, contains).`, { keyword: k });
  if (f.type !== undefined && (typeof f.type !== 'string' || !TYPES.has(f.type))) bad('filter.type must be one JSON Schema type name.');
  if (f.enum !== undefined && (!Array.isArray(f.enum) || f.enum.length === 0 || f.enum.length > 64)) bad('filter.enum must be a non-empty array.');
  if (f.pattern !== undefined) {
    if (typeof f.pattern !== 'string' || f.pattern.length > PEX_LIMITS.maxPatternLength) bad('filter.pattern must be a string of at most 256 characters.');
    try {
      new RegExp(f.pattern, 'u');
    } catch {
      bad('filter.pattern is not a valid regular expression.');
    }
  }
  if (f.contains !== undefined) checkFilter(f.contains, depth + 1);
  return f as PexFilter;
}

/**
 * Validates a presentation definition (a JSON object or its JSON text). Throws `ERR_PEX_INVALID_DEFINITION`
 * for anything malformed or outside the supported subset (`submission_requirements`, `frame`, `group`,
 * JSONPath filters or descendants, unknown filter keywords, ...).
 */
export function parsePresentationDefinition(input: unknown): PresentationDefinition {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = parseJson(input, { maxBytes: PEX_LIMITS.maxBytes, maxDepth: 32 });
    } catch {
      bad('presentation_definition is not valid JSON or is too large.');
    }
  } else {
    let text: string;
    try {
      text = JSON.stringify(input ?? null) ?? '';
    } catch {
      bad('presentation_definition is not JSON (cyclic or not serialisable).');
    }
    if (Buffer.byteLength(text, 'utf8') > PEX_LIMITS.maxBytes) bad('presentation_definition is too large.');
  }
  if (!isObject(value)) bad('presentation_definition must be a JSON object.');
  if (typeof value.id !== 'string' || !ID.test(value.id)) bad('presentation_definition.id is required (1–128 of A-Z a-z 0-9 _ . : -).');
  for (const unsupported of ['submission_requirements', 'frame']) {
    if (value[unsupported] !== undefined) bad(`presentation_definition.${unsupported} is not supported.`, { feature: unsupported });
  }
  optString(value.name, 'name');
  optString(value.purpose, 'purpose');
  checkFormat(value.format, 'presentation_definition');
  const list = value.input_descriptors;
  if (!Array.isArray(list) || list.length === 0 || list.length > PEX_LIMITS.maxDescriptors) bad('input_descriptors must be a non-empty array (at most 32).');
  const ids = new Set<string>();
  for (const d of list) {
    if (!isObject(d) || typeof d.id !== 'string' || !ID.test(d.id)) bad('Each input descriptor needs an id.');
    if (ids.has(d.id)) bad('Input descriptor ids must be unique.', { id: d.id });
    ids.add(d.id);
    if (d.group !== undefined) bad('input_descriptors[].group is not supported (no submission_requirements).', { id: d.id });
    optString(d.name, 'name');
    optString(d.purpose, 'purpose');
    checkFormat(d.format, `input_descriptors[${d.id}]`);
    const c = d.constraints;
    if (!isObject(c)) bad('Each input descriptor needs constraints.', { id: d.id });
    for (const k of Object.keys(c)) if (k !== 'fields' && k !== 'limit_disclosure') bad(`constraints.${k} is not supported.`, { id: d.id, feature: k });
    if (c.limit_disclosure !== undefined && c.limit_disclosure !== 'required' && c.limit_disclosure !== 'preferred') bad('limit_disclosure must be required or preferred.', { id: d.id });
    if (c.fields !== undefined) {
      if (!Array.isArray(c.fields) || c.fields.length > PEX_LIMITS.maxFields) bad('constraints.fields must be an array (at most 32).', { id: d.id });
      for (const f of c.fields) {
        if (!isObject(f)) bad('Each field must be an object.', { id: d.id });
        for (const k of Object.keys(f)) if (!['id', 'name', 'purpose', 'path', 'filter', 'optional', 'intent_to_retain'].includes(k)) bad(`fields[].${k} is not supported.`, { id: d.id, feature: k });
        if (!Array.isArray(f.path) || f.path.length === 0 || f.path.length > PEX_LIMITS.maxPaths) bad('fields[].path must be a non-empty array of JSONPath strings.', { id: d.id });
        for (const p of f.path) parseJsonPath(p);
        if (f.filter !== undefined) checkFilter(f.filter);
        if (f.optional !== undefined && typeof f.optional !== 'boolean') bad('fields[].optional must be a boolean.', { id: d.id });
        if (f.intent_to_retain !== undefined && typeof f.intent_to_retain !== 'boolean') bad('fields[].intent_to_retain must be a boolean.', { id: d.id });
        optString(f.id, 'fields[].id');
        optString(f.name, 'fields[].name');
        optString(f.purpose, 'fields[].purpose');
      }
    }
  }
  return value as unknown as PresentationDefinition;
}

function typeOk(type: NonNullable<PexFilter['type']>, v: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return Number.isInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return isObject(v);
    case 'null':
      return v === null;
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Whether `value` passes the filter (JSON Schema semantics for the supported keywords). */
export function filterAccepts(filter: PexFilter | undefined, value: unknown): boolean {
  if (!filter) return true;
  if (filter.type !== undefined && !typeOk(filter.type, value)) return false;
  if ('const' in filter && !deepEqual(filter.const, value)) return false;
  if (filter.enum !== undefined && !filter.enum.some((e) => deepEqual(e, value))) return false;
  if (filter.pattern !== undefined && typeof value === 'string' && !new RegExp(filter.pattern, 'u').test(value)) return false;
  if (filter.contains !== undefined && (!Array.isArray(value) || !value.some((v) => filterAccepts(filter.contains, v)))) return false;
  return true;
}

/** Format designation aliases: a credential's format and the designations that accept it. */
const FORMAT_ALIASES: Readonly<Record<string, readonly string[]>> = {
  'dc+sd-jwt': ['dc+sd-jwt', 'vc+sd-jwt'],
  ldp_vc: ['ldp_vc', 'ldp_vp', 'ldp'],
  jwt_vc_json: ['jwt_vc_json', 'jwt_vp_json', 'jwt_vc', 'jwt_vp', 'jwt'],
};

/** Whether a credential format is accepted by a `format` designation (absent = any). */
export function formatAccepted(format: string, designation: Record<string, unknown> | undefined): boolean {
  if (!designation) return true;
  const names = Object.prototype.hasOwnProperty.call(FORMAT_ALIASES, format) ? FORMAT_ALIASES[format]! : [format];
  return names.some((n) => Object.prototype.hasOwnProperty.call(designation, n));
}

/** A credential as the evaluator sees it. */
export interface PexCandidate {
  format: string;
  /** The (disclosed) claims: the VC JSON for W3C formats, the SD-JWT VC claims for `dc+sd-jwt`. */
  claims: Record<string, unknown>;
}

/** How a credential satisfies a descriptor: per field (in order, `undefined` for an absent optional one), the concrete path. */
export interface PexDescriptorMatch {
  fieldPaths: Array<Array<string | number> | undefined>;
  /** `limit_disclosure: required`: only the matched fields may be disclosed. */
  limitDisclosure: boolean;
}

const cache = new Map<string, JsonPathSegment[]>();
function segmentsOf(path: string): JsonPathSegment[] {
  let s = cache.get(path);
  if (!s) {
    s = parseJsonPath(path);
    if (cache.size > 1024) cache.clear();
    cache.set(path, s);
  }
  return s;
}

/**
 * Evaluates an input descriptor against one credential (§8): the format must be accepted by the
 * descriptor's (else the definition's) `format`; every non-optional field must have a path selecting a
 * value that passes its filter (paths tried in order, the first passing value wins). With
 * `limit_disclosure: required` only `dc+sd-jwt` can satisfy the descriptor. Returns `undefined` when
 * not satisfied.
 */
export function evaluateInputDescriptor(definition: PresentationDefinition, descriptor: PexInputDescriptor, credential: PexCandidate): PexDescriptorMatch | undefined {
  if (!formatAccepted(credential.format, descriptor.format ?? definition.format)) return undefined;
  const limit = descriptor.constraints.limit_disclosure === 'required';
  if (limit && credential.format !== 'dc+sd-jwt') return undefined;
  const fieldPaths: PexDescriptorMatch['fieldPaths'] = [];
  for (const field of descriptor.constraints.fields ?? []) {
    let found: Array<string | number> | undefined;
    for (const p of field.path) {
      const hit = evaluateJsonPath(credential.claims, segmentsOf(p)).find((m) => filterAccepts(field.filter, m.value));
      if (hit) {
        found = hit.path;
        break;
      }
    }
    if (!found && !field.optional) return undefined;
    fieldPaths.push(found);
  }
  return { fieldPaths, limitDisclosure: limit };
}
