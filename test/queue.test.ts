/**
 * The shared crawl on Redis + BullMQ, end to end: a real redis-server (127.0.0.1, a free port, a
 * temporary directory, append-only file), three demo portals (three hosts: one port each), three
 * worker processes. One worker is killed with kill -9 during the crawl and Redis is restarted
 * once; the reports must equal a one-process crawl's, politeness must hold per host across the
 * workers, and nothing may be fetched twice but what was in flight.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawl, DEFAULT_CRAWL_OPTIONS } from '../src/crawl/crawler.js';
import { DEMO_EXPECTED_REPORTS, startDemoPortal, type DemoPortal } from '../src/demo/portal.js';

type RequestLogEntry = DemoPortal['log'][number];
import { ROOT, runXxgk } from './helpers.js';
import { freePort, HAS_REDIS, startRedis, stopProcess } from './redis-helpers.js';

if (!HAS_REDIS) console.warn('test/queue.test.ts skipped: redis-server is not installed (Debian package redis-server; .ci/run installs it)');

const DELAY_MS = 250;
/** Jobs at once per worker: the most requests a killed worker can have had in flight. */
const WORKER_CONCURRENCY = 4;
/** Answers the fetcher retries by design (429 then 200, 503 then 200): not fetches made twice. */
const RETRIED_BY_DESIGN = ['/zwgk/zfxxgknb/202501/t20250127_100002.html', '/zwgk/zfxxgknb/202301/t20230130_90001.html'];

interface WorkerProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}

function startWorker(queue: string, outDir: string): WorkerProcess {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'xxgk.js'), 'worker', '--queue', queue, '--crawl', 'test', '--out', outDir, '--exit-when-idle',
    '--concurrency', String(WORKER_CONCURRENCY), '--lock-ms', '3000'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** The reports of a directory by the hash of their document: figures, checks, and every URL it was found at. */
function reportsBySha(outDir: string): Map<string, { agency: string; year: number; figures: string; checks: string; urls: string[] }> {
  const dir = join(outDir, 'reports');
  return new Map(readdirSync(dir).map((file) => {
    const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const urls = [report.source.url, ...(report.source.alternateUrls ?? [])].sort();
    return [report.source.sha256, { agency: report.meta.agency, year: report.meta.year, figures: JSON.stringify(report.figures), checks: JSON.stringify(report.checks), urls }];
  }));
}

