import { describe, expect, it } from 'vitest';
import { attachmentLinks, coveredYear, discoverLinks, hanwebRecords, isReportTitle, paginationUrls } from '../src/crawl/discover.js';
import { classifyNonContent, type FetchedResource } from '../src/crawl/fetcher.js';
import { parseYears } from '../src/cli/crawl.js';

const page = (url: string, text: string, contentType = 'text/html') => ({ url, text, contentType });

describe('report titles', () => {
  it.each([
    ['渠县教育局2024年政府信息公开工作年度报告', 2024],
    ['2023年度盱眙县自然资源和规划局政府信息公开工作年度报告', 2023],
    ['关于印发《2024年政务公开工作要点》的通知', null],
    ['关于做好2024年政府信息公开工作年度报告编制工作的通知', null],
    ['政府信息公开年报', null],
  ])('%s → %s', (title, year) => {
    expect(isReportTitle(title) ? coveredYear(title) : null).toBe(year);
  });
});

describe('listings', () => {
  it('TRS WCM: createPageHTML(pageCount, currentPage 0-based, "index", "html")', () => {
    const urls = paginationUrls('http://x.gov.cn/zwgk/nb/index.html', '<script>createPageHTML(4, 0, "index", "html");</script>');
    expect(urls).toEqual(['http://x.gov.cn/zwgk/nb/index_1.html', 'http://x.gov.cn/zwgk/nb/index_2.html', 'http://x.gov.cn/zwgk/nb/index_3.html']);
  });

  it("TRS 1-based variant: createPageHTML('page_div', 3, 1, 'common_list', 'shtml', 45)", () => {
    const urls = paginationUrls('http://x.gov.cn/nb/common_list.shtml', "createPageHTML('page_div', 3, 1, 'common_list', 'shtml', 45);");
    expect(urls).toEqual(['http://x.gov.cn/nb/common_list_2.shtml', 'http://x.gov.cn/nb/common_list_3.shtml']);
  });

  it('older TRS: var countPage = 3', () => {
    expect(paginationUrls('http://x.gov.cn/nb/index.html', 'var countPage = 3;')).toEqual(['http://x.gov.cn/nb/index_1.html', 'http://x.gov.cn/nb/index_2.html']);
  });

  it('Hanweb: the first records inside the datastore XML, later groups from dataproxy.jsp (after the records the page has)', () => {
    const text = `<div id="4616"><script type="text/xml"><datastore>
      <nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=3&columnid=4616&unitid=4616"></a>]]></nextgroup>
      <recordset><record><![CDATA[<li><a href="/art/2024/1/18/art_4616_1.html" title="某县水利局2023年政府信息公开工作年度报告">某县水利局2023年…</a></li>]]></record></recordset>
      </datastore></script></div><script>var totalRecord = 100;</script>`;
    expect(hanwebRecords(text)).toHaveLength(1);
    const links = discoverLinks(page('http://x.gov.cn/col/col4616/index.html', text));
    expect(links).toContainEqual({ url: 'http://x.gov.cn/art/2024/1/18/art_4616_1.html', kind: 'report', title: '某县水利局2023年政府信息公开工作年度报告', year: 2023 });
    const proxies = links.filter((link) => link.kind === 'listing').map((link) => new URL(link.url).searchParams);
    // One record embedded (less than a page: no evidence of the group), 15 a page, no group size
    // stated: Hanweb's default groups of three pages, from record 2 on.
    expect(proxies.map((p) => [p.get('startrecord'), p.get('endrecord'), p.get('perpage'), p.get('columnid')])).toEqual(
      [['2', '46', '15', '4616'], ['47', '91', '15', '4616'], ['92', '100', '15', '4616']]);
  });

  it('a dataproxy.jsp answer: records as XML', () => {
    const xml = '<datastore><totalrecord>2</totalrecord><recordset><record><![CDATA[<li><a href="/art/1.html">某镇2022年政府信息公开工作年度报告</a></li>]]></record></recordset></datastore>';
    expect(discoverLinks(page('http://x.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=1', xml, 'text/xml')).map((l) => l.url)).toEqual(['http://x.gov.cn/art/1.html']);
  });

  it('xxgk-list-{slug}-N pages from 共N页, and 下一页 links', () => {
    expect(paginationUrls('http://x.gov.cn/xxgk-list-zfxxgknb.html', '<div>共3页</div>')).toEqual(['http://x.gov.cn/xxgk-list-zfxxgknb-2.html', 'http://x.gov.cn/xxgk-list-zfxxgknb-3.html']);
    const links = discoverLinks(page('http://x.gov.cn/nb/list.asp?page=1', '<a href="list.asp?page=2">下一页</a>'));
    expect(links).toEqual([{ url: 'http://x.gov.cn/nb/list.asp?page=2', kind: 'listing', title: '下一页', year: null }]);
  });

  it('JSON listing APIs (gkmlpt): reports from {articles}, the next page while under total', () => {
    const json = JSON.stringify({ total: 25, articles: Array.from({ length: 10 }, (_, i) => ({ title: `某局${2015 + i}年政府信息公开工作年度报告`, url: `http://x.gov.cn/gkmlpt/content/1/${i}/post_${i}.html` })) });
    const links = discoverLinks(page('http://x.gov.cn/gkmlpt/api/all/123?page=1&sid=7', json, 'application/json'));
    expect(links.filter((l) => l.kind === 'report')).toHaveLength(10);
    expect(links.find((l) => l.kind === 'listing')?.url).toBe('http://x.gov.cn/gkmlpt/api/all/123?page=2&sid=7');
  });

  it('finds the column, hub and report links on a page, and attachments of a report page', () => {
    const links = discoverLinks(page('http://x.gov.cn/', `<a href="/zwgk/">政务公开</a><a href="/zwgk/zfxxgknb/">政府信息公开年报</a>
      <a href="/a.html">关于开展2024年安全生产检查的通知</a><a href="javascript:void(0)">某县2024年政府信息公开工作年度报告</a>`));
    expect(links.map((l) => [l.kind, l.url])).toEqual([['hub', 'http://x.gov.cn/zwgk/'], ['column', 'http://x.gov.cn/zwgk/zfxxgknb/']]);
    const attachments = attachmentLinks(page('http://x.gov.cn/nb/t1.html', '<a href="./P0201.pdf">年报.pdf</a><a href="/module/download/downfile.jsp?filename=ab.docx">下载</a><a href="/x.html">x</a>'));
    expect(attachments.map((l) => l.url)).toEqual(['http://x.gov.cn/nb/P0201.pdf', 'http://x.gov.cn/module/download/downfile.jsp?filename=ab.docx']);
  });
});

