/**
 * SD-JWT issuance (RFC 9901 §4) and the SD-JWT VC profile (draft-ietf-oauth-sd-jwt-vc §3):
 * selectively disclosable claims chosen by a disclosure frame (flat, structured, recursive, array
 * elements, decoys), signed with an injected {@link Signer}.
 */
import { isObject, systemClock, type Clock, type JsonWebKey, type Signer } from '@trustbridge/core';
import { optionsError } from '../compact.js';
import { signCompactJws } from '../jws.js';
import { SD_ALG, compactSerializer, defaultSaltGenerator, disclosureDigest, encodeDisclosure, type DisclosureSerializer, type SaltGenerator } from './disclosure.js';

/**
 * Which claims are selectively disclosable — the frame shape `@sd-jwt/*` uses, so frames move between
 * the two libraries unchanged:
 * - `_sd`: names (in an object) or indexes (in an array) made selectively disclosable at this level;
 * - `_sd_decoy`: how many decoy digests to add at this level (RFC 9901 §4.2.5);
 * - any other key: the frame for that claim's value (structured, §6.2; combined with `_sd` listing
 *   the same key it is recursive, §6.3).
 *
 * @example
 * ```ts
 * // flat address, one selectively disclosable nationality, family name, and 2 decoys at the top
 * const frame = { _sd: ['family_name', 'address'], nationalities: { _sd: [0] }, _sd_decoy: 2 };
 * // structured: address always present, its members selectively disclosable
 * const structured = { address: { _sd: ['street_address', 'locality'] } };
 * // recursive: address selectively disclosable, and each of its members too
 * const recursive = { _sd: ['address'], address: { _sd: ['street_address', 'locality'] } };
 * ```
 */
export interface DisclosureFrame {
  _sd?: Array<string | number>;
  _sd_decoy?: number;
  [claim: string]: unknown;
}

interface PackContext {
  salt: SaltGenerator;
  serialize: DisclosureSerializer;
  disclosures: string[];
}

function decoy(ctx: PackContext): string {
  // A decoy digest is the digest of a random value (RFC 9901 §4.2.5); it is never disclosed.
  return disclosureDigest(ctx.salt());
}

function decoyCount(frame: DisclosureFrame, path: string): number {
  const n = frame._sd_decoy ?? 0;
  if (!Number.isInteger(n) || n < 0 || n > 1000) throw optionsError(`_sd_decoy at ${path || '/'} must be an integer from 0 to 1000.`);
  return n;
}

function pack(value: unknown, frame: unknown, ctx: PackContext, path: string): unknown {
  if (frame === undefined) return value;
  if (!isObject(frame)) throw optionsError(`The disclosure frame at ${path || '/'} must be an object.`);
  const f = frame as DisclosureFrame;
  const sd = f._sd ?? [];
  if (!Array.isArray(sd)) throw optionsError(`_sd at ${path || '/'} must be an array.`);
  if (Array.isArray(value)) {
    for (const k of Object.keys(f)) {
      if (k !== '_sd' && k !== '_sd_decoy' && !(/^\d+$/.test(k) && Number(k) < value.length)) throw optionsError(`The frame names ${path}/${k}, which the array does not have.`);
    }
    for (const i of sd) if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= value.length) throw optionsError(`_sd at ${path} lists an index the array does not have.`);
    const out: unknown[] = value.map((element, i) => {
      const inner = pack(element, f[String(i)], ctx, `${path}/${i}`);
      if (!sd.includes(i)) return inner;
      const disclosure = encodeDisclosure(ctx.salt(), undefined, inner, ctx.serialize);
      ctx.disclosures.push(disclosure);
      return { '...': disclosureDigest(disclosure) };
    });
    for (let i = decoyCount(f, path); i > 0; i--) out.push({ '...': decoy(ctx) });
    return out;
  }
  if (!isObject(value)) throw optionsError(`The frame at ${path || '/'} describes a value that is not an object or array.`);
  for (const k of Object.keys(f)) {
    if (k !== '_sd' && k !== '_sd_decoy' && !(k in value)) throw optionsError(`The frame names ${path}/${k}, which the claims do not have.`);
  }
  const out: Record<string, unknown> = {};
  const digests: string[] = [];
  for (const [name, claim] of Object.entries(value)) {
    if (name === '_sd' || name === '...') throw optionsError(`A claim cannot be named ${name} (RFC 9901 §4.2.1).`);
    const inner = pack(claim, f[name], ctx, `${path}/${name}`);
    if (sd.includes(name)) {
      const disclosure = encodeDisclosure(ctx.salt(), name, inner, ctx.serialize);
      ctx.disclosures.push(disclosure);
      digests.push(disclosureDigest(disclosure));
    } else {
      out[name] = inner;
    }
  }
  for (const name of sd) if (typeof name !== 'string' || !(name in value)) throw optionsError(`_sd at ${path || '/'} lists ${String(name)}, which the claims do not have.`);
  for (let i = decoyCount(f, path); i > 0; i--) digests.push(decoy(ctx));
  // Sorting hides the original order of the claims (RFC 9901 §4.2.4.1).
  if (digests.length > 0) out._sd = digests.sort();
  return out;
}

