#!/usr/bin/env node
// Makes two pictures of tables in test/fixtures/ocr/, as some county reports print them:
// - wrapped-figures.png: section 四 (review and litigation) with columns so narrow that a figure
//   of two or three digits wraps in its cell, a digit a line ("105" as 1, 0 and 5 one under
//   another), as do the labels;
// - large-figures.png: section 二's first rows with the label "规　章" spaced out, and section 四
//   with its labels in small type wrapped in their cells and its figures in a larger type (as the
//   Huai'an city report prints them).
// Printed by Chromium, rasterised at 200 dpi by pdftoppm, then turned, blurred and given noise by
// ImageMagick, as render-scans.mjs does; fixed seed, reproducible.
// Run from the project root: node samples/make/render-wrapped.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'test', 'fixtures', 'ocr');
const WORK = join(tmpdir(), 'xxgk-wrapped');
rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
mkdirSync(OUT, { recursive: true });

// Review: upheld, corrected, other, pending, total; then litigation without and after review.
// test/ocr.test.ts compares these.
export const FIGURES = [12, 7, 105, 3, 127, 18, 4, 2, 31, 55, 9, 0, 16, 1, 26];
export const LARGE_FIGURES = [56, 9, 143, 4, 212, 17, 4, 7, 2, 30, 11, 0, 3, 5, 19];
const outcomes = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
const STYLE = `@page { size: A4 portrait; margin: 15mm; }
body { font-family: "Noto Serif CJK SC", serif; font-size: 10.5pt; }
table { border-collapse: collapse; table-layout: fixed; }
td { border: 0.8pt solid #000; padding: 2pt 0.5pt; text-align: center; word-break: break-all; }`;

/** Section 四's table: `figures` in their row, the columns `widths` points wide. */
const reviewTable = (figures, widths) => `<table>
<colgroup>${widths.map((w) => `<col style="width:${w}pt">`).join('')}</colgroup>
<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr>${outcomes.map((o) => `<td rowspan="2">${o}</td>`).join('')}<td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr>${[...outcomes, ...outcomes].map((o) => `<td>${o}</td>`).join('')}</tr>
<tr>${figures.map((n) => `<td class="n">${n}</td>`).join('')}</tr>
</table>`;

const wrapped = `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${STYLE}
td.n { font-size: 11pt; }
</style></head><body><p>四、政府信息公开行政复议、行政诉讼情况</p>${reviewTable(FIGURES, [...Array(5).fill(13.5), ...Array(10).fill(12)])}</body></html>`;

const large = `<!DOCTYPE html><html><head><meta charset="utf-8"><style>${STYLE}
table { font-size: 7.5pt; margin-bottom: 12pt; }
td { padding: 4pt 2pt; }
td.n { font-size: 14pt; padding: 6pt 1pt; }
td.m { font-size: 9pt; }
</style></head><body><p>二、主动公开政府信息情况</p><table>
<colgroup><col style="width:130pt"><col style="width:90pt"><col style="width:90pt"><col style="width:90pt"></colgroup>
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规　　章</td><td class="m">2</td><td class="m">0</td><td class="m">14</td></tr>
<tr><td>行政规范性文件</td><td class="m">9</td><td class="m">31</td><td class="m">58</td></tr>
</table><p>四、政府信息公开行政复议、行政诉讼情况</p>${reviewTable(LARGE_FIGURES, Array(15).fill(32))}</body></html>`;

for (const [name, html] of [['wrapped-figures', wrapped], ['large-figures', large]]) {
  const htmlPath = join(WORK, `${name}.html`);
  const pdfPath = join(WORK, `${name}.pdf`);
  writeFileSync(htmlPath, html);
  execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--no-pdf-header-footer', `--user-data-dir=${join(WORK, 'chromium')}`, `--print-to-pdf=${pdfPath}`, htmlPath], { stdio: 'ignore' });
  execFileSync('pdftoppm', ['-r', '200', '-gray', '-png', '-f', '1', '-l', '1', pdfPath, join(WORK, name)]);
  const page = join(WORK, readdirSync(WORK).find((f) => f.startsWith(name) && f.endsWith('.png')));
  const out = join(OUT, `${name}.png`);
  execFileSync('convert', [page, '-trim', '+repage', '-bordercolor', 'white', '-border', '40', '-seed', '7', '-background', 'white', '-rotate', '0.8',
    '-attenuate', '0.2', '+noise', 'Gaussian', '-blur', '0x0.5', '-colorspace', 'Gray', '-depth', '8', out]);
  console.log(`written: ${out}`);
}
