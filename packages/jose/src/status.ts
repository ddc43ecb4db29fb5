/**
 * Status references inside JOSE-secured credentials. Checking a status list is the job of the status
 * step of the `vc` pipeline; here the references are found, carried into the result, and an IETF
 * Token Status List reference (draft-ietf-oauth-status-list §6.1, `status.status_list`) is reported
 * with its own code instead of being ignored.
 */
import { isObject, toArray, type Check, type Problem, type ResultBuilder } from '@trustbridge/core';
import { JoseErrorCodes } from './errors.js';

/** Code of a skipped `status` check when no status checker is configured. */
export const STATUS_NOT_CONFIGURED = 'ERR_STATUS_NOT_CONFIGURED';

/** Options shared by the verify functions for status references. */
export interface StatusReferenceOptions {
  /**
   * What to do with an IETF Token Status List reference, which TrustBridge cannot check yet:
   * `fail` (default, fail closed: the `status` check fails with `ERR_STATUS_TOKEN_STATUS_LIST_UNSUPPORTED`)
   * or `skip` (the check is skipped with that code and the reference is carried in its details).
   */
  tokenStatusList?: 'fail' | 'skip';
}

/**
 * Adds the `status` check. `references` are Bitstring Status List entries (`credentialStatus` of a
 * vc+jwt, VC Data Model 2.0 §4.10) or the SD-JWT VC `status` claim (SD-JWT VC §3.2.2.2).
 */
export function addStatusCheck(result: ResultBuilder, references: unknown[], options: StatusReferenceOptions): void {
  if (references.length === 0) {
    result.skip('status', 'The credential has no status reference.');
    return;
  }
  const tokenStatusList = references.some((r) => isObject(r) && isObject(r.status_list));
  if (tokenStatusList) {
    const problem: Problem = {
      code: JoseErrorCodes.STATUS_TOKEN_STATUS_LIST_UNSUPPORTED,
      message: 'IETF Token Status List references are not supported yet.',
      path: '/status/status_list',
    };
    if ((options.tokenStatusList ?? 'fail') === 'fail') {
      result.fail('status', problem, { references });
      return;
    }
    const check: Check = { id: 'status', status: 'skipped', code: problem.code, message: problem.message, details: { references } };
    result.checks.push(check);
    return;
  }
  const check: Check = {
    id: 'status',
    status: 'skipped',
    code: STATUS_NOT_CONFIGURED,
    message: 'Status checking not configured.',
    details: { references },
  };
  result.checks.push(check);
}

/** The status references of a vc+jwt payload: its `credentialStatus` entries. */
export function credentialStatusReferences(doc: Record<string, unknown>): unknown[] {
  return toArray(doc.credentialStatus as unknown[] | unknown);
}
