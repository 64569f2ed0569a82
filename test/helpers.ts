/** Shared test helpers: paths to the project's and the workplace's documents, flattening. */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractBytes } from '../src/pipeline/extract.js';
import type { Report } from '../src/output/report.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Copies of the shared reference and real reports (test/fixtures/shared/README.md names the sources). */
export const SHARED = join(ROOT, 'test', 'fixtures', 'shared');
/** The workplace's shared folder beside the clone, where there is one (only for checks of the copies). */
export const WORKPLACE_SHARED = process.env.XXGK_SHARED ?? join(dirname(ROOT), 'shared');
export const SAMPLES = join(ROOT, 'samples');
export const FIXTURES = join(ROOT, 'test', 'fixtures');

export function extractFile(path: string): Promise<Report> {
  return extractBytes({ bytes: readFileSync(path), source: { url: null, finalUrl: null, fetchedAt: null, localPath: path }, read: {} });
}

export function flatten(tree: unknown, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    if (value !== null && typeof value === 'object') Object.assign(out, flatten(value, `${prefix}${key}.`));
    else out[prefix + key] = value;
  }
  return out;
}

export function readJson<T = any>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Runs the built CLI (bin/xxgk.js) and gives back its exit code and output, whatever the code. */
export function runXxgk(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'bin', 'xxgk.js'), ...args], { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CI: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Paths (with query) of the reports and attachments whose originals the state holds. */
export function storedPaths(outDir: string): Set<string> {
  const path = join(outDir, 'state.sqlite');
  if (!existsSync(path)) return new Set();
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare(`SELECT url FROM urls WHERE kind IN ('report', 'attachment') AND status IN ('fetched', 'done') AND file IS NOT NULL`).all() as { url: string }[];
    return new Set(rows.map((row) => {
      const url = new URL(row.url);
      return url.pathname + url.search;
    }));
  } finally {
    db.close();
  }
}

