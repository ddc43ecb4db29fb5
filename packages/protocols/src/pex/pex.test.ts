import { describe, expect, it } from 'vitest';
import { base64urlEncode, isTrustBridgeError } from '@trustbridge/core';
import {
  evaluateInputDescriptor,
  evaluateJsonPath,
  filterAccepts,
  formatAccepted,
  MAX_JSONPATH_LENGTH,
  parseJsonPath,
  parsePresentationDefinition,
  parsePresentationSubmission,
  PexErrorCodes,
  sdJwtDisclosedNames,
  type PexFilter,
  type PresentationDefinition,
} from './index.js';

const DEF = PexErrorCodes.INVALID_DEFINITION;
const SUB = PexErrorCodes.INVALID_SUBMISSION;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isTrustBridgeError(err) ? err.code : String(err);
  }
  return undefined;
}

const doc = {
  a: { b: 1, 'c d': 2, "it's": 3 },
  list: [{ n: 'x' }, { n: 'y' }, 'z'],
  credentialSubject: { roles: ['Clerk', 'Director'], legalName: 'Maple Widgets Ltd.' },
};
const select = (path: string, root: unknown = doc) => evaluateJsonPath(root, parseJsonPath(path));

describe('JSONPath subset', () => {
  it('$ selects the root', () => {
    expect(parseJsonPath('$')).toEqual([]);
    expect(select('$')).toEqual([{ path: [], value: doc }]);
  });

  it('.name and [\'name\'] / ["name"] select a member', () => {
    expect(parseJsonPath('$.a.b')).toEqual(['a', 'b']);
    expect(select('$.a.b')).toEqual([{ path: ['a', 'b'], value: 1 }]);
    expect(select("$['a']['c d']")).toEqual([{ path: ['a', 'c d'], value: 2 }]);
    expect(select('$["a"]["c d"]')).toEqual([{ path: ['a', 'c d'], value: 2 }]);
    expect(select("$.a['it\\'s']")).toEqual([{ path: ['a', "it's"], value: 3 }]);
    // Members with $, @, _ and - are names; an absent member selects nothing.
    expect(parseJsonPath('$._x.$y.@z.a-b')).toEqual(['_x', '$y', '@z', 'a-b']);
    expect(select('$.a.missing')).toEqual([]);
    // Only own members: nothing from the prototype.
    expect(select('$.a.constructor')).toEqual([]);
    expect(select("$['__proto__']")).toEqual([]);
  });

  it('[n] selects an array element; out of range or on a non-array selects nothing', () => {
    expect(parseJsonPath('$.list[1]')).toEqual(['list', 1]);
    expect(select('$.list[1].n')).toEqual([{ path: ['list', 1, 'n'], value: 'y' }]);
    expect(select('$.list[3]')).toEqual([]);
    expect(select('$.a[0]')).toEqual([]);
  });

  it('[*] and .* select every element or member value', () => {
    expect(parseJsonPath('$.list[*]')).toEqual(['list', { wildcard: true }]);
    expect(parseJsonPath('$.a.*')).toEqual(['a', { wildcard: true }]);
    expect(select('$.list[*].n')).toEqual([
      { path: ['list', 0, 'n'], value: 'x' },
      { path: ['list', 1, 'n'], value: 'y' },
    ]);
    expect(select('$.a.*').map((m) => m.path)).toEqual([['a', 'b'], ['a', 'c d'], ['a', "it's"]]);
    expect(select('$.credentialSubject.roles.*').map((m) => m.value)).toEqual(['Clerk', 'Director']);
    // A wildcard over a scalar selects nothing.
    expect(select('$.a.b[*]')).toEqual([]);
  });

  it.each([
    ['filter', '$.list[?(@.n == "x")]'],
    ['filter without parentheses', '$.list[?@.n]'],
    ['recursive descent', '$..n'],
    ['recursive descent after a member', '$.a..b'],
    ['recursive descent wildcard', '$..*'],
    ['slice', '$.list[0:2]'],
    ['open slice', '$.list[:1]'],
    ['union', '$.list[0,1]'],
    ['name union', "$['a','list']"],
    ['negative index', '$.list[-1]'],
    ['leading zero index', '$.list[01]'],
    ['no root', 'a.b'],
    ['root not first', '@.a'],
    ['empty', ''],
    ['trailing dot', '$.a.'],
    ['member starting with a digit', '$.1a'],
    ['unterminated bracket', "$['a'"],
    ['script expression', '$.list[(@.length-1)]'],
    ['whitespace', '$ .a'],
  ])('refuses %s (%s) with ERR_PEX_INVALID_DEFINITION', (_why, path) => {
    expect(codeOf(() => parseJsonPath(path))).toBe(DEF);
  });

  it('refuses non-strings and over-long expressions', () => {
    expect(codeOf(() => parseJsonPath(undefined))).toBe(DEF);
    expect(codeOf(() => parseJsonPath(['$.a']))).toBe(DEF);
    expect(parseJsonPath(`$.${'a'.repeat(MAX_JSONPATH_LENGTH - 2)}`)).toHaveLength(1);
    expect(codeOf(() => parseJsonPath(`$.${'a'.repeat(MAX_JSONPATH_LENGTH - 1)}`))).toBe(DEF);
  });
});

