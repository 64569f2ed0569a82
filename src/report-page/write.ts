/**
 * `xxgk report DIR`: DIR/report/index.html (the overview), reports.html (the list) and
 * r/<id>.html (a page per report), read from DIR/reports/ one document at a time, so that
 * thousands of reports need no more memory than their one-line summaries.
 */
import { opendir, readFile, rm } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { writeFileAtomic } from '../lib/fs.js';
import type { Report } from '../output/report.js';
import { hrefOf } from './html.js';
import { Overview } from './overview.js';
import { renderReportPage } from './report-view.js';

export interface ReportSiteResult {
  /** DIR/report/index.html */
  index: string;
  pages: number;
  /** Documents left out, with why (not JSON, not a report, an id unfit for a file name). */
  skipped: string[];
}

/** Report ids become file names: the tool's own ids are hex; anything else is refused. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** source.file as the tool writes it: raw/<name> under the output directory, nothing that climbs out. */
const STORED_FILE = /^raw\/[A-Za-z0-9._-]+$/;

export async function writeReportSite(dir: string): Promise<ReportSiteResult> {
  const reportsDir = join(dir, 'reports');
  const outDir = join(dir, 'report');
  // Names only are held (sorted, so that the pages come out the same on every run); documents are read one at a time.
  const names: string[] = [];
  const listing = await opendir(reportsDir).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT' ? new Error(`${dir} has no reports/ folder: give the output directory of \`xxgk crawl\` or \`xxgk extract --out\``) : error;
  });
  for await (const entry of listing) if (entry.isFile() && entry.name.endsWith('.json')) names.push(entry.name);
  names.sort();
  await rm(join(outDir, 'r'), { recursive: true, force: true });

  const overview = new Overview();
  const skipped: string[] = [];
  for (const name of names) {
    let report: Report;
    try {
      report = JSON.parse(await readFile(join(reportsDir, name), 'utf8')) as Report;
    } catch (error) {
      skipped.push(`${name}: ${(error as Error).message}`);
      continue;
    }
    if (typeof report !== 'object' || report === null || typeof report.id !== 'string' || !report.extraction || !report.meta || !report.source || !report.figures) {
      skipped.push(`${name}: not a report document`);
      continue;
    }
    if (!SAFE_ID.test(report.id)) {
      skipped.push(`${name}: id ${JSON.stringify(report.id.slice(0, 40))} is not fit for a file name`);
      continue;
    }
    const file = report.source.file;
    const original = typeof file === 'string' && STORED_FILE.test(file) ? hrefOf('..', '..', ...file.split(posix.sep)) : null;
    let pageHtml: string;
    try {
      pageHtml = renderReportPage(report, { original, overview: '../index.html' });
    } catch (error) {
      // A document that is not of the contract's shape (edited, or of another version) is left out, not fatal.
      skipped.push(`${name}: ${(error as Error).message}`);
      continue;
    }
    await writeFileAtomic(join(outDir, 'r', `${report.id}.html`), pageHtml);
    overview.add(report);
  }
  const index = join(outDir, 'index.html');
  await writeFileAtomic(join(outDir, 'reports.html'), overview.renderList());
  await writeFileAtomic(index, overview.renderIndex(new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC'));
  return { index, pages: overview.lines.length, skipped };
}
