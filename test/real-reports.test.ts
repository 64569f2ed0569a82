import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFile, flatten, readJson, SHARED } from './helpers.js';

const REAL = join(SHARED, 'real-reports');

const shuyang = await extractFile(join(REAL, 'js-suqian-shuyang-fgj-2023', 'raw.html'));
const pingtan = new Map(await Promise.all(['fj-pingtan-zone-2022-text', 'fj-pingtan-jtj-2020-text'].map(async (f) => [f, await extractFile(join(REAL, f, 'raw.txt'))] as const)));
const kewei = await extractFile(join(REAL, 'sh-stcsm-kewei-2024-md', 'raw.md'));

describe('real report: 沭阳县发展和改革局 2023 (portal page in a scraper wrapper, blank 法人 columns)', () => {
  const dir = join(REAL, 'js-suqian-shuyang-fgj-2023');
  const report = shuyang;
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

/** Labels of the transcriber → this project's keys (the 2019 section 二 lives under `proactive`). */
function projectKey(label: string): string {
  return label.replace(/^proactive2019\./, 'proactive.');
}

describe.each([
  ['fj-pingtan-zone-2022-text', '2021', 197, ['proactive.normativeDocuments']],
  ['fj-pingtan-jtj-2020-text', '2019', 190, ['proactive.licensing', 'proactive.punishment', 'proactive.centralizedProcurement']],
])('real report %s: an archiver\'s text capture with the table cells run together', (folder, template, readable, ambiguousRows) => {
  const dir = join(REAL, folder);
  const report = pingtan.get(folder)!;
  const labels = readJson<Record<string, number | null>>(join(dir, 'labels.json'));
  const got = flatten(report.figures);

  it('reads every row whose run of digits splits only one way, and each such figure is right', () => {
    expect(report.template).toBe(template);
    expect(report.extraction.method).toBe('text-flattened');
    const right = Object.entries(labels).filter(([key, value]) => got[projectKey(key)] === value);
    expect(right).toHaveLength(readable);
    for (const [key, value] of Object.entries(labels)) {
      const mine = got[projectKey(key)];
      if (mine !== null) expect([key, mine]).toEqual([key, value]); // never a wrong number
    }
  });

  it('leaves the rows that split more than one way null, and says so', () => {
    const nullRows = [...new Set(Object.entries(got).filter(([, v]) => v === null).map(([k]) => k.slice(0, k.lastIndexOf('.'))))];
    expect(nullRows.sort()).toEqual([...ambiguousRows].sort());
    for (const row of ambiguousRows) {
      expect(report.extraction.warnings.join('\n')).toContain(`the figures of ${row} are printed run together`);
    }
    expect(report.extraction.status).toBe('partial');
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
  });
});

describe('real report sh-stcsm-kewei-2024-md: a PDF converted to markdown, labels torn from their figures', () => {
  const dir = join(REAL, 'sh-stcsm-kewei-2024-md');
  const report = kewei;
  const labels = readJson<Record<string, number | null>>(join(dir, 'labels.json'));
  const got = flatten(report.figures);

  it('never outputs a wrong figure, and reads the rows whose labels stay with their figures', () => {
    for (const [key, value] of Object.entries(labels)) if (got[key] !== null) expect([key, got[key]]).toEqual([key, value]);
    expect(Object.keys(labels).filter((key) => got[key] === labels[key] && labels[key] !== null).length).toBeGreaterThanOrEqual(106);
    expect(got['proactive.licensing.decisions']).toBe(97); // from the line "行政许可 97" beside the tables
    expect(report.extraction.status).toBe('partial');
    expect(report.extraction.warnings.join('\n')).toMatch(/figures could not be read: .*applications\.results\.partiallyGranted \(7\)/);
  });

  it('tells the meta from a heading broken over two lines', () => {
    expect(report.meta).toMatchObject({ title: '2024年上海市科委政府信息公开工作年度报告', agency: '上海市科委', year: 2024, region: { province: '上海市', code: '310000' } });
  });
});
