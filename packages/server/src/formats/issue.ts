/**
 * `POST /credentials/issue` for the JOSE forms (issue 3 item 3): `options.format` of `vc+jwt` or
 * `dc+sd-jwt`, the SD-JWT VC options (`vct`, `disclosureFrame` / `selectivelyDisclosable`,
 * `holderKey`), and issuance through the `vc` facade so every form goes through one pipeline.
 */
import { TrustBridgeError, isObject, toArray, type Clock, type DocumentLoader, type JsonWebKey, type Signer } from '@trustbridge/core';
import { issueCredential } from '@trustbridge/vc';
import { VOCAB_CONTEXT_URL, isVocabCredentialType, vctOf } from '@trustbridge/vocab';
import { invalidRequest } from '../http.js';

/** The forms `POST /credentials/issue` produces (OpenID4VP format identifiers / VC-JOSE-COSE media types). */
export const CREDENTIAL_ISSUE_FORMATS = ['ldp_vc', 'vc+jwt', 'dc+sd-jwt'] as const;
/** One of {@link CREDENTIAL_ISSUE_FORMATS}. */
export type CredentialIssueFormat = (typeof CREDENTIAL_ISSUE_FORMATS)[number];
/** The JOSE members of {@link CREDENTIAL_ISSUE_FORMATS}: the answer is a compact serialization. */
export type JoseIssueFormat = Exclude<CredentialIssueFormat, 'ldp_vc'>;

/** A disclosure frame in the `@sd-jwt/*` shape (`_sd` names or indexes per level, nested frames per claim). */
export interface DisclosureFrame {
  _sd?: Array<string | number>;
  _sd_decoy?: number;
  [claim: string]: unknown;
}

/** Claims the service sets itself or SD-JWT VC keeps plainly visible (SD-JWT VC §3.2.2.2). */
const NOT_SELECTIVELY_DISCLOSABLE = new Set(['iss', 'vct', 'vct#integrity', 'iat', 'nbf', 'exp', 'cnf', 'status', 'credentialStatus', '_sd', '_sd_alg']);
/** ldp_vc-only issue options: refused with a JOSE format rather than ignored. */
const DATA_INTEGRITY_ONLY = ['cryptosuite', 'proofType', 'created'] as const;
/** JOSE-only issue options: refused with ldp_vc rather than ignored. */
const SD_JWT_ONLY = ['vct', 'disclosureFrame', 'selectivelyDisclosable', 'holderKey'] as const;
/** JWK members that hold private key material (RFC 7517 §9.2, RFC 7518 §6). */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * Reads `options.format`: absent → `ldp_vc`; `application/vc` is accepted as `ldp_vc`. Anything else
 * is refused with 400 `ERR_REQUEST_INVALID` whose problem carries `ERR_FORMAT_UNSUPPORTED`.
 */
export function parseIssueFormat(value: unknown): CredentialIssueFormat {
  if (value === undefined || value === 'application/vc') return 'ldp_vc';
  if (typeof value === 'string' && (CREDENTIAL_ISSUE_FORMATS as readonly string[]).includes(value)) return value as CredentialIssueFormat;
  const message = `options.format must be one of ${CREDENTIAL_ISSUE_FORMATS.join(', ')}.`;
  throw new TrustBridgeError('ERR_REQUEST_INVALID', message, {
    details: { problems: [{ code: 'ERR_FORMAT_UNSUPPORTED', message, path: '/options/format' }], allowed: [...CREDENTIAL_ISSUE_FORMATS] },
  });
}

/** Refuses options that only apply to the other family of formats (a value we cannot honour is refused, not ignored). */
export function refuseForeignOptions(format: CredentialIssueFormat, options: Record<string, unknown>): void {
  const foreign = format === 'ldp_vc' ? SD_JWT_ONLY : DATA_INTEGRITY_ONLY;
  for (const name of foreign) {
    if (options[name] !== undefined) throw invalidRequest(`options.${name} does not apply to the ${format} format.`, `/options/${name}`);
  }
  if (format === 'vc+jwt') {
    for (const name of SD_JWT_ONLY) {
      if (options[name] !== undefined) throw invalidRequest(`options.${name} applies to dc+sd-jwt only.`, `/options/${name}`);
    }
  }
}

