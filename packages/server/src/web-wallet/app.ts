/**
 * The web wallet: server-rendered pages over a holder {@link WebWalletBackend} — credentials (list,
 * detail, delete), receiving an OpenID4VCI offer (with the transaction-code prompt), reviewing and
 * answering an OpenID4VP request with the trust registry's verdict, consent history — plus a small
 * JSON API for the same data. English and French; every form post is CSRF-checked.
 *
 * The wallet serves ONE holder and has no login of its own: mount it only where its user alone can
 * reach it (loopback, or behind the deployment's authentication).
 */
import { randomBytes } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { isTrustBridgeError, systemClock, type Clock } from '@trustbridge/core';
import { createProblem, PROBLEM_MEDIA_TYPE } from '../problem.js';
import type { Logger } from '../logger.js';
import { CsrfGuard, cookie, readCookie } from './csrf.js';
import { readForm, DEFAULT_MAX_FORM_BYTES } from './form.js';
import { esc, page, WALLET_CSS, type PageFrame } from './html.js';
import { isOfferLink, isRequestLink, isSafeRedirect, txCodeOfOffer, type TxCodePrompt } from './links.js';
import { qrSvg } from './qr.js';
import { decodeQrPng, readImageUpload, DEFAULT_MAX_IMAGE_PIXELS, DEFAULT_MAX_UPLOAD_BYTES } from './scan.js';
import { stringsFor, type WebWalletErrorKey, type WebWalletStrings } from './strings.js';
import type { WebWalletBackend, WebWalletCredential, WebWalletLang, WebWalletRespondResult, WebWalletReview } from './types.js';

/** Options of {@link createWebWalletApp}. */
export interface WebWalletAppOptions {
  wallet: WebWalletBackend;
  logger: Logger;
  /** Language when the user has not chosen one. Default `en`. */
  lang?: WebWalletLang;
  /** Where the app is mounted (links and cookie path). Default `/wallet`. */
  basePath?: string;
  clock?: Clock;
  /** Show the "demonstration wallet" notice. */
  demo?: boolean;
  /** Largest form post in bytes. Default 64 KiB. */
  maxFormBytes?: number;
  /** Largest QR code image upload in bytes. Default 1 MiB. */
  maxUploadBytes?: number;
  /** Widest and tallest QR code image decoded, in pixels. Default 4,000. */
  maxImagePixels?: number;
  /** HMAC key of the CSRF tokens. Default: random per app. */
  csrfKey?: Uint8Array;
  /** How long a pending offer or a review stays usable. Default 10 minutes. */
  pendingTtlMs?: number;
  /** Most pending offers and reviews kept (oldest dropped first). Default 200. */
  maxPending?: number;
}

/** An error shown as a page (or as a problem document on the API). */
class PageError extends Error {
  constructor(
    readonly status: number,
    readonly key: WebWalletErrorKey,
    readonly code: string,
  ) {
    super(code);
  }
}

const LANG_COOKIE = 'tb_wallet_lang';

interface PendingOffer {
  session: string;
  offer: string;
  prompt: TxCodePrompt;
  expires: number;
}

interface PendingReview {
  session: string;
  request: string;
  reviews: Partial<Record<WebWalletLang, WebWalletReview>>;
  /** The review the holder answers (the latest one made). */
  latest: WebWalletReview;
  result?: WebWalletRespondResult;
  expires: number;
}

/** A bounded map whose entries expire. */
class PendingMap<T extends { session: string; expires: number }> {
  readonly #entries = new Map<string, T>();
  constructor(
    readonly max: number,
    readonly clock: Clock,
  ) {}
  add(value: T): string {
    const id = randomBytes(18).toString('base64url');
    this.#entries.set(id, value);
    while (this.#entries.size > this.max) this.#entries.delete(this.#entries.keys().next().value!);
    return id;
  }
  /** The entry when it exists, belongs to `session` and has not expired. */
  get(id: string, session: string): T | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    if (entry.expires <= this.clock().getTime()) {
      this.#entries.delete(id);
      return undefined;
    }
    return entry.session === session ? entry : undefined;
  }
  delete(id: string): void {
    this.#entries.delete(id);
  }
}

