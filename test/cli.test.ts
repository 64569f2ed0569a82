import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runXxgk, SAMPLES, SHARED } from './helpers.js';

const REFERENCE = join(SHARED, 'reference', 'quxian-education-2024.txt');
const xxgk = runXxgk;

describe('xxgk extract', () => {
  it('prints one JSON document per input as JSON Lines and exits 0', async () => {
    const { code, stdout } = await xxgk('extract', REFERENCE, join(SAMPLES, 'dazhu-gov-2024-trs.html'));
    expect(code).toBe(0);
    const docs = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(docs.map((doc) => doc.meta.agency)).toEqual(['渠县教育局', '大竹县人民政府']);
    expect(docs[1].figures.proactive.licensing.decisions).toBe(12873);
  });

  it('goes on past unreadable inputs, then exits 1 with one line per bad input', async () => {
    const { code, stdout, stderr } = await xxgk('extract', join(FIXTURES, 'bad', 'empty.html'), 'no-such-file.html', REFERENCE, join(FIXTURES, 'bad', 'random-binary.bin'));
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringContaining('empty.html: empty input'),
      expect.stringContaining('no-such-file.html: no such file'),
      expect.stringContaining('random-binary.bin: binary input'),
    ]);
    const docs = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(docs.map((doc) => doc.extraction.status)).toEqual(['failed', 'ok', 'failed']);
    expect(docs[1].meta.agency).toBe('渠县教育局');
  });

  it('writes DIR/reports/<id>.json and the original under DIR/raw/ with --out', async () => {
    const out = mkdtempSync(join(tmpdir(), 'xxgk-out-'));
    const { code, stdout } = await xxgk('extract', REFERENCE, join(SAMPLES, 'xuyi-zrzy-2023-hanweb-gbk.html'), '--out', out);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const files = readdirSync(join(out, 'reports'));
    expect(files).toHaveLength(2);
    const docs = files.map((file) => JSON.parse(readFileSync(join(out, 'reports', file), 'utf8')));
    const gbk = docs.find((doc) => doc.meta.agency === '盱眙县自然资源和规划局');
    expect(gbk.figures.proactive.fees.amountWan).toBe(1286.5);
    expect(readFileSync(join(out, gbk.source.file)).subarray(0, 6).toString()).toBe('<html>');
    expect(files).toContain(`${gbk.id}.json`);
  });

  it('takes a directory as every file in it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-dir-'));
    mkdirSync(join(dir, 'sub'));
    copyFileSync(REFERENCE, join(dir, 'a.txt'));
    copyFileSync(join(SAMPLES, 'xuyi-zrzy-2023-word.docx'), join(dir, 'sub', 'b.docx'));
    writeFileSync(join(dir, '.hidden'), 'x');
    const { code, stdout } = await xxgk('extract', dir);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n').map((line) => JSON.parse(line).meta.agency)).toEqual(['渠县教育局', '盱眙县自然资源和规划局']);
  });

  it('explains itself with --help', async () => {
    const top = await xxgk('--help');
    expect(top.stdout).toMatch(/extract/);
    expect(top.stdout).toMatch(/tables/);
    const sub = await xxgk('extract', '--help');
    expect(sub.stdout).toMatch(/--out <dir>/);
    expect(sub.stdout).toMatch(/Exit status/);
  });
});

describe('xxgk tables', () => {
  it('prints the grids with spans as JSON', async () => {
    const { code, stdout } = await xxgk('tables', join(SAMPLES, 'dazhu-gov-2024-trs.html'));
    expect(code).toBe(0);
    const { tables } = JSON.parse(stdout);
    const applications = tables.find((t: any) => t.cells.some((c: any) => c.text === '三、本年度办理结果'));
    expect(applications.cols).toBe(10);
    expect(applications.cells.find((c: any) => c.text === '三、本年度办理结果')).toMatchObject({ rowSpan: 22, colSpan: 1, col: 1 });
    expect(applications.cells.find((c: any) => c.text.startsWith('（本列数据'))).toMatchObject({ rowSpan: 3, colSpan: 3 });
  });

  it('prints one CSV line per cell, with the positions provenance refers to', async () => {
    const { stdout } = await xxgk('tables', REFERENCE, '--format', 'csv');
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('table,row,col,rowSpan,colSpan,page,x0,y0,x1,y1,text');
    const doc = JSON.parse((await xxgk('extract', REFERENCE)).stdout);
    const where = doc.extraction.provenance['applications.newReceived.total'];
    expect(lines).toContain(`${where.table},${where.row},${where.col},1,1,,,,,,0`);
  });
});

describe('xxgk tables on a PDF', () => {
  it('gives each cell its page and box, and marks a table stitched across pages', async () => {
    const { code, stdout } = await xxgk('tables', join(SAMPLES, 'wanzhou-rsj-2023-page-break.pdf'));
    expect(code).toBe(0);
    const { format, tables } = JSON.parse(stdout);
    expect(format).toBe('pdf');
    const applications = tables.find((t: any) => t.cells.some((c: any) => c.text.includes('本年新收')));
    expect(applications.stitchedPages).toEqual([2, 3]);
    expect(applications.cols).toBe(10);
    const cell = applications.cells.find((c: any) => c.text === '（七）总计');
    expect(cell).toMatchObject({ colSpan: 2, page: 3 });
    expect(cell.box.x1).toBeGreaterThan(cell.box.x0);
    // The header repeated at the top of page 3 is dropped: 申请人情况 appears once.
    expect(applications.cells.filter((c: any) => c.text === '申请人情况')).toHaveLength(1);
  });
});

describe('xxgk export', () => {
  it('writes the long CSV: one line per figure, the field column the contract\'s dotted path', async () => {
    const out = mkdtempSync(join(tmpdir(), 'xxgk-export-'));
    await xxgk('extract', REFERENCE, join(SAMPLES, 'anxi-jtj-2020-template2019-gb2312.html'), '--out', out);
    const { code, stdout } = await xxgk('export', out, '--long');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('id,agency,year,region_code,province,city,county,template,status,field,value,raw,url');
    expect(lines).toHaveLength(1 + 200 + 198);
    const denied = lines.find((line) => line.includes('渠县教育局') && line.includes(',applications.results.denied.thirdPartyRights.naturalPerson,'));
    expect(denied).toMatch(/^\w+,渠县教育局,2024,511725,四川省,达州市,渠县,2021,ok,applications\.results\.denied\.thirdPartyRights\.naturalPerson,0,0,/);
    expect(lines.some((line) => /,安溪县交通运输局,2020,.*,proactive\.licensing\.changeThisYear,-3,-3,/.test(line))).toBe(true);
    // A file named as --out without --long is refused, not turned into a folder.
    const refused = await xxgk('export', out, '--out', join(out, 'figures.csv'));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('--long');
  });
});
