/**
 * The crawl: seeds → annual-report columns → listings → reports (and their attachments) →
 * the same extraction as `xxgk extract`, politely, with everything recorded in the crawl state
 * so that an interrupted run continues where it stopped.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { removeStaleTemps, writeFileAtomic } from '../lib/fs.js';
import { join } from 'node:path';
import type { InputBytes } from '../pipeline/extract.js';
import { writeReportJson } from '../output/write.js';
import { decodeHtml } from '../read/decode.js';
import { sniffFormat, sourceFormatOf } from '../read/index.js';
import { readRawFile, writeRawFile } from '../store/raw.js';
import { rawExtension } from '../formats.js';
import {
  REVISITED_KINDS, SqliteCrawlState, type CrawlState, type FetchedEntry, type FrontierEntry, type FinishOutcome, type ReportRecord, type RunPreparation, type SeedRecord,
} from '../store/state.js';
import { sha256Hex, type Report } from '../output/report.js';
import { writeSitesCsv } from './coverage.js';
import { lockDirectory } from '../store/lock.js';
import { diskFullError, isDiskFull } from '../store/integrity.js';
import { policyFor, type LookupFunction } from './guard.js';
import { attachmentLinks, discoverLinks, isReportTitle, type DiscoveredLink } from './discover.js';
import { DEFAULT_FETCHER_OPTIONS, Fetcher, type FetchedResource, type FetcherOptions } from './fetcher.js';
import { HostQueues, type RequestSlot } from './hosts.js';
import { RobotsCache, type RobotsVerdict } from './robots.js';
import { extractWithPictures, type PictureFetchContext } from './pictures.js';
import { profileFor, type CompiledProfile } from './profiles.js';
import { inScope, siteOf } from './scope.js';

/** The settings of a crawl (those of `xxgk crawl`). */
export interface CrawlOptions {
  outDir: string;
  /** Covered years to collect, inclusive. */
  years: [number, number];
  perHost: number;
  delayMs: number;
  concurrency: number;
  maxPagesPerSite: number;
  maxDepth: number;
  /**
   * False: fetch and store reports without extracting them (they stay "fetched"; a later run
   * with extraction processes them from the stored originals, fetching nothing again).
   */
  extract: boolean;
  fetcher: Partial<FetcherOptions>;
  /**
   * Reach private, loopback and link-local addresses from any page (`--allow-private`). Without
   * it only the seeds' own hosts may be on such addresses (see guard.ts).
   */
  allowPrivate?: boolean;
  /** DNS lookup for the address checks (tests map names to 127.0.0.1); default dns.lookup. */
  lookup?: LookupFunction;
  /** Site profiles (see profiles.ts); generic discovery where none applies. */
  profiles?: CompiledProfile[];
  /** Time limit of one report's extraction (its OCR included), in ms; default that of pool.ts. */
  extractTimeLimitMs?: number;
  /** Fetch attempts of a URL across runs before a transient failure is final. */
  maxAttempts: number;
  /** The command's settings, stored with the state when the run holds the directory (see cli/crawl.ts). */
  settings?: Record<string, unknown>;
  /** Aborting stops the crawl cleanly: no new request starts, those in flight finish and are recorded. */
  signal?: AbortSignal;
  onProgress?: (progress: CrawlProgress) => void;
}

/** What one run did (the state holds the whole crawl's). */
export interface RunStats {
  preparation: RunPreparation;
  /** URLs whose fetch was attempted (robots.txt allowing), and how many came back with content or 304. */
  tried: number;
  fetched: number;
  notModified: number;
  failed: number;
  /** Seeds visited in this run, and those that failed (unreachable, firewall, robots). */
  seedsTried: number;
  seedsFailed: number;
  /** Stopped by the signal with URLs still pending. */
  interrupted: boolean;
}

/** Counts of a running crawl, for a progress display (`onProgress`). */
export interface CrawlProgress {
  fetched: number;
  failed: number;
  reports: number;
  inFlight: number;
  lastUrl: string | null;
}

export const DEFAULT_CRAWL_OPTIONS: Omit<CrawlOptions, 'outDir'> = {
  years: [2021, new Date().getFullYear()],
  perHost: 1,
  delayMs: 1000,
  concurrency: 16,
  maxPagesPerSite: 2000,
  maxDepth: 6,
  extract: true,
  fetcher: {},
  maxAttempts: 5,
};

