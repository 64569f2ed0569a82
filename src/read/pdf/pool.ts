/**
 * PDFs are read in worker threads: pdf.js parses synchronously, so a thread keeps the process
 * responsive, lets a batch use every core, and can be terminated when a document takes longer
 * than the time limit (a PDF that makes pdf.js spin).
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { type ReadDocument, UnreadableInputError } from '../document.js';
import type { PdfFailure } from './read-pdf.js';

export const DEFAULT_PDF_TIME_LIMIT_MS = 60_000;

let pool: Piscina | null = null;
let threads = Math.max(1, availableParallelism());

/** Sets how many PDFs are read at once (default: one per core). Takes effect for a new pool. */
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
  });
  return pool;
}

export async function readPdf(bytes: Uint8Array, timeLimitMs = DEFAULT_PDF_TIME_LIMIT_MS): Promise<ReadDocument> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeLimitMs);
  let result: ReadDocument | PdfFailure;
  try {
    result = (await workerPool().run(bytes, { signal: abort.signal })) as ReadDocument | PdfFailure;
  } catch (error) {
    if ((error as Error).name === 'AbortError') {
      throw new UnreadableInputError(`PDF reading stopped at the time limit of ${Math.round(timeLimitMs / 1000)} s`);
    }
    throw new UnreadableInputError(`PDF reader failed: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
  if ('failed' in result) throw new UnreadableInputError(result.failed);
  return result;
}

/** Ends the worker threads (the process can then exit without waiting for their idle timeout). */
export async function closePdfPool(): Promise<void> {
  const closing = pool;
  pool = null;
  if (closing) await closing.destroy();
}
