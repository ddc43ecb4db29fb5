/**
 * DCQL types — OpenID4VP 1.0 §6 (Digital Credentials Query Language).
 */

/** A claims path pointer component (OpenID4VP 1.0 §7): key, array index, or `null` (all elements). */
export type ClaimsPathComponent = string | number | null;
/** A claims path pointer (OpenID4VP 1.0 §7): a non-empty array of components. */
export type ClaimsPath = ClaimsPathComponent[];

/** A Claims Query (OpenID4VP 1.0 §6.3). */
export interface DcqlClaimsQuery {
  /** REQUIRED when the credential query has `claim_sets`. */
  id?: string;
  /** The claims path pointer. */
  path: ClaimsPath;
  /** Accepted values; the claim must equal one of them exactly (type and value, §6.4.1). */
  values?: Array<string | number | boolean>;
}

/** A Trusted Authorities Query (OpenID4VP 1.0 §6.1.1). Parsed and carried; not evaluated here. */
export interface DcqlTrustedAuthoritiesQuery {
  type: string;
  values: string[];
}

/** Format-specific `meta` (OpenID4VP 1.0 Appendix B). */
export interface DcqlMeta {
  /** `dc+sd-jwt` (Appendix B.3.5): accepted `vct` values. */
  vct_values?: string[];
  /** `ldp_vc` / `jwt_vc_json` (Appendix B.1.1): alternatives, each a set of types that must all be present. */
  type_values?: string[][];
  /** `mso_mdoc` (Appendix B.2.3). */
  doctype_value?: string;
  [k: string]: unknown;
}

/** A Credential Query (OpenID4VP 1.0 §6.1). */
export interface DcqlCredentialQuery {
  id: string;
  format: string;
  multiple: boolean;
  meta: DcqlMeta;
  trusted_authorities?: DcqlTrustedAuthoritiesQuery[];
  require_cryptographic_holder_binding: boolean;
  claims?: DcqlClaimsQuery[];
  claim_sets?: string[][];
}

/** A Credential Set Query (OpenID4VP 1.0 §6.2). */
export interface DcqlCredentialSetQuery {
  options: string[][];
  required: boolean;
}

/** A DCQL query (OpenID4VP 1.0 §6), with defaults applied (`multiple: false`, `required: true`, …). */
export interface DcqlQuery {
  credentials: DcqlCredentialQuery[];
  credential_sets?: DcqlCredentialSetQuery[];
}

/** Credential formats TrustBridge matches (OpenID4VP 1.0 Appendix B). */
export type DcqlCredentialFormat = 'ldp_vc' | 'jwt_vc_json' | 'dc+sd-jwt';

/** A credential as the matcher sees it (held by a wallet, or verified by a verifier). */
export interface DcqlCandidateCredential {
  /** The caller's identifier for the credential. */
  id: string;
  format: DcqlCredentialFormat | (string & {});
  /**
   * The claims: for `ldp_vc` / `jwt_vc_json` the whole VC JSON (paths start at the credential root,
   * e.g. `["credentialSubject", "name"]`); for `dc+sd-jwt` the plain and disclosable claims.
   */
  claims: Record<string, unknown>;
  /** SD-JWT VC type; defaults to `claims.vct`. */
  vct?: string;
  /** W3C VC types; default to `claims.type`. */
  types?: string[];
}

/** One credential that satisfies a credential query. */
export interface DcqlCredentialMatch {
  credentialId: string;
  /** Concrete claims paths to disclose (wildcards resolved to indices), in query order. */
  claimPaths: Array<Array<string | number>>;
  /** The claims query ids of the chosen claim set (when the query uses `claim_sets`). */
  claimSet?: string[];
}

/** The result of {@link matchDcqlQuery}. */
export interface DcqlMatchResult {
  /** Whether the query as a whole can be answered (§6.4.2). */
  satisfied: boolean;
  /** Per credential query id: the matching credentials (empty when none). */
  byQuery: Record<string, DcqlCredentialMatch[]>;
  /** Per credential set query, in order: whether one of its options is satisfied; `undefined` without sets. */
  credentialSetsSatisfied?: boolean[];
}