/** Maps an error thrown by the wallet to what the page says, by the area of its code. */
function classifyWalletError(error: unknown, context: 'offer' | 'tx' | 'request' | 'other'): PageError {
  if (error instanceof PageError) return error;
  if (!isTrustBridgeError(error)) return new PageError(500, 'internal', 'ERR_INTERNAL');
  const code = error.code;
  if (code === 'ERR_INPUT_TOO_LARGE') return new PageError(413, 'tooLarge', code);
  if (/TX_CODE/.test(code)) return new PageError(400, 'txCode', code);
  // The issuer's token endpoint refuses a wrong transaction code like any bad grant (invalid_grant).
  if (context === 'tx' && code === 'ERR_WALLET_TOKEN_REFUSED') return new PageError(400, 'txCode', code);
  if (/NOT_FOUND/.test(code) && context === 'other') return new PageError(404, 'notFound', code);
  if (context === 'offer' || context === 'tx') return new PageError(400, 'offerFailed', code);
  if (context === 'request') return new PageError(400, 'requestFailed', code);
  return new PageError(400, 'internal', code);
}

/** A route parameter as one string. */
function param(req: Request, name: string): string {
  const value = (req.params as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value.join('/') : (value ?? '');
}

function issuerText(issuer: WebWalletCredential['issuer']): string {
  if (typeof issuer === 'string') return issuer;
  return issuer?.name ?? issuer?.id ?? '';
}

function claimPath(path: unknown): string {
  return Array.isArray(path) ? path.map((p) => (p === null ? '*' : String(p))).join('.') : String(path ?? '');
}

function claimValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(claimValue).join(', ');
  return JSON.stringify(value).slice(0, 200);
}

/** A field of a consent log entry, by the first of `names` that holds a value. */
function pick(entry: Record<string, unknown>, ...names: string[]): unknown {
  for (const name of names) {
    const value = name.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), entry);
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

/**
 * The web wallet as an express app, to mount at `basePath` (e.g. with `mountRegistryApp(main, app,
 * '/wallet')`).
 *
 * @example
 * ```ts
 * const app = createWebWalletApp({ wallet, logger, lang: 'fr' });
 * outer.use('/wallet', app);
 * ```
 */
