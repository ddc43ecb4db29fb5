/**
 * Format detection as a table: the first detector that claims the parsed input names its format.
 * The JOSE issue adds `vc+jwt` / `dc+sd-jwt` rows (they match compact strings); today only embedded
 * Data Integrity (`ldp_vc` / `ldp_vp`, the OpenID4VP format identifiers) is supported.
 */
import { isObject } from '@trustbridge/core';

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

/** Credentials: JSON-LD objects secured (or to be secured) with embedded Data Integrity proofs. */
export const CREDENTIAL_FORMATS: readonly FormatDetector[] = [
  { format: 'ldp_vc', detect: (input) => isObject(input) && !hasType(input, 'EnvelopedVerifiableCredential') },
];

/** Presentations. */
export const PRESENTATION_FORMATS: readonly FormatDetector[] = [
  { format: 'ldp_vp', detect: (input) => isObject(input) && !hasType(input, 'EnvelopedVerifiablePresentation') },
];

/** The format of `input` per `table`, or `undefined`. */
export function detectFormat(input: unknown, table: readonly FormatDetector[]): string | undefined {
  return table.find((row) => row.detect(input))?.format;
}
