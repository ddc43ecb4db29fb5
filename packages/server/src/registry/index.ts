/** The trust registry service: event-sourced over `store`, served over HTTP, TRQP v2, admin API. */
export * from './events.js';
export * from './registry-service.js';
export * from './registry-app.js';
export * from './admin-auth.js';
export * from './openapi.js';
export * from './pilot.js';
export * from './mount.js';
export * from './serve.js';
export * from './cli.js';
