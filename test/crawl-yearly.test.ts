/**
 * Crawls a researcher runs every year, on the demo portal (127.0.0.1): revisits, retries after
 * an outage, a wider --years, --resume, seeds with columns, per-seed coverage, and the batch
 * behaviour of the command line (exit status, Ctrl-C, EPIPE, errors, the demo's directory).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ALTERNATE_PATH, DEMO_EXPECTED_REPORTS, startDemoPortal, type DemoPortal } from '../src/demo/portal.js';
import { diagnose, type SeedFacts } from '../src/crawl/diagnose.js';
import { readSeeds } from '../src/cli/crawl.js';
import { emptyDemoOutput } from '../src/cli/demo.js';
import { isTransientFailure, SqliteCrawlState } from '../src/store/state.js';
import { readJson, ROOT, runXxgk, SAMPLES } from './helpers.js';

function reportsIn(outDir: string): any[] {
  const dir = join(outDir, 'reports');
  return readdirSync(dir).map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')));
}

const agencyYears = (reports: any[]) => reports.map((r) => `${r.meta.agency} ${r.meta.year}`).sort();

/** The paths of the stored documents (reports and attachments) of a crawl, from its state. */
function storedDocuments(outDir: string): string[] {
  const db = new Database(join(outDir, 'state.sqlite'), { readonly: true });
  const rows = db.prepare(`SELECT url FROM urls WHERE kind IN ('report', 'attachment') AND file IS NOT NULL`).all() as { url: string }[];
  db.close();
  return rows.map((row) => { const url = new URL(row.url); return url.pathname + url.search; });
}

const XUANHAN = { path: '202602/t20260115_120001.txt', title: '宣汉县发展和改革局2023年政府信息公开工作年度报告', sample: 'xuanhan-fgj-2023-copied-text.txt', contentType: 'text/plain; charset=utf-8' };

