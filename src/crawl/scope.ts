/**
 * The crawl's scope: which links of a site's pages are the site's own. Pure. A site is its
 * seed's host; its own are the same host, hosts under the same government domain
 * (xxgk.quxian.gov.cn and jyj.quxian.gov.cn for www.quxian.gov.cn), the hosts of pages already
 * taken in, and the sites the portal itself sends to as its departments' and towns' (a 部门 /
 * 乡镇 信息公开 link to another host, and the departments named on the page it leads to).
 * Portals of other units of the directory (the province's, another county's) stay out.
 */
import { portalForUrl } from '../portals/directory.js';
import { DEPARTMENT_HUB, type DiscoveredLink } from './discover.js';

export interface ScopeInput {
  /** The seed's site (its host without `www.`; see siteOf). */
  site: string;
  /** The page the link is on: its URL and the title of the link that led to it. */
  from: { url: string; title: string | null };
  link: Pick<DiscoveredLink, 'url' | 'scope'>;
}

export function inScope({ site, from, link }: ScopeInput): boolean {
  // A department or town named on a page reached through a 部门/乡镇 信息公开 link: its site,
  // wherever it is, unless it is another unit's portal.
  if (link.scope === 'agency') return from.title !== null && DEPARTMENT_HUB.test(from.title.replace(/\s+/g, '')) && !otherUnitsPortal(site, link.url);
  if (sameSite(site, link.url) || sameSite(siteOf(from.url), link.url)) return true;
  return link.scope === 'linked-site' && !otherUnitsPortal(site, link.url);
}

/** The site a seed stands for: its host (with port) without "www.". */
export function siteOf(url: string): string {
  return new URL(url).host.replace(/^www\./, '');
}

/** Same site: the same host, or hosts under one government domain (xxgk.xx.gov.cn and www.xx.gov.cn). */
export function sameSite(site: string, url: string): boolean {
  const target = new URL(url);
  if (target.host.replace(/^www\./, '') === site) return true;
  const siteName = site.replace(/:\d+$/, '');
  if (/^[\d.]+$/.test(siteName) || target.port !== (/:(\d+)$/.exec(site)?.[1] ?? '')) return false;
  const registrable = (name: string) => name.split('.').slice(/\.gov\.cn$/.test(name) ? -3 : -2).join('.');
  return registrable(target.hostname) === registrable(siteName);
}

/** The central government's site, or a directory portal of a unit that is not the site's nor under it. */
function otherUnitsPortal(site: string, url: string): boolean {
  const host = new URL(url).hostname;
  if (/^(?:www\.)?gov\.cn$/.test(host)) return true;
  const target = portalForUrl(url);
  if (!target) return false;
  const own = portalForUrl(`http://${site}/`);
  return !own || (target.path !== own.path && !target.path.startsWith(own.path + '/'));
}
