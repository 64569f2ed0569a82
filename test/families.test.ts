/** Listing families seen on real portals: the parsers, the requests they make, the crawl's scope. */
import { describe, expect, it } from 'vitest';
import { attachmentLinks, discoverLinks, paginationUrls, scriptObject } from '../src/crawl/discover.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Fetcher, fileNameOf, DEFAULT_FETCHER_OPTIONS } from '../src/crawl/fetcher.js';
import { formPost, jsonPost, requestFromKey, requestKey } from '../src/crawl/request.js';
import { inScope } from '../src/crawl/scope.js';

const page = (url: string, text: string, contentType = 'text/html') => ({ url, text, contentType });
const titles = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `某县第${from + i}局${2010 + ((from + i) % 15)}年政府信息公开工作年度报告`);

function hanwebPage(records: number, script: string): string {
  const items = titles(records).map((title, i) => `<record><![CDATA[<li><a href="/art/2024/1/${i + 1}/art_4616_${i + 1}.html" title="${title}" target="_blank">${title}</a><span>2024-01-25</span></li>]]></record>`).join('\n');
  return `<div id="5234"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=3&path=/&columnid=4616&unitid=5234&webname=%E6%9F%90%E5%8E%BF&permissiontype=0"></a>]]></nextgroup>
<recordset>${items}</recordset></datastore></script></div>
<script type="text/javascript">var param_5234 = {col:1, appid:1, webid:3, path:'/', columnid:4616, sourceContentType:1, unitid:'5234', webname:'某县人民政府', permissiontype:0};</script>
<script language="javascript" src="/module/web/jpage/jquery.page.min.js"></script>
<script>$(document).ready(function(){ ${script} });</script>`;
}

