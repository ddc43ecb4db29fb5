/**
 * OpenID4VCI 1.0 issuance on the VC API service: mounts the framework-free handlers of
 * `@trustbridge/protocols` (Credential Issuer and Pre-Authorized Code Authorization Server) on express.
 *
 * - `GET /.well-known/openid-credential-issuer` — Credential Issuer Metadata (§11.2)
 * - `GET /.well-known/oauth-authorization-server` — Authorization Server Metadata (RFC 8414, §11.3)
 * - `POST /oid4vci/offers` — create an offer (admin bearer token); `GET /oid4vci/offers/:id` — the offer, once (§4.1.3)
 * - `POST /oid4vci/token` (§6), `POST /oid4vci/nonce` (§7), `POST /oid4vci/credential` (§8)
 *
 * Errors on these paths are OAuth-style JSON (`error`, `error_description`, `code`), not problem
 * documents: wallets parse them as the specification says.
 */
import type { Express, Request, Response } from 'express';
import { TrustBridgeError, type Clock, type DidResolver, type DocumentLoader } from '@trustbridge/core';
import {
  OID4VCI_PATHS,
  Oid4vciErrors,
  createOid4vciIssuer,
  oid4vciError,
  oid4vciErrorResponse,
  type Oid4vciIssuer,
  type Oid4vciIssuerOptions,
  type Oid4vciResponse,
} from '@trustbridge/protocols';
import { readRawBody } from '../body.js';
import { applyRequestedStatus, type IssuerStatus } from '../status/index.js';
import type { Signer } from '@trustbridge/core';

/** Options of the OpenID4VCI service (`createVcApiApp({ oid4vci })`). The issuer, resolver, loader and clock come from the app. */
export interface Oid4vciServiceOptions extends Omit<Oid4vciIssuerOptions, 'issuer' | 'resolver' | 'documentLoader' | 'clock' | 'prepareCredential'> {
  /**
   * Give `ldp_vc` and `jwt_vc_json` credentials a revocation `BitstringStatusListEntry` when the app
   * has a status service. Default true.
   */
  statusEntries?: boolean;
}

/** What the VC API app hands to {@link mountOid4vciRoutes}. */
export interface Oid4vciMountContext {
  issuer?: { id: string; signer: Signer };
  resolver: DidResolver;
  documentLoader: DocumentLoader;
  clock: Clock;
  status?: IssuerStatus;
}

function send(res: Response, answer: Oid4vciResponse): void {
  res.status(answer.status);
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  (res.locals as { errorCode?: string }).errorCode = typeof answer.body['code'] === 'string' ? answer.body['code'] : undefined;
  res.send(JSON.stringify(answer.body));
}

/**
 * Mounts the OpenID4VCI routes on the app when `options` is given and the app has an issuer; returns
 * the issuer (for offer creation in process), or undefined when not mounted.
 *
 * @example
 * ```ts
 * const app = createVcApiApp({ issuer, oid4vci: { store, credentialIssuer: 'https://issuer.example.ca', adminToken } });
 * ```
 */
export function mountOid4vciRoutes(app: Express, options: Oid4vciServiceOptions | undefined, context: Oid4vciMountContext): Oid4vciIssuer | undefined {
  if (!options) return undefined;
  if (!context.issuer) throw new TrustBridgeError('ERR_ISSUER_NOT_CONFIGURED', 'OpenID4VCI needs the service issuer.');
  const { statusEntries = true, ...issuerOptions } = options;
  const status = statusEntries ? context.status : undefined;
  const vci = createOid4vciIssuer({
    ...issuerOptions,
    issuer: context.issuer,
    resolver: context.resolver,
    documentLoader: context.documentLoader,
    clock: context.clock,
    ...(status
      ? {
          prepareCredential: (credential, { configuration }) =>
            applyRequestedStatus(credential, { type: 'BitstringStatusListEntry', statusPurpose: 'revocation' }, configuration.format === 'jwt_vc_json' ? 'vc+jwt' : 'ldp_vc', status),
        }
      : {}),
  });
  const maxBodyBytes = options.limits?.maxBodyBytes ?? 64 * 1024;
  const handler = async (req: Request, res: Response): Promise<void> => {
    let body: Uint8Array | undefined;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      try {
        body = await readRawBody(req, maxBodyBytes);
      } catch (error) {
        if (!req.complete) res.setHeader('Connection', 'close');
        const tooLarge = (error as { code?: unknown })?.code === 'ERR_INPUT_TOO_LARGE';
        send(res, oid4vciErrorResponse(oid4vciError(tooLarge ? Oid4vciErrors.REQUEST_TOO_LARGE : Oid4vciErrors.REQUEST_INVALID, tooLarge ? `The request body exceeds ${maxBodyBytes} bytes.` : 'The request body could not be read.')));
        return;
      }
    }
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    send(res, await vci.handle({ method: req.method, url: req.originalUrl, headers, ...(body ? { body } : {}) }));
  };
  const run = (req: Request, res: Response, next: (error?: unknown) => void): void => {
    handler(req, res).catch(next);
  };
  for (const path of [OID4VCI_PATHS.issuerMetadata, OID4VCI_PATHS.authorizationServerMetadata, OID4VCI_PATHS.offers, OID4VCI_PATHS.token, OID4VCI_PATHS.nonce, OID4VCI_PATHS.credential]) {
    app.all(path, run);
  }
  app.all(`${OID4VCI_PATHS.offers}/:id`, run);
  return vci;
}
