/**
 * The crawl state in Redis, shared by every worker of a crawl: the same {@link CrawlState} as
 * the SQLite one, so the crawler does not know which it has.
 *
 * Keys (prefix `xxgk:NAME:`): `urls` (hash: URL → its record as JSON), `seq` (order of
 * discovery), `reports` (hash: id → record), `sha` (hash: sha256 → report id), `settings`,
 * `seeds` (hash: URL → columns), `budget:SITE` (set of the site's URLs that took a page of its
 * budget). Each change that must not interleave with another worker's is one Lua script.
 *
 * A URL is queued (a BullMQ `fetch` job, its id the hash of the URL) by the same call that
 * records it, after the record: a URL is added once, globally (HSETNX semantics in Lua), and a
 * worker killed between the two is made good when its job is run again (the discoveries of a
 * page that are still pending are queued again; BullMQ ignores a job id it holds).
 */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import {
  isRecheckedSkip, isTransientFailure, reportsAt, reportsByUrl, REVISITED_KINDS, type StoredFailure, type CrawlState, type FetchedEntry, type FinishOutcome, type FrontierEntry, type ReportRecord,
  type PictureRecord, type RunPreparation, type SeedRecord, type SeedRows, type StateCounts, type UrlStatus, type CoverageUrl,
} from '../store/state.js';
import type { XxgkErrorCode } from '../errors.js';
import { CrawlKeys, jobIdOf } from './connection.js';

/** A URL's record as stored in `urls`. */
export interface UrlRecord extends Omit<FrontierEntry, 'status'> {
  seq: number;
  status: UrlStatus;
  reason?: string | null;
  code?: XxgkErrorCode | null;
  httpStatus?: number | null;
  finalUrl?: string | null;
  contentType?: string | null;
  charset?: string | null;
  fetchedAt?: string | null;
  attempts?: number;
}

/** A URL record's failure as the decisions of a run read it (records written before codes were stored have none). */
function stored(record: UrlRecord): StoredFailure {
  return { code: record.code ?? null, reason: record.reason ?? null, httpStatus: record.httpStatus ?? null };
}

/** The data of a job: fetch a URL, or extract a report from its stored original. */
export interface CrawlJobData {
  url: string;
}

/**
 * Adds entries unless known. Returns per entry: 1 added (pending: to queue), 2 known, still
 * pending and found from this parent (queued again: a kill may have come before its job was
 * added), 0 nothing to queue. KEYS: urls, seq. ARGV: parent, entries as JSON…
 */
const DISCOVER = `
local out = {}
for i = 2, #ARGV do
  local entry = cjson.decode(ARGV[i])
  local known = redis.call('HGET', KEYS[1], entry.url)
  if known then
    local record = cjson.decode(known)
    if ARGV[1] ~= '' and record.status == 'pending' and record.parent == ARGV[1] then out[#out + 1] = 2 else out[#out + 1] = 0 end
  else
    entry.seq = redis.call('INCR', KEYS[2])
    entry.attempts = 0
    redis.call('HSET', KEYS[1], entry.url, cjson.encode(entry))
    if entry.status == 'pending' then out[#out + 1] = 1 else out[#out + 1] = 0 end
  end
end
return out`;

/** Merges fields into a URL's record; `_attempted` adds one to its attempts. KEYS: urls. ARGV: url, fields as JSON. */
const PATCH = `
local known = redis.call('HGET', KEYS[1], ARGV[1])
if not known then return 0 end
local record = cjson.decode(known)
local fields = cjson.decode(ARGV[2])
for k, v in pairs(fields) do
  if k == '_attempted' then
    if v then record.attempts = (tonumber(record.attempts) or 0) + 1 end
  else
    record[k] = v
  end
end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(record))
return 1`;

/** Takes a page of a site's budget for a URL (again for free). KEYS: budget set. ARGV: url, max. */
const TAKE_BUDGET = `
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
return 1`;

/** Adds a URL to a report's alternates. KEYS: reports. ARGV: id, url. */
const ALTERNATE = `
local known = redis.call('HGET', KEYS[1], ARGV[1])
if not known then return 0 end
local report = cjson.decode(known)
if report.url == ARGV[2] then return 0 end
local list = report.alternateUrls
if type(list) ~= 'table' then list = {} end
for _, u in ipairs(list) do if u == ARGV[2] then return 0 end end
list[#list + 1] = ARGV[2]
report.alternateUrls = list
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(report))
return 1`;

type ScriptedRedis = Redis & {
  xxgkDiscover(urls: string, seq: string, parent: string, ...entries: string[]): Promise<number[]>;
  xxgkPatch(urls: string, url: string, fields: string): Promise<number>;
  xxgkTakeBudget(budget: string, url: string, max: number): Promise<number>;
  xxgkAlternate(reports: string, id: string, url: string): Promise<number>;
};

