import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportJsonSchema } from '../src/output/schema.js';
import { extractFile, FIXTURES, SAMPLES, SHARED } from './helpers.js';
import { reportSchema as schema, validate } from '../fuzz/validate.js';

const inputs = [
  ...readdirSync(SAMPLES).filter((name) => /\.(html|txt)$/.test(name)).map((name) => join(SAMPLES, name)),
  join(SHARED, 'reference', 'quxian-education-2024.txt'),
  join(SHARED, 'real-reports', 'js-suqian-shuyang-fgj-2023', 'raw.html'),
  join(SHARED, 'real-reports', 'sh-stcsm-kewei-2024-md', 'raw.md'),
  join(SHARED, 'real-reports', 'fj-pingtan-jtj-2020-text', 'raw.txt'),
  join(SHARED, 'real-reports', 'js-huaian-city-gov-2024', 'raw.pdf'),
  ...readdirSync(join(FIXTURES, 'bad')).map((name) => join(FIXTURES, 'bad', name)),
];

describe('the JSON Schema of the output', () => {
  it('is the committed file, up to date with the code', () => {
    expect(schema).toEqual(JSON.parse(JSON.stringify(reportJsonSchema())));
  });

  it.each(inputs)('validates the document made from %s', async (path) => {
    const report = await extractFile(path);
    const valid = validate(report);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('rejects a document with a figure that is not a number', async () => {
    const report = await extractFile(join(SHARED, 'reference', 'quxian-education-2024.txt')) as any;
    report.figures.applications.newReceived.total = '0';
    expect(validate(report)).toBe(false);
  });
});

describe('the Report type, inferred from the schema', () => {
  it('types the figures as the template\'s tree of sections, rows and columns', async () => {
    const report = await extractFile(join(SHARED, 'reference', 'quxian-education-2024.txt'));
    expect(report.template).toBe('2021');
    if (report.template !== '2021') return;
    const received: number | null = report.figures.applications.newReceived.total;
    const upheld: number | null = report.figures.reviewLitigation.review.upheld;
    const fees: number | null = report.figures.proactive.fees.amountWan;
    expect([typeof received, typeof upheld, typeof fees]).toEqual(['number', 'number', 'number']);
    // @ts-expect-error a row the 2021 template does not have
    expect(report.figures.proactive.centralizedProcurement).toBeUndefined();
    // @ts-expect-error a column section 三 does not have
    expect(report.figures.applications.newReceived.foreigners).toBeUndefined();
  });
});
