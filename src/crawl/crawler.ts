/**
 * The crawl: seeds → annual-report columns → listings → reports (and their attachments) →
 * the same extraction as `xxgk extract`, politely, with everything recorded in the crawl state
 * so that an interrupted run continues where it stopped.
 */
import { existsSync } from 'node:fs';
import { removeStaleTemps, writeFileAtomic } from '../lib/fs.js';
import { join } from 'node:path';
import { extractSerializedInWorker } from '../pipeline/pool.js';
import { writeReportJson } from '../output/write.js';
import { decodeHtml } from '../read/decode.js';
import { sniffFormat } from '../read/index.js';
import { readRawFile, RAW_EXTENSION, writeRawFile } from '../store/raw.js';
import { lockDirectory } from '../store/lock.js';
import { diskFullError, isDiskFull } from '../store/integrity.js';
import { policyFor, type LookupFunction } from './guard.js';
import { SqliteCrawlState, type CrawlState, type FetchedEntry, type FrontierEntry, type ReportRecord } from '../store/state.js';
import { sha256Hex } from '../output/report.js';
import { attachmentLinks, discoverLinks, isReportTitle, type DiscoveredLink } from './discover.js';
import { DEFAULT_FETCHER_OPTIONS, Fetcher, type FetchedResource, type FetcherOptions } from './fetcher.js';
import { HostQueues, type RequestSlot } from './hosts.js';
import { RobotsCache } from './robots.js';
import { profileFor, type CompiledProfile } from './profiles.js';

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
  onProgress?: (progress: CrawlProgress) => void;
}

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
};

const STATE_FILE = 'state.sqlite';
/** Pages a host may have queued at once: enough to keep it busy, few enough to share the global limit. */
const HOST_BACKLOG = 4;
/** Frontier entries read from the store at a time, and the level of waiting entries that triggers a read. */
const FRONTIER_CHUNK = 2000;
const WAITING_LOW = 1000;
/** index.jsonl is rewritten after this many new reports (and at the end). */
const INDEX_EVERY = 200;

