/**
 * OCR: scans (image-only PDFs, a scanned page inside a text PDF) and tables pasted into a page as
 * pictures, made from the other samples by samples/make/render-scans.mjs. Every figure is
 * compared with the sample it came from: none may be wrong; clean copies must give most of them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractBytes, loadInput } from '../src/pipeline/extract.js';
import { closeWorkerPool } from '../src/pipeline/pool.js';
import { closeOcr } from '../src/read/ocr/engine.js';
import { readImageDocument } from '../src/read/ocr/read-image.js';
import { readImageHeader } from '../src/read/ocr/image.js';
import { estimateSkew, binarize, findRules, rotate, type GrayImage } from '../src/read/ocr/raster.js';
import { readPdfDocument } from '../src/read/pdf/read-pdf.js';
import { readHtml } from '../src/read/html.js';
import { UnreadableInputError } from '../src/read/document.js';
import { flatten, readJson, SAMPLES } from './helpers.js';

afterAll(async () => {
  await closeOcr();
  await closeWorkerPool();
});

/** OCR on this shared machine is slow: the time limit is not what is tested here. */
const LIMIT_MS = 900_000;

const samples = readdirSync(SAMPLES)
  .filter((name) => /\.(pdf|html)$/.test(name))
  .map((name) => ({ name, expected: readJson(join(SAMPLES, name.replace(/\.\w+$/, '.expected.json'))) }))
  .filter(({ expected }) => expected.ocr);

describe('OCR samples: every figure compared', () => {
  it('has scans at 300, 200 and 150 dpi, a poor copy, a scanned page in a text PDF, and table pictures', () => {
    const names = samples.map((s) => s.name);
    for (const part of ['300dpi', '200dpi', '150dpi', 'poor', 'text-and-scan', 'pictures']) expect(names.some((n) => n.includes(part))).toBe(true);
  });

  for (const { name, expected } of samples) {
    it(`${name}: no wrong figure; ${expected.ocr.expect === 'exact' ? `at least ${expected.ocr.minRight} right` : 'unreadable ones null'}`, async () => {
      const input = await loadInput(join(SAMPLES, name));
      input.read.readTimeLimitMs = LIMIT_MS;
      const report = await extractBytes(input);
      const want = flatten(expected.figures);
      const got = flatten(report.figures);
      const wrong = Object.entries(want).filter(([path, value]) => got[path] !== null && got[path] !== value).map(([path, value]) => `${path}: ${got[path]} (printed ${value})`);
      const right = Object.entries(want).filter(([path, value]) => got[path] === value).length;
      expect(wrong).toEqual([]);
      if (expected.ocr.minRight !== undefined) expect(right).toBeGreaterThanOrEqual(expected.ocr.minRight);
      // What is not read is said: a reason for a copy too poor to find the tables in, else warnings.
      if (report.extraction.status === 'failed') expect(report.extraction.reason).toBeTruthy();
      else if (right < Object.keys(want).length) expect(report.extraction.warnings.join('\n')).toMatch(/could not be read|left null|blank/);
      if (right > 0) {
        expect(report.template).toBe(expected.template);
        expect(report.extraction.method).toBe(name.endsWith('.html') ? 'image-ocr' : 'pdf-ocr');
        expect(report.meta.year).toBe(expected.meta.year);
      }
    }, LIMIT_MS);
  }
});

describe('table pictures in HTML pages', () => {
  it('names the pictures of the article body, not the logo or the icon', () => {
    const doc = readHtml(readFileSync(join(SAMPLES, 'dazhu-gov-2024-table-pictures.html'), 'utf8'));
    expect(doc.pictures?.map((p) => p.src)).toEqual([1, 2, 3].map((n) => `dazhu-gov-2024-table-pictures_files/table-${n}.${n === 2 ? 'jpg' : 'png'}`));
  });

  it('tells furniture by container, size and name', () => {
    const doc = readHtml(`<html><body><div id="header"><img src="/img/top.png"></div>
      <div class="content"><img src="a.png" width="20" height="20"><img src="/images/qrcode.jpg"><a href="/"><img src="home.png"></a>
      <p><img src="/uploads/2025/table1.png"></p><p><a href="/uploads/2025/table2.jpg" target="_blank"><img src="/uploads/2025/table2.jpg"></a></p></div>
      <div class="footer"><img src="/x.png"></div></body></html>`);
    expect(doc.pictures?.map((p) => p.src)).toEqual(['/uploads/2025/table1.png', '/uploads/2025/table2.jpg']);
  });

  it('says why a picture beside the page is missing', async () => {
    const input = await loadInput(join(SAMPLES, 'dazhu-gov-2024-table-pictures.html'));
    input.pictures = input.pictures!.map((p) => ({ src: p.src, error: 'file not found beside the page' }));
    const report = await extractBytes(input);
    expect(report.extraction.status).toBe('failed');
    expect(report.extraction.warnings.join('\n')).toContain('table-1.png: file not found beside the page');
  });
});

