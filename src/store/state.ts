/**
 * Crawl state: the frontier, every URL's outcome and the reports made, in one SQLite file
 * (WAL). Each step of a URL is one transaction, so `kill -9` at any moment leaves a state that
 * a rerun continues from: URLs fetched but not yet processed are processed from their stored
 * original, never fetched again.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { XxgkErrorCode } from '../errors.js';
import { openCheckedDatabase } from './integrity.js';

/** What a URL is to the crawl. */
export type UrlKind = 'seed' | 'hub' | 'column' | 'listing' | 'report' | 'attachment';

/**
 * pending → fetched (original stored) → done | failed; skipped: never to be fetched (robots, budget);
 * deferred: a report link of a year outside the run's `--years`, kept for a later, wider run.
 */
export type UrlStatus = 'pending' | 'fetched' | 'done' | 'failed' | 'skipped' | 'deferred';

/** Kinds of pages that lead to reports: revisited on every run (conditionally), never kept as documents. */
export const REVISITED_KINDS: readonly UrlKind[] = ['seed', 'hub', 'column', 'listing'];

export interface FrontierEntry {
  /** Order of discovery; set by the store. */
  seq?: number;
  url: string;
  kind: UrlKind;
  /** The seed's site this URL belongs to, for budgets. */
  site: string;
  depth: number;
  /** Link text or title under which it was found. */
  title: string | null;
  year: number | null;
  parent: string | null;
  /** The seed URL it was found from (its columns go with the reports). */
  seed?: string | null;
  /** Initial status when added: pending unless deferred (a report outside the run's years). */
  status?: 'pending' | 'deferred';
  /** Validators of the last fetch, for a conditional request on a revisit. */
  etag?: string | null;
  lastModified?: string | null;
  /** The original stored by the last fetch (a revisit answered 304 reads it again). */
  file?: string | null;
  sha256?: string | null;
}

export interface FetchedEntry extends FrontierEntry {
  sha256: string;
  finalUrl: string;
  contentType: string | null;
  charset: string | null;
  fetchedAt: string;
  file: string;
}

/** A seed with the columns of its line in the seed file (all strings; `url` is the seed). */
export interface SeedRecord {
  url: string;
  columns: Record<string, string>;
}

/** A failure or skip as the state stores it: its code (null in a state written before codes were stored), reason and HTTP status. */
export interface StoredFailure {
  code: XxgkErrorCode | null;
  reason: string | null;
  httpStatus: number | null;
}

/** Failures worth another attempt on a later run: the network, timeouts, 408/429/5xx, an unreachable robots.txt. */
export function isTransientFailure({ code, reason, httpStatus }: StoredFailure): boolean {
  if (code === null) return isTransientByReason(reason, httpStatus);
  if (code === 'ERR_FETCH_FAILED' || code === 'ERR_ROBOTS_UNREACHABLE') return true;
  return code === 'ERR_HTTP_STATUS' && httpStatus !== null && (httpStatus === 408 || httpStatus === 429 || (httpStatus >= 500 && httpStatus !== 501));
}

/** A web application firewall's challenge instead of the page. */
export function isFirewalled({ code, reason }: StoredFailure): boolean {
  return code === null ? isFirewalledByReason(reason) : code === 'ERR_WAF_CHALLENGE';
}

/** Skips whose cause changes between runs (robots.txt rules, a larger --max-pages): checked again. */
export function isRecheckedSkip({ code, reason }: StoredFailure): boolean {
  if (code === null) return reason !== null && (reason.startsWith('robots.txt disallows') || reason.startsWith('page budget'));
  return code === 'ERR_ROBOTS_DISALLOWED' || code === 'ERR_PAGE_BUDGET';
}

function isFirewalledByReason(reason: string | null): boolean {
  return reason !== null && reason.startsWith('waf-challenge');
}

/** A state.sqlite or Redis crawl written before codes were stored: the decision from the reason's wording then. */
function isTransientByReason(reason: string | null, httpStatus: number | null): boolean {
  if (httpStatus !== null && (httpStatus === 408 || httpStatus === 429 || (httpStatus >= 500 && httpStatus !== 501 && !isFirewalledByReason(reason)))) return true;
  if (reason === null) return false;
  return /^(?:E[A-Z]+|ERR_[A-Z_]+|TimeoutError|RequestError|ReadError)\b|^robots\.txt unreachable|^HTTP (?:408|429|5\d\d)\b/.test(reason) && !/^HTTP 501\b/.test(reason);
}

