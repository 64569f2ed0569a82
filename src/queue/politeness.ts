/**
 * Politeness per host across all workers of a shared crawl, kept in Redis (BullMQ's own rate
 * limiter is per queue, not per host).
 *
 * Per host: `slots` (a sorted set of the requests under way, each scored by its expiry) and
 * `last` (when the last request started, by Redis's clock) and `reserved` (the next start time
 * promised to a waiting job). A request may start when fewer than --per-host requests hold a
 * slot and --delay (or the host's longer robots.txt Crawl-delay) has passed since the last
 * start; the check and the taking are one Lua script, so two workers never both take the last
 * slot. A job that may not start yet is given the next free start time (so waiting jobs of a
 * host spread out instead of all waking at once) and goes back to BullMQ's delayed set: it
 * holds neither a slot nor a worker while it waits. A slot's expiry is renewed while its
 * request runs, so a worker killed with `kill -9` frees its slots within {@link SLOT_TTL_MS}.
 * A URL is given its host's start time when it is queued (`schedule`), and its job is queued
 * delayed to it: run once, at its time (a job run only to be told to wait made a wave of
 * thousands of jobs after each listing page, and hosts idle meanwhile). Start times are spaced
 * by the delay plus the host's usual time in a slot (`span`), since the delay counts from the
 * end of a request.
 * When a request ends, `last` is moved to its end: the delay counts from then, so the
 * requests a fetch makes inside its slot (a redirect followed, a 503 retried) and a worker slow
 * to send its request never bring two starts on a host closer than the delay. (On a host that
 * answers in r ms, a host's pace is one request per delay + r, a little under the bound.)
 *
 * Requests made on behalf of a job that already runs wait for their host's slot in the job
 * instead of going back to the delayed set: a redirect to another host (the request to the
 * first host is done, and would be made again), and a report page's pictures (its extract job).
 * A redirect waits at most {@link REDIRECT_WAIT_MS}, holding its first host's slot meanwhile
 * (two jobs redirected towards each other's hosts would otherwise wait for ever); past that it
 * goes on, paced by the host's delay only, and says so.
 */
import type { Redis } from 'ioredis';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Fetcher, type FetcherOptions } from '../crawl/fetcher.js';
import type { CrawlKeys } from './connection.js';

/** A slot not renewed for this long is free again (its worker died). */
export const SLOT_TTL_MS = 10_000;
const RENEW_EVERY_MS = 2_000;
/** The longest a redirect waits for its target host's slot while holding its first host's. */
export const REDIRECT_WAIT_MS = 30_000;

/** Added between promised start times to what a host's slots took: a waking job's lag. */
const SCHEDULE_SLACK_MS = 25;

/**
 * Lua shared by ACQUIRE and SCHEDULE: `now` by Redis's clock; `pace` → a host's delay (--delay
 * or its longer Crawl-delay), last start or end, next start not yet promised, and how long its
 * keys are kept; `span` → its usual time in a slot with the slack; `promise` gives a job a start
 * time (and, with a reserved key, moves the host's next free start past it) → ms to wait.
 */
const PACE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function pace(last_key, reserved_key, delays_key, delay, host)
  local asked = tonumber(redis.call('HGET', delays_key, host) or '0')
  if asked > delay then delay = asked end
  return delay, tonumber(redis.call('GET', last_key) or '0'), tonumber(redis.call('GET', reserved_key) or '0'), delay + 3600000
end
local function span(span_key)
  return tonumber(redis.call('GET', span_key) or '0') + ${SCHEDULE_SLACK_MS}
end
local function promise(promised_key, job, at, keep, reserved_key, next_free)
  if reserved_key then redis.call('SET', reserved_key, next_free, 'PX', keep) end
  redis.call('HSET', promised_key, job, at)
  redis.call('PEXPIRE', promised_key, keep)
  return at - now
end`;

/** The request under way in a slot: its job and the slots it holds (its host's, and those its redirects took). */
interface SlotScope {
  job: string;
  held: Map<string, string>;
}

/**
 * KEYS: slots, last, reserved, crawl delays, promised (job → start time promised), span. ARGV:
 * token, perHost, delay, ttl, host, job. → 0 taken, or ms to wait. A job back at its promised
 * time that finds the host's last request ended later than foreseen waits only for that,
 * keeping its place. Start times are promised a delay plus the host's usual time in a slot
 * (`span`, kept by RELEASE) apart, since the delay counts from the end of the last request.
 */
const ACQUIRE = `${PACE}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local delay, last, reserved, keep = pace(KEYS[2], KEYS[3], KEYS[4], tonumber(ARGV[3]), ARGV[5])
if now >= last + delay and redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]) * 2)
  redis.call('SET', KEYS[2], now, 'PX', keep)
  redis.call('HDEL', KEYS[5], ARGV[6])
  return 0
end
local promised = tonumber(redis.call('HGET', KEYS[5], ARGV[6]) or '0')
if promised > 0 and promised <= now + 20 then
  return promise(KEYS[5], ARGV[6], math.max(last + delay, now + 20), keep)
