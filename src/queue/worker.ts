/**
 * The shared crawl's pieces above Redis: seeding a named crawl, its status, and a worker that
 * takes its jobs (`fetch`: one URL; `extract`: a report from its stored original).
 *
 * Every job is idempotent against the shared state: a job run again (after its worker was
 * killed, or after Redis came back and its lock had expired) looks at its URL's record first —
 * pending: visited; fetched: processed from the stored original, never fetched again; anything
 * else: nothing to do. So the only requests made twice are those that were in flight when a
 * worker died (at most its --concurrency jobs' requests, one each) or whose lock expired.
 */
import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { writeSitesCsv } from '../crawl/coverage.js';
import { Crawler, type CrawlOptions } from '../crawl/crawler.js';
import { DEFAULT_FETCHER_OPTIONS } from '../crawl/fetcher.js';
import { policyFor } from '../crawl/guard.js';
import { profileFor } from '../crawl/profiles.js';
import { isDiskFull } from '../store/integrity.js';
import type { FetchedEntry, SeedRecord, StateCounts } from '../store/state.js';
import { CrawlKeys, connectRedis, withLock } from './connection.js';
import { HostSlots, NotYetError, pacedFetcher } from './politeness.js';
import { SharedRobots } from './robots.js';
import { RedisCrawlState, type CrawlJobData } from './state.js';

/** A job's lock: renewed every half of it while the job runs; a killed worker's jobs are taken up after it. */
export const DEFAULT_LOCK_MS = 15_000;
/** How long an extraction may hold the bytes it extracts (renewed while it runs). */
const EXTRACT_LOCK_MS = 10_000;

/** The crawl's queue, with the options every job gets: removed once done, retried on an unexpected error. */
export function crawlQueue(redis: Redis, keys: CrawlKeys): Queue<CrawlJobData> {
  return new Queue<CrawlJobData>(keys.queueName, {
    connection: redis,
    defaultJobOptions: { removeOnComplete: true, removeOnFail: 10_000, attempts: 5, backoff: { type: 'exponential', delay: 5_000 } },
  });
}