describe('filter subset (JSON Schema)', () => {
  it.each<[string, PexFilter, unknown, unknown]>([
    ['type string', { type: 'string' }, 'x', 1],
    ['type number', { type: 'number' }, 1.5, '1.5'],
    ['type integer', { type: 'integer' }, 2, 2.5],
    ['type boolean', { type: 'boolean' }, false, 'false'],
    ['type array', { type: 'array' }, [], {}],
    ['type object', { type: 'object' }, {}, []],
    ['type null', { type: 'null' }, null, undefined],
    ['const scalar', { const: 'Director' }, 'Director', 'director'],
    ['const deep', { const: { a: [1, { b: 2 }] } }, { a: [1, { b: 2 }] }, { a: [1, { b: 3 }] }],
    ['const object with an extra member', { const: { a: 1 } }, { a: 1 }, { a: 1, b: 2 }],
    ['const null', { const: null }, null, 0],
    ['enum', { enum: ['Director', 'Proprietor'] }, 'Proprietor', 'Clerk'],
    ['enum deep', { enum: [[1, 2]] }, [1, 2], [2, 1]],
    ['pattern', { type: 'string', pattern: '^did:web:' }, 'did:web:bank.example', 'did:key:z6Mk'],
    ['pattern (unicode)', { pattern: '^\\p{Lu}' }, 'Ärger', 'ärger'],
    ['contains', { type: 'array', contains: { const: 'Director' } }, ['Clerk', 'Director'], ['Clerk']],
    ['contains on a non-array', { contains: { type: 'string' } }, ['x'], 'x'],
    ['contains nested', { contains: { contains: { const: 1 } } }, [[0], [1]], [[0], [2]]],
    ['all keywords together', { type: 'string', enum: ['ab', 'cd'], pattern: '^a' }, 'ab', 'cd'],
  ])('%s: match and mismatch', (_name, filter, ok, notOk) => {
    expect(filterAccepts(filter, ok)).toBe(true);
    expect(filterAccepts(filter, notOk)).toBe(false);
  });

  it('an absent filter accepts anything; pattern applies to strings only', () => {
    expect(filterAccepts(undefined, { any: 'thing' })).toBe(true);
    expect(filterAccepts({ pattern: '^x$' }, 42)).toBe(true);
    expect(filterAccepts({ type: 'string', pattern: '^x$' }, 42)).toBe(false);
  });

  const withFilter = (filter: unknown) => ({
    id: 'd',
    input_descriptors: [{ id: 'i', constraints: { fields: [{ path: ['$.x'], filter }] } }],
  });

  it.each([
    ['minimum'],
    ['maxLength'],
    ['format'],
    ['properties'],
    ['items'],
    ['not'],
    ['$ref'],
    ['minContains'],
  ])('refuses the unknown keyword %s (ERR_PEX_INVALID_DEFINITION, keyword in details)', (keyword) => {
    let caught: unknown;
    try {
      parsePresentationDefinition(withFilter({ type: 'string', [keyword]: 1 }));
    } catch (err) {
      caught = err;
    }
    expect(isTrustBridgeError(caught) && caught.code).toBe(DEF);
    expect(isTrustBridgeError(caught) && caught.specCode).toBe('invalid_request');
    expect(isTrustBridgeError(caught) && caught.details).toMatchObject({ keyword });
  });

  it('refuses unknown keywords and bad values inside contains too', () => {
    expect(codeOf(() => parsePresentationDefinition(withFilter({ contains: { minimum: 1 } })))).toBe(DEF);
    expect(codeOf(() => parsePresentationDefinition(withFilter({ contains: { type: 'date' } })))).toBe(DEF);
  });

  it.each<[string, unknown]>([
    ['not an object', 'string'],
    ['an array', [{ type: 'string' }]],
    ['type not a type name', { type: 'date' }],
    ['type as a list', { type: ['string', 'null'] }],
    ['empty enum', { enum: [] }],
    ['enum not an array', { enum: 'a' }],
    ['pattern not a string', { pattern: 1 }],
    ['pattern too long', { pattern: 'a'.repeat(257) }],
    ['pattern not a regex', { pattern: '(' }],
    ['contains not an object', { contains: 'x' }],
  ])('refuses a malformed filter: %s', (_why, filter) => {
    expect(codeOf(() => parsePresentationDefinition(withFilter(filter)))).toBe(DEF);
  });

  it('contains may nest 4 deep, not 5', () => {
    const nest = (n: number): Record<string, unknown> => (n === 0 ? { const: 1 } : { contains: nest(n - 1) });
    expect(() => parsePresentationDefinition(withFilter(nest(4)))).not.toThrow();
    expect(codeOf(() => parsePresentationDefinition(withFilter(nest(5))))).toBe(DEF);
  });
});

