/**
 * The crawl state as the crawler uses it (SqliteCrawlState's public behaviour), and stored
 * originals (src/store/raw.ts), in a temporary directory.
 */
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRecheckedSkip, isTransientFailure, SqliteCrawlState, type FetchedEntry, type FrontierEntry } from '../src/store/state.js';
import { readRawFile, writeRawFile } from '../src/store/raw.js';

const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'xxgk-state-'));
  return { dir, state: new SqliteCrawlState(join(dir, 'state.sqlite')) };
};
const entry = (url: string, more: Partial<FrontierEntry> = {}): FrontierEntry => ({ url, kind: 'report', site: 'a.gov.cn', depth: 1, title: null, year: 2024, parent: null, ...more });
const fetched = (url: string, sha256: string): FetchedEntry => ({
  ...entry(url), sha256, finalUrl: url, contentType: 'text/html', charset: 'utf-8', fetchedAt: '2025-01-20T00:00:00.000Z', file: `raw/${sha256}.html`,
});
const report = (id: string, url: string, sha256: string) => ({ id, url, agency: '某县教育局', year: 2024, status: 'ok', title: '年报', file: `reports/${id}.json`, sha256 });

describe('the frontier', () => {
  it('adds a URL once, and gives pending URLs in the order they were found', () => {
    const { state } = fresh();
    expect(state.add(entry('http://a.gov.cn/1'))).toBe(true);
    expect(state.add(entry('http://a.gov.cn/2'))).toBe(true);
    expect(state.add(entry('http://a.gov.cn/1'))).toBe(false);
    const pending = state.pending(0, 10);
    expect(pending.map((e) => e.url)).toEqual(['http://a.gov.cn/1', 'http://a.gov.cn/2']);
    expect(state.pending(pending[0]!.seq!, 10).map((e) => e.url)).toEqual(['http://a.gov.cn/2']);
    expect(state.pending(0, 1)).toHaveLength(1);
    state.close();
  });

  it('a fetched URL is stored, and unprocessed until it is finished', () => {
    const { state } = fresh();
    state.add(entry('http://a.gov.cn/r'));
    state.markFetched(fetched('http://a.gov.cn/r', 'f'.repeat(64)), { etag: '"x"', lastModified: null });
    expect(state.stored('http://a.gov.cn/r')).toMatchObject({ sha256: 'f'.repeat(64), file: `raw/${'f'.repeat(64)}.html` });
    expect(state.fetchedUnprocessed().map((e) => e.url)).toEqual(['http://a.gov.cn/r']);
    expect(state.pending(0, 10)).toEqual([]);
    state.finish('http://a.gov.cn/r', { status: 'done', httpStatus: 200 }, [entry('http://a.gov.cn/found', { parent: 'http://a.gov.cn/r' })], report('id1', 'http://a.gov.cn/r', 'f'.repeat(64)));
    expect(state.fetchedUnprocessed()).toEqual([]);
    expect(state.pending(0, 10).map((e) => e.url)).toEqual(['http://a.gov.cn/found']);
    expect(state.reports().map((r) => r.id)).toEqual(['id1']);
    expect(state.reportBySha('f'.repeat(64))).toMatchObject({ id: 'id1', url: 'http://a.gov.cn/r' });
    expect(state.reportBySha('0'.repeat(64))).toBeNull();
    state.close();
  });

  it('another URL of the same document is recorded on its report and ends done', () => {
    const { state } = fresh();
    state.add(entry('http://a.gov.cn/r'));
    state.markFetched(fetched('http://a.gov.cn/r', 'e'.repeat(64)));
    state.finish('http://a.gov.cn/r', { status: 'done' }, [], report('id2', 'http://a.gov.cn/r', 'e'.repeat(64)));
    state.add(entry('http://b.gov.cn/copy'));
    state.addAlternate('id2', 'http://b.gov.cn/copy');
    expect(state.reports()[0]!.alternateUrls).toEqual(['http://b.gov.cn/copy']);
    expect(state.pending(0, 10)).toEqual([]);
    state.close();
  });
});

