/**
 * In-test fakes of an OpenID4VCI issuer and an OpenID4VP verifier on 127.0.0.1, speaking the wire
 * protocol the wallet speaks. Deliberately small: they stand in for the real services in unit tests.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fixedClock, type FetchLike } from '@trustbridge/core';
import { createEd25519Signer, encodeEd25519PublicKeyMultibase, ed25519PublicKeyToJwk } from '@trustbridge/keys';
import { ed25519PublicKeyFromDidKey } from '@trustbridge/did';
import { parseCompactJws, signCompactJws } from '@trustbridge/jose';
import { issueCredential } from '@trustbridge/vc';
import { pilotKeyPair } from '@trustbridge/trust-registry';
import { samples, vctOf, vocabContexts } from '@trustbridge/vocab';
import { createDocumentLoader } from '@trustbridge/jsonld';

const documentLoader = createDocumentLoader({ extraContexts: vocabContexts as Record<string, unknown> });

export const NOW = '2025-06-01T00:00:00Z';
export const clock = fixedClock(NOW);
export const fetchLike = globalThis.fetch as unknown as FetchLike;

interface Route {
  (req: IncomingMessage, body: string, res: ServerResponse): Promise<void> | void;
}

export async function listen(routes: Record<string, Route>): Promise<{ server: Server; base: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const route = routes[`${req.method} ${path}`];
      if (!route) return json(res, 404, { error: 'not_found' });
      Promise.resolve(route(req, body, res)).catch((e: unknown) => json(res, 500, { error: 'server_error', error_description: String(e) }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, base, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export function json(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

const issuerKey = pilotKeyPair('bc-registries');
export const issuerDid = `did:key:${encodeEd25519PublicKeyMultibase(issuerKey.publicKey)}`;
const issuerSigner = createEd25519Signer({ id: `${issuerDid}#${issuerDid.slice(8)}`, secretKey: issuerKey.secretKey! });

/** A fake issuer: three configurations of the sample representative credential, one per format. */
export async function startFakeIssuer(options: { tamper?: boolean } = {}) {
  const codes = new Map<string, { txCode?: string; ids: string[] }>();
  const tokens = new Set<string>();
  const nonces = new Set<string>();
  let counter = 0;
  let base = '';
  const configs = {
    rep_ldp: { format: 'ldp_vc', credential_definition: { type: ['VerifiableCredential', 'BusinessRepresentativeCredential'] } },
    rep_jwt: { format: 'jwt_vc_json', credential_definition: { type: ['VerifiableCredential', 'BusinessRepresentativeCredential'] } },
    rep_sd: { format: 'dc+sd-jwt', vct: vctOf('BusinessRepresentativeCredential') },
  };
  const srv = await listen({
    'GET /.well-known/openid-credential-issuer': (_q, _b, res) =>
      json(res, 200, { credential_issuer: base, credential_endpoint: `${base}/credential`, nonce_endpoint: `${base}/nonce`, credential_configurations_supported: configs }),
    'GET /.well-known/oauth-authorization-server': (_q, _b, res) => json(res, 200, { issuer: base, token_endpoint: `${base}/token` }),
    'POST /token': (_q, body, res) => {
      const p = new URLSearchParams(body);
      const code = p.get('pre-authorized_code') ?? '';
      const entry = codes.get(code);
      if (!entry) return json(res, 400, { error: 'invalid_grant' });
      if (entry.txCode !== undefined && p.get('tx_code') !== entry.txCode) return json(res, 400, { error: 'invalid_grant' });
      codes.delete(code);
      const token = `at-${++counter}`;
      tokens.add(token);
      json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 300 });
    },
    'POST /nonce': (_q, _b, res) => {
      const n = `n-${++counter}`;
      nonces.add(n);
      json(res, 200, { c_nonce: n });
    },
    'POST /credential': async (req, body, res) => {
      const token = String(req.headers['authorization'] ?? '').replace(/^Bearer /, '');
      if (!tokens.has(token)) return json(res, 401, { error: 'invalid_token' });
      const reqBody = JSON.parse(body) as { credential_configuration_id: keyof typeof configs; proofs: { jwt: string[] } };
      const proof = parseCompactJws(reqBody.proofs.jwt[0]!);
      if (proof.header['typ'] !== 'openid4vci-proof+jwt' || proof.payload['aud'] !== base || !nonces.delete(String(proof.payload['nonce']))) {
        return json(res, 400, { error: 'invalid_proof' });
      }
      const holder = String(proof.header['kid']).split('#')[0]!;
      const credential = structuredClone(samples.bcSoleProprietorRepresentative) as unknown as Record<string, unknown>;
      credential['issuer'] = issuerDid;
      (credential['credentialSubject'] as Record<string, unknown>)['id'] = holder;
      const format = configs[reqBody.credential_configuration_id].format;
      let issued: unknown;
      if (format === 'ldp_vc') issued = await issueCredential(credential, { signer: issuerSigner, clock, documentLoader });
      else if (format === 'jwt_vc_json') issued = await issueCredential(credential, { format: 'vc+jwt', signer: issuerSigner, clock, documentLoader });
      else {
        issued = await issueCredential(credential, {
          format: 'dc+sd-jwt',
          signer: issuerSigner,
          clock,
          documentLoader,
          sdJwt: { vct: vctOf('BusinessRepresentativeCredential'), disclosureFrame: { _sd: ['givenName', 'familyName', 'roles', 'roleSource', 'relationshipId'] }, holderKey: ed25519PublicKeyToJwk(ed25519PublicKeyFromDidKey(holder)) as never },
        });
      }
      if (options.tamper && typeof issued === 'string') issued = issued.replace(/\.([A-Za-z0-9_-]{10})/, '.AAAAAAAAAA');
      if (options.tamper && typeof issued === 'object') (issued as Record<string, any>)['credentialSubject']['givenName'] = 'Mallory';
      json(res, 200, { credentials: [{ credential: issued }] });
    },
  });
  base = srv.base;
  return {
    ...srv,
    /** Makes an offer by value for the given configurations. */
    offer(ids: string[], txCode?: string): string {
      const code = `code-${++counter}`;
      codes.set(code, { ids, ...(txCode !== undefined ? { txCode } : {}) });
      const offer = {
        credential_issuer: base,
        credential_configuration_ids: ids,
        grants: { 'urn:ietf:params:oauth:grant-type:pre-authorized_code': { 'pre-authorized_code': code, ...(txCode !== undefined ? { tx_code: { length: txCode.length, input_mode: 'numeric' } } : {}) } },
      };
      return `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`;
    },
  };
}

