import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { figurePaths } from '../src/template/definition.js';
import { extractFile, flatten, readJson, SAMPLES } from './helpers.js';

const pages = readdirSync(SAMPLES).filter((name) => /\.(html|txt|pdf)$/.test(name) && !name.startsWith('_')).sort();
const reports = new Map(await Promise.all(pages.map(async (page) => [page, await extractFile(join(SAMPLES, page))] as const)));

describe('samples/: portal pages in several CMS layouts, with hand-typed figures', () => {
  it('has at least ten pages, three in GBK, one on the 2019 template, two with wrong totals', () => {
    const expectations = pages.map((page) => readJson(join(SAMPLES, page.replace(/\.\w+$/, '.expected.json'))));
    expect(pages.length).toBeGreaterThanOrEqual(10);
    expect(pages.filter((page) => /gbk|gb2312/.test(page)).length).toBeGreaterThanOrEqual(3);
    expect(expectations.filter((e) => e.template === '2019').length).toBeGreaterThanOrEqual(1);
    expect(expectations.filter((e) => e.failedChecks.length > 0).length).toBeGreaterThanOrEqual(2);
  });

  for (const page of pages) {
    describe(page, () => {
      const expected = readJson(join(SAMPLES, page.replace(/\.\w+$/, '.expected.json')));
      const report = reports.get(page)!;

      it('gets every figure as printed', () => {
        const want = flatten(expected.figures);
        expect(Object.keys(want).sort()).toEqual([...figurePaths(expected.template)].sort());
        expect(flatten(report.figures)).toEqual(want);
        expect(report.template).toBe(expected.template);
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
    });
  }
});
