/**
 * `options.credentialStatus` of `POST /credentials/issue` (the request shape the W3C status-list test
 * suite sends): `{ type: "BitstringStatusListEntry", statusPurpose }`, one object or a list. The
 * service allocates each entry and writes `credentialStatus` into the credential before it is signed.
 */
import { isObject, toArray } from '@trustbridge/core';
import { STATUS_LIST_V1_CONTEXT_URL } from '@trustbridge/jsonld';
import { invalidRequest } from '../http.js';
import type { IssuableStatusPurpose, IssuerStatus } from './status-service.js';

const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';

/** The parsed `options.credentialStatus`: the purposes to allocate, and whether one object was asked for. */
export interface CredentialStatusRequest {
  purposes: IssuableStatusPurpose[];
  /** `true` when the request gave a list: `credentialStatus` is then a list too. */
  asList: boolean;
}

/**
 * Validates `options.credentialStatus`. Throws `ERR_REQUEST_INVALID` (400) for anything but
 * `BitstringStatusListEntry` requests with `statusPurpose` `revocation` or `suspension`, each purpose
 * at most once.
 */
export function parseCredentialStatusOption(value: unknown): CredentialStatusRequest | undefined {
  if (value === undefined) return undefined;
  const asList = Array.isArray(value);
  const items = asList ? (value as unknown[]) : [value];
  if (items.length === 0) throw invalidRequest('options.credentialStatus must not be empty.', '/options/credentialStatus');
  const purposes: IssuableStatusPurpose[] = [];
  items.forEach((item, i) => {
    const path = asList ? `/options/credentialStatus/${i}` : '/options/credentialStatus';
    if (!isObject(item)) throw invalidRequest('options.credentialStatus must be an object or a list of objects.', path);
    if (item['type'] !== 'BitstringStatusListEntry') {
      throw invalidRequest('options.credentialStatus.type must be "BitstringStatusListEntry".', `${path}/type`);
    }
    const purpose = item['statusPurpose'];
    if (purpose !== 'revocation' && purpose !== 'suspension') {
      throw invalidRequest('options.credentialStatus.statusPurpose must be "revocation" or "suspension".', `${path}/statusPurpose`);
    }
    if (purposes.includes(purpose)) throw invalidRequest('Each statusPurpose may be asked for once.', `${path}/statusPurpose`);
    purposes.push(purpose);
  });
  return { purposes, asList };
}

/**
 * Handles `options.credentialStatus` of an issue request: returns the credential unchanged when it is
 * absent, else with `id` (its own, or a fresh `urn:uuid:`) and the allocated `credentialStatus`.
 * Refused (400 `ERR_REQUEST_INVALID`) without a status service, and for `dc+sd-jwt`, whose status
 * reference is the SD-JWT VC `status` claim rather than a `BitstringStatusListEntry`.
 */
export async function applyRequestedStatus(
  credential: Record<string, unknown>,
  option: unknown,
  format: string,
  status: IssuerStatus | undefined,
): Promise<Record<string, unknown>> {
  const request = parseCredentialStatusOption(option);
  if (!request) return credential;
  if (!status) throw invalidRequest('options.credentialStatus needs a status store; this service has none configured.', '/options/credentialStatus');
  if (format === 'dc+sd-jwt') throw invalidRequest('options.credentialStatus does not apply to the dc+sd-jwt format.', '/options/credentialStatus');
  const own = credential['id'];
  if (own !== undefined && (typeof own !== 'string' || !/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(own))) {
    throw invalidRequest('credential.id must be a URL.', '/credential/id');
  }
  return withCredentialStatus(credential, request, (own as string | undefined) ?? status.newCredentialId(), status);
}

/**
 * Allocates the requested entries (record and random indexes in one transaction) and returns the
 * credential with `id` and `credentialStatus` set. A VC 1.1 credential also gets the Bitstring Status
 * List context, whose terms the v1 context lacks.
 */
export async function withCredentialStatus(
  credential: Record<string, unknown>,
  request: CredentialStatusRequest,
  credentialId: string,
  status: IssuerStatus,
): Promise<Record<string, unknown>> {
  if (credential['credentialStatus'] !== undefined) {
    throw invalidRequest('The credential already has credentialStatus; do not also ask for options.credentialStatus.', '/credential/credentialStatus');
  }
  const types = toArray(credential['type'] as string | string[] | undefined).filter((t): t is string => typeof t === 'string');
  if (types.length === 0) throw invalidRequest('credential.type is required.', '/credential/type');
  const validFrom = dateMember(credential, 'validFrom') ?? dateMember(credential, 'issuanceDate');
  const validUntil = dateMember(credential, 'validUntil') ?? dateMember(credential, 'expirationDate');
  const entries = await status.allocate(
    { id: credentialId, types, ...(validFrom ? { validFrom } : {}), ...(validUntil ? { validUntil } : {}) },
    request.purposes,
  );
  const contexts = toArray(credential['@context'] as unknown);
  const needsStatusContext = contexts[0] === VC_V1_CONTEXT && !contexts.includes(STATUS_LIST_V1_CONTEXT_URL);
  return {
    ...credential,
    ...(needsStatusContext ? { '@context': [...contexts, STATUS_LIST_V1_CONTEXT_URL] } : {}),
    id: credentialId,
    credentialStatus: request.asList ? entries : entries[0],
  };
}

function dateMember(credential: Record<string, unknown>, name: string): string | undefined {
  const value = credential[name];
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) return undefined;
  return value;
}
