/** End-of-run summary over many reports: what a researcher wants to see after a batch. */
import type { Report } from './report.js';

export interface RunSummary {
  reports: number;
  byStatus: Record<string, number>;
  byTemplate: Record<string, number>;
  failedChecks: number;
  reportsWithFailedChecks: number;
  failureReasons: Record<string, number>;
}

export function summarize(reports: Report[]): RunSummary {
  const summary: RunSummary = { reports: reports.length, byStatus: {}, byTemplate: {}, failedChecks: 0, reportsWithFailedChecks: 0, failureReasons: {} };
  for (const report of reports) {
    const status = report.extraction.status;
    summary.byStatus[status] = (summary.byStatus[status] ?? 0) + 1;
    summary.byTemplate[report.template] = (summary.byTemplate[report.template] ?? 0) + 1;
    const failed = report.checks.filter((check) => !check.ok).length;
    summary.failedChecks += failed;
    if (failed > 0) summary.reportsWithFailedChecks++;
    if (status === 'failed' && report.extraction.reason) {
      summary.failureReasons[report.extraction.reason] = (summary.failureReasons[report.extraction.reason] ?? 0) + 1;
    }
  }
  return summary;
}

export function formatSummary(summary: RunSummary, outDir?: string): string {
  const counts = (record: Record<string, number>) => Object.entries(record).map(([key, n]) => `${key} ${n}`).join(', ') || 'none';
  const lines = [
    `reports: ${summary.reports} (${counts(summary.byStatus)})`,
    `templates: ${counts(summary.byTemplate)}`,
    `failed checks: ${summary.failedChecks} in ${summary.reportsWithFailedChecks} reports (figures kept as printed)`,
  ];
  for (const [reason, n] of Object.entries(summary.failureReasons)) lines.push(`failed: ${n} × ${reason}`);
  if (outDir) lines.push(`written to ${outDir}/reports/`);
  return lines.join('\n') + '\n';
}