describe('runs after the first', () => {
  it('a transient failure is retried until its attempts are spent; a final one is not', () => {
    const { state } = fresh();
    state.add(entry('http://a.gov.cn/busy'));
    state.add(entry('http://a.gov.cn/gone'));
    state.finish('http://a.gov.cn/busy', { status: 'failed', reason: 'HTTP 503', httpStatus: 503, attempted: true });
    state.finish('http://a.gov.cn/gone', { status: 'failed', reason: 'HTTP 404', httpStatus: 404, attempted: true });
    expect(state.prepareRun([2021, 2025], 3).retries).toBe(1);
    expect(state.pending(0, 10).map((e) => e.url)).toEqual(['http://a.gov.cn/busy']);
    state.finish('http://a.gov.cn/busy', { status: 'failed', reason: 'HTTP 503', httpStatus: 503, attempted: true });
    expect(state.prepareRun([2021, 2025], 2).retries).toBe(0);
    state.close();
  });

  it('a report of a year outside the run waits, deferred, for a wider run', () => {
    const { state } = fresh();
    state.add(entry('http://a.gov.cn/2019', { year: 2019, status: 'deferred' }));
    expect(state.pending(0, 10)).toEqual([]);
    expect(state.prepareRun([2021, 2025], 3).widened).toBe(0);
    expect(state.prepareRun([2019, 2025], 3).widened).toBe(1);
    expect(state.pending(0, 10).map((e) => e.url)).toEqual(['http://a.gov.cn/2019']);
    state.close();
  });

  it('listing pages done are revisited; settings, seeds and budgets outlast the process', () => {
    const { dir, state } = fresh();
    state.add(entry('http://a.gov.cn/list', { kind: 'listing' }));
    state.finish('http://a.gov.cn/list', { status: 'done', httpStatus: 200 });
    state.saveSettings({ years: [2021, 2025] });
    state.addSeeds([{ url: 'http://a.gov.cn/', columns: { code: '1' } }]);
    state.addSeeds([{ url: 'http://a.gov.cn/', columns: { code: '2' } }]);
    const budget = state.siteCount('a.gov.cn');
    state.close();
    const again = new SqliteCrawlState(join(dir, 'state.sqlite'));
    expect(again.settings()).toEqual({ years: [2021, 2025] });
    expect(again.seeds()).toEqual([{ url: 'http://a.gov.cn/', columns: { code: '2' } }]);
    expect(again.siteCount('a.gov.cn')).toBe(budget);
    expect(again.prepareRun([2021, 2025], 3).revisits).toBe(1);
    expect(again.pending(0, 10).map((e) => e.url)).toEqual(['http://a.gov.cn/list']);
    expect(again.counts().urls).toMatchObject({ listing: { pending: 1 } });
    again.close();
  });
});

describe('decisions of a later run', () => {
  it('are taken from the stored code, not from the reason\'s wording', () => {
    const { state } = fresh();
    for (const url of ['http://a.gov.cn/net', 'http://a.gov.cn/404', 'http://a.gov.cn/budget', 'http://a.gov.cn/refused']) state.add(entry(url));
    // Reasons worded so that the old wording rules would decide the other way round.
    state.finish('http://a.gov.cn/net', { status: 'failed', reason: 'the portal did not answer', code: 'ERR_FETCH_FAILED', attempted: true });
    state.finish('http://a.gov.cn/404', { status: 'failed', reason: 'ECONNRESET in the page text', code: 'ERR_HTTP_STATUS', httpStatus: 404, attempted: true });
    state.finish('http://a.gov.cn/budget', { status: 'skipped', reason: 'no more pages for this site', code: 'ERR_PAGE_BUDGET' });
    state.finish('http://a.gov.cn/refused', { status: 'skipped', reason: 'page budget words, but refused', code: 'ERR_ADDRESS_REFUSED' });
    expect(state.prepareRun([2021, 2025], 5).retries).toBe(2);
    expect(state.pending(0, 10).map((e) => e.url).sort()).toEqual(['http://a.gov.cn/budget', 'http://a.gov.cn/net']);
    expect(state.query<{ url: string; code: string }>(`SELECT url, code FROM urls WHERE url LIKE '%404'`)).toEqual([{ url: 'http://a.gov.cn/404', code: 'ERR_HTTP_STATUS' }]);
    state.close();
  });
});

