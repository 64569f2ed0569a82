/**
 * The long CSV export: one line per figure of each report, keyed by the dotted path of the
 * contract (the `field` column), with the report's identity beside it, for pandas, R, DuckDB.
 */
import { stringify } from 'csv-stringify/sync';
import { flattenFigures, type Report } from './report.js';

export const LONG_CSV_COLUMNS = [
  'id', 'agency', 'year', 'region_code', 'province', 'city', 'county', 'template', 'status', 'field', 'value', 'raw', 'url',
] as const;

export function longCsvRecords(report: Report): (string | number | null)[][] {
  const { meta } = report;
  return flattenFigures(report.figures).map(([field, value]) => [
    report.id, meta.agency, meta.year, meta.region.code, meta.region.province, meta.region.city, meta.region.county,
    report.template, report.extraction.status, field, value, report.extraction.provenance[field]?.raw ?? null,
    report.source.url ?? report.source.localPath ?? null,
  ]);
}

/**
 * CSV text of the reports; with a BOM when `bom` (so that Excel reads UTF-8). Reports found
 * from a seed file with columns (meta.seed) add `seed_url` and a `seed_<column>` each, after the
 * fixed columns.
 */
export function longCsv(reports: Iterable<Report>, bom = false): string {
  const list = [...reports];
  const seedColumns = [...new Set(list.flatMap((report) => Object.keys(report.meta.seed ?? {})))].sort((a, b) => (a === 'url' ? -1 : b === 'url' ? 1 : 0));
  const records: (string | number | null)[][] = [[...LONG_CSV_COLUMNS, ...seedColumns.map((name) => `seed_${name}`)]];
  for (const report of list) {
    const seed = seedColumns.map((name) => report.meta.seed?.[name] ?? null);
    for (const record of longCsvRecords(report)) records.push(seed.length ? [...record, ...seed] : record);
  }
  return stringify(records, { bom, cast: { number: (n) => String(n) } });
}
