/** Which national template a report follows, told by the wording only that template prints. */
import { APPLICATION_ROWS, PROACTIVE_ROWS, TEMPLATE_CIRCULARS, TEMPLATE_IDS, type TemplateId } from './definition.js';
import { normalizeLabel } from './labels.js';
import type { TemplateRow } from './rows.js';

/**
 * Wording only one template prints: its section 二 column headers and rows that the other lacks
 * (a header contained in one of the other's, 处理决定数量 in 本年处理决定数量, is not), and the
 * marks of its section 三 rows.
 */
function distinctiveWording(template: TemplateId): string[] {
  const other = TEMPLATE_IDS.find((id) => id !== template)!;
  const columnHeaders = (id: TemplateId) => new Set(PROACTIVE_ROWS[id].flatMap((row) => row.columnLabels.map(normalizeLabel)));
  const otherHeaders = [...columnHeaders(other)];
  const otherRows = new Set(PROACTIVE_ROWS[other].map((row) => row.key));
  return [
    ...[...columnHeaders(template)].filter((header) => !otherHeaders.some((theirs) => theirs.includes(header))),
    ...PROACTIVE_ROWS[template].filter((row) => !otherRows.has(row.key)).map((row) => normalizeLabel(row.labels[0]!)),
    ...APPLICATION_ROWS[template].flatMap((row) => (row.mark ? [row.mark] : [])),
  ];
}

const MARKS: Record<TemplateId, string[]> = { '2021': distinctiveWording('2021'), '2019': distinctiveWording('2019') };

/** The circular that issued the template, as cited in the report's preamble: 国办公开办函〔2021〕30号. */
const CIRCULARS: Record<TemplateId, RegExp> = {
  '2021': circular('2021'),
  '2019': circular('2019'),
};

function circular(template: TemplateId): RegExp {
  const { year, number } = TEMPLATE_CIRCULARS[template];
  return new RegExp(`国办公开办函\\s*[〔\\[(（【]\\s*${year}\\s*[〕\\])）】]\\s*${number}\\s*号`);
}

export interface TemplateGuess {
  template: TemplateId | 'unknown';
  /** Why, in a few words, for the warnings when the evidence was thin. */
  evidence: string;
}

/** Scores the labels of every row and the text; ties fall back to the covered year. */
export function detectTemplate(rows: TemplateRow[], text: string, year: number | null): TemplateGuess {
  // Table labels where there are tables; the text itself where they were flattened into it.
  let haystack = rows.map((row) => row.labels.join('|')).join('|');
  if (!MARKS['2021'].some((mark) => haystack.includes(mark)) && !MARKS['2019'].some((mark) => haystack.includes(mark))) {
    haystack = text.replace(/[\s/／]+/g, '');
  }
  const score = (template: TemplateId): number => MARKS[template].filter((mark) => haystack.includes(mark)).length + (CIRCULARS[template].test(text) ? 1 : 0);
  const score2021 = score('2021');
  const score2019 = score('2019');
  if (score2021 > score2019) return { template: '2021', evidence: `${score2021} marks of the 2021 template` };
  if (score2019 > score2021) return { template: '2019', evidence: `${score2019} marks of the 2019 template` };
  if (year !== null) {
    const template: TemplateId = year >= 2021 ? '2021' : '2019';
    return { template, evidence: `no distinctive wording; taken from the covered year ${year}` };
  }
  return { template: 'unknown', evidence: 'no distinctive wording and no year' };
}
