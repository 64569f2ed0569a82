/**
 * A crawler that cannot be turned against its host or its disk: a hostile server on 127.0.0.1
 * (bombs, endless and trickling bodies, huge headers, traps, path-traversal names, redirects
 * into private ranges), the output lock and a damaged crawl state.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawl, DEFAULT_CRAWL_OPTIONS, type CrawlOptions } from '../src/crawl/crawler.js';
import { DEFAULT_FETCHER_OPTIONS, Fetcher } from '../src/crawl/fetcher.js';
import { isPrivateAddress, policyFor, refusalOf, type LookupFunction } from '../src/crawl/guard.js';
import { lockDirectory, DirectoryLockedError } from '../src/store/lock.js';
import { CorruptStateError } from '../src/store/integrity.js';
import { startDemoPortal } from '../src/demo/portal.js';
import { runXxgk } from './helpers.js';

/** Names under .example resolve to 127.0.0.1: "public" hosts the tests can serve. */
const fakeLookup = ((hostname: string, options: unknown, callback: unknown) => {
  const cb = (typeof options === 'function' ? options : callback) as (e: Error | null, a: { address: string; family: number }[]) => void;
  if (hostname.endsWith('.example')) return cb(null, [{ address: '127.0.0.1', family: 4 }]);
  return cb(Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
}) as unknown as LookupFunction;

const BOMB_SIZE = 256 * 1024 * 1024;
const gzipBomb = gzipSync(Buffer.alloc(BOMB_SIZE, 0x20), { level: 9 });
const deflateBomb = deflateSync(Buffer.alloc(BOMB_SIZE, 0x20), { level: 9 });

interface Hostile {
  server: Server;
  port: number;
  log: string[];
}

function page(body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>政务公开</title></head><body>${body}</body></html>`;
}

function hostileHandler(port: () => number, log: string[]) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    log.push(`${req.headers.host}${url.pathname}${url.search}`);
    const html = (body: string, headers: Record<string, string> = {}) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers });
      res.end(page(body));
    };
    switch (url.pathname) {
      case '/robots.txt':
        res.writeHead(404).end();
        return;
      case '/':
        return html(`<a href="/zfxxgknb/">政府信息公开年报</a><a href="/calendar?d=1">日历</a>`);
      case '/zfxxgknb/': {
        const links = [
          '<a href="/report/..%2f..%2f..%2fevil.html">某县2024年政府信息公开工作年度报告</a>',
          '<a href="/report/disposition">某县教育局2024年政府信息公开工作年度报告</a>',
          '<a href="/report/gzip-bomb">某县水利局2024年政府信息公开工作年度报告</a>',
          '<a href="/report/deflate-bomb">某县林业局2024年政府信息公开工作年度报告</a>',
          '<a href="/report/endless">某县交通局2024年政府信息公开工作年度报告</a>',
          '<a href="/report/trickle">某县民政局2024年政府信息公开工作年度报告</a>',
          '<a href="/report/huge-header">某县财政局2024年政府信息公开工作年度报告</a>',
          `<a href="/report/to-loopback">某县审计局2024年政府信息公开工作年度报告</a>`,
          `<a href="/report/to-metadata">某县商务局2024年政府信息公开工作年度报告</a>`,
          `<a href="http://intranet.county.example:${port()}/report/internal">某县公安局2024年政府信息公开工作年度报告</a>`,
          '<a href="/list/1">下一页</a>',
        ];
        return html(links.join('\n'));
      }
      case '/calendar':
        // A calendar trap: every day links to the next one, forever.
        return html(`<a href="/calendar?d=${Number(url.searchParams.get('d')) + 1}">政府信息公开年报 下一天</a>`);
      case '/report/disposition':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-disposition': 'attachment; filename="../../../../tmp/xxgk-owned.html"' });
        res.end(page('<h1>某县教育局2024年政府信息公开工作年度报告</h1>'));
        return;
      case '/report/gzip-bomb':
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        res.end(gzipBomb);
        return;
      case '/report/deflate-bomb':
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'deflate' });
        res.end(deflateBomb);
        return;
      case '/report/endless': {
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        pump();
        return;
      }
      case '/report/trickle': {
        res.writeHead(200, { 'content-type': 'text/html' });
        const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write('<')), 100);
        res.on('close', () => clearInterval(timer));
        return;
      }
      case '/report/huge-header':
        res.writeHead(200, { 'content-type': 'text/html', 'x-filler': 'a'.repeat(200_000) });
        res.end(page('x'));
        return;
      case '/report/to-loopback':
        res.writeHead(302, { location: `http://127.0.0.1:${port()}/secret` }).end();
        return;
      case '/report/to-metadata':
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
        return;
      case '/secret':
      case '/report/internal':
        return html('<h1>某县2024年政府信息公开工作年度报告</h1> secret');
      default: {
        const list = /^\/list\/(\d+)$/.exec(url.pathname);
        // An endless listing: every page has a 下一页.
        if (list) return html(`<a href="/list/${Number(list[1]) + 1}">下一页</a>`);
        res.writeHead(404).end();
      }
    }
  };
}

