import { isObject } from '@trustbridge/core';
import type {
  ClaimsPath,
  DcqlCandidateCredential,
  DcqlClaimsQuery,
  DcqlCredentialMatch,
  DcqlCredentialQuery,
  DcqlMatchResult,
  DcqlQuery,
} from './types.js';

/** One element selected by a claims path pointer, with its concrete path. */
export interface SelectedClaim {
  path: Array<string | number>;
  value: unknown;
}

/**
 * Processes a claims path pointer against JSON claims (OpenID4VP 1.0 §7.1): a string selects that
 * key of each selected object, `null` selects every element of each selected array, a non-negative
 * integer selects that index. Returns `undefined` when processing aborts (a component applied to the
 * wrong JSON type) or the selection becomes empty.
 */
export function selectClaims(claims: unknown, path: ClaimsPath): SelectedClaim[] | undefined {
  let selected: SelectedClaim[] = [{ path: [], value: claims }];
  for (const component of path) {
    const next: SelectedClaim[] = [];
    for (const s of selected) {
      if (typeof component === 'string') {
        if (!isObject(s.value)) return undefined;
        if (Object.prototype.hasOwnProperty.call(s.value, component)) {
          next.push({ path: [...s.path, component], value: s.value[component] });
        }
      } else if (component === null) {
        if (!Array.isArray(s.value)) return undefined;
        s.value.forEach((v, i) => next.push({ path: [...s.path, i], value: v }));
      } else {
        if (!Array.isArray(s.value)) return undefined;
        if (component < s.value.length) next.push({ path: [...s.path, component], value: s.value[component] });
      }
    }
    if (next.length === 0) return undefined;
    selected = next;
  }
  return selected;
}

/**
 * The concrete paths a claims query selects in `claims`, or `undefined` when it does not match
 * (§6.4.1: with `values`, only elements whose type and value equal one of them exactly count).
 */
export function matchClaimsQuery(claims: unknown, query: DcqlClaimsQuery): Array<Array<string | number>> | undefined {
  const selected = selectClaims(claims, query.path);
  if (!selected) return undefined;
  const kept = query.values ? selected.filter((s) => query.values!.some((v) => v === s.value)) : selected;
  return kept.length === 0 ? undefined : kept.map((s) => s.path);
}

function typesOf(c: DcqlCandidateCredential): string[] {
  if (c.types) return c.types;
  const t = c.claims.type;
  if (typeof t === 'string') return [t];
  return Array.isArray(t) ? t.filter((x): x is string => typeof x === 'string') : [];
}

/** The local name of an expanded type IRI (`https://www.w3.org/2018/credentials#VerifiableCredential` → `VerifiableCredential`). */
function localName(type: string): string {
  const i = Math.max(type.lastIndexOf('#'), type.lastIndexOf('/'));
  return i >= 0 ? type.slice(i + 1) : type;
}

/**
 * Appendix B.1.1: `type_values` lists alternatives; the credential matches when every type of one
 * alternative is among its types. The spec asks for fully expanded IRIs; this matcher compares both
 * verbatim and by local name, so `VerifiableCredential` and its expanded IRI both match the compact
 * `type` of a credential (the holder's types are rarely expanded without a JSON-LD processor).
 */
function typeValuesMatch(alternatives: string[][], types: string[]): boolean {
  const have = new Set([...types, ...types.map(localName)]);
  return alternatives.some((alt) => alt.every((t) => have.has(t) || have.has(localName(t))));
}

/** Whether a credential's format and `meta` fit a credential query (§6.4, Appendix B). */
export function credentialMatchesMeta(query: DcqlCredentialQuery, credential: DcqlCandidateCredential): boolean {
  if (query.format !== credential.format) return false;
  const meta = query.meta;
  if (meta.vct_values) {
    const vct = credential.vct ?? (typeof credential.claims.vct === 'string' ? credential.claims.vct : undefined);
    if (vct === undefined || !meta.vct_values.includes(vct)) return false;
  }
  if (meta.type_values && !typeValuesMatch(meta.type_values, typesOf(credential))) return false;
  return true;
}

/**
 * Matches one credential against one credential query (§6.4.1). Returns the claims to disclose or
 * `undefined` when the credential does not satisfy the query. With `claim_sets`, the first set (the
 * verifier's preference order) that the credential satisfies is chosen.
 */
export function matchCredentialQuery(
  query: DcqlCredentialQuery,
  credential: DcqlCandidateCredential,
): DcqlCredentialMatch | undefined {
  if (!credentialMatchesMeta(query, credential)) return undefined;
  if (!query.claims) return { credentialId: credential.id, claimPaths: [] };
  const perClaim = query.claims.map((c) => matchClaimsQuery(credential.claims, c));
  if (!query.claim_sets) {
    if (perClaim.some((p) => p === undefined)) return undefined;
    return { credentialId: credential.id, claimPaths: perClaim.flatMap((p) => p!) };
  }
  const byId = new Map<string, Array<Array<string | number>> | undefined>();
  query.claims.forEach((c, i) => c.id !== undefined && byId.set(c.id, perClaim[i]));
  for (const set of query.claim_sets) {
    if (set.every((id) => byId.get(id) !== undefined)) {
      return { credentialId: credential.id, claimPaths: set.flatMap((id) => byId.get(id)!), claimSet: [...set] };
    }
  }
  return undefined;
}

/**
 * Matches a parsed DCQL query (see `parseDcqlQuery`) against credentials (OpenID4VP 1.0 §6.4).
 *
 * - Each credential query lists every credential that fits its format, `meta` and claims, with the
 *   concrete claims paths to disclose. (When `multiple` is false the wallet picks one of them.)
 * - Without `credential_sets`, the query is satisfied when every credential query has a match.
 *   With them, when every `required` set has an option whose credential queries all have a match
 *   (§6.4.2); credential queries not named by any set are then not required.
 *
 * Used by the wallet (held credentials) and by the verifier (verified, disclosed claims).
 *
 * @example
 * ```ts
 * const result = matchDcqlQuery(query, [{ id: 'c1', format: 'dc+sd-jwt', vct: 'https://example.ca/rep',
 *   claims: { given_name: 'Ada', role: 'Director' } }]);
 * result.satisfied; // true
 * result.byQuery.rep; // [{ credentialId: 'c1', claimPaths: [['given_name'], ['role']] }]
 * ```
 */
export function matchDcqlQuery(query: DcqlQuery, credentials: readonly DcqlCandidateCredential[]): DcqlMatchResult {
  const byQuery: Record<string, DcqlCredentialMatch[]> = {};
  for (const q of query.credentials) {
    byQuery[q.id] = credentials.map((c) => matchCredentialQuery(q, c)).filter((m): m is DcqlCredentialMatch => m !== undefined);
  }
  const has = (id: string): boolean => (byQuery[id]?.length ?? 0) > 0;
  if (!query.credential_sets) {
    return { satisfied: query.credentials.every((q) => has(q.id)), byQuery };
  }
  const credentialSetsSatisfied = query.credential_sets.map((s) => s.options.some((o) => o.every(has)));
  const satisfied = query.credential_sets.every((s, i) => !s.required || credentialSetsSatisfied[i]);
  return { satisfied, byQuery, credentialSetsSatisfied };
}
