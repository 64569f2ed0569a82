/**
 * Worker threads for the CPU-bound work: pdf.js parses synchronously, and a crawl extracts
 * thousands of pages. A pool keeps the main thread free for I/O, uses every core, and can
 * terminate a task that runs past its time limit (a PDF that makes pdf.js spin).
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { type ReadDocument, UnreadableInputError } from '../read/document.js';
import type { PdfFailure } from '../read/pdf/read-pdf.js';
import type { Report } from '../output/report.js';
import { failedInputReport, type InputBytes, type LinkHints, type ReportSummary } from './extract.js';
import type { WorkerTask } from './worker.js';

export const DEFAULT_PDF_TIME_LIMIT_MS = 60_000;
/** Heap limit of each worker thread, in MB. */
export const WORKER_HEAP_MB = 1536;

let pool: Piscina | null = null;
let threads = Math.max(1, availableParallelism());

/** Sets how many tasks run at once (default: one per core). Takes effect for a new pool. */
export function setPdfThreads(count: number): void {
  threads = Math.max(1, Math.floor(count));
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
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
  });
  return pool;
}

async function runWithLimit<T>(task: WorkerTask, timeLimitMs: number): Promise<T> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeLimitMs);
  try {
    return (await workerPool().run(task, { signal: abort.signal })) as T;
  } catch (error) {
    if ((error as Error).name === 'AbortError') {
      throw new UnreadableInputError(`reading stopped at the time limit of ${Math.round(timeLimitMs / 1000)} s`);
    }
    throw new UnreadableInputError(`worker failed: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

/** OCR of a scan stops with a note at three quarters of the time limit, so that the pages read are kept. */
function ocrBudget(timeLimitMs: number): number {
  return Math.round(timeLimitMs * 0.75);
}

/** Reads a PDF in a worker thread. */
export async function readPdf(bytes: Uint8Array, timeLimitMs = DEFAULT_PDF_TIME_LIMIT_MS): Promise<ReadDocument> {
  const result = await runWithLimit<ReadDocument | PdfFailure>({ kind: 'read-pdf', bytes, ocrBudgetMs: ocrBudget(timeLimitMs) }, timeLimitMs);
  if ('failed' in result) throw new UnreadableInputError(result.failed);
  return result;
}

/** Reads an image (OCR) in a worker thread. */
export async function readImage(bytes: Uint8Array, timeLimitMs = DEFAULT_PDF_TIME_LIMIT_MS): Promise<ReadDocument> {
  const result = await runWithLimit<ReadDocument | PdfFailure>({ kind: 'read-image', bytes }, timeLimitMs);
  if ('failed' in result) throw new UnreadableInputError(result.failed);
  return result;
}

/** Extracts one input in a worker thread; a task past the time limit becomes a failed report. */
export async function extractInWorker(input: InputBytes, timeLimitMs = DEFAULT_PDF_TIME_LIMIT_MS): Promise<Report> {
  try {
    return await runWithLimit<Report>({ kind: 'extract', input, ocrBudgetMs: ocrBudget(timeLimitMs) }, timeLimitMs);
  } catch (error) {
    // Past the time limit, or the worker died (out of memory): still a document, failed with the reason.
    if (error instanceof UnreadableInputError) return failedInputReport(input, error.message);
    throw error;
  }
}

/** Extracts in a worker thread and returns the report as JSON text with its summary (for writers). */
export async function extractSerializedInWorker(input: InputBytes, hints: LinkHints, timeLimitMs = DEFAULT_PDF_TIME_LIMIT_MS): Promise<{ json: string; summary: ReportSummary } | { error: string }> {
  try {
    return await runWithLimit<{ json: string; summary: ReportSummary }>({ kind: 'extract', input, hints, serialized: true, ocrBudgetMs: ocrBudget(timeLimitMs) }, timeLimitMs);
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Ends the worker threads (the process can then exit without waiting for their idle timeout). */
export async function closePdfPool(): Promise<void> {
  const closing = pool;
  pool = null;
  if (closing) await closing.destroy();
}
