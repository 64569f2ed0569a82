/**
 * `xxgk demo` (what `npm start` runs): the main job on built-in data. Starts the demo county
 * portal on 127.0.0.1, crawls it end to end into the output directory, prints the summary.
 */
import type { Command } from 'commander';
import { rm } from 'node:fs/promises';
import { DEFAULT_CRAWL_OPTIONS } from '../crawl/crawler.js';
import { startDemoPortal } from '../demo/portal.js';
import { runCrawl } from './crawl.js';

export function registerDemo(program: Command, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description('crawl the bundled demo county portal (served on 127.0.0.1) into an output directory')
    .option('-o, --out <dir>', 'output directory (emptied first)', 'output')
    .option('--delay <ms>', 'time between requests to the portal', '200')
    .option('--serve', 'only serve the demo portal until interrupted, printing its address')
    .action(async (options: { out: string; delay: string; serve?: boolean }) => {
      const portal = await startDemoPortal();
      if (options.serve) {
        process.stdout.write(`demo portal at ${portal.url} (Ctrl-C to stop)\n`);
        await new Promise(() => {});
      }
      process.stderr.write(`demo portal at ${portal.url}; crawling reports on 2021–2025 into ${options.out}/\n`);
      await rm(options.out, { recursive: true, force: true });
      try {
        const state = await runCrawl([portal.url], {
          ...DEFAULT_CRAWL_OPTIONS, outDir: options.out, years: [2021, 2025], delayMs: Number(options.delay), fetcher: { backoffMs: 200 },
        });
        state.close();
      } finally {
        await portal.close();
      }
      setExit(0);
    });
}
