/**
 * The verification pipeline (DESIGN.md "Verification pipeline"): an ordered list of named steps, each
 * a small object `{ id, run(context) }` returning an outcome. Every step appears in the result's
 * `checks` — passed, failed or skipped (with why) — so later issues plug in JOSE / SD-JWT formats,
 * status, holder binding, trust and policy by adding or replacing steps, not by editing a monolith.
 */
import { ResultBuilder, type Problem, type VerificationResult } from '@trustbridge/core';
import { VcErrorCodes } from './codes.js';

/** What a step (or a pluggable checker such as `checkStatus`) reports. */
export type CheckOutcome =
  | { status: 'passed'; details?: Record<string, unknown> }
  | { status: 'failed'; problems: Problem[]; details?: Record<string, unknown> }
  | { status: 'skipped'; message: string; code?: string };

/**
 * The verdict of a verification, beside `verified`:
 * - `verified`: every check passed or was skipped (`verified: true`);
 * - `refer`: verification failed, but only through checks that asked for a human decision — a failed
 *   check whose `details.outcome` is `'refer'` (e.g. an unreachable status list when the verifier chose
 *   `onRetrievalFailure: 'refer'`). `verified` is still false: a refer is never a pass;
 * - `rejected`: any other failure.
 */
export type VerificationOutcome = 'verified' | 'refer' | 'rejected';

/** A pipeline's result: the shared result model plus the {@link VerificationOutcome}. */
export interface PipelineResult extends VerificationResult {
  outcome: VerificationOutcome;
}

/** Derives the {@link VerificationOutcome} of a result from its checks. */
export function outcomeOf(result: VerificationResult): VerificationOutcome {
  const failed = result.checks.filter((c) => c.status === 'failed');
  if (failed.length === 0 && result.verified) return 'verified';
  return failed.length > 0 && failed.every((c) => c.details?.outcome === 'refer') ? 'refer' : 'rejected';
}

/** One named step of a pipeline. `fatal`: when it fails, later steps are skipped (nothing to check). */
export interface VerificationStep<C> {
  id: string;
  fatal?: boolean;
  run(context: C): Promise<CheckOutcome> | CheckOutcome;
}

/** State shared by the steps of one verification. Steps fill `document` and `format` as they learn them. */
export interface PipelineState {
  /** The caller's input, untouched. */
  input: unknown;
  /** The parsed document, once the `parse` step has run. */
  document?: unknown;
  /** The detected format, once the `format` step has run. */
  format?: string;
}

/**
 * Runs `steps` in order and builds the result. A step that throws is a failed check with
 * `ERR_VC_CHECK_ERROR` (fail closed) unless it threw a coded error, whose code is kept; programmer
 * errors are caught up front by the callers' option checks.
 */
export async function runPipeline<C extends PipelineState>(steps: ReadonlyArray<VerificationStep<C>>, context: C): Promise<PipelineResult> {
  const result = new ResultBuilder();
  let haltedBy: string | undefined;
  for (const step of steps) {
    if (haltedBy !== undefined) {
      result.skip(step.id, `Not run: the ${haltedBy} check failed.`);
      continue;
    }
    let outcome: CheckOutcome;
    try {
      outcome = await step.run(context);
    } catch (error) {
      outcome = { status: 'failed', problems: [problemFromThrown(error)] };
    }
    if (outcome.status === 'passed') result.pass(step.id, outcome.details);
    else if (outcome.status === 'skipped') result.skip(step.id, outcome.message, outcome.code);
    else {
      const problems = outcome.problems.length > 0 ? outcome.problems : [{ code: VcErrorCodes.CHECK_ERROR, message: `The ${step.id} check failed.` }];
      result.fail(step.id, problems, outcome.details);
      if (step.fatal) haltedBy = step.id;
    }
  }
  result.format = context.format;
  result.document = context.document;
  const built = result.build();
  return { ...built, outcome: outcomeOf(built) };
}

function problemFromThrown(error: unknown): Problem {
  const e = error as { code?: unknown; specCode?: unknown; message?: unknown };
  if (typeof e?.code === 'string' && e.code.startsWith('ERR_')) {
    return { code: e.code, ...(typeof e.specCode === 'string' ? { specCode: e.specCode } : {}), message: typeof e.message === 'string' ? e.message : 'Check failed.' };
  }
  return { code: VcErrorCodes.CHECK_ERROR, message: 'The check could not be completed.' };
}

/**
 * Runs a pluggable checker (status, trust) and turns whatever it returns into an outcome; a checker
 * that throws or answers nonsense fails the check (fail closed, DESIGN.md: an unreachable status list
 * is a defined failure, not a pass).
 */
export async function runPluggable(
  checker: ((...args: never[]) => unknown) | undefined,
  call: () => unknown,
  skippedMessage: string,
): Promise<CheckOutcome> {
  if (checker === undefined) return { status: 'skipped', message: skippedMessage };
  const outcome = (await call()) as CheckOutcome | undefined;
  if (outcome && (outcome.status === 'passed' || outcome.status === 'skipped' || outcome.status === 'failed')) {
    if (outcome.status === 'failed' && !Array.isArray(outcome.problems)) {
      return { status: 'failed', problems: [{ code: VcErrorCodes.CHECK_ERROR, message: 'The checker failed without problems.' }] };
    }
    if (outcome.status === 'skipped' && typeof outcome.message !== 'string') return { status: 'skipped', message: 'Skipped by the checker.' };
    return outcome;
  }
  return { status: 'failed', problems: [{ code: VcErrorCodes.CHECK_ERROR, message: 'The checker returned no outcome.' }] };
}
