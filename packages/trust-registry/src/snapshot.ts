/**
 * Signed, hash-chained snapshots and bundles.
 *
 * Format (docs/trust-registry.md "Snapshot format"): a compact JWS (RFC 7515 §7.1) with protected
 * header `{"alg":"EdDSA","typ":"trust-registry-snapshot+jws","kid":…}` (RFC 8037 Ed25519) over the
 * JCS (RFC 8785) bytes of a {@link SnapshotPayload}. The snapshot's digest is SHA-256 over the ASCII of
 * the whole compact JWS; the next snapshot names it in `previous.digest`, forming a hash chain.
 */
import { TrustBridgeError, base64urlDecode, base64urlEncode, isObject, parseJson, utf8Decode, utf8Encode, type Clock, type Signer } from '@trustbridge/core';
import { decodeEd25519PublicKeyMultibase, ed25519VerifySync } from '@trustbridge/keys';
import { canonicalJson, sha256Digest, stateDigest } from './canonical.js';
import { ErrorCodes, type ErrorCode } from './codes.js';
import type { Instant, RegistryState } from './model.js';
import { instantMs, isInstant } from './time.js';
import { buildTrustIndex, type TrustIndex } from './trust-index.js';
import { historyRewrites, validateRegistryState } from './validate.js';

export const SNAPSHOT_TYP = 'trust-registry-snapshot+jws';
export const DELTA_TYP = 'trust-registry-delta+jws';

/** What a snapshot signs. */
export interface SnapshotPayload {
  type: 'TrustRegistrySnapshot';
  registry: string;
  /** Equal to `state.sequence`; strictly increasing from one snapshot to the next. */
  sequence: number;
  issuedAt: Instant;
  /** After this instant (plus the verifier's grace) the snapshot is stale: evaluations are indeterminate. */
  nextUpdate: Instant;
  /** The previous snapshot: its sequence and digest (absent only for the first). */
  previous?: { sequence: number; digest: string };
  /** `stateDigest(state)`: what decisions report. */
  stateDigest: string;
  state: RegistryState;
}

/** A signed snapshot. */
export interface SignedSnapshot {
  jws: string;
  /** `sha256:<hex>` of the compact JWS; the next snapshot's `previous.digest`. */
  digest: string;
  payload: SnapshotPayload;
}

/** Last seen snapshot of a registry, kept by a verifier to detect rollback and forks. */
export interface SnapshotCheckpoint {
  sequence: number;
  digest: string;
}

export interface CreateSnapshotOptions {
  /** The operator's Ed25519 signer (`algorithm` `EdDSA`). */
  signer: Signer;
  issuedAt: Instant;
  nextUpdate: Instant;
  /** The previous snapshot (or its checkpoint); absent for the first snapshot. */
  previous?: SignedSnapshot | SnapshotCheckpoint;
}

function signingInput(header: object, payload: object): string {
  return base64urlEncode(utf8Encode(JSON.stringify(header))) + '.' + base64urlEncode(utf8Encode(canonicalJson(payload)));
}

async function signCompact(typ: string, payload: object, signer: Signer): Promise<string> {
  if (signer.algorithm !== 'EdDSA') throw new TrustBridgeError('ERR_TR_SIGNER_UNSUPPORTED', 'Snapshots are signed with EdDSA (Ed25519).');
  const input = signingInput({ alg: 'EdDSA', typ, kid: signer.id }, payload);
  const signature = await signer.sign(utf8Encode(input));
  return input + '.' + base64urlEncode(signature);
}

/**
 * Signs a registry state as a snapshot. Throws `ERR_TR_STATE_INVALID` for an invalid state and
 * `ERR_TR_SNAPSHOT_SEQUENCE` unless `state.sequence` is above the previous snapshot's.
 *
 * @example
 * ```ts
 * const s1 = await createSnapshot(state, { signer, issuedAt: '2025-06-01T00:00:00Z', nextUpdate: '2025-06-02T00:00:00Z' });
 * const s2 = await createSnapshot({ ...state, sequence: 2 }, { signer, issuedAt, nextUpdate, previous: s1 });
 * ```
 */
