/** Serving the registry app beside another service app under a base path (default `/registry`). */
import express, { type Express } from 'express';

/**
 * A new express app that routes `basePath/*` to the registry app and everything else to `main`.
 * Each app keeps its own request logging, 404 and problem-document error handler.
 *
 * @example
 * ```ts
 * const app = mountRegistryApp(createVcApiApp({ issuer }), createRegistryApp({ registry, basePath: '/registry' }));
 * ```
 */
export function mountRegistryApp(main: Express, registryApp: Express, basePath = '/registry'): Express {
  if (!/^\/[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*$/.test(basePath)) throw new TypeError('basePath must look like /registry.');
  const outer = express();
  outer.disable('x-powered-by');
  outer.set('etag', false);
  outer.use(basePath, registryApp);
  outer.use(main);
  return outer;
}