export interface ReportRecord {  id: string;
  url: string;
  agency: string | null;
  year: number | null;
  status: string;
  title: string | null;
  file: string;
  /** Of the original the report was made from: the same bytes at another URL are the same report. */
  sha256?: string | null;
  /** Other URLs where the same bytes were found. */
  alternateUrls?: string[];
}

export interface FinishOutcome {
  status: 'done' | 'failed' | 'skipped';
  reason?: string;
  /** Why it failed or was skipped, for the decisions of later runs (the reason is for people). */
  code?: XxgkErrorCode;
  httpStatus?: number;
  attempted?: boolean;
}

/** What a run does with the state before it starts, per URL status. */
export interface RunPreparation {
  /** Listing pages (and seeds) set pending again for a conditional revisit. */
  revisits: number;
  /** Transiently failed URLs set pending again (attempts left), and skipped ones to check again (robots, budget). */
  retries: number;
  /** Deferred reports of years now in range, set pending. */
  widened: number;
  /** Pending reports of years now out of range, deferred. */
  narrowed: number;
}

/**
 * A picture of a report page (a table pasted as an image), fetched for the page and kept apart
 * from the frontier: it is never visited as a page, and a rerun reads it from raw/ instead of
 * fetching it again.
 */
export interface PictureRecord {
  /** Absolute URL of the picture. */
  url: string;
  /** The report page it belongs to (the first page that asked for it). */
  page: string;
  /** Null when the fetch failed (then `reason` says why). */
  sha256: string | null;
  file: string | null;
  contentType: string | null;
  fetchedAt: string | null;
  etag: string | null;
  lastModified: string | null;
  reason: string | null;
  /** The code of a failed fetch (absent in records written before codes were stored). */
  code?: XxgkErrorCode | null;
}

export interface StateCounts {
  urls: Record<string, Record<string, number>>;
  reports: Record<string, number>;
  failures: { reason: string; count: number }[];
}

/** A value, or a promise of it: the SQLite state answers at once, a shared one (Redis) over the network. */
export type Awaitable<T> = T | Promise<T>;

/**
 * The store behind the crawl. Two implementations: {@link SqliteCrawlState} (one process, one
 * directory) and the shared `RedisCrawlState` (src/queue/, any number of workers on any number of
 * machines). The crawler awaits every answer, so it does not know which one it has.
 */
export interface CrawlState {
  /** Adds a URL unless it was seen before; returns whether it was new. */
  add(entry: FrontierEntry): Awaitable<boolean>;
  /**
   * Prepares a run over `years` (inclusive): revisits listings, retries transient failures with
   * fewer than `maxAttempts` attempts, widens or narrows the reports taken.
   */
  prepareRun(years: [number, number], maxAttempts: number): Awaitable<RunPreparation>;
  /** The run's settings stored with the state (null before the first run). */
  settings(): Awaitable<Record<string, unknown> | null>;
  saveSettings(settings: Record<string, unknown>): Awaitable<void>;
  /** Seeds with their columns; adding one again replaces its columns. */
  addSeeds(seeds: SeedRecord[]): Awaitable<void>;
  seeds(): Awaitable<SeedRecord[]>;
  /** The report already made from these bytes, if any. */
  reportBySha(sha256: string): Awaitable<ReportRecord | null>;
  /** Records another URL of a report's document, and ends that URL as done. */
  addAlternate(reportId: string, url: string): Awaitable<void>;
  /** Pending URLs discovered after `afterSeq`, oldest first. */
  pending(afterSeq: number, limit: number): Awaitable<FrontierEntry[]>;
  /** URLs whose original is stored but whose processing did not finish (a kill in between). */
  fetchedUnprocessed(): Awaitable<FetchedEntry[]>;
  /** A URL's stored original and how it came (null when none is stored). */
  stored(url: string): Awaitable<FetchedEntry | null>;
  markFetched(entry: FetchedEntry, validators?: { etag: string | null; lastModified: string | null }): Awaitable<void>;
  /**
   * Ends a URL: done (with the links it led to, added in the same transaction) or failed.
   * `attempted`: a failed fetch, counted against the URL's attempts across runs (reset by a fetch that succeeds).
   */
  finish(url: string, outcome: FinishOutcome, discovered?: FrontierEntry[], report?: ReportRecord): Awaitable<void>;
  /**
   * Takes one fetch of a site's page budget for `url` (true), or answers that the budget is
   * spent (false). Taking it again for the same URL is free; a shared state checks and takes
   * atomically, so the budget holds across workers.
   */
  takeBudget(site: string, url: string, max: number): Awaitable<boolean>;
  reports(): Awaitable<ReportRecord[]>;
  /** A report page's picture as recorded by an earlier fetch (stored or failed), or null. */
  picture(url: string): Awaitable<PictureRecord | null>;
  /** Records a picture fetched (or failed) for a report page; a later record of the URL replaces it. */
  recordPicture(record: PictureRecord): Awaitable<void>;
  counts(): Awaitable<StateCounts>;
  /** Each seed, in the order given, with the URLs found from it and the reports made of them (coverage.ts reads it). */
  seedRows(): Iterable<SeedRows> | AsyncIterable<SeedRows>;
  close(): Awaitable<void>;
}

