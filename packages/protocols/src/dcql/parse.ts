import { isObject, parseJson, TrustBridgeError } from '@trustbridge/core';
import { DcqlErrorCodes as C, dcqlError } from './errors.js';
import type {
  ClaimsPath,
  DcqlClaimsQuery,
  DcqlCredentialQuery,
  DcqlCredentialSetQuery,
  DcqlMeta,
  DcqlQuery,
  DcqlTrustedAuthoritiesQuery,
} from './types.js';

/** Bounds applied to untrusted DCQL queries. */
export interface DcqlLimits {
  /** Serialized size in bytes (default 64 KiB). */
  maxBytes?: number;
  /** Credential queries (default 32). */
  maxCredentialQueries?: number;
  /** Claims queries per credential query (default 64). */
  maxClaims?: number;
  /** Components per claims path (default 16). */
  maxPathLength?: number;
  /** Entries in `values`, `vct_values`, `type_values`, options (default 64). */
  maxValues?: number;
}

export const DEFAULT_DCQL_LIMITS: Required<DcqlLimits> = {
  maxBytes: 64 * 1024,
  maxCredentialQueries: 32,
  maxClaims: 64,
  maxPathLength: 16,
  maxValues: 64,
};

/** §6.1 / §6.3: ids are non-empty strings of alphanumerics, underscore and hyphen. */
const ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Parses and validates a DCQL query (OpenID4VP 1.0 §6), applying defaults (`multiple: false`,
 * `require_cryptographic_holder_binding: true`, credential set `required: true`).
 *
 * Accepts JSON text or an already-parsed value. Throws a {@link TrustBridgeError} with an
 * `ERR_DCQL_*` code and `specCode: 'invalid_request'` when the query is malformed or too large.
 *
 * @example
 * ```ts
 * const query = parseDcqlQuery({
 *   credentials: [{ id: 'rep', format: 'dc+sd-jwt', meta: { vct_values: ['https://example.ca/rep'] },
 *     claims: [{ path: ['given_name'] }, { path: ['role'] }] }],
 * });
 * ```
 */
export function parseDcqlQuery(json: unknown, limits: DcqlLimits = {}): DcqlQuery {
  const L = { ...DEFAULT_DCQL_LIMITS, ...limits };
  let value = json;
  if (typeof json === 'string') {
    try {
      value = parseJson(json, { maxBytes: L.maxBytes, maxDepth: 32 });
    } catch (err) {
      if (err instanceof TrustBridgeError && err.code === 'ERR_INPUT_TOO_LARGE') {
        dcqlError(C.TOO_LARGE, 'DCQL query is too large.', { maxBytes: L.maxBytes });
      }
      dcqlError(C.INVALID_QUERY, 'DCQL query is not valid JSON.');
    }
  } else {
    let size: number;
    try {
      size = Buffer.byteLength(JSON.stringify(json) ?? '', 'utf8');
    } catch {
      dcqlError(C.INVALID_QUERY, 'DCQL query is not JSON-serializable.');
    }
    if (size > L.maxBytes) dcqlError(C.TOO_LARGE, 'DCQL query is too large.', { maxBytes: L.maxBytes });
  }
  if (!isObject(value)) dcqlError(C.INVALID_QUERY, 'DCQL query must be a JSON object.');
  const { credentials, credential_sets } = value;
  if (!Array.isArray(credentials) || credentials.length === 0) {
    dcqlError(C.INVALID_QUERY, '`credentials` must be a non-empty array (OpenID4VP 1.0 §6).');
  }
  if (credentials.length > L.maxCredentialQueries) {
    dcqlError(C.TOO_LARGE, 'Too many credential queries.', { max: L.maxCredentialQueries });
  }
  const parsed = credentials.map((c, i) => parseCredentialQuery(c, i, L));
  const ids = new Set<string>();
  for (const c of parsed) {
    if (ids.has(c.id)) dcqlError(C.DUPLICATE_ID, `Duplicate credential query id "${c.id}".`, { id: c.id });
    ids.add(c.id);
  }
  const query: DcqlQuery = { credentials: parsed };
  if (credential_sets !== undefined) query.credential_sets = parseCredentialSets(credential_sets, ids, L);
  return query;
}