describe('a crawl rerun every year: 2024–2025, then 2021–2025 with the portal down, then again with it back', () => {
  let portal: DemoPortal;
  let outDir: string;
  // The same command each time, but for the years; --retries 1 keeps the outage short.
  const command = (years: string) => ['crawl', portal.url, '--out', outDir, '--years', years, '--delay', '10', '--retries', '1'];
  const runs: { code: number; stdout: string; stderr: string; log: DemoPortal['log'] }[] = [];
  let documentsAfterFirst: string[] = [];
  let reportsAfterFirst: string[] = [];

  beforeAll(async () => {
    portal = await startDemoPortal();
    outDir = mkdtempSync(join(tmpdir(), 'xxgk-yearly-'));
    const run = async (years: string) => {
      const start = portal.log.length;
      const result = await runXxgk(...command(years));
      runs.push({ ...result, log: portal.log.slice(start) });
    };
    await run('2024-2025');
    documentsAfterFirst = storedDocuments(outDir);
    reportsAfterFirst = agencyYears(reportsIn(outDir));
    portal.setDown(true);
    await run('2021-2025');
    portal.setDown(false);
    portal.publish(XUANHAN);
    await run('2021-2025');
  }, 120_000);
  afterAll(() => portal.close());

  it('first takes the reports on 2024–2025 and records the others with their year', () => {
    expect(runs[0]!.code).toBe(0);
    expect(reportsAfterFirst).toEqual(['大竹县人民政府 2024', '平阳县卫生健康局 2024', '广安市人民政府 2024', '渠县三汇镇人民政府 2024'].sort());
    expect(runs[0]!.stdout).toMatch(/^URLs: .*, 10 reports outside --years$/m);
  });

  it('exits non-zero on the run that fetched nothing (the portal down), keeping what it had', () => {
    expect(runs[1]!.log.length).toBeGreaterThan(0);
    expect(runs[1]!.log.every((entry) => entry.status === 0)).toBe(true);
    expect(runs[1]!.code).toBe(1);
    expect(runs[1]!.stderr).toMatch(/every seed failed|fetched nothing/);
    expect(runs[1]!.stderr).toMatch(/--years changed since the last run in .*: 2024-2025 → 2021-2025/);
  });

  it('then has every 2021–2025 report, the one published since included, and fetches no stored document again', () => {
    expect(runs[2]!.code).toBe(0);
    const reports = reportsIn(outDir);
    const expected = [...DEMO_EXPECTED_REPORTS.map(([agency, year]) => `${agency} ${year}`), '宣汉县发展和改革局 2023'].sort();
    expect(agencyYears(reports)).toEqual(expected);
    expect(reports.every((r) => r.extraction.status === 'ok')).toBe(true);
    // The report published between the runs, read from its plain-text page, figure by figure.
    const xuanhan = reports.find((r) => r.meta.agency === '宣汉县发展和改革局');
    const sample = readJson(join(SAMPLES, 'xuanhan-fgj-2023-copied-text.expected.json'));
    expect(xuanhan.figures).toEqual(sample.figures);
    expect(xuanhan.figures.applications.newReceived.total).toBe(20);
    // No document stored by the first run was asked for again, by the second or the third.
    expect(documentsAfterFirst.length).toBeGreaterThanOrEqual(5);
    const asked = [...runs[1]!.log, ...runs[2]!.log].map((entry) => entry.path);
    expect(asked.filter((path) => documentsAfterFirst.includes(path))).toEqual([]);
    // Each document was asked for in one run only (twice within it for the 429 and the 503, retried at once).
    const documents = storedDocuments(outDir);
    expect(documents.length).toBe(documentsAfterFirst.length + 7); // 5 report pages of 2021–2023, the 万州 attachment (downfile.jsp), 宣汉
    for (const path of documents) expect([path, runs.filter((run) => run.log.some((entry) => entry.path === path)).length]).toEqual([path, 1]);
  });

  it('revisits listing pages with conditional requests: unchanged ones answered 304, the changed one read again', () => {
    const third = runs[2]!.log;
    const statusOf = (path: string) => third.filter((entry) => entry.path === path).map((entry) => entry.status);
    expect(statusOf('/zwgk/zfxxgknb/index.html')).toEqual([200]); // a report was published on it
    for (const path of ['/', '/zwgk/index.html', '/zwgk/zfxxgknb/index_1.html', '/zwgk/zfxxgknb/index_2.html', '/col/col4616/index.html', '/xxgk-list-zfxxgknb.html']) {
      expect(statusOf(path)).toEqual([304]);
    }
    expect(runs[2]!.stdout).toMatch(/^this run: \d+ tried, \d+ fetched \((\d+) unchanged: 304\)/m);
    expect(Number(/\((\d+) unchanged: 304\)/.exec(runs[2]!.stdout)![1])).toBeGreaterThanOrEqual(6);
  });

  it('keeps one report for the same document at two URLs, with both URLs', () => {
    const dazhu = reportsIn(outDir).filter((r) => r.meta.agency === '大竹县人民政府');
    expect(dazhu).toHaveLength(1);
    expect(dazhu[0].source.url).toMatch(/\/zwgk\/zfxxgknb\/202501\/t20250122_100001\.html$/);
    expect(dazhu[0].source.alternateUrls).toEqual([new URL(DEMO_ALTERNATE_PATH, portal.url).href]);
    const index = readFileSync(join(outDir, 'index.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(index.find((line) => line.agency === '大竹县人民政府').alternateUrls).toEqual(dazhu[0].source.alternateUrls);
  });

  it('writes sites.csv after every run, with reports per year', () => {
    const [site] = parse(readFileSync(join(outDir, 'sites.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(site!['seed']).toBe(portal.url);
    expect(site!['reports']).toBe('10');
    expect([site!['reports_2021'], site!['reports_2022'], site!['reports_2023'], site!['reports_2024'], site!['reports_2025']]).toEqual(['1', '2', '3', '4', '0']);
    expect(site!['outside_years']).toBe('2019 2020');
    expect(site!['failures_by_reason']).toBe('HTTP 404: 1; robots.txt disallows it: 1; waf-challenge: 1');
    expect(site!['to_retry']).toBe('0');
  });

  it('--resume reruns with the stored settings, and states a changed option', async () => {
    const start = portal.log.length;
    const resumed = await runXxgk('crawl', '--resume', outDir);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).not.toMatch(/changed/);
    const asked = portal.log.slice(start);
    // Stored delay and retries, stored seed; nothing but conditional revisits (and robots.txt, and Hanweb's POST).
    expect(asked.filter((e) => e.method === 'GET' && e.path !== '/robots.txt').every((e) => e.status === 304)).toBe(true);
    expect(asked.filter((e) => documentsAfterFirst.includes(e.path))).toEqual([]);

    const wider = await runXxgk('crawl', '--resume', outDir, '--years', '2020-2025');
    expect(wider.code).toBe(0);
    expect(wider.stderr).toMatch(/--years changed since the last run in .*: 2021-2025 → 2020-2025/);
    const anxi = reportsIn(outDir).find((r) => r.meta.agency === '安溪县交通运输局');
    expect(anxi.template).toBe('2019');
    expect(anxi.meta.year).toBe(2020);
    const state = new SqliteCrawlState(join(outDir, 'state.sqlite'));
    expect(state.settings()).toMatchObject({ years: '2020-2025', delay: '10', retries: '1' });
    state.close();
  }, 60_000);

  it('does not crash when its output is piped into head (EPIPE)', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'xxgk.js'), 'export', outDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // Read one chunk, then close the pipe as head does after its lines.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('seeds with columns', () => {
  let portal: DemoPortal;
  beforeAll(async () => {
    portal = await startDemoPortal();
  });
  afterAll(() => portal.close());

  it('reads a CSV with a url column, a TSV, and a plain list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-seeds-'));
    writeFileSync(join(dir, 'a.csv'), '\uFEFFcode,url,name\n"511725",http://a.gov.cn/,"渠县, 达州"\n\n511702,http://b.gov.cn/,通川区\n');
    writeFileSync(join(dir, 'b.tsv'), 'URL\tmy_id\nhttp://c.gov.cn/\tp-1\n');
    writeFileSync(join(dir, 'c.txt'), '# portals\nhttp://d.gov.cn/\n\nwww.e.gov.cn  # county, no scheme\n');
    expect(await readSeeds(join(dir, 'a.csv'))).toEqual([
      { url: 'http://a.gov.cn/', columns: { code: '511725', name: '渠县, 达州' } },
      { url: 'http://b.gov.cn/', columns: { code: '511702', name: '通川区' } },
    ]);
    expect(await readSeeds(join(dir, 'b.tsv'))).toEqual([{ url: 'http://c.gov.cn/', columns: { my_id: 'p-1' } }]);
    expect(await readSeeds(join(dir, 'c.txt'))).toEqual([{ url: 'http://d.gov.cn/', columns: {} }, { url: 'http://www.e.gov.cn', columns: {} }]);
    // The portal directory's own TSV (shipped as src/data/portals.tsv) (code, path, level, url, …) is a seed file as it is.
    const directory = await readSeeds(join(ROOT, 'src', 'data', 'portals.tsv'));
    expect(directory).toHaveLength(3211); // 3,215 lines, 4 of them without a URL (金门县, 西沙区, 南沙区, 台湾省)
    expect(directory[1]).toEqual({ url: 'https://www.bjdch.gov.cn/', columns: { code: '110101', path: '北京市/东城区', level: 'county', homepage_2026_04: 'ok' } });
  });

  it('keeps the seed file\'s columns with every report found from the seed, and in the export', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-csv-seeded-'));
    const seeds = join(dir, 'seeds.csv');
    writeFileSync(seeds, `url,code,name,panel_id\n${portal.url},511700,示例县,P-0042\n`);
    const outDir = join(dir, 'out');
    const crawled = await runXxgk('crawl', '--seeds', seeds, '--out', outDir, '--years', '2024', '--delay', '10');
    expect(crawled.code).toBe(0);
    const reports = reportsIn(outDir);
    expect(reports).toHaveLength(4);
    for (const report of reports) expect(report.meta.seed).toEqual({ url: portal.url, code: '511700', name: '示例县', panel_id: 'P-0042' });
    // The documents stay valid against the committed schema.
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(readJson(join(ROOT, 'src', 'output', 'report.schema.json')));
    for (const report of reports) expect(validate(report), JSON.stringify(validate.errors)).toBe(true);

    // The dataset export: the seed's columns on every report's row, the figures by report id.
    const exported = await runXxgk('export', outDir, '--out', join(dir, 'dataset'));
    expect(exported.code).toBe(0);
    const table = (name: string): Record<string, string>[] => parse(readFileSync(join(dir, 'dataset', `${name}.csv`), 'utf8'), { columns: true }) as Record<string, string>[];
    const rows = table('reports');
    expect(rows).toHaveLength(4);
    expect(Object.keys(rows[0]!).filter((key) => key.startsWith('seed_'))).toEqual(['seed_url', 'seed_code', 'seed_name', 'seed_panel_id']);
    expect(rows.every((row) => row['seed_panel_id'] === 'P-0042' && row['seed_code'] === '511700' && row['seed_url'] === portal.url)).toBe(true);
    const guanganId = rows.find((row) => row['agency'] === '广安市人民政府')?.['id'];
    const figures = table('figures');
    expect(figures.length).toBe(4 * 200);
    expect(figures.find((row) => row['report_id'] === guanganId && row['field'] === 'applications.newReceived.total')?.['value']).toBe('450');
    const sites = parse(readFileSync(join(outDir, 'sites.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(sites.map((s) => [s['seed'], s['panel_id'], s['reports_2024']])).toEqual([[portal.url, 'P-0042', '4']]);
  }, 60_000);
});

describe('per-seed coverage and its diagnosis', () => {
  let portal: DemoPortal;
  beforeAll(async () => {
    portal = await startDemoPortal();
  });
  afterAll(() => portal.close());

  it('tells a seed without an annual-report column from one behind a script-challenge firewall', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'xxgk-sites-'));
    const lonely = new URL('/lonely/index.html', portal.url).href;
    const firewalled = new URL('/art/2022/1/20/art_4616_1004.html', portal.url).href;
    const crawled = await runXxgk('crawl', lonely, firewalled, '--out', outDir, '--years', '2021-2025', '--delay', '10');
    expect(crawled.code).toBe(0); // one seed of two was read
    const sites = parse(readFileSync(join(outDir, 'sites.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(sites.map((s) => [s['seed'], s['diagnosis'], s['reports']])).toEqual([
      [lonely, 'no annual-report column found (add a profile)', '0'],
      [firewalled, 'script-challenge firewall (412)', '0'],
    ]);
    expect(sites[1]!['failures_by_reason']).toBe('waf-challenge: 1');
    const status = await runXxgk('status', outDir, '--by-site');
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`${lonely}\n  diagnosis: no annual-report column found (add a profile)\n`);
    expect(status.stdout).toContain(`${firewalled}\n  diagnosis: script-challenge firewall (412)\n`);

    // Every seed failed: non-zero with the default policy, zero with --fail-on none.
    const failedOnly = mkdtempSync(join(tmpdir(), 'xxgk-sites-failed-'));
    const failing = await runXxgk('crawl', firewalled, '--out', failedOnly, '--delay', '10');
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/every seed failed \(1\) \(--fail-on seeds\)/);
    const tolerated = await runXxgk('crawl', firewalled, '--out', mkdtempSync(join(tmpdir(), 'xxgk-sites-none-')), '--delay', '10', '--fail-on', 'none');
    expect(tolerated.code).toBe(0);
  }, 60_000);

  const facts = (over: Partial<SeedFacts>): SeedFacts => ({
    seedStatus: 'done', seedReason: null, seedHttpStatus: 200, columns: 1, reportLinks: 3, reportLinksFailed: 0, reportFailureReason: null,
    deferredYears: [], reports: 3, reportsRead: 3, attachments: 0, attachmentsFailed: 0, retryable: 0, pending: 0, firewalled: 0, firewallReason: null, ...over,
  });

  it('diagnoses from the seed to its reports, the first obstacle first', () => {
    expect(diagnose(facts({}))).toBe('ok');
    expect(diagnose(facts({ seedStatus: 'skipped', seedReason: 'robots.txt disallows it', columns: 0, reports: 0, reportsRead: 0, reportLinks: 0 }))).toBe('robots.txt forbids');
    expect(diagnose(facts({ seedStatus: 'failed', seedReason: 'waf-challenge: 412 with a script challenge (瑞数)', seedHttpStatus: 412 }))).toBe('script-challenge firewall (412)');
    expect(diagnose(facts({ seedStatus: 'failed', seedReason: 'waf-challenge: 521 with a cookie script (加速乐)', seedHttpStatus: 521 }))).toBe('cookie-script firewall (521)');
    expect(diagnose(facts({ seedStatus: 'failed', seedReason: 'ECONNREFUSED: connect ECONNREFUSED', seedHttpStatus: null, retryable: 1 })))
      .toBe('home page unreachable (ECONNREFUSED: connect ECONNREFUSED); rerun later to retry');
    expect(diagnose(facts({ seedStatus: 'failed', seedReason: 'robots.txt unreachable (ETIMEDOUT)', seedHttpStatus: null, retryable: 4 }))).toBe('robots.txt unreachable (rerun later to retry)');
    expect(diagnose(facts({ seedStatus: 'failed', seedReason: 'robots.txt unreachable (ETIMEDOUT)', seedHttpStatus: null, retryable: 0 })))
      .toBe('robots.txt unreachable (given up: failed in --max-attempts runs)');
    expect(diagnose(facts({ columns: 0, reportLinks: 0, reports: 0, reportsRead: 0 }))).toBe('no annual-report column found (add a profile)');
    expect(diagnose(facts({ reportLinks: 2, reports: 2, reportsRead: 0, attachments: 2, attachmentsFailed: 2 }))).toBe('reports only as attachments that could not be read');
    expect(diagnose(facts({ reportLinks: 0, reports: 0, reportsRead: 0, deferredYears: [2019, 2020] }))).toBe('reports only outside --years (2019, 2020): widen --years');
    expect(diagnose(facts({ reportLinks: 0, reports: 0, reportsRead: 0 }))).toMatch(/^annual-report column found but no report listed in it/);
    expect(diagnose(facts({ reportLinks: 3, reportLinksFailed: 3, reports: 0, reportsRead: 0, firewalled: 3, firewallReason: 'waf-challenge: 412 with a script challenge (瑞数)' })))
      .toBe('script-challenge firewall (412)');
    expect(diagnose(facts({ reportLinks: 4, reportLinksFailed: 1, reportFailureReason: 'HTTP 404', reports: 3 }))).toBe('partial: 1 of 4 report links failed (HTTP 404)');
    expect(diagnose(facts({ retryable: 2 }))).toBe('ok; 2 to retry (rerun later)');
  });

  it('retries network errors, timeouts, 408, 429 and 5xx, not 404s, firewalls or robots rules', () => {
    expect(isTransientFailure({ code: 'ERR_FETCH_FAILED', reason: 'ECONNRESET: socket hang up', httpStatus: null })).toBe(true);
    expect(isTransientFailure({ code: 'ERR_FETCH_FAILED', reason: 'ETIMEDOUT: Timeout awaiting \'request\' for 30000ms', httpStatus: null })).toBe(true);
    expect(isTransientFailure({ code: 'ERR_HTTP_STATUS', reason: 'HTTP 503', httpStatus: 503 })).toBe(true);
    expect(isTransientFailure({ code: 'ERR_HTTP_STATUS', reason: 'HTTP 429', httpStatus: 429 })).toBe(true);
    expect(isTransientFailure({ code: 'ERR_HTTP_STATUS', reason: 'HTTP 408', httpStatus: 408 })).toBe(true);
    expect(isTransientFailure({ code: 'ERR_ROBOTS_UNREACHABLE', reason: 'robots.txt unreachable (ECONNREFUSED: …): the site is not crawled', httpStatus: null })).toBe(true);
    expect(isTransientFailure({ code: 'ERR_HTTP_STATUS', reason: 'HTTP 404', httpStatus: 404 })).toBe(false);
    expect(isTransientFailure({ code: 'ERR_HTTP_STATUS', reason: 'HTTP 501', httpStatus: 501 })).toBe(false);
    expect(isTransientFailure({ code: 'ERR_WAF_CHALLENGE', reason: 'waf-challenge: 521 with a cookie script (加速乐)', httpStatus: 521 })).toBe(false);
    expect(isTransientFailure({ code: 'ERR_ROBOTS_DISALLOWED', reason: 'robots.txt disallows it', httpStatus: null })).toBe(false);
    expect(isTransientFailure({ code: 'ERR_UNREADABLE_INPUT', reason: 'extraction failed: x', httpStatus: null })).toBe(false);
  });
});

