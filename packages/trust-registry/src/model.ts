/**
 * The trust registry data model: plain JSON, typed by interfaces (DESIGN.md "Trust registry model",
 * research/canada-domain.md §6.1). Nothing here has behaviour; see `validate.ts` for the rules.
 *
 * Vocabulary follows the Pan-Canadian Trust Framework (PSP-PCTF §2: roles issuer / holder / verifier,
 * levels of assurance 1–4) and the ToIP TRQP v2 PARC model (principal = entity, action, resource,
 * context), so a registry answers both its own evaluate API and TRQP without translation tables.
 */

/** An RFC 3339 date-time in UTC (`Z`), e.g. `2025-06-02T17:00:00Z`. */
export type Instant = string;

/** PCTF level of assurance (PSP-PCTF §2.8.2): 1 little or no, 2 some, 3 high, 4 very high confidence. */
export type AssuranceLevel = 1 | 2 | 3 | 4;

/** What an authorization allows. `hold` is the PCTF holder / wallet role; `operate` runs a registry. */
export type Action = 'issue' | 'verify' | 'hold' | 'operate';

/** PCTF ecosystem roles an entity plays. `registry` is the PCTF registry operator. */
export type EntityRole = 'issuer' | 'verifier' | 'wallet' | 'registry';

/** The status values of an append-only status history (ETSI TS 119 612 `ServiceHistory` style). */
export type StatusValue = 'active' | 'suspended' | 'revoked';

/**
 * One identifier of an entity. Every form resolves to the same entity:
 * - `did`: any DID method (`did:web:…`, `did:key:…`, `did:webvh:…`, `did:indy:…`), compared exactly.
 * - `indy-unqualified`: a legacy unqualified Indy DID (`AcZpBDz3oxmKrpcuPcdKai`); it is also found as
 *   `did:sov:<value>` and, when `ledger` is given, `did:indy:<ledger>:<value>`.
 * - `registry-number`: a corporate registry number (`BC0012345`, `FM0055205`, `A0123456`), compared
 *   case-insensitively without spaces.
 * - `bn9`: the CRA business number (9 digits); a BN15 (`123456789RC0001`) finds it too.
 * - `other`: any other string, compared exactly.
 */
export interface Identifier {
  scheme: 'did' | 'indy-unqualified' | 'registry-number' | 'bn9' | 'other';
  value: string;
  /** Indy ledger namespace for unqualified DIDs, e.g. `candy:prod`. */
  ledger?: string;
}

/** A participant listed in a registry: issuer, verifier, wallet provider or registry operator. */
export interface Entity {
  /** Canonical identifier (prefer a DID). Also an alias of itself. */
  id: string;
  name: string;
  roles: EntityRole[];
  /** Home jurisdiction (ISO 3166: `CA`, `CA-BC`, `CA-AB`…). */
  jurisdiction: string;
  /** Further identifiers (aliases). */
  identifiers: Identifier[];
}

/** A legal instrument a governance framework rests on, e.g. `Business Corporations Act (BC)`. */
export interface LegalBasis {
  citation: string;
  uri?: string;
}

/** A governance framework, pinned by version and document digest. */
export interface GovernanceFramework {
  id: string;
  name: string;
  version: string;
  /** Where the human-readable document lives. */
  uri: string;
  /** `sha256:<64 hex>` of the document, so a verifier knows exactly which text applied. */
  digest?: string;
  legalBasis: LegalBasis[];
  effective: { from: Instant; until?: Instant };
}

/**
 * One entry of an append-only status history. The status in force at time `t` is that of the last
 * event with `at <= t`; before the first event the subject is not yet in force.
 */
export interface StatusEvent {
  status: StatusValue;
  /** When the status takes effect. Events are ordered by `at`, never rewritten. */
  at: Instant;
  reason?: string;
  /**
   * Key or process compromise: credentials issued at or after this instant are distrusted whatever the
   * status is now (also when the entity is `active` again after a key rotation). Known from `at` on.
   */
  compromisedSince?: Instant;
}

/** What an authorization covers (the PARC "resource"). */
export interface AuthorizationResource {
  /** Credential types (VC `type` values or type IRIs). Exact match; no wildcards. */
  credentialTypes: string[];
  /**
   * Jurisdictions served. `CA` is federal only; `CA-BC` one province; `CA-*` any province or territory;
   * `*` anywhere (see `jurisdictionCovers`).
   */
  jurisdictions: string[];
  /** For `issue`: the highest PCTF level the entity may assert. Absent = level 1. */
  maxAssuranceLevel?: AssuranceLevel;
  /** For `verify`: the purposes the verifier is registered for (PCTF Notice & Consent). */
  purposes?: string[];
  /** For `verify`: the attributes it may request. Absent = no attribute limit recorded. */
  attributes?: string[];
}

/** The registry's authority allows `entity` to perform `action` on `resource` within `validity`. */
export interface Authorization {
  id: string;
  /** Entity id (canonical) in the same registry. */
  entity: string;
  action: Action;
  resource: AuthorizationResource;
  validity: { from: Instant; until?: Instant };
  /** Append-only; the first event is normally `active` at `validity.from`. */
  history: StatusEvent[];
  /** Id of a governance framework in the same registry. */
  governanceFramework: string;
}

/** Maps a peer registry's level to this registry's level. Unmapped peer levels are not accepted. */
export interface AssuranceMapping {
  from: AssuranceLevel;
  to: AssuranceLevel;
}

/** Registry `authority` (this registry) recognizes registry `recognizes` for a stated scope. */
export interface Recognition {
  id: string;
  /** The recognizing registry's id (the registry holding this record). */
  authority: string;
  /** The recognized registry's id. */
  recognizes: string;
  scope: {
    actions: Action[];
    /** Credential types, or `['*']` for all. */
    credentialTypes: string[];
    jurisdictions: string[];
  };
  /** Absent = identity mapping. */
  assuranceMapping?: AssuranceMapping[];
  /**
   * The most recognition hops a trust path that starts with this recognition may take, this one
   * included: 1 = only entities listed directly in the recognized registry.
   */
  maxPathLength: number;
  /** Pinned snapshot keys of the recognized registry (`publicKeyMultibase`), for offline bundles. */
  snapshotKeys?: string[];
  validity: { from: Instant; until?: Instant };
  history: StatusEvent[];
  /** Mutual-recognition agreement (PSP-PCTF §2.4 "acceptance"): a governance framework id. */
  agreement?: string;
}

/** Who runs the registry and under which framework. */
export interface RegistryMetadata {
  /** The registry's identifier (a DID); TRQP `authority_id` may name it. */
  id: string;
  name: string;
  /** The governing authority's identifier (TRQP `authority_id` may name it too). */
  authority: string;
  /** Entity id of the operator (PCTF registry operator). */
  operator: string;
  jurisdiction: string;
  /** Id of the registry's own governance framework. */
  governanceFramework: string;
  /** Keys that sign this registry's snapshots (`publicKeyMultibase`). */
  snapshotKeys: string[];
}

/** The whole state of one registry: what a snapshot signs. */
export interface RegistryState {
  registry: RegistryMetadata;
  /**
   * Monotonic version of this state. Every change (and every re-publication) increments it; a snapshot
   * carries it as its sequence number.
   */
  sequence: number;
  governanceFrameworks: GovernanceFramework[];
  entities: Entity[];
  authorizations: Authorization[];
  recognitions: Recognition[];
}
