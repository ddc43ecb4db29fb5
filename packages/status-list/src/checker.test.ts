import { createHmac } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TrustBridgeError, type Problem } from '@trustbridge/core';
import { createBitstring, encodeBitstring, setStatus } from './bitstring.js';
import { createStatusChecker, type StatusCheckerOptions } from './checker.js';
import { createStatusListCredential } from './credential.js';

// A stand-in for the engine: an HMAC "proof" over the JSON of the credential without its proof. Any change
// to a signed list credential makes the verifier say no, as a real Data Integrity verifier would.
const KEY = 'test-key-not-a-secret';
function sign<T extends object>(credential: T): T & { proof: { type: string; proofValue: string } } {
  const proofValue = createHmac('sha256', KEY).update(JSON.stringify(credential)).digest('base64url');
  return { ...credential, proof: { type: 'TestProof', proofValue } };
}
async function verify(credential: unknown): Promise<{ verified: boolean; problems: Problem[] }> {
  const { proof, ...rest } = credential as { proof?: { proofValue?: string } };
  const expected = createHmac('sha256', KEY).update(JSON.stringify(rest)).digest('base64url');
  return proof?.proofValue === expected
    ? { verified: true, problems: [] }
    : { verified: false, problems: [{ code: 'ERR_PROOF_INVALID', specCode: 'PROOF_VERIFICATION_ERROR', message: 'Invalid signature.' }] };
}

const ISSUER = 'did:example:issuer';
const T0 = Date.parse('2025-06-01T12:00:00Z');
const LIST_URL = 'https://issuer.example/status/1';
const SUSPENSION_URL = 'https://issuer.example/status/2';
const MESSAGE_URL = 'https://issuer.example/status/3';

interface ListSpec {
  purpose?: string | string[];
  set?: Array<[number, number]>;
  statusSize?: number;
  issuer?: string;
  validFrom?: string;
  validUntil?: string;
  ttl?: number;
  encodedList?: string;
}
function signedList(url: string, spec: ListSpec = {}) {
  const bits = createBitstring({ length: 131_072, statusSize: spec.statusSize ?? 1 });
  for (const [i, v] of spec.set ?? []) setStatus(bits, i, v);
  const unsigned = createStatusListCredential({
    id: url,
    issuer: spec.issuer ?? ISSUER,
    statusPurpose: spec.purpose ?? 'revocation',
    bitstring: bits,
    ...(spec.validFrom ? { validFrom: spec.validFrom } : {}),
    ...(spec.validUntil ? { validUntil: spec.validUntil } : {}),
    ...(spec.ttl !== undefined ? { ttl: spec.ttl } : {}),
  });
  // A broken encodedList that its issuer nevertheless signed (createStatusListCredential refuses some).
  if (spec.encodedList !== undefined) unsigned.credentialSubject.encodedList = spec.encodedList;
  return sign(unsigned);
}

function entry(index: number, purpose = 'revocation', url = LIST_URL, extra: Record<string, unknown> = {}) {
  return { type: 'BitstringStatusListEntry', statusPurpose: purpose, statusListIndex: String(index), statusListCredential: url, ...extra };
}
function credential(status: unknown, issuer: unknown = ISSUER) {
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    type: ['VerifiableCredential'],
    issuer,
    credentialSubject: { id: 'did:example:holder' },
    ...(status !== undefined ? { credentialStatus: status } : {}),
  };
}

/** A test rig: lists served from a map, a movable clock, counters. */
function rig(lists: Record<string, unknown>, options: Partial<StatusCheckerOptions> = {}) {
  const state = { now: T0, fetches: 0, verifies: 0 };
  const checkStatus = createStatusChecker({
    fetchCredential: async (url) => {
      state.fetches++;
      if (!(url in lists)) throw new TypeError('fetch failed');
      return structuredClone(lists[url]);
    },
    verifyCredential: async (vc) => {
      state.verifies++;
      return verify(vc);
    },
    clock: () => new Date(state.now),
    ...options,
  });
  return { checkStatus, state };
}

