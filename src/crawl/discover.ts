/**
 * What a fetched page leads to: annual-report columns, further pages of a listing, reports
 * (by their titles, with the covered year) and attachments. Pure: page text in, links out.
 * Listing families: TRS WCM (createPageHTML, countPage; 动静结合 columns whose later pages come
 * from a search API), Hanweb/大汉 JCMS (datastore XML and dataproxy.jsp, any group size),
 * JPaaS (`{data:{html}}` units), xxgk-list-{slug}-N, plain 下一页 links, Guangdong's gkmlpt
 * (`_CONFIG` category tree, `{articles, total}`) and other JSON listing APIs. A link that needs
 * a POST comes back with a request key as its URL (see request.ts).
 */
import { load, type CheerioAPI } from 'cheerio';
import type { UrlKind } from '../store/state.js';
import { coveredYear, isReportTitle } from '../template/title.js';
import { formPost, jsonPost, requestFromKey, requestKey } from './request.js';

// Report titles and their years are recognised as the template's meta recognises them.
export { coveredYear, isReportTitle };

export interface DiscoveredLink {
  url: string;
  kind: UrlKind;
  title: string | null;
  /** The year a report covers, from its title. */
  year: number | null;
  /**
   * Why a link to another site may be in the crawl's scope (see scope.ts): `linked-site`, a
   * 部门/乡镇 信息公开 link of the portal; `agency`, a link named like a department or town
   * (县教育局, 三汇镇), in scope only on a page reached by such a link.
   */
  scope?: 'linked-site' | 'agency';
}

export interface PageInput {
  url: string;
  /** Decoded text of the page (HTML, XML or JSON). */
  text: string;
  contentType: string | null;
}

