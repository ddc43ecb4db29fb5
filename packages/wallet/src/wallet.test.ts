import { deterministicRandom } from '@trustbridge/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryKeyManager } from '@trustbridge/keys';
import { openEmbeddedStore, listWalletItems, type SqlClient } from '@trustbridge/store';
import { buildTrustIndex, createOfflineTrustRegistryClient, seedPilotRegistries } from '@trustbridge/trust-registry';
import { decodeSegment } from '@trustbridge/jose';
import { vctOf } from '@trustbridge/vocab';
import { createWallet, WalletErrorCodes, type Wallet } from '../src/index.js';
import { clock, fetchLike, startFakeIssuer, startFakeVerifier } from '../test/fakes.js';


const ENCRYPTION_KEY = new Uint8Array(32).fill(7);
const HOLDER_SEED = new Uint8Array(32).fill(9);
const seed = seedPilotRegistries();
const trustClient = createOfflineTrustRegistryClient(buildTrustIndex(seed.states, { root: seed.root }), { clock });
const REP_TYPE = [['VerifiableCredential', 'BusinessRepresentativeCredential']];

let store: SqlClient;
let issuer: Awaited<ReturnType<typeof startFakeIssuer>>;
let verifier: Awaited<ReturnType<typeof startFakeVerifier>>;

async function newWallet(owner: string, extra: Partial<Parameters<typeof createWallet>[0]> = {}): Promise<Wallet> {
  const keyManager = new MemoryKeyManager({ clock });
  await keyManager.importKey(HOLDER_SEED, { keyId: 'holder' });
  return createWallet({ store, owner, keyManager, encryptionKey: ENCRYPTION_KEY, fetch: fetchLike, clock, random: deterministicRandom(owner), allowPrivateNetworks: true, trustClient, ...extra });
}

function errorCode(p: Promise<unknown>) {
  return p.then(
    () => 'resolved',
    (e: { code?: string }) => e.code,
  );
}

beforeAll(async () => {
  store = await openEmbeddedStore();
  issuer = await startFakeIssuer();
  verifier = await startFakeVerifier();
});
afterAll(async () => {
  await issuer?.close();
  await verifier?.close();
  await store?.close();
});

