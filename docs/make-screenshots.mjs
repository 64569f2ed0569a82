// Screenshots of `xxgk report` for the README: crawls the demo portal into a temporary
// directory, writes the pages, and photographs the overview and one report page in Debian's
// chromium (playwright-core). Run after `npm run build`: node docs/make-screenshots.mjs
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readdirSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { crawl, DEFAULT_CRAWL_OPTIONS } from '../dist/crawl/crawler.js';
import { startDemoPortal } from '../dist/demo/portal.js';
import { writeReportSite } from '../dist/report-page/write.js';

const docs = dirname(fileURLToPath(import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'xxgk-shots-'));
const portal = await startDemoPortal();
try {
  (await crawl([portal.url], { ...DEFAULT_CRAWL_OPTIONS, outDir: out, years: [2021, 2025], delayMs: 20 })).close();
} finally {
  await portal.close();
}
await writeReportSite(out);

const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'xxgk-chromium-')), {
  executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1180, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await context.newPage();
await page.goto(pathToFileURL(join(out, 'report', 'index.html')).href);
await page.screenshot({ path: join(docs, 'report-overview.png'), fullPage: true });

// The report read from a PDF whose totals do not add up: a figure of a failed check, clicked.
const reports = readdirSync(join(out, 'reports')).map((name) => JSON.parse(readFileSync(join(out, 'reports', name), 'utf8')));
const report = reports.find((r) => r.source.format === 'pdf' && r.checks.some((c) => !c.ok));
await page.goto(pathToFileURL(join(out, 'report', 'r', `${report.id}.html`)).href);
const cell = page.locator('td.fig[data-path="applications.results.total.total"]');
await cell.evaluate((td) => td.scrollIntoView({ block: 'end' }));
await page.mouse.wheel(0, 60);
await cell.click();
// The view as the reader has it: section 三 with the clicked figure, the panel beside it.
await page.screenshot({ path: join(docs, 'report-page.png') });
await context.close();
process.stdout.write(`screenshots in ${docs} (pages in ${out}/report/)\n`);