/** A URL as the per-seed coverage reads it (its failure, if any, as the decisions on failures read one). */
export interface CoverageUrl extends StoredFailure {
  url: string;
  kind: UrlKind;
  status: UrlStatus;
  year: number | null;
  attempts: number;
}

/** A seed, the URLs found from it (itself included) and the reports made of those URLs. */
export interface SeedRows {
  seed: SeedRecord;
  urls: CoverageUrl[];
  /**
   * Each report found at one of these URLs, as its own or another URL of the same document: a
   * report that several seeds link to counts for each (whichever was fetched first).
   */
  reports: ReportRecord[];
}

/** The reports found at any of `urls`, each once: `byUrl` is {@link reportsByUrl}'s. */
export function reportsAt(urls: CoverageUrl[], byUrl: Map<string, ReportRecord>): ReportRecord[] {
  return [...new Set(urls.map((row) => byUrl.get(row.url)).filter((report) => report !== undefined))];
}

/** Each report under every URL it was found at. */
export function reportsByUrl(reports: ReportRecord[]): Map<string, ReportRecord> {
  const byUrl = new Map<string, ReportRecord>();
  for (const report of reports) for (const url of [report.url, ...(report.alternateUrls ?? [])]) byUrl.set(url, report);
  return byUrl;
}

/** Columns added since the first schema: an older state.sqlite is migrated by adding them. */
const ADDED_URL_COLUMNS: [string, string][] = [
  ['seed', 'TEXT'], ['attempts', 'INTEGER NOT NULL DEFAULT 0'], ['etag', 'TEXT'], ['last_modified', 'TEXT'], ['code', 'TEXT'],
];
const ADDED_PICTURE_COLUMNS: [string, string][] = [['code', 'TEXT']];
const ADDED_REPORT_COLUMNS: [string, string][] = [['sha256', 'TEXT'], ['alternate_urls', 'TEXT']];

