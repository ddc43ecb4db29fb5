/**
 * Person name comparison across credentials (research §1.1, §7 scene 3 step 4).
 *
 * BC's Digital Business Card and Person credential carry names in upper case, accents removed,
 * punctuation kept only for some holders, given names cut to the first + two middle names of at most
 * 15 characters each (47 in all) and family names cut to 35 characters; a mononym has blank given
 * names. Other issuers keep the display form ("Éloïse Tremblay-Côté"). The comparison folds case,
 * accents (Unicode NFD, combining marks removed, a few letters that do not decompose), apostrophes,
 * hyphens, periods and white space, and tolerates BC's truncation — and says which rule it used.
 */
import type { NameMatchStrictness } from './policy.js';

/** A person's name as the vocabulary carries it. `givenName` is absent for a mononym. */
export interface PersonName {
  givenName?: string | undefined;
  familyName: string;
}

/** How two names compare: `match` / `tolerated` pass, `near` refers, `mismatch` declines. */
export type NameComparison = 'match' | 'tolerated' | 'near' | 'mismatch';

/** Why names compare as they do. */
export type NameRule =
  | 'exact'
  | 'case-accents'
  | 'punctuation'
  | 'bc-truncation'
  | 'mononym'
  | 'split-differs'
  | 'middle-names'
  | 'initials'
  | 'edit-distance'
  | 'different';

/** Result of {@link compareNames}. */
export interface NameComparisonResult {
  result: NameComparison;
  rule: NameRule;
}

/** BC limits (Digital Business Card v1 governance, research §1.1). */
export const BC_NAME_LIMITS = Object.freeze({ givenNamePart: 15, givenNameParts: 3, givenNames: 47, familyName: 35 });

// Letters NFD does not decompose.
const FOLD: Record<string, string> = { ß: 'SS', ẞ: 'SS', Æ: 'AE', æ: 'AE', Œ: 'OE', œ: 'OE', Ø: 'O', ø: 'O', Ł: 'L', ł: 'L', Đ: 'D', đ: 'D', Ð: 'D', ð: 'D', Þ: 'TH', þ: 'TH', ı: 'I' };
const APOSTROPHES = /['’ʼ‘`´]/g;
const SEPARATORS = /[-‐‑‒–—.,_]/g;

/** Upper case, accents stripped, white space collapsed; punctuation kept (BC's form for photo-BCSC holders). */
export function foldCaseAndAccents(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßẞÆæŒœØøŁłĐđÐðÞþı]/g, (c) => FOLD[c] ?? c)
    .toUpperCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** {@link foldCaseAndAccents}, then apostrophes removed and hyphens / periods turned into spaces. */
export function normaliseName(value: string): string {
  return foldCaseAndAccents(value).replace(APOSTROPHES, '').replace(SEPARATORS, ' ').replace(/[^\p{L}\p{N} ]/gu, '').replace(/\s+/g, ' ').trim();
}

const compact = (value: string): string => normaliseName(value).replace(/ /g, '');
const tokens = (value: string | undefined): string[] => (value === undefined ? [] : foldCaseAndAccents(value).split(' ').filter(Boolean).map((t) => compact(t)).filter(Boolean));

/** Levenshtein distance, bounded (returns `max + 1` when larger). */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** True when `short` is what BC's truncation would make of `long` (family name cut to 35 characters). */
function familyTruncated(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  // Compare on the BC form (punctuation kept), where the 35-character limit applies.
  return short.length >= BC_NAME_LIMITS.familyName && short.length < long.length && long.startsWith(short);
}

