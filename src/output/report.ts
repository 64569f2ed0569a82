/**
 * The normalized report document (contract v1, ../shared/report-format.md) and its assembly.
 * Its types are inferred from the zod schema (schema.ts), the contract's one source.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { TemplateExtraction } from '../template/extract.js';
import type { XxgkErrorCode } from '../errors.js';
import { figurePaths } from '../template/definition.js';
import { missingReasons } from '../template/missing.js';
import {
  NO_METHOD, type checkSchema, type Figures2021, type extractionSchema, type metaSchema, type ocrSummarySchema, type provenanceSchema,
  type reportSchema, type sourceSchema,
} from './schema.js';

export type { Figures2019, Figures2021 } from './schema.js';

export const SCHEMA_VERSION = 1;

/** A report document: one of the templates (or `unknown`), with that template's figure tree. */
export type Report = z.infer<typeof reportSchema>;
export type ReportMeta = z.infer<typeof metaSchema>;
export type ReportSource = z.infer<typeof sourceSchema>;
export type ReportCheck = z.infer<typeof checkSchema>;
export type ReportExtraction = z.infer<typeof extractionSchema>;
export type FigureProvenance = z.infer<typeof provenanceSchema>;
export type OcrSummary = z.infer<typeof ocrSummarySchema>;
/** A picture of a report page, as loaded for the report (`source.pictures`). */
export type SourcePicture = NonNullable<ReportSource['pictures']>[number];
/** Extension: the seed a crawled report was found from, with the seed file's own columns (all strings). */
export type SeedColumns = NonNullable<ReportMeta['seed']>;

/** Any report's figures seen without their template: nested objects of numbers or nulls. */
export type FigureTree = { [key: string]: number | null | FigureTree };

/** Stable id: from the source URL when there is one, else from the content. */
export function reportId(url: string | null, sha256: string): string {
  return url ? createHash('sha256').update(url).digest('hex').slice(0, 20) : sha256.slice(0, 20);
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function buildReport(extraction: TemplateExtraction, source: ReportSource, method: ReportExtraction['method']): Report {
  // Each part is checked against the schema's types here; the template's own types only have to fit them.
  const meta: ReportMeta = { ...extraction.meta };
  const checks: ReportCheck[] = extraction.checks;
  const extractionPart: ReportExtraction = {
    status: extraction.status,
    method: extraction.method ?? method,
    warnings: extraction.warnings,
    provenance: extraction.provenance,
    missing: missingReasons(extraction.template, extraction.figures, extraction.provenance),
    units: extraction.units,
  };
  if (extraction.reason) extractionPart.reason = extraction.reason;
  if (extraction.ocr) extractionPart.ocr = { ...extraction.ocr };
  // The figure tree is nested from the template's own paths (figurePaths), so it is the tree of
  // `template`; the compiler cannot follow that through a Map, hence the one assertion.
  return {
    schemaVersion: SCHEMA_VERSION,
    id: reportId(source.url, source.sha256),
    template: extraction.template,
    meta,
    source,
    figures: nestFigures(extraction.figures),
    checks,
    extraction: extractionPart,
  } as Report;
}

/** A report for an input that could not be read at all: no figures, the reason stated. */
export function failedReport(source: ReportSource, reason: string, code?: XxgkErrorCode): Report {
  return {
    schemaVersion: SCHEMA_VERSION,
    id: reportId(source.url, source.sha256),
    template: 'unknown',
    meta: { title: null, agency: null, year: null, region: { province: null, city: null, county: null, code: null }, publishedAt: null },
    source,
    figures: nestFigures(new Map(figurePaths('2021').map((path) => [path, null]))) as Figures2021,
    checks: [],
    extraction: {
      status: 'failed', method: NO_METHOD, reason, ...(code ? { code } : {}), warnings: [], provenance: {},
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
