#!/usr/bin/env node
// Makes test/fixtures/ocr/screenshot-100dpi.jpg and screenshot-wps-120dpi.png: the second table
// pictures of dazhu-pictures-100 and xuyi-wps-pictures-120 (render-eval.mjs: the Dazhu report
// printed in Noto Sans CJK at 10.5 pt, and the Xuyi report as WPS prints it, Times digits and
// letter-spaced Kai labels at 9 pt; each page cut to its content as a picture at screen
// resolution, 100 and 120 dpi, as a screenshot of a table pasted into a page). At 120 dpi the
// digits are 10 pixels high: thin strokes break apart (a "1" in four pieces, a "7" as its bar and
// its stem), and narrow cells wrap two-digit totals one digit a line.
// Needs the Debian packages fonts-liberation and fonts-arphic-ukai. Reproducible.
// Run from the project root: node samples/make/render-screenshots.mjs
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'test', 'fixtures', 'ocr');
const WORK = join(tmpdir(), 'xxgk-screenshots');
rmSync(WORK, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const pictures = { 'dazhu-pictures-100/table-2.jpg': 'screenshot-100dpi.jpg', 'xuyi-wps-pictures-120/table-2.png': 'screenshot-wps-120dpi.png' };
const names = Object.keys(pictures).map((p) => p.split('/')[0]);
execFileSync(process.execPath, [join(ROOT, 'samples', 'make', 'render-eval.mjs'), WORK], { env: { ...process.env, EVAL_ONLY: names.join(',') }, stdio: 'ignore' });
for (const [picture, fixture] of Object.entries(pictures)) {
  const [name, file] = picture.split('/');
  copyFileSync(join(WORK, `${name}_files`, file), join(OUT, fixture));
}
console.log(`written: ${Object.values(pictures).join(', ')} in ${OUT}`);