export function createWebWalletApp(options: WebWalletAppOptions): Express {
  const { wallet, logger } = options;
  const base = options.basePath ?? '/wallet';
  if (!/^\/[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*$/.test(base)) throw new TypeError('basePath must look like /wallet.');
  const defaultLang: WebWalletLang = options.lang ?? 'en';
  const clock = options.clock ?? systemClock;
  const maxFormBytes = options.maxFormBytes ?? DEFAULT_MAX_FORM_BYTES;
  const maxUploadBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const maxImagePixels = options.maxImagePixels ?? DEFAULT_MAX_IMAGE_PIXELS;
  const ttl = options.pendingTtlMs ?? 10 * 60_000;
  const csrf = new CsrfGuard({ path: base, ...(options.csrfKey ? { key: options.csrfKey } : {}) });
  const offers = new PendingMap<PendingOffer>(options.maxPending ?? 200, clock);
  const reviews = new PendingMap<PendingReview>(options.maxPending ?? 200, clock);

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  // Security headers on every answer: nothing external, no framing, no caching, no referrer.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on form posts.
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  const langOf = (req: Request): WebWalletLang => {
    const q = req.query['lang'];
    if (q === 'en' || q === 'fr') return q;
    const c = readCookie(req, LANG_COOKIE);
    return c === 'en' || c === 'fr' ? c : defaultLang;
  };

  /** Renders a page with its frame; sets the session cookie so later posts carry it. */
  const render = (req: Request, res: Response, frame: Omit<PageFrame, 'lang' | 'base' | 'current' | 'demo'> & { lang?: WebWalletLang }, body: (t: WebWalletStrings, token: string, lang: WebWalletLang) => string, status = 200) => {
    const lang = frame.lang ?? langOf(req);
    const t = stringsFor(lang);
    const session = csrf.session(req, res);
    const html = page({ ...frame, lang, base, current: req.url, ...(options.demo ? { demo: true } : {}) }, body(t, csrf.token(session), lang));
    res.status(status).type('html').send(html);
  };

  const hidden = (token: string) => `<input type="hidden" name="_csrf" value="${esc(token)}">`;

  /** Reads a post's form and checks its CSRF token; answers the session. */
  const checkedForm = async (req: Request): Promise<{ form: URLSearchParams; session: string }> => {
    let form: URLSearchParams;
    try {
      form = await readForm(req, maxFormBytes);
    } catch (error) {
      if (isTrustBridgeError(error) && error.code === 'ERR_INPUT_TOO_LARGE') throw new PageError(413, 'tooLarge', error.code);
      if (isTrustBridgeError(error) && error.code === 'ERR_HTTP_UNSUPPORTED_MEDIA_TYPE') throw new PageError(415, 'csrf', error.code);
      throw error;
    }
    const session = csrf.verify(req, form.get('_csrf') ?? undefined);
    if (!session) throw new PageError(403, 'csrf', 'ERR_WEB_WALLET_CSRF');
    return { form, session };
  };

  const wrap =
    (handler: (req: Request, res: Response) => Promise<void>) =>
    (req: Request, res: Response, next: NextFunction): void => {
      handler(req, res).catch(next);
    };

  // ---------------------------------------------------------------- static assets and language
  app.get('/static/wallet.css', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type('text/css').send(WALLET_CSS);
  });

  app.get('/lang/:lang', (req, res) => {
    const lang = param(req, 'lang');
    if (lang !== 'en' && lang !== 'fr') throw new PageError(404, 'notFound', 'ERR_HTTP_NOT_FOUND');
    const back = typeof req.query['back'] === 'string' ? req.query['back'] : '/';
    // Only a path inside the wallet: never an open redirect.
    const target = /^\/(?![/\\])[^\s]*$/.test(back) && back.length <= 2048 ? back.replace(/([?&])lang=(en|fr)&?/, '$1').replace(/[?&]$/, '') : '/';
    res.append('Set-Cookie', cookie(LANG_COOKIE, lang, { path: base, secure: req.secure, httpOnly: true, maxAgeSeconds: 365 * 24 * 3600 }));
    res.redirect(303, base + target);
  });

  // ---------------------------------------------------------------- credentials
  app.get(
    '/',
    wrap(async (req, res) => {
      const lang = langOf(req);
      const t = stringsFor(lang);
      const list = await wallet.listCredentials({ lang });
      const received = Number(req.query['received']);
      const status =
        Number.isInteger(received) && received >= 0 && received < 1000 ? t.received(received) : req.query['deleted'] === '1' ? t.deleted : undefined;
      render(req, res, { title: t.credentialsTitle, section: 'credentials', ...(status ? { status } : {}) }, () => {
        if (list.length === 0) return `<p>${esc(t.credentialsEmpty)}</p><p><a href="${esc(base)}/receive">${esc(t.navReceive)}</a></p>`;
        const items = list
          .map(
            (c) => `<li class="card credential">
<h2>${esc(c.display.title)}</h2>
<dl>
<dt>${esc(t.issuer)}</dt><dd>${esc(issuerText(c.issuer))}</dd>
${c.issuedAt ? `<dt>${esc(t.issuedAt)}</dt><dd>${esc(c.issuedAt)}</dd>` : ''}
<dt>${esc(t.format)}</dt><dd><span class="tag">${esc(c.format)}</span></dd>
${c.display.fields
  .slice(0, 4)
  .map((f) => `<dt>${esc(f.label)}</dt><dd>${esc(f.value)}${f.selfAsserted ? ` <span class="tag">${esc(t.selfAsserted)}</span>` : ''}</dd>`)
  .join('\n')}
</dl>
<p><a href="${esc(base)}/credentials/${encodeURIComponent(c.id)}" aria-label="${esc(t.viewOf(c.display.title))}">${esc(t.view)}</a></p>
</li>`,
          )
          .join('\n');
        return `<p>${esc(t.credentialsCount(list.length))}</p><ul class="plain" role="list">${items}</ul>`;
      });
    }),
  );

  app.get(
    '/credentials/:id',
    wrap(async (req, res) => {
      const lang = langOf(req);
      const t = stringsFor(lang);
      let c: WebWalletCredential;
      try {
        c = await wallet.getCredential(param(req, 'id'), { lang });
      } catch (error) {
        throw classifyWalletError(error, 'other');
      }
      render(req, res, { title: c.display.title, section: 'credentials' }, (_t, token) => `
<section class="card" aria-labelledby="fields-h">
<h2 id="fields-h">${esc(t.detailTitle)}</h2>
<dl>
${c.display.fields.map((f) => `<dt>${esc(f.label)}</dt><dd>${esc(f.value)}${f.selfAsserted ? ` <span class="tag">${esc(t.selfAsserted)}</span>` : ''}</dd>`).join('\n')}
</dl>
</section>
<section class="card">
<dl>
<dt>${esc(t.issuer)}</dt><dd>${esc(issuerText(c.issuer))}</dd>
${c.issuedAt ? `<dt>${esc(t.issuedAt)}</dt><dd>${esc(c.issuedAt)}</dd>` : ''}
<dt>${esc(t.format)}</dt><dd>${esc(c.format)}</dd>
<dt>${esc(t.types)}</dt><dd>${esc(c.types.join(', '))}</dd>
</dl>
</section>
<form method="post" action="${esc(base)}/credentials/${encodeURIComponent(c.id)}/delete">
${hidden(token)}
<button type="submit" class="danger">${esc(t.deleteButton)}</button>
</form>
<p><a href="${esc(base)}/">${esc(t.back)}</a></p>`);
    }),
  );

  app.post(
    '/credentials/:id/delete',
    wrap(async (req, res) => {
      await checkedForm(req);
      try {
        await wallet.deleteCredential(param(req, 'id'));
      } catch (error) {
        throw classifyWalletError(error, 'other');
      }
      res.redirect(303, `${base}/?deleted=1`);
    }),
  );

  // ---------------------------------------------------------------- receive
  const receiveForm = (t: WebWalletStrings, token: string, value = '') => `
<p id="receive-intro">${esc(t.receiveIntro)}</p>
<form method="post" action="${esc(base)}/receive">
${hidden(token)}
<label for="offer">${esc(t.offerLabel)}</label>
<p class="hint" id="offer-hint">${esc(t.offerHint)}</p>
<textarea id="offer" name="offer" required aria-describedby="offer-hint receive-intro" spellcheck="false" autocomplete="off">${esc(value)}</textarea>
<button type="submit">${esc(t.receiveButton)}</button>
</form>
<form method="post" action="${esc(base)}/receive/scan" enctype="multipart/form-data">
${hidden(token)}
<label for="image">${esc(t.scanLabel)}</label>
<p class="hint" id="image-hint">${esc(t.scanHint)}</p>
<input type="file" id="image" name="image" accept="image/png" required aria-describedby="image-hint">
<button type="submit" id="scan">${esc(t.scanButton)}</button>
</form>
<p><a href="${esc(base)}/qr">${esc(t.qrTitle)}</a></p>`;

  app.get('/receive', (req, res) => {
    const t = stringsFor(langOf(req));
    render(req, res, { title: t.receiveTitle, section: 'receive' }, (_t, token) => receiveForm(t, token));
  });

  const txPage = (req: Request, res: Response, id: string, prompt: TxCodePrompt, error?: PageError) => {
    const t = stringsFor(langOf(req));
    render(
      req,
      res,
      { title: t.txTitle, section: 'receive' },
      (_t, token) => `
${error ? `<div class="error" role="alert"><p>${esc(t.errors[error.key])} <code>${esc(error.code)}</code></p></div>` : ''}
<p id="tx-intro">${esc(t.txIntro)}</p>
${prompt.description ? `<p class="hint" id="tx-desc">${esc(prompt.description)}</p>` : ''}
<form method="post" action="${esc(base)}/receive/${encodeURIComponent(id)}">
${hidden(token)}
<label for="tx_code">${esc(t.txLabel)}</label>
<p class="hint" id="tx-hint">${esc(t.txHint(prompt.length, prompt.numeric))}</p>
<input type="text" id="tx_code" name="tx_code" required autocomplete="one-time-code"${prompt.numeric ? ' inputmode="numeric" pattern="[0-9]*"' : ''}${prompt.length ? ` maxlength="${prompt.length}"` : ' maxlength="64"'} aria-describedby="tx-intro tx-hint${prompt.description ? ' tx-desc' : ''}"${error ? ' aria-invalid="true"' : ''} autofocus>
<button type="submit">${esc(t.txButton)}</button>
</form>`,
      error ? error.status : 200,
    );
  };

  /** Receives an offer (pasted or read from a QR code image): the transaction-code prompt when needed. */
  const acceptOffer = async (res: Response, session: string, offer: string): Promise<void> => {
    if (!isOfferLink(offer)) throw new PageError(400, 'offerInvalid', 'ERR_WEB_WALLET_OFFER_INVALID');
    const prompt = txCodeOfOffer(offer);
    if (prompt) {
      const id = offers.add({ session, offer, prompt, expires: clock().getTime() + ttl });
      res.redirect(303, `${base}/receive/${encodeURIComponent(id)}`);
      return;
    }
    let held: readonly unknown[];
    try {
      held = await wallet.receiveOffer(offer);
    } catch (error) {
      // An offer by reference may turn out to need a code only once the wallet has read it.
      if (isTrustBridgeError(error) && /TX_CODE_(REQUIRED|MISSING)/.test(error.code)) {
        const id = offers.add({ session, offer, prompt: {}, expires: clock().getTime() + ttl });
        res.redirect(303, `${base}/receive/${encodeURIComponent(id)}`);
        return;
      }
      throw classifyWalletError(error, 'offer');
    }
    res.redirect(303, `${base}/?received=${held.length}`);
  };

  app.post(
    '/receive',
    wrap(async (req, res) => {
      const { form, session } = await checkedForm(req);
      await acceptOffer(res, session, (form.get('offer') ?? '').trim());
    }),
  );

  // "Scan" without a camera: a PNG image of the QR code, decoded on the server, then as if pasted.
  app.post(
    '/receive/scan',
    wrap(async (req, res) => {
      let offer: string;
      let session: string;
      try {
        const upload = await readImageUpload(req, { maxUploadBytes }, (token) => csrf.verify(req, token));
        session = upload.session;
        offer = decodeQrPng(upload.image, maxImagePixels).trim();
      } catch (error) {
        const code = isTrustBridgeError(error) ? error.code : '';
        if (code === 'ERR_WEB_WALLET_CSRF') throw new PageError(403, 'csrf', code);
        if (code === 'ERR_WEB_WALLET_IMAGE_TOO_LARGE') throw new PageError(413, 'imageTooLarge', code);
        if (code === 'ERR_WEB_WALLET_IMAGE_INVALID') throw new PageError(400, 'imageInvalid', code);
        if (code === 'ERR_WEB_WALLET_QR_NOT_FOUND') throw new PageError(422, 'qrNotFound', code);
        if (code === 'ERR_HTTP_UNSUPPORTED_MEDIA_TYPE') throw new PageError(415, 'imageInvalid', code);
        throw error;
      }
      await acceptOffer(res, session, offer);
    }),
  );

  app.get('/receive/:id', (req, res) => {
    const session = csrf.session(req, res);
    const pending = offers.get(param(req, 'id'), session);
    if (!pending) throw new PageError(404, 'expired', 'ERR_WEB_WALLET_PENDING_EXPIRED');
    txPage(req, res, param(req, 'id'), pending.prompt);
  });

  app.post(
    '/receive/:id',
    wrap(async (req, res) => {
      const { form, session } = await checkedForm(req);
      const id = param(req, 'id');
      const pending = offers.get(id, session);
      if (!pending) throw new PageError(404, 'expired', 'ERR_WEB_WALLET_PENDING_EXPIRED');
      const txCode = (form.get('tx_code') ?? '').trim();
      if (txCode.length === 0 || txCode.length > 64) {
        txPage(req, res, id, pending.prompt, new PageError(400, 'txCode', 'ERR_WEB_WALLET_TX_CODE_MISSING'));
        return;
      }
      let held: readonly unknown[];
      try {
        held = await wallet.receiveOffer(pending.offer, { txCode });
      } catch (error) {
        const shown = classifyWalletError(error, 'tx');
        // A wrong code may be retried (the issuer limits attempts); anything else ends the offer.
        if (shown.key === 'txCode') {
          txPage(req, res, id, pending.prompt, shown);
          return;
        }
        offers.delete(id);
        throw shown;
      }
      offers.delete(id);
      res.redirect(303, `${base}/?received=${held.length}`);
    }),
  );

  // QR code of an offer, for the issuer side (a phone camera opens the link in the wallet).
  app.get(
    '/qr',
    wrap(async (req, res) => {
      const t = stringsFor(langOf(req));
      const offer = typeof req.query['offer'] === 'string' ? req.query['offer'].trim() : '';
      if (offer !== '' && !isOfferLink(offer)) throw new PageError(400, 'offerInvalid', 'ERR_WEB_WALLET_OFFER_INVALID');
      let svg = '';
      if (offer !== '') {
        try {
          svg = await qrSvg(offer);
        } catch {
          throw new PageError(413, 'tooLarge', 'ERR_WEB_WALLET_QR_TOO_LARGE');
        }
      }
      render(req, res, { title: t.qrTitle, section: 'receive' }, () => `
<p>${esc(t.qrIntro)}</p>
${svg ? `<figure class="qr"><div role="img" aria-label="${esc(t.qrImageLabel)}">${svg}</div><figcaption><a href="${esc(offer)}">${esc(t.qrOfferLabel)}</a></figcaption></figure>` : ''}
<form method="get" action="${esc(base)}/qr">
<label for="qr-offer">${esc(t.offerLabel)}</label>
<textarea id="qr-offer" name="offer" required spellcheck="false">${esc(offer)}</textarea>
<button type="submit">${esc(t.qrShowButton)}</button>
</form>`);
    }),
  );

  app.get(
    '/qr.svg',
    wrap(async (req, res) => {
      const offer = typeof req.query['offer'] === 'string' ? req.query['offer'].trim() : '';
      if (!isOfferLink(offer)) throw new PageError(400, 'offerInvalid', 'ERR_WEB_WALLET_OFFER_INVALID');
      let svg: string;
      try {
        svg = await qrSvg(offer);
      } catch {
        throw new PageError(413, 'tooLarge', 'ERR_WEB_WALLET_QR_TOO_LARGE');
      }
      res.type('image/svg+xml').send(svg);
    }),
  );

  // ---------------------------------------------------------------- present
  app.get('/present', (req, res) => {
    const t = stringsFor(langOf(req));
    render(req, res, { title: t.presentTitle, section: 'present' }, (_t, token) => `
<p id="present-intro">${esc(t.presentIntro)}</p>
<form method="post" action="${esc(base)}/present">
${hidden(token)}
<label for="request">${esc(t.requestLabel)}</label>
<p class="hint" id="request-hint">${esc(t.requestHint)}</p>
<textarea id="request" name="request" required aria-describedby="request-hint present-intro" spellcheck="false" autocomplete="off"></textarea>
<button type="submit">${esc(t.reviewButton)}</button>
</form>`);
  });

  app.post(
    '/present',
    wrap(async (req, res) => {
      const { form, session } = await checkedForm(req);
      const request = (form.get('request') ?? '').trim();
      if (!isRequestLink(request)) throw new PageError(400, 'requestInvalid', 'ERR_WEB_WALLET_REQUEST_INVALID');
      const lang = langOf(req);
      let review: WebWalletReview;
      try {
        review = await wallet.reviewRequest(request, { lang });
      } catch (error) {
        throw classifyWalletError(error, 'request');
      }
      const id = reviews.add({ session, request, reviews: { [lang]: review }, latest: review, expires: clock().getTime() + ttl });
      res.redirect(303, `${base}/present/${encodeURIComponent(id)}`);
    }),
  );

  /** The review in the page's language: made again in that language when needed (else the one held). */
  const reviewIn = async (entry: PendingReview, lang: WebWalletLang): Promise<WebWalletReview> => {
    const held = entry.reviews[lang];
    if (held) return held;
    try {
      const again = await wallet.reviewRequest(entry.request, { lang });
      entry.reviews[lang] = again;
      entry.latest = again;
      return again;
    } catch (error) {
      logger.info({ code: isTrustBridgeError(error) ? error.code : 'ERR_INTERNAL' }, 'web wallet: request not reviewed again in another language');
      return entry.latest;
    }
  };

  app.get(
    '/present/:id',
    wrap(async (req, res) => {
      const session = csrf.session(req, res);
      const id = param(req, 'id');
      const entry = reviews.get(id, session);
      if (!entry) throw new PageError(404, 'expired', 'ERR_WEB_WALLET_PENDING_EXPIRED');
      if (entry.result) {
        res.redirect(303, `${base}/present/${encodeURIComponent(id)}/result`);
        return;
      }
      const lang = langOf(req);
      const t = stringsFor(lang);
      const review = await reviewIn(entry, lang);
      const v = review.verifier;
      const warn = v.trust.warnings.length > 0 || !v.trust.authorizedForPurpose;
      render(req, res, { title: t.reviewTitle, section: 'present' }, (_t, token) => {
        const warnings = warn
          ? `<div class="warning" role="alert" id="trust-warnings"><h2>${esc(t.warningsTitle)}</h2><ul>${
              v.trust.authorizedForPurpose ? '' : `<li>${esc(t.trustNotAuthorized)}</li>`
            }${v.trust.warnings.map((w) => `<li>${esc(w.message)} <code>${esc(w.code)}</code></li>`).join('')}</ul></div>`
          : '';
        const queries = review.queries
          .map((q, qi) => {
            const name = `q${qi}`;
            const candidates =
              q.candidates.length === 0
                ? `<p>${esc(t.noCandidate)}</p>`
                : q.candidates
                    .map((c, ci) => {
                      const inputId = `${name}-c${ci}`;
                      const claims = c.claims
                        .map(
                          (cl) =>
                            `<li><strong>${esc(cl.label)}</strong>${cl.value !== undefined ? `: ${esc(claimValue(cl.value))}` : ''} <span class="tag">${esc(cl.requested === false ? t.claimNotRequested : t.claimShared)}</span></li>`,
                        )
                        .join('');
                      return `<div class="radio card"><input type="radio" id="${inputId}" name="${name}" value="${esc(c.credentialId)}"${ci === 0 ? ' checked' : ''} aria-describedby="${inputId}-claims"> <label for="${inputId}">${esc(c.title)}</label><ul id="${inputId}-claims">${claims}</ul></div>`;
                    })
                    .join('');
            return `<fieldset><legend>${esc(t.queryLabel(qi + 1, q.required))}</legend>${q.candidates.length > 0 ? `<p class="hint">${esc(t.chooseCredential)}</p>` : ''}${candidates}</fieldset>`;
          })
          .join('');
        return `
${warnings}
<section class="card" aria-labelledby="verifier-h">
<h2 id="verifier-h">${esc(t.verifier)}</h2>
<dl>
${v.name ? `<dt>${esc(t.verifier)}</dt><dd id="verifier-name">${esc(v.name)}</dd>` : ''}
<dt>${esc(t.verifierId)}</dt><dd><code>${esc(v.clientId)}</code></dd>
<dt>${esc(t.purpose)}</dt><dd id="verifier-purpose">${esc(v.purpose ?? t.purposeNone)}</dd>
</dl>
<h3>${esc(t.trust)}</h3>
<dl>
<dt>${esc(t.trustDecision)}</dt><dd id="trust-decision">${esc(v.trust.decision)}</dd>
<dt>${esc(t.trustAuthorized)}</dt><dd>${esc(v.trust.authorizedForPurpose ? '✓' : '✗')} ${esc(v.trust.authorizedForPurpose ? t.trustAuthorized : t.trustNotAuthorized)}</dd>
</dl>
</section>
<form method="post" action="${esc(base)}/present/${encodeURIComponent(id)}">
${hidden(token)}
<h2>${esc(t.requested)}</h2>
${queries}
${review.satisfiable ? '' : `<p class="warning">${esc(t.unsatisfiable)}</p>`}
${review.satisfiable ? `<button type="submit" name="action" value="consent" id="consent">${esc(t.consentButton)}</button>` : ''}
<button type="submit" name="action" value="decline" class="secondary" id="decline">${esc(t.declineButton)}</button>
</form>`;
      });
    }),
  );

  app.post(
    '/present/:id',
    wrap(async (req, res) => {
      const { form, session } = await checkedForm(req);
      const id = param(req, 'id');
      const entry = reviews.get(id, session);
      if (!entry) throw new PageError(404, 'expired', 'ERR_WEB_WALLET_PENDING_EXPIRED');
      if (entry.result) {
        res.redirect(303, `${base}/present/${encodeURIComponent(id)}/result`);
        return;
      }
      const review = entry.latest;
      let result: WebWalletRespondResult;
      try {
        if (form.get('action') === 'consent') {
          const selections: Array<{ queryId: string; credentialId: string }> = [];
          review.queries.forEach((q, qi) => {
            const chosen = form.get(`q${qi}`);
            const candidate = q.candidates.find((c) => c.credentialId === chosen);
            if (candidate) selections.push({ queryId: q.id, credentialId: candidate.credentialId });
            else if (q.required) throw new PageError(400, 'selection', 'ERR_WEB_WALLET_SELECTION_MISSING');
          });
          result = await wallet.respond(review.id, { consent: true, selections });
        } else {
          result = await wallet.respond(review.id, { consent: false });
        }
      } catch (error) {
        throw classifyWalletError(error, 'request');
      }
      entry.result = result;
      res.redirect(303, `${base}/present/${encodeURIComponent(id)}/result`);
    }),
  );

  app.get('/present/:id/result', (req, res) => {
    const session = csrf.session(req, res);
    const entry = reviews.get(param(req, 'id'), session);
    if (!entry?.result) throw new PageError(404, 'expired', 'ERR_WEB_WALLET_PENDING_EXPIRED');
    const t = stringsFor(langOf(req));
    const result = entry.result;
    const message = result.status === 'sent' ? t.resultSent : t.resultDeclined;
    render(req, res, { title: t.resultTitle, section: 'present', status: message }, () => `
${isSafeRedirect(result.redirectUri) ? `<p><a href="${esc(result.redirectUri)}" rel="noreferrer">${esc(t.continueAt)}</a></p>` : ''}
<p><a href="${esc(base)}/history">${esc(t.navHistory)}</a></p>`);
  });

  // ---------------------------------------------------------------- consent history
  app.get(
    '/history',
    wrap(async (req, res) => {
      const t = stringsFor(langOf(req));
      const log = (await wallet.consentLog()).filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null);
      render(req, res, { title: t.historyTitle, section: 'history' }, () => {
        if (log.length === 0) return `<p>${esc(t.historyEmpty)}</p>`;
        const rows = log
          .map((e) => {
            const decision = pick(e, 'decision', 'status', 'consent');
            const decisionText = decision === true ? t.consentButton : decision === false ? t.declineButton : String(decision ?? '');
            const shared = pick(e, 'claims', 'disclosed', 'sharedClaims', 'credentials', 'credentialIds');
            return `<tr><td>${esc(pick(e, 'at', 'timestamp', 'time', 'createdAt', 'date') ?? '')}</td><td>${esc(pick(e, 'verifier.name', 'verifierName', 'verifier.clientId', 'clientId', 'verifier') ?? '')}</td><td>${esc(decisionText)}</td><td>${esc(claimValue(Array.isArray(shared) ? shared.map((s) => (typeof s === 'object' && s !== null ? (pick(s as Record<string, unknown>, 'label', 'path', 'title', 'credentialId') ?? '') : s)) : shared))}</td></tr>`;
          })
          .join('\n');
        return `<table><caption class="hint">${esc(t.historyTitle)}</caption><thead><tr><th scope="col">${esc(t.historyWhen)}</th><th scope="col">${esc(t.historyVerifier)}</th><th scope="col">${esc(t.historyDecision)}</th><th scope="col">${esc(t.historyShared)}</th></tr></thead><tbody>${rows}</tbody></table>`;
      });
    }),
  );

  // ---------------------------------------------------------------- JSON API (display data only)
  const api = express.Router();
  api.get(
    '/credentials',
    wrap(async (req, res) => {
      const list = await wallet.listCredentials({ lang: langOf(req) });
      res.json({ credentials: list.map(({ id, format, types, issuer, issuedAt, display }) => ({ id, format, types, issuer, issuedAt, display })) });
    }),
  );
  api.get(
    '/credentials/:id',
    wrap(async (req, res) => {
      let c: WebWalletCredential;
      try {
        c = await wallet.getCredential(param(req, 'id'), { lang: langOf(req) });
      } catch (error) {
        throw classifyWalletError(error, 'other');
      }
      const { id, format, types, issuer, issuedAt, display } = c;
      res.json({ id, format, types, issuer, issuedAt, display });
    }),
  );
  api.get(
    '/consents',
    wrap(async (_req, res) => {
      res.json({ consents: await wallet.consentLog() });
    }),
  );
  api.use((_req, _res, next) => next(new PageError(404, 'notFound', 'ERR_HTTP_NOT_FOUND')));
  api.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const shown = error instanceof PageError ? error : classifyWalletError(error, 'other');
    if (shown.status >= 500) logger.error({ err: { name: (error as Error)?.name } }, 'web wallet API error');
    const t = stringsFor(langOf(req));
    res
      .status(shown.status)
      .type(PROBLEM_MEDIA_TYPE)
      .send(JSON.stringify(createProblem(shown.code, t.errors[shown.key], { status: shown.status })));
  });
  app.use('/api', api);

  // ---------------------------------------------------------------- 404 and error pages
  app.use((_req, _res, next) => next(new PageError(404, 'notFound', 'ERR_HTTP_NOT_FOUND')));
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const shown = error instanceof PageError ? error : classifyWalletError(error, 'other');
    if (shown.status >= 500) {
      const e = error as { name?: unknown; stack?: unknown };
      logger.error({ err: { name: e?.name, stack: e?.stack } }, 'web wallet page error');
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (!req.complete) res.setHeader('Connection', 'close');
    res.setHeader('X-Error-Code', shown.code);
    const t = stringsFor(langOf(req));
    const retry = req.method === 'POST' ? (req.path.startsWith('/present') ? '/present' : req.path.startsWith('/receive') ? '/receive' : '/') : '/';
    render(
      req,
      res,
      { title: t.errorTitle },
      () => `<div class="error" role="alert" id="error"><p>${esc(t.errors[shown.key])}</p><p>${esc(t.errorCode)} <code>${esc(shown.code)}</code></p></div>
<p><a href="${esc(base + retry)}">${esc(t.tryAgain)}</a></p>`,
      shown.status,
    );
  });
  return app;
}

