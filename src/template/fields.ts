/**
 * The catalogue of figure fields: every dotted path of both templates with its section, row
 * and column keys, the template's Chinese wording, English names, unit, the templates that
 * have it and its 2019 ↔ 2021 counterpart. Built from definition.ts (the one home of labels);
 * the codebook, the JSON Schema's descriptions and the dataset's tables all read it.
 */
import {
  APPLICANT_COLUMN_NAMES, APPLICANT_COLUMNS, APPLICATION_ROW_NAMES_EN, APPLICATION_ROWS, CROSSWALK_2019_TO_2021, FIGURE_UNITS,
  figurePaths, OTHER_AS_ONE_ROW, PROACTIVE_COLUMN_NAMES_EN, PROACTIVE_ROW_NAMES_EN, PROACTIVE_ROWS, RESULT_GROUP_LABELS,
  RESULT_GROUP_NAMES_EN, REVIEW_GROUP_NAMES, REVIEW_GROUPS, REVIEW_OUTCOME_NAMES, REVIEW_OUTCOMES, SECTION_NAMES,
  type ApplicationRow, type SectionKey, type TemplateId,
} from './definition.js';

export interface FieldInfo {
  /** Dotted path of the output contract, e.g. `applications.results.denied.stateSecret.naturalPerson`. */
  path: string;
  section: SectionKey;
  /** The row's key within its section (`results.denied.stateSecret`); section 四: the column group. */
  row: string;
  /** The column's key (`naturalPerson`); section 四: the outcome. */
  column: string;
  rowLabelZh: string;
  columnLabelZh: string;
  rowNameEn: string;
  columnNameEn: string;
  /** 件 for counts; 万元, 项, 个, or `元 or 万元` (then the report's `extraction.units` says which). */
  unit: string;
  /** Templates whose table has the figure, in the order 2021, 2019. */
  templates: TemplateId[];
  /** The other template's counterpart: paths, and how they relate; empty when there is none. */
  crosswalk: { paths: string[]; relation: 'same' | 'close' | 'sum' | 'part of' } | null;
}

/** The group and row as the template words it: 不予公开：属于国家秘密; the 2019 one-row （六） is 其他处理. */
function applicationRowLabel(row: ApplicationRow): string {
  if (row.path === OTHER_AS_ONE_ROW) return RESULT_GROUP_LABELS.other[0]!;
  return row.group ? `${RESULT_GROUP_LABELS[row.group][0]}：${row.labels[0]}` : row.labels[0]!;
}

function applicationRowNameEn(row: ApplicationRow): string {
  const name = APPLICATION_ROW_NAMES_EN[row.path]!;
  return row.group && row.path !== OTHER_AS_ONE_ROW ? `${RESULT_GROUP_NAMES_EN[row.group]}: ${name}` : name;
}

const perTemplate = new Map<TemplateId, FieldInfo[]>();

/** The fields of one template, in its printed order (figurePaths order). */
export function templateFields(template: TemplateId): readonly FieldInfo[] {
  const cached = perTemplate.get(template);
  if (cached) return cached;
  const fields: FieldInfo[] = [];
  const add = (field: Omit<FieldInfo, 'unit' | 'templates' | 'crosswalk'>): void => {
    fields.push({ ...field, unit: FIGURE_UNITS[template][field.path] ?? '件', templates: [], crosswalk: null });
  };
  for (const row of PROACTIVE_ROWS[template]) {
    row.columns.forEach((column, i) => add({
      path: `proactive.${row.key}.${column}`, section: 'proactive', row: row.key, column,
      rowLabelZh: row.labels[0]!, columnLabelZh: row.columnLabels[i]!,
      rowNameEn: PROACTIVE_ROW_NAMES_EN[row.key]!, columnNameEn: PROACTIVE_COLUMN_NAMES_EN[column]!,
    }));
  }
  for (const row of APPLICATION_ROWS[template]) {
    for (const column of APPLICANT_COLUMNS) add({
      path: `applications.${row.path}.${column}`, section: 'applications', row: row.path, column,
      rowLabelZh: applicationRowLabel(row), columnLabelZh: APPLICANT_COLUMN_NAMES[column].zh,
      rowNameEn: applicationRowNameEn(row), columnNameEn: APPLICANT_COLUMN_NAMES[column].en,
    });
  }
  for (const group of REVIEW_GROUPS) {
    for (const outcome of REVIEW_OUTCOMES) add({
      path: `reviewLitigation.${group}.${outcome}`, section: 'reviewLitigation', row: group, column: outcome,
      rowLabelZh: REVIEW_GROUP_NAMES[group].zh, columnLabelZh: REVIEW_OUTCOME_NAMES[outcome].zh,
      rowNameEn: REVIEW_GROUP_NAMES[group].en, columnNameEn: REVIEW_OUTCOME_NAMES[outcome].en,
    });
  }
  if (fields.length !== figurePaths(template).length) throw new Error(`the field catalogue of ${template} is out of step with figurePaths`);
  const other = template === '2021' ? '2019' : '2021';
  const otherPaths = new Set(figurePaths(other));
  for (const field of fields) {
    field.templates = (['2021', '2019'] as const).filter((t) => t === template || figurePaths(t).includes(field.path));
    field.crosswalk = crosswalkOf(field.path, template, otherPaths);
  }
  perTemplate.set(template, fields);
  return fields;
}

function crosswalkOf(path: string, template: TemplateId, otherPaths: Set<string>): FieldInfo['crosswalk'] {
  if (template === '2019') {
    const entry = CROSSWALK_2019_TO_2021.find((e) => e.from2019 === path);
    if (entry) return { paths: entry.to2021, relation: entry.relation };
  } else {
    const entry = CROSSWALK_2019_TO_2021.find((e) => e.to2021.includes(path));
    if (entry) return { paths: [entry.from2019], relation: entry.relation === 'sum' ? 'part of' : entry.relation };
  }
  // Sections 三 and 四 keep their paths across templates.
  if (!path.startsWith('proactive.') && otherPaths.has(path)) return { paths: [path], relation: 'same' };
  return null;
}

let all: FieldInfo[] | undefined;

/**
 * Every field of both templates: the 2021 template's in printed order, then those only the
 * 2019 template has, in its order. The column order of the wide table.
 */
export function allFields(): readonly FieldInfo[] {
  if (all) return all;
  const seen = new Set(templateFields('2021').map((f) => f.path));
  all = [...templateFields('2021'), ...templateFields('2019').filter((f) => !seen.has(f.path))];
  return all;
}

/** The field of a template at a path; the 2019 fields also describe a 2021 report's one-row （六）其他处理. */
export function fieldInfo(path: string, template: TemplateId | 'unknown'): FieldInfo | undefined {
  const id = template === 'unknown' ? '2021' : template;
  let byPath = fieldMaps.get(id);
  if (!byPath) {
    byPath = new Map(allFields().map((f) => [f.path, f]));
    for (const f of templateFields(id)) byPath.set(f.path, f);
    fieldMaps.set(id, byPath);
  }
  return byPath.get(path);
}

const fieldMaps = new Map<TemplateId, Map<string, FieldInfo>>();

/** One line for people, Chinese then English: "三、… / 不予公开：属于国家秘密 / 自然人 (件) — III. … / … / natural persons". */
export function fieldDescription(field: FieldInfo): string {
  const section = SECTION_NAMES[field.section];
  return `${section.zh} / ${field.rowLabelZh} / ${field.columnLabelZh}（${field.unit}） — ${section.en} / ${field.rowNameEn} / ${field.columnNameEn} (${field.unit})`;
}
