/**
 * `trustbridge wallet receive | list | show | present | consent-log`: the holder wallet for scripted
 * use. The wallet lives in a directory: `keystore.json` (the holder key, a passphrase-encrypted
 * FileKeyManager), `store/` (the embedded database holding AES-256-GCM encrypted items) and
 * `wallet.json` (the owner name and the scrypt salt of the item encryption key). The passphrase comes
 * from `TRUSTBRIDGE_WALLET_PASSPHRASE`, never from argv.
 *
 * Exit codes: 0 done, 1 refused by the counterpart or not answerable, 3 consent needed (`present`
 * without `--yes`: the review is printed and nothing is sent), 2 usage or operational error.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { scrypt as scryptCb, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Command } from 'commander';
import { TrustBridgeError, fixedClock, systemClock, type Clock, type DidResolver, type FetchLike } from '@trustbridge/core';
import { FileKeyManager } from '@trustbridge/keys';
import { openEmbeddedStore, type SqlClient } from '@trustbridge/store';
import { buildTrustIndex, createHttpTrustRegistryClient, createOfflineTrustRegistryClient, seedPilotRegistries, type TrustRegistryClient } from '@trustbridge/trust-registry';
import { createWallet, type PresentationReview, type Wallet } from '@trustbridge/wallet';

/** Environment variable with the wallet passphrase. */
export const WALLET_PASSPHRASE_ENV = 'TRUSTBRIDGE_WALLET_PASSPHRASE';
/** Environment variable with the wallet directory (default for `--dir`). */
export const WALLET_DIR_ENV = 'TRUSTBRIDGE_WALLET_DIR';

/** What the wallet commands need from the CLI around them. */
export interface WalletCliContext {
  print(value: unknown): void;
  /** Prints a line of text. */
  line(text: string): void;
  exit(code: number): never;
  env: Readonly<Record<string, string | undefined>>;
  resolver?: DidResolver;
  /** Outbound HTTP. Default: the global fetch. */
  fetch?: FetchLike;
  clock?: Clock;
  /** scrypt cost for new wallets (tests lower it). */
  scryptN?: number;
}

interface CommonOptions {
  dir?: string;
  owner?: string;
  allowPrivateNetworks?: boolean;
  pilotRegistry?: boolean;
  registryUrl?: string;
  now?: string;
}

interface WalletFile {
  format: 'trustbridge-wallet';
  version: 1;
  owner: string;
  scrypt: { N: number; r: number; p: number; saltBase64url: string };
}

function usage(message: string): TrustBridgeError {
  return new TrustBridgeError('ERR_CLI_USAGE', message);
}

