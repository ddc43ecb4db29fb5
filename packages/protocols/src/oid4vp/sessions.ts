import { isTrustBridgeError, type TrustBridgeError } from '@trustbridge/core';
import { StoreErrors } from '@trustbridge/store';
import { Oid4vpErrorCodes as C, oid4vpError, type Oid4vpErrorCode } from './errors.js';

/** Maps store session errors to OpenID4VP codes; other errors pass through. */
export function mapSessionError(error: unknown, unknownCode: Oid4vpErrorCode): unknown {
  if (!isTrustBridgeError(error)) return error;
  const e = error as TrustBridgeError;
  switch (e.code) {
    case StoreErrors.SESSION_UNKNOWN:
      return oid4vpError(unknownCode, unknownCode === C.STATE_MISMATCH ? 'No authorization request has this state.' : 'Unknown authorization request.');
    case StoreErrors.SESSION_USED:
      return oid4vpError(C.RESPONSE_REPLAYED, 'The authorization request was already answered.');
    case StoreErrors.SESSION_EXPIRED:
      return oid4vpError(C.REQUEST_EXPIRED, 'The authorization request has expired.');
    case StoreErrors.SESSION_LOCKED:
      return oid4vpError(C.REQUEST_LOCKED, 'The authorization request is locked after failed responses.');
    default:
      return error;
  }
}
