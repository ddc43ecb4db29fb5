/** Legacy mappings: BC Digital Business Card, BC Person and OrgBook BC attributes → vocabulary subjects. */
export {
  LegacyErrorCodes,
  dateintToIso,
  displayCaseName,
  type LegacyAttributeValue,
  type LegacyAttributes,
  type LegacyMappingOptions,
  type LegacyMappingResult,
  type NameCase,
} from './common.js';
export * from './bc-digital-business-card.js';
export * from './bc-person.js';
export * from './orgbook.js';
