/** Bounded `application/x-www-form-urlencoded` bodies for the wallet's form posts. */
import type { Request } from 'express';
import { TrustBridgeError } from '@trustbridge/core';
import { readRawBody } from '../body.js';

/** 64 KiB: an offer or request link and a few choices. */
export const DEFAULT_MAX_FORM_BYTES = 64 * 1024;

/** Reads a form post within `maxBytes`. Throws `ERR_INPUT_TOO_LARGE` or `ERR_HTTP_UNSUPPORTED_MEDIA_TYPE`. */
export async function readForm(req: Request, maxBytes: number): Promise<URLSearchParams> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    req.resume();
    throw new TrustBridgeError('ERR_HTTP_UNSUPPORTED_MEDIA_TYPE', 'Form posts must be application/x-www-form-urlencoded.');
  }
  const raw = await readRawBody(req, maxBytes);
  return new URLSearchParams(raw.toString('utf8'));
}