describe('isTransientFailure', () => {
  it.each([
    ['ERR_FETCH_FAILED', 'ECONNRESET: socket hang up', null, true],
    ['ERR_ROBOTS_UNREACHABLE', 'robots.txt unreachable (HTTP 503): the site is not crawled', 503, true],
    ['ERR_HTTP_STATUS', 'HTTP 503', 503, true],
    ['ERR_HTTP_STATUS', 'HTTP 429', 429, true],
    ['ERR_HTTP_STATUS', 'HTTP 404', 404, false],
    ['ERR_HTTP_STATUS', 'HTTP 501', 501, false],
    ['ERR_WAF_CHALLENGE', 'waf-challenge: 503 with a script challenge', 503, false],
    ['ERR_SOFT_404', 'soft-404: the page says it does not exist', 200, false],
    ['ERR_TIMEOUT', 'extraction failed: reading stopped at the time limit of 60 s', null, false],
    // The code decides, whatever the wording: a reason reworded later does not change the decision.
    ['ERR_FETCH_FAILED', 'the connection was reset', null, true],
    ['ERR_INTERNAL', 'ECONNRESET-like words in an internal error', null, false],
  ] as const)('%s (%s, HTTP %s) → %s', (code, reason, status, transient) => {
    expect(isTransientFailure({ code, reason, httpStatus: status })).toBe(transient);
  });

  it('tells skips to check again by code: robots.txt rules and the page budget', () => {
    expect(isRecheckedSkip({ code: 'ERR_ROBOTS_DISALLOWED', reason: 'robots.txt disallows it', httpStatus: null })).toBe(true);
    expect(isRecheckedSkip({ code: 'ERR_PAGE_BUDGET', reason: 'page budget of the site (6) spent', httpStatus: null })).toBe(true);
    expect(isRecheckedSkip({ code: 'ERR_ADDRESS_REFUSED', reason: 'refused: a private address', httpStatus: null })).toBe(false);
    expect(isRecheckedSkip({ code: null, reason: 'page budget of the site (6) spent', httpStatus: null })).toBe(true);
  });
});

describe('isTransientFailure on a state written before codes were stored (by the reason\'s wording)', () => {
  it.each([
    ['ECONNRESET: socket hang up', null, true],
    ['HTTP 503', 503, true],
    ['HTTP 429', 429, true],
    ['robots.txt unreachable (HTTP 503): the site is not crawled', null, true],
    ['HTTP 404', 404, false],
    ['HTTP 501', 501, false],
    ['waf-challenge: 521 with a cookie script (加速乐)', 521, false],
    ['soft-404: the page says it does not exist', 200, false],
  ] as const)('%s → %s', (reason, status, transient) => {
    expect(isTransientFailure({ code: null, reason, httpStatus: status })).toBe(transient);
  });
});

describe('stored originals', () => {
  it('are stored once by content, and read back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-raw-'));
    const path = await writeRawFile(dir, 'a'.repeat(64), 'docx', new Uint8Array([1, 2, 3]));
    expect(path).toBe(`raw/${'a'.repeat(64)}.docx`);
    expect(await writeRawFile(dir, 'a'.repeat(64), 'docx', new Uint8Array([9]))).toBe(path);
    expect([...await readRawFile(dir, path)]).toEqual([1, 2, 3]);
  });

  it('a DOCX stored as .zip by an earlier version is found under either name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xxgk-raw-'));
    mkdirSync(join(dir, 'raw'));
    writeFileSync(join(dir, 'raw', `${'b'.repeat(64)}.zip`), 'old');
    expect((await readRawFile(dir, `raw/${'b'.repeat(64)}.zip`)).toString()).toBe('old');
    expect((await readRawFile(dir, `raw/${'b'.repeat(64)}.docx`)).toString()).toBe('old');
    await expect(readRawFile(dir, `raw/${'c'.repeat(64)}.docx`)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
