#!/usr/bin/env node
// Makes the OCR evaluation set: scans and table pictures of reports the OCR reader was never
// tuned on (the tuned-on samples come from dazhu, pingyang, anxi and xuyi), each beside the text
// version it was made from. Not committed (tens of MB): written to a directory, by default
// $TMPDIR/xxgk-ocr-eval, with manifest.json; bench/ocr-eval.js reads it and compares figures.
// Two parts: `dev` (measured while working) and `heldout` (run only at the end, to see whether
// what was tuned on `dev` holds). Same tools and degradation as render-scans.mjs (pdftoppm,
// ImageMagick noise/blur/skew/JPEG, Chromium print); fixed seeds, so the set is reproducible.
// Run from the project root: node samples/make/render-eval.mjs [dir]
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'cheerio';
import iconv from 'iconv-lite';
import { isUtf8, jpegPdf } from './pdf-bytes.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SAMPLES = join(ROOT, 'samples');
const REAL = join(ROOT, 'test', 'fixtures', 'shared', 'real-reports');
const OUT = process.argv[2] ?? join(tmpdir(), 'xxgk-ocr-eval');
const WORK = join(OUT, 'work');
rmSync(OUT, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });

// `text`: the text version (a PDF, or an HTML page printed to PDF with ruled tables in `font`, at
// `size` points in the tables: 10 unless said; small type, as some reports print, at 7.5 and 6.5;
// `shade`: the tables' first two rows shaded grey (or in the colour given); `wps`: as WPS prints many reports: thin rules,
// every cell left-aligned with room around its text, labels letter-spaced, and the figures of
// sections 二 and 四 in 12 pt while those of 三 keep the tables' size).
// `scan`: dpi, skew (degrees), noise (attenuation), blur (sigma), JPEG quality, `paper` (ink and
// paper brought to grey levels, as a scanner sees a page: '15%,88%'), `reduced` (the page printed
// reduced, 0.85 for 85%, and scanned at dpi); or `pictures`: the
// pages cut to their content as PNG/JPEG inside an HTML page (in colour with `color`). `expect`: 'exact' (clean, ≥98% right,
// none wrong) or 'noWrong' (degraded).
const items = [
  // dev
  { part: 'dev', name: 'guangan-300', text: { pdf: join(SAMPLES, 'guangan-gov-2024-libreoffice.pdf') }, scan: { dpi: 300, skew: 1.2, noise: 0.15, blur: 0.5, quality: 50 }, expect: 'exact' },
  { part: 'dev', name: 'wanzhou-200', text: { pdf: join(SAMPLES, 'wanzhou-rsj-2023-page-break.pdf') }, scan: { dpi: 200, skew: -1.5, noise: 0.2, blur: 0.5, quality: 55 }, expect: 'exact' },
  { part: 'dev', name: 'longgang-200', text: { pdf: join(SAMPLES, 'longgang-edu-2022-narrow-columns.pdf') }, scan: { dpi: 200, skew: 0.8, noise: 0.2, blur: 0.4, quality: 60 }, expect: 'exact' },
  { part: 'dev', name: 'huaian-300', text: { pdf: join(REAL, 'js-huaian-city-gov-2024', 'raw.pdf') }, scan: { dpi: 300, skew: -1, noise: 0.15, blur: 0.6, quality: 45 }, expect: 'exact' },
  { part: 'dev', name: 'kaizhou-pictures', text: { html: join(SAMPLES, 'kaizhou-hanfeng-2021-label-variants.html'), font: 'Noto Sans CJK SC' }, pictures: { dpi: 150, formats: ['png', 'jpg'] }, expect: 'exact' },
  { part: 'dev', name: 'guangan-small-200', text: { html: join(SAMPLES, 'guangan-gov-2024-trs-large.html'), font: 'Noto Serif CJK SC', size: 7.5 }, scan: { dpi: 200, skew: 0.9, noise: 0.2, blur: 0.5, quality: 50 }, expect: 'exact' },
  { part: 'dev', name: 'longgang-tiny-200', text: { html: join(SAMPLES, 'longgang-edu-2022-ucap.html'), font: 'Noto Sans CJK SC', size: 6.5 }, scan: { dpi: 200, skew: -0.6, noise: 0.2, blur: 0.5, quality: 50 }, expect: 'exact' },
  { part: 'dev', name: 'anxi-tiny-200', text: { html: join(SAMPLES, 'anxi-jtj-2020-template2019-gb2312.html'), font: 'Noto Serif CJK SC', size: 6.5 }, scan: { dpi: 200, skew: 1.2, noise: 0.25, blur: 0.6, quality: 45 }, expect: 'exact' },
  // Word's usual fonts: Times New Roman for digits (here Liberation Serif, its metric twin: apt
  // package fonts-liberation), a Song face for Chinese; tables in 小五 (9 pt) and 五号 (10.5 pt).
  { part: 'dev', name: 'xuyi-times-200', text: { html: join(SAMPLES, 'xuyi-zrzy-2023-hanweb-gbk.html'), font: ['Liberation Serif', 'Noto Serif CJK SC'], size: 9 }, scan: { dpi: 200, skew: -1.1, noise: 0.2, blur: 0.5, quality: 50 }, expect: 'exact' },
  { part: 'dev', name: 'pingyang-times-200', text: { html: join(SAMPLES, 'pingyang-wjw-2024-nested-marks.html'), font: ['Liberation Serif', 'Noto Serif CJK SC'], size: 10.5 }, scan: { dpi: 200, skew: 0.7, noise: 0.2, blur: 0.5, quality: 50 }, expect: 'exact' },
  { part: 'dev', name: 'kaizhou-times-200', text: { html: join(SAMPLES, 'kaizhou-hanfeng-2021-label-variants.html'), font: ['Liberation Serif', 'Noto Serif CJK SC'], size: 9 }, scan: { dpi: 200, skew: 1.3, noise: 0.25, blur: 0.6, quality: 45 }, expect: 'exact' },
  { part: 'dev', name: 'dazhu-times-200', text: { html: join(SAMPLES, 'dazhu-gov-2024-trs.html'), font: ['Liberation Serif', 'Noto Serif CJK SC'], size: 10.5 }, scan: { dpi: 200, skew: -0.9, noise: 0.2, blur: 0.5, quality: 50 }, expect: 'exact' },
  // Word fonts in small type (7.5 pt), as many reports print their tables: digits 9-14 px at 200 dpi.
  { part: 'dev', name: 'xuyi-times-small-200', text: { html: join(SAMPLES, 'xuyi-zrzy-2023-hanweb-gbk.html'), font: ['Liberation Serif', 'Noto Serif CJK SC'], size: 7.5 }, scan: { dpi: 200, skew: 0.8, noise: 0.2, blur: 0.5, quality: 50 }, expect: 'exact' },
  { part: 'dev', name: 'dazhu-times-small-200', text: { html: join(SAMPLES, 'dazhu-gov-2024-trs.html'), font: ['Liberation Serif', 'Noto Serif CJK SC'], size: 7.5 }, scan: { dpi: 200, skew: -1.4, noise: 0.25, blur: 0.6, quality: 45 }, expect: 'exact' },
  { part: 'dev', name: 'kaizhou-times-small-200', text: { html: join(SAMPLES, 'kaizhou-hanfeng-2021-label-variants.html'), font: ['Liberation Serif', 'Noto Serif CJK SC'], size: 7.5 }, scan: { dpi: 200, skew: 1.1, noise: 0.2, blur: 0.5, quality: 50 }, expect: 'exact' },
  // Labels in a Kai or a Ming face (as reports print in 楷体 or 仿宋), Times digits, 7.5 pt (Debian's fonts-arphic-ukai, -uming).
  { part: 'dev', name: 'longgang-kai-small-200', text: { html: join(SAMPLES, 'longgang-edu-2022-ucap.html'), font: ['Liberation Serif', 'AR PL UKai CN'], size: 7.5 }, scan: { dpi: 200, skew: -0.7, noise: 0.2, blur: 0.5, quality: 50 }, expect: 'exact' },
  { part: 'dev', name: 'guangan-ming-small-200', text: { html: join(SAMPLES, 'guangan-gov-2024-trs-large.html'), font: ['Liberation Serif', 'AR PL UMing CN'], size: 7.5 }, scan: { dpi: 200, skew: 1.2, noise: 0.25, blur: 0.6, quality: 45 }, expect: 'exact' },
  { part: 'dev', name: 'pingyang-kai-small-200', text: { html: join(SAMPLES, 'pingyang-wjw-2024-nested-marks.html'), font: ['Liberation Serif', 'AR PL UKai CN'], size: 7.5 }, scan: { dpi: 200, skew: 0.6, noise: 0.2, blur: 0.5, quality: 50 }, expect: 'exact' },
  // Labels in a FangSong face (仿宋, as most government documents print; Debian's fonts-cwtex-fs, a
  // traditional-Chinese face: characters it lacks fall back to Noto).
  { part: 'dev', name: 'xuyi-fangsong-small-200', text: { html: join(SAMPLES, 'xuyi-zrzy-2023-hanweb-gbk.html'), font: ['Liberation Serif', 'cwTeXFangSong', 'Noto Serif CJK SC'], size: 7.5 }, scan: { dpi: 200, skew: 1.0, noise: 0.2, blur: 0.5, quality: 50 }, expect: 'exact' },
  { part: 'dev', name: 'anxi-fangsong-200', text: { html: join(SAMPLES, 'anxi-jtj-2020-template2019-gb2312.html'), font: ['Liberation Serif', 'cwTeXFangSong', 'Noto Serif CJK SC'], size: 9, shade: true }, scan: { dpi: 200, skew: -1.2, noise: 0.25, blur: 0.6, quality: 45 }, expect: 'exact' },
  // Header rows shaded grey, as WPS and Word templates print them.
  { part: 'dev', name: 'kaizhou-shaded-small-200', text: { html: join(SAMPLES, 'kaizhou-hanfeng-2021-label-variants.html'), font: ['Liberation Serif', 'AR PL UMing CN'], size: 7.5, shade: true }, scan: { dpi: 200, skew: -1.0, noise: 0.2, blur: 0.5, quality: 50 }, expect: 'exact' },
  { part: 'dev', name: 'dazhu-shaded-200', text: { html: join(SAMPLES, 'dazhu-gov-2024-trs.html'), font: ['Liberation Serif', 'Noto Serif CJK SC'], size: 9, shade: true }, scan: { dpi: 200, skew: 1.3, noise: 0.25, blur: 0.6, quality: 45 }, expect: 'exact' },
  // As WPS prints many reports (Huai'an's among them): thin rules, cells left-aligned with room,
  // letter-spaced labels in a FangSong or Ming face, figures of 二 and 四 in 12 pt.
  { part: 'dev', name: 'guangan-wps-200', text: { html: join(SAMPLES, 'guangan-gov-2024-trs-large.html'), font: ['Liberation Serif', 'cwTeXFangSong', 'Noto Serif CJK SC'], size: 7.5, wps: true }, scan: { dpi: 200, skew: 1.4, noise: 0.25, blur: 0.5, quality: 50 }, expect: 'exact' },
  { part: 'dev', name: 'longgang-wps-200', text: { html: join(SAMPLES, 'longgang-edu-2022-ucap.html'), font: ['Liberation Serif', 'AR PL UMing CN'], size: 7.5, wps: true, shade: true }, scan: { dpi: 200, skew: -1.3, noise: 0.25, blur: 0.5, quality: 50 }, expect: 'exact' },
  { part: 'dev', name: 'pingyang-wps-200', text: { html: join(SAMPLES, 'pingyang-wjw-2024-nested-marks.html'), font: ['Liberation Serif', 'AR PL UKai CN'], size: 7.5, wps: true }, scan: { dpi: 200, skew: 1.5, noise: 0.25, blur: 0.5, quality: 50 }, expect: 'exact' },
  { part: 'dev', name: 'kaizhou-wps-200', text: { html: join(SAMPLES, 'kaizhou-hanfeng-2021-label-variants.html'), font: ['Liberation Serif', 'Noto Serif CJK SC'], size: 7.5, wps: true }, scan: { dpi: 200, skew: -1.5, noise: 0.25, blur: 0.5, quality: 50 }, expect: 'exact' },
  // Table pictures at screen resolution, as a screenshot of a Word or WPS table pasted into a page.
  { part: 'dev', name: 'pingyang-pictures-110', text: { html: join(SAMPLES, 'pingyang-wjw-2024-nested-marks.html'), font: ['Liberation Serif', 'Noto Serif CJK SC'], size: 10.5 }, pictures: { dpi: 110, formats: ['png', 'jpg'] }, expect: 'exact' },
  { part: 'dev', name: 'xuyi-wps-pictures-120', text: { html: join(SAMPLES, 'xuyi-zrzy-2023-hanweb-gbk.html'), font: ['Liberation Serif', 'AR PL UKai CN'], size: 9, wps: true }, pictures: { dpi: 120, formats: ['jpg', 'png'] }, expect: 'exact' },
  { part: 'dev', name: 'dazhu-pictures-100', text: { html: join(SAMPLES, 'dazhu-gov-2024-trs.html'), font: 'Noto Sans CJK SC', size: 10.5 }, pictures: { dpi: 100, formats: ['png', 'jpg'] }, expect: 'exact' },
  // Table pictures in colour, header rows filled light blue or pale yellow, as office templates colour them.
  { part: 'dev', name: 'guangan-color-pictures-150', text: { html: join(SAMPLES, 'guangan-gov-2024-trs-large.html'), font: ['Liberation Serif', 'Noto Serif CJK SC'], size: 10.5, shade: '#bdd7ee' }, pictures: { dpi: 150, formats: ['png', 'jpg'], color: true }, expect: 'exact' },
  { part: 'dev', name: 'longgang-color-pictures-120', text: { html: join(SAMPLES, 'longgang-edu-2022-ucap.html'), font: 'Noto Sans CJK SC', size: 10.5, shade: '#fff2cc' }, pictures: { dpi: 120, formats: ['jpg', 'png'], color: true }, expect: 'exact' },
  // Scanned on grey paper with grey ink (contrast lowered: ink at 15%, paper at 88%).
  { part: 'dev', name: 'kaizhou-paper-200', text: { html: join(SAMPLES, 'kaizhou-hanfeng-2021-label-variants.html'), font: ['Liberation Serif', 'Noto Serif CJK SC'], size: 9 }, scan: { dpi: 200, skew: 1.2, noise: 0.25, blur: 0.6, quality: 45, paper: '15%,88%' }, expect: 'exact' },
  { part: 'dev', name: 'guangan-paper-small-200', text: { html: join(SAMPLES, 'guangan-gov-2024-trs-large.html'), font: ['Liberation Serif', 'AR PL UKai CN'], size: 7.5 }, scan: { dpi: 200, skew: -1.4, noise: 0.25, blur: 0.5, quality: 50, paper: '20%,85%' }, expect: 'exact' },
  // Printed reduced (85%, 80%: "fit to page"), then scanned at 200 dpi: the text PDFs' type smaller still.
  { part: 'dev', name: 'guangan-reduced-200', text: { pdf: join(SAMPLES, 'guangan-gov-2024-libreoffice.pdf') }, scan: { dpi: 200, skew: 1.3, noise: 0.25, blur: 0.5, quality: 50, reduced: 0.85 }, expect: 'exact' },
  { part: 'dev', name: 'wanzhou-reduced-200', text: { pdf: join(SAMPLES, 'wanzhou-rsj-2023-page-break.pdf') }, scan: { dpi: 200, skew: -1.2, noise: 0.25, blur: 0.5, quality: 50, reduced: 0.8 }, expect: 'exact' },
  { part: 'dev', name: 'longgang-reduced-200', text: { pdf: join(SAMPLES, 'longgang-edu-2022-narrow-columns.pdf') }, scan: { dpi: 200, skew: 1.5, noise: 0.25, blur: 0.5, quality: 50, reduced: 0.8 }, expect: 'exact' },
  { part: 'dev', name: 'guangan-150-poor', text: { pdf: join(SAMPLES, 'guangan-gov-2024-libreoffice.pdf') }, scan: { dpi: 150, skew: -1.3, noise: 0.5, blur: 0.8, quality: 35 }, expect: 'noWrong' },
  // held out
  { part: 'heldout', name: 'yuhang-300', text: { html: join(SAMPLES, 'yuhang-sl-2022-hanweb-wrong-totals.html'), font: 'Noto Serif CJK SC' }, scan: { dpi: 300, skew: -0.7, noise: 0.2, blur: 0.5, quality: 50 }, expect: 'exact' },
  { part: 'heldout', name: 'quxian-200', text: { html: join(SAMPLES, 'quxian-sanhui-2024-xxgk-gbk.html'), font: 'Noto Sans CJK SC' }, scan: { dpi: 200, skew: 1.4, noise: 0.2, blur: 0.5, quality: 50 }, expect: 'exact' },
  { part: 'heldout', name: 'shuyang-pictures', text: { html: join(REAL, 'js-suqian-shuyang-fgj-2023', 'raw.html'), font: 'Noto Serif CJK SC' }, pictures: { dpi: 150, formats: ['jpg', 'png'] }, expect: 'exact' },
  { part: 'heldout', name: 'huaian-200', text: { pdf: join(REAL, 'js-huaian-city-gov-2024', 'raw.pdf') }, scan: { dpi: 200, skew: 1.5, noise: 0.25, blur: 0.5, quality: 50 }, expect: 'exact' },
  { part: 'heldout', name: 'wanzhou-150-poor', text: { pdf: join(SAMPLES, 'wanzhou-rsj-2023-page-break.pdf') }, scan: { dpi: 150, skew: 1.1, noise: 0.6, blur: 0.9, quality: 30 }, expect: 'noWrong' },
];

