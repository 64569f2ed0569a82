/**
 * xxgk as a library: turn government information-disclosure annual reports (政府信息公开工作年度报告)
 * into normalized report documents, from a script.
 *
 * ```js
 * import { extract } from 'xxgk';
 * const report = await extract('report.html');
 * console.log(report.figures.applications.newReceived.total);
 * ```
 *
 * Every function here gives the same document the `xxgk` command gives for the same bytes.
 *
 * @packageDocumentation
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { orderedMap } from './lib/ordered-map.js';
import { DEFAULT_CRAWL_OPTIONS, crawlRun, type CrawlOptions, type RunStats } from './crawl/crawler.js';
import { extractBytes, loadInput, type InputBytes } from './pipeline/extract.js';
import { closeWorkerPool, DEFAULT_READ_TIME_LIMIT_MS, extractInWorker, setWorkerThreads } from './pipeline/pool.js';
import { readPdfInThread } from './read/index.js';
import { readImageDocument } from './read/ocr/read-image.js';
import type { FigureTree as ReportFigures, Report as ReportDocument, ReportSource as ReportSourceFields } from './output/report.js';
import { reportJsonSchema as jsonSchemaOfReports, reportSchema as reportZodSchema } from './output/schema.js';

/**
 * A report document (contract v1): `meta` (title, agency, covered year, region), `source`,
 * `figures` (the national template's tables, by section), `checks` and `extraction` (status,
 * method, reason and code of a failure, warnings, provenance of every figure).
 */
export type Report = ReportDocument;
/** Where a report's bytes came from: URL or path, format, SHA-256, the stored original. */
export type ReportSource = ReportSourceFields;
/** The figures of a report: sections of the template, nested; each figure a number, or null. */
export type FigureTree = ReportFigures;
/** The zod schema every report follows: `reportSchema.parse(report)` checks one. */
export const reportSchema = reportZodSchema;
/** The report's schema as JSON Schema (draft 2020-12), as `xxgk schema` prints it. */
export const reportJsonSchema: () => Record<string, unknown> = jsonSchemaOfReports;
export { XxgkError, ERROR_CODES, type XxgkErrorCode } from './errors.js';
export { UnreadableInputError, type ReadDocument, type Block } from './read/document.js';
export type { CellGrid, GridCell, Box } from './read/grid.js';
export { readDocument, sniffFormat, type ReadOptions } from './read/index.js';
export { SOURCE_FORMATS, SNIFFED_FORMATS, type SourceFormat, type SniffedFormat } from './formats.js';
export type { CrawlOptions, RunStats, CrawlProgress } from './crawl/crawler.js';
export type { SeedRecord } from './store/state.js';
export { DEFAULT_READ_TIME_LIMIT_MS } from './pipeline/pool.js';

/** What {@link extract} reads: the bytes of a document, a file path, or an http(s) address (as a string or a URL). */
export type ExtractInput = Uint8Array | string | URL;

/** Options of {@link extract}. */
export interface ExtractOptions {
  /**
   * The charset the bytes are in, where it is known from elsewhere (an HTTP header); otherwise
   * it is told by the bytes (BOM, `<meta charset>`), else strict UTF-8, else GB18030.
   */
  charset?: string;
  /** The address the bytes were fetched from: it makes the report's id and fills `source.url`. */
  url?: string;
}

/**
 * Extracts one report in the calling thread: no worker threads are started and there is
 * nothing to close afterwards.
 *
 * A file path or an address is loaded first (an address is fetched, refusing private and
 * loopback addresses other than its own host); pictures of an HTML page that may be tables are
 * loaded beside it and read by OCR.
 *
 * Never rejects for an input that cannot be read: that gives a report with
 * `extraction.status` `"failed"`, its `reason` for people and its `code` for programs.
 * Rejects with an {@link XxgkError} when the input cannot be loaded at all (`ERR_NO_SUCH_INPUT`,
 * `ERR_INPUT_TOO_LARGE`, a failed fetch such as `ERR_HTTP_STATUS`).
 *
 * @param input - the bytes, a file path, an http(s) address, or a file: URL
 * @param options - the charset and address of bytes, where known
 * @returns the report document (contract v1: `reportSchema`)
 */
export async function extract(input: ExtractInput, options: ExtractOptions = {}): Promise<Report> {
  return extractBytes(await inputBytes(input, options), { readPdf: (bytes) => readPdfInThread(bytes), readImage: readImageDocument });
}

/** Options of {@link extractMany}. */
export interface ExtractManyOptions {
  /** Worker threads reading at once (default: one per core). */
  threads?: number;
  /** Time one input may take in its worker before it becomes a failed report (`ERR_TIMEOUT`), in ms (default 60 s). */
  timeLimitMs?: number;
}

/**
 * Extracts many inputs in worker threads (every core by default) and closes the threads when it
 * is done. The reports come in the order of the inputs.
 *
 * An input past the time limit, or whose worker ran out of memory, becomes a failed report
 * (`ERR_TIMEOUT`, `ERR_WORKER_CRASHED`) and the others go on. Rejects with an {@link XxgkError}
 * when an input cannot be loaded (a missing file, a failed fetch).
 *
 * @param inputs - bytes, file paths or http(s) addresses
 * @param options - threads and the time limit of one input
 * @returns one report per input, in their order
 */
export async function extractMany(inputs: readonly ExtractInput[], options: ExtractManyOptions = {}): Promise<Report[]> {
  const threads = options.threads ?? Math.max(1, availableParallelism());
  if (options.threads !== undefined) setWorkerThreads(options.threads);
  activeBatches++;
  try {
    const reports: Report[] = [];
    const extracted = orderedMap(inputs, threads + 1, async (input) => extractInWorker(await inputBytes(input, {}), options.timeLimitMs ?? DEFAULT_READ_TIME_LIMIT_MS));
    for await (const report of extracted) reports.push(report);
    return reports;
  } finally {
    // The last batch running closes the threads (two batches at once share them).
    if (--activeBatches === 0) await closeWorkerPool();
  }
}

let activeBatches = 0;

/**
 * Crawls government portals from their seed addresses into `options.outDir`: reports are found,
 * fetched (politely: robots.txt, one request at a time per host, a delay between requests),
 * stored under `raw/`, extracted in worker threads into `reports/<id>.json`, and listed in
 * `index.jsonl`; `state.sqlite` keeps the crawl, so that a second call goes on where the first
 * stopped. Closes its state and worker threads when it is done.
 *
 * @param seeds - the portals' addresses (an information-disclosure page, or a site's home page)
 * @param options - `outDir` (required) and any of the crawl's settings (`years`, `perHost`, `delayMs`…)
 * @returns what this run did
 */
export async function crawl(seeds: readonly string[], options: Partial<CrawlOptions> & { outDir: string }): Promise<RunStats> {
  try {
    const { state, run } = await crawlRun([...seeds], { ...DEFAULT_CRAWL_OPTIONS, ...options });
    state.close();
    return run;
  } finally {
    await closeWorkerPool();
  }
}

async function inputBytes(input: ExtractInput, options: ExtractOptions): Promise<InputBytes> {
  if (input instanceof URL) return loadInput(input.protocol === 'file:' ? fileURLToPath(input) : input.href);
  if (typeof input === 'string') return loadInput(/^file:/i.test(input) ? fileURLToPath(input) : input);
  const read = options.charset ? { headerCharset: options.charset } : {};
  return { bytes: input, source: { url: options.url ?? null, finalUrl: options.url ?? null, fetchedAt: null }, read };
}