describe('answers that are not content', () => {
  const answer = (status: number, body: string, finalUrl = 'http://x.gov.cn/a.html'): FetchedResource => ({
    url: 'http://x.gov.cn/a.html', finalUrl, status, bytes: Buffer.from(body), contentType: 'text/html', charset: null, fileName: null, fetchedAt: '',
  });
  it.each([
    [answer(412, '<html><script>eval("$_ts")</script></html>'), /waf-challenge: 412/],
    [answer(521, '<script>document.cookie="__jsl_clearance_s=1";location.href=location.href</script>'), /waf-challenge: 521/],
    [answer(200, '<html>ok</html>', 'http://x.gov.cn/WZWSREL2FhLmh0bWw='), /waf-challenge: redirected to an 安恒/],
    [answer(200, '<html><head><title>页面不存在</title></head><body>抱歉</body></html>'), /soft-404/],
    [answer(200, '<html><script>window.location.replace("/index.html")</script></html>'), /redirect-shell/],
    [answer(200, '<html><body><div id="app"></div><script src="/app.js"></script></body></html>'), /js-shell/],
    [answer(503, 'busy'), /HTTP 503/],
  ])('%#: %s', (resource, reason) => {
    expect(classifyNonContent(resource)?.reason).toMatch(reason);
  });
  it('lets a real page through', () => {
    expect(classifyNonContent(answer(200, '<html><head><title>某县2024年政府信息公开工作年度报告</title></head><body><p>' + '正文'.repeat(200) + '</p></body></html>'))).toBeNull();
  });
});

describe('--years', () => {
  it('takes a range or a year', () => {
    expect(parseYears('2021-2025')).toEqual([2021, 2025]);
    expect(parseYears('2024')).toEqual([2024, 2024]);
    expect(() => parseYears('last year')).toThrow(/--years/);
  });
});

describe('listing variants', () => {
  it('reads Hanweb totals written as totalRecord: N and perPage: N in a script object', () => {
    const text = `<datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&columnid=9"></a>]]></nextgroup></datastore>
      <script>new Jpage({ totalRecord: 40, perPage: 10 });</script>`;
    const urls = paginationUrls('http://x.gov.cn/col/col9/index.html', text).map((u) => new URL(u).searchParams.get('startrecord'));
    // No record in the page: from the first, in groups of three pages.
    expect(urls).toEqual(['1', '31']);
  });
  it('finds a JSON listing API that a page loads', () => {
    const text = `<script>$.get("/gkmlpt/api/all/5621?page=1&sid=757008", render)</script>`;
    expect(paginationUrls('http://x.gov.cn/gkmlpt/annualreport', text)).toEqual(['http://x.gov.cn/gkmlpt/api/all/5621?page=1&sid=757008']);
  });
});

describe('years in Chinese numerals', () => {
  it('reads 二〇二四年 in a report title', () => {
    expect(coveredYear('某县人民政府二〇二四年政府信息公开工作年度报告')).toBe(2024);
    expect(coveredYear('某县二零二二年度政府信息公开工作年度报告')).toBe(2022);
    expect(isReportTitle('某县人民政府二〇二四年政府信息公开工作年度报告')).toBe(true);
  });
});

describe('listing pages of other shapes', () => {
  it('takes a title cut short by the listing, and a list embedded in a frame', () => {
    const links = discoverLinks(page('http://x.gov.cn/nb/', `<a href="/nb/t1.html">渠县教育局2024年政府信息公开工作年...</a>
      <a href="/nb/t2.html">关于2024年政务公开…</a><iframe src="/nb/list_frame.html"></iframe>`));
    expect(links.map((l) => [l.kind, l.url, l.year])).toEqual([
      ['report', 'http://x.gov.cn/nb/t1.html', 2024], ['hub', 'http://x.gov.cn/nb/list_frame.html', null],
    ]);
  });
});
