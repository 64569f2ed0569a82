/**
 * The template's own arithmetic, checked on the printed figures. A failed check is data:
 * the figures stay as printed. Blank cells count as zero; a check whose figures were not
 * found at all is not run (and a warning says so).
 */
import { APPLICANT_COLUMNS, APPLICATION_ROWS, REVIEW_GROUPS, type TemplateId } from './definition.js';

export interface Check {
  id: string;
  ok: boolean;
  expected: number;
  actual: number;
  message: string;
}

export interface CheckInput {
  template: TemplateId;
  /** Dotted path → value; a present key with null is a blank cell, an absent key a figure not found. */
  figures: Map<string, number | null>;
  /** Applications count stated in the text of 一、总体情况, if any. */
  statedApplications: number | null;
}

export interface CheckResult {
  checks: Check[];
  notRun: string[];
}

const SIX_APPLICANTS = APPLICANT_COLUMNS.filter((column) => column !== 'total');

export function runChecks({ template, figures, statedApplications }: CheckInput): CheckResult {
  const checks: Check[] = [];
  const notRun: string[] = [];
  const resultRows = APPLICATION_ROWS[template].map((row) => row.path).filter((path) => path.startsWith('results.') && path !== 'results.total');

  const sum = (paths: string[]): number | null => {
    let total = 0;
    for (const path of paths) {
      if (!figures.has(path)) return null;
      total += figures.get(path) ?? 0;
    }
    return roundSum(total);
  };
  const check = (id: string, expectedPaths: string[], actualPaths: string[], message: (e: number, a: number) => string) => {
    const expected = sum(expectedPaths);
    const actual = sum(actualPaths);
    if (expected === null || actual === null) {
      notRun.push(id);
      return;
    }
    checks.push({ id, ok: expected === actual, expected, actual, message: message(expected, actual) });
  };

  for (const column of APPLICANT_COLUMNS) {
    const at = (row: string) => `applications.${row}.${column}`;
    check(`applications.balance.${column}`, [at('newReceived'), at('carriedOver')], [at('results.total'), at('carriedForward')],
      (e, a) => `新收+上年结转 = ${e}; 办理结果总计+结转下年度 = ${a}`);
    check(`applications.resultsSum.${column}`, resultRows.map(at), [at('results.total')],
      (e, a) => `sum of the result rows = ${e}; （七）总计 = ${a}`);
  }
  for (const row of APPLICATION_ROWS[template]) {
    const at = (column: string) => `applications.${row.path}.${column}`;
    check(`applications.rowTotal.${row.path}`, SIX_APPLICANTS.map(at), [at('total')],
      (e, a) => `sum of the six applicant columns = ${e}; 总计 = ${a}`);
  }
  for (const group of REVIEW_GROUPS) {
    const at = (outcome: string) => `reviewLitigation.${group}.${outcome}`;
    check(`reviewLitigation.sum.${group}`, ['upheld', 'corrected', 'other', 'pending'].map(at), [at('total')],
      (e, a) => `维持+纠正+其他+尚未审结 = ${e}; 总计 = ${a}`);
  }

  if (statedApplications !== null) {
    const received = figures.get('applications.newReceived.total');
    const carried = figures.get('applications.carriedOver.total');
    if (received === undefined) notRun.push('narrative.applications');
    else {
      const newCount = received ?? 0;
      // Reports state either the new applications or new plus carried-over ones.
      const ok = statedApplications === newCount || statedApplications === newCount + (carried ?? 0);
      checks.push({
        id: 'narrative.applications',
        ok,
        expected: newCount,
        actual: statedApplications,
        message: `the text states ${statedApplications} applications; the table has ${newCount} new` + (carried ? ` and ${carried} carried over` : ''),
      });
    }
  }
  return { checks, notRun };
}

/** Fees have decimals: sums are compared at the precision they are printed with. */
function roundSum(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
