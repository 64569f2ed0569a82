/**
 * The dataset for analysts: the reports as tidy tables (`reports`, `figures`, `checks`,
 * `figures_wide`), each column typed and described in Chinese and English. Pure: a report in,
 * rows out; writing them (CSV, Parquet, JSON Lines) and the data package are in dataset-write.ts.
 */
import type { TemplateId } from '../template/definition.js';
import { allFields, fieldDescription, fieldInfo, type FieldInfo } from '../template/fields.js';
import { missingReasons, type MissingReason } from '../template/missing.js';
import columnCatalogue from './dataset-columns.json' with { type: 'json' };
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

/**
 * The columns of `reports` (before the seed's own columns), `figures` and `checks`, described
 * in Chinese and English: a catalogue kept as data.
 */
const COLUMNS = columnCatalogue as Record<'reports' | 'figures' | 'checks', DatasetColumn[]>;
const REPORT_COLUMNS = COLUMNS.reports;
const FIGURE_COLUMNS = COLUMNS.figures;
const CHECK_COLUMNS = COLUMNS.checks;

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
