/** What every demo portal's pages share: the samples they serve and answers with validators (304 when unchanged). */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SAMPLES = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'samples');

export function sample(name: string): Buffer {
  return readFileSync(join(SAMPLES, name));
}

/** Last-Modified of each version of a page (by ETag): when the portal first served it. */
const firstServed = new Map<string, string>();

export function send(response: ServerResponse, status: number, body: string | Buffer, type = 'text/html; charset=utf-8', headers: Record<string, string> = {}): void {
  const request = response.req;
  if (status === 200 && request.method === 'GET') {
    // Validators as a TRS or Hanweb server (or nginx in front) sends them; 304 when unchanged.
    const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
    const lastModified = firstServed.get(etag) ?? new Date(Math.floor(Date.now() / 1000) * 1000).toUTCString();
    firstServed.set(etag, lastModified);
    const ifNoneMatch = request.headers['if-none-match'];
    const ifModifiedSince = request.headers['if-modified-since'];
    const unchanged = ifNoneMatch !== undefined
      ? ifNoneMatch.split(',').some((tag) => tag.trim() === etag)
      : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= Date.parse(lastModified);
    if (unchanged) {
      response.writeHead(304, { etag, 'last-modified': lastModified });
      response.end();
      return;
    }
    headers = { etag, 'last-modified': lastModified, ...headers };
  }
  response.writeHead(status, { 'content-type': type, ...headers });
  response.end(body);
}
