import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawl, DEFAULT_CRAWL_OPTIONS, type CrawlOptions } from '../src/crawl/crawler.js';
import { DEMO_EXPECTED_REPORTS, startDemoPortal, type DemoPortal } from '../src/demo/portal.js';
import { ROOT, runXxgk } from './helpers.js';

const options = (outDir: string): CrawlOptions => ({
  ...DEFAULT_CRAWL_OPTIONS, outDir, years: [2021, 2025], delayMs: 20, fetcher: { backoffMs: 50, timeoutMs: 10_000 },
});

function reportsIn(outDir: string): Map<string, any> {
  const dir = join(outDir, 'reports');
  return new Map(readdirSync(dir).map((file) => {
    const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    return [report.id, report];
  }));
}

/** A demo portal for the tests of one describe block, started before them and closed after. */
function useDemoPortal(): () => DemoPortal {
  let portal: DemoPortal;
  beforeAll(async () => {
    portal = await startDemoPortal();
  });
  afterAll(() => portal.close());
  return () => portal;
}

describe('crawling the demo county portal', () => {
  let portal: DemoPortal;
  let outDir: string;

  beforeAll(async () => {
    portal = await startDemoPortal();
    outDir = mkdtempSync(join(tmpdir(), 'xxgk-crawl-'));
    (await crawl([portal.url], options(outDir))).close();
  }, 60_000);
  afterAll(() => portal.close());

  const requests = (path: string) => portal.log.filter((entry) => entry.path === path);

  it('brings back every 2021–2025 annual report, from pages and attachments, and nothing else', () => {
    const reports = [...reportsIn(outDir).values()];
    expect(reports.map((r) => [r.meta.agency, r.meta.year]).sort()).toEqual([...DEMO_EXPECTED_REPORTS].map(([a, y]) => [a, y]).sort());
    expect(reports.every((r) => r.extraction.status === 'ok')).toBe(true);
    const fromPdf = reports.filter((r) => r.source.format === 'pdf').map((r) => r.meta.agency).sort();
    expect(fromPdf).toEqual(['平阳县卫生健康局', '重庆市万州区人力资源和社会保障局']);
    const guangan = reports.find((r) => r.meta.agency === '广安市人民政府');
    expect(guangan.figures.applications.newReceived.total).toBe(450);
    expect(readFileSync(join(outDir, guangan.source.file)).length).toBeGreaterThan(1000);
  });

  it('writes index.jsonl with one line per report', () => {
    const lines = readFileSync(join(outDir, 'index.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(DEMO_EXPECTED_REPORTS.length);
    // alternateUrls only on the line of a report found at several URLs (the 大竹县 one).
    for (const line of lines) expect(Object.keys(line).filter((key) => key !== 'alternateUrls').sort()).toEqual(['agency', 'file', 'id', 'status', 'title', 'url', 'year']);
    expect(lines.filter((line) => line.alternateUrls).map((line) => line.agency)).toEqual(['大竹县人民政府']);
  });

  it('never fetches what robots.txt disallows, notices, or reports of other years', () => {
    expect(portal.log.filter((entry) => entry.path.startsWith('/private/') || entry.path.startsWith('/search/'))).toEqual([]);
    for (const path of ['/zwgk/zfxxgknb/202101/t20210126_70001.html', '/xxgk-show-1201.html', '/xxgk-show-1999.html', '/art/2023/3/2/art_4616_1002.html']) {
      expect(requests(path)).toEqual([]);
    }
    expect(requests('/robots.txt')).toHaveLength(1);
  });

  it('retries a 429 after its Retry-After and a 503, and fetches everything else once', () => {
    expect(requests('/zwgk/zfxxgknb/202501/t20250127_100002.html').map((e) => e.status)).toEqual([429, 200]);
    expect(requests('/zwgk/zfxxgknb/202301/t20230130_90001.html').map((e) => e.status)).toEqual([503, 200]);
    const counts = new Map<string, number>();
    for (const entry of portal.log) counts.set(entry.path, (counts.get(entry.path) ?? 0) + 1);
    const twice = [...counts].filter(([, n]) => n > 1).map(([path]) => path).sort();
    expect(twice).toEqual(['/zwgk/zfxxgknb/202301/t20230130_90001.html', '/zwgk/zfxxgknb/202501/t20250127_100002.html']);
  });

  it('follows listings of every family: TRS pages, Hanweb dataproxy, xxgk-list, a redirect, downfile.jsp', () => {
    for (const path of ['/zwgk/zfxxgknb/index_1.html', '/zwgk/zfxxgknb/index_2.html', '/xxgk-list-zfxxgknb-2.html', '/attach/0/5f3a9c2b7d.pdf']) {
      expect(requests(path).map((e) => e.status)).toEqual([200]);
    }
    // Asked as Hanweb's pages ask it: POST, the parameters as form data (and in the query).
    expect(portal.log.filter((entry) => entry.path.startsWith('/module/web/jpage/dataproxy.jsp?')).map((e) => [e.method, new URL(e.path, 'http://x').searchParams.get('startrecord')])).toEqual([['POST', '4']]);
    expect(requests('/zwgk/old/xuyi-2023.html').map((e) => e.status)).toEqual([301]);
  });

  it('records each failure with its reason', () => {
    const db = new Database(join(outDir, 'state.sqlite'), { readonly: true });
    const failures = db.prepare(`SELECT url, status, reason FROM urls WHERE status IN ('failed', 'skipped') ORDER BY url`).all() as { url: string; status: string; reason: string }[];
    db.close();
    expect(failures.map((f) => [new URL(f.url).pathname, f.status, f.reason])).toEqual([
      ['/art/2022/1/20/art_4616_1004.html', 'failed', 'waf-challenge: 412 with a script challenge (瑞数)'],
      ['/private/t20240101_1.html', 'skipped', 'robots.txt disallows it'],
      ['/zwgk/zfxxgknb/202301/t20230118_90404.html', 'failed', 'HTTP 404'],
    ]);
  });
});

describe('an interrupted crawl', () => {
  const portal = useDemoPortal();

  const runCli = (outDir: string, onSpawn?: (kill: () => void) => void) => new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'xxgk.js'), 'crawl', portal().url, '--out', outDir, '--years', '2021-2025', '--delay', '60'], { stdio: 'ignore', env: { ...process.env, CI: '1' } });
    onSpawn?.(() => child.kill('SIGKILL'));
    child.on('exit', (code) => resolve(code));
  });

  it('after kill -9 and a rerun, equals an uninterrupted crawl, with nothing recorded fetched again', async () => {
    const whole = mkdtempSync(join(tmpdir(), 'xxgk-whole-'));
    expect(await runCli(whole)).toBe(0);

    const resumed = mkdtempSync(join(tmpdir(), 'xxgk-resumed-'));
    // Kill once the crawl has recorded a dozen URLs: its state file is read as it goes (WAL).
    const killed = await runCli(resumed, (kill) => {
      const timer = setInterval(() => {
        try {
          const db = new Database(join(resumed, 'state.sqlite'), { readonly: true, fileMustExist: true });
          const done = (db.prepare(`SELECT count(*) AS n FROM urls WHERE status != 'pending'`).get() as { n: number }).n;
          db.close();
          if (done >= 12) {
            clearInterval(timer);
            kill();
          }
        } catch {
          // not created yet
        }
      }, 20);
    });
    expect(killed).toBeNull(); // ended by the signal
    const db = new Database(join(resumed, 'state.sqlite'), { readonly: true });
    // Documents (reports, attachments) are never fetched again; listing pages are revisited, conditionally.
    const recorded = (db.prepare(`SELECT url FROM urls WHERE status IN ('fetched', 'done', 'failed', 'skipped') AND kind IN ('report', 'attachment')`).all() as { url: string }[]).map((row) => new URL(row.url));
    const revisited = (db.prepare(`SELECT url FROM urls WHERE status IN ('fetched', 'done') AND kind NOT IN ('report', 'attachment')`).all() as { url: string }[]).map((row) => new URL(row.url));
    const pendingLeft = (db.prepare(`SELECT count(*) AS n FROM urls WHERE status = 'pending'`).get() as { n: number }).n;
    db.close();
    expect(pendingLeft).toBeGreaterThan(0);

    const logStart = portal().log.length;
    expect(await runCli(resumed)).toBe(0);
    const refetched = portal().log.slice(logStart).filter((entry) => recorded.some((url) => url.pathname + url.search === entry.path));
    expect(refetched).toEqual([]);
    const revisits = portal().log.slice(logStart).filter((entry) => revisited.some((url) => url.pathname + url.search === entry.path));
    expect(revisits.length).toBeGreaterThan(0);
    // Hanweb's dataproxy.jsp is asked with POST, which has no conditional form: read again whole.
    expect(revisits.filter((entry) => entry.method === 'GET').every((entry) => entry.status === 304)).toBe(true);

    const a = reportsIn(whole);
    const b = reportsIn(resumed);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [id, report] of a) {
      expect(b.get(id).figures).toEqual(report.figures);
      expect(b.get(id).meta).toEqual(report.meta);
      expect(b.get(id).checks).toEqual(report.checks);
    }
    expect(readFileSync(join(resumed, 'index.jsonl'), 'utf8')).toBe(readFileSync(join(whole, 'index.jsonl'), 'utf8'));
  }, 90_000);
});

