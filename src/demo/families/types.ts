/** What a listing family of the family demo portal brings: its routes, its column link, its reports. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A route's handler; `body` is the request's body (POST form or JSON), read before the call. */
export type FamilyHandler = (request: IncomingMessage, response: ServerResponse, body: string) => void | Promise<void>;

export interface DemoFamily {
  name: string;
  /** Path → handler, on the county portal's host. */
  routes: Map<string, FamilyHandler>;
  /** Where the county portal's 政务公开 page links to the family's column: [href, link text]. */
  entry: [string, string];
  /** Agency and year of every report a 2021–2025 crawl must bring back from this family. */
  expected: [string, number][];
  /** Paths on the county host that such a crawl must never request. */
  neverFetched: string[];
}

/** A page in a county portal's style: GB/T meta tags, a nav bar, a footer. */
export function portalPage(title: string, body: string, head = ''): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}_渠县人民政府</title>
<meta name="SiteName" content="渠县人民政府"><meta name="ColumnName" content="${title}">${head}</head><body>
<div class="nav"><a href="/">首页</a> <a href="/zwgk/index.html">政务公开</a> <a href="/xwdt/index.html">新闻动态</a></div>
<div class="main">${body}</div><div class="footer">渠县人民政府办公室 主办</div></body></html>`;
}

export function li(href: string, title: string, date = '2024-01-25'): string {
  return `<li><a href="${href}" title="${title}" target="_blank">${title}</a><span class="date">${date}</span></li>`;
}
