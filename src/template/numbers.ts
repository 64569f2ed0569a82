/** Figures as printed → numbers. A strict parser: anything it cannot read exactly is not a number. */

export type ParsedFigure =
  | { kind: 'number'; value: number }
  | { kind: 'blank' }
  | { kind: 'text' };

/** Printed marks that mean "none" in these tables. */
const NONE_MARKS = new Set(['—', '——', '-', '--', '–', '―', '/', '\\', '无', '×', 'ー']);
const UNIT_SUFFIX = /(?:件|条|个|项|次|人次|万元|元)$/;
const PLAIN = /^[-+]?\d+(?:\.\d+)?$/;
const GROUPED = /^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

export function parseFigure(raw: string): ParsedFigure {
  const text = raw.normalize('NFKC').replace(/[\s\u00a0\u3000]+/g, '').replace(/^[−－]/, '-');
  if (text === '') return { kind: 'blank' };
  if (NONE_MARKS.has(text)) return { kind: 'number', value: 0 };
  const bare = text.replace(UNIT_SUFFIX, '');
  if (PLAIN.test(bare)) return { kind: 'number', value: Number(bare) };
  if (GROUPED.test(bare)) return { kind: 'number', value: Number(bare.replace(/,/g, '')) };
  return { kind: 'text' };
}

/** True for what can stand in a figure cell: a number, a "none" mark, or nothing. */
export function isFigureCell(raw: string): boolean {
  return parseFigure(raw).kind !== 'text';
}
