/**
 * Bitstring Status List: TrustBridge beside @digitalbazaar/vc-bitstring-status-list 2.0.1 in the same run.
 *
 * - warm check: `checkStatus` of a credential whose 131,072-entry list is cached (cache lookup, entry
 *   validation, purpose / issuer / validity checks, bit read). Goal ≥ 1,000,000/s.
 * - cold decode: expand a fetched 131,072-entry `encodedList` (multibase + GUNZIP + length check).
 *   Goal ≥ 3× the reference library's `decodeList`.
 * - cold check, loopback HTTP, real proof: a status list credential signed by TrustBridge
 *   (eddsa-rdfc-2022, did:key) and served by a 127.0.0.1 node:http server is fetched, its proof
 *   verified, its issuer matched, its list decoded and the bit read, with no cache between iterations:
 *   TrustBridge's `createStatusCheck` (@trustbridge/vc; `maxCacheEntries: 0`, the engine's verifier)
 *   against the reference `checkStatus` with @digitalbazaar/vc verifying the same list credential through
 *   its own jsonld-document-loader (npm context packages, `did:` and `http:` handlers). Neither side
 *   caches the list or a verification result; both keep their JSON-LD context caches (and TrustBridge its
 *   structure cache, which caches shapes, not results), as they would in production.
 *
 * Issuance throughput with status allocation on each backend is the `store` suite (bench/suites/store.ts).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { TrustBridgeError, type VerificationMethod, type VerificationMethodResolver } from '@trustbridge/core';
import { createEd25519Signer, encodeEd25519PublicKeyMultibase, generateEd25519KeyPair } from '@trustbridge/keys';
import { DID_V1_CONTEXT_URL, MULTIKEY_V1_CONTEXT_URL, VC_V2_CONTEXT_URL, createDocumentLoader } from '@trustbridge/jsonld';
import { createStatusCheck, issueCredential } from '@trustbridge/vc';
import {
  createBitstring,
  createStatusChecker,
  createStatusListCredential,
  decodeBitstring,
  getStatus,
  setStatus,
} from '@trustbridge/status-list';
import { compare, ratio, rawEd25519Verify, type Suite } from '../lib.js';

interface DbList {
  getStatus(index: number): boolean;
}
interface DbModule {
  decodeList(options: { encodedList: string }): Promise<DbList>;
  checkStatus(options: {
    credential: unknown;
    documentLoader: (url: string) => Promise<{ document: unknown }>;
    verifyBitstringStatusListCredential: boolean;
    verifyMatchingIssuers: boolean;
    suite?: unknown;
  }): Promise<{ verified: boolean; results?: Array<{ status: boolean }>; error?: Error }>;
}
const load = (name: string): Promise<any> => import(name);
const ctxRequire = createRequire(new URL('../../packages/jsonld/package.json', import.meta.url));
const DB_PACKAGE = '@digitalbazaar/vc-bitstring-status-list';
const TB = 'trustbridge';
const DB = '@digitalbazaar/vc-bitstring-status-list';

const ISSUER = 'did:example:bc-registries';
const LIST_URL = 'https://issuer.example/status/1';

function fixture(issuer = ISSUER, listUrl = LIST_URL) {
  // A realistic list: 131,072 entries with 1 % revoked at scattered (deterministic) positions.
  const bits = createBitstring();
  let x = 0x2545f491;
  for (let i = 0; i < 1_311; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    setStatus(bits, (x >>> 0) % 131_072, 1);
  }
  const listVc = createStatusListCredential({ id: listUrl, issuer, statusPurpose: 'revocation', bitstring: bits, ttl: 300_000 });
  const credential = (listUrl: string) => ({
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    type: ['VerifiableCredential', 'BusinessRegistrationCredential'],
    issuer,
    credentialSubject: { id: 'did:example:business' },
    credentialStatus: {
      id: `${listUrl}#94567`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '94567',
      statusListCredential: listUrl,
    },
  });
  return { listVc, credential };
}

/** PITFALLS.md: node:crypto Ed25519 verify ≈ 8,900/s in a fast period of these machines. */
const FAST_PERIOD_EDV_PER_SEC = 8_900;
const TITLE = 'Bitstring Status List: check and decode (131,072 entries)';

