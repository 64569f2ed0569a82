/**
 * A crawled report page's tables pasted as pictures: each picture is fetched as politely as any
 * page (robots.txt, the host's delay, the fetcher's retries and backoff, the address guard),
 * stored in raw/ by content, and recorded in the crawl state, so that a rerun after a kill reads
 * it from raw/ instead of fetching it again. A picture that cannot be had gives a reason, which
 * the report carries as a warning; the others are read all the same.
 */
import type { XxgkErrorCode } from '../errors.js';
import { readRawFile, writeRawFile } from '../store/raw.js';
import { rawExtension } from '../formats.js';
import { MAX_PAGE_PICTURE_BYTES, MAX_PAGE_PICTURES } from '../limits.js';
import { isTransientFailure, type CrawlState, type PictureRecord } from '../store/state.js';
import { sha256Hex, type SourcePicture } from '../output/report.js';
import { picturesOf, type LoadedPicture } from '../pipeline/pictures.js';
import { sniffFormat } from '../read/index.js';
import type { InputBytes, LinkHints } from '../pipeline/extract.js';
import { extractSerializedInWorker } from '../pipeline/pool.js';
import type { Fetcher } from './fetcher.js';
import type { RequestSlot } from './hosts.js';
import type { RobotsCache } from './robots.js';

/** What fetching a page's pictures needs of the crawl. */
export interface PictureFetchContext {
  fetcher: Fetcher;
  robots: Pick<RobotsCache, 'check'>;
  /** A paced request slot for a host (HostQueues.slot): the page's own task holds its host's queue. */
  slot: (host: string) => RequestSlot;
  state: CrawlState;
  outDir: string;
  signal?: AbortSignal;
}

/** A report page as fetched. */
export interface PicturePage {
  url: string;
  finalUrl: string;
  bytes: Uint8Array;
  charset: string | null;
}

export interface PagePictures {
  /** For the extraction (InputBytes.pictures), in the page's order. */
  loaded: LoadedPicture[];
  /** For the report (source.pictures). */
  source: SourcePicture[];
  /** Stopped by the signal before every picture was had: the page is to be processed again. */
  interrupted: boolean;
  /** Requests made (a picture read from raw/ makes none). */
  fetched: number;
}

/**
 * Extracts a report in the worker pool; an HTML page that does not give a whole report, and has
 * pictures in its body, is read again with its pictures (fetched, or read from raw/). Pages with
 * their tables in HTML (most) are not parsed on the main thread and their banners are never fetched.
 * 'interrupted': the signal stopped the pictures' fetching (the page is to be processed again).
 */
export async function extractWithPictures(
  context: PictureFetchContext, input: InputBytes, hints: LinkHints, timeLimitMs?: number,
): Promise<Awaited<ReturnType<typeof extractSerializedInWorker>> | 'interrupted'> {
  const first = await extractSerializedInWorker(input, hints, timeLimitMs);
  if ('error' in first || first.summary.status === 'ok' || first.summary.format !== 'html') return first;
  const { url, finalUrl } = input.source;
  if (!url) return first;
  const pictures = await loadPagePictures(context, { url, finalUrl: finalUrl ?? url, bytes: input.bytes, charset: input.read.headerCharset ?? null });
  if (!pictures) return first;
  if (pictures.interrupted) return 'interrupted';
  return extractSerializedInWorker({ ...input, pictures: pictures.loaded, source: { ...input.source, pictures: pictures.source } }, hints, timeLimitMs);
}

/**
 * Loads the candidate table pictures of a report page (none for a page without any: null).
 * Pictures already stored for an earlier run are read from raw/; a picture that failed for good
 * (404, not an image, too large, robots.txt) is not asked for again.
 */
