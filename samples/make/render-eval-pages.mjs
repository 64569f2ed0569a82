#!/usr/bin/env node
// Makes fixtures in test/fixtures/ocr from documents of the OCR evaluation set (render-eval.mjs),
// in one run of it: scanned pages, each page's JPEG taken out unchanged by pdfimages (into a PDF
// at its 200 dpi, read as a scanned PDF, or as the JPEG itself); and table pictures, copied as
// they are.
// - times-page-2.jpg and times-9pt-page-2.pdf: the second pages of pingyang-times-200 and
//   kaizhou-times-200, the Pingyang and Kaizhou reports printed as Word prints them (digits in
//   Times New Roman's metric twin Liberation Serif, Chinese in a Song face, tables in 10.5 and
//   9 pt). On them tesseract misreads some labels in a stack of cells ("2.其他法律行政法规禁止公开"
//   as "Ni"), reads "2.重复申请" as "2,重复申请", a dash as "二", "(七)总 计" as "(人七)总计",
//   and a lone "3" only in Chinese.
// - times-small-page-2.pdf and times-small-total-page-2.pdf: those of dazhu-times-small-200 and
//   kaizhou-times-small-200, tables in 7.5 pt: figures dropped or swayed in a line ("57" as "52"
//   and "5"), digits that touch ("48" one blob), and "(七)总 计" read as nothing a label could be.
// - ming-small-pages-2-3.pdf: pages 2 and 3 of guangan-ming-small-200 (section 三 and its total
//   row), the Guangan report in 7.5 pt with labels in a Ming face: three labels of section 三
//   read damaged or not at all, and lone digits drop from a line of digits.
// - wps-page-2.pdf and wps-total-page-2.pdf: the second pages of pingyang-wps-200 and
//   guangan-wps-200, the reports printed as WPS prints many (thin rules, cells left-aligned with
//   room, labels letter-spaced in a Kai or FangSong face, Times digits, tables in 7.5 pt). On
//   them tesseract reads two labels in a stack of cells as Latin words, surely ("er" for
//   "2.其他法律行政法规禁止公开", "se" for "3.危及“三安全一稳定”"), and a total "44" whose digits
//   run together into one blob as nothing in Chinese and as "4" in digits but once.
// - paper-small-page-2.pdf: the second page of guangan-paper-small-200, the Guangan report in
//   7.5 pt with Kai labels scanned as a scanner sees toned paper (ink at 20% grey, paper at
//   85%): read as it was, wrapped labels came out as nothing and most figures doubtful.
// - screenshot-100dpi.jpg and screenshot-wps-120dpi.png: the second table pictures of
//   dazhu-pictures-100 and xuyi-wps-pictures-120 (the Dazhu report printed in Noto Sans CJK at
//   10.5 pt, and the Xuyi report as WPS prints it, Times digits and letter-spaced Kai labels at
//   9 pt; each page cut to its content as a picture at screen resolution, 100 and 120 dpi, as a
//   screenshot of a table pasted into a page). At 120 dpi the digits are 10 pixels high: thin
//   strokes break apart (a "1" in four pieces, a "7" as its bar and its stem), and narrow cells
//   wrap two-digit totals one digit a line.
// The scans are made at 200 dpi with noise, blur, skew and JPEG artefacts (render-eval.mjs).
// Needs the Debian packages fonts-liberation, fonts-arphic-ukai, fonts-arphic-uming and
// fonts-cwtex-fs. Reproducible (a PNG's bytes carry ImageMagick's time stamp; its pixels are
// the same).
// Run from the project root: node samples/make/render-eval-pages.mjs
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jpegPdf } from './pdf-bytes.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'test', 'fixtures', 'ocr');
const WORK = join(tmpdir(), 'xxgk-eval-pages');
rmSync(WORK, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
/** Fixture: the evaluation document and its pages (a `.jpg` fixture is the one page's JPEG itself). */
const pages = {
  'times-page-2.jpg': ['pingyang-times-200', 2],
  'times-9pt-page-2.pdf': ['kaizhou-times-200', 2],
  'times-small-page-2.pdf': ['dazhu-times-small-200', 2],
  'times-small-total-page-2.pdf': ['kaizhou-times-small-200', 2],
  'ming-small-pages-2-3.pdf': ['guangan-ming-small-200', 2, 3],
  'wps-page-2.pdf': ['pingyang-wps-200', 2],
  'wps-total-page-2.pdf': ['guangan-wps-200', 2],
  'paper-small-page-2.pdf': ['guangan-paper-small-200', 2],
};
/** Fixture: the evaluation document's picture. */
const pictures = { 'screenshot-100dpi.jpg': 'dazhu-pictures-100/table-2.jpg', 'screenshot-wps-120dpi.png': 'xuyi-wps-pictures-120/table-2.png' };
const documents = new Set([...Object.values(pages).map(([name]) => name), ...Object.values(pictures).map((picture) => picture.split('/')[0])]);
execFileSync(process.execPath, [join(ROOT, 'samples', 'make', 'render-eval.mjs'), WORK], { env: { ...process.env, EVAL_ONLY: [...documents].join(',') }, stdio: 'ignore' });
for (const [fixture, [name, ...numbers]] of Object.entries(pages)) {
  const jpegs = numbers.map((n) => {
    const prefix = join(WORK, `${name}-page${n}`);
    execFileSync('pdfimages', ['-j', '-f', String(n), '-l', String(n), join(WORK, `${name}.pdf`), prefix]);
    return readFileSync(`${prefix}-000.jpg`);
  });
  writeFileSync(join(OUT, fixture), fixture.endsWith('.jpg') ? jpegs[0] : jpegPdf(jpegs, 200));
}
for (const [fixture, picture] of Object.entries(pictures)) copyFileSync(join(WORK, picture.replace('/', '_files/')), join(OUT, fixture));
console.log(`written: ${[...Object.keys(pages), ...Object.keys(pictures)].join(', ')} in ${OUT}`);
