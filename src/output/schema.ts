/**
 * The output contract as a schema, its one source: zod types built from the template definitions,
 * the TypeScript types of the report inferred from them (report.ts), and the JSON Schema
 * (draft 2020-12) generated from them for `xxgk schema` and src/output/report.schema.json.
 * The enums are the producers' own lists (readers: formats and methods; template: statuses,
 * missing reasons, units), so that a value is named in one place.
 */
import { ERROR_CODES } from '../errors.js';
import { z } from 'zod';
import { READ_METHODS, SOURCE_FORMATS } from '../formats.js';
import {
  APPLICANT_COLUMNS, figurePaths, OTHER_AS_ONE_ROW, type FigurePath, type OtherAsOneRowPath, type TemplateId,
} from '../template/definition.js';
import { EXTRACTION_STATUSES, FLATTENED_TEXT_METHOD } from '../template/extract.js';
import { fieldDescription, fieldInfo } from '../template/fields.js';
import { AMOUNT_UNITS, MISSING_REASONS } from '../template/missing.js';

/** The method of a report whose input could not be read at all. */
export const NO_METHOD = 'none';
/** Every value of `extraction.method`: how the reader obtained the tables, or the template's own way. */
export const EXTRACTION_METHODS = [...READ_METHODS, FLATTENED_TEXT_METHOD, NO_METHOD] as const;

type Shape = { [key: string]: Shape | true };

/** A figure: the number as printed, or null (why: `extraction.missing`). */
type Figure = number | null;
type Head<P extends string> = P extends `${infer Key}.${string}` ? Key : P;
type Rest<P extends string, Key extends string> = P extends `${Key}.${infer Tail}` ? Tail : never;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * The nested object of figures for a union of dotted paths: `'a.b' | 'a.c'` → `{ a: { b, c } }`;
 * paths only in `Optional` may be absent.
 */
export type FigureTreeOf<Paths extends string, Optional extends string = never> = Simplify<
  { [Key in Head<Paths>]: Key extends Paths ? Figure : FigureTreeOf<Rest<Paths, Key>, Rest<Optional, Key>> } &
  { [Key in Exclude<Head<Optional>, Head<Paths>>]?: Key extends Optional ? Figure : FigureTreeOf<Rest<Optional, Key>> }
>;

/** The figures of a 2021 report: sections 二, 三 and 四 by row and column (report-format.md). */
export type Figures2021 = FigureTreeOf<FigurePath<'2021'>, OtherAsOneRowPath>;
/** The figures of a 2019 report. */
export type Figures2019 = FigureTreeOf<FigurePath<'2019'>>;

/**
 * Dotted paths → nested strict objects of nullable numbers, each described from the field
 * catalogue (the codebook's wording); `optional` paths may be absent.
 */
function figuresSchema(template: TemplateId, paths: readonly string[], optional: readonly string[] = []): z.ZodType {
  const tree: Shape = {};
  const optionalSet = new Set(optional);
  for (const path of [...paths, ...optional]) {
    const keys = path.split('.');
    let node = tree;
    for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Shape;
    node[keys[keys.length - 1]!] = true;
  }
  const build = (node: Shape, prefix: string): z.ZodType => {
    const shape: Record<string, z.ZodType> = {};
    for (const [key, child] of Object.entries(node)) {
      const path = prefix + key;
      const type = child === true ? z.number().nullable().describe(fieldDescription(fieldInfo(path, template)!)) : build(child, path + '.');
      const allOptional = child === true ? optionalSet.has(path) : [...optionalSet].some((p) => p.startsWith(path + '.')) && !paths.some((p) => p.startsWith(path + '.'));
      shape[key] = allOptional ? type.optional() : type;
    }
    return z.strictObject(shape);
  };
  return build(tree, '');
}

const oneRowOther = APPLICANT_COLUMNS.map((column) => `applications.${OTHER_AS_ONE_ROW}.${column}`);

// The trees are built from the definition's paths at run time; their types are the same paths
// read from the definition's tables by the compiler (FigurePath), hence the assertions.
export const FIGURES_SCHEMAS = {
  '2021': figuresSchema('2021', figurePaths('2021'), oneRowOther) as z.ZodType<Figures2021>,
  '2019': figuresSchema('2019', figurePaths('2019')) as z.ZodType<Figures2019>,
} satisfies Record<TemplateId, z.ZodType>;

