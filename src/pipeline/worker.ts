/** Worker-thread entry: reads a PDF, or extracts a whole input, off the main thread. */
import { XxgkError, type XxgkErrorCode } from '../errors.js';
import { readPdfInThread } from '../read/index.js';
import { readImageDocument } from '../read/ocr/read-image.js';
import { extractBytes, fillFromLink, summarize } from './extract.js';
import type { WorkerFailure, WorkerTask } from './task.js';

export default async function runTask(task: WorkerTask) {
  try {
    return await run(task);
  } catch (error) {
    const code: XxgkErrorCode = error instanceof XxgkError ? error.code : 'ERR_INTERNAL';
    return { failure: { code, message: (error as Error).message ?? String(error) } } satisfies WorkerFailure;
  }
}

async function run(task: WorkerTask) {
  if (task.kind === 'read-pdf') return readPdfInThread(task.bytes, task.ocrBudgetMs);
  if (task.kind === 'read-image') return readImageDocument(task.bytes);
  // Already in a worker: PDFs are read right here, not handed to another pool.
  const report = await extractBytes(task.input, { readPdf: (bytes) => readPdfInThread(bytes, task.ocrBudgetMs), readImage: readImageDocument });
  if (task.hints) fillFromLink(report, task.hints);
  // A string crosses threads far cheaper than an object graph of 200 provenance entries.
  return task.serialized ? { json: JSON.stringify(report) + '\n', summary: summarize(report) } : report;
}
