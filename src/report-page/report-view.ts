/**
 * One report's page: its identity and source, warnings, checks, and its three tables laid out
 * as printed, each figure cell with its value and, on hover (title) or click (the panel), where
 * it was printed and the checks it takes part in. Pure: a report in, HTML out.
 */
import { flattenFigures, type Report } from '../output/report.js';
import { checkTerms } from '../template/checks.js';
import { OTHER_AS_ONE_ROW } from '../template/definition.js';
import { CSS, REPORT_SCRIPT } from './assets.js';
import { html, jsonData, page, type SafeHtml } from './html.js';
import { printedTables, type LayoutCell, type PrintedTable } from './layout.js';

export interface ReportPageLinks {
  /** The stored original, relative to the page; null when it was not stored. */
  original: string | null;
  /** The overview, relative to the page. */
  overview: string;
}

/** Why a figure is null, as shown in its cell. */
type NullReason = 'blank' | 'unreadable' | 'not found';

/** A URL that may be a link: http(s) only (a javascript: or data: URL from a page is shown as text). */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** The seed's own columns (meta.seed of a crawl from a seed file), strings only. */
export function seedOf(report: Report): Record<string, string> | null {
  const seed = (report.meta as { seed?: unknown }).seed;
  if (seed === null || typeof seed !== 'object') return null;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(seed)) if (typeof value === 'string') out[key] = value;
  return Object.keys(out).length > 0 ? out : null;
}