describe('Hanweb columns whose first group is not 45 records', () => {
  it.each([
    // perPage, groupSize, records in the page, total → the ranges asked for
    [20, 1, 20, 57, [[21, 40], [41, 57]]],
    [15, 2, 30, 61, [[31, 60], [61, 61]]],
    [15, 3, 45, 100, [[46, 90], [91, 100]]],
    [20, 3, 60, 60, []],
  ])('perPage %i, groupSize %i, %i records embedded of %i', (perPage, groupSize, embedded, total, ranges) => {
    const text = hanwebPage(embedded, `$('#5234').jpage({ dataStore: dataStore, perPage: ${perPage}, groupSize: ${groupSize}, barPosition: 'bottom', proxyUrl: '/module/web/jpage/dataproxy.jsp', totalRecord: ${total} });`);
    const links = discoverLinks(page('http://www.x.gov.cn/col/col4616/index.html', text));
    expect(links.filter((l) => l.kind === 'report')).toHaveLength(embedded);
    const requests = links.filter((l) => l.kind === 'listing').map((l) => requestFromKey(l.url));
    expect(requests.map((r) => {
      const form = new URLSearchParams(r.body);
      return [Number(form.get('startrecord')), Number(form.get('endrecord'))];
    })).toEqual(ranges);
    for (const request of requests) {
      // POSTed as the page's script posts it: the param block as form data, the range in the query too.
      expect(request.method).toBe('POST');
      expect(request.headers?.['content-type']).toMatch(/x-www-form-urlencoded/);
      const form = Object.fromEntries(new URLSearchParams(request.body));
      expect(form).toMatchObject({ col: '1', appid: '1', webid: '3', columnid: '4616', unitid: '5234', webname: '某县人民政府', permissiontype: '0', perpage: String(perPage) });
      expect(new URL(request.url).searchParams.get('startrecord')).toBe(form['startrecord']);
    }
  });

  it('with no group size stated, groups as large as the first one embedded (20 of perpage 20)', () => {
    const text = hanwebPage(20, 'var totalRecord = 45; var perpage = 20;');
    const ranges = paginationUrls('http://www.x.gov.cn/col/col4616/index.html', text).map((key) => new URLSearchParams(requestFromKey(key).body));
    expect(ranges.map((f) => [f.get('startrecord'), f.get('endrecord')])).toEqual([['21', '40'], ['41', '45']]);
  });

  it('reads a dataproxy answer whose group repeats the previous group\'s last record', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?><datastore><totalrecord>57</totalrecord><totalpage>3</totalpage><recordset>
      <record><![CDATA[<li><a href="/art/2024/1/20/art_4616_20.html" title="${titles(1, 20)[0]}">x</a></li>]]></record>
      <record><![CDATA[<li><a href="/art/2024/1/21/art_4616_21.html" title="${titles(1, 21)[0]}">x</a></li>]]></record></recordset></datastore>`;
    const links = discoverLinks(page('http://www.x.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=21&endrecord=40&perpage=20', xml, 'text/xml'));
    expect(links.map((l) => [l.kind, l.url])).toEqual([['report', 'http://www.x.gov.cn/art/2024/1/20/art_4616_20.html'], ['report', 'http://www.x.gov.cn/art/2024/1/21/art_4616_21.html']]);
  });
});

describe('TRS 动静结合 columns (Fujian): later pages only from the search API', () => {
  const script = (send: string) => `<ul class="list"><li><a href="./202401/t20240118_1.html" title="${titles(1)[0]}">${titles(1)[0]}</a></li></ul>
<div id="pagebar"></div>
<script type="text/javascript">
  var pageConfig = {
    listArgs: { channelid: '8a3c4f5d6e7f', sortfield: '-docorderpri,-docreltime', classsql: "chnlid=1234", ispublicity: 1 },
    pagebar: { prepage: 15, recordCount: 40, pagesize: 5 },
  };
  $.ajax({ url: '/fjdzapp/search', type: 'POST', ${send} success: render });
</script>`;

  it('POSTs pages 2…N of recordCount / prepage, with listArgs, as a form', () => {
    const links = discoverLinks(page('http://www.anxi.gov.cn/zwgk/zfxxgknb/index.htm', script('data: $.extend({page: n}, pageConfig.listArgs),')));
    expect(links.filter((l) => l.kind === 'report')).toHaveLength(1);
    const requests = links.filter((l) => l.kind === 'listing').map((l) => requestFromKey(l.url));
    expect(requests.map((r) => [r.method, r.url])).toEqual([['POST', 'http://www.anxi.gov.cn/fjdzapp/search'], ['POST', 'http://www.anxi.gov.cn/fjdzapp/search']]);
    expect(requests.map((r) => Object.fromEntries(new URLSearchParams(r.body)))).toEqual([2, 3].map((n) => ({
      channelid: '8a3c4f5d6e7f', sortfield: '-docorderpri,-docreltime', classsql: 'chnlid=1234', ispublicity: '1', page: String(n), prepage: '15',
    })));
  });

  it('sends JSON when the script does', () => {
    const requests = paginationUrls('http://www.anxi.gov.cn/zwgk/zfxxgknb/index.htm', script("contentType: 'application/json', data: JSON.stringify(args),")).map(requestFromKey);
    expect(requests).toHaveLength(2);
    expect(requests[0]!.headers?.['content-type']).toMatch(/application\/json/);
    expect(JSON.parse(requests[1]!.body!)).toMatchObject({ channelid: '8a3c4f5d6e7f', page: '3', prepage: '15' });
  });

  it('reads the API\'s JSON answer (doctitle / docpuburl)', () => {
    const json = JSON.stringify({ total: 40, page: 2, docs: [
      { doctitle: '安溪县交通运输局2023年政府信息公开工作年度报告', docpuburl: 'http://www.anxi.gov.cn/zwgk/zfxxgknb/202401/t20240119_2.htm', docreltime: '2024-01-19' },
      { doctitle: '关于2024年春节假期的通知', docpuburl: '/zwgk/tzgg/202402/t20240201_3.htm' },
    ] });
    const key = requestKey(formPost('http://www.anxi.gov.cn/fjdzapp/search', { channelid: '8a3c', page: '2' }));
    expect(discoverLinks(page(key, json, 'application/json;charset=UTF-8')).map((l) => [l.kind, l.url, l.year])).toEqual([
      ['report', 'http://www.anxi.gov.cn/zwgk/zfxxgknb/202401/t20240119_2.htm', 2023],
    ]);
  });
});

describe('JPaaS units ({data:{html}})', () => {
  const unit = '/api-gateway/jpaas-publish-server/front/page/build/unit?parseType=bulidstatic&webId=8f3e&tplSetId=a1b2&pageType=column&tagId=%E4%BF%A1%E6%81%AF%E5%88%97%E8%A1%A8&editType=null&pageId=c3d4&paramJson=%7B%22pageNo%22%3A1%2C%22pageSize%22%3A15%7D';
  it('finds the unit a page loads, whole or as path and data', () => {
    expect(paginationUrls('http://www.x.gov.cn/col/col1/index.html', `<script>$.get("${unit}", fill)</script>`)).toEqual([`http://www.x.gov.cn${unit}`]);
    const split = `<script>$.ajax({ url: '/api-gateway/jpaas-publish-server/front/page/build/unit', data: { webId: '8f3e', pageId: 'c3d4', pageType: 'column', tagId: '年报列表' }, success: fill });</script>`;
    expect(paginationUrls('http://www.x.gov.cn/col/col1/index.html', split)).toEqual(['http://www.x.gov.cn/api-gateway/jpaas-publish-server/front/page/build/unit?webId=8f3e&pageId=c3d4&pageType=column&tagId=%E5%B9%B4%E6%8A%A5%E5%88%97%E8%A1%A8']);
  });

  it('reads the list in data.html and asks for pages 2…N of its pager', () => {
    const html = `<ul>${titles(15).map((t, i) => `<li><a href="/art/2024/1/${i}/art_1_${i}.html" title="${t}">${t}</a></li>`).join('')}</ul><div class="pagination"><span>共 40 条</span> <span>共 3 页</span></div>`;
    const links = discoverLinks(page(`http://www.x.gov.cn${unit}`, JSON.stringify({ code: 200, success: true, data: { html } }), 'application/json'));
    expect(links.filter((l) => l.kind === 'report')).toHaveLength(15);
    const pages = links.filter((l) => l.kind === 'listing').map((l) => JSON.parse(new URL(l.url).searchParams.get('paramJson')!));
    expect(pages).toEqual([{ pageNo: 2, pageSize: 15 }, { pageNo: 3, pageSize: 15 }]);
  });

  it('with no pager, asks for the next page while a page has links, and stops at an empty one', () => {
    const second = `http://www.x.gov.cn${unit.replace('%22pageNo%22%3A1', '%22pageNo%22%3A2')}`;
    const withLinks = discoverLinks(page(second, JSON.stringify({ data: { html: `<a href="/a.html" title="${titles(1)[0]}">x</a>` } })));
    expect(withLinks.filter((l) => l.kind === 'listing').map((l) => JSON.parse(new URL(l.url).searchParams.get('paramJson')!).pageNo)).toEqual([3]);
    expect(discoverLinks(page(second, JSON.stringify({ data: { html: '<ul></ul>' } })))).toEqual([]);
  });
});

