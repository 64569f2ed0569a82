/**
 * Politeness: one queue per host (concurrency per host), request starts on a host spaced by a
 * delay (the configured one, or a longer robots.txt Crawl-delay), all under one global limit.
 */
import PQueue from 'p-queue';

export interface PolitenessOptions {
  perHost: number;
  delayMs: number;
  global: number;
}

/** Runs a network request for a task: paced for its host, under the global limit. */
export type RequestSlot = <R>(fn: () => Promise<R>) => Promise<R>;

export class HostQueues {
  private readonly hosts = new Map<string, PQueue>();
  private readonly globalQueue: PQueue;
  private readonly delays = new Map<string, number>();
  /** Earliest start of the next request per host (ms since epoch), reserved before the global queue. */
  private readonly nextStart = new Map<string, number>();
  /** The same, reserved as a request leaves the global queue. */
  private readonly nextRun = new Map<string, number>();

  constructor(private readonly options: PolitenessOptions) {
    this.globalQueue = new PQueue({ concurrency: options.global });
  }

  /** Runs a task in its host's queue; its network requests go through the slot it is given. */
  run<T>(host: string, task: (request: RequestSlot) => Promise<T>): Promise<T> {
    return this.queue(host).add(() => task(this.slot(host))) as Promise<T>;
  }

  /**
   * A request slot for a host outside its queue: paced by the host's delay, under the global
   * limit. For requests a running task makes on behalf of its page (a report page's pictures):
   * waiting for a place in a queue from inside another queue's task could deadlock.
   */
  slot(host: string): RequestSlot {
    return async (fn) => {
      await this.pace(host, this.nextStart);
      // Paced again as it leaves the global queue: that queue (or a busy event loop) may have held
      // the host's previous request back, which then started closer to this one than the delay.
      return this.globalQueue.add(async () => {
        await this.pace(host, this.nextRun);
        return fn();
      }) as Promise<Awaited<ReturnType<typeof fn>>>;
    };
  }

  /** Tasks waiting or running for a host. */
  load(host: string): number {
    const queue = this.hosts.get(host);
    return queue ? queue.size + queue.pending : 0;
  }

  /** Honours a robots.txt Crawl-delay longer than the configured delay, from the next request on. */
  setCrawlDelay(host: string, delayMs: number): void {
    if (delayMs > this.options.delayMs) this.delays.set(host, delayMs);
  }

  /** Waits for the host's next start time in `next`, reserving the one after it (so concurrent tasks queue up). */
  private async pace(host: string, next: Map<string, number>): Promise<void> {
    const delay = this.delays.get(host) ?? this.options.delayMs;
    if (delay <= 0) return;
    const now = Date.now();
    const start = Math.max(now, next.get(host) ?? 0);
    next.set(host, start + delay);
    if (start > now) await new Promise((resolve) => setTimeout(resolve, start - now));
  }

  private queue(host: string): PQueue {
    let queue = this.hosts.get(host);
    if (!queue) {
      queue = new PQueue({ concurrency: this.options.perHost });
      this.hosts.set(host, queue);
    }
    return queue;
  }
}
