/**
 * Operator keys and seed for the pilot registries (`seedPilotRegistries`): the hub, BC, Alberta and
 * federal registries hosted by one service, each signing its own snapshots.
 */
import { TrustBridgeError } from '@trustbridge/core';
import { createEd25519Signer, ed25519PublicKeyFromSecret, encodeEd25519PublicKeyMultibase } from '@trustbridge/keys';
import { seedPilotRegistries, type RegistryState } from '@trustbridge/trust-registry';
import type { RegistryOperatorKey, RegistrySeed } from './registry-service.js';

/** An operator key from a raw Ed25519 secret key (32-byte seed); `kid` is `<registry>#snapshot-key`. */
export function operatorKeyFromSecret(registry: string, secretKey: Uint8Array): RegistryOperatorKey {
  if (secretKey.length !== 32) throw new TrustBridgeError('ERR_REGISTRY_OPERATOR_KEY', 'An operator key is a 32-byte Ed25519 secret key.');
  return {
    signer: createEd25519Signer({ id: `${registry}#snapshot-key`, secretKey }),
    publicKeyMultibase: encodeEd25519PublicKeyMultibase(ed25519PublicKeyFromSecret(secretKey)),
  };
}

/** The pilot seed and its operator keys. */
export interface PilotRegistrySetup {
  seed: RegistrySeed;
  operatorKeys: Record<string, RegistryOperatorKey>;
  /** Snapshot keys to pin as anchors (registry id → `publicKeyMultibase`), for offline verifiers. */
  anchors: Record<string, string[]>;
}

/**
 * The pilot registries ready to host. The pilot keys are derived from public labels (demo only);
 * pass `rootSecretKey` to sign the hub with a real key instead (the hub's `snapshotKeys` then list it).
 *
 * @example
 * ```ts
 * const { seed, operatorKeys } = pilotRegistrySetup();
 * const registry = await RegistryService.open({ store, seed, operatorKeys });
 * ```
 */
export function pilotRegistrySetup(options: { rootSecretKey?: Uint8Array } = {}): PilotRegistrySetup {
  const pilot = seedPilotRegistries();
  const operatorKeys: Record<string, RegistryOperatorKey> = {};
  for (const [registry, label] of Object.entries(pilot.operatorKeyLabels)) {
    operatorKeys[registry] = operatorKeyFromSecret(registry, pilot.keys[label]!.secretKey!);
  }
  let states: RegistryState[] = pilot.states;
  if (options.rootSecretKey) {
    const key = operatorKeyFromSecret(pilot.root, options.rootSecretKey);
    operatorKeys[pilot.root] = key;
    states = pilot.states.map((s) => (s.registry.id === pilot.root ? { ...s, registry: { ...s.registry, snapshotKeys: [key.publicKeyMultibase] } } : s));
  }
  const anchors = Object.fromEntries(Object.entries(operatorKeys).map(([id, k]) => [id, [k.publicKeyMultibase]]));
  return { seed: { root: pilot.root, states }, operatorKeys, anchors };
}