describe("Guangdong's gkmlpt", () => {
  it('finds the annual-report category of _CONFIG by name, with the SID', () => {
    const text = `<script>window._CONFIG = {"SID":"757008","DEPT":{"name":"深圳市龙岗区人民政府"},"TREE":[{"id":5610,"name":"机构职能","children":[]},
      {"id":5620,"name":"政策文件","children":[{"id":5622,"name":"规范性文件","children":[]}]},{"name":"政府信息公开年报","id":5621,"children":[]}],"PATH":"/gkmlpt/"};</script>`;
    expect(paginationUrls('http://www.lg.gov.cn/gkmlpt/index', text)).toEqual(['http://www.lg.gov.cn/gkmlpt/api/all/5621?page=1&sid=757008']);
  });
});

describe('attachments named only by Content-Disposition', () => {
  it('takes download endpoints and links named like files as attachments', () => {
    const links = attachmentLinks(page('http://x.gov.cn/art/1.html', `<a href="/download?id=123">某县2024年政府信息公开工作年度报告</a>
      <a href="/common/file/getFile.do?fileId=9f8e">附件1</a><a href="/files/show?uuid=77">年报.docx</a><a href="/art/2.html">下一篇</a>`));
    expect(links.map((l) => l.url)).toEqual(['http://x.gov.cn/download?id=123', 'http://x.gov.cn/common/file/getFile.do?fileId=9f8e', 'http://x.gov.cn/files/show?uuid=77']);
  });

  it('reads the name: RFC 6266 filename*, quoted, GBK bytes arriving as latin1, UTF-8 bytes likewise', () => {
    const gbk = Buffer.from([0xc4, 0xea, 0xb1, 0xa8, 0x2e, 0x70, 0x64, 0x66]).toString('latin1'); // 年报.pdf in GBK
    expect(fileNameOf(`attachment; filename="${gbk}"`)).toBe('年报.pdf');
    expect(fileNameOf(`attachment; filename=${Buffer.from('年报.pdf').toString('latin1')}`)).toBe('年报.pdf');
    expect(fileNameOf("attachment; filename=\"nb.pdf\"; filename*=UTF-8''%E5%B9%B4%E6%8A%A5.pdf")).toBe('年报.pdf');
    expect(fileNameOf('attachment; filename=report 2024.pdf')).toBe('report 2024.pdf');
    expect(fileNameOf('inline')).toBeNull();
    expect(fileNameOf(undefined)).toBeNull();
  });
});

