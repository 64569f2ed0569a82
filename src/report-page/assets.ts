/** The pages' styles and scripts (program text, inlined in every page), and Chart.js's built file. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const CSS = `
:root { --line: #c9ced6; --head: #eef1f5; --bad: #fde2e1; --badline: #d93025; --sel: #fff3b0; --term: #dbeafe; --muted: #667; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif; margin: 0; color: #1d2330; background: #fafbfc; }
header.top { background: #1f3a5f; color: #fff; padding: 10px 20px; }
header.top a { color: #cfe1ff; }
header.top h1 { font-size: 18px; margin: 0; }
main { padding: 12px 20px 40px; }
h2 { font-size: 16px; margin: 22px 0 8px; }
h3 { font-size: 14px; margin: 16px 0 6px; }
table { border-collapse: collapse; background: #fff; }
th, td { border: 1px solid var(--line); padding: 3px 6px; vertical-align: middle; }
th { background: var(--head); font-weight: 600; }
td.num, td.fig { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.muted { color: var(--muted); }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; overflow-wrap: anywhere; }
.status-ok { color: #137333; } .status-partial { color: #b06000; } .status-failed { color: var(--badline); }
table.printed { margin-bottom: 8px; font-size: 13px; }
table.printed th.label { text-align: left; font-weight: normal; background: #f7f8fa; }
td.fig { cursor: pointer; min-width: 3.2em; }
td.fig:hover, td.fig:focus { outline: 2px solid #1a73e8; outline-offset: -2px; }
td.fig.null { background: repeating-linear-gradient(135deg, #fff, #fff 4px, #f1f1f1 4px, #f1f1f1 8px); }
td.fig.null::after { content: attr(data-null); color: var(--muted); font-size: 11px; }
td.fig.bad { background: var(--bad); box-shadow: inset 0 -2px 0 var(--badline); }
td.fig.term { background: var(--term); }
td.fig.sel { background: var(--sel); }
.layout { display: flex; gap: 20px; align-items: flex-start; }
.layout > .tables { flex: 1 1 auto; min-width: 0; overflow-x: auto; }
aside#panel { flex: 0 0 340px; position: sticky; top: 10px; background: #fff; border: 1px solid var(--line); padding: 10px 12px; font-size: 13px; max-height: 95vh; overflow: auto; }
aside#panel h2 { margin-top: 0; font-size: 14px; overflow-wrap: anywhere; }
aside#panel pre { white-space: pre-wrap; background: #f5f5f5; padding: 4px 6px; margin: 2px 0; }
aside#panel li.fail { color: var(--badline); }
tr.check { cursor: pointer; } tr.check.fail td:first-child { color: var(--badline); font-weight: 600; }
tr.check:hover td { background: #f0f6ff; }
.warnings li { color: #8a5a00; }
table.coverage td.num.partial { background: #fff4d6; } table.coverage td.num.failed { background: var(--bad); }
table.coverage td.zero { color: #bbb; }
.charts { display: flex; flex-wrap: wrap; gap: 20px; }
.chart { background: #fff; border: 1px solid var(--line); padding: 8px; width: 560px; }
.chart canvas { width: 540px; height: 300px; }
details summary { cursor: pointer; color: var(--muted); }
ul.reports { margin: 2px 0; padding-left: 18px; }
`;

/**
 * The report page's script: a click (or Enter) on a figure shows where it came from and the
 * checks it takes part in; a check row marks its figures. Text is set with textContent only.
 */
