/**
 * The evaluation index: built once per set of registry states so that each decision is a handful of
 * map lookups (no scanning, no date parsing of stored data).
 */
import { TrustBridgeError } from '@trustbridge/core';
import { stateDigest } from './canonical.js';
import { ErrorCodes } from './codes.js';
import { entityKeys, lookupKeys } from './identifiers.js';
import type { Action, AssuranceLevel, Authorization, Entity, GovernanceFramework, Instant, Recognition, RegistryState, StatusValue } from './model.js';
import { instantMs } from './time.js';
import { validateRegistryState } from './validate.js';

/** Names the registry data a decision used: the state's sequence and its JCS SHA-256 digest. */
export interface SnapshotRef {
  registry: string;
  sequence: number;
  /** `stateDigest` of the state (equal to the signed snapshot's `stateDigest`). */
  digest: string;
}

/**
 * A registry state to index, with the freshness of the snapshot it came from. A live state (no
 * `nextUpdate`) never goes stale; a state from a snapshot is stale after `nextUpdate` (+ grace).
 */
export interface RegistrySource {
  state: RegistryState;
  nextUpdate?: Instant;
  /** Digest of the state when already known (a verified snapshot carries it); computed otherwise. */
  stateDigest?: string;
}

/** @internal */
export interface IndexedEvent {
  status: StatusValue;
  atMs: number;
  compromisedMs: number;
}

/** @internal */
export interface IndexedAuthorization {
  authorization: Authorization;
  fromMs: number;
  untilMs: number;
  events: IndexedEvent[];
  types: Set<string>;
  jurisdictions: string[];
  maxLevel: AssuranceLevel;
  purposes: Set<string> | undefined;
  attributes: Set<string> | undefined;
  governance: GovernanceFramework | undefined;
  governanceFromMs: number;
  governanceUntilMs: number;
}

/** @internal */
export interface IndexedRecognition {
  recognition: Recognition;
  fromMs: number;
  untilMs: number;
  events: IndexedEvent[];
  actions: Set<Action>;
  allTypes: boolean;
  types: Set<string>;
  mapping: Map<number, AssuranceLevel> | undefined;
}

/** @internal One registry, indexed. */
export interface IndexedRegistry {
  state: RegistryState;
  ref: SnapshotRef;
  nextUpdateMs: number;
  entities: Map<string, Entity>;
  authorizations: Map<string, Map<Action, IndexedAuthorization[]>>;
  recognitions: IndexedRecognition[];
}

/** A set of registries ready for evaluation, seen from a root registry (the verifier's trust anchor). */
export interface TrustIndex {
  /** The registry evaluations start from. */
  readonly root: string;
  /** @internal */
  readonly registries: ReadonlyMap<string, IndexedRegistry>;
  /** @internal Registry id and authority id → registry id. */
  readonly aliases: ReadonlyMap<string, string>;
  /** Seconds a snapshot may be used after its `nextUpdate`. */
  readonly graceSeconds: number;
}

export interface BuildTrustIndexOptions {
  /** Registry id (or authority id) that evaluations start from. Default: the first source. */
  root?: string;
  /** Seconds a snapshot stays usable after `nextUpdate` (default 0: fail closed at `nextUpdate`). */
  graceSeconds?: number;
  /** Validate each state first (default true). Turn off only for states already validated. */
  validate?: boolean;
}

function indexEvents(history: { status: StatusValue; at: string; compromisedSince?: string }[]): IndexedEvent[] {
  return history.map((e) => ({
    status: e.status,
    atMs: instantMs(e.at),
    compromisedMs: e.compromisedSince === undefined ? Number.NaN : instantMs(e.compromisedSince),
  }));
}