describe.skipIf(!HAS_REDIS)('a shared crawl: three workers on Redis, one killed with kill -9, Redis restarted', () => {
  const portals: DemoPortal[] = [];
  let redisDir: string;
  let redisPort: number;
  let redis: ChildProcess | null = null;
  let queue: string;
  let sharedOut: string;
  let singleOut: string;
  /** The shared crawl's requests per portal (the one-process run's come after). */
  let sharedLogs: RequestLogEntry[][];
  let workers: WorkerProcess[];
  let killedAfter = 0;
  let restartedAfter = 0;

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) portals.push(await startDemoPortal());
    redisDir = mkdtempSync(join(tmpdir(), 'xxgk-redis-'));
    redisPort = await freePort();
    redis = await startRedis(redisPort, redisDir);
    queue = `redis://127.0.0.1:${redisPort}/0`;
    sharedOut = mkdtempSync(join(tmpdir(), 'xxgk-shared-'));
    singleOut = mkdtempSync(join(tmpdir(), 'xxgk-single-'));

    const seeded = await runXxgk('crawl', ...portals.map((p) => p.url), '--queue', queue, '--crawl', 'test', '--years', '2021-2025', '--delay', String(DELAY_MS), '--timeout', '10000');
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toContain('3 new URLs queued');

    workers = [0, 1, 2].map(() => startWorker(queue, sharedOut));
    const requests = () => portals.reduce((n, p) => n + p.log.length, 0);
    // kill -9 once the crawl is well under way (its workers hold jobs), then restart Redis.
    if (await until(() => requests() >= 15, 60_000)) {
      killedAfter = requests();
      workers[0]!.child.kill('SIGKILL');
    }
    if (await until(() => requests() >= 35, 60_000)) {
      restartedAfter = requests();
      await stopProcess(redis);
      redis = await startRedis(redisPort, redisDir);
    }
    const codes = await Promise.race([
      Promise.all(workers.slice(1).map((w) => w.exited)),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 120_000)),
    ]);
    expect(codes, workers.map((w) => w.output()).join('\n')).toEqual([0, 0]);
    sharedLogs = portals.map((p) => [...p.log]);

    // The same portals crawled by one process, for the reports to compare.
    (await crawl(portals.map((p) => p.url), { ...DEFAULT_CRAWL_OPTIONS, outDir: singleOut, years: [2021, 2025], delayMs: 20, fetcher: { backoffMs: 50, timeoutMs: 10_000 } })).close();
  }, 240_000);

  afterAll(async () => {
    for (const worker of workers ?? []) await stopProcess(worker.child, 'SIGKILL');
    if (redis) await stopProcess(redis);
    await Promise.all(portals.map((p) => p.close()));
  });

  it('killed a worker and restarted Redis in the middle of the crawl', () => {
    expect(killedAfter).toBeGreaterThan(0);
    expect(restartedAfter).toBeGreaterThan(0);
    expect(workers[0]!.child.signalCode).toBe('SIGKILL');
  });

  it('makes the reports a one-process crawl makes: the same documents, figures, checks and URLs', () => {
    const shared = reportsBySha(sharedOut);
    const single = reportsBySha(singleOut);
    // The three portals serve the same documents: one report each, found at three URLs.
    expect([...shared.values()].map((r) => [r.agency, r.year]).sort()).toEqual([...DEMO_EXPECTED_REPORTS].map(([a, y]) => [a, y]).sort());
    expect([...shared.keys()].sort()).toEqual([...single.keys()].sort());
    for (const [sha, report] of shared) expect(report, sha).toEqual(single.get(sha));
    const guangan = [...shared.values()].find((r) => r.agency === '广安市人民政府')!;
    expect(JSON.parse(guangan.figures).applications.newReceived.total).toBe(450);
    // index.jsonl, rebuilt from the shared state: a line per report.
    const lines = readFileSync(join(sharedOut, 'index.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(DEMO_EXPECTED_REPORTS.length);
  });

  it('keeps --delay between request starts on each host, whichever worker made them', () => {
    for (const log of sharedLogs) {
      const starts = log.map((entry) => entry.at).sort((a, b) => a - b);
      const gaps = starts.slice(1).map((at, i) => at - starts[i]!);
      // 1 ms: Redis's clock is read in whole milliseconds.
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(DELAY_MS - 1);
    }
  });

  it('fetches robots.txt once per host and no URL twice, but the few in flight when the worker was killed', () => {
    let twice = 0;
    for (const log of sharedLogs) {
      const counts = new Map<string, number>();
      for (const entry of log) counts.set(entry.path, (counts.get(entry.path) ?? 0) + 1);
      for (const [path, n] of counts) twice += n - 1 - (RETRIED_BY_DESIGN.includes(path) ? 1 : 0);
      for (const path of RETRIED_BY_DESIGN) expect(counts.get(path)).toBeGreaterThanOrEqual(2);
    }
    expect(twice).toBeLessThanOrEqual(WORKER_CONCURRENCY);
  });

  it('shows the shared progress with the same summary as a one-process crawl (xxgk status --queue)', async () => {
    const status = await runXxgk('status', '--queue', queue, '--crawl', 'test');
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^URLs: \d+ found, \d+ fetched, \d+ failed, \d+ skipped, 0 pending/);
    expect(status.stdout).toContain(`reports: ${DEMO_EXPECTED_REPORTS.length} (ok ${DEMO_EXPECTED_REPORTS.length})`);
    expect(status.stdout).toContain('jobs: 0 waiting, 0 running, 0 delayed');
    const single = await runXxgk('status', singleOut);
    // The same counts by kind and failures: only the first line's order of kinds may differ.
    const lines = (text: string) => text.split('\n').filter((line) => !line.startsWith('jobs:') && !line.startsWith('by kind:')).join('\n');
    expect(lines(status.stdout)).toBe(lines(single.stdout));
  });

  it('writes sites.csv and answers status --by-site as a one-process crawl does, each seed counted with the reports found from it', async () => {
    const sites = readFileSync(join(sharedOut, 'sites.csv'), 'utf8');
    expect(sites).toBe(readFileSync(join(singleOut, 'sites.csv'), 'utf8'));
    const rows = parse(sites, { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.seed)).toEqual(portals.map((p) => p.url));
    // The three portals link the same documents: every seed has them all, whichever was fetched first.
    for (const row of rows) expect(Number(row.reports)).toBe(DEMO_EXPECTED_REPORTS.length);
    const shared = await runXxgk('status', '--by-site', '--queue', queue, '--crawl', 'test');
    expect(shared.code, shared.stderr).toBe(0);
    expect(shared.stdout).toBe((await runXxgk('status', singleOut, '--by-site')).stdout);
    expect(shared.stdout).toContain(`  reports:   ${DEMO_EXPECTED_REPORTS.length} (`);
  });
});
