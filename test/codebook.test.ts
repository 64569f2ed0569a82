import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { codebookCsv, codebookMarkdown } from '../src/output/codebook.js';
import { reportJsonSchema } from '../src/output/schema.js';
import {
  APPLICANT_COLUMN_NAMES, APPLICATION_ROWS, figurePaths, OTHER_AS_ONE_ROW, PROACTIVE_ROWS, RESULT_GROUP_LABELS, REVIEW_GROUP_NAMES,
  REVIEW_OUTCOME_NAMES, TEMPLATE_IDS, type TemplateId,
} from '../src/template/definition.js';
import { fieldDescription, fieldInfo } from '../src/template/fields.js';
import { ROOT } from './helpers.js';

/** The template's wording of a path's row and column, looked up in definition.ts directly. */
function templateLabels(template: TemplateId, path: string): [string, string] {
  const [section, ...rest] = path.split('.');
  const column = rest.pop()!;
  const row = rest.join('.');
  if (section === 'proactive') {
    const def = PROACTIVE_ROWS[template].find((r) => r.key === row)!;
    return [def.labels[0]!, def.columnLabels[def.columns.indexOf(column)]!];
  }
  if (section === 'applications') {
    const def = APPLICATION_ROWS[template].find((r) => r.path === row)!;
    const label = def.path === OTHER_AS_ONE_ROW ? RESULT_GROUP_LABELS.other[0]! : def.group ? `${RESULT_GROUP_LABELS[def.group][0]}：${def.labels[0]}` : def.labels[0]!;
    return [label, APPLICANT_COLUMN_NAMES[column as keyof typeof APPLICANT_COLUMN_NAMES].zh];
  }
  return [REVIEW_GROUP_NAMES[row as keyof typeof REVIEW_GROUP_NAMES].zh, REVIEW_OUTCOME_NAMES[column as keyof typeof REVIEW_OUTCOME_NAMES].zh];
}

describe('the codebook', () => {
  it('docs/codebook.md and docs/codebook.csv are up to date with the template code (npm run codebook)', () => {
    expect(readFileSync(join(ROOT, 'docs', 'codebook.md'), 'utf8')).toBe(codebookMarkdown());
    expect(readFileSync(join(ROOT, 'docs', 'codebook.csv'), 'utf8')).toBe(codebookCsv());
  });

  it('lists every field of both templates, in order, with the template\'s labels, English names and units', async () => {
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    const rows = (await connection.runAndReadAll(`SELECT * FROM read_csv('${join(ROOT, 'docs', 'codebook.csv')}', header = true, all_varchar = true)`)).getRowObjectsJS() as Record<string, string | null>[];
    for (const template of TEMPLATE_IDS) {
      const ofTemplate = rows.filter((row) => row.template === template);
      expect(ofTemplate.map((row) => row.field)).toEqual([...figurePaths(template)]);
      for (const row of ofTemplate) {
        expect([row.row_label_zh, row.column_label_zh]).toEqual(templateLabels(template, row.field!));
        expect(row.row_name_en).toMatch(/^[\x20-\x7e规章]+$/);
        expect(row.column_name_en).toMatch(/^[\x20-\x7e]+$/);
        expect(row.unit).toBeTruthy();
        expect(row.templates!.split(' ')).toContain(template);
      }
    }
    expect(rows.filter((row) => row.template === '2021')).toHaveLength(200);
    const byKey = new Map(rows.map((row) => [`${row.template} ${row.field}`, row]));
    expect(byKey.get('2021 proactive.fees.amountWan')!.unit).toBe('万元');
    expect(byKey.get('2019 proactive.centralizedProcurement.amount')!.unit).toBe('元 or 万元');
    // The crosswalk: （六）其他处理 one row in 2019, three in 2021; section 四 unchanged; section 二 where it has a counterpart.
    expect(byKey.get('2019 applications.results.other.total.naturalPerson')).toMatchObject({
      crosswalk_relation: 'sum',
      crosswalk_fields: 'applications.results.other.overdueCorrection.naturalPerson applications.results.other.overdueFee.naturalPerson applications.results.other.other.naturalPerson',
    });
    expect(byKey.get('2021 applications.results.other.overdueFee.total')).toMatchObject({ crosswalk_relation: 'part of', crosswalk_fields: 'applications.results.other.total.total' });
    expect(byKey.get('2019 reviewLitigation.review.upheld')).toMatchObject({ crosswalk_relation: 'same', crosswalk_fields: 'reviewLitigation.review.upheld', templates: '2021 2019' });
    expect(byKey.get('2019 proactive.rules.newlyMade')).toMatchObject({ crosswalk_relation: 'close', crosswalk_fields: 'proactive.rules.issued' });
    expect(byKey.get('2021 proactive.fees.amountWan')!.crosswalk_relation).toBeNull();
  });

  it('gives the JSON Schema the same description of every figure', () => {
    const schema = reportJsonSchema() as any;
    for (const [index, template] of [[0, '2021'], [1, '2019']] as const) {
      const variant = schema.oneOf?.[index] ?? schema.anyOf[index];
      for (const path of figurePaths(template)) {
        let node = variant.properties.figures;
        for (const key of path.split('.')) node = node.properties[key];
        expect(node.description).toBe(fieldDescription(fieldInfo(path, template)!));
        const [row, column] = templateLabels(template, path);
        expect(node.description).toContain(`/ ${row} / ${column}（`);
      }
    }
  });
});
