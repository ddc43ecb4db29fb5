/**
 * Signed audit records of KYB decisions: what a bank keeps to show later what it checked (FINTRAC:
 * the registration number, the type of record and its source; DESIGN.md: "an audit record that names
 * what was verified, from which registry, at which registry snapshot").
 *
 * Signature: the record without `proof` is canonicalised with JCS (RFC 8785) and signed as the payload
 * of a JWS (RFC 7515) with `alg: EdDSA` (RFC 8037). The JWS is stored in *detached* form
 * (`<header>..<signature>`, RFC 7515 Appendix F): the payload is the record itself, recomputed by the
 * verifier, so any change to any member breaks the signature. A JWS was chosen over a Data Integrity
 * proof because the record is plain JSON with no JSON-LD context: JCS + JWS needs no document loader
 * and any JOSE library can check it.
 *
 * Privacy: a record carries no names, birth dates or addresses — per credential only its issuer,
 * type, business identifiers, status and trust results and a SHA-256 digest of the whole credential,
 * which proves later which credential was seen without keeping its personal data.
 */
import {
  TrustBridgeError,
  base64urlDecode,
  base64urlEncode,
  isObject,
  systemClock,
  utf8Decode,
  utf8Encode,
  type Clock,
  type Signer,
  type VerificationMethodResolver,
} from '@trustbridge/core';
import { createEd25519Verifier, verifierFromVerificationMethod } from '@trustbridge/keys';
import type { SnapshotRef } from '@trustbridge/trust-registry';
import { KybErrorCodes } from './codes.js';
import { canonicalJson, policyDigest, sha256Hex, validateKybPolicy, type KybPolicy } from './policy.js';
import type { KybCredentialSummary, KybDecision, KybEvaluation, KybSeverity } from './types.js';

/** `kind` under which services store these records (`appendAuditRecord(db, { kind, id, body })`). */
export const KYB_AUDIT_RECORD_KIND = 'kyb-decision';
/** JWS `typ` of the record's signature. */
export const KYB_AUDIT_JWS_TYP = 'kyb-audit+jws';

/**
 * One credential as the audit record names it: the evaluation's summary, with the registry answer
 * reduced to what the record keeps (decision, reason codes, path and snapshots).
 */
export type KybAuditCredential = Omit<KybCredentialSummary, 'trust'> & {
  trust?: { decision: string; reasons: string[]; path: Array<{ type: string; id: string }>; snapshot: SnapshotRef; snapshots: SnapshotRef[]; assuranceLevel?: number };
};

/** A signed KYB audit record (JSON). */
export interface KybAuditRecord {
  type: 'KybAuditRecord';
  version: 1;
  /** Stable id: given, or `urn:trustbridge:kyb-audit:` + the digest of the unsigned content. */
  id: string;
  createdAt: string;
  evaluatedAt: string;
  policy: { id: string; version: string; digest: string };
  verifier: { verificationMethod: string };
  decision: KybDecision;
  reasons: Array<{ check: string; code: string; severity: KybSeverity; message: { en: string; fr: string } }>;
  checks: Array<{ id: string; status: string; code: string; severity: KybSeverity; index?: number }>;
  gaps: Array<{ id: string; code: string; condition?: string }>;
  credentials: KybAuditCredential[];
  /** The registry snapshots the decisions used (root first). */
  registry: { snapshots: SnapshotRef[] };
  proof: { type: 'JsonWebSignature'; alg: 'EdDSA'; kid: string; jws: string };
}

/** Options of {@link createAuditRecord}. */
export interface CreateAuditRecordOptions {
  /** The policy applied; must be the one named by the evaluation (same id, version and digest). */
  policy: KybPolicy;
  /** The verifier's signing key (`algorithm: 'EdDSA'`); `id` is its verification method (DID URL). */
  verifierSigner: Signer;
  /** Default: the system clock. */
  clock?: Clock;
  /** The registry snapshot(s) the trust client evaluated against (e.g. `indexSnapshots(index)`). */
  registrySnapshot: SnapshotRef | SnapshotRef[];
  /** The record's id; default derived from its content. */
  id?: string;
}

function misuse(message: string): TrustBridgeError {
  return new TrustBridgeError(KybErrorCodes.OPTIONS_INVALID, message);
}

function isSnapshotRef(v: unknown): v is SnapshotRef {
  return isObject(v) && typeof v.registry === 'string' && typeof v.sequence === 'number' && typeof v.digest === 'string';
}

const jwsHeader = (kid: string): string => base64urlEncode(utf8Encode(canonicalJson({ alg: 'EdDSA', kid, typ: KYB_AUDIT_JWS_TYP })));
const signingInput = (header: string, body: unknown): Uint8Array => utf8Encode(`${header}.${base64urlEncode(utf8Encode(canonicalJson(body)))}`);

