import { describe, expect, it } from 'vitest';
import type { TrustBridgeError } from '@trustbridge/core';
import { createStatusListEntry, isUrl, validateStatusListEntry } from './entry.js';
import { createBitstring, decodeBitstring, getStatus, setStatus } from './bitstring.js';
import { createStatusListCredential, readStatusListCredential } from './credential.js';

// Bitstring Status List v1.0 §2.1 Example 1 (first entry) and Example 2 (a 2-bit message entry).
const EXAMPLE_1_ENTRY = {
  id: 'https://example.com/credentials/status/3#94567',
  type: 'BitstringStatusListEntry',
  statusPurpose: 'revocation',
  statusListIndex: '94567',
  statusListCredential: 'https://example.com/credentials/status/3',
};
const EXAMPLE_2_ENTRY = {
  id: 'https://example.com/credentials/status/8#492847',
  type: 'BitstringStatusListEntry',
  statusPurpose: 'message',
  statusListIndex: '492847',
  statusSize: 2,
  statusListCredential: 'https://example.com/credentials/status/8',
  // The spec elides the fourth element ("..."); completed here.
  statusMessage: [
    { status: '0x0', message: 'pending_review' },
    { status: '0x1', message: 'accepted' },
    { status: '0x2', message: 'rejected' },
    { status: '0x3', message: 'undefined' },
  ],
  statusReference: 'https://example.org/status-dictionary/',
};

function codes(value: unknown): Array<[string, string | undefined, string | undefined]> {
  return validateStatusListEntry(value).problems.map((p) => [p.code, p.specCode, p.path]);
}

describe('validateStatusListEntry (§2.1)', () => {
  it('accepts the spec examples', () => {
    expect(validateStatusListEntry(EXAMPLE_1_ENTRY)).toEqual({
      entry: { statusPurpose: 'revocation', index: 94567, statusListCredential: EXAMPLE_1_ENTRY.statusListCredential, statusSize: 1 },
      problems: [],
    });
    const { entry } = validateStatusListEntry(EXAMPLE_2_ENTRY);
    expect(entry?.statusSize).toBe(2);
    expect(entry?.messages).toEqual(['pending_review', 'accepted', 'rejected', 'undefined']);
  });

  const M = 'MALFORMED_VALUE_ERROR';
  it.each([
    ['wrong type', { ...EXAMPLE_1_ENTRY, type: 'StatusList2021Entry' }, '/credentialStatus/type'],
    ['purpose not a string', { ...EXAMPLE_1_ENTRY, statusPurpose: 1 }, '/credentialStatus/statusPurpose'],
    ['index as a number', { ...EXAMPLE_1_ENTRY, statusListIndex: 94567 }, '/credentialStatus/statusListIndex'],
    ['negative index', { ...EXAMPLE_1_ENTRY, statusListIndex: '-1' }, '/credentialStatus/statusListIndex'],
    ['hex index', { ...EXAMPLE_1_ENTRY, statusListIndex: '0x10' }, '/credentialStatus/statusListIndex'],
    ['fractional index', { ...EXAMPLE_1_ENTRY, statusListIndex: '1.5' }, '/credentialStatus/statusListIndex'],
    ['list URL missing', { ...EXAMPLE_1_ENTRY, statusListCredential: undefined }, '/credentialStatus/statusListCredential'],
    ['list URL not a URL', { ...EXAMPLE_1_ENTRY, statusListCredential: 'status/3' }, '/credentialStatus/statusListCredential'],
    ['id equal to the list URL', { ...EXAMPLE_1_ENTRY, id: EXAMPLE_1_ENTRY.statusListCredential }, '/credentialStatus/id'],
    ['statusSize 0', { ...EXAMPLE_1_ENTRY, statusSize: 0 }, '/credentialStatus/statusSize'],
    ['statusSize 2 without statusMessage', { ...EXAMPLE_2_ENTRY, statusMessage: undefined }, '/credentialStatus/statusMessage'],
    ['statusMessage of the wrong length', { ...EXAMPLE_2_ENTRY, statusMessage: EXAMPLE_2_ENTRY.statusMessage.slice(0, 3) }, '/credentialStatus/statusMessage'],
    [
      'statusMessage status not 0x-hex',
      { ...EXAMPLE_2_ENTRY, statusMessage: [{ status: '0', message: 'a' }, ...EXAMPLE_2_ENTRY.statusMessage.slice(1)] },
      '/credentialStatus/statusMessage/0',
    ],
    [
      'statusMessage value twice',
      { ...EXAMPLE_2_ENTRY, statusMessage: [...EXAMPLE_2_ENTRY.statusMessage.slice(0, 3), { status: '0x2', message: 'again' }] },
      '/credentialStatus/statusMessage/3/status',
    ],
    ['statusReference not a URL', { ...EXAMPLE_2_ENTRY, statusReference: ['nope'] }, '/credentialStatus/statusReference'],
  ])('%s → ERR_STATUS_ENTRY_MALFORMED / MALFORMED_VALUE_ERROR', (_name, value, path) => {
    expect(codes(value)).toContainEqual(['ERR_STATUS_ENTRY_MALFORMED', M, path]);
  });

  it('an index beyond 2^53 − 1 → ERR_STATUS_INDEX_RANGE / RANGE_ERROR', () => {
    expect(codes({ ...EXAMPLE_1_ENTRY, statusListIndex: '9007199254740993' })).toEqual([
      ['ERR_STATUS_INDEX_RANGE', 'RANGE_ERROR', '/credentialStatus/statusListIndex'],
    ]);
  });
  it('statusSize above 8 → ERR_STATUS_SIZE_UNSUPPORTED', () => {
    expect(codes({ ...EXAMPLE_1_ENTRY, statusSize: 9 })[0]?.[0]).toBe('ERR_STATUS_SIZE_UNSUPPORTED');
  });
  it('a non-object → one problem at the entry path', () => {
    expect(validateStatusListEntry('x', { path: '/credentialStatus/2' }).problems).toEqual([
      expect.objectContaining({ code: 'ERR_STATUS_ENTRY_MALFORMED', path: '/credentialStatus/2' }),
    ]);
  });
});