describe('receive (OpenID4VCI pre-authorized code)', () => {
  it('receives one credential of each format, verified, stored encrypted, listed in EN and FR', async () => {
    const wallet = await newWallet('alice');
    const held = await wallet.receiveOffer(issuer.offer(['rep_ldp', 'rep_jwt', 'rep_sd'], '493536'), { txCode: '493536' });
    expect(held.map((h) => h.format)).toEqual(['ldp_vc', 'jwt_vc_json', 'dc+sd-jwt']);
    expect(held[2]!.vct).toBe(vctOf('BusinessRepresentativeCredential'));
    expect(held.every((h) => h.types.includes('BusinessRepresentativeCredential'))).toBe(true);

    const en = await wallet.listCredentials();
    expect(en).toHaveLength(3);
    expect(en[0]!.display.title).toBe('Business Representative');
    expect(en[2]!.display.fields.some((f) => f.label === 'Given names')).toBe(true);
    const fr = await wallet.listCredentials({ lang: 'fr' });
    expect(fr[0]!.display.title).toBe("Représentant d'entreprise");

    // At rest: ciphertext only, no claim text visible.
    const items = await listWalletItems(store, { owner: 'alice', kind: 'credential' });
    expect(items).toHaveLength(3);
    for (const i of items) expect(Buffer.from(i.ciphertext).toString('latin1')).not.toContain('BusinessRepresentative');

    const detail = await wallet.getCredential(held[0]!.id, { lang: 'fr' });
    expect(detail.credential).toMatchObject({ type: expect.arrayContaining(['BusinessRepresentativeCredential']) });
  });

  it('refuses a replayed offer (pre-authorized code used once) and a missing or wrong tx_code', async () => {
    const wallet = await newWallet('bob');
    const offer = issuer.offer(['rep_sd']);
    await wallet.receiveOffer(offer);
    const replay = await wallet.receiveOffer(offer).catch((e: { code: string; specCode?: string }) => e);
    expect(replay).toMatchObject({ code: WalletErrorCodes.TOKEN_REFUSED, specCode: 'invalid_grant' });

    const withCode = issuer.offer(['rep_sd'], '1234');
    expect(await errorCode(wallet.receiveOffer(withCode))).toBe(WalletErrorCodes.TX_CODE_REQUIRED);
    expect(await errorCode(wallet.receiveOffer(withCode, { txCode: '9999' }))).toBe(WalletErrorCodes.TOKEN_REFUSED);
    expect(await wallet.listCredentials()).toHaveLength(1);
  });

  it('stores nothing when the credential does not verify', async () => {
    const bad = await startFakeIssuer({ tamper: true });
    try {
      const wallet = await newWallet('carol');
      expect(await errorCode(wallet.receiveOffer(bad.offer(['rep_ldp'])))).toBe(WalletErrorCodes.CREDENTIAL_NOT_VERIFIED);
      expect(await errorCode(wallet.receiveOffer(bad.offer(['rep_jwt'])))).toBe(WalletErrorCodes.CREDENTIAL_NOT_VERIFIED);
      expect(await wallet.listCredentials()).toEqual([]);
    } finally {
      await bad.close();
    }
  });

  it('refuses private addresses unless allowed, and malformed offers', async () => {
    const wallet = await newWallet('dave', { allowPrivateNetworks: false });
    expect(await errorCode(wallet.receiveOffer(issuer.offer(['rep_sd'])))).toBe(WalletErrorCodes.URL_NOT_ALLOWED);
    expect(await errorCode(wallet.receiveOffer('openid-credential-offer://?nothing=1'))).toBe(WalletErrorCodes.OFFER_INVALID);
    expect(await errorCode(wallet.receiveOffer('openid-credential-offer://?credential_offer=%7Bbad'))).toBe(WalletErrorCodes.OFFER_INVALID);
  });
});

describe('encryption at rest', () => {
  it('fails closed when the encryption key differs or an item is moved to another owner', async () => {
    const wallet = await newWallet('erin');
    const [held] = await wallet.receiveOffer(issuer.offer(['rep_sd']));
    const other = await newWallet('erin', { encryptionKey: new Uint8Array(32).fill(8) });
    expect(await errorCode(other.getCredential(held!.id))).toBe(WalletErrorCodes.DECRYPT_FAILED);
    const [item] = await listWalletItems(store, { owner: 'erin', kind: 'credential' });
    await store.query("INSERT INTO wallet_items (owner, id, kind, ciphertext, created_at, updated_at) VALUES ('frank', $1, 'credential', $2, now(), now())", [item!.id, item!.ciphertext]);
    const frank = await newWallet('frank');
    expect(await errorCode(frank.getCredential(item!.id))).toBe(WalletErrorCodes.DECRYPT_FAILED);
    expect(await errorCode(createWallet({ store, owner: 'x', keyManager: new MemoryKeyManager(), encryptionKey: new Uint8Array(16), fetch: fetchLike }))).toBe(WalletErrorCodes.OPTIONS_INVALID);
  });

  it('deletes a credential', async () => {
    const wallet = await newWallet('gina');
    const [held] = await wallet.receiveOffer(issuer.offer(['rep_sd']));
    await wallet.deleteCredential(held!.id);
    expect(await errorCode(wallet.getCredential(held!.id))).toBe(WalletErrorCodes.CREDENTIAL_NOT_FOUND);
  });
});