/** A fake verifier: signed request objects by reference and a direct_post endpoint recording what arrives. */
export async function startFakeVerifier(label: 'maple-commerce-bank' | 'prairie-federal-bank' = 'maple-commerce-bank') {
  const key = pilotKeyPair(label);
  const mb = encodeEd25519PublicKeyMultibase(key.publicKey);
  const did = `did:key:${mb}`;
  const signer = createEd25519Signer({ id: `${did}#${mb}`, secretKey: key.secretKey! });
  const clientId = `decentralized_identifier:${did}`;
  const requests = new Map<string, string>();
  const states = new Set<string>();
  const received: Array<Record<string, string>> = [];
  let counter = 0;
  let base = '';
  const srv = await listen({
    'GET /request': (req, _b, res) => {
      const id = new URL(req.url ?? '', 'http://x').searchParams.get('id') ?? '';
      const jwt = requests.get(id);
      if (!jwt) return json(res, 404, { error: 'not_found' });
      json(res, 200, jwt, 'application/oauth-authz-req+jwt');
    },
    'POST /response': (_q, body, res) => {
      const p = Object.fromEntries(new URLSearchParams(body));
      if (!p['state'] || !states.delete(p['state'])) return json(res, 400, { error: 'invalid_request', error_description: 'state unknown or used' });
      received.push(p);
      json(res, 200, p['error'] ? {} : { redirect_uri: `${base}/done` });
    },
  });
  base = srv.base;
  return {
    ...srv,
    did,
    clientId,
    received,
    /** Creates a request; returns the `openid4vp://` URI and the nonce. */
    async request(dcql: unknown, extra: { purpose?: string; unsignedKey?: boolean } = {}): Promise<{ uri: string; nonce: string; state: string }> {
      const id = `r${++counter}`;
      const nonce = `nonce-${id}`;
      const state = `state-${id}`;
      states.add(state);
      const payload = {
        client_id: clientId,
        response_type: 'vp_token',
        response_mode: 'direct_post',
        response_uri: `${base}/response`,
        nonce,
        state,
        dcql_query: dcql,
        client_metadata: { client_name: label === 'maple-commerce-bank' ? 'Maple Commerce Bank' : 'Prairie Federal Bank', ...(extra.purpose ? { purpose: extra.purpose } : {}) },
        aud: 'https://self-issued.me/v2',
        iat: Math.floor(clock().getTime() / 1000),
      };
      const s = extra.unsignedKey ? createEd25519Signer({ id: `${did}#${mb}`, secretKey: pilotKeyPair('someone-else').secretKey! }) : signer;
      requests.set(id, await signCompactJws({ typ: 'oauth-authz-req+jwt', kid: `${did}#${mb}` }, payload, s));
      const uri = `openid4vp://?client_id=${encodeURIComponent(clientId)}&request_uri=${encodeURIComponent(`${base}/request?id=${id}`)}`;
      return { uri, nonce, state };
    },
  };
}
