/**
 * Which figures the template's arithmetic confirms. A passing check (a sum of figures equal to
 * another sum) proves less than it seems: it shows its figures are right *jointly* — a single
 * misread figure would break it, two misreads that cancel would not. So a passing check confirms
 * all of its figures, except those it would not notice being misread:
 *
 * - a printed string that stands as often on each side of the identity: a recogniser that misreads
 *   it misreads every copy the same way, and the sums still agree ("5 = 5" in a row whose only
 *   applicant is 5, "0+5 = 5+0" in the balance of a column); the zeros around it are confirmed;
 * - a digit whose consistent misreading (d → another digit, or dropped) keeps the sums equal
 *   ("10 + 5 = 15" reads "70 + 5 = 75" if every 1 is taken for a 7).
 *
 * "Parts all 0 and total 0" confirms them all: a 0 misread anywhere breaks the sum. Only the
 * template's arithmetic identities confirm; the narrative count of applications does not (its
 * text may come from the same recogniser). Pure: readings in, paths out.
 */
import { checkSpecs, type CheckSpec } from './checks.js';
import type { TemplateId } from './definition.js';
import { parseFigure } from './numbers.js';

/** A figure as read: its value (null: blank or not a number) and the cell's text. */
export interface FigureReading {
  value: number | null;
  raw: string;
  /**
   * True when the reading is in doubt on its own (a cell read with low confidence, a row placed
   * by position): a failing check makes it suspect, and a suspect term voids a passing check.
   */
  doubtful?: boolean;
  /**
   * True for ink that could not be read at all (OCR): its value is unknown, not 0, so a check it
   * is in proves nothing either way — failing, it would make the check's other doubtful terms
   * suspect for a failure the unread cell explains.
   */
  unread?: boolean;
}

/**
 * The paths the template's arithmetic confirms. A figure read for certain is confirmed by any
 * passing check that would notice it misread. A doubtful one needs more, because two misreads in
 * one check can cancel (3→4 here, 1→0 there): a passing check in which it is the only doubtful
 * term left (the others read for certain or confirmed already), or two passing checks (a row's
 * and a column's: cancelling there too takes four misreads in a rectangle). Checks with a
 * suspect term confirm nothing: a doubtful figure is suspect when a check it is in fails, and a
 * passing check with a suspect term then has a second misread cancelling the first, so its
 * other doubtful terms become suspect too.
 */
export function confirmedPaths(template: TemplateId, readings: ReadonlyMap<string, FigureReading>): Set<string> {
  const evaluated: { terms: Term[]; ok: boolean }[] = [];
  for (const spec of checkSpecs(template)) {
    const terms = termsOf(spec, readings);
    if (terms) evaluated.push({ terms, ok: balances(terms, (term) => term.text) });
  }
  const suspect = new Set<string>();
  const suspectDoubtful = (terms: Term[]): boolean => {
    let added = false;
    for (const term of terms) {
      if (term.doubtful && !suspect.has(term.path)) {
        suspect.add(term.path);
        added = true;
      }
    }
    return added;
  };
  for (const { terms, ok } of evaluated) if (!ok) suspectDoubtful(terms);
  for (let changed = suspect.size > 0; changed;) {
    changed = false;
    for (const { terms, ok } of evaluated) {
      if (ok && terms.some((term) => suspect.has(term.path))) changed = suspectDoubtful(terms) || changed;
    }
  }

  const valid = evaluated.filter(({ terms, ok }) => ok && !terms.some((term) => suspect.has(term.path)))
    .map(({ terms }) => ({ terms, noticed: new Set(noticed(terms)) }));
  const confirmed = new Set<string>();
  const checksNoticing = new Map<string, number>();
  for (const { noticed: paths } of valid) for (const path of paths) checksNoticing.set(path, (checksNoticing.get(path) ?? 0) + 1);
  for (let changed = true; changed;) {
    changed = false;
    for (const { terms, noticed: paths } of valid) {
      for (const term of terms) {
        if (!paths.has(term.path) || confirmed.has(term.path)) continue;
        const alone = !terms.some((other) => other !== term && other.doubtful && !confirmed.has(other.path));
        if (!term.doubtful || alone || checksNoticing.get(term.path)! >= 2) {
          confirmed.add(term.path);
          changed = true;
        }
      }
    }
  }
  return confirmed;
}

interface Term {
  path: string;
  /** The printed form compared between the sides: NFKC, no white space. */
  text: string;
  side: 0 | 1;
  doubtful: boolean;
}

/** The check's terms; null when a figure is not found or is text that is not a number (the check proves nothing). */
function termsOf(spec: CheckSpec, readings: ReadonlyMap<string, FigureReading>): Term[] | null {
  const terms: Term[] = [];
  for (const [side, paths] of [[0, spec.expected], [1, spec.actual]] as const) {
    for (const path of paths) {
      const reading = readings.get(path);
      if (!reading || reading.unread || (reading.value === null && reading.raw.trim() !== '')) return null;
      terms.push({ path, text: printedForm(reading.raw), side, doubtful: reading.doubtful === true });
    }
  }
  return terms;
}

/** The terms of a passing check that a misreading could not go unnoticed in. */
function noticed(terms: Term[]): string[] {
  const blind = new Set<string>();
  // Whole strings as often on one side as on the other.
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term.text, (counts.get(term.text) ?? 0) + (term.side === 0 ? 1 : -1));
  for (const term of terms) if (counts.get(term.text) === 0) blind.add(term.path);
  // Digits whose consistent misreading keeps the sums equal.
  const digits = new Set(terms.flatMap((term) => term.text.match(/\d/g) ?? []));
  for (const digit of digits) {
    const unnoticed = REPLACEMENTS.some((replacement) => replacement !== digit && changesValue(terms, digit, replacement) &&
      balances(terms, (term) => term.text.replaceAll(digit, replacement)));
    if (unnoticed) for (const term of terms) if (term.text.includes(digit)) blind.add(term.path);
  }
  return terms.filter((term) => !blind.has(term.path)).map((term) => term.path);
}

/** True when misreading `digit` as `replacement` changes some term's value ("0" dropped from "0" does not). */
function changesValue(terms: Term[], digit: string, replacement: string): boolean {
  return terms.some((term) => term.text.includes(digit) && valueOf(term.text) !== valueOf(term.text.replaceAll(digit, replacement)));
}

function valueOf(text: string): number | null {
  const parsed = parseFigure(text);
  return parsed.kind === 'number' ? parsed.value : parsed.kind === 'blank' ? 0 : null;
}

const REPLACEMENTS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ''];

/** True when the two sides add up equally with each term read as `text` gives (blank: 0). */
function balances(terms: Term[], text: (term: Term) => string): boolean {
  const sums: [number, number] = [0, 0];
  for (const term of terms) {
    const parsed = parseFigure(text(term));
    if (parsed.kind === 'text') return false;
    sums[term.side] += parsed.kind === 'number' ? parsed.value : 0;
  }
  // Fees have decimals: compare at the precision they are printed with (as checks.ts does).
  return Math.round(sums[0] * 1e6) === Math.round(sums[1] * 1e6);
}

function printedForm(raw: string): string {
  return raw.normalize('NFKC').replace(/[\s\u00a0\u3000]+/g, '');
}
