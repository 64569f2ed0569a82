/**
 * An input as the pipeline takes it (bytes, where they came from, how to read them), and the
 * failed report of one that cannot be read. Apart from extract.ts so that the worker pool can
 * make failed reports without importing the pipeline that uses it.
 */
import { type XxgkErrorCode } from '../errors.js';
import { SOURCE_FORMAT_OF_SNIFFED } from '../formats.js';
import { failedReport, sha256Hex, type Report, type ReportSource } from '../output/report.js';
import { sniffFormat, type ReadOptions } from '../read/index.js';
import type { LoadedPicture } from './pictures.js';

export interface InputBytes {
  bytes: Uint8Array;
  source: Omit<ReportSource, 'sha256' | 'format' | 'file'> & { file?: string | null };
  read: ReadOptions;
  /** Pictures of an HTML page that may be tables, loaded beforehand (see loadInput). */
  pictures?: LoadedPicture[];
}

/** The start of the reason of a document whose reading met a defect of xxgk's (not of the input). */
export const INTERNAL_ERROR = 'internal error while reading';

/** The failed document of an input that could not be read (the format is what the bytes look like). */
export function failedInputReport(input: InputBytes, reason: string, code: XxgkErrorCode): Report {
  const source: ReportSource = { ...input.source, file: input.source.file ?? null, sha256: sha256Hex(input.bytes), format: SOURCE_FORMAT_OF_SNIFFED[sniffFormat(input.bytes)] };
  return failedReport(source, reason, code);
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

/** The few fields of a report that an index or a crawl state keeps. */
export interface ReportSummary {
  id: string;
  status: Report['extraction']['status'];
  agency: string | null;
  year: number | null;
  title: string | null;
  format: Report['source']['format'];
}
