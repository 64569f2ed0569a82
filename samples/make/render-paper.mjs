#!/usr/bin/env node
// Makes test/fixtures/ocr/paper-small-page-2.pdf: the second page of guangan-paper-small-200
// (render-eval.mjs: the Guangan report in 7.5 pt, Times digits, labels in a Kai face, scanned at
// 200 dpi as a scanner sees toned paper: ink brought to 20% grey and paper to 85%, with noise,
// blur, a skew of 1.4° and JPEG artefacts), its JPEG taken out unchanged by pdfimages into a
// one-page PDF at its 200 dpi. Read as it is, wrapped labels came out as nothing and most figures
// doubtful: tesseract, given grey cells stacked on white, reads them poorly.
// Needs the Debian packages fonts-liberation and fonts-arphic-ukai. Reproducible.
// Run from the project root: node samples/make/render-paper.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jpegPdf } from './pdf-bytes.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'test', 'fixtures', 'ocr');
const WORK = join(tmpdir(), 'xxgk-paper-fixture');
const scan = 'guangan-paper-small-200';
rmSync(WORK, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
execFileSync(process.execPath, [join(ROOT, 'samples', 'make', 'render-eval.mjs'), WORK], { env: { ...process.env, EVAL_ONLY: scan }, stdio: 'ignore' });
execFileSync('pdfimages', ['-j', '-f', '2', '-l', '2', join(WORK, `${scan}.pdf`), join(WORK, scan)]);
writeFileSync(join(OUT, 'paper-small-page-2.pdf'), jpegPdf([readFileSync(join(WORK, `${scan}-000.jpg`))], 200));
console.log(`written: paper-small-page-2.pdf in ${OUT}`);
