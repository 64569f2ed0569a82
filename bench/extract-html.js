#!/usr/bin/env node
// Throughput of HTML extraction on samples/ (one process, warm), beside the floor measured in
// the same run: cheerio (htmlparser2) loading the same decoded pages and visiting every table
// cell, nothing else. Run after `npm run build`: node bench/extract-html.js [seconds-per-round]
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'cheerio';
import { extractBytes } from '../dist/pipeline/extract.js';
import { decodeHtml } from '../dist/read/decode.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Number(process.argv[2] ?? 2);
const files = readdirSync(join(root, 'samples')).filter((name) => name.endsWith('.html')).sort();
const pages = files.map((name) => readFileSync(join(root, 'samples', name)));
const decoded = pages.map((bytes) => decodeHtml(bytes).text);
const totalKb = pages.reduce((n, b) => n + b.length, 0) / 1024;

let sink = 0;
function floorOnce() {
  for (const html of decoded) {
    const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } });
    $('td, th').each((_, cell) => {
      sink += $(cell).text().length;
    });
  }
}
async function extractOnce() {
  for (const bytes of pages) {
    const report = await extractBytes({ bytes, source: { url: null, finalUrl: null, fetchedAt: null }, read: {} });
    sink += report.checks.length;
  }
}

/** ms per pass over all pages: fn is run in short slices alternating with the other, the fastest slice kept. */
async function sliceMs(fn, ms) {
  let passes = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    await fn();
    passes++;
  }
  return (performance.now() - start) / passes;
}

for (let i = 0; i < 20; i++) {
  floorOnce();
  await extractOnce();
}
// Many short alternating slices, so that drift in the machine's speed touches both alike;
// the fastest slice of each is the least disturbed one.
const floor = [];
const ours = [];
const slices = 20;
for (let slice = 0; slice < slices; slice++) {
  floor.push(await sliceMs(floorOnce, (seconds * 1000) / slices / 2));
  ours.push(await sliceMs(extractOnce, (seconds * 1000) / slices / 2));
}
const floorMs = Math.min(...floor);
const oursMs = Math.min(...ours);
const perPage = (ms) => (ms / pages.length).toFixed(2);
const maxRssMb = process.resourceUsage().maxRSS / 1024;

console.log(`pages: ${pages.length} HTML samples, ${totalKb.toFixed(0)} KB in all (${(totalKb / pages.length).toFixed(0)} KB average)`);
console.log(`floor (cheerio/htmlparser2 load + visit every table cell): ${perPage(floorMs)} ms/page, ${(1000 * pages.length / floorMs).toFixed(0)} pages/s`);
console.log(`xxgk extract (decode + read + template + checks + report): ${perPage(oursMs)} ms/page, ${(1000 * pages.length / oursMs).toFixed(0)} reports/s`);
console.log(`ratio to floor: ${(oursMs / floorMs).toFixed(2)}x (aim: within 1.3x)`);
console.log(`peak RSS: ${maxRssMb.toFixed(0)} MB`);
if (sink === 0) console.log('');
