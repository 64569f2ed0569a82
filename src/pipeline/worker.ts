/** Worker-thread entry: reads a PDF, or extracts a whole input, off the main thread. */
import { UnreadableInputError } from '../read/document.js';
import { readPdfDocument } from '../read/pdf/read-pdf.js';
import { readPdfInThread } from '../read/index.js';
import { readImageDocument } from '../read/ocr/read-image.js';
import { extractBytes, fillFromLink, summarize, type InputBytes, type LinkHints } from './extract.js';

export type WorkerTask =
  | { kind: 'read-pdf'; bytes: Uint8Array; ocrBudgetMs?: number }
  | { kind: 'read-image'; bytes: Uint8Array }
  | { kind: 'extract'; input: InputBytes; hints?: LinkHints; serialized?: boolean; ocrBudgetMs?: number };

export default async function runTask(task: WorkerTask) {
  if (task.kind === 'read-pdf') return readPdfDocument(task.bytes, budget(task.ocrBudgetMs));
  // Errors cross the thread boundary as plain objects: a reason travels as { failed }.
  if (task.kind === 'read-image') return readImageDocument(task.bytes).catch((error: Error) => (error instanceof UnreadableInputError ? { failed: error.message } : Promise.reject(error)));
  // Already in a worker: PDFs are read right here, not handed to another pool.
  const report = await extractBytes(task.input, { readPdf: (bytes) => readPdfInThread(bytes, task.ocrBudgetMs), readImage: readImageDocument });
  if (task.hints) fillFromLink(report, task.hints);
  // A string crosses threads far cheaper than an object graph of 200 provenance entries.
  return task.serialized ? { json: JSON.stringify(report) + '\n', summary: summarize(report) } : report;
}

function budget(ocrBudgetMs: number | undefined) {
  return ocrBudgetMs === undefined ? {} : { ocrBudgetMs };
}
