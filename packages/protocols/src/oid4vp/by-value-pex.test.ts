import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, isTrustBridgeError, type Signer } from '@trustbridge/core';
import { createDidResolver, createVerificationMethodResolver, didKeyFromEd25519PublicKey } from '@trustbridge/did';
import { createJwkSigner, issueSdJwtVc, presentSdJwtVc } from '@trustbridge/jose';
import { createEd25519Signer, ed25519PublicKeyToJwk, ed25519SecretKeyToJwk, generateEd25519KeyPair } from '@trustbridge/keys';
import { openEmbeddedStore, type SqlClient } from '@trustbridge/store';
import {
  createAuthorizationRequest,
  encodeParameters,
  getAuthorizationResult,
  handleAuthorizationResponse,
  MAX_AUTHORIZATION_REQUEST_URI_LENGTH,
  Oid4vpErrorCodes as C,
  readAuthorizationRequestUri,
  validateAuthorizationRequestParameters,
  validateRequestObject,
} from './index.js';

function party(seedByte: number) {
  const { publicKey, secretKey } = generateEd25519KeyPair(new Uint8Array(32).fill(seedByte));
  const did = didKeyFromEd25519PublicKey(publicKey);
  const signer: Signer = createEd25519Signer({ id: `${did}#${did.slice('did:key:'.length)}`, secretKey: secretKey! });
  return { did, signer, publicKey, secretKey: secretKey! };
}
const issuer = party(21);
const holder = party(23);
const verifier = party(30);
const clock = fixedClock('2025-06-01T12:00:00Z');
let counter = 100;
const random = (n: number) => new Uint8Array(n).fill(++counter % 256);
const resolveVerificationMethod = createVerificationMethodResolver(createDidResolver());
const BASE = 'https://bank.example/oid4vp';
const REP_VCT = 'https://trustbridge.example/vct/BusinessRepresentativeCredential';

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    return isTrustBridgeError(err) ? err.code : String(err);
  }
  return undefined;
}

const dcqlQuery = {
  credentials: [{ id: 'representative', format: 'dc+sd-jwt', meta: { vct_values: [REP_VCT] }, claims: [{ path: ['given_name'] }] }],
};
const definition = {
  id: 'kyb-representative',
  input_descriptors: [
    {
      id: 'representative',
      format: { 'dc+sd-jwt': {} },
      constraints: {
        limit_disclosure: 'required',
        fields: [
          { path: ['$.vct'], filter: { type: 'string', const: REP_VCT } },
          { path: ['$.givenName', '$.given_name'], filter: { type: 'string' } },
          { path: ['$.role'], filter: { enum: ['Director', 'Proprietor'] } },
        ],
      },
    },
  ],
};

let store: SqlClient;
beforeAll(async () => {
  store = await openEmbeddedStore();
});
afterAll(async () => store?.close());
const ctx = () => ({ store, clock, random });
const request = (extra: Record<string, unknown>) =>
  createAuthorizationRequest({ ...ctx(), responseUri: `${BASE}/response`, requestUriBase: `${BASE}/requests`, purpose: 'kyb-account-opening', ...extra } as unknown as Parameters<typeof createAuthorizationRequest>[0]);
const signedRequest = (extra: Record<string, unknown> = {}) => request({ dcqlQuery, signed: true, signer: verifier.signer, clientId: verifier.did, ...extra });
const unsignedRequest = (extra: Record<string, unknown> = {}) => request({ dcqlQuery, signed: false, ...extra });

