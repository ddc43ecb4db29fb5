/**
 * The `trustbridge` command line: keys, DIDs, issue, verify, present and serve. Built on commander;
 * {@link runCli} runs in process (tests) and returns the exit code: 0 success / verified,
 * 1 not verified, 2 usage or operational error. Secrets never come from argv: keystore passphrases
 * and secret keys are read from environment variables.
 */
import { Command, CommanderError, Option } from 'commander';
import { TrustBridgeError, fixedClock, isObject, parseJson, systemClock, toArray, type Clock } from '@trustbridge/core';
import {
  decodeEd25519PublicKeyMultibase,
  decodeEd25519SecretKeyMultibase,
  encodeEd25519PublicKeyMultibase,
  encodeEd25519SecretKeyMultibase,
  ed25519PublicKeyToJwk,
  generateEd25519KeyPair,
  type KeyManager,
} from '@trustbridge/keys';
import { createDidKeyDocument, createDidResolver, createDidWebDocument, didKeyFromEd25519PublicKey, didWebFromUrl } from '@trustbridge/did';
import { createDocumentLoader } from '@trustbridge/jsonld';
import { createPresentation, issueCredential, signPresentation, verifyCredential, verifyPresentation } from '@trustbridge/vc';
import { readFile } from 'node:fs/promises';
import { CONFIG_ENV } from './config.js';
import { createServiceIssuer, type CreatedServiceIssuer } from './issuer.js';
import { openKeystore } from './keystore.js';
import { describeError, serveFromEnvironment } from './run-serve.js';
import { ISSUE_CRYPTOSUITES, withServiceIssuer } from './vc-api.js';
import { addRegistryCommands } from './registry/cli.js';
import { addStatusCommands } from './status/cli.js';
import { detectVerifiableInput, presentSdJwtCredential } from './formats/cli.js';
import { CREDENTIAL_ISSUE_FORMATS, issueJoseCredential, parseSdJwtOptions, type CredentialIssueFormat } from './formats/issue.js';
import { addKybCommands } from './kyb/cli.js';
import { addWalletCommands } from './wallet-cli/index.js';

/** Where the CLI reads and writes. Tests pass buffers; the binary passes the process streams. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
  env: Readonly<Record<string, string | undefined>>;
}

/** Default name of the environment variable holding a `secretKeyMultibase`. */
export const SECRET_KEY_ENV = 'TRUSTBRIDGE_SECRET_KEY';

const MAX_INPUT_BYTES = 4 * 1024 * 1024;

class ExitCode extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

interface KeySourceOptions {
  keystore?: string;
  keyId?: string;
  secretEnv?: string;
}

function addKeySourceOptions(command: Command): Command {
  return command
    .option('--keystore <path>', `encrypted keystore file (passphrase from ${CONFIG_ENV.KEYSTORE_PASSPHRASE})`)
    .option('--key-id <id>', 'key id in the keystore', 'default')
    .option('--secret-env <name>', 'environment variable holding a secretKeyMultibase', SECRET_KEY_ENV);
}

async function keystoreFrom(io: CliIo, path: string): Promise<KeyManager> {
  const passphrase = io.env[CONFIG_ENV.KEYSTORE_PASSPHRASE];
  if (!passphrase) {
    throw new TrustBridgeError('ERR_CLI_PASSPHRASE_MISSING', `Set ${CONFIG_ENV.KEYSTORE_PASSPHRASE} to open the keystore.`);
  }
  return openKeystore({ path, passphrase });
}

