/**
 * In-test stand-ins for the OpenID4VCI issuer, the OpenID4VP verifier and `@trustbridge/wallet`,
 * used while those packages are being built (issue 7). The wallet implements the web wallet's
 * `WebWalletBackend` (the `Wallet` interface of `@trustbridge/wallet`); credentials are the vocabulary
 * samples, displayed with `displayCredential` in English or French. Replace with the real
 * `createWallet` + issuer/verifier services once they land.
 */
import { randomUUID } from 'node:crypto';
import { TrustBridgeError } from '@trustbridge/core';
import { displayCredential, samples } from '@trustbridge/vocab';

type Lang = 'en' | 'fr';

const SAMPLE_BY_CONFIGURATION: Record<string, { type?: unknown; credentialSubject?: unknown; issuer?: unknown; validFrom?: unknown }> = {
  BusinessRepresentativeCredential: samples.bcSoleProprietorRepresentative,
  BusinessRegistrationCredential: samples.bcSoleProprietorRegistration,
  PersonIdentityCredential: samples.bcPersonIdentity,
};

interface FakeRequest {
  clientId: string;
  name: string;
  purpose: string;
  /** Credential type asked for, and the claims (JSON Pointers into the credential) requested. */
  credentialType: string;
  claims: string[];
  /** Claims the trust registry authorizes this verifier to ask for (for its purpose). */
  authorizedClaims: string[];
  answered?: { consent: boolean; credentialIds: string[] };
}

