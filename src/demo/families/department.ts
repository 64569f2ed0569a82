/**
 * A department's own disclosure site on another host, which the county portal links to from its
 * 部门信息公开 page (and its 乡镇信息公开 link): 渠县教育局's report page has its tables only in an
 * attachment served from /download?id=… with the name only in Content-Disposition (GBK bytes,
 * a misleading .pdf extension and a path in it: the content is a DOCX).
 */
import { sample, send } from '../http.js';
import { li, type FamilyHandler } from './types.js';

export const DEPARTMENT_EXPECTED: [string, number][] = [['盱眙县自然资源和规划局', 2023]];
export const DEPARTMENT_NEVER_FETCHED = ['/private/t20240110_2.html', '/xxgk/tzgg/t20240301_3.html'];

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}_渠县教育局</title></head><body>
<div class="top"><a href="/">首页</a> <a href="/xxgk/">政务公开</a></div>${body}<div class="foot">渠县教育局 版权所有</div></body></html>`;
}

/** The server's file name: GBK bytes sent raw (they arrive as latin1), with a path the crawler must not follow. */
const DISPOSITION_NAME = Buffer.from([
  ...Buffer.from('..\\..\\'),
  0xc7, 0xfe, 0xcf, 0xd8, 0xbd, 0xcc, 0xd3, 0xfd, 0xbe, 0xd6, // 渠县教育局 in GBK
  0xc4, 0xea, 0xb1, 0xa8, // 年报
  ...Buffer.from('.pdf'),
]).toString('latin1');

export function departmentRoutes(): Map<string, FamilyHandler> {
  return new Map<string, FamilyHandler>([
    ['/robots.txt', (_q, r) => send(r, 200, 'User-agent: *\nDisallow: /private/\n', 'text/plain')],
    ['/', (_q, r) => send(r, 200, page('首页', '<a href="/xxgk/">政务公开</a> <a href="/xwzx/">新闻中心</a>'))],
    ['/xzxxgk/', (_q, r) => send(r, 200, page('乡镇信息公开', '<a href="/xxgk/nb/index.html">政府信息公开年报</a>'))],
    ['/xxgk/', (_q, r) => send(r, 200, page('政务公开', '<a href="/xxgk/zn/">政府信息公开指南</a> <a href="/xxgk/nb/index.html">政府信息公开年报</a> <a href="/xxgk/tzgg/">通知公告</a>'))],
    ['/xxgk/nb/index.html', (_q, r) => send(r, 200, page('政府信息公开年报', `<ul>
${li('/xxgk/nb/202401/t20240115_1.html', '渠县教育局2023年政府信息公开工作年度报告')}
${li('/private/t20240110_2.html', '渠县教育局2022年政府信息公开工作年度报告')}
${li('/xxgk/tzgg/t20240301_3.html', '关于2024年秋季学期开学工作的通知')}
</ul>`))],
    ['/xxgk/nb/202401/t20240115_1.html', (_q, r) => send(r, 200, page('渠县教育局2023年政府信息公开工作年度报告', `<h1>渠县教育局2023年政府信息公开工作年度报告</h1>
<div class="article-content"><p>根据《中华人民共和国政府信息公开条例》规定，现公布渠县教育局2023年政府信息公开工作年度报告，全文请见附件。</p>
<p>附件：<a href="/download?id=123">附件1</a></p></div>`))],
    ['/download', (q, r) => {
      if (new URL(q.url!, 'http://x').searchParams.get('id') !== '123') return send(r, 404, 'not found', 'text/plain');
      send(r, 200, sample('xuyi-zrzy-2023-word.docx'), 'application/octet-stream', { 'content-disposition': `attachment; filename="${DISPOSITION_NAME}"` });
    }],
  ]);
}
