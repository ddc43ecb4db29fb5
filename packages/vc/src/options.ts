/**
 * Shared verification options and their defaults: did:key + did:jwk resolution offline, a document
 * loader serving only bundled contexts (plus DIDs through the resolver), the system clock, 300 s skew.
 */
import {
  TrustBridgeError,
  isObject,
  systemClock,
  type Clock,
  type DidResolver,
  type DocumentLoader,
  type VerificationMethodResolver,
} from '@trustbridge/core';
import { createDidResolver, createVerificationMethodResolver } from '@trustbridge/did';
import { createDocumentLoader } from '@trustbridge/jsonld';
import { VcErrorCodes } from './codes.js';
import type { IssuerKeyResolver } from '@trustbridge/jose';
import type { CheckOutcome } from './pipeline.js';

/** What a pluggable checker receives. */
export interface CheckerInput {
  /** The credential being verified (already structurally checked and proof-verified when it gets here). */
  credential: Record<string, unknown>;
  /** "Now" per the injected clock. */
  now: Date;
  /**
   * The detected format (`ldp_vc`, `vc+jwt`, `dc+sd-jwt`). For the JOSE forms `credential` is the
   * decoded credential (`vc+jwt` payload) or the disclosed claims (SD-JWT VC: `iss`, `vct`, ...).
   */
  format?: string;
}

/** A pluggable check (status, trust): returns an outcome; throwing fails the check. */
export type CredentialChecker = (input: CheckerInput) => Promise<CheckOutcome> | CheckOutcome;

/** Options of `verifyCredential` (and, with more, `verifyPresentation`). */
export interface VerifyCredentialOptions {
  /** DID resolver. Default: `createDidResolver()` (did:key and did:jwk, offline). */
  resolver?: DidResolver;
  /** Verification method resolver. Default: `createVerificationMethodResolver(resolver)`. */
  resolveVerificationMethod?: VerificationMethodResolver;
  /** JSON-LD document loader. Default: `createDocumentLoader({ didResolver: resolver })` (bundled contexts only). */
  documentLoader?: DocumentLoader;
  /** Default: the system clock. */
  clock?: Clock;
  /** Tolerance for `validFrom` / `validUntil` against the clock, in seconds. Default 300; 0–86,400. */
  maxClockSkewSeconds?: number;
  /** Cryptosuites accepted (Data Integrity allow-list). Default: every suite `@trustbridge/data-integrity` knows. */
  allowedCryptosuites?: string[];
  /** Credential status check; without it the `status` check is skipped. */
  checkStatus?: CredentialChecker;
  /** Trust (registry) check; without it the `trust` check is skipped. */
  checkTrust?: CredentialChecker;
  /**
   * SD-JWT VC issuers that are not DIDs (HTTPS issuers with JWT VC Issuer Metadata, pinned keys): returns
   * the issuer key. Default: the header `kid` is resolved as a DID URL of `iss` through the resolver.
   */
  resolveIssuerKey?: IssuerKeyResolver;
}

/** Options with defaults applied. */
export interface ResolvedOptions {
  resolveVerificationMethod: VerificationMethodResolver;
  documentLoader: DocumentLoader;
  clock: Clock;
  maxClockSkewMs: number;
  allowedCryptosuites: string[] | undefined;
  checkStatus: CredentialChecker | undefined;
  checkTrust: CredentialChecker | undefined;
  resolveIssuerKey: IssuerKeyResolver | undefined;
}

export const DEFAULT_MAX_CLOCK_SKEW_SECONDS = 300;

let defaults: { resolver: DidResolver; documentLoader: DocumentLoader; resolveVerificationMethod: VerificationMethodResolver } | undefined;

function sharedDefaults(): NonNullable<typeof defaults> {
  if (!defaults) {
    const resolver = createDidResolver();
    defaults = {
      resolver,
      documentLoader: createDocumentLoader({ didResolver: resolver }),
      resolveVerificationMethod: createVerificationMethodResolver(resolver),
    };
  }
  return defaults;
}

/** Throws `ERR_VC_OPTIONS_INVALID` (a programmer error, never a result). */
export function optionsError(message: string): TrustBridgeError {
  return new TrustBridgeError(VcErrorCodes.OPTIONS_INVALID, message);
}

function optionalFunction(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== 'function') throw optionsError(`${name} must be a function.`);
}

/** Checks options (throwing on misuse) and applies defaults. */
export function resolveOptions(options: VerifyCredentialOptions | undefined): ResolvedOptions {
  const o: VerifyCredentialOptions = options ?? {};
  if (!isObject(o as unknown)) throw optionsError('options must be an object.');
  if (o.resolver !== undefined && typeof o.resolver?.resolve !== 'function') throw optionsError('resolver must have a resolve(did) function.');
  optionalFunction(o.resolveVerificationMethod, 'resolveVerificationMethod');
  optionalFunction(o.documentLoader, 'documentLoader');
  optionalFunction(o.clock, 'clock');
  optionalFunction(o.checkStatus, 'checkStatus');
  optionalFunction(o.checkTrust, 'checkTrust');
  optionalFunction(o.resolveIssuerKey, 'resolveIssuerKey');
  const skew = o.maxClockSkewSeconds ?? DEFAULT_MAX_CLOCK_SKEW_SECONDS;
  if (typeof skew !== 'number' || !Number.isFinite(skew) || skew < 0 || skew > 86_400) {
    throw optionsError('maxClockSkewSeconds must be a number from 0 to 86400.');
  }
  if (o.allowedCryptosuites !== undefined && (!Array.isArray(o.allowedCryptosuites) || !o.allowedCryptosuites.every((s) => typeof s === 'string'))) {
    throw optionsError('allowedCryptosuites must be an array of strings.');
  }
  let { resolveVerificationMethod, documentLoader } = o;
  if (o.resolver !== undefined) {
    resolveVerificationMethod ??= createVerificationMethodResolver(o.resolver);
    documentLoader ??= createDocumentLoader({ didResolver: o.resolver });
  } else if (resolveVerificationMethod === undefined || documentLoader === undefined) {
    const d = sharedDefaults();
    resolveVerificationMethod ??= d.resolveVerificationMethod;
    documentLoader ??= d.documentLoader;
  }
  return {
    resolveVerificationMethod,
    documentLoader,
    clock: o.clock ?? systemClock,
    maxClockSkewMs: skew * 1000,
    allowedCryptosuites: o.allowedCryptosuites,
    checkStatus: o.checkStatus,
    checkTrust: o.checkTrust,
    resolveIssuerKey: o.resolveIssuerKey,
  };
}

/** The default document loader (bundled contexts, DIDs via the default resolver). */
export function defaultDocumentLoader(): DocumentLoader {
  return sharedDefaults().documentLoader;
}
