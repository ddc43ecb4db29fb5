/**
 * The express plumbing every TrustBridge service shares: request ids and access logs, RFC 9457
 * error answers produced in one place, 404 and 405 answers, and bounded JSON bodies.
 */
import { randomUUID } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { TrustBridgeError } from '@trustbridge/core';
import { PROBLEM_MEDIA_TYPE, toProblemDocument, type ProblemDocument } from './problem.js';
import { readJsonObjectBody, type BodyLimits } from './body.js';
import type { Logger } from './logger.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Per-request facts kept in `res.locals` for the access log. */
interface RequestLocals {
  requestId: string;
  errorCode?: string;
}

/** Options shared by the service app factories. */
export interface ServiceAppOptions {
  logger: Logger;
  limits?: BodyLimits;
}

/** Sends a problem document (the only way services answer errors). */
export function sendProblem(res: Response, problem: ProblemDocument, headers: Record<string, string> = {}): void {
  (res.locals as RequestLocals).errorCode = problem.code;
  res.status(problem.status);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Cache-Control', 'no-store');
  res.type(PROBLEM_MEDIA_TYPE).send(JSON.stringify(problem));
}

/**
 * A new express app with request ids, access logging, and hardened defaults. Add routes, then call
 * {@link finishServiceApp} to install the 404 and error handlers.
 */
export function createServiceApp(options: ServiceAppOptions): Express {
  const { logger } = options;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use((req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    (res.locals as RequestLocals).requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    res.on('finish', () => {
      const locals = res.locals as RequestLocals;
      const entry = {
        reqId: requestId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        ...(locals.errorCode ? { code: locals.errorCode } : {}),
      };
      if (res.statusCode >= 500) logger.error(entry, 'request failed');
      else logger.info(entry, 'request');
    });
    next();
  });
  return app;
}

/** Describes which methods a path accepts, so other methods answer 405 with `Allow`. */
export function allowOnly(app: Express, path: string, methods: readonly string[]): void {
  const allow = [...methods, ...(methods.includes('GET') ? ['HEAD'] : [])].join(', ');
  app.all(path, (req: Request, _res: Response, next: NextFunction) => {
    next(new TrustBridgeError('ERR_HTTP_METHOD_NOT_ALLOWED', `${req.method} is not allowed here.`, { details: { allow } }));
  });
}

/** Installs the 404 answer and the single error handler. Call after all routes. */
export function finishServiceApp(app: Express, options: ServiceAppOptions): Express {
  const { logger } = options;
  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(new TrustBridgeError('ERR_HTTP_NOT_FOUND', 'No resource at this path.'));
  });
  // Express recognises error handlers by their four parameters.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const problem = toProblemDocument(normalizeExpressError(error));
    if (problem.status >= 500) {
      const e = error as { name?: unknown; stack?: unknown };
      logger.error({ reqId: (res.locals as RequestLocals).requestId, err: { name: e?.name, stack: e?.stack } }, 'unexpected error');
    }
    const headers: Record<string, string> = {};
    const allow = (error as TrustBridgeError)?.details?.['allow'];
    if (problem.status === 405 && typeof allow === 'string') headers['Allow'] = allow;
    // A body that was not read to the end cannot leave the connection reusable.
    if (!req.complete) headers['Connection'] = 'close';
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendProblem(res, problem, headers);
  });
  return app;
}

/** Maps errors raised by express or node itself (they carry `status`/`type`) to coded errors. */
function normalizeExpressError(error: unknown): unknown {
  if (error instanceof TrustBridgeError) return error;
  const e = error as { status?: unknown; type?: unknown };
  if (e?.type === 'entity.too.large' || e?.status === 413) return new TrustBridgeError('ERR_INPUT_TOO_LARGE', 'Request body is too large.');
  if (e?.type === 'entity.parse.failed') return new TrustBridgeError('ERR_JSON_MALFORMED', 'Input is not valid JSON.');
  if (e?.status === 400 && e?.type !== undefined) return new TrustBridgeError('ERR_REQUEST_INVALID', 'The request could not be read.');
  return error;
}

/** Reads the JSON object body of a request within the service's limits (see `readJsonObjectBody`). */
export function jsonBody(req: Request, limits?: BodyLimits): Promise<Record<string, unknown>> {
  return readJsonObjectBody(req, limits);
}

/** A `400 ERR_REQUEST_INVALID` error naming the offending member by JSON Pointer. */
export function invalidRequest(message: string, path: string): TrustBridgeError {
  return new TrustBridgeError('ERR_REQUEST_INVALID', message, {
    details: { problems: [{ code: 'ERR_REQUEST_INVALID', message, path }] },
  });
}
