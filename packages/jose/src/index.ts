/**
 * @trustbridge/jose — VC-JOSE (`vc+jwt` / `vp+jwt`, W3C VC-JOSE-COSE §3.1) and SD-JWT VC with key
 * binding (RFC 9901, draft-ietf-oauth-sd-jwt-vc): issue, present, verify, with results in the one
 * TrustBridge result model.
 * @packageDocumentation
 */
export * from './errors.js';
export { decodeSegment, parseCompactJws, DEFAULT_MAX_TOKEN_BYTES, type ParsedCompactJws } from './compact.js';
export * from './keys.js';
export { signCompactJws } from './jws.js';
export { DEFAULT_MAX_CLOCK_SKEW_SECONDS } from './time.js';
export { STATUS_NOT_CONFIGURED, type StatusReferenceOptions } from './status.js';
export * from './vc-jwt.js';
export * from './sd-jwt/disclosure.js';
export * from './sd-jwt/issue.js';
export { parseDisclosure, processPayload, type ParsedDisclosure, type ProcessedPayload } from './sd-jwt/process.js';
export * from './sd-jwt/present.js';
export * from './sd-jwt/verify.js';
export * from './cache.js';
