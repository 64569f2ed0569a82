/**
 * The template stage's entry: a read document in, the national template's figures out,
 * with checks, warnings and where each figure was printed. Knows nothing of formats.
 */
import { textLines, type ReadDocument } from '../read/document.js';
import { runChecks, type Check } from './checks.js';
import { applyConfidencePolicy, type OcrSummary } from './confidence.js';
import { APPLICANT_COLUMNS, FIGURE_UNITS, figurePaths, OTHER_AS_ONE_ROW, SECTION_TITLES, type TemplateId } from './definition.js';
import { detectTemplate } from './detect.js';
import { mapFigures, type FigureValue, type MappedFigures } from './figures.js';
import { mapFlattenedText } from './flattened.js';
import { extractMeta, type ReportMeta } from './meta.js';
import { amountUnits, type AmountUnit } from './missing.js';
import { statedApplicationCount } from './narrative.js';
import { placeByPosition } from './positional.js';
import { templateRows, type FigureSlot, type TemplateRow } from './rows.js';
import type { Box } from '../read/grid.js';

export interface FigureProvenance {
  table: number;
  /**
   * 1-based row and column of the cell in the table's expanded grid (as `xxgk tables` shows it).
   * For figures read from flattened text: the template's table (二 1, 三 2, 四 3), row and column.
   */
  row: number;
  col: number;
  raw: string;
  page?: number;
  /** Extension: the cell's box on its page (points, top-left origin, rotation applied), for PDFs. */
  box?: Box;
  /** Character offset in the text, for figures read from flattened text. */
  offset?: number;
  /** 0–1: the recogniser's confidence in the cell, for figures read by OCR. */
  confidence?: number;
}

export const EXTRACTION_STATUSES = ['ok', 'partial', 'failed'] as const;
export type ExtractionStatus = (typeof EXTRACTION_STATUSES)[number];

/** The method of figures read from a report's running text rather than from its tables (flattened.ts). */
export const FLATTENED_TEXT_METHOD = 'text-flattened';

export interface TemplateExtraction {
  template: TemplateId | 'unknown';
  meta: ReportMeta;
  /** Dotted path → value for every figure of the template (null: blank or not found). */
  figures: Map<string, number | null>;
  checks: Check[];
  status: ExtractionStatus;
  /** Set when the figures did not come from the reader's tables (e.g. "text-flattened"). */
  method?: typeof FLATTENED_TEXT_METHOD;
  /** Why the status is not ok, in one line. */
  reason?: string;
  warnings: string[];
  provenance: Record<string, FigureProvenance>;
  /** Set when any figure came from a cell with a confidence (OCR): see confidence.ts. */
  ocr?: OcrSummary;
  /** The unit of each amount found: fixed by the template, or as printed (2019 procurement). */
  units: Record<string, AmountUnit>;
}

/** Headings of the template's sections (、 between 行政复议 and 行政诉讼 or not): a page that has them is a report, whatever its tables. */
const TEMPLATE_HEADINGS = new RegExp(Object.values(SECTION_TITLES).map((title) => title.replace(/、/g, '、?')).join('|'));