async function startHostile(): Promise<Hostile> {
  const log: string[] = [];
  let port = 0;
  const server = createServer({ maxHeaderSize: 1 << 20 }, hostileHandler(() => port, log));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return { server, port, log };
}

const fetcher = (extra: Partial<typeof DEFAULT_FETCHER_OPTIONS> = {}) =>
  new Fetcher({ ...DEFAULT_FETCHER_OPTIONS, retries: 0, backoffMs: 10, timeoutMs: 5_000, maxBytes: 8 * 1024 * 1024, ...extra });

describe('address guard', () => {
  it('tells private, loopback, link-local, metadata and reserved addresses from public ones', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.100.100.200', '0.0.0.0', '::1', 'fe80::1', 'fd00:ec2::254', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe', '224.0.0.1']) {
      expect([address, isPrivateAddress(address)]).toEqual([address, true]);
    }
    for (const address of ['61.139.2.69', '114.114.114.114', '8.8.8.8', '2400:3200::1', '::ffff:8.8.8.8', '172.32.0.1', '100.128.0.1']) {
      expect([address, isPrivateAddress(address)]).toEqual([address, false]);
    }
  });

  it('refuses IP literals in private ranges unless they are a given host or private addresses are allowed', () => {
    const policy = policyFor(['http://127.0.0.1:8080/'], false);
    expect(refusalOf('http://127.0.0.1:9999/x', policy)).toBeNull(); // the seed's host, any port
    expect(refusalOf('http://169.254.169.254/latest/meta-data/', policy)).toMatch(/^refused: 169\.254\.169\.254/);
    expect(refusalOf('http://[::1]/', policy)).toMatch(/^refused: ::1/);
    expect(refusalOf('http://2130706433/', policy)).toBeNull(); // = 127.0.0.1, the given host
    expect(refusalOf('http://0xa9.254.169.254/', policy)).toMatch(/^refused: 169\.254\.169\.254/);
    expect(refusalOf('file:///etc/passwd', policy)).toMatch(/^refused: file:/);
    expect(refusalOf('http://169.254.169.254/', policyFor([], true))).toBeNull();
  });
});

