#!/usr/bin/env node
// OCR accuracy on the evaluation set made by samples/make/render-eval.mjs (scans and table
// pictures of reports the reader was never tuned on): per document, the figures right / wrong /
// null against the figures of its text version, read by the same extractor.
// Run after `npm run build`: node bench/ocr-eval.js [dev|heldout|all] [dir] [-v]
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractBytes, loadInput } from '../dist/pipeline/extract.js';
import { closeOcr } from '../dist/read/ocr/engine.js';

const args = process.argv.slice(2).filter((a) => a !== '-v');
const verbose = process.argv.includes('-v');
const part = args[0] ?? 'dev';
const dir = args[1] ?? join(tmpdir(), 'xxgk-ocr-eval');
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).filter((item) => part === 'all' || item.part === part);
const only = process.env.EVAL_ONLY?.split(',');

function flatten(tree, prefix = '', out = {}) {
  for (const [key, value] of Object.entries(tree ?? {})) {
    if (value !== null && typeof value === 'object') flatten(value, `${prefix}${key}.`, out);
    else out[prefix + key] = value;
  }
  return out;
}

async function extract(path) {
  const input = await loadInput(path);
  input.read.pdfTimeLimitMs = 3_600_000;
  input.read.ocrBudgetMs = 3_600_000;
  return extractBytes(input);
}

const totals = { right: 0, wrong: 0, missing: 0, all: 0 };
for (const item of manifest.filter((i) => !only || only.includes(i.name))) {
  const reference = flatten((await extract(item.reference)).figures);
  const started = performance.now();
  const report = await extract(join(dir, item.file));
  const seconds = (performance.now() - started) / 1000;
  const got = flatten(report.figures);
  let right = 0;
  const wrong = [];
  const missing = [];
  for (const [path, value] of Object.entries(reference)) {
    const read = got[path] ?? null;
    if (value === null && read === null) continue;
    if (read === value) right++;
    else if (read === null) missing.push(`${path} (printed ${value})`);
    else wrong.push(`${path}: ${read} (printed ${value})`);
  }
  const all = right + wrong.length + missing.length;
  totals.right += right;
  totals.wrong += wrong.length;
  totals.missing += missing.length;
  totals.all += all;
  const pct = all ? ((100 * right) / all).toFixed(1) : '-';
  console.log(`${item.part.padEnd(7)} ${item.name.padEnd(18)} ${item.expect.padEnd(7)} right ${String(right).padStart(3)}/${all} (${pct}%)  wrong ${wrong.length}  null ${missing.length}  ${report.extraction.status}  ${seconds.toFixed(0)} s  ocr ${JSON.stringify(report.extraction.ocr ?? null)}`);
  for (const w of wrong) console.log(`    WRONG ${w}`);
  if (verbose) for (const m of missing) console.log(`    null  ${m}`);
}
console.log(`total: right ${totals.right}/${totals.all} (${((100 * totals.right) / Math.max(1, totals.all)).toFixed(1)}%), wrong ${totals.wrong}, null ${totals.missing}`);
await closeOcr();
