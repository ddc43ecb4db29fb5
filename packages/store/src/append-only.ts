import { createHash } from 'node:crypto';
import { systemClock, type Clock } from '@trustbridge/core';
import { invalidInput, notFound } from './errors.js';
import { randomId, systemRandom, type RandomSource } from './random.js';
import type { SqlExecutor } from './sql-client.js';
import { requireInt, requireText, toDate } from './util.js';

/** Largest JSON body accepted by the append-only tables (UTF-8 bytes). */
export const MAX_BODY_BYTES = 1024 * 1024;

function serialise(body: unknown): { text: string; digest: string } {
  let text: string | undefined;
  try {
    text = JSON.stringify(body);
  } catch {
    text = undefined;
  }
  if (text === undefined) throw invalidInput('body', 'must be JSON-serialisable');
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) throw invalidInput('body', `must be at most ${MAX_BODY_BYTES} bytes as JSON`);
  return { text, digest: bodyDigest(text) };
}

/**
 * The digest stored with an append-only record: `sha-256:` + hex SHA-256 of the exact JSON text that
 * was stored. Recompute it over `bodyText` to detect tampering outside the store.
 */
export function bodyDigest(bodyText: string): string {
  return 'sha-256:' + createHash('sha256').update(bodyText, 'utf8').digest('hex');
}

/** An audit record (for example a verifier's decision record, what FINTRAC asks a bank to keep). */
export interface AuditRecord<T = unknown> {
  /** Order of insertion (gaps possible, never reused). */
  seq: number;
  id: string;
  kind: string;
  recordedAt: Date;
  body: T;
  /** The exact JSON text stored; {@link bodyDigest} of it equals `digest`. */
  bodyText: string;
  digest: string;
}

/**
 * Appends an audit record. The table refuses UPDATE, DELETE and TRUNCATE (`ERR_STORE_APPEND_ONLY`);
 * an existing `id` is `ERR_STORE_CONFLICT`.
 */
export async function appendAuditRecord<T>(
  db: SqlExecutor,
  input: { id?: string; kind: string; body: T },
  options: { clock?: Clock; random?: RandomSource } = {},
): Promise<AuditRecord<T>> {
  const kind = requireText(input.kind, 'kind', 200);
  const id = input.id === undefined ? randomId(options.random ?? systemRandom) : requireText(input.id, 'id');
  const { text, digest } = serialise(input.body);
  const recordedAt = (options.clock ?? systemClock)();
  const rows = await db.query<{ seq: number }>(
    'INSERT INTO audit_records (id, kind, recorded_at, body, digest) VALUES ($1, $2, $3, $4, $5) RETURNING seq',
    [id, kind, recordedAt.toISOString(), text, digest],
  );
  return { seq: Number(rows[0]!.seq), id, kind, recordedAt, body: JSON.parse(text) as T, bodyText: text, digest };
}

function auditFromRow<T>(r: Record<string, unknown>): AuditRecord<T> {
  const text = String(r['body']);
  return { seq: Number(r['seq']), id: String(r['id']), kind: String(r['kind']), recordedAt: toDate(r['recorded_at']), body: JSON.parse(text) as T, bodyText: text, digest: String(r['digest']) };
}

/** An audit record by id. Throws `ERR_STORE_NOT_FOUND`. */
export async function getAuditRecord<T = unknown>(db: SqlExecutor, id: string): Promise<AuditRecord<T>> {
  requireText(id, 'id');
  const rows = await db.query('SELECT * FROM audit_records WHERE id = $1', [id]);
  if (!rows[0]) throw notFound('audit record');
  return auditFromRow<T>(rows[0]);
}

/** Audit records in insertion order, optionally of one kind, after a sequence number. */
export async function listAuditRecords<T = unknown>(db: SqlExecutor, options: { kind?: string; afterSeq?: number; limit?: number } = {}): Promise<AuditRecord<T>[]> {
  const limit = requireInt(options.limit ?? 100, 'limit', 1, 1000);
  const rows = await db.query(
    `SELECT * FROM audit_records WHERE ($1::text IS NULL OR kind = $1) AND seq > $2 ORDER BY seq LIMIT $3`,
    [options.kind ?? null, options.afterSeq ?? 0, limit],
  );
  return rows.map((r) => auditFromRow<T>(r));
}

/**
 * One change in an append-only history stream — for example a trust registry's changes to an entity
 * (`stream` = registry id, `subject` = entity id), so a question can be answered as of a date.
 */
export interface HistoryEntry<T = unknown> {
  seq: number;
  stream: string;
  subject: string;
  kind: string;
  recordedAt: Date;
  body: T;
  bodyText: string;
  digest: string;
}

/** Appends a history entry. The table refuses UPDATE, DELETE and TRUNCATE (`ERR_STORE_APPEND_ONLY`). */
export async function appendHistory<T>(
  db: SqlExecutor,
  input: { stream: string; subject: string; kind: string; body: T },
  options: { clock?: Clock } = {},
): Promise<HistoryEntry<T>> {
  const stream = requireText(input.stream, 'stream', 512);
  const subject = requireText(input.subject, 'subject');
  const kind = requireText(input.kind, 'kind', 200);
  const { text, digest } = serialise(input.body);
  const recordedAt = (options.clock ?? systemClock)();
  const rows = await db.query<{ seq: number }>(
    'INSERT INTO history_entries (stream, subject, kind, recorded_at, body, digest) VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq',
    [stream, subject, kind, recordedAt.toISOString(), text, digest],
  );
  return { seq: Number(rows[0]!.seq), stream, subject, kind, recordedAt, body: JSON.parse(text) as T, bodyText: text, digest };
}

/** A stream's history in insertion order; optionally one subject, after a sequence number, up to a time. */
export async function listHistory<T = unknown>(
  db: SqlExecutor,
  options: { stream: string; subject?: string; afterSeq?: number; asOf?: Date; limit?: number },
): Promise<HistoryEntry<T>[]> {
  requireText(options.stream, 'stream', 512);
  const limit = requireInt(options.limit ?? 1000, 'limit', 1, 10_000);
  const rows = await db.query(
    `SELECT * FROM history_entries
      WHERE stream = $1 AND ($2::text IS NULL OR subject = $2) AND seq > $3 AND ($4::timestamptz IS NULL OR recorded_at <= $4)
      ORDER BY seq LIMIT $5`,
    [options.stream, options.subject ?? null, options.afterSeq ?? 0, options.asOf ? options.asOf.toISOString() : null, limit],
  );
  return rows.map((r) => {
    const text = String(r['body']);
    return {
      seq: Number(r['seq']),
      stream: String(r['stream']),
      subject: String(r['subject']),
      kind: String(r['kind']),
      recordedAt: toDate(r['recorded_at']),
      body: JSON.parse(text) as T,
      bodyText: text,
      digest: String(r['digest']),
    };
  });
}