export const regionSchema = z.strictObject({
  province: z.string().nullable(),
  city: z.string().nullable(),
  county: z.string().nullable(),
  code: z.string().regex(/^\d{6}$/).nullable(),
});

export const metaSchema = z.strictObject({
  title: z.string().nullable(),
  agency: z.string().nullable(),
  year: z.number().int().min(2000).max(2100).nullable().describe('the year the figures cover, not the publishing year'),
  region: regionSchema,
  publishedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  seed: z.record(z.string(), z.string()).optional().describe('a crawl seed the report was found from: its url and the seed file\'s own columns'),
});

export const sourceSchema = z.strictObject({
  url: z.string().nullable(),
  finalUrl: z.string().nullable(),
  fetchedAt: z.string().nullable(),
  format: z.enum(SOURCE_FORMATS).nullable(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The stored original, relative to the output directory; null when not stored. */
  file: z.string().nullable(),
  /** Extension: the local file the report was read from, when it was not fetched. */
  localPath: z.string().optional(),
  alternateUrls: z.array(z.string()).optional().describe('other URLs where the same bytes were found'),
  pictures: z.array(z.strictObject({
    src: z.string().describe('as written in the page\'s img src'),
    url: z.string().nullable().describe('the absolute URL it was fetched from; null beside a local file'),
    file: z.string().nullable().describe('the stored copy under raw/ (a crawl), relative to the output directory'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable().describe('of the picture\'s bytes; null when not loaded'),
    error: z.string().optional().describe('why it could not be loaded'),
  })).optional().describe('the pictures of an HTML page read as its tables (OCR), in the page\'s order'),
});

export const checkSchema = z.strictObject({
  id: z.string(),
  ok: z.boolean(),
  expected: z.number(),
  actual: z.number(),
  message: z.string(),
});

export const provenanceSchema = z.strictObject({
  table: z.number().int().min(1),
  row: z.number().int().min(1),
  col: z.number().int().min(1),
  raw: z.string(),
  page: z.number().int().min(1).optional(),
  box: z.strictObject({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() }).optional()
    .describe('the cell\'s box on its page in points, top-left origin, page rotation applied (PDF sources)'),
  offset: z.number().int().min(0).optional(),
  confidence: z.number().min(0).max(1).optional().describe("the recogniser's confidence in the cell (OCR only)"),
});

export const ocrSummarySchema = z.strictObject({
  figures: z.number().int().min(0).describe('figures read from cells with a confidence (OCR)'),
  confirmed: z.number().int().min(0).describe('of them, how many a passing check of the template confirmed'),
  nulled: z.number().int().min(0).describe('of them, how many were set null: low confidence and not confirmed'),
});

export const extractionSchema = z.strictObject({
  status: z.enum(EXTRACTION_STATUSES),
  method: z.enum(EXTRACTION_METHODS),
  /** Extension: why the status is not ok. */
  reason: z.string().optional(),
  code: z.enum(ERROR_CODES).optional().describe('the stable code of why a failed report failed, for programs (the reason is for people)'),
  warnings: z.array(z.string()),
  provenance: z.record(z.string(), provenanceSchema),
  ocr: ocrSummarySchema.optional(),
  missing: z.record(z.string(), z.enum(MISSING_REASONS)).optional()
    .describe('why each null figure is null, by dotted path: blank (printed empty), unread (not read as a number, or not found), not in this template (the report\'s table has no such cell)'),
  units: z.record(z.string(), z.enum(AMOUNT_UNITS)).optional()
    .describe('the unit of each amount, by dotted path: 2021 proactive.fees.amountWan is 万元; the 2019 proactive.centralizedProcurement.amount as printed (absent when not printed)'),
});

const common = {
  schemaVersion: z.literal(1),
  id: z.string().min(1),
  meta: metaSchema,
  source: sourceSchema,
  checks: z.array(checkSchema),
  extraction: extractionSchema,
};

export const reportSchema = z.discriminatedUnion('template', [
  z.strictObject({ ...common, template: z.literal('2021'), figures: FIGURES_SCHEMAS['2021'] }),
  z.strictObject({ ...common, template: z.literal('2019'), figures: FIGURES_SCHEMAS['2019'] }),
  z.strictObject({ ...common, template: z.literal('unknown'), figures: FIGURES_SCHEMAS['2021'] }),
]);

export function reportJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://xxgk.invalid/schema/report-v1.json',
    title: 'xxgk normalized annual report (contract v1)',
    ...z.toJSONSchema(reportSchema, { target: 'draft-2020-12' }),
  };
}
