/**
 * Verify a business for onboarding — the example of docs/guides/verify-a-business.md.
 * Run from the repository root: `npx tsx packages/kyb/test/verify-a-business.ts`.
 *
 * Maya Singh (BC sole proprietor, research §7) presents her business representative credential and
 * her person credential to Maple Commerce Bank. Issuers sign with the trust-registry seed's pilot keys
 * (demo keys: anyone can recompute them), so the seeded registries know them.
 */
import { fixedClock } from '@trustbridge/core';
import { createDidResolver } from '@trustbridge/did';
import { createDocumentLoader } from '@trustbridge/jsonld';
import { createEd25519Signer, type Ed25519KeyPair } from '@trustbridge/keys';
import { buildTrustIndex, createOfflineTrustRegistryClient, didKeyFromEd25519, indexSnapshots, pilotKeyPair, seedPilotRegistries } from '@trustbridge/trust-registry';
import { createPresentation, issueCredential, signPresentation } from '@trustbridge/vc';
import { samples, vocabContexts } from '@trustbridge/vocab';
import { bcBankKybPolicy, createAuditRecord, evaluateKyb, verifyAuditRecord } from '@trustbridge/kyb';

const clock = fixedClock('2025-06-01T00:00:00Z');
const documentLoader = createDocumentLoader({ extraContexts: vocabContexts as Record<string, unknown>, didResolver: createDidResolver() });
const party = (keys: Ed25519KeyPair) => {
  const did = didKeyFromEd25519(keys.publicKey);
  return { did, publicKey: keys.publicKey, signer: createEd25519Signer({ id: `${did}#${did.slice('did:key:'.length)}`, secretKey: keys.secretKey! }) };
};

// 1. The registries (offline, from the pilot seed) and the parties.
const seed = seedPilotRegistries();
const index = buildTrustIndex(seed.states, { root: seed.root });
const trustClient = createOfflineTrustRegistryClient(index, { clock });
const bcRegistries = party(seed.keys['bc-registries']!);
const serviceBc = party(seed.keys['service-bc']!);
const bank = party(seed.keys['maple-commerce-bank']!);
const maya = party(pilotKeyPair('holder-maya-singh'));

// 2. Issuers sign Maya's credentials, bound to her wallet DID.
async function issue(sample: object, issuer: typeof bcRegistries) {
  const vc = structuredClone(sample) as { issuer: string; credentialSubject: { id?: string } };
  vc.issuer = issuer.did;
  vc.credentialSubject.id = maya.did;
  return issueCredential(vc as never, { signer: issuer.signer, documentLoader, clock });
}
const representative = await issue(samples.bcSoleProprietorRepresentative, bcRegistries);
const person = await issue(samples.bcPersonIdentity, serviceBc);

// 3. Maya's wallet answers the bank's challenge.
const challenge = 'nonce-from-the-bank';
const domain = 'https://maplebank.pilot.example';
const vp = await signPresentation(createPresentation({ verifiableCredential: [representative, person], holder: maya.did }), {
  signer: maya.signer, challenge, domain, documentLoader, clock,
});

// 4. The bank evaluates its policy (in production also pass checkStatus: createStatusCheck({...})).
const evaluation = await evaluateKyb({ presentation: vp }, { policy: bcBankKybPolicy, trustClient, clock, verifyOptions: { challenge, domain } });
console.log('decision:', evaluation.decision);
for (const c of evaluation.checks) console.log(`  ${c.status.padEnd(7)} ${c.id.padEnd(20)} ${c.code.padEnd(32)} ${c.message.en}`);
for (const g of evaluation.gaps) console.log(`  gap     ${g.id.padEnd(20)} ${g.code.padEnd(32)} ${g.message.fr}`);

// 5. The signed audit record, and its verification.
const record = await createAuditRecord(evaluation, { policy: bcBankKybPolicy, verifierSigner: bank.signer, clock, registrySnapshot: indexSnapshots(index) });
console.log('audit record:', record.id, (await verifyAuditRecord(record, { publicKey: bank.publicKey })).verified);
const forged = { ...record, decision: 'decline' };
console.log('forged record:', (await verifyAuditRecord(forged, { publicKey: bank.publicKey })).problems.map((p) => p.code));
