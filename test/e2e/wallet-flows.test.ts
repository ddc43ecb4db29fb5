/**
 * Full flows, in process over HTTP on 127.0.0.1: the real VC API service with OpenID4VCI mounted
 * (issuer) → `@trustbridge/wallet` receives each format (ldp_vc, jwt_vc_json, dc+sd-jwt) → the real
 * OpenID4VP verifier handlers of `@trustbridge/protocols` (signed request objects by request_uri,
 * DCQL, direct_post) → the wallet reviews, consents and presents → the verifier accepts. Also: a
 * replayed offer and a replayed response are refused, and the wallet warns when a bank asks for more
 * than the pilot trust registry lets it ask for its purpose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { isTrustBridgeError, type FetchLike } from '@trustbridge/core';
import { createEd25519Signer, encodeEd25519PublicKeyMultibase, generateEd25519KeyPair, MemoryKeyManager } from '@trustbridge/keys';
import { didKeyFromEd25519PublicKey } from '@trustbridge/did';
import { createDocumentLoader } from '@trustbridge/jsonld';
import { decodeSegment } from '@trustbridge/jose';
import { openEmbeddedStore, type SqlClient } from '@trustbridge/store';
import { buildTrustIndex, createOfflineTrustRegistryClient, pilotKeyPair, seedPilotRegistries } from '@trustbridge/trust-registry';
import { samples, vctOf, vocabContexts } from '@trustbridge/vocab';
import { createAuthorizationRequest, getRequestObject, handleAuthorizationResponse, type AuthorizationResult } from '@trustbridge/protocols';
import { createVcApiApp, startServer, type RunningServer } from '@trustbridge/server';
import { createWallet, WalletErrorCodes, type Wallet } from '@trustbridge/wallet';

const ADMIN = 'wallet-flows-admin-token-0123456789abcdef';
const NOW = Date.parse('2026-03-03T09:00:00Z');
const clock = () => new Date(NOW);
const fetchLike = globalThis.fetch as unknown as FetchLike;
const documentLoader = createDocumentLoader({ extraContexts: vocabContexts as Record<string, unknown> });
const { id: _r, ...representative } = (samples.bcSoleProprietorRepresentative as unknown as { credentialSubject: Record<string, unknown> }).credentialSubject;
const { id: _g, ...registration } = (samples.bcSoleProprietorRegistration as unknown as { credentialSubject: Record<string, unknown> }).credentialSubject;

const issuerKeys = generateEd25519KeyPair(new Uint8Array(32).fill(21));
const issuerDid = didKeyFromEd25519PublicKey(issuerKeys.publicKey);
const issuerSigner = createEd25519Signer({ id: `${issuerDid}#${issuerDid.slice('did:key:'.length)}`, secretKey: issuerKeys.secretKey! });
const seed = seedPilotRegistries();
const trustClient = createOfflineTrustRegistryClient(buildTrustIndex(seed.states, { root: seed.root }), { clock });

function counterRandom(label: string) {
  let n = 0;
  return (length: number) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 32) out.set(createHash('sha256').update(`${label}:${n++}`).digest().subarray(0, Math.min(32, length - i)), i);
    return out;
  };
}

let issuerStore: SqlClient;
let verifierStore: SqlClient;
let walletStore: SqlClient;
let issuer: RunningServer;
let issuerBase = '';
let verifierServer: Server;
let verifierBase = '';
const results: AuthorizationResult[] = [];

/** The bank's verifier: the protocols handlers on a plain node server. */
async function startVerifier(): Promise<void> {
  verifierServer = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', verifierBase);
      const answer = async (): Promise<[number, string, string]> => {
        if (req.method === 'GET' && url.pathname.startsWith('/oid4vp/request/')) {
          return [200, 'application/oauth-authz-req+jwt', await getRequestObject(decodeURIComponent(url.pathname.slice('/oid4vp/request/'.length)), { store: verifierStore, clock })];
        }
        if (req.method === 'POST' && url.pathname === '/oid4vp/response') {
          const out = await handleAuthorizationResponse(Object.fromEntries(new URLSearchParams(body)), { store: verifierStore, clock, verifyOptions: { documentLoader } });
          results.push(out.result);
          return [200, 'application/json', JSON.stringify(out.redirect_uri ? { redirect_uri: out.redirect_uri } : {})];
        }
        return [404, 'application/json', '{"error":"not_found"}'];
      };
      answer()
        .catch((e: unknown): [number, string, string] => [400, 'application/json', JSON.stringify({ error: 'invalid_request', code: isTrustBridgeError(e) ? e.code : 'ERR' })])
        .then(([status, type, text]) => {
          res.writeHead(status, { 'content-type': type });
          res.end(text);
        });
    });
  });
  await new Promise<void>((r) => verifierServer.listen(0, '127.0.0.1', r));
  verifierBase = `http://127.0.0.1:${(verifierServer.address() as AddressInfo).port}`;
}

