/**
 * Data Integrity: TrustBridge beside plain `@digitalbazaar/vc` (eddsa-rdfc-2022 cryptosuite, its own
 * `jsonld-document-loader` with static contexts) in the same run, for one realistic BC business
 * registration credential (VC 2.0, 19 quads: legal name, registry id, BN, entity type, status,
 * registration date, address, an issuer object, validFrom).
 *
 * Every verify row walks a pool of 1,000 DISTINCT pre-signed credentials (different ids, names, numbers,
 * dates, addresses), and every issue row a pool of 1,000 distinct unsigned ones, so no cache of results
 * can help; caches of structure (contexts, RDF templates) are fair game.
 *
 * Rows: verify / issue eddsa-rdfc-2022 for `@trustbridge/data-integrity` (verifyProofs / addProof), the
 * `@trustbridge/vc` facade (verifyCredential / issueCredential: data model checks, issuer check, safe
 * mode, proof) and `@digitalbazaar/vc` (verifyCredential / issue); eddsa-jcs-2022 verify; the raw
 * node:crypto Ed25519 verify (the physical limit). Then memory: 10,000 distinct verifies in a loop.
 *
 * Run: `pnpm bench data-integrity` (BENCH_ROUNDS, BENCH_ROUND_MS; BENCH_MEMORY_N for the memory loop).
 */
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { TrustBridgeError, type VerificationMethod, type VerificationMethodResolver } from '@trustbridge/core';
import { createEd25519Signer, encodeEd25519PublicKeyMultibase, generateEd25519KeyPair } from '@trustbridge/keys';
import {
  CREDENTIALS_EXAMPLES_V2_CONTEXT_URL, DID_V1_CONTEXT_URL, MULTIKEY_V1_CONTEXT_URL, VC_V2_CONTEXT_URL,
  createDocumentLoader,
} from '@trustbridge/jsonld';
import { addProof, verifyProofs } from '@trustbridge/data-integrity';
import { issueCredential, verifyCredential } from '@trustbridge/vc';
import { compare, rawEd25519Verify, type Row, type Suite } from '../lib.js';

const TB_DI = 'trustbridge (data-integrity)';
const TB_VC = 'trustbridge (vc facade)';
const DB = '@digitalbazaar/vc';
const POOL = 1_000;
const CREATED = '2025-06-01T12:00:00Z';

const load = (name: string): Promise<any> => import(name);
const ctxRequire = createRequire(new URL('../../packages/jsonld/package.json', import.meta.url));

/** A deterministic PRNG (xorshift32) so every run measures the same pool. */
function prng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

const NAMES = ['Maple', 'Cedar', 'Harbour', 'Coastal', 'Northern', 'Fraser', 'Okanagan', 'Kootenay', 'Salish', 'Granville'];
const KINDS = ['Widgets', 'Holdings', 'Logistics', 'Timber', 'Software', 'Seafoods', 'Consulting', 'Builders'];
const ENTITY_TYPES = ['BC Company', 'Sole Proprietorship', 'General Partnership', 'Cooperative Association', 'Benefit Company'];
const STREETS = ['Douglas St', 'Government St', 'Granville St', 'Main St', 'Fort St', 'Yates St'];
const CITIES = ['Victoria', 'Vancouver', 'Kelowna', 'Nanaimo', 'Prince George', 'Kamloops'];

/** The i-th business registration credential of the pool (VC 2.0, 19 quads). */
export function businessCredential(i: number, issuerId: string): Record<string, unknown> {
  const r = prng(0x9e3779b9 ^ (i * 2654435761));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const reg = `BC${pad(Math.floor(r() * 10_000_000), 7)}`;
  const year = 1990 + Math.floor(r() * 35);
  const date = `${year}-${pad(1 + Math.floor(r() * 12), 2)}-${pad(1 + Math.floor(r() * 28), 2)}`;
  return {
    '@context': [VC_V2_CONTEXT_URL, CREDENTIALS_EXAMPLES_V2_CONTEXT_URL],
    id: `urn:uuid:${pad(i, 8)}-b51f-41ed-937b-${pad(Math.floor(r() * 1e12), 12)}`,
    type: ['VerifiableCredential', 'BusinessRegistrationCredential'],
    issuer: { id: issuerId, name: 'BC Registries and Online Services' },
    validFrom: `2024-${pad(1 + (i % 12), 2)}-${pad(1 + (i % 28), 2)}T${pad(i % 24, 2)}:00:00Z`,
    credentialSubject: {
      id: `did:web:bcreg.example:entity:${reg.toLowerCase()}`,
      legalName: `${pick(NAMES)} ${pick(KINDS)} ${i} Ltd.`,
      registrationNumber: reg,
      businessNumber: `${pad(Math.floor(r() * 1e9), 9)}BC0001`,
      entityType: pick(ENTITY_TYPES),
      status: r() < 0.9 ? 'ACTIVE' : 'HISTORICAL',
      registrationDate: date,
      address: {
        streetAddress: `${1 + Math.floor(r() * 9999)} ${pick(STREETS)}`,
        addressLocality: pick(CITIES),
        addressRegion: 'BC',
        postalCode: `V${Math.floor(r() * 10)}${'ABCEGHJKLMNPRSTVWXYZ'[Math.floor(r() * 20)]} ${Math.floor(r() * 10)}A${Math.floor(r() * 10)}`,
        addressCountry: 'CA',
      },
    },
  };
}

