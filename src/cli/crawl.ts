/** `xxgk crawl <url>...` and `xxgk status DIR`. */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { crawlRun, DEFAULT_CRAWL_OPTIONS, openState, type CrawlOptions, type RunStats } from '../crawl/crawler.js';
import { formatCoverage, seedCoverage } from '../crawl/coverage.js';
import { DEFAULT_USER_AGENT } from '../crawl/fetcher.js';
import { SqliteCrawlState, type SeedRecord, type StateCounts } from '../store/state.js';
import { progressReporter } from './progress.js';
import { compileProfiles, loadProfiles } from '../crawl/profiles.js';
import { checkCrawlName } from '../queue/connection.js';
import { openSharedCrawl, seedSharedCrawl, sharedStatus } from '../queue/worker.js';

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
  maxAttempts: string;
  extract: boolean;
  profiles?: string;
  failOn: string;
  resume?: string;
  allowPrivate?: boolean;
  queue?: string;
  crawl?: string;
}

/** The flags that make a crawl what it is: stored with its state, compared on a rerun, taken back by --resume. */
const SETTING_FLAGS = ['years', 'perHost', 'delay', 'concurrency', 'maxPages', 'maxDepth', 'userAgent', 'timeout', 'retries', 'maxAttempts', 'extract', 'profiles', 'failOn'] as const;
type Settings = Partial<Record<(typeof SETTING_FLAGS)[number], string | boolean>>;

const FAIL_ON = ['none', 'seeds', 'any'] as const;
/** Exit status of a run stopped by Ctrl-C (SIGINT) or SIGTERM, as shells report it. */
export const INTERRUPTED_EXIT = 130;

