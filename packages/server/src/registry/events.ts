/**
 * The trust registry service's change events and the pure reducer that applies them. Every change is
 * appended to the store's append-only history (stream = registry id) and the state is rebuilt by
 * replaying those events at start (event sourcing): nothing is ever updated in place.
 */
import { TrustBridgeError } from '@trustbridge/core';
import {
  appendStatusEvent,
  validateRegistryState,
  type Authorization,
  type Entity,
  type RegistryState,
  type StatusEvent,
} from '@trustbridge/trust-registry';

/** History `kind` values written by the registry service. */
export const RegistryEventKinds = {
  /** The registry's initial state (first event of its stream). */
  CREATED: 'trust-registry.created',
  ENTITY_ADDED: 'trust-registry.entity.added',
  AUTHORIZATION_ADDED: 'trust-registry.authorization.added',
  /** One status event appended to an authorization's history (suspend, revoke, reactivate, compromisedSince). */
  AUTHORIZATION_STATUS: 'trust-registry.authorization.status',
  /** A signed snapshot was published (its compact JWS; re-publication bumps the sequence). */
  SNAPSHOT_PUBLISHED: 'trust-registry.snapshot.published',
} as const;

/** The catalog stream lists the registries a service hosts and which one is the root. */
export const CATALOG_STREAM = 'trust-registry:catalog';
/** Catalog event kind: a registry is hosted by this service. */
export const CATALOG_HOSTED = 'trust-registry.hosted';

/** Body of a catalog event. */
export interface HostedRegistryEvent {
  registry: string;
  root: boolean;
}

/** A change to a registry's state, as stored in the history body. */
export type RegistryChange =
  | { kind: typeof RegistryEventKinds.CREATED; subject: string; body: { state: RegistryState } }
  | { kind: typeof RegistryEventKinds.ENTITY_ADDED; subject: string; body: { entity: Entity } }
  | { kind: typeof RegistryEventKinds.AUTHORIZATION_ADDED; subject: string; body: { authorization: Authorization } }
  | { kind: typeof RegistryEventKinds.AUTHORIZATION_STATUS; subject: string; body: { event: StatusEvent } };

/** Body of a snapshot event. */
export interface SnapshotPublishedEvent {
  sequence: number;
  digest: string;
  jws: string;
}

function conflict(message: string, details: Record<string, unknown>): TrustBridgeError {
  return new TrustBridgeError('ERR_REGISTRY_CONFLICT', message, { details });
}

/**
 * Applies one change and returns the new state with `sequence + 1` (the input is not modified).
 * Throws `ERR_REGISTRY_CONFLICT` (duplicate id, unknown authorization, revoked is final),
 * `ERR_TR_HISTORY_REWRITTEN` (an event dated before the last one) or `ERR_TR_STATE_INVALID`.
 */
export function applyRegistryChange(state: RegistryState | undefined, change: RegistryChange): RegistryState {
  if (change.kind === RegistryEventKinds.CREATED) {
    if (state) throw conflict('The registry already exists.', { registry: state.registry.id });
    return validateRegistryState(structuredClone(change.body.state));
  }
  if (!state) throw new TrustBridgeError('ERR_REGISTRY_NOT_FOUND', 'The registry does not exist.');
  const next: RegistryState = { ...state, sequence: state.sequence + 1 };
  switch (change.kind) {
    case RegistryEventKinds.ENTITY_ADDED: {
      if (state.entities.some((e) => e.id === change.body.entity.id)) throw conflict('An entity with this id exists.', { entity: change.body.entity.id });
      next.entities = [...state.entities, structuredClone(change.body.entity)];
      break;
    }
    case RegistryEventKinds.AUTHORIZATION_ADDED: {
      if (state.authorizations.some((a) => a.id === change.body.authorization.id)) {
        throw conflict('An authorization with this id exists.', { authorization: change.body.authorization.id });
      }
      next.authorizations = [...state.authorizations, structuredClone(change.body.authorization)];
      break;
    }
    case RegistryEventKinds.AUTHORIZATION_STATUS: {
      const i = state.authorizations.findIndex((a) => a.id === change.subject);
      if (i < 0) throw new TrustBridgeError('ERR_REGISTRY_NOT_FOUND', 'No authorization with this id.', { details: { authorization: change.subject } });
      const current = state.authorizations[i]!;
      const last = current.history[current.history.length - 1];
      // Revocation is final: a new authorization is granted instead (the history stays readable).
      if (last?.status === 'revoked' && change.body.event.status !== 'revoked') {
        throw conflict('A revoked authorization cannot change status again.', { authorization: current.id });
      }
      const updated = { ...current, history: appendStatusEvent(current.history, change.body.event) };
      next.authorizations = state.authorizations.map((a, j) => (j === i ? updated : a));
      break;
    }
  }
  return validateRegistryState(next);
}
