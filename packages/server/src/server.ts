/** Starting and stopping an app over HTTP or HTTPS. */
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { TrustBridgeError } from '@trustbridge/core';

/** PEM-encoded certificate chain and private key. */
export interface TlsOptions {
  cert: string | Buffer;
  key: string | Buffer;
}

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /** A request listener, e.g. an express app. */
  app: RequestListener;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 (the default) picks a free one. */
  port?: number;
  /** When present, serve HTTPS with this certificate and key. */
  tls?: TlsOptions;
  /** Milliseconds to wait for request headers. Default 10 s. */
  headersTimeoutMs?: number;
  /** Milliseconds to receive a whole request. Default 30 s. */
  requestTimeoutMs?: number;
}

/** A listening server and how to stop it. */
export interface RunningServer {
  /** Base URL, e.g. `https://127.0.0.1:8443`. */
  url: string;
  port: number;
  server: Server;
  /** Stops accepting connections, closes idle ones and resolves once the server is closed. */
  close(): Promise<void>;
}

/** Listens and resolves once the server accepts connections. Throws `ERR_SERVER_LISTEN` on failure. */
export function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { app, host = '127.0.0.1', port = 0, tls } = options;
  const server: Server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, app) : createHttpServer(app);
  server.headersTimeout = options.headersTimeoutMs ?? 10_000;
  server.requestTimeout = options.requestTimeoutMs ?? 30_000;
  return new Promise((resolve, reject) => {
    const onError = (cause: Error) => {
      reject(new TrustBridgeError('ERR_SERVER_LISTEN', `Could not listen on ${host}:${port}.`, { cause, details: { host, port } }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address() as AddressInfo;
      const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      const url = `${tls ? 'https' : 'http'}://${hostPart}:${address.port}`;
      let closing: Promise<void> | undefined;
      resolve({
        url,
        port: address.port,
        server,
        close() {
          closing ??= new Promise<void>((done, fail) => {
            server.close((e) => (e ? fail(e) : done()));
            server.closeIdleConnections();
          });
          return closing;
        },
      });
    });
  });
}
