/**
 * The overview of a whole output directory, gathered one report at a time (only counts and
 * one short line per report are kept): coverage by site and year, the checks that fail most
 * and the reports behind them, applications received and their outcomes per year.
 */
import { flattenFigures, type Report } from '../output/report.js';
import { APPLICATION_ROWS, OTHER_AS_ONE_ROW, RESULT_GROUP_LABELS, TEMPLATE_IDS, type ApplicationRow } from '../template/definition.js';
import { chartJsSource, CHARTS_SCRIPT, CSS } from './assets.js';
import { html, hrefOf, jsonData, page } from './html.js';
import { safeHttpUrl, seedOf } from './report-view.js';

/** Where a report was found: its seed when the crawl had one, else the host of its URL. */
export interface Site {
  key: string;
  label: string;
  /** A link for the site (the seed or the host), http(s) only. */
  url: string | null;
}

export function siteOf(report: Report): Site {
  const seed = seedOf(report);
  if (seed?.url) {
    const others = Object.entries(seed).filter(([key]) => key !== 'url').map(([, value]) => value);
    return { key: `seed ${seed.url}`, label: [seed.url, ...others].join(' · '), url: safeHttpUrl(seed.url) };
  }
  const url = safeHttpUrl(report.source.url);
  if (url) {
    const { protocol, host } = new URL(url);
    return { key: `host ${host}`, label: host, url: `${protocol}//${host}/` };
  }
  return { key: 'local', label: '(local files)', url: null };
}

/** The series of the charts: a label and the `applications.<row>.total` rows summed into it. */
interface Series {
  label: string;
  rows: Set<string>;
}

/** Every section 三 row path of either template, by what it counts: its own label, or its result group's. */
function seriesFromDefinition(): { received: Series[]; outcomes: Series[] } {
  const rows = new Map<string, ApplicationRow>();
  for (const template of TEMPLATE_IDS) for (const row of APPLICATION_ROWS[template]) rows.set(row.path, row);
  const received: Series[] = [];
  const outcomes = new Map<string, Series>();
  let forward: Series | undefined;
  for (const row of rows.values()) {
    const group = row.group ?? (row.path === OTHER_AS_ONE_ROW ? 'other' : undefined);
    const own: Series = { label: row.labels[0] ?? row.path, rows: new Set([row.path]) };
    if (row.path === 'results.total') continue;
    if (!row.path.startsWith('results.')) {
      // Carried forward goes with the outcomes, last: it is what stays open.
      if (row.path === 'carriedForward') forward = own;
      else received.push(own);
    } else if (group) {
      const series = outcomes.get(group) ?? { label: RESULT_GROUP_LABELS[group][0]!, rows: new Set<string>() };
      series.rows.add(row.path);
      outcomes.set(group, series);
    } else outcomes.set(row.path, own);
  }
  return { received, outcomes: [...outcomes.values(), ...(forward ? [forward] : [])] };
}

const SERIES = seriesFromDefinition();

interface ReportLine {
  id: string;
  title: string;
  agency: string | null;
  year: number | null;
  site: string;
  status: string;
  template: string;
  failed: number;
}

interface CheckTally {
  ran: number;
  failed: string[];
}

interface YearTally {
  reports: number;
  received: number[];
  outcomes: number[];
}

const NO_YEAR = 'no year';

export class Overview {
  private readonly sites = new Map<string, { site: Site; years: Map<string, Record<'ok' | 'partial' | 'failed', number>> }>();
  private readonly checks = new Map<string, CheckTally>();
  private readonly years = new Map<number, YearTally>();
  readonly lines: ReportLine[] = [];
  private readonly titles = new Map<string, string>();

