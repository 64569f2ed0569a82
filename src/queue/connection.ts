/**
 * The Redis behind a shared crawl: one connection per process, which never gives up (a worker
 * waits through a Redis restart or an outage, with backoff, and goes on where it was), and the
 * names of a crawl's keys and queue.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/** Longest wait between two attempts to reach Redis. */
const MAX_BACKOFF_MS = 5_000;

/** A crawl's name: letters, digits, `.`, `_` and `-` (it names Redis keys and a BullMQ queue). */
export function checkCrawlName(name: string | undefined): string {
  if (!name) throw new Error('--queue needs --crawl NAME (the shared crawl to seed or work on)');
  if (!/^[\w.-]{1,100}$/.test(name)) throw new Error(`--crawl takes letters, digits, ".", "_" and "-", not "${name}"`);
  return name;
}

/**
 * Connects to `redis://[user:password@]host:port[/db]`. Commands wait while Redis is away
 * (no per-request retry limit, the offline queue kept), which BullMQ's workers require too.
 */
export function connectRedis(url: string, log: (message: string) => void = () => {}): Redis {
  if (!/^rediss?:\/\//.test(url)) throw new Error(`--queue takes a redis:// URL, not "${url}"`);
  let lastLogged = 0;
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 10), MAX_BACKOFF_MS),
    // A restarted Redis loading its append-only file answers LOADING for a while: wait, as for a reconnect.
    reconnectOnError: (error) => /LOADING|READONLY/.test(error.message),
  });
  redis.on('error', (error: Error) => {
    // Once every 10 s at most: a long outage must not flood the log.
    if (Date.now() - lastLogged > 10_000) {
      lastLogged = Date.now();
      log(`redis ${url}: ${error.message} (retrying)`);
    }
  });
  return redis;
}

/** Key names of one crawl. */
export class CrawlKeys {
  readonly prefix: string;
  constructor(readonly crawl: string) {
    this.prefix = `xxgk:${crawl}:`;
  }
  key(name: string): string {
    return this.prefix + name;
  }
  /** The BullMQ queue of the crawl (its keys live under BullMQ's own `bull:` prefix). */
  get queueName(): string {
    return `xxgk-${this.crawl}`;
  }
}

/** A job id for a URL: BullMQ ids cannot contain `:`, so URLs are hashed. */
export function jobIdOf(kind: 'fetch' | 'extract', url: string): string {
  return `${kind === 'fetch' ? 'f' : 'x'}-${createHash('sha1').update(url).digest('hex')}`;
}

/**
 * Runs `fn` holding a lock in Redis, or returns `busy` at once when another process holds it.
 * The lock expires after `ttlMs` unless renewed (every third of it while `fn` runs): a process
 * killed while holding it frees it within `ttlMs`.
 */
export async function withLock<T>(redis: Redis, key: string, ttlMs: number, fn: () => Promise<T>, busy: () => never): Promise<T> {
  const token = randomUUID();
  if ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') busy();
  const renew = setInterval(() => void redis.pexpire(key, ttlMs).catch(() => {}), ttlMs / 3);
  try {
    return await fn();
  } finally {
    clearInterval(renew);
    // Only our own lock: after a long outage it may have expired and been taken by another.
    if ((await redis.get(key)) === token) await redis.del(key);
  }
}
