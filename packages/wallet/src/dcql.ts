/**
 * Matching a DCQL query (OpenID4VP 1.0 §6) against held credentials: format, `meta` (`vct_values`,
 * `type_values`), `claims` with `path` / `values`, `claim_sets`, and `credential_sets` (which queries
 * are required). Trusted-authorities constraints are not evaluated (the trust registry is consulted
 * for the verifier instead).
 */
import { isObject } from '@trustbridge/core';
import { walletError, WalletErrorCodes } from './errors.js';
import type { StoredCredential } from './held.js';

export type ClaimPath = (string | number | null)[];

export interface DcqlClaimsQuery {
  id?: string;
  path: ClaimPath;
  values?: unknown[];
}

export interface DcqlCredentialQuery {
  id: string;
  format: string;
  multiple?: boolean;
  meta?: { vct_values?: string[]; type_values?: string[][]; [k: string]: unknown };
  claims?: DcqlClaimsQuery[];
  claim_sets?: string[][];
}

export interface DcqlQuery {
  credentials: DcqlCredentialQuery[];
  credential_sets?: Array<{ options: string[][]; required?: boolean }>;
}

/** A held credential that answers a credential query, with the claims it would disclose. */
export interface DcqlMatch {
  credential: StoredCredential;
  /** The requested claims (paths over the stored claims) and their values. */
  claims: Array<{ path: ClaimPath; value: unknown }>;
  /** True when the query names no claims: the whole credential is requested. */
  all: boolean;
}

const ID = /^[A-Za-z0-9_-]{1,128}$/;

function invalid(message: string): never {
  throw walletError(WalletErrorCodes.DCQL_INVALID, message);
}

/** Checks the shape of a DCQL query. Throws `ERR_WALLET_DCQL_INVALID`. */
export function checkDcqlQuery(value: unknown): DcqlQuery {
  if (!isObject(value) || !Array.isArray(value['credentials']) || value['credentials'].length === 0 || value['credentials'].length > 50) {
    invalid('dcql_query.credentials must be a non-empty array (at most 50).');
  }
  const ids = new Set<string>();
  for (const q of value['credentials'] as unknown[]) {
    if (!isObject(q) || typeof q['id'] !== 'string' || !ID.test(q['id'])) invalid('Each credential query needs an id of letters, digits, _ or -.');
    if (ids.has(q['id'] as string)) invalid('Credential query ids must be unique.');
    ids.add(q['id'] as string);
    if (typeof q['format'] !== 'string') invalid('Each credential query needs a format.');
    const claims = q['claims'];
    if (claims !== undefined) {
      if (!Array.isArray(claims) || claims.length === 0 || claims.length > 100) invalid('claims must be a non-empty array.');
      for (const c of claims) {
        if (!isObject(c) || !Array.isArray(c['path']) || c['path'].length === 0 || c['path'].length > 16) invalid('Each claims query needs a non-empty path.');
        if (!(c['path'] as unknown[]).every((s) => typeof s === 'string' || s === null || (Number.isSafeInteger(s) && (s as number) >= 0))) invalid('Path elements are strings, null or non-negative integers.');
        if (c['values'] !== undefined && !Array.isArray(c['values'])) invalid('values must be an array.');
      }
    }
    if (q['claim_sets'] !== undefined && (!Array.isArray(q['claim_sets']) || claims === undefined)) invalid('claim_sets needs claims with ids.');
  }
  const sets = value['credential_sets'];
  if (sets !== undefined) {
    if (!Array.isArray(sets) || sets.length === 0) invalid('credential_sets must be a non-empty array.');
    for (const s of sets) {
      if (!isObject(s) || !Array.isArray(s['options']) || s['options'].length === 0) invalid('Each credential set needs options.');
      for (const o of s['options'] as unknown[]) {
        if (!Array.isArray(o) || !o.every((id) => typeof id === 'string' && ids.has(id))) invalid('credential_sets options must name credential query ids.');
      }
    }
  }
  return value as unknown as DcqlQuery;
}

/** Values at a DCQL claims path (§7.1: strings select members, integers elements, null every element). */
export function selectPath(root: unknown, path: ClaimPath): unknown[] {
  let current: unknown[] = [root];
  for (const seg of path) {
    const next: unknown[] = [];
    for (const v of current) {
      if (seg === null) {
        if (Array.isArray(v)) next.push(...v);
      } else if (typeof seg === 'number') {
        if (Array.isArray(v) && seg < v.length) next.push(v[seg]);
      } else if (isObject(v) && Object.prototype.hasOwnProperty.call(v, seg)) {
        next.push((v as Record<string, unknown>)[seg]);
      }
    }
    current = next;
  }
  return current;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'string' && String(a) === b);
}

function formatMatches(query: DcqlCredentialQuery, item: StoredCredential): boolean {
  if (query.format !== item.format) return false;
  const meta = query.meta ?? {};
  if (item.format === 'dc+sd-jwt') {
    return !Array.isArray(meta.vct_values) || (item.vct !== undefined && meta.vct_values.includes(item.vct));
  }
  if (!Array.isArray(meta.type_values)) return true;
  return meta.type_values.some((set) => Array.isArray(set) && set.every((t) => item.types.includes(t)));
}

/** The claims of one credential query that `item` can disclose, or undefined when it cannot answer. */
export function matchCredentialQuery(query: DcqlCredentialQuery, item: StoredCredential): DcqlMatch | undefined {
  if (!formatMatches(query, item)) return undefined;
  if (!query.claims) return { credential: item, claims: [], all: true };
  const found = new Map<string, Array<{ path: ClaimPath; value: unknown }>>();
  const results = query.claims.map((c, i) => {
    const values = selectPath(item.claims, c.path);
    const ok = values.length > 0 && (c.values === undefined || values.some((v) => c.values!.some((w) => sameValue(v, w))));
    const key = c.id ?? `#${i}`;
    if (ok) found.set(key, [{ path: c.path, value: values.length === 1 ? values[0] : values }]);
    return { key, ok };
  });
  if (query.claim_sets) {
    for (const set of query.claim_sets) {
      if (set.every((id) => found.has(id))) return { credential: item, claims: set.flatMap((id) => found.get(id)!), all: false };
    }
    return undefined;
  }
  if (!results.every((r) => r.ok)) return undefined;
  return { credential: item, claims: results.flatMap((r) => found.get(r.key)!), all: false };
}

/** Which credential query ids must be answered: all without `credential_sets`, else those in every option of a required set. */
export function requiredQueryIds(query: DcqlQuery): Set<string> {
  if (!query.credential_sets) return new Set(query.credentials.map((c) => c.id));
  const required = new Set<string>();
  for (const set of query.credential_sets) {
    if (set.required === false) continue;
    const [first, ...rest] = set.options;
    for (const id of first ?? []) if (rest.every((o) => o.includes(id))) required.add(id);
  }
  return required;
}

/** True when the answered query ids satisfy the query (§6.4.2: each required credential set has an option fully answered). */
export function satisfies(query: DcqlQuery, answered: Set<string>): boolean {
  if (!query.credential_sets) return query.credentials.every((c) => answered.has(c.id));
  return query.credential_sets.filter((s) => s.required !== false).every((s) => s.options.some((o) => o.every((id) => answered.has(id))));
}
