/**
 * A demo county portal on 127.0.0.1, made of the sample reports: a TRS WCM column
 * (createPageHTML pages), a Hanweb/大汉 column (datastore XML, dataproxy.jsp, downfile.jsp
 * attachments), an xxgk-list column, GBK pages, unrelated notices, reports of other years, and
 * faults (429 with Retry-After, 503 then 200, a redirect, a 404, a slow page, a WAF challenge,
 * a robots.txt-disallowed path). Every request is logged, for the tests to check.
 *
 * For revisits: every 200 answer has an ETag and a Last-Modified and a conditional GET of an
 * unchanged page is answered 304; `publish()` adds a report to the TRS column (a report
 * published since the last crawl); `setDown(true)` drops every connection (the portal down).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { picturesFamily } from './families/pictures.js';
import { sample, send } from './http.js';


interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  /** When the request arrived (ms since the epoch, fractional), for checks of politeness. */
  at: number;
}

export interface DemoPortal {
  url: string;
  log: RequestLogEntry[];
  /** While down, every connection is dropped unanswered (logged with status 0). */
  setDown(down: boolean): void;
  /** Publishes a report at the top of the TRS column's first page. */
  publish(report: PublishedReport): void;
  close(): Promise<void>;
}

/** A report added to the demo portal while it runs. */
interface PublishedReport {
  /** Path of the report, under /zwgk/zfxxgknb/. */
  path: string;
  title: string;
  /** A file of samples/ served as the report, and its content type. */
  sample: string;
  contentType: string;
}

/** The same bytes as the TRS column's 大竹县 report, linked from the xxgk-list column at another URL. */
export const DEMO_ALTERNATE_PATH = '/xxgk-show-2002.html';

/** What a crawl of the demo portal over 2021–2025 must bring back: agency and year of each report. */
export const DEMO_EXPECTED_REPORTS = [
  ['大竹县人民政府', 2024], ['广安市人民政府', 2024], ['平阳县卫生健康局', 2024], ['深圳市龙岗区教育局', 2022],
  ['重庆市开州区汉丰街道办事处', 2021], ['盱眙县自然资源和规划局', 2023], ['杭州市余杭区水利局', 2022],
  ['重庆市万州区人力资源和社会保障局', 2023], ['渠县三汇镇人民政府', 2024],
] as const;

type Handler = (request: IncomingMessage, response: ServerResponse, hits: number) => void | Promise<void>;


function page(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}_示例县人民政府</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/zwgk/index.html">政务公开</a> <a href="/xwdt/index.html">新闻动态</a></div>
${body}<div class="footer">示例县人民政府 主办</div></body></html>`;
}

function list(items: [string, string][]): string {
  return `<ul class="list">${items.map(([href, title]) => `<li><a href="${href}" title="${title}" target="_blank">${title}</a><span>2025-01-20</span></li>`).join('\n')}</ul>`;
}

function attachmentPage(title: string, href: string, fileName: string): string {
  return page(title, `<h1>${title}</h1><div class="TRS_Editor"><p>根据《中华人民共和国政府信息公开条例》要求，现公布${title}，详见附件。</p>
