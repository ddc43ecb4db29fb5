/**
 * `trustbridge kyb evaluate` and `trustbridge kyb verify-audit`: the KYB policy on files.
 *
 * Exit codes of `kyb evaluate`: 0 approve, 3 refer, 4 decline, 2 usage or operational error.
 * `kyb verify-audit`: 0 verified, 1 not verified, 2 error. Trust answers come from the pilot
 * registries' offline index (no network); did:web resolution and status lists use the network the
 * CLI injects.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { TrustBridgeError, fixedClock, isObject, systemClock, type Clock, type DidResolver } from '@trustbridge/core';
import { decodeEd25519PublicKeyMultibase, decodeEd25519SecretKeyMultibase } from '@trustbridge/keys';
import { createVerificationMethodResolver } from '@trustbridge/did';
import { bcBankKybPolicy, createAuditRecord, evaluateKyb, validateKybPolicy, verifyAuditRecord, type KybDecision, type KybPolicy } from '@trustbridge/kyb';
import { createStatusCheck } from '@trustbridge/vc';
import { createServiceIssuer } from '../issuer.js';
import { createPilotKybTrust } from './router.js';

/** Exit code of `kyb evaluate` for each decision. */
export const KYB_EXIT_CODES: Readonly<Record<KybDecision, number>> = { approve: 0, refer: 3, decline: 4 };

/** What the KYB commands need from the CLI around them. */
export interface KybCliContext {
  /** Prints a JSON value. */
  print(value: unknown): void;
  /** Reads a JSON file (bounded). */
  readJson(file: string): Promise<unknown>;
  /** Ends the command with an exit code (throws). */
  exit(code: number): never;
  env: Readonly<Record<string, string | undefined>>;
  resolver: DidResolver;
}

/** Environment variable holding the verifier's secretKeyMultibase for `--audit-out`. */
export const KYB_SECRET_KEY_ENV = 'TRUSTBRIDGE_SECRET_KEY';

function usage(message: string): TrustBridgeError {
  return new TrustBridgeError('ERR_CLI_USAGE', message);
}

/** Adds `kyb evaluate` and `kyb verify-audit` to the program. */
export function addKybCommands(program: Command, ctx: KybCliContext): void {
  const kyb = program.command('kyb').description('Know-your-business decisions: run the KYB policy on a presentation, verify audit records.');

  kyb
    .command('evaluate')
    .description('Evaluate a presentation (or credentials) against the KYB policy and print the decision. Exit 0 approve, 3 refer, 4 decline, 2 error.')
    .option('--presentation <file>', 'signed presentation (JSON)')
    .option('--credential <file...>', 'credentials (JSON) instead of a presentation (holder binding is then not proven: refer)')
    .option('--challenge <challenge>', 'the challenge the presentation must carry')
    .option('--domain <domain>', 'the domain the presentation must carry')
    .option('--policy <file>', 'policy JSON (default: the pilot bank policy)')
    .option('--now <dateTime>', 'evaluate as of this time instead of now')
    .option('--audit-out <file>', `write the signed audit record here (verifier key from ${KYB_SECRET_KEY_ENV})`)
    .action(async (options: { presentation?: string; credential?: string[]; challenge?: string; domain?: string; policy?: string; now?: string; auditOut?: string }) => {
      if ((options.presentation === undefined) === (options.credential === undefined)) throw usage('Give --presentation <file> or --credential <file...>.');
      if (options.presentation !== undefined && options.challenge === undefined) throw usage('Evaluating a presentation needs --challenge (replay protection).');
      const clock: Clock = options.now === undefined ? systemClock : fixedClock(options.now);
      const policy: KybPolicy = options.policy === undefined ? bcBankKybPolicy : validateKybPolicy((await ctx.readJson(options.policy)) as KybPolicy);
      const input =
        options.presentation !== undefined
          ? { presentation: await ctx.readJson(options.presentation) }
          : { credentials: await Promise.all((options.credential ?? []).map((f) => ctx.readJson(f))) };
      const { trustClient, registrySnapshot } = createPilotKybTrust(clock);
      const evaluation = await evaluateKyb(input, {
        policy,
        trustClient,
        clock,
        verifyOptions: {
          resolver: ctx.resolver,
          clock,
          checkStatus: createStatusCheck({ fetch: globalThis.fetch, clock }),
          ...(options.challenge !== undefined ? { challenge: options.challenge } : {}),
          ...(options.domain !== undefined ? { domain: options.domain } : {}),
        },
      });
      let auditRecord: unknown;
      if (options.auditOut !== undefined) {
        const secret = ctx.env[KYB_SECRET_KEY_ENV];
        if (!secret) throw new TrustBridgeError('ERR_CLI_KEY_MISSING', `Set ${KYB_SECRET_KEY_ENV} to the verifier's secretKeyMultibase to sign the audit record.`);
        const verifier = await createServiceIssuer({ method: 'key', seed: decodeEd25519SecretKeyMultibase(secret) });
        auditRecord = await createAuditRecord(evaluation, { policy, verifierSigner: verifier.signer, clock, registrySnapshot });
        try {
          await writeFile(options.auditOut, JSON.stringify(auditRecord, null, 2) + '\n', { flag: 'wx' });
        } catch (cause) {
          throw new TrustBridgeError('ERR_CLI_OUTPUT', `Cannot write ${options.auditOut} (it must not exist yet).`, { cause });
        }
      }
      ctx.print({
        decision: evaluation.decision,
        reasons: evaluation.reasons,
        gaps: evaluation.gaps,
        checks: evaluation.checks,
        policy: evaluation.policy,
        evaluatedAt: evaluation.evaluatedAt,
        ...(auditRecord !== undefined ? { auditRecord: (auditRecord as { id: string }).id } : {}),
      });
      const code = KYB_EXIT_CODES[evaluation.decision];
      if (code !== 0) ctx.exit(code);
    });

  kyb
    .command('verify-audit')
    .description('Verify a KYB audit record\'s signature (the verifier key from its did:key kid, or --public-key). Exit 0 verified, 1 not verified.')
    .argument('<file>', 'audit record (JSON)')
    .option('--public-key <multibase>', 'the verifier\'s Ed25519 publicKeyMultibase')
    .action(async (file: string, options: { publicKey?: string }) => {
      const record = await ctx.readJson(file);
      if (!isObject(record)) throw new TrustBridgeError('ERR_REQUEST_INVALID', 'The audit record must be a JSON object.');
      const result = await verifyAuditRecord(
        record,
        options.publicKey !== undefined
          ? { publicKey: decodeEd25519PublicKeyMultibase(options.publicKey) }
          : { resolveVerificationMethod: createVerificationMethodResolver(ctx.resolver) },
      );
      ctx.print({ ...result, ...(typeof record['id'] === 'string' ? { id: record['id'] } : {}), ...(typeof record['decision'] === 'string' ? { decision: record['decision'] } : {}) });
      if (!result.verified) ctx.exit(1);
    });
}