const codesOf = (problems: Problem[]) => problems.map((p) => [p.code, p.specCode]);

describe('checkStatus: statuses (§3.2 steps 10–14)', () => {
  it('an unset revocation entry is valid', async () => {
    const { checkStatus } = rig({ [LIST_URL]: signedList(LIST_URL, { set: [[5, 1]] }) });
    const result = await checkStatus(credential(entry(94567)));
    expect(result).toEqual({
      ok: true,
      outcome: 'valid',
      entries: [{ statusPurpose: 'revocation', index: 94567, statusListCredential: LIST_URL, value: 0, valid: true }],
      problems: [],
    });
  });
  it('a set revocation entry is revoked', async () => {
    const { checkStatus } = rig({ [LIST_URL]: signedList(LIST_URL, { set: [[94567, 1]] }) });
    const result = await checkStatus(credential(entry(94567)));
    expect(result.ok).toBe(false);
    expect(result.outcome).toBe('revoked');
    expect(result.entries[0]).toMatchObject({ value: 1, valid: false });
  });
  it('a set suspension entry is suspended; revocation wins over suspension', async () => {
    const { checkStatus } = rig({
      [LIST_URL]: signedList(LIST_URL, { set: [[7, 1]] }),
      [SUSPENSION_URL]: signedList(SUSPENSION_URL, { purpose: 'suspension', set: [[8, 1]] }),
    });
    expect((await checkStatus(credential([entry(1), entry(8, 'suspension', SUSPENSION_URL)]))).outcome).toBe('suspended');
    const both = await checkStatus(credential([entry(7), entry(8, 'suspension', SUSPENSION_URL)]));
    expect(both.outcome).toBe('revoked');
    expect(both.entries.map((e) => e.valid)).toEqual([false, false]);
  });
  it('one list may serve several purposes (§2.2 statusPurpose: one or more strings)', async () => {
    const { checkStatus } = rig({ [LIST_URL]: signedList(LIST_URL, { purpose: ['revocation', 'suspension'], set: [[3, 1]] }) });
    expect((await checkStatus(credential(entry(3, 'suspension')))).outcome).toBe('suspended');
  });
  it('a 2-bit message entry reports its statusMessage (§2.1, §3.2 step 14) without failing', async () => {
    const statusMessage = ['pending_review', 'accepted', 'rejected', 'undefined'].map((message, i) => ({ status: `0x${i}`, message }));
    const { checkStatus } = rig({
      [MESSAGE_URL]: signedList(MESSAGE_URL, { purpose: 'message', statusSize: 2, set: [[492, 2]] }),
    });
    const result = await checkStatus(credential(entry(492, 'message', MESSAGE_URL, { statusSize: 2, statusMessage })));
    expect(result.outcome).toBe('valid');
    expect(result.entries).toEqual([
      { statusPurpose: 'message', index: 492, statusListCredential: MESSAGE_URL, value: 2, valid: false, message: 'rejected' },
    ]);
  });
  it('a 1-bit message entry without statusMessage reads "set" / "unset" (§2.1)', async () => {
    const { checkStatus } = rig({ [MESSAGE_URL]: signedList(MESSAGE_URL, { purpose: 'message', set: [[1, 1]] }) });
    const result = await checkStatus(credential([entry(1, 'message', MESSAGE_URL), entry(2, 'message', MESSAGE_URL)]));
    expect(result.entries.map((e) => e.message)).toEqual(['set', 'unset']);
  });
  it('a set refresh entry does not fail the check (§2.1: refresh does not invalidate)', async () => {
    const { checkStatus } = rig({ [LIST_URL]: signedList(LIST_URL, { purpose: 'refresh', set: [[1, 1]] }) });
    const result = await checkStatus(credential(entry(1, 'refresh')));
    expect(result).toMatchObject({ ok: true, outcome: 'valid', entries: [{ value: 1, valid: false }] });
  });
  it('no credentialStatus: valid with no entries', async () => {
    const { checkStatus, state } = rig({});
    expect(await checkStatus(credential(undefined))).toEqual({ ok: true, outcome: 'valid', entries: [], problems: [] });
    expect(state.fetches).toBe(0);
  });
  it('an issuer given as an object matches', async () => {
    const { checkStatus } = rig({ [LIST_URL]: signedList(LIST_URL) });
    expect((await checkStatus(credential(entry(1), { id: ISSUER, name: 'BC Registries' }))).ok).toBe(true);
  });
});

