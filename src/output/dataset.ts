/**
 * The dataset for analysts: the reports as tidy tables (`reports`, `figures`, `checks`,
 * `figures_wide`), each column typed and described in Chinese and English. Pure: a report in,
 * rows out; writing them (CSV, Parquet, JSON Lines) and the data package are in dataset-write.ts.
 */
import type { TemplateId } from '../template/definition.js';
import { allFields, fieldDescription, fieldInfo, type FieldInfo } from '../template/fields.js';
import { missingReasons, type MissingReason } from '../template/missing.js';
import { flattenFigures, type Report } from './report.js';

/** Table Schema types (Frictionless); Parquet: STRING, INT32, DOUBLE, BOOLEAN. */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean';
export type Cell = string | number | boolean | null;

export interface DatasetColumn {
  name: string;
  type: ColumnType;
  /** What the column holds, in Chinese and in English. */
  zh: string;
  en: string;
  /** Never null (keys). */
  required?: boolean;
}

export interface DatasetTable {
  name: 'reports' | 'figures' | 'checks' | 'figures_wide';
  zh: string;
  en: string;
  columns: DatasetColumn[];
  primaryKey: string[];
  /** This table's report_id refers to reports.id. */
  refersToReports: boolean;
}

const col = (name: string, type: ColumnType, zh: string, en: string, required = false): DatasetColumn =>
  required ? { name, type, zh, en, required } : { name, type, zh, en };

/** The columns of `reports` before the seed's own columns. */
const REPORT_COLUMNS: DatasetColumn[] = [
  col('id', 'string', '报告标识（由来源网址或内容哈希得出）', 'report id (from the source URL, or the content hash)', true),
  col('title', 'string', '报告标题', 'title of the report'),
  col('agency', 'string', '发布机关', 'the agency reporting'),
  col('province', 'string', '省级行政区', 'province'),
  col('city', 'string', '地级行政区', 'prefecture-level city'),
  col('county', 'string', '县级行政区', 'county-level division'),
  col('region_code', 'string', '行政区划代码（GB/T 2260，六位，字符串）', 'division code (GB/T 2260, six digits, a string)'),
  col('year', 'integer', '报告所统计的年度', 'the year the figures cover (not the year of publication)'),
  col('template', 'string', '表格模板：2021（国办公开办函〔2021〕30号）、2019（试行模板）或 unknown', 'table template: 2021, 2019 (trial) or unknown'),
  col('status', 'string', '提取状态：ok、partial、failed', 'extraction status: ok, partial, failed'),
  col('reason', 'string', '状态不是 ok 的原因', 'why the status is not ok'),
  col('method', 'string', '读取表格的方式（html-table、pdf-text、docx 等）', 'how the tables were read (html-table, pdf-text, docx, …)'),
  col('published_at', 'string', '发布日期（YYYY-MM-DD）', 'date of publication (YYYY-MM-DD)'),
  col('url', 'string', '报告的网址（首次发现处）', 'URL of the report (where first found)'),
  col('final_url', 'string', '重定向后的网址', 'URL after redirects'),
  col('alternate_urls', 'string', '同一文件的其他网址，以空格分隔', 'other URLs of the same file, space-separated'),
  col('sha256', 'string', '原始文件的 SHA-256', 'SHA-256 of the original file'),
  col('file', 'string', '保存的原始文件（相对于输出目录）', 'the stored original, relative to the output directory'),
  col('format', 'string', '原始文件格式', 'format of the original'),
  col('local_path', 'string', '读取的本地文件（非抓取所得时）', 'the local file read, when the report was not fetched'),
  col('figures_printed', 'integer', '有数值的数字个数', 'figures with a value'),
  col('figures_blank', 'integer', '原表留空的数字个数', 'figures left blank in the original'),
  col('figures_unread', 'integer', '未能读出的数字个数', 'figures that could not be read'),
  col('figures_not_in_template', 'integer', '本报告表格中没有的数字个数', "figures the report's table does not have"),
  col('checks_run', 'integer', '执行的勾稽校验数', 'checks run'),
  col('checks_failed', 'integer', '未通过的勾稽校验数', 'checks failed'),
  col('warnings_count', 'integer', '警告条数', 'number of warnings'),
  col('warnings', 'string', '警告，以“ | ”分隔', 'warnings, separated by " | "'),
];

