/**
 * A crawled report page whose tables are pasted as pictures: the crawler fetches the pictures as
 * politely as pages, stores them in raw/, records them in the state, and extracts the report with
 * them (OCR in the worker pool). Every figure is compared with the sample's expected figures.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlRun, DEFAULT_CRAWL_OPTIONS, type CrawlOptions } from '../src/crawl/crawler.js';
import { picturesFamily, startFamilyPortals, type FamilyPortals } from '../src/demo/families/index.js';
import {
  BROKEN_PICTURES, BROKEN_PICTURES_REPORT_PATH, PICTURES_FURNITURE_PATHS, PICTURES_REPORT_PATH, PICTURES_TABLE_PATHS,
} from '../src/demo/families/pictures.js';
import { sha256Hex } from '../src/output/report.js';
import { closeWorkerPool } from '../src/pipeline/pool.js';
import { flatten, readJson, ROOT, SAMPLES } from './helpers.js';

/** Between two request starts on a host. */
const DELAY_MS = 200;
/** OCR on this shared machine is slow: the time limit is not what is tested here. */
const LIMIT_MS = 900_000;

const options = (outDir: string): CrawlOptions => ({
  ...DEFAULT_CRAWL_OPTIONS, outDir, years: [2021, 2025], delayMs: DELAY_MS, fetcher: { backoffMs: 50, timeoutMs: 30_000 }, extractTimeLimitMs: LIMIT_MS,
});

const expected = readJson(join(SAMPLES, 'dazhu-gov-2024-table-pictures.expected.json'));

function reportsIn(outDir: string): any[] {
  const dir = join(outDir, 'reports');
  return readdirSync(dir).map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')));
}

/** Each figure against the sample's: none wrong, at least as many right as the OCR sample test asks. */
function compareFigures(report: any): void {
  const want = flatten(expected.figures);
  const got = flatten(report.figures);
  expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
  const wrong = Object.entries(want).filter(([path, value]) => got[path] !== null && got[path] !== value).map(([path, value]) => `${path}: ${got[path]} (printed ${value})`);
  expect(wrong).toEqual([]);
  const right = Object.entries(want).filter(([path, value]) => got[path] === value).length;
  expect(right).toBeGreaterThanOrEqual(expected.ocr.minRight);
  // What is not read is said.
  if (right < Object.keys(want).length) expect(report.extraction.warnings.join('\n')).toMatch(/could not be read|left null|blank/);
}

