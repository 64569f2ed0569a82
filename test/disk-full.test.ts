/**
 * A full disk: the demo crawl into a small tmpfs stops with a clear error, and after space is
 * freed (the tmpfs grown) the same command continues and ends with everything, fetching no
 * stored original again. Needs root to mount a tmpfs; skipped with the reason where it cannot.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_EXPECTED_REPORTS, startDemoPortal } from '../src/demo/portal.js';
import { runXxgk, storedPaths } from './helpers.js';

const mountPoint = mkdtempSync(join(tmpdir(), 'xxgk-full-'));
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=600k', 'tmpfs', mountPoint]).status === 0;
if (!mounted) console.warn('disk-full test skipped: cannot mount a tmpfs here (needs root and mount permission)');

describe.skipIf(!mounted)('a full disk', () => {
  afterAll(() => {
    spawnSync('umount', [mountPoint]);
  });

  it('stops the crawl with a clear error; after space is freed the rerun loses nothing', async () => {
    const portal = await startDemoPortal();
    try {
      const outDir = join(mountPoint, 'out');
      mkdirSync(outDir);
      const first = await runXxgk('crawl', portal.url, '--out', outDir, '--delay', '0', '--years', '2021-2025');
      expect(first.code).toBe(1);
      expect(first.stderr).toMatch(/the disk of .* is full \(.*(ENOSPC|SQLITE_FULL|disk is full|database or disk is full).*\): the crawl stopped/);
      const storedBefore = readdirSync(join(outDir, 'raw')).filter((name) => !name.endsWith('.tmp'));
      expect(storedBefore.length).toBeGreaterThan(0);
      const logFrom = portal.log.length;
      const stored = storedPaths(outDir);
      console.log(`disk full after ${storedBefore.length} originals: ${first.stderr.trim().split('\n').pop()}`);

      execFileSync('mount', ['-o', 'remount,size=64m', mountPoint]);
      const second = await runXxgk('crawl', portal.url, '--out', outDir, '--delay', '0', '--years', '2021-2025');
      expect(second.code).toBe(0);
      expect(readdirSync(join(outDir, 'reports'))).toHaveLength(DEMO_EXPECTED_REPORTS.length);
      // No original stored before the disk filled is fetched again.
      expect(portal.log.slice(logFrom).map((entry) => entry.path).filter((path) => stored.has(path))).toEqual([]);
      expect(stored.size).toBeGreaterThan(0);
      expect(readdirSync(join(outDir, 'raw')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    } finally {
      await portal.close();
    }
  }, 120_000);
});
