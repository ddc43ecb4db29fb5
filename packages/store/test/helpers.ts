import { deterministicRandom, type TrustBridgeError } from '@trustbridge/core';

/** A deterministic randomness source for tests (core's `deterministicRandom`). */
export const seededRandom = deterministicRandom;

/** The `code` a promise rejects with (or `undefined` when it resolves). */
export async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as TrustBridgeError).code ?? `non-coded: ${(e as Error).message}`;
  }
  return undefined;
}
