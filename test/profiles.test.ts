/** Site profiles (src/crawl/profiles.ts): loading a profile file and finding a URL's profile. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfiles, profileFor } from '../src/crawl/profiles.js';

const dir = mkdtempSync(join(tmpdir(), 'xxgk-profiles-'));
function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('loadProfiles', () => {
  it('compiles patterns and fills what a profile leaves out', async () => {
    const profiles = await loadProfiles(file('ok.json', [
      { host: 'WWW.Quxian.gov.cn', columns: ['/xxgk-list-zfxxgknb.html'], skip: ['^/search/', '\\?date='], reportTitle: '年报$' },
      { host: '.dazhu.gov.cn' },
    ]));
    expect(profiles).toHaveLength(2);
    const [quxian, dazhu] = profiles;
    expect(quxian!.host).toBe('www.quxian.gov.cn');
    expect(quxian!.columns).toEqual(['/xxgk-list-zfxxgknb.html']);
    expect(quxian!.skip.map((pattern) => pattern.test('/search/?q=年报'))).toEqual([true, false]);
    expect(quxian!.skip[1]!.test('/list.html?date=2024')).toBe(true);
    expect(quxian!.reportTitle!.test('渠县教育局2024年政务公开年报')).toBe(true);
    expect(quxian!.reportTitle!.test('年报通知')).toBe(false);
    expect(dazhu).toEqual({ host: '.dazhu.gov.cn', columns: [], skip: [], reportTitle: null });
  });

  it('refuses a file that is not an array of profiles', async () => {
    await expect(loadProfiles(file('object.json', { host: 'a.gov.cn' }))).rejects.toThrow(/a profile file is a JSON array of site profiles/);
  });

  it('refuses a profile without a host, naming it', async () => {
    await expect(loadProfiles(file('nohost.json', [{ host: 'a.gov.cn' }, { columns: ['/x'] }]))).rejects.toThrow(/profile 2 has no "host"/);
  });

  it('refuses a file that is not JSON', async () => {
    await expect(loadProfiles(file('broken.json', '[{ "host": '))).rejects.toThrow(SyntaxError);
  });
});

describe('profileFor', () => {
  const profiles = [
    { host: 'www.quxian.gov.cn', columns: [], skip: [], reportTitle: null },
    { host: '.dazhu.gov.cn', columns: ['/zwgk/'], skip: [], reportTitle: null },
  ];

  it('an exact host, whatever its case', () => {
    expect(profileFor(profiles, 'http://WWW.QUXIAN.gov.cn/xxgk/nb.html')).toBe(profiles[0]);
  });

  it('a host under a suffix that starts with a dot', () => {
    expect(profileFor(profiles, 'https://jyj.dazhu.gov.cn/a.html')).toBe(profiles[1]);
  });

  it('nothing for another host, nor for a look-alike that only ends the same', () => {
    expect(profileFor(profiles, 'http://quxian.gov.cn/')).toBeNull();
    expect(profileFor(profiles, 'http://notdazhu.gov.cn/')).toBeNull();
  });
});
