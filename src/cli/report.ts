/** `xxgk report DIR`: a static site to look at the reports of an output directory (DIR/report/index.html). */
import type { Command } from 'commander';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { writeReportSite } from '../report-page/write.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write DIR/report/index.html: coverage, failing checks, charts, and a page per report with where each figure came from')
    .argument('[dir]', 'an output directory of `xxgk crawl` or `xxgk extract --out`', 'output')
    .addHelpText('after', `
The pages open from disk (file://) and load nothing from the network: Chart.js is inlined.
Each report's page shows its three tables as the template prints them; click a figure to
see the text it was read from, its table, row and column (page and box in a PDF), the
checks it takes part in, and a link to the stored original under DIR/raw/.`)
    .action(async (dir: string) => {
      const result = await writeReportSite(dir);
      for (const line of result.skipped) process.stderr.write(`xxgk report: skipped ${line}\n`);
      process.stdout.write(`${result.pages} report pages; open ${pathToFileURL(resolve(result.index)).href}\n`);
    });
}
