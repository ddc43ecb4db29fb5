/** Small HTTP helpers for the server tests (real requests to 127.0.0.1). */
import { Writable } from 'node:stream';

export interface HttpAnswer {
  status: number;
  contentType: string | null;
  headers: Headers;
  body: any;
}

/** Sends a request and parses the JSON answer. `body` strings are sent as-is; other values as JSON. */
export async function request(
  url: string,
  init: { method?: string; body?: unknown; contentType?: string; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const hasBody = init.body !== undefined;
  const res = await fetch(url, {
    method: init.method ?? (hasBody ? 'POST' : 'GET'),
    headers: {
      ...(hasBody ? { 'content-type': init.contentType ?? 'application/json' } : {}),
      ...init.headers,
    },
    ...(hasBody ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: res.status, contentType: res.headers.get('content-type'), headers: res.headers, body };
}

/** Posts JSON. */
export function post(url: string, body: unknown, contentType?: string): Promise<HttpAnswer> {
  return request(url, { method: 'POST', body, ...(contentType ? { contentType } : {}) });
}

/** A writable stream collecting log lines, for asserting what the logger wrote. */
export function logCollector(): { stream: Writable; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** A deep JSON text: `{"a":{"a":...}}` nested `depth` times. */
export function deepJson(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}
