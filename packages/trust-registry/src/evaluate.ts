/**
 * Offline evaluation: "may this entity do this action on this resource, as of issuance, judged now?"
 * Pure and synchronous over a {@link TrustIndex}; rules in docs/trust-registry.md ("Evaluation rules").
 */
import { TrustBridgeError, type Clock } from '@trustbridge/core';
import { ErrorCodes, ReasonCodes, type ReasonCode } from './codes.js';
import type { Action, AssuranceLevel, Entity, Instant } from './model.js';
import { instantMs, isJurisdiction, jurisdictionCovers } from './time.js';
import { lookupKeys } from './identifiers.js';
import { lookupEntity, type IndexedAuthorization, type IndexedEvent, type IndexedRegistry, type SnapshotRef, type TrustIndex } from './trust-index.js';

/** The question. `entity` may be any identifier form the registry knows. */
export interface TrustQuery {
  entity: string;
  action: Action;
  /** Required for `issue` and `verify`. */
  credentialType?: string;
  /** The credential subject's jurisdiction (`CA`, `CA-BC`…). Required for `issue`. */
  jurisdiction?: string;
  /** Lowest PCTF level acceptable, in the root registry's terms. */
  minimumAssuranceLevel?: AssuranceLevel;
  /** When the credential was issued: the authorization must have been in force then. Default: `at`. */
  issuedAt?: Instant;
  /** Evaluation time (RFC 3339 UTC). */
  at: Instant;
  /** For `verify`: the purpose the verifier states. */
  purpose?: string;
  /** For `verify`: the attributes the verifier requests. */
  attributes?: string[];
  /** Extra cap on recognition hops (the recognitions' own limits always apply). */
  maxPathLength?: number;
}

/** A reason a decision is not `trusted`, or a notice attached to it. */
export interface Reason {
  code: ReasonCode;
  message: string;
}

/** One step of a trust path. */
export interface PathStep {
  type: 'registry' | 'recognition' | 'authorization';
  id: string;
}

export type DecisionValue = 'trusted' | 'not-trusted' | 'indeterminate';

/** An explainable decision, reproducible offline from the snapshots it names. */
export interface Decision {
  decision: DecisionValue;
  /** Why it is not trusted (empty when trusted). */
  reasons: Reason[];
  /** Facts worth recording on a trusted decision (e.g. authorization ended after issuance). */
  notices: Reason[];
  /** Registries, recognitions and the authorization followed, root first. */
  path: PathStep[];
  /** The entity's canonical id, when found. */
  entity?: string;
  /** The level the entity may assert, mapped into the root registry's terms (trusted decisions). */
  assuranceLevel?: AssuranceLevel;
  /** Governance framework of the authorization used (trusted decisions). */
  governanceFramework?: { id: string; version: string; digest?: string };
  /** The root registry's data. */
  snapshot: SnapshotRef;
  /** Every registry on `path`, root first. */
  snapshots: SnapshotRef[];
  evaluatedAt: Instant;
}

const ACTIONS = new Set(['issue', 'verify', 'hold', 'operate']);

function invalid(message: string, field: string): never {
  throw new TrustBridgeError(ErrorCodes.ERR_TR_QUERY_INVALID, message, { details: { field } });
}