/** Column names of the annual reports. */
const COLUMN_NAME = /(?:政府)?信息公开(?:工作)?年(?:度)?报(?:告)?|公开年报|^年度报告$|^年报$/;
/** Links on the way to the column: 政务公开, 信息公开, 法定主动公开内容. */
const HUB_NAME = /^(?:政务公开|政务信息公开|信息公开|政府信息公开|(?:政府)?信息公开目录|法定主动公开内容|主动公开|公开目录|政务公开专栏|信息公开专栏|部门信息公开|乡镇信息公开|乡镇\(街道\)信息公开|部门|乡镇\(?街道\)?)$/;
const COLUMN_SLUG = /\/(?:zfxxgknb|xxgknb|gknb|nb|ndbg)(?:_\d+)?\/(?:index\.s?html?)?$|\/xxgk-list-(?:zfxxgknb|xxgknb|gknb|nb)[\w-]*\.html$/i;
const ATTACHMENT = /\.(?:pdf|docx?|wps|xlsx?|rtf)(?:$|\?)|\/module\/download\/downfile\.jsp/i;
/** Download endpoints whose file name is only in the answer's Content-Disposition (/download?id=123). */
const DOWNLOAD_ENDPOINT = /\/[\w.-]*(?:download|downfile|getfile|attachment|fujian)[\w.-]*(?:\/[^?#]*)?(?:\?[^#]*(?:id|file|name|path|uuid|code)\w*=|\/[\w-]*\d[\w-]*$)/i;
/** Link text naming an attachment: a file name, or 附件 / 下载. */
const ATTACHMENT_TEXT = /\.(?:pdf|docx?|wps|xlsx?|rtf)$|^(?:附件\s*\d*[:：]?|下载(?:附件)?|点击下载|\[?下载\]?)$/i;
const NEXT_PAGE = /^(?:下一页|下页|后一页|next|>|›|»)$/i;
/** Links through which a county portal points to its departments' and towns' disclosure sites. */
export const DEPARTMENT_HUB = /^(?:县直|区直|市直|县级|区级)?(?:部门|单位|乡镇|街道|镇街|乡镇[(（]?街道[)）]?|部门(?:和|及|与|、)乡镇(?:[(（]?街道[)）]?)?)(?:政府)?(?:信息|政务)?(?:公开)?(?:目录|专栏|平台|网站|导航)?$/;
/** A column of the departments' or towns' reports (部门信息公开年报): on another host, theirs too. */
const DEPARTMENT_COLUMN = /^(?:县直|区直|市直)?(?:部门|乡镇|街道|镇街)/;
/** A department's or town's name (县教育局, 三汇镇人民政府, 新华街道办事处): a link to its own site. */
const AGENCY_NAME = /^[\u4e00-\u9fa5（）()]{2,24}(?:局|委员会|委|办公室|人民政府|政府|镇|乡|街道办事处|街道|管委会|管理委员会|中心)(?:政府)?(?:信息公开|政务公开)?(?:网站|网|专栏|平台|门户)?$/;

/** Links from a listing, column, hub or seed page. */
export function discoverLinks(page: PageInput, extraReportTitle: RegExp | null = null): DiscoveredLink[] {
  if (/json/i.test(page.contentType ?? '') || /^\s*[{[]/.test(page.text)) {
    // JPaaS answers {data: {html}}: the list as HTML, read as a page.
    const html = jpaasHtml(page.text);
    if (html !== null) return [...discoverLinks({ url: page.url, text: html, contentType: 'text/html' }, extraReportTitle), ...jpaasPages(page.url, html)];
    return jsonListing(page);
  }
  const links = new Map<string, DiscoveredLink>();
  const add = (link: DiscoveredLink) => {
    const existing = links.get(link.url);
    // A report found by title outranks the same URL found as a page of a listing.
    if (!existing || (existing.kind !== 'report' && link.kind === 'report')) links.set(link.url, link);
  };
  // Hanweb hides the first page of a list in XML inside a script: read its records as HTML too.
  const html = page.text + hanwebRecords(page.text).join('\n');
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } });
  anchorLinks($, page.url, add, extraReportTitle);
  // Lists that a page embeds in a frame: followed as hubs (one level deeper, within the depth limit).
  $('iframe[src], frame[src]').each((_, frame) => {
    const url = resolveUrl($(frame).attr('src')!, page.url);
    if (url) add({ url, kind: 'hub', title: null, year: null });
  });
  for (const url of paginationUrls(page.url, page.text, $)) add({ url, kind: 'listing', title: null, year: null });
  return [...links.values()];
}

/** Attachment links of a report page (its tables may be there rather than on the page). */
export function attachmentLinks(page: PageInput): DiscoveredLink[] {
  const $ = load(page.text, { xml: { xmlMode: false, decodeEntities: true } });
  const out = new Map<string, DiscoveredLink>();
  $('a[href]').each((_, a) => {
    const url = resolveUrl($(a).attr('href')!, page.url);
    if (!url) return;
    const title = clean($(a).text()) || null;
    const named = title !== null && ATTACHMENT_TEXT.test(title);
    if (!ATTACHMENT.test(url) && !DOWNLOAD_ENDPOINT.test(url) && !(named && new URL(url).pathname !== new URL(page.url).pathname)) return;
    out.set(url, { url, kind: 'attachment', title, year: title ? coveredYear(title) : null });
  });
  return [...out.values()];
}

function anchorLinks($: CheerioAPI, base: string, add: (link: DiscoveredLink) => void, extraReportTitle: RegExp | null): void {
  $('a[href]').each((_, a) => {
    const anchor = $(a);
    const url = resolveUrl(anchor.attr('href')!, base);
    if (!url) return;
    const title = clean(anchor.attr('title') || anchor.text());
    if (title && (isReportTitle(title) || (extraReportTitle?.test(title) && coveredYear(title) !== null))) add({ url, kind: 'report', title, year: coveredYear(title) });
    else if (title && (COLUMN_NAME.test(title) || COLUMN_SLUG.test(new URL(url).pathname))) {
      add(DEPARTMENT_COLUMN.test(title) ? { url, kind: 'column', title, year: null, scope: 'linked-site' } : { url, kind: 'column', title, year: null });
    }
    else if (title && DEPARTMENT_HUB.test(title.replace(/\s+/g, ''))) add({ url, kind: 'hub', title, year: null, scope: 'linked-site' });
    else if (title && HUB_NAME.test(title)) add({ url, kind: 'hub', title, year: null });
    else if (title && NEXT_PAGE.test(title)) add({ url, kind: 'listing', title, year: null });
    else if (title && AGENCY_NAME.test(title.replace(/\s+/g, ''))) add({ url, kind: 'hub', title, year: null, scope: 'agency' });
  });
}

/** Further pages of a listing, as the CMS announces them. */
export function paginationUrls(url: string, text: string, $?: CheerioAPI): string[] {
  const urls: string[] = [];
  // TRS WCM: createPageHTML(pageCount, currentPage, "index", "html"), currentPage 0-based;
  // page n is index_{n-1}.html, the first index.html.
  const trs = /createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*["']([\w-]+)["']\s*,\s*["'](\w+)["']\s*\)/.exec(text);
  if (trs) {
    const [, count, , name, ext] = trs;
    for (let n = 1; n < Number(count); n++) urls.push(resolveUrl(`${name}_${n}.${ext}`, url)!);
  }
  // TRS 1-based variant: createPageHTML('page_div', pageCount, current, 'common_list', 'shtml', total).
  const trs1 = /createPageHTML\(\s*['"][\w-]+['"]\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*['"]([\w-]+)['"]\s*,\s*['"](\w+)['"]/.exec(text);
  if (trs1) {
    const [, count, , name, ext] = trs1;
    urls.push(resolveUrl(`${name}.${ext}`, url)!);
    for (let n = 2; n <= Number(count); n++) urls.push(resolveUrl(`${name}_${n}.${ext}`, url)!);
  }
  // Older TRS pages: var countPage = 17 (with index_1 … index_16).
  const countPage = /var\s+countPage\s*=\s*(\d+)/.exec(text);
  if (countPage && !trs && !trs1) for (let n = 1; n < Number(countPage[1]); n++) urls.push(resolveUrl(`index_${n}.html`, url)!);
  // xxgk-list-{slug}.html → xxgk-list-{slug}-N.html, N up to the 共N页 the page states.
  const xxgk = /\/xxgk-list-([\w]+?)(?:-(\d+))?\.html$/.exec(new URL(url).pathname);
  if (xxgk) {
    const total = Number(/共\s*(\d+)\s*页/.exec(text)?.[1] ?? 0);
    for (let n = 2; n <= total; n++) urls.push(resolveUrl(`xxgk-list-${xxgk[1]}-${n}.html`, url)!);
  }
  // JSON listing APIs that a page's script loads (gkmlpt and the like): their first page.
  for (const match of text.matchAll(/["'](\/[\w/.-]*\/api\/[\w/.-]+\?[^"'\s<>]*\bpage=\d+[^"'\s<>]*)["']/g)) {
    const api = resolveUrl(match[1]!, url);
    if (api) urls.push(api);
  }
  // Hanweb: later groups of records from dataproxy.jsp, as many at a time as the page's group holds.
  const hanweb = hanwebProxy(url, text);
  if (hanweb) urls.push(...hanweb);
  urls.push(...trsSearchPages(url, text), ...jpaasUnits(url, text), ...gkmlptCategories(url, text));
  if ($) {
    $('a[href]').each((_, a) => {
      const title = clean($(a).text());
      if (NEXT_PAGE.test(title)) {
        const next = resolveUrl($(a).attr('href')!, url);
        if (next) urls.push(next);
      }
    });
  }
  return [...new Set(urls)].filter((candidate) => candidate !== url);
}

/** The <record> CDATA sections of a Hanweb datastore (in a page, or a dataproxy.jsp answer). */
export function hanwebRecords(text: string): string[] {
  if (!text.includes('<record')) return [];
  return [...text.matchAll(/<record[^>]*>\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*<\/record>/g)].map((match) => match[1]!);
}

/**
 * Hanweb's later groups: POST dataproxy.jsp?startrecord=…&endrecord=…&perpage=… with the page's
 * `param` block as form data. The counts come from the page: totalRecord, perPage and groupSize
 * of its jpage script, else the records its datastore embeds (the first group: 15, 20, 45, 60…);
 * the next group starts after the records the page has, so that none is lost.
 */
function hanwebProxy(url: string, text: string): string[] | null {
  const store = /<datastore>[\s\S]*?<\/datastore>/.exec(text)?.[0] ?? '';
  const next = /<nextgroup>\s*<!\[CDATA\[\s*<a[^>]+href=["']([^"']+)["']/.exec(store || text)?.[1] ?? /proxyUrl["']?\s*[:=]\s*["']([^"']*dataproxy[^"']*)["']/i.exec(text)?.[1];
  const perPage = numberIn(text, /per_?page["']?\s*[=:]\s*["']?(\d+)/i) ?? 15;
  // The total of records; else the count of pages (an upper bound: the proxy answers fewer).
  const pages = numberIn(store, /<totalpage>\s*(\d+)\s*<\/totalpage>/i) ?? numberIn(text, /totalPage["']?\s*[=:]\s*["']?(\d+)/i);
  const total = numberIn(store, /<totalrecord>\s*(\d+)\s*<\/totalrecord>/i) ?? numberIn(text, /totalRecord["']?\s*[=:]\s*["']?(\d+)/i) ?? (pages ? pages * perPage : 0);
  if (!next || !total) return null;
  const base = resolveUrl(next.replace(/&amp;/g, '&'), url);
  if (!base) return null;
  const groupSize = numberIn(text, /groupSize["']?\s*[=:]\s*["']?(\d+)/i);
  const embedded = hanwebRecords(store).length;
  // A group as the page states it (perPage × groupSize); the first group the page embeds is the
  // best evidence of what the server answers at once, so a smaller one wins (no range is asked
  // for that the server might cut short). Fewer records than a page say nothing of the group.
  const declared = groupSize ? perPage * groupSize : null;
  const group = embedded >= perPage ? Math.min(embedded, declared ?? embedded) : declared ?? perPage * 3;
  const param = scriptObject(text, /\bparam\w*["']?\s*[:=]\s*\{/);
  const urls: string[] = [];
  for (let start = embedded + 1; start <= total; start += group) {
    const proxy = new URL(base);
    // The servlet reads query and form alike: the range in both, the page's param block in the form.
    proxy.searchParams.set('startrecord', String(start));
    proxy.searchParams.set('endrecord', String(Math.min(start + group - 1, total)));
    proxy.searchParams.set('perpage', String(perPage));
    const range = { startrecord: String(start), endrecord: String(Math.min(start + group - 1, total)), perpage: String(perPage) };
    urls.push(requestKey(formPost(proxy.href, { ...Object.fromEntries(proxy.searchParams), ...param, ...range })));
  }
  return urls;
}

/**
 * TRS 动静结合 columns (Fujian): the first page is static, later pages exist only as a search
 * API that the page's script calls with `listArgs:{channelid:…}` and `pagebar:{prepage,
 * recordCount}` (POST /fjdzapp/search, a form, or JSON when the script sends JSON).
 */
function trsSearchPages(url: string, text: string): string[] {
  const args = scriptObject(text, /\blistArgs["']?\s*[:=]\s*\{/);
  if (!args['channelid'] && !args['channelId']) return [];
  const pagebar = scriptObject(text, /\bpagebar["']?\s*[:=]\s*\{/);
  const perPage = Number(pagebar['prepage'] ?? pagebar['pageSize'] ?? args['prepage'] ?? 0);
  const records = Number(pagebar['recordCount'] ?? pagebar['total'] ?? 0);
  const pages = perPage > 0 && records > 0 ? Math.ceil(records / perPage) : Number(pagebar['pageCount'] ?? 0);
  const api = resolveUrl(/["']([\w/.:-]*\/fjdzapp\/search[\w/.-]*)["']/.exec(text)?.[1] ?? /\burl["']?\s*:\s*["']([^"']*search[^"']*)["']/.exec(text)?.[1] ?? '/fjdzapp/search', url);
  if (!api) return [];
  const json = /JSON\.stringify\s*\(|application\/json/.test(text);
  const urls: string[] = [];
  for (let n = 2; n <= pages; n++) {
    const fields = { ...args, page: String(n), prepage: String(perPage) };
    urls.push(requestKey(json ? jsonPost(api, fields) : formPost(api, fields)));
  }
  return urls;
}

const JPAAS_UNIT = /\/api-gateway\/jpaas-publish-server\/front\/page\/build\/unit(\?[^"'\s<>]+)?/g;

/**
 * JPaaS pages load their lists from /api-gateway/jpaas-publish-server/front/page/build/unit?…:
 * the URL whole in the script, or its path with the parameters as the call's `data: {…}`.
 */
function jpaasUnits(url: string, text: string): string[] {
  const units: string[] = [];
  for (const match of text.matchAll(JPAAS_UNIT)) {
    let href = match[0].replace(/&amp;/g, '&');
    if (!match[1]) {
      const data = scriptObject(text.slice(match.index), /\bdata["']?\s*:\s*\{/);
      if (Object.keys(data).length === 0) continue;
      href += '?' + new URLSearchParams(data).toString();
    }
    const unit = resolveUrl(href, url);
    if (unit) units.push(unit);
  }
  return units;
}

/** The HTML of a JPaaS unit answer ({data: {html}} or {data: "<…>"}), or null for other JSON. */
function jpaasHtml(text: string): string | null {
  try {
    const data = (JSON.parse(text) as { data?: unknown })?.data;
    if (typeof data === 'string' && /<a\s/i.test(data)) return data;
    if (data && typeof data === 'object' && typeof (data as { html?: unknown }).html === 'string') return (data as { html: string }).html;
  } catch {
    // not JSON
  }
  return null;
}

/**
 * Later pages of a JPaaS unit: its `paramJson` (or query) carries pageNo; the page count is what
 * the list's pager states (共N页, totalPage, or records and pageSize); with none stated, the next
 * page while this one had links.
 */
function jpaasPages(url: string, html: string): DiscoveredLink[] {
  const unit = new URL(url);
  const paramJson = unit.searchParams.get('paramJson');
  let params: Record<string, unknown> = {};
  try {
    params = paramJson ? (JSON.parse(paramJson) as Record<string, unknown>) : {};
  } catch {
    return [];
  }
  const current = Number(params['pageNo'] ?? unit.searchParams.get('pageNo') ?? 1);
  const size = Number(params['pageSize'] ?? unit.searchParams.get('pageSize') ?? 0);
  const records = numberIn(html, /共\s*(\d+)\s*条/) ?? numberIn(html, /(?:totalRecord|total|recordCount)["']?\s*[:=]\s*["']?(\d+)/i);
  const pages = numberIn(html, /共\s*(\d+)\s*页/) ?? numberIn(html, /(?:totalPage|pageCount)["']?\s*[:=]\s*["']?(\d+)/i) ?? (records !== null && size > 0 ? Math.ceil(records / size) : null);
  const pageUrl = (n: number) => {
    const next = new URL(unit);
    // Pages go in paramJson ({"pageNo":N,"pageSize":…}), added when the first page's URL had none.
    if (paramJson === null && unit.searchParams.has('pageNo')) next.searchParams.set('pageNo', String(n));
    else next.searchParams.set('paramJson', JSON.stringify({ ...params, pageNo: n }));
    return next.href;
  };
  if (current !== 1) return pages === null && /<a\s/i.test(html) ? [{ url: pageUrl(current + 1), kind: 'listing', title: null, year: null }] : [];
  const last = pages ?? (/<a\s/i.test(html) ? 2 : 1);
  const links: DiscoveredLink[] = [];
  for (let n = 2; n <= last; n++) links.push({ url: pageUrl(n), kind: 'listing', title: null, year: null });
  return links;
}

/**
 * Guangdong's gkmlpt: `/gkmlpt/index` carries `_CONFIG` with the site's SID and the category
 * tree; the annual-report category (found by name) is listed by /gkmlpt/api/all/{id}?page=N&sid=….
 */
function gkmlptCategories(url: string, text: string): string[] {
  const at = text.search(/_CONFIG\s*=\s*\{/);
  if (at < 0) return [];
  const config = text.slice(at, at + 500_000);
  const sid = /["']?SID["']?\s*:\s*["']?(\w+)/.exec(config)?.[1];
  if (!sid) return [];
  const found: [string, string][] = [];
  // Category nodes: {"id": 5621, "name": "政府信息公开年报", …}, either order.
  for (const match of config.matchAll(/\{\s*[^{}]*?["']?(?:id|ID)["']?\s*:\s*["']?(\d+)["']?[^{}]*?["']?(?:name|NAME|title)["']?\s*:\s*["']([^"']+)["']|\{\s*[^{}]*?["']?(?:name|NAME|title)["']?\s*:\s*["']([^"']+)["'][^{}]*?["']?(?:id|ID)["']?\s*:\s*["']?(\d+)/g)) {
    const id = match[1] ?? match[4];
    const name = match[2] ?? match[3] ?? '';
    if (id && COLUMN_NAME.test(name.replace(/\s+/g, ''))) found.push([id, name]);
  }
  // A 信息公开年报 category, rather than the 年度报告 one above it (which mixes budgets and the like).
  const specific = found.filter(([, name]) => /信息公开/.test(name));
  return (specific.length > 0 ? specific : found).map(([id]) => resolveUrl(`/gkmlpt/api/all/${id}?page=1&sid=${sid}`, url)!);
}

/** The members of a JavaScript object literal that a script assigns (`name = {a: 1, b: 'x'}`), as strings. */
export function scriptObject(text: string, start: RegExp): Record<string, string> {
  const match = start.exec(text);
  if (!match) return {};
  const body = text.slice(match.index + match[0].length, text.indexOf('}', match.index + match[0].length));
  const out: Record<string, string> = {};
  for (const member of body.matchAll(/["']?([A-Za-z_$][\w$]*)["']?\s*:\s*(?:'([^']*)'|"([^"]*)"|(-?[\w./-]+))/g)) {
    out[member[1]!] = member[2] ?? member[3] ?? member[4] ?? '';
  }
  return out;
}

function numberIn(text: string, pattern: RegExp): number | null {
  const match = pattern.exec(text);
  return match ? Number(match[1]) : null;
}

/** Keys of a JSON record's title and address, in order of preference (any case). */
const JSON_TITLE = ['title', 'doctitle', 'name', 'subject'];
const JSON_URL = ['url', 'link', 'href', 'docpuburl', 'chnldocurl', 'puburl', 'docurl', 'linkurl', 'htmlurl', 'pageurl'];

function fieldOf(record: Record<string, unknown>, keys: string[]): string | undefined {
  const lower = new Map(Object.entries(record).filter(([, value]) => typeof value === 'string' && value !== '').map(([key, value]) => [key.toLowerCase(), value as string]));
  for (const key of keys) if (lower.has(key)) return lower.get(key);
  return undefined;
}

/** JSON listing APIs (Guangdong's gkmlpt and the like): arrays of {title, url}, with paging. */
function jsonListing(page: PageInput): DiscoveredLink[] {
  let data: unknown;
  try {
    data = JSON.parse(page.text);
  } catch {
    return [];
  }
  const links: DiscoveredLink[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      const titleValue = fieldOf(record, JSON_TITLE);
      const title = titleValue ? clean(titleValue.replace(/<[^>]+>/g, '')) : null;
      const href = fieldOf(record, JSON_URL);
      if (title && href && isReportTitle(title)) {
        const url = resolveUrl(href, requestFromKey(page.url).url);
        if (url) links.push({ url, kind: 'report', title, year: coveredYear(title) });
      } else Object.values(record).forEach(visit);
    }
  };
  visit(data);
  // Further pages: from page 1, every page up to total / the count of articles a page holds (a
  // last page holds fewer, so later pages cannot tell the size).
  const current = new URL(page.url);
  const record = data as Record<string, unknown>;
  const total = typeof record?.['total'] === 'number' ? (record['total'] as number) : null;
  const articles = Array.isArray(record?.['articles']) ? (record['articles'] as unknown[]).length : null;
  if (current.searchParams.get('page') === '1' && total !== null && articles) {
    for (let n = 2; n <= Math.ceil(total / articles); n++) {
      current.searchParams.set('page', String(n));
      links.push({ url: current.href, kind: 'listing', title: null, year: null });
    }
  }
  return links;
}

export function resolveUrl(href: string, base: string): string | null {
  const trimmed = href.trim();
  if (!trimmed || /^(?:javascript|mailto|tel|data):/i.test(trimmed) || trimmed.startsWith('#')) return null;
  try {
    const url = new URL(trimmed, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}

function clean(text: string): string {
  return text.replace(/[\s\u00a0\u3000]+/g, ' ').trim();
}
