/**
 * The KYB decision over HTTP: `POST /kyb/evaluate` runs the bank's policy (`@trustbridge/kyb`) on a
 * presentation or on credentials, signs an audit record with the verifier's key and stores it
 * (append-only, `@trustbridge/store`); `GET /kyb/audit/:id` returns a stored record unchanged;
 * `GET /kyb/policy` names the active policy.
 *
 * The decision is data: approve, refer and decline all answer 200. Malformed requests answer 400
 * problem documents (`ERR_JSON_MALFORMED`, `ERR_KYB_INPUT_INVALID`); an unknown audit id answers 404
 * `ERR_KYB_AUDIT_NOT_FOUND`.
 */
import { isDeepStrictEqual } from 'node:util';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { TrustBridgeError, isObject, isTrustBridgeError, systemClock, type Clock, type Signer } from '@trustbridge/core';
import {
  KYB_AUDIT_RECORD_KIND,
  bcBankKybPolicy,
  createAuditRecord,
  evaluateKyb,
  policyDigest,
  validateKybPolicy,
  type KybAuditRecord,
  type KybInput,
  type KybPolicy,
} from '@trustbridge/kyb';
import { appendAuditRecord, getAuditRecord, type SqlExecutor } from '@trustbridge/store';
import {
  buildTrustIndex,
  createOfflineTrustRegistryClient,
  indexSnapshots,
  seedPilotRegistries,
  type SnapshotRef,
  type TrustRegistryClient,
} from '@trustbridge/trust-registry';
import type { VerifyPresentationOptions } from '@trustbridge/vc';
import { jsonBody, sendProblem } from '../http.js';
import { createProblem } from '../problem.js';
import { createSilentLogger, type Logger } from '../logger.js';
import type { BodyLimits } from '../body.js';

/** Codes this router answers with (besides the service-wide ones such as `ERR_JSON_MALFORMED`). */
export const KybHttpCodes = {
  /** The request body is not a KYB evaluation request (no credentials, wrong member types, missing challenge). */
  INPUT_INVALID: 'ERR_KYB_INPUT_INVALID',
  /** No audit record with this id. */
  AUDIT_NOT_FOUND: 'ERR_KYB_AUDIT_NOT_FOUND',
} as const;

const STATUS: Readonly<Record<string, number>> = { [KybHttpCodes.INPUT_INVALID]: 400, [KybHttpCodes.AUDIT_NOT_FOUND]: 404 };

/** Most credentials accepted in one request. */
export const MAX_KYB_CREDENTIALS = 20;

/** Options of {@link createKybRouter}; every dependency comes in here. */
export interface KybRouterOptions {
  /** The policy applied (validated at creation). Default: the pilot bank's `bcBankKybPolicy`. */
  policy?: KybPolicy;
  /** Trust registry answers. */
  trustClient: TrustRegistryClient;
  /** The registry snapshot(s) the trust client evaluates against (recorded in each audit record). */
  registrySnapshot: SnapshotRef | SnapshotRef[] | (() => SnapshotRef | SnapshotRef[]);
  /** Where audit records are appended (`kind` {@link KYB_AUDIT_RECORD_KIND}). */
  store: SqlExecutor;
  /** The verifier's EdDSA signer; its `id` (a DID URL) is the audit record's `kid`. */
  verifierSigner: Signer;
  /** Default: the system clock. */
  clock?: Clock;
  /**
   * Fixed verification options (resolver, `checkStatus`, document loader...). `challenge`, `domain`
   * and `clock` come from the request and the router. Without `checkStatus`, a credential with a
   * status entry refers (`ERR_KYB_STATUS_NOT_CHECKED`): fail closed.
   */
  verifyOptions?: Omit<VerifyPresentationOptions, 'challenge' | 'domain' | 'clock'>;
  /** Default: silent. */
  logger?: Logger;
  /** Body size and nesting limits of the service. */
  limits?: BodyLimits;
}

/** The pilot trust registries (hub, BC, Alberta, federal) as an offline index: the default trust source. */
export function createPilotKybTrust(clock: Clock): { trustClient: TrustRegistryClient; registrySnapshot: SnapshotRef[] } {
  const seed = seedPilotRegistries();
  const index = buildTrustIndex(seed.states, { root: seed.root });
  return { trustClient: createOfflineTrustRegistryClient(index, { clock }), registrySnapshot: indexSnapshots(index) };
}

function inputInvalid(message: string, path: string): TrustBridgeError {
  return new TrustBridgeError(KybHttpCodes.INPUT_INVALID, message, { details: { problems: [{ code: KybHttpCodes.INPUT_INVALID, message, path }] } });
}

