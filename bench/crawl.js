#!/usr/bin/env node
// Crawl throughput against many simulated portals on 127.0.0.1 (served from another process):
// per-host concurrency 1 and no delay, every answer delayed 100 ms. Prints wall time against
// the bound set by the slowest host's serial chain of requests, requests per second, and peak
// memory. Run after `npm run build`: node bench/crawl.js [hosts] [reports-per-host] [delay-ms]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { crawl, DEFAULT_CRAWL_OPTIONS } from '../dist/crawl/crawler.js';
import { closeWorkerPool } from '../dist/pipeline/pool.js';

const [hosts = 200, reports = 20, delayMs = 100] = process.argv.slice(2).map(Number);
const here = dirname(fileURLToPath(import.meta.url));
const server = spawn(process.execPath, [join(here, 'crawl-hosts.js'), String(hosts), String(reports), String(delayMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
const first = await new Promise((resolve) => createInterface({ input: server.stdout }).once('line', resolve));
const { urls, requestsPerHost } = JSON.parse(first);

const requests = hosts * requestsPerHost;
const bound = (requestsPerHost * delayMs) / 1000;
console.log(`hosts: ${hosts}, ${reports} reports each, answers delayed ${delayMs} ms; per host: concurrency 1, no delay`);
console.log(`requests: ${requests} (${requestsPerHost} per host: robots.txt, home, ${requestsPerHost - 2 - reports} list pages, ${reports} reports)`);
console.log(`bound (the slowest host's serial chain): ${bound.toFixed(2)} s`);

// The same portals crawled twice over (the servers count no state): fetching and storing only,
// then fetching with extraction of every report.
for (const extract of [false, true]) {
  const outDir = mkdtempSync(join(tmpdir(), 'xxgk-bench-crawl-'));
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const started = performance.now();
  const state = await crawl(urls, { ...DEFAULT_CRAWL_OPTIONS, outDir, years: [2021, 2025], perHost: 1, delayMs: 0, concurrency: hosts, maxPagesPerSite: 1000, extract });
  const wall = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const counts = state.counts();
  state.close();
  await closeWorkerPool();
  rmSync(outDir, { recursive: true, force: true });
  const made = Object.values(counts.reports).reduce((a, b) => a + b, 0);
  console.log(`${extract ? 'crawl + extract' : 'crawl only    '}: ${wall.toFixed(2)} s, ${(wall / bound).toFixed(2)}x the bound (aim: 1.3x), ${(requests / wall).toFixed(0)} requests/s, ${made} reports extracted, peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB (aim: under 300 MB)`);
}
server.kill('SIGTERM');