export async function loadPagePictures(context: PictureFetchContext, page: PicturePage): Promise<PagePictures | null> {
  // Most report pages hold no picture in their body: a page without any <img> is not parsed here
  // (the main thread's time is the network's).
  const raw = Buffer.from(page.bytes.buffer, page.bytes.byteOffset, page.bytes.byteLength);
  if (raw.indexOf('<img') < 0 && raw.indexOf('<IMG') < 0 && raw.indexOf('<Img') < 0) return null;
  const sources = [...new Set(picturesOf(page.bytes, page.charset ?? undefined))];
  if (sources.length === 0) return null;
  const result: PagePictures = { loaded: [], source: [], interrupted: false, fetched: 0 };
  for (const src of sources.slice(0, MAX_PAGE_PICTURES)) {
    if (context.signal?.aborted) {
      result.interrupted = true;
      break;
    }
    let url: string;
    try {
      url = new URL(src, page.finalUrl).href;
    } catch {
      add(result, src, null, { error: 'not a URL' });
      continue;
    }
    if (!/^https?:/i.test(url)) {
      add(result, src, url, { error: 'not an http(s) address' });
      continue;
    }
    const had = await storedPicture(context, url);
    if (had) {
      add(result, src, url, had);
      continue;
    }
    const got = await fetchPicture(context, url, page.url);
    if (got.requested) result.fetched++;
    add(result, src, url, got.outcome);
  }
  return result;
}

type PictureOutcome = { bytes: Uint8Array; file: string; sha256: string } | { error: string };

function add(result: PagePictures, src: string, url: string | null, outcome: PictureOutcome): void {
  if ('error' in outcome) {
    result.loaded.push({ src, error: outcome.error });
    result.source.push({ src, url, file: null, sha256: null, error: outcome.error });
  } else {
    result.loaded.push({ src, bytes: outcome.bytes });
    result.source.push({ src, url, file: outcome.file, sha256: outcome.sha256 });
  }
}

/** A picture stored by an earlier fetch (its bytes from raw/), or its lasting failure; null: to fetch. */
async function storedPicture(context: PictureFetchContext, url: string): Promise<PictureOutcome | null> {
  const record = await context.state.picture(url);
  if (!record) return null;
  if (record.file && record.sha256) {
    const bytes = await readRawFile(context.outDir, record.file).catch(() => null);
    // A stored copy deleted by hand: fetched again.
    return bytes && sha256Hex(bytes) === record.sha256 ? { bytes, file: record.file, sha256: record.sha256 } : null;
  }
  return record.reason && !isTransientFailure({ code: record.code ?? null, reason: record.reason, httpStatus: null }) ? { error: record.reason } : null;
}

async function fetchPicture(context: PictureFetchContext, url: string, page: string): Promise<{ outcome: PictureOutcome; requested: boolean }> {
  const request = context.slot(new URL(url).host);
  const record: PictureRecord = { url, page, sha256: null, file: null, contentType: null, fetchedAt: null, etag: null, lastModified: null, reason: null };
  const fail = async (reason: string, code: XxgkErrorCode, requested: boolean) => {
    await context.state.recordPicture({ ...record, reason, code });
    return { outcome: { error: reason }, requested };
  };
  const verdict = await context.robots.check(url, request);
  if (!verdict.allowed) return fail(verdict.reason ?? 'robots.txt disallows it', verdict.code ?? 'ERR_ROBOTS_DISALLOWED', false);
  const outcome = await request(() => context.fetcher.fetch(url));
  if (!outcome.ok) return fail(outcome.reason, outcome.code, true);
  const { bytes } = outcome.resource;
  if (bytes.length > MAX_PAGE_PICTURE_BYTES) return fail(`picture too large (${bytes.length} bytes, limit ${MAX_PAGE_PICTURE_BYTES})`, 'ERR_INPUT_TOO_LARGE', true);
  const format = sniffFormat(bytes);
  if (format !== 'image') return fail(`not a picture (the address answers ${format === 'html' ? 'a page' : format})`, 'ERR_NOT_CONTENT', true);
  const sha256 = sha256Hex(bytes);
  const file = await writeRawFile(context.outDir, sha256, rawExtension('image'), bytes);
  await context.state.recordPicture({
    ...record, sha256, file, contentType: outcome.resource.contentType, fetchedAt: outcome.resource.fetchedAt,
    etag: outcome.resource.etag ?? null, lastModified: outcome.resource.lastModified ?? null,
  });
  return { outcome: { bytes, file, sha256 }, requested: true };
}
