/**
 * `@trustbridge/wallet`: holder logic — keys, encrypted credential storage, receiving from OpenID4VCI
 * offers, DCQL matching, consent with trust-registry warnings, and presentation over OpenID4VP.
 */
export { createWallet, type ClaimPath, type CreateWalletOptions, type Wallet, type PresentationReview, type ReviewClaim, type ConsentDecision, type ConsentRecord, type ConsentWarning } from './wallet.js';
export { WalletErrorCodes, type WalletErrorCode } from './errors.js';
export { HELD_FORMATS, type HeldFormat, type HeldCredential, type HeldCredentialSummary, type HeldCredentialDetail, type DisplayFieldSummary } from './held.js';
// DCQL matching and request validation are the shared ones of @trustbridge/protocols.
export type { DcqlQuery, DcqlCredentialQuery, DcqlClaimsQuery, PresentationDefinition } from '@trustbridge/protocols';
export { resolveOffer, wellKnownUrl, PRE_AUTHORIZED_GRANT, PROOF_TYP, type CredentialOffer, type CredentialConfiguration } from './oid4vci-client.js';
export { readAuthorizationRequest, verifierDidOf, toWalletError, REQUEST_OBJECT_TYP, type AuthorizationRequest, type ReadAuthorizationRequestOptions } from './oid4vp-client.js';
export { checkUrl, MAX_RESPONSE_BYTES } from './http.js';
