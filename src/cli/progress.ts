/** Progress of a long run: a live bar on a terminal, a plain line every few seconds otherwise. */
import cliProgress from 'cli-progress';
import type { CrawlProgress } from '../crawl/crawler.js';

export interface ProgressReporter {
  update(progress: CrawlProgress): void;
  stop(): void;
}

const LINE_EVERY_MS = 5_000;

export function progressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  if (stream.isTTY && !process.env['CI']) {
    const bar = new cliProgress.SingleBar({
      stream,
      format: 'crawl |{bar}| {fetched} fetched, {reports} reports, {failed} failed, {inFlight} in flight',
      barsize: 24,
      hideCursor: true,
      noTTYOutput: false,
    }, cliProgress.Presets.shades_classic);
    let started = false;
    return {
      update(progress) {
        // The total is unknown while the crawl discovers pages: the bar shows work done against work seen.
        const total = progress.fetched + progress.failed + progress.inFlight;
        if (!started) {
          bar.start(Math.max(total, 1), 0, progress);
          started = true;
        }
        bar.setTotal(Math.max(total, 1));
        bar.update(progress.fetched + progress.failed, progress);
      },
      stop: () => started && bar.stop(),
    };
  }
  let last = 0;
  let latest: CrawlProgress | null = null;
  const line = (progress: CrawlProgress) =>
    stream.write(`[${new Date().toISOString().slice(11, 19)}] ${progress.fetched} fetched, ${progress.reports} reports, ${progress.failed} failed, ${progress.inFlight} in flight\n`);
  return {
    update(progress) {
      latest = progress;
      if (Date.now() - last >= LINE_EVERY_MS) {
        last = Date.now();
        line(progress);
      }
    },
    stop() {
      if (latest) line(latest);
    },
  };
}
