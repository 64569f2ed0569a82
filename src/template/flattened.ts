/**
 * Reports whose tables were flattened into running text by a copy or a web archiver:
 * "一、本年新收政府信息公开申请数量 713000074二、上年结转…". The template's labels are found in
 * order; the digits after each are split into the row's figures only where exactly one split
 * is possible (for section 三 and 四, one that also satisfies the row's own total). Anything
 * else is left null with a warning: the text alone does not tell.
 */
import {
  APPLICANT_COLUMNS, APPLICANT_PARTS, APPLICATION_ROWS, HEADER_LABELS, PROACTIVE_ROWS, REVIEW_GROUPS, REVIEW_OUTCOME_LABELS,
  REVIEW_OUTCOME_PARTS, REVIEW_OUTCOMES, SECTION_TITLES, type TemplateId,
} from './definition.js';
import type { FigureValue, MappedFigures } from './figures.js';

interface Anchor {
  /** Dotted path prefix of the row, e.g. "applications.results.denied.stateSecret". */
  path: string;
  columns: readonly string[];
  /** Folded label forms; the first found after the previous anchor is taken. */
  forms: string[];
  /** 1-based table (二 = 1, 三 = 2, 四 = 3) and row of the template, for provenance. */
  table: number;
  row: number;
  check: 'none' | 'rowTotal' | 'reviewTotals';
}

/** Folded text: NFKC, no white space or quote marks; `origin[i]` is the index in the source. */
interface FoldedText {
  text: string;
  origin: number[];
}

const SPLIT_LIMIT = 200_000;

