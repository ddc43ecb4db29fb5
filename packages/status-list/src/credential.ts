/**
 * `BitstringStatusListCredential` (Bitstring Status List v1.0 §2.2): building the unsigned credential an
 * issuer signs (§3.1 "Generate Algorithm", steps 2–4; step 5, the proof, is the engine's job) and
 * reading one a verifier fetched.
 */
import { VC_V2_CONTEXT, isObject, type Credential, type IssuerObject, type Problem } from '@trustbridge/core';
import { encodeBitstring, type Bitstring } from './bitstring.js';
import { isUrl, type StatusPurpose } from './entry.js';
import { statusError, statusProblem } from './errors.js';

/** The subject of a status list credential (§2.2). */
export interface BitstringStatusList {
  id: string;
  type: 'BitstringStatusList';
  statusPurpose: StatusPurpose | StatusPurpose[];
  encodedList: string;
  /** Milliseconds before a refresh SHOULD be attempted (§2.2 `ttl`). */
  ttl?: number;
  [key: string]: unknown;
}

/** An unsigned `BitstringStatusListCredential` (VC Data Model 2.0), ready for the engine to sign. */
export interface BitstringStatusListCredential extends Credential {
  id: string;
  type: ['VerifiableCredential', 'BitstringStatusListCredential'];
  credentialSubject: BitstringStatusList;
}

export interface CreateStatusListCredentialOptions {
  /** The credential's URL: the `statusListCredential` value entries point at. */
  id: string;
  issuer: string | IssuerObject;
  statusPurpose: StatusPurpose | StatusPurpose[];
  /** The list, already encoded; give this or `bitstring`. */
  encodedList?: string;
  /** The list, encoded here with {@link encodeBitstring}. */
  bitstring?: Bitstring;
  validFrom?: string | Date;
  validUntil?: string | Date;
  /** Milliseconds; align HTTP `Cache-Control` with it when publishing (§2.2). */
  ttl?: number;
}

function isoDate(value: string | Date, name: string): string {
  const ms = typeof value === 'string' ? Date.parse(value) : value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw statusError('ERR_STATUS_INVALID_ARGUMENT', `"${name}" must be a date-time.`);
  return typeof value === 'string' ? value : new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * Builds an unsigned status list credential (§2.2; §3.1 steps 2–4). Sign it with the engine and publish
 * it at `id`.
 *
 * @example
 * ```ts
 * const list = createBitstring();
 * setStatus(list, 94567, 1);
 * const unsigned = createStatusListCredential({
 *   id: 'https://issuer.example/status/3',
 *   issuer: 'did:web:issuer.example',
 *   statusPurpose: 'revocation',
 *   bitstring: list,
 *   validUntil: '2026-01-02T00:00:00Z',
 *   ttl: 300_000,
 * });
 * ```
 * @throws `ERR_STATUS_INVALID_ARGUMENT` for a missing or malformed option.
 */
export function createStatusListCredential(options: CreateStatusListCredentialOptions): BitstringStatusListCredential {
  const { id, issuer, statusPurpose, ttl } = options;
  if (!isUrl(id)) throw statusError('ERR_STATUS_INVALID_ARGUMENT', '"id" must be a URL.');
  const issuerId = typeof issuer === 'string' ? issuer : isObject(issuer) ? issuer.id : undefined;
  if (!isUrl(issuerId)) throw statusError('ERR_STATUS_INVALID_ARGUMENT', '"issuer" must be a URL or an object with a URL "id".');
  const purposes = Array.isArray(statusPurpose) ? statusPurpose : [statusPurpose];
  if (purposes.length === 0 || !purposes.every((p) => typeof p === 'string' && p.length > 0)) {
    throw statusError('ERR_STATUS_INVALID_ARGUMENT', '"statusPurpose" must be one or more strings.');
  }
  if ((options.encodedList === undefined) === (options.bitstring === undefined)) {
    throw statusError('ERR_STATUS_INVALID_ARGUMENT', 'Give exactly one of "encodedList" and "bitstring".');
  }
  const encodedList = options.encodedList ?? encodeBitstring(options.bitstring!);
  if (typeof encodedList !== 'string' || !encodedList.startsWith('u')) {
    throw statusError('ERR_STATUS_INVALID_ARGUMENT', '"encodedList" must be multibase base64url (prefix "u").');
  }
  if (ttl !== undefined && (!Number.isSafeInteger(ttl) || ttl <= 0)) {
    throw statusError('ERR_STATUS_INVALID_ARGUMENT', '"ttl" must be a positive integer of milliseconds.');
  }
  const validFrom = options.validFrom === undefined ? undefined : isoDate(options.validFrom, 'validFrom');
  const validUntil = options.validUntil === undefined ? undefined : isoDate(options.validUntil, 'validUntil');
  if (validFrom && validUntil && Date.parse(validUntil) < Date.parse(validFrom)) {
    throw statusError('ERR_STATUS_INVALID_ARGUMENT', '"validUntil" must not be before "validFrom".');
  }
  return {
    '@context': [VC_V2_CONTEXT],
    id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer,
    ...(validFrom ? { validFrom } : {}),
    ...(validUntil ? { validUntil } : {}),
    credentialSubject: {
      id: `${id}#list`,
      type: 'BitstringStatusList',
      statusPurpose,
      encodedList,
      ...(ttl !== undefined ? { ttl } : {}),
    },
  };
}

/** What a verifier needs from a status list credential, once its structure is checked. */
export interface StatusListCredentialInfo {
  /** The issuer's identifier (`issuer` or `issuer.id`). */
  issuer: string;
  statusPurposes: string[];
  encodedList: string;
  /** Epoch milliseconds, from `validFrom` (or VC 1.1 `issuanceDate`). */
  validFrom?: number;
  /** Epoch milliseconds, from `validUntil` (or VC 1.1 `expirationDate`). */
  validUntil?: number;
  ttl?: number;
  /** `credentialSubject.statusMessage(s)` when the list carries them (§2.2 mentions `statusMessages`). */
  statusMessages?: unknown;
}

export interface ReadStatusListCredentialResult {
  info?: StatusListCredentialInfo;
  problems: Problem[];
}

function dateOf(value: unknown, path: string, problems: Problem[]): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) problems.push(statusProblem('ERR_STATUS_LIST_MALFORMED', 'A validity date is not a date-time.', path));
  return ms;
}