/** The signing identity (did:key, or did:web when `didWeb` is given) from a keystore or a secret in the environment. */
async function signingIdentity(io: CliIo, options: KeySourceOptions, didWeb?: string): Promise<CreatedServiceIssuer> {
  const method = didWeb ? ('web' as const) : ('key' as const);
  const base = { method, ...(didWeb ? { did: didWeb } : {}) };
  if (options.keystore) {
    const keyManager = await keystoreFrom(io, options.keystore);
    const keyId = options.keyId ?? 'default';
    if (!(await keyManager.get(keyId))) throw new TrustBridgeError('ERR_CLI_KEY_NOT_FOUND', `No key "${keyId}" in the keystore.`);
    return createServiceIssuer({ ...base, keyManager, keyId });
  }
  const envName = options.secretEnv ?? SECRET_KEY_ENV;
  const secret = io.env[envName];
  if (!secret) throw new TrustBridgeError('ERR_CLI_KEY_MISSING', `Give --keystore, or set ${envName} to a secretKeyMultibase.`);
  return createServiceIssuer({ ...base, seed: decodeEd25519SecretKeyMultibase(secret) });
}

async function readTextInput(io: CliIo, file: string | undefined): Promise<string> {
  if (file === undefined || file === '-') return io.readStdin();
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    throw new TrustBridgeError('ERR_CLI_INPUT', `Cannot read ${file}.`, { cause });
  }
}

async function readJsonInput(io: CliIo, file: string | undefined): Promise<unknown> {
  return parseJson(await readTextInput(io, file), { maxBytes: MAX_INPUT_BYTES });
}

function clockFrom(now: string | undefined): Clock {
  return now === undefined ? systemClock : fixedClock(now);
}

function isPresentation(document: Record<string, unknown>): boolean {
  return toArray(document['type'] as string | string[] | undefined).includes('VerifiablePresentation');
}

