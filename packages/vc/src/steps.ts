/**
 * The steps shared by credential and presentation verification: parse, format, structure (data
 * model + JSON-LD safe mode), proof, validity, and the pluggable status / trust checks.
 */
import { SpecErrors, isObject, parseJson, problemFromError, type Problem } from '@trustbridge/core';
import { verifyProofs, type ProofsVerification } from '@trustbridge/data-integrity';
import { assertSafe } from '@trustbridge/jsonld';
import { VcErrorCodes } from './codes.js';
import { detectFormat, type FormatDetector } from './formats.js';
import type { CheckerInput, ResolvedOptions } from './options.js';
import { runPluggable, type CheckOutcome, type PipelineState, type VerificationStep } from './pipeline.js';
import { instant, isDateTimeStamp } from './syntax.js';
import { dataModelVersion } from './validate.js';

/** Per-verification state of the credential / presentation pipelines. */
export interface VerificationContext extends PipelineState {
  options: ResolvedOptions;
  now: Date;
  /** Set by the proof step. */
  proofs?: ProofsVerification;
  /** JOSE forms: the decoded credential (`vc+jwt` payload) or the disclosed SD-JWT VC claims. */
  claims?: Record<string, unknown>;
}

/**
 * `parse`: an object is taken as is; a string that looks like JSON (`{` or `[` first) is parsed within
 * core's bounds (size, depth); any other string is left for the format step (compact JWTs, later).
 */
export const parseStep: VerificationStep<VerificationContext> = {
  id: 'parse',
  fatal: true,
  run(ctx) {
    const { input } = ctx;
    if (typeof input === 'string') {
      const first = input.trimStart()[0];
      if (first === '{' || first === '[') {
        try {
          ctx.document = parseJson(input);
        } catch (error) {
          return { status: 'failed', problems: [problemFromError(error, 'ERR_JSON_MALFORMED')] };
        }
        return { status: 'passed', details: { from: 'json-text' } };
      }
      ctx.document = input;
      return { status: 'passed', details: { from: 'text' } };
    }
    if (input === null || typeof input !== 'object') {
      return { status: 'failed', problems: [{ code: VcErrorCodes.NOT_AN_OBJECT, specCode: SpecErrors.PARSING_ERROR, message: 'Input must be a JSON object or JSON text.', path: '' }] };
    }
    ctx.document = input;
    return { status: 'passed', details: { from: 'object' } };
  },
};

/** `format`: the first row of `table` that claims the parsed input. */
export function formatStep(table: readonly FormatDetector[]): VerificationStep<VerificationContext> {
  return {
    id: 'format',
    fatal: true,
    run(ctx) {
      const format = detectFormat(ctx.document, table);
      if (format !== undefined) {
        ctx.format = format;
        return { status: 'passed', details: { format } };
      }
      const notObject = typeof ctx.document !== 'string' && !isObject(ctx.document);
      return {
        status: 'failed',
        problems: [
          notObject
            ? { code: VcErrorCodes.NOT_AN_OBJECT, specCode: SpecErrors.PARSING_ERROR, message: 'A JSON array or value is not a credential or presentation.', path: '' }
            : { code: VcErrorCodes.FORMAT_UNSUPPORTED, specCode: SpecErrors.PARSING_ERROR, message: 'The input is in no supported format.' },
        ],
      };
    },
  };
}

/**
 * `structure`: the data model checks, then JSON-LD safe mode over the document without its proof
 * (VC DM 2.0 §4.5 type values must map to URLs, §5.2.1 protected terms; VC DI 1.0 §2.4 undefined
 * terms are errors). Unknown contexts are reported, never fetched.
 */
export function structureStep(validate: (doc: unknown) => Problem[]): VerificationStep<VerificationContext> {
  return {
    id: 'structure',
    async run(ctx) {
      const doc = ctx.document as Record<string, unknown>;
      const problems = validate(doc);
      const hasContextProblem = problems.some((p) => p.code === VcErrorCodes.CONTEXT_MISSING);
      if (!hasContextProblem) {
        const { proof: _proof, ...unsecured } = doc;
        try {
          await assertSafe(unsecured, { documentLoader: ctx.options.documentLoader });
        } catch (error) {
          const e = error as { details?: { path?: unknown } };
          problems.push(problemFromError(error, 'ERR_JSONLD_INVALID', typeof e?.details?.path === 'string' ? e.details.path : undefined));
        }
      }
      const version = dataModelVersion(doc);
      return problems.length === 0
        ? { status: 'passed', ...(version ? { details: { version } } : {}) }
        : { status: 'failed', problems, ...(version ? { details: { version } } : {}) };
    },
  };
}

/** The DID of a verification method id (`did:key:z6Mk...#z6Mk...` → `did:key:z6Mk...`). */
export function controllerDid(vmId: string): string {
  const hash = vmId.indexOf('#');
  return hash === -1 ? vmId : vmId.slice(0, hash);
}

/** The `id` of an `issuer` / `holder` value (a URL, or an object with an `id`). */
export function partyId(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.id === 'string') return value.id;
  return undefined;
}

/**
 * `proof`: every Data Integrity proof verifies for `purpose` (VC DI 1.0 §4.4), and at least one proof's
 * verification method belongs to `party` (the issuer for a credential, the holder for a presentation):
 * its DID — whose document the resolver checked lists the method and controls it — is the party's id.
 * Further proofs of a set or chain may come from other parties; they must verify too.
 */
