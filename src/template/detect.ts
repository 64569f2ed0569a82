/** Which national template a report follows, told by the wording only that template prints. */
import type { TemplateId } from './definition.js';
import type { TemplateRow } from './rows.js';

const MARKS_2021 = ['本年制发件数', '本年废止件数', '现行有效件数', '本年处理决定数量', '本年收费金额', '逾期不补正', '逾期未按收费通知'];
const MARKS_2019 = ['本年新制作数量', '本年新公开数量', '对外公开总数量', '上一年项目数量', '本年增减', '政府集中采购', '采购总金额', '其他对外管理服务事项'];

/** The circular that issued each template, as cited in the report's preamble. */
const CIRCULAR_2021 = /国办公开办函\s*[〔\[(（【]\s*2021\s*[〕\])）】]\s*30\s*号/;
const CIRCULAR_2019 = /国办公开办函\s*[〔\[(（【]\s*2019\s*[〕\])）】]\s*60\s*号/;

export interface TemplateGuess {
  template: TemplateId | 'unknown';
  /** Why, in a few words, for the warnings when the evidence was thin. */
  evidence: string;
}

/** Scores the labels of every row and the text; ties fall back to the covered year. */
export function detectTemplate(rows: TemplateRow[], text: string, year: number | null): TemplateGuess {
  // Table labels where there are tables; the text itself where they were flattened into it.
  let haystack = rows.map((row) => row.labels.join('|')).join('|');
  if (!MARKS_2021.some((mark) => haystack.includes(mark)) && !MARKS_2019.some((mark) => haystack.includes(mark))) {
    haystack = text.replace(/[\s/／]+/g, '');
  }
  const score2021 = MARKS_2021.filter((mark) => haystack.includes(mark)).length + (CIRCULAR_2021.test(text) ? 1 : 0);
  const score2019 = MARKS_2019.filter((mark) => haystack.includes(mark)).length + (CIRCULAR_2019.test(text) ? 1 : 0);
  if (score2021 > score2019) return { template: '2021', evidence: `${score2021} marks of the 2021 template` };
  if (score2019 > score2021) return { template: '2019', evidence: `${score2019} marks of the 2019 template` };
  if (year !== null) {
    const template: TemplateId = year >= 2021 ? '2021' : '2019';
    return { template, evidence: `no distinctive wording; taken from the covered year ${year}` };
  }
  return { template: 'unknown', evidence: 'no distinctive wording and no year' };
}
