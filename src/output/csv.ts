/**
 * The long CSV export: one line per figure of each report, keyed by the dotted path of the
 * contract (the `field` column), with the report's identity beside it, for pandas, R, DuckDB.
 */
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
