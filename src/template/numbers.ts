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

const ASCII_DIGITS = /^\d{1,15}$/;
/** A character that no figure cell holds: such text is a label, without further work. */
const NOT_IN_FIGURES = /[^\d\s,.+\-—–―/\\无×ー件条个项次人万元\uff10-\uff19\uff0c\uff0e\uff0d\uff0b\uff0f\u3000\u00a0−]/;

export function parseFigure(raw: string): ParsedFigure {
  // Most cells are plain ASCII digits: skip the normalization for them.
  if (ASCII_DIGITS.test(raw)) return { kind: 'number', value: Number(raw) };
  if (NOT_IN_FIGURES.test(raw)) return { kind: 'text' };
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
