/** The report page's pure parts: the printed layout of the templates, escaping, sites. */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/output/report.js';
import { html } from '../src/report-page/html.js';
import { printedTables } from '../src/report-page/layout.js';
import { Overview, siteOf } from '../src/report-page/overview.js';
import { renderReportPage } from '../src/report-page/report-view.js';
import { APPLICANT_COLUMNS, figurePaths, OTHER_AS_ONE_ROW } from '../src/template/definition.js';
import { extractFile, runXxgk, SAMPLES } from './helpers.js';

const layoutPaths = (tables: ReturnType<typeof printedTables>) => tables.flatMap((t) => t.body.flat()).filter((c) => c.path).map((c) => c.path!);

/** Slots each row of a table fills, counting the rowspans of the rows above: a table laid out right fills a rectangle. */
function rowWidths(rows: { rowSpan?: number; colSpan?: number }[][]): number[] {
  const carried: number[] = [];
  return rows.map((row, r) => {
    let width = carried[r] ?? 0;
    for (const cell of row) {
      width += cell.colSpan ?? 1;
      for (let below = 1; below < (cell.rowSpan ?? 1); below++) carried[r + below] = (carried[r + below] ?? 0) + (cell.colSpan ?? 1);
    }
    return width;
  });
}

describe('the printed layout of the templates', () => {
  it.each(['2021', '2019'] as const)('has one cell for every figure of the %s template, in printed order', (template) => {
    expect(layoutPaths(printedTables(template))).toEqual(figurePaths(template));
  });

  it.each(['2021', '2019'] as const)('fills a rectangle in every table of the %s template', (template) => {
    for (const table of printedTables(template)) {
      const widths = rowWidths([...table.head, ...table.body]);
      expect(new Set(widths).size, table.section).toBe(1);
    }
  });

  it('numbers section 三 as printed, with （六）其他处理 as one row when the report prints it so', () => {
    const [, applications] = printedTables('2021', { otherAsOneRow: true });
    const labels = applications!.body.flat().filter((c) => c.text).map((c) => c.text);
    expect(labels).toEqual(expect.arrayContaining(['一、本年新收政府信息公开申请数量', '三、本年度办理结果', '（三）不予公开', '1.属于国家秘密', '（六）其他处理', '（七）总计', '四、结转下年度继续办理']));
    const paths = layoutPaths([applications!]);
    expect(paths).toEqual(expect.arrayContaining(APPLICANT_COLUMNS.map((c) => `applications.${OTHER_AS_ONE_ROW}.${c}`)));
    expect(paths.some((p) => p.startsWith('applications.results.other.overdueFee'))).toBe(false);
  });
});

describe('escaping', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const value = `"><script>alert('x')</script>&`;
    expect(html`<td title="${value}">${value}</td>`.value).toBe(
      '<td title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</td>',
    );
  });
});

describe('a report page and the overview, as HTML', () => {
  let report: Report;
  beforeAll(async () => {
    report = await extractFile(join(SAMPLES, 'wanzhou-rsj-2023-trs-wrong-totals.html'));
  });

  it('marks the figures of failed checks and tells blank cells from figures not found', () => {
    const $ = cheerio.load(renderReportPage(report, { original: '../../raw/x.html', overview: '../index.html' }));
    const failed = report.checks.filter((check) => !check.ok);
    expect(failed.length).toBeGreaterThan(0);
    expect($('#failed-checks tr.check').map((_, tr) => $(tr).attr('data-check')).get()).toEqual(failed.map((check) => check.id));
    const bad = $('td.fig.bad').map((_, td) => $(td).attr('data-path')).get();
    // A failed row total marks its row's figures.
    const rowTotal = failed.find((check) => check.id.startsWith('applications.rowTotal.'))!;
    const row = rowTotal.id.slice('applications.rowTotal.'.length);
    expect(bad).toEqual(expect.arrayContaining(APPLICANT_COLUMNS.map((column) => `applications.${row}.${column}`)));
    expect($('td.fig').length).toBe(200);
  });

  it('groups reports by their seed when the crawl had one, else by host', () => {
    const seeded = { ...report, id: 'seeded', meta: { ...report.meta, seed: { url: 'http://www.dazhu.gov.cn/', name: '大竹县' } } } as Report;
    const hosted = { ...report, id: 'hosted', source: { ...report.source, url: 'https://www.wanzhou.gov.cn/a/b.html' } };
    expect(siteOf(seeded)).toMatchObject({ label: 'http://www.dazhu.gov.cn/ · 大竹县', url: 'http://www.dazhu.gov.cn/' });
    expect(siteOf(hosted)).toMatchObject({ label: 'www.wanzhou.gov.cn', url: 'https://www.wanzhou.gov.cn/' });
    expect(siteOf(report)).toMatchObject({ label: '(local files)', url: null });
    const overview = new Overview();
    for (const r of [seeded, hosted, report]) overview.add(r);
    const $ = cheerio.load(overview.renderIndex('now'));
    expect($('#coverage tbody tr').map((_, tr) => $(tr).attr('data-site')).get().sort()).toEqual(['(local files)', 'http://www.dazhu.gov.cn/ · 大竹县', 'www.wanzhou.gov.cn']);
    expect($('#received-data tr[data-series="本年新收政府信息公开申请数量"] td').text()).toBe(String(3 * (report.figures as any).applications.newReceived.total));
  });
});

describe('xxgk report on the command line', () => {
  it('says so when the directory has no reports, and skips documents it cannot use', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-report-cli-'));
    const empty = await runXxgk('report', dir);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/has no reports\/ folder/);

    mkdirSync(join(dir, 'reports'));
    const report = await extractFile(join(SAMPLES, 'dazhu-gov-2024-trs.html'));
    writeFileSync(join(dir, 'reports', `${report.id}.json`), JSON.stringify(report));
    writeFileSync(join(dir, 'reports', 'broken.json'), '{"id": ');
    writeFileSync(join(dir, 'reports', 'climbing.json'), JSON.stringify({ ...report, id: '../../etc/x' }));
    writeFileSync(join(dir, 'reports', 'nochecks.json'), JSON.stringify({ ...report, id: 'nochecks', checks: null }));
    const made = await runXxgk('report', dir);
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/^1 report pages; open file:/);
    expect(made.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^xxgk report: skipped broken\.json: /),
      expect.stringMatching(/^xxgk report: skipped climbing\.json: id "\.\.\/\.\.\/etc\/x" is not fit for a file name$/),
      expect.stringMatching(/^xxgk report: skipped nochecks\.json: /),
    ]);
    expect(readdirSync(join(dir, 'report', 'r'))).toEqual([`${report.id}.html`]);
  });
});