export function proofStep(opts: {
  purpose: 'assertionMethod' | 'authentication';
  challenge?: string;
  domain?: string | string[];
  /** The party the proof keys must belong to, and the code when they do not; omit to skip the binding. */
  binding?: { party: (doc: Record<string, unknown>) => string | undefined; code: string; message: string };
}): VerificationStep<VerificationContext> {
  return {
    id: 'proof',
    async run(ctx): Promise<CheckOutcome> {
      const doc = ctx.document as Record<string, unknown>;
      const result = await verifyProofs(doc, {
        documentLoader: ctx.options.documentLoader,
        resolveVerificationMethod: ctx.options.resolveVerificationMethod,
        expectedProofPurpose: opts.purpose,
        clock: () => ctx.now,
        ...(opts.challenge !== undefined ? { challenge: opts.challenge } : {}),
        ...(opts.domain !== undefined ? { domain: opts.domain } : {}),
        ...(ctx.options.allowedCryptosuites ? { allowedCryptosuites: ctx.options.allowedCryptosuites } : {}),
      });
      ctx.proofs = result;
      const problems = [...result.problems];
      if (opts.binding) {
        // In a proof set or chain (VC DI 1.0 §2.1.1–2.1.2) other parties may add proofs (witnesses,
        // endorsers); every proof must verify (above), and at least one must be the party's own.
        const party = opts.binding.party(doc);
        const withMethod = result.proofs.filter((p) => p.verificationMethod !== undefined);
        const bound = party !== undefined && withMethod.some((p) => controllerDid(p.verificationMethod!) === party);
        if (withMethod.length > 0 && !bound) {
          problems.push({
            code: opts.binding.code,
            specCode: SpecErrors.INVALID_VERIFICATION_METHOD,
            message: opts.binding.message,
            path: Array.isArray(doc.proof) ? '/proof' : '/proof/verificationMethod',
          });
        }
      }
      const details = {
        proofs: result.proofs.map((p) => ({ cryptosuite: p.cryptosuite, verificationMethod: p.verificationMethod, verified: p.verified })),
      };
      return problems.length === 0 && result.verified ? { status: 'passed', details } : { status: 'failed', problems, details };
    },
  };
}

/**
 * `validity`: VC DM 2.0 §4.9 (`validFrom` / `validUntil`) or VC DM 1.1 §4.6–4.7 (`issuanceDate` /
 * `expirationDate`) against the injected clock with a bounded skew. Boundaries are inclusive: a
 * credential is valid from `validFrom − skew` through `validUntil + skew`. Failures carry the spec
 * name `RANGE_ERROR` (VC DM 2.0 §7.1: "a provided value is outside of the expected range").
 */
export const validityStep: VerificationStep<VerificationContext> = {
  id: 'validity',
  run(ctx): CheckOutcome {
    const doc = ctx.document as Record<string, unknown>;
    const v1 = dataModelVersion(doc) === '1.1';
    const [fromProp, untilProp] = v1 ? ['issuanceDate', 'expirationDate'] : ['validFrom', 'validUntil'];
    const from = doc[fromProp];
    const until = doc[untilProp];
    if ((from !== undefined && !isDateTimeStamp(from)) || (until !== undefined && !isDateTimeStamp(until))) {
      return { status: 'skipped', message: 'The validity dates are malformed (reported by the structure check).', code: VcErrorCodes.DATETIME_INVALID };
    }
    const now = ctx.now.getTime();
    const skew = ctx.options.maxClockSkewMs;
    const problems: Problem[] = [];
    if (typeof from === 'string' && instant(from) - skew > now) {
      problems.push({ code: VcErrorCodes.NOT_YET_VALID, specCode: SpecErrors.RANGE_ERROR, message: 'The credential is not yet valid.', path: `/${fromProp}` });
    }
    if (typeof until === 'string' && instant(until) + skew < now) {
      problems.push({ code: VcErrorCodes.EXPIRED, specCode: SpecErrors.RANGE_ERROR, message: 'The credential has expired.', path: `/${untilProp}` });
    }
    const details = { now: ctx.now.toISOString(), maxClockSkewSeconds: skew / 1000 };
    return problems.length === 0 ? { status: 'passed', details } : { status: 'failed', problems, details };
  },
};

/** What a pluggable checker receives: the credential (for JOSE forms its decoded claims), now, the format. */
function checkerInput(ctx: VerificationContext): CheckerInput {
  return { credential: (ctx.claims ?? ctx.document) as Record<string, unknown>, now: ctx.now, ...(ctx.format ? { format: ctx.format } : {}) };
}

/** `status`: the injected `checkStatus`, or skipped. */
export const statusStep: VerificationStep<VerificationContext> = {
  id: 'status',
  run: (ctx) =>
    runPluggable(ctx.options.checkStatus, () => ctx.options.checkStatus!(checkerInput(ctx)), 'no status checker configured'),
};

/** `trust`: the injected `checkTrust`, or skipped. */
export const trustStep: VerificationStep<VerificationContext> = {
  id: 'trust',
  run: (ctx) =>
    runPluggable(ctx.options.checkTrust, () => ctx.options.checkTrust!(checkerInput(ctx)), 'no trust checker configured'),
};