describe('bad pictures and scans give reasons, in bounded time', () => {
  it('refuses a 20,000 × 20,000 picture from its header, before decoding', async () => {
    const png = Buffer.alloc(64);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).copy(png);
    png.writeUInt32BE(20_000, 16);
    png.writeUInt32BE(20_000, 20);
    expect(readImageHeader(png)).toEqual({ type: 'png', width: 20_000, height: 20_000 });
    await expect(readImageDocument(png)).rejects.toThrow(/image too large to OCR: 20000 × 20000 pixels/);
    const report = await extractBytes({ bytes: png, source: { url: null, finalUrl: null, fetchedAt: null }, read: {} });
    expect(report.extraction.reason).toMatch(/image too large/);
  });

  it('gives a reason for a corrupt JPEG', async () => {
    const jpeg = readFileSync(join(SAMPLES, 'dazhu-gov-2024-table-pictures_files', 'table-2.jpg'));
    const broken = Buffer.concat([jpeg.subarray(0, 2), Buffer.from('not a jpeg at all, only text'), jpeg.subarray(400, 600)]);
    await expect(readImageDocument(broken)).rejects.toThrow(UnreadableInputError);
    await expect(readImageDocument(broken)).rejects.toThrow(/corrupt/);
  });

  it('a picture that is not a table: its text, and no table', async () => {
    const doc = await readImageDocument(readFileSync(join(SAMPLES, 'dazhu-gov-2024-table-pictures_files', 'logo.png')));
    expect(doc.tables).toEqual([]);
    expect(doc.notes).toContain('the picture holds no ruled table: only its text was read');
  }, 120_000);

  it('a long scan stops OCR at its budget with a note, keeping the pages read', async () => {
    const doc = await readPdfDocument(readFileSync(join(SAMPLES, 'pingyang-wjw-2024-scan-200dpi.pdf')), { ocrBudgetMs: 1 });
    if ('failed' in doc) throw new Error(doc.failed);
    expect(doc.notes?.join('\n')).toMatch(/2 scanned page\(s\) were not OCR'd \(pages 2–3\)/);
    expect(doc.method).toBe('pdf-ocr');
  }, 300_000);
});

describe('pixels: skew and ruling lines', () => {
  /** A white page with a 4 × 6 ruled grid, 2 px lines. */
  function grid(): GrayImage {
    const width = 800;
    const height = 600;
    const data = new Uint8Array(width * height).fill(255);
    for (let r = 0; r <= 4; r++) for (let y = 100 + r * 80; y < 102 + r * 80; y++) data.fill(0, y * width + 100, y * width + 700);
    for (let c = 0; c <= 6; c++) for (let y = 100; y < 422; y++) data.fill(0, y * width + 100 + c * 100, y * width + 102 + c * 100);
    return { width, height, data };
  }

  it('measures a skew of 1.5° and straightens it', () => {
    const skewed = rotate(grid(), -1.5);
    const angle = estimateSkew(binarize(skewed), skewed.width, skewed.height);
    expect(Math.abs(angle - 1.5)).toBeLessThan(0.1);
    const straight = rotate(skewed, angle);
    const rules = findRules(binarize(straight), straight.width, straight.height, 40, 2, 8);
    expect(rules.filter((r) => r.orientation === 'h')).toHaveLength(5);
    expect(rules.filter((r) => r.orientation === 'v')).toHaveLength(7);
  });
});
