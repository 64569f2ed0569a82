/**
 * What a researcher can do about a seed's coverage: one sentence from the facts of its crawl.
 * Pure, so that the rules can be read and tested on their own; the facts come from the state
 * (coverage.ts). The rules go from the seed itself (robots, firewall, unreachable) to what it
 * led to (columns, report links, attachments), so the first obstacle met is the one named.
 */

/** The facts of one seed's crawl that the diagnosis reads. */
export interface SeedFacts {
  /** Status of the seed URL itself, with its failure reason and HTTP status. */
  seedStatus: string;
  seedReason: string | null;
  seedHttpStatus: number | null;
  /** Annual-report columns found (pages of kind column). */
  columns: number;
  /** Report links of the run's years, and how many of them failed (fetch or firewall). */
  reportLinks: number;
  reportLinksFailed: number;
  /** The most frequent failure reason of those report links. */
  reportFailureReason: string | null;
  /** Report links outside the run's years (recorded, not fetched), by year. */
  deferredYears: number[];
  /** Reports made, and how many of them were read (status ok or partial). */
  reports: number;
  reportsRead: number;
  /** Attachments followed from report pages, and how many could not be fetched or read. */
  attachments: number;
  attachmentsFailed: number;
  /** Failures of the seed's URLs that a rerun retries, and URLs not visited yet. */
  retryable: number;
  pending: number;
  /** Pages of the seed refused by a script-challenge firewall, with the first such reason. */
  firewalled: number;
  firewallReason: string | null;
}

/** The diagnosis: "ok", or the obstacle to act on. */
export function diagnose(facts: SeedFacts): string {
  const seedReason = facts.seedReason ?? '';
  if (facts.seedStatus === 'skipped' && /^robots\.txt disallows/.test(seedReason)) return 'robots.txt forbids';
  if (/^robots\.txt unreachable/.test(seedReason)) {
    return `robots.txt unreachable (${facts.retryable > 0 ? 'rerun later to retry' : 'given up: failed in --max-attempts runs'})`;
  }
  if (/^waf-challenge/.test(seedReason)) return firewall(seedReason, facts.seedHttpStatus);
  if (facts.seedStatus === 'failed') return `home page unreachable (${seedReason || 'unknown'})${facts.retryable > 0 ? '; rerun later to retry' : ''}`;
  if (facts.seedStatus === 'pending' || facts.seedStatus === 'fetched') return 'not crawled yet (rerun to continue)';

  const unfinished = facts.pending > 0 ? '; not finished (rerun to continue)' : facts.retryable > 0 ? `; ${facts.retryable} to retry (rerun later)` : '';
  if (facts.reportsRead > 0) {
    if (facts.reportLinksFailed > 0) return `partial: ${facts.reportLinksFailed} of ${facts.reportLinks} report links failed (${facts.reportFailureReason ?? 'unknown'})${unfinished}`;
    return `ok${unfinished}`;
  }
  if (facts.attachments > 0 && facts.attachmentsFailed > 0) return `reports only as attachments that could not be read${unfinished}`;
  if (facts.reports > 0) return `reports found but none could be read (${facts.reports} failed extraction)`;
  if (facts.reportLinks > 0) {
    if (facts.firewalled > 0 && facts.reportLinksFailed > 0) return firewall(facts.firewallReason ?? '', null);
    return `report pages failed (${facts.reportFailureReason ?? 'unknown'})${unfinished}`;
  }
  if (facts.deferredYears.length > 0) return `reports only outside --years (${facts.deferredYears.join(', ')}): widen --years`;
  if (facts.columns > 0) return `annual-report column found but no report listed in it (a listing family xxgk does not read: add a profile)${unfinished}`;
  if (facts.firewalled > 0) return firewall(facts.firewallReason ?? '', null);
  return `no annual-report column found (add a profile)${unfinished}`;
}

/** The firewall named by its kind and status, as the fetcher recorded it. */
function firewall(reason: string, httpStatus: number | null): string {
  if (/412/.test(reason) || httpStatus === 412) return 'script-challenge firewall (412)';
  if (/521/.test(reason) || httpStatus === 521) return 'cookie-script firewall (521)';
  if (/WZWS/i.test(reason)) return 'WZWS challenge firewall (redirect)';
  return 'script-challenge firewall';
}

/** A failure reason without its details ("ECONNREFUSED: connect … 127.0.0.1:80" → "ECONNREFUSED"), to count by. */
export function reasonCategory(reason: string | null): string {
  if (!reason) return 'unknown';
  return reason.split(/[:(]/)[0]!.trim() || reason;
}
