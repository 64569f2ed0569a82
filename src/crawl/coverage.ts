/**
 * Per-seed coverage of a crawl, from its state: the columns found, reports per year, failures
 * by reason and a diagnosis (diagnose.ts), so that "no reports" can be told apart from "xxgk
 * could not find them". Written as DIR/sites.csv at the end of every crawl and printed by
 * `xxgk status DIR --by-site`.
 */
import { stringify } from 'csv-stringify/sync';
import { join } from 'node:path';
import { writeFileAtomic } from '../lib/fs.js';
import { isFirewalled, isTransientFailure, reportsByUrl, type CrawlState, type SeedRows } from '../store/state.js';
import { diagnose, reasonCategory, type SeedFacts } from './diagnose.js';

export interface SeedCoverage {
  seed: string;
  /** The seed file's own columns for this seed. */
  columns: Record<string, string>;
  diagnosis: string;
  columnUrls: string[];
  reportsByYear: Map<number, number>;
  failuresByReason: Map<string, number>;
  facts: SeedFacts;
}

/** Coverage of every seed of the state (SQLite or shared), in the order the seeds were given. */
export async function seedCoverage(state: Pick<CrawlState, 'seedRows'>, maxAttempts: number): Promise<SeedCoverage[]> {
  const coverage: SeedCoverage[] = [];
  for await (const rows of state.seedRows()) coverage.push(coverageOf(rows, maxAttempts));
  return coverage;
}

/** One seed's coverage from its rows: pure. */
export function coverageOf({ seed: { url: seed, columns }, urls, reports }: SeedRows, maxAttempts: number): SeedCoverage {
  const self = urls.find((row) => row.url === seed);
  const failed = urls.filter((row) => row.status === 'failed' || row.status === 'skipped');
  const reportLinks = urls.filter((row) => row.kind === 'report' && row.status !== 'deferred');
  const failedReports = reportLinks.filter((row) => row.status === 'failed' || row.status === 'skipped');
  const attachments = urls.filter((row) => row.kind === 'attachment');
  const reportUrls = reportsByUrl(reports);
  const firewalled = failed.filter((row) => isFirewalled(row));
  const facts: SeedFacts = {
    seedStatus: self?.status ?? 'pending',
    seedReason: self?.reason ?? null,
    seedHttpStatus: self?.httpStatus ?? null,
    columns: urls.filter((row) => row.kind === 'column' && row.status === 'done').length,
    reportLinks: reportLinks.length,
    reportLinksFailed: failedReports.length,
    reportFailureReason: mostFrequent(failedReports.map((row) => row.reason ?? 'unknown')),
    deferredYears: [...new Set(urls.filter((row) => row.status === 'deferred' && row.year !== null).map((row) => row.year!))].sort(),
    reports: reports.length,
    reportsRead: reports.filter((report) => report.status !== 'failed').length,
    attachments: attachments.length,
    attachmentsFailed: attachments.filter((row) => row.status === 'failed' || reportUrls.get(row.url)?.status === 'failed').length,
    retryable: failed.filter((row) => row.status === 'failed' && row.attempts < maxAttempts && isTransientFailure(row)).length,
    pending: urls.filter((row) => row.status === 'pending' || row.status === 'fetched').length,
    firewalled: firewalled.length,
    firewallReason: firewalled[0]?.reason ?? null,
  };
  const reportsByYear = new Map<number, number>();
  for (const report of reports) if (report.year !== null) reportsByYear.set(report.year, (reportsByYear.get(report.year) ?? 0) + 1);
  const failuresByReason = new Map(byCount(failed.map((row) => reasonCategory(row.reason))));
  return {
    seed, columns, diagnosis: diagnose(facts), facts, reportsByYear, failuresByReason,
    columnUrls: urls.filter((row) => row.kind === 'column' && row.status === 'done').map((row) => row.url),
  };
}

/** Each value with its count, the most frequent first, ties by value: the same whatever the order URLs were found in. */
function byCount(values: string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function mostFrequent(values: string[]): string | null {
  return byCount(values)[0]?.[0] ?? null;
}

const formatCounts = (counts: Map<string | number, number>) => [...counts].map(([key, n]) => `${key}: ${n}`).join('; ');

/** sites.csv: a line per seed; `years` gives a reports_<year> column each (with any other year found). */
export function sitesCsv(coverage: SeedCoverage[], years: [number, number]): string {
  const extraColumns = [...new Set(coverage.flatMap((site) => Object.keys(site.columns)))].filter((name) => name !== 'url');
  const allYears = new Set<number>();
  for (let year = years[0]; year <= years[1]; year++) allYears.add(year);
  for (const site of coverage) for (const year of site.reportsByYear.keys()) allYears.add(year);
  const yearList = [...allYears].sort();
  const header = [
    'seed', ...extraColumns, 'diagnosis', 'columns_found', 'column_urls', 'report_links', 'reports', 'reports_read',
    ...yearList.map((year) => `reports_${year}`), 'outside_years', 'failed', 'failures_by_reason', 'to_retry', 'pending',
  ];
  const rows = coverage.map((site) => [
    site.seed, ...extraColumns.map((name) => site.columns[name] ?? ''), site.diagnosis, site.columnUrls.length, site.columnUrls.join(' '),
    site.facts.reportLinks, site.facts.reports, site.facts.reportsRead, ...yearList.map((year) => site.reportsByYear.get(year) ?? 0),
    site.facts.deferredYears.join(' '), [...site.failuresByReason.values()].reduce((a, b) => a + b, 0), formatCounts(site.failuresByReason),
    site.facts.retryable, site.facts.pending,
  ]);
  return stringify([header, ...rows], { cast: { number: (n) => String(n) } });
}

/** Writes DIR/sites.csv. */
export async function writeSitesCsv(outDir: string, state: Pick<CrawlState, 'seedRows'>, years: [number, number], maxAttempts: number): Promise<void> {
  await writeFileAtomic(join(outDir, 'sites.csv'), sitesCsv(await seedCoverage(state, maxAttempts), years));
}

/** The text of `xxgk status --by-site`: a block per seed. */
export function formatCoverage(coverage: SeedCoverage[]): string {
  const lines: string[] = [];
  for (const site of coverage) {
    const own = Object.entries(site.columns).filter(([name]) => name !== 'url').map(([name, value]) => `${name}=${value}`).join(' ');
    lines.push(`${site.seed}${own ? `  (${own})` : ''}`);
    lines.push(`  diagnosis: ${site.diagnosis}`);
    lines.push(`  columns:   ${site.columnUrls.length}${site.columnUrls.length ? ` (${site.columnUrls.join(' ')})` : ''}`);
    const years = [...site.reportsByYear].sort((a, b) => a[0] - b[0]).map(([year, n]) => `${year}: ${n}`).join(', ');
    lines.push(`  reports:   ${site.facts.reports}${years ? ` (${years})` : ''}${site.facts.deferredYears.length ? `; outside --years: ${site.facts.deferredYears.join(', ')}` : ''}`);
    if (site.failuresByReason.size > 0) lines.push(`  failed:    ${formatCounts(site.failuresByReason)}`);
  }
  return lines.join('\n') + '\n';
}
