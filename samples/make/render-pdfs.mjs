#!/usr/bin/env node
// Makes the sample PDFs from the HTML samples, the way county bodies print their reports:
// Chromium's print to PDF and LibreOffice (Debian packages chromium, libreoffice-writer-nogui,
// fonts-noto-cjk, poppler-utils, qpdf). Each PDF gets its expected JSON from its HTML sample: same
// figures and checks; no publication date (a PDF has no page fields).
// Run from the project root: node samples/make/render-pdfs.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'cheerio';
import iconv from 'iconv-lite';
import { isUtf8 } from './pdf-bytes.mjs';

const SAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..');
const WORK = join(tmpdir(), 'xxgk-pdf-samples');
rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });

const variants = [
  { from: 'dazhu-gov-2024-trs', name: 'dazhu-gov-2024-portrait', engine: 'chromium', note: 'portrait, Chromium print, borders as filled rectangles' },
  { from: 'guangan-gov-2024-trs-large', name: 'guangan-gov-2024-libreoffice', engine: 'soffice', note: 'portrait, LibreOffice, large figures' },
  { from: 'xuyi-zrzy-2023-hanweb-gbk', name: 'xuyi-zrzy-2023-landscape', engine: 'chromium', landscape: true, note: 'landscape pages' },
  { from: 'wanzhou-rsj-2023-trs-wrong-totals', name: 'wanzhou-rsj-2023-page-break', engine: 'chromium', thead: true, css: 'body{font-size:15pt} td{padding:5pt 3pt}', note: 'section 三 over a page break, header repeated' },
  { from: 'longgang-edu-2022-ucap', name: 'longgang-edu-2022-narrow-columns', engine: 'chromium', css: 'table{width:62%!important} td{font-size:9pt}', note: 'narrow columns, labels wrapped over several lines' },
  { from: 'kaizhou-hanfeng-2021-label-variants', name: 'kaizhou-hanfeng-2021-no-rules-wrapped', engine: 'chromium', borders: false, css: 'table{width:100%} td{font-size:9.5pt;padding:1pt 6pt}', note: 'no ruling lines, labels wrapped over lines' },
  { from: 'yuhang-sl-2022-hanweb-wrong-totals', name: 'yuhang-sl-2022-no-rules-landscape', engine: 'chromium', borders: false, landscape: true, css: 'table{width:100%} td{font-size:8pt;padding:1pt 4pt;white-space:nowrap}', note: 'no ruling lines, landscape, one line per cell' },
  { from: 'anxi-jtj-2020-template2019-gb2312', name: 'anxi-jtj-2020-libreoffice', engine: 'soffice', note: '2019 template, LibreOffice' },
  { from: 'pingyang-wjw-2024-nested-marks', name: 'pingyang-wjw-2024-portrait', engine: 'chromium', note: '"—", "/", "无" marks' },
  { from: 'longgang-edu-2022-ucap', name: 'longgang-edu-2022-hrules-wps', engine: 'chromium', borders: false,
    css: 'table{width:78%} td{font-size:10.5pt;padding:2pt 4pt;vertical-align:middle;border-top:0.6pt solid #000 !important;border-bottom:0.6pt solid #000 !important} td:first-child{text-align:left}',
    note: 'horizontal rules only (WPS style), labels left-aligned and wrapped, blank columns' },
  { from: 'guangan-gov-2024-trs-large', name: 'guangan-gov-2024-no-rules-top', engine: 'chromium', borders: false,
    css: 'table{width:86%} td{font-size:9pt;padding:0 5pt;vertical-align:top;text-align:right} td:first-child{text-align:left}',
    note: 'no ruling lines, cells top-aligned, numbers right-aligned, labels wrapped' },
  { from: 'wanzhou-rsj-2023-trs-wrong-totals', name: 'wanzhou-rsj-2023-hrules-narrow', engine: 'chromium', borders: false,
    css: 'table{width:70%} td{font-size:9pt;padding:1pt 3pt;border-bottom:0.5pt solid #000 !important}',
    note: 'a rule under each row only, narrow table, header a character a line, wrong totals printed' },
  { from: 'anxi-jtj-2020-template2019-gb2312', name: 'anxi-jtj-2020-no-rules', engine: 'chromium', borders: false,
    css: 'table{width:85%} td{font-size:9.5pt;padding:1pt 3pt}', note: 'no ruling lines, the 2019 template, section 二 as small tables of two and three columns' },
];