/** A bank's signed request (decentralized_identifier: client id, pilot key of the bank). */
async function bankRequest(bank: 'maple-commerce-bank' | 'prairie-federal-bank', dcqlQuery: unknown, purpose: string) {
  const key = pilotKeyPair(bank);
  const mb = encodeEd25519PublicKeyMultibase(key.publicKey);
  const signer = createEd25519Signer({ id: `did:key:${mb}#${mb}`, secretKey: key.secretKey! });
  return createAuthorizationRequest({
    store: verifierStore,
    clock,
    dcqlQuery,
    signed: true,
    signer,
    purpose,
    responseUri: `${verifierBase}/oid4vp/response`,
    requestUriBase: `${verifierBase}/oid4vp/request`,
  });
}

async function createOffer(ids: string[], txCode?: Record<string, unknown>): Promise<{ offer_by_value: string; offer_by_reference: string; tx_code?: string }> {
  const res = await fetch(`${issuerBase}/oid4vci/offers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
    body: JSON.stringify({ credential_configuration_ids: ids, credential_subjects: { BusinessRepresentativeCredential: representative, BusinessRegistrationCredential: registration }, ...(txCode ? { tx_code: txCode } : {}) }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as never;
}

async function newWallet(owner: string): Promise<Wallet> {
  const keyManager = new MemoryKeyManager({ clock });
  await keyManager.importKey(createHash('sha256').update(`holder:${owner}`).digest(), { keyId: 'holder' });
  return createWallet({ store: walletStore, owner, keyManager, encryptionKey: new Uint8Array(32).fill(3), fetch: fetchLike, clock, random: counterRandom(owner), trustClient, allowPrivateNetworks: true });
}

const code = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code?: string }) => e.code);
const REP_VCT = vctOf('BusinessRepresentativeCredential');

beforeAll(async () => {
  [issuerStore, verifierStore, walletStore] = await Promise.all([openEmbeddedStore(), openEmbeddedStore(), openEmbeddedStore()]);
  const app = createVcApiApp({ issuer: { id: issuerDid, signer: issuerSigner }, clock, oid4vci: { store: issuerStore, credentialIssuer: () => issuerBase, adminToken: ADMIN } });
  issuer = await startServer({ app, host: '127.0.0.1', port: 0 });
  issuerBase = issuer.url.replace(/\/$/, '');
  await startVerifier();
});
afterAll(async () => {
  await issuer?.close();
  await new Promise<void>((r) => (verifierServer ? verifierServer.close(() => r()) : r()));
  await Promise.all([issuerStore?.close(), verifierStore?.close(), walletStore?.close()]);
});

describe('issuer → wallet → verifier', () => {
  it('dc+sd-jwt: received with a tx_code; only the requested claims disclosed; the verifier accepts; the response cannot be replayed', async () => {
    const wallet = await newWallet('maya');
    const offer = await createOffer(['BusinessRepresentativeCredential_dc_sd_jwt'], { length: 6 });
    const [held] = await wallet.receiveOffer(offer.offer_by_reference, { txCode: offer.tx_code! });
    expect(held).toMatchObject({ format: 'dc+sd-jwt', vct: REP_VCT, issuer: issuerDid });

    const dcql = { credentials: [{ id: 'representative', format: 'dc+sd-jwt', meta: { vct_values: [REP_VCT] }, claims: [{ path: ['givenName'] }, { path: ['familyName'] }] }] };
    const request = await bankRequest('maple-commerce-bank', dcql, 'kyb-onboarding');
    const review = await wallet.reviewRequest(request.authorizationRequestUri);
    expect(review.verifier).toMatchObject({ clientId: request.clientId, purpose: 'kyb-onboarding', trust: { decision: 'trusted', authorizedForPurpose: true, warnings: [] } });
    expect(review.satisfiable).toBe(true);

    const before = results.length;
    const sent = await wallet.respond(review.id, { consent: true, selections: [{ queryId: 'representative', credentialId: held!.id }] });
    expect(sent.status).toBe('sent');
    const result = results[before]!;
    expect(result.status).toBe('verified');
    const disclosed = result.presentations['representative']![0]!.claims;
    expect(disclosed).toMatchObject({ givenName: (representative as Record<string, unknown>)['givenName'], familyName: (representative as Record<string, unknown>)['familyName'] });
    // Only what was asked among the selectively disclosable claims (the business block is always visible by the type metadata).
    for (const name of ['roles', 'relationshipId', 'roleSource']) expect(disclosed).not.toHaveProperty(name);

    // Replay of the same review: refused by the wallet; replay of the same request URI: the verifier refuses the second response.
    expect(await code(wallet.respond(review.id, { consent: true, selections: [{ queryId: 'representative', credentialId: held!.id }] }))).toBe(WalletErrorCodes.REVIEW_UNKNOWN);
    const again = await wallet.reviewRequest(request.authorizationRequestUri).then(
      async (r) => code(wallet.respond(r.id, { consent: true, selections: [{ queryId: 'representative', credentialId: held!.id }] })),
      (e: { code?: string }) => e.code,
    );
    expect([WalletErrorCodes.RESPONSE_REFUSED, WalletErrorCodes.HTTP_FAILED]).toContain(again);
    expect(results.length).toBe(before + 1);
  });

  it('ldp_vc and jwt_vc_json: received, presented whole in holder-signed presentations, accepted', async () => {
    const wallet = await newWallet('liam');
    const offer = await createOffer(['BusinessRegistrationCredential_ldp_vc', 'BusinessRepresentativeCredential_jwt_vc_json']);
    const held = await wallet.receiveOffer(offer.offer_by_value);
    expect(held.map((h) => h.format)).toEqual(['ldp_vc', 'jwt_vc_json']);
    const list = await wallet.listCredentials({ lang: 'fr' });
    expect(list.map((c) => c.display.title)).toHaveLength(2);

    const dcql = {
      credentials: [
        { id: 'registration', format: 'ldp_vc', meta: { type_values: [['BusinessRegistrationCredential']] }, claims: [{ path: ['credentialSubject', 'legalName'] }] },
        { id: 'representative', format: 'jwt_vc_json', meta: { type_values: [['BusinessRepresentativeCredential']] }, claims: [{ path: ['credentialSubject', 'givenName'] }] },
      ],
    };
    const request = await bankRequest('maple-commerce-bank', dcql, 'kyb-onboarding');
    const review = await wallet.reviewRequest(request.authorizationRequestUri);
    expect(review.satisfiable).toBe(true);
    const before = results.length;
    await wallet.respond(review.id, { consent: true, selections: review.queries.map((q) => ({ queryId: q.id, credentialId: q.candidates[0]!.credentialId })) });
    expect(results[before]).toMatchObject({ status: 'verified' });
    expect(Object.keys(results[before]!.presentations).sort()).toEqual(['registration', 'representative']);
    const log = await wallet.consentLog();
    expect(log.at(-1)).toMatchObject({ decision: 'sent', verifier: { clientId: request.clientId, purpose: 'kyb-onboarding' } });
  });

  it('a replayed offer is refused and stores nothing', async () => {
    const wallet = await newWallet('eloise');
    const offer = await createOffer(['BusinessRepresentativeCredential_dc_sd_jwt']);
    await wallet.receiveOffer(offer.offer_by_value);
    expect(await code(wallet.receiveOffer(offer.offer_by_value))).toBe(WalletErrorCodes.TOKEN_REFUSED);
    expect(await code(wallet.receiveOffer(offer.offer_by_reference))).not.toBe('resolved');
    expect(await wallet.listCredentials()).toHaveLength(1);
  });

  it('warns when a bank is not registered for its stated purpose, or asks for attributes beyond it; declining tells the verifier', async () => {
    const wallet = await newWallet('noah');
    const offer = await createOffer(['BusinessRepresentativeCredential_dc_sd_jwt']);
    await wallet.receiveOffer(offer.offer_by_value);
    const base = { id: 'representative', format: 'dc+sd-jwt', meta: { vct_values: [REP_VCT] } };

    // Prairie Federal Bank is registered for kyb-onboarding only.
    const wrongPurpose = await bankRequest('prairie-federal-bank', { credentials: [{ ...base, claims: [{ path: ['givenName'] }] }] }, 'marketing');
    const r1 = await wallet.reviewRequest(wrongPurpose.authorizationRequestUri);
    expect(r1.verifier.trust.authorizedForPurpose).toBe(false);
    expect(r1.verifier.trust.warnings.map((w) => w.code)).toContain('TR_PURPOSE_NOT_AUTHORIZED');

    // Maple Commerce Bank asks for the relationship id, which its registered attributes do not include.
    const more = await bankRequest('maple-commerce-bank', { credentials: [{ ...base, claims: [{ path: ['givenName'] }, { path: ['relationshipId'] }] }] }, 'kyb-onboarding');
    const r2 = await wallet.reviewRequest(more.authorizationRequestUri);
    expect(r2.verifier.trust).toMatchObject({ decision: 'not-trusted', authorizedForPurpose: true });
    expect(r2.verifier.trust.warnings.map((w) => w.code)).toContain('TR_ATTRIBUTE_NOT_AUTHORIZED');

    const before = results.length;
    expect(await wallet.respond(r2.id, { consent: false })).toEqual({ status: 'declined' });
    expect(results.length === before || results[before]?.status === 'declined').toBe(true);
    const log = await wallet.consentLog();
    expect(log.at(-1)).toMatchObject({ decision: 'declined', disclosed: [], verifier: { warnings: expect.arrayContaining([expect.objectContaining({ code: 'TR_ATTRIBUTE_NOT_AUTHORIZED' })]) } });
  });
});
