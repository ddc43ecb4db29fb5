/**
 * Interop with the spec editors' implementation, @digitalbazaar/vc-bitstring-status-list 2.0.1: lists
 * encoded by either library decode in the other with the same bits (Bitstring Status List v1.0 §2.2
 * bit order, §3.3 generation, §3.4 expansion), and their status list credentials check in ours.
 */
import { describe, expect, it } from 'vitest';
import {
  createBitstring,
  createStatusChecker,
  createStatusListCredential,
  decodeBitstring,
  encodeBitstring,
  getStatus,
  readStatusListCredential,
  setStatus,
} from '@trustbridge/status-list';

// The library ships no type declarations: describe the part used here.
interface DbList {
  length: number;
  setStatus(index: number, status: boolean): void;
  getStatus(index: number): boolean;
  encode(): Promise<string>;
}
interface DbModule {
  createList(options: { length: number }): Promise<DbList>;
  decodeList(options: { encodedList: string }): Promise<DbList>;
  createCredential(options: { id: string; list: DbList; statusPurpose: string }): Promise<Record<string, unknown>>;
  checkStatus(options: {
    credential: unknown;
    documentLoader: (url: string) => Promise<{ document: unknown }>;
    verifyBitstringStatusListCredential: boolean;
    verifyMatchingIssuers: boolean;
  }): Promise<{ verified: boolean; results?: Array<{ status: boolean }>; error?: Error }>;
}
const DB_PACKAGE = '@digitalbazaar/vc-bitstring-status-list';
const db = (await import(DB_PACKAGE)) as DbModule;

/** Deterministic pseudo-random indexes (xorshift32). */
function indexes(seed: number, count: number, max: number): number[] {
  const out = new Set<number>();
  let x = seed;
  while (out.size < count) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.add((x >>> 0) % max);
  }
  return [...out];
}

const EDGES = [0, 1, 7, 8, 94_567, 131_070, 131_071];

describe('@digitalbazaar/vc-bitstring-status-list → TrustBridge', () => {
  it.each([131_072, 262_144])('their %i-entry list decodes in ours with the same bits', async (length) => {
    const theirs = await db.createList({ length });
    const set = [...EDGES, ...indexes(0xc0ffee, 1_000, length)];
    for (const i of set) theirs.setStatus(i, true);
    const ours = decodeBitstring(await theirs.encode());
    expect(ours.length).toBe(length);
    const expected = new Set(set);
    for (let i = 0; i < length; i++) if (getStatus(ours, i) !== (expected.has(i) ? 1 : 0)) expect.fail(`bit ${i} differs`);
  });
  it('their status list credential reads and checks in ours', async () => {
    const list = await db.createList({ length: 131_072 });
    list.setStatus(94_567, true);
    const vc = {
      ...(await db.createCredential({ id: 'https://issuer.example/status/3', list, statusPurpose: 'revocation' })),
      issuer: 'did:example:12345',
    };
    expect(readStatusListCredential(vc).problems).toEqual([]);
    const checkStatus = createStatusChecker({
      fetchCredential: async () => vc,
      verifyCredential: async () => ({ verified: true, problems: [] }),
      clock: () => new Date('2025-06-01T00:00:00Z'),
    });
    const status = (index: number) => ({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      issuer: 'did:example:12345',
      credentialSubject: {},
      credentialStatus: {
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: String(index),
        statusListCredential: 'https://issuer.example/status/3',
      },
    });
    expect((await checkStatus(status(94_567))).outcome).toBe('revoked');
    expect((await checkStatus(status(94_566))).outcome).toBe('valid');
  });
});

describe('TrustBridge → @digitalbazaar/vc-bitstring-status-list', () => {
  it.each([131_072, 262_144])('our %i-entry list decodes in theirs with the same bits', async (length) => {
    const ours = createBitstring({ length });
    const set = [...EDGES, ...indexes(0xbeef, 1_000, length)];
    for (const i of set) setStatus(ours, i, 1);
    const theirs = await db.decodeList({ encodedList: encodeBitstring(ours) });
    expect(theirs.length).toBe(length);
    const expected = new Set(set);
    for (let i = 0; i < length; i++) if (theirs.getStatus(i) !== expected.has(i)) expect.fail(`bit ${i} differs`);
  });
  it('our status list credential checks in theirs (proof verification off: no suite here)', async () => {
    const bits = createBitstring();
    setStatus(bits, 94_567, 1);
    const listVc = createStatusListCredential({
      id: 'https://issuer.example/status/3',
      issuer: 'did:example:12345',
      statusPurpose: 'revocation',
      bitstring: bits,
    });
    const credential = (index: number) => ({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential'],
      issuer: 'did:example:12345',
      credentialSubject: { id: 'did:example:6789' },
      credentialStatus: {
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: String(index),
        statusListCredential: 'https://issuer.example/status/3',
      },
    });
    const check = (index: number) =>
      db.checkStatus({
        credential: credential(index),
        documentLoader: async () => ({ document: listVc }),
        verifyBitstringStatusListCredential: false,
        verifyMatchingIssuers: true,
      });
    const revoked = await check(94_567);
    expect(revoked.error).toBeUndefined();
    expect(revoked.results?.[0]?.status).toBe(true);
    expect((await check(94_566)).results?.[0]?.status).toBe(false);
  });
  it('both produce the same encodedList, byte for byte, for the same bits', async () => {
    const theirs = await db.createList({ length: 131_072 });
    const ours = createBitstring();
    for (const i of EDGES) {
      theirs.setStatus(i, true);
      setStatus(ours, i, 1);
    }
    expect(encodeBitstring(ours)).toBe(await theirs.encode());
  });
});
