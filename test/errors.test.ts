/**
 * The one error type: failed reports and failed fetches carry a stable code, and a defect of
 * xxgk's is told apart from an unreadable input (also across the worker pool).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { XxgkError } from '../src/errors.js';
import { extractBytes, INTERNAL_ERROR, loadInput } from '../src/pipeline/extract.js';
import { closeWorkerPool, readPdfInWorker } from '../src/pipeline/pool.js';
import runTask from '../src/pipeline/worker.js';
import { UnreadableInputError } from '../src/read/document.js';
import { readDocument } from '../src/read/index.js';
import { FIXTURES } from './helpers.js';

const input = (bytes: Uint8Array) => ({ bytes, source: { url: null, finalUrl: null, fetchedAt: null }, read: {} });
const PDF = new TextEncoder().encode('%PDF-1.4\n');

afterAll(() => closeWorkerPool());

describe('codes of failed reports', () => {
  it('an empty input: ERR_UNREADABLE_INPUT, the reason kept', async () => {
    const report = await extractBytes(input(readFileSync(join(FIXTURES, 'bad', 'whitespace-only.txt'))));
    expect(report.extraction).toMatchObject({ status: 'failed', code: 'ERR_UNREADABLE_INPUT', reason: 'empty input' });
  });

  it('a reader refusing on a limit: its code reaches the report', async () => {
    const refuse = async () => { throw new UnreadableInputError('PDF refused: a bomb', 'ERR_INPUT_REFUSED'); };
    const report = await extractBytes(input(PDF), { readPdf: refuse });
    expect(report.extraction).toMatchObject({ status: 'failed', code: 'ERR_INPUT_REFUSED', reason: 'PDF refused: a bomb' });
    expect(report.source.format).toBe('pdf');
  });

  it('a defect (not an XxgkError) is ERR_INTERNAL and says it is ours', async () => {
    const defect = async () => { throw new TypeError('x is undefined'); };
    const report = await extractBytes(input(PDF), { readPdf: defect });
    expect(report.extraction).toMatchObject({ status: 'failed', code: 'ERR_INTERNAL', reason: `${INTERNAL_ERROR}: x is undefined` });
  });

  it('a report that was read has no code', async () => {
    const report = await extractBytes(input(new TextEncoder().encode('<html><body><p>某县2024年政府信息公开工作年度报告</p></body></html>')));
    expect(report.extraction.code).toBeUndefined();
  });
});

describe('the worker pool wraps only its own failures', () => {
  it('a task that meets a defect comes back as a value with ERR_INTERNAL', async () => {
    expect(await runTask({ kind: 'read-pdf', bytes: 'not bytes' as unknown as Uint8Array })).toMatchObject({ failure: { code: 'ERR_INTERNAL' } });
  });

  it('an unreadable PDF comes back with its reason and code', async () => {
    expect(await runTask({ kind: 'read-pdf', bytes: PDF })).toMatchObject({ failure: { code: 'ERR_UNREADABLE_INPUT' } });
  });

  it('through the pool: a defect is an XxgkError ERR_INTERNAL, not an unreadable input', async () => {
    const error = await readPdfInWorker('not bytes' as unknown as Uint8Array).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(XxgkError);
    expect(error).not.toBeInstanceOf(UnreadableInputError);
    expect((error as XxgkError).code).toBe('ERR_INTERNAL');
  });

  it('through the pool: an unreadable PDF keeps its reason and code', async () => {
    const error = await readPdfInWorker(PDF).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnreadableInputError);
    expect((error as XxgkError).code).toBe('ERR_UNREADABLE_INPUT');
  });
});

describe('codes of inputs that cannot be loaded', () => {
  it('a missing file: ERR_NO_SUCH_INPUT', async () => {
    await expect(loadInput(join(FIXTURES, 'no-such-file.html'))).rejects.toMatchObject({ code: 'ERR_NO_SUCH_INPUT', message: /^no such file: / });
  });

  it('input past the size limit: ERR_INPUT_TOO_LARGE before it is parsed', async () => {
    await expect(readDocument(new Uint8Array(64 * 1024 * 1024 + 1).fill(0x41))).rejects.toMatchObject({ code: 'ERR_INPUT_TOO_LARGE' });
  });
});
