/**
 * Rows → figures: which template row each grid row is, and its figure cells under the
 * template's keys. A row that cannot be told for certain is a warning, never a guess.
 */
import {
  APPLICANT_COLUMN_LABELS, APPLICANT_COLUMNS, APPLICATION_ROWS, HEADER_LABELS, OTHER_AS_ONE_ROW, PROACTIVE_ROWS, RESULT_GROUP_LABELS,
  REVIEW_GROUP_LABELS, REVIEW_GROUPS, REVIEW_OUTCOME_LABELS, REVIEW_OUTCOMES, type ApplicationRow, type ProactiveRow, type ResultGroup,
  type TemplateId,
} from './definition.js';
import { LabelDictionary, normalizeLabel } from './labels.js';
import { parseFigure } from './numbers.js';
import { fitFigures, hasUnreadLabel, type FigureSlot, type RowSegment, type TemplateRow } from './rows.js';

export interface FigureValue {
  /** The number as printed; null for a blank cell or one that is not a number. */
  value: number | null;
  /** Where it was printed. */
  slot: FigureSlot;
}

export interface MappedFigures {
  /** Dotted path (e.g. "applications.results.granted.total") → figure. Paths not found are absent. */
  values: Map<string, FigureValue>;
  warnings: string[];
  /** Rows with figures that match no template row, in tables that hold template figures (warned about in `warnings`). */
  unplaced?: TemplateRow[];
}

/** Every label of a template row, normalized: a header cell that is also one (其他, 总计) does not make a header row. */
const ROW_LABELS = new Set([
  ...Object.values(PROACTIVE_ROWS).flat().flatMap((row) => row.labels),
  ...Object.values(APPLICATION_ROWS).flat().flatMap((row) => row.labels),
].map(normalizeLabel));
const headerCells = (labels: string[]): Set<string> => new Set(labels.map(normalizeLabel).filter((label) => !ROW_LABELS.has(label)));

/** Header cells of section 三 (申请人情况, 自然人, 法人或其他组织, 商业企业, …): a row holding any of them is a header row, not figures. */
const APPLICANT_HEADERS = headerCells([HEADER_LABELS.applicants, HEADER_LABELS.legalPersons, ...Object.values(APPLICANT_COLUMN_LABELS)]);
/** The cell that heads section 三's results (本年度办理结果) without a row of its own. */
const RESULTS_HEADER = normalizeLabel(HEADER_LABELS.results);
/** Sub-headers of section 四 (行政复议, 行政诉讼, 结果维持, …): a row holding any of them is a header row. */
const REVIEW_HEADERS = headerCells([HEADER_LABELS.litigation, ...Object.values(REVIEW_GROUP_LABELS), ...Object.values(REVIEW_OUTCOME_LABELS)]);
/** Section 四's header names both 行政复议 and 行政诉讼 (in one cell or several). */
const REVIEW_HEADER_WORDS = [REVIEW_GROUP_LABELS.review, HEADER_LABELS.litigation];
/** Rows after section 四's header searched for its figures (a header of several rows, perhaps a blank one). */
const REVIEW_ROW_REACH = 6;
/** Section 四's figures: every outcome of every group, in one row. */
const REVIEW_FIGURES = REVIEW_GROUPS.length * REVIEW_OUTCOMES.length;

interface Dictionaries {
  proactive: LabelDictionary<ProactiveRow>;
  topRows: LabelDictionary<ApplicationRow>;
  groups: LabelDictionary<ResultGroup>;
  itemsByGroup: Map<ResultGroup, LabelDictionary<ApplicationRow>>;
  /** Items whose label is unique across groups, usable when the group cell is out of sight. */
  anyGroupItems: LabelDictionary<ApplicationRow>;
}

const dictionaryCache = new Map<TemplateId, Dictionaries>();