describe('checkStatus: coded failures, never a pass', () => {
  it('tampered list credential → the verifier says no → ERR_STATUS_LIST_VERIFICATION / STATUS_VERIFICATION_ERROR', async () => {
    const list = signedList(LIST_URL, { set: [[94567, 1]] });
    // An attacker "un-revokes" index 94567 by swapping in an empty list; the proof no longer matches.
    const tampered = { ...list, credentialSubject: { ...list.credentialSubject, encodedList: encodeBitstring(createBitstring()) } };
    const { checkStatus } = rig({ [LIST_URL]: tampered });
    const result = await checkStatus(credential(entry(94567)));
    expect(result.ok).toBe(false);
    expect(result.outcome).toBe('error');
    expect(result.entries).toEqual([]);
    expect(result.problems).toEqual([
      {
        code: 'ERR_STATUS_LIST_VERIFICATION',
        specCode: 'STATUS_VERIFICATION_ERROR',
        message: 'The status list credential could not be verified.',
        path: '/credentialStatus/statusListCredential',
      },
    ]);
  });
  it('a list issued by someone else → ERR_STATUS_LIST_ISSUER_MISMATCH / STATUS_VERIFICATION_ERROR', async () => {
    const { checkStatus } = rig({ [LIST_URL]: signedList(LIST_URL, { issuer: 'did:example:mallory' }) });
    const result = await checkStatus(credential(entry(1)));
    expect(result.outcome).toBe('error');
    expect(codesOf(result.problems)).toEqual([['ERR_STATUS_LIST_ISSUER_MISMATCH', 'STATUS_VERIFICATION_ERROR']]);
  });
  it('the issuer check can be turned off for delegated status (§2.2 allows differing issuers)', async () => {
    const { checkStatus } = rig({ [LIST_URL]: signedList(LIST_URL, { issuer: 'did:example:delegate' }) }, { requireMatchingIssuer: false });
    expect((await checkStatus(credential(entry(1)))).ok).toBe(true);
  });
  it('unreachable list → ERR_STATUS_LIST_RETRIEVAL / STATUS_RETRIEVAL_ERROR, outcome error by default', async () => {
    const { checkStatus } = rig({});
    const result = await checkStatus(credential(entry(1)));
    expect(result).toMatchObject({ ok: false, outcome: 'error', entries: [] });
    expect(codesOf(result.problems)).toEqual([['ERR_STATUS_LIST_RETRIEVAL', 'STATUS_RETRIEVAL_ERROR']]);
  });
  it("unreachable list with onRetrievalFailure 'refer' → outcome refer, still not ok", async () => {
    const { checkStatus } = rig({}, { onRetrievalFailure: 'refer' });
    const result = await checkStatus(credential(entry(1)));
    expect(result).toMatchObject({ ok: false, outcome: 'refer' });
    expect(codesOf(result.problems)).toEqual([['ERR_STATUS_LIST_RETRIEVAL', 'STATUS_RETRIEVAL_ERROR']]);
    expect((await checkStatus(credential(entry(1)), { onRetrievalFailure: 'reject' })).outcome).toBe('error');
  });
  it("'refer' applies only when every problem is a retrieval failure", async () => {
    const { checkStatus } = rig({ [LIST_URL]: signedList(LIST_URL, { issuer: 'did:example:mallory' }) });
    const result = await checkStatus(credential([entry(1), entry(2, 'suspension', SUSPENSION_URL)]), { onRetrievalFailure: 'refer' });
    expect(result.outcome).toBe('error');
    expect(codesOf(result.problems).map((c) => c[0]).sort()).toEqual(['ERR_STATUS_LIST_ISSUER_MISMATCH', 'ERR_STATUS_LIST_RETRIEVAL']);
  });
  it('a revoked entry is reported as revoked even if another list is unreachable', async () => {
    const { checkStatus } = rig({ [LIST_URL]: signedList(LIST_URL, { set: [[1, 1]] }) });
    const result = await checkStatus(credential([entry(1), entry(2, 'suspension', SUSPENSION_URL)]));
    expect(result.outcome).toBe('revoked');
    expect(result.problems).toHaveLength(1);
  });
  it('expired list (validUntil passed) → ERR_STATUS_LIST_EXPIRED / STATUS_VERIFICATION_ERROR', async () => {
    const { checkStatus } = rig({ [LIST_URL]: signedList(LIST_URL, { validUntil: '2025-06-01T11:59:59Z' }) });
    const result = await checkStatus(credential(entry(1)));
    expect(result.outcome).toBe('error');
    expect(codesOf(result.problems)).toEqual([['ERR_STATUS_LIST_EXPIRED', 'STATUS_VERIFICATION_ERROR']]);
  });
  it('list not yet valid → ERR_STATUS_LIST_NOT_YET_VALID / STATUS_VERIFICATION_ERROR', async () => {
    const { checkStatus } = rig({ [LIST_URL]: signedList(LIST_URL, { validFrom: '2025-06-01T12:00:01Z' }) });
    expect(codesOf((await checkStatus(credential(entry(1)))).problems)).toEqual([['ERR_STATUS_LIST_NOT_YET_VALID', 'STATUS_VERIFICATION_ERROR']]);
  });
  it('purpose differs from the list → ERR_STATUS_PURPOSE_MISMATCH / STATUS_VERIFICATION_ERROR (§3.2 step 5)', async () => {
    const { checkStatus } = rig({ [LIST_URL]: signedList(LIST_URL) });
    expect(codesOf((await checkStatus(credential(entry(1, 'suspension')))).problems)).toEqual([
      ['ERR_STATUS_PURPOSE_MISMATCH', 'STATUS_VERIFICATION_ERROR'],
    ]);
  });
  it.each([
    ['truncated', 'ERR_STATUS_LIST_DECODE', 'MALFORMED_VALUE_ERROR', encodeBitstring(createBitstring()).slice(0, -8)],
    ['not GZIP', 'ERR_STATUS_LIST_DECODE', 'MALFORMED_VALUE_ERROR', 'u' + Buffer.alloc(16_384).toString('base64url')],
    ['wrong multibase prefix', 'ERR_STATUS_LIST_DECODE', 'MALFORMED_VALUE_ERROR', 'z' + encodeBitstring(createBitstring()).slice(1)],
    ['too short', 'ERR_STATUS_LIST_LENGTH', 'STATUS_LIST_LENGTH_ERROR', 'u' + gzipSync(Buffer.alloc(1024)).toString('base64url')],
    ['a decompression bomb', 'ERR_STATUS_LIST_TOO_LARGE', 'STATUS_VERIFICATION_ERROR', 'u' + gzipSync(Buffer.alloc(8 * 1024 * 1024)).toString('base64url')],
  ])('a signed list that is %s → %s / %s', async (_name, code, specCode, encodedList) => {
    const { checkStatus } = rig({ [LIST_URL]: signedList(LIST_URL, { encodedList }) }, { maxBitstringBytes: 1024 * 1024 });
    const result = await checkStatus(credential(entry(1)));
    expect(result.outcome).toBe('error');
    expect(result.problems).toEqual([expect.objectContaining({ code, specCode, path: '/credentialStatus/statusListCredential' })]);
  });
  it('16 KiB is too short for a 2-bit entry → STATUS_LIST_LENGTH_ERROR', async () => {
    const statusMessage = [0, 1, 2, 3].map((i) => ({ status: `0x${i}`, message: `m${i}` }));
    const { checkStatus } = rig({ [MESSAGE_URL]: signedList(MESSAGE_URL, { purpose: 'message' }) });
    const result = await checkStatus(credential(entry(1, 'message', MESSAGE_URL, { statusSize: 2, statusMessage })));
    expect(codesOf(result.problems)).toEqual([['ERR_STATUS_LIST_LENGTH', 'STATUS_LIST_LENGTH_ERROR']]);
  });
  it('index beyond the list → ERR_STATUS_INDEX_RANGE / RANGE_ERROR (§3.2 step 10)', async () => {
    const { checkStatus } = rig({ [LIST_URL]: signedList(LIST_URL) });
    const result = await checkStatus(credential(entry(131_072)));
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'ERR_STATUS_INDEX_RANGE', specCode: 'RANGE_ERROR', path: '/credentialStatus/statusListIndex' }),
    ]);
    expect(result.outcome).toBe('error');
  });
  it('a malformed entry → ERR_STATUS_ENTRY_MALFORMED / MALFORMED_VALUE_ERROR, nothing fetched', async () => {
    const { checkStatus, state } = rig({});
    const result = await checkStatus(credential([entry(1, 'revocation', 'not-a-url')]));
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'ERR_STATUS_ENTRY_MALFORMED', specCode: 'MALFORMED_VALUE_ERROR', path: '/credentialStatus/0/statusListCredential' }),
    ]);
    expect(result.outcome).toBe('error');
    expect(state.fetches).toBe(0);
  });
  it('a malformed list credential → ERR_STATUS_LIST_MALFORMED / MALFORMED_VALUE_ERROR', async () => {
    const list = sign({ ...signedList(LIST_URL), type: ['VerifiableCredential'], proof: undefined });
    const { checkStatus } = rig({ [LIST_URL]: list });
    expect(codesOf((await checkStatus(credential(entry(1)))).problems)).toEqual([['ERR_STATUS_LIST_MALFORMED', 'MALFORMED_VALUE_ERROR']]);
  });
  it('an IETF Token Status List reference → ERR_STATUS_TOKEN_STATUS_LIST_UNSUPPORTED', async () => {
    const { checkStatus } = rig({});
    const sdJwtClaims = { iss: ISSUER, vct: 'https://example.com/vct', status: { status_list: { idx: 0, uri: 'https://example.com/statuslists/1' } } };
    const result = await checkStatus(sdJwtClaims);
    expect(result).toMatchObject({ ok: false, outcome: 'error' });
    expect(result.problems).toEqual([expect.objectContaining({ code: 'ERR_STATUS_TOKEN_STATUS_LIST_UNSUPPORTED', path: '/status/status_list' })]);
    const inCredentialStatus = await checkStatus(credential({ type: 'TokenStatusList', status_list: { idx: 0, uri: 'https://x.example/1' } }));
    expect(inCredentialStatus.problems.map((p) => p.code)).toEqual(['ERR_STATUS_TOKEN_STATUS_LIST_UNSUPPORTED']);
  });
  it('another credentialStatus type → ERR_STATUS_TYPE_UNSUPPORTED, not a pass', async () => {
    const { checkStatus } = rig({});
    const result = await checkStatus(credential({ type: 'StatusList2021Entry', statusListIndex: '1', statusListCredential: LIST_URL }));
    expect(result).toMatchObject({ ok: false, outcome: 'error', problems: [{ code: 'ERR_STATUS_TYPE_UNSUPPORTED', path: '/credentialStatus/type' }] });
  });
  it('a verifier throwing a coded error is a verification failure; any other throw propagates', async () => {
    const lists: Record<string, unknown> = { [LIST_URL]: signedList(LIST_URL) };
    const coded = createStatusChecker({
      fetchCredential: async (url) => lists[url],
      verifyCredential: async () => {
        throw new TrustBridgeError('ERR_DID_NOT_FOUND', 'not found', { specCode: 'notFound' });
      },
    });
    expect(codesOf((await coded(credential(entry(1)))).problems)).toEqual([['ERR_STATUS_LIST_VERIFICATION', 'STATUS_VERIFICATION_ERROR']]);
    const buggy = createStatusChecker({
      fetchCredential: async (url) => lists[url],
      verifyCredential: async () => {
        throw new TypeError('bug');
      },
    });
    await expect(buggy(credential(entry(1)))).rejects.toThrow('bug');
  });
  it('misuse throws ERR_STATUS_INVALID_ARGUMENT', async () => {
    const { checkStatus } = rig({});
    await expect(checkStatus('not a credential')).rejects.toMatchObject({ code: 'ERR_STATUS_INVALID_ARGUMENT' });
    expect(() => createStatusChecker({} as StatusCheckerOptions)).toThrow(expect.objectContaining({ code: 'ERR_STATUS_INVALID_ARGUMENT' }));
  });
});