const REP_VCT = 'https://trustbridge.example/vct/BusinessRepresentativeCredential';
const validDefinition = {
  id: 'kyb-representative',
  name: 'KYB',
  purpose: 'Account opening',
  format: { 'dc+sd-jwt': {}, ldp_vc: {} },
  input_descriptors: [
    {
      id: 'representative',
      name: 'Representative',
      purpose: 'Who acts for the business',
      format: { 'dc+sd-jwt': { 'sd-jwt_alg_values': ['EdDSA'] } },
      constraints: {
        limit_disclosure: 'required',
        fields: [
          { path: ['$.vct'], filter: { type: 'string', const: REP_VCT } },
          { id: 'name', name: 'Given name', purpose: 'greeting', path: ['$.givenName', "$['given_name']"], filter: { type: 'string', pattern: '^.+$' }, intent_to_retain: false },
          { path: ['$.role'], filter: { enum: ['Director', 'Proprietor'] } },
          { path: ['$.birthdate'], optional: true },
        ],
      },
    },
    {
      id: 'registration',
      constraints: {
        limit_disclosure: 'preferred',
        fields: [{ path: ['$.credentialSubject.legalName'] }, { path: ['$.type'], filter: { type: 'array', contains: { const: 'BusinessRegistrationCredential' } } }],
      },
    },
    { id: 'anything', constraints: {} },
  ],
};
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
function variant(edit: (d: Record<string, any>) => void): Record<string, unknown> {
  const d = clone(validDefinition) as Record<string, any>;
  edit(d);
  return d;
}

