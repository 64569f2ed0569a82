#!/usr/bin/env node
// Time and peak memory of `xxgk export` on N synthetic reports (default 10,000) in each format.
// The reports are the HTML samples' documents (2021 and 2019 templates, blank cells, failed
// checks) copied with new ids, hashes and figures, plus a share of failed documents, written to a
// temporary output directory. Each export runs in its own process, so that its peak RSS is its own.
// Run after `npm run build`: node bench/export.js [reports] [heap-cap-MB]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { extractBytes } from '../dist/pipeline/extract.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const count = Number(process.argv[2] ?? 10_000);
// The exports run with the JavaScript heap capped: finishing under the cap is the proof that
// memory does not grow with the number of reports.
const heapMb = Number(process.argv[3] ?? 256);

const samples = readdirSync(join(root, 'samples')).filter((name) => name.endsWith('.html')).sort();
const bases = [];
for (const name of samples) {
  bases.push(await extractBytes({ bytes: readFileSync(join(root, 'samples', name)), source: { url: `http://www.example.gov.cn/nb/${name}`, finalUrl: null, fetchedAt: null }, read: {} }));
}
bases.push(await extractBytes({ bytes: readFileSync(join(root, 'test', 'fixtures', 'bad', 'tables-as-images.html')), source: { url: 'http://www.example.gov.cn/nb/failed.html', finalUrl: null, fetchedAt: null }, read: {} }));

function vary(tree, seed) {
  for (const [key, value] of Object.entries(tree)) {
    if (value !== null && typeof value === 'object') vary(value, seed);
    else if (typeof value === 'number') tree[key] = value + (seed % 7);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'xxgk-bench-export-'));
mkdirSync(join(dir, 'reports'));
let start = performance.now();
for (let i = 0; i < count; i++) {
  const report = structuredClone(bases[i % bases.length]);
  const id = createHash('sha256').update(`report ${i}`).digest('hex');
  report.id = id.slice(0, 20);
  report.source.url = `http://www.example${i % 500}.gov.cn/nb/${i}.html`;
  report.source.sha256 = id;
  report.meta.year = 2019 + (i % 6);
  vary(report.figures, i);
  writeFileSync(join(dir, 'reports', `${report.id}.json`), JSON.stringify(report));
}
const inputMb = readdirSync(join(dir, 'reports')).reduce((n, name) => n + statSync(join(dir, 'reports', name)).size, 0) / 1e6;
console.log(`exports run with the heap capped at ${heapMb} MB (--max-old-space-size)`);
console.log(`reports: ${count} synthetic (${bases.length} templates of documents, one of them failed), ${inputMb.toFixed(0)} MB of JSON, written in ${((performance.now() - start) / 1000).toFixed(1)} s`);

const runner = `
const { main } = await import(${JSON.stringify(join(root, 'dist', 'cli', 'main.js'))});
const started = performance.now();
const code = await main(process.argv);
const usage = process.resourceUsage();
process.stderr.write(JSON.stringify({ code, ms: performance.now() - started, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKb: usage.maxRSS }) + '\\n');
`;
for (const args of [['--format', 'csv'], ['--format', 'parquet'], ['--format', 'jsonl'], ['--long']]) {
  const label = args[0] === '--long' ? 'long CSV' : args[1];
  const out = join(dir, `out-${label.replace(/\W/g, '')}${args[0] === '--long' ? '.csv' : ''}`);
  const run = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, '--input-type=module', '-e', runner, 'xxgk', 'export', dir, ...args, '--out', out], { encoding: 'utf8' });
  const last = run.stderr.trim().split('\n').pop();
  const stats = JSON.parse(last);
  if (stats.code !== 0) throw new Error(run.stderr);
  const sizeMb = (args[0] === '--long' ? statSync(out).size : readdirSync(out).reduce((n, name) => n + statSync(join(out, name)).size, 0)) / 1e6;
  console.log(`${label.padEnd(8)}: ${(stats.ms / 1000).toFixed(1)} s wall, ${(stats.cpuMs / 1000).toFixed(1)} s CPU (${(stats.cpuMs / count).toFixed(2)} ms/report), peak RSS ${(stats.maxRssKb / 1024).toFixed(0)} MB, ${sizeMb.toFixed(0)} MB written`);
}
rmSync(dir, { recursive: true, force: true });
