/** Plain base58-btc (no multibase prefix), as used by `publicKeyBase58` (Ed25519VerificationKey2018). */
import { base58btcMultibaseEncode } from '@trustbridge/keys';

/** Encodes bytes as base58-btc without the multibase `z` prefix. */
export function base58btcEncode(bytes: Uint8Array): string {
  return base58btcMultibaseEncode(bytes).slice(1);
}