<p>附件：<a href="${href}">${fileName}</a></p></div>`);
}

/** The TRS column's pages: 0-based createPageHTML, index.html, index_1.html, index_2.html. */
const TRS_PAGES: [string, string][][] = [
  [
    ['./202501/t20250122_100001.html', '大竹县人民政府2024年政府信息公开工作年度报告'],
    ['../tzgg/202501/t20250120_99001.html', '关于2025年春节放假安排的通知'],
    ['./202501/t20250127_100002.html', '广安市人民政府2024年政府信息公开工作年度报告'],
    ['../czzj/202402/t20240201_88001.html', '示例县教育局2024年部门预算公开'],
  ],
  [
    ['./202101/t20210126_70001.html', '安溪县交通运输局2020年政府信息公开工作年度报告'],
    ['./202501/t20250110_100003.html', '平阳县卫生健康局2024年政府信息公开工作年度报告'],
    ['./202301/t20230130_90001.html', '深圳市龙岗区教育局2022年政府信息公开工作年度报告'],
    ['/private/t20240101_1.html', '示例县审计局2023年政府信息公开工作年度报告'],
  ],
  [
    ['./202201/t20220121_80001.html', '重庆市开州区汉丰街道办事处2021年政府信息公开工作年度报告'],
    ['/zwgk/old/xuyi-2023.html', '盱眙县自然资源和规划局2023年政府信息公开工作年度报告'],
    ['./202301/t20230118_90404.html', '示例县统计局2022年政府信息公开工作年度报告'],
  ],
];

const HANWEB_RECORDS: [string, string][] = [
  ['/art/2023/1/18/art_4616_1001.html', '杭州市余杭区水利局2022年政府信息公开工作年度报告'],
  ['/art/2023/3/2/art_4616_1002.html', '关于开展2022年度政务公开工作考核的通知'],
  ['/art/2024/1/25/art_4616_1003.html', '重庆市万州区人力资源和社会保障局2023年政府信息公开工作年度报告'],
  ['/art/2022/1/20/art_4616_1004.html', '示例县市场监管局2021年政府信息公开工作年度报告'],
];
const HANWEB_PER_PAGE = 1;

function hanwebRecord([href, title]: [string, string]): string {
  return `<record><![CDATA[<li><a href="${href}" title="${title}" target="_blank">${title}</a><span>2024-01-25</span></li>]]></record>`;
}

/** What the demo portal serves besides its fixed pages. */
export interface DemoPortalOptions {
  /**
   * A column whose report page has its tables pasted as pictures (families/pictures.ts): `xxgk
   * demo` shows it; the tests of the crawl leave it out, for its OCR takes half a minute.
   */
  tablePictures?: boolean;
}

function routes(published: PublishedReport[], options: DemoPortalOptions): Map<string, Handler> {
  const map = new Map<string, Handler>();
  const html = (path: string, body: () => string | Buffer, type?: string) => map.set(path, (_q, r) => send(r, 200, body(), type));

  map.set('/robots.txt', (_q, r) => send(r, 200, 'User-agent: *\nDisallow: /private/\nDisallow: /search/\n', 'text/plain'));
  html('/', () => page('首页', `<a href="/zwgk/index.html">政务公开</a> <a href="/search/?q=年报">站内搜索</a> <a href="/xwdt/index.html">新闻动态</a>`));
  html('/zwgk/index.html', () => page('政务公开', `<h2>政府信息公开</h2>