const STATE_FILE = 'state.sqlite';
/** Pages a host may have queued at once: enough to keep it busy, few enough to share the global limit. */
const HOST_BACKLOG = 4;
/** Frontier entries read from the store at a time, and the level of waiting entries that triggers a read. */
const FRONTIER_CHUNK = 2000;
const WAITING_LOW = 1000;
/** index.jsonl is rewritten after this many new reports (and at the end). */
const INDEX_EVERY = 200;

/** Crawls from the seeds (URLs, or seeds with their columns); returns the state, open. */
export async function crawl(seeds: (string | SeedRecord)[], options: CrawlOptions): Promise<SqliteCrawlState> {
  return (await crawlRun(seeds, options)).state;
}

/** A crawl run over an output directory (new or not), with what this run did. */
export async function crawlRun(seeds: (string | SeedRecord)[], options: CrawlOptions): Promise<{ state: SqliteCrawlState; run: RunStats }> {
  // One crawl per directory: a second one would interleave its writes with the first's.
  const lock = lockDirectory(options.outDir);
  try {
    // Half-written files of a killed run (never renamed into place): ours to clear, holding the lock.
    await removeStaleTemps([options.outDir, join(options.outDir, 'raw'), join(options.outDir, 'reports')]);
    const state = new SqliteCrawlState(join(options.outDir, STATE_FILE));
    if (options.settings) state.saveSettings(options.settings);
    const records = seeds.map((seed) => (typeof seed === 'string' ? { url: seed, columns: {} } : seed));
    // The hosts the user gave may be private (the demo portal, an intranet mirror); hosts that
    // pages and redirects lead to may not, unless allowed outright.
    const urls = [...records.map((seed) => seed.url), ...state.seeds().map((seed) => seed.url)];
    const given = [...urls, ...urls.flatMap((seed) => (profileFor(options.profiles ?? [], seed)?.columns ?? []).map((column) => new URL(column, seed).href))];
    const guard = policyFor(given, options.allowPrivate ?? false, options.lookup);
    const crawler = new Crawler(state, { ...options, fetcher: { guard, ...options.fetcher } });
    let run: RunStats;
    try {
      run = await crawler.run(records);
    } catch (error) {
      // Best effort: the rerun rewrites both whole.
      await crawler.writeIndex().catch(() => {});
      await writeSitesCsv(options.outDir, state, options.years, options.maxAttempts).catch(() => {});
      throw error;
    }
    await crawler.writeIndex();
    await writeSitesCsv(options.outDir, state, options.years, options.maxAttempts);
    return { state, run };
  } catch (error) {
    // A full disk stops the crawl with what to do; the URLs in hand stay pending or fetched.
    throw isDiskFull(error) ? diskFullError(error, options.outDir) : error;
  } finally {
    lock.release();
  }
}

/** Opens an existing crawl's state; throws when the directory holds no crawl. */
export function openState(outDir: string): SqliteCrawlState {
  const path = join(outDir, STATE_FILE);
  if (!existsSync(path)) throw new Error(`no crawl state in ${outDir}/ (${STATE_FILE} is missing)`);
  return new SqliteCrawlState(path);
}

/** robots.txt verdicts: {@link RobotsCache} in one process; the shared crawl's are kept in Redis. */
export interface RobotsChecker {
  check(url: string, request: RequestSlot): Promise<RobotsVerdict>;
}

/** What the shared crawl (src/queue/) changes in how the crawler handles a URL. */
export interface CrawlHooks {
  /** robots.txt rules shared by all workers (fetched once per host per crawl). */
  robots?: RobotsChecker;
  /** Hands a stored report or attachment on (an extract job) instead of extracting it at once. */
  deferExtraction?: (entry: FetchedEntry) => Promise<void>;
  /** The fetcher to use (the shared crawl's paces the redirects and retries inside one request). */
  fetcher?: Fetcher;
  /** The request slot of a host for a report page's pictures (the shared crawl's is taken in Redis). */
  pictureSlot?: (host: string) => RequestSlot;
}

/**
 * Handles URLs against a crawl state: {@link Crawler.run} drives a whole crawl in one process;
 * the shared crawl's workers call {@link Crawler.visit} and {@link Crawler.processStored} per job.
 */
export class Crawler {
  private readonly fetcher: Fetcher;
  private readonly robots: RobotsChecker;
  private readonly hosts: HostQueues;
  private readonly progress: CrawlProgress = { fetched: 0, failed: 0, reports: 0, inFlight: 0, lastUrl: null };
  private reportsSinceIndex = 0;
  private readonly seedColumns = new Map<string, Record<string, string>>();
  /** Extractions under way, by the hash of the bytes. */
  private readonly extracting = new Map<string, Promise<void>>();
  private readonly stats = { tried: 0, fetched: 0, notModified: 0, failed: 0, seedsTried: 0, seedsFailed: 0 };
  private readonly pictureContext: PictureFetchContext;