describe('readAuthorizationRequestUri: the three forms', () => {
  it('by reference: request_uri (and request_uri_method)', async () => {
    const created = await signedRequest();
    expect(readAuthorizationRequestUri(created.authorizationRequestUri)).toEqual({
      by: 'reference',
      clientId: created.clientId,
      requestUri: created.requestUri,
      requestUriMethod: 'get',
    });
    const post = `openid4vp://?client_id=${encodeURIComponent(created.clientId)}&request_uri=${encodeURIComponent(created.requestUri)}&request_uri_method=post`;
    expect(readAuthorizationRequestUri(post)).toMatchObject({ by: 'reference', requestUriMethod: 'post' });
  });

  it('by value: request=<signed JWT>, which validates as the signed request object', async () => {
    const created = await signedRequest();
    const read = readAuthorizationRequestUri(created.authorizationRequestUriByValue);
    expect(read).toEqual({ by: 'value', clientId: created.clientId, request: created.requestObject });
    const validated = await validateRequestObject((read as { request: string }).request, {
      requireSigned: true,
      resolveVerificationMethod,
      expectedClientId: read.clientId,
      clock,
    });
    expect(validated).toMatchObject({ signed: true, clientIdPrefix: 'decentralized_identifier', verifierDid: verifier.did, purpose: 'kyb-account-opening' });
    expect(validated.parameters).toMatchObject({ nonce: created.nonce, state: created.state, dcql_query: dcqlQuery });
  });

  it('by value: plain parameters (unsigned redirect_uri: client), JSON members as JSON text', async () => {
    const created = await unsignedRequest();
    const read = readAuthorizationRequestUri(created.authorizationRequestUriByValue);
    expect(read.by).toBe('parameters');
    expect(read.clientId).toBe(`redirect_uri:${BASE}/response`);
    const params = (read as { parameters: Record<string, string> }).parameters;
    expect(params).toMatchObject({
      client_id: created.clientId,
      response_type: 'vp_token',
      response_mode: 'direct_post',
      response_uri: `${BASE}/response`,
      nonce: created.nonce,
      state: created.state,
    });
    expect(params).not.toHaveProperty('request');
    expect(params).not.toHaveProperty('request_uri');
    expect(JSON.parse(params.dcql_query!)).toMatchObject(dcqlQuery);
    expect(JSON.parse(params.client_metadata!)).toHaveProperty('vp_formats_supported');
  });

  it('ignores surrounding whitespace and works with any scheme', () => {
    expect(readAuthorizationRequestUri('  https://wallet.example/authorize?client_id=redirect_uri%3Ahttps%3A%2F%2Fa.example&request=abc  ')).toEqual({
      by: 'value',
      clientId: 'redirect_uri:https://a.example',
      request: 'abc',
    });
  });

  it('an unknown parameter named like an Object.prototype member is carried, not taken for a repeat', () => {
    const read = readAuthorizationRequestUri('openid4vp://?client_id=redirect_uri%3Ahttps%3A%2F%2Fa.example&constructor=x&toString=y');
    expect(read).toMatchObject({ by: 'parameters', parameters: { constructor: 'x', toString: 'y' } });
  });
});

describe('readAuthorizationRequestUri: malformed URIs', () => {
  const cid = 'client_id=redirect_uri%3Ahttps%3A%2F%2Fbank.example%2Foid4vp%2Fresponse';
  it.each<[string, unknown, string]>([
    ['not a URI', 'not a uri', C.INVALID_REQUEST],
    ['empty', '', C.INVALID_REQUEST],
    ['not a string', { client_id: 'x' }, C.INVALID_REQUEST],
    ['client_id missing', 'openid4vp://?request_uri=https%3A%2F%2Fbank.example%2Fr', C.INVALID_REQUEST],
    ['client_id empty', 'openid4vp://?client_id=&request_uri=https%3A%2F%2Fbank.example%2Fr', C.INVALID_REQUEST],
    ['request and request_uri together', `openid4vp://?${cid}&request=abc&request_uri=https%3A%2F%2Fbank.example%2Fr`, C.INVALID_REQUEST],
    ['request_uri empty', `openid4vp://?${cid}&request_uri=`, C.INVALID_REQUEST],
    ['request empty', `openid4vp://?${cid}&request=`, C.INVALID_REQUEST],
    ['request_uri_method unknown', `openid4vp://?${cid}&request_uri=https%3A%2F%2Fbank.example%2Fr&request_uri_method=put`, C.INVALID_REQUEST],
    ['repeated parameter', `openid4vp://?${cid}&nonce=a&nonce=b`, C.INVALID_REQUEST],
    ['repeated client_id', `openid4vp://?${cid}&${cid}&request=abc`, C.INVALID_REQUEST],
    ['too long', `openid4vp://?${cid}&state=${'x'.repeat(MAX_AUTHORIZATION_REQUEST_URI_LENGTH)}`, C.TOO_LARGE],
  ])('%s → %s', async (_why, uri, code) => {
    expect(await codeOf(() => readAuthorizationRequestUri(uri as string))).toBe(code);
  });
});