function indexRegistry(source: RegistrySource, validate: boolean): IndexedRegistry {
  const state = validate ? validateRegistryState(source.state) : source.state;
  const frameworks = new Map(state.governanceFrameworks.map((g) => [g.id, g]));
  const entities = new Map<string, Entity>();
  for (const e of state.entities) for (const key of entityKeys(e)) entities.set(key, e);
  const authorizations = new Map<string, Map<Action, IndexedAuthorization[]>>();
  for (const a of state.authorizations) {
    let byAction = authorizations.get(a.entity);
    if (!byAction) authorizations.set(a.entity, (byAction = new Map()));
    let list = byAction.get(a.action);
    if (!list) byAction.set(a.action, (list = []));
    const g = frameworks.get(a.governanceFramework);
    list.push({
      authorization: a,
      fromMs: instantMs(a.validity.from),
      untilMs: a.validity.until === undefined ? Number.POSITIVE_INFINITY : instantMs(a.validity.until),
      events: indexEvents(a.history),
      types: new Set(a.resource.credentialTypes),
      jurisdictions: a.resource.jurisdictions,
      maxLevel: a.resource.maxAssuranceLevel ?? 1,
      purposes: a.resource.purposes ? new Set(a.resource.purposes) : undefined,
      attributes: a.resource.attributes ? new Set(a.resource.attributes) : undefined,
      governance: g,
      governanceFromMs: g ? instantMs(g.effective.from) : Number.NaN,
      governanceUntilMs: g?.effective.until === undefined ? Number.POSITIVE_INFINITY : instantMs(g.effective.until),
    });
  }
  const recognitions = state.recognitions.map((r) => ({
    recognition: r,
    fromMs: instantMs(r.validity.from),
    untilMs: r.validity.until === undefined ? Number.POSITIVE_INFINITY : instantMs(r.validity.until),
    events: indexEvents(r.history),
    actions: new Set(r.scope.actions),
    allTypes: r.scope.credentialTypes.includes('*'),
    types: new Set(r.scope.credentialTypes),
    mapping: r.assuranceMapping ? new Map(r.assuranceMapping.map((m) => [m.from as number, m.to])) : undefined,
  }));
  return {
    state,
    ref: { registry: state.registry.id, sequence: state.sequence, digest: source.stateDigest ?? stateDigest(state) },
    nextUpdateMs: source.nextUpdate === undefined ? Number.POSITIVE_INFINITY : instantMs(source.nextUpdate),
    entities,
    authorizations,
    recognitions,
  };
}

function isSource(value: RegistryState | RegistrySource): value is RegistrySource {
  return 'state' in value && !('registry' in value);
}

/**
 * Indexes registry states (live states, or the registries of a verified bundle) for evaluation.
 * Validates every state unless told not to; throws `ERR_TR_STATE_INVALID`, `ERR_TR_IDENTIFIER_CONFLICT`
 * or `ERR_TR_ROOT_UNKNOWN`.
 *
 * @example
 * ```ts
 * const index = buildTrustIndex(seed.states, { root: seed.root });
 * const decision = evaluate(index, { entity, action: 'issue', credentialType, jurisdiction: 'CA-BC', at });
 * ```
 */
export function buildTrustIndex(sources: ReadonlyArray<RegistryState | RegistrySource>, options: BuildTrustIndexOptions = {}): TrustIndex {
  const validate = options.validate ?? true;
  const registries = new Map<string, IndexedRegistry>();
  const aliases = new Map<string, string>();
  for (const s of sources) {
    const r = indexRegistry(isSource(s) ? s : { state: s }, validate);
    const id = r.state.registry.id;
    if (registries.has(id)) throw new TrustBridgeError(ErrorCodes.ERR_TR_STATE_INVALID, 'A registry appears twice.', { details: { registry: id } });
    registries.set(id, r);
    aliases.set(id, id);
    if (!aliases.has(r.state.registry.authority)) aliases.set(r.state.registry.authority, id);
  }
  const first = registries.keys().next().value;
  const root = options.root === undefined ? first : aliases.get(options.root);
  if (root === undefined) {
    throw new TrustBridgeError(ErrorCodes.ERR_TR_ROOT_UNKNOWN, 'The root registry is not among the sources.', {
      details: { root: options.root ?? null },
    });
  }
  const graceSeconds = options.graceSeconds ?? 0;
  if (!(graceSeconds >= 0)) throw new TrustBridgeError(ErrorCodes.ERR_TR_QUERY_INVALID, 'graceSeconds must be >= 0.');
  return { root, registries, aliases, graceSeconds };
}

/** The snapshot references of every registry in an index, root first. */
export function indexSnapshots(index: TrustIndex): SnapshotRef[] {
  const root = index.registries.get(index.root)!;
  return [root.ref, ...[...index.registries.values()].filter((r) => r !== root).map((r) => r.ref)];
}

/**
 * Finds an entity by any of its identifiers (canonical id, DID, unqualified Indy DID, `did:sov:` form,
 * registry number, BN9 or BN15) in every registry of the index, root first.
 */
export function findEntity(index: TrustIndex, identifier: string): Array<{ registry: string; entity: Entity }> {
  const out: Array<{ registry: string; entity: Entity }> = [];
  const ordered = [index.registries.get(index.root)!, ...[...index.registries.values()].filter((r) => r.ref.registry !== index.root)];
  for (const r of ordered) {
    const entity = lookupEntity(r, identifier);
    if (entity) out.push({ registry: r.ref.registry, entity });
  }
  return out;
}


/** @internal */
export function lookupEntity(registry: IndexedRegistry, identifier: string, keys?: string[]): Entity | undefined {
  const direct = registry.entities.get(identifier);
  if (direct) return direct;
  keys ??= lookupKeys(identifier);
  for (let i = 1; i < keys.length; i++) {
    const e = registry.entities.get(keys[i]!);
    if (e) return e;
  }
  return undefined;
}
