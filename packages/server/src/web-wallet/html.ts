/** HTML building blocks: escaping, the page layout, the stylesheet. No framework, no external assets. */
import type { WebWalletLang } from './types.js';
import { stringsFor } from './strings.js';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** What every page needs to render its frame. */
export interface PageFrame {
  lang: WebWalletLang;
  /** The mount path, e.g. `/wallet`. */
  base: string;
  /** The current page's path relative to `base` with its query (for the language switch). */
  current: string;
  title: string;
  /** Which navigation entry is the current page. */
  section?: 'credentials' | 'receive' | 'present' | 'history';
  /** A status message announced politely (role=status). */
  status?: string;
  demo?: boolean;
}

/** The whole page: `lang` set, skip link, navigation, language switch, live status region. */
export function page(frame: PageFrame, body: string): string {
  const t = stringsFor(frame.lang);
  const other: WebWalletLang = frame.lang === 'fr' ? 'en' : 'fr';
  const nav = (
    [
      ['credentials', '/', t.navCredentials],
      ['receive', '/receive', t.navReceive],
      ['present', '/present', t.navPresent],
      ['history', '/history', t.navHistory],
    ] as const
  )
    .map(
      ([key, href, label]) =>
        `<li><a href="${esc(frame.base + href)}"${frame.section === key ? ' aria-current="page"' : ''}>${esc(label)}</a></li>`,
    )
    .join('');
  const switchHref = `${frame.base}/lang/${other}?back=${encodeURIComponent(frame.current)}`;
  return `<!doctype html>
<html lang="${frame.lang === 'fr' ? 'fr-CA' : 'en-CA'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(frame.title)} — ${esc(t.appName)}</title>
<link rel="stylesheet" href="${esc(frame.base)}/static/wallet.css">
</head>
<body>
<a class="skip" href="#main">${esc(t.skip)}</a>
<header>
<p class="brand"><a href="${esc(frame.base)}/">${esc(t.appName)}</a></p>
<nav aria-label="${esc(t.navLabel)}"><ul>${nav}</ul></nav>
<p class="lang-switch"><a id="lang-switch" href="${esc(switchHref)}" hreflang="${other}" lang="${other}" aria-label="${esc(t.switchToLabel)}">${esc(t.switchTo)}</a></p>
</header>
<main id="main" tabindex="-1">
<h1>${esc(frame.title)}</h1>
<div id="status" role="status" aria-live="polite">${frame.status ? `<p class="status">${esc(frame.status)}</p>` : ''}</div>
${body}
</main>
${frame.demo ? `<footer><p>${esc(t.demoNotice)}</p></footer>` : ''}
</body>
</html>
`;
}

/** The stylesheet served at `static/wallet.css`: readable, high contrast, visible focus. */
export const WALLET_CSS = `
:root { color-scheme: light; --ink: #1b1b1b; --accent: #0b4f8a; --warn-bg: #fff4e5; --warn: #8a3b00; --err-bg: #fdecea; --err: #a4161a; }
* { box-sizing: border-box; }
body { margin: 0; font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #fafafa; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem; padding: .75rem 1.25rem; background: #fff; border-bottom: 1px solid #ccc; }
header .brand { font-weight: 700; margin: 0; }
nav ul { display: flex; flex-wrap: wrap; gap: .75rem; list-style: none; margin: 0; padding: 0; }
nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
.lang-switch { margin: 0 0 0 auto; }
main { max-width: 52rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible, main:focus-visible, summary:focus-visible {
  outline: 3px solid #f0a500; outline-offset: 2px; box-shadow: 0 0 0 5px #1b1b1b;
}
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem 1rem; }
.skip:focus { left: 1rem; z-index: 10; }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
.radio label { display: inline; font-weight: 400; margin: 0; }
.hint { color: #444; margin: 0 0 .25rem; font-size: .95rem; }
textarea, input[type=text] { width: 100%; font: inherit; padding: .5rem; border: 2px solid #555; border-radius: 4px; }
textarea { min-height: 6rem; font-family: ui-monospace, monospace; font-size: .9rem; }
button { font: inherit; padding: .55rem 1.1rem; margin: .75rem .5rem 0 0; border-radius: 4px; border: 2px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button.danger { background: #fff; color: var(--err); border-color: var(--err); }
.card { background: #fff; border: 1px solid #ccc; border-radius: 6px; padding: 1rem; margin: 1rem 0; }
.card h2, .card h3 { margin-top: 0; }
dl { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: .25rem 1rem; margin: .5rem 0; }
dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
.status { background: #e7f4ea; border-left: 4px solid #1e7b34; padding: .5rem .75rem; }
.warning { background: var(--warn-bg); border-left: 4px solid var(--warn); padding: .5rem .75rem; }
.warning h2 { color: var(--warn); font-size: 1.1rem; margin: .25rem 0; }
.error { background: var(--err-bg); border-left: 4px solid var(--err); padding: .5rem .75rem; }
.tag { display: inline-block; font-size: .85rem; padding: 0 .4rem; border-radius: 3px; background: #eee; }
ul.plain { list-style: none; padding: 0; }
fieldset { border: 1px solid #999; border-radius: 6px; margin: 1rem 0; padding: .5rem 1rem 1rem; }
legend { font-weight: 700; padding: 0 .25rem; }
.qr svg { width: 18rem; height: 18rem; max-width: 100%; background: #fff; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid #ccc; padding: .4rem .6rem; text-align: left; vertical-align: top; }
footer { max-width: 52rem; margin: 0 auto; padding: 0 1.25rem 2rem; color: #444; font-size: .9rem; }
`;