const FIGURE_COLUMNS: DatasetColumn[] = [
  col('report_id', 'string', '报告标识（reports.id）', 'report id (reports.id)', true),
  col('field', 'string', '字段路径（输出契约的点分路径）', "field path (the output contract's dotted path)", true),
  col('section', 'string', '所属部分：proactive（二）、applications（三）、reviewLitigation（四）', 'section: proactive (II), applications (III), reviewLitigation (IV)'),
  col('row', 'string', '行键（第四部分为栏目组）', "row key (section IV: the column group)"),
  col('column', 'string', '列键（第四部分为结果）', 'column key (section IV: the outcome)'),
  col('row_label_zh', 'string', '模板的行名称', "the template's row label"),
  col('column_label_zh', 'string', '模板的列名称', "the template's column label"),
  col('value', 'number', '数值；为空时见 missing', 'the figure; when empty see missing'),
  col('missing', 'string', '为空的原因：blank（原表留空）、unread（未能读出）、not in this template（本表格没有此格）', "why the value is empty: blank (printed empty), unread (not read), not in this template (the report's table has no such cell)"),
  col('unit', 'string', '单位：件、项、个、万元、元', 'unit: 件 (cases/documents), 项 (items), 个, 万元 (10,000 yuan), 元 (yuan)'),
  col('raw', 'string', '原文所印文字', 'the text as printed'),
  col('source_table', 'integer', '原文中的表格序号（从 1 起）', 'table in the original (1-based)'),
  col('source_row', 'integer', '表格中的行（从 1 起，展开合并单元格后）', 'row in that table (1-based, spans expanded)'),
  col('source_col', 'integer', '表格中的列（从 1 起，展开合并单元格后）', 'column in that table (1-based, spans expanded)'),
  col('source_page', 'integer', 'PDF 页码', 'page of a PDF'),
];

const CHECK_COLUMNS: DatasetColumn[] = [
  col('report_id', 'string', '报告标识（reports.id）', 'report id (reports.id)', true),
  col('check', 'string', '校验标识（如 applications.balance.total）', 'check id (e.g. applications.balance.total)', true),
  col('ok', 'boolean', '是否通过', 'whether it holds'),
  col('expected', 'number', '应有的数', 'expected value'),
  col('actual', 'number', '实际的数', 'actual value'),
  col('message', 'string', '说明', 'message'),
];

/** The wide table's figure columns: every field of both templates, named by its dotted path. */
function wideFieldColumns(): DatasetColumn[] {
  return allFields().map((field) => {
    const [zh, en] = fieldDescription(field).split(' — ');
    return col(field.path, 'number', `${zh}；模板：${field.templates.join('、')}`, `${en}; templates: ${field.templates.join(', ')}`);
  });
}

/** Seed columns are named seed_<key>, lower case, other characters as _. */
function seedColumnName(key: string): string {
  return 'seed_' + key.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}

/** The four tables; `seedKeys`: the seed columns found in the reports, in order. */
export function datasetTables(seedKeys: readonly string[] = []): DatasetTable[] {
  return [
    {
      name: 'reports', zh: '报告：每份报告一行', en: 'reports: one row per report', primaryKey: ['id'], refersToReports: false,
      columns: [...REPORT_COLUMNS, ...seedKeys.map((key) => col(seedColumnName(key), 'string', `种子文件的“${key}”列`, `the seed file's column "${key}"`))],
    },
    { name: 'figures', zh: '数字：每份报告的每个数字一行（不含提取失败的报告）', en: 'figures: one row per figure of each report (failed reports not included)', primaryKey: ['report_id', 'field'], refersToReports: true, columns: FIGURE_COLUMNS },
    { name: 'checks', zh: '勾稽校验：每项校验一行', en: 'checks: one row per check of each report', primaryKey: ['report_id', 'check'], refersToReports: true, columns: CHECK_COLUMNS },
    {
      name: 'figures_wide', zh: '数字宽表：每份报告一行，每个字段一列（按模板顺序；本模板没有的字段为空）', en: "figures, wide: one row per report, a column per field in template order (empty where the report's template lacks it)",
      primaryKey: ['report_id'], refersToReports: true,
      columns: [CHECK_COLUMNS[0]!, col('template', 'string', '表格模板', 'table template'), ...wideFieldColumns()],
    },
  ];
}

