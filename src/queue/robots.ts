/**
 * robots.txt for a shared crawl: fetched once per origin per crawl, by whichever worker needs it
 * first (in a slot of its host, as any request), and kept in Redis (`robots`, a hash: origin →
 * record) for every worker, with its Crawl-delay given to the per-host politeness.
 */
import type { Redis } from 'ioredis';
import type { RobotsChecker } from '../crawl/crawler.js';
import type { Fetcher } from '../crawl/fetcher.js';
import type { RequestSlot } from '../crawl/hosts.js';
import { robotsRecordOf, robotsUrlOf, rulesOf, verdictOf, type RobotsRecord, type RobotsVerdict, type Rules } from '../crawl/robots.js';
import { withLock, type CrawlKeys } from './connection.js';
import { NotYetError, type HostSlots } from './politeness.js';

/** The lock on an origin's robots.txt fetch expires this long after its worker died. */
const FETCH_LOCK_MS = 10_000;

export class SharedRobots implements RobotsChecker {
  /** Rules read or fetched by this process (robots.txt does not change within a crawl). */
  private readonly rules = new Map<string, Rules>();

  constructor(
    private readonly redis: Redis, private readonly keys: CrawlKeys, private readonly fetcher: Fetcher, private readonly userAgent: string,
    private readonly slots: HostSlots,
  ) {}

  async check(url: string, request: RequestSlot): Promise<RobotsVerdict> {
    const origin = new URL(url).origin;
    let rules = this.rules.get(origin) ?? (await this.read(origin));
    if (!rules) rules = await this.fetch(origin, request);
    this.rules.set(origin, rules);
    const verdict = verdictOf(rules, url, this.userAgent);
    if (verdict.crawlDelayMs) await this.slots.setCrawlDelay(new URL(url).host, verdict.crawlDelayMs);
    return verdict;
  }

  private async read(origin: string): Promise<Rules | null> {
    const found = await this.redis.hget(this.keys.key('robots'), origin);
    return found ? rulesOf(origin, JSON.parse(found) as RobotsRecord) : null;
  }

  /** Fetches robots.txt in a slot of the host, unless another worker is fetching it (then the job waits). */
  private async fetch(origin: string, request: RequestSlot): Promise<Rules> {
    return withLock(this.redis, this.keys.key(`robots-lock:${origin}`), FETCH_LOCK_MS, () => request(async () => {
      // Taken by another worker between the read and the slot: not fetched again.
      const known = await this.read(origin);
      if (known) return known;
      const record = robotsRecordOf(await this.fetcher.fetch(robotsUrlOf(origin)));
      await this.redis.hsetnx(this.keys.key('robots'), origin, JSON.stringify(record));
      return (await this.read(origin))!;
    }), () => {
      throw new NotYetError(500, `robots.txt of ${origin} is being fetched by another worker`);
    });
  }
}