describe('checkStatus: fetched forms', () => {
  it('accepts JSON text and bytes', async () => {
    const text = JSON.stringify(signedList(LIST_URL, { set: [[1, 1]] }));
    const asText = rig({ [LIST_URL]: text });
    expect((await asText.checkStatus(credential(entry(1)))).outcome).toBe('revoked');
    const asBytes = rig({ [LIST_URL]: new TextEncoder().encode(text) });
    expect((await asBytes.checkStatus(credential(entry(1)))).outcome).toBe('revoked');
  });
  it('reads the verifier\'s document for enveloped forms (e.g. vc+jwt)', async () => {
    const payload = signedList(LIST_URL, { set: [[2, 1]] });
    const checkStatus = createStatusChecker({
      fetchCredential: async () => 'eyJhbGciOiJFZERTQSJ9.payload.signature',
      verifyCredential: async (jwt) => (jwt === 'eyJhbGciOiJFZERTQSJ9.payload.signature' ? { verified: true, problems: [], document: payload } : { verified: false, problems: [] }),
      clock: () => new Date(T0),
    });
    expect((await checkStatus(credential(entry(2)))).outcome).toBe('revoked');
  });
  it('invalid JSON text → ERR_STATUS_LIST_MALFORMED', async () => {
    const { checkStatus } = rig({ [LIST_URL]: '{"type": ' });
    expect((await checkStatus(credential(entry(1)))).problems.map((p) => p.code)).toEqual(['ERR_STATUS_LIST_MALFORMED']);
  });
});

