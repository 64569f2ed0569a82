/**
 * Damaged labels: real reports print labels with a character dropped or mistyped ("不予公", "属于
 * 国家秘蜜"), and OCR misreads them; the strict matcher (labels.ts) rightly refuses them. Here, as
 * a separate step after it, such a row of section 三 may take the one template row missing at its
 * place — only where the table's shape is the template's (every matched row in the template's
 * order, exactly one row missing between its neighbours, the label still near the missing one's,
 * or ink there that OCR could not read at all)
 * and the template's arithmetic then confirms every figure of it (confirm.ts, the row's figures
 * in doubt). Otherwise the row stays unused, its figures null, with a warning. Section 二 has no
 * arithmetic to confirm a row, so its damaged rows stay null.
 */
import { distance } from 'fastest-levenshtein';
import { readingOf, readingsOf } from './confidence.js';
import { confirmedPaths } from './confirm.js';
import { APPLICANT_COLUMNS, APPLICATION_ROWS, OTHER_AS_ONE_ROW, type ApplicationRow, type TemplateId } from './definition.js';
import { rowName, unplacedWarning, type FigureValue, type MappedFigures } from './figures.js';
import { parseFigure } from './numbers.js';
import { fitFigures, hasUnreadLabel, type TemplateRow } from './rows.js';

/** Share of the template label's characters that may be missing or wrong in the printed one. */
const DAMAGE = 0.35;

/** Places rows by position where the checks confirm them; changes `mapped` (values and warnings). Returns the paths placed. */
export function placeByPosition(mapped: MappedFigures, template: TemplateId): string[] {
  const unplaced = mapped.unplaced ?? [];
  if (unplaced.length === 0 || mapped.values.has(`applications.${OTHER_AS_ONE_ROW}.total`) && template === '2021') return [];
  const order = APPLICATION_ROWS[template];
  const at = (table: number, row: number) => table * 1e6 + row;

  // Where each matched row of section 三 stands; their order must be the template's.
  const matched: { index: number; position: number }[] = [];
  order.forEach((row, index) => {
    const slot = APPLICANT_COLUMNS.map((column) => mapped.values.get(`applications.${row.path}.${column}`)).find(Boolean)?.slot;
    if (slot) matched.push({ index, position: at(slot.table, slot.row) });
  });
  matched.sort((a, b) => a.position - b.position);
  if (matched.length < 2 || matched.some((m, i) => i > 0 && m.index <= matched[i - 1]!.index)) return [];

  const placed: string[] = [];
  /** A row's proposal, in doubt, with the paths and figures it would set. */
  interface Proposal { row: TemplateRow; base: string; index: number; position: number; proposed: Map<string, FigureValue>; label: string }
  const left: Proposal[] = [];
  const confirmedWith = (proposals: Proposal[]): boolean => {
    const readings = readingsOf(mapped.values);
    for (const { proposed } of proposals) for (const [path, figure] of proposed) readings.set(path, readingOf(figure, true));
    const confirmed = confirmedPaths(template, readings);
    return proposals.every(({ proposed }) => [...proposed.keys()].every((path) => confirmed.has(path)));
  };
  const place = (proposal: Proposal, message: string): void => {
    for (const [path, figure] of proposal.proposed) mapped.values.set(path, figure);
    matched.push({ index: proposal.index, position: proposal.position });
    matched.sort((a, b) => a.position - b.position);
    placed.push(proposal.base);
    warn(mapped, proposal.row, message);
  };
  for (const row of unplaced) {
    const position = at(row.table, row.row);
    const before = [...matched].reverse().find((m) => m.position < position);
    const after = matched.find((m) => m.position > position);
    if (!before && !after) continue;
    const from = before ? before.index + 1 : 0;
    const to = after ? after.index - 1 : order.length - 1;
    // Exactly one template row missing there, and no other unused row competing for it.
    if (to !== from) continue;
    const rivals = unplaced.filter((other) => other !== row && (!before || at(other.table, other.row) > before.position) && (!after || at(other.table, other.row) < after.position));
    if (rivals.length > 0) continue;
    const candidate = order[from]!;
    if (candidate.labels.length === 0 || !(looksLike(row, candidate) || hasUnreadLabel(row, APPLICANT_COLUMNS.length))) continue;

    const base = `applications.${candidate.path}`;
    const fitted = fitFigures(row.figures, APPLICANT_COLUMNS.length);
    if (!fitted) continue;
    const proposed = new Map<string, FigureValue>(fitted.map((slot, i) => {
      const parsed = parseFigure(slot.raw);
      return [`${base}.${APPLICANT_COLUMNS[i]}`, { value: parsed.kind === 'number' ? parsed.value : null, slot }];
    }));
    const proposal: Proposal = { row, base, index: from, position, proposed, label: `${rowName(row)} (table ${row.table} row ${row.row + 1})` };
    if (confirmedWith([proposal])) {
      place(proposal, `${proposal.label} matches no label; taken as ${base} by its place in the template's order, as the checks confirm its figures`);
    } else {
      left.push(proposal);
    }
  }
  // Rows each alone at its place, each in a column sum the others are missing from: proposed
  // together, each figure still needs its row's and its column's check passing (or to be the
  // only doubtful term of one), so that misreads would have to cancel in a rectangle.
  if (left.length > 1 && confirmedWith(left)) {
    for (const proposal of left) {
      const others = left.filter((other) => other !== proposal).map((other) => other.base).join(', ');
      place(proposal, `${proposal.label} matches no label; taken as ${proposal.base} by its place in the template's order, as the checks confirm its figures with those of ${others}, placed so too`);
    }
  } else {
    for (const { row, base, label } of left) warn(mapped, row, `${label} matches no label; by its place it would be ${base}, but the checks do not confirm its figures: left null`);
  }
  return placed;
}

/** Replaces the row's warning of an unused row with `message` (or adds it). */
function warn(mapped: MappedFigures, row: TemplateRow, message: string): void {
  const warning = mapped.warnings.indexOf(unplacedWarning(row));
  if (warning >= 0) mapped.warnings[warning] = message;
  else mapped.warnings.push(message);
}

/** True when one of the row's labels is the template row's with a few characters missing or wrong. */
function looksLike(row: TemplateRow, candidate: ApplicationRow): boolean {
  return row.labels.some((printed) => candidate.labels.some((label) => {
    const allowed = Math.max(1, Math.ceil(label.length * DAMAGE));
    // A group printed in the same cell ("不予公开1属于国家秘") is compared by its end.
    return distance(printed, label) <= allowed || (printed.length > label.length && distance(printed.slice(-label.length), label) <= allowed);
  }));
}
