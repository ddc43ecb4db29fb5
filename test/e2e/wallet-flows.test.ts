/**
 * Full flows, in process over HTTP on 127.0.0.1: the real VC API service with OpenID4VCI mounted
 * (issuer) → `@trustbridge/wallet` receives each format (ldp_vc, jwt_vc_json, dc+sd-jwt) → the real
 * VC API service of each bank with the OpenID4VP verifier mounted (`POST /oid4vp/requests` with the
 * admin token, `GET /oid4vp/requests/:id`, `POST /oid4vp/response`, `GET /oid4vp/requests/:id/result`;
 * signed request objects by request_uri and by value, DCQL and DIF PE 2, direct_post) → the wallet
 * reviews, consents and presents → the verifier accepts. Also: a
 * replayed offer and a replayed response are refused, and the wallet warns when a bank asks for more
 * than the pilot trust registry lets it ask for its purpose.
 */
import { deterministicRandom } from '@trustbridge/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { FetchLike } from '@trustbridge/core';
import { createEd25519Signer, encodeEd25519PublicKeyMultibase, generateEd25519KeyPair, MemoryKeyManager } from '@trustbridge/keys';
import { didKeyFromEd25519PublicKey } from '@trustbridge/did';
import { openEmbeddedStore, type SqlClient } from '@trustbridge/store';
import { buildTrustIndex, createOfflineTrustRegistryClient, pilotKeyPair, seedPilotRegistries } from '@trustbridge/trust-registry';
import { samples, vctOf, vocabContexts } from '@trustbridge/vocab';
import { createDocumentLoader } from '@trustbridge/jsonld';
import type { AuthorizationRequestStatus, AuthorizationResult } from '@trustbridge/protocols';
import { createVcApiApp, startServer, type RunningServer } from '@trustbridge/server';
import { createWallet, WalletErrorCodes, type Wallet } from '@trustbridge/wallet';

const ADMIN = 'wallet-flows-admin-token-0123456789abcdef';
const NOW = Date.parse('2026-03-03T09:00:00Z');
const clock = () => new Date(NOW);
const fetchLike = globalThis.fetch as unknown as FetchLike;
const { id: _r, ...representative } = (samples.bcSoleProprietorRepresentative as unknown as { credentialSubject: Record<string, unknown> }).credentialSubject;
const { id: _g, ...registration } = (samples.bcSoleProprietorRegistration as unknown as { credentialSubject: Record<string, unknown> }).credentialSubject;

const issuerKeys = generateEd25519KeyPair(new Uint8Array(32).fill(21));
const issuerDid = didKeyFromEd25519PublicKey(issuerKeys.publicKey);
const issuerSigner = createEd25519Signer({ id: `${issuerDid}#${issuerDid.slice('did:key:'.length)}`, secretKey: issuerKeys.secretKey! });
const seed = seedPilotRegistries();
const trustClient = createOfflineTrustRegistryClient(buildTrustIndex(seed.states, { root: seed.root }), { clock });


let issuerStore: SqlClient;
let verifierStore: SqlClient;
let walletStore: SqlClient;
let issuer: RunningServer;
let issuerBase = '';
type Bank = 'maple-commerce-bank' | 'prairie-federal-bank';
const banks = new Map<Bank, RunningServer>();

/** A bank's verifier: the real VC API service with the OpenID4VP verifier mounted, signing with the bank's pilot key. */
async function startBank(bank: Bank): Promise<void> {
  const key = pilotKeyPair(bank);
  const mb = encodeEd25519PublicKeyMultibase(key.publicKey);
  const signer = createEd25519Signer({ id: `did:key:${mb}#${mb}`, secretKey: key.secretKey! });
  let base = '';
  // The bank verifies ldp_vc presentations of vocabulary credentials: its loader serves the vocabulary context.
  const documentLoader = createDocumentLoader({ extraContexts: vocabContexts as Record<string, unknown> });
  const app = createVcApiApp({ issuer: { id: `did:key:${mb}`, signer }, clock, documentLoader, oid4vp: { store: verifierStore, publicBaseUrl: () => base, adminToken: ADMIN } });
  const server = await startServer({ app, host: '127.0.0.1', port: 0 });
  base = server.url.replace(/\/$/, '');
  banks.set(bank, server);
}
const bankBase = (bank: Bank) => banks.get(bank)!.url.replace(/\/$/, '');

