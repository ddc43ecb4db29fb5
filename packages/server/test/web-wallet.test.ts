/**
 * The web wallet pages over HTTP on 127.0.0.1 (issue 7 item 3): labels and languages, receiving with
 * a transaction code, reviewing and answering a presentation request, CSRF refusals, error pages,
 * the JSON API's problem documents, QR codes (rendered, and read from an uploaded PNG image). The wallet is an in-test fake of `@trustbridge/wallet`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import QRCode from 'qrcode';
import { PNG } from 'pngjs';
import { createLogger, startServer, type RunningServer } from '../src/index.js';
import { createWebWalletApp } from '../src/web-wallet/index.js';
import { createFakeExchange } from './web-wallet-fake.js';

const exchange = createFakeExchange();
let server: RunningServer;
let base: string;

beforeAll(async () => {
  const outer = express();
  outer.use('/wallet', createWebWalletApp({ wallet: exchange.wallet, logger: createLogger({ level: 'silent' }), demo: true }));
  server = await startServer({ app: outer, host: '127.0.0.1', port: 0 });
  base = server.url.replace(/\/$/, '');
});
afterAll(async () => {
  await server?.close();
});

/** A browser-like client: keeps cookies, does not follow redirects. */
function client() {
  const jar = new Map<string, string>();
  const send = async (path: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (jar.size > 0) headers['cookie'] = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(base + path, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      redirect: 'manual',
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return { status: res.status, location: res.headers.get('location'), type: res.headers.get('content-type'), headers: res.headers, text: await res.text() };
  };
  const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  return { send, tokenOf, jar };
}

async function receive(c: ReturnType<typeof client>, offer: string, txCode?: string) {
  const token = c.tokenOf((await c.send('/wallet/receive')).text);
  const posted = await c.send('/wallet/receive', { form: { _csrf: token, offer } });
  if (txCode === undefined) return posted;
  const prompt = await c.send(posted.location!);
  return c.send(posted.location!, { form: { _csrf: c.tokenOf(prompt.text), tx_code: txCode } });
}

/** Posts a multipart form (`_csrf` first, then the file), as the receive page's scan form does. */
async function upload(c: ReturnType<typeof client>, token: string | undefined, image: Uint8Array, filename = 'qr.png') {
  const body = new FormData();
  if (token !== undefined) body.append('_csrf', token);
  body.append('image', new Blob([image], { type: 'image/png' }), filename);
  const headers: Record<string, string> = {};
  if (c.jar.size > 0) headers['cookie'] = [...c.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(base + '/wallet/receive/scan', { method: 'POST', headers, body, redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), headers: res.headers, text: await res.text() };
}

/** A PNG of `width` × `height` white pixels (no QR code). */
function blankPng(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  png.data.fill(255);
  return PNG.sync.write(png);
}

describe('web wallet pages', () => {
  it('lists nothing at first, in English, with lang, skip link, navigation, live status region and the demo notice', async () => {
    const c = client();
    const home = await c.send('/wallet/');
    expect(home.status).toBe(200);
    expect(home.type).toMatch(/text\/html/);
    expect(home.text).toContain('<html lang="en-CA">');
    expect(home.text).toContain('You hold no credentials yet.');
    expect(home.text).toContain('href="#main"');
    expect(home.text).toContain('role="status" aria-live="polite"');
    expect(home.text).toContain('Demonstration wallet');
    expect(home.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(c.jar.has('tb_wallet_session')).toBe(true);
    expect(home.headers.getSetCookie()[0]).toMatch(/HttpOnly/);
    expect(home.headers.getSetCookie()[0]).toMatch(/SameSite=Strict/);
  });

  it('receives an offer that needs a transaction code: labelled prompt, wrong code refused, right code stores the credential', async () => {
    const c = client();
    const offer = exchange.issuer.createOffer({ configurations: ['BusinessRepresentativeCredential'], txCode: '493817' });
    const token = c.tokenOf((await c.send('/wallet/receive')).text);
    const posted = await c.send('/wallet/receive', { form: { _csrf: token, offer } });
    expect(posted.status).toBe(303);
    const prompt = await c.send(posted.location!);
    expect(prompt.text).toContain('<label for="tx_code">Transaction code</label>');
    expect(prompt.text).toContain('inputmode="numeric"');
    expect(prompt.text).toContain('Code sent by email');
    // The pre-authorized code never reaches the page.
    expect(prompt.text).not.toContain(encodeURIComponent('pre-authorized_code'));
    expect(prompt.text).not.toContain('pre-authorized_code');
    const wrong = await c.send(posted.location!, { form: { _csrf: c.tokenOf(prompt.text), tx_code: '000000' } });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('The transaction code was not accepted.');
    expect(wrong.text).toContain('ERR_OID4VCI_TX_CODE_INVALID');
    expect(wrong.text).toContain('aria-invalid="true"');
    const right = await c.send(posted.location!, { form: { _csrf: c.tokenOf(wrong.text), tx_code: '493817' } });
    expect(right.status).toBe(303);
    expect(right.location).toBe('/wallet/?received=1');
    const list = await c.send(right.location!);
    expect(list.text).toContain('1 credential received and stored.');
    expect(list.text).toContain('Business Representative');
    expect(list.text).toContain('Family name');
  });

  it('switches to French on the same page and keeps French afterwards (labels from the wallet display data)', async () => {
    const c = client();
    expect((await receive(c, exchange.issuer.createOffer({ configurations: ['BusinessRepresentativeCredential'] }))).status).toBe(303);
    const en = await c.send('/wallet/receive');
    expect(en.text).toMatch(/id="lang-switch" href="\/wallet\/lang\/fr\?back=%2Freceive"/);
    const switched = await c.send('/wallet/lang/fr?back=%2Freceive');
    expect(switched.status).toBe(303);
    expect(switched.location).toBe('/wallet/receive');
    const fr = await c.send('/wallet/receive');
    expect(fr.text).toContain('<html lang="fr-CA">');
    expect(fr.text).toContain('<label for="offer">Offre d’attestation</label>');
    const list = await c.send('/wallet/');
    expect(list.text).toContain('Représentant d');
    expect(list.text).toContain('Nom de famille');
    expect(list.text).toContain('Émetteur');
    // Back to English.
    await c.send('/wallet/lang/en?back=%2F');
    expect((await c.send('/wallet/')).text).toContain('<html lang="en-CA">');
  });

  it('never redirects outside the wallet from the language switch', async () => {
    const c = client();
    for (const back of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const r = await c.send(`/wallet/lang/fr?back=${encodeURIComponent(back)}`);
      expect(r.status).toBe(303);
      expect(r.location).toBe('/wallet/');
    }
  });

  it('shows a credential, then deletes it with a CSRF-checked post', async () => {
    const c = client();
    await receive(c, exchange.issuer.createOffer({ configurations: ['PersonIdentityCredential'] }));
    const list = await c.send('/wallet/');
    const href = [...list.text.matchAll(/href="(\/wallet\/credentials\/[^"]+)"/g)].at(-1)![1]!;
    const detail = await c.send(href);
    expect(detail.status).toBe(200);
    expect(detail.text).toContain('Person Identity');
    const deleted = await c.send(`${href}/delete`, { form: { _csrf: c.tokenOf(detail.text) } });
    expect(deleted.status).toBe(303);
    expect((await c.send(deleted.location!)).text).toContain('The credential was deleted.');
    expect((await c.send(href)).status).toBe(404);
  });

  it('refuses posts without a valid CSRF token or from another site (403 ERR_WEB_WALLET_CSRF)', async () => {
    const c = client();
    const token = c.tokenOf((await c.send('/wallet/receive')).text);
    const offer = exchange.issuer.createOffer({ configurations: ['BusinessRegistrationCredential'] });
    const missing = await c.send('/wallet/receive', { form: { offer } });
    expect(missing.status).toBe(403);
    expect(missing.text).toContain('ERR_WEB_WALLET_CSRF');
    expect(missing.headers.get('x-error-code')).toBe('ERR_WEB_WALLET_CSRF');
    expect(missing.text).toContain('role="alert"');
    const forged = await c.send('/wallet/receive', { form: { _csrf: token.slice(0, -2) + 'AA', offer } });
    expect(forged.status).toBe(403);
    const crossSite = await c.send('/wallet/receive', { form: { _csrf: token, offer }, headers: { origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
    const fetchMeta = await c.send('/wallet/receive', { form: { _csrf: token, offer }, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(fetchMeta.status).toBe(403);
    // Another browser's token does not fit this browser's cookie.
    const other = client();
    const otherToken = other.tokenOf((await other.send('/wallet/receive')).text);
    expect((await c.send('/wallet/receive', { form: { _csrf: otherToken, offer } })).status).toBe(403);
    // The offer was not used by any refused post.
    expect((await c.send('/wallet/receive', { form: { _csrf: token, offer } })).status).toBe(303);
  });

  it('answers a bad offer link with an error page in the chosen language', async () => {
    const c = client();
    await c.send('/wallet/lang/fr?back=%2Freceive');
    const token = c.tokenOf((await c.send('/wallet/receive')).text);
    const bad = await c.send('/wallet/receive', { form: { _csrf: token, offer: 'javascript:alert(1)' } });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<html lang="fr-CA">');
    expect(bad.text).toContain('Ceci n’est pas une offre d’attestation.');
    expect(bad.text).toContain('ERR_WEB_WALLET_OFFER_INVALID');
    const en = client();
    const t2 = en.tokenOf((await en.send('/wallet/receive')).text);
    const used = await en.send('/wallet/receive', { form: { _csrf: t2, offer: 'openid-credential-offer://?credential_offer=%7B%7D' } });
    expect(used.status).toBe(400);
    expect(used.text).toContain('The credential offer could not be used');
    expect(used.text).toContain('ERR_OID4VCI_INVALID_GRANT');
  });

  it('refuses oversized form posts (413) and unknown pages (404 page)', async () => {
    const c = client();
    const token = c.tokenOf((await c.send('/wallet/receive')).text);
    const big = await c.send('/wallet/receive', { form: { _csrf: token, offer: 'openid-credential-offer://?' + 'a'.repeat(70_000) } });
    expect(big.status).toBe(413);
    expect(big.text).toContain('ERR_INPUT_TOO_LARGE');
    const missing = await c.send('/wallet/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.type).toMatch(/text\/html/);
  });

  it('reviews a request that asks for more than authorized: verifier, purpose, warning, claims; consent sends and is logged', async () => {
    const c = client();
    await receive(c, exchange.issuer.createOffer({ configurations: ['PersonIdentityCredential'] }));
    const request = exchange.verifier.createRequest({
      clientId: 'did:web:bank.pilot.example',
      name: 'Banque Laurentienne (pilot)',
      purpose: 'Open a business bank account',
      credentialType: 'PersonIdentityCredential',
      claims: ['/credentialSubject/givenName', '/credentialSubject/familyName', '/credentialSubject/birthDate'],
      authorizedClaims: ['/credentialSubject/givenName', '/credentialSubject/familyName'],
    });
    const token = c.tokenOf((await c.send('/wallet/present')).text);
    const posted = await c.send('/wallet/present', { form: { _csrf: token, request } });
    expect(posted.status).toBe(303);
    const review = await c.send(posted.location!);
    expect(review.status).toBe(200);
    expect(review.text).toContain('Banque Laurentienne (pilot)');
    expect(review.text).toContain('Open a business bank account');
    expect(review.text).toContain('id="trust-warnings"');
    expect(review.text).toContain('ERR_TRUST_ATTRIBUTE_NOT_AUTHORIZED');
    expect(review.text).toContain('NOT authorized for this purpose');
    expect(review.text).toMatch(/<legend>Request 1 \(required\)<\/legend>/);
    expect(review.text).toMatch(/<input type="radio" id="q0-c0" name="q0"/);
    expect(review.text).toContain('<label for="q0-c0">');
    // Same review in French (the wallet reviews again in that language).
    const fr = await c.send(`/wallet/lang/fr?back=${encodeURIComponent(posted.location!.replace('/wallet', ''))}`);
    const reviewFr = await c.send(fr.location!);
    expect(reviewFr.text).toContain('NON autorisé pour ce motif');
    expect(reviewFr.text).toContain('Le vérificateur n’est pas autorisé à demander');
    await c.send('/wallet/lang/en?back=%2F');
    const credentialId = /name="q0" value="([^"]+)"/.exec(review.text)![1]!;
    const consent = await c.send(posted.location!, { form: { _csrf: c.tokenOf(review.text), action: 'consent', q0: credentialId } });
    expect(consent.status).toBe(303);
    const result = await c.send(consent.location!);
    expect(result.text).toContain('Your credentials were sent to the verifier.');
    expect(result.text).toContain('href="https://bank.pilot.example/onboarding/done"');
    expect(exchange.verifier.answerOf(request)).toEqual({ consent: true, credentialIds: [credentialId] });
    // A second post does not answer again.
    const again = await c.send(posted.location!, { form: { _csrf: c.tokenOf(review.text), action: 'consent', q0: credentialId } });
    expect(again.location).toBe(consent.location);
    const history = await c.send('/wallet/history');
    expect(history.text).toContain('Banque Laurentienne (pilot)');
    expect(history.text).toContain('consent');
  });

  it('declines a request: nothing is shared', async () => {
    const c = client();
    await receive(c, exchange.issuer.createOffer({ configurations: ['BusinessRegistrationCredential'] }));
    const request = exchange.verifier.createRequest({
      clientId: 'did:web:bank.pilot.example', name: 'Bank', purpose: 'KYB',
      credentialType: 'BusinessRegistrationCredential', claims: ['/credentialSubject/business/legalName'], authorizedClaims: ['/credentialSubject/business/legalName'],
    });
    const posted = await c.send('/wallet/present', { form: { _csrf: c.tokenOf((await c.send('/wallet/present')).text), request } });
    const review = await c.send(posted.location!);
    expect(review.text).not.toContain('id="trust-warnings"');
    const declined = await c.send(posted.location!, { form: { _csrf: c.tokenOf(review.text), action: 'decline' } });
    expect((await c.send(declined.location!)).text).toContain('You declined the request. Nothing was shared.');
    expect(exchange.verifier.answerOf(request)).toEqual({ consent: false, credentialIds: [] });
    // Another browser session cannot see this review.
    expect((await client().send(posted.location!)).status).toBe(404);
  });

  it('refuses a bad request link with a coded error page', async () => {
    const c = client();
    const bad = await c.send('/wallet/present', { form: { _csrf: c.tokenOf((await c.send('/wallet/present')).text), request: 'not a link' } });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('ERR_WEB_WALLET_REQUEST_INVALID');
  });

  it('receive page: a labelled PNG file control in a multipart form with the CSRF token (EN and FR)', async () => {
    const c = client();
    const en = await c.send('/wallet/receive');
    expect(en.text).toContain('enctype="multipart/form-data"');
    expect(en.text).toContain('<label for="image">Scan a QR code image</label>');
    expect(en.text).toMatch(/<input type="file" id="image" name="image" accept="image\/png" required aria-describedby="image-hint">/);
    const scanForm = en.text.slice(en.text.indexOf('action="/wallet/receive/scan"'));
    expect(scanForm.indexOf('name="_csrf"')).toBeLessThan(scanForm.indexOf('type="file"'));
    await c.send('/wallet/lang/fr?back=%2Freceive');
    const fr = await c.send('/wallet/receive');
    expect(fr.text).toContain('<label for="image">Lire l’image d’un code QR</label>');
  });

  it('reads an offer from an uploaded QR code PNG and goes on as if it was pasted (transaction-code prompt, then stored)', async () => {
    const c = client();
    const offer = exchange.issuer.createOffer({ configurations: ['BusinessRepresentativeCredential'], txCode: '493817' });
    const token = c.tokenOf((await c.send('/wallet/receive')).text);
    const posted = await upload(c, token, await QRCode.toBuffer(offer, { errorCorrectionLevel: 'M' }));
    expect(posted.status).toBe(303);
    expect(posted.location).toMatch(/^\/wallet\/receive\/[A-Za-z0-9_-]+$/);
    const prompt = await c.send(posted.location!);
    expect(prompt.text).toContain('<label for="tx_code">Transaction code</label>');
    const right = await c.send(posted.location!, { form: { _csrf: c.tokenOf(prompt.text), tx_code: '493817' } });
    expect(right.status).toBe(303);
    expect(right.location).toBe('/wallet/?received=1');
    // Without a transaction code: stored straight away.
    const plain = exchange.issuer.createOffer({ configurations: ['PersonIdentityCredential'] });
    const direct = await upload(c, token, await QRCode.toBuffer(plain));
    expect(direct.status).toBe(303);
    expect(direct.location).toBe('/wallet/?received=1');
    expect((await c.send('/wallet/')).text).toContain('Person Identity');
  });

  it('answers a QR code that is not an offer like a pasted one (ERR_WEB_WALLET_OFFER_INVALID)', async () => {
    const c = client();
    const token = c.tokenOf((await c.send('/wallet/receive')).text);
    const r = await upload(c, token, await QRCode.toBuffer('javascript:alert(1)'));
    expect(r.status).toBe(400);
    expect(r.headers.get('x-error-code')).toBe('ERR_WEB_WALLET_OFFER_INVALID');
  });

  it('refuses an image without a QR code (ERR_WEB_WALLET_QR_NOT_FOUND), in the chosen language', async () => {
    const c = client();
    await c.send('/wallet/lang/fr?back=%2Freceive');
    const token = c.tokenOf((await c.send('/wallet/receive')).text);
    const r = await upload(c, token, blankPng(200, 200));
    expect(r.status).toBe(422);
    expect(r.headers.get('x-error-code')).toBe('ERR_WEB_WALLET_QR_NOT_FOUND');
    expect(r.text).toContain('<html lang="fr-CA">');
    expect(r.text).toContain('Aucun code QR n’a été trouvé dans cette image.');
    expect(r.text).toContain('href="/wallet/receive"');
  });

  it('refuses a file that is not a PNG, or a broken PNG (ERR_WEB_WALLET_IMAGE_INVALID)', async () => {
    const c = client();
    const token = c.tokenOf((await c.send('/wallet/receive')).text);
    const jpeg = await upload(c, token, Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('JFIF not a png at all, really not')]), 'qr.jpg');
    expect(jpeg.status).toBe(400);
    expect(jpeg.headers.get('x-error-code')).toBe('ERR_WEB_WALLET_IMAGE_INVALID');
    expect(jpeg.text).toContain('This file is not a PNG image.');
    const truncated = (await QRCode.toBuffer('openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fx')).subarray(0, 60);
    const broken = await upload(c, token, truncated);
    expect(broken.status).toBe(400);
    expect(broken.headers.get('x-error-code')).toBe('ERR_WEB_WALLET_IMAGE_INVALID');
    const empty = await upload(c, token, new Uint8Array(0));
    expect(empty.headers.get('x-error-code')).toBe('ERR_WEB_WALLET_IMAGE_INVALID');
  });

  it('refuses an upload over 1 MiB, and a PNG over 4,000 pixels wide from its header (ERR_WEB_WALLET_IMAGE_TOO_LARGE)', async () => {
    const c = client();
    const token = c.tokenOf((await c.send('/wallet/receive')).text);
    const big = await upload(c, token, Buffer.concat([blankPng(10, 10), Buffer.alloc(1024 * 1024 + 1)]));
    expect(big.status).toBe(413);
    expect(big.headers.get('x-error-code')).toBe('ERR_WEB_WALLET_IMAGE_TOO_LARGE');
    // A small file whose header claims 5,000 × 10 pixels: refused before it is decoded.
    const header = blankPng(10, 10);
    header.writeUInt32BE(5000, 16);
    const wide = await upload(c, token, header);
    expect(wide.status).toBe(413);
    expect(wide.headers.get('x-error-code')).toBe('ERR_WEB_WALLET_IMAGE_TOO_LARGE');
    expect(wide.text).toContain('The image is too large');
  });

  it('refuses an upload without a valid CSRF token (403 ERR_WEB_WALLET_CSRF) and does not use the offer', async () => {
    const c = client();
    const token = c.tokenOf((await c.send('/wallet/receive')).text);
    const offer = exchange.issuer.createOffer({ configurations: ['BusinessRegistrationCredential'] });
    const png = await QRCode.toBuffer(offer);
    const missing = await upload(c, undefined, png);
    expect(missing.status).toBe(403);
    expect(missing.headers.get('x-error-code')).toBe('ERR_WEB_WALLET_CSRF');
    const forged = await upload(c, token.slice(0, -2) + 'AA', png);
    expect(forged.status).toBe(403);
    expect(forged.headers.get('x-error-code')).toBe('ERR_WEB_WALLET_CSRF');
    expect((await upload(client(), token, png)).status).toBe(403);
    // Not multipart: refused too.
    const urlencoded = await c.send('/wallet/receive/scan', { form: { _csrf: token } });
    expect(urlencoded.status).toBe(415);
    // The offer was not used by any refused post.
    expect((await upload(c, token, png)).location).toBe('/wallet/?received=1');
  });

  it('renders an offer as an SVG QR code on the server', async () => {
    const offer = exchange.issuer.createOffer({ configurations: ['BusinessRegistrationCredential'] });
    const c = client();
    const svg = await c.send(`/wallet/qr.svg?offer=${encodeURIComponent(offer)}`);
    expect(svg.status).toBe(200);
    expect(svg.type).toMatch(/image\/svg\+xml/);
    expect(svg.text.startsWith('<svg')).toBe(true);
    const pageWithQr = await c.send(`/wallet/qr?offer=${encodeURIComponent(offer)}`);
    expect(pageWithQr.text).toContain('role="img" aria-label="QR code of the credential offer"');
    expect((await c.send('/wallet/qr.svg?offer=ftp%3A%2F%2Fx')).status).toBe(400);
  });

  it('JSON API: display data of credentials, problem documents for errors', async () => {
    const c = client();
    const list = await c.send('/wallet/api/credentials?lang=fr');
    expect(list.type).toMatch(/application\/json/);
    const body = JSON.parse(list.text);
    expect(Array.isArray(body.credentials)).toBe(true);
    expect(body.credentials.every((x: any) => x.credential === undefined)).toBe(true);
    const missing = await c.send('/wallet/api/credentials/urn:uuid:none');
    expect(missing.status).toBe(404);
    expect(missing.type).toMatch(/application\/problem\+json/);
    expect(JSON.parse(missing.text)).toMatchObject({ status: 404, code: 'ERR_WALLET_CREDENTIAL_NOT_FOUND' });
    expect(JSON.parse((await c.send('/wallet/api/nope')).text).code).toBe('ERR_HTTP_NOT_FOUND');
  });
});