export async function crawl(seeds: string[], options: CrawlOptions): Promise<CrawlState> {
  // One crawl per directory: a second one would interleave its writes with the first's.
  const lock = lockDirectory(options.outDir);
  try {
    // Half-written files of a killed run (never renamed into place): ours to clear, holding the lock.
    await removeStaleTemps([options.outDir, join(options.outDir, 'raw'), join(options.outDir, 'reports')]);
    const state = new SqliteCrawlState(join(options.outDir, STATE_FILE));
    // The hosts the user gave may be private (the demo portal, an intranet mirror); hosts that
    // pages and redirects lead to may not, unless allowed outright.
    const given = [...seeds, ...seeds.flatMap((seed) => (profileFor(options.profiles ?? [], seed)?.columns ?? []).map((column) => new URL(column, seed).href))];
    const guard = policyFor(given, options.allowPrivate ?? false, options.lookup);
    const crawler = new Crawler(state, { ...options, fetcher: { guard, ...options.fetcher } });
    try {
      await crawler.run(seeds);
    } catch (error) {
      await crawler.writeIndex().catch(() => {}); // best effort: the rerun rewrites it whole
      throw error;
    }
    await crawler.writeIndex();
    return state;
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

class Crawler {
  private readonly fetcher: Fetcher;
  private readonly robots: RobotsCache;
  private readonly hosts: HostQueues;
  private readonly progress: CrawlProgress = { fetched: 0, failed: 0, reports: 0, inFlight: 0, lastUrl: null };
  private reportsSinceIndex = 0;

  constructor(private readonly state: CrawlState, private readonly options: CrawlOptions) {
    const fetcherOptions = { ...DEFAULT_FETCHER_OPTIONS, ...options.fetcher };
    this.fetcher = new Fetcher(fetcherOptions);
    this.robots = new RobotsCache(this.fetcher, fetcherOptions.userAgent);
    this.hosts = new HostQueues({ perHost: options.perHost, delayMs: options.delayMs, global: options.concurrency });
  }

  async run(seeds: string[]): Promise<void> {
    for (const seed of seeds) {
      this.state.add({ url: seed, kind: 'seed', site: siteOf(seed), depth: 0, title: null, year: null, parent: null });
      // A profile's columns start the crawl of its site as seeds do.
      for (const column of profileFor(this.options.profiles ?? [], seed)?.columns ?? []) {
        this.state.add({ url: new URL(column, seed).href, kind: 'column', site: siteOf(seed), depth: 1, title: null, year: null, parent: seed });
      }
    }
    // A run that was killed after storing originals (or one that only fetched): process them,
    // without fetching again.
    for (const entry of this.options.extract ? this.state.fetchedUnprocessed() : []) {
      const bytes = await readRawFile(this.options.outDir, entry.file);
      await this.process(entry, bytes, toResource(entry, bytes));
    }

    // The frontier is read from the store in order of discovery (a cursor, never rescanned)
    // into per-host waiting lists; each host gets a few tasks at a time in its queue.
    const waiting = new Map<string, FrontierEntry[]>();
    let waitingCount = 0;
    let cursor = 0;
    let inFlight = 0;
    let wake: () => void = () => {};
    // Set when the disk is full: nothing more is started, and the run ends once the tasks in hand do.
    let fatal: unknown = null;
    for (;;) {
      if (fatal !== null) {
        if (inFlight === 0) throw fatal;
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (waitingCount < WAITING_LOW) {
        for (const entry of this.state.pending(cursor, FRONTIER_CHUNK)) {
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
            .catch((error: Error) => {
              if (isDiskFull(error)) fatal ??= error;
              else this.state.finish(entry.url, { status: 'failed', reason: `internal error: ${error.message}` });
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
        if (this.state.pending(cursor, 1).length === 0) break;
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  }

  /** One URL: budget and robots, fetch, store, then process. */
  private async visit(entry: FrontierEntry, request: RequestSlot): Promise<void> {
    if (this.state.siteCount(entry.site) >= this.options.maxPagesPerSite) {
      this.state.finish(entry.url, { status: 'skipped', reason: `page budget of the site (${this.options.maxPagesPerSite}) spent` });
      return;
    }
    const verdict = await this.robots.check(entry.url, request);
    if (!verdict.allowed) {
      this.state.finish(entry.url, { status: 'skipped', reason: verdict.reason ?? 'robots.txt disallows it' });
      return;
    }
    if (verdict.crawlDelayMs) this.hosts.setCrawlDelay(new URL(entry.url).host, verdict.crawlDelayMs);
    const outcome = await request(() => this.fetcher.fetch(entry.url));
    this.progress.lastUrl = entry.url;
    if (!outcome.ok) {
      this.progress.failed++;
      const failure: { status: 'failed'; reason: string; httpStatus?: number } = { status: 'failed', reason: outcome.reason };
      if (outcome.status !== undefined) failure.httpStatus = outcome.status;
      this.state.finish(entry.url, failure);
      this.report();
      return;
    }
    const resource = outcome.resource;
    const sha256 = sha256Hex(resource.bytes);
    const format = sniffFormat(resource.bytes);
    const file = await writeRawFile(this.options.outDir, sha256, RAW_EXTENSION[format] ?? format, resource.bytes);
    const fetched: FetchedEntry = {
      ...entry, sha256, file, finalUrl: resource.finalUrl, contentType: resource.contentType, charset: resource.charset, fetchedAt: resource.fetchedAt,
    };
    this.state.markFetched(fetched);
    this.progress.fetched++;
    await this.process(fetched, resource.bytes, resource);
    this.report();
  }

  private async process(entry: FetchedEntry, bytes: Buffer, resource: FetchedResource): Promise<void> {
    if (entry.kind === 'report' || entry.kind === 'attachment') {
      if (!this.options.extract) return; // left "fetched": a later run extracts it from the stored original
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
    this.state.finish(entry.url, { status: 'done', httpStatus: resource.status }, discovered);
  }

  private async processReport(entry: FetchedEntry, bytes: Buffer, resource: FetchedResource): Promise<void> {
    const read: { headerCharset?: string; contentType?: string } = {};
    if (resource.charset) read.headerCharset = resource.charset;
    if (resource.contentType) read.contentType = resource.contentType;
    // Extraction runs in a worker thread: the main thread stays with the network and the state.
    const extracted = await extractSerializedInWorker(
      { bytes, source: { url: entry.url, finalUrl: resource.finalUrl, fetchedAt: resource.fetchedAt, file: entry.file }, read },
      { title: entry.title, year: entry.year },
    );
    if ('error' in extracted) {
      this.state.finish(entry.url, { status: 'failed', reason: `extraction failed: ${extracted.error}` });
      return;
    }
    const { json, summary } = extracted;
    // A report page whose tables are not on the page: its attachments hold them.
    const attachments = summary.status !== 'ok' && entry.kind === 'report' && summary.format === 'html'
      ? attachmentLinks({ url: resource.finalUrl, text: decodeHtml(bytes, resource.charset ?? undefined).text, contentType: resource.contentType })
        .flatMap((link) => this.follow(entry, { ...link, title: link.title ?? entry.title, year: link.year ?? entry.year }, true))
      : [];
    let record: ReportRecord | undefined;
    if (!(summary.status === 'failed' && attachments.length > 0)) {
      await writeReportJson(this.options.outDir, summary.id, json);
      record = { id: summary.id, url: entry.url, agency: summary.agency, year: summary.year, status: summary.status, title: summary.title, file: `reports/${summary.id}.json` };
      this.progress.reports++;
      this.reportsSinceIndex++;
    }
    this.state.finish(entry.url, { status: 'done', httpStatus: resource.status }, attachments, record);
    if (this.reportsSinceIndex >= INDEX_EVERY) await this.writeIndex();
  }

  /** Whether and how to follow a link from a page: same site, depth, covered years. */
  private follow(from: FrontierEntry, link: DiscoveredLink, attachment = false): FrontierEntry[] {
    if (!sameSite(from.site, link.url)) return [];
    const profile = profileFor(this.options.profiles ?? [], link.url);
    if (profile) {
      const target = new URL(link.url);
      if (profile.skip.some((pattern) => pattern.test(target.pathname + target.search))) return [];
    }
    if (link.kind === 'report' && (link.year === null || link.year < this.options.years[0] || link.year > this.options.years[1])) return [];
    // Further pages of a listing stay at the listing's depth; anything else goes one deeper.
    const depth = link.kind === 'listing' ? from.depth : from.depth + 1;
    if (depth > this.options.maxDepth && !attachment) return [];
    return [{ url: link.url, kind: link.kind, site: from.site, depth, title: link.title ?? from.title, year: link.year ?? from.year, parent: from.url }];
  }

  private report(): void {
    this.options.onProgress?.({ ...this.progress });
  }

  /** DIR/index.jsonl: one line per report, from the state (so a killed run's rerun writes it whole). */
  async writeIndex(): Promise<void> {
    this.reportsSinceIndex = 0;
    const lines = this.state.reports().map((record) => JSON.stringify(record)).join('\n');
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

function toResource(entry: FetchedEntry, bytes: Buffer): FetchedResource {
  return {
    url: entry.url, finalUrl: entry.finalUrl, status: 200, bytes, contentType: entry.contentType, charset: entry.charset, fileName: null, fetchedAt: entry.fetchedAt,
  };
}

/** The site a seed stands for: its host (with port) without "www.". */
export function siteOf(url: string): string {
  return new URL(url).host.replace(/^www\./, '');
}

/** Same site: the same host, or hosts under one government domain (xxgk.xx.gov.cn and www.xx.gov.cn). */
function sameSite(site: string, url: string): boolean {
  const target = new URL(url);
  if (target.host.replace(/^www\./, '') === site) return true;
  const siteName = site.replace(/:\d+$/, '');
  if (/^[\d.]+$/.test(siteName) || target.port !== (/:(\d+)$/.exec(site)?.[1] ?? '')) return false;
  const registrable = (name: string) => name.split('.').slice(/\.gov\.cn$/.test(name) ? -3 : -2).join('.');
  return registrable(target.hostname) === registrable(siteName);
}
