/**
 * The fuzzing harness: mutants of the samples through `extract` in-process (worker threads with
 * the per-document time limit, as a batch or a crawl runs it) and through the CLI (`xxgk
 * extract`). An input passes when it ends as a schema-valid document (ok, partial, or failed
 * with a reason) within the time limit; anything else is a crash (a defect of xxgk's met on the
 * input, an invalid document, a dead worker, an exit code other than 0 or 1) or a hang.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_READ_TIME_LIMIT_MS } from '../src/pipeline/pool.js';
import type { Report } from '../src/output/report.js';
import { applyMutant, loadSeeds, sampleMutants, type Mutant, type Seed } from './mutate.js';
import { validateReport } from './validate.js';

export const CRASHERS_DIR = fileURLToPath(new URL('../test/fixtures/fuzz/', import.meta.url));
const XXGK = fileURLToPath(new URL('../bin/xxgk.js', import.meta.url));

export interface FuzzOptions {
  count: number;
  seed: number;
  /** How many of the mutants also go through `xxgk extract` (one batch, plus `single` one by one). */
  cli: number;
  single: number;
  timeLimitMs: number;
  /** Where to keep crashers (and hangs): test/fixtures/fuzz/ by default; null keeps none. */
  saveDir: string | null;
  onProgress?: (done: number, summary: FuzzSummary) => void;
}

export interface FuzzProblem {
  kind: 'crash' | 'hang';
  where: 'in-process' | 'cli';
  seed: string;
  mutant: Mutant | null;
  detail: string;
  file?: string;
}

export interface FuzzSummary {
  inputs: number;
  cliInputs: number;
  seconds: number;
  inputsPerSecond: number;
  byStatus: Record<string, number>;
  bySeedKind: Record<string, number>;
  crashes: number;
  hangs: number;
  problems: FuzzProblem[];
  peakRssMb: number;
  cliExitCodes: number[];
}

export const DEFAULT_FUZZ_OPTIONS: FuzzOptions = { count: 100, seed: 1, cli: 20, single: 2, timeLimitMs: DEFAULT_READ_TIME_LIMIT_MS, saveDir: CRASHERS_DIR };


/**
 * The built pool (dist/, what the CLI runs; `npm run build` first): its worker threads start in
 * a fraction of the time of TypeScript workers compiled on the fly, the same code either way.
 */
async function builtPool(): Promise<typeof import('../src/pipeline/pool.js')> {
  const url = new URL('../dist/pipeline/pool.js', import.meta.url).href;
  return (await import(url)) as typeof import('../src/pipeline/pool.js');
}

/** What is wrong with a document made from a mutant (null when nothing is). */
export function judge(report: Report | null, error?: unknown): { kind: 'crash' | 'hang'; detail: string } | null {
  if (!report) return { kind: 'crash', detail: `threw: ${(error as Error)?.stack ?? String(error)}` };
  const invalid = validateReport(report);
  if (invalid.length > 0) return { kind: 'crash', detail: `invalid document: ${invalid.slice(0, 5).join('; ')}` };
  const reason = report.extraction.reason ?? '';
  if (report.extraction.status === 'failed' && !reason) return { kind: 'crash', detail: 'failed without a reason' };
  const code = report.extraction.code;
  if (code === 'ERR_INTERNAL' || code === 'ERR_WORKER_CRASHED') return { kind: 'crash', detail: reason };
  if (code === 'ERR_TIMEOUT') return { kind: 'hang', detail: reason };
  return null;
}

export async function runFuzz(partial: Partial<FuzzOptions> = {}): Promise<FuzzSummary> {
  const options = { ...DEFAULT_FUZZ_OPTIONS, ...partial };
  const { extractInWorker, closeWorkerPool } = await builtPool();
  const seeds = loadSeeds();
  const mutants = sampleMutants(seeds.length, options.count, options.seed);
  const summary: FuzzSummary = {
    inputs: 0, cliInputs: 0, seconds: 0, inputsPerSecond: 0, byStatus: {}, bySeedKind: {}, crashes: 0, hangs: 0, problems: [], peakRssMb: 0, cliExitCodes: [],
  };
  const started = Date.now();
  const record = (problem: FuzzProblem, bytes: Buffer | null) => {
    if (problem.kind === 'crash') summary.crashes++;
    else summary.hangs++;
    if (bytes && options.saveDir) problem.file = saveCrasher(options.saveDir, problem, bytes);
    summary.problems.push(problem);
  };

  // In-process: as many at once as there are worker threads.
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, availableParallelism()) }, async () => {
    while (next < mutants.length) {
      const mutant = mutants[next++]!;
      const seed = seeds[mutant.seed]!;
      const bytes = applyMutant(seeds, mutant);
      let report: Report | null = null;
      let error: unknown;
      try {
        report = await extractInWorker({ bytes, source: { url: null, finalUrl: null, fetchedAt: null, localPath: `mutant-of-${seed.name}` }, read: {} }, options.timeLimitMs);
      } catch (caught) {
        error = caught;
      }
      summary.inputs++;
      summary.bySeedKind[seed.kind] = (summary.bySeedKind[seed.kind] ?? 0) + 1;
      if (report) summary.byStatus[report.extraction.status] = (summary.byStatus[report.extraction.status] ?? 0) + 1;
      const verdict = judge(report, error);
      if (verdict) record({ ...verdict, where: 'in-process', seed: seed.name, mutant }, bytes);
      options.onProgress?.(summary.inputs, summary);
    }
  });
  await Promise.all(lanes);
  await closeWorkerPool();

  if (options.cli > 0) await fuzzCli(seeds, mutants, options, summary, record);

  summary.seconds = (Date.now() - started) / 1000;
  summary.inputsPerSecond = (summary.inputs + summary.cliInputs) / summary.seconds;
  // maxRSS covers the worker threads too (one process); the CLI's processes are not counted.
  summary.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  return summary;
}

