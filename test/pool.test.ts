/**
 * The worker pool's time limit counts a task's own time, not its wait for a thread: a crawl
 * hands the pool more documents than it has threads, and none may fail for the queue ahead of it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeWorkerPool, extractInWorker, setWorkerThreads } from '../src/pipeline/pool.js';

const pdf = readFileSync(join(import.meta.dirname, '..', 'samples', 'pingyang-wjw-2024-portrait.pdf'));
const expected = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'samples', 'pingyang-wjw-2024-portrait.expected.json'), 'utf8'));
const input = (i: number) => ({ bytes: Buffer.concat([pdf, Buffer.from(`\n% ${i}\n`)]), source: { url: `http://127.0.0.1:1/nb/t${i}.pdf`, finalUrl: null, fetchedAt: null }, read: {} });

describe('the worker pool', () => {
  afterAll(async () => {
    await closeWorkerPool();
    setWorkerThreads(2);
  });

  it('starts a task\'s time limit when a thread takes it: twelve 3-page PDFs on one thread, 3 s each, all read', async () => {
    setWorkerThreads(1);
    await closeWorkerPool();
    // The thread's start (pdf.js loaded under tsx) is not what is measured here.
    expect((await extractInWorker(input(-1))).extraction.status).toBe('ok');
    const started = Date.now();
    const reports = await Promise.all(Array.from({ length: 12 }, (_, i) => extractInWorker(input(i), 3_000)));
    // Together they took longer than one task's limit: counted from submission, the last ones would have failed.
    expect(Date.now() - started).toBeGreaterThan(3_000);
    expect(reports.map((r) => r.extraction.status)).toEqual(Array(12).fill('ok'));
    // Each read whole: the sample's hand-checked figure (samples/pingyang-wjw-2024-portrait.expected.json).
    expect(reports.map((r) => r.figures.applications.newReceived.total)).toEqual(Array(12).fill(expected.figures.applications.newReceived.total));
    expect(expected.figures.applications.newReceived.total).toBe(24);
  }, 60_000);

  it('keeps no document\'s bytes once its task is done, while others still wait (a worker\'s memory on a long run)', async () => {
    // p-queue keeps up to 100 dequeued entries until it compacts: an entry holding its task's
    // bytes kept 60-odd PDFs in a queue worker's memory.
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    setWorkerThreads(1);
    const refs: WeakRef<Buffer>[] = [];
    const reports = Array.from({ length: 10 }, (_, i) => {
      const document = input(i);
      refs.push(new WeakRef(document.bytes));
      return extractInWorker(document);
    });
    const firstThree = await Promise.all(reports.slice(0, 3));
    expect(firstThree.map((r) => r.figures.applications.newReceived.total)).toEqual([24, 24, 24]);
    // Seven still queued or running: the queue has not drained, so its array was not reset.
    await new Promise((resolve) => setTimeout(resolve, 50));
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
    gc();
    expect(refs.slice(0, 3).filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
    // The others are still to be read, and are.
    expect(refs.slice(6).filter((ref) => ref.deref() !== undefined).length).toBeGreaterThan(0);
    expect((await Promise.all(reports)).every((r) => r.extraction.status === 'ok')).toBe(true);
  }, 60_000);
});