interface CreatedRequest {
  id: string;
  clientId: string;
  authorizationRequestUri: string;
  authorizationRequestUriByValue: string;
}

/** `POST /oid4vp/requests` on the bank's service (admin token): a signed request (decentralized_identifier: client id). */
async function bankRequest(bank: Bank, query: unknown, purpose: string, extra: Record<string, unknown> = {}): Promise<CreatedRequest> {
  const res = await fetch(`${bankBase(bank)}/oid4vp/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
    body: JSON.stringify({ ...(extra['presentation_definition'] ? {} : { dcql_query: query }), purpose, ...extra }),
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as Record<string, string>;
  return { id: body['id']!, clientId: body['client_id']!, authorizationRequestUri: body['authorization_request_uri']!, authorizationRequestUriByValue: body['authorization_request_uri_by_value']! };
}

/** `GET /oid4vp/requests/:id/result` on the bank's service (admin token). */
async function bankResult(bank: Bank, id: string): Promise<AuthorizationRequestStatus> {
  const res = await fetch(`${bankBase(bank)}/oid4vp/requests/${encodeURIComponent(id)}/result`, { headers: { authorization: `Bearer ${ADMIN}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as AuthorizationRequestStatus;
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

async function newWalletWith(owner: string, extra: Partial<Parameters<typeof createWallet>[0]>): Promise<Wallet> {
  const keyManager = new MemoryKeyManager({ clock });
  await keyManager.importKey(createHash('sha256').update(`holder:${owner}`).digest(), { keyId: 'holder' });
  return createWallet({ store: walletStore, owner, keyManager, encryptionKey: new Uint8Array(32).fill(3), fetch: fetchLike, clock, random: deterministicRandom(owner), trustClient, allowPrivateNetworks: true, ...extra });
}
const newWallet = (owner: string) => newWalletWith(owner, {});

const code = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code?: string }) => e.code);
const REP_VCT = vctOf('BusinessRepresentativeCredential');

beforeAll(async () => {
  [issuerStore, verifierStore, walletStore] = await Promise.all([openEmbeddedStore(), openEmbeddedStore(), openEmbeddedStore()]);
  const app = createVcApiApp({ issuer: { id: issuerDid, signer: issuerSigner }, clock, oid4vci: { store: issuerStore, credentialIssuer: () => issuerBase, adminToken: ADMIN } });
  issuer = await startServer({ app, host: '127.0.0.1', port: 0 });
  issuerBase = issuer.url.replace(/\/$/, '');
  await startBank('maple-commerce-bank');
  await startBank('prairie-federal-bank');
});
afterAll(async () => {
  await issuer?.close();
  for (const b of banks.values()) await b.close();
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

    expect(await bankResult('maple-commerce-bank', request.id)).toMatchObject({ status: 'pending' });
    const sent = await wallet.respond(review.id, { consent: true, selections: [{ queryId: 'representative', credentialId: held!.id }] });
    expect(sent.status).toBe('sent');
    const result = (await bankResult('maple-commerce-bank', request.id)) as AuthorizationResult;
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
    // The request object is no longer served once answered (the wallet cannot even read it again).
    expect([WalletErrorCodes.RESPONSE_REFUSED, WalletErrorCodes.HTTP_FAILED]).toContain(again);
    expect(await bankResult('maple-commerce-bank', request.id)).toEqual(result);
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
    await wallet.respond(review.id, { consent: true, selections: review.queries.map((q) => ({ queryId: q.id, credentialId: q.candidates[0]!.credentialId })) });
    const result = (await bankResult('maple-commerce-bank', request.id)) as AuthorizationResult;
    expect(result).toMatchObject({ status: 'verified' });
    expect(Object.keys(result.presentations).sort()).toEqual(['registration', 'representative']);
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

    expect(await wallet.respond(r2.id, { consent: false })).toEqual({ status: 'declined' });
    expect(await bankResult('maple-commerce-bank', more.id)).toMatchObject({ status: 'declined', error: { error: 'access_denied' } });
    const log = await wallet.consentLog();
    expect(log.at(-1)).toMatchObject({ decision: 'declined', disclosed: [], verifier: { warnings: expect.arrayContaining([expect.objectContaining({ code: 'TR_ATTRIBUTE_NOT_AUTHORIZED' })]) } });
  });
});

