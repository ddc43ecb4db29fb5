/**
 * Service configuration from a JSON file and the environment (environment wins). Validated; every
 * problem is reported at once in one `ERR_CONFIG_INVALID` error. Secrets (the keystore passphrase)
 * come only from the environment, never from the file or the command line.
 */
import { readFileSync } from 'node:fs';
import { TrustBridgeError, isObject, parseJson, type Problem } from '@trustbridge/core';

/** The DID method of the service's issuer. */
export type IssuerDidMethod = 'key' | 'web';

/** The validated service configuration (see {@link loadConfig}). */
export interface TrustBridgeConfig {
  host: string;
  port: number;
  /** Public base URL (e.g. `https://issuer.example.ca`); derives the did:web identifier when `issuer.did` is absent. */
  publicBaseUrl?: string;
  /** Paths of PEM files; when both are set the service speaks HTTPS. */
  tls?: { certFile: string; keyFile: string };
  issuer: {
    method: IssuerDidMethod;
    /** An explicit did:web identifier. */
    did?: string;
    /** Encrypted keystore (FileKeyManager). Without it the issuer key is generated fresh at start. */
    keystore?: { path: string; passphrase: string; keyId?: string };
  };
  limits: { maxBodyBytes: number; maxDepth: number };
  /**
   * Where issued-credential records and status lists live: PostgreSQL when `url` is set, else the
   * embedded store (on disk in `dataDir`, in memory without it).
   */
  database: { url?: string; dataDir?: string };
  /** Bearer token for `POST /credentials/status` (environment only). Without it status updates are disabled. */
  adminToken?: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Path of a JSON config file. Default: `env.TRUSTBRIDGE_CONFIG` when set. */
  file?: string;
  /** The environment to read (pass `process.env`). */
  env: Readonly<Record<string, string | undefined>>;
}

/** Environment variables read by {@link loadConfig}. */
export const CONFIG_ENV = {
  PORT: 'PORT',
  HOST: 'HOST',
  CONFIG: 'TRUSTBRIDGE_CONFIG',
  TLS_CERT: 'TRUSTBRIDGE_TLS_CERT',
  TLS_KEY: 'TRUSTBRIDGE_TLS_KEY',
  PUBLIC_URL: 'TRUSTBRIDGE_PUBLIC_URL',
  ISSUER_METHOD: 'TRUSTBRIDGE_ISSUER_METHOD',
  ISSUER_DID: 'TRUSTBRIDGE_ISSUER_DID',
  KEYSTORE: 'TRUSTBRIDGE_KEYSTORE',
  KEYSTORE_PASSPHRASE: 'TRUSTBRIDGE_KEYSTORE_PASSPHRASE',
  KEY_ID: 'TRUSTBRIDGE_KEY_ID',
  MAX_BODY_BYTES: 'TRUSTBRIDGE_MAX_BODY_BYTES',
  LOG_LEVEL: 'TRUSTBRIDGE_LOG_LEVEL',
  DATABASE_URL: 'TRUSTBRIDGE_DATABASE_URL',
  DATA_DIR: 'TRUSTBRIDGE_DATA_DIR',
  ADMIN_TOKEN: 'TRUSTBRIDGE_ADMIN_TOKEN',
} as const;

/** Shortest admin token accepted (characters): a guessable token would open status updates to anyone. */
export const MIN_ADMIN_TOKEN_LENGTH = 24;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const FILE_KEYS = new Set(['host', 'port', 'publicBaseUrl', 'tls', 'issuer', 'limits', 'logLevel', 'database']);

