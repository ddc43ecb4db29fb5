/**
 * Bounded JSON request bodies. The raw body is read with a byte limit and parsed with core's
 * `parseJson`, which measures nesting before parsing, so a 10,000-deep document is refused without
 * recursion and an oversized body is refused without being buffered.
 */
import type { IncomingMessage } from 'node:http';
import { TrustBridgeError, isObject, parseJson } from '@trustbridge/core';

/** Limits applied to every request body. */
export interface BodyLimits {
  /** Maximum body size in bytes. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Maximum JSON nesting depth. Default 64. */
  maxDepth?: number;
}

/** 1 MiB and 64 levels: ample for credentials and presentations. */
export const DEFAULT_BODY_LIMITS: Required<BodyLimits> = { maxBodyBytes: 1024 * 1024, maxDepth: 64 };

/** A body larger than this many times the limit is not drained: the connection is closed instead. */
const DRAIN_FACTOR = 16;

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;

/** True for `application/json` and `application/*+json` (e.g. `application/ld+json`), any parameters. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  return JSON_MEDIA_TYPE.test(contentType.split(';')[0]!.trim());
}

function tooLarge(maxBodyBytes: number): TrustBridgeError {
  return new TrustBridgeError('ERR_INPUT_TOO_LARGE', `Request body exceeds ${maxBodyBytes} bytes.`, { details: { maxBytes: maxBodyBytes } });
}

/**
 * Reads the request body up to `maxBodyBytes`. An oversized body is drained (so the client can read
 * the 413 answer on a kept-alive connection) up to a hard cap, past which the socket is destroyed.
 */
export function readRawBody(req: IncomingMessage, maxBodyBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    const chunks: Buffer[] = [];
    let size = 0;
    let overflow = Number.isFinite(declared) && declared > maxBodyBytes;
    const finish = (error?: Error, body?: Buffer) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      if (error) reject(error);
      else resolve(body!);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) overflow = true;
      if (overflow) {
        chunks.length = 0;
        if (size > maxBodyBytes * DRAIN_FACTOR) {
          // Stop reading an abusive body; the error handler answers with `Connection: close`
          // because the request is not complete.
          req.pause();
          finish(tooLarge(maxBodyBytes));
        }
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => (overflow ? finish(tooLarge(maxBodyBytes)) : finish(undefined, Buffer.concat(chunks, size)));
    const onError = (e: Error) => finish(new TrustBridgeError('ERR_REQUEST_ABORTED', 'The request body could not be read.', { cause: e }));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/**
 * Reads and parses a JSON object body within limits. Throws coded errors: `ERR_HTTP_UNSUPPORTED_MEDIA_TYPE`,
 * `ERR_INPUT_TOO_LARGE`, `ERR_JSON_TOO_DEEP`, `ERR_JSON_MALFORMED`, `ERR_REQUEST_INVALID` (not an object).
 */
export async function readJsonObjectBody(req: IncomingMessage, limits: BodyLimits = {}): Promise<Record<string, unknown>> {
  const { maxBodyBytes, maxDepth } = { ...DEFAULT_BODY_LIMITS, ...limits };
  if (!isJsonMediaType(req.headers['content-type'])) {
    // Drain so the connection stays usable for the next request.
    req.resume();
    throw new TrustBridgeError('ERR_HTTP_UNSUPPORTED_MEDIA_TYPE', 'Request body must be application/json.');
  }
  const raw = await readRawBody(req, maxBodyBytes);
  const value = parseJson(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength), { maxBytes: maxBodyBytes, maxDepth });
  if (!isObject(value)) {
    throw new TrustBridgeError('ERR_REQUEST_INVALID', 'Request body must be a JSON object.', {
      details: { problems: [{ code: 'ERR_REQUEST_INVALID', message: 'Expected a JSON object.', path: '' }] },
    });
  }
  return value;
}
