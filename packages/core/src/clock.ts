/** A clock returns "now". Inject one wherever time matters so tests are deterministic. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A clock frozen at `at` (an ISO 8601 date-time string or a Date). */
export function fixedClock(at: string | Date): Clock {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(ms)) throw new RangeError('fixedClock: invalid date');
  return () => new Date(ms);
}
