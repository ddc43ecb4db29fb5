/**
 * The wallet's record of a held credential and how it is shown (vocabulary EN/FR display metadata).
 */
import { isObject } from '@trustbridge/core';
import { claimDefinition, displayCredential, fromSdJwtClaims, isVocabCredentialType, typeForVct, type DisplayLanguage, type VocabCredentialType } from '@trustbridge/vocab';

/** Credential formats the wallet holds (OpenID4VCI 1.0 Appendix A identifiers). */
export type HeldFormat = 'ldp_vc' | 'jwt_vc_json' | 'dc+sd-jwt';
export const HELD_FORMATS: readonly HeldFormat[] = ['ldp_vc', 'jwt_vc_json', 'dc+sd-jwt'];

/** What the wallet stores (encrypted) for each credential. */
export interface StoredCredential {
  id: string;
  format: HeldFormat;
  /** As issued: an object (`ldp_vc`) or a compact string (`jwt_vc_json`, `dc+sd-jwt`). */
  credential: unknown;
  /**
   * The claims to match and show: the credential (`ldp_vc`), the JWT payload (`jwt_vc_json`), or every
   * disclosed claim (`dc+sd-jwt`: `iss`, `vct`, the subject's claims).
   */
  claims: Record<string, unknown>;
  types: string[];
  vct?: string;
  issuer: string;
  issuedAt?: string;
  receivedAt: string;
  credentialIssuer?: string;
  configurationId?: string;
}

/** A held credential as `receiveOffer` returns it. */
export interface HeldCredential {
  id: string;
  format: HeldFormat;
  types: string[];
  vct?: string;
  issuer: string;
  issuedAt?: string;
  receivedAt: string;
}

/** One shown field. `selfAsserted`: the issuer flagged it as declared by the holder, not verified. */
export interface DisplayFieldSummary {
  label: string;
  value: string;
  selfAsserted?: boolean;
}

/** A line of the credential list. */
export interface HeldCredentialSummary {
  id: string;
  format: HeldFormat;
  types: string[];
  issuer: string;
  issuedAt?: string;
  display: { title: string; fields: DisplayFieldSummary[] };
}

/** One credential in full: the summary, its claims and the credential as issued. */
export interface HeldCredentialDetail extends HeldCredentialSummary {
  vct?: string;
  receivedAt: string;
  description?: string;
  claims: Record<string, unknown>;
  credential: unknown;
}

/** The vocabulary type of a held credential, if it has one. */
export function vocabTypeOf(item: Pick<StoredCredential, 'types' | 'vct'>): VocabCredentialType | undefined {
  if (item.vct) {
    const t = typeForVct(item.vct);
    if (t) return t;
  }
  return item.types.find((t): t is VocabCredentialType => isVocabCredentialType(t));
}

/** The W3C-shaped credential of a held item (SD-JWT claims mapped back through the vocabulary). */
function w3cView(item: StoredCredential): Record<string, unknown> | undefined {
  if (item.format !== 'dc+sd-jwt') return item.claims;
  try {
    return fromSdJwtClaims(item.claims) as unknown as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(text).join(', ');
  return JSON.stringify(value);
}

/** Title, description and fields in `lang`; credentials outside the vocabulary get a generic view. */
export function displayOf(item: StoredCredential, lang: DisplayLanguage): { title: string; description?: string; fields: DisplayFieldSummary[] } {
  const view = w3cView(item);
  if (view && vocabTypeOf(item)) {
    try {
      const d = displayCredential(view as { type?: unknown; credentialSubject?: unknown }, lang);
      return { title: d.title, description: d.description, fields: d.fields.map((f) => ({ label: f.label, value: f.value, ...(f.selfAsserted ? { selfAsserted: true } : {}) })) };
    } catch {
      // fall through to the generic view
    }
  }
  const subject = item.format === 'dc+sd-jwt' ? item.claims : isObject(item.claims['credentialSubject']) ? (item.claims['credentialSubject'] as Record<string, unknown>) : {};
  const hidden = new Set(['iss', 'vct', 'cnf', 'iat', 'nbf', 'exp', 'status', '_sd_alg', 'sub', 'id']);
  return {
    title: item.vct ?? item.types.filter((t) => t !== 'VerifiableCredential').at(-1) ?? 'Credential',
    fields: Object.entries(subject)
      .filter(([k]) => !hidden.has(k))
      .map(([k, v]) => ({ label: k, value: text(v) })),
  };
}

/** Summary line of a held credential. */
export function summaryOf(item: StoredCredential, lang: DisplayLanguage): HeldCredentialSummary {
  const d = displayOf(item, lang);
  return { id: item.id, format: item.format, types: item.types, issuer: item.issuer, ...(item.issuedAt ? { issuedAt: item.issuedAt } : {}), display: { title: d.title, fields: d.fields } };
}

const SD_JWT_TOP_RENAMES: Record<string, string> = { businessStatus: 'status', sub: 'id' };

/** Label of a claim path (DCQL path over the stored claims) in `lang`; the path itself when unknown. */
export function claimLabel(item: StoredCredential, path: readonly (string | number | null)[], lang: DisplayLanguage): string {
  const type = vocabTypeOf(item);
  let subjectPath: (string | number | null)[] | undefined;
  if (item.format === 'dc+sd-jwt') subjectPath = path.map((seg, i) => (i === 0 && typeof seg === 'string' ? (SD_JWT_TOP_RENAMES[seg] ?? seg) : seg));
  else if (path[0] === 'credentialSubject') subjectPath = path.slice(1);
  const def = type && subjectPath ? claimDefinition(type, subjectPath) : undefined;
  return def ? def.label[lang] : path.map((s) => (s === null ? '*' : String(s))).join('.');
}

/** Shows a claim value as text. */
export function claimText(value: unknown): string {
  return text(value);
}
