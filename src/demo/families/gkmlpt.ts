/**
 * Guangdong's gkmlpt platform: /gkmlpt/index carries `window._CONFIG` with the site's SID and the
 * category tree; a category's list is /gkmlpt/api/all/{id}?page=N&sid=… → {articles, total}.
 */
import { sample, send } from '../http.js';
import { portalPage, type DemoFamily, type FamilyHandler } from './types.js';

const SID = '757008';
const CATEGORY = 5621;
const PER_PAGE = 2;

const ARTICLES = [
  { id: 9101, title: '渠县三汇镇人民政府2024年政府信息公开工作年度报告', path: '/gkmlpt/content/9/9101/post_9101.html', date: 1737360000 },
  { id: 9100, title: '关于印发《2025年政务公开工作要点》的通知', path: '/gkmlpt/content/9/9100/post_9100.html', date: 1737000000 },
  { id: 8801, title: '盱眙县自然资源和规划局2023年政府信息公开工作年度报告', path: '/gkmlpt/content/8/8801/post_8801.html', date: 1705600000 },
];

function index(): string {
  const config = {
    SID, TITLE: '渠县人民政府信息公开', PATH: '/gkmlpt/',
    TREE: [
      { id: 5610, name: '机构职能', children: [] },
      { id: 5620, name: '政策文件', children: [{ id: 5622, name: '规范性文件', children: [] }] },
      { id: 5630, name: '年度报告', children: [{ id: CATEGORY, name: '政府信息公开年报', children: [] }, { id: 5632, name: '财政预决算', children: [] }] },
    ],
  };
  return portalPage('政府信息公开', `<div id="app"></div><script>window._CONFIG = ${JSON.stringify(config)};</script><script src="/gkmlpt/static/js/app.js"></script>`);
}

const api: FamilyHandler = (request, response) => {
  const url = new URL(request.url!, 'http://x');
  const category = Number(/\/gkmlpt\/api\/all\/(\d+)$/.exec(url.pathname)?.[1]);
  if (url.searchParams.get('sid') !== SID || category !== CATEGORY) return send(response, 200, JSON.stringify({ articles: [], total: 0 }), 'application/json');
  const page = Number(url.searchParams.get('page') ?? 1);
  const articles = ARTICLES.slice((page - 1) * PER_PAGE, page * PER_PAGE).map((a) => ({ id: a.id, title: a.title, url: `http://${request.headers.host}${a.path}`, date: a.date, publisher: '渠县人民政府' }));
  send(response, 200, JSON.stringify({ articles, total: ARTICLES.length, page }), 'application/json');
};

export function gkmlptFamily(): DemoFamily {
  const routes = new Map<string, FamilyHandler>([
    ['/gkmlpt/index', (_q, r) => send(r, 200, index())],
    [`/gkmlpt/api/all/${CATEGORY}`, api],
    [ARTICLES[0]!.path, (_q, r) => send(r, 200, sample('quxian-sanhui-2024-xxgk-gbk.html'), 'text/html')],
    [ARTICLES[2]!.path, (_q, r) => send(r, 200, sample('xuyi-zrzy-2023-hanweb-gbk.html'), 'text/html; charset=GBK')],
  ]);
  return {
    name: 'gkmlpt',
    routes,
    entry: ['/gkmlpt/index', '信息公开目录'],
    expected: [['渠县三汇镇人民政府', 2024], ['盱眙县自然资源和规划局', 2023]],
    neverFetched: [ARTICLES[1]!.path, '/gkmlpt/api/all/5610', '/gkmlpt/api/all/5632'],
  };
}
