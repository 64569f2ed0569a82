import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFile, flatten, readJson, SHARED } from './helpers.js';

const REAL = join(SHARED, 'real-reports');

describe('real report: 沭阳县发展和改革局 2023 (portal page in a scraper wrapper, blank 法人 columns)', () => {
  const dir = join(REAL, 'js-suqian-shuyang-fgj-2023');
  const report = extractFile(join(dir, 'raw.html'));
  const labels = readJson<Record<string, number | null>>(join(dir, 'labels.json'));

  it('gets all 200 transcribed figures, blanks as null', () => {
    expect(Object.keys(labels)).toHaveLength(200);
    expect(flatten(report.figures)).toEqual(labels);
    expect(report.extraction.status).toBe('ok');
  });

  it('passes every check, the narrative one included', () => {
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    expect(report.checks.find((check) => check.id === 'narrative.applications')).toMatchObject({ ok: true, actual: 26 });
  });

  it('tells the meta', () => {
    expect(report.template).toBe('2021');
    expect(report.meta).toMatchObject({
      agency: '沭阳县发展和改革局', year: 2023, publishedAt: '2024-01-17',
      region: { province: '江苏省', city: '宿迁市', county: '沭阳县', code: '321322' },
    });
  });
});
