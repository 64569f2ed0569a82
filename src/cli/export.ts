/**
 * `xxgk export DIR`: the reports of an output directory as a dataset folder (reports, figures,
 * checks, figures_wide in CSV, Parquet or JSON Lines, with datapackage.json), or with `--long`
 * the one-file long CSV of the contract (or the documents as JSON Lines).
 */
import type { Command } from 'commander';
import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { LONG_CSV_COLUMNS, longCsvRecords } from '../output/csv.js';
import { DATASET_FORMATS, readReports, writeDataset, type DatasetFormat } from '../output/dataset-write.js';

interface ExportOptions {
  format?: string;
  out?: string;
  bom?: boolean;
  long?: boolean;
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export the reports of an output directory as a dataset: reports, figures, checks and figures_wide tables (CSV, Parquet or JSON Lines) with datapackage.json; --long for the one-file long CSV')
    .argument('[dir]', 'an output directory of `xxgk crawl` or `xxgk extract --out`', 'output')
    .option('-f, --format <format>', 'dataset: csv, parquet or jsonl (default csv); with --long: csv or jsonl (the documents)')
    .option('-o, --out <path>', 'the dataset folder (default DIR/dataset); with --long: a file (default stdout)')
    .option('--long', 'the one-file long CSV instead: a line per figure (id, agency, year, …, field, value, raw, url)')
    .option('--bom', 'start CSV files with a byte-order mark, for Excel')
    .addHelpText('after', `
The dataset folder holds reports (a row per report), figures (a row per figure, with the reason
a value is missing: blank, unread, not in this template), checks (a row per check) and
figures_wide (a row per report, a column per field), the same report at several URLs once,
plus datapackage.json (Frictionless: types, keys, descriptions in Chinese and English) and
duckdb.sql (views with the declared types: cd into the folder, duckdb -init duckdb.sql).
In DuckDB: SELECT * FROM 'figures.parquet' WHERE field = 'applications.newReceived.total'.
The field paths and labels: docs/codebook.md.`)
    .action(async (dir: string, options: ExportOptions) => {
      const reportsDir = join(dir, 'reports');
      if (!existsSync(reportsDir)) throw new Error(`${dir}: no reports/ in it (not an output directory of xxgk crawl or xxgk extract --out)`);
      if (options.long) return exportLong(reportsDir, options);
      const format = (options.format ?? 'csv') as DatasetFormat;
      if (!DATASET_FORMATS.includes(format)) throw new Error(`unknown format "${format}" (csv, parquet or jsonl)`);
      if (options.out && /\.(csv|jsonl|json|parquet)$/i.test(options.out)) {
        // The command wrote one file before it wrote a dataset folder: say so rather than make a folder named figures.csv.
        throw new Error(`--out ${options.out}: a dataset is a folder of tables; for the one-file long CSV add --long`);
      }
      const outDir = options.out ?? join(dir, 'dataset');
      const summary = await writeDataset(reportsDir, outDir, { format, bom: options.bom === true });
      process.stdout.write(
        `${outDir}: ${summary.reports} reports, ${summary.figures} figures, ${summary.checks} checks` +
        `${summary.duplicates > 0 ? ` (${summary.duplicates} duplicate documents left out)` : ''}; ${summary.files.join(', ')}\n`,
      );
    });
}

/** The long CSV of the contract (or the documents as JSON Lines), streamed. */
async function exportLong(reportsDir: string, options: ExportOptions): Promise<void> {
  const format = options.format ?? 'csv';
  if (format !== 'csv' && format !== 'jsonl') throw new Error(`unknown format "${format}" with --long (csv or jsonl)`);
  const out = options.out ? createWriteStream(options.out) : process.stdout;
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const cast = { number: (n: number) => String(n) };
  if (format === 'csv') await write(stringify([[...LONG_CSV_COLUMNS]], { bom: options.bom === true, cast }));
  for await (const { report } of readReports(reportsDir)) {
    await write(format === 'csv' ? stringify(longCsvRecords(report), { cast }) : JSON.stringify(report) + '\n');
  }
  if (options.out) {
    out.end();
    await once(out, 'finish');
  }
}
