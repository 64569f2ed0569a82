/**
 * The template's own arithmetic, checked on the printed figures. A failed check is data:
 * the figures stay as printed. Blank cells count as zero; a check whose figures were not
 * found at all is not run (and a warning says so).
 */
import { APPLICANT_COLUMNS, APPLICANT_PARTS, APPLICATION_ROWS, REVIEW_GROUPS, REVIEW_OUTCOME_PARTS, type TemplateId } from './definition.js';

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

/** One arithmetic identity of the template: the sum of `expected` paths against the sum of `actual` ones. */
export interface CheckSpec {
  id: string;
  expected: string[];
  actual: string[];
  message: (expected: number, actual: number) => string;
}

const specCache = new Map<TemplateId, CheckSpec[]>();

/** The template's identities, built once per template (also what confirm.ts reasons about). */
export function checkSpecs(template: TemplateId): CheckSpec[] {
  const cached = specCache.get(template);
  if (cached) return cached;
  const specs: CheckSpec[] = [];
  const resultRows = APPLICATION_ROWS[template].map((row) => row.path).filter((path) => path.startsWith('results.') && path !== 'results.total');
  for (const column of APPLICANT_COLUMNS) {
    const at = (row: string) => `applications.${row}.${column}`;
    specs.push({ id: `applications.balance.${column}`, expected: [at('newReceived'), at('carriedOver')], actual: [at('results.total'), at('carriedForward')],
      message: (e, a) => `新收+上年结转 = ${e}; 办理结果总计+结转下年度 = ${a}` });
    specs.push({ id: `applications.resultsSum.${column}`, expected: resultRows.map(at), actual: [at('results.total')],
      message: (e, a) => `sum of the result rows = ${e}; （七）总计 = ${a}` });
  }
  for (const row of APPLICATION_ROWS[template]) {
    const at = (column: string) => `applications.${row.path}.${column}`;
    specs.push({ id: `applications.rowTotal.${row.path}`, expected: APPLICANT_PARTS.map(at), actual: [at('total')],
      message: (e, a) => `sum of the six applicant columns = ${e}; 总计 = ${a}` });
  }
  for (const group of REVIEW_GROUPS) {
    const at = (outcome: string) => `reviewLitigation.${group}.${outcome}`;
    specs.push({ id: `reviewLitigation.sum.${group}`, expected: REVIEW_OUTCOME_PARTS.map(at), actual: [at('total')],
      message: (e, a) => `维持+纠正+其他+尚未审结 = ${e}; 总计 = ${a}` });
  }
  specCache.set(template, specs);
  return specs;
}

/** The figures behind the narrative check: the stated count is compared with new, or new plus carried over. */
const NARRATIVE_TERMS = ['applications.newReceived.total', 'applications.carriedOver.total'];

/**
 * Every check id of a template with the figure paths it sums (both sides), in the order the
 * checks run: what a figure takes part in, for readers of the output.
 */
export function checkTerms(template: TemplateId): Map<string, string[]> {
  const terms = new Map<string, string[]>();
  for (const spec of checkSpecs(template)) terms.set(spec.id, [...spec.expected, ...spec.actual]);
  terms.set('narrative.applications', [...NARRATIVE_TERMS]);
  return terms;
}

export function runChecks({ template, figures, statedApplications }: CheckInput): CheckResult {
  const checks: Check[] = [];
  const notRun: string[] = [];
  const sum = (paths: string[]): number | null => {
    let total = 0;
    for (const path of paths) {
      const value = figures.get(path);
      if (value === undefined) return null;
      total += value ?? 0;
    }
    return roundSum(total);
  };
  for (const spec of checkSpecs(template)) {
    const expected = sum(spec.expected);
    const actual = sum(spec.actual);
    if (expected === null || actual === null) notRun.push(spec.id);
    else checks.push({ id: spec.id, ok: expected === actual, expected, actual, message: spec.message(expected, actual) });
  }

  if (statedApplications !== null) {
    const [receivedPath, carriedPath] = NARRATIVE_TERMS as [string, string];
    const received = figures.get(receivedPath);
    const carried = figures.get(carriedPath);
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