/**
 * The default SD-JWT VC `vct` of a credential: for a TrustBridge vocabulary type (under the vocabulary
 * context) its registered `vct` (`https://trustbridge.ca/vct/<type>/v1`); else the most specific type
 * when it is an absolute URL.
 * Otherwise there is no honest default and `options.vct` is required (400).
 */
export function defaultVct(credential: Record<string, unknown>): string {
  const types = toArray(credential['type'] as string | string[] | undefined).filter((t): t is string => typeof t === 'string');
  // A vocabulary type *name* means the vocabulary only under the vocabulary's context (JSON-LD: the
  // same name under another context is another type).
  const ctx = credential['@context'];
  const usesVocabulary = Array.isArray(ctx) ? ctx.includes(VOCAB_CONTEXT_URL) : ctx === VOCAB_CONTEXT_URL;
  const vocab = usesVocabulary ? types.find(isVocabCredentialType) : undefined;
  if (vocab) return vctOf(vocab);
  const specific = types.filter((t) => t !== 'VerifiableCredential').at(-1);
  if (specific !== undefined && /^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(specific)) return specific;
  throw invalidRequest('options.vct is required: no SD-JWT VC type is known for this credential type.', '/options/vct');
}

function parsePointer(pointer: unknown, at: string): string[] {
  if (typeof pointer !== 'string' || !pointer.startsWith('/') || pointer.length < 2 || /~[^01]|~$/.test(pointer)) {
    throw invalidRequest('Each selectively disclosable claim must be a JSON Pointer (RFC 6901) such as "/legalName".', at);
  }
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Builds a disclosure frame from JSON Pointers (RFC 6901) into the SD-JWT VC claims — the properties of
 * `credentialSubject` at the top level, `sub` for its `id` — e.g. `["/legalName", "/address/locality",
 * "/roles/0"]`. Naming a claim and a claim inside it makes both selectively disclosable (recursive,
 * RFC 9901 §6.3). Pointers to absent or reserved claims are refused (400 `ERR_REQUEST_INVALID`).
 */
export function frameFromPointers(pointers: unknown, claims: Record<string, unknown>, at = '/options/selectivelyDisclosable'): DisclosureFrame {
  if (!Array.isArray(pointers) || pointers.length === 0 || pointers.length > 256) {
    throw invalidRequest('options.selectivelyDisclosable must be a non-empty array of JSON Pointers.', at);
  }
  const root: DisclosureFrame = {};
  pointers.forEach((pointer, i) => {
    const segments = parsePointer(pointer, `${at}/${i}`);
    if (NOT_SELECTIVELY_DISCLOSABLE.has(segments[0]!)) {
      throw invalidRequest(`${segments[0]} cannot be selectively disclosable (SD-JWT VC §3.2.2.2).`, `${at}/${i}`);
    }
    let value: unknown = claims;
    let frame = root;
    segments.forEach((segment, depth) => {
      let key: string | number;
      if (Array.isArray(value)) {
        if (!/^(0|[1-9]\d*)$/.test(segment) || Number(segment) >= value.length) throw invalidRequest(`${pointer} names no claim of the credential.`, `${at}/${i}`);
        key = Number(segment);
      } else if (isObject(value) && Object.hasOwn(value, segment)) key = segment;
      else throw invalidRequest(`${pointer} names no claim of the credential.`, `${at}/${i}`);
      value = (value as Record<string, unknown>)[key as never];
      if (depth === segments.length - 1) {
        const sd = (frame._sd ??= []);
        if (!sd.includes(key)) sd.push(key);
      } else {
        frame = ((frame as Record<string, unknown>)[String(key)] ??= {}) as DisclosureFrame;
      }
    });
  });
  return root;
}

/** The SD-JWT VC claims a credential becomes (as the `vc` facade maps them): `sub` from the subject's `id`, its other properties at the top level. */
export function sdJwtClaimsOf(credential: Record<string, unknown>): Record<string, unknown> {
  const subject = credential['credentialSubject'];
  if (!isObject(subject)) throw invalidRequest('dc+sd-jwt carries exactly one credentialSubject object.', '/credential/credentialSubject');
  const { id, ...rest } = subject;
  return { ...(typeof id === 'string' ? { sub: id } : {}), ...rest };
}

/** Reads `options.holderKey`: a public JWK (OKP Ed25519 or EC P-256) for `cnf.jwk`; private members are refused. */
export function parseHolderKey(value: unknown, at = '/options/holderKey'): JsonWebKey {
  if (!isObject(value)) throw invalidRequest('The holder key must be a public JWK object.', at);
  if (PRIVATE_JWK_MEMBERS.some((m) => m in value)) throw invalidRequest('The holder key must not contain private key members.', at);
  const okp = value['kty'] === 'OKP' && value['crv'] === 'Ed25519' && typeof value['x'] === 'string';
  const ec = value['kty'] === 'EC' && value['crv'] === 'P-256' && typeof value['x'] === 'string' && typeof value['y'] === 'string';
  if (!okp && !ec) throw invalidRequest('The holder key must be an OKP Ed25519 or EC P-256 public JWK.', at);
  return value as JsonWebKey;
}

/** SD-JWT VC issuance options read from a request (or the CLI). */
export interface SdJwtRequestOptions {
  vct: string;
  disclosureFrame?: DisclosureFrame;
  holderKey?: JsonWebKey;
}

/** Reads the `dc+sd-jwt` options of a request for `credential` (see {@link frameFromPointers}, {@link parseHolderKey}). */
export function parseSdJwtOptions(credential: Record<string, unknown>, options: Record<string, unknown>): SdJwtRequestOptions {
  const vctOption = options['vct'];
  if (vctOption !== undefined && (typeof vctOption !== 'string' || vctOption === '')) throw invalidRequest('options.vct must be a non-empty string.', '/options/vct');
  const vct = (vctOption as string | undefined) ?? defaultVct(credential);
  const { disclosureFrame, selectivelyDisclosable, holderKey } = options;
  if (disclosureFrame !== undefined && selectivelyDisclosable !== undefined) {
    throw invalidRequest('Give options.disclosureFrame or options.selectivelyDisclosable, not both.', '/options/disclosureFrame');
  }
  if (disclosureFrame !== undefined && !isObject(disclosureFrame)) throw invalidRequest('options.disclosureFrame must be an object.', '/options/disclosureFrame');
  const frame = selectivelyDisclosable !== undefined ? frameFromPointers(selectivelyDisclosable, sdJwtClaimsOf(credential)) : (disclosureFrame as DisclosureFrame | undefined);
  return { vct, ...(frame ? { disclosureFrame: frame } : {}), ...(holderKey !== undefined ? { holderKey: parseHolderKey(holderKey) } : {}) };
}

/** What {@link issueJoseCredential} signs with. */
export interface JoseIssueContext {
  signer: Signer;
  documentLoader: DocumentLoader;
  clock: Clock;
}

/**
 * Issues `credential` (its issuer already the service's DID) as `vc+jwt` or `dc+sd-jwt` through the
 * `vc` facade and returns the compact serialization. Misuse of the SD-JWT options that the JOSE layer
 * detects (`ERR_JOSE_OPTIONS_INVALID`, e.g. a frame naming an absent claim) is the client's: 400.
 */
export async function issueJoseCredential(
  credential: Record<string, unknown>,
  format: JoseIssueFormat,
  sdJwt: SdJwtRequestOptions | undefined,
  context: JoseIssueContext,
): Promise<string> {
  try {
    return await issueCredential(credential, {
      format,
      signer: context.signer,
      documentLoader: context.documentLoader,
      clock: context.clock,
      ...(sdJwt ? { sdJwt } : {}),
    });
  } catch (error) {
    if (error instanceof TrustBridgeError && error.code === 'ERR_JOSE_OPTIONS_INVALID') {
      throw new TrustBridgeError('ERR_REQUEST_INVALID', error.message, {
        cause: error,
        details: { problems: [{ code: error.code, message: error.message, path: '/options' }] },
      });
    }
    throw error;
  }
}
