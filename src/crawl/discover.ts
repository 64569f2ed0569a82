/**
 * What a fetched page leads to: annual-report columns, further pages of a listing, reports
 * (by their titles, with the covered year) and attachments. Pure: page text in, links out.
 * Listing families: TRS WCM (createPageHTML, countPage), Hanweb/大汉 JCMS (datastore XML and
 * dataproxy.jsp), xxgk-list-{slug}-N, plain 下一页 links, and JSON listing APIs (gkmlpt).
 */
import { load, type CheerioAPI } from 'cheerio';
import type { UrlKind } from '../store/state.js';

export interface DiscoveredLink {
  url: string;
  kind: UrlKind;
  title: string | null;
  /** The year a report covers, from its title. */
  year: number | null;
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
/** A report title: …年…政府信息公开工作年度报告 (or 年报). */
const REPORT_TITLE = /信息公开.{0,10}(?:年度报告|年报|工作报告)/;
const YEAR = /(20\d{2})\s*年/;
const ATTACHMENT = /\.(?:pdf|docx?|wps|xlsx?|rtf)(?:$|\?)|\/module\/download\/downfile\.jsp/i;
const NEXT_PAGE = /^(?:下一页|下页|后一页|next|>|›|»)$/i;

export function coveredYear(title: string): number | null {
  const compact = title.replace(/\s+/g, '');
  const match = YEAR.exec(compact);
  if (match) return Number(match[1]);
  // Years in Chinese numerals: 二〇二四年.
  const chinese = /二[〇零○][一二][〇零○一二三四五六七八九](?=年)/.exec(compact);
  return chinese ? Number([...chinese[0]].map((ch) => '〇零○一二三四五六七八九'.indexOf(ch)).map((i) => (i <= 2 ? 0 : i - 2)).join('')) : null;
}

/** A title cut short by the listing ("…2024年政府信息公开工作年…"): year and 信息公开 are enough. */
const TRUNCATED_REPORT_TITLE = /信息公开.{0,12}(?:…|\.{3})$/;

/** Notices about the reports ("关于做好2024年政府信息公开工作年度报告编制工作的通知"), not reports. */
const ABOUT_REPORTS = /(?:通知|函|批复|意见)$|编制|报送|发布工作/;

export function isReportTitle(title: string): boolean {
  const compact = title.replace(/\s+/g, '');
  return (REPORT_TITLE.test(compact) || TRUNCATED_REPORT_TITLE.test(compact)) && !ABOUT_REPORTS.test(compact) && coveredYear(title) !== null;
}

/** Links from a listing, column, hub or seed page. */
export function discoverLinks(page: PageInput, extraReportTitle: RegExp | null = null): DiscoveredLink[] {
  if (/json/i.test(page.contentType ?? '') || /^\s*[{[]/.test(page.text)) return jsonListing(page);
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
    if (!url || !ATTACHMENT.test(url)) return;
    const title = clean($(a).text()) || null;
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
    else if (title && (COLUMN_NAME.test(title) || COLUMN_SLUG.test(new URL(url).pathname))) add({ url, kind: 'column', title, year: null });
    else if (title && HUB_NAME.test(title)) add({ url, kind: 'hub', title, year: null });
    else if (title && NEXT_PAGE.test(title)) add({ url, kind: 'listing', title, year: null });
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
  // Hanweb: later groups of records from dataproxy.jsp, 45 records (three pages of 15) at a time.
  const hanweb = hanwebProxy(url, text);
  if (hanweb) urls.push(...hanweb);
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

function hanwebProxy(url: string, text: string): string[] | null {
  const next = /<nextgroup>\s*<!\[CDATA\[\s*<a[^>]+href=["']([^"']+)["']/.exec(text);
  const total = Number(/<totalrecord>\s*(\d+)\s*<\/totalrecord>/.exec(text)?.[1] ?? /totalRecord["']?\s*[=:]\s*["']?(\d+)/i.exec(text)?.[1] ?? 0);
  if (!next || !total) return null;
  const base = resolveUrl(next[1]!.replace(/&amp;/g, '&'), url);
  if (!base) return null;
  const perPage = Number(/per_?page["']?\s*[=:]\s*["']?(\d+)/i.exec(text)?.[1] ?? 15);
  const group = perPage * 3;
  const urls: string[] = [];
  for (let start = group + 1; start <= total; start += group) {
    const proxy = new URL(base);
    proxy.searchParams.set('startrecord', String(start));
    proxy.searchParams.set('endrecord', String(Math.min(start + group - 1, total)));
    proxy.searchParams.set('perpage', String(perPage));
    urls.push(proxy.href);
  }
  return urls;
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
      const title = typeof record['title'] === 'string' ? clean(record['title']) : null;
      const href = [record['url'], record['link'], record['href']].find((v) => typeof v === 'string') as string | undefined;
      if (title && href && isReportTitle(title)) {
        const url = resolveUrl(href, page.url);
        if (url) links.push({ url, kind: 'report', title, year: coveredYear(title) });
      } else Object.values(record).forEach(visit);
    }
  };
  visit(data);
  // Next page: ?page=N while page × count of articles per page is under total.
  const current = new URL(page.url);
  const pageParam = current.searchParams.get('page');
  const record = data as Record<string, unknown>;
  const total = typeof record?.['total'] === 'number' ? (record['total'] as number) : null;
  const articles = Array.isArray(record?.['articles']) ? (record['articles'] as unknown[]).length : null;
  if (pageParam && total !== null && articles) {
    const n = Number(pageParam);
    if (n * articles < total) {
      current.searchParams.set('page', String(n + 1));
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
