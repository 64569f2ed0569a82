#!/usr/bin/env node
// Makes test/fixtures/ocr/times-page-2.jpg: the second page of pingyang-times-200 (render-eval.mjs:
// the Pingyang report printed as Word prints it, digits in Times New Roman's metric twin
// Liberation Serif and Chinese in a Song face, tables in 10.5 pt, scanned at 200 dpi with noise,
// blur and JPEG artefacts), the JPEG taken out of the PDF unchanged by pdfimages. On it tesseract
// misreads some labels in a stack of cells ("2.其他法律行政法规禁止公开" as "Ni"), reads "2.重复申请"
// as "2,重复申请" and a dash as "二". Needs the Debian package fonts-liberation. Reproducible.
// Run from the project root: node samples/make/render-times.mjs
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'test', 'fixtures', 'ocr');
const WORK = join(tmpdir(), 'xxgk-times');
rmSync(WORK, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
execFileSync(process.execPath, [join(ROOT, 'samples', 'make', 'render-eval.mjs'), WORK], { env: { ...process.env, EVAL_ONLY: 'pingyang-times-200' }, stdio: 'ignore' });
execFileSync('pdfimages', ['-j', '-f', '2', '-l', '2', join(WORK, 'pingyang-times-200.pdf'), join(WORK, 'page')]);
copyFileSync(join(WORK, 'page-000.jpg'), join(OUT, 'times-page-2.jpg'));
console.log(`written: ${join(OUT, 'times-page-2.jpg')}`);