function dictionaries(template: TemplateId): Dictionaries {
  const cached = dictionaryCache.get(template);
  if (cached) return cached;
  const rows = APPLICATION_ROWS[template].filter((row) => row.path !== OTHER_AS_ONE_ROW);
  const grouped = rows.filter((row) => row.group !== undefined);
  const labelCount = new Map<string, number>();
  for (const row of grouped) for (const label of row.labels) labelCount.set(label, (labelCount.get(label) ?? 0) + 1);
  const built: Dictionaries = {
    proactive: new LabelDictionary(PROACTIVE_ROWS[template].flatMap((row) => row.labels.map((label): [string, ProactiveRow] => [label, row]))),
    topRows: new LabelDictionary(rows.filter((row) => row.group === undefined).flatMap((row) => row.labels.map((label): [string, ApplicationRow] => [label, row]))),
    groups: new LabelDictionary(Object.entries(RESULT_GROUP_LABELS).flatMap(([group, labels]) => labels.map((label): [string, ResultGroup] => [label, group as ResultGroup]))),
    itemsByGroup: new Map(
      (Object.keys(RESULT_GROUP_LABELS) as ResultGroup[]).map((group) => [
        group,
        new LabelDictionary(grouped.filter((row) => row.group === group).flatMap((row) => row.labels.map((label): [string, ApplicationRow] => [label, row]))),
      ]),
    ),
    // "其他" alone is only safe under （六）其他处理.
    anyGroupItems: new LabelDictionary(
      grouped.flatMap((row) => row.labels.filter((label) => label !== '其他' && labelCount.get(label) === 1).map((label): [string, ApplicationRow] => [label, row])),
    ),
  };
  dictionaryCache.set(template, built);
  return built;
}

/** What mapping gathers, passed to each step that adds to it. */
interface MappingOutput {
  values: Map<string, FigureValue>;
  warnings: string[];
  /** Tables where a template row was found: only their unplaced rows are warned about. */
  tablesWithFigures: Set<number>;
  unplaced: TemplateRow[];
}

/** What a row's reading depends on from the rows before it. */
interface RowContext {
  /** The section 三 group (不予公开, …) the previous row was under: items that follow without it are in it. */
  carriedGroup: ResultGroup | null;
  /** The index of section 四's header row, while its figures are still to come. */
  reviewHeaderAt: number;
}

const START: RowContext = { carriedGroup: null, reviewHeaderAt: -Infinity };

export function mapFigures(rows: TemplateRow[], template: TemplateId): MappedFigures {
  const dict = dictionaries(template);
  const out: MappingOutput = { values: new Map(), warnings: [], tablesWithFigures: new Set(), unplaced: [] };
  let context = START;
  rows.forEach((row, index) => {
    context = mapRow(out, dict, context, row, index);
  });
  // Rows with figures that match nothing are reported only in tables that hold template figures:
  // other tables on the page (contacts, statistics of other kinds) are not the template's concern.
  const unused = out.unplaced.filter((row) => out.tablesWithFigures.has(row.table));
  for (const row of unused) out.warnings.push(unplacedWarning(row));
  return { values: out.values, warnings: out.warnings, unplaced: unused };
}

/** Reads one row into `out`; returns the context for the next. */
function mapRow(out: MappingOutput, dict: Dictionaries, context: RowContext, row: TemplateRow, index: number): RowContext {
  if (isReviewFigures(dict, context, row, index)) {
    assignReview(out, row);
    return { ...context, reviewHeaderAt: -Infinity };
  }
  const labels = row.labels;
  if (labels.length === 0) {
    // A row whose label could not be read at all: only its place may name it (positional.ts).
    if (hasUnreadLabel(row, APPLICANT_COLUMNS.length)) out.unplaced.push(row);
    return context;
  }
  const joined = labels.join('|');
  if (REVIEW_HEADER_WORDS.every((word) => joined.includes(word))) return { ...context, reviewHeaderAt: index };
  if (labels.some((label) => APPLICANT_HEADERS.has(label) || REVIEW_HEADERS.has(label))) return context;
  if (mapProactiveRow(out, dict, row)) return context;
  return { ...context, carriedGroup: mapApplicationRow(out, dict, context.carriedGroup, row) };
}