export async function createSnapshot(state: RegistryState, options: CreateSnapshotOptions): Promise<SignedSnapshot> {
  validateRegistryState(state);
  const { issuedAt, nextUpdate } = options;
  if (!isInstant(issuedAt) || !isInstant(nextUpdate) || instantMs(nextUpdate) <= instantMs(issuedAt)) {
    throw new TrustBridgeError(ErrorCodes.ERR_TR_SNAPSHOT_MALFORMED, 'issuedAt and nextUpdate must be RFC 3339 UTC with nextUpdate after issuedAt.');
  }
  const prev = options.previous && ('payload' in options.previous ? { sequence: options.previous.payload.sequence, digest: options.previous.digest } : options.previous);
  if (prev && state.sequence <= prev.sequence) {
    throw new TrustBridgeError(ErrorCodes.ERR_TR_SNAPSHOT_SEQUENCE, 'The state sequence must be above the previous snapshot sequence.', {
      details: { sequence: state.sequence, previous: prev.sequence },
    });
  }
  const payload: SnapshotPayload = {
    type: 'TrustRegistrySnapshot',
    registry: state.registry.id,
    sequence: state.sequence,
    issuedAt,
    nextUpdate,
    ...(prev ? { previous: { sequence: prev.sequence, digest: prev.digest } } : {}),
    stateDigest: stateDigest(state),
    state,
  };
  const jws = await signCompact(SNAPSHOT_TYP, payload, options.signer);
  return { jws, digest: sha256Digest(jws), payload };
}

/** Limits for parsing untrusted snapshots. */
export interface SnapshotLimits {
  /** Default 64 MiB. */
  maxBytes?: number;
}

interface Parsed {
  jws: string;
  digest: string;
  input: Uint8Array;
  signature: Uint8Array;
  payload: unknown;
}

class SnapshotFailure extends Error {
  constructor(readonly code: ErrorCode, message: string) {
    super(message);
  }
}

function parseCompact(jws: unknown, typ: string, limits: SnapshotLimits): Parsed {
  if (typeof jws !== 'string') throw new SnapshotFailure(ErrorCodes.ERR_TR_SNAPSHOT_MALFORMED, 'Snapshot must be a compact JWS string.');
  const maxBytes = limits.maxBytes ?? 64 * 1024 * 1024;
  if (jws.length > maxBytes * 2) throw new SnapshotFailure(ErrorCodes.ERR_TR_SNAPSHOT_MALFORMED, 'Snapshot is too large.');
  const parts = jws.split('.');
  if (parts.length !== 3) throw new SnapshotFailure(ErrorCodes.ERR_TR_SNAPSHOT_MALFORMED, 'Snapshot must be a compact JWS.');
  try {
    const header = parseJson(base64urlDecode(parts[0]!), { maxBytes: 4096, maxDepth: 4 });
    // Algorithm allow-list: EdDSA only (rejects `none` and algorithm confusion); no `crit` extensions.
    if (!isObject(header) || header.alg !== 'EdDSA' || header.typ !== typ || 'crit' in header || 'b64' in header) {
      throw new SnapshotFailure(ErrorCodes.ERR_TR_SNAPSHOT_MALFORMED, 'Unsupported snapshot header.');
    }
    const payload = parseJson(utf8Decode(base64urlDecode(parts[1]!)), { maxBytes, maxDepth: 32 });
    return {
      jws,
      digest: sha256Digest(jws),
      input: utf8Encode(parts[0] + '.' + parts[1]),
      signature: base64urlDecode(parts[2]!),
      payload,
    };
  } catch (e) {
    if (e instanceof SnapshotFailure) throw e;
    throw new SnapshotFailure(ErrorCodes.ERR_TR_SNAPSHOT_MALFORMED, 'Snapshot is not well-formed.');
  }
}

function verifySignature(p: Parsed, keys: Uint8Array[]): boolean {
  return keys.some((k) => ed25519VerifySync(p.input, p.signature, k));
}

function checkPayload(p: Parsed): SnapshotPayload {
  const x = p.payload;
  if (
    !isObject(x) || x.type !== 'TrustRegistrySnapshot' || typeof x.registry !== 'string' || !Number.isSafeInteger(x.sequence) ||
    !isInstant(x.issuedAt) || !isInstant(x.nextUpdate) || typeof x.stateDigest !== 'string' || !isObject(x.state) ||
    (x.previous !== undefined && !(isObject(x.previous) && Number.isSafeInteger(x.previous.sequence) && typeof x.previous.digest === 'string'))
  ) {
    throw new SnapshotFailure(ErrorCodes.ERR_TR_SNAPSHOT_MALFORMED, 'Snapshot payload is not well-formed.');
  }
  let state: RegistryState;
  try {
    state = validateRegistryState(x.state);
  } catch {
    throw new SnapshotFailure(ErrorCodes.ERR_TR_SNAPSHOT_MALFORMED, 'Snapshot state is invalid.');
  }
  if (state.registry.id !== x.registry || state.sequence !== x.sequence || stateDigest(state) !== x.stateDigest) {
    throw new SnapshotFailure(ErrorCodes.ERR_TR_SNAPSHOT_MALFORMED, 'Snapshot header fields do not match its state.');
  }
  return x as unknown as SnapshotPayload;
}