describe('validateAuthorizationRequestParameters (plain parameters are unsigned)', () => {
  const paramsOf = async (extra: Record<string, unknown> = {}) => {
    const created = await unsignedRequest(extra);
    return { created, params: (readAuthorizationRequestUri(created.authorizationRequestUriByValue) as { parameters: Record<string, string> }).parameters };
  };

  it('refuses unsigned parameters by default and with requireSigned: true (ERR_OID4VP_REQUEST_NOT_SIGNED, invalid_request_object)', async () => {
    const { params } = await paramsOf();
    let caught: unknown;
    try {
      validateAuthorizationRequestParameters(params);
    } catch (err) {
      caught = err;
    }
    expect(isTrustBridgeError(caught) && caught.code).toBe(C.REQUEST_NOT_SIGNED);
    expect(isTrustBridgeError(caught) && caught.specCode).toBe('invalid_request_object');
    expect(await codeOf(() => validateAuthorizationRequestParameters(params, { requireSigned: true }))).toBe(C.REQUEST_NOT_SIGNED);
  });

  it('accepts them when the policy allows unsigned requests: JSON members parsed, purpose read', async () => {
    const { created, params } = await paramsOf();
    const validated = validateAuthorizationRequestParameters(params, { requireSigned: false });
    expect(validated).toMatchObject({ signed: false, clientIdPrefix: 'redirect_uri', purpose: 'kyb-account-opening' });
    expect(validated).not.toHaveProperty('verifierDid');
    expect(validated.parameters).toMatchObject({ nonce: created.nonce, state: created.state, dcql_query: dcqlQuery, response_uri: `${BASE}/response` });
    expect(validated.parameters.client_metadata).toHaveProperty('vp_formats_supported');
  });

  it('accepts a presentation_definition by value (parsed and checked against the subset)', async () => {
    const { params } = await paramsOf({ dcqlQuery: undefined, presentationDefinition: definition });
    expect(JSON.parse(params.presentation_definition!)).toEqual(definition);
    expect(params).not.toHaveProperty('dcql_query');
    const validated = validateAuthorizationRequestParameters(params, { requireSigned: false });
    expect(validated.parameters.presentation_definition).toEqual(definition);
  });

  it.each<[string, (p: Record<string, string>) => void, string]>([
    ['a decentralized_identifier: client cannot send plain parameters', (p) => (p.client_id = `decentralized_identifier:${verifier.did}`), C.REQUEST_NOT_SIGNED],
    ['unsupported client id prefix', (p) => (p.client_id = `x509_san_dns:bank.example`), C.CLIENT_ID_UNSUPPORTED],
    ['client id without a prefix', (p) => (p.client_id = 'bank'), C.CLIENT_ID_UNSUPPORTED],
    ['client_id missing', (p) => delete p.client_id, C.INVALID_REQUEST],
    ['response_uri differs from the redirect_uri client id', (p) => (p.response_uri = 'https://evil.example/response'), C.INVALID_REQUEST],
    ['response_type not vp_token', (p) => (p.response_type = 'code'), C.INVALID_REQUEST],
    ['response_mode not direct_post', (p) => (p.response_mode = 'fragment'), C.INVALID_REQUEST],
    ['nonce missing', (p) => delete p.nonce, C.INVALID_REQUEST],
    ['state empty', (p) => (p.state = ''), C.INVALID_REQUEST],
    ['dcql_query not JSON', (p) => (p.dcql_query = '{credentials'), C.INVALID_REQUEST],
    ['dcql_query invalid', (p) => (p.dcql_query = '{"credentials":[]}'), C.INVALID_REQUEST],
    ['no query at all', (p) => delete p.dcql_query, C.INVALID_REQUEST],
    ['both dcql_query and presentation_definition', (p) => (p.presentation_definition = JSON.stringify(definition)), C.INVALID_REQUEST],
    ['presentation_definition outside the subset', (p) => {
      delete p.dcql_query;
      p.presentation_definition = JSON.stringify({ ...definition, submission_requirements: [] });
    }, C.INVALID_REQUEST],
    ['client_metadata not JSON', (p) => (p.client_metadata = 'nope'), C.INVALID_REQUEST],
  ])('with requireSigned: false still refuses: %s', async (_why, edit, code) => {
    const { params } = await paramsOf();
    edit(params);
    expect(await codeOf(() => validateAuthorizationRequestParameters(params, { requireSigned: false }))).toBe(code);
  });

  it('a bad presentation_definition carries ERR_PEX_INVALID_DEFINITION as its cause', async () => {
    const { params } = await paramsOf();
    delete params.dcql_query;
    params.presentation_definition = JSON.stringify({ ...definition, frame: {} });
    let caught: unknown;
    try {
      validateAuthorizationRequestParameters(params, { requireSigned: false });
    } catch (err) {
      caught = err;
    }
    expect(isTrustBridgeError(caught) && caught.code).toBe(C.INVALID_REQUEST);
    const cause = (caught as { cause?: unknown }).cause;
    expect(isTrustBridgeError(cause) && cause.code).toBe('ERR_PEX_INVALID_DEFINITION');
  });

  it('round-trips through encodeParameters', async () => {
    const { created } = await paramsOf();
    const read = readAuthorizationRequestUri(`openid4vp://?${encodeParameters(created.parameters as unknown as Record<string, unknown>)}`);
    expect(validateAuthorizationRequestParameters((read as { parameters: Record<string, string> }).parameters, { requireSigned: false }).parameters.state).toBe(created.state);
  });
});

