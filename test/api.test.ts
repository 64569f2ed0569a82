/** The public API (src/index.ts) from the sources: what a script calls. */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extract, extractMany, readDocument, XxgkError } from '../src/index.js';
import { SAMPLES } from './helpers.js';

const HTML = join(SAMPLES, 'dazhu-gov-2024-trs.html');
const PDF = join(SAMPLES, 'pingyang-wjw-2024-portrait.pdf');
const total = (path: string) => JSON.parse(readFileSync(path.replace(/\.\w+$/, '.expected.json'), 'utf8')).figures.applications.newReceived.total as number;
const figure = (report: { figures: unknown }) => (report.figures as { applications: { newReceived: { total: number | null } } }).applications.newReceived.total;

let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/report.html') response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(HTML));
    else response.writeHead(404).end('not here');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe('extract', () => {
  it('a path, a file: URL and the bytes give the same figures', async () => {
    const fromPath = await extract(HTML);
    expect(figure(fromPath)).toBe(total(HTML));
    expect(figure(await extract(pathToFileURL(HTML)))).toBe(total(HTML));
    const fromBytes = await extract(readFileSync(HTML));
    expect(fromBytes.figures).toEqual(fromPath.figures);
  });

  it('a PDF in the calling thread', async () => {
    const report = await extract(readFileSync(PDF));
    expect(report.source.format).toBe('pdf');
    expect(figure(report)).toBe(total(PDF));
  });

  it('an http address (its own host may be loopback), with the address as the source', async () => {
    const report = await extract(`${base}/report.html`);
    expect(report.source.url).toBe(`${base}/report.html`);
    expect(figure(report)).toBe(total(HTML));
  });

  it('an address that answers 404 rejects with ERR_HTTP_STATUS and the status', async () => {
    const error = await extract(`${base}/gone.html`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(XxgkError);
    expect(error).toMatchObject({ code: 'ERR_HTTP_STATUS', status: 404 });
  });

  it('a missing file rejects with ERR_NO_SUCH_INPUT', async () => {
    await expect(extract(join(SAMPLES, 'no-such-report.html'))).rejects.toMatchObject({ code: 'ERR_NO_SUCH_INPUT' });
  });

  it('unreadable bytes give a failed report with its code, not a rejection', async () => {
    const report = await extract(new Uint8Array([0, 1, 2, 3, 0, 0, 7]));
    expect(report.extraction).toMatchObject({ status: 'failed', code: 'ERR_UNREADABLE_INPUT' });
  });
});

describe('extractMany', () => {
  it('reports in the order of the inputs, read in worker threads', async () => {
    const reports = await extractMany([PDF, readFileSync(HTML), new Uint8Array(0)], { threads: 2 });
    expect(reports.map(figure)).toEqual([total(PDF), total(HTML), null]);
    expect(reports[2]!.extraction.code).toBe('ERR_UNREADABLE_INPUT');
  }, 60_000);
});

describe('readDocument', () => {
  it('gives the tables of a document as cell grids', async () => {
    const doc = await readDocument(readFileSync(HTML));
    expect(doc.format).toBe('html');
    expect(doc.tables.length).toBeGreaterThanOrEqual(3);
  });
});