describe('presentation_definition parsing', () => {
  it('accepts the supported subset, as an object or as JSON text', () => {
    expect(parsePresentationDefinition(validDefinition)).toEqual(validDefinition);
    expect(parsePresentationDefinition(JSON.stringify(validDefinition))).toEqual(validDefinition);
  });

  it.each<[string, (d: Record<string, any>) => void]>([
    ['id missing', (d) => delete d.id],
    ['id empty', (d) => (d.id = '')],
    ['id with a space', (d) => (d.id = 'a b')],
    ['id too long', (d) => (d.id = 'a'.repeat(129))],
    ['name not a string', (d) => (d.name = 1)],
    ['purpose too long', (d) => (d.purpose = 'p'.repeat(1025))],
    ['format empty', (d) => (d.format = {})],
    ['format not an object', (d) => (d.format = ['dc+sd-jwt'])],
    ['input_descriptors missing', (d) => delete d.input_descriptors],
    ['input_descriptors empty', (d) => (d.input_descriptors = [])],
    ['input_descriptors not an array', (d) => (d.input_descriptors = { id: 'x', constraints: {} })],
    ['too many input descriptors', (d) => (d.input_descriptors = Array.from({ length: 33 }, (_, i) => ({ id: `d${i}`, constraints: {} })))],
    ['descriptor not an object', (d) => (d.input_descriptors[0] = 'representative')],
    ['descriptor id missing', (d) => delete d.input_descriptors[0].id],
    ['descriptor ids not unique', (d) => (d.input_descriptors[1].id = 'representative')],
    ['descriptor name not a string', (d) => (d.input_descriptors[0].name = {})],
    ['descriptor format empty', (d) => (d.input_descriptors[0].format = {})],
    ['constraints missing', (d) => delete d.input_descriptors[0].constraints],
    ['constraints not an object', (d) => (d.input_descriptors[0].constraints = [])],
    ['limit_disclosure unknown', (d) => (d.input_descriptors[0].constraints.limit_disclosure = 'always')],
    ['fields not an array', (d) => (d.input_descriptors[0].constraints.fields = {})],
    ['too many fields', (d) => (d.input_descriptors[0].constraints.fields = Array.from({ length: 33 }, () => ({ path: ['$.a'] })))],
    ['field not an object', (d) => (d.input_descriptors[0].constraints.fields[0] = '$.vct')],
    ['field path missing', (d) => delete d.input_descriptors[0].constraints.fields[0].path],
    ['field path a string', (d) => (d.input_descriptors[0].constraints.fields[0].path = '$.vct')],
    ['field path empty', (d) => (d.input_descriptors[0].constraints.fields[0].path = [])],
    ['field path too many', (d) => (d.input_descriptors[0].constraints.fields[0].path = Array.from({ length: 9 }, () => '$.a'))],
    ['field path not a string', (d) => (d.input_descriptors[0].constraints.fields[0].path = [1])],
    ['field path with a filter expression', (d) => (d.input_descriptors[0].constraints.fields[0].path = ['$.a[?(@.b)]'])],
    ['field path with descent', (d) => (d.input_descriptors[0].constraints.fields[0].path = ['$..vct'])],
    ['field optional not a boolean', (d) => (d.input_descriptors[0].constraints.fields[0].optional = 'yes')],
    ['field intent_to_retain not a boolean', (d) => (d.input_descriptors[0].constraints.fields[0].intent_to_retain = 1)],
    ['field id not a string', (d) => (d.input_descriptors[0].constraints.fields[0].id = 7)],
  ])('refuses a malformed definition: %s (ERR_PEX_INVALID_DEFINITION)', (_why, edit) => {
    expect(codeOf(() => parsePresentationDefinition(variant(edit)))).toBe(DEF);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['undefined', undefined],
    ['an array', [validDefinition]],
    ['a number', 42],
    ['invalid JSON text', '{"id":'],
    ['JSON text of an array', '[]'],
    ['over 64 KiB as an object', variant((d) => (d.purpose = 'p'.repeat(1000)) && (d.name = 'n'.repeat(70 * 1024)))],
    ['over 64 KiB as JSON text', JSON.stringify(variant((d) => (d.padding = 'x'.repeat(70 * 1024))))],
  ])('refuses %s (ERR_PEX_INVALID_DEFINITION)', (_why, input) => {
    expect(codeOf(() => parsePresentationDefinition(input))).toBe(DEF);
  });

  it('refuses a value that cannot be serialised (cyclic, BigInt) with the code, not a TypeError', () => {
    const cyclic = clone(validDefinition) as Record<string, unknown>;
    cyclic.self = cyclic;
    expect(codeOf(() => parsePresentationDefinition(cyclic))).toBe(DEF);
    expect(codeOf(() => parsePresentationDefinition({ ...validDefinition, name: 1n }))).toBe(DEF);
  });

  it.each<[string, (d: Record<string, any>) => void, string]>([
    ['submission_requirements', (d) => (d.submission_requirements = [{ rule: 'all', from: 'A' }]), 'submission_requirements'],
    ['frame', (d) => (d.frame = { '@context': [] }), 'frame'],
    ['group', (d) => (d.input_descriptors[0].group = ['A']), 'group'],
    ['predicate', (d) => (d.input_descriptors[0].constraints.fields[0].predicate = 'required'), 'predicate'],
    ['subject_is_issuer', (d) => (d.input_descriptors[0].constraints.subject_is_issuer = 'required'), 'subject_is_issuer'],
    ['is_holder', (d) => (d.input_descriptors[0].constraints.is_holder = []), 'is_holder'],
    ['same_subject', (d) => (d.input_descriptors[0].constraints.same_subject = []), 'same_subject'],
    ['statuses', (d) => (d.input_descriptors[0].constraints.statuses = {}), 'statuses'],
  ])('refuses the unsupported feature %s (ERR_PEX_INVALID_DEFINITION)', (_name, edit, feature) => {
    let caught: unknown;
    try {
      parsePresentationDefinition(variant(edit));
    } catch (err) {
      caught = err;
    }
    expect(isTrustBridgeError(caught) && caught.code).toBe(DEF);
    if (feature !== 'group') expect(isTrustBridgeError(caught) && caught.details).toMatchObject({ feature });
  });
});