  constructor(private readonly state: CrawlState, private readonly options: CrawlOptions, private readonly hooks: CrawlHooks = {}) {
    const fetcherOptions = { ...DEFAULT_FETCHER_OPTIONS, ...options.fetcher };
    this.fetcher = hooks.fetcher ?? new Fetcher(fetcherOptions);
    this.robots = hooks.robots ?? new RobotsCache(this.fetcher, fetcherOptions.userAgent);
    this.hosts = new HostQueues({ perHost: options.perHost, delayMs: options.delayMs, global: options.concurrency });
    this.pictureContext = { fetcher: this.fetcher, robots: this.robots, slot: hooks.pictureSlot ?? ((host) => this.hosts.slot(host)), state, outDir: options.outDir };
    if (options.signal) this.pictureContext.signal = options.signal;
  }

  /** The fetcher the crawler's requests go through (the shared crawl fetches robots.txt with it). */
  get requests(): Fetcher {
    return this.fetcher;
  }

  /** Records the seeds and the URLs they start from (a profile's columns); returns the frontier entries added. */
  async addSeeds(seeds: SeedRecord[]): Promise<FrontierEntry[]> {
    await this.state.addSeeds(seeds);
    const added: FrontierEntry[] = [];
    for (const { url: seed } of seeds) {
      const entries: FrontierEntry[] = [{ url: seed, kind: 'seed', site: siteOf(seed), depth: 0, title: null, year: null, parent: null, seed }];
      // A profile's columns start the crawl of its site as seeds do.
      for (const column of profileFor(this.options.profiles ?? [], seed)?.columns ?? []) {
        entries.push({ url: new URL(column, seed).href, kind: 'column', site: siteOf(seed), depth: 1, title: null, year: null, parent: seed, seed });
      }
      for (const entry of entries) if (await this.state.add(entry)) added.push(entry);
    }
    return added;
  }

  /** Reads the seeds' columns from the state (they go with the reports). */
  async loadSeedColumns(): Promise<void> {
    for (const seed of await this.state.seeds()) this.seedColumns.set(seed.url, seed.columns);
  }

