/**
 * Why a figure is null, and the unit an amount was printed in: derived in one place from what
 * the template stage recorded (the figure, its provenance), so that every way of ending up
 * null (a blank cell, a cell that is not a number, a row not found, an OCR reading set aside)
 * gets its reason without each producer having to say it.
 */
import { AMOUNTS_PRINTED_WITH_UNIT, figurePaths, OTHER_AS_ONE_ROW, type TemplateId } from './definition.js';

/**
 * - `blank`: the cell is printed empty in the original;
 * - `unread`: the cell holds something that was not read as a number (text, an unclear OCR
 *   reading set aside), or the row was not found at all;
 * - `not in this template`: the report's table has no such cell (a 2021 report printing
 *   （六）其他处理 as one row has none of its three sub-rows).
 */
export const MISSING_REASONS = ['blank', 'unread', 'not in this template'] as const;
export type MissingReason = (typeof MISSING_REASONS)[number];

/** The part of provenance this needs: the printed text. */
interface Printed { raw: string }

/** Path → reason for every null figure of a report, in the figures' order. */
export function missingReasons(
  template: TemplateId | 'unknown',
  figures: Iterable<[string, number | null]>,
  provenance: Record<string, Printed>,
): Record<string, MissingReason> {
  const reasons: Record<string, MissingReason> = {};
  const otherAsOneRow = template !== '2019' && provenance[`applications.${OTHER_AS_ONE_ROW}.total`] !== undefined;
  for (const [path, value] of figures) {
    if (value !== null) continue;
    reasons[path] = missingReason(path, provenance[path], otherAsOneRow);
  }
  return reasons;
}

function missingReason(path: string, printed: Printed | undefined, otherAsOneRow: boolean): MissingReason {
  if (printed) return printed.raw.trim() === '' ? 'blank' : 'unread';
  if (otherAsOneRow && path.startsWith('applications.results.other.') && !path.startsWith(`applications.${OTHER_AS_ONE_ROW}.`)) return 'not in this template';
  return 'unread';
}

/** The units an amount is printed in. */
export const AMOUNT_UNITS = ['万元', '元'] as const;
export type AmountUnit = (typeof AMOUNT_UNITS)[number];

const UNIT_IN_CELL = /(万元|元)\s*$/;
/** 采购总金额（万元）, 采购总金额(单位：元), 采购总金额 万元: the header of the amount column. */
const PROCUREMENT_HEADER = /采购总金额\s*[（(]?\s*(?:单位\s*[:：]?\s*)?(万元|元)/;

/**
 * The unit of each amount of a report: fixed by the template (2021 fees: 万元), or, for the
 * 2019 template's procurement amount, as printed in its cell or the column header (`texts`:
 * every cell and text line of the document). Amounts whose unit is not printed are absent.
 */
export function amountUnits(
  template: TemplateId | 'unknown',
  provenance: Record<string, Printed>,
  texts: () => Iterable<string>,
): Record<string, AmountUnit> {
  const units: Record<string, AmountUnit> = {};
  if (template === 'unknown') return units;
  if (template === '2021') {
    if (figurePaths('2021').includes('proactive.fees.amountWan')) units['proactive.fees.amountWan'] = '万元';
    return units;
  }
  for (const path of AMOUNTS_PRINTED_WITH_UNIT[template]) {
    const printed = provenance[path];
    if (!printed) continue;
    const inCell = UNIT_IN_CELL.exec(printed.raw.normalize('NFKC'));
    if (inCell) {
      units[path] = inCell[1] as AmountUnit;
      continue;
    }
    for (const text of texts()) {
      const header = PROCUREMENT_HEADER.exec(text.normalize('NFKC').replace(/\s+/g, ''));
      if (header) {
        units[path] = header[1] as AmountUnit;
        break;
      }
    }
  }
  return units;
}
