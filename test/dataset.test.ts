import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawl, DEFAULT_CRAWL_OPTIONS } from '../src/crawl/crawler.js';
import { startDemoPortal, type DemoPortal } from '../src/demo/portal.js';
import { writeReportFile } from '../src/output/write.js';
import { figurePaths } from '../src/template/definition.js';
import { amountUnits, missingReasons } from '../src/template/missing.js';
import { flatten, extractFile, FIXTURES, readJson, runXxgk, SAMPLES } from './helpers.js';

const DUCKDB_TYPES: Record<string, string> = { string: 'VARCHAR', integer: 'INTEGER', number: 'DOUBLE', boolean: 'BOOLEAN' };

/** The documents of the crawl, by id, as the export read them. */
function documents(outDir: string): Map<string, any> {
  const dir = join(outDir, 'reports');
  return new Map(readdirSync(dir).map((name) => {
    const report = readJson(join(dir, name));
    return [report.id, report];
  }));
}

/** The raw text as a format keeps it: CSV cannot tell an empty text from none (missingValues ['']). */
function printedRaw(raw: string | undefined, format: string): string | null {
  return raw === undefined || (raw === '' && format === 'csv') ? null : raw;
}

async function rows(connection: DuckDBConnection, sql: string): Promise<Record<string, any>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJS() as Record<string, any>[];
}

