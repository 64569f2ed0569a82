/** The output's JSON Schema (src/output/report.schema.json) compiled with ajv, for the tests and the fuzzing harness. */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export const schemaPath = new URL('../src/output/report.schema.json', import.meta.url);
export const reportSchema = JSON.parse(readFileSync(schemaPath, 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
// ajv-formats is CommonJS: its function sits on .default when imported from ESM.
const applyFormats = ((addFormats as unknown as { default?: unknown }).default ?? addFormats) as (instance: Ajv2020) => void;
applyFormats(ajv);
export const validate = ajv.compile(reportSchema);

/** The schema's complaints about a document (empty when it is valid). */
export function validateReport(report: unknown): string[] {
  if (validate(report)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}
