/**
 * The names of annual reports: what a report's title says and the year it covers. One home for
 * the crawl's discovery (link texts in listings) and the template's meta (a document's title).
 * Pure functions of the text.
 */

/** 信息公开, then within ten characters the word for a report. */
const NAMED_WITHIN = '信息公开.{0,10}';

/** A document's title names a report: 信息公开…报告 or …年报. */
export const REPORT_TITLE = new RegExp(`${NAMED_WITHIN}(?:报告|年报)`);

/**
 * A listing's link text names an annual report: …年度报告, …年报 or …工作报告. Stricter than
 * REPORT_TITLE: a listing also links 自查报告, 情况报告 and the like, which are not the report.
 */
const ANNUAL_REPORT_TITLE = new RegExp(`${NAMED_WITHIN}(?:年度报告|年报|工作报告)`);

/** A title cut short by the listing ("…2024年政府信息公开工作年…"): year and 信息公开 are enough. */
const TRUNCATED_REPORT_TITLE = /信息公开.{0,12}(?:…|\.{3})$/;

/** Notices about the reports ("关于做好2024年政府信息公开工作年度报告编制工作的通知"), not reports. */
const ABOUT_REPORTS = /(?:通知|函|批复|意见)$|编制|报送|发布工作/;

/** A year written in a title: 2024, or in Chinese numerals from 二〇一〇 on. */
export const TITLE_YEAR = /20\d{2}|二[〇零○][一二]/;

const YEAR = /(20\d{2})\s*年/;
const CHINESE_YEAR = /二[〇零○][一二][〇零○一二三四五六七八九](?=年)/;
const CHINESE_DIGITS = '〇零○一二三四五六七八九';

/** The year a title names ("2024年", "二〇二四年" → 2024), or null. */
export function coveredYear(title: string): number | null {
  const compact = title.replace(/\s+/g, '');
  const match = YEAR.exec(compact);
  if (match) return Number(match[1]);
  const chinese = CHINESE_YEAR.exec(compact);
  if (!chinese) return null;
  // 〇, 零 and ○ are all 0; 一 is 1, and so on.
  return Number([...chinese[0]].map((ch) => Math.max(0, CHINESE_DIGITS.indexOf(ch) - 2)).join(''));
}

/** A link text that names an annual report with its year (not a notice about the reports). */
export function isReportTitle(title: string): boolean {
  const compact = title.replace(/\s+/g, '');
  return (ANNUAL_REPORT_TITLE.test(compact) || TRUNCATED_REPORT_TITLE.test(compact)) && !ABOUT_REPORTS.test(compact) && coveredYear(title) !== null;
}
