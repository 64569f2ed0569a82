/**
 * The three statistical tables of a template laid out as the template prints them: header
 * cells, row labels with their spans and numbering, and one cell per figure path. Built from
 * the template definition only (labels are never copied here), pure.
 */
import {
  APPLICANT_COLUMN_LABELS, APPLICANT_COLUMNS, APPLICATION_ROWS, HEADER_LABELS, OTHER_AS_ONE_ROW, PROACTIVE_ROWS,
  RESULT_GROUP_LABELS, REVIEW_GROUP_LABELS, REVIEW_GROUPS, REVIEW_OUTCOME_LABELS, REVIEW_OUTCOMES, SECTION_HEADINGS,
  type ApplicationRow, type ResultGroup, type TemplateId,
} from '../template/definition.js';

/** A cell of a printed table: a header or row label (`text`), or a figure (`path`). */
export interface LayoutCell {
  text?: string;
  /** The figure's dotted path in the report (`applications.newReceived.total`). */
  path?: string;
  rowSpan?: number;
  colSpan?: number;
  /** A column header printed among the rows (section 二's 信息内容 rows). */
  header?: boolean;
}

type SectionKey = keyof typeof SECTION_HEADINGS;

export interface PrintedTable {
  section: SectionKey;
  heading: string;
  /** Rows of header cells (drawn as headings). */
  head: LayoutCell[][];
  /** Rows of label and figure cells. */
  body: LayoutCell[][];
}

export interface LayoutOptions {
  /** Section 三's （六）其他处理 as one row, as in 2019 and in some 2021 reports. */
  otherAsOneRow?: boolean;
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const numeral = (n: number) => NUMERALS[n - 1] ?? String(n);

export function printedTables(template: TemplateId, options: LayoutOptions = {}): PrintedTable[] {
  return [proactiveTable(template), applicationsTable(template, options), reviewTable()];
}

/** Section 二: blocks of rows that share their column headers, each under a 信息内容 header row. */
function proactiveTable(template: TemplateId): PrintedTable {
  const rows = PROACTIVE_ROWS[template];
  const width = Math.max(...rows.map((row) => row.columns.length));
  const body: LayoutCell[][] = [];
  let lastHeader = '';
  for (const row of rows) {
    const stretch = (i: number, count: number) => (i === count - 1 && count < width ? { colSpan: width - count + 1 } : {});
    const header = row.columnLabels.join('\u0000');
    if (header !== lastHeader) {
      body.push([{ text: HEADER_LABELS.proactiveItem, header: true }, ...row.columnLabels.map((text, i) => ({ text, header: true, ...stretch(i, row.columnLabels.length) }))]);
      lastHeader = header;
    }
    body.push([{ text: row.labels[0] }, ...row.columns.map((column, i) => ({ path: `proactive.${row.key}.${column}`, ...stretch(i, row.columns.length) }))]);
  }
  return { section: 'proactive', heading: SECTION_HEADINGS.proactive, head: [], body };
}

/** The category of a section 三 row: its result group, or the row itself. */
function groupOf(row: ApplicationRow): ResultGroup | undefined {
  return row.group ?? (row.path === OTHER_AS_ONE_ROW ? 'other' : undefined);
}

/** Section 三: 申请人情况 over seven columns; rows 一 to 四, the results numbered （一） to （七） with items 1., 2., … */
function applicationsTable(template: TemplateId, { otherAsOneRow = template === '2019' }: LayoutOptions): PrintedTable {
  const columns = APPLICANT_COLUMNS.filter((column) => column !== 'total');
  const head: LayoutCell[][] = [
    [{ text: '', rowSpan: 3, colSpan: 3 }, { text: HEADER_LABELS.applicants, colSpan: APPLICANT_COLUMNS.length }],
    [{ text: APPLICANT_COLUMN_LABELS.naturalPerson, rowSpan: 2 }, { text: HEADER_LABELS.legalPersons, colSpan: columns.length - 1 }, { text: APPLICANT_COLUMN_LABELS.total, rowSpan: 2 }],
    columns.slice(1).map((column) => ({ text: APPLICANT_COLUMN_LABELS[column] })),
  ];
  let rows = APPLICATION_ROWS[template];
  if (otherAsOneRow && template === '2021') {
    // The report prints （六）其他处理 as one row: its figures are under results.other.total.
    const at = rows.findIndex((row) => row.group === 'other');
    rows = [...rows.slice(0, at), { path: OTHER_AS_ONE_ROW, labels: [] }, ...rows.slice(at).filter((row) => row.group !== 'other')];
  }
  const figures = (row: ApplicationRow): LayoutCell[] => APPLICANT_COLUMNS.map((column) => ({ path: `applications.${row.path}.${column}` }));
  const results = rows.filter((row) => row.path.startsWith('results.'));
  const body: LayoutCell[][] = [];
  let top = 0;
  let result = 0;
  let item = 0;
  let lastGroup: ResultGroup | undefined;
  for (const row of rows) {
    if (!row.path.startsWith('results.')) {
      body.push([{ text: `${numeral(++top)}、${row.labels[0]}`, colSpan: 3 }, ...figures(row)]);
      continue;
    }
    const cells: LayoutCell[] = [];
    if (row === results[0]) cells.push({ text: `${numeral(++top)}、${HEADER_LABELS.results}`, rowSpan: results.length });
    const group = groupOf(row);
    const groupLabel = group ? RESULT_GROUP_LABELS[group][0]! : undefined;
    const size = group ? results.filter((other) => groupOf(other) === group).length : 0;
    if (group && (row.labels.length === 0 || size === 1)) {
      // A group printed as one row: its own label spans both label columns.
      cells.push({ text: `（${numeral(++result)}）${groupLabel}`, colSpan: 2 });
    } else if (group) {
      if (group !== lastGroup) {
        cells.push({ text: `（${numeral(++result)}）${groupLabel}`, rowSpan: size });
        item = 0;
      }
      cells.push({ text: `${++item}.${row.labels[0]}` });
    } else {
      cells.push({ text: `（${numeral(++result)}）${row.labels[0]}`, colSpan: 2 });
    }
    lastGroup = group;
    body.push([...cells, ...figures(row)]);
  }
  return { section: 'applications', heading: SECTION_HEADINGS.applications, head, body };
}

/** Section 四: 行政复议 and 行政诉讼 (two kinds of suit), five outcomes each, one row of figures. */
function reviewTable(): PrintedTable {
  const [review, ...suits] = REVIEW_GROUPS;
  const outcomes = (rowSpan?: number): LayoutCell[] => REVIEW_OUTCOMES.map((outcome) => ({ text: REVIEW_OUTCOME_LABELS[outcome], ...(rowSpan ? { rowSpan } : {}) }));
  const head: LayoutCell[][] = [
    [{ text: REVIEW_GROUP_LABELS[review!], colSpan: REVIEW_OUTCOMES.length }, { text: HEADER_LABELS.litigation, colSpan: REVIEW_OUTCOMES.length * suits.length }],
    [...outcomes(2), ...suits.map((group) => ({ text: REVIEW_GROUP_LABELS[group], colSpan: REVIEW_OUTCOMES.length }))],
    suits.flatMap(() => outcomes()),
  ];
  const body = [REVIEW_GROUPS.flatMap((group) => REVIEW_OUTCOMES.map((outcome) => ({ path: `reviewLitigation.${group}.${outcome}` })))];
  return { section: 'reviewLitigation', heading: SECTION_HEADINGS.reviewLitigation, head, body };
}