describe('presentation_submission parsing', () => {
  const definition = parsePresentationDefinition(validDefinition);
  const submission = {
    id: 'sub-1',
    definition_id: 'kyb-representative',
    descriptor_map: [
      { id: 'representative', format: 'dc+sd-jwt', path: '$[0]' },
      { id: 'registration', format: 'ldp_vp', path: '$[1]', path_nested: { format: 'ldp_vc', path: '$.verifiableCredential[0]' } },
      { id: 'anything', format: 'jwt_vp_json', path: '$[2]' },
    ],
  };
  const sub = (edit: (s: Record<string, any>) => void) => {
    const s = clone(submission) as Record<string, any>;
    edit(s);
    return s;
  };

  it('accepts a submission answering every descriptor once, as an object or JSON text', () => {
    expect(parsePresentationSubmission(submission, definition)).toEqual(submission);
    expect(parsePresentationSubmission(JSON.stringify(submission), definition)).toEqual(submission);
    // Order does not matter.
    expect(() => parsePresentationSubmission(sub((s) => s.descriptor_map.reverse()), definition)).not.toThrow();
  });

  it.each<[string, unknown]>([
    ['wrong definition id', sub((s) => (s.definition_id = 'other-definition'))],
    ['definition id missing', sub((s) => delete s.definition_id)],
    ['descriptor answered twice', sub((s) => s.descriptor_map.push({ id: 'representative', format: 'dc+sd-jwt', path: '$[3]' }))],
    ['missing descriptor', sub((s) => s.descriptor_map.pop())],
    ['unknown descriptor', sub((s) => (s.descriptor_map[2].id = 'not-in-definition'))],
    ['bad path (recursive descent)', sub((s) => (s.descriptor_map[0].path = '$..x'))],
    ['bad path (filter)', sub((s) => (s.descriptor_map[0].path = '$[?(@.a)]'))],
    ['bad path (slice)', sub((s) => (s.descriptor_map[0].path = '$[0:1]'))],
    ['path not a string', sub((s) => (s.descriptor_map[0].path = 0))],
    ['bad path_nested path', sub((s) => (s.descriptor_map[1].path_nested.path = '$.verifiableCredential[-1]'))],
    ['path_nested nested twice', sub((s) => (s.descriptor_map[1].path_nested.path_nested = { format: 'ldp_vc', path: '$' }))],
    ['path_nested without format', sub((s) => delete s.descriptor_map[1].path_nested.format)],
    ['format missing', sub((s) => delete s.descriptor_map[0].format)],
    ['entry id missing', sub((s) => delete s.descriptor_map[0].id)],
    ['entry not an object', sub((s) => (s.descriptor_map[0] = 'representative'))],
    ['descriptor_map empty', sub((s) => (s.descriptor_map = []))],
    ['descriptor_map missing', sub((s) => delete s.descriptor_map)],
    ['id missing', sub((s) => delete s.id)],
    ['not an object', [submission]],
    ['absent', undefined],
    ['invalid JSON text', '{"id":'],
  ])('refuses %s (ERR_PEX_INVALID_SUBMISSION)', (_why, input) => {
    expect(codeOf(() => parsePresentationSubmission(input, definition))).toBe(SUB);
  });
});

