/**
 * Crawl state: the frontier, every URL's outcome and the reports made, in one SQLite file
 * (WAL). Each step of a URL is one transaction, so `kill -9` at any moment leaves a state that
 * a rerun continues from: URLs fetched but not yet processed are processed from their stored
 * original, never fetched again.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { openCheckedDatabase } from './integrity.js';

/** What a URL is to the crawl. */
export type UrlKind = 'seed' | 'hub' | 'column' | 'listing' | 'report' | 'attachment';

/** pending → fetched (original stored) → done | failed; skipped: never to be fetched (robots, budget). */
export type UrlStatus = 'pending' | 'fetched' | 'done' | 'failed' | 'skipped';

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
}

export interface FetchedEntry extends FrontierEntry {
  sha256: string;
  finalUrl: string;
  contentType: string | null;
  charset: string | null;
  fetchedAt: string;
  file: string;
}

export interface ReportRecord {
  id: string;
  url: string;
  agency: string | null;
  year: number | null;
  status: string;
  title: string | null;
  file: string;
}

export interface StateCounts {
  urls: Record<string, Record<string, number>>;
  reports: Record<string, number>;
  failures: { reason: string; count: number }[];
}

/** The store behind the crawl; a shared backend (several machines, one seed list) implements the same. */
export interface CrawlState {
  /** Adds a URL unless it was seen before; returns whether it was new. */
  add(entry: FrontierEntry): boolean;
  /** Pending URLs discovered after `afterSeq`, oldest first. */
  pending(afterSeq: number, limit: number): FrontierEntry[];
  /** URLs whose original is stored but whose processing did not finish (a kill in between). */
  fetchedUnprocessed(): FetchedEntry[];
  markFetched(entry: FetchedEntry): void;
  /** Ends a URL: done (with the links it led to, added in the same transaction) or failed. */
  finish(url: string, outcome: { status: 'done' | 'failed' | 'skipped'; reason?: string; httpStatus?: number }, discovered?: FrontierEntry[], report?: ReportRecord): void;
  /** Fetches made (or skipped) for a site, for its page budget. */
  siteCount(site: string): number;
  reports(): ReportRecord[];
  counts(): StateCounts;
  close(): void;
}

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
    `);
    this.statements = {
      insert: this.db.prepare(`INSERT OR IGNORE INTO urls (url, kind, site, depth, title, year, parent, updated_at)
        VALUES (@url, @kind, @site, @depth, @title, @year, @parent, @now)`),
      // Rows are written from entries that may carry a seq from an earlier read: the store sets it.
      pending: this.db.prepare(`SELECT seq, url, kind, site, depth, title, year, parent FROM urls WHERE status = 'pending' AND seq > ? ORDER BY seq LIMIT ?`),
      fetchedUnprocessed: this.db.prepare(`SELECT url, kind, site, depth, title, year, parent, sha256, final_url AS finalUrl, content_type AS contentType,
        charset, fetched_at AS fetchedAt, file FROM urls WHERE status = 'fetched' ORDER BY seq`),
      markFetched: this.db.prepare(`UPDATE urls SET status = 'fetched', sha256 = @sha256, final_url = @finalUrl, content_type = @contentType,
        charset = @charset, fetched_at = @fetchedAt, file = @file, updated_at = @now WHERE url = @url`),
      finish: this.db.prepare(`UPDATE urls SET status = @status, reason = @reason, http_status = @httpStatus, updated_at = @now WHERE url = @url`),
      report: this.db.prepare(`INSERT OR REPLACE INTO reports (id, url, agency, year, status, title, file) VALUES (@id, @url, @agency, @year, @status, @title, @file)`),
      siteCount: this.db.prepare(`SELECT count(*) AS n FROM urls WHERE site = ? AND status != 'pending'`),
      reports: this.db.prepare(`SELECT id, url, agency, year, status, title, file FROM reports ORDER BY id`),
      urlCounts: this.db.prepare(`SELECT kind, status, count(*) AS n FROM urls GROUP BY kind, status`),
      reportCounts: this.db.prepare(`SELECT status, count(*) AS n FROM reports GROUP BY status`),
      failures: this.db.prepare(`SELECT reason, count(*) AS count FROM urls WHERE status IN ('failed', 'skipped') GROUP BY reason ORDER BY count DESC, reason`),
    };
  }

  add(entry: FrontierEntry): boolean {
    return this.statements.insert.run(row(entry, new Date().toISOString())).changes > 0;
  }

  pending(afterSeq: number, limit: number): FrontierEntry[] {
    return this.statements.pending.all(afterSeq, limit) as FrontierEntry[];
  }

  fetchedUnprocessed(): FetchedEntry[] {
    return this.statements.fetchedUnprocessed.all() as FetchedEntry[];
  }

  markFetched(entry: FetchedEntry): void {
    const { url, sha256, finalUrl, contentType, charset, fetchedAt, file } = entry;
    this.statements.markFetched.run({ url, sha256, finalUrl, contentType, charset, fetchedAt, file, now: new Date().toISOString() });
  }

  finish(url: string, outcome: { status: 'done' | 'failed' | 'skipped'; reason?: string; httpStatus?: number }, discovered: FrontierEntry[] = [], report?: ReportRecord): void {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      for (const entry of discovered) this.statements.insert.run(row(entry, now));
      if (report) this.statements.report.run(report);
      this.statements.finish.run({ url, status: outcome.status, reason: outcome.reason ?? null, httpStatus: outcome.httpStatus ?? null, now });
    })();
  }

  siteCount(site: string): number {
    return (this.statements.siteCount.get(site) as { n: number }).n;
  }

  reports(): ReportRecord[] {
    return this.statements.reports.all() as ReportRecord[];
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

  close(): void {
    this.db.close();
  }
}

/** The named parameters of the insert statement. */
function row(entry: FrontierEntry, now: string) {
  const { url, kind, site, depth, title, year, parent } = entry;
  return { url, kind, site, depth, title, year, parent, now };
}