describe('site profiles', () => {
  const portal = useDemoPortal();

  it('start from a profile\'s column and never fetch what it skips', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'xxgk-profile-'));
    const host = new URL(portal().url).host;
    // Seeded at a dead page: only the profile leads to the xxgk-list column; the other columns
    // (reachable through every page's navigation) and the list's second page are skipped.
    const seed = new URL('/xwdt/index.html', portal().url).href;
    const state = await crawl([seed], {
      ...options(outDir),
      profiles: [{ host, columns: ['/xxgk-list-zfxxgknb.html'], skip: [/^\/(?:zwgk|col|art)\//, /^\/xxgk-list-zfxxgknb-2\.html$/], reportTitle: null }],
    });
    const reports = state.reports();
    state.close();
    // The column also links the 大竹县 report (a copy of the TRS column's, which is skipped here).
    expect(reports.map((r) => r.agency).sort()).toEqual(['大竹县人民政府', '渠县三汇镇人民政府']);
    expect(portal().log.some((e) => e.path === '/xxgk-list-zfxxgknb.html')).toBe(true);
    expect(portal().log.some((e) => e.path === '/xxgk-list-zfxxgknb-2.html' || /^\/(?:zwgk|col|art)\//.test(e.path))).toBe(false);
  });
});

describe('politeness', () => {
  it('spaces request starts on a host by the delay, and by a longer robots.txt Crawl-delay from then on', async () => {
    const { HostQueues } = await import('../src/crawl/hosts.js');
    const hosts = new HostQueues({ perHost: 2, delayMs: 50, global: 8 });
    const starts: number[] = [];
    const task = () => hosts.run('a.gov.cn', (request) => request(async () => { starts.push(Date.now()); }));
    await Promise.all([task(), task(), task()]);
    hosts.setCrawlDelay('a.gov.cn', 200);
    await task();
    await task();
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!);
    expect(gaps.slice(0, 2).every((gap) => gap >= 45)).toBe(true); // two at once per host, still spaced
    expect(gaps[3]).toBeGreaterThanOrEqual(195);
  });

  it('keeps the delay between a host\'s requests when the global limit held the first one back', async () => {
    const { HostQueues } = await import('../src/crawl/hosts.js');
    // One global slot, taken for 120 ms by another host: the first request waits in the global
    // queue past the second's reserved start, and the two would leave it together.
    const hosts = new HostQueues({ perHost: 2, delayMs: 50, global: 1 });
    const starts: number[] = [];
    const other = hosts.run('b.gov.cn', (request) => request(() => new Promise((resolve) => setTimeout(resolve, 120))));
    const task = () => hosts.run('a.gov.cn', (request) => request(async () => { starts.push(Date.now()); }));
    await Promise.all([other, task(), task()]);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(45);
  });
});

describe('a report URL given as the seed', () => {
  const portal = useDemoPortal();

  it('is extracted as a report', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'xxgk-seed-report-'));
    const seed = new URL('/zwgk/zfxxgknb/202501/t20250122_100001.html', portal().url).href;
    const state = await crawl([seed], { ...options(outDir), maxDepth: 0 });
    const reports = state.reports();
    state.close();
    expect(reports.map((r) => [r.agency, r.year, r.status])).toEqual([['大竹县人民政府', 2024, 'ok']]);
  });
});

