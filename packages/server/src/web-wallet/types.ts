/**
 * The holder wallet as the web pages see it: the subset of `@trustbridge/wallet`'s `Wallet` the pages
 * call. Declared structurally so a real wallet (or a test double) fits without an adapter.
 */

/** Languages of the pages and of the wallet's display data. */
export type WebWalletLang = 'en' | 'fr';

/** One labelled field of a credential as the wallet displays it. */
export interface WebWalletDisplayField {
  label: string;
  value: string;
  selfAsserted?: boolean;
}

/** A held credential, ready to show (the wallet's `listCredentials` entries). */
export interface WebWalletCredential {
  id: string;
  format: string;
  types: readonly string[];
  /** The issuer's identifier, or an object with one (and a name). */
  issuer: string | { id?: string; name?: string };
  issuedAt?: string;
  display: { title: string; fields: readonly WebWalletDisplayField[] };
}

/** A trust-registry warning about the verifier (e.g. it asks for more than it is authorized for). */
export interface WebWalletTrustWarning {
  code: string;
  message: string;
}

/** A requested claim of one candidate credential. */
export interface WebWalletRequestedClaim {
  path: string | readonly (string | number | null)[];
  label: string;
  requested?: boolean;
  value?: unknown;
}

/** The wallet's review of a presentation request. */
export interface WebWalletReview {
  id: string;
  verifier: {
    clientId: string;
    name?: string;
    purpose?: string;
    trust: { decision: string; authorizedForPurpose: boolean; warnings: readonly WebWalletTrustWarning[] };
  };
  queries: ReadonlyArray<{
    id: string;
    required: boolean;
    candidates: ReadonlyArray<{ credentialId: string; title: string; claims: readonly WebWalletRequestedClaim[] }>;
  }>;
  satisfiable: boolean;
}

/** The holder's answer to a reviewed request. */
export type WebWalletResponse = { consent: true; selections: Array<{ queryId: string; credentialId: string }> } | { consent: false };

/** The outcome of answering a request. */
export interface WebWalletRespondResult {
  status: 'sent' | 'declined';
  redirectUri?: string;
}

/** The wallet operations the web pages use. `@trustbridge/wallet`'s `createWallet` returns one. */
export interface WebWalletBackend {
  holderDid(): Promise<string>;
  receiveOffer(offer: string, options?: { txCode?: string }): Promise<readonly unknown[]>;
  listCredentials(options?: { lang?: WebWalletLang }): Promise<readonly WebWalletCredential[]>;
  getCredential(id: string, options?: { lang?: WebWalletLang }): Promise<WebWalletCredential & { credential?: unknown }>;
  deleteCredential(id: string): Promise<void>;
  reviewRequest(request: string, options?: { lang?: WebWalletLang }): Promise<WebWalletReview>;
  respond(reviewId: string, response: WebWalletResponse): Promise<WebWalletRespondResult>;
  consentLog(): Promise<readonly unknown[]>;
}
