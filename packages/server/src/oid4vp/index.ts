/** The OpenID4VP verifier endpoints of the VC API service. See `router.ts`. */
export { mountOid4vpRoutes, MAX_OID4VP_RESPONSE_BYTES, type Oid4vpServiceOptions, type Oid4vpRouteDependencies } from './router.js';
