/** Title, reporting body, covered year and publication date, from page metadata and text. */
import type { ReadDocument } from '../read/document.js';
import { dropCjkSpaces } from '../lib/text.js';
import { regionOf, type Region } from './region.js';
import { coveredYear, REPORT_TITLE, TITLE_YEAR } from './title.js';

export interface ReportMeta {
  title: string | null;
  agency: string | null;
  year: number | null;
  region: Region;
  publishedAt: string | null;
}

/** A line that is a body's name: ends as the names of government bodies do. */
const AGENCY_NAME = /^[^。；，:：\s]{2,30}(?:局|委员会|委|政府|办公室|办|中心|院|所|处|厅|部|署|会|街道|镇|乡|办事处|站|队|馆|司|台|社|区)$/;
const STATISTICS_PERIOD = /(20\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:起\s*)?(?:至|到|-|—|~)\s*(?:(20\d{2})\s*年\s*)?12\s*月\s*31\s*日/;
const TITLE_PROPERTIES = ['ArticleTitle', 'articletitle', 'title', 'Title', 'og:title', 'ucaptitle'];
const DATE_PROPERTIES = ['PubDate', 'pubdate', 'publishdate', 'PublishDate', 'firstpublishedtime', 'publishtime', 'created'];
const AGENCY_PROPERTIES = ['ContentSource', 'contentsource', 'source', 'ucapsource'];
/** Page fields, "发布日期：2025-01-20" or a cell beside "发布机构". */
const DATE_FIELDS = ['发布日期', '发文日期', '公开日期', '发布时间', '成文日期', '生成日期'];
const AGENCY_FIELDS = ['发布机构', '发文机关', '公开主体', '信息来源', '来源'];
const FIELD_PATTERN = new RegExp(`(${[...DATE_FIELDS, ...AGENCY_FIELDS].join('|')})\\s*[:：]\\s*([^\\s:：|]+(?:\\s\\d{1,2}:\\d{2}(?::\\d{2})?)?)`, 'g');
const FIELD_NAMES = new Set([...DATE_FIELDS, ...AGENCY_FIELDS]);
const MAX_FIELD_TABLE_ROWS = 8;
const DATE = /(20\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?/;

export function extractMeta(doc: ReadDocument, lines: string[]): ReportMeta {
  const fields = pageFields(doc, lines);
  const title = findTitle(doc, lines);
  const agency = agencyFromTitle(title) ?? firstOf(AGENCY_FIELDS.map((name) => fields.get(name)), AGENCY_PROPERTIES.map((name) => doc.properties[name]));
  const year = yearCovered(title, lines);
  const publishedAt = normalizeDate(firstOf(DATE_PROPERTIES.map((name) => doc.properties[name]), DATE_FIELDS.map((name) => fields.get(name))));
  return { title, agency, year, region: regionOf(agency), publishedAt };
}

function firstOf(...lists: (string | undefined)[][]): string | null {
  for (const list of lists) for (const value of list) if (value && value.trim()) return value.trim();
  return null;
}

/** Label: value pairs on the page, from text lines and from neighbouring table cells. */
function pageFields(doc: ReadDocument, lines: string[]): Map<string, string> {
  const fields = new Map<string, string>();
  const set = (name: string, value: string) => {
    if (!fields.has(name) && value.trim()) fields.set(name, value.trim());
  };
  for (const line of lines.slice(0, 60)) {
    for (const match of line.matchAll(FIELD_PATTERN)) set(match[1]!, match[2]!);
  }
  const names = FIELD_NAMES;
  for (const grid of doc.tables) {
    // Page fields sit in small tables above the body; the report's own tables hold none.
    if (grid.rowCount > MAX_FIELD_TABLE_ROWS) continue;
    for (const row of grid.slots) {
      for (let c = 0; c < row.length; c++) {
        const cell = row[c];
        if (!cell) continue;
        const text = cell.text;
        if (text.length > 80) continue;
        const label = text.replace(/[\s:：]/g, '');
        if (names.has(label)) {
          const next = row.slice(c + 1).find((other) => other && other !== cell);
          if (next) set(label, next.text);
        } else if (text.includes(':') || text.includes('：')) for (const match of text.matchAll(FIELD_PATTERN)) set(match[1]!, match[2]!);
      }
    }
  }
  return fields;
}

function findTitle(doc: ReadDocument, lines: string[]): string | null {
  for (const name of TITLE_PROPERTIES) {
    const value = doc.properties[name];
    if (value && REPORT_TITLE.test(value)) return cleanTitle(value);
  }
  // The page's heading, then its <title>: a sidebar of other years' reports may come first in the body.
  for (const value of [doc.properties['h1'], doc.properties['h2'], doc.title?.split(/\s*[_|]\s*|\s+-\s+/)[0]]) {
    if (value && value.length <= 80 && REPORT_TITLE.test(value) && TITLE_YEAR.test(value)) return cleanTitle(value);
  }
  // The body's own heading: the first short line naming a report, with the line before it
  // when the heading is broken in two ("渠县教育局" / "2024年政府信息公开工作年度报告").
  for (let i = 0; i < Math.min(lines.length, 80); i++) {
    let line = dropCjkSpaces(lines[i]!.replace(/^(?:标题|题目|名称)\s*[:：]\s*/, ''));
    // A heading broken before its last words: "2024年上海市科委政府信息公开工作" / "年度报告".
    const next = i + 1 < lines.length ? dropCjkSpaces(lines[i + 1]!) : '';
    if (!REPORT_TITLE.test(line) && next.length <= 12 && /报告|年报/.test(next) && REPORT_TITLE.test(line + next)) line += next;
    // A title names its year; a bare "政府信息公开年报" is a column name in the navigation.
    if (line.length > 60 || !REPORT_TITLE.test(line) || !TITLE_YEAR.test(line) || /[。；，]/.test(line)) continue;
    const previous = i > 0 ? dropCjkSpaces(lines[i - 1]!) : '';
    if (/^20\d{2}/.test(line) && previous.length <= 30 && AGENCY_NAME.test(previous)) return cleanTitle(previous + line);
    return cleanTitle(line);
  }
  if (doc.title && REPORT_TITLE.test(doc.title)) return cleanTitle(doc.title.split(/\s*[_|]\s*|\s+-\s+/)[0]!);
  return null;
}

function cleanTitle(title: string): string {
  // Page titles carry the site name after a separator: "…年度报告-沭阳县发改局", "…年报_渠县人民政府".
  return dropCjkSpaces(title).replace(/((?:报告|年报))\s*[-_|—–].*$/, '$1').replace(/^[《“"]|[》”"]$/g, '');
}

/** "渠县教育局2024年政府信息公开工作年度报告" → 渠县教育局; "2024年渠县教育局政府信息…" → 渠县教育局. */
export function agencyFromTitle(title: string | null): string | null {
  if (!title) return null;
  const before = /^(.+?)(?:关于)?(?:20\d{2}|二[〇零○][一二][〇零○一二三四五六七八九])\s*年/.exec(title);
  if (before && before[1]!.length >= 2) return before[1]!;
  const after = /^20\d{2}\s*年度?(.+?)(?:政府信息公开|政务公开|信息公开)/.exec(title);
  if (after && after[1]!.length >= 2) return after[1]!;
  return null;
}

/** The year the title names, else the statistics period the text states (2024年1月1日至12月31日). */
function yearCovered(title: string | null, lines: string[]): number | null {
  const fromTitle = title ? coveredYear(title) : null;
  if (fromTitle !== null) return fromTitle;
  for (const line of lines.slice(0, 40)) {
    const period = STATISTICS_PERIOD.exec(line);
    if (period && (period[2] === undefined || period[1] === period[2])) return Number(period[1]);
  }
  return null;
}

function normalizeDate(value: string | null): string | null {
  if (!value) return null;
  const match = DATE.exec(value);
  if (!match) return null;
  const [, y, m, d] = match;
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