/** @internal Checks a query; returns [atMs, issuedMs]. Throws `ERR_TR_QUERY_INVALID`. */
export function checkQuery(q: TrustQuery): [number, number] {
  if (typeof q !== 'object' || q === null) invalid('Query must be an object.', '');
  if (typeof q.entity !== 'string' || q.entity.length === 0) invalid('entity is required.', 'entity');
  if (!ACTIONS.has(q.action)) invalid('action must be issue, verify, hold or operate.', 'action');
  const atMs = instantMs(q.at);
  if (Number.isNaN(atMs)) invalid('at must be an RFC 3339 UTC date-time.', 'at');
  const issuedMs = q.issuedAt === undefined ? atMs : instantMs(q.issuedAt);
  if (Number.isNaN(issuedMs)) invalid('issuedAt must be an RFC 3339 UTC date-time.', 'issuedAt');
  if ((q.action === 'issue' || q.action === 'verify') && (typeof q.credentialType !== 'string' || !q.credentialType)) {
    invalid(`credentialType is required for ${q.action}.`, 'credentialType');
  }
  if (q.action === 'issue' && q.jurisdiction === undefined) invalid('jurisdiction is required for issue.', 'jurisdiction');
  if (q.jurisdiction !== undefined && (!isJurisdiction(q.jurisdiction) || q.jurisdiction.includes('*'))) {
    invalid('jurisdiction must be an ISO 3166 code such as CA or CA-BC.', 'jurisdiction');
  }
  if (q.minimumAssuranceLevel !== undefined && ![1, 2, 3, 4].includes(q.minimumAssuranceLevel)) invalid('minimumAssuranceLevel must be 1-4.', 'minimumAssuranceLevel');
  if (q.attributes !== undefined && (!Array.isArray(q.attributes) || !q.attributes.every((a) => typeof a === 'string'))) {
    invalid('attributes must be an array of strings.', 'attributes');
  }
  if (q.purpose !== undefined && typeof q.purpose !== 'string') invalid('purpose must be a string.', 'purpose');
  if (q.maxPathLength !== undefined && !(Number.isSafeInteger(q.maxPathLength) && q.maxPathLength >= 0)) invalid('maxPathLength must be an integer >= 0.', 'maxPathLength');
  return [atMs, issuedMs];
}

/** Status in force at `t`: the last event with `atMs <= t`, or undefined before the first. */
function statusAt(events: IndexedEvent[], t: number): IndexedEvent | undefined {
  let found: IndexedEvent | undefined;
  for (const e of events) {
    if (e.atMs > t) break;
    found = e;
  }
  return found;
}

/** Earliest `compromisedSince` declared by an event known at `t`. */
function compromisedSince(events: IndexedEvent[], t: number): number {
  let min = Number.NaN;
  for (const e of events) {
    if (e.atMs > t) break;
    if (!Number.isNaN(e.compromisedMs) && !(e.compromisedMs >= min)) min = e.compromisedMs;
  }
  return min;
}

const reason = (code: ReasonCode, message: string): Reason => ({ code, message });

interface Outcome {
  decision: DecisionValue;
  reasons: Reason[];
  notices: Reason[];
  path: PathStep[];
  registries: IndexedRegistry[];
  entity?: Entity;
  level?: AssuranceLevel;
  auth?: IndexedAuthorization;
}

type LevelMap = (level: number) => AssuranceLevel | undefined;
const identity: LevelMap = (l) => l as AssuranceLevel;

