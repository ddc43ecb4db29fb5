/**
 * `pnpm serve`: starts the VC API service. With no configuration at all it listens on
 * 127.0.0.1:${PORT:-8080} with a fresh Ed25519 did:key issuer. Stops cleanly on SIGINT / SIGTERM.
 */
import { describeError, serveFromEnvironment } from '../run-serve.js';

serveFromEnvironment().catch((error: unknown) => {
  for (const line of describeError(error)) console.error(line);
  process.exit(2);
});
