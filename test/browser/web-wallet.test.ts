/**
 * The web wallet in a real browser (issue 7): Playwright (`playwright-core`) driving Debian's Chromium
 * at /usr/bin/chromium against the TrustBridge service on 127.0.0.1 — the VC API service with its
 * OpenID4VCI issuer, its OpenID4VP verifier and the web wallet under `/wallet` backed by the real
 * `@trustbridge/wallet` (embedded store, in-memory keys, the pilot trust registry offline). The service
 * key is the pilot key of Maple Commerce Bank, so its OpenID4VP requests come from a registered bank.
 *
 * Flow: the issuer makes an offer that needs a transaction code; in the browser the holder pastes it,
 * types the code and sees the credential listed; the bank asks for more than the registry lets it ask
 * for its purpose; the holder reviews (warning shown), consents with the keyboard only and sees the
 * result; the verifier reports the presentation verified; then a second offer is "scanned" without a
 * camera: a PNG screenshot of its QR code is chosen in the receive page's file control (reached and
 * opened with the keyboard) and read on the server. Screenshots go to test/browser/artifacts/.
 *
 * Chromium missing is a FAILURE, never a skip: run `scripts/chromium.sh` (as root) to install it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { FetchLike } from '@trustbridge/core';
import { MemoryKeyManager } from '@trustbridge/keys';
import { openEmbeddedStore, type SqlClient } from '@trustbridge/store';
import { buildTrustIndex, createOfflineTrustRegistryClient, seedPilotRegistries } from '@trustbridge/trust-registry';
import { samples, vctOf } from '@trustbridge/vocab';
import { createWallet } from '@trustbridge/wallet';
import { createLogger, loadConfig, startVcApiService, type RunningVcApiService } from '@trustbridge/server';

// Browser globals used inside page.evaluate callbacks (the repo compiles without the DOM lib).
declare const document: any;
declare const getComputedStyle: (el: unknown) => { outlineStyle: string };
type HTMLElement = { id: string; textContent: string | null; tagName: string; getBoundingClientRect(): { left: number } };

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ADMIN = 'browser-test-admin-token-0123456789abcdef';
// The pilot trust registry's authorizations are evaluated at this instant.
const NOW = Date.parse('2026-03-03T09:00:00Z');
const clock = () => new Date(NOW);
const { id: _subjectId, ...representative } = (samples.bcSoleProprietorRepresentative as unknown as { credentialSubject: Record<string, unknown> }).credentialSubject;

let service: RunningVcApiService | undefined;
let walletStore: SqlClient | undefined;
let context: BrowserContext | undefined;
let profile: string | undefined;
let page: Page;
let base: string;

async function admin(path: string, body: unknown): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = await res.json();
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: the browser test cannot run. Install it with \`sudo bash scripts/chromium.sh\` (apt-get install chromium).`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const seed = seedPilotRegistries();
  const trustClient = createOfflineTrustRegistryClient(buildTrustIndex(seed.states, { root: seed.root }), { clock });
  // The service signs as Maple Commerce Bank (a verifier registered in the pilot registry).
  const serviceKeys = new MemoryKeyManager({ clock });
  await serviceKeys.importKey(createHash('sha256').update('trustbridge-pilot:maple-commerce-bank').digest(), { keyId: 'issuer' });
  const holderKeys = new MemoryKeyManager({ clock });
  walletStore = await openEmbeddedStore();
  const wallet = await createWallet({
    store: walletStore,
    owner: 'browser-holder',
    keyManager: holderKeys,
    encryptionKey: new Uint8Array(randomBytes(32)),
    fetch: globalThis.fetch as unknown as FetchLike,
    clock,
    trustClient,
    allowPrivateNetworks: true,
  });
  service = await startVcApiService({
    config: loadConfig({ env: { HOST: '127.0.0.1', PORT: '0', TRUSTBRIDGE_ADMIN_TOKEN: ADMIN } }),
    logger: createLogger({ level: 'silent' }),
    keyManager: serviceKeys,
    clock,
    webWallet: { wallet, demo: true },
  });
  base = service.server.url.replace(/\/$/, '');
  // A fresh, empty profile (the --user-data-dir) for every run.
  profile = mkdtempSync(join(tmpdir(), 'tb-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, locale: 'en-CA' });
  page = context.pages()[0] ?? (await context.newPage());
}, 120_000);

afterAll(async () => {
  await context?.close();
  await service?.close();
  await walletStore?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Presses Tab until the focused element matches, as a keyboard user would (at most `max` presses). */
async function tabTo(p: Page, matches: (el: { id: string; text: string; tag: string }) => boolean, max = 30): Promise<void> {
  for (let i = 0; i < max; i++) {
    await p.keyboard.press('Tab');
    const el = await p.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      return { id: a?.id ?? '', text: (a?.textContent ?? '').trim(), tag: a?.tagName ?? '' };
    });
    if (matches(el)) return;
  }
  throw new Error('The element could not be reached with the Tab key.');
}

