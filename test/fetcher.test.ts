import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FETCHER_OPTIONS, Fetcher } from '../src/crawl/fetcher.js';

let server: Server;
let base: string;
const hits = new Map<string, number>();

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = request.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const n = hits.get(path)!;
    if (path === '/loop') return response.writeHead(302, { location: '/loop2' }).end();
    if (path === '/loop2') return response.writeHead(302, { location: '/loop' }).end();
    if (path === '/big') return response.writeHead(200, { 'content-type': 'application/pdf' }).end(Buffer.alloc(300_000, 1));
    if (path === '/busy') return n < 3 ? response.writeHead(503, { 'retry-after': '0' }).end('busy') : response.writeHead(200, { 'content-type': 'text/html; charset=GBK' }).end(Buffer.from([0xc4, 0xea, 0xb1, 0xa8]));
    if (path === '/ua') return response.writeHead(200, { 'content-type': 'text/plain' }).end(request.headers['user-agent']);
    response.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

const fetcher = new Fetcher({ ...DEFAULT_FETCHER_OPTIONS, backoffMs: 10, timeoutMs: 5_000, maxBytes: 100_000, userAgent: 'xxgk-test/1 (research)' });

describe('fetching', () => {
  it('detects a redirect loop', async () => {
    expect(await fetcher.fetch(`${base}/loop`)).toEqual({ ok: false, code: 'ERR_REDIRECT_LOOP', reason: 'redirect loop (more than 10 redirects)' });
  });

  it('stops a response past the size cap', async () => {
    expect(await fetcher.fetch(`${base}/big`)).toMatchObject({ ok: false, reason: expect.stringMatching(/^too large/) });
  });

  it('retries a 503 and hands back the charset of the header', async () => {
    const outcome = await fetcher.fetch(`${base}/busy`);
    expect(outcome).toMatchObject({ ok: true, resource: { status: 200, charset: 'gbk' } });
    expect(hits.get('/busy')).toBe(3);
  });

  it('sends the User-Agent it is given', async () => {
    const outcome = await fetcher.fetch(`${base}/ua`);
    expect(outcome.ok && outcome.resource.bytes.toString()).toBe('xxgk-test/1 (research)');
  });

  it('falls back from https to http on a host that speaks only http', async () => {
    const outcome = await fetcher.fetch(`${base.replace('http:', 'https:')}/ua`);
    expect(outcome).toMatchObject({ ok: true, resource: { finalUrl: `${base}/ua` } });
  });

  it('records a refused connection with its reason', async () => {
    const outcome = await new Fetcher({ ...DEFAULT_FETCHER_OPTIONS, retries: 0, timeoutMs: 2_000 }).fetch('http://127.0.0.1:9/x');
    expect(outcome).toMatchObject({ ok: false, reason: expect.stringMatching(/^ECONNREFUSED/) });
  });
});
