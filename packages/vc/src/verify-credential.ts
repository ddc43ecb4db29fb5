/**
 * `verifyCredential`: the credential pipeline — parse → format → structure → proof → validity →
 * status → trust (DESIGN.md "Verification pipeline"; VC DM 2.0 §7.1 "Verification").
 */
import { VcErrorCodes } from './codes.js';
import { CREDENTIAL_FORMATS } from './formats.js';
import { resolveOptions, type VerifyCredentialOptions } from './options.js';
import { runPipeline, type PipelineResult, type VerificationStep } from './pipeline.js';
import {
  formatStep,
  parseStep,
  partyId,
  proofStep,
  statusStep,
  structureStep,
  trustStep,
  validityStep,
  type VerificationContext,
} from './steps.js';
import { validateCredential } from './validate.js';

/** The credential pipeline, in order. Exported so callers can see (and tests can assert) the shape. */
export const CREDENTIAL_STEPS: ReadonlyArray<VerificationStep<VerificationContext>> = Object.freeze([
  parseStep,
  formatStep(CREDENTIAL_FORMATS),
  structureStep(validateCredential),
  proofStep({
    purpose: 'assertionMethod',
    binding: {
      party: (doc) => partyId(doc.issuer),
      code: VcErrorCodes.ISSUER_KEY_MISMATCH,
      message: 'The proof was not made with a key of the issuer.',
    },
  }),
  validityStep,
  statusStep,
  trustStep,
]);

/**
 * Verifies a credential (an object, or its JSON text). Untrusted input never throws: the result lists
 * every check (`parse`, `format`, `structure`, `proof`, `validity`, `status`, `trust`) as passed,
 * failed or skipped, with coded problems; `verified` is true only when none failed. Bad options throw
 * `ERR_VC_OPTIONS_INVALID`. `outcome` is `verified`, `refer` (only checks that asked for a human
 * decision failed, e.g. an unreachable status list under `onRetrievalFailure: 'refer'`) or `rejected`.
 *
 * @example
 * ```ts
 * const result = await verifyCredential(vc, { clock: fixedClock('2025-06-01T00:00:00Z') });
 * if (!result.verified) console.log(result.problems.map((p) => p.code)); // e.g. ['ERR_VC_EXPIRED']
 * ```
 */
export async function verifyCredential(credential: unknown, options: VerifyCredentialOptions = {}): Promise<PipelineResult> {
  const resolved = resolveOptions(options);
  const context: VerificationContext = { input: credential, options: resolved, now: resolved.clock() };
  return runPipeline(CREDENTIAL_STEPS, context);
}
