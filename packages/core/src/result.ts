/**
 * The one result model shared by every credential format (VC Data Model 2.0 §7.1 "Verification").
 *
 * A verifier runs a fixed list of checks (parse, format, structure, proof, validity window, status,
 * holder binding, trust, policy). Every check appears in `checks` whether it passed, failed or was
 * skipped (with the reason it was skipped), and every failure appears in `problems` with a stable code.
 */
export type CheckStatus = 'passed' | 'failed' | 'skipped';

/** One problem found while verifying. `path` is a JSON Pointer (RFC 6901) into the document where known. */
export interface Problem {
  /** Stable TrustBridge code, `ERR_<AREA>_<REASON>`. */
  code: string;
  /** The name the specification gives this failure, when it gives one (e.g. `MALFORMED_PROOF_ERROR`). */
  specCode?: string;
  /** A short human sentence. Signature failures use constant messages. */
  message: string;
  path?: string;
}

/** The outcome of one named check of the verification pipeline. */
export interface Check {
  /** Check identifier, e.g. `parse`, `structure`, `proof`, `validity`, `status`, `holder-binding`, `trust`. */
  id: string;
  status: CheckStatus;
  /** For a failed check, the code of its first problem; for a skipped one, why (`ERR_..._SKIPPED` style). */
  code?: string;
  message?: string;
  /** Extra facts safe to show (e.g. the verification method used, the cryptosuite). */
  details?: Record<string, unknown>;
}

export interface VerificationResult<T = unknown> {
  verified: boolean;
  /** The detected format, e.g. `ldp_vc`, `ldp_vp`, `vc+jwt`, `dc+sd-jwt`. */
  format?: string;
  checks: Check[];
  problems: Problem[];
  /** The verified document (for SD-JWT, the disclosed claims) when verification got far enough to parse it. */
  document?: T;
}

/** Builds a result step by step; `verified` is true only when no check failed. */
export class ResultBuilder<T = unknown> {
  readonly checks: Check[] = [];
  readonly problems: Problem[] = [];
  format: string | undefined;
  document: T | undefined;

  pass(id: string, details?: Record<string, unknown>): this {
    this.checks.push({ id, status: 'passed', ...(details ? { details } : {}) });
    return this;
  }

  skip(id: string, message: string, code?: string): this {
    this.checks.push({ id, status: 'skipped', message, ...(code ? { code } : {}) });
    return this;
  }

  /** Records a failed check with one or more problems. */
  fail(id: string, problems: Problem | Problem[], details?: Record<string, unknown>): this {
    const list = Array.isArray(problems) ? problems : [problems];
    const first = list[0];
    this.checks.push({
      id,
      status: 'failed',
      ...(first ? { code: first.code, message: first.message } : {}),
      ...(details ? { details } : {}),
    });
    this.problems.push(...list);
    return this;
  }

  get failed(): boolean {
    return this.checks.some((c) => c.status === 'failed');
  }

  build(): VerificationResult<T> {
    return {
      verified: !this.failed && this.checks.length > 0,
      ...(this.format ? { format: this.format } : {}),
      checks: this.checks,
      problems: this.problems,
      ...(this.document !== undefined ? { document: this.document } : {}),
    };
  }
}

/** Builds a problem from an error, keeping only its safe parts. */
export function problemFromError(error: unknown, fallbackCode: string, path?: string): Problem {
  const e = error as { code?: unknown; specCode?: unknown; message?: unknown };
  const code = typeof e?.code === 'string' && e.code.startsWith('ERR_') ? e.code : fallbackCode;
  return {
    code,
    ...(typeof e?.specCode === 'string' ? { specCode: e.specCode } : {}),
    message: typeof e?.message === 'string' && code !== fallbackCode ? e.message : 'Verification failed.',
    ...(path !== undefined ? { path } : {}),
  };
}
