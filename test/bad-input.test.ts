import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractBytes } from '../src/pipeline/extract.js';
import { extractFile, FIXTURES } from './helpers.js';

const bad = (name: string) => extractFile(join(FIXTURES, 'bad', name));

describe('bad input gives a clear reason, never a crash or a made-up figure', () => {
  it.each([
    ['empty.html', /^empty input$/],
    ['whitespace-only.txt', /^empty input$/],
    ['random-binary.bin', /binary input/],
    ['news-page-no-report.html', /no table row matches|not a government information disclosure annual report/],
    ['budget-report-not-annual.html', /not a government information disclosure annual report/],
    ['tables-as-images.html', /no tables: the figures may be in an image or an attachment/],
    ['pdf-header-only.pdf', /PDF/],
  ])('%s → failed: %s', async (name, reason) => {
    const report = await bad(name);
    expect(report.extraction.status).toBe('failed');
    expect(report.extraction.reason).toMatch(reason);
    expect(Object.keys(report.extraction.provenance)).toHaveLength(0);
    expect(JSON.stringify(report.figures)).not.toMatch(/\d/);
  });

  it('a page cut off inside section 三 keeps what it has and names what is missing', async () => {
    const report = await bad('truncated-mid-table.html');
    expect(report.extraction.status).toBe('partial');
    expect(report.figures).toMatchObject({ proactive: { licensing: { decisions: 12873 } }, applications: { newReceived: { total: 57 } } });
    expect((report.figures as any).applications.results.total.total).toBeNull();
    expect(report.extraction.warnings.join('\n')).toMatch(/figures could not be read: .*applications\.results\.total \(7\)/);
  });

  // No time assertion (speed is for bench/): a hang would hit the test timeout.
  it('a 10 MB page comes out as a clear failure', async () => {
    const filler = '<p>' + '政务公开工作持续推进，'.repeat(40) + '</p>\n';
    const rows = Array.from({ length: 20000 }, (_, i) => `<tr><td>事项${i}</td><td>${i}</td><td>备注</td></tr>`).join('');
    let html = `<html><head><meta charset="utf-8"><title>某县2024年政府信息公开工作年度报告</title></head><body><table>${rows}</table>`;
    html += filler.repeat(Math.ceil((10.5 * 1024 * 1024) / Buffer.byteLength(filler)));
    const bytes = Buffer.from(html + '</body></html>');
    expect(bytes.length).toBeGreaterThan(10 * 1024 * 1024);
    const report = await extractBytes({ bytes, source: { url: null, finalUrl: null, fetchedAt: null }, read: {} });
    expect(report.extraction.status).toBe('failed');
    expect(report.extraction.reason).toMatch(/no table row matches/);
  });
});