  async run(seeds: SeedRecord[]): Promise<RunStats> {
    await this.addSeeds(seeds);
    await this.loadSeedColumns();
    // Every run revisits listings, retries transient failures and takes the reports of its years.
    const preparation = await this.state.prepareRun(this.options.years, this.options.maxAttempts);
    const signal = this.options.signal;
    // A run that was killed after storing originals (or one that only fetched): process them,
    // without fetching again.
    // Without extraction, stored reports wait for a later run; stored pages are processed now.
    const unprocessed = (await this.state.fetchedUnprocessed()).filter((entry) => this.options.extract || (entry.kind !== 'report' && entry.kind !== 'attachment'));
    for (const entry of unprocessed) {
      if (signal?.aborted) break;
      await this.processStored(entry);
    }

    // The frontier is read from the store in order of discovery (a cursor, never rescanned)
    // into per-host waiting lists; each host gets a few tasks at a time in its queue.
    const waiting = new Map<string, FrontierEntry[]>();
    let waitingCount = 0;
    let cursor = 0;
    let inFlight = 0;
    let wake: () => void = () => {};
    signal?.addEventListener('abort', () => wake(), { once: true });
    // Set when the disk is full: nothing more is started, and the run ends once the tasks in hand do.
    let fatal: unknown = null;
    for (;;) {
      if (fatal !== null || signal?.aborted) {
        // Stopping: nothing new starts; what is in flight finishes and is recorded.
        if (inFlight === 0) {
          if (fatal !== null) throw fatal;
          break;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (waitingCount < WAITING_LOW) {
        for (const entry of await this.state.pending(cursor, FRONTIER_CHUNK)) {
          cursor = entry.seq!;
          const host = new URL(entry.url).host;
          const list = waiting.get(host);
          if (list) list.push(entry);
          else waiting.set(host, [entry]);
          waitingCount++;
        }
      }
      for (const [host, list] of waiting) {
        while (list.length > 0 && this.hosts.load(host) < HOST_BACKLOG) {
          const entry = list.shift()!;
          waitingCount--;
          inFlight++;
          this.hosts
            .run(host, (request) => this.visit(entry, request))
            .catch(async (error: Error) => {
              if (isDiskFull(error)) fatal ??= error;
              else await this.state.finish(entry.url, { status: 'failed', reason: `internal error: ${error.message}`, code: 'ERR_INTERNAL' });
            })
            .catch((error: Error) => {
              fatal ??= error; // the state itself cannot be written
            })
            .finally(() => {
              inFlight--;
              this.progress.inFlight = inFlight;
              wake();
            });
        }
        if (list.length === 0) waiting.delete(host);
      }
      this.progress.inFlight = inFlight;
      if (inFlight === 0 && waitingCount === 0) {
        // Nothing on its way: anything pending now was added after the cursor (or there is none).
        if ((await this.state.pending(cursor, 1)).length === 0) break;
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
    return { preparation, ...this.stats, interrupted: signal?.aborted === true && (await this.state.pending(0, 1)).length > 0 };
  }

  /** A URL whose original is stored: processed from it, fetching nothing. */
  async processStored(entry: FetchedEntry): Promise<void> {
    const bytes = await readRawFile(this.options.outDir, entry.file);
    await this.process(entry, bytes, toResource(entry, bytes), true);
  }

  /**
   * One URL: budget and robots, fetch, store, then process. Its network requests go through
   * `request` (the politeness of its host); an error `request` throws before a request starts
   * leaves nothing recorded for the URL, so the visit can be made again.
   */
  async visit(entry: FrontierEntry, request: RequestSlot): Promise<void> {
    if (!(await this.state.takeBudget(entry.site, entry.url, this.options.maxPagesPerSite))) {
      await this.state.finish(entry.url, { status: 'skipped', reason: `page budget of the site (${this.options.maxPagesPerSite}) spent`, code: 'ERR_PAGE_BUDGET' });
      return;
    }
    const verdict = await this.robots.check(entry.url, request);
    if (entry.kind === 'seed') this.stats.seedsTried++;
    if (!verdict.allowed) {
      if (entry.kind === 'seed') this.stats.seedsFailed++;
      // An unreachable robots.txt is a failure of the site for this run, to retry; a rule is final.
      if (verdict.code === 'ERR_ROBOTS_UNREACHABLE') {
        this.stats.tried++;
        this.stats.failed++;
        this.progress.failed++;
        // Counted as an attempt: a site down for good is given up after --max-attempts runs.
        await this.state.finish(entry.url, { status: 'failed', reason: verdict.reason, code: verdict.code, attempted: true });
      } else {
        await this.state.finish(entry.url, { status: 'skipped', reason: verdict.reason ?? 'robots.txt disallows it', code: verdict.code ?? 'ERR_ROBOTS_DISALLOWED' });
      }
      this.report();
      return;
    }
    if (verdict.crawlDelayMs) this.hosts.setCrawlDelay(new URL(entry.url).host, verdict.crawlDelayMs);
    // A revisit of a listing asks whether it changed since the stored copy.
    const conditional = REVISITED_KINDS.includes(entry.kind) && entry.file ? { etag: entry.etag ?? null, lastModified: entry.lastModified ?? null } : {};
    this.stats.tried++;
    const outcome = await request(() => this.fetcher.fetch(entry.url, conditional));
    this.progress.lastUrl = entry.url;
    if (outcome.ok && outcome.resource.status === 304) {
      const stored = await this.state.stored(entry.url);
      if (stored) {
        this.stats.fetched++;
        this.stats.notModified++;
        this.progress.fetched++;
        await this.state.markFetched(stored, { etag: outcome.resource.etag ?? entry.etag ?? null, lastModified: outcome.resource.lastModified ?? entry.lastModified ?? null });
        const bytes = await readRawFile(this.options.outDir, stored.file);
        // Read again for links the stored page leads to (a wider --years takes reports it listed).
        await this.process(stored, bytes, toResource(stored, bytes));
        this.report();
        return;
      }
    }
    if (!outcome.ok || outcome.resource.status === 304) {
      if (entry.kind === 'seed') this.stats.seedsFailed++;
      this.stats.failed++;
      this.progress.failed++;
      const failure: FinishOutcome = outcome.ok
        ? { status: 'failed', reason: 'HTTP 304 without a stored copy', code: 'ERR_NOT_CONTENT', httpStatus: 304, attempted: true }
        : { status: 'failed', reason: outcome.reason, code: outcome.code, attempted: true };
      if (!outcome.ok && outcome.status !== undefined) failure.httpStatus = outcome.status;
      await this.state.finish(entry.url, failure);
      this.report();
      return;
    }
    this.stats.fetched++;
    const resource = outcome.resource;
    const sha256 = sha256Hex(resource.bytes);
    const file = await writeRawFile(this.options.outDir, sha256, rawExtension(sourceFormatOf(resource.bytes)), resource.bytes);
    const fetched: FetchedEntry = {
      ...entry, sha256, file, finalUrl: resource.finalUrl, contentType: resource.contentType, charset: resource.charset, fetchedAt: resource.fetchedAt,
    };
    await this.state.markFetched(fetched, { etag: resource.etag ?? null, lastModified: resource.lastModified ?? null });
    this.progress.fetched++;
    await this.process(fetched, resource.bytes, resource);
    this.report();
  }

  /** `stored`: the bytes come from the stored original (an extract job), not from a fetch just made. */
  private async process(entry: FetchedEntry, bytes: Buffer, resource: FetchedResource, stored = false): Promise<void> {
    if (entry.kind === 'report' || entry.kind === 'attachment') {
      if (!this.options.extract) return; // left "fetched": a later run extracts it from the stored original
      if (this.hooks.deferExtraction && !stored) return this.hooks.deferExtraction(entry);
      return this.processReport(entry, bytes, resource);
    }
    const text = decodeHtml(bytes, resource.charset ?? undefined).text;
    // A seed that is itself a report (a report URL given directly) is extracted as one.
    if (entry.kind === 'seed' && this.options.extract && seedIsReport(bytes, text)) {
      return this.processReport({ ...entry, kind: 'report' }, bytes, resource);
    }
    const page = { url: resource.finalUrl, text, contentType: resource.contentType };
    const profile = profileFor(this.options.profiles ?? [], entry.url);
    const discovered = discoverLinks(page, profile?.reportTitle ?? null).flatMap((link) => this.follow(entry, link));
    await this.state.finish(entry.url, { status: 'done', httpStatus: resource.status }, discovered);
  }

  private async processReport(entry: FetchedEntry, bytes: Buffer, resource: FetchedResource): Promise<void> {
    // The same bytes arriving from several URLs at once: one at a time, in arrival order (the
    // first makes the report, the others are recorded as its alternates, one after the other so
    // that the report's list of them keeps every one). The chain is set before any await.
    const earlier = this.extracting.get(entry.sha256);
    const mine = (async () => {
      if (earlier) await earlier.catch(() => undefined);
      // The same document at another URL is the same report: this URL is recorded beside the first.
      const same = await this.state.reportBySha(entry.sha256);
      if (same && same.url !== entry.url) return this.addAlternate(same, entry.url);
      return this.extractReport(entry, bytes, resource);
    })();
    this.extracting.set(entry.sha256, mine);
    try {
      await mine;
    } finally {
      if (this.extracting.get(entry.sha256) === mine) this.extracting.delete(entry.sha256);
    }
  }

  private async extractReport(entry: FetchedEntry, bytes: Buffer, resource: FetchedResource): Promise<void> {
    const read: { headerCharset?: string; contentType?: string } = {};
    if (resource.charset) read.headerCharset = resource.charset;
    if (resource.contentType) read.contentType = resource.contentType;
    const input: InputBytes = { bytes, source: { url: entry.url, finalUrl: resource.finalUrl, fetchedAt: resource.fetchedAt, file: entry.file }, read };
    // Extraction runs in a worker thread: the main thread stays with the network and the state.
    // A page whose tables are pasted as pictures is read again with them, fetched politely (pictures.ts).
    const extracted = await extractWithPictures(this.pictureContext, input, { title: entry.title, year: entry.year, site: entry.site }, this.options.extractTimeLimitMs);
    if (extracted === 'interrupted') return; // left "fetched": the rerun reads it with its pictures
    if ('error' in extracted) {
      await this.state.finish(entry.url, { status: 'failed', reason: `extraction failed: ${extracted.error}`, code: extracted.code });
      return;
    }
    const { summary } = extracted;
    const seed = entry.seed ? { url: entry.seed, ...this.seedColumns.get(entry.seed) } : null;
    // The seed's columns go with the report (meta.seed), for the researcher's own ids and codes.
    const json = seed ? withReport(extracted.json, (report) => {
      report.meta = { ...report.meta, seed };
    }) : extracted.json;
    // A report page whose tables are not on the page: its attachments hold them.
    const attachments = summary.status !== 'ok' && entry.kind === 'report' && summary.format === 'html'
      ? attachmentLinks({ url: resource.finalUrl, text: decodeHtml(bytes, resource.charset ?? undefined).text, contentType: resource.contentType })
        .flatMap((link) => this.follow(entry, { ...link, title: link.title ?? entry.title, year: link.year ?? entry.year }, true))
      : [];
    let record: ReportRecord | undefined;
    if (!(summary.status === 'failed' && attachments.length > 0)) {
      await writeReportJson(this.options.outDir, summary.id, json);
      record = {
        id: summary.id, url: entry.url, agency: summary.agency, year: summary.year, status: summary.status, title: summary.title, file: `reports/${summary.id}.json`, sha256: entry.sha256,
      };
      this.progress.reports++;
      this.reportsSinceIndex++;
    }
    await this.state.finish(entry.url, { status: 'done', httpStatus: resource.status }, attachments, record);
    if (this.reportsSinceIndex >= INDEX_EVERY) await this.writeIndex();
  }

  /** Records `url` as another address of a report's document: in the state and in the report's JSON. */
  private async addAlternate(report: ReportRecord, url: string): Promise<void> {
    const alternates = [...new Set([...(report.alternateUrls ?? []), url])];
    const path = join(this.options.outDir, report.file);
    if (existsSync(path)) {
      const json = withReport(await readFile(path, 'utf8'), (document) => {
        document.source = { ...document.source, alternateUrls: alternates };
      });
      await writeReportJson(this.options.outDir, report.id, json);
    }
    await this.state.addAlternate(report.id, url);
  }

  /** Whether and how to follow a link from a page: same site, depth, covered years. */
  private follow(from: FrontierEntry, link: DiscoveredLink, attachment = false): FrontierEntry[] {
    if (!inScope({ site: from.site, from, link })) return [];
    const profile = profileFor(this.options.profiles ?? [], link.url);
    if (profile) {
      const target = new URL(link.url);
      if (profile.skip.some((pattern) => pattern.test(target.pathname + target.search))) return [];
    }
    if (link.kind === 'report' && link.year === null) return [];
    // Reports of other years are recorded (deferred), for a later run with a wider --years.
    const outOfRange = link.kind === 'report' && (link.year! < this.options.years[0] || link.year! > this.options.years[1]);
    // Further pages of a listing stay at the listing's depth; anything else goes one deeper.
    const depth = link.kind === 'listing' ? from.depth : from.depth + 1;
    if (depth > this.options.maxDepth && !attachment) return [];
    return [{
      url: link.url, kind: link.kind, site: from.site, depth, title: link.title ?? from.title, year: link.year ?? from.year, parent: from.url,
      seed: from.seed ?? null, status: outOfRange ? 'deferred' : 'pending',
    }];
  }

  private report(): void {
    this.options.onProgress?.({ ...this.progress });
  }

  /** DIR/index.jsonl: one line per report, from the state (so a killed run's rerun writes it whole). */
  async writeIndex(): Promise<void> {
    this.reportsSinceIndex = 0;
    const lines = (await this.state.reports()).map(({ id, url, agency, year, status, title, file, alternateUrls }) =>
      JSON.stringify({ id, url, agency, year, status, title, file, ...(alternateUrls ? { alternateUrls } : {}) })).join('\n');
    await writeFileAtomic(join(this.options.outDir, 'index.jsonl'), lines ? lines + '\n' : '');
  }
}

/** A PDF or DOCX, or a page whose title names a report (…年…政府信息公开工作年度报告). */
function seedIsReport(bytes: Buffer, text: string): boolean {
  const format = sniffFormat(bytes);
  if (format === 'pdf' || format === 'zip') return true;
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1] ?? /<meta\s+name=["']?ArticleTitle["']?\s+content=["']([^"']+)/i.exec(text)?.[1] ?? '';
  return isReportTitle(title);
}

/** A serialized report, changed by `edit` and serialized again the way the worker does. */
function withReport(json: string, edit: (report: Report) => void): string {
  const report = JSON.parse(json) as Report;
  edit(report);
  return JSON.stringify(report) + '\n';
}

function toResource(entry: FetchedEntry, bytes: Buffer): FetchedResource {
  return {
    url: entry.url, finalUrl: entry.finalUrl, status: 200, bytes, contentType: entry.contentType, charset: entry.charset, fileName: null, fetchedAt: entry.fetchedAt,
  };
}

export { siteOf };
