/**
 * The trust registry service: hosted registries rebuilt from the store's append-only history
 * (event sourcing), an evaluation index rebuilt after every change, and a signed, hash-chained
 * snapshot published with every change. HTTP lives in `registry-app.ts`; this class has no I/O
 * besides the store.
 */
import {
  TrustBridgeError,
  base64urlDecode,
  isTrustBridgeError,
  systemClock,
  utf8Decode,
  type Clock,
  type Signer,
} from '@trustbridge/core';
import { appendHistory, bodyDigest, listHistory, type HistoryEntry, type SqlClient, type SqlExecutor } from '@trustbridge/store';
import {
  buildTrustIndex,
  createBundle,
  createDelta,
  createSnapshot,
  evaluate,
  signDelta,
  stateDigest,
  type Authorization,
  type Decision,
  type Entity,
  type RegistryState,
  type SignedSnapshot,
  type SnapshotPayload,
  type StatusEvent,
  type StatusValue,
  type TrustIndex,
  type TrustQuery,
  type TrustRegistryBundle,
} from '@trustbridge/trust-registry';
import type { Logger } from '../logger.js';
import { createSilentLogger } from '../logger.js';
import {
  CATALOG_HOSTED,
  CATALOG_STREAM,
  RegistryEventKinds,
  applyRegistryChange,
  type HostedRegistryEvent,
  type RegistryChange,
  type SnapshotPublishedEvent,
} from './events.js';

/** A registry operator's snapshot key: the signer, and its public key as listed in `registry.snapshotKeys`. */
export interface RegistryOperatorKey {
  signer: Signer;
  publicKeyMultibase: string;
}

/** Initial data for an empty store: the registries to host and the root evaluations start from. */
export interface RegistrySeed {
  root: string;
  states: RegistryState[];
}

/** Options of {@link RegistryService.open}. */
export interface OpenRegistryServiceOptions {
  /** Where the history lives (embedded or PostgreSQL). */
  store: SqlClient;
  /** Operator keys by registry id. Each must be listed in its registry's `snapshotKeys`. */
  operatorKeys: Readonly<Record<string, RegistryOperatorKey>>;
  /** Written when the store holds no registry yet; ignored otherwise (the history is the truth). */
  seed?: RegistrySeed;
  /** Default: the system clock. Times of change events, snapshots and evaluations. */
  clock?: Clock;
  /** A snapshot's `nextUpdate` is this many seconds after its `issuedAt`. Default 86,400 (one day). */
  snapshotTtlSeconds?: number;
  logger?: Logger;
}

/** A status change asked of the admin API (`status` may be omitted to only declare `compromisedSince`). */
export interface StatusChange {
  status?: StatusValue;
  /** When it takes effect. Default: now. Never before the last event (append-only). */
  at?: string;
  reason?: string;
  compromisedSince?: string;
}

/** What the service did: the new registry sequence and the snapshot published for it. */
export interface ChangeResult {
  registry: string;
  sequence: number;
  snapshot: { sequence: number; digest: string };
  historySeq: number;
}

interface Hosted {
  state: RegistryState;
  snapshots: SignedSnapshot[];
  /** Last history `seq` of this registry's stream seen by this process (optimistic concurrency). */
  lastSeq: number;
}

const PAGE = 1000;

/** The history stream of a hosted registry. */
export function registryStream(registry: string): string {
  return `trust-registry:${registry}`;
}

async function readStream(db: SqlExecutor, stream: string): Promise<HistoryEntry[]> {
  const out: HistoryEntry[] = [];
  for (let afterSeq = 0; ; ) {
    const page = await listHistory(db, { stream, afterSeq, limit: PAGE });
    for (const entry of page) {
      // The stored digest covers the exact text: detects edits made outside the store's triggers.
      if (bodyDigest(entry.bodyText) !== entry.digest) {
        throw new TrustBridgeError('ERR_REGISTRY_REPLAY', 'A history entry does not match its digest.', { details: { stream, seq: entry.seq } });
      }
      out.push(entry);
    }
    if (page.length < PAGE) return out;
    afterSeq = page[page.length - 1]!.seq;
  }
}

/** Decodes a snapshot this service signed earlier (its bytes come from our own append-only history). */
function decodeOwnSnapshot(jws: string, digest: string): SignedSnapshot {
  const payload = JSON.parse(utf8Decode(base64urlDecode(jws.split('.')[1] ?? ''))) as SnapshotPayload;
  return { jws, digest, payload };
}