// `node samples/make/render-pdfs.mjs NAME…` makes only those PDFs (the others keep their bytes).
const only = process.argv.slice(2);

function readSample(name) {
  const bytes = readFileSync(join(SAMPLES, `${name}.html`));
  const head = bytes.subarray(0, 1024).toString('latin1');
  return /charset=(gbk|gb2312)/i.test(head) || !/charset/i.test(head) && !isUtf8(bytes) ? iconv.decode(bytes, 'gb18030') : bytes.toString('utf8');
}

/** The report as a Word user prints it: its title and body, no portal around it. */
function printPage(variant, expected) {
  const $ = load(readSample(variant.from));
  const body = $('.TRS_Editor').first().html() ?? $('#zoom').html() ?? $('#UCAP-CONTENT').html() ?? $('.xxgk-show .content').html() ?? $('td.content').html();
  const $body = load(`<div id="body">${body}</div>`);
  if (variant.thead) {
    $body('table').each((_, table) => {
      const rows = $body(table).find('tr');
      if (rows.length > 20) $body(table).prepend($body('<thead></thead>').append(rows.slice(0, 3)));
    });
  }
  const border = variant.borders === false ? 'none !important' : '0.8pt solid #000';
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${expected.meta.title}</title><style>
@page { size: A4 ${variant.landscape ? 'landscape' : 'portrait'}; margin: 22mm 20mm; }
body { font-family: "Noto Serif CJK SC", serif; font-size: 12pt; line-height: 1.5; }
h1 { font-family: "Noto Sans CJK SC", sans-serif; font-size: 18pt; text-align: center; }
table { border-collapse: collapse; margin: 6pt auto; ${variant.borders === false ? "border: none !important;" : ""} }
td, th { border: ${border}; padding: 2pt 3pt; font-size: 10pt; text-align: center; }
p { margin: 3pt 0; } span { font-family: inherit !important; font-size: inherit !important; }
${variant.css ?? ''}
</style></head><body><h1>${expected.meta.title}</h1>${$body('#body').html()}</body></html>`;
}

function print(variant, htmlPath, pdfPath) {
  if (variant.engine === 'chromium') {
    execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--no-pdf-header-footer', `--user-data-dir=${join(WORK, 'chromium')}`, `--print-to-pdf=${pdfPath}`, htmlPath], { stdio: 'ignore' });
  } else {
    execFileSync('soffice', [`-env:UserInstallation=file://${join(WORK, 'lo')}`, '--headless', '--convert-to', 'pdf:writer_web_pdf_Export', '--outdir', WORK, htmlPath], { stdio: 'ignore' });
    copyFileSync(htmlPath.replace(/\.html$/, '.pdf'), pdfPath);
  }
}

for (const variant of variants.filter((v) => only.length === 0 || only.includes(v.name))) {
  const expected = JSON.parse(readFileSync(join(SAMPLES, `${variant.from}.expected.json`), 'utf8'));
  const htmlPath = join(WORK, `${variant.name}.html`);
  writeFileSync(htmlPath, printPage(variant, expected));
  const pdfPath = join(SAMPLES, `${variant.name}.pdf`);
  print(variant, htmlPath, pdfPath);
  const pdfExpected = { ...expected, meta: { ...expected.meta, publishedAt: null }, madeFrom: `${variant.from}.html`, layout: variant.note };
  if (variant.bestEffort) pdfExpected.bestEffort = variant.bestEffort;
  writeFileSync(join(SAMPLES, `${variant.name}.expected.json`), JSON.stringify(pdfExpected, null, 2) + '\n');
  console.log(`${variant.name}.pdf (${variant.note})`);
}

if (only.length > 0) process.exit(0);

