/**
 * robots.txt (src/crawl/robots.ts) against a local server: rules and Crawl-delay for xxgk's
 * user agent, RFC 9309's missing file (allow) and unreachable file (forbid, to retry), one fetch
 * per origin.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FETCHER_OPTIONS, Fetcher } from '../src/crawl/fetcher.js';
import { RobotsCache } from '../src/crawl/robots.js';

/** robots.txt of each site, by the first path segment the test puts before it ("/a/robots.txt" is served as site a). */
const ROBOTS: Record<string, { status: number; body: string; type?: string }> = {
  rules: { status: 200, body: 'User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n\nUser-agent: xxgk\nDisallow: /xxgk-only/\nAllow: /\n' },
  missing: { status: 404, body: 'not found' },
  down: { status: 503, body: 'busy' },
  soft404: { status: 200, type: 'text/html; charset=utf-8', body: '<html><head><title>页面不存在</title></head><body>抱歉，您访问的页面不存在</body></html>' },
};

let servers: Server[] = [];
const hits = new Map<string, number>();
const origins: Record<string, string> = {};

/** One server per site, so that each is its own origin. */
beforeAll(async () => {
  for (const [site, answer] of Object.entries(ROBOTS)) {
    const server = createServer((request, response) => {
      hits.set(`${site}${request.url}`, (hits.get(`${site}${request.url}`) ?? 0) + 1);
      if (request.url === '/robots.txt') response.writeHead(answer.status, { 'content-type': answer.type ?? 'text/plain' }).end(answer.body);
      else response.writeHead(200).end('ok');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    servers.push(server);
    origins[site] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
});
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise<void>((done) => server.close(() => done()))));
  servers = [];
});

const fetcher = new Fetcher({ ...DEFAULT_FETCHER_OPTIONS, retries: 0, timeoutMs: 5_000 });

describe('robots.txt rules', () => {
  it('the group of xxgk\'s user agent applies, not the * group', async () => {
    const robots = new RobotsCache(fetcher, 'xxgk');
    expect(await robots.check(`${origins.rules}/xxgk-only/report.html`)).toEqual({ allowed: false, crawlDelayMs: null, reason: 'robots.txt disallows it', code: 'ERR_ROBOTS_DISALLOWED' });
    expect(await robots.check(`${origins.rules}/private/report.html`)).toEqual({ allowed: true, crawlDelayMs: null });
  });

  it('another agent takes the * group, with its Crawl-delay in ms', async () => {
    const robots = new RobotsCache(fetcher, 'otherbot');
    expect(await robots.check(`${origins.rules}/private/report.html`)).toMatchObject({ allowed: false, crawlDelayMs: 2000, code: 'ERR_ROBOTS_DISALLOWED' });
    expect(await robots.check(`${origins.rules}/xxgk/nb.html`)).toEqual({ allowed: true, crawlDelayMs: 2000 });
  });

  it('is fetched once per origin, however many URLs are checked at once', async () => {
    const robots = new RobotsCache(fetcher, 'xxgk');
    const before = hits.get('rules/robots.txt') ?? 0;
    await Promise.all(['/a', '/b', '/c', '/private/d'].map((path) => robots.check(`${origins.rules}${path}`)));
    expect((hits.get('rules/robots.txt') ?? 0) - before).toBe(1);
  });
});

describe('robots.txt that cannot be had', () => {
  it('missing (404): everything is allowed', async () => {
    expect(await new RobotsCache(fetcher, 'xxgk').check(`${origins.missing}/xxgk/nb.html`)).toEqual({ allowed: true, crawlDelayMs: null });
  });

  it('a page saying it does not exist (soft 404): everything is allowed', async () => {
    expect(await new RobotsCache(fetcher, 'xxgk').check(`${origins.soft404}/xxgk/nb.html`)).toEqual({ allowed: true, crawlDelayMs: null });
  });

  it('unreachable (5xx): the site is not crawled in this run, with a code to retry it by', async () => {
    const verdict = await new RobotsCache(fetcher, 'xxgk').check(`${origins.down}/xxgk/nb.html`);
    expect(verdict).toMatchObject({ allowed: false, code: 'ERR_ROBOTS_UNREACHABLE' });
    expect(verdict.reason).toBe('robots.txt unreachable (HTTP 503): the site is not crawled');
  });

  it('no server at all: unreachable too', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    const verdict = await new RobotsCache(fetcher, 'xxgk').check(`http://127.0.0.1:${port}/xxgk/nb.html`);
    expect(verdict).toMatchObject({ allowed: false, code: 'ERR_ROBOTS_UNREACHABLE' });
    expect(verdict.reason).toMatch(/^robots\.txt unreachable \(ECONNREFUSED/);
  });

  it('the request goes through the function given (the host\'s pacing)', async () => {
    let paced = 0;
    const robots = new RobotsCache(fetcher, 'xxgk');
    const request = <R>(fn: () => Promise<R>) => { paced++; return fn(); };
    await robots.check(`${origins.missing}/a`, request);
    await robots.check(`${origins.missing}/b`, request);
    expect(paced).toBe(1);
  });
});
