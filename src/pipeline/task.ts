/** What the worker pool (pool.ts) asks of a worker thread (worker.ts), and how a worker answers a failure. */
import type { XxgkErrorCode } from '../errors.js';
import type { InputBytes, LinkHints } from './input.js';

export type WorkerTask =
  | { kind: 'read-pdf'; bytes: Uint8Array; ocrBudgetMs?: number }
  | { kind: 'read-image'; bytes: Uint8Array }
  | { kind: 'extract'; input: InputBytes; hints?: LinkHints; serialized?: boolean; ocrBudgetMs?: number };

/**
 * An error of a task, as a value: errors cross the thread boundary as plain objects and lose
 * their class, so the reason travels with its code. A rejection of the pool is then always the
 * pool's own (a time limit, a dead worker).
 */
export interface WorkerFailure {
  failure: { code: XxgkErrorCode; message: string };
}