/** Loads and validates the configuration. Throws `ERR_CONFIG_INVALID` (with `details.problems`) or `ERR_CONFIG_FILE`. */
export function loadConfig(options: LoadConfigOptions): TrustBridgeConfig {
  const { env } = options;
  const problems: Problem[] = [];
  const bad = (path: string, message: string) => problems.push({ code: 'ERR_CONFIG_INVALID', message, path });

  const filePath = options.file ?? nonEmpty(env[CONFIG_ENV.CONFIG]);
  let file: Record<string, unknown> = {};
  if (filePath !== undefined) {
    let text: string;
    try {
      text = readFileSync(filePath, 'utf8');
    } catch (cause) {
      throw new TrustBridgeError('ERR_CONFIG_FILE', 'The configuration file could not be read.', { cause, details: { file: filePath } });
    }
    const parsed = parseJson(text, { maxBytes: 256 * 1024, maxDepth: 16 });
    if (!isObject(parsed)) throw new TrustBridgeError('ERR_CONFIG_INVALID', 'The configuration file must hold a JSON object.', { details: { file: filePath } });
    file = parsed;
    for (const key of Object.keys(file)) if (!FILE_KEYS.has(key)) bad(`/${key}`, `Unknown configuration member "${key}".`);
    if (isObject(file['issuer']) && isObject(file['issuer']['keystore']) && 'passphrase' in file['issuer']['keystore']) {
      bad('/issuer/keystore/passphrase', `The keystore passphrase must come from ${CONFIG_ENV.KEYSTORE_PASSPHRASE}, not the file.`);
    }
    if ('adminToken' in file) bad('/adminToken', `The admin token must come from ${CONFIG_ENV.ADMIN_TOKEN}, not the file.`);
  }
  const fileIssuer = isObject(file['issuer']) ? file['issuer'] : {};
  const fileKeystore = isObject(fileIssuer['keystore']) ? fileIssuer['keystore'] : {};
  const fileTls = isObject(file['tls']) ? file['tls'] : {};
  const fileLimits = isObject(file['limits']) ? file['limits'] : {};

  const host = pickString(env[CONFIG_ENV.HOST], file['host'], '/host', bad) ?? '127.0.0.1';
  const port = pickInt(env[CONFIG_ENV.PORT], file['port'], '/port', 0, 65535, bad) ?? 8080;
  const publicBaseUrl = pickString(env[CONFIG_ENV.PUBLIC_URL], file['publicBaseUrl'], '/publicBaseUrl', bad);
  if (publicBaseUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(publicBaseUrl);
    } catch {
      bad('/publicBaseUrl', 'publicBaseUrl must be an absolute URL.');
    }
    if (url && url.protocol !== 'https:' && url.protocol !== 'http:') bad('/publicBaseUrl', 'publicBaseUrl must be an http(s) URL.');
  }

  const certFile = pickString(env[CONFIG_ENV.TLS_CERT], fileTls['certFile'], '/tls/certFile', bad);
  const keyFile = pickString(env[CONFIG_ENV.TLS_KEY], fileTls['keyFile'], '/tls/keyFile', bad);
  if ((certFile === undefined) !== (keyFile === undefined)) bad('/tls', 'Set both the TLS certificate and key, or neither.');

  const method = pickString(env[CONFIG_ENV.ISSUER_METHOD], fileIssuer['method'], '/issuer/method', bad) ?? 'key';
  if (method !== 'key' && method !== 'web') bad('/issuer/method', 'issuer.method must be "key" or "web".');
  const did = pickString(env[CONFIG_ENV.ISSUER_DID], fileIssuer['did'], '/issuer/did', bad);
  if (did !== undefined && !did.startsWith('did:web:')) bad('/issuer/did', 'issuer.did must be a did:web identifier.');
  if (did !== undefined && method !== 'web') bad('/issuer/did', 'issuer.did is only used with issuer.method "web".');
  if (method === 'web' && did === undefined && publicBaseUrl === undefined) {
    bad('/issuer/did', 'A did:web issuer needs issuer.did or publicBaseUrl.');
  }

  const keystorePath = pickString(env[CONFIG_ENV.KEYSTORE], fileKeystore['path'], '/issuer/keystore/path', bad);
  const keyId = pickString(env[CONFIG_ENV.KEY_ID], fileKeystore['keyId'], '/issuer/keystore/keyId', bad);
  const passphrase = nonEmpty(env[CONFIG_ENV.KEYSTORE_PASSPHRASE]);
  if (keystorePath !== undefined && passphrase === undefined) {
    bad('/issuer/keystore', `A keystore needs its passphrase in ${CONFIG_ENV.KEYSTORE_PASSPHRASE}.`);
  }

  const maxBodyBytes = pickInt(env[CONFIG_ENV.MAX_BODY_BYTES], fileLimits['maxBodyBytes'], '/limits/maxBodyBytes', 1024, 64 * 1024 * 1024, bad) ?? 1024 * 1024;
  const maxDepth = pickInt(undefined, fileLimits['maxDepth'], '/limits/maxDepth', 8, 256, bad) ?? 64;
  const fileDatabase = isObject(file['database']) ? file['database'] : {};
  const databaseUrl = pickString(env[CONFIG_ENV.DATABASE_URL], fileDatabase['url'], '/database/url', bad);
  if (databaseUrl !== undefined && !/^postgres(?:ql)?:\/\//.test(databaseUrl)) bad('/database/url', 'database.url must be a postgres:// connection string.');
  const dataDir = pickString(env[CONFIG_ENV.DATA_DIR], fileDatabase['dataDir'], '/database/dataDir', bad);
  if (databaseUrl !== undefined && dataDir !== undefined) bad('/database', 'Set database.url (PostgreSQL) or database.dataDir (embedded), not both.');
  const adminToken = nonEmpty(env[CONFIG_ENV.ADMIN_TOKEN]);
  if (adminToken !== undefined && (adminToken.length < MIN_ADMIN_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(adminToken))) {
    bad('/adminToken', `${CONFIG_ENV.ADMIN_TOKEN} must be at least ${MIN_ADMIN_TOKEN_LENGTH} printable characters without spaces.`);
  }
  const logLevel = pickString(env[CONFIG_ENV.LOG_LEVEL], file['logLevel'], '/logLevel', bad) ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) bad('/logLevel', `logLevel must be one of ${LOG_LEVELS.join(', ')}.`);

  if (problems.length > 0) {
    throw new TrustBridgeError('ERR_CONFIG_INVALID', 'The configuration is invalid.', { details: { problems } });
  }
  return {
    host,
    port,
    ...(publicBaseUrl !== undefined ? { publicBaseUrl: publicBaseUrl.replace(/\/+$/, '') } : {}),
    ...(certFile !== undefined && keyFile !== undefined ? { tls: { certFile, keyFile } } : {}),
    issuer: {
      method: method as IssuerDidMethod,
      ...(did !== undefined ? { did } : {}),
      ...(keystorePath !== undefined && passphrase !== undefined
        ? { keystore: { path: keystorePath, passphrase, ...(keyId !== undefined ? { keyId } : {}) } }
        : {}),
    },
    limits: { maxBodyBytes, maxDepth },
    database: { ...(databaseUrl !== undefined ? { url: databaseUrl } : {}), ...(dataDir !== undefined ? { dataDir } : {}) },
    ...(adminToken !== undefined ? { adminToken } : {}),
    logLevel: logLevel as TrustBridgeConfig['logLevel'],
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function pickString(envValue: string | undefined, fileValue: unknown, path: string, bad: (p: string, m: string) => void): string | undefined {
  const fromEnv = nonEmpty(envValue);
  if (fromEnv !== undefined) return fromEnv;
  if (fileValue === undefined) return undefined;
  if (typeof fileValue !== 'string' || fileValue === '') {
    bad(path, `${path.slice(1).replaceAll('/', '.')} must be a non-empty string.`);
    return undefined;
  }
  return fileValue;
}

function pickInt(envValue: string | undefined, fileValue: unknown, path: string, min: number, max: number, bad: (p: string, m: string) => void): number | undefined {
  const name = path.slice(1).replaceAll('/', '.');
  const fromEnv = nonEmpty(envValue);
  const raw: unknown = fromEnv !== undefined ? (/^\d+$/.test(fromEnv) ? Number(fromEnv) : Number.NaN) : fileValue;
  if (raw === undefined) return undefined;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min || raw > max) {
    bad(path, `${name} must be an integer from ${min} to ${max}.`);
    return undefined;
  }
  return raw;
}
