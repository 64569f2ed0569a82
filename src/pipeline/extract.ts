/**
 * The extraction pipeline for one input: bytes → read → template → report. Used by
 * `xxgk extract` and by the crawler, so both give the same document for the same bytes.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fetchResource } from '../crawl/fetcher.js';
import { MAX_INPUT_BYTES, readDocument, sniffFormat, UnreadableInputError, type ReadOptions } from '../read/index.js';
import type { SourceFormat } from '../read/document.js';
import { buildReport, failedReport, sha256Hex, type Report, type ReportSource } from '../output/report.js';
import { extractTemplate } from '../template/extract.js';
import { joinPictureTables, loadPictures, picturesOf, sourcePictures, type LoadedPicture } from './pictures.js';
import { readImage, readPdf } from './pool.js';
import { portalForUrl } from '../portals/directory.js';

export interface InputBytes {
  bytes: Uint8Array;
  source: Omit<ReportSource, 'sha256' | 'format' | 'file'> & { file?: string | null };
  read: ReadOptions;
  /** Pictures of an HTML page that may be tables, loaded beforehand (see loadInput). */
  pictures?: LoadedPicture[];
}

const SNIFFED_TO_FORMAT: Record<string, SourceFormat | null> = {
  html: 'html', text: 'text', pdf: 'pdf', image: 'image', zip: 'docx', ole: 'doc', binary: null, empty: null,
};

/** The start of the reason of a document whose reading met a defect of xxgk's (not of the input). */
export const INTERNAL_ERROR = 'internal error while reading';

/** Extracts one input's bytes. Never throws: an unreadable input (or one meeting a defect) becomes a failed report. */
export async function extractBytes(input: InputBytes, options: Pick<ReadOptions, 'readPdf' | 'readImage'> = {}): Promise<Report> {
  const sha256 = sha256Hex(input.bytes);
  const source: ReportSource = { ...input.source, file: input.source.file ?? null, sha256, format: null };
  if (input.pictures && input.pictures.length > 0 && !source.pictures) source.pictures = sourcePictures(input.pictures, source.finalUrl ?? source.url);
  try {
    // PDFs and images go to the worker pool unless the caller reads them itself (a worker does).
    const limit = input.read.pdfTimeLimitMs;
    const doc = await readDocument(input.bytes, {
      ...input.read, readPdf: options.readPdf ?? ((bytes) => readPdf(bytes, limit)), readImage: options.readImage ?? ((bytes) => readImage(bytes, limit)),
    });
    source.format = doc.format;
    if (doc.pictures) await joinPictureTables(doc, input.pictures ?? [], options.readImage ?? ((bytes) => readImage(bytes, limit)));
    return regionFromPortal(buildReport(extractTemplate(doc), source, doc.method));
  } catch (error) {
    if (error instanceof UnreadableInputError) return failedInputReport(input, error.message);
    // A defect met on some input must not cost the batch its other documents; the reason says
    // it is ours (the fuzzing harness counts these as crashes).
    return failedInputReport(input, `${INTERNAL_ERROR}: ${(error as Error).message ?? String(error)}`);
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

/** The failed document of an input that could not be read (the format is what the bytes look like). */
export function failedInputReport(input: InputBytes, reason: string): Report {
  const source: ReportSource = { ...input.source, file: input.source.file ?? null, sha256: sha256Hex(input.bytes), format: SNIFFED_TO_FORMAT[sniffFormat(input.bytes)] ?? null };
  return failedReport(source, reason);
}

export function isUrl(spec: string): boolean {
  return /^https?:\/\//i.test(spec);
}

/** Loads a file path or an http(s) URL. Throws with a one-line reason when it cannot. */
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
  if (size > MAX_INPUT_BYTES) throw new Error(`input too large (${size} bytes, limit ${MAX_INPUT_BYTES}): ${spec}`);
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new Error(error.code === 'ENOENT' ? `no such file: ${spec}` : error.code === 'EISDIR' ? `is a directory: ${spec}` : `cannot read ${spec}: ${error.message}`);
  });
  const input: InputBytes = { bytes, source: { url: null, finalUrl: null, fetchedAt: null, localPath: path }, read: {} };
  const pictures = picturesOf(bytes);
  if (pictures.length > 0) input.pictures = await loadPictures(pictures, { localPath: path });
  return input;
}

/** What the link that led to a document says of it: its title and the year in that title. */
export interface LinkHints {
  title: string | null;
  year: number | null;
  /**
   * The crawl's site the document was found for (a seed's host): a department's site on another
   * host is crawled as its county's, so the county's portal gives the region when neither the
   * agency's name nor the document's own URL does.
   */
  site?: string;
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

/** The few fields of a report that an index or a crawl state keeps. */
export interface ReportSummary {
  id: string;
  status: Report['extraction']['status'];
  agency: string | null;
  year: number | null;
  title: string | null;
  format: Report['source']['format'];
}

export function summarize(report: Report): ReportSummary {
  return { id: report.id, status: report.extraction.status, agency: report.meta.agency, year: report.meta.year, title: report.meta.title, format: report.source.format };
}