describe('the state of an earlier version', () => {
  it('is migrated (columns added, seeds told from the URLs), not refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-migrate-'));
    const db = new Database(join(dir, 'state.sqlite'));
    db.exec(`CREATE TABLE urls (seq INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, site TEXT NOT NULL, depth INTEGER NOT NULL,
      title TEXT, year INTEGER, parent TEXT, status TEXT NOT NULL DEFAULT 'pending', reason TEXT, http_status INTEGER, sha256 TEXT, final_url TEXT,
      content_type TEXT, charset TEXT, fetched_at TEXT, file TEXT, updated_at TEXT NOT NULL);
      CREATE TABLE reports (id TEXT PRIMARY KEY, url TEXT NOT NULL, agency TEXT, year INTEGER, status TEXT NOT NULL, title TEXT, file TEXT NOT NULL);
      INSERT INTO urls (url, kind, site, depth, status, updated_at) VALUES ('http://www.a.gov.cn/', 'seed', 'a.gov.cn', 0, 'done', 'x');
      INSERT INTO urls (url, kind, site, depth, status, sha256, file, updated_at) VALUES ('http://www.a.gov.cn/nb/1.html', 'report', 'a.gov.cn', 3, 'done', '${'a'.repeat(64)}', 'raw/a.html', 'x');
      INSERT INTO urls (url, kind, site, depth, status, reason, http_status, updated_at) VALUES ('http://www.a.gov.cn/nb/2.html', 'report', 'a.gov.cn', 3, 'failed', 'HTTP 503', 503, 'x');
      INSERT INTO reports VALUES ('r1', 'http://www.a.gov.cn/nb/1.html', '甲县', 2024, 'ok', 't', 'reports/r1.json');`);
    db.close();
    const state = new SqliteCrawlState(join(dir, 'state.sqlite'));
    expect(state.seeds()).toEqual([{ url: 'http://www.a.gov.cn/', columns: {} }]);
    expect(state.reportBySha('a'.repeat(64))?.id).toBe('r1');
    // The seed is revisited, the 503 retried; the stored report is not.
    expect(state.prepareRun([2021, 2025], 3)).toEqual({ revisits: 1, retries: 1, widened: 0, narrowed: 0 });
    expect(state.pending(0, 10).map((e) => [e.url, e.seed])).toEqual([
      ['http://www.a.gov.cn/', 'http://www.a.gov.cn/'], ['http://www.a.gov.cn/nb/2.html', 'http://www.a.gov.cn/'],
    ]);
    state.close();
  });
});

