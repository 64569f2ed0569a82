/** `xxgk crawl <url>...` and `xxgk status DIR`. */
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { crawl, DEFAULT_CRAWL_OPTIONS, openState, type CrawlOptions } from '../crawl/crawler.js';
import { DEFAULT_USER_AGENT } from '../crawl/fetcher.js';
import type { CrawlState } from '../store/state.js';
import { progressReporter } from './progress.js';
import { loadProfiles } from '../crawl/profiles.js';

interface CrawlFlags {
  seeds?: string;
  years: string;
  out: string;
  perHost: string;
  delay: string;
  concurrency: string;
  maxPages: string;
  maxDepth: string;
  userAgent: string;
  timeout: string;
  retries: string;
  extract: boolean;
  profiles?: string;
  allowPrivate?: boolean;
}

export function registerCrawl(program: Command, setExit: (code: number) => void): void {
  program
    .command('crawl')
    .description('crawl county portals for annual reports, store and extract them (resumable)')
    .argument('[urls...]', 'portal home pages or annual-report column pages')
    .option('--seeds <file>', 'a file of seed URLs, one per line (# comments allowed)')
    .option('--years <range>', 'covered years to collect, e.g. 2021-2025 or 2024', `${DEFAULT_CRAWL_OPTIONS.years[0]}-${DEFAULT_CRAWL_OPTIONS.years[1]}`)
    .option('-o, --out <dir>', 'output directory', 'output')
    .option('--per-host <n>', 'requests at once per host', String(DEFAULT_CRAWL_OPTIONS.perHost))
    .option('--delay <ms>', 'time between request starts on one host', String(DEFAULT_CRAWL_OPTIONS.delayMs))
    .option('--concurrency <n>', 'requests at once across all hosts', String(DEFAULT_CRAWL_OPTIONS.concurrency))
    .option('--max-pages <n>', 'page budget per site (traps like calendars stop there)', String(DEFAULT_CRAWL_OPTIONS.maxPagesPerSite))
    .option('--max-depth <n>', 'link depth from a seed (further pages of a list do not count)', String(DEFAULT_CRAWL_OPTIONS.maxDepth))
    .option('--user-agent <ua>', 'User-Agent header', DEFAULT_USER_AGENT)
    .option('--timeout <ms>', 'timeout of one request', '30000')
    .option('--retries <n>', 'retries on 429/5xx/network errors (with backoff, Retry-After honoured)', '3')
    .option('--profiles <file>', 'site profiles (JSON): extra column URLs, paths to skip, report-title patterns per host')
    .option('--allow-private', 'let pages and redirects lead to private, loopback and link-local addresses (seeds\' own hosts always may)')
    .option('--no-extract', 'fetch and store reports only; a later run without this flag extracts them from the stored originals')
    .addHelpText('after', `
Writes, under the output directory:
  reports/<id>.json   one document per report (as \`xxgk extract\` writes)
  raw/<sha256>.<ext>  every original fetched, once per content
  index.jsonl         one line per report: id, url, agency, year, status, title, file
  state.sqlite        the crawl state: run the same command again to continue an interrupted crawl

It obeys robots.txt, keeps to the seeds' sites, and records every failure with its reason
(\`xxgk status DIR\`). A report's year is taken from its title.

Examples:
  xxgk crawl http://www.quxian.gov.cn/ --years 2021-2025
  xxgk crawl --seeds portals.txt --out data/ --delay 2000`)
    .action(async (urls: string[], flags: CrawlFlags) => {
      const seeds = [...urls, ...(flags.seeds ? await readSeeds(flags.seeds) : [])];
      if (seeds.length === 0) throw new Error('no seeds: give URLs or --seeds FILE');
      for (const seed of seeds) if (!/^https?:\/\//.test(seed)) throw new Error(`not an http(s) URL: ${seed}`);
      const options = crawlOptions(flags);
      if (flags.profiles) options.profiles = await loadProfiles(flags.profiles);
      const state = await runCrawl(seeds, options);
      state.close();
      setExit(0);
    });

  program
    .command('status')
    .description('summarise a crawl: URLs found, fetched and failed (by reason), reports made')
    .argument('[dir]', 'the crawl\'s output directory', 'output')
    .action((dir: string) => {
      const state = openState(dir);
      process.stdout.write(formatStatus(state));
      state.close();
    });
}

/** Runs a crawl with progress on stderr and the summary on stdout. */
export async function runCrawl(seeds: string[], options: CrawlOptions): Promise<CrawlState> {
  const progress = progressReporter();
  const started = Date.now();
  const state = await crawl(seeds, { ...options, onProgress: (p) => progress.update(p) });
  progress.stop();
  process.stdout.write(formatStatus(state, (Date.now() - started) / 1000, options.outDir));
  return state;
}

function crawlOptions(flags: CrawlFlags): CrawlOptions {
  const number = (value: string, name: string) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} takes a number, not "${value}"`);
    return n;
  };
  return {
    ...DEFAULT_CRAWL_OPTIONS,
    outDir: flags.out,
    years: parseYears(flags.years),
    perHost: Math.max(1, number(flags.perHost, 'per-host')),
    delayMs: number(flags.delay, 'delay'),
    concurrency: Math.max(1, number(flags.concurrency, 'concurrency')),
    maxPagesPerSite: number(flags.maxPages, 'max-pages'),
    maxDepth: number(flags.maxDepth, 'max-depth'),
    extract: flags.extract,
    allowPrivate: flags.allowPrivate === true,
    fetcher: { userAgent: flags.userAgent, timeoutMs: number(flags.timeout, 'timeout'), retries: number(flags.retries, 'retries') },
  };
}

export function parseYears(range: string): [number, number] {
  const match = /^(\d{4})(?:\s*-\s*(\d{4}))?$/.exec(range.trim());
  if (!match) throw new Error(`--years takes a year or a range such as 2021-2025, not "${range}"`);
  const from = Number(match[1]);
  const to = Number(match[2] ?? match[1]);
  return from <= to ? [from, to] : [to, from];
}

async function readSeeds(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8')).split(/\r?\n/).map((line) => line.replace(/#.*/, '').trim()).filter(Boolean);
}

export function formatStatus(state: CrawlState, seconds?: number, outDir?: string): string {
  const { urls, reports, failures } = state.counts();
  const total = (status: string) => Object.values(urls).reduce((n, byStatus) => n + (byStatus[status] ?? 0), 0);
  const found = Object.values(urls).reduce((n, byStatus) => n + Object.values(byStatus).reduce((a, b) => a + b, 0), 0);
  const reportTotal = Object.values(reports).reduce((a, b) => a + b, 0);
  const lines = [
    `URLs: ${found} found, ${total('done') + total('fetched')} fetched, ${total('failed')} failed, ${total('skipped')} skipped, ${total('pending')} pending`,
    `by kind: ${Object.entries(urls).map(([kind, byStatus]) => `${kind} ${Object.values(byStatus).reduce((a, b) => a + b, 0)}`).join(', ')}`,
    `reports: ${reportTotal} (${Object.entries(reports).map(([status, n]) => `${status} ${n}`).join(', ') || 'none'})`,
  ];
  if (failures.length > 0) {
    lines.push('failed or skipped, by reason:');
    for (const { reason, count } of failures.slice(0, 15)) lines.push(`  ${String(count).padStart(4)}  ${reason}`);
  }
  if (seconds !== undefined) lines.push(`time: ${seconds.toFixed(1)} s`);
  if (outDir) lines.push(`written to ${outDir}/ (reports/, raw/, index.jsonl, state.sqlite)`);
  return lines.join('\n') + '\n';
}
