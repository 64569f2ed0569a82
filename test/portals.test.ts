import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filterPortals, loadPortalDirectory, parsePortalDirectory, portalForUrl } from '../src/portals/directory.js';
import { extractBytes, fillFromLink } from '../src/pipeline/extract.js';
import { ROOT, SAMPLES, WORKPLACE_SHARED, runXxgk } from './helpers.js';

const SHARED_DIRECTORY = join(WORKPLACE_SHARED, 'portal-directory', 'portals.tsv');

describe('the portal directory', () => {
  const directory = loadPortalDirectory();

  it.skipIf(!existsSync(SHARED_DIRECTORY))('is the workplace directory unchanged (checked where the shared folder is beside the clone)', () => {
    expect(readFileSync(join(ROOT, 'src', 'data', 'portals.tsv'), 'utf8')).toBe(readFileSync(SHARED_DIRECTORY, 'utf8'));
  });

  it('ships 3,215 portals, codes as strings', () => {
    expect(directory.portals).toHaveLength(3215);
    expect(directory.portals.every((p) => p.code === null || /^\d{6}$/.test(p.code))).toBe(true);
    expect(directory.portals.filter((p) => p.code === null)).toHaveLength(7);
    const quxian = directory.portals.find((p) => p.path === '四川省/达州市/渠县')!;
    expect(quxian).toMatchObject({ code: '511725', level: 'county', url: 'http://www.quxian.gov.cn/', region: { province: '四川省', city: '达州市', county: '渠县', code: '511725' } });
  });

  it('tells levels from the path: municipal districts are county level, 延边 a prefecture', () => {
    const byPath = (path: string) => directory.portals.find((p) => p.path === path)!;
    expect(byPath('北京市/朝阳区')).toMatchObject({ level: 'county', listedLevel: 'prefecture', region: { province: '北京市', city: null, county: '朝阳区', code: '110105' } });
    expect(byPath('吉林省/延边朝鲜族自治州')).toMatchObject({ level: 'prefecture', region: { province: '吉林省', city: '延边朝鲜族自治州', county: null, code: '222400' } });
    expect(byPath('北京市')).toMatchObject({ level: 'province', region: { province: '北京市', city: null, county: null, code: '110000' } });
    expect(filterPortals(directory.portals, { province: '四川省', level: 'county' })).toHaveLength(183);
    expect(filterPortals(directory.portals, { province: '四川', city: '达州', level: 'county' }).map((p) => p.name)).toEqual(['通川区', '达川区', '宣汉县', '开江县', '大竹县', '渠县', '万源市']);
  });

  it.each([
    ['http://www.quxian.gov.cn/xxgk-show-2001.html', '511725'],
    ['http://quxian.gov.cn/', '511725'],
    ['https://xxgk.quxian.gov.cn/nb/t1.html', '511725'], // a sub-site
    ['http://jyj.quxian.gov.cn:8080/a.html', '511725'], // a department's host
    ['http://nanguan.changchun.gov.cn/zwgk/', '220102'], // the longest listed suffix wins over changchun.gov.cn
    ['http://jyj.changchun.gov.cn/', '220100'],
    ['http://www.chizhou.gov.cn/', '341700'], // listed for 池州市 and 贵池区: their common parent
    ['http://www.putuo.gov.cn/', null], // 普陀区 of 上海 and of 舟山: no common parent
    ['http://www.gov.cn/zhengce/', null],
    ['http://sc.gov.cn.example.com/', null],
    ['http://127.0.0.1:8080/', null],
    ['not a url', null],
  ])('%s → %s', (url, code) => {
    expect(portalForUrl(url)?.code ?? null).toBe(code);
  });

  it('parses any directory of the same columns (quoted fields, a BOM, a missing code)', () => {
    const text = '\ufeffcode\tpath\tlevel\turl\thomepage_2026_04\n511725\t四川省/达州市/渠县\tcounty\thttp://www.quxian.gov.cn/\tok\n\t重庆市/两江新区\tcounty\thttps://www.ljxq.gov.cn/\t"unreachable HTTP412"\n';
    const parsed = parsePortalDirectory(text);
    expect(parsed.portals.map((p) => [p.code, p.level, p.homepage])).toEqual([['511725', 'county', 'ok'], [null, 'county', 'unreachable HTTP412']]);
    expect(parsed.forUrl('http://www.ljxq.gov.cn/a')?.region).toEqual({ province: '重庆市', city: null, county: '两江新区', code: null });
  });
});