/**
 * Builds and signs the audit record of an evaluation. Throws `ERR_KYB_OPTIONS_INVALID` when the policy
 * is not the evaluation's, the signer is not an EdDSA signer, or the snapshot is missing.
 *
 * @example
 * ```ts
 * const record = await createAuditRecord(evaluation, {
 *   policy: bcBankKybPolicy, verifierSigner, clock, registrySnapshot: indexSnapshots(index),
 * });
 * await appendAuditRecord(db, { id: record.id, kind: KYB_AUDIT_RECORD_KIND, body: record });
 * ```
 */
export async function createAuditRecord(evaluation: KybEvaluation, options: CreateAuditRecordOptions): Promise<KybAuditRecord> {
  if (!isObject(evaluation) || !Array.isArray(evaluation.checks) || !isObject(evaluation.policy)) throw misuse('evaluation must be an evaluateKyb result.');
  if (!isObject(options)) throw misuse('options must be an object.');
  const policy = validateKybPolicy(options.policy);
  if (policy.id !== evaluation.policy.id || policy.version !== evaluation.policy.version || policyDigest(policy) !== evaluation.policy.digest) {
    throw misuse('The policy is not the one the evaluation applied.');
  }
  const signer = options.verifierSigner;
  if (!isObject(signer) || typeof signer.sign !== 'function' || typeof signer.id !== 'string' || signer.algorithm !== 'EdDSA') {
    throw misuse('verifierSigner must be an EdDSA signer { id, algorithm, sign }.');
  }
  const snapshots = Array.isArray(options.registrySnapshot) ? options.registrySnapshot : [options.registrySnapshot];
  if (snapshots.length === 0 || !snapshots.every(isSnapshotRef)) throw misuse('registrySnapshot must be one or more { registry, sequence, digest }.');
  const clock = options.clock ?? systemClock;

  const body: Omit<KybAuditRecord, 'id' | 'proof'> & { id?: string } = {
    type: 'KybAuditRecord',
    version: 1,
    createdAt: clock().toISOString(),
    evaluatedAt: evaluation.evaluatedAt,
    policy: { ...evaluation.policy },
    verifier: { verificationMethod: signer.id },
    decision: evaluation.decision,
    reasons: evaluation.reasons.map((c) => ({ check: c.id, code: c.code, severity: c.severity, message: { ...c.message } })),
    checks: evaluation.checks.map((c) => ({ id: c.id, status: c.status, code: c.code, severity: c.severity, ...(typeof c.details?.index === 'number' ? { index: c.details.index } : {}) })),
    gaps: evaluation.gaps.map((g) => ({ id: g.id, code: g.code, ...(g.condition ? { condition: g.condition } : {}) })),
    credentials: evaluation.credentials.map((c) => ({
      index: c.index,
      ...(c.type ? { type: c.type } : {}),
      ...(c.format ? { format: c.format } : {}),
      ...(c.issuer ? { issuer: c.issuer } : {}),
      ...(c.id ? { id: c.id } : {}),
      ...(c.validFrom ? { validFrom: c.validFrom } : {}),
      identifiers: { ...c.identifiers },
      ...(c.digest ? { digest: c.digest } : {}),
      verified: c.verified,
      ...(c.outcome ? { outcome: c.outcome } : {}),
      ...(c.status ? { status: structuredClone(c.status) } : {}),
      ...(c.trust
        ? {
            trust: {
              decision: c.trust.decision,
              reasons: c.trust.reasons.map((r) => r.code),
              path: c.trust.path.map((p) => ({ type: p.type, id: p.id })),
              snapshot: { ...c.trust.snapshot },
              snapshots: c.trust.snapshots.map((s) => ({ ...s })),
              ...(c.trust.assuranceLevel !== undefined ? { assuranceLevel: c.trust.assuranceLevel } : {}),
            },
          }
        : {}),
    })),
    registry: { snapshots: snapshots.map((s) => ({ registry: s.registry, sequence: s.sequence, digest: s.digest })) },
  };
  const id = options.id ?? `urn:trustbridge:kyb-audit:${sha256Hex(canonicalJson(body)).slice('sha256:'.length)}`;
  if (typeof id !== 'string' || id.length === 0) throw misuse('id must be a non-empty string.');
  const unsigned = { ...body, id };
  const header = jwsHeader(signer.id);
  const signature = await signer.sign(signingInput(header, unsigned));
  return { ...unsigned, proof: { type: 'JsonWebSignature', alg: 'EdDSA', kid: signer.id, jws: `${header}..${base64urlEncode(signature)}` } } as KybAuditRecord;
}

