/**
 * Compact JWS creation with an injected {@link Signer} (so any HSM or key manager plugs in): the
 * signing input `BASE64URL(UTF8(header)) '.' BASE64URL(payload)` is built here (RFC 7515 §5.1) and
 * only its bytes go to the signer.
 */
import { TrustBridgeError, type Signer } from '@trustbridge/core';
import { b64u, optionsError } from './compact.js';
import { JoseErrorCodes } from './errors.js';
import { SUPPORTED_ALGORITHMS } from './keys.js';

/** Signs `payload` as a compact JWS whose protected header is `{ alg: signer.algorithm, ...header }`. */
export async function signCompactJws(header: Record<string, unknown>, payload: Record<string, unknown>, signer: Signer): Promise<string> {
  if (!signer || typeof signer.sign !== 'function' || typeof signer.algorithm !== 'string') {
    throw optionsError('A signer { id, algorithm, sign } is required.');
  }
  if (!(SUPPORTED_ALGORITHMS as readonly string[]).includes(signer.algorithm)) {
    throw new TrustBridgeError(JoseErrorCodes.ALG_NOT_ALLOWED, 'The signer algorithm is not supported for JOSE.', {
      details: { algorithm: signer.algorithm },
    });
  }
  const signingInput = `${b64u(JSON.stringify({ alg: signer.algorithm, ...header }))}.${b64u(JSON.stringify(payload))}`;
  const signature = await signer.sign(Buffer.from(signingInput, 'latin1'));
  if (!(signature instanceof Uint8Array) || signature.length !== 64) {
    throw new TrustBridgeError(JoseErrorCodes.SIGNER_OUTPUT_INVALID, 'The signer must return a 64-byte signature (Ed25519, or r‖s for ES256).');
  }
  return `${signingInput}.${b64u(signature)}`;
}