<a href="/zwgk/zfxxgkzn/index.html">政府信息公开指南</a>
<a href="/zwgk/zfxxgknb/index.html">政府信息公开年报</a>
<a href="/col/col4616/index.html">部门信息公开年报</a>
<a href="/xxgk-list-zfxxgknb.html">乡镇信息公开年报</a>
<a href="/zwgk/tzgg/index.html">通知公告</a>${options.tablePictures ? `\n<a href="${picturesFamily().entry[0]}">${picturesFamily().entry[1]}</a>` : ''}`));
  if (options.tablePictures) for (const [path, handler] of picturesFamily().routes) map.set(path, (q, r) => handler(q, r, ''));

  // TRS WCM column.
  TRS_PAGES.forEach((items, n) => {
    const shown = (): [string, string][] => (n === 0 ? [...published.map((r): [string, string] => [`/zwgk/zfxxgknb/${r.path}`, r.title]), ...items] : items);
    html(`/zwgk/zfxxgknb/${n === 0 ? 'index' : `index_${n}`}.html`, () => page('政府信息公开年报',
      `${list(shown())}<div class="page"><script>createPageHTML(${TRS_PAGES.length}, ${n}, "index", "html");</script></div>`));
  });
  html('/zwgk/zfxxgknb/202501/t20250122_100001.html', () => sample('dazhu-gov-2024-trs.html'));
  map.set('/zwgk/zfxxgknb/202501/t20250127_100002.html', (_q, r, hits) =>
    hits === 1 ? send(r, 429, 'Too Many Requests', 'text/plain', { 'retry-after': '1' }) : send(r, 200, sample('guangan-gov-2024-trs-large.html')));
  html('/zwgk/zfxxgknb/202101/t20210126_70001.html', () => sample('anxi-jtj-2020-template2019-gb2312.html'), 'text/html');
  html('/zwgk/zfxxgknb/202501/t20250110_100003.html', () => attachmentPage('平阳县卫生健康局2024年政府信息公开工作年度报告', './P020250110391867452123.pdf', '平阳县卫生健康局2024年政府信息公开工作年度报告.pdf'));
  html('/zwgk/zfxxgknb/202501/P020250110391867452123.pdf', () => sample('pingyang-wjw-2024-portrait.pdf'), 'application/pdf');
  map.set('/zwgk/zfxxgknb/202301/t20230130_90001.html', (_q, r, hits) =>
    hits === 1 ? send(r, 503, 'Service Unavailable', 'text/plain') : send(r, 200, sample('longgang-edu-2022-ucap.html')));
  html('/private/t20240101_1.html', () => sample('dazhu-gov-2024-trs.html'));
  map.set('/zwgk/zfxxgknb/202201/t20220121_80001.html', async (_q, r) => {
    await new Promise((done) => setTimeout(done, 1200));
    send(r, 200, sample('kaizhou-hanfeng-2021-label-variants.html'));
  });
  map.set('/zwgk/old/xuyi-2023.html', (_q, r) => send(r, 301, '', 'text/html', { location: '/zwgk/zfxxgknb/202401/t20240119_100005.html' }));
  html('/zwgk/zfxxgknb/202401/t20240119_100005.html', () => sample('xuyi-zrzy-2023-hanweb-gbk.html'), 'text/html; charset=GBK');

  // Hanweb column: the first group of records in the page's datastore, the rest from dataproxy.jsp.
  const proxyHref = '/module/web/jpage/dataproxy.jsp?page=1&amp;appid=1&amp;webid=3&amp;path=/&amp;columnid=4616&amp;unitid=12345&amp;permissiontype=0';
  html('/col/col4616/index.html', () => page('部门信息公开年报', `<div id="12345"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="${proxyHref}"></a>]]></nextgroup>