describe('present (OpenID4VP + DCQL)', () => {
  it('SD-JWT: discloses only the requested claims, KB-JWT bound to nonce and client_id; consent logged', async () => {
    const wallet = await newWallet('holly');
    await wallet.receiveOffer(issuer.offer(['rep_sd', 'rep_ldp']));
    const dcql = { credentials: [{ id: 'rep', format: 'dc+sd-jwt', meta: { vct_values: [vctOf('BusinessRepresentativeCredential')] }, claims: [{ path: ['givenName'] }, { path: ['familyName'] }] }] };
    const { uri, nonce } = await verifier.request(dcql, { purpose: 'kyb-onboarding' });
    const review = await wallet.reviewRequest(uri);
    expect(review.verifier).toMatchObject({ clientId: verifier.clientId, name: 'Maple Commerce Bank', purpose: 'kyb-onboarding', trust: { decision: 'trusted', authorizedForPurpose: true, warnings: [] } });
    expect(review.satisfiable).toBe(true);
    expect(review.queries[0]!.candidates).toHaveLength(1);
    expect(review.queries[0]!.candidates[0]!.claims.map((c) => c.label)).toEqual(['Given names', 'Family name']);

    const sent = await wallet.respond(review.id, { consent: true, selections: [{ queryId: 'rep', credentialId: review.queries[0]!.candidates[0]!.credentialId }] });
    expect(sent.status).toBe('sent');
    expect(sent.redirectUri).toContain('/done');
    const vpToken = JSON.parse(verifier.received.at(-1)!['vp_token']!) as Record<string, string[]>;
    const presentation = vpToken['rep']![0]!;
    const parts = presentation.split('~');
    const disclosed = parts.slice(1, -1).map((d) => JSON.parse(decodeSegment(d).toString('utf8'))[1]);
    expect(disclosed.sort()).toEqual(['familyName', 'givenName']);
    const kb = JSON.parse(decodeSegment(parts.at(-1)!.split('.')[1]!).toString('utf8'));
    expect(kb).toMatchObject({ nonce, aud: verifier.clientId });

    // The same review cannot be answered twice.
    expect(await errorCode(wallet.respond(review.id, { consent: false }))).toBe(WalletErrorCodes.REVIEW_UNKNOWN);
    const log = await wallet.consentLog();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ decision: 'sent', verifier: { clientId: verifier.clientId, purpose: 'kyb-onboarding' }, disclosed: [{ queryId: 'rep', claims: ['givenName', 'familyName'], wholeCredential: false }] });
  });

  it('Data Integrity and vc+jwt: whole credential in a holder-signed presentation (challenge/domain, nonce/aud)', async () => {
    const wallet = await newWallet('ivan');
    await wallet.receiveOffer(issuer.offer(['rep_ldp', 'rep_jwt']));
    const dcql = {
      credentials: [
        { id: 'di', format: 'ldp_vc', meta: { type_values: REP_TYPE }, claims: [{ path: ['credentialSubject', 'givenName'] }] },
        { id: 'jwt', format: 'jwt_vc_json', meta: { type_values: REP_TYPE }, claims: [{ path: ['credentialSubject', 'business', 'legalName'] }] },
      ],
    };
    const { uri, nonce } = await verifier.request(dcql, { purpose: 'kyb-onboarding' });
    const review = await wallet.reviewRequest(uri, { lang: 'fr' });
    expect(review.queries[1]!.candidates[0]!.claims[0]!.label).toBe("Nom de l'entreprise");
    const selections = review.queries.map((q) => ({ queryId: q.id, credentialId: q.candidates[0]!.credentialId }));
    await wallet.respond(review.id, { consent: true, selections });
    const vpToken = JSON.parse(verifier.received.at(-1)!['vp_token']!) as Record<string, unknown[]>;
    const vp = vpToken['di']![0] as Record<string, any>;
    expect(vp['holder']).toBe(await wallet.holderDid());
    expect(vp['proof']).toMatchObject({ challenge: nonce, domain: verifier.clientId, proofPurpose: 'authentication' });
    const jwt = vpToken['jwt']![0] as string;
    expect(JSON.parse(decodeSegment(jwt.split('.')[1]!).toString('utf8'))).toMatchObject({ nonce, aud: verifier.clientId });
  });

  it('warns when the verifier is not authorized for the purpose or asks for more than the registry allows', async () => {
    const wallet = await newWallet('jane');
    await wallet.receiveOffer(issuer.offer(['rep_sd']));
    const claims = [{ path: ['givenName'] }, { path: ['relationshipId'] }];
    const dcql = { credentials: [{ id: 'rep', format: 'dc+sd-jwt', meta: { vct_values: [vctOf('BusinessRepresentativeCredential')] }, claims }] };
    const more = await wallet.reviewRequest((await verifier.request(dcql, { purpose: 'kyb-onboarding' })).uri);
    expect(more.verifier.trust.decision).toBe('not-trusted');
    expect(more.verifier.trust.authorizedForPurpose).toBe(true);
    expect(more.verifier.trust.warnings.map((w) => w.code)).toContain('TR_ATTRIBUTE_NOT_AUTHORIZED');

    const prairie = await startFakeVerifier('prairie-federal-bank');
    try {
      const purpose = await wallet.reviewRequest((await prairie.request({ credentials: [{ ...dcql.credentials[0]!, claims: [{ path: ['givenName'] }] }] }, { purpose: 'account-opening' })).uri);
      expect(purpose.verifier.trust.authorizedForPurpose).toBe(false);
      expect(purpose.verifier.trust.warnings.map((w) => w.code)).toContain('TR_PURPOSE_NOT_AUTHORIZED');
      const declined = await wallet.respond(purpose.id, { consent: false });
      expect(declined.status).toBe('declined');
      expect(prairie.received.at(-1)).toMatchObject({ error: 'access_denied' });
    } finally {
      await prairie.close();
    }
    const log = await wallet.consentLog();
    expect(log.at(-1)).toMatchObject({ decision: 'declined', disclosed: [] });
  });

  it('refuses bad requests and bad selections with codes', async () => {
    const wallet = await newWallet('kate');
    await wallet.receiveOffer(issuer.offer(['rep_sd']));
    // `meta` is required by OpenID4VP 1.0 §6.1: the shared DCQL parser refuses a query without it.
    expect(await errorCode(wallet.reviewRequest((await verifier.request({ credentials: [{ id: 'rep', format: 'dc+sd-jwt', claims: [{ path: ['givenName'] }] }] })).uri))).toBe(WalletErrorCodes.DCQL_INVALID);
    const dcql = { credentials: [{ id: 'rep', format: 'dc+sd-jwt', meta: { vct_values: [vctOf('BusinessRepresentativeCredential')] }, claims: [{ path: ['givenName'] }] }] };
    expect(await errorCode(wallet.reviewRequest((await verifier.request(dcql, { unsignedKey: true })).uri))).toBe(WalletErrorCodes.REQUEST_SIGNATURE_INVALID);
    expect(await errorCode(wallet.reviewRequest(`openid4vp://?client_id=${encodeURIComponent(verifier.clientId)}&response_type=vp_token`))).toBe(WalletErrorCodes.REQUEST_INVALID);
    expect(await errorCode(wallet.reviewRequest((await verifier.request({ credentials: [] })).uri))).toBe(WalletErrorCodes.DCQL_INVALID);
    const strict = await newWallet('kate', { allowPrivateNetworks: false });
    expect(await errorCode(strict.reviewRequest((await verifier.request(dcql)).uri))).toBe(WalletErrorCodes.URL_NOT_ALLOWED);

    const review = await wallet.reviewRequest((await verifier.request(dcql)).uri);
    expect(await errorCode(wallet.respond(review.id, { consent: true, selections: [] }))).toBe(WalletErrorCodes.SELECTION_INVALID);
    expect(await errorCode(wallet.respond(review.id, { consent: true, selections: [{ queryId: 'rep', credentialId: 'cred-nope' }] }))).toBe(WalletErrorCodes.SELECTION_INVALID);
    const unmatched = await wallet.reviewRequest((await verifier.request({ credentials: [{ id: 'x', format: 'dc+sd-jwt', meta: { vct_values: ['https://other.example/vct'] } }] })).uri);
    expect(unmatched.satisfiable).toBe(false);
    expect(unmatched.verifier.trust.warnings.map((w) => w.code)).toContain('WALLET_WHOLE_CREDENTIAL_REQUESTED');
  });
});