describe('the command line in batch use', () => {
  let portal: DemoPortal;
  beforeAll(async () => {
    portal = await startDemoPortal();
  });
  afterAll(() => portal.close());

  it('stops cleanly on Ctrl-C, prints the summary and "rerun to continue"; the rerun finishes', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'xxgk-sigint-'));
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'xxgk.js'), 'crawl', portal.url, '--out', outDir, '--years', '2021-2025', '--delay', '250'],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const start = portal.log.length;
    // Interrupt once a few pages are in: the crawl is then well under way.
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (portal.log.length - start >= 5) {
          clearInterval(timer);
          child.kill('SIGINT');
          resolve();
        }
      }, 20);
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).toMatch(/SIGINT: stopping/);
    expect(stderr).toMatch(/interrupted: rerun to continue \(xxgk crawl --resume /);
    expect(stdout).toMatch(/^URLs: \d+ found, .* [1-9]\d* pending/m);
    expect(existsSync(join(outDir, 'sites.csv'))).toBe(true);

    const rerun = await runXxgk('crawl', '--resume', outDir, '--delay', '10');
    expect(rerun.code).toBe(0);
    expect(agencyYears(reportsIn(outDir))).toEqual(DEMO_EXPECTED_REPORTS.map(([agency, year]) => `${agency} ${year}`).sort());
  }, 60_000);

  it('names the file in errors, never a raw ENOENT', async () => {
    const missing = join(tmpdir(), 'xxgk-no-such-seeds.txt');
    const crawled = await runXxgk('crawl', '--seeds', missing);
    expect(crawled.code).toBe(1);
    expect(crawled.stderr).toBe(`xxgk: ${missing}: no such file or directory\n`);
    const exported = await runXxgk('export', join(tmpdir(), 'xxgk-no-such-dir'));
    expect(exported.stderr).toMatch(/^xxgk: .*xxgk-no-such-dir: no reports\/ in it/);
    expect(exported.stderr).not.toMatch(/ENOENT/);
    const resumed = await runXxgk('crawl', '--resume', join(tmpdir(), 'xxgk-no-such-dir'));
    expect(resumed.stderr).toMatch(/xxgk-no-such-dir: no crawl to resume here/);
  });

  it('xxgk demo refuses to empty a directory that is not a demo output, and empties its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-not-demo-'));
    writeFileSync(join(dir, 'state.sqlite'), 'a crawl');
    mkdirSync(join(dir, 'reports'));
    const demo = await runXxgk('demo', '--out', dir);
    expect(demo.code).toBe(1);
    expect(demo.stderr).toMatch(/is not a demo output .*: not deleting it/);
    expect(readFileSync(join(dir, 'state.sqlite'), 'utf8')).toBe('a crawl');

    const own = mkdtempSync(join(tmpdir(), 'xxgk-demo-own-'));
    await emptyDemoOutput(own);
    writeFileSync(join(own, 'index.jsonl'), 'old');
    await emptyDemoOutput(own);
    expect(readdirSync(own)).toEqual(['.xxgk-demo']);
  });
});