function getGc(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  setFlagsFromString('--expose_gc');
  return runInNewContext('gc') as () => void;
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function referenceStack() {
  const [vc, di, rdfc, jcs, mk, jdl] = await Promise.all([
    load('@digitalbazaar/vc'), load('@digitalbazaar/data-integrity'), load('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'),
    load('@digitalbazaar/eddsa-jcs-2022-cryptosuite'), load('@digitalbazaar/ed25519-multikey'), load('jsonld-document-loader'),
  ]);
  return { vc, DataIntegrityProof: di.DataIntegrityProof, rdfc: rdfc.cryptosuite, jcs, mk, jdl };
}

const suite: Suite = {
  title: 'Data Integrity: issue and verify one business registration credential (VC 2.0, 19 quads)',
  async run({ rounds, roundMs }) {
    const db = await referenceStack();
    // The same issuer key on both sides (seed 7).
    const seed = new Uint8Array(32).fill(7);
    const tbKey = generateEd25519KeyPair(seed);
    const publicKeyMultibase = encodeEd25519PublicKeyMultibase(tbKey.publicKey);
    const did = `did:key:${publicKeyMultibase}`;
    const vmId = `${did}#${publicKeyMultibase}`;
    const vm: VerificationMethod = { id: vmId, type: 'Multikey', controller: did, publicKeyMultibase };
    const didDocument = { '@context': [DID_V1_CONTEXT_URL, MULTIKEY_V1_CONTEXT_URL], id: did, verificationMethod: [vm], assertionMethod: [vmId], authentication: [vmId] };
    const dbKeyPair = await db.mk.generate({ seed, id: vmId, controller: did });
    if (dbKeyPair.publicKeyMultibase !== publicKeyMultibase) throw new Error('key mismatch between the stacks');

    // Reference loader: jsonld-document-loader, contexts from their npm packages (static), did: handler.
    const loader = new db.jdl.JsonLdDocumentLoader();
    for (const [pkg, url] of [
      ['@digitalbazaar/credentials-context', VC_V2_CONTEXT_URL],
      ['@digitalbazaar/data-integrity-context', 'https://w3id.org/security/data-integrity/v2'],
      ['@digitalbazaar/multikey-context', MULTIKEY_V1_CONTEXT_URL],
      ['did-context', DID_V1_CONTEXT_URL],
    ] as const) loader.addStatic(url, ctxRequire(pkg).contexts.get(url));
    loader.addStatic(CREDENTIALS_EXAMPLES_V2_CONTEXT_URL, { '@context': { '@vocab': 'https://www.w3.org/ns/credentials/examples#' } });
    loader.setProtocolHandler({
      protocol: 'did',
      handler: { async get({ url }: { url: string }) { return url.includes('#') ? { '@context': didDocument['@context'], ...vm } : didDocument; } },
    });
    const dbLoader = loader.build();

    // TrustBridge: its own loader (bundled contexts), a resolver over the same DID document.
    const documentLoader = createDocumentLoader();
    const resolveVerificationMethod: VerificationMethodResolver = async (id, relationship) => {
      if (id !== vmId || !((didDocument as Record<string, unknown>)[relationship] as string[] | undefined)?.includes(id)) {
        throw new TrustBridgeError('ERR_VM_NOT_FOUND', 'Verification method not found.');
      }
      return vm;
    };
    const signer = createEd25519Signer({ id: vmId, secretKey: tbKey.secretKey! });
    const clock = () => new Date('2025-12-01T00:00:00Z');

    // Pools of distinct credentials.
    const unsigned = Array.from({ length: POOL }, (_, i) => businessCredential(i, did));
    const signedRdfc = [] as Record<string, unknown>[];
    const signedJcs = [] as Record<string, unknown>[];
    for (const c of unsigned) {
      signedRdfc.push(await addProof(c, { cryptosuite: 'eddsa-rdfc-2022', signer, documentLoader, created: CREATED }));
      signedJcs.push(await addProof(c, { cryptosuite: 'eddsa-jcs-2022', signer, documentLoader, created: CREATED }));
    }

    // Identical results: the reference signs the same credential to the same proofValue, and verifies ours.
    const dbSuite = () => new db.DataIntegrityProof({ signer: dbKeyPair.signer(), cryptosuite: db.rdfc, date: CREATED });
    const dbSigned = await db.vc.issue({ credential: structuredClone(unsigned[3]), suite: dbSuite(), documentLoader: dbLoader });
    if (dbSigned.proof.proofValue !== (signedRdfc[3]!.proof as { proofValue: string }).proofValue) throw new Error('proofValue differs from the reference');
    const dbVerifySuite = new db.DataIntegrityProof({ cryptosuite: db.rdfc });
    const dbCheck = await db.vc.verifyCredential({ credential: signedRdfc[5], suite: dbVerifySuite, documentLoader: dbLoader });
    if (!dbCheck.verified) throw new Error(`reference does not verify ours: ${dbCheck.error}`);

    let k = 0;
    const next = () => (k = (k + 1) % POOL);
    const tbDiVerify = async (pool: Record<string, unknown>[]) => {
      const r = await verifyProofs(pool[next()], { documentLoader, resolveVerificationMethod, expectedProofPurpose: 'assertionMethod', clock });
      if (!r.verified) throw new Error(`trustbridge verify failed: ${JSON.stringify(r.problems)}`);
    };
    const tbVcVerify = async () => {
      const r = await verifyCredential(signedRdfc[next()], { documentLoader, resolveVerificationMethod, clock });
      if (!r.verified) throw new Error(`trustbridge vc verify failed: ${JSON.stringify(r.problems)}`);
    };
    const dbVerify = async () => {
      const r = await db.vc.verifyCredential({ credential: signedRdfc[next()], suite: dbVerifySuite, documentLoader: dbLoader });
      if (!r.verified) throw new Error(`reference verify failed: ${r.error}`);
    };
    await tbVcVerify();

    const verifyRows = await compare('verify eddsa-rdfc-2022', [
      { implementation: TB_DI, fn: () => tbDiVerify(signedRdfc) },
      { implementation: TB_VC, fn: tbVcVerify },
      { implementation: DB, fn: dbVerify },
    ], { rounds, roundMs });

    const issueRows = await compare('issue eddsa-rdfc-2022', [
      { implementation: TB_DI, fn: () => addProof(unsigned[next()]!, { cryptosuite: 'eddsa-rdfc-2022', signer, documentLoader, created: CREATED }) },
      { implementation: TB_VC, fn: () => issueCredential(unsigned[next()]!, { signer, documentLoader, created: CREATED }) },
      { implementation: DB, fn: () => db.vc.issue({ credential: structuredClone(unsigned[next()]), suite: dbSuite(), documentLoader: dbLoader }) },
    ], { rounds, roundMs });

    const jcsRows = await compare('verify eddsa-jcs-2022', [{ implementation: TB_DI, fn: () => tbDiVerify(signedJcs) }], { rounds, roundMs });

    const rows: Row[] = [...verifyRows, ...issueRows, ...jcsRows];
    const ops = (rs: Row[], impl: string) => rs.find((r) => r.implementation === impl)!.opsPerSec;
    const raw = (rs: Row[]) => ops(rs, rawEd25519Verify.implementation);
    const notes = [
      `verify eddsa-rdfc-2022: data-integrity / reference = ${(ops(verifyRows, TB_DI) / ops(verifyRows, DB)).toFixed(2)}× (goal ≥ 4×); vc facade / reference = ${(ops(verifyRows, TB_VC) / ops(verifyRows, DB)).toFixed(2)}×`,
      `issue eddsa-rdfc-2022: data-integrity / reference = ${(ops(issueRows, TB_DI) / ops(issueRows, DB)).toFixed(2)}× (goal ≥ 3×); vc facade / reference = ${(ops(issueRows, TB_VC) / ops(issueRows, DB)).toFixed(2)}×`,
      `verify eddsa-jcs-2022: ${((100 * ops(jcsRows, TB_DI)) / raw(jcsRows)).toFixed(0)} % of the raw Ed25519 verify limit (goal ≥ 60 %)`,
      'identical results: the reference signs pool credential #3 to the same proofValue and verifies ours (checked before measuring)',
    ];

    // Steady memory: N distinct credentials, verified once each in a loop.
    const n = Number(process.env.BENCH_MEMORY_N ?? 10_000);
    const texts: string[] = [];
    for (let i = 0; i < n; i++) {
      const c = businessCredential(POOL + i, did);
      texts.push(JSON.stringify(await addProof(c, { cryptosuite: 'eddsa-rdfc-2022', signer, documentLoader, created: CREATED })));
    }
    const gc = getGc();
    gc();
    const before = process.memoryUsage();
    let peak = before.rss;
    const start = performance.now();
    for (let i = 0; i < n; i++) {
      const r = await verifyProofs(JSON.parse(texts[i]!), { documentLoader, resolveVerificationMethod, expectedProofPurpose: 'assertionMethod', clock });
      if (!r.verified) throw new Error('memory loop: verify failed');
      if (i % 250 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    const seconds = (performance.now() - start) / 1000;
    const after = process.memoryUsage();
    peak = Math.max(peak, after.rss);
    gc();
    const afterGc = process.memoryUsage();
    notes.push(
      `memory, ${n.toLocaleString('en-CA')} distinct verifies (data-integrity, ${Math.round(n / seconds).toLocaleString('en-CA')}/s): RSS before ${mib(before.rss)} MiB, after ${mib(after.rss)} MiB, peak ${mib(peak)} MiB; heap used before ${mib(before.heapUsed)} MiB, after GC ${mib(afterGc.heapUsed)} MiB`,
    );
    return { title: this.title, rows, notes };
  },
};

export default suite;
