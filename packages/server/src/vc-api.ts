/**
 * W3C VC API endpoints (https://w3c-ccg.github.io/vc-api/): issue a credential, verify a credential,
 * verify a presentation; plus the issuer's did:web document, a health check and an index.
 *
 * Status rules the W3C test suites rely on (see PITFALLS.md): issuing answers 201; verifying answers
 * 200 only when verified, 400 for a malformed request and 422 (a problem document carrying the whole
 * verification result) when verification fails.
 */
import type { Express, Request, Response } from 'express';
import {
  TrustBridgeError,
  isObject,
  systemClock,
  type Clock,
  type DidDocument,
  type DidResolver,
  type DocumentLoader,
  type Signer,
  type VerificationResult,
} from '@trustbridge/core';
import { issueCredential, verifyCredential, verifyPresentation } from '@trustbridge/vc';
import { createDidResolver, didWebToUrl } from '@trustbridge/did';
import { createDocumentLoader } from '@trustbridge/jsonld';
import { allowOnly, createServiceApp, finishServiceApp, invalidRequest, jsonBody, sendProblem } from './http.js';
import { createProblem, problemType } from './problem.js';
import { createSilentLogger, type Logger } from './logger.js';
import type { BodyLimits } from './body.js';
import { applyRequestedStatus, createIssuerStatus, mountStatusRoutes, type IssuerStatusOptions } from './status/index.js';
import { issueJoseCredential, parseIssueFormat, parseSdJwtOptions, refuseForeignOptions } from './formats/issue.js';
import { failureCode, verificationInput } from './formats/verify.js';
import { mountKybRoutes, type KybServiceOptions } from './kyb/index.js';
import { mountOid4vciRoutes, type Oid4vciServiceOptions } from './oid4vci/index.js';
import { mountOid4vpRoutes, type Oid4vpServiceOptions } from './oid4vp/index.js';

/** Data Integrity cryptosuites the issue endpoint can use. */
export const ISSUE_CRYPTOSUITES = ['eddsa-rdfc-2022', 'eddsa-jcs-2022'] as const;
/** One of {@link ISSUE_CRYPTOSUITES}. */
export type IssueCryptosuite = (typeof ISSUE_CRYPTOSUITES)[number];

/** The service's own issuer: its DID, a signer naming one of its verification methods, and (did:web) its document. */
export interface ServiceIssuer {
  /** The issuer DID, e.g. `did:key:z6Mk...` or `did:web:issuer.example.ca`. */
  id: string;
  /** Signs with the issuer's assertion key; `signer.id` is the verification method id. */
  signer: Signer;
  /** The issuer's DID document; published at the DID's URL when the issuer is a did:web. */
  didDocument?: DidDocument;
}

/** Options of {@link createVcApiApp}; every dependency of the app comes in here. */
export interface VcApiAppOptions {
  /** The issuer used by `POST /credentials/issue`. Without it that endpoint answers 501. */
  issuer?: ServiceIssuer;
  /**
   * DID resolver for verification. Default: `createDidResolver()` from `@trustbridge/did` (did:key and
   * did:jwk offline; did:web only with an injected fetch). The service's own did:web issuer always
   * resolves locally to the document it publishes.
   */
  resolver?: DidResolver;
  /** JSON-LD document loader. Default: bundled contexts only (`createDocumentLoader`), never the network. */
  documentLoader?: DocumentLoader;
  /** Clock for proof creation times and validity checks. Default: the system clock. */
  clock?: Clock;
  /** Default cryptosuite for issuing. Default `eddsa-rdfc-2022`. */
  defaultCryptosuite?: IssueCryptosuite;
  /** pino logger. Default: silent. */
  logger?: Logger;
  /** Body size and nesting limits. Defaults: 1 MiB, 64 levels. */
  limits?: BodyLimits;
  /**
   * Issuer status management (needs `issuer`): `options.credentialStatus` on issue, `GET /status-lists/:id`,
   * `POST /credentials/status`, and status checks on verify. See `src/status/`.
   */
  status?: IssuerStatusOptions;
  /** KYB decisions (needs `issuer`, whose key signs the audit records): `POST /kyb/evaluate`, `GET /kyb/audit/:id`, `GET /kyb/policy`. See `src/kyb/`. */
  kyb?: KybServiceOptions;
  /**
   * OpenID4VCI 1.0 issuance (needs `issuer`): metadata under `/.well-known/`, offers, token, nonce and
   * credential endpoints under `/oid4vci/`. See `src/oid4vci/`.
   */
  oid4vci?: Oid4vciServiceOptions;
  /**
   * OpenID4VP 1.0 verifier (needs `issuer`, whose key signs the request objects): `POST /oid4vp/requests`,
   * `GET /oid4vp/requests/:id[/result]`, `POST /oid4vp/response`. See `src/oid4vp/`.
   */
  oid4vp?: Oid4vpServiceOptions;
}

