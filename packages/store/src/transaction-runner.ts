import { TrustBridgeError } from '@trustbridge/core';
import { RETRYABLE_SQLSTATES, StoreErrors, sqlStateOf, toStoreError } from './errors.js';
import type { SqlExecutor, SqlRow, SqlValue, TransactionOptions } from './sql-client.js';

/** Default number of attempts for a transaction aborted by a serialization failure or deadlock. */
export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * Wraps a raw query function as an executor that maps driver errors to `ERR_STORE_*` codes and refuses
 * use after `isOpen()` turns false.
 */
export function guardedExecutor(
  run: (text: string, params: readonly SqlValue[]) => Promise<SqlRow[]>,
  isOpen: () => boolean,
  closedMessage: string,
): SqlExecutor {
  return {
    async query<R extends SqlRow = SqlRow>(text: string, params: readonly SqlValue[] = []): Promise<R[]> {
      if (!isOpen()) throw new TrustBridgeError(StoreErrors.CLOSED, closedMessage);
      try {
        return (await run(text, params)) as R[];
      } catch (error) {
        throw toStoreError(error);
      }
    },
  };
}

function isDriverError(error: unknown): boolean {
  return typeof (error as { code?: unknown } | null)?.code === 'string' || (error as Error | null)?.name === 'DatabaseError';
}

/** Runs `attempt` until it succeeds, a non-retryable error occurs, or `maxAttempts` is reached. */
export async function withRetries<T>(attempt: () => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const state = sqlStateOf(error);
      if (n < maxAttempts && state && RETRYABLE_SQLSTATES.has(state)) continue;
      // Database and driver errors get a code and a constant message; errors thrown by the caller's
      // own function (anything without an SQLSTATE or errno code) pass through unchanged.
      throw isDriverError(error) ? toStoreError(error) : error;
    }
  }
}
