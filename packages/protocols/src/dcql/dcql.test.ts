import { describe, expect, it } from 'vitest';
import { TrustBridgeError } from '@trustbridge/core';
import { matchDcqlQuery, parseDcqlQuery, selectClaims, type DcqlCandidateCredential } from './index.js';

const REP_VCT = 'https://trustbridge.example/vct/BusinessRepresentativeCredential';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof TrustBridgeError ? err.code : 'not-a-trustbridge-error';
  }
  return undefined;
}

const sdRep: DcqlCandidateCredential = {
  id: 'sd-rep',
  format: 'dc+sd-jwt',
  claims: {
    vct: REP_VCT,
    given_name: 'Ada',
    family_name: 'Tremblay',
    roles: ['Director', 'Proprietor'],
    business: { name: 'Maple Widgets Ltd.', identifier: 'FM0055205', status: 'ACTIVE' },
  },
};
const ldpReg: DcqlCandidateCredential = {
  id: 'ldp-reg',
  format: 'ldp_vc',
  claims: {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    type: ['VerifiableCredential', 'BusinessRegistrationCredential'],
    credentialSubject: { legalName: 'Maple Widgets Ltd.', status: 'ACTIVE', directors: [{ name: 'Ada' }, { name: 'Bo' }] },
  },
};
const jwtPerson: DcqlCandidateCredential = {
  id: 'jwt-person',
  format: 'jwt_vc_json',
  claims: { type: ['VerifiableCredential', 'PersonIdentityCredential'], credentialSubject: { givenName: 'Ada', assuranceLevel: 3 } },
};
const all = [sdRep, ldpReg, jwtPerson];

describe('parseDcqlQuery (OpenID4VP 1.0 §6)', () => {
  it('applies defaults and accepts JSON text', () => {
    const q = parseDcqlQuery(
      JSON.stringify({ credentials: [{ id: 'rep', format: 'dc+sd-jwt', meta: { vct_values: [REP_VCT] } }] }),
    );
    expect(q.credentials[0]).toMatchObject({ id: 'rep', multiple: false, require_cryptographic_holder_binding: true });
  });

  it.each([
    ['not an object', [], 'ERR_DCQL_INVALID_QUERY'],
    ['empty credentials', { credentials: [] }, 'ERR_DCQL_INVALID_QUERY'],
    ['bad id', { credentials: [{ id: 'a b', format: 'ldp_vc', meta: { type_values: [['X']] } }] }, 'ERR_DCQL_INVALID_CREDENTIAL_QUERY'],
    ['missing meta', { credentials: [{ id: 'a', format: 'ldp_vc' }] }, 'ERR_DCQL_INVALID_META'],
    ['sd-jwt without vct_values', { credentials: [{ id: 'a', format: 'dc+sd-jwt', meta: {} }] }, 'ERR_DCQL_INVALID_META'],
    ['type_values not nested', { credentials: [{ id: 'a', format: 'ldp_vc', meta: { type_values: ['X'] } }] }, 'ERR_DCQL_INVALID_META'],
    [
      'duplicate ids',
      { credentials: [{ id: 'a', format: 'x', meta: {} }, { id: 'a', format: 'x', meta: {} }] },
      'ERR_DCQL_DUPLICATE_ID',
    ],
    ['empty path', { credentials: [{ id: 'a', format: 'x', meta: {}, claims: [{ path: [] }] }] }, 'ERR_DCQL_INVALID_CLAIMS_QUERY'],
    ['negative index', { credentials: [{ id: 'a', format: 'x', meta: {}, claims: [{ path: ['a', -1] }] }] }, 'ERR_DCQL_INVALID_CLAIMS_QUERY'],
    ['object in values', { credentials: [{ id: 'a', format: 'x', meta: {}, claims: [{ path: ['a'], values: [{}] }] }] }, 'ERR_DCQL_INVALID_CLAIMS_QUERY'],
    ['claim_sets without claims', { credentials: [{ id: 'a', format: 'x', meta: {}, claim_sets: [['x']] }] }, 'ERR_DCQL_INVALID_CLAIM_SETS'],
    [
      'claim_sets without claim ids',
      { credentials: [{ id: 'a', format: 'x', meta: {}, claims: [{ path: ['a'] }], claim_sets: [['x']] }] },
      'ERR_DCQL_INVALID_CLAIMS_QUERY',
    ],
    [
      'claim_sets with unknown id',
      { credentials: [{ id: 'a', format: 'x', meta: {}, claims: [{ id: 'n', path: ['a'] }], claim_sets: [['x']] }] },
      'ERR_DCQL_INVALID_CLAIM_SETS',
    ],
    [
      'credential_sets with unknown id',
      { credentials: [{ id: 'a', format: 'x', meta: {} }], credential_sets: [{ options: [['b']] }] },
      'ERR_DCQL_INVALID_CREDENTIAL_SETS',
    ],
    [
      'credential_sets required not boolean',
      { credentials: [{ id: 'a', format: 'x', meta: {} }], credential_sets: [{ options: [['a']], required: 'yes' }] },
      'ERR_DCQL_INVALID_CREDENTIAL_SETS',
    ],
    ['bad multiple', { credentials: [{ id: 'a', format: 'x', meta: {}, multiple: 1 }] }, 'ERR_DCQL_INVALID_CREDENTIAL_QUERY'],
  ])('rejects %s', (_name, query, code) => {
    expect(codeOf(() => parseDcqlQuery(query))).toBe(code);
  });

  it('rejects malformed JSON text and oversized queries', () => {
    expect(codeOf(() => parseDcqlQuery('{'))).toBe('ERR_DCQL_INVALID_QUERY');
    const big = { credentials: [{ id: 'a', format: 'x', meta: { pad: 'x'.repeat(70_000) } }] };
    expect(codeOf(() => parseDcqlQuery(big))).toBe('ERR_DCQL_TOO_LARGE');
    const many = { credentials: Array.from({ length: 40 }, (_, i) => ({ id: `c${i}`, format: 'x', meta: {} })) };
    expect(codeOf(() => parseDcqlQuery(many))).toBe('ERR_DCQL_TOO_LARGE');
  });

  it('carries the OAuth error name', () => {
    try {
      parseDcqlQuery({ credentials: [] });
    } catch (err) {
      expect((err as TrustBridgeError).specCode).toBe('invalid_request');
    }
  });
});

