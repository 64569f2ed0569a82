/**
 * Worker threads for the CPU-bound work: pdf.js parses synchronously, and a crawl extracts
 * thousands of pages. A pool keeps the main thread free for I/O, uses every core, and can
 * terminate a task that runs past its time limit (a PDF that makes pdf.js spin).
 *
 * The pool wraps only what is its own: a task past its time limit (ERR_TIMEOUT) and a worker that
 * died (ERR_WORKER_CRASHED). An input's reason comes back from the worker with its code, and a
 * defect of xxgk's in the worker stays a defect (ERR_INTERNAL), not an unreadable input.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import PQueue from 'p-queue';
import { Piscina } from 'piscina';
import { XxgkError, type XxgkErrorCode } from '../errors.js';
import { WORKER_HEAP_MB, WORKER_YOUNG_MB } from '../limits.js';
import { type ReadDocument, UnreadableInputError } from '../read/document.js';
import type { Report } from '../output/report.js';
import { failedInputReport, INTERNAL_ERROR, type InputBytes, type LinkHints, type ReportSummary } from './input.js';
import type { WorkerFailure, WorkerTask } from './task.js';

/** Time a task in the pool may take (reading one PDF or picture, or extracting one input), in ms. */
export const DEFAULT_READ_TIME_LIMIT_MS = 60_000;

let pool: Piscina | null = null;
let threads = Math.max(1, availableParallelism());
// Tasks wait here, not in the pool, until a thread is free: a task's time limit starts when a
// thread takes it, so an input is never failed for the queue ahead of it (eight scans handed to
// two threads at once would otherwise time out the last ones unread).
const turns = new PQueue({ concurrency: threads });

/**
 * Sets how many worker threads run tasks at once (default: one per core). How many tasks are
 * handed to the pool at once changes now; the pool's threads with a new pool (set it before the first task).
 */
export function setWorkerThreads(count: number): void {
  threads = Math.max(1, Math.floor(count));
  turns.concurrency = threads;
}

function workerPool(): Piscina {
  if (pool) return pool;
  const self = fileURLToPath(import.meta.url);
  // Under the TypeScript sources (tests), the worker is the .ts file, loaded through tsx.
  const fromSource = self.endsWith('.ts');
  pool = new Piscina({
    filename: new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url).href,
    maxThreads: threads,
    minThreads: 0,
    idleTimeout: 2_000,
    execArgv: fromSource ? ['--import', 'tsx'] : [],
    // A hostile input that makes a parser's heap grow ends its task ("worker failed: … out of
    // memory"), not the process. Buffers outside the heap are capped where they are made.
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
  });
  return pool;
}

async function runWithLimit<T>(task: WorkerTask, timeLimitMs: number): Promise<T> {
  // p-queue keeps up to 100 dequeued entries until it compacts its array: an entry must not
  // hold the task's bytes (100 PDFs in a worker's memory), only a box emptied when it starts.
  const box: { task?: WorkerTask } = { task };
  return (await turns.add(() => {
    const taken = box.task!;
    box.task = undefined;
    return runTimed<T>(taken, timeLimitMs);
  })) as T;
}

async function runTimed<T>(task: WorkerTask, timeLimitMs: number): Promise<T> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeLimitMs);
  let result: T | WorkerFailure;
  try {
    result = (await workerPool().run(task, { signal: abort.signal })) as T | WorkerFailure;
  } catch (error) {
    // The worker hands every error of a task back as a value (worker.ts): what rejects here is the pool's.
    if ((error as Error).name === 'AbortError') {
      throw new UnreadableInputError(`reading stopped at the time limit of ${Math.round(timeLimitMs / 1000)} s`, 'ERR_TIMEOUT');
    }
    throw new UnreadableInputError(`worker failed: ${(error as Error).message}`, 'ERR_WORKER_CRASHED');
  } finally {
    clearTimeout(timer);
  }
  if (isWorkerFailure(result)) {
    if (result.failure.code === 'ERR_INTERNAL') throw new XxgkError('ERR_INTERNAL', result.failure.message);
    throw new UnreadableInputError(result.failure.message, result.failure.code);
  }
  return result;
}

function isWorkerFailure(result: unknown): result is WorkerFailure {
  return typeof result === 'object' && result !== null && 'failure' in result;
}

/** OCR of a scan stops with a note at three quarters of the time limit, so that the pages read are kept. */
function ocrBudget(timeLimitMs: number): number {
  return Math.round(timeLimitMs * 0.75);
}

/** Reads a PDF in a worker thread; throws an UnreadableInputError (with its code) when it cannot. */
export async function readPdfInWorker(bytes: Uint8Array, timeLimitMs = DEFAULT_READ_TIME_LIMIT_MS): Promise<ReadDocument> {
  return runWithLimit<ReadDocument>({ kind: 'read-pdf', bytes, ocrBudgetMs: ocrBudget(timeLimitMs) }, timeLimitMs);
}

/** Reads an image (OCR) in a worker thread; throws an UnreadableInputError (with its code) when it cannot. */
export async function readImageInWorker(bytes: Uint8Array, timeLimitMs = DEFAULT_READ_TIME_LIMIT_MS): Promise<ReadDocument> {
  return runWithLimit<ReadDocument>({ kind: 'read-image', bytes }, timeLimitMs);
}

/** Extracts one input in a worker thread; a task past the time limit, or whose worker died, becomes a failed report. */
export async function extractInWorker(input: InputBytes, timeLimitMs = DEFAULT_READ_TIME_LIMIT_MS): Promise<Report> {
  try {
    return await runWithLimit<Report>({ kind: 'extract', input, ocrBudgetMs: ocrBudget(timeLimitMs) }, timeLimitMs);
  } catch (error) {
    return failedFromPool(input, error);
  }
}

/** Extracts in a worker thread and returns the report as JSON text with its summary (for writers). */
export async function extractSerializedInWorker(input: InputBytes, hints: LinkHints, timeLimitMs = DEFAULT_READ_TIME_LIMIT_MS): Promise<{ json: string; summary: ReportSummary } | { error: string; code: XxgkErrorCode }> {
  try {
    return await runWithLimit<{ json: string; summary: ReportSummary }>({ kind: 'extract', input, hints, serialized: true, ocrBudgetMs: ocrBudget(timeLimitMs) }, timeLimitMs);
  } catch (error) {
    return { error: (error as Error).message, code: error instanceof XxgkError ? error.code : 'ERR_INTERNAL' };
  }
}

/** The failed report of an input whose task the pool ended (time limit, dead worker) or that met a defect. */
function failedFromPool(input: InputBytes, error: unknown): Report {
  if (error instanceof XxgkError && error.code !== 'ERR_INTERNAL') return failedInputReport(input, error.message, error.code);
  // A defect must not cost the batch its other documents; the reason says it is ours.
  return failedInputReport(input, `${INTERNAL_ERROR}: ${(error as Error).message ?? String(error)}`, 'ERR_INTERNAL');
}

/** Ends the worker threads (the process can then exit without waiting for their idle timeout). */
export async function closeWorkerPool(): Promise<void> {
  const closing = pool;
  pool = null;
  if (closing) await closing.destroy();
}
