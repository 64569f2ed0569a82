/**
 * A fixed-seed fuzzing run (the harness of `npm run fuzz`, small) and the crashers kept from
 * fuzzing as regression fixtures (test/fixtures/fuzz/: each input with a .json saying where it
 * came from and what it broke).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRASHERS_DIR, judge, runFuzz } from '../fuzz/harness.js';
import { applyMutation, loadSeeds, sampleMutants } from '../fuzz/mutate.js';
import { extractBytes } from '../src/pipeline/extract.js';

describe('fuzzing', () => {
  it('16 mutants of the samples in-process and 6 through the CLI: every one a valid document, no crash, no hang', async () => {
    const summary = await runFuzz({ count: 16, seed: 20261128, cli: 6, single: 1, saveDir: null });
    expect(summary.problems).toEqual([]);
    expect(summary.inputs).toBe(16);
    expect(summary.cliInputs).toBe(7);
    expect(summary.cliExitCodes.every((code) => code === 0 || code === 1)).toBe(true);
    // The mutants reach every outcome, not only "failed": damage often leaves a report readable.
    expect(Object.keys(summary.byStatus).sort()).toEqual(['failed', 'ok', 'partial']);
    expect(Object.keys(summary.bySeedKind).length).toBeGreaterThanOrEqual(4);
  }, 240_000);

  it('the mutants of a seed are the same on every run', () => {
    const seeds = loadSeeds();
    expect(sampleMutants(seeds.length, 5, 7)).toEqual(sampleMutants(seeds.length, 5, 7));
    expect(sampleMutants(seeds.length, 5, 7)).not.toEqual(sampleMutants(seeds.length, 5, 8));
  });

  it('mutations damage what they name', () => {
    const pdf = loadSeeds().find((seed) => seed.kind === 'pdf')!.bytes;
    const truncated = applyMutation(pdf, { op: 'truncate', at: 0.5 });
    expect(truncated.length).toBe(Math.floor(pdf.length / 2));
    const xref = applyMutation(pdf, { op: 'pdf-xref', text: '999999999' });
    expect(xref.subarray(-30).toString('latin1')).toContain('startxref\n999999999\n%%EOF');
    const docx = loadSeeds().find((seed) => seed.kind === 'docx')!.bytes;
    const header = applyMutation(docx, { op: 'zip-header', which: 0, field: 8, value: 12 });
    expect(header.readUInt16LE(8)).toBe(12); // the first entry's method: bzip2, which no reader here has
  });
});

describe('crashers kept from fuzzing', () => {
  const files = readdirSync(CRASHERS_DIR).filter((name) => !name.endsWith('.json'));
  it('are there, each with its note', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) expect(JSON.parse(readFileSync(join(CRASHERS_DIR, `${name}.json`), 'utf8')).detail).toBeTruthy();
  });

  it.each(files)('%s ends as a valid document', async (name) => {
    const report = await extractBytes({ bytes: readFileSync(join(CRASHERS_DIR, name)), source: { url: null, finalUrl: null, fetchedAt: null }, read: {} });
    expect(judge(report)).toBeNull();
  });
});