describe('claims path pointers (OpenID4VP 1.0 §7.1)', () => {
  const claims = { a: [{ b: 1 }, { b: 2 }, { c: 3 }], s: 'x' };
  it('selects keys, indices and null wildcards', () => {
    expect(selectClaims(claims, ['s'])).toEqual([{ path: ['s'], value: 'x' }]);
    expect(selectClaims(claims, ['a', 1, 'b'])).toEqual([{ path: ['a', 1, 'b'], value: 2 }]);
    expect(selectClaims(claims, ['a', null, 'b'])?.map((s) => s.path)).toEqual([
      ['a', 0, 'b'],
      ['a', 1, 'b'],
    ]);
  });
  it('aborts on type mismatch and empty selections', () => {
    expect(selectClaims(claims, ['s', 0])).toBeUndefined();
    expect(selectClaims(claims, ['a', 'b'])).toBeUndefined();
    expect(selectClaims(claims, ['a', 9])).toBeUndefined();
    expect(selectClaims(claims, ['missing'])).toBeUndefined();
  });
});

describe('matchDcqlQuery (OpenID4VP 1.0 §6.4)', () => {
  it('matches format, vct_values and claims, returning concrete paths', () => {
    const q = parseDcqlQuery({
      credentials: [
        {
          id: 'rep',
          format: 'dc+sd-jwt',
          meta: { vct_values: [REP_VCT] },
          claims: [{ path: ['given_name'] }, { path: ['roles', null] }, { path: ['business', 'identifier'] }],
        },
      ],
    });
    const r = matchDcqlQuery(q, all);
    expect(r.satisfied).toBe(true);
    expect(r.byQuery.rep).toEqual([
      {
        credentialId: 'sd-rep',
        claimPaths: [['given_name'], ['roles', 0], ['roles', 1], ['business', 'identifier']],
      },
    ]);
    expect(r.credentialSetsSatisfied).toBeUndefined();
  });

  it('matches type_values by verbatim or expanded type', () => {
    const q = parseDcqlQuery({
      credentials: [
        { id: 'reg', format: 'ldp_vc', meta: { type_values: [['https://example.ca/vocab#BusinessRegistrationCredential']] } },
        { id: 'person', format: 'jwt_vc_json', meta: { type_values: [['Nope'], ['VerifiableCredential', 'PersonIdentityCredential']] } },
      ],
    });
    const r = matchDcqlQuery(q, all);
    expect(r.byQuery.reg?.map((m) => m.credentialId)).toEqual(['ldp-reg']);
    expect(r.byQuery.person?.map((m) => m.credentialId)).toEqual(['jwt-person']);
    expect(r.satisfied).toBe(true);
  });

  it('filters by values with exact type and value', () => {
    const mk = (values: Array<string | number | boolean>) =>
      parseDcqlQuery({
        credentials: [
          { id: 'p', format: 'jwt_vc_json', meta: { type_values: [['PersonIdentityCredential']] }, claims: [{ path: ['credentialSubject', 'assuranceLevel'], values }] },
        ],
      });
    expect(matchDcqlQuery(mk([3, 4]), all).satisfied).toBe(true);
    expect(matchDcqlQuery(mk(['3']), all).satisfied).toBe(false);
    const roles = parseDcqlQuery({
      credentials: [{ id: 'r', format: 'dc+sd-jwt', meta: { vct_values: [REP_VCT] }, claims: [{ path: ['roles', null], values: ['Director'] }] }],
    });
    expect(matchDcqlQuery(roles, all).byQuery.r?.[0]?.claimPaths).toEqual([['roles', 0]]);
  });

  it('chooses the first satisfiable claim set', () => {
    const q = parseDcqlQuery({
      credentials: [
        {
          id: 'reg',
          format: 'ldp_vc',
          meta: { type_values: [['BusinessRegistrationCredential']] },
          claims: [
            { id: 'bn', path: ['credentialSubject', 'businessNumber'] },
            { id: 'name', path: ['credentialSubject', 'legalName'] },
            { id: 'status', path: ['credentialSubject', 'status'], values: ['ACTIVE'] },
          ],
          claim_sets: [['bn', 'status'], ['name', 'status']],
        },
      ],
    });
    const m = matchDcqlQuery(q, all).byQuery.reg?.[0];
    expect(m?.claimSet).toEqual(['name', 'status']);
    expect(m?.claimPaths).toEqual([
      ['credentialSubject', 'legalName'],
      ['credentialSubject', 'status'],
    ]);
  });

  it('evaluates credential_sets with required and optional sets', () => {
    const q = parseDcqlQuery({
      credentials: [
        { id: 'rep', format: 'dc+sd-jwt', meta: { vct_values: [REP_VCT] } },
        { id: 'reg_ldp', format: 'ldp_vc', meta: { type_values: [['BusinessRegistrationCredential']] } },
        { id: 'reg_sd', format: 'dc+sd-jwt', meta: { vct_values: ['https://example.ca/reg'] } },
        { id: 'address', format: 'ldp_vc', meta: { type_values: [['ProofOfAddressCredential']] } },
      ],
      credential_sets: [
        { options: [['rep']] },
        { options: [['reg_sd'], ['reg_ldp']] },
        { options: [['address']], required: false },
      ],
    });
    const r = matchDcqlQuery(q, all);
    expect(r.credentialSetsSatisfied).toEqual([true, true, false]);
    expect(r.satisfied).toBe(true);
    expect(matchDcqlQuery(q, [sdRep]).satisfied).toBe(false);
  });

  it('lists every candidate for multiple and single queries', () => {
    const second = { ...sdRep, id: 'sd-rep-2' };
    const q = parseDcqlQuery({
      credentials: [{ id: 'rep', format: 'dc+sd-jwt', multiple: true, meta: { vct_values: [REP_VCT] }, claims: [{ path: ['given_name'] }] }],
    });
    expect(matchDcqlQuery(q, [sdRep, second]).byQuery.rep?.map((m) => m.credentialId)).toEqual(['sd-rep', 'sd-rep-2']);
  });

  it('reports no match', () => {
    const q = parseDcqlQuery({
      credentials: [
        { id: 'rep', format: 'dc+sd-jwt', meta: { vct_values: [REP_VCT] }, claims: [{ path: ['birthdate'] }] },
        { id: 'reg', format: 'jwt_vc_json', meta: { type_values: [['BusinessRegistrationCredential']] } },
      ],
    });
    const r = matchDcqlQuery(q, all);
    expect(r.satisfied).toBe(false);
    expect(r.byQuery).toEqual({ rep: [], reg: [] });
  });
});