/** Optional members that other branches add to the contract (interfaces.md): read loosely. */
interface ContractExtensions {
  meta: { seed?: Record<string, string> };
  source: { alternateUrls?: string[] };
}

/** The seed's own columns of a report (`meta.seed`), key → value. */
export function reportSeed(report: Report): Record<string, string> {
  return (report.meta as ContractExtensions['meta']).seed ?? {};
}

/** The report's other URLs (`source.alternateUrls`). */
export function reportAlternateUrls(report: Report): string[] {
  return (report.source as ContractExtensions['source']).alternateUrls ?? [];
}

/** Rows of one report in every table. */
export interface ReportRows {
  report: Cell[];
  figures: Cell[][];
  checks: Cell[][];
  /** Null for a failed report, which has no figures. */
  wide: Cell[] | null;
}

/** The reasons of a report's null figures: from the document, or derived the same way for older documents. */
function reasonsOf(report: Report, flat: [string, number | null][]): Record<string, MissingReason> {
  return report.extraction.missing ?? missingReasons(report.template, flat, report.extraction.provenance);
}

/**
 * A report's rows. `seedKeys` orders its seed columns; `extraUrls` are URLs where the same
 * bytes were also found (duplicates dropped from the dataset), added to alternate_urls.
 */
export function reportRows(report: Report, seedKeys: readonly string[], extraUrls: readonly string[] = []): ReportRows {
  const flat = flattenFigures(report.figures);
  const reasons = reasonsOf(report, flat);
  const failed = report.extraction.status === 'failed';
  const template: TemplateId | 'unknown' = report.template;
  const { meta, source, extraction } = report;

  let printed = 0;
  const counts: Record<MissingReason, number> = { blank: 0, unread: 0, 'not in this template': 0 };
  const figures: Cell[][] = [];
  const byPath = new Map<string, number | null>();
  for (const [path, value] of flat) {
    byPath.set(path, value);
    const reason = value === null ? reasons[path] ?? 'unread' : null;
    if (reason) counts[reason]++;
    else printed++;
    if (failed) continue;
    const field = fieldInfo(path, template);
    const where = extraction.provenance[path];
    figures.push([
      report.id, path, field?.section ?? path.split('.')[0]!, field?.row ?? null, field?.column ?? null,
      field?.rowLabelZh ?? null, field?.columnLabelZh ?? null, value, reason,
      field ? unitOf(field, extraction.units?.[path]) : null,
      where?.raw ?? null, where?.table ?? null, where?.row ?? null, where?.col ?? null, where?.page ?? null,
    ]);
  }

  const alternates = [...new Set([...reportAlternateUrls(report), ...extraUrls])].filter((url) => url !== source.url);
  const seed = reportSeed(report);
  const failedChecks = report.checks.filter((check) => !check.ok).length;
  const row: Cell[] = [
    report.id, meta.title, meta.agency, meta.region.province, meta.region.city, meta.region.county, meta.region.code,
    meta.year, report.template, extraction.status, extraction.reason ?? null, extraction.method, meta.publishedAt,
    source.url, source.finalUrl, alternates.length > 0 ? alternates.join(' ') : null, source.sha256, source.file, source.format, source.localPath ?? null,
    printed, counts.blank, counts.unread, counts['not in this template'], report.checks.length, failedChecks,
    extraction.warnings.length, extraction.warnings.length > 0 ? extraction.warnings.join(' | ') : null,
    ...seedKeys.map((key) => seed[key] ?? null),
  ];
  const checks: Cell[][] = report.checks.map((check) => [report.id, check.id, check.ok, check.expected, check.actual, check.message]);
  const wide: Cell[] | null = failed ? null : [report.id, report.template, ...allFields().map((field) => byPath.get(field.path) ?? null)];
  return { report: row, figures, checks, wide };
}

/** The unit of a figure: the field's, with 元 or 万元 settled by what the report printed. */
function unitOf(field: FieldInfo, printed: string | undefined): string {
  return printed ?? field.unit;
}
