import { createHash } from 'node:crypto';
import { TrustBridgeError } from '@trustbridge/core';
import { StoreErrors } from './errors.js';
import type { SqlClient } from './sql-client.js';

/**
 * One versioned schema change. `statements` run in order inside the migration transaction; each is a
 * single SQL statement (PGlite's extended protocol runs one statement per call).
 */
export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

/**
 * The TrustBridge schema, oldest first. Never edit an applied migration: add a new one. The checksum of
 * each applied migration is recorded and checked at every open.
 *
 * Minimal personal data: `issued_credentials` keeps what status management needs (id, issuer, types,
 * dates, status) and an optional caller-computed digest of the subject — never the credential body or
 * claims.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    statements: [
      `CREATE TABLE issued_credentials (
        id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 2048),
        issuer text NOT NULL,
        types text[] NOT NULL,
        subject_digest text,
        issued_at timestamptz NOT NULL,
        valid_until timestamptz,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'revoked')),
        status_changed_at timestamptz
      )`,
      `CREATE INDEX issued_credentials_issuer_idx ON issued_credentials (issuer, issued_at)`,
      `CREATE TABLE status_lists (
        id text PRIMARY KEY,
        seq bigserial UNIQUE,
        issuer text NOT NULL,
        status_purpose text NOT NULL CHECK (status_purpose IN ('revocation', 'suspension', 'refresh', 'message')),
        url text NOT NULL UNIQUE,
        size integer NOT NULL CHECK (size > 0),
        status_size integer NOT NULL CHECK (status_size BETWEEN 1 AND 16),
        capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND size),
        allocated integer NOT NULL DEFAULT 0 CHECK (allocated BETWEEN 0 AND capacity),
        state text NOT NULL CHECK (state IN ('active', 'full')),
        bits bytea NOT NULL,
        version bigint NOT NULL DEFAULT 1,
        published_version bigint NOT NULL DEFAULT 0,
        next_update_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
      // At most one list per issuer, purpose and entry size takes new allocations at a time.
      `CREATE UNIQUE INDEX status_lists_one_active_idx ON status_lists (issuer, status_purpose, status_size) WHERE state = 'active'`,
      `CREATE TABLE credential_status_entries (
        list_id text NOT NULL REFERENCES status_lists (id),
        status_index integer NOT NULL CHECK (status_index >= 0),
        credential_id text NOT NULL REFERENCES issued_credentials (id),
        status_purpose text NOT NULL,
        PRIMARY KEY (list_id, status_index),
        UNIQUE (credential_id, status_purpose)
      )`,
      `CREATE TABLE verifier_nonces (
        nonce text PRIMARY KEY,
        audience text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        consumed_at timestamptz
      )`,
      `CREATE INDEX verifier_nonces_expires_idx ON verifier_nonces (expires_at)`,
      `CREATE TABLE audit_records (
        seq bigserial PRIMARY KEY,
        id text NOT NULL UNIQUE,
        kind text NOT NULL,
        recorded_at timestamptz NOT NULL,
        body text NOT NULL,
        digest text NOT NULL
      )`,
      `CREATE INDEX audit_records_kind_idx ON audit_records (kind, seq)`,
      `CREATE TABLE history_entries (
        seq bigserial PRIMARY KEY,
        stream text NOT NULL,
        subject text NOT NULL,
        kind text NOT NULL,
        recorded_at timestamptz NOT NULL,
        body text NOT NULL,
        digest text NOT NULL
      )`,
      `CREATE INDEX history_entries_stream_idx ON history_entries (stream, subject, seq)`,
      `CREATE TABLE wallet_items (
        owner text NOT NULL,
        id text NOT NULL,
        kind text NOT NULL,
        ciphertext bytea NOT NULL,
        revision integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (owner, id)
      )`,
      // Append-only tables refuse UPDATE, DELETE and TRUNCATE with SQLSTATE TB001 (ERR_STORE_APPEND_ONLY).
      `CREATE FUNCTION trustbridge_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'append-only table' USING ERRCODE = 'TB001';
      END
      $$`,
      `CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON audit_records FOR EACH ROW EXECUTE FUNCTION trustbridge_append_only()`,
      `CREATE TRIGGER audit_records_no_truncate BEFORE TRUNCATE ON audit_records FOR EACH STATEMENT EXECUTE FUNCTION trustbridge_append_only()`,
      `CREATE TRIGGER history_entries_append_only BEFORE UPDATE OR DELETE ON history_entries FOR EACH ROW EXECUTE FUNCTION trustbridge_append_only()`,
      `CREATE TRIGGER history_entries_no_truncate BEFORE TRUNCATE ON history_entries FOR EACH STATEMENT EXECUTE FUNCTION trustbridge_append_only()`,
    ],
  },
  {
    version: 2,
    name: 'protocol-sessions',
    statements: [
      // Single-use, expiring protocol state (OpenID4VCI offers, pre-authorized codes, access tokens,
      // c_nonces; OpenID4VP requests): one row per session, consumed once, with a failed-attempt budget.
      `CREATE TABLE protocol_sessions (
        kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
        id text NOT NULL CHECK (length(id) BETWEEN 1 AND 512),
        data jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        consumed_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        max_attempts integer NOT NULL CHECK (max_attempts BETWEEN 1 AND 100),
        PRIMARY KEY (kind, id)
      )`,
      `CREATE INDEX protocol_sessions_expires_idx ON protocol_sessions (expires_at)`,
    ],
  },
];

/** Advisory lock key that serialises migrations across processes ("TB-MIGR" as a number). */
export const MIGRATION_LOCK_KEY = 0x54422d4d494752;

