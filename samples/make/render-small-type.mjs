#!/usr/bin/env node
// Makes test/fixtures/ocr/small-type-rows-*.png: rows cut from scans of reports printed in small
// type, made by render-eval.mjs with noise, blur and JPEG artefacts at 200 dpi:
// - 1 and 2, section 三 of guangan-small-200 (the Guangan report's tables in 7.5-pt type): digits
//   touch ("44" prints as one blob, "400" as 4 and a wide "00"), and "(七)总计" falls into narrow
//   blobs like a figure;
// And test/fixtures/ocr/small-type-page-1.jpg and -2.jpg: the first two pages of anxi-tiny-200
// (the Anxi report's tables in 6.5-pt type) as scanned, the JPEGs taken out of the PDF unchanged:
// the minus of "-3" and the point of "286.4" are a pixel or two of grey, and zeros break in two.
// Cut by pdftoppm and ImageMagick, taken out by pdfimages; reproducible.
// Run from the project root: node samples/make/render-small-type.mjs
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'test', 'fixtures', 'ocr');
const WORK = join(tmpdir(), 'xxgk-small-type');
rmSync(WORK, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
execFileSync(process.execPath, [join(ROOT, 'samples', 'make', 'render-eval.mjs'), WORK], { env: { ...process.env, EVAL_ONLY: 'guangan-small-200,anxi-tiny-200' }, stdio: 'ignore' });
const cuts = [
  // Page 2: the rows of 予以公开, 部分公开 (its total 44 touching) and 属于国家秘密; page 3: 总计 and 结转.
  { scan: 'guangan-small-200', page: 2, crop: '1400x205+150+720' },
  { scan: 'guangan-small-200', page: 3, crop: '1400x150+150+135' },
];
cuts.forEach(({ scan, page, crop }, i) => {
  const prefix = join(WORK, `${scan}-page${page}`);
  execFileSync('pdftoppm', ['-r', '200', '-gray', '-png', '-singlefile', '-f', String(page), '-l', String(page), join(WORK, `${scan}.pdf`), prefix]);
  const out = join(OUT, `small-type-rows-${i + 1}.png`);
  execFileSync('convert', [`${prefix}.png`, '-crop', crop, '+repage', '-bordercolor', 'white', '-border', '20', out]);
  console.log(`written: ${out}`);
});
for (const page of [1, 2]) {
  execFileSync('pdfimages', ['-j', '-f', String(page), '-l', String(page), join(WORK, 'anxi-tiny-200.pdf'), join(WORK, `anxi-${page}`)]);
  copyFileSync(join(WORK, `anxi-${page}-000.jpg`), join(OUT, `small-type-page-${page}.jpg`));
  console.log(`written: ${join(OUT, `small-type-page-${page}.jpg`)}`);
}
