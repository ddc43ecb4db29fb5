/**
 * Structured logs with pino. Services log one line per request (request id, method, path, status,
 * duration, error code) and never bodies, headers with credentials, keys or secrets.
 */
import { pino, type Logger, type DestinationStream, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

/** Options for {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Minimum level; `silent` turns logging off (tests). Default `info`. */
  level?: LevelWithSilent;
  /** Where to write JSON lines. Default stdout. */
  destination?: DestinationStream;
  /** Logger name, e.g. `trustbridge-vc-api`. */
  name?: string;
}

/**
 * A pino logger that redacts the places a secret could appear if a caller logged a request object
 * by mistake (authorization headers, cookies, passphrases, private keys).
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const config = {
    level: options.level ?? 'info',
    name: options.name ?? 'trustbridge',
    base: undefined,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.passphrase',
        '*.secretKey',
        '*.secretKeyMultibase',
        '*.privateKeyMultibase',
      ],
      censor: '[redacted]',
    },
  };
  return options.destination ? pino(config, options.destination) : pino(config);
}

/** A logger that drops everything (the default in tests). */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