describe('createStatusListEntry', () => {
  it('builds the spec example from options', () => {
    expect(
      createStatusListEntry({
        id: EXAMPLE_1_ENTRY.id,
        statusPurpose: 'revocation',
        statusListIndex: 94567,
        statusListCredential: EXAMPLE_1_ENTRY.statusListCredential,
      }),
    ).toEqual(EXAMPLE_1_ENTRY);
  });
  it('refuses what would be invalid → ERR_STATUS_INVALID_ARGUMENT', () => {
    try {
      createStatusListEntry({ statusPurpose: 'revocation', statusListIndex: -3, statusListCredential: 'x' });
      expect.unreachable();
    } catch (e) {
      expect((e as TrustBridgeError).code).toBe('ERR_STATUS_INVALID_ARGUMENT');
    }
  });
});

describe('createStatusListCredential (§2.2, §3.1)', () => {
  it('builds an unsigned VC 2.0 status list credential', () => {
    const list = createBitstring();
    setStatus(list, 94567, 1);
    const vc = createStatusListCredential({
      id: 'https://example.com/credentials/status/3',
      issuer: 'did:example:12345',
      statusPurpose: 'revocation',
      bitstring: list,
      validFrom: new Date('2021-04-05T14:27:40Z'),
      validUntil: '2021-04-06T14:27:40Z',
      ttl: 300_000,
    });
    expect(vc).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: 'https://example.com/credentials/status/3',
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: 'did:example:12345',
      validFrom: '2021-04-05T14:27:40Z',
      validUntil: '2021-04-06T14:27:40Z',
      credentialSubject: {
        id: 'https://example.com/credentials/status/3#list',
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
        ttl: 300_000,
      },
    });
    expect(vc).not.toHaveProperty('proof');
    expect(getStatus(decodeBitstring(vc.credentialSubject.encodedList), 94567)).toBe(1);
    const read = readStatusListCredential(vc);
    expect(read.info).toMatchObject({ issuer: 'did:example:12345', statusPurposes: ['revocation'], ttl: 300_000 });
    expect(read.info?.validUntil).toBe(Date.parse('2021-04-06T14:27:40Z'));
  });
  it.each([
    [{ id: 'not a url' }],
    [{ issuer: '' }],
    [{ statusPurpose: [] }],
    [{ encodedList: 'uAAA', bitstring: createBitstring() }],
    [{ bitstring: undefined }],
    [{ ttl: -1 }],
    [{ validFrom: 'yesterday' }],
    [{ validFrom: '2021-04-06T00:00:00Z', validUntil: '2021-04-05T00:00:00Z' }],
  ])('refuses %j → ERR_STATUS_INVALID_ARGUMENT', (override) => {
    const base = { id: 'https://example.com/s/1', issuer: 'did:example:1', statusPurpose: 'revocation', bitstring: createBitstring() };
    try {
      createStatusListCredential({ ...base, ...override } as Parameters<typeof createStatusListCredential>[0]);
      expect.unreachable();
    } catch (e) {
      expect((e as TrustBridgeError).code).toBe('ERR_STATUS_INVALID_ARGUMENT');
    }
  });
});