describe('crawling a report page whose tables are pictures', () => {
  let portals: FamilyPortals;
  let outDir: string;
  let firstRunRequests: number;
  const url = (path: string) => new URL(path, portals.url).href;
  const county = () => portals.log.filter((entry) => entry.host === 'county');
  const report = (dir: string, path: string) => reportsIn(dir).find((r) => r.source.url === url(path));

  beforeAll(async () => {
    portals = await startFamilyPortals([picturesFamily({ brokenPictures: true })]);
    outDir = mkdtempSync(join(tmpdir(), 'xxgk-pictures-'));
    const { state } = await crawlRun([portals.url], options(outDir));
    state.close();
    firstRunRequests = portals.log.length;
  }, LIMIT_MS);
  afterAll(async () => {
    await portals.close();
    await closeWorkerPool();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('fetches each table picture once, and never the logo or the print icon', () => {
    for (const path of PICTURES_TABLE_PATHS) {
      expect(county().filter((entry) => entry.path === path).map((entry) => [entry.method, entry.status])).toEqual([['GET', 200]]);
    }
    // Nor the one robots.txt disallows, nor any path the family says never to fetch.
    for (const [host, path] of portals.neverFetched) expect(portals.log.filter((entry) => entry.host === host && entry.path === path)).toEqual([]);
    expect(portals.neverFetched.map(([, path]) => path)).toEqual(expect.arrayContaining([...PICTURES_FURNITURE_PATHS, '/private/scan-table.png']));
  });

  it('stores each picture in raw/ by its content, as the report\'s source lists it', () => {
    const made = report(outDir, PICTURES_REPORT_PATH);
    expect(made.source.pictures).toHaveLength(3);
    PICTURES_TABLE_PATHS.forEach((path, i) => {
      const bytes = readFileSync(join(SAMPLES, 'dazhu-gov-2024-table-pictures_files', path.split('/').pop()!));
      const sha256 = sha256Hex(bytes);
      expect(made.source.pictures[i]).toEqual({ src: `dazhu-gov-2024-table-pictures_files/${path.split('/').pop()}`, url: url(path), file: `raw/${sha256}.img`, sha256 });
      expect(readFileSync(join(outDir, 'raw', `${sha256}.img`)).equals(bytes)).toBe(true);
    });
    // The page itself is stored as any original.
    expect(existsSync(join(outDir, made.source.file))).toBe(true);
  });

  it('reads the report from its pictures: every figure compared with the sample\'s', () => {
    const made = report(outDir, PICTURES_REPORT_PATH);
    expect(made.extraction.method).toBe('image-ocr');
    expect(made.template).toBe(expected.template);
    expect(made.meta.agency).toBe('大竹县人民政府');
    expect(made.meta.year).toBe(expected.meta.year);
    compareFigures(made);
    expect(made.extraction.warnings.join('\n')).not.toMatch(/not loaded/);
  });

  it('gives a page whose pictures fail a warning for each, with the reason', () => {
    const made = report(outDir, BROKEN_PICTURES_REPORT_PATH);
    expect(made).toBeDefined();
    expect(made.source.pictures.map((p: any) => p.url)).toEqual(BROKEN_PICTURES.map(([src]) => new URL(src, url(BROKEN_PICTURES_REPORT_PATH)).href));
    BROKEN_PICTURES.forEach(([src, reason, stored], i) => {
      const warning = made.extraction.warnings.find((w: string) => w.startsWith(`picture ${src}: `));
      expect(warning).toMatch(reason);
      if (stored) {
        expect(made.source.pictures[i].file).toBe(`raw/${made.source.pictures[i].sha256}.img`);
      } else {
        expect(made.source.pictures[i].error).toMatch(reason);
        expect(made.source.pictures[i].file).toBeNull();
      }
    });
    expect(made.extraction.status).toBe('failed');
    expect(made.extraction.reason).toBeTruthy();
    // What was stored: the three tables and the truncated picture.
    const stored = readdirSync(join(outDir, 'raw'));
    expect(stored.filter((name) => name.endsWith('.img'))).toHaveLength(3 + BROKEN_PICTURES.filter(([, , kept]) => kept).length);
  });

  it('keeps the documents valid against the committed schema', () => {
    const validate = new Ajv2020({ strict: false, validateFormats: false }).compile(readJson(join(ROOT, 'src', 'output', 'report.schema.json')));
    for (const made of reportsIn(outDir)) expect(validate(made), JSON.stringify(validate.errors)).toBe(true);
  });

  it('spaces every request to the host by the delay, pictures included', () => {
    const requests = [...county()].sort((a, b) => a.at - b.at);
    expect(requests.filter((entry) => PICTURES_TABLE_PATHS.includes(entry.path))).toHaveLength(3);
    // Arrival times, not start times: the server shares the crawler's event loop, and a request's
    // arrival may lag its start by tens of ms on a loaded machine. Requests made without the delay
    // would arrive a few ms apart; paced ones never closer than the delay less that lag.
    const close = requests.slice(1).flatMap((entry, i) => (entry.at - requests[i]!.at < DELAY_MS / 2 ? [`${requests[i]!.path} → ${entry.path}: ${entry.at - requests[i]!.at} ms`] : []));
    expect(close).toEqual([]);
    // Starts are spaced by the delay and arrivals come after starts: only the first arrival's lag is slack.
    expect(requests.at(-1)!.at - requests[0]!.at).toBeGreaterThanOrEqual((requests.length - 1) * DELAY_MS - DELAY_MS / 2);
  });

  it('records the pictures in the state: a second run fetches none of them again, and only revalidates its listings', async () => {
    const { state } = await crawlRun([portals.url], options(outDir));
    state.close();
    const again = portals.log.slice(firstRunRequests);
    expect(again.length).toBeGreaterThan(0);
    const broken = BROKEN_PICTURES.map(([src]) => new URL(src, url(BROKEN_PICTURES_REPORT_PATH)).pathname);
    for (const path of [...PICTURES_TABLE_PATHS, ...broken, PICTURES_REPORT_PATH, BROKEN_PICTURES_REPORT_PATH]) {
      expect(again.filter((entry) => entry.path === path)).toEqual([]);
    }
    expect(again.filter((entry) => entry.path !== '/robots.txt' && entry.status !== 304)).toEqual([]);
  }, LIMIT_MS);

  it('a rerun after a kill between the pictures and the report reads them from raw/, fetching nothing', async () => {
    const first = report(outDir, PICTURES_REPORT_PATH);
    // The state as a kill leaves it after the page and its pictures were stored, before the report was made.
    const db = new Database(join(outDir, 'state.sqlite'));
    db.prepare(`UPDATE urls SET status = 'fetched' WHERE url = ?`).run(url(PICTURES_REPORT_PATH));
    db.prepare(`DELETE FROM reports WHERE url = ?`).run(url(PICTURES_REPORT_PATH));
    expect((db.prepare(`SELECT count(*) AS n FROM pictures WHERE file IS NOT NULL`).get() as { n: number }).n).toBe(4);
    db.close();
    rmSync(join(outDir, 'reports', `${first.id}.json`));
    const before = portals.log.length;
    const { state } = await crawlRun([portals.url], options(outDir));
    state.close();
    const again = portals.log.slice(before);
    for (const path of [...PICTURES_TABLE_PATHS, PICTURES_REPORT_PATH]) expect(again.filter((entry) => entry.path === path)).toEqual([]);
    const remade = report(outDir, PICTURES_REPORT_PATH);
    expect(remade.source.pictures).toEqual(first.source.pictures);
    expect(remade.figures).toEqual(first.figures);
  }, LIMIT_MS);
});