describe('DIF PE 2 response through handleAuthorizationResponse', () => {
  const repClaims = { given_name: 'Ada', family_name: 'Tremblay', role: 'Director', birthdate: '1980-02-29' };
  let sdJwt: string;
  beforeAll(async () => {
    sdJwt = await issueSdJwtVc(repClaims, {
      signer: issuer.signer,
      iss: issuer.did,
      vct: REP_VCT,
      holderKey: ed25519PublicKeyToJwk(holder.publicKey),
      disclosureFrame: { _sd: Object.keys(repClaims) },
      clock,
    });
  });
  const holderSigner = () => createJwkSigner({ id: 'holder', privateJwk: ed25519SecretKeyToJwk(holder.secretKey, holder.publicKey) });
  const pexRequest = (pd: unknown = definition) => signedRequest({ dcqlQuery: undefined, presentationDefinition: pd });
  const present = (created: { nonce: string; clientId: string }, disclose: string[]) =>
    presentSdJwtVc(sdJwt, { disclose, holderSigner: holderSigner(), nonce: created.nonce, aud: created.clientId, clock });
  const submission = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({ id: 'sub', definition_id: definition.id, descriptor_map: [{ id: 'representative', format: 'dc+sd-jwt', path: '$' }], ...extra });

  it('satisfied: exactly the fields disclosed → verified with the matched claim paths', async () => {
    const created = await pexRequest();
    expect(created.parameters.presentation_definition).toEqual(definition);
    const vp = await present(created, ['/given_name', '/role']);
    await handleAuthorizationResponse({ vp_token: vp, presentation_submission: submission(), state: created.state }, ctx());
    const result = (await getAuthorizationResult(created.id, ctx())) as { status: string; presentations: Record<string, Array<{ claimPaths: unknown; claims: object }>> };
    expect(result.status).toBe('verified');
    expect(result.presentations.representative![0]!.claimPaths).toEqual([['vct'], ['given_name'], ['role']]);
    expect(result.presentations.representative![0]!.claims).not.toHaveProperty('birthdate');
  });

  it('limit_disclosure: required with extra disclosed claims is refused (ERR_PEX_DESCRIPTOR_NOT_SATISFIED)', async () => {
    const created = await pexRequest();
    const vp = await present(created, ['/given_name', '/role', '/birthdate']);
    expect(await codeOf(handleAuthorizationResponse({ vp_token: vp, presentation_submission: submission(), state: created.state }, ctx()))).toBe(
      'ERR_PEX_DESCRIPTOR_NOT_SATISFIED',
    );
    expect((await getAuthorizationResult(created.id, ctx())).status).toBe('pending');
  });

  it('limit_disclosure: preferred accepts extra disclosed claims', async () => {
    const preferred = JSON.parse(JSON.stringify(definition)) as typeof definition;
    preferred.input_descriptors[0]!.constraints.limit_disclosure = 'preferred';
    const created = await pexRequest(preferred);
    const vp = await present(created, ['/given_name', '/role', '/birthdate']);
    await handleAuthorizationResponse({ vp_token: vp, presentation_submission: submission(), state: created.state }, ctx());
    expect((await getAuthorizationResult(created.id, ctx())).status).toBe('verified');
  });

  it('a required field left undisclosed is not satisfied (ERR_PEX_DESCRIPTOR_NOT_SATISFIED)', async () => {
    const created = await pexRequest();
    const vp = await present(created, ['/given_name']);
    expect(await codeOf(handleAuthorizationResponse({ vp_token: vp, presentation_submission: submission(), state: created.state }, ctx()))).toBe(
      'ERR_PEX_DESCRIPTOR_NOT_SATISFIED',
    );
  });

  it.each<[string, Record<string, unknown>]>([
    ['wrong definition id', { definition_id: 'another-definition' }],
    ['descriptor answered twice', { descriptor_map: [{ id: 'representative', format: 'dc+sd-jwt', path: '$' }, { id: 'representative', format: 'dc+sd-jwt', path: '$' }] }],
    ['descriptor missing (unknown id instead)', { descriptor_map: [{ id: 'registration', format: 'dc+sd-jwt', path: '$' }] }],
    ['bad path', { descriptor_map: [{ id: 'representative', format: 'dc+sd-jwt', path: '$..x' }] }],
    ['path selecting nothing', { descriptor_map: [{ id: 'representative', format: 'dc+sd-jwt', path: '$[1]' }] }],
    ['format not the presentation’s', { descriptor_map: [{ id: 'representative', format: 'ldp_vp', path: '$' }] }],
  ])('submission refused: %s (ERR_PEX_INVALID_SUBMISSION)', async (_why, extra) => {
    const created = await pexRequest();
    const vp = await present(created, ['/given_name', '/role']);
    expect(await codeOf(handleAuthorizationResponse({ vp_token: vp, presentation_submission: submission(extra), state: created.state }, ctx()))).toBe(
      'ERR_PEX_INVALID_SUBMISSION',
    );
  });

  it('a missing presentation_submission is refused (ERR_PEX_INVALID_SUBMISSION)', async () => {
    const created = await pexRequest();
    const vp = await present(created, ['/given_name', '/role']);
    expect(await codeOf(handleAuthorizationResponse({ vp_token: vp, state: created.state }, ctx()))).toBe('ERR_PEX_INVALID_SUBMISSION');
  });

  it('createAuthorizationRequest refuses a definition outside the subset, and both or neither query', async () => {
    expect(await codeOf(pexRequest({ ...definition, submission_requirements: [] }))).toBe('ERR_PEX_INVALID_DEFINITION');
    expect(await codeOf(signedRequest({ presentationDefinition: definition }))).toBe(C.OPTIONS_INVALID);
    expect(await codeOf(signedRequest({ dcqlQuery: undefined }))).toBe(C.OPTIONS_INVALID);
  });
});
