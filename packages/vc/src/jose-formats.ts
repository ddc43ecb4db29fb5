/**
 * The JOSE family behind the same pipeline (issue 3 item 2): `vc+jwt` (W3C VC-JOSE-COSE §3.1.1) and
 * SD-JWT VC `dc+sd-jwt` (RFC 9901, draft-ietf-oauth-sd-jwt-vc; legacy `vc+sd-jwt` accepted). The
 * cryptography is `@trustbridge/jose`'s; this module detects the forms, runs the JOSE verifier once per
 * verification, and maps its checks onto the pipeline's `structure`, `proof`, `validity` and `status`
 * checks, so a caller sees one result shape whatever the format.
 */
import { isObject, type Check, type Problem, type VerificationResult } from '@trustbridge/core';
import { verifySdJwtVc, verifyVcJwt, type IssuerKeyResolver } from '@trustbridge/jose';
import type { CheckOutcome, VerificationStep } from './pipeline.js';
import type { VerificationContext } from './steps.js';

/** Format identifiers (OpenID4VP / VC-JOSE-COSE media types). */
export const JoseFormats = {
  VC_JWT: 'vc+jwt',
  VP_JWT: 'vp+jwt',
  SD_JWT_VC: 'dc+sd-jwt',
} as const;

const SD_JWT_TYPS = new Set(['dc+sd-jwt', 'vc+sd-jwt']);
const B64URL = /^[A-Za-z0-9_-]+$/;
/** A protected header is small; anything longer is not worth decoding for detection. */
const MAX_HEADER_CHARS = 4096;

/** The `typ` of a compact JWS's protected header, or `undefined` when it is not one. Never throws. */
export function compactTyp(jws: string): string | undefined {
  const dot = jws.indexOf('.');
  if (dot <= 0 || dot > MAX_HEADER_CHARS) return undefined;
  const segment = jws.slice(0, dot);
  if (!B64URL.test(segment)) return undefined;
  try {
    const header: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return isObject(header) && typeof header.typ === 'string' ? header.typ : undefined;
  } catch {
    return undefined;
  }
}

/** True for a compact `vc+jwt` (three segments, no `~`, header `typ: vc+jwt`). */
export function isVcJwt(input: unknown): input is string {
  return typeof input === 'string' && !input.includes('~') && input.split('.').length === 3 && compactTyp(input.trim()) === JoseFormats.VC_JWT;
}

/** True for a compact `vp+jwt`. */
export function isVpJwt(input: unknown): input is string {
  return typeof input === 'string' && !input.includes('~') && input.split('.').length === 3 && compactTyp(input.trim()) === JoseFormats.VP_JWT;
}

/** True for an SD-JWT VC (`<JWT>~<Disclosures>~[<KB-JWT>]`, header `typ` `dc+sd-jwt` or legacy `vc+sd-jwt`). */
export function isSdJwtVc(input: unknown): input is string {
  return typeof input === 'string' && input.includes('~') && SD_JWT_TYPS.has(compactTyp(input.trim()) ?? '');
}

/** True for an SD-JWT VC that ends in a Key Binding JWT (a presentation). */
export function hasKeyBinding(sdJwt: string): boolean {
  return !sdJwt.trim().endsWith('~');
}

/** The SD-JWT without its KB-JWT: `<JWT>~<Disclosures>~`. */
export function withoutKeyBinding(sdJwt: string): string {
  const s = sdJwt.trim();
  return s.slice(0, s.lastIndexOf('~') + 1);
}

/** JOSE state kept on the verification context. */
export interface JoseState {
  result: VerificationResult;
  /** Problems of each failed JOSE check, by check id. */
  problems: Map<string, Problem[]>;
  /** A KB-JWT was present on the SD-JWT given to `verifyCredential` (not checked there). */
  keyBindingIgnored?: boolean;
}

/** Context of a verification that may be in a JOSE format. */
export interface JoseContext extends VerificationContext {
  jose?: JoseState;
}

/**
 * Attributes the flat `problems` of a JOSE result to its failed checks: the verifier records a failed
 * check's problems consecutively, the first carrying the check's `code`.
 */
