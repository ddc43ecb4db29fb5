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
import { verifyPresentationJwt, verifySdJwtVc } from '@trustbridge/jose';
import { foldChecks, hasKeyBinding, problemsByCheck, withoutKeyBinding, type JoseState } from './jose-formats.js';
import type { CheckOutcome } from './pipeline.js';
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
  jose?: JoseState;
  credentialOptions: VerifyCredentialOptions;
  credentials: PipelineResult[];
}

/** The single audience the JOSE forms check (`aud` of a vp+jwt, of a KB-JWT). */
function audienceOf(domain: string | string[] | undefined): string | undefined {
  return Array.isArray(domain) ? domain[0] : domain;
}

/** Runs the JOSE presentation verifier once per verification. */
async function josePresentation(ctx: PresentationContext, options: VerifyPresentationOptions): Promise<JoseState> {
  if (ctx.jose) return ctx.jose;
  const token = (ctx.input as string).trim();
  const requireProof = options.requireProof !== false;
  const audience = audienceOf(options.domain);
  const common = {
    clock: () => ctx.now,
    maxClockSkewSeconds: ctx.options.maxClockSkewMs / 1000,
    ...(options.challenge !== undefined ? { expectedNonce: options.challenge } : {}),
    ...(audience !== undefined ? { expectedAudience: audience } : {}),
  };
  let result: VerificationResult;
  if (ctx.format === 'vp+jwt') {
    result = await verifyPresentationJwt(token, { ...common, resolveVerificationMethod: ctx.options.resolveVerificationMethod, verifyCredentials: false });
  } else {
    const keys = ctx.options.resolveIssuerKey ? { resolveIssuerKey: ctx.options.resolveIssuerKey } : { resolveVerificationMethod: ctx.options.resolveVerificationMethod };
    result = await verifySdJwtVc(token, { ...common, ...keys, requireKeyBinding: requireProof && audience !== undefined });
    // Without an expected audience jose cannot require key binding; a signed presentation is still required.
    if (requireProof && audience === undefined && !hasKeyBinding(token)) {
      const hb = result.checks.find((c) => c.id === 'holder-binding');
      const problem = { code: 'ERR_SDJWT_KB_MISSING', message: 'Key binding is required but no KB-JWT was presented.' };
      if (hb) Object.assign(hb, { status: 'failed', code: problem.code, message: problem.message });
      result = { ...result, verified: false, problems: [...result.problems, problem] };
    }
  }
  ctx.jose = { result, problems: problemsByCheck(result) };
  if (isObject(result.document)) ctx.document = result.document;
  return ctx.jose;
}

const ENVELOPED_PREFIXES = ['data:application/vc+jwt,', 'data:application/dc+sd-jwt,', 'data:application/vc+sd-jwt,'];

/** The credentials of a presentation as `verifyCredential` inputs: objects as is, enveloped JOSE credentials unwrapped. */
function presentedCredentials(ctx: PresentationContext): { list: unknown[]; many: boolean } | undefined {
  if (ctx.format === 'dc+sd-jwt') return { list: [withoutKeyBinding(ctx.input as string)], many: false };
  const value = (ctx.jose ? ctx.jose.result.document : ctx.document) as Record<string, unknown> | undefined;
  const vcs = isObject(value) ? value.verifiableCredential : undefined;
  if (vcs === undefined) return undefined;
  const list = (Array.isArray(vcs) ? vcs : [vcs]).map((vc) => {
    if (isObject(vc) && vc.type === 'EnvelopedVerifiableCredential' && typeof vc.id === 'string') {
      const prefix = ENVELOPED_PREFIXES.find((p) => (vc.id as string).startsWith(p));
      if (prefix) return (vc.id as string).slice(prefix.length);
    }
    return vc;
  });
  return { list, many: Array.isArray(vcs) };
}

/** For a JOSE presentation format, `jose(ctx)`; otherwise the Data Integrity step. */
function forFormat(step: VerificationStep<PresentationContext>, jose: (ctx: PresentationContext) => Promise<CheckOutcome>): VerificationStep<PresentationContext> {
  return { id: step.id, run: (ctx) => (ctx.format === 'vp+jwt' || ctx.format === 'dc+sd-jwt' ? jose(ctx) : step.run(ctx)) };
}

function presentationSteps(options: VerifyPresentationOptions): Array<VerificationStep<PresentationContext>> {
  const [parse, format, structure, proof, holderBinding, credentials] = dataIntegritySteps(options);
  const sdJwtNote = 'An SD-JWT presentation is the credential itself: its structure and issuer proof are checked under credentials.';
  return [
    parse!,
    format!,
    forFormat(structure!, async (ctx) => {
      if (ctx.format === 'dc+sd-jwt') return { status: 'skipped', message: sdJwtNote };
      return foldChecks(await josePresentation(ctx, options), ['parse', 'header', 'structure'], 'Not run.');
    }),
    forFormat(proof!, async (ctx) => {
      if (ctx.format === 'dc+sd-jwt') return { status: 'skipped', message: 'The holder proof of an SD-JWT presentation is its KB-JWT, checked under holder-binding.' };
      return foldChecks(await josePresentation(ctx, options), ['proof', 'validity'], 'Not run.');
    }),
    forFormat(holderBinding!, async (ctx) => foldChecks(await josePresentation(ctx, options), ['holder-binding'], 'Not run.')),
    credentials!,
  ];
}

function dataIntegritySteps(options: VerifyPresentationOptions): Array<VerificationStep<PresentationContext>> {
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
        const presented = presentedCredentials(ctx);
        if (presented === undefined) return { status: 'skipped', message: 'The presentation carries no credentials.' };
        const { list, many } = presented;
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
              path: many ? `/verifiableCredential/${i}` : ctx.format === 'dc+sd-jwt' ? '' : '/verifiableCredential',
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