describe('web wallet in Chromium', () => {
  it('receives a credential from a pasted offer (transaction code typed on the keyboard) and lists it', async () => {
    const created = await admin('/oid4vci/offers', {
      credential_configuration_ids: ['BusinessRepresentativeCredential_dc_sd_jwt'],
      credential_subjects: { BusinessRepresentativeCredential: representative },
      tx_code: { length: 6, input_mode: 'numeric', description: 'Sent to you by email' },
    });
    const offer: string = created.offer_by_value;
    const txCode: string = created.tx_code;
    expect(offer.startsWith('openid-credential-offer://')).toBe(true);
    await page.goto(`${base}/wallet/`);
    expect(await page.getAttribute('html', 'lang')).toBe('en-CA');
    await expect.poll(() => page.textContent('main')).toContain('You hold no credentials yet.');
    await page.getByRole('link', { name: 'Receive a credential' }).first().click();
    await page.getByLabel('Credential offer').fill(offer);
    await page.getByRole('button', { name: 'Receive' }).click();
    // The transaction-code field has focus: type the code and press Enter, no mouse.
    await page.waitForSelector('#tx_code');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tx_code');
    await page.keyboard.type(txCode);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/wallet\/\?received=1$/);
    expect(await page.textContent('#status')).toContain('1 credential received and stored.');
    expect(await page.textContent('main')).toContain('Business Representative');
    expect(await page.textContent('main')).toContain('Family name');
    await page.screenshot({ path: join(ARTIFACTS, 'web-wallet-1-received.png'), fullPage: true });
  });

  it('shows visible focus and works in French after the language switch', async () => {
    await page.goto(`${base}/wallet/`);
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement;
      const style = getComputedStyle(a);
      return { text: a.textContent, outline: style.outlineStyle, left: a.getBoundingClientRect().left };
    });
    expect(skip.text).toBe('Skip to main content');
    expect(skip.outline).not.toBe('none');
    expect(skip.left).toBeGreaterThanOrEqual(0);
    await tabTo(page, (el) => el.id === 'lang-switch');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.documentElement.lang === 'fr-CA');
    expect(await page.textContent('h1')).toBe('Mes attestations');
    expect(await page.textContent('main')).toContain('Représentant d');
    expect(await page.textContent('main')).toContain('Nom de famille');
    await page.screenshot({ path: join(ARTIFACTS, 'web-wallet-2-fr.png'), fullPage: true });
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en-CA');
  });

  it('reviews a request that asks for more than authorized (warning), consents with the keyboard only, and sees success', async () => {
    // Maple Commerce Bank asks for the relationship id, which its registered attributes do not include.
    const created = await admin('/oid4vp/requests', {
      dcql_query: {
        credentials: [
          { id: 'representative', format: 'dc+sd-jwt', meta: { vct_values: [vctOf('BusinessRepresentativeCredential')] }, claims: [{ path: ['givenName'] }, { path: ['familyName'] }, { path: ['relationshipId'] }] },
        ],
      },
      purpose: 'kyb-onboarding',
      signed: true,
    });
    const request: string = created.authorization_request_uri;
    await page.goto(`${base}/wallet/`);
    // Keyboard only from here to the result page.
    await tabTo(page, (el) => el.tag === 'A' && el.text === 'Answer a request');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/wallet\/present$/);
    await tabTo(page, (el) => el.id === 'request');
    await page.keyboard.insertText(request);
    await tabTo(page, (el) => el.tag === 'BUTTON');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#trust-warnings');
    const warning = await page.textContent('#trust-warnings');
    expect(warning).toContain('Warning: check before you share');
    expect(warning).toContain('TR_ATTRIBUTE_NOT_AUTHORIZED');
    expect(await page.getAttribute('#trust-warnings', 'role')).toBe('alert');
    expect(await page.textContent('main')).toContain(created.client_id);
    expect(await page.textContent('#verifier-purpose')).toBe('kyb-onboarding');
    expect(await page.textContent('#trust-decision')).toBe('not-trusted');
    expect(await page.isChecked('#q0-c0')).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'web-wallet-3-review.png'), fullPage: true });
    await tabTo(page, (el) => el.id === 'consent');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/result$/);
    expect(await page.textContent('#status')).toContain('Your credentials were sent to the verifier.');
    const outcome = await admin(`/oid4vp/requests/${encodeURIComponent(created.id)}/result`, undefined);
    expect(outcome.status).toBe('verified');
    await page.screenshot({ path: join(ARTIFACTS, 'web-wallet-4-result.png'), fullPage: true });
    await page.getByRole('link', { name: 'Consent history' }).first().click();
    expect(await page.textContent('main')).toContain(created.client_id);
  });

  it('receives a credential by uploading a PNG image of its QR code (keyboard-operable file control)', async () => {
    const created = await admin('/oid4vci/offers', {
      credential_configuration_ids: ['BusinessRepresentativeCredential_dc_sd_jwt'],
      credential_subjects: { BusinessRepresentativeCredential: representative },
    });
    const offer: string = created.offer_by_value;
    // The issuer side shows the offer as a QR code; a screenshot of it is the holder's image file.
    const images = mkdtempSync(join(tmpdir(), 'tb-qr-'));
    try {
      const file = join(images, 'offer-qr.png');
      await page.goto(`${base}/wallet/qr?offer=${encodeURIComponent(offer)}`);
      await page.locator('figure.qr svg').screenshot({ path: file });
      expect(readFileSync(file).subarray(1, 4).toString('latin1')).toBe('PNG');
      await page.goto(`${base}/wallet/receive`);
      // The file control has a visible label and is reached and opened with the keyboard.
      expect(await page.getByLabel('Scan a QR code image').getAttribute('type')).toBe('file');
      await tabTo(page, (el) => el.id === 'image');
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
      expect(chooser.isMultiple()).toBe(false);
      await page.setInputFiles('#image', file);
      await tabTo(page, (el) => el.id === 'scan');
      await page.screenshot({ path: join(ARTIFACTS, 'web-wallet-5-scan.png'), fullPage: true });
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/wallet\/\?received=1$/);
      expect(await page.textContent('#status')).toContain('1 credential received and stored.');
      expect(await page.textContent('main')).toContain('You hold 2 credentials.');
      await page.screenshot({ path: join(ARTIFACTS, 'web-wallet-6-scanned.png'), fullPage: true });
    } finally {
      rmSync(images, { recursive: true, force: true });
    }
  });
});
