/**
 * A JPaaS column (Hanweb's newer platform): the page is a shell whose script loads the list from
 * /api-gateway/jpaas-publish-server/front/page/build/unit?…&paramJson={"pageNo":N,"pageSize":2},
 * answered as JSON {data: {html}} with a pager (共N页) in the HTML.
 */
import { sample, send } from '../http.js';
import { li, portalPage, type DemoFamily, type FamilyHandler } from './types.js';

const PAGE_SIZE = 2;
const UNIT_PATH = '/api-gateway/jpaas-publish-server/front/page/build/unit';
const QUERY = 'parseType=bulidstatic&webId=6f1c2e&tplSetId=9a8b7c&pageType=column&tagId=%E4%BF%A1%E6%81%AF%E5%88%97%E8%A1%A8&editType=null&pageId=c7001';

const ITEMS: [string, string][] = [
  ['/art/2022/1/21/art_7001_501.html', '重庆市开州区汉丰街道办事处2021年政府信息公开工作年度报告'],
  ['/art/2022/3/1/art_7001_502.html', '关于公布2022年第一批政务公开示范点的通知'],
  ['/art/2025/1/27/art_7001_503.html', '广安市人民政府2024年政府信息公开工作年度报告'],
];

function columnPage(): string {
  const first = `${UNIT_PATH}?${QUERY}&paramJson=${encodeURIComponent(JSON.stringify({ pageNo: 1, pageSize: PAGE_SIZE }))}`;
  return portalPage('政府信息公开年报', `<div id="c7001-list" class="xxgk-list"></div>
<script type="text/javascript">
  $(function () { $.get("${first}", function (res) { $('#c7001-list').html(res.data.html); }); });
</script>`);
}

const unit: FamilyHandler = (request, response) => {
  const query = new URL(request.url!, 'http://x').searchParams;
  if (query.get('pageId') !== 'c7001') return send(response, 200, JSON.stringify({ code: 500, success: false, data: null }), 'application/json;charset=UTF-8');
  const { pageNo = 1, pageSize = PAGE_SIZE } = JSON.parse(query.get('paramJson') ?? '{}') as { pageNo?: number; pageSize?: number };
  const pages = Math.ceil(ITEMS.length / pageSize);
  const html = `<ul class="list">${ITEMS.slice((pageNo - 1) * pageSize, pageNo * pageSize).map(([href, title]) => li(href, title)).join('')}</ul>
<div class="pagination"><span>共 ${ITEMS.length} 条</span><span>共 ${pages} 页</span><span>第 ${pageNo} 页</span></div>`;
  send(response, 200, JSON.stringify({ code: 200, success: true, message: 'ok', data: { html } }), 'application/json;charset=UTF-8');
};

export function jpaasFamily(): DemoFamily {
  const routes = new Map<string, FamilyHandler>([
    ['/col/col7001/index.html', (_q, r) => send(r, 200, columnPage())],
    [UNIT_PATH, unit],
    [ITEMS[0]![0], (_q, r) => send(r, 200, sample('kaizhou-hanfeng-2021-label-variants.html'))],
    [ITEMS[2]![0], (_q, r) => send(r, 200, sample('guangan-gov-2024-trs-large.html'))],
  ]);
  return {
    name: 'jpaas',
    routes,
    entry: ['/col/col7001/index.html', '乡镇信息公开年报'],
    expected: [['重庆市开州区汉丰街道办事处', 2021], ['广安市人民政府', 2024]],
    neverFetched: [ITEMS[1]![0]],
  };
}