// A Word document: the report saved as DOCX (LibreOffice's HTML import, then its Word export).
{
  const variant = { from: 'xuyi-zrzy-2023-hanweb-gbk', name: 'xuyi-zrzy-2023-word' };
  const expected = JSON.parse(readFileSync(join(SAMPLES, `${variant.from}.expected.json`), 'utf8'));
  const htmlPath = join(WORK, `${variant.name}.html`);
  writeFileSync(htmlPath, printPage(variant, expected));
  execFileSync('soffice', [`-env:UserInstallation=file://${join(WORK, 'lo')}`, '--headless', '--convert-to', 'docx:MS Word 2007 XML', '--outdir', WORK, htmlPath], { stdio: 'ignore' });
  copyFileSync(join(WORK, `${variant.name}.docx`), join(SAMPLES, `${variant.name}.docx`));
  writeFileSync(join(SAMPLES, `${variant.name}.expected.json`), JSON.stringify({ ...expected, meta: { ...expected.meta, publishedAt: null }, madeFrom: `${variant.from}.html`, layout: 'a Word document (DOCX)' }, null, 2) + '\n');
  console.log(`${variant.name}.docx`);
  // The same saved as Word 97 (DOC), as older offices still send.
  execFileSync('soffice', [`-env:UserInstallation=file://${join(WORK, 'lo')}`, '--headless', '--convert-to', 'doc:MS Word 97', '--outdir', WORK, join(SAMPLES, `${variant.name}.docx`)], { stdio: 'ignore' });
  copyFileSync(join(WORK, `${variant.name}.doc`), join(SAMPLES, 'xuyi-zrzy-2023-word97.doc'));
  writeFileSync(join(SAMPLES, 'xuyi-zrzy-2023-word97.expected.json'), JSON.stringify({ ...expected, meta: { ...expected.meta, publishedAt: null }, madeFrom: `${variant.name}.docx`, layout: 'a Word 97 document (DOC), converted by LibreOffice' }, null, 2) + '\n');
  console.log('xuyi-zrzy-2023-word97.doc');
}

// Rotated pages: a PDF whose pages carry /Rotate 90 (Debian qpdf), as scanners and some
// printers leave them; the reader must turn them back by the direction of the text.
execFileSync('qpdf', ['--rotate=+90', join(SAMPLES, 'pingyang-wjw-2024-portrait.pdf'), join(SAMPLES, 'pingyang-wjw-2024-rotated.pdf')]);
const rotatedExpected = JSON.parse(readFileSync(join(SAMPLES, 'pingyang-wjw-2024-portrait.expected.json'), 'utf8'));
writeFileSync(join(SAMPLES, 'pingyang-wjw-2024-rotated.expected.json'), JSON.stringify({ ...rotatedExpected, madeFrom: 'pingyang-wjw-2024-portrait.pdf', layout: 'every page rotated by /Rotate 90' }, null, 2) + '\n');
console.log('pingyang-wjw-2024-rotated.pdf');

// A scan: the pages of one PDF as images only, no text layer.
const scanFrom = join(SAMPLES, 'dazhu-gov-2024-portrait.pdf');
execFileSync('pdftoppm', ['-r', '60', '-gray', '-png', scanFrom, join(WORK, 'scan')]);
const images = readdirSync(WORK).filter((f) => f.startsWith('scan') && f.endsWith('.png')).sort();
writeFileSync(join(WORK, 'scan.html'), `<!DOCTYPE html><html><head><style>@page{size:A4;margin:0} img{width:210mm;height:297mm;display:block}</style></head><body>${images.map((f) => `<img src="${f}">`).join('')}</body></html>`);
print({ engine: 'chromium' }, join(WORK, 'scan.html'), join(SAMPLES, 'dazhu-gov-2024-scanned-image-only.pdf'));
// Read by OCR since there is OCR; at 60 dpi most figures cannot be read: null with warnings, none wrong.
writeFileSync(join(SAMPLES, 'dazhu-gov-2024-scanned-image-only.expected.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(SAMPLES, 'dazhu-gov-2024-portrait.expected.json'), 'utf8')), madeFrom: 'dazhu-gov-2024-portrait.pdf', layout: 'pages as images (a scan at 60 dpi), no text layer', ocr: { expect: 'noWrong', dpi: 60 } }, null, 2) + '\n');
console.log('dazhu-gov-2024-scanned-image-only.pdf');
