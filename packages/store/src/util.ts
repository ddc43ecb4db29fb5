import { invalidInput } from './errors.js';

/** Checks `value` is a string of 1..`max` characters; throws `ERR_STORE_INVALID_INPUT` naming `field`. */
export function requireText(value: unknown, field: string, max = 2048): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) throw invalidInput(field, `must be a string of 1 to ${max} characters`);
  return value;
}

/** Checks `value` is an integer in `[min, max]`. */
export function requireInt(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidInput(field, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** A Date (or ISO string) as an ISO 8601 string for a `timestamptz` parameter. */
export function isoDate(value: Date | string, field: string): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw invalidInput(field, 'must be a valid date');
  return d.toISOString();
}

/** A `timestamptz` column value as a Date (both drivers return Date; strings are parsed defensively). */
export function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

/** A nullable `timestamptz` column value. */
export function toDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}

/** A `bytea` column value as a plain Uint8Array (pg returns a Buffer). */
export function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
  throw new TypeError('Expected bytea.');
}