/** Options of {@link issueSdJwt}. */
export interface IssueSdJwtOptions {
  signer: Signer;
  /** Selectively disclosable claims. Without a frame every claim is plainly visible. */
  disclosureFrame?: DisclosureFrame;
  /** Decoy digests to add at the top level, on top of any `_sd_decoy` in the frame. */
  decoys?: number;
  /** Injectable salts (deterministic tests). Default: 128 random bits per salt. */
  saltGenerator?: SaltGenerator;
  /** Injectable Disclosure serialization (e.g. {@link rfcExampleSerializer}). Default `JSON.stringify`. */
  disclosureSerializer?: DisclosureSerializer;
  /** Protected header members beyond `alg` (e.g. `typ`, `kid`). */
  header?: Record<string, unknown>;
}

/**
 * Issues a generic SD-JWT (RFC 9901 §4): `<Issuer-signed JWT>~<Disclosure>~…~`. The payload gets
 * `_sd_alg: "sha-256"` when anything is selectively disclosable.
 */
export async function issueSdJwt(claims: Record<string, unknown>, options: IssueSdJwtOptions): Promise<string> {
  if (!isObject(claims)) throw optionsError('claims must be an object.');
  const ctx: PackContext = {
    salt: options.saltGenerator ?? defaultSaltGenerator,
    serialize: options.disclosureSerializer ?? compactSerializer,
    disclosures: [],
  };
  const frame: DisclosureFrame = { ...(options.disclosureFrame ?? {}) };
  if (options.decoys !== undefined) frame._sd_decoy = (frame._sd_decoy ?? 0) + options.decoys;
  if ('_sd_alg' in claims) throw optionsError('_sd_alg is set by the issuer function.');
  const payload = pack(claims, frame, ctx, '') as Record<string, unknown>;
  if (ctx.disclosures.length > 0 || '_sd' in payload) payload._sd_alg = SD_ALG;
  const jwt = await signCompactJws({ ...(options.header ?? {}) }, payload, options.signer);
  return `${jwt}~${ctx.disclosures.map((d) => `${d}~`).join('')}`;
}

/** SD-JWT VC media type / `typ` (SD-JWT VC §3.1); `vc+sd-jwt` is the former value, still accepted on verify. */
export const DC_SD_JWT_TYP = 'dc+sd-jwt';
export const LEGACY_VC_SD_JWT_TYP = 'vc+sd-jwt';

/** Claims SD-JWT VC requires to be plainly visible, never selectively disclosable (SD-JWT VC §3.2.2.2). */
export const SD_JWT_VC_PLAIN_CLAIMS = ['iss', 'nbf', 'exp', 'cnf', 'vct', 'vct#integrity', 'status'] as const;