end
local at = math.max(last + delay, reserved, now + 20)
return promise(KEYS[5], ARGV[6], at, keep, KEYS[3], at + delay + span(KEYS[6]))`;

/**
 * Gives a URL just queued its host's next start time, as ACQUIRE gives a waiting job (the job
 * is queued delayed to it, and run once, at its time). KEYS: last, reserved, crawl delays,
 * promised, span. ARGV: delay, host, job. → ms until its start (0: now).
 */
const SCHEDULE = `${PACE}
local delay, last, reserved, keep = pace(KEYS[1], KEYS[2], KEYS[3], tonumber(ARGV[1]), ARGV[2])
local at = math.max(last + delay, reserved, now)
return promise(KEYS[4], ARGV[3], at, keep, KEYS[2], at + delay + span(KEYS[5]))`;

/** KEYS: slots, last, span. ARGV: token. The slot's time (from the last start) goes into the host's span, averaged. */
const RELEASE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREM', KEYS[1], ARGV[1])
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
if now > last then
  local took = math.min(now - last, 60000)
  local span = tonumber(redis.call('GET', KEYS[3]) or '-1')
  if span < 0 then span = took else span = math.floor(0.7 * span + 0.3 * took) end
  redis.call('SET', KEYS[3], span, 'PX', 3600000)
  redis.call('SET', KEYS[2], now, 'KEEPTTL')
end
return 1`;

