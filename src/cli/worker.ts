/** `xxgk worker`: takes the jobs of a shared crawl (see src/queue/ and the README's "Shared crawl"). */
import type { Command } from 'commander';
import { checkCrawlName } from '../queue/connection.js';
import { DEFAULT_LOCK_MS, runWorker } from '../queue/worker.js';
import { INTERRUPTED_EXIT, sharedCrawlOptions } from './crawl.js';
import { setWorkerThreads } from '../pipeline/pool.js';

export function registerWorker(program: Command, setExit: (code: number) => void): void {
  program
    .command('worker')
    .description('take the jobs of a shared crawl (seeded by `xxgk crawl … --queue URL --crawl NAME`): fetch URLs, extract reports')
    .requiredOption('--queue <redis-url>', 'the Redis of the shared crawl: redis://HOST:PORT/DB')
    .requiredOption('--crawl <name>', 'the shared crawl\'s name')
    .option('-o, --out <dir>', 'output directory (the same shared directory for every worker: reports/, raw/, index.jsonl)', 'output')
    .option('--exit-when-idle', 'exit once the crawl has no job left (for batch scripts); without it the worker waits for more')
    .option('--concurrency <n>', 'jobs at once in this process (default: the crawl\'s --concurrency)')
    .option('--threads <n>', 'extraction threads of this process (default: one per core)')
    .option('--lock-ms <ms>', 'a job\'s lock: a killed worker\'s jobs are taken up by others after this', String(DEFAULT_LOCK_MS))
    .addHelpText('after', `
The crawl's options (--years, --delay, --per-host, …) are those it was seeded with; every worker
reads them from Redis. Politeness holds across all workers: per host at most --per-host requests
at once and --delay between them, robots.txt read once per host. A worker that loses Redis waits
and reconnects (with backoff); one killed with kill -9 loses nothing (its jobs are run again).
Ctrl-C or SIGTERM: the jobs under way end and are recorded, then the worker exits (status 130).

Example:
  xxgk worker --queue redis://10.0.0.1:6379/0 --crawl y2025 --out /mnt/xxgk --exit-when-idle`)
    .action(async (flags: { queue: string; crawl: string; out: string; exitWhenIdle?: boolean; concurrency?: string; threads?: string; lockMs: string }) => {
      const crawl = checkCrawlName(flags.crawl);
      const lockMs = Number(flags.lockMs);
      if (!Number.isFinite(lockMs) || lockMs < 1000) throw new Error(`--lock-ms takes a number of ms (1000 or more), not "${flags.lockMs}"`);
      const concurrency = flags.concurrency === undefined ? undefined : Number(flags.concurrency);
      if (concurrency !== undefined && !(concurrency >= 1)) throw new Error(`--concurrency takes a number, not "${flags.concurrency}"`);
      if (flags.threads !== undefined) {
        const threads = Number(flags.threads);
        if (!(threads >= 1)) throw new Error(`--threads takes a number, not "${flags.threads}"`);
        setWorkerThreads(threads);
      }
      const controller = new AbortController();
      let signals = 0;
      const onSignal = (signal: NodeJS.Signals) => {
        if (++signals > 1) process.exit(INTERRUPTED_EXIT);
        process.stderr.write(`\nxxgk worker: ${signal}: stopping once the jobs under way end (again to quit at once)\n`);
        controller.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        const summary = await runWorker({
          redisUrl: flags.queue, crawl, outDir: flags.out, exitWhenIdle: flags.exitWhenIdle === true, lockMs, signal: controller.signal,
          ...(concurrency !== undefined ? { concurrency } : {}),
          crawlOptions: sharedCrawlOptions,
          log: (message) => process.stderr.write(`xxgk worker ${process.pid}: ${message}\n`),
        });
        process.stdout.write(`worker ${process.pid}: ${summary.jobs} jobs (${summary.fetches} fetches, ${summary.extractions} extractions, ${summary.delayed} put back for politeness)\n`);
        if (controller.signal.aborted) setExit(INTERRUPTED_EXIT);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
