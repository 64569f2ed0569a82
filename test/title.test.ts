import { describe, expect, it } from 'vitest';
import { coveredYear, isReportTitle, REPORT_TITLE } from '../src/template/title.js';

describe('report titles, shared by discovery and meta', () => {
  it.each([
    ['渠县教育局2024年政府信息公开工作年度报告', 2024],
    ['某县人民政府二〇二四年政府信息公开工作年度报告', 2024],
    ['某县二零二二年度政府信息公开工作年度报告', 2022],
    ['2023 年 某局政府信息公开年报', 2023],
    ['政府信息公开年报', null],
  ])('%s covers %s', (title, year) => {
    expect(coveredYear(title)).toBe(year);
  });

  it('a listing link names the annual report itself, not a notice or another report on disclosure', () => {
    expect(isReportTitle('渠县教育局2024年政府信息公开工作年度报告')).toBe(true);
    expect(isReportTitle('某县2024年政府信息公开工作年…')).toBe(true);
    expect(isReportTitle('关于做好2024年政府信息公开工作年度报告编制工作的通知')).toBe(false);
    expect(isReportTitle('某县2024年政府信息公开自查报告')).toBe(false);
    // A document's own title may word it so: meta takes it.
    expect(REPORT_TITLE.test('某县2024年政府信息公开情况报告')).toBe(true);
  });
});