export function extractTemplate(doc: ReadDocument): TemplateExtraction {
  const lines = textLines(doc);
  const text = lines.join('\n');
  const warnings: string[] = [...(doc.notes ?? [])];
  const meta = readMeta(doc, lines, warnings);

  const rows = templateRows(doc.tables);
  const guess = detectTemplate(rows, text, meta.year);
  const template: TemplateId = guess.template === 'unknown' ? '2021' : guess.template;
  const { mapped, method } = mapTemplateFigures(rows, text, template, warnings);
  // Low-confidence figures no check confirms are left null (they stay in provenance, with their confidence).
  const confidence = applyConfidencePolicy(template, mapped.values);
  warnings.push(...confidence.warnings);
  const collected = collectFigures(template, mapped.values, confidence.nulled, warnings);
  const { figures, present, provenance, missing } = collected;

  if (Object.keys(provenance).length === 0) {
    return {
      template: guess.template, meta, figures, checks: [], status: 'failed',
      reason: failureReason(doc, meta, text), warnings, provenance, units: {},
    };
  }
  if (guess.template === 'unknown' || guess.evidence.startsWith('no distinctive')) warnings.push(`template: ${guess.evidence}`);
  if (missing.length > 0) warnings.push(`${missing.length} figures could not be read: ${summarizePaths(missing)}`);
  if (collected.blank > 0) warnings.push(`${collected.blank} figure cells are blank in the original; they are null`);

  const units = amountUnits(template, provenance, () => documentTexts(doc, lines));
  for (const path of Object.keys(provenance)) {
    if (FIGURE_UNITS[template][path]?.includes(' or ') && !units[path]) warnings.push(`the unit of ${path} (元 or 万元) is not printed; see the original`);
  }

  const checked = runChecks({ template, figures: present, statedApplications: statedApplicationCount(text) });
  if (checked.notRun.length > 0) warnings.push(`${checked.notRun.length} checks not run for want of figures: ${checked.notRun.join(', ')}`);

  const unread = missing.length + confidence.nulled.size;
  const extraction: TemplateExtraction = {
    template, meta, figures, checks: checked.checks, status: unread === 0 ? 'ok' : 'partial', warnings, provenance, units,
  };
  if (method) extraction.method = method;
  if (confidence.summary) extraction.ocr = confidence.summary;
  const reasons: string[] = [];
  if (missing.length > 0) reasons.push(`${missing.length} of ${figurePaths(template).length} figures could not be read`);
  if (confidence.nulled.size > 0) reasons.push(`${confidence.nulled.size} figures read with low confidence and not confirmed by the checks are null`);
  if (reasons.length > 0) extraction.reason = reasons.join('; ');
  return extraction;
}

/** The report's meta; the covered year, when neither title nor text states it, from the publication date (with a warning). */
function readMeta(doc: ReadDocument, lines: string[], warnings: string[]): ReportMeta {
  const meta = extractMeta(doc, lines);
  if (meta.year === null && meta.publishedAt && meta.title !== null) {
    // Reports on year N are published early in N+1; only a fallback, and said so.
    meta.year = Number(meta.publishedAt.slice(0, 4)) - 1;
    warnings.push(`the covered year is not stated in the title or text; taken as the year before publication (${meta.year})`);
  }
  return meta;
}

/** The template's figures from the tables, else from the text the tables were flattened into; adds to `warnings`. */
function mapTemplateFigures(
  rows: TemplateRow[], text: string, template: TemplateId, warnings: string[],
): { mapped: MappedFigures; method?: typeof FLATTENED_TEXT_METHOD } {
  const mapped = mapFigures(rows, template);
  // Rows whose label reads poorly, placed by position where the checks confirm them.
  placeByPosition(mapped, template);
  if (mapped.values.size === 0) {
    // No table holds the template: the tables may have been flattened into the text.
    const flattened = mapFlattenedText(text, template);
    if (flattened.values.size > 0) {
      warnings.push(...flattened.warnings);
      return { mapped: flattened, method: FLATTENED_TEXT_METHOD };
    }
  } else if (mapped.values.size < figurePaths(template).length) {
    // Some rows are not in the tables but may stand in the text beside them ("行政许可 97").
    const added = addRowsFromText(mapped.values, mapFlattenedText(text, template).values);
    if (added.length > 0) warnings.push(`rows read from the text outside the tables: ${added.join(', ')}`);
  }
  warnings.push(...mapped.warnings);
  return { mapped };
}

/** Every figure of the template with its provenance, and what is missing or blank. */
interface CollectedFigures {
  /** Dotted path → value for every figure of the template (null: blank or not found). */
  figures: Map<string, number | null>;
  /** Only the figures found: the checks tell a blank (null) from a figure not found (absent). */
  present: Map<string, number | null>;
  provenance: Record<string, FigureProvenance>;
  /** Paths not found (the sub-rows of （六） printed as one row aside). */
  missing: string[];
  /** Figure cells printed blank. */
  blank: number;
}