describe('fetching from a hostile server', () => {
  let hostile: Hostile;
  let base: string;
  const guarded = (allowPrivate = false) => fetcher({ guard: policyFor([`http://www.county.example/`], allowPrivate, fakeLookup) });

  beforeAll(async () => {
    hostile = await startHostile();
    base = `http://www.county.example:${hostile.port}`;
  });
  afterAll(() => hostile.server.close());

  it('fetches from the given host even though it resolves to 127.0.0.1', async () => {
    const outcome = await guarded().fetch(`${base}/report/disposition`);
    expect(outcome.ok).toBe(true);
  });

  it('refuses a redirect from that host into loopback or the metadata address, and a linked host resolving to 127.0.0.1', async () => {
    const before = hostile.log.length;
    const loopback = await guarded().fetch(`${base}/report/to-loopback`);
    expect(loopback).toMatchObject({ ok: false, reason: expect.stringMatching(/^refused: 127\.0\.0\.1 is a private/) });
    const metadata = await guarded().fetch(`${base}/report/to-metadata`);
    expect(metadata).toMatchObject({ ok: false, reason: expect.stringMatching(/^refused: 169\.254\.169\.254/) });
    const internal = await guarded().fetch(`http://intranet.county.example:${hostile.port}/report/internal`);
    expect(internal).toMatchObject({ ok: false, reason: expect.stringMatching(/^refused: intranet\.county\.example resolves to 127\.0\.0\.1/) });
    // The private targets were never asked.
    expect(hostile.log.slice(before).filter((line) => /secret|internal/.test(line))).toEqual([]);
    // --allow-private lets both through.
    expect((await guarded(true).fetch(`${base}/report/to-loopback`)).ok).toBe(true);
    expect((await guarded(true).fetch(`http://intranet.county.example:${hostile.port}/report/internal`)).ok).toBe(true);
  });

  it('stops gzip and deflate bombs at the size cap, decompressed, without holding the bomb in memory', async () => {
    const rssBefore = process.memoryUsage().rss;
    for (const path of ['/report/gzip-bomb', '/report/deflate-bomb']) {
      const outcome = await guarded().fetch(`${base}${path}`);
      expect(outcome).toMatchObject({ ok: false, reason: `too large: response over ${8 * 1024 * 1024} bytes` });
    }
    // 256 MB each when inflated; the cap keeps the growth to a few times the 8 MB cap.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(120 * 1024 * 1024);
  });

  it('stops an endless body at the size cap and a trickling one at the time limit', async () => {
    let started = Date.now();
    expect(await guarded().fetch(`${base}/report/endless`)).toMatchObject({ ok: false, reason: expect.stringMatching(/^too large/) });
    expect(Date.now() - started).toBeLessThan(5_000);
    started = Date.now();
    const trickle = await fetcher({ timeoutMs: 1_500, guard: policyFor([base], false, fakeLookup) }).fetch(`${base}/report/trickle`);
    expect(trickle).toMatchObject({ ok: false, reason: expect.stringMatching(/^ETIMEDOUT/) });
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('xxgk extract URL trusts the URL\'s host, not where it redirects', async () => {
    const { code, stderr, stdout } = await runXxgk('extract', `http://127.0.0.1:${hostile.port}/report/to-metadata`);
    expect(code).toBe(1);
    expect(stderr).toMatch(/refused: 169\.254\.169\.254 is a private/);
    expect(stdout).not.toContain('secret');
  });

  it('fails on headers larger than Node\'s 16 KB limit', async () => {
    const outcome = await guarded().fetch(`${base}/report/huge-header`);
    expect(outcome).toMatchObject({ ok: false, reason: expect.stringMatching(/HPE_HEADER_OVERFLOW/) });
  });
});

describe('crawling a hostile portal', () => {
  let hostile: Hostile;
  let root: string;
  let outDir: string;
  const options = (dir: string): CrawlOptions => ({
    ...DEFAULT_CRAWL_OPTIONS, outDir: dir, years: [2024, 2024], delayMs: 0, maxPagesPerSite: 60, lookup: fakeLookup,
    fetcher: { retries: 0, backoffMs: 10, timeoutMs: 2_000, maxBytes: 8 * 1024 * 1024 },
  });
  let seconds = 0;

  beforeAll(async () => {
    hostile = await startHostile();
    root = mkdtempSync(join(tmpdir(), 'xxgk-hostile-'));
    outDir = join(root, 'a', 'out');
    const started = Date.now();
    (await crawl([`http://www.county.example:${hostile.port}/`], options(outDir))).close();
    seconds = (Date.now() - started) / 1000;
  }, 60_000);
  afterAll(() => hostile.server.close());

  it('ends within its limits: the calendar and the endless listing stop at the page budget', () => {
    expect(seconds).toBeLessThan(30);
    const fetched = hostile.log.filter((line) => line.startsWith('www.county.example'));
    expect(fetched.length).toBeLessThanOrEqual(60 + 2); // the budget, robots.txt and the listing's attempt of a refused link
    expect(fetched.filter((line) => line.includes('/calendar') || line.includes('/list/')).length).toBeGreaterThan(10);
  });

  it('writes nothing outside its output directory, whatever the names in URLs and headers', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else files.push(relative(root, path));
      }
    };
    walk(root);
    expect(files.every((file) => file.startsWith(join('a', 'out') + '/'))).toBe(true);
    expect(files.every((file) => /^(raw\/[0-9a-f]{64}\.\w+|reports\/[\w-]+\.json|index\.jsonl|sites\.csv|state\.sqlite(-wal|-shm)?)$/.test(relative(join('a', 'out'), file)))).toBe(true);
    expect(existsSync('/tmp/xxgk-owned.html')).toBe(false);
    expect(existsSync(join(root, 'evil.html'))).toBe(false);
  });

  it('records each hostile answer as a failure with its reason', () => {
    const status = spawnSync(process.execPath, ['bin/xxgk.js', 'status', outDir], { encoding: 'utf8' }).stdout;
    expect(status).toMatch(/too large: response over 8388608 bytes/);
    expect(status).toMatch(/refused: 127\.0\.0\.1 is a private/);
    expect(status).toMatch(/refused: 169\.254\.169\.254/);
    expect(status).toMatch(/refused: intranet\.county\.example resolves to 127\.0\.0\.1/);
    expect(status).toMatch(/page budget of the site \(60\) spent/);
    expect(hostile.log.filter((line) => /secret|internal/.test(line))).toEqual([]);
  });
});

