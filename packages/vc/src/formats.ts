/**
 * Format detection as a table: the first detector that claims the parsed input names its format.
 * Format identifiers are the OpenID4VP ones (`ldp_vc`, `ldp_vp`, `dc+sd-jwt`) and the VC-JOSE-COSE
 * media types (`vc+jwt`, `vp+jwt`).
 */
import { isObject } from '@trustbridge/core';
import { isSdJwtVc, isVcJwt, isVpJwt } from './jose-formats.js';

/** One row of the format table. */
export interface FormatDetector {
  /** Format identifier reported in `VerificationResult.format`. */
  format: string;
  /** True when `input` (a parsed JSON value, or a string that is not JSON) is in this format. */
  detect(input: unknown): boolean;
}

function hasType(doc: Record<string, unknown>, type: string): boolean {
  return Array.isArray(doc.type) ? doc.type.includes(type) : doc.type === type;
}

/**
 * Credentials: JSON-LD objects secured with embedded Data Integrity proofs (`ldp_vc`); compact JWS whose
 * header `typ` is `vc+jwt` (VC-JOSE-COSE §3.1.1); SD-JWT VC (`~`-separated, `typ` `dc+sd-jwt` or the
 * legacy `vc+sd-jwt`; SD-JWT VC §3.1).
 */
export const CREDENTIAL_FORMATS: readonly FormatDetector[] = [
  { format: 'ldp_vc', detect: (input) => isObject(input) && !hasType(input, 'EnvelopedVerifiableCredential') },
  { format: 'vc+jwt', detect: isVcJwt },
  { format: 'dc+sd-jwt', detect: isSdJwtVc },
];

/** Presentations: `ldp_vp`, `vp+jwt` (VC-JOSE-COSE §3.1.2), and an SD-JWT VC presented with key binding (`dc+sd-jwt`, RFC 9901 §4.3). */
export const PRESENTATION_FORMATS: readonly FormatDetector[] = [
  { format: 'ldp_vp', detect: (input) => isObject(input) && !hasType(input, 'EnvelopedVerifiablePresentation') },
  { format: 'vp+jwt', detect: isVpJwt },
  { format: 'dc+sd-jwt', detect: isSdJwtVc },
];

/** The format of `input` per `table`, or `undefined`. */
export function detectFormat(input: unknown, table: readonly FormatDetector[]): string | undefined {
  return table.find((row) => row.detect(input))?.format;
}
