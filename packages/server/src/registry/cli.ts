/**
 * `trustbridge registry …`: initialise, change (add-entity, authorize, suspend, revoke), snapshot,
 * evaluate (offline from a bundle with pinned anchors, or online against a URL) and verify-bundle.
 * Changes go through the same {@link RegistryService} as the HTTP admin API (appended to the store's
 * history, a new signed snapshot each). Secrets come only from the environment.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { TrustBridgeError, fixedClock, isObject, parseJson, systemClock, type Clock } from '@trustbridge/core';
import {
  evaluate,
  indexFromBundle,
  verifyBundle,
  type Action,
  type AssuranceLevel,
  type Authorization,
  type Decision,
  type Entity,
  type TrustRegistryBundle,
} from '@trustbridge/trust-registry';
import { pilotRegistrySetup } from './pilot.js';
import type { RegistryService } from './registry-service.js';
import { REGISTRY_ENV, openPilotRegistry, openStoreFromEnv } from './serve.js';

/** What the registry commands need from the CLI. */
export interface RegistryCliContext {
  env: Readonly<Record<string, string | undefined>>;
  print(value: unknown): void;
  /** Throw to end with this exit code (0 success, 1 not trusted / not verified). */
  exit(code: number): never;
}

async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new TrustBridgeError('ERR_CLI_INPUT', `Cannot read ${file}.`, { cause });
  }
  return parseJson(text, { maxBytes: 64 * 1024 * 1024 });
}