  /** Counts one report in; its page is at `r/<id>.html`. */
  add(report: Report): void {
    const site = siteOf(report);
    const entry = this.sites.get(site.key) ?? { site, years: new Map() };
    this.sites.set(site.key, entry);
    const yearKey = report.meta.year === null ? NO_YEAR : String(report.meta.year);
    const counts = entry.years.get(yearKey) ?? { ok: 0, partial: 0, failed: 0 };
    counts[report.extraction.status]++;
    entry.years.set(yearKey, counts);

    for (const check of report.checks) {
      const tally = this.checks.get(check.id) ?? { ran: 0, failed: [] };
      tally.ran++;
      if (!check.ok) tally.failed.push(report.id);
      this.checks.set(check.id, tally);
    }

    if (report.meta.year !== null && report.extraction.status !== 'failed') {
      const tally = this.years.get(report.meta.year) ?? { reports: 0, received: SERIES.received.map(() => 0), outcomes: SERIES.outcomes.map(() => 0) };
      tally.reports++;
      for (const [path, value] of flattenFigures(report.figures)) {
        if (value === null || !path.startsWith('applications.') || !path.endsWith('.total')) continue;
        const row = path.slice('applications.'.length, -'.total'.length);
        SERIES.received.forEach((series, i) => { if (series.rows.has(row)) tally.received[i]! += value; });
        SERIES.outcomes.forEach((series, i) => { if (series.rows.has(row)) tally.outcomes[i]! += value; });
      }
      this.years.set(report.meta.year, tally);
    }

    const title = report.meta.title ?? report.meta.agency ?? report.id;
    this.titles.set(report.id, title);
    this.lines.push({
      id: report.id, title, agency: report.meta.agency, year: report.meta.year, site: site.label,
      status: report.extraction.status, template: report.template, failed: report.checks.filter((check) => !check.ok).length,
    });
  }