/** Jobs not finished: waiting, running or delayed. */
export async function jobsLeft(queue: Queue<CrawlJobData>): Promise<Record<string, number>> {
  return queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

/** An open connection to a crawl: its state and queue. */
export interface SharedCrawl {
  redis: Redis;
  keys: CrawlKeys;
  queue: Queue<CrawlJobData>;
  state: RedisCrawlState;
  close(): Promise<void>;
}

export function openSharedCrawl(redisUrl: string, crawl: string, log: (message: string) => void = () => {}): SharedCrawl {
  const redis = connectRedis(redisUrl, log);
  const keys = new CrawlKeys(crawl);
  const queue = crawlQueue(redis, keys);
  const state = new RedisCrawlState(redis, crawl, queue);
  return {
    redis, keys, queue, state,
    close: async () => {
      await queue.close();
      redis.disconnect();
    },
  };
}

export interface SeedResult {
  /** Whether the crawl existed before (then a new run was prepared if it was idle). */
  existed: boolean;
  added: number;
  /** Set when a new run was prepared (the crawl had nothing left to do). */
  preparation: Awaited<ReturnType<RedisCrawlState['prepareRun']>> | null;
  jobs: Record<string, number>;
}

/**
 * Seeds a named crawl: stores its settings (which every worker reads) and seeds, and queues the
 * seeds not seen before. A crawl seeded again once it has nothing left to do starts a new run:
 * listings revisited, transient failures retried (as a rerun of `xxgk crawl` does).
 */
export async function seedSharedCrawl(shared: SharedCrawl, seeds: SeedRecord[], settings: Record<string, unknown>, options: CrawlOptions): Promise<SeedResult> {
  const existed = await shared.state.exists();
  const idle = sum(await jobsLeft(shared.queue)) === 0;
  await shared.state.saveSettings(settings);
  const crawler = new Crawler(shared.state, options);
  const added = await crawler.addSeeds(seeds);
  const preparation = existed && idle ? await shared.state.prepareRun(options.years, options.maxAttempts) : null;
  return { existed, added: added.length, preparation, jobs: await jobsLeft(shared.queue) };
}

/** The shared crawl's counts, and its jobs left. */
export async function sharedStatus(shared: SharedCrawl): Promise<{ counts: StateCounts; jobs: Record<string, number>; exists: boolean }> {
  return { exists: await shared.state.exists(), counts: await shared.state.counts(), jobs: await jobsLeft(shared.queue) };
}

export interface WorkerOptions {
  redisUrl: string;
  crawl: string;
  outDir: string;
  /** Exit once the crawl has no job left (waiting, running or delayed). */
  exitWhenIdle: boolean;
  /** Jobs at once in this process (default: the crawl's --concurrency). */
  concurrency?: number;
  /** A job's lock, and so how soon a killed worker's jobs are taken up (stall check every half of it). */
  lockMs?: number;
  /** The crawl's options from its stored settings (the CLI's flags → options), with the output directory. */
  crawlOptions(settings: Record<string, unknown>, outDir: string): Promise<CrawlOptions>;
  log(message: string): void;
  signal?: AbortSignal;
}

export interface WorkerSummary {
  jobs: number;
  fetches: number;
  extractions: number;
  delayed: number;
}

/** Runs a worker until the crawl is idle (with `exitWhenIdle`) or the signal aborts; then writes index.jsonl and sites.csv. */
export async function runWorker(options: WorkerOptions): Promise<WorkerSummary> {
  const shared = openSharedCrawl(options.redisUrl, options.crawl, options.log);
  const { redis, keys, state } = shared;
  const summary: WorkerSummary = { jobs: 0, fetches: 0, extractions: 0, delayed: 0 };
  try {
    // A worker may start before its crawl is seeded: it waits for the settings.
    let settings = await state.settings();
    while (!settings) {
      if (options.signal?.aborted) return summary;
      await sleep(1000);
      settings = await state.settings();
    }
    const crawlOptions = await options.crawlOptions(settings, options.outDir);
    const seeds = await state.seeds();
    // The seeds' hosts may be private (a portal on an intranet), as in a one-process crawl.
    const given = [...seeds.map((s) => s.url), ...seeds.flatMap((s) => (profileFor(crawlOptions.profiles ?? [], s.url)?.columns ?? []).map((c) => new URL(c, s.url).href))];
    const fetcher = { guard: policyFor(given, crawlOptions.allowPrivate ?? false, crawlOptions.lookup), ...crawlOptions.fetcher };
    const slots = new HostSlots(redis, keys, { perHost: crawlOptions.perHost, delayMs: crawlOptions.delayMs });
    state.startTimeOf = (url, jobId) => slots.schedule(new URL(url).host, jobId);
    let robots: SharedRobots | null = null;
    const crawler = new Crawler(state, { ...crawlOptions, fetcher }, {
      fetcher: pacedFetcher({ ...DEFAULT_FETCHER_OPTIONS, ...fetcher }, slots, options.log),
      robots: { check: (url, request) => robots!.check(url, request) },
      deferExtraction: (entry) => state.enqueueExtract(entry.url),
      pictureSlot: (host) => slots.slot(host),
    });
    robots = new SharedRobots(redis, keys, crawler.requests, fetcher.userAgent ?? DEFAULT_FETCHER_OPTIONS.userAgent, slots);
    await crawler.loadSeedColumns();

    const processJob = async (job: Job<CrawlJobData>, token?: string): Promise<void> => {
      summary.jobs++;
      const url = job.data.url;
      try {
        const record = await state.record(url);
        if (!record) return;
        if (job.name === 'fetch') {
          if (record.status === 'pending') {
            summary.fetches++;
            const host = new URL(url).host;
            await crawler.visit({ ...record, status: 'pending' }, (fn) => slots.run(host, fn, job.id ?? url));
          } else if (record.status === 'fetched') {
            // Its worker stopped after storing the original: processed from it, not fetched again.
            if (record.kind === 'report' || record.kind === 'attachment') await state.enqueueExtract(url);
            else await crawler.processStored(record as FetchedEntry);
          }
        } else if (job.name === 'extract' && record.status === 'fetched') {
          await extractOnce(redis, keys, record as FetchedEntry, () => crawler.processStored(record as FetchedEntry));
          summary.extractions++;
        }
      } catch (error) {
        if (error instanceof NotYetError) {
          summary.delayed++;
          // Back to the delayed set, holding no slot and no worker; a little jitter spreads the waiting jobs.
          await job.moveToDelayed(Date.now() + error.waitMs + Math.floor(Math.random() * 20), token);
          throw new DelayedError();
        }
        // A full disk fails the job, retried later (with backoff); the URL stays as it was.
        if (isDiskFull(error)) throw error;
        await state.finish(url, { status: 'failed', reason: `internal error: ${(error as Error).message}`, code: 'ERR_INTERNAL' });
      }
    };

    const lockMs = options.lockMs ?? DEFAULT_LOCK_MS;
    const worker = new Worker<CrawlJobData>(keys.queueName, processJob, {
      connection: redis,
      concurrency: options.concurrency ?? crawlOptions.concurrency,
      lockDuration: lockMs,
      stalledInterval: Math.max(1000, Math.floor(lockMs / 2)),
      // A job is never given up for stalling: each time it is run again from its URL's record.
      maxStalledCount: 1000,
    });
    worker.on('error', (error) => options.log(`worker: ${error.message}`));
    worker.on('failed', (job, error) => {
      if (job && !(error instanceof DelayedError)) options.log(`job ${job.name} ${job.data.url}: ${error.message}`);
    });

    // Idle: no job left twice in a row, a second apart (a job running elsewhere may still add some).
    let idleSeen = 0;
    let stopping = false;
    await new Promise<void>((resolve) => {
      const stop = () => {
        if (stopping) return;
        stopping = true;
        clearInterval(timer);
        resolve();
      };
      options.signal?.addEventListener('abort', stop, { once: true });
      const timer = setInterval(() => {
        if (!options.exitWhenIdle) return;
        void jobsLeft(shared.queue).then((left) => {
          idleSeen = sum(left) === 0 ? idleSeen + 1 : 0;
          if (idleSeen >= 2) stop();
        }, () => {});
      }, 1000);
    });
    // Jobs under way end and are recorded; nothing new is taken.
    await worker.close();
    slots.close();
    await crawler.writeIndex();
    await writeSitesCsv(options.outDir, state, crawlOptions.years, crawlOptions.maxAttempts);
    return summary;
  } finally {
    await shared.close();
  }
}

/**
 * Extracts a stored original unless another worker is extracting the same bytes (then the job
 * waits): the same document at two URLs makes one report, with the other URL as an alternate,
 * as in a one-process crawl.
 */
async function extractOnce(redis: Redis, keys: CrawlKeys, entry: FetchedEntry, extract: () => Promise<void>): Promise<void> {
  await withLock(redis, keys.key(`extracting:${entry.sha256}`), EXTRACT_LOCK_MS, extract, () => {
    throw new NotYetError(1000, 'the same bytes are being extracted by another job');
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
