// Table layouts seen on portals beyond the samples: each a small page, each figure asserted.
import { describe, expect, it } from 'vitest';
import { extractBytes } from '../src/pipeline/extract.js';
import type { Report } from '../src/output/report.js';

function extractHtml(body: string): Promise<Report> {
  const html = `<html><head><meta charset="utf-8"><title>某县民政局2024年政府信息公开工作年度报告</title></head><body>${body}</body></html>`;
  return extractBytes({ bytes: Buffer.from(html), source: { url: null, finalUrl: null, fetchedAt: null }, read: {} });
}
const tr = (...cells: string[]) => `<tr>${cells.map((c) => (c.startsWith('<td') ? c : `<td>${c}</td>`)).join('')}</tr>`;
const figures = (report: Report) => report.figures as any;

describe('layouts', () => {
  it('reads section 二 laid out in two columns of blocks', async () => {
    const report = await extractHtml(`<table border=1>
      ${tr('第二十条第（一）项', '', '', '', '第二十条第（五）项', '')}
      ${tr('信息内容', '本年制发件数', '本年废止件数', '现行有效件数', '信息内容', '本年处理决定数量')}
      ${tr('规章', '0', '0', '2', '行政许可', '4471')}
      ${tr('行政规范性文件', '3', '1', '17', '行政处罚', '385')}
      ${tr('第二十条第（八）项', '', '', '', '第二十条第（六）项', '')}
      ${tr('行政事业性收费', '12.5', '', '', '行政强制', '9')}
    </table>`);
    expect(figures(report).proactive).toEqual({
      rules: { issued: 0, repealed: 0, inForce: 2 }, normativeDocuments: { issued: 3, repealed: 1, inForce: 17 },
      licensing: { decisions: 4471 }, punishment: { decisions: 385 }, coercion: { decisions: 9 }, fees: { amountWan: 12.5 },
    });
  });

  it('reads group and item printed in one cell, and a section 四 row with a label', async () => {
    const seven = (n: number) => [String(n), '0', '0', '0', '0', '0', String(n)];
    const report = await extractHtml(`<table border=1>
      ${tr('', '自然人', '法人或其他组织', '', '', '', '', '总计')}
      ${tr('一、本年新收政府信息公开申请数量', ...seven(5))}
      ${tr('三、本年度办理结果（一）予以公开', ...seven(2))}
      ${tr('（三）不予公开 1.属于国家秘密', ...seven(1))}
      ${tr('2.其他法律行政法规禁止公开', ...seven(0))}
      ${tr('（四）无法提供<br>1.本机关不掌握相关政府信息', ...seven(2))}
      ${tr('（七）总计', ...seven(5))}
    </table>
    <table border=1>
      ${tr('<td colspan=5>行政复议</td>', '<td colspan=10>行政诉讼</td>')}
      ${tr('结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '<td colspan=5>未经复议直接起诉</td>', '<td colspan=5>复议后起诉</td>', '')}
      ${tr('数量', '1', '0', '0', '1', '2', '0', '0', '0', '1', '1', '0', '0', '0', '0', '0')}
    </table>`);
    const f = figures(report);
    expect(f.applications.newReceived.total).toBe(5);
    expect(f.applications.results.granted.naturalPerson).toBe(2);
    expect(f.applications.results.denied.stateSecret.total).toBe(1);
    expect(f.applications.results.denied.prohibitedByLaw.total).toBe(0);
    expect(f.applications.results.unable.notHeld.naturalPerson).toBe(2);
    expect(f.applications.results.total.total).toBe(5);
    expect(f.reviewLitigation.review).toEqual({ upheld: 1, corrected: 0, other: 0, pending: 1, total: 2 });
    expect(f.reviewLitigation.litigationDirect).toEqual({ upheld: 0, corrected: 0, other: 0, pending: 1, total: 1 });
    expect(report.extraction.warnings.join('\n')).not.toMatch(/appears again|matches no template row/);
  });

  it('leaves a row null with a warning when its cells cannot be aligned, never shifting figures', async () => {
    const report = await extractHtml(`<table border=1>
      ${tr('一、本年新收政府信息公开申请数量', '5', '0', '0', '0', '0', '5')}
      ${tr('二、上年结转政府信息公开申请数量', '0', '0', '0', '0', '0', '0', '0')}
    </table>`);
    expect(figures(report).applications.newReceived.total).toBeNull();
    expect(figures(report).applications.carriedOver.total).toBe(0);
    expect(report.extraction.warnings.join('\n')).toMatch(/本年新收政府信息公开申请数量" has 6 figure cells where 7 were expected/);
  });

  it('warns about a row it does not know inside a template table instead of guessing', async () => {
    const report = await extractHtml(`<table border=1>
      ${tr('一、本年新收政府信息公开申请数量', '5', '0', '0', '0', '0', '0', '5')}
      ${tr('（八）转送其他机关办理', '1', '0', '0', '0', '0', '0', '1')}
    </table>`);
    expect(report.extraction.warnings.join('\n')).toMatch(/row "（八）转送其他机关办理" matches no template row/);
  });
});

describe('meta', () => {
  it('reads a title whose year is in Chinese numerals', async () => {
    const html = '<html><head><meta charset="utf-8"></head><body><h1>某县民政局二〇二四年政府信息公开工作年度报告</h1><table border=1><tr><td>规章</td><td>0</td><td>0</td><td>1</td></tr><tr><td>行政许可</td><td>5</td></tr></table></body></html>';
    const report = await extractBytes({ bytes: Buffer.from(html), source: { url: null, finalUrl: null, fetchedAt: null }, read: {} });
    expect(report.meta).toMatchObject({ year: 2024, agency: '某县民政局' });
  });
});

describe('more layouts', () => {
  it('reads section 二 whose 第二十条 items are a row-spanning first column', async () => {
    const report = await extractHtml(`<table border=1>
      ${tr('<td rowspan=3>第二十条第（一）项</td>', '信息内容', '本年制发件数', '本年废止件数', '现行有效件数')}
      ${tr('规章', '0', '0', '4')}
      ${tr('行政规范性文件', '2', '1', '9')}
      ${tr('<td rowspan=2>第二十条第（五）项</td>', '信息内容', '<td colspan=3>本年处理决定数量</td>')}
      ${tr('行政许可', '<td colspan=3>316</td>')}
    </table>`);
    expect(figures(report).proactive.rules).toEqual({ issued: 0, repealed: 0, inForce: 4 });
    expect(figures(report).proactive.normativeDocuments).toEqual({ issued: 2, repealed: 1, inForce: 9 });
    expect(figures(report).proactive.licensing).toEqual({ decisions: 316 });
  });

  it('reads section 三 rows with an empty spacer column between label and figures', async () => {
    const report = await extractHtml(`<table border=1>
      ${tr('一、本年新收政府信息公开申请数量', '', '7', '1', '0', '0', '0', '0', '8')}
      ${tr('二、上年结转政府信息公开申请数量', '', '0', '0', '0', '0', '0', '0', '0')}
    </table>`);
    expect(figures(report).applications.newReceived).toEqual({ naturalPerson: 7, commercialEnterprise: 1, researchInstitution: 0, socialWelfareOrg: 0, legalServiceOrg: 0, otherOrg: 0, total: 8 });
  });
});

describe('the title of a page with a sidebar', () => {
  it('comes from the heading, not from a list of other years reports before it', async () => {
    const html = `<html><head><meta charset="utf-8"><title>某县水务局2024年政府信息公开工作年度报告_某县人民政府</title></head><body>
      <div class="side"><ul><li><a href="/a.html">某县水务局2023年政府信息公开工作年度报告</a></li></ul></div>
      <div class="main"><h1>某县水务局2024年政府信息公开工作年度报告</h1><table border=1><tr><td>规章</td><td>0</td><td>0</td><td>1</td></tr><tr><td>行政许可</td><td>5</td></tr></table></div></body></html>`;
    const report = await extractBytes({ bytes: Buffer.from(html), source: { url: null, finalUrl: null, fetchedAt: null }, read: {} });
    expect(report.meta).toMatchObject({ title: '某县水务局2024年政府信息公开工作年度报告', year: 2024 });
  });
});