describe('requests by value (OpenID4VP 1.0 §5) and DIF Presentation Exchange 2', () => {
  const repQuery = { credentials: [{ id: 'representative', format: 'dc+sd-jwt', meta: { vct_values: [REP_VCT] }, claims: [{ path: ['givenName'] }] }] };

  it('by value: a signed request= JWT is accepted; plain unsigned parameters are refused by default and accepted when the wallet allows unsigned requests', async () => {
    const wallet = await newWallet('olivia');
    const offer = await createOffer(['BusinessRepresentativeCredential_dc_sd_jwt']);
    const [held] = await wallet.receiveOffer(offer.offer_by_value);

    const signed = await bankRequest('maple-commerce-bank', repQuery, 'kyb-onboarding');
    expect(signed.authorizationRequestUriByValue).toMatch(/^openid4vp:\/\/\?client_id=decentralized_identifier%3A.*&request=ey/);
    const review = await wallet.reviewRequest(signed.authorizationRequestUriByValue);
    expect(review.verifier.trust.decision).toBe('trusted');
    await wallet.respond(review.id, { consent: true, selections: [{ queryId: 'representative', credentialId: held!.id }] });
    expect(await bankResult('maple-commerce-bank', signed.id)).toMatchObject({ status: 'verified' });

    const unsigned = await bankRequest('maple-commerce-bank', repQuery, 'kyb-onboarding', { signed: false });
    const uri = new URL(unsigned.authorizationRequestUriByValue);
    expect(uri.searchParams.get('client_id')).toBe(`redirect_uri:${bankBase('maple-commerce-bank')}/oid4vp/response`);
    expect(uri.searchParams.get('request')).toBeNull();
    expect(JSON.parse(uri.searchParams.get('dcql_query')!)).toMatchObject({ credentials: [{ id: 'representative' }] });
    expect(await code(wallet.reviewRequest(unsigned.authorizationRequestUriByValue))).toBe(WalletErrorCodes.REQUEST_NOT_SIGNED);
    // by reference the unsigned request object (alg: none) is refused the same way
    expect(await code(wallet.reviewRequest(unsigned.authorizationRequestUri))).toBe(WalletErrorCodes.REQUEST_NOT_SIGNED);

    const lenient = await newWalletWith('olivia', { allowUnsignedRequests: true });
    const r = await lenient.reviewRequest(unsigned.authorizationRequestUriByValue);
    expect(r.verifier.trust.warnings.map((w) => w.code)).toContain('WALLET_VERIFIER_UNIDENTIFIED');
    await lenient.respond(r.id, { consent: true, selections: [{ queryId: 'representative', credentialId: held!.id }] });
    expect(await bankResult('maple-commerce-bank', unsigned.id)).toMatchObject({ status: 'verified', clientId: unsigned.clientId });
  });

  const definition = {
    id: 'kyb-representative',
    input_descriptors: [
      {
        id: 'representative',
        format: { 'dc+sd-jwt': {} },
        constraints: {
          limit_disclosure: 'required',
          fields: [
            { path: ['$.vct'], filter: { type: 'string', const: REP_VCT } },
            { path: ['$.givenName', "$['given_name']"], filter: { type: 'string', pattern: '^.+$' } },
          ],
        },
      },
    ],
  };

  it('PE 2: the verifier serves a presentation_definition; the wallet answers with a presentation_submission; limit_disclosure honoured', async () => {
    const wallet = await newWallet('paul');
    const offer = await createOffer(['BusinessRepresentativeCredential_dc_sd_jwt']);
    const [held] = await wallet.receiveOffer(offer.offer_by_value);
    const request = await bankRequest('maple-commerce-bank', undefined, 'kyb-onboarding', { presentation_definition: definition });
    const review = await wallet.reviewRequest(request.authorizationRequestUri);
    expect(review.satisfiable).toBe(true);
    expect(review.queries[0]!.candidates[0]!.credentialId).toBe(held!.id);
    await wallet.respond(review.id, { consent: true, selections: [{ queryId: 'representative', credentialId: held!.id }] });
    const result = (await bankResult('maple-commerce-bank', request.id)) as AuthorizationResult;
    expect(result.status).toBe('verified');
    const p = result.presentations['representative']![0]!;
    expect(p.claimPaths).toEqual([['vct'], ['givenName']]);
    for (const name of ['familyName', 'roles', 'relationshipId']) expect(p.claims).not.toHaveProperty(name);
  });

  it('PE 2: a submission that maps a presentation to the wrong descriptor is refused (ERR_PEX_DESCRIPTOR_NOT_SATISFIED); a malformed definition is refused (ERR_PEX_INVALID_DEFINITION)', async () => {
    const seen: Array<{ status: number; code?: string }> = [];
    // A counterpart that swaps the descriptor ids of its submission (the presentations themselves are valid and bound).
    const swapping: FetchLike = async (url, init) => {
      let body = init?.body;
      if (typeof body === 'string' && body.includes('presentation_submission')) {
        const form = new URLSearchParams(body);
        const sub = JSON.parse(form.get('presentation_submission')!) as { descriptor_map: Array<{ id: string }> };
        const [a, b] = sub.descriptor_map;
        [a!.id, b!.id] = [b!.id, a!.id];
        form.set('presentation_submission', JSON.stringify(sub));
        body = form.toString();
      }
      const res = await fetchLike(url, { ...init, ...(body !== undefined ? { body } : {}) });
      if (typeof body === 'string' && body.includes('presentation_submission')) seen.push({ status: res.status, code: ((await (res as unknown as Response).clone().json()) as { code?: string }).code });
      return res;
    };
    const wallet = await newWalletWith('quinn', { fetch: swapping });
    const offer = await createOffer(['BusinessRegistrationCredential_ldp_vc', 'BusinessRepresentativeCredential_jwt_vc_json']);
    await wallet.receiveOffer(offer.offer_by_value);
    const typed = (id: string, type: string) => ({ id, constraints: { fields: [{ path: ['$.type'], filter: { type: 'array', contains: { const: type } } }, { path: ['$.credentialSubject.id'] }] } });
    const request = await bankRequest('maple-commerce-bank', undefined, 'kyb-onboarding', {
      presentation_definition: { id: 'two', input_descriptors: [typed('registration', 'BusinessRegistrationCredential'), typed('representative', 'BusinessRepresentativeCredential')] },
    });
    const review = await wallet.reviewRequest(request.authorizationRequestUri);
    expect(review.satisfiable).toBe(true);
    const selections = review.queries.map((q) => ({ queryId: q.id, credentialId: q.candidates[0]!.credentialId }));
    expect(await code(wallet.respond(review.id, { consent: true, selections }))).toBe(WalletErrorCodes.RESPONSE_REFUSED);
    expect(seen).toEqual([{ status: 400, code: 'ERR_PEX_DESCRIPTOR_NOT_SATISFIED' }]);
    expect(await bankResult('maple-commerce-bank', request.id)).toMatchObject({ status: 'pending' });

    for (const bad of [{ id: 'x', input_descriptors: [] }, { id: 'x', input_descriptors: [{ id: 'a', constraints: { fields: [{ path: ['$..name'] }] } }] }, { id: 'x', input_descriptors: [{ id: 'a', constraints: { fields: [{ path: ['$.a'], filter: { minimum: 3 } }] } }] }]) {
      const res = await fetch(`${bankBase('maple-commerce-bank')}/oid4vp/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
        body: JSON.stringify({ presentation_definition: bad }),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'ERR_PEX_INVALID_DEFINITION', error: 'invalid_request' });
    }
  });
});
