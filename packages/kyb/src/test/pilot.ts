/**
 * Test fixtures: the pilot storyline (research §7) with real signatures. Issuers sign with the
 * trust-registry seed's pilot keys (so the registry knows them), holders with fixed keys, status lists
 * are signed by their issuers and served by an in-memory loader. Deterministic: fixed keys and dates.
 */
import { fixedClock, type Clock } from '@trustbridge/core';
import { createDidResolver } from '@trustbridge/did';
import { createDocumentLoader } from '@trustbridge/jsonld';
import { createEd25519Signer, type Ed25519KeyPair } from '@trustbridge/keys';
import { createBitstring, createStatusListCredential, createStatusListEntry, setStatus, type Bitstring } from '@trustbridge/status-list';
import {
  buildTrustIndex,
  createOfflineTrustRegistryClient,
  didKeyFromEd25519,
  pilotKeyPair,
  seedPilotRegistries,
  type RegistryState,
  type TrustRegistryClient,
} from '@trustbridge/trust-registry';
import { createPresentation, createStatusCheck, issueCredential, signPresentation, type VerifyPresentationOptions } from '@trustbridge/vc';
import { samples, vocabContexts, type VocabCredential } from '@trustbridge/vocab';

export const NOW = '2025-06-01T00:00:00Z';
export const CHALLENGE = 'kyb-nonce-7f3a9c';
export const DOMAIN = 'https://maplebank.pilot.example';

export const seed = seedPilotRegistries();
export const documentLoader = createDocumentLoader({ extraContexts: vocabContexts as Record<string, unknown>, didResolver: createDidResolver() });

/** An issuer or holder: key pair, DID and signer. */
export interface Party {
  keys: Ed25519KeyPair;
  did: string;
  signer: ReturnType<typeof createEd25519Signer>;
}

function party(keys: Ed25519KeyPair): Party {
  const did = didKeyFromEd25519(keys.publicKey);
  return { keys, did, signer: createEd25519Signer({ id: `${did}#${did.slice('did:key:'.length)}`, secretKey: keys.secretKey! }) };
}

/** Issuers, with the seed's keys. */
export const issuers = {
  bcRegistries: party(seed.keys['bc-registries']!),
  serviceBc: party(seed.keys['service-bc']!),
  alberta: party(seed.keys['alberta-corporate-registry']!),
  corporationsCanada: party(seed.keys['corporations-canada']!),
};
/** The bank (verifier) that signs audit records. */
export const bank = party(seed.keys['maple-commerce-bank']!);
/** Holders' wallet keys. */
export const holders = {
  maya: party(pilotKeyPair('holder-maya-singh')),
  liam: party(pilotKeyPair('holder-liam-tremblay')),
  eloise: party(pilotKeyPair('holder-eloise-tremblay-cote')),
  other: party(pilotKeyPair('holder-someone-else')),
};

/** Status lists, one per issuer; `revoke` sets a bit before the list is signed. */
export class StatusLists {
  private readonly lists = new Map<string, { issuer: Party; bits: Bitstring }>();
  private next = 7;
  unreachable = false;

  url(issuer: Party): string {
    const url = `https://status.pilot.example/${issuer.did.slice(-8)}/1`;
    if (!this.lists.has(url)) this.lists.set(url, { issuer, bits: createBitstring() });
    return url;
  }

  /** A fresh entry for `issuer`. */
  entry(issuer: Party): { url: string; index: number; entry: ReturnType<typeof createStatusListEntry> } {
    const url = this.url(issuer);
    const index = this.next++;
    return { url, index, entry: createStatusListEntry({ statusListCredential: url, statusListIndex: index, statusPurpose: 'revocation' }) };
  }

  revoke(url: string, index: number): void {
    setStatus(this.lists.get(url)!.bits, index, 1);
  }

  /** `fetchCredential` for `createStatusCheck`: signs the current list on each fetch. */
  fetchCredential = async (url: string): Promise<unknown> => {
    const list = this.lists.get(url);
    if (this.unreachable || !list) throw new Error('unreachable');
    const unsigned = createStatusListCredential({ id: url, issuer: list.issuer.did, statusPurpose: 'revocation', bitstring: list.bits, validFrom: '2025-01-01T00:00:00Z' });
    return issueCredential(unsigned as never, { signer: list.issuer.signer, documentLoader, clock: fixedClock('2025-01-01T00:00:00Z'), cryptosuite: 'eddsa-jcs-2022' });
  };
}

/** Signs a vocabulary credential as `issuer`, bound to `holder`, with a status entry. */
export async function issue(
  sample: VocabCredential,
  issuer: Party,
  options: { holder?: Party; status?: StatusLists; subject?: (s: Record<string, unknown>) => void; validFrom?: string; validUntil?: string } = {},
): Promise<{ vc: Record<string, unknown>; status?: { url: string; index: number } }> {
  const vc = structuredClone(sample) as unknown as Record<string, unknown>;
  vc.issuer = issuer.did;
  const subject = vc.credentialSubject as Record<string, unknown>;
  if (options.holder) subject.id = options.holder.did;
  options.subject?.(subject);
  if (options.validFrom) vc.validFrom = options.validFrom;
  if (options.validUntil) vc.validUntil = options.validUntil;
  let status: { url: string; index: number } | undefined;
  if (options.status) {
    const e = options.status.entry(issuer);
    vc.credentialStatus = e.entry;
    status = { url: e.url, index: e.index };
  }
  const signed = (await issueCredential(vc as never, { signer: issuer.signer, documentLoader, clock: fixedClock(String(vc.validFrom)), cryptosuite: 'eddsa-jcs-2022' })) as unknown as Record<string, unknown>;
  return { vc: signed, ...(status ? { status } : {}) };
}

/** The holder's signed presentation of `credentials` for the bank's challenge. */
export async function present(holder: Party, credentials: unknown[]): Promise<unknown> {
  const vp = createPresentation({ verifiableCredential: credentials, holder: holder.did });
  return signPresentation(vp, { signer: holder.signer, challenge: CHALLENGE, domain: DOMAIN, documentLoader, clock: fixedClock(NOW), cryptosuite: 'eddsa-jcs-2022' });
}

/** A trust client over the seed (optionally changed), at `now`. */
export function trustClient(clock: Clock, change?: (states: { hub: RegistryState; bc: RegistryState; ab: RegistryState; federal: RegistryState }) => void): TrustRegistryClient {
  const fresh = seedPilotRegistries();
  change?.(fresh.registries);
  return createOfflineTrustRegistryClient(buildTrustIndex(fresh.states, { root: fresh.root }), { clock });
}

/** Verification options for the bank: challenge, domain, status through the lists. */
export function verifyOptions(lists: StatusLists, clock: Clock, onRetrievalFailure: 'reject' | 'refer' = 'refer'): VerifyPresentationOptions {
  return {
    challenge: CHALLENGE,
    domain: DOMAIN,
    documentLoader,
    clock,
    checkStatus: createStatusCheck({ fetchCredential: lists.fetchCredential, verifyOptions: { documentLoader, clock }, clock, onRetrievalFailure, maxCacheEntries: 0 }),
  };
}

export { samples };
