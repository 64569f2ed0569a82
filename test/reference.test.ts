import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFile, flatten, readJson, SHARED } from './helpers.js';

const report = await extractFile(join(SHARED, 'reference', 'quxian-education-2024.txt'));

describe('the reference report (渠县教育局 2024, tab-separated text)', () => {

  const expected = readJson(join(SHARED, 'reference', 'quxian-education-2024.expected.json'));

  it('gets all 200 figures as the hand-made expectation has them', () => {
    const want = flatten(expected.figures);
    expect(Object.keys(want)).toHaveLength(200);
    expect(flatten(report.figures)).toEqual(want);
  });

  it('tells the template and the meta', () => {
    expect(report.template).toBe('2021');
    expect(report.meta).toEqual(expected.meta);
    expect(report.extraction.status).toBe('ok');
    expect(report.extraction.method).toBe('text');
    expect(report.source.format).toBe('text');
  });

  it('fails the narrative check (the text says 1 application, the table 0) and passes the rest', () => {
    const narrative = report.checks.find((check) => check.id === 'narrative.applications');
    expect(narrative).toMatchObject({ ok: false, expected: 0, actual: 1 });
    expect(report.checks.filter((check) => !check.ok).map((check) => check.id)).toEqual(['narrative.applications']);
    expect(report.checks.length).toBe(7 + 7 + 25 + 3 + 1);
  });

  it('records where each figure was printed', () => {
    expect(Object.keys(report.extraction.provenance)).toHaveLength(200);
    expect(report.extraction.provenance['applications.results.denied.thirdPartyRights.total']).toMatchObject({ raw: '0', table: 2 });
    expect(report.extraction.provenance['reviewLitigation.litigationAfterReview.total']).toMatchObject({ raw: '0', table: 3, col: 15 });
  });
});
