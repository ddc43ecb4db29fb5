/**
 * Issue 7: the wallet's credential storage works through `store` on both backends, encrypted at rest.
 * The service's OpenID4VCI issuer offers a credential; a wallet on embedded PGlite and one on
 * PostgreSQL receive, list and reopen it; the stored rows hold ciphertext only (no claim text).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { FetchLike } from '@trustbridge/core';
import { createEd25519Signer, generateEd25519KeyPair, MemoryKeyManager } from '@trustbridge/keys';
import { didKeyFromEd25519PublicKey } from '@trustbridge/did';
import { openEmbeddedStore, type SqlClient } from '@trustbridge/store';
import { samples } from '@trustbridge/vocab';
import { createWallet } from '@trustbridge/wallet';
import { createVcApiApp, startServer, type RunningServer } from '../src/index.js';
import { embeddedBackend, postgresBackend } from './backends.js';

const ADMIN = 'wallet-backends-admin-token-0123456789';
const NOW = Date.parse('2026-03-03T09:00:00Z');
const clock = () => new Date(NOW);
const keys = generateEd25519KeyPair(new Uint8Array(32).fill(71));
const did = didKeyFromEd25519PublicKey(keys.publicKey);
const { id: _omit, ...subject } = (samples.bcSoleProprietorRepresentative as unknown as { credentialSubject: Record<string, unknown> }).credentialSubject;

let issuerStore: SqlClient;
let issuer: RunningServer;
let base = '';

beforeAll(async () => {
  issuerStore = await openEmbeddedStore();
  const signer = createEd25519Signer({ id: `${did}#${did.slice('did:key:'.length)}`, secretKey: keys.secretKey! });
  const app = createVcApiApp({ issuer: { id: did, signer }, clock, oid4vci: { store: issuerStore, credentialIssuer: () => base, adminToken: ADMIN } });
  issuer = await startServer({ app, host: '127.0.0.1', port: 0 });
  base = issuer.url.replace(/\/$/, '');
}, 60_000);
afterAll(async () => {
  await issuer?.close();
  await issuerStore?.close();
});

describe.each([embeddedBackend(), postgresBackend()])('wallet storage on $name', (backend) => {
  let store: SqlClient;
  beforeAll(async () => {
    store = await backend.open();
  }, 300_000);
  afterAll(async () => {
    await store?.close();
    await backend.dispose();
  });

  it('receives, lists after reopening the wallet, and keeps only ciphertext at rest', async () => {
    const open = async () => {
      const keyManager = new MemoryKeyManager({ clock });
      await keyManager.importKey(createHash('sha256').update('holder:backends').digest(), { keyId: 'holder' });
      return createWallet({ store, owner: 'owner-1', keyManager, encryptionKey: new Uint8Array(32).fill(9), fetch: globalThis.fetch as unknown as FetchLike, clock, allowPrivateNetworks: true });
    };
    const res = await fetch(`${base}/oid4vci/offers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ credential_configuration_ids: ['BusinessRepresentativeCredential_dc_sd_jwt'], credential_subjects: { BusinessRepresentativeCredential: subject } }),
    });
    expect(res.status).toBe(201);
    const wallet = await open();
    const [held] = await wallet.receiveOffer(((await res.json()) as { offer_by_value: string }).offer_by_value);
    expect(held?.format).toBe('dc+sd-jwt');

    const reopened = await open();
    const list = await reopened.listCredentials({ lang: 'fr' });
    expect(list.map((c) => c.id)).toEqual([held!.id]);
    expect(list[0]!.display.fields.some((f) => f.value === subject['familyName'])).toBe(true);

    const rows = await store.query<Record<string, unknown>>('SELECT * FROM wallet_items');
    expect(rows.length).toBeGreaterThan(0);
    const raw = JSON.stringify(rows, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v));
    expect(raw).not.toContain(String(subject['familyName']));
    expect(raw).not.toContain(String(subject['givenName']));
  }, 120_000);
});
