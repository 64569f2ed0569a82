/**
 * `xxgk demo` (what `npm start` runs): the main job on built-in data. Starts the demo county
 * portal on 127.0.0.1, crawls it end to end into the output directory, prints the summary.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_CRAWL_OPTIONS } from '../crawl/crawler.js';
import { startDemoPortal } from '../demo/portal.js';
import { runCrawl } from './crawl.js';

export function registerDemo(program: Command, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description('crawl the bundled demo county portal (served on 127.0.0.1) into an output directory')
    .option('-o, --out <dir>', 'output directory (emptied first when it holds an earlier demo output; any other content is refused, never deleted)', 'output')
    .option('--delay <ms>', 'time between requests to the portal', '200')
    .option('--serve', 'only serve the demo portal until interrupted, printing its address')
    .action(async (options: { out: string; delay: string; serve?: boolean }) => {
      const portal = await startDemoPortal(0, { tablePictures: true });
      if (options.serve) {
        process.stdout.write(`demo portal at ${portal.url} (Ctrl-C to stop)\n`);
        await new Promise(() => {});
      }
      process.stderr.write(`demo portal at ${portal.url}; crawling reports on 2021–2025 into ${options.out}/\n`);
      try {
        await emptyDemoOutput(options.out);
        const { state } = await runCrawl([portal.url], {
          ...DEFAULT_CRAWL_OPTIONS, outDir: options.out, years: [2021, 2025], delayMs: Number(options.delay), fetcher: { backoffMs: 200 },
        });
        state.close();
      } finally {
        await portal.close();
      }
      setExit(0);
    });
}

/** Marks a directory as a demo output: the only kind `xxgk demo` deletes. */
const DEMO_MARKER = '.xxgk-demo';

/**
 * Empties the demo's output directory, and refuses when it holds anything but an earlier demo
 * output (a crawl made into it, anyone's files): a demo never deletes a researcher's data.
 */
export async function emptyDemoOutput(dir: string): Promise<void> {
  if (existsSync(dir)) {
    const entries = await readdir(dir);
    if (entries.length > 0 && !entries.includes(DEMO_MARKER)) {
      throw new Error(`${dir}/ is not a demo output (it holds ${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}): not deleting it; give xxgk demo another --out`);
    }
    await rm(dir, { recursive: true, force: true });
  }
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, DEMO_MARKER), 'written by xxgk demo: this directory is emptied by the next xxgk demo\n');
}