/** A snapshot that passed verification, ready to index. */
export interface VerifiedSnapshot {
  registry: string;
  sequence: number;
  digest: string;
  stateDigest: string;
  issuedAt: Instant;
  nextUpdate: Instant;
  /** True when past `nextUpdate` (+ grace): evaluations through it are indeterminate. */
  stale: boolean;
  state: RegistryState;
}

/** A problem found in a bundle. Codes: `ERR_TR_SNAPSHOT_*`, `ERR_TR_HISTORY_REWRITTEN`. */
export interface BundleProblem {
  code: ErrorCode;
  message: string;
  registry?: string;
  sequence?: number;
}

/** Local and peer registries' snapshots, shipped together for offline use. */
export interface TrustRegistryBundle {
  type: 'TrustRegistryBundle';
  /** The registry evaluations start from. */
  root: string;
  createdAt: Instant;
  /** Compact JWS snapshots. Several per registry are allowed (ascending sequence, chained). */
  snapshots: string[];
}

/** Builds a bundle from signed snapshots (yours and your peers'). */
export function createBundle(options: { root: string; createdAt: Instant; snapshots: Array<SignedSnapshot | string> }): TrustRegistryBundle {
  return {
    type: 'TrustRegistryBundle',
    root: options.root,
    createdAt: options.createdAt,
    snapshots: options.snapshots.map((s) => (typeof s === 'string' ? s : s.jws)),
  };
}

export interface VerifyBundleOptions {
  /**
   * Pinned snapshot keys per registry id (`publicKeyMultibase` strings or raw 32-byte keys). A peer
   * without an anchor is verified with the `snapshotKeys` of a recognition in an already-verified
   * registry; a registry reachable neither way is rejected (`ERR_TR_SNAPSHOT_ANCHOR_UNKNOWN`).
   */
  anchors: Record<string, ReadonlyArray<string | Uint8Array>>;
  clock: Clock;
  /** Last seen snapshot per registry id, to detect rollback and forks. */
  previous?: Record<string, SnapshotCheckpoint>;
  /** Seconds a snapshot stays usable after `nextUpdate` (default 0). */
  graceSeconds?: number;
  limits?: SnapshotLimits;
}

/** The outcome of {@link verifyBundle}: a result, never an exception for untrusted input. */
export interface BundleVerification {
  /** True when every snapshot verified, none is stale, and the root registry is present. */
  verified: boolean;
  root: string;
  /** The latest verified snapshot of each accepted registry (stale ones included, marked). */
  registries: VerifiedSnapshot[];
  problems: BundleProblem[];
  /** Checkpoints to store and pass as `previous` next time. */
  checkpoints: Record<string, SnapshotCheckpoint>;
}

