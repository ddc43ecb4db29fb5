/**
 * DIF Presentation Exchange 2.0 §6 — `presentation_submission`: which presentation in `vp_token`
 * answers which input descriptor.
 */
import { isObject, parseJson } from '@trustbridge/core';
import { decodeSegment } from '@trustbridge/jose';
import type { PresentationDefinition } from './definition.js';
import { PexErrorCodes, pexError } from './errors.js';
import { parseJsonPath } from './jsonpath.js';

/** A descriptor map entry (§6.1). */
export interface PexDescriptorMapEntry {
  id: string;
  format: string;
  path: string;
  path_nested?: { id?: string; format: string; path: string };
}

/** A presentation submission (§6). */
export interface PresentationSubmission {
  id: string;
  definition_id: string;
  descriptor_map: PexDescriptorMapEntry[];
}

function bad(message: string, details?: Record<string, unknown>): never {
  throw pexError(PexErrorCodes.INVALID_SUBMISSION, message, details);
}

function checkEntry(e: unknown, nested: boolean): PexDescriptorMapEntry {
  if (!isObject(e)) bad('descriptor_map entries must be objects.');
  if (!nested && (typeof e.id !== 'string' || e.id.length === 0 || e.id.length > 128)) bad('descriptor_map[].id is required.');
  if (typeof e.format !== 'string' || e.format.length === 0 || e.format.length > 64) bad('descriptor_map[].format is required.');
  if (typeof e.path !== 'string') bad('descriptor_map[].path is required.');
  try {
    parseJsonPath(e.path);
  } catch {
    bad('descriptor_map[].path is not a supported JSONPath.', { path: e.path.slice(0, 80) });
  }
  if (e.path_nested !== undefined) {
    if (nested) bad('path_nested may be nested once only.');
    checkEntry(e.path_nested, true);
  }
  return e as unknown as PexDescriptorMapEntry;
}

/**
 * Validates a presentation submission (object or JSON text) against its definition: `definition_id`
 * matches, every `descriptor_map` id names an input descriptor, none twice, and every input descriptor
 * is answered (no `submission_requirements`: all are required). Throws `ERR_PEX_INVALID_SUBMISSION`.
 */
export function parsePresentationSubmission(input: unknown, definition: PresentationDefinition): PresentationSubmission {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = parseJson(input, { maxBytes: 64 * 1024, maxDepth: 16 });
    } catch {
      bad('presentation_submission is not valid JSON.');
    }
  }
  if (!isObject(value)) bad('presentation_submission is required (a JSON object).');
  if (typeof value.id !== 'string' || value.id.length === 0 || value.id.length > 128) bad('presentation_submission.id is required.');
  if (value.definition_id !== definition.id) bad('presentation_submission.definition_id does not name the request’s presentation definition.');
  const map = value.descriptor_map;
  if (!Array.isArray(map) || map.length === 0 || map.length > 32) bad('descriptor_map must be a non-empty array.');
  const known = new Set(definition.input_descriptors.map((d) => d.id));
  const seen = new Set<string>();
  for (const raw of map) {
    const e = checkEntry(raw, false);
    if (!known.has(e.id)) bad('descriptor_map names an input descriptor that is not in the definition.', { id: e.id });
    if (seen.has(e.id)) bad('descriptor_map answers an input descriptor twice.', { id: e.id });
    seen.add(e.id);
  }
  const missing = [...known].filter((id) => !seen.has(id));
  if (missing.length > 0) bad('presentation_submission does not answer every input descriptor.', { missing });
  return value as unknown as PresentationSubmission;
}

/**
 * The claim names an SD-JWT presentation discloses (object-property Disclosures, RFC 9901 §4.2.1);
 * array-element Disclosures have no name and are not listed. `undefined` when it is not an SD-JWT.
 */
export function sdJwtDisclosedNames(presentation: unknown): string[] | undefined {
  if (typeof presentation !== 'string' || !presentation.includes('~')) return undefined;
  const parts = presentation.split('~').slice(1, -1);
  const names: string[] = [];
  for (const d of parts) {
    if (d === '') continue;
    try {
      const arr = JSON.parse(decodeSegment(d, 'disclosure').toString('utf8')) as unknown;
      if (Array.isArray(arr) && arr.length === 3 && typeof arr[1] === 'string') names.push(arr[1]);
    } catch {
      // Malformed Disclosures fail verification elsewhere.
    }
  }
  return names;
}