function notFound(what: string, details: Record<string, unknown>): TrustBridgeError {
  return new TrustBridgeError('ERR_REGISTRY_NOT_FOUND', `No ${what} with this identifier.`, { details });
}

/**
 * A trust registry service over a store. Stateful (hence a class): open it with
 * {@link RegistryService.open}, which replays the history; every change is appended to history,
 * applied, signed as a new snapshot and re-indexed. Writes are serialised within a process; a second
 * process writing the same registry is detected (`ERR_REGISTRY_CONFLICT`) and this one reloads.
 *
 * @example
 * ```ts
 * const registry = await RegistryService.open({ store, operatorKeys, seed: { root, states }, clock });
 * await registry.changeAuthorizationStatus(authorizationId, { status: 'suspended', reason: 'investigation' });
 * const decision = registry.evaluate({ entity, action: 'issue', credentialType, jurisdiction: 'CA-BC' });
 * ```
 */
export class RegistryService {
  readonly #store: SqlClient;
  readonly #keys: Readonly<Record<string, RegistryOperatorKey>>;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #logger: Logger;
  #root = '';
  #hosted = new Map<string, Hosted>();
  #index!: TrustIndex;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(options: OpenRegistryServiceOptions) {
    this.#store = options.store;
    this.#keys = options.operatorKeys;
    this.#clock = options.clock ?? systemClock;
    const ttl = options.snapshotTtlSeconds ?? 86_400;
    if (!Number.isInteger(ttl) || ttl < 60) throw new TrustBridgeError('ERR_REGISTRY_CONFIG', 'snapshotTtlSeconds must be an integer >= 60.');
    this.#ttlMs = ttl * 1000;
    this.#logger = options.logger ?? createSilentLogger();
  }

  /**
   * Opens the service: replays the history of every hosted registry, or writes the seed (initial
   * states and their first snapshots) into an empty store. Throws `ERR_REGISTRY_NOT_INITIALIZED`
   * (empty store, no seed), `ERR_REGISTRY_OPERATOR_KEY` (a key not listed in its registry's
   * `snapshotKeys`) or `ERR_REGISTRY_REPLAY` (history that does not replay to its own snapshots).
   */
  static async open(options: OpenRegistryServiceOptions): Promise<RegistryService> {
    const service = new RegistryService(options);
    await service.#load(options.seed);
    return service;
  }

  /** The root registry's id (the one evaluations start from). */
  get root(): string {
    return this.#root;
  }

  /** The current evaluation index (live states: never stale). */
  get index(): TrustIndex {
    return this.#index;
  }

  /** Every hosted registry's current state, root first. */
  states(): RegistryState[] {
    return [...this.#hosted.values()].map((h) => h.state);
  }

  /** One hosted registry's current state. Throws `ERR_REGISTRY_NOT_FOUND`. */
  state(registry: string): RegistryState {
    return this.#get(registry).state;
  }

  /** The latest signed snapshot of a hosted registry (default: the root). */
  latestSnapshot(registry: string = this.#root): SignedSnapshot {
    const list = this.#get(registry).snapshots;
    return list[list.length - 1]!;
  }

  /** All snapshots of a registry, oldest first (a hash chain). */
  snapshots(registry: string = this.#root): readonly SignedSnapshot[] {
    return this.#get(registry).snapshots;
  }

  /** Evaluates a query against the live index (`at` defaults to now). Throws `ERR_TR_QUERY_INVALID`. */
  evaluate(query: Omit<TrustQuery, 'at'> & { at?: string }): Decision {
    return evaluate(this.#index, { ...query, at: query.at ?? this.#now() });
  }

  /** The latest snapshot of every hosted registry, root first, as an offline bundle. */
  bundle(): TrustRegistryBundle {
    return createBundle({ root: this.#root, createdAt: this.#now(), snapshots: [...this.#hosted.keys()].map((id) => this.latestSnapshot(id)) });
  }

  /**
   * The signed changes of a registry since snapshot `since` (a compact JWS `trust-registry-delta+jws`),
   * or `null` when `since` is the latest. Throws `ERR_REGISTRY_NOT_FOUND` for a sequence never published.
   */
  async delta(registry: string, since: number): Promise<{ registry: string; fromSequence: number; toSequence: number; delta: string | null }> {
    const hosted = this.#get(registry);
    const from = hosted.snapshots.find((s) => s.payload.sequence === since);
    if (!from) throw notFound('snapshot', { registry, sequence: since });
    const latest = hosted.snapshots[hosted.snapshots.length - 1]!;
    if (from === latest) return { registry, fromSequence: since, toSequence: since, delta: null };
    const delta = createDelta(from.payload.state, latest.payload.state);
    return { registry, fromSequence: since, toSequence: latest.payload.sequence, delta: await signDelta(delta, this.#key(registry).signer) };
  }

  /** The registry holding an authorization, and the authorization. Throws `ERR_REGISTRY_NOT_FOUND`. */
  findAuthorization(id: string): { registry: string; authorization: Authorization } {
    for (const [registry, h] of this.#hosted) {
      const authorization = h.state.authorizations.find((a) => a.id === id);
      if (authorization) return { registry, authorization };
    }
    throw notFound('authorization', { authorization: id });
  }

  /**
   * An authorization's status history (from the state) and the recorded changes to it (from the
   * store's history, in order, with the time each was recorded).
   */
  async authorizationHistory(id: string): Promise<{ registry: string; authorization: string; history: StatusEvent[]; changes: Array<{ seq: number; kind: string; recordedAt: string; body: unknown }> }> {
    const { registry, authorization } = this.findAuthorization(id);
    const entries = await listHistory(this.#store, { stream: registryStream(registry), subject: id, limit: 10_000 });
    return {
      registry,
      authorization: id,
      history: authorization.history,
      changes: entries.map((e) => ({ seq: e.seq, kind: e.kind, recordedAt: e.recordedAt.toISOString(), body: e.body })),
    };
  }

  /** Adds an entity to a hosted registry (default: the root). */
  addEntity(entity: Entity, registry: string = this.#root): Promise<ChangeResult> {
    return this.#change(registry, { kind: RegistryEventKinds.ENTITY_ADDED, subject: entity?.id, body: { entity } });
  }

  /** Adds an authorization to a hosted registry (default: the root). Its entity must be listed there. */
  addAuthorization(authorization: Authorization, registry: string = this.#root): Promise<ChangeResult> {
    return this.#change(registry, { kind: RegistryEventKinds.AUTHORIZATION_ADDED, subject: authorization?.id, body: { authorization } });
  }

  /**
   * Appends a status event to an authorization's history: suspend, revoke (final), reactivate, or
   * declare `compromisedSince` (keeping the current status when `status` is omitted).
   */
  changeAuthorizationStatus(id: string, change: StatusChange): Promise<ChangeResult> {
    const { registry, authorization } = this.findAuthorization(id);
    const current = authorization.history[authorization.history.length - 1]?.status;
    const status = change.status ?? current;
    if (!status) throw new TrustBridgeError('ERR_REQUEST_INVALID', 'status is required: the authorization has no status yet.');
    const event: StatusEvent = {
      status,
      at: change.at ?? this.#now(),
      ...(change.reason !== undefined ? { reason: change.reason } : {}),
      ...(change.compromisedSince !== undefined ? { compromisedSince: change.compromisedSince } : {}),
    };
    return this.#change(registry, { kind: RegistryEventKinds.AUTHORIZATION_STATUS, subject: id, body: { event } });
  }

  /** Re-publishes a registry (default: the root): sequence + 1, a new signed snapshot chained to the last. */
  publishSnapshot(registry: string = this.#root): Promise<ChangeResult> {
    return this.#serialised(async () => {
      const hosted = this.#get(registry);
      const next = { ...hosted.state, sequence: hosted.state.sequence + 1 };
      return this.#commit(registry, hosted, next, []);
    });
  }

  // -----------------------------------------------------------------------------------------------

  #now(): string {
    return this.#clock().toISOString();
  }

  #get(registry: string): Hosted {
    const hosted = this.#hosted.get(registry);
    if (!hosted) throw notFound('registry', { registry });
    return hosted;
  }

  #key(registry: string): RegistryOperatorKey {
    const key = this.#keys[registry];
    if (!key) throw new TrustBridgeError('ERR_REGISTRY_OPERATOR_KEY', 'No operator key is configured for this registry.', { details: { registry } });
    return key;
  }

  #serialised<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #change(registry: string, change: RegistryChange): Promise<ChangeResult> {
    return this.#serialised(async () => {
      const hosted = this.#get(registry);
      const next = applyRegistryChange(hosted.state, change);
      return this.#commit(registry, hosted, next, [change]);
    });
  }

  /** Signs the next snapshot and appends the change(s) and the snapshot in one transaction. */
  async #commit(registry: string, hosted: Hosted, next: RegistryState, changes: RegistryChange[]): Promise<ChangeResult> {
    const key = this.#key(registry);
    const issuedAt = this.#clock();
    const previous = hosted.snapshots[hosted.snapshots.length - 1];
    const snapshot = await createSnapshot(next, {
      signer: key.signer,
      issuedAt: issuedAt.toISOString(),
      nextUpdate: new Date(issuedAt.getTime() + this.#ttlMs).toISOString(),
      ...(previous ? { previous } : {}),
    });
    let lastSeq: number;
    try {
      lastSeq = await this.#store.transaction(
        async (tx) => {
          // Optimistic concurrency: nothing may have been appended to this stream since we loaded it.
          const newer = await listHistory(tx, { stream: registryStream(registry), afterSeq: hosted.lastSeq, limit: 1 });
          if (newer.length > 0) throw new TrustBridgeError('ERR_REGISTRY_CONFLICT', 'The registry was changed by another writer; retry.', { details: { registry } });
          let seq = hosted.lastSeq;
          for (const c of changes) seq = (await appendHistory(tx, { stream: registryStream(registry), subject: c.subject, kind: c.kind, body: c.body }, { clock: this.#clock })).seq;
          const body: SnapshotPublishedEvent = { sequence: snapshot.payload.sequence, digest: snapshot.digest, jws: snapshot.jws };
          seq = (await appendHistory(tx, { stream: registryStream(registry), subject: registry, kind: RegistryEventKinds.SNAPSHOT_PUBLISHED, body }, { clock: this.#clock })).seq;
          return seq;
        },
        { isolation: 'serializable' },
      );
    } catch (error) {
      if (isTrustBridgeError(error) && error.code === 'ERR_REGISTRY_CONFLICT') {
        // Another process wrote this registry: catch up so the next attempt starts from the truth.
        await this.#load(undefined);
      }
      throw error;
    }
    hosted.state = next;
    hosted.snapshots = [...hosted.snapshots, snapshot];
    hosted.lastSeq = lastSeq;
    this.#reindex();
    this.#logger.info({ registry, sequence: next.sequence, snapshot: snapshot.digest, changes: changes.map((c) => c.kind) }, 'trust registry changed');
    return { registry, sequence: next.sequence, snapshot: { sequence: snapshot.payload.sequence, digest: snapshot.digest }, historySeq: lastSeq };
  }

  #reindex(): void {
    this.#index = buildTrustIndex(this.states(), { root: this.#root, validate: false });
  }

  async #load(seed: RegistrySeed | undefined): Promise<void> {
    let catalog = await readStream(this.#store, CATALOG_STREAM);
    if (catalog.length === 0) {
      if (!seed) throw new TrustBridgeError('ERR_REGISTRY_NOT_INITIALIZED', 'The store holds no trust registry; initialise it with a seed.');
      await this.#writeSeed(seed);
      catalog = await readStream(this.#store, CATALOG_STREAM);
    }
    const hosted = new Map<string, Hosted>();
    let root = '';
    for (const entry of catalog) {
      const body = entry.body as HostedRegistryEvent;
      if (entry.kind !== CATALOG_HOSTED || hosted.has(body.registry)) continue;
      if (body.root && !root) root = body.registry;
      hosted.set(body.registry, await this.#replay(body.registry));
    }
    if (!root || !hosted.has(root)) throw new TrustBridgeError('ERR_REGISTRY_REPLAY', 'The catalog names no root registry.');
    // Root first: bundles and listings start from it.
    this.#hosted = new Map([[root, hosted.get(root)!], ...[...hosted].filter(([id]) => id !== root)]);
    this.#root = root;
    for (const [id, h] of this.#hosted) {
      const key = this.#keys[id];
      if (key && !h.state.registry.snapshotKeys.includes(key.publicKeyMultibase)) {
        throw new TrustBridgeError('ERR_REGISTRY_OPERATOR_KEY', 'The operator key is not one of the registry\'s snapshot keys.', { details: { registry: id } });
      }
    }
    this.#reindex();
    this.#logger.info({ root, registries: [...this.#hosted.keys()], sequence: this.state(root).sequence }, 'trust registry loaded');
  }

  async #replay(registry: string): Promise<Hosted> {
    let state: RegistryState | undefined;
    const snapshots: SignedSnapshot[] = [];
    let lastSeq = 0;
    for (const entry of await readStream(this.#store, registryStream(registry))) {
      lastSeq = entry.seq;
      if (entry.kind === RegistryEventKinds.SNAPSHOT_PUBLISHED) {
        const body = entry.body as SnapshotPublishedEvent;
        const snapshot = decodeOwnSnapshot(body.jws, body.digest);
        if (!state) throw new TrustBridgeError('ERR_REGISTRY_REPLAY', 'A snapshot precedes the registry\'s creation.', { details: { registry, seq: entry.seq } });
        // A re-publication bumps the sequence without another change.
        if (snapshot.payload.sequence > state.sequence) state = { ...state, sequence: snapshot.payload.sequence };
        const previous = snapshots[snapshots.length - 1];
        if (stateDigest(state) !== snapshot.payload.stateDigest || (previous && snapshot.payload.previous?.digest !== previous.digest)) {
          throw new TrustBridgeError('ERR_REGISTRY_REPLAY', 'The history does not replay to its published snapshot.', { details: { registry, seq: entry.seq } });
        }
        snapshots.push(snapshot);
        continue;
      }
      state = applyRegistryChange(state, { kind: entry.kind, subject: entry.subject, body: entry.body } as RegistryChange);
    }
    if (!state || snapshots.length === 0) throw new TrustBridgeError('ERR_REGISTRY_REPLAY', 'A hosted registry has no history.', { details: { registry } });
    if (snapshots[snapshots.length - 1]!.payload.sequence !== state.sequence) {
      throw new TrustBridgeError('ERR_REGISTRY_REPLAY', 'The last change of a registry has no snapshot.', { details: { registry } });
    }
    return { state, snapshots, lastSeq };
  }

  async #writeSeed(seed: RegistrySeed): Promise<void> {
    if (!seed.states.some((s) => s.registry.id === seed.root)) throw new TrustBridgeError('ERR_REGISTRY_CONFIG', 'The seed root is not among its states.');
    const issuedAt = this.#clock();
    const signed: Array<{ state: RegistryState; snapshot: SignedSnapshot }> = [];
    for (const input of seed.states) {
      const state = applyRegistryChange(undefined, { kind: RegistryEventKinds.CREATED, subject: input.registry.id, body: { state: input } });
      const key = this.#key(state.registry.id);
      if (!state.registry.snapshotKeys.includes(key.publicKeyMultibase)) {
        throw new TrustBridgeError('ERR_REGISTRY_OPERATOR_KEY', 'The operator key is not one of the registry\'s snapshot keys.', { details: { registry: state.registry.id } });
      }
      const snapshot = await createSnapshot(state, { signer: key.signer, issuedAt: issuedAt.toISOString(), nextUpdate: new Date(issuedAt.getTime() + this.#ttlMs).toISOString() });
      signed.push({ state, snapshot });
    }
    await this.#store.transaction(
      async (tx) => {
        // Two processes seeding one empty store at once: the second finds the catalog written and stops.
        if ((await listHistory(tx, { stream: CATALOG_STREAM, limit: 1 })).length > 0) return;
        for (const { state, snapshot } of signed) {
          const id = state.registry.id;
          await appendHistory(tx, { stream: registryStream(id), subject: id, kind: RegistryEventKinds.CREATED, body: { state } }, { clock: this.#clock });
          const body: SnapshotPublishedEvent = { sequence: snapshot.payload.sequence, digest: snapshot.digest, jws: snapshot.jws };
          await appendHistory(tx, { stream: registryStream(id), subject: id, kind: RegistryEventKinds.SNAPSHOT_PUBLISHED, body }, { clock: this.#clock });
          const hosted: HostedRegistryEvent = { registry: id, root: id === seed.root };
          await appendHistory(tx, { stream: CATALOG_STREAM, subject: id, kind: CATALOG_HOSTED, body: hosted }, { clock: this.#clock });
        }
      },
      { isolation: 'serializable' },
    );
  }
}