/** True when `short` given-name tokens are BC's truncation of `long` (first + 2 middle names, 15 chars each). */
function givenTruncated(a: string[], b: string[]): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length === 0 || short.length > BC_NAME_LIMITS.givenNameParts) return false;
  if (short.length < long.length && short.length !== BC_NAME_LIMITS.givenNameParts) return false;
  let cut = short.length < long.length;
  for (let i = 0; i < short.length; i++) {
    const s = short[i]!;
    const l = long[i]!;
    if (s === l) continue;
    if (s.length === BC_NAME_LIMITS.givenNamePart && l.startsWith(s)) cut = true;
    else if (l.length === BC_NAME_LIMITS.givenNamePart && s.startsWith(l)) cut = true;
    else return false;
  }
  return cut;
}

function sameTokens(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/**
 * Compares two person names under a strictness:
 * - `strict`: equal after folding case, accents and white space (`Éloïse` = `ELOISE`, hyphens and
 *   apostrophes must agree); anything `normal` would accept is `near` (refer);
 * - `normal` (default): also folds apostrophes, hyphens and periods (`O'Brien` = `OBRIEN`,
 *   `Tremblay-Côté` = `TREMBLAY COTE`), tolerates BC's truncation of given and family names and a
 *   different split between given and family names; a missing middle name, a mononym against a full
 *   name, or one or two letters' difference is `near`;
 * - `lenient`: also tolerates missing middle names and initials (`M.` for `MAYA`).
 *
 * @example
 * ```ts
 * compareNames({ givenName: 'Éloïse', familyName: 'Tremblay-Côté' }, { givenName: 'ELOISE', familyName: 'TREMBLAY-COTE' }, 'normal');
 * // { result: 'match', rule: 'case-accents' }
 * ```
 */
export function compareNames(a: PersonName, b: PersonName, strictness: NameMatchStrictness = 'normal'): NameComparisonResult {
  const soft = (rule: NameRule): NameComparisonResult => ({ result: strictness === 'strict' ? 'near' : 'tolerated', rule });
  if ((a.givenName ?? '') === (b.givenName ?? '') && a.familyName === b.familyName) return { result: 'match', rule: 'exact' };
  const fa = foldCaseAndAccents(a.familyName);
  const fb = foldCaseAndAccents(b.familyName);
  const ga = foldCaseAndAccents(a.givenName ?? '');
  const gb = foldCaseAndAccents(b.givenName ?? '');
  if (fa === fb && ga === gb) return { result: 'match', rule: 'case-accents' };

  const ta = tokens(a.givenName);
  const tb = tokens(b.givenName);
  const ca = compact(a.familyName);
  const cb = compact(b.familyName);
  const familyEqual = ca === cb;
  const familyOk = familyEqual || familyTruncated(fa, fb) || familyTruncated(normaliseName(a.familyName), normaliseName(b.familyName));
  if (familyEqual && sameTokens(ta, tb)) return soft('punctuation');
  if (familyOk && (sameTokens(ta, tb) || givenTruncated(ta, tb))) return soft('bc-truncation');
  // The same letters split differently between given and family names (a mononym written in either field).
  const fullA = ta.join('') + ca;
  const fullB = tb.join('') + cb;
  if (fullA === fullB) return soft(ta.length === 0 || tb.length === 0 ? 'mononym' : 'split-differs');

  if (familyOk && ta.length > 0 && tb.length > 0) {
    const [short, long] = ta.length <= tb.length ? [ta, tb] : [tb, ta];
    if (short[0] === long[0] && short.every((t) => long.includes(t))) {
      return { result: strictness === 'lenient' ? 'tolerated' : 'near', rule: 'middle-names' };
    }
    const initialsMatch = short.length === long.length && short.every((t, i) => t === long[i] || (Math.min(t.length, long[i]!.length) === 1 && t[0] === long[i]![0]));
    if (initialsMatch) return { result: strictness === 'lenient' ? 'tolerated' : 'near', rule: 'initials' };
  }
  if (familyOk && (ta.length === 0) !== (tb.length === 0)) return { result: 'near', rule: 'mononym' };
  if (fullA.length >= 4 && distance(fullA, fullB, 2) <= 2) return { result: 'near', rule: 'edit-distance' };
  return { result: 'mismatch', rule: 'different' };
}
