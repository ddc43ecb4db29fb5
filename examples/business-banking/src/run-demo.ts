/**
 * The business-banking pilot ("open a business account in minutes", research §7), end to end over
 * HTTP on 127.0.0.1, built only from the public APIs of the TrustBridge packages:
 *
 * 1. BC Registries and Service BC (pilot issuers, fixed pilot keys) offer credentials over OpenID4VCI;
 *    Maya Singh's wallet receives them (SD-JWT VC and Data Integrity).
 * 2. Maple Commerce Bank (a pilot verifier) asks over OpenID4VP with DCQL; the wallet checks the bank in
 *    the trust registry, Maya consents, only the requested claims are disclosed.
 * 3. The bank's KYB policy approves and keeps a signed audit record.
 * 4. The storyline failures: replay, over-asking, tampering, issuer suspended, stale registry snapshot,
 *    business dissolved (credential revoked).
 *
 * Every outcome is checked: {@link runDemo} returns each scene's expected and actual outcome.
 */
import { createHash } from 'node:crypto';
import { type FetchLike, deterministicRandom } from '@trustbridge/core';
import { createDidResolver } from '@trustbridge/did';
import { createDocumentLoader } from '@trustbridge/jsonld';
import { createEd25519Signer, encodeEd25519PublicKeyMultibase, MemoryKeyManager } from '@trustbridge/keys';
import { openEmbeddedStore, type SqlClient } from '@trustbridge/store';
import {
  buildTrustIndex,
  createBundle,
  createOfflineTrustRegistryClient,
  createSnapshot,
  didKeyFromEd25519,
  indexFromBundle,
  indexSnapshots,
  pilotKeyPair,
  seedPilotRegistries,
  verifyBundle,
  type RegistryState,
  type TrustIndex,
} from '@trustbridge/trust-registry';
import { samples, vctOf, vocabContexts } from '@trustbridge/vocab';
import { createPresentation, signPresentation } from '@trustbridge/vc';
import { verifyAuditRecord } from '@trustbridge/kyb';
import { createVcApiApp, startServer, type IssuerStatusOptions, type RunningServer } from '@trustbridge/server';
import { createWallet, WalletErrorCodes, type Wallet } from '@trustbridge/wallet';

/** "Now" for every service, the wallet and the registries: the demo is deterministic. */
export const DEMO_NOW = '2026-03-03T09:00:00Z';
const ADMIN_TOKEN = 'business-banking-demo-admin-token-0123456789';

/** One expected outcome of the storyline and what actually happened. */
export interface SceneOutcome {
  scene: string;
  /** What the storyline expects, e.g. `APPROVE`, `refused`, `ERR_KYB_CREDENTIAL_REVOKED`. */
  expected: string;
  /** What happened. */
  actual: string;
  /** Codes that explain the outcome (reason codes, error codes, warnings). */
  codes: string[];
  ok: boolean;
}

export interface DemoOutcome {
  /** True when every scene turned out as expected. */
  ok: boolean;
  scenes: SceneOutcome[];
  /** The approved KYB decision's audit record id, and whether its signature verified. */
  auditRecordId?: string;
  auditRecordVerified?: boolean;
  /** Claims Maya disclosed from her SD-JWT VC over OpenID4VP. */
  disclosedClaims: string[];
  elapsedMs: number;
}

export interface RunDemoOptions {
  /** Where the narration goes. Default `console.log`. */
  out?: (line: string) => void;
}

type Json = Record<string, any>;