/** Options of {@link verifyAuditRecord}: the verifier's public key, or a resolver for the `kid`. */
export interface VerifyAuditRecordOptions {
  /** Ed25519 public key (32 bytes) of the verifier that signed. */
  publicKey?: Uint8Array;
  /** Resolves the record's `kid` (e.g. the vc package's DID-based resolver). Used when `publicKey` is absent. */
  resolveVerificationMethod?: VerificationMethodResolver;
}

/** Result of {@link verifyAuditRecord}. */
export interface AuditRecordVerification {
  verified: boolean;
  /** `ERR_KYB_AUDIT_MALFORMED` or `ERR_KYB_AUDIT_TAMPERED` when not verified. */
  problems: Array<{ code: string; message: string }>;
  /** The verification method that signed (from the record). */
  kid?: string;
}

const malformed = (message: string): AuditRecordVerification => ({ verified: false, problems: [{ code: KybErrorCodes.AUDIT_MALFORMED, message }] });
const TAMPERED: AuditRecordVerification = { verified: false, problems: [{ code: KybErrorCodes.AUDIT_TAMPERED, message: 'The audit record does not match its signature.' }] };

/**
 * Verifies an audit record (object or JSON text): recomputes the JCS form of everything but `proof`
 * and checks the EdDSA signature. Any change to the record — decision, a reason, a digest, a
 * snapshot, the id — gives `ERR_KYB_AUDIT_TAMPERED` (also for a signature by another key). Throws
 * only for bad options (`ERR_KYB_OPTIONS_INVALID`).
 *
 * @example
 * ```ts
 * const { verified, problems } = await verifyAuditRecord(stored.body, { publicKey: bankPublicKey });
 * ```
 */
export async function verifyAuditRecord(record: unknown, options: VerifyAuditRecordOptions): Promise<AuditRecordVerification> {
  if (!isObject(options)) throw misuse('options must be an object.');
  if (options.publicKey === undefined && typeof options.resolveVerificationMethod !== 'function') throw misuse('Give publicKey or resolveVerificationMethod.');
  if (options.publicKey !== undefined && !(options.publicKey instanceof Uint8Array && options.publicKey.length === 32)) throw misuse('publicKey must be 32 bytes.');
  let value: unknown = record;
  if (typeof record === 'string') {
    try {
      value = JSON.parse(record);
    } catch {
      return malformed('The audit record is not JSON.');
    }
  }
  if (!isObject(value) || value.type !== 'KybAuditRecord' || !isObject(value.proof)) return malformed('Not a KYB audit record.');
  const { proof, ...unsigned } = value as Record<string, unknown> & { proof: Record<string, unknown> };
  if (proof.type !== 'JsonWebSignature' || proof.alg !== 'EdDSA' || typeof proof.kid !== 'string' || typeof proof.jws !== 'string') return malformed('The audit record proof is malformed.');
  const parts = proof.jws.split('.');
  if (parts.length !== 3 || parts[1] !== '' || !parts[0] || !parts[2]) return malformed('The audit record signature is not a detached compact JWS.');
  let header: Record<string, unknown>;
  let signature: Uint8Array;
  try {
    header = JSON.parse(utf8Decode(base64urlDecode(parts[0]))) as Record<string, unknown>;
    signature = base64urlDecode(parts[2]);
  } catch {
    return malformed('The audit record signature is not valid base64url.');
  }
  // The header is fixed: the algorithm cannot be swapped and the kid must be the proof's.
  if (header.alg !== 'EdDSA' || header.kid !== proof.kid || header.typ !== KYB_AUDIT_JWS_TYP || parts[0] !== jwsHeader(proof.kid)) return { ...TAMPERED, kid: proof.kid };
  let verify: (data: Uint8Array, sig: Uint8Array) => Promise<boolean>;
  if (options.publicKey) {
    const v = createEd25519Verifier({ id: proof.kid, publicKey: options.publicKey });
    verify = (d, s) => v.verify(d, s);
  } else {
    try {
      const resolve = options.resolveVerificationMethod as VerificationMethodResolver;
      const vm = await resolve(proof.kid, 'assertionMethod');
      const v = verifierFromVerificationMethod(vm);
      verify = (d, s) => v.verify(d, s);
    } catch {
      return { verified: false, problems: [{ code: KybErrorCodes.AUDIT_TAMPERED, message: 'The key that signed the audit record could not be resolved.' }], kid: proof.kid };
    }
  }
  let ok = false;
  try {
    ok = await verify(signingInput(parts[0], unsigned), signature);
  } catch {
    ok = false;
  }
  return ok ? { verified: true, problems: [], kid: proof.kid } : { ...TAMPERED, kid: proof.kid };
}