/** Builds the commander program bound to `io`. */
export function createCliProgram(io: CliIo): Command {
  const print = (value: unknown) => io.stdout(JSON.stringify(value, null, 2) + '\n');
  // The CLI is the top of the stack, so it injects the network for did:web (SSRF checks stay on).
  const resolver = createDidResolver({ fetch: globalThis.fetch, cache: true });
  const documentLoader = createDocumentLoader({ didResolver: resolver });

  const program = new Command('trustbridge')
    .description('Issue, hold and verify W3C verifiable credentials (TrustBridge).')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  const keys = program.command('keys').description('Manage Ed25519 keys.');
  keys
    .command('generate')
    .description(`Generate an Ed25519 key. Without --keystore, prints the secret as secretKeyMultibase (store it in ${SECRET_KEY_ENV}).`)
    .option('--keystore <path>', `store the key in this encrypted keystore (passphrase from ${CONFIG_ENV.KEYSTORE_PASSPHRASE})`)
    .option('--key-id <id>', 'key id in the keystore', 'default')
    .action(async (options: { keystore?: string; keyId: string }) => {
      if (options.keystore) {
        const keyManager = await keystoreFrom(io, options.keystore);
        if (await keyManager.get(options.keyId)) throw new TrustBridgeError('ERR_CLI_KEY_EXISTS', `Key "${options.keyId}" already exists.`);
        const info = await keyManager.generate({ keyId: options.keyId });
        const did = didKeyFromEd25519PublicKey(decodeEd25519PublicKeyMultibase(info.publicKeyMultibase));
        const publicKeyJwk = ed25519PublicKeyToJwk(decodeEd25519PublicKeyMultibase(info.publicKeyMultibase));
        print({ keyId: info.keyId, publicKeyMultibase: info.publicKeyMultibase, publicKeyJwk, did, keystore: options.keystore });
        return;
      }
      const pair = generateEd25519KeyPair();
      print({
        publicKeyMultibase: encodeEd25519PublicKeyMultibase(pair.publicKey),
        publicKeyJwk: ed25519PublicKeyToJwk(pair.publicKey),
        secretKeyMultibase: encodeEd25519SecretKeyMultibase(pair.secretKey!),
        did: didKeyFromEd25519PublicKey(pair.publicKey),
      });
    });

  const did = program.command('did').description('Create and resolve DIDs.');
  const create = did.command('create').description('Create a DID document (did:key or did:web).');
  const publicKeyOf = async (options: KeySourceOptions & { publicKey?: string }): Promise<string> => {
    if (options.publicKey) {
      decodeEd25519PublicKeyMultibase(options.publicKey);
      return options.publicKey;
    }
    return (await signingIdentity(io, options)).publicKeyMultibase;
  };
  addKeySourceOptions(
    create
      .command('key')
      .description('Print the did:key DID document of a key.')
      .option('--public-key <multibase>', 'Ed25519 publicKeyMultibase (instead of a keystore or secret)'),
  ).action(async (options: KeySourceOptions & { publicKey?: string }) => {
    const publicKeyMultibase = await publicKeyOf(options);
    print(createDidKeyDocument(didKeyFromEd25519PublicKey(decodeEd25519PublicKeyMultibase(publicKeyMultibase))));
  });
  addKeySourceOptions(
    create
      .command('web')
      .description('Print the did:web DID document to publish at the DID URL (/.well-known/did.json or /<path>/did.json).')
      .option('--did <did>', 'the did:web identifier, e.g. did:web:issuer.example.ca')
      .option('--url <url>', 'the public base URL, e.g. https://issuer.example.ca')
      .option('--public-key <multibase>', 'Ed25519 publicKeyMultibase (instead of a keystore or secret)'),
  ).action(async (options: KeySourceOptions & { publicKey?: string; did?: string; url?: string }) => {
    const id = options.did ?? (options.url ? didWebFromUrl(options.url) : undefined);
    if (!id) throw new TrustBridgeError('ERR_CLI_USAGE', 'Give --did or --url.');
    print(createDidWebDocument({ did: id, keys: [{ publicKeyMultibase: await publicKeyOf(options), id: 'key-1' }] }));
  });
  did
    .command('resolve')
    .description('Resolve a DID and print the DID resolution result (exit 1 when it does not resolve).')
    .argument('<did>', 'the DID to resolve')
    .action(async (value: string) => {
      const result = await resolver.resolve(value);
      print(result);
      if (result.didResolutionMetadata.error || !result.didDocument) throw new ExitCode(1);
    });

  addKeySourceOptions(
    program
      .command('issue')
      .description('Issue a credential (JSON from a file or stdin): Data Integrity (ldp_vc, JSON), or vc+jwt / dc+sd-jwt (the compact string).')
      .argument('[file]', 'credential file; "-" or absent reads stdin')
      .option('--did-web <did>', 'issue as this did:web identifier instead of the key\'s did:key')
      .addOption(new Option('--format <format>', 'secured form').choices([...CREDENTIAL_ISSUE_FORMATS]).default('ldp_vc'))
      .addOption(new Option('--cryptosuite <name>', 'Data Integrity cryptosuite (ldp_vc)').choices([...ISSUE_CRYPTOSUITES]).default('eddsa-rdfc-2022'))
      .option('--created <dateTime>', 'proof creation time (ldp_vc; default now)')
      .option('--disclose <pointer...>', 'dc+sd-jwt: selectively disclosable claims, JSON Pointers into the SD-JWT VC claims (e.g. /legalName /address/locality)')
      .option('--holder-jwk <file>', 'dc+sd-jwt: the holder\'s public JWK (cnf) for key binding, e.g. publicKeyJwk of `keys generate`')
      .option('--vct <vct>', 'dc+sd-jwt: the SD-JWT VC type (default from the credential type)'),
  ).action(async (file: string | undefined, options: KeySourceOptions & { didWeb?: string; format: CredentialIssueFormat; cryptosuite: (typeof ISSUE_CRYPTOSUITES)[number]; created?: string; disclose?: string[]; holderJwk?: string; vct?: string }, command: Command) => {
    const credential = await readJsonInput(io, file);
    if (!isObject(credential)) throw new TrustBridgeError('ERR_REQUEST_INVALID', 'The credential must be a JSON object.');
    const given = (name: string) => command.getOptionValueSource(name) === 'cli';
    const misplaced = options.format === 'ldp_vc' ? ['disclose', 'holderJwk', 'vct'] : ['cryptosuite', 'created', ...(options.format === 'vc+jwt' ? ['disclose', 'holderJwk', 'vct'] : [])];
    const wrong = misplaced.find(given);
    if (wrong) throw new TrustBridgeError('ERR_CLI_USAGE', `--${wrong.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} does not apply to --format ${options.format}.`);
    const issuer = await signingIdentity(io, options, options.didWeb);
    if (options.format !== 'ldp_vc') {
      const unsigned = withServiceIssuer(credential, issuer.id);
      const sdJwt =
        options.format === 'dc+sd-jwt'
          ? parseSdJwtOptions(unsigned, {
              ...(options.vct !== undefined ? { vct: options.vct } : {}),
              ...(options.disclose !== undefined ? { selectivelyDisclosable: options.disclose } : {}),
              ...(options.holderJwk !== undefined ? { holderKey: await readJsonInput(io, options.holderJwk) } : {}),
            })
          : undefined;
      io.stdout((await issueJoseCredential(unsigned, options.format, sdJwt, { signer: issuer.signer, documentLoader, clock: systemClock })) + '\n');
      return;
    }
    const verifiableCredential = await issueCredential(withServiceIssuer(credential, issuer.id), {
      signer: issuer.signer,
      cryptosuite: options.cryptosuite,
      documentLoader,
      clock: systemClock,
      ...(options.created ? { created: options.created } : {}),
    });
    print(verifiableCredential);
  });

  program
    .command('verify')
    .description('Verify a credential or presentation (file or stdin; JSON, or a compact vc+jwt / vp+jwt / SD-JWT VC, detected). Prints the result; exit 0 verified, 1 not verified.')
    .argument('[file]', 'credential or presentation file; "-" or absent reads stdin')
    .option('--challenge <challenge>', 'expected presentation challenge (the KB-JWT / vp+jwt nonce)')
    .option('--domain <domain>', 'expected presentation domain (the KB-JWT / vp+jwt aud; required for those)')
    .option('--now <dateTime>', 'verify as of this time instead of now')
    .action(async (file: string | undefined, options: { challenge?: string; domain?: string; now?: string }) => {
      const input = detectVerifiableInput(await readTextInput(io, file), MAX_INPUT_BYTES);
      const document = input.kind === 'json' ? input.document : input.token;
      if (input.kind === 'json' && !isObject(document)) throw new TrustBridgeError('ERR_REQUEST_INVALID', 'The input must be a JSON object.');
      const presentation = input.kind === 'json' ? isPresentation(document as Record<string, unknown>) : input.presentation;
      const clock = clockFrom(options.now);
      if (presentation && options.challenge === undefined) {
        throw new TrustBridgeError('ERR_CLI_USAGE', 'Verifying a presentation needs --challenge (replay protection).');
      }
      if (presentation && input.kind === 'compact' && options.domain === undefined) {
        throw new TrustBridgeError('ERR_CLI_USAGE', 'Verifying a compact presentation needs --domain (the expected audience).');
      }
      const result = presentation
        ? await verifyPresentation(document, {
            resolver,
            documentLoader,
            clock,
            ...(options.challenge !== undefined ? { challenge: options.challenge } : {}),
            ...(options.domain !== undefined ? { domain: options.domain } : {}),
          })
        : await verifyCredential(document, { resolver, documentLoader, clock });
      const { document: _document, ...summary } = result as typeof result & { document?: unknown };
      print(summary);
      if (!result.verified) throw new ExitCode(1);
    });

  addKeySourceOptions(
    program
      .command('present')
      .description('Present credentials with the holder key: wrap JSON credentials in a signed presentation (did:key), or, with --sd-jwt, reveal chosen claims of an SD-JWT VC and add a KB-JWT.')
      .argument('[files...]', 'credential files (Data Integrity)')
      .option('--challenge <challenge>', 'the verifier\'s challenge (nonce)')
      .option('--domain <domain>', 'the verifier\'s domain')
      .option('--sd-jwt <file>', 'an SD-JWT VC (dc+sd-jwt) to present instead of JSON credentials')
      .option('--disclose <pointer...>', 'with --sd-jwt: claims to reveal, JSON Pointers (e.g. /legalName /address/locality); none when absent')
      .option('--nonce <nonce>', 'with --sd-jwt: the verifier\'s nonce (KB-JWT nonce; or --challenge)')
      .option('--aud <audience>', 'with --sd-jwt: the verifier (KB-JWT aud; or --domain)'),
  ).action(async (files: string[], options: KeySourceOptions & { challenge?: string; domain?: string; sdJwt?: string; disclose?: string[]; nonce?: string; aud?: string }) => {
    if (options.sdJwt !== undefined) {
      const nonce = options.nonce ?? options.challenge;
      const aud = options.aud ?? options.domain;
      if (files.length > 0) throw new TrustBridgeError('ERR_CLI_USAGE', 'Give credential files or --sd-jwt, not both.');
      if (nonce === undefined || aud === undefined) throw new TrustBridgeError('ERR_CLI_USAGE', 'An SD-JWT presentation needs --nonce and --aud (key binding).');
      const holder = await signingIdentity(io, options);
      const token = await readTextInput(io, options.sdJwt);
      io.stdout((await presentSdJwtCredential(token, { disclose: options.disclose ?? [], holderSigner: holder.signer, nonce, aud, clock: systemClock })) + '\n');
      return;
    }
    if (files.length === 0) throw new TrustBridgeError('ERR_CLI_USAGE', 'Give credential files (or --sd-jwt <file>).');
    if (options.challenge === undefined || options.domain === undefined) throw new TrustBridgeError('ERR_CLI_USAGE', 'A presentation needs --challenge and --domain.');
    const { challenge, domain } = options;
    const credentials = [];
    for (const file of files) credentials.push(await readJsonInput(io, file));
    const holder = await signingIdentity(io, options);
    const presentation = createPresentation({ verifiableCredential: credentials, holder: holder.id });
    print(await signPresentation(presentation, { signer: holder.signer, challenge, domain, documentLoader }));
  });

  program
    .command('serve')
    .description('Start the VC API service (configuration from TRUSTBRIDGE_CONFIG, PORT, HOST, ...; see the README).')
    .option('--config <file>', 'JSON configuration file')
    .action(async (options: { config?: string }) => {
      await serveFromEnvironment({ env: io.env as NodeJS.ProcessEnv, out: (line) => io.stdout(line + '\n'), ...(options.config ? { file: options.config } : {}) });
      // Keeps running until SIGINT / SIGTERM.
      throw new ExitCode(-1);
    });

  // registry init / add-entity / authorize / suspend / revoke / snapshot / evaluate / verify-bundle (src/registry/cli.ts).
  addRegistryCommands(program, { env: io.env, print, exit: (code) => { throw new ExitCode(code); } });

  // status revoke / suspend / reinstate / check (src/status/cli.ts): exit 1 when a checked credential is not valid.
  addStatusCommands(program, { env: io.env, print, readJson: (file) => readJsonInput(io, file), exit: (code) => { throw new ExitCode(code); }, resolver, documentLoader });

  // kyb evaluate / kyb verify-audit (src/kyb/cli.ts): exit 0 approve, 3 refer, 4 decline.
  addKybCommands(program, { print, readJson: (file) => readJsonInput(io, file), exit: (code) => { throw new ExitCode(code); }, env: io.env, resolver });
  addWalletCommands(program, { print, line: (text) => io.stdout(text + '\n'), exit: (code) => { throw new ExitCode(code); }, env: io.env, resolver });

  return program;
}

/**
 * Runs the CLI with `argv` (without the node and script entries). Resolves with the exit code;
 * `-1` means a long-running command (serve) is still running.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = createCliProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof ExitCode) return error.exitCode;
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    for (const line of describeError(error)) io.stderr(line + '\n');
    return 2;
  }
}
