/** Writing reports: JSON Lines on a stream, or one JSON file per report in an output directory. */
import { join } from 'node:path';
import { writeFileAtomic } from '../lib/fs.js';
import type { Report } from './report.js';

/** Writes DIR/reports/<id>.json atomically, so a kill never leaves half a file. */
export function writeReportFile(outDir: string, report: Report): Promise<string> {
  return writeReportJson(outDir, report.id, JSON.stringify(report) + '\n');
}

/** Writes an already serialized report as DIR/reports/<id>.json, atomically. */
export async function writeReportJson(outDir: string, id: string, json: string): Promise<string> {
  const path = join(outDir, 'reports', `${id}.json`);
  await writeFileAtomic(path, json);
  return path;
}

export function jsonLine(report: Report): string {
  return JSON.stringify(report) + '\n';
}
