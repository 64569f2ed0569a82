#!/usr/bin/env node
// Makes fixtures in test/fixtures/ocr from documents of the OCR evaluation set (render-eval.mjs),
// in one run of it: one-page scanned PDFs, each page's JPEG taken out unchanged by pdfimages into
// a one-page PDF at its 200 dpi; and table pictures, copied as they are.
// - wps-page-2.pdf and wps-total-page-2.pdf: the second pages of pingyang-wps-200 and
//   guangan-wps-200, the Pingyang and Guangan reports printed as WPS prints many (thin rules,
//   cells left-aligned with room, labels letter-spaced in a Kai or FangSong face, Times digits,
//   tables in 7.5 pt), scanned at 200 dpi with noise, blur, a skew of 1.4-1.5° and JPEG
//   artefacts. On them tesseract reads two labels in a stack of cells as Latin words, surely
//   ("er" for "2.其他法律行政法规禁止公开", "se" for "3.危及“三安全一稳定”"), and a total "44"
//   whose digits run together into one blob as nothing in Chinese and as "4" in digits but once.
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
// Needs the Debian packages fonts-liberation, fonts-arphic-ukai and fonts-cwtex-fs. Reproducible
// (the PNG's bytes carry ImageMagick's time stamp; its pixels are the same).
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
const pages = { 'pingyang-wps-200': 'wps-page-2.pdf', 'guangan-wps-200': 'wps-total-page-2.pdf', 'guangan-paper-small-200': 'paper-small-page-2.pdf' };
const pictures = { 'dazhu-pictures-100/table-2.jpg': 'screenshot-100dpi.jpg', 'xuyi-wps-pictures-120/table-2.png': 'screenshot-wps-120dpi.png' };
const documents = [...Object.keys(pages), ...Object.keys(pictures).map((picture) => picture.split('/')[0])];
execFileSync(process.execPath, [join(ROOT, 'samples', 'make', 'render-eval.mjs'), WORK], { env: { ...process.env, EVAL_ONLY: documents.join(',') }, stdio: 'ignore' });
for (const [scan, fixture] of Object.entries(pages)) {
  execFileSync('pdfimages', ['-j', '-f', '2', '-l', '2', join(WORK, `${scan}.pdf`), join(WORK, scan)]);
  writeFileSync(join(OUT, fixture), jpegPdf([readFileSync(join(WORK, `${scan}-000.jpg`))], 200));
}
for (const [picture, fixture] of Object.entries(pictures)) {
  const [name, file] = picture.split('/');
  copyFileSync(join(WORK, `${name}_files`, file), join(OUT, fixture));
}
console.log(`written: ${[...Object.values(pages), ...Object.values(pictures)].join(', ')} in ${OUT}`);