describe('requests as data', () => {
  it('keys a POST by its URL and a fragment, and reads it back', () => {
    const spec = jsonPost('http://x.gov.cn/fjdzapp/search', { channelid: 'a', page: 2 });
    const key = requestKey(spec);
    expect(key.startsWith('http://x.gov.cn/fjdzapp/search#xxgk-request=')).toBe(true);
    expect(requestFromKey(key)).toEqual(spec);
    expect(requestKey({ url: 'http://x.gov.cn/a.html', method: 'GET' })).toBe('http://x.gov.cn/a.html');
    expect(requestFromKey('http://x.gov.cn/a.html#top')).toEqual({ url: 'http://x.gov.cn/a.html#top', method: 'GET' });
    expect(requestKey(formPost('http://x/a', { b: '1' }))).not.toBe(requestKey(formPost('http://x/a', { b: '2' })));
  });

  it('the fetcher makes the request a key describes: method, headers and body', async () => {
    const seen: { method?: string; type?: string; body: string; path?: string }[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        seen.push({ method: request.method, type: request.headers['content-type'], body, path: request.url });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"docs":[]}');
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const fetcher = new Fetcher({ ...DEFAULT_FETCHER_OPTIONS, retries: 0 });
      const json = await fetcher.fetch(requestKey(jsonPost(`${base}/fjdzapp/search`, { channelid: 'a', page: 2 })));
      const form = await fetcher.fetch(requestKey(formPost(`${base}/module/web/jpage/dataproxy.jsp?startrecord=3`, { columnid: '9' })));
      expect(json.ok && form.ok).toBe(true);
      expect(seen).toEqual([
        { method: 'POST', type: 'application/json;charset=UTF-8', body: '{"channelid":"a","page":2}', path: '/fjdzapp/search' },
        { method: 'POST', type: 'application/x-www-form-urlencoded; charset=UTF-8', body: 'columnid=9', path: '/module/web/jpage/dataproxy.jsp?startrecord=3' },
      ]);
    } finally {
      server.close();
    }
  });

  it('reads script objects (quoted or not)', () => {
    expect(scriptObject(`var listArgs = { channelid: 'a1', "n": 3, x: "y z" }`, /listArgs\s*=\s*\{/)).toEqual({ channelid: 'a1', n: '3', x: 'y z' });
  });
});

describe('scope: department and town sites the portal links to', () => {
  const site = 'quxian.gov.cn';
  const home = { url: 'http://www.quxian.gov.cn/', title: null };
  const departments = { url: 'http://www.quxian.gov.cn/bmxxgk/index.html', title: '部门信息公开' };
  it.each([
    [home, { url: 'http://xxgk.quxian.gov.cn/nb/' }, true], // a sub-site of the same domain
    [home, { url: 'http://www.qxjy.cn/' }, false], // another host, not vouched for
    [home, { url: 'http://bmxxgk.qxzwfw.cn/', scope: 'linked-site' as const }, true], // the portal's 部门信息公开 link to another host
    [home, { url: 'http://www.sc.gov.cn/', scope: 'linked-site' as const }, false], // another unit's portal (四川省)
    [home, { url: 'http://www.qxjy.cn/', scope: 'agency' as const }, false], // a department's name outside a department page
    [departments, { url: 'http://www.qxjy.cn/', scope: 'agency' as const }, true], // 县教育局 on the 部门信息公开 page
    [departments, { url: 'http://www.dazhou.gov.cn/', scope: 'agency' as const }, false], // 达州市人民政府: another unit
    [departments, { url: 'http://www.gov.cn/', scope: 'agency' as const }, false],
    [{ url: 'http://www.qxjy.cn/', title: '渠县教育局' }, { url: 'http://www.qxjy.cn/xxgk/nb/' }, true], // inside a department's site taken in
    [{ url: 'http://www.qxjy.cn/', title: '渠县教育局' }, { url: 'http://www.example.com/' }, false],
  ])('%#: %o → %o', (from, link, expected) => {
    expect(inScope({ site, from, link })).toBe(expected);
  });

  it('discovery marks the links: 部门信息公开 as linked-site, department names as agency', () => {
    const links = discoverLinks(page('http://www.quxian.gov.cn/bmxxgk/index.html', `<a href="http://bm.qxzwfw.cn/">部门信息公开</a>
      <a href="http://www.qxjy.cn/">渠县教育局</a><a href="http://sanhui.quxian.gov.cn/">三汇镇人民政府</a><a href="/about.html">关于我们</a>`));
    expect(links.map((l) => [l.url, l.kind, l.scope])).toEqual([
      ['http://bm.qxzwfw.cn/', 'hub', 'linked-site'], ['http://www.qxjy.cn/', 'hub', 'agency'], ['http://sanhui.quxian.gov.cn/', 'hub', 'agency'],
    ]);
  });
});