function checkAuthorization(c: IndexedAuthorization, q: TrustQuery, atMs: number, issuedMs: number, map: LevelMap): { reasons: Reason[]; notices: Reason[]; level: AssuranceLevel | undefined } {
  const reasons: Reason[] = [];
  const notices: Reason[] = [];
  const id = c.authorization.id;
  if (q.credentialType !== undefined && !c.types.has(q.credentialType)) {
    reasons.push(reason(ReasonCodes.TR_NOT_AUTHORIZED_TYPE, `Authorization ${id} does not cover credential type ${q.credentialType}.`));
  }
  if (q.jurisdiction !== undefined && !c.jurisdictions.some((j) => jurisdictionCovers(j, q.jurisdiction!))) {
    reasons.push(reason(ReasonCodes.TR_NOT_AUTHORIZED_JURISDICTION, `Authorization ${id} does not cover jurisdiction ${q.jurisdiction}.`));
  }
  const level = map(c.maxLevel);
  if (q.minimumAssuranceLevel !== undefined && (level === undefined || level < q.minimumAssuranceLevel)) {
    reasons.push(reason(ReasonCodes.TR_ASSURANCE_TOO_LOW, `Level ${level ?? 'unmapped'} is below the required level ${q.minimumAssuranceLevel}.`));
  }
  if (q.action === 'verify') {
    if (q.purpose !== undefined && !c.purposes?.has(q.purpose)) {
      reasons.push(reason(ReasonCodes.TR_PURPOSE_NOT_AUTHORIZED, `Purpose ${q.purpose} is not registered for this verifier.`));
    }
    if (q.attributes !== undefined && c.attributes !== undefined) {
      const extra = q.attributes.filter((a) => !c.attributes!.has(a));
      if (extra.length) reasons.push(reason(ReasonCodes.TR_ATTRIBUTE_NOT_AUTHORIZED, `Not authorized to request: ${extra.join(', ')}.`));
    }
  }
  // Valid when issued: the window and the status as of issuance.
  if (issuedMs < c.fromMs) reasons.push(reason(ReasonCodes.TR_NOT_YET_AUTHORIZED, `Authorization ${id} was not yet in force at issuance.`));
  else if (issuedMs >= c.untilMs) reasons.push(reason(ReasonCodes.TR_AUTHORIZATION_EXPIRED, `Authorization ${id} had expired at issuance.`));
  else if (atMs >= c.untilMs) notices.push(reason(ReasonCodes.TR_ENDED_AFTER_ISSUANCE, `Authorization ${id} expired after issuance.`));
  if (c.governance && (issuedMs < c.governanceFromMs || issuedMs >= c.governanceUntilMs)) {
    reasons.push(reason(ReasonCodes.TR_GOVERNANCE_NOT_EFFECTIVE, `Governance framework ${c.governance.id} was not in effect at issuance.`));
  }
  // History events are only known from their `at`; never look past the evaluation time.
  const then = statusAt(c.events, Math.min(issuedMs, atMs));
  if (!then) {
    if (issuedMs >= c.fromMs) reasons.push(reason(ReasonCodes.TR_NOT_YET_AUTHORIZED, `Authorization ${id} had no active status at issuance.`));
  } else if (then.status === 'suspended') reasons.push(reason(ReasonCodes.TR_SUSPENDED, `Authorization ${id} was suspended at issuance.`));
  else if (then.status === 'revoked') reasons.push(reason(ReasonCodes.TR_REVOKED, `Authorization ${id} was revoked at issuance.`));
  // Judged now: a current suspension blocks; a later revocation does not reach back (see compromise).
  const now = statusAt(c.events, atMs);
  if (now !== then && now) {
    if (now.status === 'suspended') reasons.push(reason(ReasonCodes.TR_SUSPENDED, `Authorization ${id} is suspended.`));
    else if (now.status === 'revoked') notices.push(reason(ReasonCodes.TR_ENDED_AFTER_ISSUANCE, `Authorization ${id} was revoked after issuance.`));
  }
  const compromised = compromisedSince(c.events, atMs);
  if (issuedMs >= compromised) {
    reasons.push(reason(ReasonCodes.TR_COMPROMISED, `Issued at or after the compromise declared for authorization ${id}.`));
  }
  return { reasons, notices, level };
}

function evaluateIn(registry: IndexedRegistry, entity: Entity, q: TrustQuery, atMs: number, issuedMs: number, path: PathStep[], registries: IndexedRegistry[], map: LevelMap): Outcome {
  const candidates = registry.authorizations.get(entity.id)?.get(q.action);
  if (!candidates || candidates.length === 0) {
    return {
      decision: 'not-trusted',
      reasons: [reason(ReasonCodes.TR_NOT_AUTHORIZED_ACTION, `${entity.id} holds no authorization to ${q.action} in ${registry.ref.registry}.`)],
      notices: [],
      path,
      registries,
      entity,
    };
  }
  let best: Outcome | undefined;
  for (const c of candidates) {
    const r = checkAuthorization(c, q, atMs, issuedMs, map);
    const outcome: Outcome = {
      decision: r.reasons.length === 0 ? 'trusted' : 'not-trusted',
      reasons: r.reasons,
      notices: r.notices,
      path: [...path, { type: 'authorization', id: c.authorization.id }],
      registries,
      entity,
      auth: c,
      ...(r.level !== undefined ? { level: r.level } : {}),
    };
    if (outcome.decision === 'trusted') return outcome;
    // Keep the candidate that came closest (fewest reasons) to explain the refusal.
    if (!best || outcome.reasons.length < best.reasons.length) best = outcome;
  }
  return best!;
}

