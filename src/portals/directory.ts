/**
 * The portal directory: 3,215 government portals (province, prefecture, county) with their
 * GB/T 2260 codes, shipped as `src/data/portals.tsv` (see src/data/README.md). It gives a
 * sampling frame (`xxgk portals`) and the region of a report found on a portal, by host.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Region } from '../template/region.js';

export type PortalLevel = 'province' | 'prefecture' | 'county' | 'other';

export interface Portal {
  /** GB/T 2260 code as a string ("511725"); null for the few units without one. */
  code: string | null;
  /** The unit and its parents, `/`-separated: `四川省/达州市/渠县`. */
  path: string;
  /** The unit's own name (the last member of the path). */
  name: string;
  /**
   * Administrative level, told from the path: one member is a province, two a prefecture (a
   * district of 北京/天津/上海/重庆 is county level), three a county. The file's own level is
   * `listedLevel`; it differs on a few rows (北京市/朝阳区 listed as a prefecture).
   */
  level: PortalLevel;
  listedLevel: string;
  /** The home page as listed; empty for the 4 units listed without one. */
  url: string;
  /** What a check of the home page found in April 2026 (`ok`, `unreachable HTTP412`, …). */
  homepage: string;
  region: Region;
}

export interface PortalDirectory {
  portals: Portal[];
  /** The portal a URL belongs to (see {@link portalForUrl}). */
  forUrl(url: string): Portal | null;
}

/** Where the data file is, from src/portals/ or dist/portals/ alike: the package root's src/data/. */
const PORTALS_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'data', 'portals.tsv');

/** The four municipalities, whose districts are county level directly under the province. */
const MUNICIPALITY = /^(?:北京|天津|上海|重庆)市$/;

/** Parses the directory's TSV text (a header row: code, path, level, url, homepage_2026_04). */
export function parsePortalDirectory(text: string): PortalDirectory {
  const rows = parse(text, { delimiter: '\t', columns: true, skip_empty_lines: true, relax_quotes: true, bom: true, trim: true }) as Record<string, string>[];
  const portals = rows.map((row): Portal => {
    const path = row['path'] ?? '';
    const parts = path.split('/').filter(Boolean);
    const code = row['code'] ? row['code'] : null;
    return {
      code, path, name: parts.at(-1) ?? '', level: levelOf(parts, row['level'] ?? ''), listedLevel: row['level'] ?? '',
      url: row['url'] ?? '', homepage: row['homepage_2026_04'] ?? '', region: regionOfPath(parts, code),
    };
  });
  const byHost = hostIndex(portals);
  return { portals, forUrl: (url) => lookup(byHost, url) };
}

function levelOf(parts: string[], listed: string): PortalLevel {
  if (parts.length === 1) return 'province';
  if (parts.length === 2) return MUNICIPALITY.test(parts[0]!) ? 'county' : listed === 'other' ? 'other' : 'prefecture';
  if (parts.length === 3) return 'county';
  return 'other';
}

/** 省/市/县 to a region; a municipality's district has no city, as src/template/region.ts gives it. */
function regionOfPath(parts: string[], code: string | null): Region {
  const [province = null, second = null, third = null] = parts;
  if (parts.length === 2 && province && MUNICIPALITY.test(province)) return { province, city: null, county: second, code };
  return { province, city: second, county: third, code };
}

/** A portal's host as a key: lower case, no port, no `www.`. */
function hostKey(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '').replace(/^www\./, '');
}

/**
 * Host → portal. A host listed for several units (a county listed with its prefecture's
 * portal, or two districts named 普陀区) stands for what they share: their common parent,
 * or nothing, rather than a guess.
 */
function hostIndex(portals: Portal[]): Map<string, Portal | null> {
  const groups = new Map<string, Portal[]>();
  for (const portal of portals) {
    let host: string;
    try {
      host = hostKey(new URL(portal.url).hostname);
    } catch {
      continue; // no URL listed
    }
    groups.set(host, [...(groups.get(host) ?? []), portal]);
  }
  const index = new Map<string, Portal | null>();
  for (const [host, group] of groups) {
    if (group.length === 1) index.set(host, group[0]!);
    else {
      const common = commonParent(group.map((portal) => portal.path));
      index.set(host, portals.find((portal) => portal.path === common) ?? null);
    }
  }
  return index;
}

function commonParent(paths: string[]): string {
  const split = paths.map((path) => path.split('/'));
  const common: string[] = [];
  for (let i = 0; split.every((parts) => i < parts.length && parts[i] === split[0]![i]); i++) common.push(split[0]![i]!);
  return common.join('/');
}

/** Suffixes that belong to no portal: a sub-site match stops before reaching them. */
const PUBLIC_SUFFIX = /^(?:gov\.cn|com\.cn|net\.cn|org\.cn|edu\.cn|cn|com|net|org)$/;

function lookup(index: Map<string, Portal | null>, url: string): Portal | null {
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    return null;
  }
  if (/^[\d.]+$|^\[|^localhost$/i.test(hostname)) return null;
  // The host itself, then ever shorter suffixes (xxgk.quxian.gov.cn, jyj.quxian.gov.cn → quxian.gov.cn):
  // the longest listed one wins, never a bare public suffix.
  const labels = hostKey(hostname).split('.');
  for (let start = 0; start < labels.length - 1; start++) {
    const candidate = labels.slice(start).join('.');
    if (PUBLIC_SUFFIX.test(candidate)) break;
    if (index.has(candidate)) return index.get(candidate) ?? null;
  }
  return null;
}

let shipped: PortalDirectory | null = null;

/** The shipped directory (`src/data/portals.tsv`), read once. */
export function loadPortalDirectory(): PortalDirectory {
  if (!shipped) {
    let text: string;
    try {
      text = readFileSync(PORTALS_FILE, 'utf8');
    } catch (error) {
      throw new Error(`the portal directory is missing (${PORTALS_FILE}): ${(error as Error).message}`, { cause: error });
    }
    shipped = parsePortalDirectory(text);
  }
  return shipped;
}

/**
 * The directory's portal a URL belongs to: by its host, `www.` ignored, or the longest listed
 * host it is a sub-site of (`xxgk.quxian.gov.cn`, `jyj.quxian.gov.cn` → 渠县); null for other
 * hosts, IP addresses and hosts listed for several units without a common parent.
 */
export function portalForUrl(url: string): Portal | null {
  return loadPortalDirectory().forUrl(url);
}

export interface PortalFilter {
  province?: string;
  city?: string;
  level?: PortalLevel;
}

/** Portals whose province / city is the name given (full, or without its suffix: 四川 for 四川省). */
export function filterPortals(portals: Portal[], filter: PortalFilter): Portal[] {
  const matches = (name: string | null, wanted: string | undefined) => wanted === undefined || (name !== null && (name === wanted || shortName(name) === shortName(wanted)));
  return portals.filter((portal) => matches(portal.region.province, filter.province)
    && matches(portal.region.city, filter.city) && (filter.level === undefined || portal.level === filter.level));
}

function shortName(name: string): string {
  return name.replace(/(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|地区|盟|自治州)$/, '');
}