/** Section 四's figures: the first row of fifteen after its header, with no label of another section. */
function isReviewFigures(dict: Dictionaries, context: RowContext, row: TemplateRow, index: number): boolean {
  return index - context.reviewHeaderAt <= REVIEW_ROW_REACH && row.segments.length === 1 && row.figures.length >= REVIEW_FIGURES &&
    !row.labels.some((label) => dict.proactive.get(label) || dict.topRows.get(label));
}

function assignReview(out: MappingOutput, row: TemplateRow): void {
  out.tablesWithFigures.add(row.table);
  const fitted = fitFigures(row.figures, REVIEW_FIGURES);
  if (!fitted) {
    out.warnings.push(`${where(row)}: the section 四 row has ${row.figures.length} figure cells where ${REVIEW_FIGURES} were expected; its figures are left null`);
    return;
  }
  let i = 0;
  for (const group of REVIEW_GROUPS) {
    for (const outcome of REVIEW_OUTCOMES) setFigure(out, `reviewLitigation.${group}.${outcome}`, fitted[i++]!, row);
  }
}

/** Section 二: possibly several rows side by side, each segment its own template row. False when the row is none of them. */
function mapProactiveRow(out: MappingOutput, dict: Dictionaries, row: TemplateRow): boolean {
  const lastLabel = (segment: RowSegment): string | undefined => segment.labels[segment.labels.length - 1];
  const found = row.segments.flatMap((segment) => {
    const label = lastLabel(segment);
    const proactive = label === undefined ? undefined : dict.proactive.get(label);
    return proactive ? [{ segment, proactive }] : [];
  });
  for (const { segment, proactive } of found) {
    if (segment.figures.length > 0) assign(out, `proactive.${proactive.key}`, proactive.columns, row, segment);
  }
  return found.length > 0;
}

/** What a section 三 row's labels name: its row, or only its group. */
interface ApplicationLabels {
  row: ApplicationRow | null;
  group: ResultGroup | null;
  /** The last label is the group's own (（六）其他处理 printed as one row). */
  lastIsGroup: boolean;
}

/** Section 三: earlier cells name the container and the group, the last one the row. */
function readApplicationLabels(dict: Dictionaries, carriedGroup: ResultGroup | null, labels: string[]): ApplicationLabels {
  const read: ApplicationLabels = { row: null, group: null, lastIsGroup: false };
  const parts = splitMergedLabels(labels, dict);
  parts.forEach((label, i) => {
    const isLast = i === parts.length - 1;
    if (label === RESULTS_HEADER) return;
    const top = dict.topRows.get(label);
    if (top) {
      read.row = isLast ? top : null;
      read.group = null;
      return;
    }
    const named = dict.groups.get(label);
    if (named) {
      read.group = named;
      read.lastIsGroup = isLast;
      return;
    }
    if (!isLast) return;
    const scope = read.group ?? carriedGroup;
    read.row = (scope ? dict.itemsByGroup.get(scope)!.get(label) : undefined) ?? dict.anyGroupItems.get(label) ?? null;
  });
  return read;
}