describe('JPaaS units whose first page has no paramJson', () => {
  it('asks for pages 2…N with paramJson added', () => {
    const url = 'http://www.x.gov.cn/api-gateway/jpaas-publish-server/front/page/build/unit?parseType=bulidstatic&webId=52&pageType=column&pageId=1638';
    const links = discoverLinks(page(url, JSON.stringify({ data: { html: `<a href="/a.html" title="${titles(1)[0]}">x</a><div>共 2 页</div>` } })));
    expect(links.filter((l) => l.kind === 'listing').map((l) => new URL(l.url).searchParams.get('paramJson'))).toEqual(['{"pageNo":2}']);
  });
});

describe('variants of the families met on other portals', () => {
  it('Hanweb: groupsize in any case, and a page count when no total is stated', () => {
    const text = hanwebPage(15, "$('#5234').jpage({ perpage: 15, groupsize: 1, proxyUrl: '/module/jpage/dataproxy.jsp' });").replace('<recordset>', '<totalpage>3</totalpage><recordset>');
    const ranges = paginationUrls('http://www.x.gov.cn/col/col4616/index.html', text).map((key) => new URLSearchParams(requestFromKey(key).body));
    expect(ranges.map((f) => [f.get('startrecord'), f.get('endrecord')])).toEqual([['16', '30'], ['31', '45']]);
  });

  it('TRS search API named by its absolute URL; JSON records with keys in other cases', () => {
    const text = `<script>var listArgs = { channelid: '229105', classsql: 'chnlid=39794' }; var pagebar = { prepage: 75, recordCount: '100' };
      $.post("https://www.x.gov.cn/fjdzapp/search", listArgs);</script>`;
    expect(paginationUrls('https://www.x.gov.cn/zwgk/nb/', text).map(requestFromKey).map((r) => [r.url, new URLSearchParams(r.body).get('page')])).toEqual([['https://www.x.gov.cn/fjdzapp/search', '2']]);
    const json = JSON.stringify({ data: [{ DocTitle: '某县2024年政府信息公开工作年度报告', DocPubUrl: '/nb/t1.htm' }], pageCount: 2 });
    expect(discoverLinks(page('https://www.x.gov.cn/fjdzapp/search', json, 'application/json')).map((l) => l.url)).toEqual(['https://www.x.gov.cn/nb/t1.htm']);
  });

  it.each([
    ['部门信息公开', 'linked-site'], ['乡镇（街道）信息公开', 'linked-site'], ['部门和乡镇信息公开', 'linked-site'], ['县直部门', 'linked-site'],
    ['乡镇街道', 'linked-site'], ['部门信息公开年报', 'linked-site'], ['渠县教育局', 'agency'], ['渠县教育局信息公开网', 'agency'], ['三汇镇人民政府', 'agency'],
    ['政府信息公开', undefined], ['关于我们', undefined],
  ])('%s → %s', (text, scope) => {
    const links = discoverLinks(page('http://www.x.gov.cn/', `<a href="http://other.example.cn/">${text}</a>`));
    expect(links[0]?.scope).toBe(scope);
  });

  it('takes a download path ending in an id as an attachment, not a downloads page', () => {
    const links = attachmentLinks(page('http://x.gov.cn/art/1.html', '<a href="/file/download/20240118001">渠县教育局年报</a><a href="/download/index.html">下载中心</a>'));
    expect(links.map((l) => l.url)).toEqual(['http://x.gov.cn/file/download/20240118001']);
  });
});

describe('Hanweb groups: the first group embedded is the evidence', () => {
  it('asks for no more at once than the page embeds, whatever groupSize says', () => {
    const text = hanwebPage(30, "$('#5234').jpage({ perPage: 15, groupSize: 3, totalRecord: 100 });");
    const ranges = paginationUrls('http://www.x.gov.cn/col/col4616/index.html', text).map((key) => new URLSearchParams(requestFromKey(key).body));
    expect(ranges.map((f) => [f.get('startrecord'), f.get('endrecord')])).toEqual([['31', '60'], ['61', '90'], ['91', '100']]);
  });
});
