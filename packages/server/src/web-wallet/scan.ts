/**
 * "Scan" without a camera: the receive page uploads a PNG image of a QR code (`multipart/form-data`),
 * the server reads it with `busboy` (CSRF token checked BEFORE the file is read), decodes the PNG with
 * `pngjs` and the QR code with `jsqr` — pure JavaScript, no native code, no browser camera API.
 *
 * Bounds: the upload (1 MiB by default) and the image (4,000 × 4,000 pixels by default, read from
 * the PNG header before anything is decompressed).
 */
import type { Request } from 'express';
import busboy from 'busboy';
import pngjs from 'pngjs';
import jsqrModule from 'jsqr';
import { TrustBridgeError } from '@trustbridge/core';

/** 1 MiB: a screenshot of a QR code. */
export const DEFAULT_MAX_UPLOAD_BYTES = 1024 * 1024;
/** Widest and tallest image decoded, in pixels. */
export const DEFAULT_MAX_IMAGE_PIXELS = 4000;

/** An upload larger than this many times the limit is not drained: the connection is closed instead. */
const DRAIN_FACTOR = 16;
/** Room for the multipart framing and the CSRF field around the file. */
const FRAMING_BYTES = 16 * 1024;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// jsqr is a UMD bundle typed as an ES module: Node hands back `module.exports`, which is the function
// itself (and carries it as `default` too).
const jsQR = ((jsqrModule as unknown as { default?: unknown }).default ?? jsqrModule) as typeof jsqrModule.default;

const tooLarge = () => new TrustBridgeError('ERR_WEB_WALLET_IMAGE_TOO_LARGE', 'The image is too large.');
const invalid = () => new TrustBridgeError('ERR_WEB_WALLET_IMAGE_INVALID', 'The upload is not a PNG image.');
const csrfRefused = () => new TrustBridgeError('ERR_WEB_WALLET_CSRF', 'The form token is missing or wrong.');

/** Limits of {@link readImageUpload}. */
export interface UploadLimits {
  maxUploadBytes: number;
}

/**
 * Reads a `multipart/form-data` post holding a `_csrf` field then an `image` file. `checkToken` is
 * called with the token as soon as the field arrives; a file that comes before an accepted token is
 * never read. Answers the session and the file's bytes.
 *
 * Throws `ERR_WEB_WALLET_CSRF`, `ERR_WEB_WALLET_IMAGE_TOO_LARGE`, `ERR_WEB_WALLET_IMAGE_INVALID` or
 * `ERR_HTTP_UNSUPPORTED_MEDIA_TYPE`.
 */
export function readImageUpload(req: Request, limits: UploadLimits, checkToken: (token: string | undefined) => string | undefined): Promise<{ session: string; image: Buffer }> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'multipart/form-data') {
    req.resume();
    return Promise.reject(new TrustBridgeError('ERR_HTTP_UNSUPPORTED_MEDIA_TYPE', 'Image uploads must be multipart/form-data.'));
  }
  const maxRequest = limits.maxUploadBytes + FRAMING_BYTES;
  const declared = Number(req.headers['content-length']);
  return new Promise((resolve, reject) => {
    let settled = false;
    let received = 0;
    let session: string | undefined;
    let image: Buffer | undefined;

    /** Stops parsing; drains the rest of a bounded body so the client reads the answer, then rejects. */
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      parser.removeAllListeners();
      parser.on('error', () => undefined);
      if (req.complete || received > maxRequest * DRAIN_FACTOR || (Number.isFinite(declared) && declared > maxRequest * DRAIN_FACTOR)) {
        // Not drained: the error handler answers with `Connection: close` (the request is incomplete).
        req.pause();
        reject(error);
        return;
      }
      const onData = (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxRequest * DRAIN_FACTOR) {
          req.off('data', onData);
          req.pause();
          reject(error);
        }
      };
      req.on('data', onData);
      req.once('end', () => reject(error));
      req.once('error', () => reject(error));
      req.resume();
    };

    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: limits.maxUploadBytes, files: 1, fields: 4, fieldSize: 1024, parts: 6, headerPairs: 8 },
      });
    } catch {
      req.resume();
      reject(invalid());
      return;
    }
    if (Number.isFinite(declared) && declared > maxRequest) {
      fail(tooLarge());
      return;
    }
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      received += chunk.length;
      if (received > maxRequest) fail(tooLarge());
    });

    parser.on('field', (name, value) => {
      if (name === '_csrf' && session === undefined) {
        session = checkToken(value);
        if (!session) fail(csrfRefused());
      }
    });
    parser.on('file', (name, stream) => {
      // The token must come first (browsers send fields in document order): no file is read before it.
      if (!session) {
        stream.resume();
        fail(csrfRefused());
        return;
      }
      if (name !== 'image' || image !== undefined) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(tooLarge()));
      stream.on('end', () => {
        if (!settled) image = Buffer.concat(chunks);
      });
    });
    parser.on('filesLimit', () => fail(invalid()));
    parser.on('fieldsLimit', () => fail(invalid()));
    parser.on('partsLimit', () => fail(invalid()));
    parser.on('error', () => fail(invalid()));
    parser.on('close', () => {
      if (settled) return;
      if (!session) return fail(csrfRefused());
      if (!image || image.length === 0) return fail(invalid());
      settled = true;
      resolve({ session, image });
    });
    req.pipe(parser);
  });
}

/** Width and height from a PNG's IHDR chunk; throws `ERR_WEB_WALLET_IMAGE_INVALID` when it is not a PNG. */
export function pngSize(image: Uint8Array): { width: number; height: number } {
  const bytes = Buffer.from(image.buffer, image.byteOffset, image.byteLength);
  if (bytes.length < 33 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') throw invalid();
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/**
 * The text of the QR code in a PNG image. Checks the header's dimensions before decoding.
 *
 * Throws `ERR_WEB_WALLET_IMAGE_INVALID` (not a PNG, or a broken one), `ERR_WEB_WALLET_IMAGE_TOO_LARGE`
 * (wider or taller than `maxPixels`) or `ERR_WEB_WALLET_QR_NOT_FOUND`.
 */
export function decodeQrPng(image: Uint8Array, maxPixels = DEFAULT_MAX_IMAGE_PIXELS): string {
  const { width, height } = pngSize(image);
  if (width === 0 || height === 0) throw invalid();
  if (width > maxPixels || height > maxPixels) throw tooLarge();
  let decoded: { width: number; height: number; data: Buffer };
  try {
    decoded = pngjs.PNG.sync.read(Buffer.from(image.buffer, image.byteOffset, image.byteLength));
  } catch {
    throw invalid();
  }
  if (decoded.width !== width || decoded.height !== height || decoded.data.length !== width * height * 4) throw invalid();
  const data = new Uint8ClampedArray(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength);
  const found = jsQR(data, width, height, { inversionAttempts: 'attemptBoth' });
  if (!found || found.data === '') throw new TrustBridgeError('ERR_WEB_WALLET_QR_NOT_FOUND', 'No QR code was found in the image.');
  return found.data;
}