function parseCredentialQuery(raw: unknown, index: number, L: Required<DcqlLimits>): DcqlCredentialQuery {
  const where = { credentialQuery: index };
  if (!isObject(raw)) dcqlError(C.INVALID_CREDENTIAL_QUERY, 'A credential query must be an object.', where);
  const { id, format, multiple, meta, trusted_authorities, require_cryptographic_holder_binding, claims, claim_sets } = raw;
  if (typeof id !== 'string' || !ID.test(id)) {
    dcqlError(C.INVALID_CREDENTIAL_QUERY, 'Credential query `id` must be alphanumeric, "_" or "-" (§6.1).', where);
  }
  if (typeof format !== 'string' || format.length === 0 || format.length > 64) {
    dcqlError(C.INVALID_CREDENTIAL_QUERY, 'Credential query `format` must be a non-empty string (§6.1).', { id });
  }
  if (multiple !== undefined && typeof multiple !== 'boolean') {
    dcqlError(C.INVALID_CREDENTIAL_QUERY, '`multiple` must be a boolean (§6.1).', { id });
  }
  if (require_cryptographic_holder_binding !== undefined && typeof require_cryptographic_holder_binding !== 'boolean') {
    dcqlError(C.INVALID_CREDENTIAL_QUERY, '`require_cryptographic_holder_binding` must be a boolean (§6.1).', { id });
  }
  const out: DcqlCredentialQuery = {
    id,
    format,
    multiple: multiple ?? false,
    meta: parseMeta(meta, format, id, L),
    require_cryptographic_holder_binding: require_cryptographic_holder_binding ?? true,
  };
  if (trusted_authorities !== undefined) out.trusted_authorities = parseTrustedAuthorities(trusted_authorities, id, L);
  if (claims !== undefined) {
    if (!Array.isArray(claims) || claims.length === 0) {
      dcqlError(C.INVALID_CLAIMS_QUERY, '`claims` must be a non-empty array (§6.1).', { id });
    }
    if (claims.length > L.maxClaims) dcqlError(C.TOO_LARGE, 'Too many claims queries.', { id, max: L.maxClaims });
    out.claims = claims.map((c) => parseClaimsQuery(c, id, claim_sets !== undefined, L));
    const claimIds = new Set<string>();
    for (const c of out.claims) {
      if (c.id === undefined) continue;
      if (claimIds.has(c.id)) dcqlError(C.DUPLICATE_ID, `Duplicate claims query id "${c.id}".`, { id, claimId: c.id });
      claimIds.add(c.id);
    }
    if (claim_sets !== undefined) out.claim_sets = parseClaimSets(claim_sets, claimIds, id, L);
  } else if (claim_sets !== undefined) {
    dcqlError(C.INVALID_CLAIM_SETS, '`claim_sets` must not be present without `claims` (§6.1).', { id });
  }
  return out;
}

function parseMeta(raw: unknown, format: string, id: string, L: Required<DcqlLimits>): DcqlMeta {
  // OpenID4VP 1.0 §6.1: `meta` is REQUIRED (it may be empty for formats without meta parameters).
  if (!isObject(raw)) dcqlError(C.INVALID_META, '`meta` must be an object (§6.1).', { id });
  const meta: DcqlMeta = { ...raw };
  if (raw.vct_values !== undefined || format === 'dc+sd-jwt') {
    const v = raw.vct_values;
    if (!Array.isArray(v) || v.length === 0 || v.length > L.maxValues || !v.every((s) => typeof s === 'string' && s.length > 0)) {
      dcqlError(C.INVALID_META, '`meta.vct_values` must be a non-empty array of strings (Appendix B.3.5).', { id });
    }
    meta.vct_values = [...v];
  }
  if (raw.type_values !== undefined || format === 'ldp_vc' || format === 'jwt_vc_json') {
    const v = raw.type_values;
    const ok =
      Array.isArray(v) &&
      v.length > 0 &&
      v.length <= L.maxValues &&
      v.every((a) => Array.isArray(a) && a.length > 0 && a.length <= L.maxValues && a.every((s) => typeof s === 'string' && s.length > 0));
    if (!ok) dcqlError(C.INVALID_META, '`meta.type_values` must be a non-empty array of non-empty string arrays (Appendix B.1.1).', { id });
    meta.type_values = (v as string[][]).map((a) => [...a]);
  }
  if (raw.doctype_value !== undefined && typeof raw.doctype_value !== 'string') {
    dcqlError(C.INVALID_META, '`meta.doctype_value` must be a string (Appendix B.2.3).', { id });
  }
  return meta;
}

function parseTrustedAuthorities(raw: unknown, id: string, L: Required<DcqlLimits>): DcqlTrustedAuthoritiesQuery[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > L.maxValues) {
    dcqlError(C.INVALID_CREDENTIAL_QUERY, '`trusted_authorities` must be a non-empty array (§6.1.1).', { id });
  }
  return raw.map((t) => {
    if (
      !isObject(t) ||
      typeof t.type !== 'string' ||
      !Array.isArray(t.values) ||
      t.values.length === 0 ||
      t.values.length > L.maxValues ||
      !t.values.every((v) => typeof v === 'string')
    ) {
      dcqlError(C.INVALID_CREDENTIAL_QUERY, 'A trusted authorities query needs `type` and non-empty string `values` (§6.1.1).', { id });
    }
    return { type: t.type, values: [...(t.values as string[])] };
  });
}

