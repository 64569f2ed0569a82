/** Crawls of the family demo portals: every in-range report of every listing family, nothing else. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawl, DEFAULT_CRAWL_OPTIONS, type CrawlOptions } from '../src/crawl/crawler.js';
import { startFamilyPortals, type FamilyPortals } from '../src/demo/families/index.js';
import { ROOT } from './helpers.js';

const options = (outDir: string): CrawlOptions => ({
  ...DEFAULT_CRAWL_OPTIONS, outDir, years: [2021, 2025], delayMs: 10, fetcher: { backoffMs: 50, timeoutMs: 10_000 },
});

function reportsIn(outDir: string): any[] {
  const dir = join(outDir, 'reports');
  return readdirSync(dir).map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')));
}

describe('crawling portals of the listing families seen on real portals', () => {
  let portals: FamilyPortals;
  let outDir: string;

  beforeAll(async () => {
    portals = await startFamilyPortals();
    outDir = mkdtempSync(join(tmpdir(), 'xxgk-families-'));
    (await crawl([portals.url], options(outDir))).close();
  }, 120_000);
  afterAll(() => portals.close());

  const requested = (host: string, path: string) => portals.log.filter((entry) => entry.host === host && (entry.path === path || entry.path.startsWith(path + '?')));

  it('brings back every 2021–2025 report of every family, and only those', () => {
    const reports = reportsIn(outDir);
    const found = reports.map((r) => [r.meta.agency, r.meta.year]).sort();
    expect(found).toEqual([...portals.expected].sort());
    expect(portals.expected).toHaveLength(10);
    expect(reports.filter((r) => r.extraction.status === 'failed')).toEqual([]);
    const guangan = reports.find((r) => r.meta.agency === '广安市人民政府');
    expect(guangan.figures.applications.newReceived.total).toBe(450);
  });

  it('Hanweb: POSTs dataproxy.jsp for records 3–4 and 5, after the 2 the page embeds, with the param block', () => {
    const proxy = portals.log.filter((entry) => entry.path.startsWith('/module/web/jpage/dataproxy.jsp'));
    const ranges = proxy.map((entry) => {
      const form = new URLSearchParams(entry.body);
      return [entry.method, form.get('startrecord'), form.get('endrecord'), form.get('columnid'), form.get('unitid')];
    });
    expect(ranges.sort()).toEqual([['POST', '3', '4', '5234', '88912'], ['POST', '5', '5', '5234', '88912']]);
  });

  it('TRS 动静结合: pages 2 and 3 from POST /fjdzapp/search with the listArgs as a form', () => {
    const search = requested('county', '/fjdzapp/search');
    const forms = search.map((entry) => new URLSearchParams(entry.body));
    expect(search.map((entry, i) => [entry.method, forms[i]!.get('channelid'), forms[i]!.get('classsql'), forms[i]!.get('page')]).sort()).toEqual([['POST', '8a3c4f5d7e2b41a6', 'chnlid=4910', '2'], ['POST', '8a3c4f5d7e2b41a6', 'chnlid=4910', '3']]);
    expect(search.every((entry) => entry.status === 200)).toBe(true);
  });

  it('JPaaS: the unit of the page, then its page 2; gkmlpt: the 年报 category found by name, pages 1 and 2', () => {
    const units = requested('county', '/api-gateway/jpaas-publish-server/front/page/build/unit');
    expect(units.map((entry) => JSON.parse(new URL(entry.path, 'http://x').searchParams.get('paramJson')!).pageNo).sort()).toEqual([1, 2]);
    const api = portals.log.filter((entry) => entry.path.startsWith('/gkmlpt/api/'));
    expect(api.map((entry) => entry.path).sort()).toEqual(['/gkmlpt/api/all/5621?page=1&sid=757008', '/gkmlpt/api/all/5621?page=2&sid=757008']);
  });

  it("follows the department's site on another host that the portal links to, and no other host", () => {
    expect(requested('department', '/xxgk/nb/index.html')).toHaveLength(1);
    expect(requested('department', '/download')).toHaveLength(1);
    expect(portals.log.filter((entry) => entry.host === 'outside')).toEqual([]);
  });

  it('takes an attachment named only by Content-Disposition by its content (a DOCX named .pdf), never by its name', () => {
    const report = reportsIn(outDir).find((r) => r.source.url?.endsWith('/download?id=123'));
    expect(report.source.format).toBe('docx');
    expect(report.source.file).toMatch(/^raw\/[0-9a-f]{64}\.[a-z]+$/);
    const names = readdirSync(outDir, { recursive: true }).map(String);
    expect(names.filter((name) => /年报|渠县|\.\./.test(name))).toEqual([]);
  });

  it('never fetches what robots.txt disallows, notices, other categories or reports of other years', () => {
    for (const [host, path] of portals.neverFetched) expect(requested(host, path), `${host} ${path}`).toEqual([]);
    expect(portals.log.filter((entry) => entry.path.startsWith('/private/'))).toEqual([]);
    expect(portals.log.filter((entry) => entry.path === '/robots.txt').map((entry) => entry.host).sort()).toEqual(['county', 'department']);
  });

  it('fetches nothing twice, and every request it made was answered 200', () => {
    const keys = portals.log.map((entry) => `${entry.host} ${entry.method} ${entry.path} ${entry.body}`);
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
    expect(portals.log.filter((entry) => entry.status !== 200)).toEqual([]);
  });
});

describe('an interrupted crawl of the family portals', () => {
  let portals: FamilyPortals;
  beforeAll(async () => {
    portals = await startFamilyPortals();
  });
  afterAll(() => portals.close());

  const runCli = (outDir: string, onSpawn?: (kill: () => void) => void) => new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'xxgk.js'), 'crawl', portals.url, '--out', outDir, '--years', '2021-2025', '--delay', '40'], { stdio: 'ignore', env: { ...process.env, CI: '1' } });
    onSpawn?.(() => child.kill('SIGKILL'));
    child.on('exit', (code) => resolve(code));
  });

  it('after kill -9 once POSTs are in the state, a rerun gives the same reports as a whole crawl', async () => {
    const whole = mkdtempSync(join(tmpdir(), 'xxgk-families-whole-'));
    expect(await runCli(whole)).toBe(0);
    const resumed = mkdtempSync(join(tmpdir(), 'xxgk-families-resumed-'));
    const killed = await runCli(resumed, (kill) => {
      const timer = setInterval(() => {
        try {
          const db = new Database(join(resumed, 'state.sqlite'), { readonly: true, fileMustExist: true });
          const posts = (db.prepare(`SELECT count(*) AS n FROM urls WHERE url LIKE '%#xxgk-request=%'`).get() as { n: number }).n;
          db.close();
          if (posts >= 2) {
            clearInterval(timer);
            kill();
          }
        } catch {
          // not created yet
        }
      }, 20);
    });
    expect(killed).toBeNull();
    const db = new Database(join(resumed, 'state.sqlite'), { readonly: true });
    const pendingPosts = (db.prepare(`SELECT count(*) AS n FROM urls WHERE url LIKE '%#xxgk-request=%' AND status = 'pending'`).get() as { n: number }).n;
    db.close();
    expect(pendingPosts).toBeGreaterThan(0); // killed with requests still to make
    expect(await runCli(resumed)).toBe(0);
    const summary = (dir: string) => reportsIn(dir).map((r) => [r.id, r.meta.agency, r.meta.year, JSON.stringify(r.figures)]).sort();
    expect(summary(resumed)).toEqual(summary(whole));
    expect(summary(whole)).toHaveLength(portals.expected.length);
    expect(readFileSync(join(resumed, 'index.jsonl'), 'utf8')).toBe(readFileSync(join(whole, 'index.jsonl'), 'utf8'));
  }, 120_000);
});

