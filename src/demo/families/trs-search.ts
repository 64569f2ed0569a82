/**
 * A TRS "动静结合" column as Fujian's portals publish them: the first page static (index.htm),
 * the later pages only through the search API the page's script calls (POST /fjdzapp/search
 * with `listArgs` and the page number as a form), which answers JSON.
 */
import { sample, send } from '../http.js';
import { li, portalPage, type DemoFamily, type FamilyHandler } from './types.js';

const PREPAGE = 2;
const CHANNEL = '8a3c4f5d7e2b41a6';
const BASE = '/zwgk/fjnb';

/** Every document of the channel, newest first; page 1 is the static one. */
const DOCS: { title: string; path: string; date: string }[] = [
  { title: '大竹县人民政府2024年政府信息公开工作年度报告', path: `${BASE}/202501/t20250122_7100001.htm`, date: '2025-01-22' },
  { title: '关于2025年春节期间值班安排的通知', path: `${BASE}/202501/t20250120_7100000.htm`, date: '2025-01-20' },
  { title: '深圳市龙岗区教育局2022年政府信息公开工作年度报告', path: `${BASE}/202301/t20230130_7000001.htm`, date: '2023-01-30' },
  { title: '渠县三汇镇人民政府2019年政府信息公开工作年度报告', path: `${BASE}/202001/t20200115_6800001.htm`, date: '2020-01-15' }, // outside 2021–2025
  { title: '重庆市万州区人力资源和社会保障局2023年政府信息公开工作年度报告', path: `${BASE}/202401/t20240125_7050001.htm`, date: '2024-01-25' },
];

function firstPage(): string {
  return portalPage('政府信息公开年报', `<ul class="list" id="list">${DOCS.slice(0, PREPAGE).map((d) => li(`.${d.path.slice(BASE.length)}`, d.title, d.date)).join('\n')}</ul>
<div id="pagebar"></div>
<script type="text/javascript">
  var pageConfig = {
    listArgs: { channelid: '${CHANNEL}', sortfield: '-docorderpri,-docreltime', classsql: 'chnlid=4910', classcol: 'publishyear', cache: 'true', prepage: ${PREPAGE} },
    pagebar: { prepage: ${PREPAGE}, recordCount: '${DOCS.length}', pagesize: 5 },
  };
  function loadPage(n) {
    $.ajax({ url: '/fjdzapp/search', type: 'POST', dataType: 'json', data: $.extend({}, pageConfig.listArgs, { page: n }), success: renderList });
  }
</script>`);
}

/** The search API: a form in, JSON out, as the page's script asks it. */
const search: FamilyHandler = (request, response, body) => {
  const args = Object.fromEntries(new URLSearchParams(body));
  if (!/x-www-form-urlencoded/.test(request.headers['content-type'] ?? '')) return send(response, 400, JSON.stringify({ success: false, msg: '参数错误' }), 'application/json;charset=UTF-8');
  if (request.method !== 'POST' || args['channelid'] !== CHANNEL) return send(response, 200, JSON.stringify({ success: true, total: 0, docs: [] }), 'application/json;charset=UTF-8');
  const page = Number(args['page'] ?? 1);
  const docs = DOCS.slice((page - 1) * PREPAGE, page * PREPAGE).map((d) => ({ doctitle: d.title, chnldocurl: `http://${request.headers.host}${d.path}`, docreltime: d.date, chnlname: '政府信息公开年报' }));
  send(response, 200, JSON.stringify({ success: true, page, pageCount: Math.ceil(DOCS.length / PREPAGE), total: DOCS.length, docs }), 'application/json;charset=UTF-8');
};

export function trsSearchFamily(): DemoFamily {
  const routes = new Map<string, FamilyHandler>([
    [`${BASE}/index.htm`, (_q, r) => send(r, 200, firstPage())],
    ['/fjdzapp/search', search],
    [DOCS[0]!.path, (_q, r) => send(r, 200, sample('dazhu-gov-2024-trs.html'))],
    [DOCS[2]!.path, (_q, r) => send(r, 200, sample('longgang-edu-2022-ucap.html'))],
    [DOCS[4]!.path, (_q, r) => send(r, 200, sample('wanzhou-rsj-2023-trs-wrong-totals.html'))],
  ]);
  return {
    name: 'trs-search-api',
    routes,
    entry: [`${BASE}/index.htm`, '政府信息公开年报'],
    expected: [['大竹县人民政府', 2024], ['深圳市龙岗区教育局', 2022], ['重庆市万州区人力资源和社会保障局', 2023]],
    neverFetched: [DOCS[1]!.path, DOCS[3]!.path],
  };
}