/** Every k-th mutant to files, then `xxgk extract DIR` (a batch, worker threads) and a few one at a time (the main-thread path). */
async function fuzzCli(seeds: Seed[], mutants: Mutant[], options: FuzzOptions, summary: FuzzSummary, record: (problem: FuzzProblem, bytes: Buffer | null) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'xxgk-fuzz-'));
  try {
    const step = Math.max(1, Math.floor(mutants.length / options.cli));
    const files = new Map<string, { mutant: Mutant; bytes: Buffer }>();
    for (let i = 0; i < mutants.length && files.size < options.cli; i += step) {
      const mutant = mutants[i]!;
      const name = `m${String(i).padStart(6, '0')}-${seeds[mutant.seed]!.name}`;
      const bytes = applyMutant(seeds, mutant);
      writeFileSync(join(dir, name), bytes);
      files.set(name, { mutant, bytes });
    }
    const runs: string[][] = [[dir], ...[...files.keys()].slice(0, options.single).map((name) => [join(dir, name)])];
    for (const args of runs) {
      const { code, stdout, stderr } = await runCli(['extract', ...args], options.timeLimitMs * 2 + 30_000);
      summary.cliExitCodes.push(code);
      const names = args[0] === dir ? readdirSync(dir).sort() : [args[0]!.slice(dir.length + 1)];
      const lines = stdout.split('\n').filter(Boolean);
      summary.cliInputs += names.length;
      const problem = (detail: string, name: string | null) => {
        const entry = name ? files.get(name) : undefined;
        record({ kind: 'crash', where: 'cli', seed: name ?? args.join(' '), mutant: entry?.mutant ?? null, detail }, entry?.bytes ?? null);
      };
      if (code !== 0 && code !== 1) problem(`exit code ${code}: ${stderr.slice(-500)}`, names.length === 1 ? names[0]! : null);
      if (lines.length !== names.length) problem(`${lines.length} documents for ${names.length} inputs: ${stderr.slice(-500)}`, names.length === 1 ? names[0]! : null);
      lines.forEach((line, i) => {
        let report: Report;
        try {
          report = JSON.parse(line) as Report;
        } catch (error) {
          return problem(`not JSON: ${(error as Error).message}`, names[i] ?? null);
        }
        const verdict = judge(report);
        if (verdict?.kind === 'crash') problem(verdict.detail, names[i] ?? null);
        else if (verdict) record({ ...verdict, where: 'cli', seed: names[i] ?? '', mutant: files.get(names[i] ?? '')?.mutant ?? null }, null);
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runCli(args: string[], timeoutMs: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [XXGK, ...args], { maxBuffer: 512 * 1024 * 1024, timeout: timeoutMs, killSignal: 'SIGKILL', env: { ...process.env, CI: '1' } }, (error, stdout, stderr) => {
      const err = error as (Error & { code?: number | string; signal?: string }) | null;
      const code = !err ? 0 : typeof err.code === 'number' ? err.code : err.signal ? 128 + 9 : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Keeps a crasher as a regression fixture: test/fixtures/fuzz/<hash>.<ext>, with a .json saying what it is. */
function saveCrasher(dir: string, problem: FuzzProblem, bytes: Buffer): string {
  mkdirSync(dir, { recursive: true });
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const extension = /\.(\w+)$/.exec(problem.seed)?.[1] ?? 'bin';
  const file = join(dir, `${hash}.${extension}`);
  writeFileSync(file, bytes);
  writeFileSync(`${file}.json`, JSON.stringify({ seed: problem.seed, mutant: problem.mutant, kind: problem.kind, where: problem.where, detail: problem.detail.slice(0, 2000) }, null, 2) + '\n');
  return file;
}
