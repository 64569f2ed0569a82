/** `xxgk portals`: a sampling frame from the portal directory, usable as `xxgk crawl --seeds`. */
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { filterPortals, loadPortalDirectory, type Portal, type PortalFilter, type PortalLevel } from '../portals/directory.js';

interface PortalsFlags {
  province?: string;
  city?: string;
  level?: string;
  format: string;
}

const LEVELS: PortalLevel[] = ['province', 'prefecture', 'county', 'other'];
/** Columns of the tsv/csv frame: `url` first, so that `--seeds` reads it; codes as text. */
const COLUMNS = ['url', 'code', 'name', 'province', 'city', 'county', 'level', 'homepage_2026_04'] as const;

export function registerPortals(program: Command): void {
  program
    .command('portals')
    .description('print government portals from the built-in directory (3,215 portals with GB/T 2260 codes), as seeds for a crawl')
    .option('--province <name>', 'only this province (四川省, or 四川)')
    .option('--city <name>', 'only this prefecture (达州市, or 达州)')
    .option('--level <level>', 'only this level: county, prefecture or province')
    .option('-f, --format <format>', 'tsv or csv (a header row, url first) or urls (one a line)', 'tsv')
    .addHelpText('after', `
A district of 北京, 天津, 上海 or 重庆 is county level. Units listed without a home page are
left out. The homepage_2026_04 column says what a check of each home page found in April
2026 ("unreachable HTTP412" and the like are script-challenge firewalls).

Examples:
  xxgk portals --province 四川省 --level county --format urls > sichuan.txt
  xxgk portals --city 达州市 --format csv > dazhou.csv && xxgk crawl --seeds dazhou.csv`)
    .action((flags: PortalsFlags) => {
      if (flags.level !== undefined && !LEVELS.includes(flags.level as PortalLevel)) throw new Error(`unknown --level "${flags.level}" (county, prefecture or province)`);
      const filter: PortalFilter = {};
      if (flags.province !== undefined) filter.province = flags.province;
      if (flags.city !== undefined) filter.city = flags.city;
      if (flags.level !== undefined) filter.level = flags.level as PortalLevel;
      const portals = filterPortals(loadPortalDirectory().portals, filter).filter((portal) => portal.url !== '');
      process.stdout.write(portalsText(portals, flags.format));
    });
}

/** The frame in a format: tsv / csv with a header, or urls. */
function portalsText(portals: Portal[], format: string): string {
  if (format === 'urls') return portals.map((portal) => portal.url + '\n').join('');
  if (format !== 'tsv' && format !== 'csv') throw new Error(`unknown format "${format}" (tsv, csv or urls)`);
  const rows = portals.map((portal) => [
    portal.url, portal.code ?? '', portal.name, portal.region.province ?? '', portal.region.city ?? '', portal.region.county ?? '', portal.level, portal.homepage,
  ]);
  return stringify([[...COLUMNS], ...rows], format === 'tsv' ? { delimiter: '\t', quoted_match: /[\t\n"]/ } : {});
}
