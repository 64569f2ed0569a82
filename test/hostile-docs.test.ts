/**
 * Hostile documents: each ends as a document (failed with a clear reason, or read), within
 * bounded time and memory. The documents are made by fuzz/hostile.ts.
 */
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as hostile from '../fuzz/hostile.js';
import { extractBytes, loadInput } from '../src/pipeline/extract.js';
import { closeWorkerPool, extractInWorker } from '../src/pipeline/pool.js';
import { readPdfInThread } from '../src/read/index.js';
import { readImageDocument } from '../src/read/ocr/read-image.js';
import type { Report } from '../src/output/report.js';
import { validateReport } from '../fuzz/validate.js';

const input = (bytes: Uint8Array) => ({ bytes, source: { url: null, finalUrl: null, fetchedAt: null }, read: {} });

/** Extracts in a worker (as a batch or a crawl does), or wholly in this thread (`here`: PDFs and pictures too, no worker to start), and measures the time. */
async function measured(bytes: Uint8Array, where: 'worker' | 'here' = 'worker'): Promise<{ report: Report; ms: number }> {
  const started = Date.now();
  const report = where === 'worker' ? await extractInWorker(input(bytes)) : await extractBytes(input(bytes), { readPdf: (pdf) => readPdfInThread(pdf), readImage: readImageDocument });
  const ms = Date.now() - started;
  expect(validateReport(report)).toEqual([]);
  return { report, ms };
}

afterAll(() => closeWorkerPool());

describe('hostile HTML', () => {
  it('tables nested 5,000 deep: read without overflowing the stack', async () => {
    const { report, ms } = await measured(hostile.nestedTables(5000), 'here');
    expect(report.extraction.status).toBe('failed');
    expect(report.extraction.reason).toMatch(/^the report text is there but it has no tables/);
    expect(ms).toBeLessThan(20_000);
  });

  it('5,000 unclosed elements: read without overflowing the stack', async () => {
    const { report } = await measured(hostile.unclosedDivs(5000), 'here');
    expect(report.extraction.reason).not.toMatch(/internal error/);
    expect(report.extraction.status).toBe('failed');
  });

  it('a 100 MB page is refused before parsing', async () => {
    const page = hostile.hugePage(100);
    const { report, ms } = await measured(page, 'here');
    expect(report.extraction.reason).toBe(`input too large (${page.length} bytes, limit ${64 * 1024 * 1024})`);
    expect(ms).toBeLessThan(2_000);
  });

  it('a 100 MB file is refused before it is read into memory', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'xxgk-big-')), 'page.html');
    truncateSync((writeFileSync(path, ''), path), 100 * 1024 * 1024); // sparse: no 100 MB written
    await expect(loadInput(path)).rejects.toThrow(`input too large (104857600 bytes, limit 67108864): ${path}`);
  });

  it('a table of 200,000 cells: read in bounded time, and not taken for the template', async () => {
    const { report, ms } = await measured(hostile.bigTable(20_000, 10));
    expect(report.extraction.status).toBe('failed');
    expect(report.extraction.reason).toBe('no table row matches the national template');
    expect(ms).toBeLessThan(30_000);
  });
});

describe('hostile DOCX', () => {
  it('a zip bomb (256 MB of document.xml in 256 KB) is refused without unpacking it', async () => {
    const bomb = await hostile.docxZipBomb(256);
    expect(bomb.length).toBeLessThan(512 * 1024);
    const rss = process.memoryUsage().rss;
    const { report, ms } = await measured(bomb, 'here');
    expect(report.extraction.reason).toBe('DOCX refused: ZIP entry word/document.xml unpacks to more than 67108864 bytes (a ZIP bomb, or far larger than any report)');
    expect(process.memoryUsage().rss - rss).toBeLessThan(256 * 1024 * 1024);
    expect(ms).toBeLessThan(15_000);
  }, 60_000);

  it('a zip bomb whose headers declare 1,000 bytes is refused the same way', async () => {
    const { report } = await measured(await hostile.docxZipBomb(256, 1000), 'here');
    expect(report.extraction.reason).toMatch(/^DOCX refused: ZIP entry word\/document\.xml unpacks to more than/);
  }, 60_000);

  it('entity expansion and an external entity: nothing expanded, no file contents in the output', async () => {
    const { report } = await measured(await hostile.docxEntities('/etc/passwd'), 'here');
    const json = JSON.stringify(report);
    expect(report.extraction.status).toBe('failed');
    expect(report.extraction.reason).toMatch(/^corrupt DOCX: .*entity not found/);
    expect(json).not.toContain('root:');
    expect(json).not.toContain('lollollol');
    expect(readFileSync('/etc/passwd', 'utf8')).toContain('root:'); // the file was there to leak
  });
});

describe('hostile PDFs', () => {
  it('3,000 pages: read in bounded time (only the first 80 pages are read)', async () => {
    const { report, ms } = await measured(hostile.manyPagesPdf(3000));
    expect(report.extraction.status).toBe('failed');
    expect(ms).toBeLessThan(40_000);
  }, 60_000);

  it('a stream that inflates to 512 MB is refused before pdf.js inflates it', async () => {
    const { report, ms } = await measured(hostile.streamBombPdf(512));
    expect(report.extraction.reason).toMatch(/^PDF refused: a stream at byte \d+ inflates to more than 134217728 bytes \(a deflate bomb, or far larger than any report\)$/);
    expect(ms).toBeLessThan(20_000);
  }, 60_000);

  it('a page of 300,000 path operators: read within the time limit', async () => {
    const { report, ms } = await measured(hostile.manyOperatorsPdf(300_000));
    expect(report.extraction.status).toBe('failed');
    expect(report.extraction.reason).not.toMatch(/internal error|worker failed/);
    expect(ms).toBeLessThan(60_000);
  }, 90_000);

  it('a PDF past the time limit still ends as a failed document with the reason', async () => {
    const started = Date.now();
    const report = await extractInWorker(input(hostile.manyOperatorsPdf(300_000)), 200);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(report.extraction).toMatchObject({ status: 'failed', code: 'ERR_TIMEOUT', reason: 'reading stopped at the time limit of 0 s' });
    expect(report.source.format).toBe('pdf');
    expect(validateReport(report)).toEqual([]);
  }, 30_000);
});

describe('hostile images', () => {
  // Images are not decoded until OCR exists (the OCR branch adds its own bounds on dimensions).
  it('a PNG declaring 100,000 × 100,000 pixels is not decoded', async () => {
    const { report, ms } = await measured(hostile.hugePng(100_000, 100_000), 'here');
    expect(report.extraction.status).toBe('failed');
    expect(report.source.format).toBe('image');
    expect(ms).toBeLessThan(1_000);
  });
});
