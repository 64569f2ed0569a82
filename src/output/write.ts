/** Writing reports: JSON Lines on a stream, or one JSON file per report in an output directory. */
import { writeFile, rename } from 'node:fs/promises';
import { ensureDir } from '../lib/fs.js';
import { join } from 'node:path';
import type { Report } from './report.js';

let tempCounter = 0;

/** Writes DIR/reports/<id>.json atomically (temp file + rename), so a kill never leaves half a file. */
export function writeReportFile(outDir: string, report: Report): Promise<string> {
  return writeReportJson(outDir, report.id, JSON.stringify(report) + '\n');
}

/** Writes an already serialized report as DIR/reports/<id>.json, atomically. */
export async function writeReportJson(outDir: string, id: string, json: string): Promise<string> {
  const dir = join(outDir, 'reports');
  await ensureDir(dir);
  const path = join(dir, `${id}.json`);
  const temp = `${path}.${process.pid}.${++tempCounter}.tmp`;
  await writeFile(temp, json);
  await rename(temp, path);
  return path;
}

export function jsonLine(report: Report): string {
  return JSON.stringify(report) + '\n';
}
