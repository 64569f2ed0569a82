/** Writing reports: JSON Lines on a stream, or one JSON file per report in an output directory. */
import { mkdir, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Report } from './report.js';

let tempCounter = 0;

/** Writes DIR/reports/<id>.json atomically (temp file + rename), so a kill never leaves half a file. */
export async function writeReportFile(outDir: string, report: Report): Promise<string> {
  const dir = join(outDir, 'reports');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${report.id}.json`);
  const temp = `${path}.${process.pid}.${++tempCounter}.tmp`;
  await writeFile(temp, JSON.stringify(report) + '\n');
  await rename(temp, path);
  return path;
}

export function jsonLine(report: Report): string {
  return JSON.stringify(report) + '\n';
}
