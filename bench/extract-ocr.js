#!/usr/bin/env node
// OCR of scanned pages: seconds per page (wall and CPU) and peak memory (RSS), on one thread and
// through the worker pool, beside the floor measured in the same run: tesseract.js recognising
// the same page whole (the Chinese model, automatic layout, one warm worker), the least any OCR
// of the page costs. Each measure runs in a fresh process, so that one does not inherit the
// memory another left behind (freed memory is not always given back to the system).
// Run after `npm run build`: node bench/extract-ocr.js [threads]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const self = fileURLToPath(import.meta.url);
const names = ['dazhu-gov-2024-scan-300dpi.pdf', 'pingyang-wjw-2024-scan-200dpi.pdf'];
const files = names.map((n) => join(root, 'samples', n));
const pageCount = (f) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [f], { encoding: 'utf8' }))[1]);
const pages = files.reduce((n, f) => n + pageCount(f), 0);
const phase = process.env.XXGK_BENCH_PHASE;

/**
 * Runs `measure` after `warm`; prints one JSON line. Peak RSS: the kernel's high-water mark of the
 * process (VmHWM), which a sampling timer would miss while OCR holds the thread it runs on.
 */
async function measured(warm, measure, units) {
  await warm();
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  await measure();
  const cpu = process.cpuUsage(cpu0);
  const peak = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
  const result = { wall: (performance.now() - start) / units / 1000, cpu: (cpu.user + cpu.system) / 1e6 / units, peak };
  console.log(JSON.stringify(result));
}

if (phase === 'floor') {
  // The same pages as images at the resolution the reader renders (200 dpi), whole-page OCR.
  const { createWorker, OEM } = await import('tesseract.js');
  const work = mkdtempSync(join(tmpdir(), 'xxgk-ocr-bench-'));
  for (const [i, f] of files.entries()) execFileSync('pdftoppm', ['-r', '200', '-gray', '-png', f, join(work, `p${i}`)]);
  const images = readdirSync(work).sort().map((n) => readFileSync(join(work, n)));
  rmSync(work, { recursive: true, force: true });
  const langPath = join(dirname(createRequire(import.meta.url).resolve('@tesseract.js-data/chi_sim/package.json')), '4.0.0_best_int');
  const worker = await createWorker('chi_sim', OEM.LSTM_ONLY, { langPath, cacheMethod: 'none', gzip: true });
  await measured(() => worker.recognize(images[0]), async () => { for (const image of images) await worker.recognize(image); }, images.length);
  await worker.terminate();
} else if (phase === 'one') {
  // One thread: the reader in this thread (warm: models loaded by a first run).
  const { readPdfDocument } = await import('../dist/read/pdf/read-pdf.js');
  const { closeOcr } = await import('../dist/read/ocr/engine.js');
  await measured(() => readPdfDocument(readFileSync(files[1]), { ocrBudgetMs: 1e9 }),
    async () => { for (const f of files) await readPdfDocument(readFileSync(f), { ocrBudgetMs: 1e9 }); }, pages);
  await closeOcr();
} else if (phase === 'pool') {
  // The pool: every document twice, `threads` worker threads (each with its own OCR worker).
  const { closeWorkerPool, extractInWorker, setWorkerThreads } = await import('../dist/pipeline/pool.js');
  setWorkerThreads(Number(process.env.XXGK_BENCH_THREADS));
  const inputs = [...files, ...files].map((f) => ({ bytes: readFileSync(f), source: { url: null, finalUrl: null, fetchedAt: null, localPath: f }, read: {} }));
  await measured(() => Promise.all(inputs.slice(0, 2).map((input) => extractInWorker(input, 1e7))),
    () => Promise.all(inputs.map((input) => extractInWorker(input, 1e7))), pages * 2);
  await closeWorkerPool();
} else {
  const threads = process.argv[2] ?? '2';
  // Measured as the installed command runs: with the allocator settings and V8 flag of bin/xxgk.js's first line.
  const shebang = readFileSync(join(root, 'bin', 'xxgk.js'), 'utf8').split('\n')[0];
  const [, settings = '', flags = ''] = /-S\s+(.*?)\s*\bnode\b(.*)$/.exec(shebang) ?? [];
  const installed = Object.fromEntries(settings.split(/\s+/).filter(Boolean).map((pair) => pair.split('=')));
  const run = (name) => JSON.parse(execFileSync(process.execPath, [...flags.split(/\s+/).filter(Boolean), self], { env: { ...process.env, ...installed, XXGK_BENCH_PHASE: name, XXGK_BENCH_THREADS: threads }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').pop());
  const floor = run('floor');
  const one = run('one');
  const pool = run('pool');
  const mb = (bytes) => `${Math.round(bytes / 1048576)} MB`;
  console.log(`pages: ${pages} scanned A4 pages (${names.join(', ')})`);
  console.log(`floor (tesseract.js, chi_sim, the page whole at 200 dpi): ${floor.wall.toFixed(2)} s/page wall, ${floor.cpu.toFixed(2)} s/page CPU, peak RSS ${mb(floor.peak)}`);
  console.log(`xxgk OCR reader, one thread: ${one.wall.toFixed(2)} s/page wall, ${one.cpu.toFixed(2)} s/page CPU (all threads), ${(one.cpu / floor.cpu).toFixed(2)}x the floor's CPU (aim: 2x; under 3 s), peak RSS ${mb(one.peak)}`);
  console.log(`xxgk extract, pool of ${threads} threads: ${pool.wall.toFixed(2)} s/page wall, ${pool.cpu.toFixed(2)} s/page CPU, peak RSS ${mb(pool.peak)} (aim: under 500 MB with two)`);
}