export const REPORT_SCRIPT = `(() => {
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const panel = document.getElementById('panel');
  const cells = [...document.querySelectorAll('td.fig')];
  const byCell = cells.map(() => []);
  for (const [id, positions] of Object.entries(data.terms)) for (const i of positions) byCell[i].push(id);
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
  const clear = (cls) => document.querySelectorAll('.' + cls).forEach((e) => e.classList.remove(cls));
  const mark = (id) => { clear('term'); for (const i of (data.terms[id] || [])) cells[i].classList.add('term'); };
  function show(cell) {
    clear('sel'); clear('term');
    cell.classList.add('sel');
    const path = cell.dataset.path;
    const w = data.where[cells.indexOf(cell)];
    const where = w && { table: w[0], row: w[1], col: w[2], raw: w[3], page: w[4] === null ? undefined : w[4], box: w[5], offset: w[6] === null ? undefined : w[6], confidence: w[7] === null ? undefined : w[7] };
    panel.replaceChildren();
    panel.append(el('h2', path));
    const dl = el('dl', undefined, 'meta');
    const row = (k, v) => { dl.append(el('dt', k)); const dd = el('dd'); if (v instanceof Node) dd.append(v); else dd.textContent = v; dl.append(dd); };
    row('value', cell.dataset.value === undefined ? 'null (' + cell.dataset.null + ')' : cell.dataset.value);
    if (where) {
      row('raw text', el('pre', JSON.stringify(where.raw), 'raw'));
      row('table / row / col', where.table + ' / ' + where.row + ' / ' + where.col);
      if (where.page !== undefined) row('page', String(where.page));
      if (where.box) row('box (pt)', where.box.join(', '));
      if (where.offset !== undefined) row('text offset', String(where.offset));
      if (where.confidence !== undefined) row('OCR confidence', String(where.confidence));
    } else row('where', 'not found in the original');
    if (data.original) {
      const a = el('a', data.originalName + (where && where.page !== undefined && data.pdf ? ' (page ' + where.page + ')' : ''));
      a.href = data.original + (where && where.page !== undefined && data.pdf ? '#page=' + where.page : '');
      a.rel = 'noopener noreferrer';
      row('original', a);
    }
    panel.append(dl);
    const ids = byCell[cells.indexOf(cell)];
    panel.append(el('h3', ids.length ? 'checks it takes part in' : 'takes part in no check'));
    const ul = el('ul', undefined, 'checks');
    for (const id of ids) {
      const check = data.checks[id];
      const li = el('li', undefined, check ? (check.ok ? 'ok' : 'fail') : 'notrun');
      li.dataset.check = id;
      li.append(el('code', id), document.createTextNode(check ? (check.ok ? ' ✓ ' : ' ✗ ') + check.message : ' (not run)'));
      ul.append(li);
    }
    panel.append(ul);
  }
  document.addEventListener('click', (event) => {
    const cell = event.target.closest('td.fig');
    if (cell) return show(cell);
    const check = event.target.closest('[data-check]');
    if (check) mark(check.dataset.check);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.target.matches && event.target.matches('td.fig')) show(event.target);
  });
  document.querySelectorAll('tr.check').forEach((tr) => tr.addEventListener('mouseenter', () => mark(tr.dataset.check)));
})();`;

/** The overview's charts: bar charts of applications per year, from the data beside them. */
export const CHARTS_SCRIPT = `(() => {
  const data = JSON.parse(document.getElementById('chart-data').textContent);
  const palette = ['#1a73e8', '#34a853', '#fbbc04', '#ea4335', '#9334e6', '#12b5cb', '#e8710a', '#80868b'];
  const options = (stacked) => ({ animation: false, responsive: false, plugins: { legend: { position: 'bottom' } },
    scales: { x: { stacked }, y: { stacked, beginAtZero: true } } });
  const make = (id, series, stacked) => new Chart(document.getElementById(id), { type: 'bar',
    data: { labels: data.years, datasets: series.map((s, i) => ({ label: s.label, data: s.values, backgroundColor: palette[i % palette.length] })) },
    options: options(stacked) });
  make('chart-received', data.received, false);
  make('chart-outcomes', data.outcomes, true);
})();`;

let chartJs: string | undefined;

/** Chart.js's UMD build, read from the installed package (no CDN), without its source-map comment. */
export function chartJsSource(): string {
  if (chartJs === undefined) {
    const main = createRequire(import.meta.url).resolve('chart.js');
    chartJs = readFileSync(join(dirname(main), 'chart.umd.min.js'), 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');
    if (chartJs.includes('</script')) throw new Error('chart.js cannot be inlined: it contains "</script"');
  }
  return chartJs;
}
