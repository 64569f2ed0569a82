/**
 * `xxgk report DIR` in a real headless browser (Debian's chromium driven by playwright-core):
 * a crawl of the demo portal, plus a 2019-template report, a report that could not be read and
 * a report whose text is hostile markup, made into pages that are opened from disk.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawl, DEFAULT_CRAWL_OPTIONS } from '../src/crawl/crawler.js';
import { startDemoPortal } from '../src/demo/portal.js';
import { figurePaths } from '../src/template/definition.js';
import { FIXTURES, flatten, runXxgk, SAMPLES } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const BROWSER_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`report page tests skipped: no ${CHROMIUM} (Debian package chromium; .ci/run installs it)`);

const HOSTILE = '<script>window.__pwned = 1</script><img src="https://evil.invalid/x.png" onerror="window.__pwned = 2">"\'&';

interface Problems {
  errors: string[];
  requests: string[];
}

describe.skipIf(!hasChromium)('xxgk report: the pages in a headless browser', () => {
  let outDir: string;
  let reports: any[];
  let context: BrowserContext;
  const problems: Problems = { errors: [], requests: [] };

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'xxgk-report-'));
    const portal = await startDemoPortal();
    try {
      (await crawl([portal.url], { ...DEFAULT_CRAWL_OPTIONS, outDir, years: [2021, 2025], delayMs: 20, fetcher: { backoffMs: 50, timeoutMs: 10_000 } })).close();
    } finally {
      await portal.close();
    }
    // A 2019-template report and a report that could not be read, in the same directory.
    await runXxgk('extract', join(SAMPLES, 'anxi-jtj-2020-template2019-gb2312.html'), join(FIXTURES, 'bad', 'tables-as-images.html'), '--out', outDir);
    // A report whose texts are markup meant to run: a copy of a real one with a new id.
    const reportsDir = join(outDir, 'reports');
    const base = readdirSync(reportsDir).map((name) => JSON.parse(readFileSync(join(reportsDir, name), 'utf8')))
      // A report read whole: ids follow the crawl's URLs (their port), so the unreadable one may come first.
      .find((r) => r.template === '2021' && r.extraction.status === 'ok');
    const hostile = { ...base, id: 'hostile0000000000000', meta: { ...base.meta, seed: undefined, title: `报告${HOSTILE}`, agency: HOSTILE } }; // not from the crawl's seed
    hostile.extraction = { ...base.extraction, warnings: [HOSTILE], provenance: { ...base.extraction.provenance } };
    hostile.extraction.provenance['applications.newReceived.total'] = { ...hostile.extraction.provenance['applications.newReceived.total'], raw: `</script>${HOSTILE}` };
    hostile.source = { ...base.source, url: 'javascript:alert(1)' };
    writeFileSync(join(reportsDir, 'hostile0000000000000.json'), JSON.stringify(hostile));
    reports = readdirSync(reportsDir).map((name) => JSON.parse(readFileSync(join(reportsDir, name), 'utf8')));

    const made = await runXxgk('report', outDir);
    expect(made.stderr).toBe('');
    expect(made.stdout).toMatch(/^12 report pages; open file:\/\/.*\/report\/index\.html\n$/);

    context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'xxgk-chromium-')), {
      executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS, viewport: { width: 1280, height: 900 },
    });
    context.on('request', (request) => {
      if (!request.url().startsWith('file://')) problems.requests.push(request.url());
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
  });

  async function open(path: string): Promise<Page> {
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.errors.push(`${path}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.errors.push(`${path}: ${error.message}`));
    await page.goto(pathToFileURL(join(outDir, 'report', path)).href);
    return page;
  }

  const byYear = <T>(pick: (report: any) => T | null) => {
    const out = new Map<number, T[]>();
    for (const report of reports) {
      const value = pick(report);
      if (report.meta.year === null || report.extraction.status === 'failed' || value === null) continue;
      out.set(report.meta.year, [...(out.get(report.meta.year) ?? []), value]);
    }
    return out;
  };
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

  it('the overview counts the reports by site and year as the JSON documents do', async () => {
    const page = await open('index.html');
    const coverage = await page.$$eval('#coverage tbody tr', (rows) => rows.map((row) => ({
      site: row.getAttribute('data-site'),
      cells: Object.fromEntries<number>([...row.querySelectorAll('td[data-year]')].map((td) => [td.getAttribute('data-year') ?? '', Number(td.textContent)])),
    })));
    const expected = new Map<string, Record<string, number>>();
    for (const report of reports) {
      // The overview's rule: the crawl's seed where the report has one, else the host of its URL.
      const seed = (report.meta as { seed?: { url?: string } }).seed?.url;
      const site = seed ?? (report.source.url?.startsWith('http') ? new URL(report.source.url).host : '(local files)');
      const counts = expected.get(site) ?? {};
      const year = report.meta.year === null ? 'no year' : String(report.meta.year);
      counts[year] = (counts[year] ?? 0) + 1;
      expected.set(site, counts);
    }
    expect(coverage.map((row) => row.site).sort()).toEqual([...expected.keys()].sort());
    for (const row of coverage) {
      const want = expected.get(row.site!)!;
      expect(Object.fromEntries(Object.entries(row.cells).filter(([, n]) => n > 0))).toEqual(want);
    }
    const demo = coverage.find((row) => row.site !== '(local files)')!;
    expect(demo.cells).toEqual({ '2020': 0, '2021': 1, '2022': 2, '2023': 2, '2024': 4 });
    await page.close();
  });

  it('charts applications received and their outcomes per year, with the figures of the JSON documents', async () => {
    const page = await open('index.html');
    const table = (id: string) => page.$$eval(`#${id} tbody tr[data-series]`, (rows) => Object.fromEntries(rows.map((row) => [
      row.getAttribute('data-series'), [...row.querySelectorAll('td')].map((td) => Number(td.textContent)),
    ])));
    const years = await page.$$eval('#received-data thead th', (ths) => ths.slice(1).map((th) => Number(th.textContent)));
    const perYear = (pattern: RegExp) => {
      const sums = byYear((report) => sum(Object.entries(flatten(report.figures)).filter(([path]) => pattern.test(path)).map(([, value]) => (value as number | null) ?? 0)));
      return years.map((year) => sum(sums.get(year) ?? []));
    };
    const received = await table('received-data');
    const outcomes = await table('outcomes-data');
    expect(years).toEqual([2020, 2021, 2022, 2023, 2024]);
    expect(received['本年新收政府信息公开申请数量']).toEqual(perYear(/^applications\.newReceived\.total$/));
    expect(received['上年结转政府信息公开申请数量']).toEqual(perYear(/^applications\.carriedOver\.total$/));
    expect(outcomes['予以公开']).toEqual(perYear(/^applications\.results\.granted\.total$/));
    expect(outcomes['不予公开']).toEqual(perYear(/^applications\.results\.denied\.[a-zA-Z]+\.total$/));
    expect(outcomes['其他处理']).toEqual(perYear(/^applications\.results\.other\.[a-zA-Z]+\.total$/));
    expect(outcomes['结转下年度继续办理']).toEqual(perYear(/^applications\.carriedForward\.total$/));
    // 广安 450 + 大竹, 平阳, 三汇 on 2024: the sum is real, not zero.
    expect(received['本年新收政府信息公开申请数量']![years.indexOf(2024)]).toBeGreaterThan(450);
    // The charts are drawn by Chart.js (inlined) from the same figures.
    const charted = await page.evaluate(() => {
      const chart = (window as any).Chart.getChart('chart-received');
      return { labels: chart.data.labels, first: chart.data.datasets[0].data, drawn: chart.chartArea.width > 0 };
    });
    expect(charted).toEqual({ labels: years.map(String), first: received['本年新收政府信息公开申请数量'], drawn: true });
    await page.close();
  });

  it('lists the checks that fail most with the reports behind them', async () => {
    const page = await open('index.html');
    const rows = await page.$$eval('#failing-checks tbody tr', (trs) => trs.map((tr) => ({
      id: tr.getAttribute('data-check'),
      failed: Number(tr.querySelector('td.failed')!.textContent),
      ran: Number(tr.querySelector('td.ran')!.textContent),
      links: [...tr.querySelectorAll('a')].map((a) => a.getAttribute('href')),
    })));
    const failing = new Map<string, string[]>();
    const ran = new Map<string, number>();
    for (const report of reports) {
      for (const check of report.checks) {
        ran.set(check.id, (ran.get(check.id) ?? 0) + 1);
        if (!check.ok) failing.set(check.id, [...(failing.get(check.id) ?? []), report.id]);
      }
    }
    expect(rows.map((row) => row.id).sort()).toEqual([...failing.keys()].sort());
    for (const row of rows) {
      expect(row.failed).toBe(failing.get(row.id!)!.length);
      expect(row.ran).toBe(ran.get(row.id!));
      expect(row.links.sort()).toEqual(failing.get(row.id!)!.map((id) => `r/${id}.html`).sort());
    }
    expect(rows[0]!.failed).toBeGreaterThanOrEqual(rows[rows.length - 1]!.failed);
    await page.close();
  });

  it('shows every figure of every report in its printed table, equal to the JSON', async () => {
    for (const report of reports) {
      const page = await open(`r/${report.id}.html`);
      const cells = await page.$$eval('td.fig', (tds) => tds.map((td) => [td.getAttribute('data-path'), td.textContent, td.getAttribute('data-null')]));
      if (report.extraction.status === 'failed') {
        expect(cells).toEqual([]);
        expect(await page.textContent('main')).toContain(report.extraction.reason);
      } else {
        const figures = flatten(report.figures);
        expect(cells.map(([path]) => path).sort()).toEqual([...figurePaths(report.template)].sort());
        for (const [path, text, nullReason] of cells) {
          const value = figures[path!];
          expect(text, path!).toBe(value === null ? '' : String(value));
          if (value === null) expect(nullReason, path!).toMatch(/^(blank|unreadable|not found)$/);
        }
      }
      await page.close();
    }
  }, 60_000);

  it('prints the 2019 template with its own rows', async () => {
    const report = reports.find((r) => r.template === '2019');
    const page = await open(`r/${report.id}.html`);
    const labels = await page.$$eval('table[data-section="proactive"] th', (ths) => ths.map((th) => th.textContent));
    expect(labels).toEqual(expect.arrayContaining(['其他对外管理服务事项', '政府集中采购', '采购项目数量', '本年增/减']));
    const other = await page.$$eval('table[data-section="applications"] th', (ths) => ths.map((th) => th.textContent));
    expect(other).toContain('（六）其他处理');
    expect(await page.getAttribute('td.fig[data-path="proactive.licensing.changeThisYear"]', 'data-value')).toBe(String(report.figures.proactive.licensing.changeThisYear));
    await page.close();
  });

  it('shows where a figure came from and its checks when its cell is clicked', async () => {
    const report = reports.find((r) => r.source.format === 'pdf' && r.checks.some((check: any) => !check.ok));
    const path = 'applications.results.total.total';
    const where = report.extraction.provenance[path];
    const page = await open(`r/${report.id}.html`);
    expect(await page.isVisible('#panel dl')).toBe(false);
    await page.click(`td.fig[data-path="${path}"]`);
    const panel = await page.$eval('#panel', (aside) => ({
      heading: aside.querySelector('h2')!.textContent,
      fields: Object.fromEntries([...aside.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling!.textContent])),
      checks: [...aside.querySelectorAll('li[data-check]')].map((li) => [li.getAttribute('data-check'), li.className]),
      original: aside.querySelector('a')!.getAttribute('href'),
    }));
    expect(panel.heading).toBe(path);
    expect(panel.fields).toMatchObject({
      value: String(report.figures.applications.results.total.total),
      'raw text': JSON.stringify(where.raw),
      'table / row / col': `${where.table} / ${where.row} / ${where.col}`,
      page: String(where.page),
      'box (pt)': [where.box.x0, where.box.y0, where.box.x1, where.box.y1].join(', '),
    });
    // （七）总计's 总计 is summed by three identities of the template.
    const result = (id: string) => (report.checks.find((check: any) => check.id === id).ok ? 'ok' : 'fail');
    expect(panel.checks).toEqual(['applications.balance.total', 'applications.resultsSum.total', 'applications.rowTotal.results.total'].map((id) => [id, result(id)]));
    expect(panel.checks.some(([, state]) => state === 'fail')).toBe(true);
    // The link to the stored original, at the figure's page.
    expect(panel.original).toBe(`../../${report.source.file}#page=${where.page}`);
    const stored = fileURLToPath(new URL(panel.original!.replace(/#.*/, ''), page.url()));
    expect(readFileSync(stored).equals(readFileSync(join(outDir, report.source.file)))).toBe(true);
    // Hovering a failed check marks the figures it sums.
    const failed = report.checks.find((check: any) => !check.ok && check.id.startsWith('applications.rowTotal.'));
    await page.hover(`#failed-checks tr[data-check="${failed.id}"]`);
    const marked = await page.$$eval('td.fig.term', (tds) => tds.map((td) => td.getAttribute('data-path')));
    const row = failed.id.slice('applications.rowTotal.'.length);
    expect(marked.sort()).toEqual(Object.keys(flatten(report.figures)).filter((p) => p.startsWith(`applications.${row}.`)).sort());
    await page.close();
  });

  it('shows hostile text as text: nothing of it runs or loads', async () => {
    for (const path of ['index.html', 'reports.html', 'r/hostile0000000000000.html']) {
      const page = await open(path);
      expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
      expect(await page.$$eval('img', (imgs) => imgs.length)).toBe(0);
      // Shown as text where the report is named (the index names only reports behind failed checks).
      if (path !== 'index.html') expect((await page.innerText('main')).includes(HOSTILE)).toBe(true);
      if (path.startsWith('r/')) {
        expect(await page.$$eval('a[href^="javascript:"]', (links) => links.length)).toBe(0);
        await page.click('td.fig[data-path="applications.newReceived.total"]');
        expect(await page.textContent('#panel pre.raw')).toBe(JSON.stringify(`</script>${HOSTILE}`));
        expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
      }
      await page.close();
    }
  });

  it('loads with no console errors and no request beyond file://', () => {
    expect(problems.errors).toEqual([]);
    expect(problems.requests).toEqual([]);
  });
});
