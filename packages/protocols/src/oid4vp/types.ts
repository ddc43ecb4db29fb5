import type { Clock } from '@trustbridge/core';
import type { RandomSource, SqlExecutor } from '@trustbridge/store';
import type { DcqlQuery } from '../dcql/types.js';
import type { PresentationDefinition } from '../pex/definition.js';

/** Session kinds in `protocol_sessions`. */
export const OID4VP_REQUEST_KIND = 'oid4vp.request';
export const OID4VP_RESULT_KIND = 'oid4vp.result';

/** The `client_metadata.vp_formats_supported` this verifier sends (OpenID4VP 1.0 §11.1, Appendix B). */
export const VP_FORMATS_SUPPORTED = {
  'dc+sd-jwt': { 'sd-jwt_alg_values': ['EdDSA', 'ES256'], 'kb-jwt_alg_values': ['EdDSA', 'ES256'] },
  ldp_vc: { proof_type_values: ['DataIntegrityProof'], cryptosuite_values: ['eddsa-rdfc-2022', 'eddsa-jcs-2022'] },
  jwt_vc_json: { alg_values: ['EdDSA', 'ES256'] },
} as const;

/** The `verifier_info` format under which TrustBridge states the verifier's purpose (OpenID4VP 1.0 §5.1). */
export const PURPOSE_VERIFIER_INFO_FORMAT = 'urn:trustbridge:verifier-purpose';

/** Authorization request parameters (OpenID4VP 1.0 §5.1), as carried in a request object. */
export interface AuthorizationRequestParameters {
  client_id: string;
  response_type: 'vp_token';
  response_mode: 'direct_post';
  response_uri: string;
  nonce: string;
  state: string;
  /** The DCQL query (§6); absent when the request carries a DIF PE 2 `presentation_definition` instead. */
  dcql_query?: DcqlQuery;
  /** DIF Presentation Exchange 2.0 (supported subset), sent instead of `dcql_query` for counterparts that need it. */
  presentation_definition?: PresentationDefinition;
  client_metadata?: Record<string, unknown>;
  verifier_info?: Array<{ format: string; data: unknown; credential_ids?: string[] }>;
  [extension: string]: unknown;
}

/** What the verifier keeps for one authorization request (the session `data`). */
export interface StoredAuthorizationRequest {
  requestId: string;
  state: string;
  nonce: string;
  clientId: string;
  /** The audience presentations must name: the client identifier (OpenID4VP 1.0 §14.1.2, Appendix B). */
  audience: string;
  /** Exactly one of `dcqlQuery` and `presentationDefinition`. */
  dcqlQuery?: DcqlQuery;
  presentationDefinition?: PresentationDefinition;
  signed: boolean;
  /** The request object (JWS when signed, or a JSON object with `alg: none` framing when not). */
  requestObject: string;
  purpose?: string;
  redirectUri?: string;
  createdAt: string;
}

/** Dependencies shared by the verifier handlers. */
export interface Oid4vpVerifierContext {
  store: SqlExecutor;
  clock?: Clock;
  random?: RandomSource;
}
