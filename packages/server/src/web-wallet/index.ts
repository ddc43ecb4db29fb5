/** The web wallet pages (see app.ts). */
export { createWebWalletApp, type WebWalletAppOptions } from './app.js';
export type * from './types.js';
export { stringsFor, type WebWalletStrings } from './strings.js';
export { qrSvg } from './qr.js';
export { createDemoWallet, isLoopbackHost, type CreateDemoWalletOptions } from './demo.js';
