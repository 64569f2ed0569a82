#!/usr/bin/env node
// Makes test/fixtures/ocr/wrapped-figures.png: a picture of section 四 (review and litigation) as
// some county reports print it, with columns so narrow that a figure of two or three digits wraps
// in its cell, a digit a line ("105" as 1, 0 and 5 one under another), as do the labels. Printed by Chromium, rasterised at 200 dpi by pdftoppm, then turned,
// blurred and given noise by ImageMagick, as render-scans.mjs does; fixed seed, reproducible.
// Run from the project root: node samples/make/render-wrapped.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'test', 'fixtures', 'ocr', 'wrapped-figures.png');
const WORK = join(tmpdir(), 'xxgk-wrapped');
rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
mkdirSync(dirname(OUT), { recursive: true });

// Review: upheld, corrected, other, pending, total; then litigation without and after review.
// test/ocr.test.ts compares these.
export const FIGURES = [12, 7, 105, 3, 127, 18, 4, 2, 31, 55, 9, 0, 16, 1, 26];
const outcomes = ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page { size: A4 portrait; margin: 15mm; }
body { font-family: "Noto Serif CJK SC", serif; font-size: 10.5pt; }
table { border-collapse: collapse; table-layout: fixed; }
td { border: 0.8pt solid #000; padding: 2pt 0.5pt; text-align: center; word-break: break-all; }
td.n { font-size: 11pt; }
</style></head><body><p>四、政府信息公开行政复议、行政诉讼情况</p><table>
<colgroup>${'<col style="width:13.5pt">'.repeat(5)}${'<col style="width:12pt">'.repeat(10)}</colgroup>
<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr>${outcomes.map((o) => `<td rowspan="2">${o}</td>`).join('')}<td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr>${[...outcomes, ...outcomes].map((o) => `<td>${o}</td>`).join('')}</tr>
<tr>${FIGURES.map((n) => `<td class="n">${n}</td>`).join('')}</tr>
</table></body></html>`;
const htmlPath = join(WORK, 'wrapped.html');
const pdfPath = join(WORK, 'wrapped.pdf');
writeFileSync(htmlPath, html);
execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--no-pdf-header-footer', `--user-data-dir=${join(WORK, 'chromium')}`, `--print-to-pdf=${pdfPath}`, htmlPath], { stdio: 'ignore' });
execFileSync('pdftoppm', ['-r', '200', '-gray', '-png', '-f', '1', '-l', '1', pdfPath, join(WORK, 'page')]);
const page = join(WORK, readdirSync(WORK).find((f) => f.startsWith('page') && f.endsWith('.png')));
execFileSync('convert', [page, '-trim', '+repage', '-bordercolor', 'white', '-border', '40', '-seed', '7', '-background', 'white', '-rotate', '0.8',
  '-attenuate', '0.2', '+noise', 'Gaussian', '-blur', '0x0.5', '-colorspace', 'Gray', '-depth', '8', OUT]);
console.log(`written: ${OUT}`);
