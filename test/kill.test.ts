/**
 * Crash safety measured: a crawl of the demo portal (a child process, `--delay 0`) killed with
 * SIGKILL at 20 moments drawn from a fixed seed, each rerun continuing the last, ends with the
 * same output as an uninterrupted crawl; no original stored before a kill is fetched again.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EXPECTED_REPORTS, startDemoPortal, type DemoPortal } from '../src/demo/portal.js';
import { ROOT, storedPaths } from './helpers.js';

const KILLS = 20;

/** Starts `xxgk crawl` on the portal; killed once `due()` says so (checked every 5 ms); resolves with its exit code or signal. */
function crawlProcess(url: string, outDir: string, due: (() => boolean) | null): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'xxgk.js'), 'crawl', url, '--out', outDir, '--delay', '0', '--years', '2021-2025'], {
      stdio: 'ignore', env: { ...process.env, CI: '1' },
    });
    const timer = due === null ? null : setInterval(() => {
      if (due()) child.kill('SIGKILL');
    }, 5);
    child.on('exit', (code, signal) => {
      if (timer) clearInterval(timer);
      resolve({ code, signal });
    });
  });
}

/** The output as compared: every report (less the time it was fetched), the index, the originals' names. */
function outputOf(outDir: string) {
  const reports = Object.fromEntries(readdirSync(join(outDir, 'reports')).sort().map((file) => {
    const report = JSON.parse(readFileSync(join(outDir, 'reports', file), 'utf8'));
    delete report.source.fetchedAt;
    return [file, report];
  }));
  return { reports, index: readFileSync(join(outDir, 'index.jsonl'), 'utf8'), raw: readdirSync(join(outDir, 'raw')).sort() };
}

describe(`a crawl killed ${KILLS} times`, () => {
  let portal: DemoPortal;
  let reference: ReturnType<typeof outputOf>;
  let referenceMs = 0;
  let referenceRequests = 0;
  const kills: { signal: string | null; stored: number; refetched: string[] }[] = [];
  let killedOutDir: string;

  beforeAll(async () => {
    portal = await startDemoPortal();
    const referenceDir = mkdtempSync(join(tmpdir(), 'xxgk-kill-ref-'));
    const started = Date.now();
    expect(await crawlProcess(portal.url, referenceDir, null)).toEqual({ code: 0, signal: null });
    referenceMs = Date.now() - started;
    reference = outputOf(referenceDir);

    // Each run is killed at its first request for an address no earlier run asked for: a moment
    // in milliseconds would not do, since on a loaded machine the process's start alone can
    // outlast it, and a rerun's revisits of listings come first; either way every kill would land
    // before any new work. Requests overlap, so where the work stands at the kill varies.
    referenceRequests = portal.log.length;
    killedOutDir = mkdtempSync(join(tmpdir(), 'xxgk-kill-'));
    const requested = new Set<string>();
    for (let k = 0; k < KILLS; k++) {
      const logFrom = portal.log.length;
      const before = storedPaths(killedOutDir);
      const due = () => portal.log.slice(logFrom).some((entry) => !requested.has(entry.path));
      const { signal } = await crawlProcess(portal.url, killedOutDir, due);
      // Answers the killed process had asked for may still be logged: let them land first.
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (const entry of portal.log.slice(logFrom)) requested.add(entry.path);
      const refetched = portal.log.slice(logFrom).map((entry) => entry.path).filter((path) => before.has(path));
      kills.push({ signal, stored: before.size, refetched });
    }
    const before = storedPaths(killedOutDir);
    const logFrom = portal.log.length;
    expect(await crawlProcess(portal.url, killedOutDir, null)).toEqual({ code: 0, signal: null });
    kills.push({ signal: null, stored: before.size, refetched: portal.log.slice(logFrom).map((entry) => entry.path).filter((path) => before.has(path)) });
  }, 600_000);
  afterAll(() => portal.close());

  it('was killed mid-crawl many times (not only before or after the work)', () => {
    const killed = kills.filter((kill) => kill.signal === 'SIGKILL');
    console.log(`uninterrupted crawl ${referenceMs} ms, ${referenceRequests} requests; ${killed.length} of ${KILLS} kills landed mid-run, with ${killed.map((kill) => kill.stored).join(', ')} originals of reports stored before each`);
    // A rerun with little left to do may end before its moment: nearly all land mid-run.
    expect(killed.length).toBeGreaterThanOrEqual(KILLS - 5);
    // Kills landed with some originals stored and others not yet.
    expect(kills.some((kill) => kill.stored > 0 && kill.stored < reference.raw.length)).toBe(true);
  });

  it('ends with the output of an uninterrupted crawl', () => {
    const output = outputOf(killedOutDir);
    expect(Object.keys(output.reports)).toEqual(Object.keys(reference.reports));
    expect(Object.keys(output.reports)).toHaveLength(DEMO_EXPECTED_REPORTS.length);
    expect(output.reports).toEqual(reference.reports);
    expect(output.index).toBe(reference.index);
    expect(output.raw).toEqual(reference.raw);
    expect(existsSync(join(killedOutDir, 'crawl.lock'))).toBe(false);
  });

  it('never fetches again an original stored before a kill', () => {
    expect(kills.flatMap((kill) => kill.refetched)).toEqual([]);
  });
});