function optionalString(options: Record<string, unknown>, name: string): string | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw inputInvalid(`options.${name} must be a non-empty string.`, `/options/${name}`);
  return value;
}

const isCredentialInput = (v: unknown): boolean => isObject(v) || (typeof v === 'string' && v.length > 0);

/** Reads `{ verifiablePresentation, options: { challenge, domain } }` or `{ verifiableCredentials: [...] }`. */
export function parseKybRequest(body: Record<string, unknown>): { input: KybInput; challenge?: string; domain?: string } {
  const rawOptions = body['options'];
  if (rawOptions !== undefined && rawOptions !== null && !isObject(rawOptions)) throw inputInvalid('options must be a JSON object.', '/options');
  const options = isObject(rawOptions) ? rawOptions : {};
  const challenge = optionalString(options, 'challenge');
  const domain = optionalString(options, 'domain');
  const vp = body['verifiablePresentation'];
  const vcs = body['verifiableCredentials'];
  if (vp !== undefined && vcs !== undefined) throw inputInvalid('Give verifiablePresentation or verifiableCredentials, not both.', '/verifiableCredentials');
  if (vp !== undefined) {
    if (!isCredentialInput(vp)) throw inputInvalid('verifiablePresentation must be a JSON object or a compact presentation.', '/verifiablePresentation');
    // The challenge is what stops a replayed presentation; a compact one always names an audience.
    if (challenge === undefined) throw inputInvalid('options.challenge is required to evaluate a presentation.', '/options/challenge');
    if (typeof vp === 'string' && domain === undefined) throw inputInvalid('options.domain is required for a compact presentation.', '/options/domain');
    return { input: { presentation: vp }, challenge, ...(domain !== undefined ? { domain } : {}) };
  }
  if (vcs !== undefined) {
    if (!Array.isArray(vcs) || vcs.length === 0) throw inputInvalid('verifiableCredentials must be a non-empty array.', '/verifiableCredentials');
    if (vcs.length > MAX_KYB_CREDENTIALS) throw inputInvalid(`At most ${MAX_KYB_CREDENTIALS} credentials.`, '/verifiableCredentials');
    vcs.forEach((vc, i) => {
      if (!isCredentialInput(vc)) throw inputInvalid('Each credential must be a JSON object or a compact credential.', `/verifiableCredentials/${i}`);
    });
    return { input: { credentials: vcs } };
  }
  throw inputInvalid('The request carries no credential: give verifiablePresentation or verifiableCredentials.', '/verifiablePresentation');
}

/** Appends the record; the same record appended twice (content-derived id) answers the stored one. */
async function storeRecord(store: SqlExecutor, record: KybAuditRecord, clock: Clock): Promise<KybAuditRecord> {
  try {
    return (await appendAuditRecord(store, { id: record.id, kind: KYB_AUDIT_RECORD_KIND, body: record }, { clock })).body;
  } catch (error) {
    if (!(isTrustBridgeError(error) && error.code === 'ERR_STORE_CONFLICT')) throw error;
    const existing = await getAuditRecord<KybAuditRecord>(store, record.id);
    if (existing.kind === KYB_AUDIT_RECORD_KIND && isDeepStrictEqual(existing.body, record)) return existing.body;
    throw error;
  }
}

function methodNotAllowed(router: Router, path: string, methods: readonly string[]): void {
  const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : [])].join(', ');
  router.all(path, (req: Request, _res: Response, next: NextFunction) => {
    next(new TrustBridgeError('ERR_HTTP_METHOD_NOT_ALLOWED', `${req.method} is not allowed here.`, { details: { allow } }));
  });
}

/**
 * The KYB routes as an express router (mount with `app.use(createKybRouter(options))` before the
 * service's 404 handler).
 *
 * @example
 * ```ts
 * const { trustClient, registrySnapshot } = createPilotKybTrust(clock);
 * app.use(createKybRouter({ trustClient, registrySnapshot, store, verifierSigner: issuer.signer, clock, verifyOptions: { resolver } }));
 * ```
 */
