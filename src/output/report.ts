/** The normalized report document (contract v1, ../shared/report-format.md) and its assembly. */
import { createHash } from 'node:crypto';
import type { SourceFormat } from '../read/document.js';
import type { Check } from '../template/checks.js';
import type { OcrSummary } from '../template/confidence.js';
import type { ExtractionStatus, FigureProvenance, TemplateExtraction } from '../template/extract.js';
import type { ReportMeta } from '../template/meta.js';
import { figurePaths } from '../template/definition.js';
import { missingReasons, type AmountUnit, type MissingReason } from '../template/missing.js';

export const SCHEMA_VERSION = 1;

export type FigureTree = { [key: string]: number | null | FigureTree };

export interface ReportSource {
  url: string | null;
  finalUrl: string | null;
  fetchedAt: string | null;
  format: SourceFormat | null;
  sha256: string;
  /** The stored original, relative to the output directory; null when not stored. */
  file: string | null;
  /** Extension: the local file the report was read from, when it was not fetched. */
  localPath?: string;
  /** Extension: the other URLs where the same bytes were found (a crawl; `url` stays the first). */
  alternateUrls?: string[];
  /**
   * Extension: the pictures of an HTML page read as its tables (in the page's order, each once):
   * where each was loaded from and the stored copy (a crawl), or why it could not be loaded.
   */
  pictures?: SourcePicture[];
}

/** A picture of a report page, as loaded for the report. */
export interface SourcePicture {
  /** As written in the page's `<img src>`. */
  src: string;
  /** The absolute URL it was fetched from; null for a picture beside a local file. */
  url: string | null;
  /** The stored copy under raw/, relative to the output directory (a crawl); else null. */
  file: string | null;
  /** Of the picture's bytes; null when it could not be loaded. */
  sha256: string | null;
  /** Why it could not be loaded (a 404, not an image, too large, robots.txt). */
  error?: string;
}

/** Extension: the seed a crawled report was found from, with the seed file's own columns (all strings). */
export type SeedColumns = { url: string } & Record<string, string>;

export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  id: string;
  template: '2021' | '2019' | 'unknown';
  meta: ReportMeta & { seed?: SeedColumns };
  source: ReportSource;
  figures: FigureTree;
  checks: Check[];
  extraction: {
    status: ExtractionStatus;
    method: string;
    /** Extension: why the status is not ok. */
    reason?: string;
    warnings: string[];
    provenance: Record<string, FigureProvenance>;
    /** Extension: figures read by OCR, how many the checks confirmed, how many were set null. */
    ocr?: OcrSummary;
    /**
     * Extension: why each null figure is null, by path (every null figure has one):
     * `blank`, `unread` or `not in this template` (src/template/missing.ts).
     */
    missing?: Record<string, MissingReason>;
    /** Extension: the unit of each amount, by path (2021 fees: 万元; 2019 procurement: as printed). */
    units?: Record<string, AmountUnit>;
  };
}

/** Stable id: from the source URL when there is one, else from the content. */
export function reportId(url: string | null, sha256: string): string {
  return url ? createHash('sha256').update(url).digest('hex').slice(0, 20) : sha256.slice(0, 20);
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function buildReport(extraction: TemplateExtraction, source: ReportSource, method: string): Report {
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    id: reportId(source.url, source.sha256),
    template: extraction.template,
    meta: { ...extraction.meta },
    source,
    figures: nestFigures(extraction.figures),
    checks: extraction.checks,
    extraction: {
      status: extraction.status,
      method: extraction.method ?? method,
      warnings: extraction.warnings,
      provenance: extraction.provenance,
      missing: missingReasons(extraction.template, extraction.figures, extraction.provenance),
      units: extraction.units,
    },
  };
  if (extraction.reason) report.extraction.reason = extraction.reason;
  if (extraction.ocr) report.extraction.ocr = { ...extraction.ocr };
  return report;
}

/** A report for an input that could not be read at all: no figures, the reason stated. */
export function failedReport(source: ReportSource, reason: string): Report {
  return {
    schemaVersion: SCHEMA_VERSION,
    id: reportId(source.url, source.sha256),
    template: 'unknown',
    meta: { title: null, agency: null, year: null, region: { province: null, city: null, county: null, code: null }, publishedAt: null },
    source,
    figures: nestFigures(new Map(figurePaths('2021').map((path) => [path, null]))),
    checks: [],
    extraction: {
      status: 'failed', method: 'none', reason, warnings: [], provenance: {},
      missing: missingReasons('unknown', figurePaths('2021').map((path) => [path, null]), {}), units: {},
    },
  };
}

const pathKeys = new Map<string, string[]>();

/** "a.b.c" → { a: { b: { c } } }, in the order the paths come. */
export function nestFigures(flat: Map<string, number | null>): FigureTree {
  const root: FigureTree = {};
  for (const [path, value] of flat) {
    let keys = pathKeys.get(path);
    if (!keys) pathKeys.set(path, (keys = path.split('.')));
    let node = root;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as FigureTree;
    node[keys[keys.length - 1]!] = value;
  }
  return root;
}

/** { a: { b: 1 } } → [["a.b", 1]]: the flat view of the CSV export and of provenance keys. */
export function flattenFigures(tree: FigureTree, prefix = ''): [string, number | null][] {
  const out: [string, number | null][] = [];
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix + key;
    if (value !== null && typeof value === 'object') out.push(...flattenFigures(value, path + '.'));
    else out.push([path, value]);
  }
  return out;
}