export function renderReportPage(report: Report, links: ReportPageLinks): string {
  const { meta, source, extraction } = report;
  const values = new Map(flattenFigures(report.figures));
  const provenance = extraction.provenance;
  const title = meta.title ?? meta.agency ?? report.id;

  // Which figures each check sums, from the checks' own definitions.
  const terms: Record<string, string[]> = report.template === 'unknown' ? {} : Object.fromEntries(checkTerms(report.template));
  const checks = Object.fromEntries(report.checks.map((check) => [check.id, check]));
  const failedPaths = new Set(report.checks.filter((check) => !check.ok).flatMap((check) => terms[check.id] ?? []));

  const nullReason = (path: string): NullReason => {
    const where = provenance[path];
    if (!where) return 'not found';
    return where.raw.trim() === '' ? 'blank' : 'unreadable';
  };

  const figureCell = (cell: LayoutCell): SafeHtml => {
    const path = cell.path!;
    const value = values.get(path) ?? null;
    const where = provenance[path];
    const classes = ['fig'];
    if (value === null) classes.push('null');
    if (failedPaths.has(path)) classes.push('bad');
    const hover = where
      ? `原文 "${where.raw}" · table ${where.table}, row ${where.row}, col ${where.col}` + (where.page !== undefined ? `, page ${where.page}` : '')
      : 'not found in the original';
    return html`<td class="${classes.join(' ')}" data-path="${path}"${value === null ? html` data-null="${nullReason(path)}"` : html` data-value="${String(value)}"`} tabindex="0" title="${hover}"${span(cell)}>${value === null ? '' : String(value)}</td>`;
  };

  const table = (printed: PrintedTable): SafeHtml => html`
<h3>${printed.heading}</h3>
<table class="printed" data-section="${printed.section}">
${printed.head.length > 0 ? html`<thead>${printed.head.map((row) => html`<tr>${row.map((cell) => html`<th${span(cell)}>${cell.text}</th>`)}</tr>`)}</thead>` : ''}
<tbody>${printed.body.map((row) => html`<tr>${row.map((cell) => (cell.path ? figureCell(cell) : html`<th${cell.header ? '' : html` class="label"`}${span(cell)}>${cell.text}</th>`))}</tr>\n`)}</tbody>
</table>`;

  const otherAsOneRow = values.has(`applications.${OTHER_AS_ONE_ROW}.total`);
  // A failed report has no figures to show: its reason stands in for the tables.
  const tables = report.template === 'unknown' || extraction.status === 'failed' ? [] : printedTables(report.template, { otherAsOneRow });
  // The checks' terms as positions of the figure cells in page order: the page script finds
  // a check's cells, and a cell's checks, without every path written out twice more.
  const position = new Map(tables.flatMap((printed) => [...printed.head, ...printed.body].flat()).filter((cell) => cell.path).map((cell, i) => [cell.path!, i]));
  const termCells = Object.fromEntries(Object.entries(terms).map(([id, paths]) => [id, paths.map((path) => position.get(path)).filter((i) => i !== undefined)]));
  // Provenance by cell position, as arrays: a page holds 200 of them.
  const where = [...position.keys()].map((path) => {
    const at = provenance[path] as (typeof provenance)[string] & { confidence?: number } | undefined;
    return at ? [at.table, at.row, at.col, at.raw, at.page ?? null, at.box ? [at.box.x0, at.box.y0, at.box.x1, at.box.y1] : null, at.offset ?? null, at.confidence ?? null] : null;
  });
  const url = safeHttpUrl(source.url);
  const seed = seedOf(report);
  // source.alternateUrls (the same bytes at other URLs) comes from crawls that know it.
  const alternates = ((source as { alternateUrls?: unknown }).alternateUrls as unknown[] | undefined ?? []).filter((alt): alt is string => typeof alt === 'string');
  const region = [meta.region.province, meta.region.city, meta.region.county].filter(Boolean).join(' ');
  const failed = report.checks.filter((check) => !check.ok);
  const passed = report.checks.filter((check) => check.ok);
  const checksTable = (list: typeof report.checks, id: string): SafeHtml => html`<table class="checks" id="${id}"><thead><tr><th>check</th><th>ok</th><th>expected</th><th>actual</th><th>message</th></tr></thead><tbody>
${list.map((check) => html`<tr class="check ${check.ok ? 'ok' : 'fail'}" data-check="${check.id}"><td><code>${check.id}</code></td><td>${check.ok ? '✓' : '✗'}</td><td class="num">${check.expected}</td><td class="num">${check.actual}</td><td>${check.message}</td></tr>\n`)}
</tbody></table>`;
  const originalName = source.file ? source.file.slice(source.file.lastIndexOf('/') + 1) : null;

  const body = html`
<header class="top"><a href="${links.overview}">← overview</a><h1>${title}</h1></header>
<main>
<dl class="meta">
  <dt>agency</dt><dd>${meta.agency ?? '—'}</dd>
  <dt>year covered</dt><dd>${meta.year ?? '—'}</dd>
  <dt>region</dt><dd>${region || '—'}${meta.region.code ? html` <span class="muted">(${meta.region.code})</span>` : ''}</dd>
  <dt>template</dt><dd>${report.template}</dd>
  <dt>status</dt><dd class="status-${extraction.status}">${extraction.status}${extraction.reason ? html` — ${extraction.reason}` : ''}</dd>
  <dt>method</dt><dd>${extraction.method}</dd>
  <dt>checks</dt><dd>${report.checks.length === 0 ? 'none run' : html`<a href="#checks">${failed.length} failed</a> of ${report.checks.length}`}${failed.length > 0 ? html`: ${failed.map((check, i) => html`${i > 0 ? ', ' : ''}<code>${check.id}</code>`)}` : ''}</dd>
  <dt>published</dt><dd>${meta.publishedAt ?? '—'}</dd>
  <dt>source</dt><dd>${url ? html`<a href="${url}" rel="noopener noreferrer">${source.url}</a>` : (source.url ?? source.localPath ?? '—')}</dd>
  ${alternates.length > 0 ? html`<dt>also at</dt><dd>${alternates.map((alt, i) => html`${i > 0 ? html`<br>` : ''}${alt}`)}</dd>` : ''}
  <dt>stored original</dt><dd>${links.original ? html`<a id="original" href="${links.original}" rel="noopener noreferrer">${originalName}</a> <span class="muted">(${source.format ?? '?'})</span>` : '—'}</dd>
  <dt>sha256</dt><dd><code>${source.sha256}</code></dd>
  ${seed ? html`<dt>seed</dt><dd>${Object.entries(seed).map(([key, value]) => html`<span class="muted">${key}</span> ${value} `)}</dd>` : ''}
</dl>
${extraction.warnings.length > 0 ? html`<h2>Warnings</h2><ul class="warnings">${extraction.warnings.map((warning) => html`<li>${warning}</li>`)}</ul>` : ''}
<h2>Tables <span class="muted">(click a figure: where it was printed, and its checks)</span></h2>
<div class="layout">
<div class="tables">${tables.length > 0 ? tables.map(table) : html`<p class="muted">no tables: ${extraction.reason ?? 'the report could not be read'}</p>`}</div>
<aside id="panel"><p class="muted">Click a figure to see the text it was read from, its place in the original, and the checks it takes part in.</p></aside>
</div>
<h2 id="checks">Checks <span class="muted">(${failed.length} failed of ${report.checks.length}; hover a check to mark its figures)</span></h2>
${failed.length > 0 ? checksTable(failed, 'failed-checks') : html`<p class="muted">${report.checks.length > 0 ? 'every check passed' : 'no check was run'}</p>`}
${passed.length > 0 ? html`<details><summary>${passed.length} checks passed</summary>${checksTable(passed, 'passed-checks')}</details>` : ''}
${jsonData('report-data', { where, checks, terms: termCells, original: links.original, originalName, pdf: source.format === 'pdf' })}
</main>`;
  return page({ title, css: CSS, body, scripts: [REPORT_SCRIPT] });
}

function span(cell: LayoutCell): SafeHtml {
  return html`${cell.rowSpan && cell.rowSpan > 1 ? html` rowspan="${cell.rowSpan}"` : ''}${cell.colSpan && cell.colSpan > 1 ? html` colspan="${cell.colSpan}"` : ''}`;
}