function isStale(index: TrustIndex, r: IndexedRegistry, atMs: number): boolean {
  return atMs > r.nextUpdateMs + index.graceSeconds * 1000;
}

function recognitionCovers(ir: { actions: Set<Action>; allTypes: boolean; types: Set<string>; recognition: { scope: { jurisdictions: string[] } } }, q: TrustQuery): boolean {
  if (!ir.actions.has(q.action)) return false;
  if (q.credentialType !== undefined && !ir.allTypes && !ir.types.has(q.credentialType)) return false;
  if (q.jurisdiction !== undefined && !ir.recognition.scope.jurisdictions.some((j) => jurisdictionCovers(j, q.jurisdiction!))) return false;
  return true;
}

interface Node {
  registry: IndexedRegistry;
  path: PathStep[];
  registries: IndexedRegistry[];
  hops: number;
  /** Highest hop count allowed by the recognitions already on the path. */
  limit: number;
  map: LevelMap;
}

/**
 * Evaluates a query against an index. Pure, offline and synchronous; throws only for a malformed query
 * (`ERR_TR_QUERY_INVALID`). Searches the root registry first, then registries it recognizes
 * (breadth-first, shortest path wins), applying each recognition's scope, validity, status, assurance
 * mapping and path limit.
 *
 * @example
 * ```ts
 * const d = evaluate(index, {
 *   entity: 'did:key:z6Mk…', action: 'issue', credentialType: 'BusinessRegistrationCredential',
 *   jurisdiction: 'CA-BC', minimumAssuranceLevel: 3, issuedAt: vc.validFrom, at: new Date().toISOString(),
 * });
 * if (d.decision !== 'trusted') console.log(d.reasons.map((r) => r.code));
 * ```
 */
export function evaluate(index: TrustIndex, query: TrustQuery): Decision {
  const [atMs, issuedMs] = checkQuery(query);
  const root = index.registries.get(index.root)!;
  const rootPath: PathStep[] = [{ type: 'registry', id: root.ref.registry }];
  if (isStale(index, root, atMs)) {
    return finish(index, query, { decision: 'indeterminate', reasons: [staleReason(root)], notices: [], path: rootPath, registries: [root] });
  }
  const cap = query.maxPathLength ?? Number.POSITIVE_INFINITY;
  const outcomes: Outcome[] = [];
  const visited = new Set<string>([root.ref.registry]);
  const queue: Node[] = [{ registry: root, path: rootPath, registries: [root], hops: 0, limit: Number.POSITIVE_INFINITY, map: identity }];
  // Alias forms of the queried identifier, computed once for all registries.
  const keys = lookupKeys(query.entity);
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    const entity = lookupEntity(node.registry, query.entity, keys);
    if (entity) {
      const outcome = evaluateIn(node.registry, entity, query, atMs, issuedMs, node.path, node.registries, node.map);
      if (outcome.decision === 'trusted') return finish(index, query, outcome);
      outcomes.push(outcome);
    }
    for (const ir of node.registry.recognitions) {
      const target = index.registries.get(ir.recognition.recognizes);
      if (!target || visited.has(target.ref.registry)) continue;
      const rec = ir.recognition;
      const path: PathStep[] = [...node.path, { type: 'recognition', id: rec.id }, { type: 'registry', id: target.ref.registry }];
      const registries = [...node.registries, target];
      // A failed recognition is only worth reporting when the registry behind it lists the entity.
      const knows = () => lookupEntity(target, query.entity, keys) !== undefined;
      const fail = (r: Reason) => {
        if (knows()) outcomes.push({ decision: 'not-trusted', reasons: [r], notices: [], path, registries });
      };
      if (!recognitionCovers(ir, query)) {
        fail(reason(ReasonCodes.TR_RECOGNITION_SCOPE, `Recognition ${rec.id} does not cover this action, type or jurisdiction.`));
        continue;
      }
      if (atMs < ir.fromMs || atMs >= ir.untilMs) {
        fail(reason(ReasonCodes.TR_RECOGNITION_EXPIRED, `Recognition ${rec.id} is not in force.`));
        continue;
      }
      const status = statusAt(ir.events, atMs);
      if (status?.status !== 'active') {
        const code = status?.status === 'suspended' ? ReasonCodes.TR_RECOGNITION_SUSPENDED : status?.status === 'revoked' ? ReasonCodes.TR_RECOGNITION_REVOKED : ReasonCodes.TR_RECOGNITION_EXPIRED;
        fail(reason(code, `Recognition ${rec.id} is ${status?.status ?? 'not yet active'}.`));
        continue;
      }
      const hops = node.hops + 1;
      if (hops > node.limit || hops > cap) {
        fail(reason(ReasonCodes.TR_PATH_TOO_LONG, `The trust path through ${rec.id} exceeds its maximum length.`));
        continue;
      }
      if (isStale(index, target, atMs)) {
        if (knows()) outcomes.push({ decision: 'indeterminate', reasons: [staleReason(target)], notices: [], path, registries });
        visited.add(target.ref.registry);
        continue;
      }
      visited.add(target.ref.registry);
      const prev = node.map;
      const mapping = ir.mapping;
      const map: LevelMap = mapping ? (l) => { const m = mapping.get(l); return m === undefined ? undefined : prev(m); } : prev;
      queue.push({ registry: target, path, registries, hops, limit: Math.min(node.limit, node.hops + rec.maxPathLength), map });
    }
  }
  if (outcomes.length === 0) {
    return finish(index, query, {
      decision: 'not-trusted',
      reasons: [reason(ReasonCodes.TR_ENTITY_UNKNOWN, 'The entity is not listed in the registry or any registry it recognizes.')],
      notices: [],
      path: rootPath,
      registries: [root],
    });
  }
  const indeterminate = outcomes.find((o) => o.decision === 'indeterminate');
  const first = indeterminate ?? outcomes[0]!;
  const reasons: Reason[] = [];
  const seen = new Set<string>();
  for (const o of indeterminate ? [indeterminate, ...outcomes] : outcomes) {
    for (const r of o.reasons) {
      const key = r.code + '\u0000' + r.message;
      if (!seen.has(key)) reasons.push(r), seen.add(key);
    }
  }
  return finish(index, query, { ...first, reasons });
}