describe('one crawl per output directory', () => {
  it('refuses a second crawl into a directory another process holds, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-lock-'));
    const lock = lockDirectory(dir);
    try {
      expect(() => lockDirectory(dir)).toThrow(DirectoryLockedError);
      const portal = await startDemoPortal();
      try {
        const { code, stderr } = await runXxgk('crawl', portal.url, '--out', dir, '--delay', '0');
        // This process (the test) holds it, and is alive.
        expect(code).toBe(1);
        expect(stderr).toContain(`is being crawled by another process (pid ${process.pid}`);
        expect(portal.log).toEqual([]);
        expect(existsSync(join(dir, 'state.sqlite'))).toBe(false);
      } finally {
        portal.close();
      }
    } finally {
      lock.release();
    }
    expect(existsSync(join(dir, 'crawl.lock'))).toBe(false);
  });

  it('takes over the lock of a process that died', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-lock-'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(dir, 'crawl.lock'), JSON.stringify({ pid: Number(dead.stdout), host: hostname(), startedAt: '2026-01-01T00:00:00Z' }));
    const lock = lockDirectory(dir);
    expect(JSON.parse(readFileSync(join(dir, 'crawl.lock'), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });
});

describe('a damaged crawl state', () => {
  it('is reported with what to do, and left as it is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-corrupt-'));
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'state.sqlite');
    const junk = Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4096, 0x5a)]);
    writeFileSync(path, junk);
    await expect(crawl(['http://127.0.0.1:9/'], { ...DEFAULT_CRAWL_OPTIONS, outDir: dir })).rejects.toThrow(CorruptStateError);
    await expect(crawl(['http://127.0.0.1:9/'], { ...DEFAULT_CRAWL_OPTIONS, outDir: dir })).rejects.toThrow(/is damaged .*left as it is.*move it away/);
    expect(readFileSync(path).equals(junk)).toBe(true);
    expect(statSync(path).size).toBe(junk.length);
    // The lock was released on the way out.
    expect(existsSync(join(dir, 'crawl.lock'))).toBe(false);
  });
});