/** Maps a section 三 row (or keeps it as unplaced); returns the group carried to the next row. */
function mapApplicationRow(out: MappingOutput, dict: Dictionaries, carriedGroup: ResultGroup | null, row: TemplateRow): ResultGroup | null {
  const read = readApplicationLabels(dict, carriedGroup, row.labels);
  const hasFigures = row.figures.some((slot) => slot.raw.trim() !== '');
  if (read.row) {
    if (row.figures.length > 0) assign(out, `applications.${read.row.path}`, APPLICANT_COLUMNS, row);
    return read.row.group ?? null;
  }
  if (read.group !== null) {
    // The group's label, and the row's own unread: only its place may name it.
    if (read.lastIsGroup && hasFigures && hasUnreadLabel(row, APPLICANT_COLUMNS.length)) {
      out.unplaced.push(row);
      return read.group;
    }
    // （六）其他处理 printed as one row with figures of its own.
    if (read.lastIsGroup && read.group === 'other' && hasFigures) assign(out, `applications.${OTHER_AS_ONE_ROW}`, APPLICANT_COLUMNS, row);
    else if (!read.lastIsGroup && hasFigures) out.unplaced.push(row);
    return read.group;
  }
  if (hasFigures) out.unplaced.push(row);
  return carriedGroup;
}

/** Sets a row's figures under `basePath`, fitted to its columns; a row seen before keeps its first figures. */
function assign(out: MappingOutput, basePath: string, columns: readonly string[], row: TemplateRow, segment: RowSegment = row): void {
  out.tablesWithFigures.add(row.table);
  const fitted = fitFigures(segment.figures, columns.length);
  if (!fitted) {
    out.warnings.push(`${where(row)}: row "${segment.printedLabel}" has ${segment.figures.length} figure cells where ${columns.length} were expected; its figures are left null`);
    return;
  }
  if (columns.some((column) => out.values.has(`${basePath}.${column}`))) {
    out.warnings.push(`${where(row)}: row "${segment.printedLabel}" appears again (${basePath}); the first one is kept`);
    return;
  }
  fitted.forEach((slot, i) => setFigure(out, `${basePath}.${columns[i]}`, slot, row));
}

function setFigure(out: MappingOutput, path: string, slot: FigureSlot, row: TemplateRow): void {
  const parsed = parseFigure(slot.raw);
  if (parsed.kind === 'text') out.warnings.push(`${where(row)}: "${slot.raw}" for ${path} is not a number; left null`);
  out.values.set(path, { value: parsed.kind === 'number' ? parsed.value : null, slot });
}

/**
 * Splits labels that print a container or group and the row in one cell
 * ("（三）不予公开 1.属于国家秘密" → 不予公开, 属于国家秘密), when the whole does not match.
 */
function splitMergedLabels(labels: string[], dict: Dictionaries): string[] {
  const parts: string[] = [];
  for (const label of labels) {
    let rest = label;
    while (rest) {
      if (dict.topRows.get(rest) || dict.groups.get(rest) || rest === RESULTS_HEADER || dict.anyGroupItems.get(rest)) break;
      const prefix = MERGEABLE_PREFIXES.find((candidate) => rest.startsWith(candidate) && rest.length > candidate.length);
      if (!prefix) break;
      parts.push(prefix);
      // What follows keeps its item number without the dot ("1属于国家秘密"): drop it.
      rest = normalizeLabel(rest.slice(prefix.length)).replace(/^\d{1,2}(?=\D)/, '');
    }
    if (rest) parts.push(rest);
  }
  return parts;
}

/** Normalized labels that can head a merged cell, longest first. */
const MERGEABLE_PREFIXES = [RESULTS_HEADER, ...Object.values(RESULT_GROUP_LABELS).flat()].sort((a, b) => b.length - a.length);

/** The warning for a row whose label matches no template row. */
export function unplacedWarning(row: TemplateRow): string {
  return `${where(row)}: ${rowName(row)} matches no template row; its figures are not used`;
}

/** The row as a warning names it: by its printed label, or as one whose label could not be read. */
export function rowName(row: TemplateRow): string {
  if (!hasUnreadLabel(row, APPLICANT_COLUMNS.length)) return `row "${row.printedLabel}"`;
  return `a row whose label could not be read${row.printedLabel ? ` (under "${row.printedLabel}")` : ''}`;
}

function where(row: TemplateRow): string {
  return `table ${row.table} row ${row.row + 1}`;
}