function parseClaimsQuery(raw: unknown, credentialId: string, needsId: boolean, L: Required<DcqlLimits>): DcqlClaimsQuery {
  const where = { id: credentialId };
  if (!isObject(raw)) dcqlError(C.INVALID_CLAIMS_QUERY, 'A claims query must be an object (§6.3).', where);
  const { id, path, values } = raw;
  if (id !== undefined && (typeof id !== 'string' || !ID.test(id))) {
    dcqlError(C.INVALID_CLAIMS_QUERY, 'Claims query `id` must be alphanumeric, "_" or "-" (§6.3).', where);
  }
  if (needsId && id === undefined) {
    dcqlError(C.INVALID_CLAIMS_QUERY, 'Claims query `id` is required when `claim_sets` is present (§6.3).', where);
  }
  const out: DcqlClaimsQuery = { path: parseClaimsPath(path, credentialId, L) };
  if (typeof id === 'string') out.id = id;
  if (values !== undefined) {
    const ok =
      Array.isArray(values) &&
      values.length > 0 &&
      values.length <= L.maxValues &&
      values.every((v) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v)));
    if (!ok) dcqlError(C.INVALID_CLAIMS_QUERY, '`values` must be a non-empty array of strings, integers or booleans (§6.3).', where);
    out.values = [...(values as Array<string | number | boolean>)];
  }
  return out;
}

/** Validates a claims path pointer (OpenID4VP 1.0 §7). */
export function parseClaimsPath(raw: unknown, credentialId = '', limits: DcqlLimits = {}): ClaimsPath {
  const L = { ...DEFAULT_DCQL_LIMITS, ...limits };
  if (!Array.isArray(raw) || raw.length === 0) {
    dcqlError(C.INVALID_CLAIMS_QUERY, 'Claims `path` must be a non-empty array (§7).', { id: credentialId });
  }
  if (raw.length > L.maxPathLength) dcqlError(C.TOO_LARGE, 'Claims path is too long.', { id: credentialId, max: L.maxPathLength });
  for (const c of raw) {
    const ok = c === null || typeof c === 'string' || (typeof c === 'number' && Number.isInteger(c) && c >= 0);
    if (!ok) {
      dcqlError(C.INVALID_CLAIMS_QUERY, 'Claims path components must be strings, non-negative integers or null (§7).', {
        id: credentialId,
      });
    }
  }
  return [...(raw as ClaimsPath)];
}

function parseClaimSets(raw: unknown, claimIds: Set<string>, id: string, L: Required<DcqlLimits>): string[][] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > L.maxValues) {
    dcqlError(C.INVALID_CLAIM_SETS, '`claim_sets` must be a non-empty array (§6.1).', { id });
  }
  return raw.map((set) => {
    if (!Array.isArray(set) || set.length === 0 || set.length > L.maxClaims) {
      dcqlError(C.INVALID_CLAIM_SETS, 'Each claim set must be a non-empty array of claim ids (§6.1).', { id });
    }
    for (const c of set) {
      if (typeof c !== 'string' || !claimIds.has(c)) {
        dcqlError(C.INVALID_CLAIM_SETS, 'A claim set names an unknown claims query id (§6.1).', { id });
      }
    }
    return [...(set as string[])];
  });
}

function parseCredentialSets(raw: unknown, ids: Set<string>, L: Required<DcqlLimits>): DcqlCredentialSetQuery[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > L.maxValues) {
    dcqlError(C.INVALID_CREDENTIAL_SETS, '`credential_sets` must be a non-empty array (§6).');
  }
  return raw.map((set, i) => {
    if (!isObject(set)) dcqlError(C.INVALID_CREDENTIAL_SETS, 'A credential set query must be an object (§6.2).', { set: i });
    const { options, required } = set;
    if (!Array.isArray(options) || options.length === 0 || options.length > L.maxValues) {
      dcqlError(C.INVALID_CREDENTIAL_SETS, '`options` must be a non-empty array (§6.2).', { set: i });
    }
    for (const option of options) {
      if (!Array.isArray(option) || option.length === 0 || option.length > L.maxCredentialQueries) {
        dcqlError(C.INVALID_CREDENTIAL_SETS, 'Each option must be a non-empty array of credential query ids (§6.2).', { set: i });
      }
      for (const ref of option) {
        if (typeof ref !== 'string' || !ids.has(ref)) {
          dcqlError(C.INVALID_CREDENTIAL_SETS, 'An option names an unknown credential query id (§6.2).', { set: i });
        }
      }
    }
    if (required !== undefined && typeof required !== 'boolean') {
      dcqlError(C.INVALID_CREDENTIAL_SETS, '`required` must be a boolean (§6.2).', { set: i });
    }
    return { options: (options as string[][]).map((o) => [...o]), required: required ?? true };
  });
}