async function http(url: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers['authorization'] = `Bearer ${init.token}`;
  const res = await fetch(url, { method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'), headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
}


/** A pilot party from the trust-registry seed: did:key and signer of its fixed pilot key. */
function pilotParty(label: string) {
  const keys = pilotKeyPair(label);
  const id = didKeyFromEd25519(keys.publicKey);
  return { id, publicKey: keys.publicKey, signer: createEd25519Signer({ id: `${id}#${id.slice('did:key:'.length)}`, secretKey: keys.secretKey! }) };
}

const codeOf = (p: Promise<unknown>): Promise<string> => p.then(() => 'accepted', (e: { code?: string }) => e?.code ?? 'ERR_UNKNOWN');

/** Runs the demo end to end and returns what happened. Every service and store is always closed. */
export async function runDemo(options: RunDemoOptions = {}): Promise<DemoOutcome> {
  const say = options.out ?? ((line: string) => console.log(line));
  const started = Date.now();
  // A fixed clock the story moves forward explicitly (never the wall clock): deterministic runs.
  const nowMs = Date.parse(DEMO_NOW);
  let current = nowMs;
  const clock = () => new Date(current);
  const scenes: SceneOutcome[] = [];
  const outcome: DemoOutcome = { ok: false, scenes, disclosedClaims: [], elapsedMs: 0 };
  const expect = (scene: string, expected: string, actual: string, codes: string[] = []): boolean => {
    const ok = expected === actual;
    codes = [...new Set(codes)];
    scenes.push({ scene, expected, actual, codes, ok });
    say(`   ${ok ? '✓' : '✗'} ${actual}${codes.length ? ` (${codes.join(', ')})` : ''}${ok ? '' : ` — expected ${expected}`}`);
    return ok;
  };

  const fetchLike = globalThis.fetch as unknown as FetchLike;
  const documentLoader = createDocumentLoader({ extraContexts: vocabContexts as Record<string, unknown>, didResolver: createDidResolver() });
  const seed = seedPilotRegistries();
  const bcRegistries = pilotParty('bc-registries');
  const serviceBc = pilotParty('service-bc');
  const bank = pilotParty('maple-commerce-bank');

  const stores: SqlClient[] = [];
  const servers: RunningServer[] = [];
  const openStore = async () => {
    const s = await openEmbeddedStore();
    stores.push(s);
    return s;
  };
  const start = async (app: Parameters<typeof startServer>[0]['app']) => {
    const s = await startServer({ app, host: '127.0.0.1', port: 0 });
    servers.push(s);
    return s.url.replace(/\/$/, '');
  };

  try {
    // ---------------------------------------------------------------- set-up
    say('Scene 0 — set-up (everything on 127.0.0.1, clock fixed at ' + DEMO_NOW + ')');
    const issuerService = async (party: ReturnType<typeof pilotParty>, label: string) => {
      const store = await openStore();
      let base = '';
      const app = createVcApiApp({
        issuer: { id: party.id, signer: party.signer },
        clock,
        documentLoader,
        status: { store, publicBaseUrl: () => base, adminToken: ADMIN_TOKEN, random: deterministicRandom(`${label}:status`) },
        oid4vci: { store, credentialIssuer: () => base, adminToken: ADMIN_TOKEN, random: deterministicRandom(`${label}:oid4vci`) },
      });
      base = await start(app);
      return base;
    };
    const bcUrl = await issuerService(bcRegistries, 'bc-registries');
    const serviceBcUrl = await issuerService(serviceBc, 'service-bc');
    const bankStore = await openStore();
    /** The bank's service: OpenID4VP verifier and KYB; status lists of other issuers read over HTTP. */
    const startBank = async (trust?: { index: TrustIndex }) => {
      let base = '';
      const app = createVcApiApp({
        issuer: { id: bank.id, signer: bank.signer },
        clock,
        documentLoader,
        status: { store: bankStore, publicBaseUrl: () => base, fetch: globalThis.fetch as unknown as NonNullable<IssuerStatusOptions['fetch']> },
        oid4vp: { store: bankStore, publicBaseUrl: () => base, adminToken: ADMIN_TOKEN, random: deterministicRandom(`bank:${servers.length}`) },
        kyb: {
          store: bankStore,
          ...(trust ? { trust: { trustClient: createOfflineTrustRegistryClient(trust.index, { clock }), registrySnapshot: indexSnapshots(trust.index) } } : {}),
        },
      });
      base = await start(app);
      return base;
    };
    const bankUrl = await startBank();
    say(`   BC Registries        ${bcUrl}  ${bcRegistries.id.slice(0, 24)}…  (pilot issuer, BC trust registry)`);
    say(`   Service BC           ${serviceBcUrl}  ${serviceBc.id.slice(0, 24)}…  (pilot issuer, PCTF LOA 3)`);
    say(`   Maple Commerce Bank  ${bankUrl}  ${bank.id.slice(0, 24)}…  (verifier in the pan-Canadian hub)`);

    const walletStore = await openStore();
    const keyManager = new MemoryKeyManager({ clock });
    await keyManager.importKey(createHash('sha256').update('business-banking-demo:holder:maya').digest(), { keyId: 'holder' });
    const trustIndex = buildTrustIndex(seed.states, { root: seed.root });
    const wallet: Wallet = await createWallet({
      store: walletStore, owner: 'maya', keyManager, encryptionKey: new Uint8Array(32).fill(7), fetch: fetchLike, clock,
      random: deterministicRandom('wallet:maya'), trustClient: createOfflineTrustRegistryClient(trustIndex, { clock }), allowPrivateNetworks: true,
    });
    const holderDid = await wallet.holderDid();
    say(`   Maya Singh's wallet, holder ${holderDid.slice(0, 24)}…, trusts the pilot registries (hub → BC, AB, federal)`);

    // ---------------------------------------------------------------- scene 1
    say('');
    say('Scene 1 — Maya gets her credentials (OpenID4VCI, pre-authorized code)');
    const { id: _r, ...representative } = (samples.bcSoleProprietorRepresentative as unknown as { credentialSubject: Json }).credentialSubject;
    const { id: _p, ...person } = (samples.bcPersonIdentity as unknown as { credentialSubject: Json }).credentialSubject;
    const business = representative['business'] as Json;
    const bcOffer = await http(`${bcUrl}/oid4vci/offers`, {
      token: ADMIN_TOKEN,
      body: {
        credential_configuration_ids: ['BusinessRepresentativeCredential_dc_sd_jwt', 'BusinessRepresentativeCredential_ldp_vc'],
        credential_subjects: { BusinessRepresentativeCredential: representative },
        tx_code: { length: 6, input_mode: 'numeric', description: 'The code BC Registries showed after your BC Services Card login.' },
      },
    });
    say(`1. BC Registries offers a BusinessRepresentativeCredential: ${representative['givenName']} ${representative['familyName']}, ${(representative['roles'] as string[]).join('/')} of "${business?.['legalName']}" (${business?.['registrationNumber']}).`);
    say(`   The offer needs a transaction code, shown to Maya out of band: ${bcOffer.body['tx_code']}.`);
    const wrong = await codeOf(wallet.receiveOffer(bcOffer.body['offer_by_value'], { txCode: '000000' }));
    say('   Maya mistypes the code first:');
    expect('1a wrong transaction code', WalletErrorCodes.TOKEN_REFUSED, wrong);
    const repHeld = await wallet.receiveOffer(bcOffer.body['offer_by_reference'], { txCode: String(bcOffer.body['tx_code']) });
    say('   With the right code the wallet verifies and stores both formats:');
    expect('1b representative credential received', 'dc+sd-jwt, ldp_vc', repHeld.map((h) => h.format).join(', '));
    const personOffer = await http(`${serviceBcUrl}/oid4vci/offers`, {
      token: ADMIN_TOKEN,
      body: { credential_configuration_ids: ['PersonIdentityCredential_ldp_vc'], credential_subjects: { PersonIdentityCredential: person }, tx_code: { length: 6 } },
    });
    say(`2. Service BC offers a PersonIdentityCredential (assurance level ${person['assuranceLevel']}, PCTF public-sector profile).`);
    const personHeld = await wallet.receiveOffer(personOffer.body['offer_by_value'], { txCode: String(personOffer.body['tx_code']) });
    expect('1c person credential received', 'ldp_vc', personHeld.map((h) => h.format).join(', '), [personHeld[0]?.issuer === serviceBc.id ? 'issuer Service BC' : 'issuer unknown']);
    const repSdJwt = repHeld.find((h) => h.format === 'dc+sd-jwt')!;
    const repLdp = repHeld.find((h) => h.format === 'ldp_vc')!;
    const personLdp = personHeld[0]!;
    const titles = (await wallet.listCredentials({ lang: 'fr' })).map((c) => c.display.title);
    say(`   The wallet lists ${titles.length} credentials (in French: ${[...new Set(titles)].join('; ')}).`);

    // ---------------------------------------------------------------- scene 2
    say('');
    say('Scene 2 — the bank asks (OpenID4VP 1.0, DCQL, signed request)');
    const REP_VCT = vctOf('BusinessRepresentativeCredential');
    const kybQuery = {
      credentials: [
        { id: 'representative', format: 'dc+sd-jwt', meta: { vct_values: [REP_VCT] }, claims: [{ path: ['givenName'] }, { path: ['familyName'] }, { path: ['roles'] }] },
        { id: 'person', format: 'ldp_vc', meta: { type_values: [['PersonIdentityCredential']] }, claims: [{ path: ['credentialSubject', 'givenName'] }, { path: ['credentialSubject', 'familyName'] }] },
      ],
    };
    const ask = async (dcql: unknown, purpose: string, url = bankUrl) => {
      const r = await http(`${url}/oid4vp/requests`, { token: ADMIN_TOKEN, body: { dcql_query: dcql, purpose, signed: true } });
      if (r.status !== 201) throw new Error(`The bank could not create its request: HTTP ${r.status} ${r.body['code']}`);
      return r.body as { id: string; authorization_request_uri: string; client_id: string };
    };
    const request = await ask(kybQuery, 'kyb-onboarding');
    say(`3. Maple Commerce Bank asks for: name and role (representative, SD-JWT VC) and name (person credential), purpose kyb-onboarding.`);
    const review = await wallet.reviewRequest(request.authorization_request_uri);
    const trust = review.verifier.trust;
    say(`4. The wallet checks the bank in the trust registry: ${trust.decision}, authorized for "${review.verifier.purpose}": ${trust.authorizedForPurpose}.`);
    expect('2a bank trusted for kyb-onboarding', 'trusted', `${trust.decision}${trust.authorizedForPurpose ? '' : ' (purpose not authorized)'}`, trust.warnings.map((w) => w.code));
    const selections = [
      { queryId: 'representative', credentialId: repSdJwt.id },
      { queryId: 'person', credentialId: personLdp.id },
    ];
    const sent = await wallet.respond(review.id, { consent: true, selections });
    say('5. Maya consents; the wallet sends the presentations (KB-JWT and Data Integrity, bound to the bank\'s nonce).');
    const result = await http(`${bankUrl}/oid4vp/requests/${request.id}/result`, { token: ADMIN_TOKEN });
    const disclosed = Object.keys((result.body['presentations']?.['representative']?.[0]?.claims ?? {}) as Json).sort();
    outcome.disclosedClaims = disclosed;
    const withheld = ['relationshipId', 'roleSource'].filter((n) => !disclosed.includes(n));
    expect('2b bank verified the response', 'verified', `${sent.status === 'sent' ? result.body['status'] : sent.status}`);
    const envelope = ['cnf', 'iat', 'iss', 'nbf', 'exp', 'vct', 'status'];
    say(`   From the SD-JWT VC the bank sees: ${disclosed.filter((n) => !envelope.includes(n)).join(', ')} (the business block is always disclosed by the type metadata); withheld: ${withheld.join(', ')}.`);
    expect('2c only requested claims disclosed', 'relationshipId, roleSource withheld', `${withheld.join(', ')} withheld`);

    // ---------------------------------------------------------------- scene 3
    say('');
    say('Scene 3 — the bank\'s KYB decision (policy bc-bank-kyb, audit record)');
    const holderMb = holderDid.slice('did:key:'.length);
    const holderSigner = await keyManager.signer('holder', `${holderDid}#${holderMb}`);
    const vcOf = async (id: string) => (await wallet.getCredential(id)).credential as Json;
    const kybPresentation = async (challenge: string, credentials: Json[]) =>
      signPresentation(createPresentation({ verifiableCredential: credentials as never, holder: holderDid }) as never, { signer: holderSigner, challenge, domain: request.client_id, documentLoader, clock });
    const repVc = await vcOf(repLdp.id);
    const personVc = await vcOf(personLdp.id);
    const challenge1 = `kyb-${request.id}`;
    const vp = await kybPresentation(challenge1, [repVc, personVc]);
    say('6. The wallet signs a KYB presentation of both Data Integrity credentials for the bank\'s challenge.');
    const kyb = async (presentation: unknown, challenge: string, url = bankUrl) => {
      const r = await http(`${url}/kyb/evaluate`, { body: { verifiablePresentation: presentation, options: { challenge, domain: request.client_id } } });
      if (r.status !== 200) throw new Error(`KYB evaluation failed: HTTP ${r.status} ${r.body['code']}`);
      return r.body as { decision: string; checks: Array<{ id: string; status: string; code: string }>; gaps: Array<{ code: string }>; reasons: Array<{ code: string }>; auditRecord: Json };
    };
    const approved = await kyb(vp, challenge1);
    for (const c of approved.checks) say(`   ${c.status === 'passed' ? '·' : c.status === 'skipped' ? '-' : '!'} ${c.id.padEnd(22)} ${c.status}`);
    say(`   gaps for the bank to fill: ${approved.gaps.map((g) => g.code).join(', ') || 'none'}`);
    expect('3a KYB decision', 'APPROVE', approved.decision.toUpperCase(), approved.reasons.map((r) => r.code));
    const recordId = String(approved.auditRecord?.['id'] ?? '');
    const stored = await http(`${bankUrl}/kyb/audit/${encodeURIComponent(recordId)}`);
    const auditCheck = await verifyAuditRecord(stored.body as never, { publicKey: bank.publicKey });
    outcome.auditRecordId = recordId;
    outcome.auditRecordVerified = auditCheck.verified;
    say(`7. The bank keeps a signed audit record ${recordId} (no names, only identifiers, digests and registry snapshot).`);
    expect('3b audit record signature', 'verified', auditCheck.verified ? 'verified' : 'not verified', auditCheck.problems.map((p) => p.code));

    // ---------------------------------------------------------------- scene 4
    say('');
    say('Scene 4 — what must fail, fails');
    say('a. Replay: the same OpenID4VP answer is sent again.');
    const replayWallet = await codeOf(wallet.respond(review.id, { consent: true, selections }));
    expect('4a replay refused by the wallet', WalletErrorCodes.REVIEW_UNKNOWN, replayWallet);
    const replayVerifier = await wallet.reviewRequest(request.authorization_request_uri).then(
      (r) => codeOf(wallet.respond(r.id, { consent: true, selections })),
      (e: { code?: string }) => e.code ?? 'ERR_UNKNOWN',
    );
    expect('4b replay refused by the bank', 'refused', replayVerifier === 'accepted' ? 'accepted' : 'refused', [replayVerifier]);
    say('   The captured KYB presentation is replayed in a new session (new challenge):');
    const replayed = await kyb(vp, `kyb-${request.id}-second-session`);
    expect('4c replayed KYB presentation', 'DECLINE', replayed.decision.toUpperCase(), replayed.reasons.map((r) => r.code));

    say('b. Over-asking: the bank also asks for the relationship id, outside its registered attributes.');
    const greedy = await ask({ credentials: [{ ...kybQuery.credentials[0], claims: [{ path: ['givenName'] }, { path: ['relationshipId'] }] }] }, 'kyb-onboarding');
    const greedyReview = await wallet.reviewRequest(greedy.authorization_request_uri);
    const warnings = greedyReview.verifier.trust.warnings.map((w) => w.code);
    expect('4d wallet warns about over-asking', 'warned', warnings.includes('TR_ATTRIBUTE_NOT_AUTHORIZED') ? 'warned' : 'no warning', warnings);
    const declined = await wallet.respond(greedyReview.id, { consent: false });
    const greedyResult = await http(`${bankUrl}/oid4vp/requests/${greedy.id}/result`, { token: ADMIN_TOKEN });
    say('   Maya declines; the bank is told:');
    expect('4e over-asking request declined', 'declined', `${declined.status === 'declined' ? greedyResult.body['status'] : declined.status}`, [String(greedyResult.body['error']?.['error'] ?? '')].filter(Boolean));

    say('c. Tampering: someone edits the person credential\'s family name and sends it to the bank.');
    const tampered = structuredClone(personVc);
    (tampered['credentialSubject'] as Json)['familyName'] = 'Sing';
    const tamperedAnswer = await http(`${bankUrl}/credentials/verify`, { body: { verifiableCredential: tampered } });
    const tamperedCodes = ((tamperedAnswer.body['problems'] ?? []) as Array<{ code: string }>).map((p) => p.code);
    expect('4f tampered credential', 'HTTP 422 ERR_DI_SIGNATURE_INVALID', `HTTP ${tamperedAnswer.status} ${tamperedCodes.includes('ERR_DI_SIGNATURE_INVALID') ? 'ERR_DI_SIGNATURE_INVALID' : tamperedCodes.join(',')}`, [String(tamperedAnswer.body['code'])]);

    say('d. The BC trust registry suspends BC Registries\' issuing authorization; the bank loads the new registry state.');
    const suspendedStates: RegistryState[] = seed.states.map((s) =>
      s.registry.id !== seed.registries.bc.registry.id
        ? s
        : {
            ...s,
            sequence: s.sequence + 1,
            authorizations: s.authorizations.map((a) =>
              a.entity === bcRegistries.id && a.action === 'issue' ? { ...a, history: [...a.history, { status: 'suspended' as const, at: new Date(nowMs - 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z') }] } : a,
            ),
          },
    );
    const suspendedBankUrl = await startBank({ index: buildTrustIndex(suspendedStates, { root: seed.root }) });
    const challenge2 = `kyb-${request.id}-suspended`;
    const suspended = await kyb(await kybPresentation(challenge2, [repVc, personVc]), challenge2, suspendedBankUrl);
    expect('4g issuer suspended', 'REFER', suspended.decision.toUpperCase(), suspended.reasons.map((r) => r.code));

    say('e. An offline branch kiosk still holds a registry bundle whose snapshots passed their next-update time.');
    const issuedAt = '2026-02-01T00:00:00Z';
    const nextUpdate = '2026-02-08T00:00:00Z';
    const signedSnapshots = [];
    for (const state of seed.states) {
      const label = seed.operatorKeyLabels[state.registry.id]!;
      signedSnapshots.push(await createSnapshot(state, { signer: pilotParty(label).signer, issuedAt, nextUpdate }));
    }
    const bundle = createBundle({ root: seed.root, createdAt: issuedAt, snapshots: signedSnapshots });
    const hubKey = encodeEd25519PublicKeyMultibase(seed.keys['registry-hub']!.publicKey);
    const staleIndex = indexFromBundle(verifyBundle(bundle, { anchors: { [seed.root]: [hubKey] }, clock }));
    const staleBankUrl = await startBank({ index: staleIndex });
    const challenge3 = `kyb-${request.id}-kiosk`;
    const stale = await kyb(await kybPresentation(challenge3, [repVc, personVc]), challenge3, staleBankUrl);
    expect('4h stale registry snapshot (fail closed)', 'REFER', stale.decision.toUpperCase(), stale.reasons.map((r) => r.code));

    say(`f. "${business?.['legalName']}" is dissolved: BC Registries revokes the representative credential.`);
    const revoke = await http(`${bcUrl}/credentials/status`, {
      token: ADMIN_TOKEN,
      body: { credentialId: repVc['id'], credentialStatus: [{ type: 'BitstringStatusListCredential', status: 'revoked' }] },
    });
    current = nowMs + 24 * 3_600_000;
    say(`   Status list updated (HTTP ${revoke.status}). The next day (${clock().toISOString()}, the bank's cached copy of the list has expired) Maya tries again.`);
    const challenge4 = `kyb-${request.id}-after-dissolution`;
    const revoked = await kyb(await kybPresentation(challenge4, [repVc, personVc]), challenge4);
    expect('4i business dissolved, credential revoked', 'DECLINE', revoked.decision.toUpperCase(), revoked.reasons.map((r) => r.code));
  } finally {
    await Promise.allSettled(servers.map((s) => s.close()));
    await Promise.allSettled(stores.map((s) => s.close()));
    outcome.elapsedMs = Date.now() - started;
    outcome.ok = scenes.length > 0 && scenes.every((s) => s.ok);
    say('');
    say(`All services stopped. ${scenes.filter((s) => s.ok).length}/${scenes.length} outcomes as expected.`);
  }
  return outcome;
}