/** Defines the scripts on a connection (ioredis sends EVALSHA, and the script itself after a Redis restart). */
export function withScripts(redis: Redis): ScriptedRedis {
  const scripted = redis as ScriptedRedis;
  if (typeof scripted.xxgkDiscover !== 'function') {
    redis.defineCommand('xxgkDiscover', { numberOfKeys: 2, lua: DISCOVER });
    redis.defineCommand('xxgkPatch', { numberOfKeys: 1, lua: PATCH });
    redis.defineCommand('xxgkTakeBudget', { numberOfKeys: 1, lua: TAKE_BUDGET });
    redis.defineCommand('xxgkAlternate', { numberOfKeys: 1, lua: ALTERNATE });
  }
  return scripted;
}

/** Reads records in chunks (HSCAN): a status of a crawl of millions of URLs never holds them all. */
async function* scanHash(redis: Redis, key: string): AsyncGenerator<[string, string]> {
  let cursor = '0';
  do {
    const [next, flat] = await redis.hscan(key, cursor, 'COUNT', 1000);
    cursor = next;
    for (let i = 0; i < flat.length; i += 2) yield [flat[i]!, flat[i + 1]!];
  } while (cursor !== '0');
}

/** Fields of a JSON record set to null where absent (Lua's cjson drops nils). */
function toJson(entry: FrontierEntry): string {
  const { url, kind, site, depth, title, year, parent } = entry;
  return JSON.stringify({
    url, kind, site, depth, title: title ?? null, year: year ?? null, parent: parent ?? null, seed: entry.seed ?? null, status: entry.status ?? 'pending',
  });
}

export class RedisCrawlState implements CrawlState {
  private readonly redis: ScriptedRedis;
  readonly keys: CrawlKeys;

  /** `queue`: the crawl's BullMQ queue, where URLs are queued as they are added. */
  constructor(redis: Redis, crawl: string, private readonly queue: Queue<CrawlJobData>) {
    this.redis = withScripts(redis);
    this.keys = new CrawlKeys(crawl);
  }

  private get urlsKey(): string {
    return this.keys.key('urls');
  }

  /** Whether anything was ever seeded under this crawl's name. */
  async exists(): Promise<boolean> {
    return (await this.redis.exists(this.keys.key('settings'))) === 1;
  }

  /** A URL's record, or null. */
  async record(url: string): Promise<UrlRecord | null> {
    const found = await this.redis.hget(this.urlsKey, url);
    return found ? (JSON.parse(found) as UrlRecord) : null;
  }

  /**
   * When set (by a worker), each fetch job is queued delayed to the start time its host gives it
   * (politeness.ts), instead of at once; seeds are queued at once.
   */
  startTimeOf: ((url: string, jobId: string) => Promise<number>) | null = null;

  /** Queues fetch jobs for URLs (a job id already held is ignored by BullMQ). */
  async enqueue(urls: string[]): Promise<void> {
    if (urls.length === 0) return;
    // The start times asked at once: ioredis pipelines them, and Redis gives them in this order.
    const jobs = await Promise.all(urls.map(async (url) => {
      const jobId = jobIdOf('fetch', url);
      const delay = this.startTimeOf ? await this.startTimeOf(url, jobId) : 0;
      return { name: 'fetch', data: { url }, opts: { jobId, ...(delay > 0 ? { delay } : {}) } };
    }));
    await this.queue.addBulk(jobs);
  }

  /** Queues the extraction of a stored report or attachment. */
  async enqueueExtract(url: string): Promise<void> {
    await this.queue.add('extract', { url }, { jobId: jobIdOf('extract', url) });
  }

  private async discover(parent: string, entries: FrontierEntry[]): Promise<number[]> {
    if (entries.length === 0) return [];
    const codes = await this.redis.xxgkDiscover(this.urlsKey, this.keys.key('seq'), parent, ...entries.map(toJson));
    await this.enqueue(entries.filter((_, i) => codes[i] !== 0).map((entry) => entry.url));
    return codes;
  }

  async add(entry: FrontierEntry): Promise<boolean> {
    return (await this.discover('', [entry]))[0] === 1;
  }