const XSD_DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The options of `POST /credentials/issue` that this service understands (VC API "IssueCredentialOptions"). */
interface IssueOptions {
  created?: string;
  credentialId?: string;
  cryptosuite: IssueCryptosuite;
}

function optionalString(options: Record<string, unknown>, name: string): string | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw invalidRequest(`options.${name} must be a non-empty string.`, `/options/${name}`);
  return value;
}

function readOptions(body: Record<string, unknown>): Record<string, unknown> {
  const options = body['options'];
  if (options === undefined || options === null) return {};
  if (!isObject(options)) throw invalidRequest('options must be a JSON object.', '/options');
  return options;
}

function parseIssueOptions(options: Record<string, unknown>, defaultCryptosuite: IssueCryptosuite): IssueOptions {
  const created = optionalString(options, 'created');
  if (created !== undefined && (!XSD_DATE_TIME.test(created) || Number.isNaN(Date.parse(created)))) {
    throw invalidRequest('options.created must be an XML Schema dateTime with a time zone.', '/options/created');
  }
  const credentialId = optionalString(options, 'credentialId');
  if (credentialId !== undefined && !/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(credentialId)) {
    throw invalidRequest('options.credentialId must be a URL.', '/options/credentialId');
  }
  const proofType = optionalString(options, 'proofType');
  if (proofType !== undefined && proofType !== 'DataIntegrityProof') {
    throw new TrustBridgeError('ERR_REQUEST_CRYPTOSUITE_UNSUPPORTED', 'Only DataIntegrityProof proofs are issued.', { details: { allowed: ['DataIntegrityProof'] } });
  }
  const cryptosuite = optionalString(options, 'cryptosuite') ?? defaultCryptosuite;
  if (!(ISSUE_CRYPTOSUITES as readonly string[]).includes(cryptosuite)) {
    throw new TrustBridgeError('ERR_REQUEST_CRYPTOSUITE_UNSUPPORTED', 'Unsupported cryptosuite.', { details: { allowed: [...ISSUE_CRYPTOSUITES] } });
  }
  // `format` is read by the route (formats/issue.ts); `credentialStatus` by the status service
  // (status/issue-status.ts), which refuses it when no status store is configured.
  // `mandatoryPointers` only applies to selective-disclosure suites and is ignored here. `challenge`
  // and `domain` are validated but not used: an assertionMethod proof on a credential carries neither.
  optionalString(options, 'challenge');
  optionalString(options, 'domain');
  return {
    cryptosuite: cryptosuite as IssueCryptosuite,
    ...(created !== undefined ? { created } : {}),
    ...(credentialId !== undefined ? { credentialId } : {}),
  };
}

/**
 * Puts the service's issuer into the credential: fills `issuer` when absent and refuses a different
 * one with `ERR_VC_ISSUER_MISMATCH` (the service only signs as itself).
 */
export function withServiceIssuer(credential: Record<string, unknown>, issuerId: string): Record<string, unknown> {
  const issuer = credential['issuer'];
  if (issuer === undefined) return { ...credential, issuer: issuerId };
  const claimed = typeof issuer === 'string' ? issuer : isObject(issuer) ? issuer['id'] : undefined;
  if (claimed !== issuerId) {
    throw new TrustBridgeError('ERR_VC_ISSUER_MISMATCH', 'The credential names an issuer other than this service.', {
      details: { problems: [{ code: 'ERR_VC_ISSUER_MISMATCH', message: 'issuer must be this service\'s DID.', path: '/issuer' }], expected: issuerId },
    });
  }
  return credential;
}

/** The success body of both verify endpoints (VC API "VerificationResponse" plus TrustBridge's checks). */
function verificationBody(result: VerificationResult & { credentials?: unknown }): Record<string, unknown> {
  return {
    verified: true,
    ...(result.format ? { format: result.format } : {}),
    checks: result.checks,
    problems: [],
    warnings: [],
    errors: [],
    ...(Array.isArray(result.credentials) ? { credentials: result.credentials } : {}),
  };
}

