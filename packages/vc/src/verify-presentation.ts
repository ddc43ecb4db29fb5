/**
 * `verifyPresentation`: the presentation pipeline — parse → format → structure → proof (authentication,
 * expected challenge and domain) → holder-binding → credentials (each embedded credential through the
 * credential pipeline). `verified` only when every check of the presentation and of every credential
 * passes.
 */
import { isObject, type Problem, type VerificationResult } from '@trustbridge/core';
import { VcErrorCodes } from './codes.js';
import { PRESENTATION_FORMATS } from './formats.js';
import { optionsError, resolveOptions, type VerifyCredentialOptions } from './options.js';
import { runPipeline, type PipelineResult, type VerificationStep } from './pipeline.js';
import { controllerDid, formatStep, parseStep, partyId, proofStep, structureStep, type VerificationContext } from './steps.js';
import { validatePresentation } from './validate.js';
import { verifyCredential } from './verify-credential.js';

/** Options of {@link verifyPresentation}: the credential options plus the verifier's challenge and domain. */
export interface VerifyPresentationOptions extends VerifyCredentialOptions {
  /** The challenge (nonce) the verifier issued; required unless `requireProof` is false. */
  challenge?: string;
  /** The verifier's domain (audience), when it sent one. */
  domain?: string | string[];
  /** Accept an unsigned presentation (its `proof` and `holder-binding` checks are then skipped). Default true. */
  requireProof?: boolean;
}

/** A presentation's result: its own checks plus each embedded credential's result. */
export interface PresentationVerificationResult extends PipelineResult {
  /** One result per `verifiableCredential` entry, in order. */
  credentials: PipelineResult[];
}

interface PresentationContext extends VerificationContext {
  credentialOptions: VerifyCredentialOptions;
  credentials: PipelineResult[];
}

function presentationSteps(options: VerifyPresentationOptions): Array<VerificationStep<PresentationContext>> {
  const requireProof = options.requireProof !== false;
  const proof = proofStep({
    purpose: 'authentication',
    ...(options.challenge !== undefined ? { challenge: options.challenge } : {}),
    ...(options.domain !== undefined ? { domain: options.domain } : {}),
  });
  return [
    parseStep,
    formatStep(PRESENTATION_FORMATS),
    structureStep((doc) => validatePresentation(doc, { includeCredentials: false })),
    {
      id: 'proof',
      run(ctx) {
        const doc = ctx.document as Record<string, unknown>;
        if (!requireProof && doc.proof === undefined) return { status: 'skipped', message: 'The presentation is not signed (requireProof: false).' };
        return proof.run(ctx);
      },
    },
    {
      // VC DM 2.0 §4.13 / DESIGN.md: the key that signed the presentation is the holder's.
      id: 'holder-binding',
      run(ctx) {
        const doc = ctx.document as Record<string, unknown>;
        const holder = partyId(doc.holder);
        if (holder === undefined) return { status: 'skipped', message: 'The presentation names no holder.' };
        const proofs = ctx.proofs?.proofs ?? [];
        if (proofs.length === 0) return { status: 'skipped', message: 'The presentation has no proof to bind.' };
        const problems: Problem[] = [];
        proofs.forEach((p, i) => {
          if (p.verificationMethod === undefined || controllerDid(p.verificationMethod) !== holder) {
            problems.push({
              code: VcErrorCodes.VP_HOLDER_MISMATCH,
              specCode: 'INVALID_VERIFICATION_METHOD',
              message: 'The presentation was not signed with a key of its holder.',
              path: Array.isArray(doc.proof) ? `/proof/${i}/verificationMethod` : '/proof/verificationMethod',
            });
          }
        });
        return problems.length === 0 ? { status: 'passed', details: { holder } } : { status: 'failed', problems };
      },
    },
    {
      id: 'credentials',
      async run(ctx) {
        const doc = ctx.document as Record<string, unknown>;
        const value = doc.verifiableCredential;
        if (value === undefined) return { status: 'skipped', message: 'The presentation carries no credentials.' };
        const list = Array.isArray(value) ? value : [value];
        const problems: Problem[] = [];
        let refer = false;
        for (const [i, vc] of list.entries()) {
          const result = await verifyCredential(vc, ctx.credentialOptions);
          ctx.credentials.push(result);
          if (!result.verified) {
            refer ||= result.outcome === 'refer';
            problems.push({
              code: VcErrorCodes.VP_CREDENTIAL_FAILED,
              message: `Credential ${i} failed verification (${result.problems[0]?.code ?? 'unknown'}).`,
              path: Array.isArray(value) ? `/verifiableCredential/${i}` : '/verifiableCredential',
            });
          }
        }
        // A credential that only needs a human decision makes the presentation a refer, not a reject.
        const allRefer = refer && ctx.credentials.every((r) => r.verified || r.outcome === 'refer');
        const details = { count: list.length, ...(problems.length > 0 ? { outcome: allRefer ? 'refer' : 'error' } : {}) };
        return problems.length === 0 ? { status: 'passed', details } : { status: 'failed', problems, details };
      },
    },
  ];
}

/**
 * Verifies a presentation and every credential in it. Untrusted input never throws; bad options (no
 * `challenge` while a proof is required, ...) throw `ERR_VC_OPTIONS_INVALID`. A presentation without a
 * challenge in its proof fails `ERR_DI_CHALLENGE_MISMATCH`; a proof by a key that is not the holder's
 * fails `ERR_VP_HOLDER_MISMATCH`.
 *
 * @example
 * ```ts
 * const result = await verifyPresentation(vp, { challenge: nonce, domain: 'https://bank.example' });
 * result.credentials.forEach((r) => console.log(r.verified));
 * ```
 */
export async function verifyPresentation(presentation: unknown, options: VerifyPresentationOptions = {}): Promise<PresentationVerificationResult> {
  if (!isObject(options)) throw optionsError('options must be an object.');
  const requireProof = options.requireProof !== false;
  if (options.requireProof !== undefined && typeof options.requireProof !== 'boolean') throw optionsError('requireProof must be a boolean.');
  if (requireProof && (typeof options.challenge !== 'string' || options.challenge.length === 0)) {
    throw optionsError('challenge is required to verify a signed presentation (replay protection).');
  }
  if (options.challenge !== undefined && typeof options.challenge !== 'string') throw optionsError('challenge must be a string.');
  const { challenge: _c, domain: _d, requireProof: _r, ...credentialOptions } = options;
  const resolved = resolveOptions(credentialOptions);
  // Credentials share the resolved dependencies and the same instant.
  const now = resolved.clock();
  const shared: VerifyCredentialOptions = {
    ...credentialOptions,
    resolveVerificationMethod: resolved.resolveVerificationMethod,
    documentLoader: resolved.documentLoader,
    clock: () => now,
  };
  const context: PresentationContext = { input: presentation, options: resolved, now, credentialOptions: shared, credentials: [] };
  const result = await runPipeline(presentationSteps(options), context);
  return { ...result, credentials: context.credentials };
}