describe('the dataset of a crawl of the demo portal', () => {
  let portal: DemoPortal;
  let outDir: string;
  let docs: Map<string, any>;
  let duplicateId: string;
  let duplicateOf: any;
  let connection: DuckDBConnection;

  beforeAll(async () => {
    portal = await startDemoPortal();
    outDir = mkdtempSync(join(tmpdir(), 'xxgk-dataset-'));
    (await crawl([portal.url], { ...DEFAULT_CRAWL_OPTIONS, outDir, years: [2019, 2025], delayMs: 20, fetcher: { backoffMs: 50, timeoutMs: 10_000 } })).close();
    const reportsDir = join(outDir, 'reports');
    const files = readdirSync(reportsDir).sort();
    const first = files[0];
    // The copy's original: a report found at one URL only (which of two URLs of the same bytes
    // is fetched first, and so which report carries the other as its alternate, depends on timing).
    const second = files.slice(1).find((file) => !readJson(join(reportsDir, file)).source.alternateUrls);
    // A report found from a seed with columns (meta.seed, interfaces.md), and the same bytes found at a second URL.
    const seeded = readJson(join(reportsDir, first!));
    seeded.meta.seed = { url: portal.url + '/', code: '511724', 'Portal name': '示例县' };
    writeFileSync(join(reportsDir, first!), JSON.stringify(seeded));
    duplicateOf = readJson(join(reportsDir, second!));
    const copy = structuredClone(duplicateOf);
    copy.id = 'ffffffffffffffffffff';
    copy.source.url = 'http://mirror.example.gov.cn/nb/copy.html';
    duplicateId = copy.id;
    writeFileSync(join(reportsDir, `${copy.id}.json`), JSON.stringify(copy));
    // A failed document (tables in images) and a 2019-template report printing its procurement amount in 元.
    await writeReportFile(outDir, await extractFile(join(FIXTURES, 'bad', 'tables-as-images.html')));
    const yuanPage = join(outDir, 'anxi-yuan.html');
    const page = new TextDecoder('gb18030').decode(readFileSync(join(SAMPLES, 'anxi-jtj-2020-template2019-gb2312.html')));
    expect(page).toContain('采购总金额（万元）');
    writeFileSync(yuanPage, iconv.encode(page.replace('采购总金额（万元）', '采购总金额（元）'), 'gb2312'));
    await writeReportFile(outDir, await extractFile(yuanPage));
    docs = documents(outDir);
    for (const format of ['csv', 'parquet', 'jsonl']) {
      const { code, stderr } = await runXxgk('export', outDir, '--format', format, '--out', join(outDir, `dataset-${format}`));
      expect(stderr).toBe('');
      expect(code).toBe(0);
    }
    connection = await (await DuckDBInstance.create(':memory:')).connect();
  }, 120_000);
  afterAll(() => portal?.close());

  const kept = (): any[] => [...docs.values()].filter((doc) => doc.id !== duplicateId);

  /** The tables of one format as DuckDB views: Parquet as written, CSV through the declared types of duckdb.sql. */
  async function load(format: string): Promise<any> {
    const dir = join(outDir, `dataset-${format}`);
    const script = readFileSync(join(dir, 'duckdb.sql'), 'utf8').replace(/'(\w+\.(?:csv|parquet|jsonl))'/g, (_, file) => `'${join(dir, file)}'`);
    for (const statement of script.split('\n').filter((line) => line.startsWith('CREATE'))) await connection.run(statement);
    return readJson(join(dir, 'datapackage.json'));
  }

  it.each(['csv', 'parquet', 'jsonl'])('%s: loads in DuckDB with the declared types, every column described in datapackage.json', async (format) => {
    const pkg = await load(format);
    expect(pkg.resources.map((r: any) => r.name)).toEqual(['reports', 'figures', 'checks', 'figures_wide']);
    for (const resource of pkg.resources) {
      expect(resource.path).toBe(`${resource.name}.${format}`);
      const described = await rows(connection, `DESCRIBE ${resource.name}`);
      expect(described.map((c) => c.column_name)).toEqual(resource.schema.fields.map((f: any) => f.name));
      expect(described.map((c) => c.column_type)).toEqual(resource.schema.fields.map((f: any) => DUCKDB_TYPES[f.type]));
      for (const field of resource.schema.fields) expect(field.description).toMatch(/[\u4e00-\u9fff].* — [A-Za-z(]/);
      expect(resource.schema.missingValues).toEqual(['']);
      if (resource.name !== 'reports') expect(resource.schema.foreignKeys).toEqual([{ fields: ['report_id'], reference: { resource: 'reports', fields: ['id'] } }]);
    }
    const reportsFields = pkg.resources[0].schema.fields.map((f: any) => f.name);
    expect(reportsFields).toEqual(expect.arrayContaining(['seed_url', 'seed_code', 'seed_portal_name', 'region_code', 'year', 'alternate_urls']));
    expect(pkg.resources[0].schema.fields.find((f: any) => f.name === 'region_code').type).toBe('string');
    expect(pkg.resources[0].schema.fields.find((f: any) => f.name === 'year').type).toBe('integer');
  });

  it.each(['csv', 'parquet', 'jsonl'])('%s: a row per report (the duplicate once, its URL kept), values equal to the documents\'', async (format) => {
    await load(format);
    const reports = await rows(connection, 'SELECT * FROM reports ORDER BY id');
    expect(reports.map((r) => r.id)).toEqual(kept().map((d) => d.id).sort());
    expect(kept().length).toBeGreaterThanOrEqual(12);
    for (const row of reports) {
      const doc = docs.get(row.id);
      expect([row.title, row.agency, row.province, row.region_code, row.year, row.template, row.status, row.published_at, row.url, row.sha256])
        .toEqual([doc.meta.title, doc.meta.agency, doc.meta.region.province, doc.meta.region.code, doc.meta.year, doc.template, doc.extraction.status, doc.meta.publishedAt, doc.source.url, doc.source.sha256]);
      const values = Object.values(flatten(doc.figures));
      expect(doc.extraction.missing).toBeDefined();
      const reasons = Object.values(doc.extraction.missing);
      expect(row.figures_printed).toBe(values.filter((v) => v !== null).length);
      expect(row.figures_blank).toBe(reasons.filter((r) => r === 'blank').length);
      expect(row.figures_unread).toBe(reasons.filter((r) => r === 'unread').length);
      expect(row.checks_failed).toBe(doc.checks.filter((c: any) => !c.ok).length);
    }
    const withDuplicate = reports.find((r) => r.id === duplicateOf.id)!;
    expect(withDuplicate.alternate_urls).toBe('http://mirror.example.gov.cn/nb/copy.html');
    const seeded = reports.find((r) => r.seed_url !== null)!;
    expect([seeded.seed_url, seeded.seed_code, seeded.seed_portal_name]).toEqual([portal.url + '/', '511724', '示例县']);
    expect(reports.some((r) => r.template === '2019') && reports.some((r) => r.status === 'failed')).toBe(true);
    expect(reports.find((r) => r.agency === '大竹县人民政府')!.region_code).toBe('511724');
  });

  it.each(['csv', 'parquet', 'jsonl'])('%s: a row per figure and per check, equal to the documents, keys unique and foreign keys held', async (format) => {
    await load(format);
    const figures = await rows(connection, 'SELECT report_id, field, value, missing, unit, raw, row_label_zh, column_label_zh FROM figures');
    const expected = kept().filter((d) => d.extraction.status !== 'failed').flatMap((doc) =>
      Object.entries(flatten(doc.figures)).map(([field, value]) => [doc.id, field, value, value === null ? doc.extraction.missing[field] : null, printedRaw(doc.extraction.provenance[field]?.raw, format)]));
    expect(figures.map((f) => [f.report_id, f.field, f.value, f.missing, f.raw]).sort()).toEqual(expected.sort());
    const checks = await rows(connection, 'SELECT report_id, "check", ok, expected, actual, message FROM checks');
    const expectedChecks = kept().flatMap((doc) => doc.checks.map((c: any) => [doc.id, c.id, c.ok, c.expected, c.actual, c.message]));
    expect(checks.map((c) => Object.values(c)).sort()).toEqual(expectedChecks.sort());
    expect(checks.some((c) => !c.ok)).toBe(true);
    for (const table of ['figures', 'checks', 'figures_wide']) {
      const [orphans] = await rows(connection, `SELECT count(*) AS n FROM ${table} t ANTI JOIN reports r ON t.report_id = r.id`);
      expect(Number(orphans!.n)).toBe(0);
    }
    const [dupFigures] = await rows(connection, 'SELECT count(*) - count(DISTINCT (report_id, field)) AS n FROM figures');
    expect(Number(dupFigures!.n)).toBe(0);
    // Labels and units: a blank 法人 cell of 龙岗, a 2019 amount printed in 元 and one in 万元.
    const longgang = kept().find((d) => d.meta.agency === '深圳市龙岗区教育局');
    const blank = figures.find((f) => f.report_id === longgang.id && f.field === 'applications.newReceived.researchInstitution')!;
    expect(blank).toMatchObject({ value: null, missing: 'blank', row_label_zh: '本年新收政府信息公开申请数量', column_label_zh: '法人或其他组织：科研机构', unit: '件' });
    const amounts = figures.filter((f) => f.field === 'proactive.centralizedProcurement.amount').map((f) => [f.value, f.unit]).sort();
    expect(amounts).toEqual(expect.arrayContaining([[286.4, '万元'], [286.4, '元']]));
  });

  it.each(['csv', 'parquet', 'jsonl'])('%s: figures_wide has a row per report that has figures and a column per field of both templates', async (format) => {
    await load(format);
    const wide = await rows(connection, 'SELECT * FROM figures_wide');
    const withFigures = kept().filter((d) => d.extraction.status !== 'failed');
    expect(wide).toHaveLength(withFigures.length);
    for (const row of wide) {
      const doc = docs.get(row.report_id);
      for (const [field, value] of Object.entries(flatten(doc.figures))) expect(row[field]).toBe(value);
      if (doc.template === '2019') expect(row['proactive.rules.issued']).toBeNull();
    }
    const union = [...new Set([...figurePaths('2021'), ...figurePaths('2019')])];
    expect(Object.keys(wide[0]!).filter((name) => name.includes('.')).sort()).toEqual(union.sort());
  });
});

describe('the missing-value reason in the documents', () => {
  it('tells blank cells from figures not read and from rows the report lacks', async () => {
    const longgang = await extractFile(join(SAMPLES, 'longgang-edu-2022-ucap.html'));
    const reasons = longgang.extraction.missing!;
    const nulls = Object.entries(flatten(longgang.figures)).filter(([, value]) => value === null).map(([path]) => path);
    expect(Object.keys(reasons).sort()).toEqual(nulls.sort());
    expect(reasons['applications.newReceived.researchInstitution']).toBe('blank');
    expect(longgang.extraction.units).toEqual({ 'proactive.fees.amountWan': '万元' });
    const failed = await extractFile(join(FIXTURES, 'bad', 'tables-as-images.html'));
    expect(new Set(Object.values(failed.extraction.missing!))).toEqual(new Set(['unread']));
    expect(Object.keys(failed.extraction.missing!)).toHaveLength(200);
  });

  it('gives every kind of null its reason, from the provenance alone (OCR readings set aside included)', () => {
    const figures: [string, number | null][] = [
      ['applications.newReceived.naturalPerson', null], // printed blank
      ['applications.newReceived.total', null], // an OCR reading set aside: printed, not read
      ['applications.carriedOver.total', null], // row not found
      ['applications.results.granted.total', 3],
      ['applications.results.other.overdueFee.total', null], // （六） printed as one row
      ['applications.results.other.total.total', 2],
    ];
    const provenance = {
      'applications.newReceived.naturalPerson': { raw: ' ' },
      'applications.newReceived.total': { raw: '1O', confidence: 0.41 },
      'applications.results.granted.total': { raw: '3' },
      'applications.results.other.total.total': { raw: '2' },
    };
    expect(missingReasons('2021', figures, provenance)).toEqual({
      'applications.newReceived.naturalPerson': 'blank',
      'applications.newReceived.total': 'unread',
      'applications.carriedOver.total': 'unread',
      'applications.results.other.overdueFee.total': 'not in this template',
    });
    // Without the one-row （六）, a missing sub-row is unread.
    expect(missingReasons('2021', [['applications.results.other.overdueFee.total', null]], {})).toEqual({ 'applications.results.other.overdueFee.total': 'unread' });
  });

  it('reads the unit of the 2019 procurement amount from its cell or its header, and fixes the 2021 fees in 万元', () => {
    const amount = 'proactive.centralizedProcurement.amount';
    expect(amountUnits('2019', { [amount]: { raw: '12.5万元' } }, () => ['采购总金额（元）'])).toEqual({ [amount]: '万元' });
    expect(amountUnits('2019', { [amount]: { raw: '263042532' } }, () => ['信息内容', '采购项目数量', '采购总金额（元）'])).toEqual({ [amount]: '元' });
    expect(amountUnits('2019', { [amount]: { raw: '286.4' } }, () => ['采购总金额(单位:万元)'])).toEqual({ [amount]: '万元' });
    expect(amountUnits('2019', { [amount]: { raw: '286.4' } }, () => ['采购总金额'])).toEqual({});
    expect(amountUnits('2021', {}, () => [])).toEqual({ 'proactive.fees.amountWan': '万元' });
  });
});
