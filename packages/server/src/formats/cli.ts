/**
 * The CLI's side of the JOSE forms: auto-detect what `trustbridge verify` was given (a JSON document or
 * a compact vc+jwt / vp+jwt / SD-JWT VC), and the holder's SD-JWT VC presentation with chosen
 * disclosures and a KB-JWT.
 */
import { TrustBridgeError, parseJson, type Clock, type Signer } from '@trustbridge/core';
import { CREDENTIAL_FORMATS, PRESENTATION_FORMATS, detectFormat } from '@trustbridge/vc';
// The vc facade has no holder-side SD-JWT presentation yet; this is the one direct use of the JOSE package.
import { presentSdJwtVc } from '@trustbridge/jose';

/** What `trustbridge verify` read. */
export type VerifiableInput =
  | { kind: 'json'; document: unknown }
  | { kind: 'compact'; token: string; format: string | undefined; presentation: boolean };

/**
 * Classifies CLI input: JSON text (first character `{` or `[`) is parsed within core's bounds; anything
 * else is a compact serialization. A `vp+jwt`, or an SD-JWT VC ending in a KB-JWT, is a presentation;
 * an SD-JWT VC ending in `~` and a `vc+jwt` are credentials. An unknown string is left to the
 * credential pipeline, which reports `ERR_VC_FORMAT_UNSUPPORTED`.
 */
export function detectVerifiableInput(text: string, maxBytes: number): VerifiableInput {
  const trimmed = text.trim();
  const first = trimmed[0];
  if (first === '{' || first === '[') return { kind: 'json', document: parseJson(trimmed, { maxBytes }) };
  if (Buffer.byteLength(trimmed) > maxBytes) throw new TrustBridgeError('ERR_INPUT_TOO_LARGE', `The input exceeds ${maxBytes} bytes.`);
  const asPresentation = detectFormat(trimmed, PRESENTATION_FORMATS);
  if (asPresentation === 'vp+jwt') return { kind: 'compact', token: trimmed, format: 'vp+jwt', presentation: true };
  if (asPresentation === 'dc+sd-jwt') return { kind: 'compact', token: trimmed, format: 'dc+sd-jwt', presentation: !trimmed.endsWith('~') };
  return { kind: 'compact', token: trimmed, format: detectFormat(trimmed, CREDENTIAL_FORMATS), presentation: false };
}

/** Options of {@link presentSdJwtCredential}. */
export interface PresentSdJwtCredentialOptions {
  /** JSON Pointers (RFC 6901) into the SD-JWT VC claims, e.g. `/legalName`, `/address/locality`. */
  disclose: readonly string[];
  /** The holder key: its public JWK must be the credential's `cnf.jwk`. */
  holderSigner: Signer;
  nonce: string;
  aud: string;
  clock: Clock;
}

/**
 * The holder's SD-JWT VC presentation (RFC 9901 §7.2): only the chosen Disclosures, then a KB-JWT over
 * `nonce`, `aud`, `iat` and `sd_hash`. A KB-JWT already on the input is dropped first. Misuse (a pointer
 * to no claim) is `ERR_JOSE_OPTIONS_INVALID`.
 */
export async function presentSdJwtCredential(sdJwt: string, options: PresentSdJwtCredentialOptions): Promise<string> {
  const token = sdJwt.trim();
  const withoutKb = token.slice(0, token.lastIndexOf('~') + 1);
  if (withoutKb === '' || detectFormat(withoutKb, CREDENTIAL_FORMATS) !== 'dc+sd-jwt') {
    throw new TrustBridgeError('ERR_CLI_INPUT', 'The --sd-jwt file does not hold an SD-JWT VC (dc+sd-jwt).');
  }
  return presentSdJwtVc(withoutKb, { disclose: options.disclose, holderSigner: options.holderSigner, nonce: options.nonce, aud: options.aud, clock: options.clock });
}
