/**
 * Seed data for the pilot (DESIGN.md §2): registries for British Columbia, Alberta and the federal
 * government, a pan-Canadian hub that recognizes all three and lists two banks as verifiers for stated
 * purposes. Keys are derived from fixed seeds, so every DID and snapshot key is stable across runs.
 *
 * The keys are for demos and tests only: anyone can recompute them from the seed labels.
 */
import { createHash } from 'node:crypto';
import { encodeEd25519PublicKeyMultibase, generateEd25519KeyPair, type Ed25519KeyPair } from '@trustbridge/keys';
import { sha256Digest } from './canonical.js';
import type { Authorization, GovernanceFramework, RegistryState, Recognition, StatusEvent } from './model.js';

/** A deterministic Ed25519 key pair for a label: seed = SHA-256("trustbridge-pilot:" + label). */
export function pilotKeyPair(label: string): Ed25519KeyPair {
  return generateEd25519KeyPair(new Uint8Array(createHash('sha256').update(`trustbridge-pilot:${label}`).digest()));
}

/** `did:key` of an Ed25519 public key (did:key method §3: multibase base58-btc of 0xed01 + key). */
export function didKeyFromEd25519(publicKey: Uint8Array): string {
  return 'did:key:' + encodeEd25519PublicKeyMultibase(publicKey);
}

/** The credential types the pilot uses. */
export const PilotCredentialTypes = {
  BusinessRegistration: 'BusinessRegistrationCredential',
  BusinessRepresentative: 'BusinessRepresentativeCredential',
  PersonIdentity: 'PersonIdentityCredential',
} as const;

/** Everything the pilot seed creates. */
export interface PilotSeed {
  /** The hub's registry id: the root a bank's verifier trusts. */
  root: string;
  /** All four states, hub first. */
  states: RegistryState[];
  registries: { hub: RegistryState; bc: RegistryState; ab: RegistryState; federal: RegistryState };
  /** Canonical entity ids (did:key of the seeded keys). */
  entities: {
    bcRegistries: string;
    albertaRegistry: string;
    corporationsCanada: string;
    serviceBc: string;
    mapleBank: string;
    prairieBank: string;
    wallet: string;
  };
  /** Seed labels → key pairs (registry operators' snapshot keys and issuers' signing keys). */
  keys: Record<string, Ed25519KeyPair>;
  /** Registry id → seed label of its snapshot key. */
  operatorKeyLabels: Record<string, string>;
}

/** Fixed pilot dates. */
export const PILOT_EPOCH = '2025-01-01T00:00:00Z';
const UNTIL = '2028-01-01T00:00:00Z';
const active: StatusEvent[] = [{ status: 'active', at: PILOT_EPOCH }];

function framework(id: string, name: string, version: string, uri: string, legal: string[]): GovernanceFramework {
  // Placeholder digest: SHA-256 of "<id>@<version>" until the real documents are pinned.
  return { id, name, version, uri, digest: sha256Digest(`${id}@${version}`), legalBasis: legal.map((citation) => ({ citation })), effective: { from: PILOT_EPOCH } };
}

function authorization(id: string, entity: string, action: Authorization['action'], resource: Authorization['resource'], governanceFramework: string): Authorization {
  return { id, entity, action, resource, validity: { from: PILOT_EPOCH, until: UNTIL }, history: active.map((e) => ({ ...e })), governanceFramework };
}

/**
 * Builds the pilot registries. Pure and deterministic: the same output on every call.
 *
 * @example
 * ```ts
 * const seed = seedPilotRegistries();
 * const index = buildTrustIndex(seed.states, { root: seed.root });
 * ```
 */