function toKey(k: string | Uint8Array): Uint8Array | undefined {
  try {
    return typeof k === 'string' ? decodeEd25519PublicKeyMultibase(k) : k.length === 32 ? k : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies a bundle offline against pinned anchors: each snapshot's EdDSA signature, its hash chain
 * (within the bundle and to `previous`), sequence monotonicity (rollback), append-only histories and
 * freshness. A registry with any failure is left out (fail closed); a stale one is kept but marked,
 * and evaluations through it are indeterminate.
 *
 * @example
 * ```ts
 * const v = verifyBundle(bundle, { anchors: { [hubId]: [hubKeyMultibase] }, clock, previous: saved });
 * if (!v.verified) log(v.problems);
 * const index = indexFromBundle(v);
 * ```
 */
export function verifyBundle(bundle: TrustRegistryBundle, options: VerifyBundleOptions): BundleVerification {
  const now = options.clock().getTime();
  const grace = (options.graceSeconds ?? 0) * 1000;
  const problems: BundleProblem[] = [];
  const root = isObject(bundle) && typeof bundle.root === 'string' ? bundle.root : '';
  const snapshots = isObject(bundle) && Array.isArray(bundle.snapshots) ? bundle.snapshots : [];
  if (!isObject(bundle) || bundle.type !== 'TrustRegistryBundle' || !Array.isArray(bundle.snapshots)) {
    problems.push({ code: ErrorCodes.ERR_TR_SNAPSHOT_MALFORMED, message: 'Not a trust registry bundle.' });
  }
  // Parse; group by registry. Payload checks come after the signature check (below).
  const parsedByRegistry = new Map<string, Parsed[]>();
  for (const jws of snapshots) {
    try {
      const parsed = parseCompact(jws, SNAPSHOT_TYP, options.limits ?? {});
      const registry = isObject(parsed.payload) && typeof parsed.payload.registry === 'string' ? parsed.payload.registry : '';
      if (!registry) throw new SnapshotFailure(ErrorCodes.ERR_TR_SNAPSHOT_MALFORMED, 'Snapshot names no registry.');
      const list = parsedByRegistry.get(registry) ?? [];
      list.push(parsed);
      parsedByRegistry.set(registry, list);
    } catch (e) {
      const f = e as SnapshotFailure;
      problems.push({ code: f.code, message: f.message });
    }
  }
  const accepted = new Map<string, VerifiedSnapshot>();
  const rejected = new Set<string>();
  const pending = new Set(parsedByRegistry.keys());
  // Keys: anchors first; otherwise snapshotKeys from recognitions in registries already accepted.
  const keysFor = (registry: string): Uint8Array[] | undefined => {
    const anchored = options.anchors[registry];
    if (anchored) return anchored.map(toKey).filter((k): k is Uint8Array => k !== undefined);
    const keys: Uint8Array[] = [];
    for (const v of accepted.values()) {
      for (const r of v.state.recognitions) if (r.recognizes === registry && r.snapshotKeys) keys.push(...r.snapshotKeys.map(toKey).filter((k): k is Uint8Array => k !== undefined));
    }
    return keys.length ? keys : undefined;
  };
  let progress = true;
  while (progress && pending.size) {
    progress = false;
    for (const registry of [...pending]) {
      const keys = keysFor(registry);
      if (!keys) continue;
      pending.delete(registry);
      progress = true;
      const result = verifyChain(registry, parsedByRegistry.get(registry)!, keys, options.previous?.[registry]);
      if ('problem' in result) {
        problems.push(result.problem);
        rejected.add(registry);
        continue;
      }
      const latest = result.latest;
      const stale = now > instantMs(latest.nextUpdate) + grace;
      if (stale) problems.push({ code: ErrorCodes.ERR_TR_SNAPSHOT_STALE, message: 'Snapshot is past its nextUpdate.', registry, sequence: latest.sequence });
      accepted.set(registry, { ...latest, stale });
    }
  }
  for (const registry of pending) {
    problems.push({ code: ErrorCodes.ERR_TR_SNAPSHOT_ANCHOR_UNKNOWN, message: 'No pinned key for this registry.', registry });
  }
  const checkpoints: Record<string, SnapshotCheckpoint> = { ...(options.previous ?? {}) };
  for (const v of accepted.values()) checkpoints[v.registry] = { sequence: v.sequence, digest: v.digest };
  if (root && !accepted.has(root) && !rejected.has(root) && !pending.has(root)) {
    problems.push({ code: ErrorCodes.ERR_TR_SNAPSHOT_ANCHOR_UNKNOWN, message: 'The root registry has no snapshot in the bundle.', registry: root });
  }
  return { verified: problems.length === 0 && accepted.has(root), root, registries: [...accepted.values()], problems, checkpoints };
}

function verifyChain(registry: string, list: Parsed[], anchorKeys: Uint8Array[], previous: SnapshotCheckpoint | undefined): { latest: Omit<VerifiedSnapshot, 'stale'> } | { problem: BundleProblem } {
  let keys = anchorKeys;
  let prev: { payload: SnapshotPayload; digest: string } | undefined;
  for (const parsed of list) {
    // Signature before anything in the payload is trusted. Constant message for signature failures.
    if (!verifySignature(parsed, keys)) return { problem: { code: ErrorCodes.ERR_TR_SNAPSHOT_SIGNATURE, message: 'Invalid snapshot signature.', registry } };
    let payload: SnapshotPayload;
    try {
      payload = checkPayload(parsed);
    } catch (e) {
      const f = e as SnapshotFailure;
      return { problem: { code: f.code, message: f.message, registry } };
    }
    const seq = payload.sequence;
    if (previous) {
      if (seq < previous.sequence) return { problem: { code: ErrorCodes.ERR_TR_SNAPSHOT_ROLLBACK, message: 'Snapshot sequence is below the last one seen.', registry, sequence: seq } };
      if (seq === previous.sequence && parsed.digest !== previous.digest) return { problem: { code: ErrorCodes.ERR_TR_SNAPSHOT_CHAIN, message: 'Two different snapshots with the same sequence (fork).', registry, sequence: seq } };
      if (seq === previous.sequence + 1 && payload.previous?.digest !== previous.digest) return { problem: { code: ErrorCodes.ERR_TR_SNAPSHOT_CHAIN, message: 'Snapshot does not chain to the last one seen.', registry, sequence: seq } };
    }
    if (prev) {
      if (seq <= prev.payload.sequence) return { problem: { code: ErrorCodes.ERR_TR_SNAPSHOT_ROLLBACK, message: 'Snapshot sequences must increase.', registry, sequence: seq } };
      if (payload.previous?.sequence !== prev.payload.sequence || payload.previous.digest !== prev.digest) {
        return { problem: { code: ErrorCodes.ERR_TR_SNAPSHOT_CHAIN, message: 'Snapshot does not chain to its predecessor.', registry, sequence: seq } };
      }
      if (historyRewrites(prev.payload.state, payload.state).length) {
        return { problem: { code: ErrorCodes.ERR_TR_HISTORY_REWRITTEN, message: 'A status history was rewritten between snapshots.', registry, sequence: seq } };
      }
    }
    prev = { payload, digest: parsed.digest };
    // Key rotation: the next snapshot may be signed by a key this (verified) state lists, or an anchor.
    keys = [...anchorKeys, ...payload.state.registry.snapshotKeys.map(toKey).filter((k): k is Uint8Array => k !== undefined)];
  }
  const p = prev!.payload;
  return {
    latest: { registry, sequence: p.sequence, digest: prev!.digest, stateDigest: p.stateDigest, issuedAt: p.issuedAt, nextUpdate: p.nextUpdate, state: p.state },
  };
}

/**
 * Indexes the registries of a verified bundle for evaluation (stale ones make evaluations through them
 * indeterminate). Throws `ERR_TR_ROOT_UNKNOWN` when the root registry was not accepted.
 */
export function indexFromBundle(verification: BundleVerification, options: { graceSeconds?: number } = {}): TrustIndex {
  return buildTrustIndex(
    verification.registries.map((v) => ({ state: v.state, nextUpdate: v.nextUpdate, stateDigest: v.stateDigest })),
    { root: verification.root, validate: false, ...(options.graceSeconds !== undefined ? { graceSeconds: options.graceSeconds } : {}) },
  );
}

/** Verifies one snapshot against keys; a convenience over {@link verifyBundle}. */
export function verifySnapshot(jws: string, options: Omit<VerifyBundleOptions, 'anchors'> & { keys: ReadonlyArray<string | Uint8Array> }): BundleVerification {
  let registry = '';
  try {
    const p = parseCompact(jws, SNAPSHOT_TYP, options.limits ?? {}).payload;
    if (isObject(p) && typeof p.registry === 'string') registry = p.registry;
  } catch {
    // reported by verifyBundle below
  }
  return verifyBundle({ type: 'TrustRegistryBundle', root: registry, createdAt: new Date(0).toISOString(), snapshots: [jws] }, { ...options, anchors: { [registry]: options.keys } });
}

// ---------------------------------------------------------------------------------------------------
// Deltas: the changes between two states, signed like snapshots, applied with digest checks.

type Collection = 'governanceFrameworks' | 'entities' | 'authorizations' | 'recognitions';
const COLLECTIONS: Collection[] = ['governanceFrameworks', 'entities', 'authorizations', 'recognitions'];

/** The changes from one state to another (records replaced whole, by id). */
export interface RegistryDelta {
  type: 'TrustRegistryDelta';
  registry: string;
  fromSequence: number;
  toSequence: number;
  fromDigest: string;
  toDigest: string;
  /** Present when the registry metadata changed. */
  registryMetadata?: RegistryState['registry'];
  upsert: { [K in Collection]: RegistryState[K] };
  remove: { [K in Collection]: string[] };
}

/** The changes between `from` and `to` (two states of one registry, `to` later). */
export function createDelta(from: RegistryState, to: RegistryState): RegistryDelta {
  if (from.registry.id !== to.registry.id || to.sequence <= from.sequence) {
    throw new TrustBridgeError(ErrorCodes.ERR_TR_DELTA_MISMATCH, 'A delta goes from an earlier to a later state of one registry.');
  }
  const upsert = {} as RegistryDelta['upsert'];
  const remove = {} as RegistryDelta['remove'];
  for (const k of COLLECTIONS) {
    const old = new Map<string, string>((from[k] as Array<{ id: string }>).map((x) => [x.id, canonicalJson(x)]));
    const ids = new Set<string>();
    (upsert as Record<string, unknown[]>)[k] = (to[k] as Array<{ id: string }>).filter((x) => {
      ids.add(x.id);
      return old.get(x.id) !== canonicalJson(x);
    });
    remove[k] = [...old.keys()].filter((id) => !ids.has(id));
  }
  return {
    type: 'TrustRegistryDelta',
    registry: to.registry.id,
    fromSequence: from.sequence,
    toSequence: to.sequence,
    fromDigest: stateDigest(from),
    toDigest: stateDigest(to),
    ...(canonicalJson(from.registry) !== canonicalJson(to.registry) ? { registryMetadata: to.registry } : {}),
    upsert,
    remove,
  };
}

/**
 * Applies a delta and returns the new state. Throws `ERR_TR_DELTA_MISMATCH` when the delta is for
 * another state or the result's digest is not `toDigest`, and `ERR_TR_HISTORY_REWRITTEN` when it would
 * rewrite a status history. Order of records follows `to` for existing ids, new ones appended.
 */
export function applyDelta(state: RegistryState, delta: RegistryDelta): RegistryState {
  if (delta.registry !== state.registry.id || delta.fromSequence !== state.sequence || delta.fromDigest !== stateDigest(state)) {
    throw new TrustBridgeError(ErrorCodes.ERR_TR_DELTA_MISMATCH, 'The delta does not start from this state.');
  }
  const next = { ...state, registry: delta.registryMetadata ?? state.registry, sequence: delta.toSequence } as RegistryState;
  for (const k of COLLECTIONS) {
    const removed = new Set(delta.remove[k]);
    const changed = new Map((delta.upsert[k] as Array<{ id: string }>).map((x) => [x.id, x]));
    const out = (state[k] as Array<{ id: string }>).filter((x) => !removed.has(x.id)).map((x) => changed.get(x.id) ?? x);
    const present = new Set(out.map((x) => x.id));
    for (const [id, x] of changed) if (!present.has(id)) out.push(x);
    (next as unknown as Record<string, unknown>)[k] = out;
  }
  validateRegistryState(next);
  if (historyRewrites(state, next).length) {
    throw new TrustBridgeError(ErrorCodes.ERR_TR_HISTORY_REWRITTEN, 'The delta rewrites a status history.');
  }
  if (stateDigest(next) !== delta.toDigest) throw new TrustBridgeError(ErrorCodes.ERR_TR_DELTA_MISMATCH, 'The delta does not produce the promised state.');
  return next;
}

/** Signs a delta as a compact JWS (`typ` `trust-registry-delta+jws`) with the operator key. */
export function signDelta(delta: RegistryDelta, signer: Signer): Promise<string> {
  return signCompact(DELTA_TYP, delta, signer);
}

/**
 * Verifies a signed delta against the registry's keys and returns it. Throws `ERR_TR_SNAPSHOT_MALFORMED`
 * or `ERR_TR_SNAPSHOT_SIGNATURE`.
 */
export function verifyDelta(jws: string, keys: ReadonlyArray<string | Uint8Array>, limits: SnapshotLimits = {}): RegistryDelta {
  try {
    const parsed = parseCompact(jws, DELTA_TYP, limits);
    if (!verifySignature(parsed, keys.map(toKey).filter((k): k is Uint8Array => k !== undefined))) {
      throw new SnapshotFailure(ErrorCodes.ERR_TR_SNAPSHOT_SIGNATURE, 'Invalid delta signature.');
    }
    const d = parsed.payload;
    if (!isObject(d) || d.type !== 'TrustRegistryDelta' || !isObject(d.upsert) || !isObject(d.remove)) {
      throw new SnapshotFailure(ErrorCodes.ERR_TR_SNAPSHOT_MALFORMED, 'Delta payload is not well-formed.');
    }
    for (const k of COLLECTIONS) {
      if (!Array.isArray(d.upsert[k]) || !Array.isArray(d.remove[k])) throw new SnapshotFailure(ErrorCodes.ERR_TR_SNAPSHOT_MALFORMED, 'Delta payload is not well-formed.');
    }
    return d as unknown as RegistryDelta;
  } catch (e) {
    if (e instanceof SnapshotFailure) throw new TrustBridgeError(e.code, e.message);
    throw e;
  }
}
