/**
 * DIF Presentation Exchange 2.0 (the subset OpenID4VP counterparts send instead of DCQL):
 * `presentation_definition` parsing and evaluation, `presentation_submission` checks.
 * @module
 */
export * from './errors.js';
export { parseJsonPath, evaluateJsonPath, MAX_JSONPATH_LENGTH, type JsonPathSegment, type JsonPathMatch } from './jsonpath.js';
export {
  parsePresentationDefinition,
  evaluateInputDescriptor,
  filterAccepts,
  formatAccepted,
  PEX_LIMITS,
  type PresentationDefinition,
  type PexInputDescriptor,
  type PexField,
  type PexFilter,
  type PexCandidate,
  type PexDescriptorMatch,
} from './definition.js';
export { parsePresentationSubmission, sdJwtDisclosedNames, type PresentationSubmission, type PexDescriptorMapEntry } from './submission.js';