  async prepareRun(years: [number, number], maxAttempts: number): Promise<RunPreparation> {
    const reportUrls = new Set<string>();
    for await (const [, value] of scanHash(this.redis, this.keys.key('reports'))) reportUrls.add((JSON.parse(value) as ReportRecord).url);
    const preparation: RunPreparation = { revisits: 0, retries: 0, widened: 0, narrowed: 0 };
    const requeue: string[] = [];
    const changes: [UrlRecord, UrlStatus][] = [];
    for await (const [, value] of scanHash(this.redis, this.urlsKey)) {
      const record = JSON.parse(value) as UrlRecord;
      if (record.status === 'done' && REVISITED_KINDS.includes(record.kind) && !reportUrls.has(record.url)) {
        preparation.revisits++;
        changes.push([record, 'pending']);
      } else if (record.status === 'failed' && (record.attempts ?? 0) < maxAttempts && isTransientFailure(stored(record))) {
        preparation.retries++;
        changes.push([record, 'pending']);
      } else if (record.status === 'skipped' && isRecheckedSkip(stored(record))) {
        preparation.retries++;
        changes.push([record, 'pending']);
      } else if (record.status === 'deferred' && record.year !== null && record.year >= years[0] && record.year <= years[1]) {
        preparation.widened++;
        changes.push([record, 'pending']);
      } else if (record.status === 'pending' && record.kind === 'report' && record.year !== null && (record.year < years[0] || record.year > years[1])) {
        preparation.narrowed++;
        changes.push([record, 'deferred']);
      }
    }
    for (const [record, status] of changes) {
      await this.redis.xxgkPatch(this.urlsKey, record.url, JSON.stringify({ status }));
      // A URL set pending again takes a page of the budget again when it is fetched.
      if (status === 'pending') {
        await this.redis.srem(this.keys.key(`budget:${record.site}`), record.url);
        requeue.push(record.url);
      }
    }
    // A new run reads robots.txt again (its rules, or a site unreachable last time, may have changed).
    await this.redis.del(this.keys.key('robots'));
    await this.enqueue(requeue);
    return preparation;
  }

  async settings(): Promise<Record<string, unknown> | null> {
    const found = await this.redis.get(this.keys.key('settings'));
    return found ? (JSON.parse(found) as Record<string, unknown>) : null;
  }

  async saveSettings(settings: Record<string, unknown>): Promise<void> {
    await this.redis.set(this.keys.key('settings'), JSON.stringify(settings));
  }

  async addSeeds(seeds: SeedRecord[]): Promise<void> {
    if (seeds.length === 0) return;
    // Order of first seeding: a sorted set beside the columns.
    const order = this.keys.key('seed-order');
    const start = await this.redis.zcard(order);
    const multi = this.redis.multi();
    seeds.forEach((seed, i) => {
      multi.hset(this.keys.key('seeds'), seed.url, JSON.stringify(seed.columns));
      multi.zadd(order, 'NX', start + i, seed.url);
    });
    await multi.exec();
  }

  async seeds(): Promise<SeedRecord[]> {
    const urls = await this.redis.zrange(this.keys.key('seed-order'), 0, -1);
    const columns = urls.length > 0 ? await this.redis.hmget(this.keys.key('seeds'), ...urls) : [];
    return urls.map((url, i) => ({ url, columns: JSON.parse(columns[i] ?? '{}') as Record<string, string> }));
  }

  async reportBySha(sha256: string): Promise<ReportRecord | null> {
    const id = await this.redis.hget(this.keys.key('sha'), sha256);
    if (!id) return null;
    const found = await this.redis.hget(this.keys.key('reports'), id);
    return found ? (JSON.parse(found) as ReportRecord) : null;
  }

  async addAlternate(reportId: string, url: string): Promise<void> {
    await this.redis.xxgkAlternate(this.keys.key('reports'), reportId, url);
    await this.redis.xxgkPatch(this.urlsKey, url, JSON.stringify({ status: 'done', reason: `same document as report ${reportId}`, httpStatus: null }));
  }

  async pending(afterSeq: number, limit: number): Promise<FrontierEntry[]> {
    const found: UrlRecord[] = [];
    for await (const [, value] of scanHash(this.redis, this.urlsKey)) {
      const record = JSON.parse(value) as UrlRecord;
      if (record.status === 'pending' && record.seq > afterSeq) found.push(record);
    }
    return found.sort((a, b) => a.seq - b.seq).slice(0, limit).map(({ status: _status, ...entry }) => entry);
  }

  async fetchedUnprocessed(): Promise<FetchedEntry[]> {
    const found: UrlRecord[] = [];
    for await (const [, value] of scanHash(this.redis, this.urlsKey)) {
      const record = JSON.parse(value) as UrlRecord;
      if (record.status === 'fetched') found.push(record);
    }
    return found.sort((a, b) => a.seq - b.seq) as FetchedEntry[];
  }

  async stored(url: string): Promise<FetchedEntry | null> {
    const record = await this.record(url);
    return record?.file ? (record as FetchedEntry) : null;
  }