function collectFigures(template: TemplateId, values: Map<string, FigureValue>, nulledPaths: Set<string>, warnings: string[]): CollectedFigures {
  const collected: CollectedFigures = { figures: new Map(), present: new Map(), provenance: {}, missing: [], blank: 0 };
  const oneRowOther = values.has(`applications.${OTHER_AS_ONE_ROW}.total`);
  for (const path of [...figurePaths(template), ...(template === '2021' && oneRowOther ? APPLICANT_OTHER_TOTAL_PATHS : [])]) {
    const found = values.get(path);
    if (!found) {
      collected.figures.set(path, null);
      if (!(oneRowOther && path.startsWith('applications.results.other.'))) collected.missing.push(path);
      continue;
    }
    const nulled = nulledPaths.has(path);
    collected.figures.set(path, nulled ? null : found.value);
    // Absent from the checks rather than 0: its reading is not trusted either way.
    if (!nulled) collected.present.set(path, found.value);
    if (found.value === null && found.slot.raw.trim() === '') collected.blank++;
    collected.provenance[path] = provenanceOf(found.slot);
  }
  if (oneRowOther && template === '2021') warnings.push('（六）其他处理 is printed as one row without its three sub-rows: its figures are under applications.results.other.total');
  return collected;
}

/** Where a figure was printed, 1-based as `xxgk tables` shows it. */
function provenanceOf(slot: FigureSlot): FigureProvenance {
  const where: FigureProvenance = { table: slot.table, row: slot.row + 1, col: slot.col + 1, raw: slot.raw };
  if (slot.page !== undefined) where.page = slot.page;
  if (slot.box !== undefined) where.box = { ...slot.box };
  if (slot.offset !== undefined) where.offset = slot.offset;
  if (slot.confidence !== undefined) where.confidence = slot.confidence;
  return where;
}

const APPLICANT_OTHER_TOTAL_PATHS = APPLICANT_COLUMNS.map((column) => `applications.${OTHER_AS_ONE_ROW}.${column}`);

/** Adds the text's figures for rows that the tables lack entirely; returns those rows. */
function addRowsFromText(values: Map<string, FigureValue>, fromText: Map<string, FigureValue>): string[] {
  const rows = new Map<string, [string, FigureValue][]>();
  for (const [path, value] of fromText) {
    const row = path.slice(0, path.lastIndexOf('.'));
    const list = rows.get(row) ?? [];
    list.push([path, value]);
    rows.set(row, list);
  }
  const added: string[] = [];
  for (const [row, entries] of rows) {
    if (entries.some(([path]) => values.has(path)) || [...values.keys()].some((path) => path.startsWith(row + '.'))) continue;
    for (const [path, value] of entries) values.set(path, value);
    added.push(row);
  }
  return added;
}

/** Every table cell's text, then the text lines: where a column header states a unit. */
function* documentTexts(doc: ReadDocument, lines: string[]): Iterable<string> {
  for (const grid of doc.tables) for (const row of grid.slots) for (const cell of row) if (cell) yield cell.text;
  yield* lines;
}

function failureReason(doc: ReadDocument, meta: ReportMeta, text: string): string {
  const looksLikeReport = meta.title !== null || TEMPLATE_HEADINGS.test(text);
  if (!looksLikeReport) return 'not a government information disclosure annual report: no title or wording of one, and no template tables';
  if (doc.tables.length === 0) return 'the report text is there but it has no tables: the figures may be in an image or an attachment';
  return 'no table row matches the national template';
}

/** "applications.results.denied.stateSecret.naturalPerson, …" grouped by row: "applications.results.denied.stateSecret (7)". */
function summarizePaths(paths: string[]): string {
  const byRow = new Map<string, number>();
  for (const path of paths) {
    const row = path.slice(0, path.lastIndexOf('.'));
    byRow.set(row, (byRow.get(row) ?? 0) + 1);
  }
  return [...byRow].map(([row, count]) => `${row} (${count})`).join(', ');
}
