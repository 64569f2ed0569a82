#!/usr/bin/env node
// Makes test/fixtures/ocr/times-page-2.jpg and times-9pt-page-2.pdf: the second pages of
// pingyang-times-200 and kaizhou-times-200; times-small-page-2.pdf and
// times-small-total-page-2.pdf, those of dazhu-times-small-200 and kaizhou-times-small-200, the
// Dazhu and Kaizhou reports with tables in 7.5 pt; and ming-small-pages-2-3.pdf, pages 2 and 3 of
// guangan-ming-small-200 (section 三 and its total row), the Guangan report in 7.5 pt with labels in a Ming face (Debian's
// fonts-arphic-uming) (render-eval.mjs: the Pingyang and Kaizhou reports
// printed as Word prints them, digits in Times New Roman's metric twin Liberation Serif and
// Chinese in a Song face, tables in 10.5 and 9 pt, scanned at 200 dpi with noise, blur and JPEG
// artefacts), the JPEGs taken out of the PDFs unchanged by pdfimages (the second alone in a
// one-page PDF again, read as a scanned PDF at its 200 dpi). On them tesseract misreads
// some labels in a stack of cells ("2.其他法律行政法规禁止公开" as "Ni"), reads "2.重复申请" as
// "2,重复申请", a dash as "二", "(七)总 计" as "(人七)总计", and a lone "3" only in Chinese; in
// 7.5 pt it drops or sways figures in a line ("57" as "52" and "5"), digits touch ("48" one
// blob), and "(七)总 计" reads as nothing a label could be; in the Ming face three labels of
// section 三 read damaged or not at all, and lone digits drop from a line of digits.
// Needs the Debian packages fonts-liberation and fonts-arphic-uming. Reproducible.
// Run from the project root: node samples/make/render-times.mjs
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jpegPdf } from './pdf-bytes.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'test', 'fixtures', 'ocr');
const WORK = join(tmpdir(), 'xxgk-times');
rmSync(WORK, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const scans = ['pingyang-times-200', 'kaizhou-times-200', 'dazhu-times-small-200', 'kaizhou-times-small-200', 'guangan-ming-small-200'];
execFileSync(process.execPath, [join(ROOT, 'samples', 'make', 'render-eval.mjs'), WORK], { env: { ...process.env, EVAL_ONLY: scans.join(',') }, stdio: 'ignore' });
for (const scan of scans) execFileSync('pdfimages', ['-j', '-f', '2', '-l', '2', join(WORK, `${scan}.pdf`), join(WORK, scan)]);
copyFileSync(join(WORK, 'pingyang-times-200-000.jpg'), join(OUT, 'times-page-2.jpg'));
writeFileSync(join(OUT, 'times-9pt-page-2.pdf'), jpegPdf([readFileSync(join(WORK, 'kaizhou-times-200-000.jpg'))], 200));
writeFileSync(join(OUT, 'times-small-page-2.pdf'), jpegPdf([readFileSync(join(WORK, 'dazhu-times-small-200-000.jpg'))], 200));
writeFileSync(join(OUT, 'times-small-total-page-2.pdf'), jpegPdf([readFileSync(join(WORK, 'kaizhou-times-small-200-000.jpg'))], 200));
execFileSync('pdfimages', ['-j', '-f', '3', '-l', '3', join(WORK, 'guangan-ming-small-200.pdf'), join(WORK, 'guangan-ming-small-200-page3')]);
writeFileSync(join(OUT, 'ming-small-pages-2-3.pdf'), jpegPdf([join(WORK, 'guangan-ming-small-200-000.jpg'), join(WORK, 'guangan-ming-small-200-page3-000.jpg')].map((f) => readFileSync(f)), 200));
console.log(`written: times-page-2.jpg, times-9pt-page-2.pdf, times-small-page-2.pdf, times-small-total-page-2.pdf, ming-small-pages-2-3.pdf in ${OUT}`);
