#!/usr/bin/env node
// PDF reading on the sample PDFs: per-document and per-page time and peak memory, beside two
// reference points measured in the same run: pdf.js's own floor (load the document, then each
// page's getTextContent() and getOperatorList(), nothing else) and `pdftotext -layout` (poppler).
// Then a batch through the worker pool on one thread and on every core.
// Run after `npm run build`: node bench/extract-pdf.js [rounds]
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPdfDocument } from '../dist/read/pdf/read-pdf.js';
import { extractTemplate } from '../dist/template/extract.js';
import { closeWorkerPool, readPdfInWorker, setWorkerThreads } from '../dist/pipeline/pool.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rounds = Number(process.argv[2] ?? 5);
const names = readdirSync(join(root, 'samples')).filter((n) => n.endsWith('.pdf') && !n.includes('image-only') && !n.includes('scan')).sort();
const files = names.map((n) => join(root, 'samples', n));
const pdfs = files.map((f) => readFileSync(f));
const pdfjsDir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');

async function floorOnce(bytes) {
  const task = pdfjs.getDocument({ data: new Uint8Array(bytes), cMapUrl: join(pdfjsDir, 'cmaps') + '/', cMapPacked: true,
    standardFontDataUrl: join(pdfjsDir, 'standard_fonts') + '/', isEvalSupported: false, verbosity: 0 });
  const doc = await task.promise;
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    await page.getTextContent();
    await page.getOperatorList();
    page.cleanup();
  }
  const pages = doc.numPages;
  await task.destroy();
  return pages;
}

async function oursOnce(bytes) {
  const doc = await readPdfDocument(bytes);
  if (!doc.failed) extractTemplate(doc);
  return doc.pageCount ?? 0;
}

function popplerOnce(file) {
  execFileSync('pdftotext', ['-layout', file, '-'], { stdio: ['ignore', 'ignore', 'ignore'] });
}

/** Fastest of `rounds` passes over all documents, in ms per document, after one warm-up pass. */
async function best(fn, inputs) {
  for (const input of inputs) await fn(input);
  let fastest = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (const input of inputs) await fn(input);
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest / inputs.length;
}

let pageCount = 0;
for (const bytes of pdfs) pageCount += await floorOnce(bytes);
const pagesPerDoc = pageCount / pdfs.length;
const floorMs = await best(floorOnce, pdfs);
const oursMs = await best(oursOnce, pdfs);
let popplerMs = NaN;
try {
  popplerMs = await best(popplerOnce, files);
} catch {
  // poppler-utils not installed
}
const perPage = (ms) => (ms / pagesPerDoc).toFixed(1);
console.log(`documents: ${pdfs.length} sample PDFs, ${pageCount} pages (${pagesPerDoc.toFixed(1)} per document)`);
console.log(`pdf.js floor (load + getTextContent + getOperatorList): ${floorMs.toFixed(0)} ms/document, ${perPage(floorMs)} ms/page`);
console.log(`pdftotext -layout (poppler, a process per document):   ${Number.isNaN(popplerMs) ? 'not installed' : `${popplerMs.toFixed(0)} ms/document, ${perPage(popplerMs)} ms/page`}`);
console.log(`xxgk PDF reader + template, one thread:                ${oursMs.toFixed(0)} ms/document, ${perPage(oursMs)} ms/page`);
console.log(`ratio to the pdf.js floor: ${(oursMs / floorMs).toFixed(2)}x (aim: within 1.3x)`);

// A batch through the worker pool: one thread, then one per core.
const batch = Array.from({ length: 4 }, () => pdfs).flat();
async function runBatch(threads) {
  await closeWorkerPool();
  setWorkerThreads(threads);
  await Promise.all(pdfs.map((bytes) => readPdfInWorker(bytes))); // start the threads, load pdf.js
  const start = performance.now();
  await Promise.all(batch.map((bytes) => readPdfInWorker(bytes)));
  return performance.now() - start;
}
const cores = availableParallelism();
const single = await runBatch(1);
const all = await runBatch(cores);
await closeWorkerPool();
console.log(`batch of ${batch.length} documents in worker threads: 1 thread ${single.toFixed(0)} ms, ${cores} threads ${all.toFixed(0)} ms: ${(single / all).toFixed(2)}x (aim: 1.8x on 2 cores)`);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
