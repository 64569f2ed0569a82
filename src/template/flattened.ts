/**
 * Reports whose tables were flattened into running text by a copy or a web archiver:
 * "一、本年新收政府信息公开申请数量 713000074二、上年结转…". The template's labels are found in
 * order; the digits after each are split into the row's figures only where exactly one split
 * is possible (for section 三 and 四, one that also satisfies the row's own total). Anything
 * else is left null with a warning: the text alone does not tell.
 */
import {
  APPLICANT_COLUMNS, APPLICATION_ROWS, OTHER_AS_ONE_ROW, PROACTIVE_ROWS, REVIEW_GROUPS, REVIEW_OUTCOMES, type TemplateId,
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

const GROUP_NUMBERING: Record<string, string> = { denied: '(三)', unable: '(四)', notProcessed: '(五)', other: '(六)' };

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
    const printed = PRINTED_APPLICATION_LABELS[row.path] ?? row.labels[0]!;
    // Items are found with their number ("2.其他法律…"), so the digits before it are not taken for figures.
    const forms = row.group
      ? [`${itemNumber}.${printed}`, `${itemNumber}、${printed}`].map(foldLabel)
      : row.path === OTHER_AS_ONE_ROW ? [foldLabel(`${GROUP_NUMBERING['other']}其他处理`)] : [foldLabel(printed)];
    list.push({ path: `applications.${row.path}`, columns: APPLICANT_COLUMNS, forms, table: 2, row: i + 1, check: 'rowTotal' });
  });
  return list;
}

/** Labels as the template prints them, where the key's first label is a shortened form. */
const PRINTED_APPLICATION_LABELS: Record<string, string> = {
  newReceived: '本年新收政府信息公开申请数量',
  carriedOver: '上年结转政府信息公开申请数量',
  'results.granted': '(一)予以公开',
  'results.partiallyGranted': '(二)部分公开(区分处理的,只计这一情形,不计其他情形)',
  'results.denied.threeSafetyOneStability': '危及三安全一稳定',
  'results.other.overdueCorrection': '申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
  'results.other.overdueFee': '申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
  'results.total': '(七)总计',
  carriedForward: '结转下年度继续办理',
};

const FIGURE_RUN = /^[\d\s.,\-−]*/;
const REVIEW_HEADER_END = /尚未审结总计(?!.*尚未审结总计)/s;

/** Maps a flattened report's text; returns nothing found when the template's labels are not in it. */
export function mapFlattenedText(source: string, template: TemplateId): MappedFigures {
  const values = new Map<string, FigureValue>();
  const warnings: string[] = [];
  const start = source.search(/主动公开政府信息情况/);
  if (start === -1) return { values, warnings };
  const end = source.search(/[五5]\s*[、.．]\s*存在的主要问题/);
  const section = source.slice(start, end > start ? end : undefined);
  const folded = fold(section);
  const list = anchors(template);

  // Find every label in order, then take the figures between one label and the next.
  // Section 二's table starts at its first column header, section 三's at its heading:
  // the prose before them may name the same things ("规章", "行政许可").
  const tableStart = (marker: RegExp, from: number) => {
    const at = folded.text.slice(from).search(marker);
    return at === -1 ? from : from + at;
  };
  const applicationsStart = tableStart(/收到和处理政府信息公开申请情况/, 0);
  const found: { anchor: Anchor; labelEnd: number; next: number }[] = [];
  let cursor = tableStart(/信息内容|第二十条/, 0);
  for (const anchor of list) {
    if (anchor.table === 2 && cursor < applicationsStart) cursor = applicationsStart;
    let best = -1;
    let bestForm = '';
    for (const form of anchor.forms) {
      // The first occurrence that figures follow: a label in a header or in prose has none.
      for (let at = folded.text.indexOf(form, cursor); at !== -1; at = folded.text.indexOf(form, at + 1)) {
        if (!/^\s*-?\d/.test(folded.text.slice(at + form.length, at + form.length + 3))) continue;
        if (best === -1 || at < best) {
          best = at;
          bestForm = form;
        }
        break;
      }
    }
    if (best === -1) continue;
    if (found.length > 0) found[found.length - 1]!.next = best;
    found.push({ anchor, labelEnd: best + bestForm.length, next: folded.text.length });
    cursor = best + bestForm.length;
  }

  for (const { anchor, labelEnd, next } of found) {
    const run = FIGURE_RUN.exec(folded.text.slice(labelEnd, next))![0];
    assignRun(anchor, run, labelEnd);
  }

  // Section 四: the run after its last header word.
  const reviewStart = section.search(/行政复议[、,，]?\s*行政诉讼情况|政府信息公开行政.{0,3}复议/);
  if (reviewStart !== -1) {
    const reviewFolded = fold(section.slice(reviewStart));
    const header = REVIEW_HEADER_END.exec(reviewFolded.text);
    if (header) {
      const from = header.index + header[0].length;
      const run = FIGURE_RUN.exec(reviewFolded.text.slice(from))![0];
      const columns = REVIEW_GROUPS.flatMap((group) => REVIEW_OUTCOMES.map((outcome) => `${group}.${outcome}`));
      const anchor: Anchor = { path: 'reviewLitigation', columns, forms: [], table: 3, row: 1, check: 'reviewTotals' };
      const rawFigures = splitRun(run, columns.length, anchor.check);
      record(anchor, run, rawFigures, reviewFolded.origin[from] ?? 0, reviewStart);
    }
  }
  return { values, warnings };

  function assignRun(anchor: Anchor, run: string, at: number): void {
    record(anchor, run, splitRun(run, anchor.columns.length, anchor.check), folded.origin[at] ?? 0, 0);
  }

  function record(anchor: Anchor, run: string, split: SplitResult, offsetInPart: number, partStart: number): void {
    const printed = run.trim();
    if (split.kind !== 'one') {
      const why = split.kind === 'none' ? 'no split fits the row' : split.count === SPLIT_LIMIT ? 'it splits too many ways to try' : 'it splits more than one way';
      warnings.push(`flattened text: the figures of ${anchor.path} are printed run together ("${printed}") and ${why}; left null`);
      return;
    }
    split.values.forEach((raw, i) => {
      const value = Number(raw.replace(/,/g, '').replace('−', '-'));
      values.set(`${anchor.path}.${anchor.columns[i]}`, {
        value,
        slot: { raw, table: anchor.table, row: anchor.row - 1, col: i, offset: start + partStart + offsetInPart },
      });
    });
  }
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
    if (check === 'rowTotal') return sum(numbers.slice(0, 6)) === numbers[6];
    if (check === 'reviewTotals') {
      for (let g = 0; g < 3; g++) if (sum(numbers.slice(g * 5, g * 5 + 4)) !== numbers[g * 5 + 4]) return false;
    }
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

function sum(numbers: number[]): number {
  return numbers.reduce((total, n) => total + n, 0);
}
