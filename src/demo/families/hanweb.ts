/**
 * A Hanweb/大汉 JCMS column whose page embeds a first group of one page of 2 records
 * (jpage perPage 2, groupSize 1), not 45: later records come only from POST dataproxy.jsp, in
 * groups that repeat the previous group's last record, and only with the page's param block.
 */
import { sample, send } from '../http.js';
import { portalPage, type DemoFamily, type FamilyHandler } from './types.js';

const PER_PAGE = 2;
const GROUP_SIZE = 1;
const COLUMN = 5234;
const UNIT = 88912;

const RECORDS: [string, string][] = [
  ['/art/2025/2/10/art_5234_3001.html', '关于做好2025年政务公开工作的通知'],
  ['/art/2021/1/20/art_5234_3002.html', '安溪县交通运输局2020年政府信息公开工作年度报告'], // outside 2021–2025
  ['/art/2023/1/18/art_5234_3003.html', '杭州市余杭区水利局2022年政府信息公开工作年度报告'],
  ['/art/2024/3/2/art_5234_3004.html', '渠县2023年度政务公开工作考核结果公示'],
  ['/art/2025/1/10/art_5234_3005.html', '平阳县卫生健康局2024年政府信息公开工作年度报告'],
];

function record([href, title]: [string, string]): string {
  return `<record><![CDATA[<li><a href="${href}" title="${title}" target="_blank">${title}</a><span>2025-01-10</span></li>]]></record>`;
}

function columnPage(): string {
  const first = RECORDS.slice(0, PER_PAGE * GROUP_SIZE);
  return portalPage('部门信息公开年报', `<div class="bt-rig-cen-01"><div id="${UNIT}"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=3&path=/&columnid=${COLUMN}&unitid=${UNIT}&webname=%E6%B8%A0%E5%8E%BF&permissiontype=0"></a>]]></nextgroup>
<recordset>
${first.map(record).join('\n')}
</recordset></datastore></script></div></div>
<script type="text/javascript">var param_${UNIT} = {col:1, appid:1, webid:3, path:'/', columnid:${COLUMN}, sourceContentType:1, unitid:'${UNIT}', webname:'渠县人民政府', permissiontype:0};</script>
<script language="javascript" src="/module/web/jpage/jquery.page.min.js"></script>
<script language="javascript">
$(document).ready(function(){
  $('#${UNIT}').jpage({ dataStore: dataStore, perPage: ${PER_PAGE}, groupSize: ${GROUP_SIZE}, barPosition: 'bottom', proxyUrl: '/module/web/jpage/dataproxy.jsp', totalRecord: ${RECORDS.length}, pageType: 'ajax', param: param_${UNIT} });
});
</script>`);
}

/** dataproxy.jsp as Hanweb's servlet answers: the range from query or form, the unit only from the form. */
const dataproxy: FamilyHandler = (request, response, body) => {
  const query = new URL(request.url!, 'http://x').searchParams;
  const form = new URLSearchParams(body);
  const param = (name: string) => form.get(name) ?? query.get(name);
  if (request.method !== 'POST' || form.get('columnid') !== String(COLUMN) || form.get('unitid') !== String(UNIT)) {
    return send(response, 200, '<?xml version="1.0" encoding="utf-8"?><datastore><totalrecord>0</totalrecord><recordset></recordset></datastore>', 'text/xml; charset=utf-8');
  }
  const start = Number(param('startrecord'));
  const end = Number(param('endrecord'));
  const records = RECORDS.slice(Math.max(0, start - 2), end);
  send(response, 200, `<?xml version="1.0" encoding="utf-8"?><datastore><totalrecord>${RECORDS.length}</totalrecord><totalpage>${Math.ceil(RECORDS.length / PER_PAGE)}</totalpage><recordset>${records.map(record).join('')}</recordset></datastore>`, 'text/xml; charset=utf-8');
};

export function hanwebFamily(): DemoFamily {
  const routes = new Map<string, FamilyHandler>([
    [`/col/col${COLUMN}/index.html`, (_q, r) => send(r, 200, columnPage())],
    ['/module/web/jpage/dataproxy.jsp', dataproxy],
    ['/art/2023/1/18/art_5234_3003.html', (_q, r) => send(r, 200, sample('yuhang-sl-2022-hanweb-wrong-totals.html'))],
    ['/art/2025/1/10/art_5234_3005.html', (_q, r) => send(r, 200, sample('pingyang-wjw-2024-nested-marks.html'))],
  ]);
  return {
    name: 'hanweb-group-of-2',
    routes,
    entry: [`/col/col${COLUMN}/index.html`, '部门信息公开年报'],
    expected: [['杭州市余杭区水利局', 2022], ['平阳县卫生健康局', 2024]],
    neverFetched: ['/art/2025/2/10/art_5234_3001.html', '/art/2021/1/20/art_5234_3002.html', '/art/2024/3/2/art_5234_3004.html'],
  };
}