  /** DIR/report/index.html. */
  renderIndex(generatedAt: string): string {
    const years = [...new Set([...this.sites.values()].flatMap(({ years }) => [...years.keys()]))]
      .sort((a, b) => (a === NO_YEAR ? 1 : b === NO_YEAR ? -1 : Number(a) - Number(b)));
    const sites = [...this.sites.values()].sort((a, b) => a.site.label.localeCompare(b.site.label));
    const total = this.lines.length;
    const statusCount = (status: string) => this.lines.filter((line) => line.status === status).length;

    const coverage = html`<table class="coverage" id="coverage"><thead><tr><th>site</th>${years.map((year) => html`<th>${year}</th>`)}<th>all</th></tr></thead><tbody>
${sites.map(({ site, years: counts }) => {
  let all = 0;
  const cells = years.map((year) => {
    const c = counts.get(year);
    const n = c ? c.ok + c.partial + c.failed : 0;
    all += n;
    if (!c) return html`<td class="num zero" data-year="${year}">0</td>`;
    const cls = c.failed > 0 ? 'failed' : c.partial > 0 ? 'partial' : '';
    return html`<td class="num ${cls}" data-year="${year}" title="ok ${c.ok}, partial ${c.partial}, failed ${c.failed}">${n}</td>`;
  });
  return html`<tr data-site="${site.label}"><th class="label">${site.url ? html`<a href="${site.url}" rel="noopener noreferrer">${site.label}</a>` : site.label}</th>${cells}<td class="num all">${all}</td></tr>\n`;
})}</tbody></table>`;

    const failing = [...this.checks].filter(([, tally]) => tally.failed.length > 0)
      .sort((a, b) => b[1].failed.length - a[1].failed.length || a[0].localeCompare(b[0])).slice(0, 30);
    const SHOWN = 20;
    const checksTable = failing.length === 0 ? html`<p class="muted">no check failed</p>` : html`<table id="failing-checks"><thead><tr><th>check</th><th>failed</th><th>ran</th><th>reports behind it</th></tr></thead><tbody>
${failing.map(([id, tally]) => html`<tr data-check="${id}"><td><code>${id}</code></td><td class="num failed">${tally.failed.length}</td><td class="num ran">${tally.ran}</td><td><ul class="reports">${tally.failed.slice(0, SHOWN).map((reportId) => html`<li><a href="${hrefOf('r', `${reportId}.html`)}">${this.titles.get(reportId)}</a></li>`)}${tally.failed.length > SHOWN ? html`<li class="muted">and ${tally.failed.length - SHOWN} more (see <a href="reports.html">all reports</a>)</li>` : ''}</ul></td></tr>\n`)}
</tbody></table>`;

    const yearList = [...this.years.keys()].sort((a, b) => a - b);
    const seriesRows = (series: Series[], pick: (tally: YearTally) => number[], id: string) => html`<table class="chart-data" id="${id}"><thead><tr><th></th>${yearList.map((year) => html`<th>${year}</th>`)}</tr></thead><tbody>
${series.map((s, i) => html`<tr data-series="${s.label}"><th class="label">${s.label}</th>${yearList.map((year) => html`<td class="num">${round(pick(this.years.get(year)!)[i]!)}</td>`)}</tr>\n`)}
<tr class="reports-counted"><th class="label muted">reports counted</th>${yearList.map((year) => html`<td class="num muted">${this.years.get(year)!.reports}</td>`)}</tr>
</tbody></table>`;
    const chartData = {
      years: yearList.map(String),
      received: SERIES.received.map((s, i) => ({ label: s.label, values: yearList.map((year) => round(this.years.get(year)!.received[i]!)) })),
      outcomes: SERIES.outcomes.map((s, i) => ({ label: s.label, values: yearList.map((year) => round(this.years.get(year)!.outcomes[i]!)) })),
    };

    const body = html`
<header class="top"><h1>政府信息公开工作年度报告 — ${total} reports</h1></header>
<main>
<p>${total} reports: <span class="status-ok">${statusCount('ok')} ok</span>, <span class="status-partial">${statusCount('partial')} partial</span>, <span class="status-failed">${statusCount('failed')} failed</span>; ${this.sites.size} ${this.sites.size === 1 ? 'site' : 'sites'}. <a href="reports.html">All reports</a>, each with its tables and where every figure came from. <span class="muted">Generated ${generatedAt}.</span></p>
<h2>Coverage by site and year covered</h2>
<p class="muted">Reports found per site (the crawl's seed, else the host) and year the figures cover; yellow: some partial, red: some failed.</p>
${coverage}
<h2>Checks that fail most</h2>
${checksTable}
<h2>Applications per year</h2>
<p class="muted">Section 三's 总计 column summed over the reports of each year (not failed; blank cells count as 0). A county's report and its departments' reports are separate agencies and add up.</p>
<div class="charts">
<div class="chart"><h3>Applications received</h3><canvas id="chart-received" width="540" height="300"></canvas>${seriesRows(SERIES.received, (t) => t.received, 'received-data')}</div>
<div class="chart"><h3>Outcomes (本年度办理结果) and carried forward</h3><canvas id="chart-outcomes" width="540" height="300"></canvas>${seriesRows(SERIES.outcomes, (t) => t.outcomes, 'outcomes-data')}</div>
</div>
${jsonData('chart-data', chartData)}
</main>`;
    return page({ title: 'xxgk reports — overview', css: CSS, body, scripts: [chartJsSource(), CHARTS_SCRIPT] });
  }

  /** DIR/report/reports.html: one line per report, by site, year and title. */
  renderList(): string {
    const lines = [...this.lines].sort((a, b) => a.site.localeCompare(b.site) || (a.year ?? 0) - (b.year ?? 0) || a.title.localeCompare(b.title));
    const body = html`
<header class="top"><a href="index.html">← overview</a><h1>All reports (${lines.length})</h1></header>
<main>
<table id="reports"><thead><tr><th>site</th><th>year</th><th>report</th><th>template</th><th>status</th><th>failed checks</th></tr></thead><tbody>
${lines.map((line) => html`<tr data-id="${line.id}"><td>${line.site}</td><td class="num">${line.year ?? '—'}</td><td><a href="${hrefOf('r', `${line.id}.html`)}">${line.title}</a></td><td>${line.template}</td><td class="status-${line.status}">${line.status}</td><td class="num">${line.failed}</td></tr>\n`)}
</tbody></table>
</main>`;
    return page({ title: 'xxgk reports — all', css: CSS, body });
  }
}

/** Sums of decimals (fees) printed at their precision. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