/** SHA-256 (hex) over a migration's statements: detects an applied migration that was edited later. */
export function migrationChecksum(migration: Migration): string {
  return createHash('sha256').update(migration.statements.join('\n;\n')).digest('hex');
}

/** One row of `schema_migrations`. */
export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
  appliedAt: Date;
}

/** What {@link migrate} did. */
export interface MigrateResult {
  /** Versions applied by this call (empty when the schema was already current). */
  applied: number[];
  /** The schema version after the call. */
  version: number;
}

/**
 * Brings the schema up to date: in one transaction, under a PostgreSQL advisory lock so that two
 * processes starting together apply each migration exactly once, creates `schema_migrations` if
 * needed, checks the recorded checksums, applies the missing migrations in order and records them.
 * Idempotent. Throws `ERR_STORE_MIGRATION` when the database is newer than this code or an applied
 * migration differs from its recorded checksum.
 */
export async function migrate(db: SqlClient, migrations: readonly Migration[] = MIGRATIONS): Promise<MigrateResult> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migrations ORDER BY version');
    const known = new Map(migrations.map((m) => [m.version, m]));
    for (const row of rows) {
      const m = known.get(Number(row.version));
      if (!m) {
        throw new TrustBridgeError(StoreErrors.MIGRATION, 'The database schema is newer than this version of TrustBridge.', {
          details: { version: Number(row.version) },
        });
      }
      if (migrationChecksum(m) !== row.checksum) {
        throw new TrustBridgeError(StoreErrors.MIGRATION, 'An applied migration differs from the one in this version of TrustBridge.', {
          details: { version: m.version },
        });
      }
    }
    const done = new Set(rows.map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      for (const statement of m.statements) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [m.version, m.name, migrationChecksum(m)]);
      applied.push(m.version);
    }
    const version = Math.max(0, ...done, ...applied);
    return { applied, version };
  });
}

/** The rows of `schema_migrations`, oldest first. */
export async function listAppliedMigrations(db: SqlClient): Promise<AppliedMigration[]> {
  const rows = await db.query<{ version: number; name: string; checksum: string; applied_at: Date | string }>(
    'SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version',
  );
  return rows.map((r) => ({ version: Number(r.version), name: r.name, checksum: r.checksum, appliedAt: new Date(r.applied_at) }));
}
