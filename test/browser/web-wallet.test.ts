/**
 * The web wallet in a real browser (issue 7): Playwright (`playwright-core`) driving Debian's Chromium
 * at /usr/bin/chromium against the TrustBridge service on 127.0.0.1 with the wallet pages under
 * `/wallet`. Receives a credential from an offer that needs a transaction code, then answers a bank's
 * presentation request that asks for more than the trust registry authorizes (warning shown),
 * consents, and sees the result; part of it keyboard-only. Screenshots go to test/browser/artifacts/.
 *
 * The OpenID4VCI issuer, OpenID4VP verifier and `@trustbridge/wallet` were not yet available when this
 * test was written: they are in-test fakes (./fake-exchange.ts) behind the real pages and service.
 *
 * Chromium missing is a FAILURE, never a skip: run `scripts/chromium.sh` (as root) to install it.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createLogger, loadConfig, startVcApiService, type RunningVcApiService } from '@trustbridge/server';
import { createFakeExchange } from './fake-exchange.js';

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

const exchange = createFakeExchange();
let service: RunningVcApiService | undefined;
let context: BrowserContext | undefined;
let profile: string | undefined;
let page: Page;
let base: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: the browser test cannot run. Install it with \`sudo bash scripts/chromium.sh\` (apt-get install chromium).`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const config = loadConfig({ env: { HOST: '127.0.0.1', PORT: '0' } });
  service = await startVcApiService({
    config,
    logger: createLogger({ level: 'silent' }),
    webWallet: { wallet: exchange.wallet, demo: true },
  });
  base = service.server.url.replace(/\/$/, '');
  // A fresh, empty profile (the --user-data-dir) for every run.
  profile = mkdtempSync(join(tmpdir(), 'tb-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, locale: 'en-CA' });
  page = context.pages()[0] ?? (await context.newPage());
}, 90_000);

afterAll(async () => {
  await context?.close();
  await service?.close();
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
    const offer = exchange.issuer.createOffer({ configurations: ['PersonIdentityCredential'], txCode: '271828' });
    await page.goto(`${base}/wallet/`);
    expect(await page.getAttribute('html', 'lang')).toBe('en-CA');
    await expect.poll(() => page.textContent('main')).toContain('You hold no credentials yet.');
    await page.getByRole('link', { name: 'Receive a credential' }).first().click();
    await page.getByLabel('Credential offer').fill(offer);
    await page.getByRole('button', { name: 'Receive' }).click();
    // The transaction-code field has focus: type the code and press Enter, no mouse.
    await page.waitForSelector('#tx_code');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tx_code');
    await page.keyboard.type('271828');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/wallet\/\?received=1$/);
    expect(await page.textContent('#status')).toContain('1 credential received and stored.');
    expect(await page.textContent('main')).toContain('Person Identity');
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
    expect(await page.textContent('main')).toContain('Identité de la personne');
    await page.screenshot({ path: join(ARTIFACTS, 'web-wallet-2-fr.png'), fullPage: true });
    await page.click('#lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'en-CA');
  });

  it('reviews a request that asks for more than authorized (warning), consents with the keyboard only, and sees success', async () => {
    const request = exchange.verifier.createRequest({
      clientId: 'did:web:bank.pilot.example',
      name: 'Pilot Bank of Canada',
      purpose: 'Open a business bank account (KYB)',
      credentialType: 'PersonIdentityCredential',
      claims: ['/credentialSubject/givenName', '/credentialSubject/familyName', '/credentialSubject/birthDate'],
      authorizedClaims: ['/credentialSubject/givenName', '/credentialSubject/familyName'],
    });
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
    expect(warning).toContain('NOT authorized for this purpose');
    expect(warning).toContain('The verifier is not authorized to ask for: Date of birth');
    expect(await page.getAttribute('#trust-warnings', 'role')).toBe('alert');
    expect(await page.textContent('#verifier-name')).toBe('Pilot Bank of Canada');
    expect(await page.textContent('#verifier-purpose')).toBe('Open a business bank account (KYB)');
    expect(await page.isChecked('#q0-c0')).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'web-wallet-3-review.png'), fullPage: true });
    await tabTo(page, (el) => el.id === 'consent');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/result$/);
    expect(await page.textContent('#status')).toContain('Your credentials were sent to the verifier.');
    expect(exchange.verifier.answerOf(request)?.consent).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'web-wallet-4-result.png'), fullPage: true });
    await page.getByRole('link', { name: 'Consent history' }).first().click();
    expect(await page.textContent('main')).toContain('Pilot Bank of Canada');
  });
});