export function seedPilotRegistries(): PilotSeed {
  const labels = ['registry-hub', 'registry-bc', 'registry-ab', 'registry-federal', 'bc-registries', 'alberta-corporate-registry', 'corporations-canada', 'service-bc', 'maple-commerce-bank', 'prairie-federal-bank', 'trustbridge-wallet'];
  const keys = Object.fromEntries(labels.map((l) => [l, pilotKeyPair(l)]));
  const did = (l: string) => didKeyFromEd25519(keys[l]!.publicKey);
  const mb = (l: string) => encodeEd25519PublicKeyMultibase(keys[l]!.publicKey);

  const ids = {
    hub: 'did:web:hub.trust.pilot.example',
    bc: 'did:web:registry.bc.pilot.example',
    ab: 'did:web:registry.ab.pilot.example',
    federal: 'did:web:registry.canada.pilot.example',
  };
  const entities = {
    bcRegistries: did('bc-registries'),
    albertaRegistry: did('alberta-corporate-registry'),
    corporationsCanada: did('corporations-canada'),
    serviceBc: did('service-bc'),
    mapleBank: did('maple-commerce-bank'),
    prairieBank: did('prairie-federal-bank'),
    wallet: did('trustbridge-wallet'),
  };
  const T = PilotCredentialTypes;
  const operator = (registryId: string, name: string, label: string, jurisdiction: string) => ({
    id: did(label),
    name,
    roles: ['registry' as const],
    jurisdiction,
    identifiers: [{ scheme: 'did' as const, value: registryId }],
  });
  const operatorAuth = (registryId: string, label: string, gf: string, jurisdictions: string[]) =>
    authorization(`${registryId}#authz-operate`, did(label), 'operate', { credentialTypes: ['TrustRegistry'], jurisdictions }, gf);

  // British Columbia.
  const bcGf = framework('https://pilot.example/gf/bc-business-credentials', 'BC Business Credentials Governance', '1.1', 'https://pilot.example/gf/bc-business-credentials/1.1', ['Business Corporations Act (BC)', 'Partnership Act (BC)']);
  const bcPersonGf = framework('https://pilot.example/gf/bc-person-credential', 'BC Person Credential Governance (PSP-PCTF)', '1.0', 'https://pilot.example/gf/bc-person-credential/1.0', ['Digital Identity and Authentication (BC) — PSP-PCTF V1.5']);
  const bc: RegistryState = {
    registry: { id: ids.bc, name: 'British Columbia Trust Registry', authority: 'did:web:gov.bc.pilot.example', operator: did('registry-bc'), jurisdiction: 'CA-BC', governanceFramework: bcGf.id, snapshotKeys: [mb('registry-bc')] },
    sequence: 1,
    governanceFrameworks: [bcGf, bcPersonGf],
    entities: [
      operator(ids.bc, 'BC Trust Registry Operator', 'registry-bc', 'CA-BC'),
      {
        id: entities.bcRegistries,
        name: 'BC Registries and Online Services',
        roles: ['issuer'],
        jurisdiction: 'CA-BC',
        // The Digital Business Card issuer's legacy unqualified Indy DID (research §1.1), as an alias.
        identifiers: [{ scheme: 'indy-unqualified', value: 'AcZpBDz3oxmKrpcuPcdKai', ledger: 'candy:prod' }, { scheme: 'did', value: 'did:web:bcregistries.pilot.example' }],
      },
      { id: entities.serviceBc, name: 'Service BC', roles: ['issuer'], jurisdiction: 'CA-BC', identifiers: [{ scheme: 'did', value: 'did:web:servicebc.pilot.example' }] },
    ],
    authorizations: [
      operatorAuth(ids.bc, 'registry-bc', bcGf.id, ['CA-BC']),
      authorization(`${ids.bc}#authz-bcreg-business`, entities.bcRegistries, 'issue', { credentialTypes: [T.BusinessRegistration, T.BusinessRepresentative], jurisdictions: ['CA-BC'], maxAssuranceLevel: 3 }, bcGf.id),
      authorization(`${ids.bc}#authz-servicebc-person`, entities.serviceBc, 'issue', { credentialTypes: [T.PersonIdentity], jurisdictions: ['CA-BC'], maxAssuranceLevel: 3 }, bcPersonGf.id),
    ],
    recognitions: [],
  };

  // Alberta.
  const abGf = framework('https://pilot.example/gf/ab-business-credentials', 'Alberta Business Credentials Governance', '1.0', 'https://pilot.example/gf/ab-business-credentials/1.0', ['Business Corporations Act (Alberta)', 'Partnership Act (Alberta)']);
  const ab: RegistryState = {
    registry: { id: ids.ab, name: 'Alberta Trust Registry', authority: 'did:web:gov.ab.pilot.example', operator: did('registry-ab'), jurisdiction: 'CA-AB', governanceFramework: abGf.id, snapshotKeys: [mb('registry-ab')] },
    sequence: 1,
    governanceFrameworks: [abGf],
    entities: [
      operator(ids.ab, 'Alberta Trust Registry Operator', 'registry-ab', 'CA-AB'),
      { id: entities.albertaRegistry, name: 'Alberta Corporate Registry', roles: ['issuer'], jurisdiction: 'CA-AB', identifiers: [{ scheme: 'did', value: 'did:web:corporate-registry.ab.pilot.example' }] },
    ],
    authorizations: [
      operatorAuth(ids.ab, 'registry-ab', abGf.id, ['CA-AB']),
      authorization(`${ids.ab}#authz-acr-business`, entities.albertaRegistry, 'issue', { credentialTypes: [T.BusinessRegistration], jurisdictions: ['CA-AB'], maxAssuranceLevel: 3 }, abGf.id),
    ],
    recognitions: [],
  };

  // Federal.
  const fedGf = framework('https://pilot.example/gf/federal-business-credentials', 'Corporations Canada Credentials Governance', '1.0', 'https://pilot.example/gf/federal-business-credentials/1.0', ['Canada Business Corporations Act (R.S.C. 1985, c. C-44)']);
  const federal: RegistryState = {
    registry: { id: ids.federal, name: 'Government of Canada Trust Registry', authority: 'did:web:canada.pilot.example', operator: did('registry-federal'), jurisdiction: 'CA', governanceFramework: fedGf.id, snapshotKeys: [mb('registry-federal')] },
    sequence: 1,
    governanceFrameworks: [fedGf],
    entities: [
      operator(ids.federal, 'Federal Trust Registry Operator', 'registry-federal', 'CA'),
      { id: entities.corporationsCanada, name: 'Corporations Canada', roles: ['issuer'], jurisdiction: 'CA', identifiers: [{ scheme: 'did', value: 'did:web:corporations-canada.pilot.example' }] },
    ],
    authorizations: [
      operatorAuth(ids.federal, 'registry-federal', fedGf.id, ['CA']),
      authorization(`${ids.federal}#authz-corpcan-business`, entities.corporationsCanada, 'issue', { credentialTypes: [T.BusinessRegistration], jurisdictions: ['CA'], maxAssuranceLevel: 3 }, fedGf.id),
    ],
    recognitions: [],
  };

  // Pan-Canadian hub: recognizes the three, lists the banks (verifiers) and the wallet.
  const hubGf = framework('https://pilot.example/gf/pan-canadian-hub', 'Pan-Canadian Business Credentials Trust Framework (PSP-PCTF profile)', '1.0', 'https://pilot.example/gf/pan-canadian-hub/1.0', ['Pan-Canadian Trust Framework, Public Sector Profile V1.5', 'Proceeds of Crime (Money Laundering) and Terrorist Financing Act (S.C. 2000, c. 17)']);
  const mraGf = framework('https://pilot.example/gf/mutual-recognition', 'Intergovernmental Mutual Recognition Agreement (pilot)', '1.0', 'https://pilot.example/gf/mutual-recognition/1.0', ['PSP-PCTF §2.4 Mutual Recognition']);
  const identity = [1, 2, 3, 4].map((n) => ({ from: n as 1, to: n as 1 }));
  const recognition = (suffix: string, recognizes: string, label: string, types: string[], jurisdictions: string[]): Recognition => ({
    id: `${ids.hub}#recognizes-${suffix}`,
    authority: ids.hub,
    recognizes,
    scope: { actions: ['issue'], credentialTypes: types, jurisdictions },
    assuranceMapping: identity,
    maxPathLength: 1,
    snapshotKeys: [mb(label)],
    validity: { from: PILOT_EPOCH, until: UNTIL },
    history: active.map((e) => ({ ...e })),
    agreement: mraGf.id,
  });
  const kybAttributes = ['legalName', 'registrationNumber', 'businessNumber', 'businessType', 'businessStatus', 'registeredOn', 'givenName', 'familyName', 'role', 'birthDate'];
  const verifierTypes = [T.BusinessRegistration, T.BusinessRepresentative, T.PersonIdentity];
  const hub: RegistryState = {
    registry: { id: ids.hub, name: 'Pan-Canadian Trust Registry Hub', authority: 'did:web:digital-trust.pilot.example', operator: did('registry-hub'), jurisdiction: 'CA', governanceFramework: hubGf.id, snapshotKeys: [mb('registry-hub')] },
    sequence: 1,
    governanceFrameworks: [hubGf, mraGf],
    entities: [
      operator(ids.hub, 'Pan-Canadian Hub Operator', 'registry-hub', 'CA'),
      { id: entities.mapleBank, name: 'Maple Commerce Bank', roles: ['verifier'], jurisdiction: 'CA', identifiers: [{ scheme: 'bn9', value: '870000001' }, { scheme: 'did', value: 'did:web:maplebank.pilot.example' }] },
      { id: entities.prairieBank, name: 'Prairie Federal Bank', roles: ['verifier'], jurisdiction: 'CA-AB', identifiers: [{ scheme: 'registry-number', value: 'BC0012345' }, { scheme: 'bn9', value: '870000002' }] },
      { id: entities.wallet, name: 'TrustBridge Web Wallet', roles: ['wallet'], jurisdiction: 'CA', identifiers: [] },
    ],
    authorizations: [
      operatorAuth(ids.hub, 'registry-hub', hubGf.id, ['CA', 'CA-*']),
      authorization(`${ids.hub}#authz-maple-verify`, entities.mapleBank, 'verify', { credentialTypes: verifierTypes, jurisdictions: ['CA', 'CA-*'], purposes: ['kyb-onboarding', 'account-opening'], attributes: kybAttributes }, hubGf.id),
      authorization(`${ids.hub}#authz-prairie-verify`, entities.prairieBank, 'verify', { credentialTypes: [T.BusinessRegistration, T.BusinessRepresentative], jurisdictions: ['CA-AB', 'CA-BC'], purposes: ['kyb-onboarding'], attributes: kybAttributes.filter((a) => a !== 'birthDate') }, hubGf.id),
      authorization(`${ids.hub}#authz-wallet-hold`, entities.wallet, 'hold', { credentialTypes: verifierTypes, jurisdictions: ['CA', 'CA-*'], maxAssuranceLevel: 3 }, hubGf.id),
    ],
    recognitions: [
      recognition('bc', ids.bc, 'registry-bc', [T.BusinessRegistration, T.BusinessRepresentative, T.PersonIdentity], ['CA-BC']),
      recognition('ab', ids.ab, 'registry-ab', [T.BusinessRegistration], ['CA-AB']),
      recognition('federal', ids.federal, 'registry-federal', [T.BusinessRegistration], ['CA']),
    ],
  };
  return {
    root: ids.hub,
    states: [hub, bc, ab, federal],
    registries: { hub, bc, ab, federal },
    entities,
    keys,
    operatorKeyLabels: { [ids.hub]: 'registry-hub', [ids.bc]: 'registry-bc', [ids.ab]: 'registry-ab', [ids.federal]: 'registry-federal' },
  };
}
