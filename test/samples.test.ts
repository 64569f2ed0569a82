import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { figurePaths } from '../src/template/definition.js';
import { findSoffice } from '../src/read/office.js';
import { extractFile, flatten, readJson, SAMPLES } from './helpers.js';

// DOC needs LibreOffice (.ci/run installs it); without it the DOC sample is left out, and said so.
const hasOffice = findSoffice() !== null;
if (!hasOffice) console.warn('LibreOffice is not installed: the DOC sample is not tested');
const candidates = readdirSync(SAMPLES).filter((name) => /\.(html|txt|pdf|docx)$/.test(name) || (hasOffice && name.endsWith('.doc'))).sort();
const allExpectations = new Map<string, any>(candidates.map((page) => [page, readJson(join(SAMPLES, page.replace(/\.\w+$/, '.expected.json')))]));
// Scans and table pictures (expected.ocr) are tested in ocr.test.ts.
const pages = candidates.filter((page) => !allExpectations.get(page).ocr);
const expectations = new Map<string, any>(pages.map((page) => [page, allExpectations.get(page)]));
const reports = new Map(await Promise.all(pages.map(async (page) => [page, await extractFile(join(SAMPLES, page))] as const)));

describe('samples/: reports in several CMS layouts and as PDFs, with hand-typed figures', () => {
  it('has ten pages or more, three in GBK, one on the 2019 template, two with wrong totals', () => {
    const html = pages.filter((page) => /\.(html|txt)$/.test(page));
    expect(html.length).toBeGreaterThanOrEqual(10);
    expect(html.filter((page) => /gbk|gb2312/.test(page)).length).toBeGreaterThanOrEqual(3);
    expect(html.filter((page) => expectations.get(page).template === '2019').length).toBeGreaterThanOrEqual(1);
    expect(html.filter((page) => expectations.get(page).failedChecks.length > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('has eight PDFs or more: landscape, a table over a page break, narrow columns, no rules, a scan', () => {
    const pdfs = pages.filter((page) => page.endsWith('.pdf'));
    expect(pdfs.length).toBeGreaterThanOrEqual(8);
    for (const kind of ['landscape', 'page-break', 'narrow-columns', 'no-rules', 'hrules', 'rotated']) expect(pdfs.some((page) => page.includes(kind))).toBe(true);
    expect(candidates.some((page) => page.includes('image-only'))).toBe(true);
  });

  for (const page of pages) {
    const expected = expectations.get(page);
    const report = reports.get(page)!;

    if (expected.expectedFailure) {
      it(`${page}: fails with "${expected.expectedFailure}", no figures`, () => {
        expect(report.extraction.status).toBe('failed');
        expect(report.extraction.reason).toContain(expected.expectedFailure);
        expect(Object.keys(report.extraction.provenance)).toHaveLength(0);
      });
      continue;
    }

    describe(page, () => {
      const want = flatten(expected.figures);
      const got = flatten(report.figures);

      it('has the template\'s keys', () => {
        expect(Object.keys(want).sort()).toEqual([...figurePaths(expected.template)].sort());
        expect(report.template).toBe(expected.template);
      });

      if (expected.bestEffort) {
        it(`never outputs a wrong figure (${expected.bestEffort})`, () => {
          for (const [path, value] of Object.entries(want)) if (got[path] !== null) expect([path, got[path]]).toEqual([path, value]);
          expect(Object.entries(want).filter(([path, value]) => got[path] === value).length).toBeGreaterThanOrEqual(150);
        });
        return;
      }

      it('gets every figure as printed', () => {
        expect(got).toEqual(want);
      });

      it('tells title, agency, year, region and publication date', () => {
        expect(report.meta).toEqual(expected.meta);
      });

      it('fails exactly the checks the original gets wrong', () => {
        const failed = report.checks.filter((check) => !check.ok).map((check) => check.id).sort();
        expect(failed).toEqual([...expected.failedChecks].sort());
        expect(report.checks.find((check) => check.id === 'narrative.applications')?.ok).toBe(true);
        expect(report.extraction.status).toBe('ok');
      });

      if (page.endsWith('.docx') || page.endsWith('.doc')) {
        it('is read as a Word document', () => {
          expect(report.source.format).toBe(page.endsWith('.docx') ? 'docx' : 'doc');
          expect(report.extraction.method).toBe(page.endsWith('.docx') ? 'docx' : 'doc');
        });
      }

      if (page.endsWith('.pdf')) {
        it('records the page and the cell box of each figure', () => {
          const where = report.extraction.provenance['applications.results.total.total']!;
          expect(where.page).toBeGreaterThanOrEqual(1);
          expect(report.source.format).toBe('pdf');
          expect(report.extraction.method).toBe('pdf-text');
        });
      }
    });
  }
});