describe('budgets', () => {
  const portal = useDemoPortal();

  it('goes no deeper than the depth limit from a seed', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'xxgk-depth-'));
    const before = portal().log.length;
    const state = await crawl([portal().url], { ...options(outDir), maxDepth: 1 });
    state.close();
    const paths = portal().log.slice(before).map((e) => e.path).filter((p) => p !== '/robots.txt').sort();
    // The home page (depth 0) and the 政务公开 hub (depth 1); the columns would be depth 2.
    expect(paths).toEqual(['/', '/zwgk/index.html']);
  });

  it('stops a site at its page budget and records the rest as skipped', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'xxgk-budget-'));
    const state = await crawl([portal().url], { ...options(outDir), maxPagesPerSite: 6 });
    const counts = state.counts();
    state.close();
    expect(counts.urls['seed']?.['done']).toBe(1);
    const done = Object.values(counts.urls).reduce((n, byStatus) => n + (byStatus['done'] ?? 0) + (byStatus['failed'] ?? 0), 0);
    expect(done).toBeLessThanOrEqual(6);
    expect(counts.failures.find((f) => f.reason.startsWith('page budget of the site (6) spent'))?.count).toBeGreaterThan(0);
  });
});

describe('xxgk crawl and xxgk status on the command line', () => {
  const portal = useDemoPortal();

  it('prints progress lines and the summary, and status repeats it from the state', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'xxgk-cli-crawl-'));
    const crawled = await runXxgk('crawl', portal().url, '--out', outDir, '--years', '2021-2025', '--delay', '20');
    expect(crawled.code).toBe(0);
    expect(crawled.stderr).toMatch(/^\[\d\d:\d\d:\d\d\] \d+ fetched, \d+ reports, \d+ failed, \d+ in flight$/m);
    expect(crawled.stdout).toMatch(/^reports: 9 \(ok 9\)$/m);
    expect(crawled.stdout).toMatch(/^ +1 +robots\.txt disallows it$/m);
    const status = await runXxgk('status', outDir);
    expect(status.code).toBe(0);
    // 2 report links of 2019 and 2020 are recorded as outside --years; the 大竹 report's second URL is fetched, not a report.
    expect(status.stdout).toMatch(/^URLs: 26 found, 21 fetched, 2 failed, 1 skipped, 0 pending, 2 reports outside --years$/m);
    expect(status.stdout).toMatch(/^reports: 9 \(ok 9\)$/m);
    const missing = await runXxgk('status', join(outDir, 'nothing-here'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no crawl state/);
  }, 60_000);
});
