/**
 * `xxgk demo` (what `npm start` runs): the main job on built-in data. Until the crawler
 * exists it extracts the bundled samples/ into output/ and prints a summary.
 */
import type { Command } from 'commander';
import { readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractBytes, loadInput } from '../pipeline/extract.js';
import { writeReportFile } from '../output/write.js';
import { summarize, formatSummary } from '../output/summary.js';
import type { Report } from '../output/report.js';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function registerDemo(program: Command, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description('extract the bundled sample reports (samples/) into an output directory and summarise')
    .option('-o, --out <dir>', 'output directory', 'output')
    .action(async (options: { out: string }) => {
      const samples = join(PROJECT_ROOT, 'samples');
      const files = (await readdir(samples)).filter((name) => /\.(html?|txt|md|pdf)$/i.test(name)).sort();
      const reports: Report[] = [];
      for (const name of files) {
        const report = await extractBytes(await loadInput(join(samples, name)));
        await writeReportFile(options.out, report);
        reports.push(report);
        process.stderr.write(`${report.extraction.status.padEnd(7)} ${name} → ${report.meta.agency ?? '?'} ${report.meta.year ?? '?'}\n`);
      }
      process.stdout.write(formatSummary(summarize(reports), options.out));
    });
}