/**
 * Checks the structure of a (verified) status list credential against §2.2 and extracts what the
 * validate algorithm (§3.2) needs. Never throws for untrusted input.
 */
export function readStatusListCredential(value: unknown): ReadStatusListCredentialResult {
  const problems: Problem[] = [];
  const bad = (path: string, message: string) => problems.push(statusProblem('ERR_STATUS_LIST_MALFORMED', message, path));
  if (!isObject(value)) {
    bad('', 'The status list credential must be an object.');
    return { problems };
  }
  const type = value.type;
  if (!(Array.isArray(type) ? type.includes('BitstringStatusListCredential') : type === 'BitstringStatusListCredential')) {
    bad('/type', '"type" must include "BitstringStatusListCredential".');
  }
  const issuerValue = value.issuer;
  const issuer = typeof issuerValue === 'string' ? issuerValue : isObject(issuerValue) ? issuerValue.id : undefined;
  if (typeof issuer !== 'string' || issuer.length === 0) bad('/issuer', '"issuer" must be a URL or an object with an "id".');
  const subject = value.credentialSubject;
  if (!isObject(subject)) {
    bad('/credentialSubject', '"credentialSubject" must be one BitstringStatusList object.');
    return { problems };
  }
  if (subject.type !== 'BitstringStatusList') bad('/credentialSubject/type', '"credentialSubject.type" must be "BitstringStatusList".');
  const purpose = subject.statusPurpose;
  const statusPurposes = Array.isArray(purpose) ? purpose : [purpose];
  if (statusPurposes.length === 0 || !statusPurposes.every((p) => typeof p === 'string' && p.length > 0)) {
    bad('/credentialSubject/statusPurpose', '"statusPurpose" must be one or more strings.');
  }
  if (typeof subject.encodedList !== 'string') bad('/credentialSubject/encodedList', '"encodedList" must be a string.');
  const ttl = subject.ttl;
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0)) {
    bad('/credentialSubject/ttl', '"ttl" must be a non-negative number of milliseconds.');
  }
  const validFrom = dateOf(value.validFrom ?? value.issuanceDate, '/validFrom', problems);
  const validUntil = dateOf(value.validUntil ?? value.expirationDate, '/validUntil', problems);
  if (problems.length > 0) return { problems };
  const statusMessages = subject.statusMessages ?? subject.statusMessage;
  return {
    info: {
      issuer: issuer as string,
      statusPurposes: statusPurposes as string[],
      encodedList: subject.encodedList as string,
      ...(validFrom !== undefined ? { validFrom } : {}),
      ...(validUntil !== undefined ? { validUntil } : {}),
      ...(ttl !== undefined ? { ttl: ttl as number } : {}),
      ...(statusMessages !== undefined ? { statusMessages } : {}),
    },
    problems,
  };
}