describe('checkStatus: cache (§3.2 verifiers SHOULD cache; §2.2 ttl; validUntil)', () => {
  it('keeps a verified list for its ttl, then fetches again', async () => {
    const lists: Record<string, unknown> = { [LIST_URL]: signedList(LIST_URL, { ttl: 60_000 }) };
    const { checkStatus, state } = rig(lists);
    expect((await checkStatus(credential(entry(1)))).outcome).toBe('valid');
    expect(state).toMatchObject({ fetches: 1, verifies: 1 });
    lists[LIST_URL] = signedList(LIST_URL, { ttl: 60_000, set: [[1, 1]] }); // the issuer revokes
    state.now = T0 + 59_999;
    expect((await checkStatus(credential(entry(1)))).outcome).toBe('valid'); // still cached
    expect(state.fetches).toBe(1);
    state.now = T0 + 60_000;
    expect((await checkStatus(credential(entry(1)))).outcome).toBe('revoked');
    expect(state).toMatchObject({ fetches: 2, verifies: 2 });
    expect(checkStatus.cacheSize).toBe(1);
  });
  it('never keeps a list past its validUntil, even with a longer ttl', async () => {
    const lists: Record<string, unknown> = {
      [LIST_URL]: signedList(LIST_URL, { ttl: 3_600_000, validUntil: '2025-06-01T12:00:10Z' }),
    };
    const { checkStatus, state } = rig(lists);
    expect((await checkStatus(credential(entry(1)))).ok).toBe(true);
    lists[LIST_URL] = signedList(LIST_URL, { ttl: 3_600_000, validUntil: '2025-06-02T00:00:00Z', set: [[1, 1]] });
    state.now = T0 + 10_000; // exactly validUntil: still valid and cached
    expect((await checkStatus(credential(entry(1)))).ok).toBe(true);
    expect(state.fetches).toBe(1);
    state.now = T0 + 10_001;
    expect((await checkStatus(credential(entry(1)))).outcome).toBe('revoked');
    expect(state.fetches).toBe(2);
  });
  it('an expired cached list is not served when the refresh fails: retrieval error', async () => {
    const lists: Record<string, unknown> = { [LIST_URL]: signedList(LIST_URL, { ttl: 1_000 }) };
    const { checkStatus, state } = rig(lists);
    expect((await checkStatus(credential(entry(1)))).ok).toBe(true);
    delete lists[LIST_URL];
    state.now = T0 + 1_000;
    expect((await checkStatus(credential(entry(1)), { onRetrievalFailure: 'refer' })).outcome).toBe('refer');
  });
  it('uses defaultTtlMs without ttl and caps ttl at maxTtlMs', async () => {
    const lists = { [LIST_URL]: signedList(LIST_URL), [SUSPENSION_URL]: signedList(SUSPENSION_URL, { purpose: 'suspension', ttl: 10 ** 12 }) };
    const { checkStatus, state } = rig(lists, { defaultTtlMs: 5_000, maxTtlMs: 20_000 });
    await checkStatus(credential([entry(1), entry(1, 'suspension', SUSPENSION_URL)]));
    expect(state.fetches).toBe(2);
    state.now = T0 + 5_000;
    await checkStatus(credential([entry(1), entry(1, 'suspension', SUSPENSION_URL)]));
    expect(state.fetches).toBe(3); // the default-TTL list was refreshed
    state.now = T0 + 20_000;
    await checkStatus(credential(entry(1, 'suspension', SUSPENSION_URL)));
    expect(state.fetches).toBe(4); // the huge ttl was capped
  });
  it('does not cache failures', async () => {
    const lists: Record<string, unknown> = {};
    const { checkStatus, state } = rig(lists);
    expect((await checkStatus(credential(entry(1)))).outcome).toBe('error');
    lists[LIST_URL] = signedList(LIST_URL);
    expect((await checkStatus(credential(entry(1)))).outcome).toBe('valid');
    expect(state.fetches).toBe(2);
  });
  it('evicts the oldest list beyond maxCacheEntries; 0 disables caching', async () => {
    const urls = [1, 2, 3].map((i) => `https://issuer.example/status/list-${i}`);
    const lists = Object.fromEntries(urls.map((u) => [u, signedList(u)]));
    const { checkStatus, state } = rig(lists, { maxCacheEntries: 2 });
    for (const u of urls) await checkStatus(credential(entry(1, 'revocation', u)));
    expect(checkStatus.cacheSize).toBe(2);
    await checkStatus(credential(entry(1, 'revocation', urls[0]!)));
    expect(state.fetches).toBe(4);
    checkStatus.clearCache();
    expect(checkStatus.cacheSize).toBe(0);
    const off = rig(lists, { maxCacheEntries: 0 });
    await off.checkStatus(credential(entry(1, 'revocation', urls[0]!)));
    await off.checkStatus(credential(entry(1, 'revocation', urls[0]!)));
    expect(off.state.fetches).toBe(2);
  });
  it('concurrent checks of one list share one fetch and one verification', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let fetches = 0;
    let verifies = 0;
    const list = signedList(LIST_URL, { set: [[3, 1]] });
    const checkStatus = createStatusChecker({
      fetchCredential: async () => {
        fetches++;
        await gate;
        return list;
      },
      verifyCredential: async (vc) => {
        verifies++;
        return verify(vc);
      },
      clock: () => new Date(T0),
    });
    const results = Promise.all(Array.from({ length: 20 }, (_, i) => checkStatus(credential([entry(i), entry(i + 1)]))));
    release();
    const outcomes = (await results).map((r) => r.outcome);
    expect(fetches).toBe(1);
    expect(verifies).toBe(1);
    expect(outcomes.filter((o) => o === 'revoked')).toHaveLength(2); // i = 2 and i = 3
    expect(outcomes.filter((o) => o === 'valid')).toHaveLength(18);
  });
});
