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
import { vocabSchemaProblems, vocabSdJwtSchemaProblems } from './vocab-schema.js';
import { byFormat, foldChecks, runJose, type JoseContext } from './jose-formats.js';
import type { CheckOutcome } from './pipeline.js';

/** Registered JWT claims (RFC 7519 §4.1) and `cnf` (RFC 7800) a `vc+jwt` payload may carry beside the VC. */
const JWT_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'cnf'];

/** `structure` for JOSE forms: the JOSE parse / header / structure (and SD-JWT disclosures) checks; for vc+jwt also the VC data model on the payload. */
async function joseStructure(ctx: JoseContext): Promise<CheckOutcome> {
  const state = await runJose(ctx, ctx.options.resolveIssuerKey ? { resolveIssuerKey: ctx.options.resolveIssuerKey } : {});
  const folded = foldChecks(state, ['parse', 'header', 'disclosures', 'structure'], 'Not run.');
  if (folded.status === 'skipped') {
    // RFC 9901 §7.1: Disclosures are processed only once the issuer signature verified.
    return { status: 'skipped', message: 'Not run: the proof check failed (disclosures are processed only after the signature verifies).' };
  }
  if (folded.status !== 'passed' || !ctx.claims) return folded;
  if (ctx.format !== 'vc+jwt') {
    const schema = vocabSdJwtSchemaProblems(ctx.claims as Record<string, unknown>);
    return schema.length === 0 ? folded : { status: 'failed', problems: schema };
  }
  const vc = Object.fromEntries(Object.entries(ctx.claims).filter(([k]) => !JWT_CLAIMS.includes(k)));
  const problems = [...validateCredential(vc), ...vocabSchemaProblems(vc)];
  return problems.length === 0 ? { status: 'passed', details: { version: '2.0' } } : { status: 'failed', problems };
}

async function joseProof(ctx: JoseContext): Promise<CheckOutcome> {
  const state = await runJose(ctx);
  const folded = foldChecks(state, ['proof'], 'Not run.');
  if (state.keyBindingIgnored && folded.status === 'passed') {
    return { status: 'passed', details: { ...folded.details, keyBinding: 'present; not checked here (verifyPresentation checks it against the challenge and domain)' } };
  }
  return folded;
}

async function joseValidity(ctx: JoseContext): Promise<CheckOutcome> {
  return foldChecks(await runJose(ctx), ['validity'], 'Not run.');
}

/** `status` for every format: the injected checker on the credential (JOSE forms: its decoded claims); without one, JOSE forms keep the JOSE verifier's verdict (an IETF Token Status List fails with a code). */
const anyFormatStatusStep: VerificationStep<VerificationContext> = {
  id: 'status',
  async run(ctx) {
    const jose = ctx as JoseContext;
    if (jose.jose && !ctx.claims) return { status: 'skipped', message: 'Not run: the credential could not be decoded.' };
    if (ctx.options.checkStatus === undefined && jose.jose) return foldChecks(jose.jose, ['status'], 'The credential has no status reference.');
    return statusStep.run(ctx);
  },
};

/** The credential pipeline, in order. Exported so callers can see (and tests can assert) the shape. */
export const CREDENTIAL_STEPS: ReadonlyArray<VerificationStep<VerificationContext>> = Object.freeze([
  parseStep,
  formatStep(CREDENTIAL_FORMATS),
  byFormat(structureStep((doc) => [...validateCredential(doc), ...vocabSchemaProblems(doc)]), joseStructure),
  byFormat(proofStep({
    purpose: 'assertionMethod',
    binding: {
      party: (doc) => partyId(doc.issuer),
      code: VcErrorCodes.ISSUER_KEY_MISMATCH,
      message: 'The proof was not made with a key of the issuer.',
    },
  }), joseProof),
  byFormat(validityStep, joseValidity),
  anyFormatStatusStep,
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
