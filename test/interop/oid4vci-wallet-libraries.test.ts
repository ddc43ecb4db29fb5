/**
 * Issue 7 interop: credentials issued over OpenID4VCI by the TrustBridge service and received by the
 * TrustBridge wallet verify with independent libraries — plain `@sd-jwt/sd-jwt-vc` for `dc+sd-jwt`
 * and plain `jose` for `jwt_vc_json` (vc+jwt) — with no TrustBridge code in their verifiers or hashers.
 * The holder binding the wallet asked for (`cnf.jwk` / `credentialSubject.id`) is checked too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto';
import * as jose from 'jose';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { digest } from '@sd-jwt/crypto-nodejs';
import type { FetchLike } from '@trustbridge/core';
import { createEd25519Signer, ed25519PublicKeyToJwk, generateEd25519KeyPair, MemoryKeyManager } from '@trustbridge/keys';
import { didKeyFromEd25519PublicKey } from '@trustbridge/did';
import { openEmbeddedStore, type SqlClient } from '@trustbridge/store';
import { samples } from '@trustbridge/vocab';
import { createVcApiApp, startServer, type RunningServer } from '@trustbridge/server';
import { createWallet, type Wallet } from '@trustbridge/wallet';

const ADMIN = 'interop-admin-token-0123456789abcdefgh';
const NOW = Date.parse('2026-03-03T09:00:00Z');
const clock = () => new Date(NOW);
const issuerKeys = generateEd25519KeyPair(new Uint8Array(32).fill(61));
const issuerDid = didKeyFromEd25519PublicKey(issuerKeys.publicKey);
const issuerJwk = ed25519PublicKeyToJwk(issuerKeys.publicKey);
const { id: _omit, ...representative } = (samples.bcSoleProprietorRepresentative as unknown as { credentialSubject: Record<string, unknown> }).credentialSubject;

let issuerStore: SqlClient;
let walletStore: SqlClient;
let issuer: RunningServer;
let base = '';
let wallet: Wallet;

beforeAll(async () => {
  [issuerStore, walletStore] = await Promise.all([openEmbeddedStore(), openEmbeddedStore()]);
  const signer = createEd25519Signer({ id: `${issuerDid}#${issuerDid.slice('did:key:'.length)}`, secretKey: issuerKeys.secretKey! });
  const app = createVcApiApp({ issuer: { id: issuerDid, signer }, clock, oid4vci: { store: issuerStore, credentialIssuer: () => base, adminToken: ADMIN } });
  issuer = await startServer({ app, host: '127.0.0.1', port: 0 });
  base = issuer.url.replace(/\/$/, '');
  const keyManager = new MemoryKeyManager({ clock });
  await keyManager.importKey(createHash('sha256').update('holder:interop').digest(), { keyId: 'holder' });
  wallet = await createWallet({
    store: walletStore, owner: 'interop', keyManager, encryptionKey: new Uint8Array(32).fill(5),
    fetch: globalThis.fetch as unknown as FetchLike, clock, allowPrivateNetworks: true,
  });
}, 60_000);
afterAll(async () => {
  await issuer?.close();
  await Promise.all([issuerStore?.close(), walletStore?.close()]);
});

async function receive(configurationId: string): Promise<string> {
  const res = await fetch(`${base}/oid4vci/offers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
    body: JSON.stringify({ credential_configuration_ids: [configurationId], credential_subjects: { BusinessRepresentativeCredential: representative } }),
  });
  expect(res.status).toBe(201);
  const offer = (await res.json()) as { offer_by_value: string };
  const [held] = await wallet.receiveOffer(offer.offer_by_value);
  const detail = await wallet.getCredential(held!.id);
  expect(typeof detail.credential).toBe('string');
  return detail.credential as string;
}

describe('OpenID4VCI-issued, wallet-held credentials verify with independent libraries', () => {
  it('dc+sd-jwt verifies with plain @sd-jwt/sd-jwt-vc, bound to the wallet key by cnf.jwk', async () => {
    const token = await receive('BusinessRepresentativeCredential_dc_sd_jwt');
    const issuerKey = createPublicKey({ key: issuerJwk as never, format: 'jwk' });
    const lib = new SDJwtVcInstance({
      verifier: async (data: string, sig: string) => nodeVerify(null, Buffer.from(data), issuerKey, Buffer.from(sig, 'base64url')),
      hasher: digest,
      hashAlg: 'sha-256',
    });
    const result = await lib.verify(token, { currentDate: Math.floor(NOW / 1000) } as never);
    const payload = result.payload as Record<string, unknown>;
    expect(payload['iss']).toBe(issuerDid);
    expect(payload['givenName']).toBe(representative['givenName']);
    expect((payload['cnf'] as { jwk: { kty: string } }).jwk.kty).toBe('OKP');
    // A tampered issuer-signed part fails in the independent library too.
    const [jwt, ...rest] = token.split('~');
    const [h, p, s] = jwt!.split('.');
    const forged = [`${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), iss: 'did:example:forger' })).toString('base64url')}.${s}`, ...rest].join('~');
    await expect(lib.verify(forged, { currentDate: Math.floor(NOW / 1000) } as never)).rejects.toThrow();
  });

  it('jwt_vc_json (vc+jwt) verifies with plain jose, subject bound to the wallet holder DID', async () => {
    const token = await receive('BusinessRepresentativeCredential_jwt_vc_json');
    const key = await jose.importJWK(issuerJwk as jose.JWK, 'EdDSA');
    const { payload, protectedHeader } = await jose.compactVerify(token, key);
    expect(protectedHeader.typ).toBe('vc+jwt');
    const vc = JSON.parse(new TextDecoder().decode(payload)) as { issuer: unknown; credentialSubject: { id: string } };
    expect(vc.issuer === issuerDid || (vc.issuer as { id?: string })?.id === issuerDid).toBe(true);
    expect(vc.credentialSubject.id).toBe(await wallet.holderDid());
  });
});
