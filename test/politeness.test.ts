/**
 * Politeness of the shared crawl for requests made inside a job (src/queue/politeness.ts): a
 * redirect to another host takes that host's slot, and a report page's pictures wait for theirs.
 * Host B gets requests three ways at once (its own jobs, redirects from host A, pictures); the
 * starts it sees must be --delay apart. Without the redirect's slot, B saw two starts 12 ms apart.
 */
import { type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FETCHER_OPTIONS } from '../src/crawl/fetcher.js';
import { policyFor } from '../src/crawl/guard.js';
import { connectRedis, CrawlKeys } from '../src/queue/connection.js';
import { HostSlots, NotYetError, pacedFetcher } from '../src/queue/politeness.js';
import { freePort, HAS_REDIS, startRedis, stopProcess } from './redis-helpers.js';

const DELAY_MS = 200;

/** A host that logs when each request starts; /go/N redirects to `redirectTo`/pN. */
function host(log: { path: string; at: number }[], redirectTo = () => ''): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    log.push({ path: request.url!, at: Date.now() });
    const go = /^\/go\/(\d+)$/.exec(request.url!);
    if (go) {
      response.writeHead(302, { location: `${redirectTo()}/p${go[1]}` });
      return response.end();
    }
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(`<html><body>${request.url}</body></html>`);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

describe.skipIf(!HAS_REDIS)('politeness of requests made inside a job of the shared crawl', () => {
  let redisProcess: ChildProcess;
  let redis: ReturnType<typeof connectRedis>;
  const logA: { path: string; at: number }[] = [];
  const logB: { path: string; at: number }[] = [];
  let a: { server: Server; url: string };
  let b: { server: Server; url: string };

  beforeAll(async () => {
    const port = await freePort();
    redisProcess = await startRedis(port, mkdtempSync(join(tmpdir(), 'xxgk-redis-')));
    redis = connectRedis(`redis://127.0.0.1:${port}/0`);
    b = await host(logB);
    a = await host(logA, () => b.url);
  });

  afterAll(async () => {
    redis?.disconnect();
    if (redisProcess) await stopProcess(redisProcess);
    a?.server.close();
    b?.server.close();
  });

  it('keeps --delay between the starts on a host that its own jobs, redirects from another host and pictures reach at once', async () => {
    const slots = new HostSlots(redis, new CrawlKeys('politeness'), { perHost: 1, delayMs: DELAY_MS });
    const fetcher = pacedFetcher({ ...DEFAULT_FETCHER_OPTIONS, retries: 0, guard: policyFor([a.url, b.url], true) }, slots);
    const hostOf = (url: string) => new URL(url).host;
    /** A fetch job: back to "delayed" (here: a wait) while its host is busy, as a worker does. */
    const job = async (url: string) => {
      for (;;) {
        try {
          return await slots.run(hostOf(url), () => fetcher.fetch(url), url);
        } catch (error) {
          if (!(error instanceof NotYetError)) throw error;
          await new Promise((resolve) => setTimeout(resolve, error.waitMs));
        }
      }
    };
    const picture = (url: string) => slots.slot(hostOf(url))(() => fetcher.fetch(url));
    const outcomes = await Promise.all([
      ...[0, 1, 2, 3].map((i) => job(`${a.url}/go/${i}`)),
      ...[0, 1, 2, 3].map((i) => job(`${b.url}/own${i}`)),
      ...[0, 1].map((i) => picture(`${b.url}/picture${i}.png`)),
    ]);
    slots.close();
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    // Every redirect was followed to B: 4 redirected, 4 own, 2 pictures.
    expect(logB.map((entry) => entry.path).sort()).toEqual(['/own0', '/own1', '/own2', '/own3', '/p0', '/p1', '/p2', '/p3', '/picture0.png', '/picture1.png']);
    for (const log of [logA, logB]) {
      const gaps = log.slice(1).map((entry, i) => entry.at - log[i]!.at);
      // 1 ms: Redis's clock is read in whole milliseconds.
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(DELAY_MS - 1);
    }
  }, 60_000);
});