<recordset>${HANWEB_RECORDS.slice(0, HANWEB_PER_PAGE * 3).map(hanwebRecord).join('\n')}</recordset></datastore></script></div>
<script>var totalRecord = ${HANWEB_RECORDS.length}; var perpage = ${HANWEB_PER_PAGE};</script>`));
  map.set('/module/web/jpage/dataproxy.jsp', async (q, r) => {
    // Hanweb answers the POST its pages send (form data); this one reads the form when there is one.
    let body = '';
    for await (const chunk of q) body += chunk;
    const params = q.method === 'POST' && body ? new URLSearchParams(body) : new URL(q.url!, 'http://x').searchParams;
    const start = Number(params.get('startrecord'));
    const end = Number(params.get('endrecord'));
    // Groups repeat the previous group's last record, as Hanweb's do.
    const records = HANWEB_RECORDS.slice(Math.max(0, start - 2), end);
    send(r, 200, `<?xml version="1.0" encoding="utf-8"?><datastore><totalrecord>${HANWEB_RECORDS.length}</totalrecord><totalpage>${Math.ceil(HANWEB_RECORDS.length / HANWEB_PER_PAGE)}</totalpage><recordset>${records.map(hanwebRecord).join('')}</recordset></datastore>`, 'text/xml; charset=utf-8');
  });
  html('/art/2023/1/18/art_4616_1001.html', () => sample('yuhang-sl-2022-hanweb-wrong-totals.html'));
  html('/art/2023/3/2/art_4616_1002.html', () => page('通知', '<p>各单位：请做好政务公开考核准备。</p>'));
  html('/art/2024/1/25/art_4616_1003.html', () => attachmentPage('重庆市万州区人力资源和社会保障局2023年政府信息公开工作年度报告',
    '/module/download/downfile.jsp?classid=0&showname=%E5%B9%B4%E6%8A%A5.pdf&filename=5f3a9c2b7d.pdf', '年报.pdf'));
  map.set('/module/download/downfile.jsp', (q, r) => {
    const name = new URL(q.url!, 'http://x').searchParams.get('filename');
    send(r, 302, '', 'text/html', { location: `/attach/0/${name}` });
  });
  html('/attach/0/5f3a9c2b7d.pdf', () => sample('wanzhou-rsj-2023-page-break.pdf'), 'application/pdf');
  map.set('/art/2022/1/20/art_4616_1004.html', (_q, r) => send(r, 412, '<html><script>var _0x3f=["\\x63\\x6f"];eval(function(p){return p})("$_ts=window.$_ts")</script></html>'));

  // xxgk-list column (渠县 style), pages -1 and -2, GBK with no charset in the header.
  html('/xxgk-list-zfxxgknb.html', () => page('乡镇信息公开年报', `${list([
    ['/xxgk-show-2001.html', '渠县三汇镇人民政府2024年政府信息公开工作年度报告'],
    ['/xxgk-show-1999.html', '关于三汇镇2024年防汛工作的通知'],
    [DEMO_ALTERNATE_PATH, '大竹县人民政府2024年政府信息公开工作年度报告'],
  ])}<div class="page">共2页 <a href="/xxgk-list-zfxxgknb-2.html">下一页</a></div>`));
  html('/xxgk-list-zfxxgknb-2.html', () => page('乡镇信息公开年报', `${list([
    ['/xxgk-show-1201.html', '渠县三汇镇人民政府2019年政府信息公开工作年度报告'],
  ])}<div class="page">共2页</div>`));
  html('/xxgk-show-2001.html', () => sample('quxian-sanhui-2024-xxgk-gbk.html'), 'text/html');
  html('/xxgk-show-1201.html', () => page('2019', '<p>old</p>'));
  html(DEMO_ALTERNATE_PATH, () => sample('dazhu-gov-2024-trs.html'));
  // A department's own page with no annual-report column and no way to one (a seed to diagnose).
  html('/lonely/index.html', () => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>示例县档案馆</title></head><body>
<h1>示例县档案馆</h1><ul><li><a href="/lonely/news1.html">档案馆开展档案开放日活动</a></li><li><a href="/lonely/news2.html">馆藏档案数字化工作通报</a></li></ul></body></html>`);
  return map;
}

export async function startDemoPortal(port = 0, options: DemoPortalOptions = {}): Promise<DemoPortal> {
  const published: PublishedReport[] = [];
  const table = routes(published, options);
  const hits = new Map<string, number>();
  const log: RequestLogEntry[] = [];
  let down = false;
  const server: Server = createServer((request, response) => {
    const at = performance.timeOrigin + performance.now();
    if (down) {
      log.push({ method: request.method ?? 'GET', path: request.url ?? '/', status: 0, at });
      request.socket.destroy();
      return;
    }
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const count = (hits.get(path) ?? 0) + 1;
    hits.set(path, count);
    const handler = table.get(path);
    response.on('finish', () => log.push({ method: request.method ?? 'GET', path: request.url ?? '/', status: response.statusCode, at }));
    if (!handler) return send(response, 404, page('页面不存在', '<p>404</p>'));
    Promise.resolve(handler(request, response, count)).catch(() => send(response, 500, 'error', 'text/plain'));
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/`,
    log,
    setDown: (value) => {
      down = value;
    },
    publish: (report) => {
      published.unshift(report);
      table.set(`/zwgk/zfxxgknb/${report.path}`, (_q, r) => send(r, 200, sample(report.sample), report.contentType));
    },
    close: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}