const suite = {
  title: TITLE,
  async run({ rounds, roundMs }) {
    const db = (await import(DB_PACKAGE)) as DbModule;
    const { listVc, credential } = fixture();
    const encodedList = listVc.credentialSubject.encodedList;
    const verifyStub = async () => ({ verified: true, problems: [] });

    // Sanity: both libraries read the same bit.
    const expected = getStatus(decodeBitstring(encodedList), 94_567) === 1;
    if ((await db.decodeList({ encodedList })).getStatus(94_567) !== expected) throw new Error('libraries disagree');

    // Warm: one fetch, then cache hits.
    const warm = createStatusChecker({ fetchCredential: async () => listVc, verifyCredential: verifyStub });
    const warmCredential = credential(LIST_URL);
    const first = await warm(warmCredential);
    if (first.entries.length !== 1) throw new Error(`warm check failed: ${JSON.stringify(first.problems)}`);
    const warmRows = await compare('warm check (cached list)', [{ implementation: TB, fn: () => warm(warmCredential) }], { rounds, roundMs });

    const decodeRows = await compare(
      'cold decode (encodedList → bits)',
      [
        { implementation: TB, fn: () => decodeBitstring(encodedList) },
        { implementation: DB, fn: () => db.decodeList({ encodedList }) },
      ],
      { rounds, roundMs },
    );

    // Cold check over loopback HTTP with the real proof, no cache on either side.
    const seed = new Uint8Array(32).fill(9);
    const key = generateEd25519KeyPair(seed);
    const publicKeyMultibase = encodeEd25519PublicKeyMultibase(key.publicKey);
    const did = `did:key:${publicKeyMultibase}`;
    const vmId = `${did}#${publicKeyMultibase}`;
    const vm: VerificationMethod = { id: vmId, type: 'Multikey', controller: did, publicKeyMultibase };
    const didDocument = { '@context': [DID_V1_CONTEXT_URL, MULTIKEY_V1_CONTEXT_URL], id: did, verificationMethod: [vm], assertionMethod: [vmId], authentication: [vmId] };
    const documentLoader = createDocumentLoader();
    const clock = () => new Date('2025-12-01T00:00:00Z');
    let body = '';
    const server = createServer((req, res) => {
      if (req.url !== '/status/1') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/vc+ld+json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/status/1`;
    let coldRows;
    try {
      const signed = fixture(did, url);
      const signedList = await issueCredential(signed.listVc as unknown as Record<string, unknown>, {
        signer: createEd25519Signer({ id: vmId, secretKey: key.secretKey! }),
        cryptosuite: 'eddsa-rdfc-2022',
        documentLoader,
        clock,
        created: '2025-12-01T00:00:00Z',
      });
      body = JSON.stringify(signedList);
      const httpCredential = signed.credential(url);

      // TrustBridge: the vc package's status check, the engine verifying the list, cache disabled.
      const resolveVerificationMethod: VerificationMethodResolver = async (id, relationship) => {
        if (id !== vmId || !((didDocument as Record<string, unknown>)[relationship] as string[] | undefined)?.includes(id)) {
          throw new TrustBridgeError('ERR_VM_NOT_FOUND', 'Verification method not found.');
        }
        return vm;
      };
      const tbCold = createStatusCheck({
        fetch: (u, init) => fetch(u, init),
        maxCacheEntries: 0,
        verifyOptions: { documentLoader, resolveVerificationMethod, clock },
      });
      const tbInput = { credential: httpCredential as Record<string, unknown>, now: clock() };

      // Reference: @digitalbazaar/vc verifying through its own loader; the list fetched over HTTP.
      const [di, rdfc, jdl] = await Promise.all([
        load('@digitalbazaar/data-integrity'), load('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'), load('jsonld-document-loader'),
      ]);
      const loader = new jdl.JsonLdDocumentLoader();
      for (const [pkg, ctx] of [
        ['@digitalbazaar/credentials-context', VC_V2_CONTEXT_URL],
        ['@digitalbazaar/data-integrity-context', 'https://w3id.org/security/data-integrity/v2'],
        ['@digitalbazaar/multikey-context', MULTIKEY_V1_CONTEXT_URL],
        ['did-context', DID_V1_CONTEXT_URL],
      ] as const) loader.addStatic(ctx, ctxRequire(pkg).contexts.get(ctx));
      loader.setProtocolHandler({
        protocol: 'did',
        handler: { async get({ url: u }: { url: string }) { return u.includes('#') ? { '@context': didDocument['@context'], ...vm } : didDocument; } },
      });
      loader.setProtocolHandler({
        protocol: 'http',
        handler: {
          async get({ url: u }: { url: string }) {
            const res = await fetch(u, { redirect: 'error' });
            if (!res.ok) throw new Error(`HTTP ${res.status}`);
            return res.json();
          },
        },
      });
      const dbLoader = loader.build();
      const dbSuite = new di.DataIntegrityProof({ cryptosuite: rdfc.cryptosuite });
      const dbCold = () =>
        db.checkStatus({ credential: httpCredential, documentLoader: dbLoader, suite: dbSuite, verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true });

      // Sanity: both verify the signed list and read the same bit; a tampered list fails on both.
      const tbFirst = await tbCold(tbInput);
      const dbFirst = await dbCold();
      if (dbFirst.error || !dbFirst.results) throw new Error(`reference cold check failed: ${dbFirst.error?.message}`);
      const firstCode = (o: Awaited<ReturnType<typeof tbCold>>) => (o.status === 'failed' ? o.problems[0]?.code : undefined);
      const tbRevoked = firstCode(tbFirst) === 'ERR_STATUS_REVOKED';
      if (!(tbFirst.status === 'passed' || tbRevoked)) throw new Error(`cold check failed: ${JSON.stringify(tbFirst)}`);
      if (tbRevoked !== dbFirst.results[0]!.status || dbFirst.results[0]!.status !== expected) throw new Error('libraries disagree on the cold check');
      const good = body;
      body = good.replace(/"encodedList":"u(.)/, (_m, c: string) => `"encodedList":"u${c === 'A' ? 'B' : 'A'}`);
      const tbTampered = await tbCold(tbInput);
      const dbTampered = await dbCold();
      body = good;
      if (firstCode(tbTampered) !== 'ERR_STATUS_LIST_VERIFICATION') throw new Error(`tampered list not refused: ${JSON.stringify(tbTampered)}`);
      if (dbTampered.verified) throw new Error('tampered list not refused by the reference');
      if (tbCold.cacheSize !== 0) throw new Error('the cold checker cached a list');

      coldRows = await compare(
        'cold check (loopback HTTP fetch + verify list proof + decode + bit)',
        [
          { implementation: TB, fn: () => tbCold(tbInput) },
          { implementation: DB, fn: dbCold },
        ],
        { rounds, roundMs },
      );
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }

    const warmOps = warmRows.find((r) => r.implementation === TB)!.opsPerSec;
    const warmRef = warmRows.find((r) => r.implementation === rawEd25519Verify.implementation)!.opsPerSec;
    // The machine drifts (PITFALLS.md): also state the warm rate at the fast-period reference of 8,900 verifies/s.
    const warmAtFast = (warmOps * FAST_PERIOD_EDV_PER_SEC) / warmRef;
    const decodeRatio = ratio(decodeRows, TB, DB);
    const coldRatio = ratio(coldRows, TB, DB);
    const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
    return {
      title: TITLE,
      rows: [...warmRows, ...decodeRows, ...coldRows],
      notes: [
        `warm check: ${Math.round(warmOps).toLocaleString('en-CA')}/s measured, ${Math.round(warmAtFast).toLocaleString('en-CA')}/s at a fast-period reference (8,900 Ed25519 verifies/s); goal ≥ 1,000,000/s: ${mark(warmOps >= 1_000_000)} as measured, ${mark(warmAtFast >= 1_000_000)} normalised`,
        `cold decode: trustbridge / reference = ${decodeRatio.toFixed(1)}× (goal ≥ 3×: ${mark(decodeRatio >= 3)})`,
        `cold check (fetch + verify eddsa-rdfc-2022 list proof + decode + bit): trustbridge / reference = ${coldRatio.toFixed(1)}×; the issue's 3× goal is stated for decoding a fetched list (the row above); end to end, the list credential's proof verification (JSON-LD expansion + RDFC + Ed25519) and the loopback fetch dominate on both sides`,
        'issuance with status allocation per backend: see the store suite (bench/suites/store.ts)',
      ],
    };
  },
} satisfies Suite;

export default suite;