/** Each problem as a VC API `ProblemDetails` entry of `errors` (`type`, `title`, `detail`), keeping its code. */
function problemDetails(problems: VerificationResult['problems']): Array<Record<string, unknown>> {
  return problems.map((p) => ({
    type: problemType(p.code, p.specCode),
    title: p.specCode ?? p.code,
    detail: p.message,
    code: p.code,
    ...(p.path !== undefined ? { path: p.path } : {}),
  }));
}

/** A failed verification: 422 with the whole result (`checks`, `problems` with codes). */
function sendVerificationFailure(res: Response, result: VerificationResult & { credentials?: unknown }, what: 'credential' | 'presentation'): void {
  const first = result.problems[0];
  sendProblem(
    res,
    createProblem(failureCode(result, what), `The ${what} could not be verified${first ? `: ${first.message}` : '.'}`, {
      ...(first?.specCode ? { specCode: first.specCode } : {}),
      problems: result.problems,
      verified: false,
      ...(result.format ? { format: result.format } : {}),
      checks: result.checks,
      errors: problemDetails(result.problems),
      ...(Array.isArray(result.credentials) ? { credentials: result.credentials } : {}),
    }),
  );
}

/** Resolves the service's own did:web from memory, so it never fetches its own document. */
function withOwnDocument(resolver: DidResolver, issuer: ServiceIssuer | undefined): DidResolver {
  const own = issuer?.didDocument && issuer.id.startsWith('did:web:') ? issuer.didDocument : undefined;
  if (!own) return resolver;
  return {
    resolve: async (did: string) =>
      did === own.id
        ? { didDocument: own, didResolutionMetadata: { contentType: 'application/did+json' }, didDocumentMetadata: {} }
        : resolver.resolve(did),
  };
}

/** The URL path at which a did:web DID's document is served (`/.well-known/did.json` or `/<path>/did.json`). */
export function didWebDocumentPath(did: string): string {
  return new URL(didWebToUrl(did)).pathname;
}

/**
 * Creates the VC API express app. A factory with no globals: every dependency comes in `options`.
 *
 * @example
 * ```ts
 * const app = createVcApiApp({ issuer: { id: did, signer } });
 * const server = await startServer({ app, port: 8080 });
 * ```
 */
