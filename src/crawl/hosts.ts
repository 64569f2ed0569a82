/**
 * Politeness: one queue per host (concurrency per host, a delay between request starts) under
 * one global limit across hosts.
 */
import PQueue from 'p-queue';

export interface PolitenessOptions {
  perHost: number;
  delayMs: number;
  global: number;
}

export class HostQueues {
  private readonly hosts = new Map<string, PQueue>();
  private readonly globalQueue: PQueue;
  private readonly crawlDelays = new Map<string, number>();

  constructor(private readonly options: PolitenessOptions) {
    this.globalQueue = new PQueue({ concurrency: options.global });
  }

  /** Runs a task in its host's queue; `request` parts of it run under the global limit too. */
  run<T>(host: string, task: (request: <R>(fn: () => Promise<R>) => Promise<R>) => Promise<T>): Promise<T> {
    return this.queue(host).add(() => task((fn) => this.globalQueue.add(fn) as Promise<never>)) as Promise<T>;
  }

  /** Tasks waiting or running for a host. */
  load(host: string): number {
    const queue = this.hosts.get(host);
    return queue ? queue.size + queue.pending : 0;
  }

  /** Honours a robots.txt Crawl-delay longer than the configured delay (for queues made after). */
  setCrawlDelay(host: string, delayMs: number): void {
    if (delayMs > this.options.delayMs && !this.hosts.has(host)) this.crawlDelays.set(host, delayMs);
  }

  private queue(host: string): PQueue {
    let queue = this.hosts.get(host);
    if (!queue) {
      const delay = this.crawlDelays.get(host) ?? this.options.delayMs;
      queue = delay > 0
        ? new PQueue({ concurrency: this.options.perHost, interval: delay, intervalCap: this.options.perHost, carryoverIntervalCount: true })
        : new PQueue({ concurrency: this.options.perHost });
      this.hosts.set(host, queue);
    }
    return queue;
  }
}