/** Options of {@link issueSdJwtVc}. */
export interface IssueSdJwtVcOptions extends Omit<IssueSdJwtOptions, 'header'> {
  /** The credential type (SD-JWT VC §3.2.2.1.1), e.g. `https://credentials.example.ca/BusinessRepresentativeCredential`. */
  vct: string;
  /** The issuer: a DID (then `kid` defaults to `signer.id`, a DID URL of it) or an HTTPS URL with JWT VC Issuer Metadata. */
  iss: string;
  /** Header `kid`. Default `signer.id`. */
  kid?: string;
  /** The holder's public key, bound as `cnf: { jwk }` (RFC 7800 §3.2) for key binding. */
  holderKey?: JsonWebKey;
  /** NumericDates (seconds). `iat` defaults to the clock's now. */
  iat?: number;
  exp?: number;
  nbf?: number;
  /** A status reference (SD-JWT VC §3.2.2.2), e.g. `{ status_list: { idx, uri } }`. */
  status?: Record<string, unknown>;
  /** Header `typ`; default `dc+sd-jwt`. */
  typ?: typeof DC_SD_JWT_TYP | typeof LEGACY_VC_SD_JWT_TYP;
  clock?: Clock;
}

/**
 * Issues an SD-JWT VC (draft-ietf-oauth-sd-jwt-vc §3): header `{ alg, typ: 'dc+sd-jwt', kid }`,
 * payload `{ iss, iat, [nbf], [exp], vct, [cnf], [status], …claims, _sd, _sd_alg }`. The claims named
 * in {@link SD_JWT_VC_PLAIN_CLAIMS} cannot be in `claims` or in the frame (a credential field named
 * `status` must be renamed, e.g. `businessStatus`). Throws `ERR_JOSE_OPTIONS_INVALID` on misuse.
 *
 * @example
 * ```ts
 * const sdJwt = await issueSdJwtVc(
 *   { given_name: 'Erika', family_name: 'Mustermann', address: { locality: 'Victoria', region: 'BC' } },
 *   { signer, iss: issuerDid, vct: 'https://credentials.example.ca/PersonIdentityCredential',
 *     holderKey: holderPublicJwk, disclosureFrame: { _sd: ['given_name', 'family_name'], address: { _sd: ['locality'] } } },
 * );
 * ```
 */
export async function issueSdJwtVc(claims: Record<string, unknown>, options: IssueSdJwtVcOptions): Promise<string> {
  if (!isObject(claims)) throw optionsError('claims must be an object.');
  if (typeof options?.vct !== 'string' || options.vct.length === 0) throw optionsError('vct is required.');
  if (typeof options.iss !== 'string' || options.iss.length === 0) throw optionsError('iss is required.');
  for (const name of [...SD_JWT_VC_PLAIN_CLAIMS, 'iat', '_sd', '_sd_alg']) {
    if (name in claims) throw optionsError(`The claim ${name} is set from options${name === 'status' ? '; rename a credential field called status (e.g. businessStatus)' : ''}.`);
  }
  for (const name of SD_JWT_VC_PLAIN_CLAIMS) {
    if (options.disclosureFrame?._sd?.includes(name)) throw optionsError(`${name} cannot be selectively disclosable (SD-JWT VC §3.2.2.2).`);
  }
  const kid = options.kid ?? options.signer?.id;
  if (options.iss.startsWith('did:') && (typeof kid !== 'string' || !kid.startsWith(`${options.iss}#`))) {
    throw optionsError('With a DID issuer, kid must be a DID URL of that DID.');
  }
  if (options.holderKey !== undefined) {
    const k = options.holderKey;
    if (!isObject(k) || typeof k.kty !== 'string' || 'd' in k) throw optionsError('holderKey must be a public JWK.');
  }
  const iat = options.iat ?? Math.floor((options.clock ?? systemClock)().getTime() / 1000);
  const payload: Record<string, unknown> = {
    iss: options.iss,
    iat,
    ...(options.nbf !== undefined ? { nbf: options.nbf } : {}),
    ...(options.exp !== undefined ? { exp: options.exp } : {}),
    vct: options.vct,
    ...(options.holderKey ? { cnf: { jwk: { ...options.holderKey } } } : {}),
    ...(options.status ? { status: options.status } : {}),
    ...claims,
  };
  return issueSdJwt(payload, {
    ...options,
    header: { typ: options.typ ?? DC_SD_JWT_TYP, ...(typeof kid === 'string' ? { kid } : {}) },
  });
}
