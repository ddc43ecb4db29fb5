/**
 * Credential configurations (OpenID4VCI 1.0 §11.2.3 `credential_configurations_supported`) for the
 * TrustBridge vocabulary: each of its credential types in the three formats the issuer signs —
 * `ldp_vc` (Data Integrity, `eddsa-rdfc-2022`; Appendix A.1.2), `jwt_vc_json` (a VC-JOSE `vc+jwt`;
 * Appendix A.1.1) and `dc+sd-jwt` (IETF SD-JWT VC with the vocabulary's `vct`; Appendix A.3).
 */
import { VC_V2_CONTEXT } from '@trustbridge/core';
import {
  METADATA_LOCALES,
  VOCAB_CONTEXT_URL,
  VOCAB_CREDENTIAL_TYPES,
  claimCatalog,
  sdJwtClaimPath,
  typeLabels,
  vctOf,
  type VocabCredentialType,
} from '@trustbridge/vocab';

/** The OpenID4VCI Credential Format Identifiers the issuer supports. */
export type Oid4vciFormat = 'ldp_vc' | 'jwt_vc_json' | 'dc+sd-jwt';

/** One credential the issuer can issue: a vocabulary type in one format. */
export interface CredentialConfiguration {
  /** The `credential_configuration_id`, e.g. `BusinessRegistrationCredential_ldp_vc`. */
  id: string;
  format: Oid4vciFormat;
  type: VocabCredentialType;
}

const SUFFIX: Record<Oid4vciFormat, string> = { ldp_vc: 'ldp_vc', jwt_vc_json: 'jwt_vc_json', 'dc+sd-jwt': 'dc_sd_jwt' };

/** The configuration id of a type in a format: `<Type>_ldp_vc`, `<Type>_jwt_vc_json`, `<Type>_dc_sd_jwt`. */
export function configurationId(type: VocabCredentialType, format: Oid4vciFormat): string {
  return `${type}_${SUFFIX[format]}`;
}

/** Every vocabulary type in every format, keyed by configuration id. */
export function vocabCredentialConfigurations(): Map<string, CredentialConfiguration> {
  const out = new Map<string, CredentialConfiguration>();
  for (const type of VOCAB_CREDENTIAL_TYPES) {
    for (const format of ['ldp_vc', 'jwt_vc_json', 'dc+sd-jwt'] as const) {
      const id = configurationId(type, format);
      out.set(id, { id, format, type });
    }
  }
  return out;
}

/** Algorithms accepted for `jwt` key proofs (Appendix F.1): Ed25519 and P-256 keys. */
export const PROOF_SIGNING_ALGS = ['EdDSA', 'ES256'] as const;

/**
 * The `credential_configurations_supported` entry of a configuration (§11.2.3), with EN/FR display
 * and claim labels from the vocabulary under `credential_metadata` (Appendix A for the format-specific
 * members). `signingAlg` is the JWS `alg` of the issuer's key.
 */
export function configurationMetadata(config: CredentialConfiguration, signingAlg: string): Record<string, unknown> {
  const { type, format } = config;
  const labels = typeLabels[type];
  const display = (['en', 'fr'] as const).map((l) => ({ name: labels.name[l], locale: METADATA_LOCALES[l], description: labels.description[l] }));
  const claims = claimCatalog[type].map((d) => ({
    path: format === 'dc+sd-jwt' ? sdJwtClaimPath(d.path) : ['credentialSubject', ...d.path],
    display: (['en', 'fr'] as const).map((l) => ({ name: d.label[l], locale: METADATA_LOCALES[l] })),
  }));
  const common = {
    format,
    scope: config.id,
    proof_types_supported: { jwt: { proof_signing_alg_values_supported: [...PROOF_SIGNING_ALGS] } },
    credential_metadata: { display, claims },
  };
  if (format === 'dc+sd-jwt') {
    return { ...common, cryptographic_binding_methods_supported: ['jwk'], credential_signing_alg_values_supported: [signingAlg], vct: vctOf(type) };
  }
  const bindings = ['did:key', 'did:jwk'];
  if (format === 'ldp_vc') {
    return {
      ...common,
      cryptographic_binding_methods_supported: bindings,
      // Appendix A.1.2: for ldp_vc the values are Data Integrity cryptosuites.
      credential_signing_alg_values_supported: ['eddsa-rdfc-2022'],
      credential_definition: { '@context': [VC_V2_CONTEXT, VOCAB_CONTEXT_URL], type: ['VerifiableCredential', type] },
    };
  }
  return {
    ...common,
    cryptographic_binding_methods_supported: bindings,
    credential_signing_alg_values_supported: [signingAlg],
    credential_definition: { type: ['VerifiableCredential', type] },
  };
}
