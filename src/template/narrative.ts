/** What the prose of 一、总体情况 states, for the cross-check against the tables. */
import { normalizeLabel } from './labels.js';

const SECTION_ONE = /一\s*[、.．]\s*总体情况/;
const SECTION_TWO = /二\s*[、.．]\s*主动公开政府信息情况/;

/** Digits, or a Chinese numeral up to the thousands (一, 十二, 两百零五). */
const COUNT = '(\\d+|[零〇一二两三四五六七八九十百千]+)';
/** "受理政府信息公开申请 1 件", "收到政府信息公开申请75件", "共收到依申请信息公开 26 件". */
const STATED = new RegExp(`(?:收到|受理|接收|接到|新收)[^。；;，,\\d]{0,14}?申请[^。；;，,\\d]{0,10}?${COUNT}\\s*(?:件|个|宗|份)`, 'u');
const NONE_STATED = /(?:未|没有)(?:收到|受理|接到|发生)[^。；;，,\d]{0,10}?申请/;

/** The text of 一、总体情况 (or of everything before 二、主动公开政府信息情况 where it has no heading). */
export function overviewText(text: string): string {
  const start = text.search(SECTION_ONE);
  const from = start === -1 ? 0 : start;
  const end = text.slice(from).search(SECTION_TWO);
  return text.slice(from, end === -1 ? Math.min(text.length, from + 20000) : from + end);
}

/** The number of applications the overview states, or null where it states none. */
export function statedApplicationCount(text: string): number | null {
  const overview = overviewText(text).replace(/\s+/g, '');
  for (const clause of overview.split(/[。；;，,]/)) {
    if (/复议|诉讼/.test(clause)) continue;
    const match = STATED.exec(clause);
    if (match) {
      const count = parseCount(match[1]!);
      if (count !== null) return count;
    }
    if (NONE_STATED.test(clause) && normalizeLabel(clause).includes('公开申请')) return 0;
  }
  return null;
}

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Digits or a small Chinese numeral; null where the text is not one. */
export function parseCount(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  let digit: number | null = null;
  for (const ch of text) {
    if (ch in DIGIT) {
      if (digit !== null && digit !== 0) return null;
      digit = DIGIT[ch]!;
    } else if (ch in UNIT) {
      total += (digit ?? 1) * UNIT[ch]!;
      digit = null;
    } else return null;
  }
  return total + (digit ?? 0);
}