function fold(source: string): FoldedText {
  let text = '';
  const origin: number[] = [];
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!.normalize('NFKC');
    if (/^[\s"'“”‘’「」]+$/u.test(ch)) continue;
    text += ch;
    for (let k = 0; k < ch.length; k++) origin.push(i);
  }
  return { text, origin };
}

function foldLabel(label: string): string {
  return fold(label).text;
}

function anchors(template: TemplateId): Anchor[] {
  const list: Anchor[] = [];
  PROACTIVE_ROWS[template].forEach((row, i) => {
    list.push({ path: `proactive.${row.key}`, columns: row.columns, forms: row.labels.map(foldLabel), table: 1, row: i + 1, check: 'none' });
  });
  const rows = APPLICATION_ROWS[template];
  let itemNumber = 0;
  let group: string | undefined;
  rows.forEach((row, i) => {
    if (row.group !== group) itemNumber = 0;
    group = row.group;
    itemNumber++;
    const printed = row.printed ?? row.labels[0]!;
    // Items are found with their number ("2.其他法律…"), so the digits before it are not taken for figures.
    const forms = row.group ? [`${itemNumber}.${printed}`, `${itemNumber}、${printed}`] : [printed];
    list.push({ path: `applications.${row.path}`, columns: APPLICANT_COLUMNS, forms: forms.map(foldLabel), table: 2, row: i + 1, check: 'rowTotal' });
  });
  return list;
}

/** Section 四 as one row of all its figures, group by group. */
const REVIEW_ANCHOR: Anchor = {
  path: 'reviewLitigation',
  columns: REVIEW_GROUPS.flatMap((group) => REVIEW_OUTCOMES.map((outcome) => `${group}.${outcome}`)),
  forms: [], table: 3, row: 1, check: 'reviewTotals',
};

const FIGURE_RUN = /^[\d\s.,\-−]*/;
/** The part of the text the template's tables stand in: from section 二's heading to 五、存在的主要问题. */
const SECTIONS_START = SECTION_TITLES.proactive;
const SECTIONS_END = /[五5]\s*[、.．]\s*存在的主要问题/;
/** Section 二's table starts at its first column header (信息内容; 2019: 第二十条第（一）项). */
const PROACTIVE_TABLE_START = new RegExp(`${HEADER_LABELS.proactiveItem}|第二十条`);
const APPLICATIONS_START = SECTION_TITLES.applications;
/** Section 四's heading, 、 or not between its two words, or cut after 复议. */
const REVIEW_START = /行政复议[、,，]?\s*行政诉讼情况|政府信息公开行政.{0,3}复议/;
/** Section 四's header ends with its last group's last two columns: its figures follow the last of them. */
const REVIEW_HEADER_LAST = REVIEW_OUTCOME_LABELS.pending + REVIEW_OUTCOME_LABELS.total;
const REVIEW_HEADER_END = new RegExp(`${REVIEW_HEADER_LAST}(?!.*${REVIEW_HEADER_LAST})`, 's');

/** A run of printed figures found after a label, and where it starts in the section's text. */
interface FoundRun {
  anchor: Anchor;
  run: string;
  offset: number;
}

/** Maps a flattened report's text; returns nothing found when the template's labels are not in it. */
export function mapFlattenedText(source: string, template: TemplateId): MappedFigures {
  const mapped: MappedFigures = { values: new Map<string, FigureValue>(), warnings: [] };
  const start = source.indexOf(SECTIONS_START);
  if (start === -1) return mapped;
  const end = source.search(SECTIONS_END);
  const section = source.slice(start, end > start ? end : undefined);
  const runs = anchoredRuns(section, anchors(template));
  const review = reviewRun(section);
  if (review) runs.push(review);
  for (const { anchor, run, offset } of runs) recordRun(mapped, anchor, run, start + offset);
  return mapped;
}

/**
 * Finds every label in order, then takes the figures between one label and the next. Section
 * 二's table starts at its first column header, section 三's at its heading: the prose before
 * them may name the same things ("规章", "行政许可").
 */
function anchoredRuns(section: string, list: Anchor[]): FoundRun[] {
  const folded = fold(section);
  const tableStart = (marker: RegExp | string): number => {
    const at = typeof marker === 'string' ? folded.text.indexOf(marker) : folded.text.search(marker);
    return at === -1 ? 0 : at;
  };
  const applicationsStart = tableStart(APPLICATIONS_START);
  const found: { anchor: Anchor; labelEnd: number; next: number }[] = [];
  let cursor = tableStart(PROACTIVE_TABLE_START);
  for (const anchor of list) {
    if (anchor.table === 2 && cursor < applicationsStart) cursor = applicationsStart;
    const label = firstLabelWithFigures(folded.text, anchor.forms, cursor);
    if (!label) continue;
    if (found.length > 0) found[found.length - 1]!.next = label.at;
    found.push({ anchor, labelEnd: label.end, next: folded.text.length });
    cursor = label.end;
  }
  return found.map(({ anchor, labelEnd, next }) => ({
    anchor, run: FIGURE_RUN.exec(folded.text.slice(labelEnd, next))![0], offset: folded.origin[labelEnd] ?? 0,
  }));
}

/** The earliest of the forms from `cursor` on that figures follow: a label in a header or in prose has none. */
function firstLabelWithFigures(text: string, forms: string[], cursor: number): { at: number; end: number } | null {
  let best: { at: number; end: number } | null = null;
  for (const form of forms) {
    for (let at = text.indexOf(form, cursor); at !== -1; at = text.indexOf(form, at + 1)) {
      if (!/^\s*-?\d/.test(text.slice(at + form.length, at + form.length + 3))) continue;
      if (best === null || at < best.at) best = { at, end: at + form.length };
      break;
    }
  }
  return best;
}

/** Section 四: the run after its header's last words. */
function reviewRun(section: string): FoundRun | null {
  const reviewStart = section.search(REVIEW_START);
  if (reviewStart === -1) return null;
  const folded = fold(section.slice(reviewStart));
  const header = REVIEW_HEADER_END.exec(folded.text);
  if (!header) return null;
  const from = header.index + header[0].length;
  return { anchor: REVIEW_ANCHOR, run: FIGURE_RUN.exec(folded.text.slice(from))![0], offset: reviewStart + (folded.origin[from] ?? 0) };
}

/** Sets the row's figures where the run splits exactly one way; else warns and leaves them null. */
function recordRun(mapped: MappedFigures, anchor: Anchor, run: string, offset: number): void {
  const split = splitRun(run, anchor.columns.length, anchor.check);
  if (split.kind !== 'one') {
    const why = split.kind === 'none' ? 'no split fits the row' : split.count === SPLIT_LIMIT ? 'it splits too many ways to try' : 'it splits more than one way';
    mapped.warnings.push(`flattened text: the figures of ${anchor.path} are printed run together ("${run.trim()}") and ${why}; left null`);
    return;
  }
  split.values.forEach((raw, i) => {
    const value = Number(raw.replace(/,/g, '').replace('−', '-'));
    mapped.values.set(`${anchor.path}.${anchor.columns[i]}`, { value, slot: { raw, table: anchor.table, row: anchor.row - 1, col: i, offset } });
  });
}

type SplitResult = { kind: 'one'; values: string[] } | { kind: 'none' } | { kind: 'many'; count: number };

/**
 * Splits a run of printed figures into `count` numbers. White space always separates; digits
 * run together may be cut anywhere that leaves valid numbers (no leading zeros, a minus only
 * in front). The split must be the only one that satisfies the row's arithmetic.
 */
export function splitRun(run: string, count: number, check: Anchor['check']): SplitResult {
  const tokens = run.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return { kind: 'none' };
  const solutions: string[][] = [];
  let explored = 0;
  const current: string[] = [];

  const satisfies = (values: string[]): boolean => {
    const numbers = values.map(Number);
    if (check === 'rowTotal') return totalsHold(numbers, APPLICANT_COLUMNS.length, APPLICANT_PARTS.length);
    if (check === 'reviewTotals') return totalsHold(numbers, REVIEW_OUTCOMES.length, REVIEW_OUTCOME_PARTS.length);
    return true;
  };

  const walk = (tokenIndex: number, offset: number): void => {
    if (solutions.length > 1 || explored >= SPLIT_LIMIT) return;
    if (tokenIndex === tokens.length) {
      explored++;
      if (current.length === count && satisfies(current)) solutions.push([...current]);
      return;
    }
    const token = tokens[tokenIndex]!;
    if (current.length >= count) return;
    // Numbers still needed must fit in the characters left.
    for (let endAt = offset + 1; endAt <= token.length; endAt++) {
      const piece = token.slice(offset, endAt);
      if (!VALID_NUMBER.test(piece)) continue;
      current.push(piece);
      if (endAt === token.length) walk(tokenIndex + 1, 0);
      else walk(tokenIndex, endAt);
      current.pop();
    }
  };
  walk(0, 0);
  if (solutions.length === 1) return { kind: 'one', values: solutions[0]! };
  if (solutions.length === 0 && explored < SPLIT_LIMIT) return { kind: 'none' };
  return { kind: 'many', count: explored >= SPLIT_LIMIT ? SPLIT_LIMIT : solutions.length };
}

const VALID_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

/** In each group of `groupSize` numbers, the first `parts` sum to the one after them (the group's 总计). */
function totalsHold(numbers: number[], groupSize: number, parts: number): boolean {
  for (let first = 0; first < numbers.length; first += groupSize) {
    if (sum(numbers.slice(first, first + parts)) !== numbers[first + parts]) return false;
  }
  return true;
}

function sum(numbers: number[]): number {
  return numbers.reduce((total, n) => total + n, 0);
}