function scrypt(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(passphrase, salt, 32, { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** Opens (or creates) the wallet in a directory. The caller closes the store. */
async function openCliWallet(ctx: WalletCliContext, options: CommonOptions): Promise<{ wallet: Wallet; store: SqlClient }> {
  const dir = options.dir ?? ctx.env[WALLET_DIR_ENV];
  if (!dir) throw usage(`Give --dir or set ${WALLET_DIR_ENV}.`);
  const passphrase = ctx.env[WALLET_PASSPHRASE_ENV];
  if (!passphrase) throw new TrustBridgeError('ERR_CLI_PASSPHRASE_MISSING', `Set ${WALLET_PASSPHRASE_ENV} to open the wallet.`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const metaPath = join(dir, 'wallet.json');
  let meta: WalletFile;
  try {
    meta = JSON.parse(await readFile(metaPath, 'utf8')) as WalletFile;
    if (meta.format !== 'trustbridge-wallet' || meta.version !== 1) throw new TrustBridgeError('ERR_CLI_WALLET_INVALID', 'wallet.json is not a TrustBridge wallet file.');
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code !== 'ENOENT') throw error;
    meta = { format: 'trustbridge-wallet', version: 1, owner: options.owner ?? 'holder', scrypt: { N: ctx.scryptN ?? 2 ** 15, r: 8, p: 1, saltBase64url: randomBytes(16).toString('base64url') } };
    await writeFile(metaPath, JSON.stringify(meta, null, 2) + '\n', { mode: 0o600 });
  }
  const clock = ctx.clock ?? (options.now ? fixedClock(options.now) : systemClock);
  const encryptionKey = await scrypt(passphrase, Buffer.from(meta.scrypt.saltBase64url, 'base64url'), meta.scrypt);
  const keyManager = await FileKeyManager.open({ path: join(dir, 'keystore.json'), passphrase, scrypt: { N: meta.scrypt.N }, clock });
  const store = await openEmbeddedStore({ dataDir: join(dir, 'store') });
  const fetch = ctx.fetch ?? (globalThis.fetch as unknown as FetchLike);
  let trustClient: TrustRegistryClient | undefined;
  if (options.registryUrl) trustClient = createHttpTrustRegistryClient({ baseUrl: options.registryUrl, fetch, clock });
  else if (options.pilotRegistry) {
    const seed = seedPilotRegistries();
    trustClient = createOfflineTrustRegistryClient(buildTrustIndex(seed.states, { root: seed.root }), { clock });
  }
  try {
    const wallet = await createWallet({
      store,
      owner: meta.owner,
      keyManager,
      encryptionKey: new Uint8Array(encryptionKey),
      fetch,
      clock,
      ...(ctx.resolver ? { resolver: ctx.resolver } : {}),
      ...(trustClient ? { trustClient } : {}),
      ...(options.allowPrivateNetworks ? { allowPrivateNetworks: true } : {}),
    });
    return { wallet, store };
  } catch (error) {
    await store.close();
    throw error;
  }
}

function addCommon(command: Command): Command {
  return command
    .option('--dir <path>', `wallet directory (default $${WALLET_DIR_ENV}); passphrase from $${WALLET_PASSPHRASE_ENV}`)
    .option('--owner <name>', 'owner name when creating a new wallet', 'holder')
    .option('--pilot-registry', 'check verifiers against the pilot trust registries (offline)')
    .option('--registry-url <url>', 'check verifiers against this trust registry service')
    .option('--allow-private-networks', 'allow http and loopback / private addresses (testing only)')
    .option('--now <datetime>', 'fixed time (testing)');
}

function parseSelections(values: string[] | undefined): Array<{ queryId: string; credentialId: string }> | undefined {
  if (!values) return undefined;
  return values.map((v) => {
    const eq = v.indexOf('=');
    if (eq <= 0 || eq === v.length - 1) throw usage(`--select takes <query-id>=<credential-id>, got "${v}".`);
    return { queryId: v.slice(0, eq), credentialId: v.slice(eq + 1) };
  });
}

function describeReview(review: PresentationReview, line: (t: string) => void): void {
  const v = review.verifier;
  line(`Verifier: ${v.name ?? v.clientId}${v.name ? ` (${v.clientId})` : ''}`);
  line(`Purpose: ${v.purpose ?? '(none stated)'}`);
  line(`Trust: ${v.trust.decision}; authorized for this purpose: ${v.trust.authorizedForPurpose ? 'yes' : 'NO'}`);
  for (const w of v.trust.warnings) line(`WARNING ${w.code}: ${w.message}`);
  for (const q of review.queries) {
    line(`Query ${q.id}${q.required ? ' (required)' : ' (optional)'} [${q.format}]${q.wholeCredential ? ' — the whole credential' : ''}:`);
    if (q.candidates.length === 0) line('  no matching credential');
    for (const c of q.candidates) {
      line(`  ${c.credentialId}: ${c.title}`);
      for (const claim of c.claims) line(`    ${claim.label}: ${claim.value}`);
    }
  }
}

/** Adds `wallet receive`, `wallet list`, `wallet show`, `wallet present` and `wallet consent-log`. */
export function addWalletCommands(program: Command, ctx: WalletCliContext): void {
  const walletCmd = program.command('wallet').description('Holder wallet: receive credentials over OpenID4VCI, list them, answer OpenID4VP requests with consent.');

  const run = async (options: CommonOptions, fn: (wallet: Wallet) => Promise<void>): Promise<void> => {
    const { wallet, store } = await openCliWallet(ctx, options);
    try {
      await fn(wallet);
    } finally {
      await store.close();
    }
  };

  addCommon(
    walletCmd
      .command('receive')
      .description('Receive the credentials of an offer (openid-credential-offer://… or an https URL); they are verified before they are stored.')
      .argument('<offer>', 'the credential offer URI')
      .option('--tx-code-env <name>', 'environment variable holding the transaction code (tx_code)'),
  ).action(async (offer: string, options: CommonOptions & { txCodeEnv?: string }) => {
    let txCode: string | undefined;
    if (options.txCodeEnv) {
      txCode = ctx.env[options.txCodeEnv];
      if (!txCode) throw usage(`${options.txCodeEnv} is not set.`);
    }
    await run(options, async (wallet) => ctx.print(await wallet.receiveOffer(offer, txCode !== undefined ? { txCode } : {})));
  });

  addCommon(
    walletCmd
      .command('list')
      .description('List held credentials with their display titles and fields.')
      .option('--lang <lang>', 'en or fr', 'en')
      .option('--json', 'print JSON'),
  ).action(async (options: CommonOptions & { lang: string; json?: boolean }) => {
    if (options.lang !== 'en' && options.lang !== 'fr') throw usage('--lang must be en or fr.');
    const lang = options.lang;
    await run(options, async (wallet) => {
      const list = await wallet.listCredentials({ lang });
      if (options.json) return ctx.print(list);
      if (list.length === 0) ctx.line(lang === 'fr' ? 'Aucune attestation.' : 'No credentials.');
      for (const c of list) {
        ctx.line(`${c.id}  ${c.display.title}  [${c.format}]  ${c.issuer}`);
        for (const f of c.display.fields) ctx.line(`    ${f.label}: ${f.value}${f.selfAsserted ? (lang === 'fr' ? ' (autodéclaré)' : ' (self-declared)') : ''}`);
      }
    });
  });

  addCommon(
    walletCmd
      .command('show')
      .description('Show one credential (display and claims) as JSON.')
      .argument('<id>', 'credential id')
      .option('--lang <lang>', 'en or fr', 'en'),
  ).action(async (id: string, options: CommonOptions & { lang: string }) => {
    if (options.lang !== 'en' && options.lang !== 'fr') throw usage('--lang must be en or fr.');
    const lang = options.lang;
    await run(options, async (wallet) => ctx.print(await wallet.getCredential(id, { lang })));
  });

  addCommon(
    walletCmd
      .command('present')
      .description('Answer an OpenID4VP request (openid4vp://…): print who asks for what and the registry warnings; send only with --yes.')
      .argument('<request-uri>', 'the authorization request URI')
      .option('--yes', 'consent and send')
      .option('--decline', 'decline and tell the verifier')
      .option('--select <query=credential...>', 'credential to use for a query (default: the first candidate of each query)')
      .option('--lang <lang>', 'en or fr', 'en'),
  ).action(async (uri: string, options: CommonOptions & { yes?: boolean; decline?: boolean; select?: string[]; lang: string }) => {
    if (options.lang !== 'en' && options.lang !== 'fr') throw usage('--lang must be en or fr.');
    if (options.yes && options.decline) throw usage('--yes and --decline exclude each other.');
    const lang = options.lang;
    const explicit = parseSelections(options.select);
    await run(options, async (wallet) => {
      const review = await wallet.reviewRequest(uri, { lang });
      describeReview(review, ctx.line);
      if (options.decline) {
        await wallet.respond(review.id, { consent: false });
        ctx.line('Declined.');
        return;
      }
      if (!options.yes) {
        ctx.line('Nothing sent. Run again with --yes to consent (and --select <query>=<credential> to choose).');
        ctx.exit(3);
      }
      if (!review.satisfiable && !explicit) {
        ctx.line('This wallet cannot answer the request.');
        ctx.exit(1);
      }
      const selections = explicit ?? review.queries.flatMap((q) => (q.candidates[0] ? [{ queryId: q.id, credentialId: q.candidates[0].credentialId }] : []));
      const result = await wallet.respond(review.id, { consent: true, selections });
      ctx.print(result);
    });
  });

  addCommon(walletCmd.command('consent-log').description('Print the consent log (who asked, what, when, decision, what was disclosed) as JSON.')).action(
    async (options: CommonOptions) => {
      await run(options, async (wallet) => ctx.print(await wallet.consentLog()));
    },
  );
}