describe('input descriptor evaluation', () => {
  const definition = parsePresentationDefinition(validDefinition) as PresentationDefinition;
  const [rep, reg, anything] = definition.input_descriptors as [any, any, any];
  const sdClaims = { vct: REP_VCT, given_name: 'Ada', role: 'Director' };
  const vcClaims = {
    type: ['VerifiableCredential', 'BusinessRegistrationCredential'],
    credentialSubject: { legalName: 'Maple Widgets Ltd.' },
  };

  it('satisfied: answers the concrete path of each field (paths tried in order; absent optional → undefined)', () => {
    expect(evaluateInputDescriptor(definition, rep, { format: 'dc+sd-jwt', claims: sdClaims })).toEqual({
      fieldPaths: [['vct'], ['given_name'], ['role'], undefined],
      limitDisclosure: true,
    });
    // The first path wins when it selects a value the filter accepts.
    expect(evaluateInputDescriptor(definition, rep, { format: 'dc+sd-jwt', claims: { ...sdClaims, givenName: 'Ada', birthdate: '1980-02-29' } })).toEqual({
      fieldPaths: [['vct'], ['givenName'], ['role'], ['birthdate']],
      limitDisclosure: true,
    });
    // A first path whose value fails the filter falls through to the next path.
    expect(evaluateInputDescriptor(definition, rep, { format: 'dc+sd-jwt', claims: { ...sdClaims, givenName: '' } })?.fieldPaths[1]).toEqual(['given_name']);
    // limit_disclosure: preferred is not enforced; W3C formats satisfy it.
    expect(evaluateInputDescriptor(definition, reg, { format: 'ldp_vc', claims: vcClaims })).toEqual({
      fieldPaths: [['credentialSubject', 'legalName'], ['type']],
      limitDisclosure: false,
    });
    // No fields: any credential of an accepted format.
    expect(evaluateInputDescriptor(definition, anything, { format: 'ldp_vc', claims: {} })).toEqual({ fieldPaths: [], limitDisclosure: false });
  });

  it('a wildcard path answers the element the filter accepted', () => {
    const def = parsePresentationDefinition({
      id: 'roles',
      input_descriptors: [{ id: 'r', constraints: { fields: [{ path: ['$.credentialSubject.roles[*]'], filter: { const: 'Director' } }] } }],
    });
    const claims = { credentialSubject: { roles: ['Clerk', 'Director'] } };
    expect(evaluateInputDescriptor(def, def.input_descriptors[0]!, { format: 'ldp_vc', claims })?.fieldPaths).toEqual([['credentialSubject', 'roles', 1]]);
    expect(evaluateInputDescriptor(def, def.input_descriptors[0]!, { format: 'ldp_vc', claims: { credentialSubject: { roles: ['Clerk'] } } })).toBeUndefined();
  });

  it('not satisfied: a required field missing, a filter refusing every value, a format not accepted', () => {
    expect(evaluateInputDescriptor(definition, rep, { format: 'dc+sd-jwt', claims: { vct: REP_VCT, role: 'Director' } })).toBeUndefined();
    expect(evaluateInputDescriptor(definition, rep, { format: 'dc+sd-jwt', claims: { ...sdClaims, role: 'Clerk' } })).toBeUndefined();
    expect(evaluateInputDescriptor(definition, rep, { format: 'dc+sd-jwt', claims: { ...sdClaims, vct: 'https://other.example/vct' } })).toBeUndefined();
    expect(evaluateInputDescriptor(definition, reg, { format: 'ldp_vc', claims: { ...vcClaims, type: ['VerifiableCredential'] } })).toBeUndefined();
    // The definition-level format applies when the descriptor has none: jwt_vc_json is not named there.
    expect(evaluateInputDescriptor(definition, anything, { format: 'jwt_vc_json', claims: {} })).toBeUndefined();
  });

  it('limit_disclosure: required can only be satisfied by dc+sd-jwt', () => {
    const def = parsePresentationDefinition({ id: 'ld', input_descriptors: [{ id: 'x', constraints: { limit_disclosure: 'required', fields: [{ path: ['$.a'] }] } }] });
    const d = def.input_descriptors[0]!;
    expect(evaluateInputDescriptor(def, d, { format: 'dc+sd-jwt', claims: { a: 1 } })).toEqual({ fieldPaths: [['a']], limitDisclosure: true });
    for (const format of ['ldp_vc', 'jwt_vc_json']) expect(evaluateInputDescriptor(def, d, { format, claims: { a: 1 } })).toBeUndefined();
  });

  it('format designations and their aliases', () => {
    expect(formatAccepted('dc+sd-jwt', undefined)).toBe(true);
    expect(formatAccepted('dc+sd-jwt', { 'vc+sd-jwt': {} })).toBe(true);
    expect(formatAccepted('ldp_vc', { ldp_vp: {} })).toBe(true);
    expect(formatAccepted('ldp_vc', { ldp: {} })).toBe(true);
    expect(formatAccepted('jwt_vc_json', { jwt_vp: {} })).toBe(true);
    expect(formatAccepted('jwt_vc_json', { 'dc+sd-jwt': {} })).toBe(false);
    expect(formatAccepted('mso_mdoc', { mso_mdoc: {} })).toBe(true);
    expect(formatAccepted('mso_mdoc', { ldp_vc: {} })).toBe(false);
    // Only own keys count.
    expect(formatAccepted('constructor' as string, {})).toBe(false);
  });
});

describe('sdJwtDisclosedNames', () => {
  const disclosure = (arr: unknown[]) => base64urlEncode(new TextEncoder().encode(JSON.stringify(arr)));
  it('lists object-property Disclosures, skips array-element and malformed ones', () => {
    const sd = `eyJ.eyJ.sig~${disclosure(['salt', 'given_name', 'Ada'])}~${disclosure(['salt', 'Director'])}~!!~${disclosure(['salt', 'role', 'Director'])}~kb`;
    expect(sdJwtDisclosedNames(sd)).toEqual(['given_name', 'role']);
    expect(sdJwtDisclosedNames('eyJ.eyJ.sig~')).toEqual([]);
    expect(sdJwtDisclosedNames('eyJ.eyJ.sig')).toBeUndefined();
    expect(sdJwtDisclosedNames({ type: 'VerifiablePresentation' })).toBeUndefined();
  });
});
