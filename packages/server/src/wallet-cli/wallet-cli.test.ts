/**
 * `trustbridge wallet` end to end through `runCli`: the VC API app with OpenID4VCI as the issuer, the
 * OpenID4VP verifier handlers of `@trustbridge/protocols` on a node server as the bank, and a wallet
 * directory (passphrase keystore + embedded store) on disk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isTrustBridgeError } from '@trustbridge/core';
import { createEd25519Signer, encodeEd25519PublicKeyMultibase, generateEd25519KeyPair } from '@trustbridge/keys';
import { didKeyFromEd25519PublicKey } from '@trustbridge/did';
import { createDocumentLoader } from '@trustbridge/jsonld';
import { openEmbeddedStore, type SqlClient } from '@trustbridge/store';
import { pilotKeyPair } from '@trustbridge/trust-registry';
import { samples, vctOf, vocabContexts } from '@trustbridge/vocab';
import { createAuthorizationRequest, getRequestObject, handleAuthorizationResponse, type AuthorizationResult } from '@trustbridge/protocols';
import { runCli, type CliIo } from '../cli.js';
import { createVcApiApp } from '../vc-api.js';
import { startServer, type RunningServer } from '../server.js';
import { WALLET_PASSPHRASE_ENV } from './index.js';

const ADMIN = 'wallet-cli-admin-token-0123456789abcdef';
const NOW = '2026-03-03T09:00:00Z';
const clock = () => new Date(NOW);
const documentLoader = createDocumentLoader({ extraContexts: vocabContexts as Record<string, unknown> });
const { id: _r, ...representative } = (samples.bcSoleProprietorRepresentative as unknown as { credentialSubject: Record<string, unknown> }).credentialSubject;
const issuerKeys = generateEd25519KeyPair(new Uint8Array(32).fill(31));
const issuerDid = didKeyFromEd25519PublicKey(issuerKeys.publicKey);
const issuerSigner = createEd25519Signer({ id: `${issuerDid}#${issuerDid.slice(8)}`, secretKey: issuerKeys.secretKey! });

let dir = '';
let issuerStore: SqlClient;
let verifierStore: SqlClient;
let issuer: RunningServer;
let issuerBase = '';
let verifier: Server;
let verifierBase = '';
const results: AuthorizationResult[] = [];

async function cli(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readStdin: async () => '', env: { [WALLET_PASSPHRASE_ENV]: 'correct horse battery staple', ...env } };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
const common = () => ['--dir', dir, '--allow-private-networks', '--pilot-registry', '--now', NOW];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tb-wallet-cli-'));
  [issuerStore, verifierStore] = await Promise.all([openEmbeddedStore(), openEmbeddedStore()]);
  const app = createVcApiApp({ issuer: { id: issuerDid, signer: issuerSigner }, clock, oid4vci: { store: issuerStore, credentialIssuer: () => issuerBase, adminToken: ADMIN } });
  issuer = await startServer({ app, host: '127.0.0.1', port: 0 });
  issuerBase = issuer.url.replace(/\/$/, '');
  verifier = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', verifierBase);
      const run = async (): Promise<[number, string]> => {
        if (req.method === 'GET' && url.pathname.startsWith('/request/')) return [200, await getRequestObject(decodeURIComponent(url.pathname.slice(9)), { store: verifierStore, clock })];
        const out = await handleAuthorizationResponse(Object.fromEntries(new URLSearchParams(body)), { store: verifierStore, clock, verifyOptions: { documentLoader } });
        results.push(out.result);
        return [200, '{}'];
      };
      run()
        .catch((e: unknown): [number, string] => [400, JSON.stringify({ error: 'invalid_request', code: isTrustBridgeError(e) ? e.code : 'ERR' })])
        .then(([status, text]) => {
          res.writeHead(status, { 'content-type': status === 200 && req.method === 'GET' ? 'application/oauth-authz-req+jwt' : 'application/json' });
          res.end(text);
        });
    });
  });
  await new Promise<void>((r) => verifier.listen(0, '127.0.0.1', r));
  verifierBase = `http://127.0.0.1:${(verifier.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await issuer?.close();
  await new Promise<void>((r) => (verifier ? verifier.close(() => r()) : r()));
  await Promise.all([issuerStore?.close(), verifierStore?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function offer(txCode?: boolean): Promise<{ offer_by_value: string; tx_code?: string }> {
  const res = await fetch(`${issuerBase}/oid4vci/offers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
    body: JSON.stringify({ credential_configuration_ids: ['BusinessRepresentativeCredential_dc_sd_jwt'], credential_subjects: { BusinessRepresentativeCredential: representative }, ...(txCode ? { tx_code: { length: 6 } } : {}) }),
  });
  return (await res.json()) as never;
}

async function request(claims: unknown[]) {
  const key = pilotKeyPair('maple-commerce-bank');
  const mb = encodeEd25519PublicKeyMultibase(key.publicKey);
  return createAuthorizationRequest({
    store: verifierStore,
    clock,
    signed: true,
    signer: createEd25519Signer({ id: `did:key:${mb}#${mb}`, secretKey: key.secretKey! }),
    purpose: 'kyb-onboarding',
    dcqlQuery: { credentials: [{ id: 'rep', format: 'dc+sd-jwt', meta: { vct_values: [vctOf('BusinessRepresentativeCredential')] }, claims }] },
    responseUri: `${verifierBase}/response`,
    requestUriBase: `${verifierBase}/request`,
  });
}

describe('trustbridge wallet', () => {
  it('receive (tx code from the environment), list EN/FR, present with and without consent, consent log', async () => {
    const o = await offer(true);
    const missing = await cli(['wallet', 'receive', o.offer_by_value, ...common()]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('ERR_WALLET_TX_CODE_REQUIRED');
    const received = await cli(['wallet', 'receive', o.offer_by_value, '--tx-code-env', 'TX', ...common()], { TX: o.tx_code! });
    expect(received.code).toBe(0);
    const [held] = JSON.parse(received.stdout) as Array<{ id: string; format: string }>;
    expect(held!.format).toBe('dc+sd-jwt');

    // At rest: no claim value in any file of the wallet directory.
    const files = await readdir(join(dir), { recursive: true });
    for (const f of files) {
      const bytes = await readFile(join(dir, f)).catch(() => Buffer.alloc(0));
      expect(bytes.includes(Buffer.from(String(representative['familyName'])))).toBe(false);
    }

    const en = await cli(['wallet', 'list', ...common()]);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('Business Representative');
    const fr = await cli(['wallet', 'list', '--lang', 'fr', ...common()]);
    expect(fr.stdout).toContain("Représentant d'entreprise");

    const req = await request([{ path: ['givenName'] }]);
    const ask = await cli(['wallet', 'present', req.authorizationRequestUri, ...common()]);
    expect(ask.code).toBe(3);
    expect(ask.stdout).toContain('Purpose: kyb-onboarding');
    expect(ask.stdout).toContain('Nothing sent');
    expect(results).toHaveLength(0);

    const req2 = await request([{ path: ['givenName'] }, { path: ['relationshipId'] }]);
    const send = await cli(['wallet', 'present', req2.authorizationRequestUri, '--yes', '--select', `rep=${held!.id}`, ...common()]);
    expect(send.code).toBe(0);
    expect(send.stdout).toContain('WARNING TR_ATTRIBUTE_NOT_AUTHORIZED');
    expect(JSON.parse(send.stdout.slice(send.stdout.indexOf('{')))).toMatchObject({ status: 'sent' });
    expect(results[0]).toMatchObject({ status: 'verified' });
    expect(Object.keys(results[0]!.presentations['rep']![0]!.claims)).not.toContain('roles');

    const log = await cli(['wallet', 'consent-log', ...common()]);
    expect(JSON.parse(log.stdout)).toMatchObject([{ decision: 'sent', disclosed: [{ queryId: 'rep', claims: ['givenName', 'relationshipId'] }] }]);
  });

  it('refuses a bad --select and a missing passphrase; --help for each command', async () => {
    expect((await cli(['wallet', 'present', 'openid4vp://?x=1', '--select', 'oops', ...common()])).code).toBe(2);
    const noPass = await cli(['wallet', 'list', '--dir', dir], { [WALLET_PASSPHRASE_ENV]: '' });
    expect(noPass.code).toBe(2);
    expect(noPass.stderr).toContain('ERR_CLI_PASSPHRASE_MISSING');
    for (const command of ['receive', 'list', 'present', 'show', 'consent-log']) {
      const help = await cli(['wallet', command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('--dir');
    }
  });
});