const only = process.env.EVAL_ONLY?.split(',');
const manifest = [];
for (const item of items.filter((i) => !only || only.includes(i.name))) {
  const textPdf = item.text.pdf ?? printHtml(item.name, item.text.html, item.text);
  const reference = item.text.pdf ?? item.text.html;
  const prefix = join(WORK, item.name);
  if (item.scan) {
    const { dpi, skew, noise, blur, quality, paper, reduced = 1 } = item.scan;
    execFileSync('pdftoppm', ['-r', String(Math.round(dpi * reduced)), '-gray', '-png', textPdf, prefix]);
    const pages = readdirSync(WORK).filter((f) => f.startsWith(`${item.name}-`) && f.endsWith('.png')).sort();
    const jpegs = pages.map((png, i) => {
      const out = join(WORK, `${item.name}-${i + 1}.jpg`);
      execFileSync('convert', [join(WORK, png), ...(paper ? ['+level', paper] : []), '-seed', String(101 + i), '-background', paper ? 'gray88' : 'white', '-rotate', String(skew), '-attenuate', String(noise), '+noise', 'Gaussian', '-blur', `0x${blur}`, '-colorspace', 'Gray', '-quality', String(quality), out]);
      return readFileSync(out);
    });
    writeFileSync(join(OUT, `${item.name}.pdf`), jpegPdf(jpegs, dpi));
    manifest.push({ ...item, file: `${item.name}.pdf`, reference, textPdf });
  } else {
    const dir = join(OUT, `${item.name}_files`);
    mkdirSync(dir, { recursive: true });
    execFileSync('pdftoppm', ['-r', String(item.pictures.dpi), ...(item.pictures.color ? [] : ['-gray']), '-png', textPdf, prefix]);
    const pages = readdirSync(WORK).filter((f) => f.startsWith(`${item.name}-`) && f.endsWith('.png')).sort();
    const files = pages.map((png, i) => {
      const format = item.pictures.formats[i % item.pictures.formats.length];
      const file = `table-${i + 1}.${format}`;
      execFileSync('convert', [join(WORK, png), '-trim', '-bordercolor', 'white', '-border', '10', ...(format === 'jpg' ? ['-quality', '75'] : ['-colors', '16']), join(dir, file)]);
      return file;
    });
    const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${item.name}</title></head><body>
<div class="header"><img src="${item.name}_files/logo.png" alt="logo" width="240" height="60"></div>
<div class="article">${files.map((f) => `<p><img src="${item.name}_files/${f}" alt=""></p>`).join('\n')}</div></body></html>\n`;
    execFileSync('convert', ['-size', '240x60', 'xc:#c00', join(dir, 'logo.png')]);
    writeFileSync(join(OUT, `${item.name}.html`), html);
    manifest.push({ ...item, file: `${item.name}.html`, reference, textPdf });
  }
  console.log(`${item.part}: ${item.name}`);
}
writeFileSync(join(OUT, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
console.log(`written to ${OUT}`);

/** Cells styled as WPS prints many reports (see `wps` above); the styles are inline, to beat the page's own. */
function wpsCells(body) {
  const $ = load(body, null, false);
  $('table').each((_, table) => {
    const applications = $(table).text().includes('自然人');
    $(table).find('td, th').each((_, cell) => {
      const figure = /^\s*-?[\d.,]+\s*$/.test($(cell).text());
      const size = figure && !applications ? 'font-size: 12pt !important; ' : '';
      $(cell).find('p, div').attr('style', 'text-align: left !important; margin: 0 !important');
      $(cell).attr('style', `${size}letter-spacing: ${figure ? 0 : 1.5}pt !important; text-align: left !important; padding: 5pt 4pt !important; border-width: 0.5pt !important`);
    });
  });
  return $.html();
}

/** The report's body as a Word user prints it, tables ruled, in the given font (Chromium print). */
function printHtml(name, path, { font, size = 10, shade = false, wps = false }) {
  const bytes = readFileSync(path);
  const head = bytes.subarray(0, 2048).toString('latin1');
  const source = /charset=["']?(gbk|gb2312|gb18030)/i.test(head) || !isUtf8(bytes) ? iconv.decode(bytes, 'gb18030') : bytes.toString('utf8');
  const $ = load(source);
  let body = ['.TRS_Editor', '#zoomcon', '#zoom', '#UCAP-CONTENT', '.content', 'td.content'].map((s) => $(s).first().html()).find(Boolean) ?? $('body').html();
  if (wps) body = wpsCells(body);
  const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page { size: A4 portrait; margin: 20mm 18mm; }
body { font-family: ${[font].flat().map((f) => `"${f}"`).join(', ')}, serif; font-size: 12pt; line-height: 1.5; }
table { border-collapse: collapse; margin: 6pt auto; width: 100%; }
td, th { border: 0.8pt solid #000 !important; padding: 2pt 3pt; font-size: ${size}pt; text-align: center; }
${shade ? `tr:nth-child(-n+2) td, tr:nth-child(-n+2) th { background: ${shade === true ? '#d0d0d0' : shade} !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }` : ''}
p { margin: 3pt 0; } span, font { font-family: inherit !important; font-size: inherit !important; }
</style></head><body>${body}</body></html>`;
  const htmlPath = join(WORK, `${name}.print.html`);
  const pdfPath = join(WORK, `${name}.text.pdf`);
  writeFileSync(htmlPath, html);
  execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--no-pdf-header-footer', `--user-data-dir=${join(WORK, 'chromium')}`, `--print-to-pdf=${pdfPath}`, htmlPath], { stdio: 'ignore' });
  if (!existsSync(pdfPath)) throw new Error(`Chromium did not print ${name}`);
  copyFileSync(pdfPath, join(OUT, `${name}.text.pdf`));
  return pdfPath;
}