export class SqliteCrawlState implements CrawlState {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.db = openCheckedDatabase(path);
    this.db.pragma('journal_mode = WAL');
    // NORMAL is durable against a killed process (not a power cut), and much faster than FULL.
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS urls (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        url TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        site TEXT NOT NULL,
        depth INTEGER NOT NULL,
        title TEXT,
        year INTEGER,
        parent TEXT,
        status TEXT NOT NULL DEFAULT 'pending',
        reason TEXT,
        http_status INTEGER,
        sha256 TEXT,
        final_url TEXT,
        content_type TEXT,
        charset TEXT,
        fetched_at TEXT,
        file TEXT,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS urls_status ON urls(status, seq);
      CREATE INDEX IF NOT EXISTS urls_site ON urls(site, status);
      CREATE TABLE IF NOT EXISTS reports (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        agency TEXT,
        year INTEGER,
        status TEXT NOT NULL,
        title TEXT,
        file TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS seeds (url TEXT PRIMARY KEY, columns TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS pictures (
        url TEXT PRIMARY KEY,
        page TEXT NOT NULL,
        sha256 TEXT,
        file TEXT,
        content_type TEXT,
        fetched_at TEXT,
        etag TEXT,
        last_modified TEXT,
        reason TEXT,
        updated_at TEXT NOT NULL
      );
    `);
    this.migrate();
    // Per-seed coverage reads a seed's URLs.
    this.db.exec(`CREATE INDEX IF NOT EXISTS urls_seed ON urls(seed); CREATE INDEX IF NOT EXISTS reports_sha256 ON reports(sha256)`);
    this.statements = {
      insert: this.db.prepare(`INSERT OR IGNORE INTO urls (url, kind, site, depth, title, year, parent, seed, status, updated_at)
        VALUES (@url, @kind, @site, @depth, @title, @year, @parent, @seed, @status, @now)`),
      // Rows are written from entries that may carry a seq from an earlier read: the store sets it.
      pending: this.db.prepare(`SELECT seq, url, kind, site, depth, title, year, parent, seed, etag, last_modified AS lastModified, file, sha256
        FROM urls WHERE status = 'pending' AND seq > ? ORDER BY seq LIMIT ?`),
      fetchedUnprocessed: this.db.prepare(`SELECT url, kind, site, depth, title, year, parent, seed, sha256, final_url AS finalUrl, content_type AS contentType,
        charset, fetched_at AS fetchedAt, file FROM urls WHERE status = 'fetched' ORDER BY seq`),
      stored: this.db.prepare(`SELECT url, kind, site, depth, title, year, parent, seed, sha256, final_url AS finalUrl, content_type AS contentType,
        charset, fetched_at AS fetchedAt, file FROM urls WHERE url = ? AND file IS NOT NULL`),
      markFetched: this.db.prepare(`UPDATE urls SET status = 'fetched', sha256 = @sha256, final_url = @finalUrl, content_type = @contentType,
        charset = @charset, fetched_at = @fetchedAt, file = @file, etag = @etag, last_modified = @lastModified, attempts = 0, updated_at = @now WHERE url = @url`),
      finish: this.db.prepare(`UPDATE urls SET status = @status, reason = @reason, code = @code, http_status = @httpStatus, attempts = attempts + @attempted,
        updated_at = @now WHERE url = @url`),
      report: this.db.prepare(`INSERT OR REPLACE INTO reports (id, url, agency, year, status, title, file, sha256, alternate_urls)
        VALUES (@id, @url, @agency, @year, @status, @title, @file, @sha256, @alternateUrls)`),
      siteCount: this.db.prepare(`SELECT count(*) AS n FROM urls WHERE site = ? AND status NOT IN ('pending', 'deferred')`),
      reports: this.db.prepare(`SELECT id, url, agency, year, status, title, file, sha256, alternate_urls AS alternateUrls FROM reports ORDER BY id`),
      reportBySha: this.db.prepare(`SELECT id, url, agency, year, status, title, file, sha256, alternate_urls AS alternateUrls FROM reports WHERE sha256 = ? LIMIT 1`),
      setAlternates: this.db.prepare(`UPDATE reports SET alternate_urls = ? WHERE id = ?`),
      urlCounts: this.db.prepare(`SELECT kind, status, count(*) AS n FROM urls GROUP BY kind, status`),
      reportCounts: this.db.prepare(`SELECT status, count(*) AS n FROM reports GROUP BY status`),
      failures: this.db.prepare(`SELECT reason, count(*) AS count FROM urls WHERE status IN ('failed', 'skipped') GROUP BY reason ORDER BY count DESC, reason`),
      getSetting: this.db.prepare(`SELECT value FROM settings WHERE key = 'crawl'`),
      setSetting: this.db.prepare(`INSERT OR REPLACE INTO settings (key, value) VALUES ('crawl', ?)`),
      addSeed: this.db.prepare(`INSERT OR REPLACE INTO seeds (url, columns) VALUES (?, ?)`),
      seeds: this.db.prepare(`SELECT url, columns FROM seeds ORDER BY rowid`),
      picture: this.db.prepare(`SELECT url, page, sha256, file, content_type AS contentType, fetched_at AS fetchedAt, etag, last_modified AS lastModified, reason, code
        FROM pictures WHERE url = ?`),
      recordPicture: this.db.prepare(`INSERT OR REPLACE INTO pictures (url, page, sha256, file, content_type, fetched_at, etag, last_modified, reason, code, updated_at)
        VALUES (@url, @page, @sha256, @file, @contentType, @fetchedAt, @etag, @lastModified, @reason, @code, @now)`),
    };
  }

  /** Adds the columns of later schemas to a state.sqlite written by an earlier version. */
  private migrate(): void {
    const add = (table: string, columns: [string, string][]) => {
      const present = new Set((this.db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
      for (const [name, type] of columns) if (!present.has(name)) this.db.exec(`ALTER TABLE ${table} ADD COLUMN ${name} ${type}`);
      return columns.some(([name]) => !present.has(name));
    };
    this.db.transaction(() => {
      if (add('urls', ADDED_URL_COLUMNS)) {
        // URLs found before seeds were recorded belong to the seed of their site.
        this.db.exec(`UPDATE urls SET seed = (SELECT s.url FROM urls s WHERE s.kind = 'seed' AND s.site = urls.site ORDER BY s.seq LIMIT 1) WHERE seed IS NULL`);
      }
      add('pictures', ADDED_PICTURE_COLUMNS);
      if (add('reports', ADDED_REPORT_COLUMNS)) {
        this.db.exec(`UPDATE reports SET sha256 = (SELECT u.sha256 FROM urls u WHERE u.url = reports.url) WHERE sha256 IS NULL`);
      }
    })();
  }

  add(entry: FrontierEntry): boolean {
    return this.statements.insert.run(row(entry, new Date().toISOString())).changes > 0;
  }

  prepareRun(years: [number, number], maxAttempts: number): RunPreparation {
    const now = new Date().toISOString();
    return this.db.transaction(() => {
      const kinds = REVISITED_KINDS.map((kind) => `'${kind}'`).join(', ');
      // A seed that was itself a report is a stored document: never fetched again.
      const revisits = this.db.prepare(`UPDATE urls SET status = 'pending', updated_at = ? WHERE status = 'done' AND kind IN (${kinds})
        AND url NOT IN (SELECT url FROM reports)`).run(now).changes;
      const failed = this.db.prepare(`SELECT url, reason, code, http_status AS httpStatus FROM urls WHERE status = 'failed' AND attempts < ?`)
        .all(maxAttempts) as (StoredFailure & { url: string })[];
      const retry = this.db.prepare(`UPDATE urls SET status = 'pending', updated_at = ? WHERE url = ?`);
      let retries = 0;
      for (const failure of failed) {
        if (isTransientFailure(failure)) retries += retry.run(now, failure.url).changes;
      }
      // Skips cost no request and their causes change (robots.txt rules, a larger --max-pages): checked again.
      const skipped = this.db.prepare(`SELECT url, reason, code, http_status AS httpStatus FROM urls WHERE status = 'skipped'`).all() as (StoredFailure & { url: string })[];
      for (const skip of skipped) {
        if (isRecheckedSkip(skip)) retries += retry.run(now, skip.url).changes;
      }
      const widened = this.db.prepare(`UPDATE urls SET status = 'pending', updated_at = ? WHERE status = 'deferred' AND year BETWEEN ? AND ?`).run(now, years[0], years[1]).changes;
      const narrowed = this.db.prepare(`UPDATE urls SET status = 'deferred', updated_at = ? WHERE status = 'pending' AND kind = 'report'
        AND year IS NOT NULL AND year NOT BETWEEN ? AND ?`).run(now, years[0], years[1]).changes;
      return { revisits, retries, widened, narrowed };
    })();
  }

  settings(): Record<string, unknown> | null {
    const found = this.statements.getSetting.get() as { value: string } | undefined;
    return found ? (JSON.parse(found.value) as Record<string, unknown>) : null;
  }

  saveSettings(settings: Record<string, unknown>): void {
    this.statements.setSetting.run(JSON.stringify(settings));
  }

  addSeeds(seeds: SeedRecord[]): void {
    this.db.transaction(() => {
      for (const seed of seeds) this.statements.addSeed.run(seed.url, JSON.stringify(seed.columns));
    })();
  }

  seeds(): SeedRecord[] {
    const stored = (this.statements.seeds.all() as { url: string; columns: string }[]).map((s) => ({ url: s.url, columns: JSON.parse(s.columns) as Record<string, string> }));
    if (stored.length > 0) return stored;
    // A state of the first schema: its seeds are the URLs of kind seed.
    return (this.db.prepare(`SELECT url FROM urls WHERE kind = 'seed' ORDER BY seq`).all() as { url: string }[]).map(({ url }) => ({ url, columns: {} }));
  }

  pending(afterSeq: number, limit: number): FrontierEntry[] {
    return this.statements.pending.all(afterSeq, limit) as FrontierEntry[];
  }

  fetchedUnprocessed(): FetchedEntry[] {
    return this.statements.fetchedUnprocessed.all() as FetchedEntry[];
  }

  stored(url: string): FetchedEntry | null {
    return (this.statements.stored.get(url) as FetchedEntry | undefined) ?? null;
  }

  markFetched(entry: FetchedEntry, validators: { etag: string | null; lastModified: string | null } = { etag: null, lastModified: null }): void {
    const { url, sha256, finalUrl, contentType, charset, fetchedAt, file } = entry;
    this.statements.markFetched.run({ url, sha256, finalUrl, contentType, charset, fetchedAt, file, ...validators, now: new Date().toISOString() });
  }

  finish(url: string, outcome: FinishOutcome, discovered: FrontierEntry[] = [], report?: ReportRecord): void {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      for (const entry of discovered) this.statements.insert.run(row(entry, now));
      if (report) this.statements.report.run(reportRow(report));
      this.statements.finish.run({
        url, status: outcome.status, reason: outcome.reason ?? null, code: outcome.code ?? null, httpStatus: outcome.httpStatus ?? null, attempted: outcome.attempted ? 1 : 0, now,
      });
    })();
  }

  reportBySha(sha256: string): ReportRecord | null {
    const found = this.statements.reportBySha.get(sha256) as (Omit<ReportRecord, 'alternateUrls'> & { alternateUrls: string | null }) | undefined;
    return found ? fromReportRow(found) : null;
  }

  addAlternate(reportId: string, url: string): void {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      const found = this.db.prepare(`SELECT alternate_urls AS a, url FROM reports WHERE id = ?`).get(reportId) as { a: string | null; url: string } | undefined;
      if (found && found.url !== url) {
        const alternates = found.a ? (JSON.parse(found.a) as string[]) : [];
        if (!alternates.includes(url)) alternates.push(url);
        this.statements.setAlternates.run(JSON.stringify(alternates), reportId);
      }
      this.statements.finish.run({ url, status: 'done', reason: `same document as report ${reportId}`, code: null, httpStatus: null, attempted: 0, now });
    })();
  }

  /** Fetches made (or skipped) for a site, for its page budget. */
  siteCount(site: string): number {
    return (this.statements.siteCount.get(site) as { n: number }).n;
  }

  takeBudget(site: string, _url: string, max: number): boolean {
    // One process: the URLs ended so far are the budget spent (a URL counts once it ends).
    return this.siteCount(site) < max;
  }

  reports(): ReportRecord[] {
    return (this.statements.reports.all() as (Omit<ReportRecord, 'alternateUrls'> & { alternateUrls: string | null })[]).map(fromReportRow);
  }

  picture(url: string): PictureRecord | null {
    return (this.statements.picture.get(url) as PictureRecord | undefined) ?? null;
  }

  recordPicture(record: PictureRecord): void {
    this.statements.recordPicture.run({ ...record, code: record.code ?? null, now: new Date().toISOString() });
  }

  counts(): StateCounts {
    const urls: Record<string, Record<string, number>> = {};
    for (const row of this.statements.urlCounts.all() as { kind: string; status: string; n: number }[]) {
      (urls[row.kind] ??= {})[row.status] = row.n;
    }
    const reports: Record<string, number> = {};
    for (const row of this.statements.reportCounts.all() as { status: string; n: number }[]) reports[row.status] = row.n;
    const failures = (this.statements.failures.all() as { reason: string | null; count: number }[]).map((row) => ({ reason: row.reason ?? 'unknown', count: row.count }));
    return { urls, reports, failures };
  }

  /** Each seed with its URLs (one query per seed, by the index on seed) and the reports made of them. */
  *seedRows(): Generator<SeedRows> {
    const query = this.db.prepare(`SELECT url, kind, status, reason, code, http_status AS httpStatus, year, attempts FROM urls WHERE seed = ? OR url = ? ORDER BY seq`);
    const byUrl = reportsByUrl(this.reports());
    for (const seed of this.seeds()) {
      const urls = query.all(seed.url, seed.url) as CoverageUrl[];
      yield { seed, urls, reports: reportsAt(urls, byUrl) };
    }
  }

  /** Read-only SQL over the state (tests, one-off reports); the state's own writes go through the methods. */
  query<T>(sql: string, ...params: unknown[]): T[] {
    return this.db.prepare(sql).all(...params) as T[];
  }

  close(): void {
    this.db.close();
  }
}

/** The named parameters of the insert statement. */
function row(entry: FrontierEntry, now: string) {
  const { url, kind, site, depth, title, year, parent } = entry;
  return { url, kind, site, depth, title, year, parent, seed: entry.seed ?? null, status: entry.status ?? 'pending', now };
}

function reportRow(report: ReportRecord) {
  const { id, url, agency, year, status, title, file } = report;
  return { id, url, agency, year, status, title, file, sha256: report.sha256 ?? null, alternateUrls: report.alternateUrls?.length ? JSON.stringify(report.alternateUrls) : null };
}

function fromReportRow(found: Omit<ReportRecord, 'alternateUrls'> & { alternateUrls: string | null }): ReportRecord {
  const { alternateUrls, ...rest } = found;
  return alternateUrls ? { ...rest, alternateUrls: JSON.parse(alternateUrls) as string[] } : rest;
}