/** The fake exchange: an issuer making offers, a verifier making requests, and a holder wallet. */
export function createFakeExchange() {
  const offers = new Map<string, { configurations: string[]; txCode?: string; used: boolean }>();
  const requests = new Map<string, FakeRequest>();
  const held = new Map<string, { configuration: string; issuedAt: string }>();
  const reviews = new Map<string, { requestId: string; lang: Lang }>();
  const consents: Array<Record<string, unknown>> = [];

  const issuer = {
    /** A by-value offer, `openid-credential-offer://?credential_offer=…` (OpenID4VCI 1.0 §4.1). */
    createOffer(options: { configurations: string[]; txCode?: string }): string {
      const code = randomUUID();
      offers.set(code, { configurations: options.configurations, ...(options.txCode ? { txCode: options.txCode } : {}), used: false });
      const offer = {
        credential_issuer: 'https://issuer.pilot.example',
        credential_configuration_ids: options.configurations,
        grants: {
          'urn:ietf:params:oauth:grant-type:pre-authorized_code': {
            'pre-authorized_code': code,
            ...(options.txCode ? { tx_code: { length: options.txCode.length, input_mode: 'numeric', description: 'Code sent by email' } } : {}),
          },
        },
      };
      return `openid-credential-offer://?credential_offer=${encodeURIComponent(JSON.stringify(offer))}`;
    },
  };

  const verifier = {
    createRequest(request: Omit<FakeRequest, 'answered'>): string {
      const id = randomUUID();
      requests.set(id, { ...request });
      return `openid4vp://?client_id=${encodeURIComponent(request.clientId)}&request_id=${id}`;
    },
    answerOf(link: string) {
      return requests.get(new URLSearchParams(link.slice(link.indexOf('?') + 1)).get('request_id') ?? '')?.answered;
    },
  };

  const summary = (id: string, lang: Lang) => {
    const entry = held.get(id);
    if (!entry) throw new TrustBridgeError('ERR_WALLET_CREDENTIAL_NOT_FOUND', 'No such credential.');
    const credential = SAMPLE_BY_CONFIGURATION[entry.configuration]!;
    const display = displayCredential(credential, lang);
    return {
      id,
      format: 'ldp_vc',
      types: (credential.type as string[]) ?? [],
      issuer: String(credential.issuer),
      issuedAt: entry.issuedAt,
      display: { title: display.title, fields: display.fields.map(({ label, value, selfAsserted, path }) => ({ label, value, path, ...(selfAsserted ? { selfAsserted } : {}) })) },
      credential,
    };
  };

  const labelOf = (configuration: string, pointer: string, lang: Lang) =>
    displayCredential(SAMPLE_BY_CONFIGURATION[configuration]!, lang).fields.find((f) => f.path === pointer);

  const wallet = {
    async holderDid() {
      return 'did:key:z6MkfakeHolder';
    },
    async receiveOffer(link: string, options: { txCode?: string } = {}) {
      let offer: any;
      try {
        offer = JSON.parse(new URLSearchParams(link.slice(link.indexOf('?') + 1)).get('credential_offer') ?? '');
      } catch {
        throw new TrustBridgeError('ERR_OID4VCI_OFFER_INVALID', 'The credential offer could not be read.');
      }
      const code = offer?.grants?.['urn:ietf:params:oauth:grant-type:pre-authorized_code']?.['pre-authorized_code'];
      const state = offers.get(code);
      if (!state || state.used) throw new TrustBridgeError('ERR_OID4VCI_INVALID_GRANT', 'The pre-authorized code is invalid or was used.');
      if (state.txCode !== undefined && options.txCode === undefined) throw new TrustBridgeError('ERR_OID4VCI_TX_CODE_REQUIRED', 'A transaction code is required.');
      if (state.txCode !== undefined && options.txCode !== state.txCode) throw new TrustBridgeError('ERR_OID4VCI_TX_CODE_INVALID', 'The transaction code is wrong.');
      state.used = true;
      return state.configurations.map((configuration) => {
        const id = `urn:uuid:${randomUUID()}`;
        held.set(id, { configuration, issuedAt: '2026-11-23T10:00:00Z' });
        return { id };
      });
    },
    async listCredentials(options: { lang?: Lang } = {}) {
      return [...held.keys()].map((id) => {
        const { credential: _raw, ...rest } = summary(id, options.lang ?? 'en');
        return rest;
      });
    },
    async getCredential(id: string, options: { lang?: Lang } = {}) {
      return summary(id, options.lang ?? 'en');
    },
    async deleteCredential(id: string) {
      if (!held.delete(id)) throw new TrustBridgeError('ERR_WALLET_CREDENTIAL_NOT_FOUND', 'No such credential.');
    },
    async reviewRequest(link: string, options: { lang?: Lang } = {}) {
      const lang = options.lang ?? 'en';
      const requestId = new URLSearchParams(link.slice(link.indexOf('?') + 1)).get('request_id') ?? '';
      const request = requests.get(requestId);
      if (!request) throw new TrustBridgeError('ERR_OID4VP_REQUEST_INVALID', 'The presentation request could not be read.');
      const extra = request.claims.filter((c) => !request.authorizedClaims.includes(c));
      const candidates = [...held.entries()]
        .filter(([, h]) => h.configuration === request.credentialType)
        .map(([credentialId, h]) => ({
          credentialId,
          title: displayCredential(SAMPLE_BY_CONFIGURATION[h.configuration]!, lang).title,
          claims: request.claims.map((path) => {
            const field = labelOf(h.configuration, path, lang);
            return { path, label: field?.label ?? path, requested: true, value: field?.value };
          }),
        }));
      const id = randomUUID();
      reviews.set(id, { requestId, lang });
      return {
        id,
        verifier: {
          clientId: request.clientId,
          name: request.name,
          purpose: request.purpose,
          trust: {
            decision: extra.length === 0 ? 'trusted' : 'trusted-with-warnings',
            authorizedForPurpose: extra.length === 0,
            warnings: extra.map((path) => ({
              code: 'ERR_TRUST_ATTRIBUTE_NOT_AUTHORIZED',
              message:
                lang === 'fr'
                  ? `Le vérificateur n’est pas autorisé à demander : ${candidates[0]?.claims.find((c) => c.path === path)?.label ?? path}`
                  : `The verifier is not authorized to ask for: ${candidates[0]?.claims.find((c) => c.path === path)?.label ?? path}`,
            })),
          },
        },
        queries: [{ id: 'q-' + request.credentialType, required: true, candidates }],
        satisfiable: candidates.length > 0,
      };
    },
    async respond(reviewId: string, response: { consent: true; selections: Array<{ queryId: string; credentialId: string }> } | { consent: false }) {
      const review = reviews.get(reviewId);
      if (!review) throw new TrustBridgeError('ERR_WALLET_REVIEW_NOT_FOUND', 'No such review.');
      reviews.delete(reviewId);
      const request = requests.get(review.requestId)!;
      if (request.answered) throw new TrustBridgeError('ERR_OID4VP_STATE_USED', 'The request was answered already.');
      const credentialIds = response.consent ? response.selections.map((s) => s.credentialId) : [];
      request.answered = { consent: response.consent, credentialIds };
      consents.push({
        at: '2026-11-23T10:05:00Z',
        verifier: { clientId: request.clientId, name: request.name },
        decision: response.consent ? 'consent' : 'decline',
        claims: response.consent ? request.claims.map((p) => labelOf(request.credentialType, p, review.lang)?.label ?? p) : [],
      });
      return response.consent ? { status: 'sent' as const, redirectUri: 'https://bank.pilot.example/onboarding/done' } : { status: 'declined' as const };
    },
    async consentLog() {
      return consents;
    },
  };

  return { issuer, verifier, wallet };
}
