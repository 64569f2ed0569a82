/**
 * robots.txt, fetched once per origin and kept. Per RFC 9309: a missing file (4xx) allows
 * everything; an unreachable one (5xx, network) forbids everything on that origin for this run.
 */
import robotsParserModule from 'robots-parser';
import type { FetchOutcome, Fetcher } from './fetcher.js';

/** The parsed rules of one robots.txt (robots-parser's Robot). */
interface Robot {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
}
// robots-parser is CommonJS whose typings declare an ES default export.
const robotsParser = robotsParserModule as unknown as (url: string, content: string) => Robot;

export interface RobotsVerdict {
  allowed: boolean;
  /** Crawl-delay asked for, in ms. */
  crawlDelayMs: number | null;
  reason?: string;
  /** Why not allowed: a rule forbids it (final), or robots.txt could not be had (the site is retried on a later run). */
  code?: 'ERR_ROBOTS_DISALLOWED' | 'ERR_ROBOTS_UNREACHABLE';
}

export type Rules = { kind: 'parsed'; robots: Robot } | { kind: 'allow-all' } | { kind: 'forbid-all'; reason: string };

export class RobotsCache {
  private readonly rules = new Map<string, Promise<Rules>>();

  constructor(private readonly fetcher: Fetcher, private readonly userAgent: string) {}

  /** `request` runs the robots.txt fetch as a request of the host (paced), when it is not known yet. */
  async check(url: string, request: <R>(fn: () => Promise<R>) => Promise<R> = (fn) => fn()): Promise<RobotsVerdict> {
    const origin = new URL(url).origin;
    let rules = this.rules.get(origin);
    if (!rules) {
      rules = request(async () => rulesOf(origin, await this.fetcher.fetch(robotsUrlOf(origin))));
      this.rules.set(origin, rules);
    }
    return verdictOf(await rules, url, this.userAgent);
  }
}

/** What a robots.txt fetch says: its text (parsed rules), allow-all (a 4xx) or forbid-all (unreachable). */
export type RobotsRecord = { kind: 'parsed'; text: string } | { kind: 'allow-all' } | { kind: 'forbid-all'; reason: string };

export function robotsUrlOf(origin: string): string {
  return `${origin}/robots.txt`;
}

/** The record of a robots.txt fetch, kept as is by a shared crawl (in Redis) for every worker. */
export function robotsRecordOf(outcome: FetchOutcome): RobotsRecord {
  if (outcome.ok) return { kind: 'parsed', text: outcome.resource.bytes.toString('utf8') };
  if (outcome.status !== undefined && outcome.status >= 400 && outcome.status < 500) return { kind: 'allow-all' };
  if (outcome.code === 'ERR_SOFT_404') return { kind: 'allow-all' };
  return { kind: 'forbid-all', reason: `robots.txt unreachable (${outcome.reason}): the site is not crawled` };
}

/** Rules of an origin from its robots.txt record. */
export function rulesOf(origin: string, outcome: FetchOutcome | RobotsRecord): Rules {
  const record = 'ok' in outcome ? robotsRecordOf(outcome) : outcome;
  return record.kind === 'parsed' ? { kind: 'parsed', robots: robotsParser(robotsUrlOf(origin), record.text) } : record;
}

/** Whether `url` may be fetched under its origin's rules, and the Crawl-delay they ask for. */
export function verdictOf(rules: Rules, url: string, userAgent: string): RobotsVerdict {
  if (rules.kind === 'allow-all') return { allowed: true, crawlDelayMs: null };
  if (rules.kind === 'forbid-all') return { allowed: false, crawlDelayMs: null, reason: rules.reason, code: 'ERR_ROBOTS_UNREACHABLE' };
  // robots-parser answers undefined for a URL of another origin: never the case here.
  const allowed = rules.robots.isAllowed(url, userAgent) !== false;
  const delay = rules.robots.getCrawlDelay(userAgent);
  return { allowed, crawlDelayMs: delay ? delay * 1000 : null, ...(allowed ? {} : { reason: 'robots.txt disallows it', code: 'ERR_ROBOTS_DISALLOWED' as const }) };
}
