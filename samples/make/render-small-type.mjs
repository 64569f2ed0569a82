#!/usr/bin/env node
// Makes test/fixtures/ocr/small-type-rows-1.png and -2.png: rows of section 三 cut from a scan of
// a report printed in small type (the evaluation set's guangan-small-200: the Guangan report's
// tables in 7.5-pt type, scanned at 200 dpi with noise, blur and JPEG artefacts, made by
// render-eval.mjs). There digits touch: "44" prints as one blob, "400" as 4 and a wide "00", and
// "(七)总计" falls into narrow blobs like a figure. Cut by pdftoppm and ImageMagick; reproducible.
// Run from the project root: node samples/make/render-small-type.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'test', 'fixtures', 'ocr');
const WORK = join(tmpdir(), 'xxgk-small-type');
rmSync(WORK, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
execFileSync(process.execPath, [join(ROOT, 'samples', 'make', 'render-eval.mjs'), WORK], { env: { ...process.env, EVAL_ONLY: 'guangan-small-200' }, stdio: 'ignore' });
const scan = join(WORK, 'guangan-small-200.pdf');
// Page 2: the rows of 予以公开, 部分公开 (its total 44 touching) and 属于国家秘密; page 3: 总计 and 结转.
const cuts = [{ page: 2, crop: '1400x205+150+720' }, { page: 3, crop: '1400x150+150+135' }];
cuts.forEach(({ page, crop }, i) => {
  const prefix = join(WORK, `page${page}`);
  execFileSync('pdftoppm', ['-r', '200', '-gray', '-png', '-singlefile', '-f', String(page), '-l', String(page), scan, prefix]);
  const out = join(OUT, `small-type-rows-${i + 1}.png`);
  execFileSync('convert', [`${prefix}.png`, '-crop', crop, '+repage', '-bordercolor', 'white', '-border', '20', out]);
  console.log(`written: ${out}`);
});
