/**
 * Holder side of SD-JWT (RFC 9901 §7.2): choose which Disclosures to reveal and bind the presentation
 * to a verifier with a Key Binding JWT (§4.3).
 */
import { isObject, systemClock, type Clock, type Signer } from '@trustbridge/core';
import { optionsError, parseCompactJws } from '../compact.js';
import { signCompactJws } from '../jws.js';
import { disclosureDigest, sdHash } from './disclosure.js';
import { parseDisclosure, processPayload, type ParsedDisclosure } from './process.js';
import { KB_JWT_TYP } from './verify.js';

/**
 * Which claims to reveal: JSON Pointers (RFC 6901) into the full credential (`/address/locality`,
 * `/nationalities/0`), or a presentation frame in the `@sd-jwt/*` shape
 * (`{ address: { locality: true }, nationalities: { 0: true } }`). Revealing a claim reveals every
 * Disclosure on the way to it and everything inside it.
 */
export type DisclosureSelection = readonly string[] | PresentationFrame;
export interface PresentationFrame {
  [claim: string]: boolean | PresentationFrame;
}

/** Options of {@link presentSdJwtVc}. */
export interface PresentSdJwtOptions {
  disclose: DisclosureSelection;
  /** The key whose public JWK is the credential's `cnf.jwk`. With it a KB-JWT is appended. */
  holderSigner?: Signer;
  /** The verifier's nonce (required with `holderSigner`). */
  nonce?: string;
  /** The verifier (required with `holderSigner`). */
  aud?: string;
  /** KB-JWT `iat` in seconds; default the clock's now. */
  iat?: number;
  clock?: Clock;
}

interface Node {
  path: string[];
  disclosure: ParsedDisclosure;
}

/** Lists every Disclosure of an issued SD-JWT with the path of the claim it discloses (full array positions). */
function mapDisclosures(payload: Record<string, unknown>, encoded: string[]): Node[] {
  const byDigest = new Map(encoded.map((d) => [disclosureDigest(d), d]));
  const nodes: Node[] = [];
  const walk = (value: unknown, path: string[]): void => {
    if (Array.isArray(value)) {
      value.forEach((el, i) => {
        if (isObject(el) && typeof el['...'] === 'string' && Object.keys(el).length === 1) {
          const d = byDigest.get(el['...']);
          if (!d) return;
          const disclosure = parseDisclosure(d);
          nodes.push({ path: [...path, String(i)], disclosure });
          walk(disclosure.value, [...path, String(i)]);
        } else walk(el, [...path, String(i)]);
      });
    } else if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) if (k !== '_sd') walk(v, [...path, k]);
      if (Array.isArray(value._sd)) {
        for (const digest of value._sd) {
          const d = typeof digest === 'string' ? byDigest.get(digest) : undefined;
          if (!d) continue;
          const disclosure = parseDisclosure(d);
          nodes.push({ path: [...path, disclosure.name!], disclosure });
          walk(disclosure.value, [...path, disclosure.name!]);
        }
      }
    }
  };
  walk(payload, []);
  return nodes;
}

function pointerToPath(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw optionsError(`"${pointer}" is not a JSON Pointer (RFC 6901).`);
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function frameToPaths(frame: PresentationFrame, prefix: string[] = [], out: string[][] = []): string[][] {
  for (const [k, v] of Object.entries(frame)) {
    if (v === true) out.push([...prefix, k]);
    else if (isObject(v)) frameToPaths(v as PresentationFrame, [...prefix, k], out);
    else if (v !== false) throw optionsError('A presentation frame holds only true, false or nested frames.');
  }
  return out;
}

function isPrefix(a: string[], b: string[]): boolean {
  return a.length <= b.length && a.every((s, i) => s === b[i]);
}

/**
 * Creates a presentation of an SD-JWT (VC): the Issuer-signed JWT, only the selected Disclosures,
 * and — with `holderSigner` — a KB-JWT `{ typ: 'kb+jwt' }` with `iat`, `aud`, `nonce` and `sd_hash`
 * over the presented SD-JWT (RFC 9901 §4.3, §4.3.1). Throws `ERR_JOSE_OPTIONS_INVALID` when a
 * selection names a claim the credential does not have.
 *
 * @example
 * ```ts
 * const presentation = await presentSdJwtVc(sdJwt, {
 *   disclose: ['/given_name', '/address/locality'],
 *   holderSigner, nonce: request.nonce, aud: 'https://bank.example',
 * });
 * ```
 */
export async function presentSdJwtVc(sdJwt: string, options: PresentSdJwtOptions): Promise<string> {
  if (typeof sdJwt !== 'string') throw optionsError('sdJwt must be a string.');
  const parts = sdJwt.split('~');
  if (parts.length < 2 || parts[parts.length - 1] !== '') throw optionsError('Expected an SD-JWT without key binding (ending in ~).');
  const jwt = parts[0]!;
  const encoded = parts.slice(1, -1);
  const { payload } = parseCompactJws(jwt);
  const nodes = mapDisclosures(payload, encoded);
  const full = processPayload(payload, encoded).claims;

  const selection = options?.disclose;
  const paths = Array.isArray(selection) ? (selection as string[]).map(pointerToPath) : isObject(selection) ? frameToPaths(selection as PresentationFrame) : undefined;
  if (!paths) throw optionsError('disclose must be a list of JSON Pointers or a presentation frame.');
  for (const path of paths) {
    let v: unknown = full;
    for (const seg of path) v = isObject(v) || Array.isArray(v) ? (v as Record<string, unknown>)[seg] : undefined;
    const known = v !== undefined || nodes.some((n) => isPrefix(path, n.path));
    if (!known) throw optionsError(`The credential has no claim at /${path.join('/')}.`);
  }
  const chosen = new Set<string>();
  for (const node of nodes) {
    if (paths.some((p) => isPrefix(node.path, p) || isPrefix(p, node.path))) chosen.add(node.disclosure.encoded);
  }
  const presented = `${jwt}~${encoded.filter((d) => chosen.has(d)).map((d) => `${d}~`).join('')}`;
  if (!options.holderSigner) return presented;

  if (typeof options.nonce !== 'string' || typeof options.aud !== 'string') throw optionsError('Key binding needs nonce and aud.');
  const iat = options.iat ?? Math.floor((options.clock ?? systemClock)().getTime() / 1000);
  const kb = await signCompactJws({ typ: KB_JWT_TYP }, { iat, aud: options.aud, nonce: options.nonce, sd_hash: sdHash(presented) }, options.holderSigner);
  return `${presented}${kb}`;
}
