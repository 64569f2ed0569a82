#!/usr/bin/env node
// OCR of scanned pages: seconds per page and peak memory, on one thread and through the worker
// pool, beside the floor measured in the same run: tesseract.js recognising the same page whole
// (the Chinese model, automatic layout, one warm worker), the least any OCR of the page costs.
// Run after `npm run build`: node bench/extract-ocr.js [threads]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWorker, OEM } from 'tesseract.js';
import { readPdfDocument } from '../dist/read/pdf/read-pdf.js';
import { closeOcr } from '../dist/read/ocr/engine.js';
import { closeWorkerPool, extractInWorker, setWorkerThreads } from '../dist/pipeline/pool.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const threads = Number(process.argv[2] ?? 2);
const names = ['dazhu-gov-2024-scan-300dpi.pdf', 'pingyang-wjw-2024-scan-200dpi.pdf'];
const files = names.map((n) => join(root, 'samples', n));
const pageCount = (f) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [f], { encoding: 'utf8' }))[1]);
const pages = files.reduce((n, f) => n + pageCount(f), 0);

let peak = 0;
const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 50);
const mb = (bytes) => `${Math.round(bytes / 1048576)} MB`;

// Floor: the same pages as images at the resolution the reader renders (200 dpi), whole-page OCR.
const work = mkdtempSync(join(tmpdir(), 'xxgk-ocr-bench-'));
for (const [i, f] of files.entries()) execFileSync('pdftoppm', ['-r', '200', '-gray', '-png', f, join(work, `p${i}`)]);
const images = readdirSync(work).sort().map((n) => readFileSync(join(work, n)));
const langPath = join(dirname(createRequire(import.meta.url).resolve('@tesseract.js-data/chi_sim/package.json')), '4.0.0_best_int');
const worker = await createWorker('chi_sim', OEM.LSTM_ONLY, { langPath, cacheMethod: 'none', gzip: true });
await worker.recognize(images[0]);
let start = performance.now();
for (const image of images) await worker.recognize(image);
const floor = (performance.now() - start) / images.length;
await worker.terminate();
rmSync(work, { recursive: true, force: true });

// One thread: the reader in this thread (warm: models loaded by a first run).
await readPdfDocument(readFileSync(files[1]), { ocrBudgetMs: 1e9 });
peak = 0;
start = performance.now();
const cpu0 = process.cpuUsage();
for (const f of files) await readPdfDocument(readFileSync(f), { ocrBudgetMs: 1e9 });
const one = (performance.now() - start) / pages;
const cpuOne = (process.cpuUsage(cpu0).user + process.cpuUsage(cpu0).system) / 1000 / pages;
const peakOne = peak;
await closeOcr();

// The pool: every document twice, `threads` worker threads (each with its own OCR workers).
setWorkerThreads(threads);
const inputs = [...files, ...files].map((f) => ({ bytes: readFileSync(f), source: { url: null, finalUrl: null, fetchedAt: null, localPath: f }, read: {} }));
await extractInWorker(inputs[1], 1e7);
peak = 0;
start = performance.now();
await Promise.all(inputs.map((input) => extractInWorker(input, 1e7)));
const pooled = (performance.now() - start) / (pages * 2);
const peakPool = peak;
await closeWorkerPool();
clearInterval(sampler);

console.log(`pages: ${pages} scanned A4 pages (${names.join(', ')})`);
console.log(`floor (tesseract.js, chi_sim, the page whole at 200 dpi): ${(floor / 1000).toFixed(2)} s/page`);
console.log(`xxgk OCR reader, one thread: ${(one / 1000).toFixed(2)} s/page wall, ${(cpuOne / 1000).toFixed(2)} s/page CPU (all threads), ${(one / floor).toFixed(2)}x the floor (aim: 2x), peak RSS ${mb(peakOne)}`);
console.log(`xxgk extract, pool of ${threads} threads: ${(pooled / 1000).toFixed(2)} s/page wall, peak RSS ${mb(peakPool)} (aim: under 500 MB with two)`);
