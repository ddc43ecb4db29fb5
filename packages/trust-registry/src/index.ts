/**
 * @trustbridge/trust-registry — a Pan-Canadian Trust Framework trust registry as a pure library:
 * the model (entities, governance frameworks, authorizations with append-only status history,
 * recognitions), offline evaluation, signed hash-chained snapshots, deltas and bundles, and the ToIP
 * TRQP v2 request/response mapping. No I/O: services persist and serve it.
 * @packageDocumentation
 */
export * from './model.js';
export * from './codes.js';
export { jurisdictionCovers, isInstant, isJurisdiction } from './time.js';
export { identifierKeys, lookupKeys } from './identifiers.js';
export { validateRegistryState, appendStatusEvent, historyRewrites, type StateProblem } from './validate.js';
export { canonicalJson, sha256Digest, stateDigest } from './canonical.js';
export { buildTrustIndex, findEntity, indexSnapshots, type TrustIndex, type SnapshotRef, type RegistrySource, type BuildTrustIndexOptions } from './trust-index.js';
export {
  evaluate,
  createOfflineTrustRegistryClient,
  type TrustQuery,
  type Decision,
  type DecisionValue,
  type Reason,
  type PathStep,
  type TrustRegistryClient,
} from './evaluate.js';
export {
  createSnapshot,
  verifySnapshot,
  createBundle,
  verifyBundle,
  indexFromBundle,
  createDelta,
  applyDelta,
  signDelta,
  verifyDelta,
  SNAPSHOT_TYP,
  DELTA_TYP,
  type SnapshotPayload,
  type SignedSnapshot,
  type SnapshotCheckpoint,
  type CreateSnapshotOptions,
  type SnapshotLimits,
  type VerifiedSnapshot,
  type BundleProblem,
  type TrustRegistryBundle,
  type VerifyBundleOptions,
  type BundleVerification,
  type RegistryDelta,
} from './snapshot.js';
export {
  handleTrqpAuthorization,
  handleTrqpRecognition,
  type TrqpRequest,
  type TrqpAuthorizationResponse,
  type TrqpRecognitionResponse,
  type TrqpProblem,
  type TrqpResult,
} from './trqp.js';
export { seedPilotRegistries, pilotKeyPair, didKeyFromEd25519, PilotCredentialTypes, PILOT_EPOCH, type PilotSeed } from './seed.js';
export { createHttpTrustRegistryClient, type HttpTrustRegistryClientOptions } from './http-client.js';
