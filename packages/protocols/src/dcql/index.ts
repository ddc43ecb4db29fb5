/**
 * DCQL — the Digital Credentials Query Language of OpenID4VP 1.0 §6, with claims path pointers (§7)
 * and the format-specific `meta` of Appendix B: parse and validate a query, match credentials.
 * @module
 */
export * from './types.js';
export * from './errors.js';
export { parseDcqlQuery, parseClaimsPath, DEFAULT_DCQL_LIMITS, type DcqlLimits } from './parse.js';
export {
  matchDcqlQuery,
  matchCredentialQuery,
  matchClaimsQuery,
  credentialMatchesMeta,
  selectClaims,
  type SelectedClaim,
} from './match.js';