export function problemsByCheck(result: VerificationResult): Map<string, Problem[]> {
  const failed = result.checks.filter((c) => c.status === 'failed');
  const map = new Map<string, Problem[]>();
  let i = 0;
  failed.forEach((check, n) => {
    const next = failed[n + 1];
    const start = result.problems.findIndex((p, k) => k >= i && p.code === check.code);
    const from = start < 0 ? i : start;
    let end = next ? result.problems.findIndex((p, k) => k > from && p.code === next.code) : result.problems.length;
    if (end < 0) end = result.problems.length;
    const own = result.problems.slice(from, Math.max(end, from + 1));
    map.set(check.id, own.length > 0 ? own : [{ code: check.code ?? 'ERR_VC_CHECK_ERROR', message: check.message ?? `The ${check.id} check failed.` }]);
    i = Math.max(end, from + 1);
  });
  return map;
}

/** Options the JOSE verifiers take from the pipeline's resolved options. */
export interface JoseVerifyInputs {
  resolveIssuerKey?: IssuerKeyResolver;
}

/** Runs the JOSE verifier for the context's format once; sets `claims` and `document`. */
export async function runJose(ctx: JoseContext, inputs: JoseVerifyInputs = {}): Promise<JoseState> {
  if (ctx.jose) return ctx.jose;
  const token = (ctx.input as string).trim();
  const common = { clock: () => ctx.now, maxClockSkewSeconds: ctx.options.maxClockSkewMs / 1000 };
  let result: VerificationResult;
  let keyBindingIgnored = false;
  if (ctx.format === JoseFormats.VC_JWT) {
    result = await verifyVcJwt(token, { ...common, resolveVerificationMethod: ctx.options.resolveVerificationMethod });
  } else {
    keyBindingIgnored = hasKeyBinding(token);
    const keys = inputs.resolveIssuerKey ? { resolveIssuerKey: inputs.resolveIssuerKey } : { resolveVerificationMethod: ctx.options.resolveVerificationMethod };
    result = await verifySdJwtVc(withoutKeyBinding(token), { ...common, ...keys });
  }
  if (isObject(result.document)) {
    ctx.claims = result.document;
    ctx.document = result.document;
  }
  ctx.jose = { result, problems: problemsByCheck(result), ...(keyBindingIgnored ? { keyBindingIgnored } : {}) };
  return ctx.jose;
}

/**
 * Folds JOSE checks `ids` into one outcome: failed when any failed (their problems, in order); skipped
 * when none passed; else passed. `details` of passed checks are merged.
 */
export function foldChecks(state: JoseState, ids: readonly string[], skippedMessage: string): CheckOutcome {
  const checks = state.result.checks.filter((c) => ids.includes(c.id));
  const failed = checks.filter((c) => c.status === 'failed');
  if (failed.length > 0) return { status: 'failed', problems: failed.flatMap((c) => state.problems.get(c.id) ?? []) };
  const passed = checks.filter((c) => c.status === 'passed');
  if (passed.length === 0) {
    const skipped: Check | undefined = checks.find((c) => c.status === 'skipped');
    return { status: 'skipped', message: skipped?.message ?? skippedMessage, ...(skipped?.code ? { code: skipped.code } : {}) };
  }
  const details = Object.assign({}, ...passed.map((c) => c.details ?? {})) as Record<string, unknown>;
  return Object.keys(details).length > 0 ? { status: 'passed', details } : { status: 'passed' };
}

/** True when the context's format is one of the JOSE credential forms. */
export function isJoseCredentialFormat(format: string | undefined): boolean {
  return format === JoseFormats.VC_JWT || format === JoseFormats.SD_JWT_VC;
}

/** A step that runs `jose` for the JOSE formats and `ldp` otherwise; both under the same id. */
export function byFormat(ldp: VerificationStep<VerificationContext>, jose: (ctx: JoseContext) => Promise<CheckOutcome>): VerificationStep<VerificationContext> {
  return {
    id: ldp.id,
    ...(ldp.fatal !== undefined ? { fatal: ldp.fatal } : {}),
    run: (ctx) => (isJoseCredentialFormat(ctx.format) ? jose(ctx as JoseContext) : ldp.run(ctx)),
  };
}