function anchorsFrom(values: string[] | undefined): Record<string, string[]> {
  const anchors: Record<string, string[]> = {};
  for (const v of values ?? []) {
    const i = v.lastIndexOf('=');
    if (i <= 0) throw new TrustBridgeError('ERR_CLI_USAGE', '--anchor takes <registry-id>=<publicKeyMultibase>.');
    (anchors[v.slice(0, i)] ??= []).push(v.slice(i + 1));
  }
  return anchors;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

async function withRegistry<T>(ctx: RegistryCliContext, fn: (registry: RegistryService) => Promise<T>): Promise<T> {
  const store = await openStoreFromEnv(ctx.env);
  try {
    return await fn(await openPilotRegistry({ store, env: ctx.env }));
  } finally {
    await store.close();
  }
}

interface QueryOptions {
  entity: string;
  action: string;
  type?: string;
  jurisdiction?: string;
  level?: string;
  issuedAt?: string;
  at?: string;
  purpose?: string;
  attributes?: string;
}

function queryFrom(o: QueryOptions, clock: Clock) {
  const level = o.level === undefined ? undefined : Number(o.level);
  if (level !== undefined && ![1, 2, 3, 4].includes(level)) throw new TrustBridgeError('ERR_CLI_USAGE', '--level must be 1, 2, 3 or 4.');
  return {
    entity: o.entity,
    action: o.action as Action,
    at: o.at ?? clock().toISOString(),
    ...(o.type ? { credentialType: o.type } : {}),
    ...(o.jurisdiction ? { jurisdiction: o.jurisdiction } : {}),
    ...(level ? { minimumAssuranceLevel: level as AssuranceLevel } : {}),
    ...(o.issuedAt ? { issuedAt: o.issuedAt } : {}),
    ...(o.purpose ? { purpose: o.purpose } : {}),
    ...(o.attributes ? { attributes: o.attributes.split(',').map((a) => a.trim()).filter(Boolean) } : {}),
  };
}

/**
 * Adds `registry` and its subcommands to a commander program.
 *
 * @example
 * ```sh
 * TRUSTBRIDGE_DATA_DIR=.trustbridge/db trustbridge registry init
 * TRUSTBRIDGE_DATA_DIR=.trustbridge/db trustbridge registry suspend 'did:web:registry.bc.pilot.example#authz-bcreg-business' --reason investigation
 * trustbridge registry evaluate --bundle bundle.json --anchor did:web:hub.trust.pilot.example=z6Mk… --entity AcZpBDz3oxmKrpcuPcdKai --action issue --type BusinessRegistrationCredential --jurisdiction CA-BC
 * ```
 */
export function addRegistryCommands(program: Command, ctx: RegistryCliContext): Command {
  const storeHelp = `store: ${REGISTRY_ENV.DATABASE_URL} (PostgreSQL) or ${REGISTRY_ENV.DATA_DIR} (embedded); hub key: ${REGISTRY_ENV.ROOT_SECRET_KEY}`;
  const registry = program.command('registry').description(`Trust registry: init, change, snapshot, evaluate, verify bundles (${storeHelp}).`);

  registry
    .command('init')
    .description('Seed the store with the pilot registries (hub, BC, Alberta, federal), or write the seed to a file with --out.')
    .option('--out <file>', 'write the seeded registry states (JSON) instead of initialising a store')
    .action(async (o: { out?: string }) => {
      if (o.out) {
        const { seed, anchors } = pilotRegistrySetup();
        await writeFile(o.out, JSON.stringify({ type: 'TrustRegistrySeed', ...seed }, null, 2) + '\n');
        ctx.print({ written: o.out, root: seed.root, registries: seed.states.map((s) => s.registry.id), anchors });
        return;
      }
      await withRegistry(ctx, async (r) => {
        ctx.print({ root: r.root, registries: r.states().map((s) => ({ id: s.registry.id, sequence: s.sequence, snapshot: r.latestSnapshot(s.registry.id).digest })) });
      });
    });

  const change = (name: string, description: string, run: (r: RegistryService, arg: string, o: Record<string, string | undefined>) => Promise<unknown>, argument: string) =>
    registry
      .command(name)
      .description(description)
      .argument(argument)
      .option('--registry <id>', 'hosted registry to change (default: the hub)')
      .option('--reason <text>', 'reason recorded with a status event')
      .option('--at <dateTime>', 'when a status event takes effect (default now)')
      .option('--compromised-since <dateTime>', 'distrust credentials issued at or after this instant')
      .action(async (arg: string, o: Record<string, string | undefined>) => {
        await withRegistry(ctx, async (r) => ctx.print(await run(r, arg, o)));
      });
  const statusOf = (status: 'suspended' | 'revoked') => (r: RegistryService, id: string, o: Record<string, string | undefined>) =>
    r.changeAuthorizationStatus(id, { status, ...(o['reason'] ? { reason: o['reason'] } : {}), ...(o['at'] ? { at: o['at'] } : {}), ...(o['compromisedSince'] ? { compromisedSince: o['compromisedSince'] } : {}) });
  change('add-entity', 'Add an entity (JSON file) to a registry; appended to history, new snapshot.', async (r, file, o) => {
    const entity = await readJsonFile(file);
    if (!isObject(entity)) throw new TrustBridgeError('ERR_CLI_INPUT', 'The entity must be a JSON object.');
    return r.addEntity(entity as unknown as Entity, o['registry'] ?? r.root);
  }, '<file>');
  change('authorize', 'Add an authorization (JSON file) to a registry; appended to history, new snapshot.', async (r, file, o) => {
    const authorization = await readJsonFile(file);
    if (!isObject(authorization)) throw new TrustBridgeError('ERR_CLI_INPUT', 'The authorization must be a JSON object.');
    return r.addAuthorization(authorization as unknown as Authorization, o['registry'] ?? r.root);
  }, '<file>');
  change('suspend', 'Suspend an authorization (append a status event).', statusOf('suspended'), '<authorization-id>');
  change('revoke', 'Revoke an authorization (final; append a status event).', statusOf('revoked'), '<authorization-id>');

  registry
    .command('snapshot')
    .description('Print (or write) the latest signed snapshot; with --publish, sign a new one first (sequence + 1).')
    .option('--registry <id>', 'hosted registry (default: the hub)')
    .option('--publish', 're-publish: a new snapshot chained to the last')
    .option('--bundle', 'print a bundle of every hosted registry\'s latest snapshot instead')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (o: { registry?: string; publish?: boolean; bundle?: boolean; out?: string }) => {
      await withRegistry(ctx, async (r) => {
        const id = o.registry ?? r.root;
        if (o.publish) await r.publishSnapshot(id);
        const s = r.latestSnapshot(id);
        const value = o.bundle ? r.bundle() : { registry: id, sequence: s.payload.sequence, digest: s.digest, issuedAt: s.payload.issuedAt, nextUpdate: s.payload.nextUpdate, jws: s.jws };
        if (o.out) {
          await writeFile(o.out, JSON.stringify(value, null, 2) + '\n');
          ctx.print({ written: o.out, registry: id, sequence: s.payload.sequence, digest: s.digest });
        } else ctx.print(value);
      });
    });

  registry
    .command('evaluate')
    .description('Evaluate offline from a bundle (--bundle with --anchor) or online (--url). Exit 0 trusted, 1 otherwise.')
    .requiredOption('--entity <id>', 'entity identifier (any form)')
    .requiredOption('--action <action>', 'issue, verify, hold or operate')
    .option('--type <credentialType>', 'credential type')
    .option('--jurisdiction <code>', 'subject jurisdiction, e.g. CA-BC')
    .option('--level <n>', 'minimum assurance level 1-4')
    .option('--issued-at <dateTime>', 'when the credential was issued')
    .option('--at <dateTime>', 'evaluation time (default now)')
    .option('--purpose <purpose>', 'verifier purpose')
    .option('--attributes <list>', 'comma-separated requested attributes')
    .option('--bundle <file>', 'bundle file (GET /registry/bundle)')
    .option('--anchor <registry=key>', 'pinned snapshot key (repeatable)', collect)
    .option('--grace <seconds>', 'seconds a snapshot stays usable after nextUpdate', '0')
    .option('--url <base>', 'registry base URL, e.g. http://127.0.0.1:8080/registry')
    .action(async (o: QueryOptions & { bundle?: string; anchor?: string[]; grace: string; url?: string }) => {
      const clock = o.at ? fixedClock(o.at) : systemClock;
      const query = queryFrom(o, clock);
      let decision: Decision;
      if (o.url) {
        const res = await fetch(`${o.url.replace(/\/+$/, '')}/evaluate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(query) });
        const body = (await res.json()) as Decision & { code?: string; detail?: string };
        if (!res.ok) throw new TrustBridgeError(body.code ?? 'ERR_CLI_REMOTE', body.detail ?? `The registry answered ${res.status}.`);
        decision = body;
      } else {
        if (!o.bundle) throw new TrustBridgeError('ERR_CLI_USAGE', 'Give --bundle (offline, with --anchor) or --url (online).');
        const verified = verifyBundle((await readJsonFile(o.bundle)) as TrustRegistryBundle, { anchors: anchorsFrom(o.anchor), clock, graceSeconds: Number(o.grace) });
        if (!verified.registries.some((v) => v.registry === verified.root)) {
          ctx.print({ decision: 'indeterminate', problems: verified.problems });
          ctx.exit(1);
        }
        decision = evaluate(indexFromBundle(verified, { graceSeconds: Number(o.grace) }), query);
      }
      ctx.print(decision);
      if (decision.decision !== 'trusted') ctx.exit(1);
    });

  registry
    .command('verify-bundle')
    .description('Verify a bundle against pinned anchor keys (signatures, chain, rollback, history, freshness). Exit 0 verified, 1 not.')
    .argument('<file>', 'bundle file')
    .option('--anchor <registry=key>', 'pinned snapshot key (repeatable)', collect)
    .option('--now <dateTime>', 'verify as of this time')
    .option('--grace <seconds>', 'seconds a snapshot stays usable after nextUpdate', '0')
    .action(async (file: string, o: { anchor?: string[]; now?: string; grace: string }) => {
      const v = verifyBundle((await readJsonFile(file)) as TrustRegistryBundle, { anchors: anchorsFrom(o.anchor), clock: o.now ? fixedClock(o.now) : systemClock, graceSeconds: Number(o.grace) });
      ctx.print({ verified: v.verified, root: v.root, registries: v.registries.map((r) => ({ registry: r.registry, sequence: r.sequence, digest: r.digest, stale: r.stale })), problems: v.problems, checkpoints: v.checkpoints });
      if (!v.verified) ctx.exit(1);
    });
  return registry;
}