export function createVcApiApp(options: VcApiAppOptions = {}): Express {
  const logger = options.logger ?? createSilentLogger();
  const limits = options.limits;
  const clock = options.clock ?? systemClock;
  const resolver = withOwnDocument(options.resolver ?? createDidResolver(), options.issuer);
  const documentLoader = options.documentLoader ?? createDocumentLoader({ didResolver: resolver });
  const defaultCryptosuite = options.defaultCryptosuite ?? 'eddsa-rdfc-2022';
  const { issuer } = options;
  const publishedDidDocument = issuer?.didDocument && issuer.id.startsWith('did:web:') ? issuer.didDocument : undefined;
  const app = createServiceApp({ logger, ...(limits ? { limits } : {}) });
  const status = options.status && issuer ? createIssuerStatus(options.status, { issuer, documentLoader, resolver, clock }) : undefined;
  if (status) mountStatusRoutes(app, { status, clock, ...(limits ? { limits } : {}) });
  mountKybRoutes(app, options.kyb, { ...(issuer ? { verifierSigner: issuer.signer } : {}), clock, logger, ...(limits ? { limits } : {}), verifyOptions: { resolver, ...(status ? { checkStatus: status.checkStatus } : {}) } });
  const oid4vci = mountOid4vciRoutes(app, options.oid4vci, { ...(issuer ? { issuer } : {}), resolver, documentLoader, clock, ...(status ? { status } : {}) });
  mountOid4vpRoutes(app, options.oid4vp, { ...(issuer ? { signer: issuer.signer } : {}), clock, ...(limits ? { limits } : {}), verifyOptions: { resolver, documentLoader, ...(status ? { checkStatus: status.checkStatus } : {}) } });

  app.get('/', (_req: Request, res: Response) => {
    res.json({
      name: 'TrustBridge VC API',
      ...(issuer ? { issuer: issuer.id } : {}),
      endpoints: {
        issueCredential: 'POST /credentials/issue',
        verifyCredential: 'POST /credentials/verify',
        verifyPresentation: 'POST /presentations/verify',
        health: 'GET /health',
        ...(oid4vci ? { credentialIssuerMetadata: 'GET /.well-known/openid-credential-issuer', credentialOffer: 'POST /oid4vci/offers' } : {}),
        ...(options.oid4vp ? { presentationRequest: 'POST /oid4vp/requests', presentationResponse: 'POST /oid4vp/response' } : {}),
        ...(publishedDidDocument ? { didDocument: `GET ${didWebDocumentPath(issuer!.id)}` } : {}),
      },
    });
  });
  allowOnly(app, '/', ['GET']);

  app.get('/health', (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
  allowOnly(app, '/health', ['GET']);

  if (issuer && publishedDidDocument) {
    const path = didWebDocumentPath(issuer.id);
    const document = publishedDidDocument;
    app.get(path, (_req: Request, res: Response) => {
      res.type('application/did+json').send(JSON.stringify(document));
    });
    allowOnly(app, path, ['GET']);
  }

  app.post('/credentials/issue', async (req: Request, res: Response) => {
    const body = await jsonBody(req, limits);
    if (!issuer) throw new TrustBridgeError('ERR_ISSUER_NOT_CONFIGURED', 'This service has no issuer configured.');
    const credential = body['credential'];
    if (!isObject(credential)) throw invalidRequest('credential must be a JSON object.', '/credential');
    const requestOptions = readOptions(body);
    const format = parseIssueFormat(requestOptions['format']);
    refuseForeignOptions(format, requestOptions);
    const issueOptions = parseIssueOptions(requestOptions, defaultCryptosuite);
    let unsigned = withServiceIssuer(credential, issuer.id);
    if (issueOptions.credentialId !== undefined) unsigned = { ...unsigned, id: issueOptions.credentialId };
    unsigned = await applyRequestedStatus(unsigned, requestOptions['credentialStatus'], format, status);
    if (format !== 'ldp_vc') {
      // vc+jwt / dc+sd-jwt: the compact serialization, signed by the same issuer key (`kid` its DID URL).
      const sdJwt = format === 'dc+sd-jwt' ? parseSdJwtOptions(unsigned, requestOptions) : undefined;
      res.status(201).json({ verifiableCredential: await issueJoseCredential(unsigned, format, sdJwt, { signer: issuer.signer, documentLoader, clock }) });
      return;
    }
    const verifiableCredential = await issueCredential(unsigned, {
      signer: issuer.signer,
      cryptosuite: issueOptions.cryptosuite,
      documentLoader,
      clock,
      ...(issueOptions.created !== undefined ? { created: issueOptions.created } : {}),
    });
    res.status(201).json({ verifiableCredential });
  });
  allowOnly(app, '/credentials/issue', ['POST']);

  app.post('/credentials/verify', async (req: Request, res: Response) => {
    const body = await jsonBody(req, limits);
    // A Data Integrity credential (object) or a compact vc+jwt / SD-JWT VC (string): the facade detects the form.
    const credential = verificationInput(body['verifiableCredential'], 'verifiableCredential');
    readOptions(body);
    const result = await verifyCredential(credential, { resolver, documentLoader, clock, ...(status ? { checkStatus: status.checkStatus } : {}) });
    if (result.verified) res.status(200).json(verificationBody(result));
    else sendVerificationFailure(res, result, 'credential');
  });
  allowOnly(app, '/credentials/verify', ['POST']);

  app.post('/presentations/verify', async (req: Request, res: Response) => {
    const body = await jsonBody(req, limits);
    // An ldp_vp (object), or a compact vp+jwt / SD-JWT VC with a KB-JWT (string).
    const presentation = verificationInput(body['verifiablePresentation'], 'verifiablePresentation');
    const options = readOptions(body);
    // The challenge is what stops a replayed presentation; the service requires it.
    const challenge = optionalString(options, 'challenge');
    if (challenge === undefined) throw invalidRequest('options.challenge is required to verify a presentation.', '/options/challenge');
    const domain = optionalString(options, 'domain');
    // A KB-JWT / vp+jwt always names an audience; unchecked, a presentation made for another verifier would pass.
    if (typeof presentation === 'string' && domain === undefined) throw invalidRequest('options.domain (the expected audience) is required to verify a compact presentation.', '/options/domain');
    const result = await verifyPresentation(presentation, {
      resolver,
      documentLoader,
      clock,
      challenge,
      ...(domain !== undefined ? { domain } : {}),
      // The embedded credentials' status is checked as on /credentials/verify.
      ...(status ? { checkStatus: status.checkStatus } : {}),
    });
    if (result.verified) res.status(200).json(verificationBody(result));
    else sendVerificationFailure(res, result, 'presentation');
  });
  allowOnly(app, '/presentations/verify', ['POST']);

  return finishServiceApp(app, { logger });
}
