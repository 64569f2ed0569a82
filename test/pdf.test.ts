import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDocument, UnreadableInputError } from '../src/read/index.js';
import { findTables } from '../src/read/pdf/lattice.js';
import type { Segment } from '../src/read/pdf/geometry.js';
import { foldIdeographs } from '../src/read/pdf/page-content.js';
import { readPdfInWorker } from '../src/pipeline/pool.js';
import { extractFile, flatten, FIXTURES, readJson, SAMPLES, SHARED } from './helpers.js';

const REAL = join(SHARED, 'real-reports');

describe('real report: 淮安市人民政府 2024 (PDF made by WPS, section 三 over pages 4–5)', async () => {
  const report = await extractFile(join(REAL, 'js-huaian-city-gov-2024', 'raw.pdf'));
  const labels = readJson<Record<string, number>>(join(REAL, 'js-huaian-city-gov-2024', 'labels.json'));

  it('gets all 200 transcribed figures', () => {
    expect(flatten(report.figures)).toEqual(labels);
    expect(report.extraction.status).toBe('ok');
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
  });

  it('records the page and box of figures on the continued page', () => {
    const provenance = report.extraction.provenance;
    expect(provenance['applications.results.total.total']).toMatchObject({ raw: '3050', page: 5 });
    // The row's first and last cells: same line, the total to the right, each box a real rectangle.
    const first = provenance['applications.results.total.naturalPerson']!.box!;
    const last = provenance['applications.results.total.total']!.box!;
    expect(first.x0).toBeLessThan(first.x1);
    expect(last.y0).toBeLessThan(last.y1);
    expect(last.x0).toBeGreaterThanOrEqual(first.x1);
    expect(Math.abs(last.y0 - first.y0)).toBeLessThan(1);
    expect(report.meta).toMatchObject({ agency: '淮安市人民政府', year: 2024, region: { code: '320800' } });
  });
});

describe('bad PDFs give a clear reason', () => {
  it.each([
    ['encrypted-password.pdf', /encrypted PDF: a password is required/],
    ['corrupt.pdf', /corrupt or truncated PDF/],
    ['truncated-report.pdf', /corrupt or truncated PDF/],
    ['budget-not-a-report.pdf', /not a government information disclosure annual report/],
    ['notices-200-pages.pdf', /not a government information disclosure annual report/],
  ])('%s → %s', async (name, reason) => {
    const report = await extractFile(join(FIXTURES, 'pdf', name));
    expect(report.extraction.status).toBe('failed');
    expect(report.extraction.reason).toMatch(reason);
  });

  it('reads only the first 80 pages of a 200-page PDF, and says so', async () => {
    const report = await extractFile(join(FIXTURES, 'pdf', 'notices-200-pages.pdf'));
    expect(report.extraction.warnings).toContain('the PDF has 200 pages; only the first 80 were read');
  });

  it('stops a PDF at the time limit', async () => {
    const bytes = readFileSync(join(SAMPLES, 'dazhu-gov-2024-portrait.pdf'));
    // The pool's reader, injected as the pipeline does (readers never import the pool).
    const inPool = (limit?: number) => ({ readPdf: (pdf: Uint8Array) => readPdfInWorker(pdf, limit) });
    await expect(readDocument(bytes, inPool(1))).rejects.toThrow(UnreadableInputError);
    await expect(readDocument(bytes, inPool(1))).rejects.toThrow(/time limit of 0 s|time limit/);
    const doc = await readDocument(bytes, inPool()); // the pool goes on working after a stopped task
    expect(doc.tables.length).toBeGreaterThan(0);
  });
});

describe('lattice tables from ruling lines', () => {
  const h = (at: number, from: number, to: number): Segment => ({ orientation: 'h', at, from, to });
  const v = (at: number, from: number, to: number): Segment => ({ orientation: 'v', at, from, to });

  it('finds slots and merged cells', () => {
    // 3 columns × 3 rows; the top-left cell spans two rows, the bottom row's last two cells are one.
    const segments = [
      h(0, 0, 300), h(20, 100, 300), h(40, 0, 300), h(60, 0, 300),
      v(0, 0, 60), v(100, 0, 60), v(200, 0, 40), v(300, 0, 60),
    ];
    const [table] = findTables(segments);
    expect(table!.xs).toEqual([0, 100, 200, 300]);
    expect(table!.ys).toEqual([0, 20, 40, 60]);
    expect(table!.cells.map(({ row, col, rowSpan, colSpan }) => [row, col, rowSpan, colSpan])).toEqual([
      [0, 0, 2, 1], [0, 1, 1, 1], [0, 2, 1, 1], [1, 1, 1, 1], [1, 2, 1, 1], [2, 0, 1, 1], [2, 1, 1, 2],
    ]);
  });

  it('joins pieces of a line and keeps two separate tables apart', () => {
    const segments = [
      h(0, 0, 50), h(0, 50, 100), h(30, 0, 100), v(0, 0, 30), v(50, 0, 30), v(100, 0, 30),
      h(200, 0, 100), h(230, 0, 100), v(0, 200, 230), v(60, 200, 230), v(100, 200, 230),
    ];
    const tables = findTables(segments);
    expect(tables).toHaveLength(2);
    expect(tables.map((t) => t.cells.length)).toEqual([2, 2]);
  });

  it('is no table: a single framed box', () => {
    expect(findTables([h(0, 0, 100), h(50, 0, 100), v(0, 0, 50), v(100, 0, 50)])).toEqual([]);
  });
});

describe('PDF text', () => {
  it('folds Kangxi radicals and radical supplement forms to the characters they stand for', () => {
    expect(foldIdeographs('⾏政许可')).toBe('行政许可');
    expect(foldIdeographs('⼈⺠政府')).toBe('人民政府');
    expect(foldIdeographs('深圳市⻰岗区')).toBe('深圳市龙岗区');
  });
});
