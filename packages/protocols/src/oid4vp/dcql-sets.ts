/**
 * Which DCQL credential queries an answer must cover (OpenID4VP 1.0 §6.2, §6.4.2) — shared by the
 * verifier (checking a response) and the wallet (checking the holder's selections).
 */
import type { DcqlQuery } from '../dcql/types.js';

/** Whether answering the credential query ids in `answered` satisfies the query (§6.4.2). */
export function dcqlAnswerSatisfies(query: DcqlQuery, answered: ReadonlySet<string>): boolean {
  if (!query.credential_sets) return query.credentials.every((q) => answered.has(q.id));
  return query.credential_sets.every((s) => !s.required || s.options.some((o) => o.every((id) => answered.has(id))));
}

/**
 * The credential query ids every answer must include: all of them without `credential_sets`; else those
 * that appear in every option of a required set.
 */
export function requiredCredentialQueryIds(query: DcqlQuery): Set<string> {
  if (!query.credential_sets) return new Set(query.credentials.map((c) => c.id));
  const required = new Set<string>();
  for (const set of query.credential_sets) {
    if (!set.required) continue;
    const [first, ...rest] = set.options;
    for (const id of first ?? []) if (rest.every((o) => o.includes(id))) required.add(id);
  }
  return required;
}