describe('readStatusListCredential', () => {
  it('reports every broken MUST of §2.2 → ERR_STATUS_LIST_MALFORMED / MALFORMED_VALUE_ERROR', () => {
    const { problems } = readStatusListCredential({
      type: ['VerifiableCredential'],
      issuer: 5,
      validUntil: 'soon',
      credentialSubject: { type: 'StatusList2021', statusPurpose: [], encodedList: 1, ttl: 'long' },
    });
    expect(problems.every((p) => p.code === 'ERR_STATUS_LIST_MALFORMED' && p.specCode === 'MALFORMED_VALUE_ERROR')).toBe(true);
    expect(problems.map((p) => p.path).sort()).toEqual(
      [
        '/type',
        '/issuer',
        '/validUntil',
        '/credentialSubject/type',
        '/credentialSubject/statusPurpose',
        '/credentialSubject/encodedList',
        '/credentialSubject/ttl',
      ].sort(),
    );
  });
  it('accepts several purposes in one list and VC 1.1 dates', () => {
    const { info } = readStatusListCredential({
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: { id: 'did:example:1' },
      issuanceDate: '2020-01-01T00:00:00Z',
      expirationDate: '2030-01-01T00:00:00Z',
      credentialSubject: { type: 'BitstringStatusList', statusPurpose: ['revocation', 'suspension'], encodedList: 'u' },
    });
    expect(info).toMatchObject({ issuer: 'did:example:1', statusPurposes: ['revocation', 'suspension'] });
    expect(info?.validUntil).toBe(Date.parse('2030-01-01T00:00:00Z'));
  });
});

describe('isUrl', () => {
  it('agrees with URL.canParse on tricky hosts', () => {
    const cases = [
      'https://example.com/credentials/status/3#94567',
      'https://example.com',
      'http://a-b.example/x?y#z',
      'https://1.2.3.999/',
      'https://0x1g.example/',
      'https://example.0x/',
      'https://xn--zz.example/',
      'https://example.xn--zz/',
      'https://-a.example/',
      'https://example.com:99999/',
      'https://example.com:443/',
      'https://exa mple.com/',
      'https://',
      'did:example:12345',
      'urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66',
      'status/3',
      '',
    ];
    for (const c of cases) expect([c, isUrl(c)]).toEqual([c, URL.canParse(c)]);
  });
  it('agrees with URL.canParse on 20,000 pseudo-random http(s) strings', () => {
    const alphabet = 'abcxyzAZ0189-.:/?#%@[] \\_~x';
    let seed = 0x1234567;
    const next = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 32;
    };
    for (let i = 0; i < 20_000; i++) {
      let s = next() < 0.5 ? 'https://' : 'http://';
      if (next() < 0.2) s += 'xn--';
      if (next() < 0.2) s += '0x';
      const hostChars = 'ab09x-.';
      const h = Math.floor(next() * 12);
      for (let j = 0; j < h; j++) s += hostChars[Math.floor(next() * hostChars.length)];
      const n = Math.floor(next() * 12);
      for (let j = 0; j < n; j++) s += alphabet[Math.floor(next() * alphabet.length)];
      if (isUrl(s) !== URL.canParse(s)) expect.fail(`isUrl disagrees with URL.canParse on ${JSON.stringify(s)}`);
    }
  });
});