export function createKybRouter(options: KybRouterOptions): Router {
  if (!isObject(options)) throw new TrustBridgeError('ERR_KYB_OPTIONS_INVALID', 'options must be an object.');
  const policy = validateKybPolicy(options.policy ?? bcBankKybPolicy);
  const digest = policyDigest(policy);
  const { trustClient, store, verifierSigner, limits } = options;
  if (!trustClient || !store || !verifierSigner) throw new TrustBridgeError('ERR_KYB_OPTIONS_INVALID', 'trustClient, store and verifierSigner are required.');
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createSilentLogger();
  const snapshot = (): SnapshotRef | SnapshotRef[] => (typeof options.registrySnapshot === 'function' ? options.registrySnapshot() : options.registrySnapshot);
  const router = Router();

  router.post('/kyb/evaluate', async (req: Request, res: Response) => {
    const body = await jsonBody(req, limits);
    const { input, challenge, domain } = parseKybRequest(body);
    const evaluation = await evaluateKyb(input, {
      policy,
      trustClient,
      clock,
      verifyOptions: {
        ...(options.verifyOptions as VerifyPresentationOptions | undefined),
        clock,
        ...(challenge !== undefined ? { challenge } : {}),
        ...(domain !== undefined ? { domain } : {}),
      },
    });
    const record = await createAuditRecord(evaluation, { policy, verifierSigner, clock, registrySnapshot: snapshot() });
    const auditRecord = await storeRecord(store, record, clock);
    // Codes and the decision only: never names or other personal data in logs.
    logger.info({ auditRecord: auditRecord.id, decision: evaluation.decision, reasons: evaluation.reasons.map((r) => r.code) }, 'kyb decision');
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).json({
      decision: evaluation.decision,
      checks: evaluation.checks,
      gaps: evaluation.gaps,
      reasons: evaluation.reasons,
      policy: evaluation.policy,
      evaluatedAt: evaluation.evaluatedAt,
      auditRecord,
    });
  });
  methodNotAllowed(router, '/kyb/evaluate', ['POST']);

  router.get('/kyb/audit/:id', async (req: Request, res: Response) => {
    const id = String(req.params['id'] ?? '');
    let stored;
    try {
      stored = await getAuditRecord<KybAuditRecord>(store, id);
    } catch (error) {
      if (isTrustBridgeError(error) && (error.code === 'ERR_STORE_NOT_FOUND' || error.code === 'ERR_STORE_INVALID_INPUT')) stored = undefined;
      else throw error;
    }
    if (!stored || stored.kind !== KYB_AUDIT_RECORD_KIND) throw new TrustBridgeError(KybHttpCodes.AUDIT_NOT_FOUND, 'No KYB audit record with this id.');
    res.setHeader('Cache-Control', 'no-store');
    // The exact JSON text stored: byte for byte what was signed and recorded.
    res.type('application/json').send(stored.bodyText);
  });
  methodNotAllowed(router, '/kyb/audit/:id', ['GET']);

  router.get('/kyb/policy', (_req: Request, res: Response) => {
    res.json({ id: policy.id, version: policy.version, digest, verifier: { verificationMethod: verifierSigner.id }, policy });
  });
  methodNotAllowed(router, '/kyb/policy', ['GET']);

  // This router's own codes get their status here; everything else goes to the service's handler.
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!isTrustBridgeError(error) || STATUS[error.code] === undefined || res.headersSent) {
      next(error);
      return;
    }
    const problems = error.details?.['problems'];
    sendProblem(res, createProblem(error.code, error.message, { status: STATUS[error.code]!, ...(Array.isArray(problems) ? { problems } : {}) }));
  });
  return router;
}

/**
 * How the VC API service mounts KYB (`createVcApiApp({ kyb })`): audit records go to `store`; trust
 * answers default to the pilot registries' offline index (hub, BC, Alberta, federal); the verifier key
 * is the service's issuer key.
 */
export interface KybServiceOptions {
  store: SqlExecutor;
  policy?: KybPolicy;
  /** Default: {@link createPilotKybTrust}. Give both or neither. */
  trust?: { trustClient: TrustRegistryClient; registrySnapshot: KybRouterOptions['registrySnapshot'] };
}

/** Mounts the KYB routes on the service app (before its 404 handler); a no-op without `kyb` or a signer. */
export function mountKybRoutes(
  app: { use(router: Router): unknown },
  kyb: KybServiceOptions | undefined,
  context: { verifierSigner?: Signer; clock: Clock; logger: Logger; limits?: BodyLimits; verifyOptions?: KybRouterOptions['verifyOptions'] },
): void {
  if (!kyb || !context.verifierSigner) return;
  const trust = kyb.trust ?? createPilotKybTrust(context.clock);
  app.use(
    createKybRouter({
      ...(kyb.policy ? { policy: kyb.policy } : {}),
      trustClient: trust.trustClient,
      registrySnapshot: trust.registrySnapshot,
      store: kyb.store,
      verifierSigner: context.verifierSigner,
      clock: context.clock,
      logger: context.logger,
      ...(context.limits ? { limits: context.limits } : {}),
      ...(context.verifyOptions ? { verifyOptions: context.verifyOptions } : {}),
    }),
  );
}
