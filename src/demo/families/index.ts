/**
 * The family demo portals: a county portal (127.0.0.1, one port) whose 政务公开 page leads to a
 * column of each listing family seen on real portals (Hanweb groups of any size, TRS search API,
 * JPaaS units, gkmlpt), and whose 部门信息公开 page and 乡镇信息公开 link lead to a department's
 * site on another host (another port); a third host, linked from the county portal but not as a
 * department's, must never be fetched. Every request is logged with its host and body.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { send } from '../http.js';
import { departmentRoutes, DEPARTMENT_EXPECTED, DEPARTMENT_NEVER_FETCHED } from './department.js';
import { gkmlptFamily } from './gkmlpt.js';
import { hanwebFamily } from './hanweb.js';
import { jpaasFamily } from './jpaas.js';
import { trsSearchFamily } from './trs-search.js';
import { portalPage, type DemoFamily, type FamilyHandler } from './types.js';

export type { DemoFamily } from './types.js';
export { picturesFamily } from './pictures.js';

interface FamilyRequest {
  host: 'county' | 'department' | 'outside';
  method: string;
  path: string;
  status: number;
  body: string;
  /** When the request arrived (ms since epoch): for the politeness checks. */
  at: number;
}

export interface FamilyPortals {
  /** The county portal's home page: the seed. */
  url: string;
  departmentUrl: string;
  outsideUrl: string;
  families: DemoFamily[];
  /** Agency and year of every report a 2021–2025 crawl must bring back. */
  expected: [string, number][];
  /** [host, path] pairs that such a crawl must never request. */
  neverFetched: [FamilyRequest['host'], string][];
  log: FamilyRequest[];
  close(): Promise<void>;
}

function demoFamilies(): DemoFamily[] {
  return [hanwebFamily(), trsSearchFamily(), jpaasFamily(), gkmlptFamily()];
}

async function serve(name: FamilyRequest['host'], routes: Map<string, FamilyHandler>, log: FamilyRequest[]): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const at = Date.now();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      response.on('finish', () => log.push({ host: name, method: request.method ?? 'GET', path: request.url ?? '/', status: response.statusCode, body, at }));
      const handler = routes.get(new URL(request.url ?? '/', 'http://x').pathname);
      if (!handler) return send(response, 404, '<html><head><title>404 页面不存在</title></head><body>404</body></html>');
      Promise.resolve(handler(request, response, body)).catch(() => send(response, 500, 'error', 'text/plain'));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

/** Starts the portals with the given families on the county portal (default: demoFamilies()). */
export async function startFamilyPortals(families: DemoFamily[] = demoFamilies()): Promise<FamilyPortals> {
  const log: FamilyRequest[] = [];
  const outside = await serve('outside', new Map([['/', (_q, r) => send(r, 200, portalPage('首页', '<a href="/zwgk/nb/">政府信息公开年报</a>'))]]), log);
  const department = await serve('department', departmentRoutes(), log);
  const county = new Map<string, FamilyHandler>([
    ['/robots.txt', (_q, r) => send(r, 200, 'User-agent: *\nDisallow: /private/\nDisallow: /search/\n', 'text/plain')],
    ['/', (_q, r) => send(r, 200, portalPage('首页', `<a href="/zwgk/index.html">政务公开</a> <a href="/bmxxgk/index.html">部门信息公开</a>
<a href="${department.url}xzxxgk/">乡镇信息公开</a> <a href="/search/?q=年报">站内搜索</a>
<a href="${outside.url}">达州市教育局</a><div class="links"><a href="${outside.url}">中国政府网</a></div>`))],
    ['/zwgk/index.html', (_q, r) => send(r, 200, portalPage('政务公开', `<h2>政府信息公开</h2>
<a href="/zwgk/zfxxgkzn/index.html">政府信息公开指南</a>
${families.map(({ entry: [href, text] }) => `<a href="${href}">${text}</a>`).join('\n')}`))],
    ['/bmxxgk/index.html', (_q, r) => send(r, 200, portalPage('部门信息公开', `<ul class="bm-list">
<li><a href="${department.url}" target="_blank">渠县教育局</a></li>
<li><a href="/private/bm/wjj/" target="_blank">渠县卫生健康局</a></li></ul>`))],
  ]);
  for (const family of families) for (const [path, handler] of family.routes) county.set(path, handler);
  const portal = await serve('county', county, log);
  const servers = [portal.server, department.server, outside.server];
  return {
    url: portal.url,
    departmentUrl: department.url,
    outsideUrl: outside.url,
    families,
    expected: [...families.flatMap((family) => family.expected), ...DEPARTMENT_EXPECTED],
    neverFetched: [
      ...families.flatMap((family) => family.neverFetched.map((path): [FamilyRequest['host'], string] => ['county', path])),
      ...DEPARTMENT_NEVER_FETCHED.map((path): [FamilyRequest['host'], string] => ['department', path]),
      ['county', '/private/bm/wjj/'], ['county', '/search/'],
    ],
    log,
    close: () => Promise.all(servers.map((server) => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }))).then(() => undefined),
  };
}
