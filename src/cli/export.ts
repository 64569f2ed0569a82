/** `xxgk export DIR`: the reports of an output directory as one long CSV (or JSON Lines). */
import type { Command } from 'commander';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { longCsv } from '../output/csv.js';
import type { Report } from '../output/report.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export the reports of an output directory as a long CSV (one line per figure) or JSON Lines')
    .argument('[dir]', 'an output directory of `xxgk crawl` or `xxgk extract --out`', 'output')
    .option('-f, --format <format>', 'csv (long: id, agency, year, …, field, value, raw, url) or jsonl', 'csv')
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .option('--bom', 'start the CSV with a byte-order mark, for Excel')
    .addHelpText('after', `
The CSV's field column is the dotted path of the output contract, e.g.
applications.results.denied.thirdPartyRights.naturalPerson; value is the number (empty for
null), raw the text as printed. In pandas: pd.read_csv('figures.csv'); in DuckDB:
SELECT * FROM 'figures.csv' WHERE field = 'applications.newReceived.total'.`)
    .action(async (dir: string, options: { format: string; out?: string; bom?: boolean }) => {
      const reportsDir = join(dir, 'reports');
      if (!existsSync(reportsDir)) throw new Error(`${dir}: no reports/ in it (not an output directory of xxgk crawl or xxgk extract --out)`);
      const files = (await readdir(reportsDir)).filter((name) => name.endsWith('.json')).sort();
      const reports: Report[] = await Promise.all(files.map(async (name) => JSON.parse(await readFile(join(reportsDir, name), 'utf8')) as Report));
      let text: string;
      if (options.format === 'csv') text = longCsv(reports, options.bom === true);
      else if (options.format === 'jsonl') text = reports.map((report) => JSON.stringify(report) + '\n').join('');
      else throw new Error(`unknown format "${options.format}" (csv or jsonl)`);
      if (options.out) await writeFile(options.out, text);
      else process.stdout.write(text);
    });
}