function staleReason(r: IndexedRegistry): Reason {
  return reason(ReasonCodes.TR_SNAPSHOT_STALE, `The snapshot of ${r.ref.registry} is past its nextUpdate; refresh it.`);
}

function finish(index: TrustIndex, query: TrustQuery, o: Outcome): Decision {
  const root = index.registries.get(index.root)!;
  const g = o.auth?.governance;
  return {
    decision: o.decision,
    reasons: o.decision === 'trusted' ? [] : o.reasons,
    notices: o.notices,
    path: o.path,
    ...(o.entity ? { entity: o.entity.id } : {}),
    ...(o.decision === 'trusted' && o.level !== undefined ? { assuranceLevel: o.level } : {}),
    ...(o.decision === 'trusted' && g ? { governanceFramework: { id: g.id, version: g.version, ...(g.digest ? { digest: g.digest } : {}) } } : {}),
    snapshot: root.ref,
    snapshots: o.registries.map((r) => r.ref),
    evaluatedAt: query.at,
  };
}

/**
 * What the verification pipeline calls (through injection) to ask a registry. `at` defaults to the
 * client's clock. Implemented here for offline indexes; an HTTP client in `server` has the same shape.
 */
export interface TrustRegistryClient {
  evaluate(query: Omit<TrustQuery, 'at'> & { at?: Instant }): Promise<Decision>;
}

/**
 * A {@link TrustRegistryClient} over an index (live states or a verified bundle).
 *
 * @example
 * ```ts
 * const client = createOfflineTrustRegistryClient(indexFromBundle(verified), { clock: systemClock });
 * ```
 */
export function createOfflineTrustRegistryClient(index: TrustIndex, options: { clock: Clock }): TrustRegistryClient {
  return {
    evaluate: async (query) => evaluate(index, { ...query, at: query.at ?? options.clock().toISOString() }),
  };
}
