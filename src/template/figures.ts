/**
 * Rows → figures: which template row each grid row is, and its figure cells under the
 * template's keys. A row that cannot be told for certain is a warning, never a guess.
 */
import {
  APPLICANT_COLUMNS, APPLICATION_ROWS, OTHER_AS_ONE_ROW, PROACTIVE_ROWS, RESULT_GROUP_LABELS, REVIEW_GROUPS, REVIEW_OUTCOMES,
  type ApplicationRow, type ProactiveRow, type ResultGroup, type TemplateId,
} from './definition.js';
import { LabelDictionary, normalizeLabel } from './labels.js';
import { parseFigure } from './numbers.js';
import { fitFigures, type FigureSlot, type RowSegment, type TemplateRow } from './rows.js';

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

/** Header cells of section 三: a row holding any of them is a header row, not figures. */
const APPLICANT_HEADERS = new Set(['申请人情况', '自然人', '法人或其他组织', '商业企业', '科研机构', '社会公益组织', '法律服务机构']);
const APPLICATION_CONTAINERS = new Set(['本年度办理结果']);
/** Sub-headers of section 四: a row holding any of them is a header row. */
const REVIEW_HEADERS = new Set(['结果维持', '结果纠正', '其他结果', '尚未审结', '未经复议直接起诉', '复议后起诉', '行政复议', '行政诉讼']);
/** Rows after section 四's header searched for its figures. */
const REVIEW_ROW_REACH = 6;
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

export function mapFigures(rows: TemplateRow[], template: TemplateId): MappedFigures {
  const dict = dictionaries(template);
  const values = new Map<string, FigureValue>();
  const warnings: string[] = [];
  const tablesWithFigures = new Set<number>();
  const unplaced: TemplateRow[] = [];
  let carriedGroup: ResultGroup | null = null;
  let reviewHeaderAt = -Infinity;

  const setFigure = (path: string, slot: FigureSlot, row: TemplateRow): void => {
    const parsed = parseFigure(slot.raw);
    if (parsed.kind === 'text') warnings.push(`${where(row)}: "${slot.raw}" for ${path} is not a number; left null`);
    values.set(path, { value: parsed.kind === 'number' ? parsed.value : null, slot });
  };

  const assign = (basePath: string, columns: readonly string[], row: TemplateRow, segment: RowSegment = row): void => {
    tablesWithFigures.add(row.table);
    const fitted = fitFigures(segment.figures, columns.length);
    if (!fitted) {
      warnings.push(`${where(row)}: row "${segment.printedLabel}" has ${segment.figures.length} figure cells where ${columns.length} were expected; its figures are left null`);
      return;
    }
    if (columns.some((column) => values.has(`${basePath}.${column}`))) {
      warnings.push(`${where(row)}: row "${segment.printedLabel}" appears again (${basePath}); the first one is kept`);
      return;
    }
    fitted.forEach((slot, i) => setFigure(`${basePath}.${columns[i]}`, slot, row));
  };

  rows.forEach((row, index) => {
    const labels = row.labels;
    // Section 四's figures: the first row of fifteen after its header, with no label of another section.
    if (index - reviewHeaderAt <= REVIEW_ROW_REACH && row.segments.length === 1 && row.figures.length >= REVIEW_FIGURES &&
        !labels.some((label) => dict.proactive.get(label) || dict.topRows.get(label))) {
      assignReview(row);
      reviewHeaderAt = -Infinity;
      return;
    }
    if (labels.length === 0) return;
    const joined = labels.join('|');
    if (joined.includes('行政复议') && joined.includes('行政诉讼')) {
      reviewHeaderAt = index;
      return;
    }
    if (labels.some((label) => APPLICANT_HEADERS.has(label) || REVIEW_HEADERS.has(label))) return;

    // Section 二: possibly several rows side by side, each segment its own template row.
    const proactiveSegments = row.segments.filter((segment) => segment.labels.length > 0 && dict.proactive.get(segment.labels[segment.labels.length - 1]!));
    if (proactiveSegments.length > 0) {
      for (const segment of proactiveSegments) {
        const proactive = dict.proactive.get(segment.labels[segment.labels.length - 1]!)!;
        if (segment.figures.length > 0) assign(`proactive.${proactive.key}`, proactive.columns, row, segment);
      }
      return;
    }

    // Section 三: earlier cells name the container and the group, the last one the row.
    let group: ResultGroup | null = null;
    let leaf: ApplicationRow | null = null;
    let lastIsGroup = false;
    splitMergedLabels(labels, dict).forEach((label, i, parts) => {
      const isLast = i === parts.length - 1;
      if (APPLICATION_CONTAINERS.has(label)) return;
      const top = dict.topRows.get(label);
      if (top) {
        leaf = isLast ? top : null;
        group = null;
        return;
      }
      const named = dict.groups.get(label);
      if (named) {
        group = named;
        lastIsGroup = isLast;
        return;
      }
      if (!isLast) return;
      const scope: ResultGroup | null = group ?? carriedGroup;
      leaf = (scope ? dict.itemsByGroup.get(scope)!.get(label) : undefined) ?? dict.anyGroupItems.get(label) ?? null;
    });

    const found = leaf as ApplicationRow | null;
    if (found) {
      carriedGroup = found.group ?? null;
      if (row.figures.length > 0) assign(`applications.${found.path}`, APPLICANT_COLUMNS, row);
      return;
    }
    if (group !== null) {
      carriedGroup = group;
      // （六）其他处理 printed as one row with figures of its own.
      if (lastIsGroup && group === 'other' && row.figures.some((slot) => slot.raw.trim() !== '')) {
        assign(`applications.${OTHER_AS_ONE_ROW}`, APPLICANT_COLUMNS, row);
      } else if (!lastIsGroup && row.figures.some((slot) => slot.raw.trim() !== '')) unplaced.push(row);
      return;
    }
    if (row.figures.some((slot) => slot.raw.trim() !== '')) unplaced.push(row);
  });

  // Rows with figures that match nothing are reported only in tables that hold template figures:
  // other tables on the page (contacts, statistics of other kinds) are not the template's concern.
  const unused = unplaced.filter((row) => tablesWithFigures.has(row.table));
  for (const row of unused) warnings.push(unplacedWarning(row));
  return { values, warnings, unplaced: unused };

  function assignReview(row: TemplateRow): void {
    tablesWithFigures.add(row.table);
    const fitted = fitFigures(row.figures, REVIEW_FIGURES);
    if (!fitted) {
      warnings.push(`${where(row)}: the section 四 row has ${row.figures.length} figure cells where ${REVIEW_FIGURES} were expected; its figures are left null`);
      return;
    }
    let i = 0;
    for (const group of REVIEW_GROUPS) {
      for (const outcome of REVIEW_OUTCOMES) setFigure(`reviewLitigation.${group}.${outcome}`, fitted[i++]!, row);
    }
  }
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
      if (dict.topRows.get(rest) || dict.groups.get(rest) || APPLICATION_CONTAINERS.has(rest) || dict.anyGroupItems.get(rest)) break;
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
const MERGEABLE_PREFIXES = ['本年度办理结果', ...Object.values(RESULT_GROUP_LABELS).flat()].sort((a, b) => b.length - a.length);

/** The warning for a row whose label matches no template row. */
export function unplacedWarning(row: TemplateRow): string {
  return `${where(row)}: row "${row.printedLabel}" matches no template row; its figures are not used`;
}

function where(row: TemplateRow): string {
  return `table ${row.table} row ${row.row + 1}`;
}
