#!/usr/bin/env node
// Makes one-page scanned PDFs in test/fixtures/ocr from pages of documents of the OCR evaluation
// set (render-eval.mjs), each page's JPEG taken out unchanged by pdfimages into a one-page PDF at
// its 200 dpi:
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
// Needs the Debian packages fonts-liberation, fonts-arphic-ukai and fonts-cwtex-fs. Reproducible.
// Run from the project root: node samples/make/render-eval-pages.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
execFileSync(process.execPath, [join(ROOT, 'samples', 'make', 'render-eval.mjs'), WORK], { env: { ...process.env, EVAL_ONLY: Object.keys(pages).join(',') }, stdio: 'ignore' });
for (const [scan, fixture] of Object.entries(pages)) {
  execFileSync('pdfimages', ['-j', '-f', '2', '-l', '2', join(WORK, `${scan}.pdf`), join(WORK, scan)]);
  writeFileSync(join(OUT, fixture), jpegPdf([readFileSync(join(WORK, `${scan}-000.jpg`))], 200));
}
console.log(`written: ${Object.values(pages).join(', ')} in ${OUT}`);
