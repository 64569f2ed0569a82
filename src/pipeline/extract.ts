/**
 * The extraction pipeline for one input: bytes → read → template → report. Used by
 * `xxgk extract` and by the crawler, so both give the same document for the same bytes.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fetchResource } from '../crawl/fetcher.js';
import { readDocument, type ReadOptions } from '../read/index.js';
import { MAX_INPUT_BYTES } from '../limits.js';
import { XxgkError } from '../errors.js';
import { buildReport, sha256Hex, type Report, type ReportSource } from '../output/report.js';
import { extractTemplate } from '../template/extract.js';
import { joinPictureTables, loadPictures, picturesOf, sourcePictures } from './pictures.js';
import { readImageInWorker, readPdfInWorker } from './pool.js';
import { portalForUrl } from '../portals/directory.js';
import { failedInputReport, INTERNAL_ERROR, type InputBytes, type LinkHints, type ReportSummary } from './input.js';

export { INTERNAL_ERROR, type InputBytes, type LinkHints, type ReportSummary } from './input.js';

/** Extracts one input's bytes. Never throws: an unreadable input (or one meeting a defect) becomes a failed report. */
export async function extractBytes(input: InputBytes, options: Pick<ReadOptions, 'readPdf' | 'readImage'> = {}): Promise<Report> {
  const sha256 = sha256Hex(input.bytes);
  const source: ReportSource = { ...input.source, file: input.source.file ?? null, sha256, format: null };
  if (input.pictures && input.pictures.length > 0 && !source.pictures) source.pictures = sourcePictures(input.pictures, source.finalUrl ?? source.url);
  try {
    // PDFs and images go to the worker pool unless the caller reads them itself (a worker does).
    const limit = input.read.readTimeLimitMs;
    const readImage = options.readImage ?? ((bytes: Uint8Array) => readImageInWorker(bytes, limit));
    const doc = await readDocument(input.bytes, { ...input.read, readPdf: options.readPdf ?? ((bytes) => readPdfInWorker(bytes, limit)), readImage });
    source.format = doc.format;
    if (doc.pictures) await joinPictureTables(doc, input.pictures ?? [], readImage);
    return regionFromPortal(buildReport(extractTemplate(doc), source, doc.method));
  } catch (error) {
    if (error instanceof XxgkError && error.code !== 'ERR_INTERNAL') return failedInputReport(input, error.message, error.code);
    // A defect met on some input must not cost the batch its other documents; the reason says
    // it is ours, and so does the code (the fuzzing harness counts these as crashes).
    return failedInputReport(input, `${INTERNAL_ERROR}: ${(error as Error).message ?? String(error)}`, 'ERR_INTERNAL');
  }
}

/**
 * A report whose agency's name tells no region ("教育局") takes the region of the directory's
 * portal it was found on (its URL, else its final URL). A region told by the name wins.
 */
export function regionFromPortal(report: Report): Report {
  const region = report.meta.region;
  if (region.province !== null || region.city !== null || region.county !== null || region.code !== null) return report;
  const portal = [report.source.url, report.source.finalUrl].flatMap((url) => (url ? [portalForUrl(url)] : [])).find((found) => found !== null);
  if (portal) report.meta.region = { ...portal.region };
  return report;
}

/** Whether an input names an http(s) address rather than a file. */
export function isUrl(spec: string): boolean {
  return /^https?:\/\//i.test(spec);
}

/** Loads a file path or an http(s) URL. Throws an XxgkError with a one-line reason when it cannot. */
export async function loadInput(spec: string): Promise<InputBytes> {
  if (isUrl(spec)) {
    const fetched = await fetchResource(spec);
    const read: ReadOptions = {};
    if (fetched.charset) read.headerCharset = fetched.charset;
    if (fetched.contentType) read.contentType = fetched.contentType;
    const input: InputBytes = { bytes: fetched.bytes, source: { url: fetched.url, finalUrl: fetched.finalUrl, fetchedAt: fetched.fetchedAt }, read };
    const pictures = picturesOf(fetched.bytes, fetched.charset ?? undefined);
    if (pictures.length > 0) input.pictures = await loadPictures(pictures, { url: fetched.finalUrl });
    return input;
  }
  const path = resolve(spec);
  // A file past the input limit is refused before it is read into memory.
  const size = (await stat(path).catch(() => null))?.size ?? 0;
  if (size > MAX_INPUT_BYTES) throw new XxgkError('ERR_INPUT_TOO_LARGE', `input too large (${size} bytes, limit ${MAX_INPUT_BYTES}): ${spec}`);
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new XxgkError('ERR_NO_SUCH_INPUT', error.code === 'ENOENT' ? `no such file: ${spec}` : error.code === 'EISDIR' ? `is a directory: ${spec}` : `cannot read ${spec}: ${error.message}`, { cause: error });
  });
  const input: InputBytes = { bytes, source: { url: null, finalUrl: null, fetchedAt: null, localPath: path }, read: {} };
  const pictures = picturesOf(bytes);
  if (pictures.length > 0) input.pictures = await loadPictures(pictures, { localPath: path });
  return input;
}

/** Title and year of a report from the link that led to it, where the document itself does not say. */
export function fillFromLink(report: Report, hints: LinkHints): void {
  if (report.extraction.status === 'failed') return;
  if (!report.meta.title && hints.title) report.meta.title = hints.title;
  if (report.meta.year === null && hints.year !== null) {
    report.meta.year = hints.year;
    report.extraction.warnings.push(`the covered year is taken from the title of the link (${hints.year})`);
  }
  const region = report.meta.region;
  if (hints.site && region.province === null && region.city === null && region.county === null && region.code === null) {
    const portal = portalForUrl(`http://${hints.site}/`);
    if (portal) report.meta.region = { ...portal.region };
  }
}

export function summarize(report: Report): ReportSummary {
  return { id: report.id, status: report.extraction.status, agency: report.meta.agency, year: report.meta.year, title: report.meta.title, format: report.source.format };
}