export function registerCrawl(program: Command, setExit: (code: number) => void): void {
  program
    .command('crawl')
    .description('crawl county portals for annual reports, store and extract them (resumable; rerun to revisit)')
    .argument('[urls...]', 'portal home pages or annual-report column pages')
    .option('--seeds <file>', 'seed URLs: one per line (# comments allowed), or CSV/TSV with a header with a url column (other columns are kept with the reports)')
    .option('--resume <dir>', 'rerun the crawl of an output directory with its stored seeds and settings (flags given override them)')
    .option('--years <range>', 'covered years to collect, e.g. 2021-2025 or 2024', `${DEFAULT_CRAWL_OPTIONS.years[0]}-${DEFAULT_CRAWL_OPTIONS.years[1]}`)
    .option('-o, --out <dir>', 'output directory', 'output')
    .option('--per-host <n>', 'requests at once per host', String(DEFAULT_CRAWL_OPTIONS.perHost))
    .option('--delay <ms>', 'time between request starts on one host', String(DEFAULT_CRAWL_OPTIONS.delayMs))
    .option('--concurrency <n>', 'requests at once across all hosts', String(DEFAULT_CRAWL_OPTIONS.concurrency))
    .option('--max-pages <n>', 'page budget per site (traps like calendars stop there)', String(DEFAULT_CRAWL_OPTIONS.maxPagesPerSite))
    .option('--max-depth <n>', 'link depth from a seed (further pages of a list do not count)', String(DEFAULT_CRAWL_OPTIONS.maxDepth))
    .option('--user-agent <ua>', 'User-Agent header', DEFAULT_USER_AGENT)
    .option('--timeout <ms>', 'timeout of one request', '30000')
    .option('--retries <n>', 'retries within a run on 408/429/5xx/network errors (with backoff, Retry-After honoured)', '3')
    .option('--max-attempts <n>', 'runs in which a URL that failed for a transient reason is tried, in all', String(DEFAULT_CRAWL_OPTIONS.maxAttempts))
    .option('--profiles <file>', 'site profiles (JSON): extra column URLs, paths to skip, report-title patterns per host')
    .option('--fail-on <policy>', 'exit status 1 when: none (never), seeds (every seed failed, or the run fetched nothing it tried), any (any URL failed)', 'seeds')
    .option('--allow-private', 'let pages and redirects lead to private, loopback and link-local addresses (seeds\' own hosts always may)')
    .option('--no-extract', 'fetch and store reports only; a later run without this flag extracts them from the stored originals')
    .option('--queue <redis-url>', 'seed a shared crawl in Redis (redis://HOST:PORT/DB) instead of crawling here: `xxgk worker` processes on any machines take its jobs')
    .option('--crawl <name>', 'the shared crawl\'s name (with --queue)')
    .addHelpText('after', `
Writes, under the output directory:
  reports/<id>.json   one document per report (as \`xxgk extract\` writes)
  raw/<sha256>.<ext>  every original fetched, once per content
  index.jsonl         one line per report: id, url, agency, year, status, title, file
  sites.csv           a line per seed: columns found, reports per year, failures by reason, diagnosis
  state.sqlite        the crawl state and its settings

Run the same command again (or \`xxgk crawl --resume DIR\`) to continue an interrupted crawl,
or a year later to revisit it: listing pages are asked for again (conditionally), reports
published since are taken, URLs that failed for transient reasons are retried (up to
--max-attempts runs), no stored document is fetched again, and reports of years outside an
earlier --years are taken when --years widens. Ctrl-C stops cleanly (exit status 130).

It obeys robots.txt, keeps to the seeds' sites, and records every failure with its reason
(\`xxgk status DIR\`, \`xxgk status DIR --by-site\`). A report's year is taken from its title.

Examples:
  xxgk crawl http://www.quxian.gov.cn/ --years 2021-2025
  xxgk crawl --seeds portals.csv --out data/ --delay 2000
  xxgk crawl --resume data/ --years 2019-2025
  xxgk crawl --seeds portals.csv --queue redis://10.0.0.1:6379/0 --crawl y2025 --delay 2000
    (then \`xxgk worker --queue redis://10.0.0.1:6379/0 --crawl y2025 --out /mnt/xxgk\` on each machine)`)
    .action(async (urls: string[], flags: CrawlFlags, command: Command) => {
      if (flags.queue) return seedQueue(urls, flags, command);
      const outDir = flags.resume ?? flags.out;
      if (flags.resume && command.getOptionValueSource('out') === 'cli' && flags.out !== flags.resume) {
        throw new Error(`--resume ${flags.resume} and --out ${flags.out} name two directories: give one`);
      }
      const statePath = join(outDir, 'state.sqlite');
      if (flags.resume && !existsSync(statePath)) throw new Error(`${flags.resume}: no crawl to resume here (state.sqlite is missing)`);
      const previous = existsSync(statePath) ? openState(outDir) : null;
      const stored = (previous?.settings() ?? null) as Settings | null;
      const given = Object.fromEntries(SETTING_FLAGS.map((key) => [key, flags[key]])) as Settings;
      // With --resume the stored settings hold, except the flags given now.
      const settings: Settings = flags.resume && stored
        ? Object.fromEntries(SETTING_FLAGS.map((key) => [key, command.getOptionValueSource(key) === 'cli' || stored[key] === undefined ? given[key] : stored[key]]))
        : given;
      if (stored) {
        for (const key of SETTING_FLAGS) {
          if (stored[key] !== undefined && stored[key] !== settings[key]) {
            process.stderr.write(`xxgk: ${flagName(key)} changed since the last run in ${outDir}/: ${show(stored[key])} → ${show(settings[key])}\n`);
          }
        }
      }
      const seeds: SeedRecord[] = [...urls.map((url) => ({ url, columns: {} })), ...(flags.seeds ? await readSeeds(flags.seeds) : [])];
      for (const seed of seeds) if (!/^https?:\/\//i.test(seed.url)) throw new Error(`not an http(s) URL: ${seed.url}`);
      if (flags.resume) seeds.push(...previous!.seeds().filter((seed) => !seeds.some((s) => s.url === seed.url)));
      if (seeds.length === 0) {
        previous?.close();
        throw new Error('no seeds: give URLs, --seeds FILE, or --resume DIR');
      }
      const options = crawlOptions({ ...flags, ...(settings as Partial<CrawlFlags>), out: outDir });
      if (settings.profiles) options.profiles = await loadProfiles(String(settings.profiles));
      const failOn = String(settings.failOn);
      if (!(FAIL_ON as readonly string[]).includes(failOn)) throw new Error(`--fail-on takes ${FAIL_ON.join(', ')}, not "${failOn}"`);
      previous?.close();
      // Stored by the run once it holds the directory, before it fetches: a killed run resumes with them.
      options.settings = settings;

      const controller = new AbortController();
      let signals = 0;
      const onSignal = (signal: NodeJS.Signals) => {
        if (++signals > 1) process.exit(INTERRUPTED_EXIT);
        process.stderr.write(`\nxxgk: ${signal}: stopping once the requests in flight end (again to quit at once)\n`);
        controller.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        const { state, run } = await runCrawl(seeds, { ...options, signal: controller.signal });
        state.close();
        if (run.interrupted || controller.signal.aborted) {
          process.stderr.write(`xxgk: interrupted: rerun to continue (xxgk crawl --resume ${outDir})\n`);
          setExit(INTERRUPTED_EXIT);
          return;
        }
        const failure = runFailure(run, failOn as (typeof FAIL_ON)[number]);
        if (failure) process.stderr.write(`xxgk: ${failure} (--fail-on ${failOn})\n`);
        setExit(failure ? 1 : 0);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });

  program
    .command('status')
    .description('summarise a crawl: URLs found, fetched and failed (by reason), reports made; per seed with --by-site')
    .argument('[dir]', 'the crawl\'s output directory', 'output')
    .option('--by-site', 'per seed: columns found, reports per year, failures by reason, and a diagnosis')
    .option('--queue <redis-url>', 'the shared crawl in Redis (with --crawl NAME)')
    .option('--crawl <name>', 'the shared crawl\'s name')
    .action(async (dir: string, flags: { bySite?: boolean; queue?: string; crawl?: string }) => {
      if (flags.queue) {
        const shared = openSharedCrawl(flags.queue, checkCrawlName(flags.crawl), (message) => process.stderr.write(`xxgk: ${message}\n`));
        try {
          const { exists, counts, jobs } = await sharedStatus(shared);
          if (!exists) throw new Error(`no crawl "${flags.crawl}" in ${flags.queue}`);
          if (flags.bySite) process.stdout.write(formatCoverage(await seedCoverage(shared.state, maxAttemptsOf(await shared.state.settings()))));
          else process.stdout.write(formatStatus(counts) + formatJobs(jobs));
        } finally {
          await shared.close();
        }
        return;
      }
      const state = openState(dir);
      try {
        if (flags.bySite) process.stdout.write(formatCoverage(await seedCoverage(state, maxAttemptsOf(state.settings()))));
        else process.stdout.write(formatStatus(state.counts()));
      } finally {
        state.close();
      }
    });
}

/** A crawl's --max-attempts, from its stored settings (the same key in both states). */
function maxAttemptsOf(settings: Record<string, unknown> | null): number {
  return Number((settings as Settings | null)?.maxAttempts ?? DEFAULT_CRAWL_OPTIONS.maxAttempts);
}

/** The jobs of a shared crawl not yet done. */
function formatJobs(jobs: Record<string, number>): string {
  return `jobs: ${jobs.waiting ?? 0} waiting, ${jobs.active ?? 0} running, ${(jobs.delayed ?? 0) + (jobs.prioritized ?? 0)} delayed (politeness)\n`;
}

/**
 * `xxgk crawl … --queue URL --crawl NAME`: stores the crawl's settings and seeds in Redis and
 * queues the seeds. Seeding an existing crawl keeps its stored settings except the flags given.
 */
async function seedQueue(urls: string[], flags: CrawlFlags, command: Command): Promise<void> {
  const name = checkCrawlName(flags.crawl);
  if (flags.resume) throw new Error('--resume reruns a crawl directory; a shared crawl is rerun by seeding it again');
  const shared = openSharedCrawl(flags.queue!, name, (message) => process.stderr.write(`xxgk: ${message}\n`));
  try {
    const stored = (await shared.state.settings()) as (Settings & { profilesData?: unknown; allowPrivate?: boolean }) | null;
    const given = Object.fromEntries(SETTING_FLAGS.map((key) => [key, flags[key]])) as Settings;
    const settings: Settings = stored
      ? Object.fromEntries(SETTING_FLAGS.map((key) => [key, command.getOptionValueSource(key) === 'cli' || stored[key] === undefined ? given[key] : stored[key]]))
      : given;
    if (stored) {
      for (const key of SETTING_FLAGS) {
        if (stored[key] !== undefined && stored[key] !== settings[key]) process.stderr.write(`xxgk: ${flagName(key)} changed for crawl ${name}: ${show(stored[key])} → ${show(settings[key])}\n`);
      }
    }
    const seeds: SeedRecord[] = [...urls.map((url) => ({ url, columns: {} })), ...(flags.seeds ? await readSeeds(flags.seeds) : [])];
    for (const seed of seeds) if (!/^https?:\/\//i.test(seed.url)) throw new Error(`not an http(s) URL: ${seed.url}`);
    if (seeds.length === 0 && !stored) throw new Error('no seeds: give URLs or --seeds FILE');
    const failOn = String(settings.failOn);
    if (!(FAIL_ON as readonly string[]).includes(failOn)) throw new Error(`--fail-on takes ${FAIL_ON.join(', ')}, not "${failOn}"`);
    // Workers on other machines may not have the profile file: its content goes with the settings.
    const profilesData = command.getOptionValueSource('profiles') === 'cli' && settings.profiles
      ? JSON.parse(await readFile(String(settings.profiles), 'utf8')) as unknown
      : stored?.profilesData;
    const allowPrivate = command.getOptionValueSource('allowPrivate') === 'cli' ? flags.allowPrivate === true : stored?.allowPrivate ?? flags.allowPrivate === true;
    const all = { ...settings, allowPrivate, ...(profilesData !== undefined ? { profilesData } : {}) };
    const options = await sharedCrawlOptions(all, flags.out);
    const result = await seedSharedCrawl(shared, seeds, all, options);
    process.stdout.write(`crawl ${name} at ${flags.queue}: ${result.existed ? 'seeded again' : 'seeded'}, ${seeds.length} seeds given, ${result.added} new URLs queued\n`);
    if (result.preparation) {
      const { revisits, retries, widened } = result.preparation;
      process.stdout.write(`new run: ${revisits} pages to revisit, ${retries} failures to retry, ${widened} reports of newly covered years\n`);
    }
    process.stdout.write(formatJobs(result.jobs));
  } finally {
    await shared.close();
  }
}

/** A shared crawl's options from its stored settings (every worker reads them), writing to `outDir`. */
export async function sharedCrawlOptions(settings: Record<string, unknown>, outDir: string): Promise<CrawlOptions> {
  const flags = { ...DEFAULT_FLAGS, ...(settings as Partial<CrawlFlags>), out: outDir, allowPrivate: settings.allowPrivate === true };
  const options = crawlOptions(flags);
  if (settings.profilesData !== undefined) options.profiles = compileProfiles(settings.profilesData, String(settings.profiles ?? 'profiles'));
  return options;
}

/** The flags' defaults, for settings stored without one of them. */
const DEFAULT_FLAGS: CrawlFlags = {
  years: `${DEFAULT_CRAWL_OPTIONS.years[0]}-${DEFAULT_CRAWL_OPTIONS.years[1]}`, out: 'output', perHost: String(DEFAULT_CRAWL_OPTIONS.perHost),
  delay: String(DEFAULT_CRAWL_OPTIONS.delayMs), concurrency: String(DEFAULT_CRAWL_OPTIONS.concurrency), maxPages: String(DEFAULT_CRAWL_OPTIONS.maxPagesPerSite),
  maxDepth: String(DEFAULT_CRAWL_OPTIONS.maxDepth), userAgent: DEFAULT_USER_AGENT, timeout: '30000', retries: '3', maxAttempts: String(DEFAULT_CRAWL_OPTIONS.maxAttempts),
  extract: true, failOn: 'seeds',
};

/** Why a run's exit status is 1 under a --fail-on policy, or null. */
function runFailure(run: RunStats, policy: (typeof FAIL_ON)[number]): string | null {
  if (policy === 'none') return null;
  if (policy === 'any' && run.failed > 0) return `${run.failed} URLs failed in this run`;
  if (run.seedsTried > 0 && run.seedsFailed === run.seedsTried) return `every seed failed (${run.seedsFailed})`;
  if (run.tried > 0 && run.fetched === 0) return `the run fetched nothing of the ${run.tried} URLs it tried`;
  return null;
}

function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function show(value: unknown): string {
  return value === undefined ? '(not set)' : String(value);
}

/** Runs a crawl with progress on stderr, then the summary on stdout. */
export async function runCrawl(seeds: (string | SeedRecord)[], options: CrawlOptions): Promise<{ state: SqliteCrawlState; run: RunStats }> {
  const progress = progressReporter();
  const started = Date.now();
  const result = await crawlRun(seeds, { ...options, onProgress: (p) => progress.update(p) });
  progress.stop();
  process.stdout.write(formatStatus(result.state.counts(), (Date.now() - started) / 1000, options.outDir, result.run));
  return result;
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
    maxAttempts: Math.max(1, number(flags.maxAttempts, 'max-attempts')),
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

/**
 * Seeds from a file: one URL a line (# comments allowed), or CSV/TSV whose header has a `url`
 * column; the other columns go with every report found from that seed.
 */
export async function readSeeds(file: string): Promise<SeedRecord[]> {
  const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/).find((line) => line.trim() !== '' && !line.trimStart().startsWith('#')) ?? '';
  const delimiter = firstLine.includes('\t') ? '\t' : firstLine.includes(',') ? ',' : firstLine.includes(';') ? ';' : null;
  const header = delimiter ? firstLine.split(delimiter).map((cell) => cell.trim().replace(/^"|"$/g, '').toLowerCase()) : [firstLine.trim().toLowerCase()];
  if (!header.includes('url')) {
    return text.split(/\r?\n/).map((line) => line.replace(/#.*/, '').trim()).filter(Boolean).map((url) => ({ url: withScheme(url), columns: {} }));
  }
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      columns: (names: string[]) => names.map((name) => name.trim()), delimiter: delimiter ?? ',', skip_empty_lines: true, trim: true, relax_column_count: true, relax_quotes: true,
    }) as Record<string, string>[];
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
  }
  const seeds: SeedRecord[] = [];
  let withoutUrl = 0;
  for (const record of records) {
    const urlKey = Object.keys(record).find((name) => name.toLowerCase() === 'url')!;
    const url = record[urlKey]?.trim();
    if (!url) withoutUrl++;
    if (!url || url.startsWith('#')) continue;
    const columns = Object.fromEntries(Object.entries(record).filter(([name]) => name !== urlKey && name !== '').map(([name, value]) => [name, value ?? '']));
    seeds.push({ url: withScheme(url), columns });
  }
  if (withoutUrl > 0) process.stderr.write(`xxgk: ${file}: ${withoutUrl} lines without a url skipped\n`);
  return seeds;
}

/** A host name as sampling frames often give it ("www.quxian.gov.cn") as a URL; the fetcher falls back to https. */
function withScheme(url: string): string {
  return /^[a-z][a-z\d+.-]*:\/\//i.test(url) || !/^[\w-]+(?:\.[\w-]+)+(?::\d+)?(?:\/\S*)?$/.test(url) ? url : `http://${url}`;
}

/** The summary of a crawl's state (`xxgk status`, and after a run). */
function formatStatus(counts: StateCounts, seconds?: number, outDir?: string, run?: RunStats): string {
  const { urls, reports, failures } = counts;
  const total = (status: string) => Object.values(urls).reduce((n, byStatus) => n + (byStatus[status] ?? 0), 0);
  const found = Object.values(urls).reduce((n, byStatus) => n + Object.values(byStatus).reduce((a, b) => a + b, 0), 0);
  const reportTotal = Object.values(reports).reduce((a, b) => a + b, 0);
  const lines = [
    `URLs: ${found} found, ${total('done') + total('fetched')} fetched, ${total('failed')} failed, ${total('skipped')} skipped, ${total('pending')} pending` +
      (total('deferred') ? `, ${total('deferred')} reports outside --years` : ''),
    `by kind: ${Object.entries(urls).map(([kind, byStatus]) => `${kind} ${Object.values(byStatus).reduce((a, b) => a + b, 0)}`).join(', ')}`,
    `reports: ${reportTotal} (${Object.entries(reports).map(([status, n]) => `${status} ${n}`).join(', ') || 'none'})`,
  ];
  if (failures.length > 0) {
    lines.push('failed or skipped, by reason:');
    for (const { reason, count } of failures.slice(0, 15)) lines.push(`  ${String(count).padStart(4)}  ${reason}`);
  }
  if (run) {
    const { revisits, retries, widened } = run.preparation;
    lines.push(`this run: ${run.tried} tried, ${run.fetched} fetched (${run.notModified} unchanged: 304), ${run.failed} failed; ` +
      `${revisits} pages revisited, ${retries} failures retried, ${widened} reports of newly covered years`);
  }
  if (seconds !== undefined) lines.push(`time: ${seconds.toFixed(1)} s`);
  if (outDir) lines.push(`written to ${outDir}/ (reports/, raw/, index.jsonl, sites.csv, state.sqlite)`);
  return lines.join('\n') + '\n';
}
