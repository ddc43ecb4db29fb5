/**
 * The DEMO holder wallet behind `pnpm serve`'s `/wallet` pages: an in-memory embedded store, an
 * in-memory key manager and a random encryption key, so everything is lost at exit. Trust answers
 * come from the pilot trust registries (offline). Not for real credentials: the pages have no login.
 */
import { randomBytes } from 'node:crypto';
import { systemClock, type Clock, type FetchLike } from '@trustbridge/core';
import { MemoryKeyManager } from '@trustbridge/keys';
import { openEmbeddedStore } from '@trustbridge/store';
import { buildTrustIndex, createOfflineTrustRegistryClient, seedPilotRegistries } from '@trustbridge/trust-registry';
import { createWallet, type Wallet } from '@trustbridge/wallet';

/** Options of {@link createDemoWallet}. */
export interface CreateDemoWalletOptions {
  clock?: Clock;
  /** Let the wallet reach http and loopback issuers/verifiers (the demo's own service on 127.0.0.1). */
  allowPrivateNetworks?: boolean;
  fetch?: FetchLike;
}

/** A throw-away wallet for the demo, and how to close its store. */
export async function createDemoWallet(options: CreateDemoWalletOptions = {}): Promise<{ wallet: Wallet; close(): Promise<void> }> {
  const clock = options.clock ?? systemClock;
  const seed = seedPilotRegistries();
  const store = await openEmbeddedStore();
  try {
    const wallet = await createWallet({
      store,
      owner: 'demo-holder',
      keyManager: new MemoryKeyManager({ clock }),
      encryptionKey: new Uint8Array(randomBytes(32)),
      fetch: options.fetch ?? (globalThis.fetch as unknown as FetchLike),
      clock,
      trustClient: createOfflineTrustRegistryClient(buildTrustIndex(seed.states, { root: seed.root }), { clock }),
      ...(options.allowPrivateNetworks ? { allowPrivateNetworks: true } : {}),
    });
    return { wallet, close: () => store.close() };
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}

/** True for hosts only this machine can reach (where a login-less demo wallet may be served). */
export function isLoopbackHost(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]';
}