/** KEYS: slots. ARGV: ttl, tokens… */
const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[i]) end
return 1`;

type PoliteRedis = Redis & {
  xxgkAcquire(slots: string, last: string, reserved: string, delays: string, promised: string, span: string, token: string, perHost: number, delay: number, ttl: number, host: string, job: string): Promise<number>;
  xxgkRelease(slots: string, last: string, span: string, token: string): Promise<number>;
  xxgkSchedule(last: string, reserved: string, delays: string, promised: string, span: string, delay: number, host: string, job: string): Promise<number>;
  xxgkRenew(slots: string, ttl: number, ...tokens: string[]): Promise<number>;
};

/** Thrown by a request that may not start yet: the job waits `waitMs` in BullMQ's delayed set and is run again. */
export class NotYetError extends Error {
  override name = 'NotYetError';
  constructor(readonly waitMs: number, reason: string) {
    super(`not yet: ${reason} (${waitMs} ms)`);
  }
}

export interface HostSlotOptions {
  perHost: number;
  delayMs: number;
}

/** The per-host slots of one crawl, as one worker process takes them. */
export class HostSlots {
  private readonly redis: PoliteRedis;
  /** Slots this process holds, by host, for renewal. */
  private readonly held = new Map<string, Set<string>>();
  private readonly timer: NodeJS.Timeout;

  constructor(redis: Redis, private readonly keys: CrawlKeys, private readonly options: HostSlotOptions) {
    this.redis = redis as PoliteRedis;
    if (typeof this.redis.xxgkAcquire !== 'function') {
      redis.defineCommand('xxgkAcquire', { numberOfKeys: 6, lua: ACQUIRE });
      redis.defineCommand('xxgkRelease', { numberOfKeys: 3, lua: RELEASE });
      redis.defineCommand('xxgkSchedule', { numberOfKeys: 5, lua: SCHEDULE });
      redis.defineCommand('xxgkRenew', { numberOfKeys: 1, lua: RENEW });
    }
    this.timer = setInterval(() => void this.renew().catch(() => {}), RENEW_EVERY_MS);
    this.timer.unref();
  }

  private hostKey(host: string, name: string): string {
    return this.keys.key(`host:${host}:${name}`);
  }

  /** Crawl-delays this process has read from robots.txt, by host. */
  private readonly crawlDelays = new Map<string, number>();

  /** Records a robots.txt Crawl-delay of a host, for every worker's next start there. */
  async setCrawlDelay(host: string, delayMs: number): Promise<void> {
    if (this.crawlDelays.get(host) === delayMs) return;
    this.crawlDelays.set(host, delayMs);
    await this.redis.hset(this.keys.key('crawl-delay'), host, String(Math.round(delayMs)));
  }

  /** The time between request starts on a host: --delay, or its longer Crawl-delay. */
  delayOf(host: string): number {
    return Math.max(this.options.delayMs, this.crawlDelays.get(host) ?? 0);
  }

  /**
   * Runs `fn` (one request) in a slot of its host, or throws {@link NotYetError} without
   * starting it when the host's politeness does not allow a start now. `job`: who asks (the
   * job id), so that a job back at the time it was given keeps its place.
   */
  async run<R>(host: string, fn: () => Promise<R>, job: string = randomUUID()): Promise<R> {
    const { token, waitMs } = await this.acquire(host, job);
    if (token === null) throw new NotYetError(waitMs, `${host} is busy or was asked too recently`);
    const scope: SlotScope = { job, held: new Map([[host, token]]) };
    try {
      return await this.scope.run(scope, fn);
    } finally {
      for (const [heldHost, heldToken] of scope.held) await this.release(heldHost, heldToken);
    }
  }

  /**
   * The start time of a job about to be queued for a URL of `host` (ms from now): the host's next
   * free one, promised to the job so that it keeps its place when it comes. Without it, each job
   * of a listing page's links was run once only to be given its time (a first wave of thousands
   * of jobs: hosts idle for seconds while it went through).
   */
  async schedule(host: string, job: string): Promise<number> {
    return this.redis.xxgkSchedule(this.hostKey(host, 'last'), this.hostKey(host, 'reserved'), this.keys.key('crawl-delay'), this.hostKey(host, 'promised'), this.hostKey(host, 'span'), this.options.delayMs, host, job);
  }

  /**
   * Runs `fn` (one request) in a slot of its host, waiting in this job for it: for requests a
   * running job makes on behalf of its page (pictures), which has no slot to give back.
   */
  slot(host: string): <R>(fn: () => Promise<R>) => Promise<R> {
    return async (fn) => {
      const token = await this.acquireWaiting(host, randomUUID(), Number.POSITIVE_INFINITY);
      try {
        return await fn();
      } finally {
        if (token !== null) await this.release(host, token);
      }
    };
  }

  /**
   * Before a redirect is followed inside {@link run}: takes the target host's slot too (once),
   * waiting up to {@link REDIRECT_WAIT_MS}; released with the request's own. `taken`: a slot
   * just taken (the host's delay has passed: it may start now); `held`: its host's slot was
   * already this request's (outside a slot too); `timeout`: the wait ran out, it goes on without.
   */
  async enterRedirect(url: string): Promise<'taken' | 'held' | 'timeout'> {
    const scope = this.scope.getStore();
    const host = new URL(url).host;
    if (!scope || scope.held.has(host)) return 'held';
    const token = await this.acquireWaiting(host, scope.job, REDIRECT_WAIT_MS);
    if (token === null) return 'timeout';
    scope.held.set(host, token);
    return 'taken';
  }

  private readonly scope = new AsyncLocalStorage<SlotScope>();

  /** Takes a slot of the host now (its token), or gives the ms to wait for the start time promised. */
  private async acquire(host: string, job: string): Promise<{ token: string; waitMs: 0 } | { token: null; waitMs: number }> {
    const token = randomUUID();
    const wait = await this.redis.xxgkAcquire(
      this.hostKey(host, 'slots'), this.hostKey(host, 'last'), this.hostKey(host, 'reserved'), this.keys.key('crawl-delay'), this.hostKey(host, 'promised'), this.hostKey(host, 'span'),
      token, this.options.perHost, this.options.delayMs, SLOT_TTL_MS, host, job,
    );
    if (wait > 0) return { token: null, waitMs: wait };
    let tokens = this.held.get(host);
    if (!tokens) this.held.set(host, (tokens = new Set()));
    tokens.add(token);
    return { token, waitMs: 0 };
  }

  /** Takes a slot of the host, waiting for the start time it is given each time; null after `maxWaitMs`. */
  private async acquireWaiting(host: string, job: string, maxWaitMs: number): Promise<string | null> {
    const end = Date.now() + maxWaitMs;
    for (;;) {
      const { token, waitMs } = await this.acquire(host, job);
      if (token !== null) return token;
      if (Date.now() + waitMs > end) return null;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }

  private async release(host: string, token: string): Promise<void> {
    const tokens = this.held.get(host);
    tokens?.delete(token);
    if (tokens?.size === 0) this.held.delete(host);
    await this.redis.xxgkRelease(this.hostKey(host, 'slots'), this.hostKey(host, 'last'), this.hostKey(host, 'span'), token);
  }

  private async renew(): Promise<void> {
    for (const [host, tokens] of this.held) {
      if (tokens.size > 0) await this.redis.xxgkRenew(this.hostKey(host, 'slots'), SLOT_TTL_MS, ...tokens);
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}

/**
 * A fetcher whose requests inside one slot are spaced by the host's delay too: before following
 * a redirect, or retrying after a 429/5xx, it waits the delay after the answer it had (so the
 * next start is more than the delay after the last one, however long the connection took). A
 * redirect to another host also takes that host's slot ({@link HostSlots.enterRedirect}).
 */
export function pacedFetcher(options: FetcherOptions, slots: HostSlots, log: (message: string) => void = () => {}): Fetcher {
  const fetcher = new Fetcher(options);
  const pause = (url: URL | string | undefined) => new Promise((resolve) => setTimeout(resolve, url ? slots.delayOf(new URL(url).host) : 0));
  const client = fetcher.client.extend({
    hooks: {
      beforeRedirect: [async (request) => {
        const url = request.url as URL | string | undefined;
        const entered = url ? await slots.enterRedirect(String(url)) : 'held';
        if (entered === 'timeout') log(`redirect to ${String(url)}: its host's slot not free after ${REDIRECT_WAIT_MS / 1000} s, followed without it`);
        // A slot just taken was granted once the host's delay had passed: no second wait.
        if (entered !== 'taken') await pause(url);
      }],
      beforeRetry: [async (error) => void (await pause(error.options.url as URL | string | undefined))],
    },
  });
  // The client is made by the Fetcher's constructor; this one adds hooks to it.
  Object.defineProperty(fetcher, 'client', { value: client });
  return fetcher;
}