  async markFetched(entry: FetchedEntry, validators: { etag: string | null; lastModified: string | null } = { etag: null, lastModified: null }): Promise<void> {
    const { sha256, finalUrl, contentType, charset, fetchedAt, file } = entry;
    await this.redis.xxgkPatch(this.urlsKey, entry.url, JSON.stringify({
      status: 'fetched', sha256, finalUrl, contentType, charset, fetchedAt, file, etag: validators.etag, lastModified: validators.lastModified, attempts: 0,
    }));
  }

  async finish(url: string, outcome: FinishOutcome, discovered: FrontierEntry[] = [], report?: ReportRecord): Promise<void> {
    // Links first: a worker killed after them and before its own record is run again, and queues what is still pending.
    await this.discover(url, discovered);
    const multi = this.redis.multi();
    if (report) {
      const { alternateUrls, ...rest } = report;
      multi.hset(this.keys.key('reports'), report.id, JSON.stringify(alternateUrls?.length ? report : rest));
      if (report.sha256) multi.hset(this.keys.key('sha'), report.sha256, report.id);
    }
    (multi as unknown as ScriptedRedis).xxgkPatch(this.urlsKey, url, JSON.stringify({
      status: outcome.status, reason: outcome.reason ?? null, code: outcome.code ?? null, httpStatus: outcome.httpStatus ?? null, _attempted: outcome.attempted === true,
    }));
    await multi.exec();
  }

  async takeBudget(site: string, url: string, max: number): Promise<boolean> {
    return (await this.redis.xxgkTakeBudget(this.keys.key(`budget:${site}`), url, max)) === 1;
  }

  async reports(): Promise<ReportRecord[]> {
    const reports: ReportRecord[] = [];
    for await (const [, value] of scanHash(this.redis, this.keys.key('reports'))) {
      const report = JSON.parse(value) as ReportRecord & { alternateUrls?: string[] | Record<string, never> };
      // cjson writes an empty list as {}.
      if (report.alternateUrls && !Array.isArray(report.alternateUrls)) delete report.alternateUrls;
      reports.push(report as ReportRecord);
    }
    return reports.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async counts(): Promise<StateCounts> {
    const urls: Record<string, Record<string, number>> = {};
    const failures = new Map<string, number>();
    for await (const [, value] of scanHash(this.redis, this.urlsKey)) {
      const record = JSON.parse(value) as UrlRecord;
      const byStatus = (urls[record.kind] ??= {});
      byStatus[record.status] = (byStatus[record.status] ?? 0) + 1;
      if (record.status === 'failed' || record.status === 'skipped') {
        const reason = record.reason ?? 'unknown';
        failures.set(reason, (failures.get(reason) ?? 0) + 1);
      }
    }
    const reports: Record<string, number> = {};
    for (const report of await this.reports()) reports[report.status] = (reports[report.status] ?? 0) + 1;
    return {
      urls, reports,
      failures: [...failures].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0)),
    };
  }

  /** One pass over the URLs and reports (a shared crawl has no index by seed), grouped by seed. */
  async *seedRows(): AsyncGenerator<SeedRows> {
    const bySeed = new Map<string, SeedRows>((await this.seeds()).map((seed) => [seed.url, { seed, urls: [], reports: [] }]));
    // As the SQLite state's query: a seed's rows are the URLs found from it and the seed itself.
    const records: UrlRecord[] = [];
    for await (const [, value] of scanHash(this.redis, this.urlsKey)) records.push(JSON.parse(value) as UrlRecord);
    for (const record of records.sort((a, b) => a.seq - b.seq)) {
      const groups = new Set([bySeed.get(record.url), record.seed ? bySeed.get(record.seed) : undefined]);
      const url: CoverageUrl = {
        url: record.url, kind: record.kind, status: record.status, reason: record.reason ?? null, code: record.code ?? null,
        httpStatus: record.httpStatus ?? null, year: record.year, attempts: record.attempts ?? 0,
      };
      for (const rows of groups) rows?.urls.push(url);
    }
    const byUrl = reportsByUrl(await this.reports());
    for (const rows of bySeed.values()) rows.reports = reportsAt(rows.urls, byUrl);
    yield* bySeed.values();
  }

  async picture(url: string): Promise<PictureRecord | null> {
    const found = await this.redis.hget(this.keys.key('pictures'), url);
    return found ? (JSON.parse(found) as PictureRecord) : null;
  }

  async recordPicture(record: PictureRecord): Promise<void> {
    await this.redis.hset(this.keys.key('pictures'), record.url, JSON.stringify(record));
  }

  /** The connection belongs to the caller (the worker's or the command's); nothing to close here. */
  close(): void {}
}
