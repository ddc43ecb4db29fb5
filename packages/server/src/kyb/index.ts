/** The KYB decision in the service (HTTP routes) and in the CLI. See `README.md` § KYB. */
export { createKybRouter, createPilotKybTrust, mountKybRoutes, parseKybRequest, KybHttpCodes, MAX_KYB_CREDENTIALS, type KybRouterOptions, type KybServiceOptions } from './router.js';
export { addKybCommands, KYB_EXIT_CODES, KYB_SECRET_KEY_ENV, type KybCliContext } from './cli.js';