describe('the region of a report from its portal', () => {
  const text = readFileSync(join(SAMPLES, 'xuanhan-fgj-2023-copied-text.txt'), 'utf8');
  const extract = (body: string, url: string) => extractBytes({ bytes: Buffer.from(body), source: { url, finalUrl: url, fetchedAt: null }, read: {} });

  it('comes from the directory when the agency name tells none', async () => {
    const report = await extract(text.replaceAll('宣汉县发展和改革局', '发展和改革局'), 'https://www.xuanhan.gov.cn/xxgk/nb/t20240118_1.html');
    expect(report.meta.agency).toBe('发展和改革局');
    expect(report.meta.region).toEqual({ province: '四川省', city: '达州市', county: '宣汉县', code: '511722' });
    expect((report.figures as any).applications.newReceived.total).toBe(JSON.parse(readFileSync(join(SAMPLES, 'xuanhan-fgj-2023-copied-text.expected.json'), 'utf8')).figures.applications.newReceived.total);
  });

  it("the agency's name wins over the portal's", async () => {
    const report = await extract(text, 'http://www.quxian.gov.cn/xxgk-show-1.html');
    expect(report.meta.region).toEqual({ province: '四川省', city: '达州市', county: '宣汉县', code: '511722' });
  });

  it("on a department's site off the directory, comes from the portal of the crawl's site", async () => {
    const report = await extract(text.replaceAll('宣汉县发展和改革局', '发展和改革局'), 'http://www.xhfgj.cn/xxgk/nb/1.html');
    expect(report.meta.region.code).toBeNull();
    fillFromLink(report, { title: null, year: null, site: 'xuanhan.gov.cn' });
    expect(report.meta.region).toEqual({ province: '四川省', city: '达州市', county: '宣汉县', code: '511722' });
    const named = await extract(text, 'http://www.xhfgj.cn/xxgk/nb/1.html');
    fillFromLink(named, { title: null, year: null, site: 'quxian.gov.cn' });
    expect(named.meta.region.county).toBe('宣汉县');
  });

  it('stays unknown off the directory', async () => {
    const report = await extract(text.replaceAll('宣汉县发展和改革局', '发展和改革局'), 'http://127.0.0.1:8080/nb/1.html');
    expect(report.meta.region).toEqual({ province: null, city: null, county: null, code: null });
  });
});

describe('xxgk portals', () => {
  it('prints the 183 county-level portals of 四川省 as URLs', async () => {
    const { code, stdout } = await runXxgk('portals', '--province', '四川省', '--level', 'county', '--format', 'urls');
    expect(code).toBe(0);
    const urls = stdout.trim().split('\n');
    expect(urls).toHaveLength(183);
    expect(urls.every((url) => /^https?:\/\/[^/\s]+\/$/.test(url))).toBe(true);
    expect(urls).toContain('http://www.quxian.gov.cn/');
  });

  it('prints a frame with a header whose first column is url (tsv, csv), codes as text', async () => {
    const tsv = await runXxgk('portals', '--city', '达州市');
    const lines = tsv.stdout.trim().split('\n').map((line) => line.split('\t'));
    expect(lines[0]).toEqual(['url', 'code', 'name', 'province', 'city', 'county', 'level', 'homepage_2026_04']);
    expect(lines.slice(1).map((l) => l[1])).toEqual(['511700', '511702', '511703', '511722', '511723', '511724', '511725', '511781']);
    const csv = await runXxgk('portals', '--province', '北京市', '--level', 'county', '--format', 'csv');
    expect(csv.stdout.split('\n')[1]).toBe('https://www.bjdch.gov.cn/,110101,东城区,北京市,,东城区,county,ok');
    expect(csv.stdout.trim().split('\n')).toHaveLength(17);
  });

  it('refuses an unknown level or format', async () => {
    expect((await runXxgk('portals', '--level', 'town')).code).not.toBe(0);
    expect((await runXxgk('portals', '--format', 'xml')).stderr).toMatch(/unknown format/);
  });
});
