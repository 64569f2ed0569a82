/**
 * Tables pasted into a report page as pictures: the HTML reader names the pictures of the
 * article body; here their bytes are found (beside a local file, or fetched next to a URL),
 * read by OCR, and their grids joined to the page's document in reading order.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fetchResource } from '../crawl/fetcher.js';
import { decodeHtml } from '../read/decode.js';
import { type ReadDocument, UnreadableInputError } from '../read/document.js';
import { readHtml } from '../read/html.js';
import { sniffFormat } from '../read/index.js';
import { sha256Hex, type SourcePicture } from '../output/report.js';
import { MAX_PAGE_PICTURES, MAX_PAGE_PICTURE_BYTES } from '../limits.js';

/** A picture's bytes as loaded (crossing to a worker thread), or why it could not be. */
export type LoadedPicture = { src: string; bytes: Uint8Array } | { src: string; error: string };

/** The sources of a page's candidate pictures, with where to load them from. */
export function picturesOf(bytes: Uint8Array, headerCharset?: string): string[] {
  if (sniffFormat(bytes) !== 'html') return [];
  const { text, charset } = decodeHtml(bytes, headerCharset);
  return (readHtml(text, charset).pictures ?? []).map((picture) => picture.src);
}

/**
 * Loads the candidate pictures of an HTML input: relative to the file for a local page, fetched
 * relative to the page's final URL for a fetched one. Failures are kept as reasons.
 */
export async function loadPictures(sources: string[], base: { localPath?: string | null; url?: string | null }): Promise<LoadedPicture[]> {
  const out: LoadedPicture[] = [];
  for (const src of [...new Set(sources)].slice(0, MAX_PAGE_PICTURES)) {
    try {
      if (base.url) {
        const fetched = await fetchResource(new URL(src, base.url).href);
        out.push(fetched.bytes.length > MAX_PAGE_PICTURE_BYTES ? { src, error: 'picture too large' } : { src, bytes: fetched.bytes });
      } else if (base.localPath && !/^[a-z][a-z0-9+.-]*:/i.test(src)) {
        const path = resolve(dirname(base.localPath), decodeURIComponent(src.split(/[?#]/)[0]!).replace(/^\/+/, ''));
        out.push({ src, bytes: await readFile(path) });
      } else out.push({ src, error: 'an address on the web, beside a local file: not fetched' });
    } catch (error) {
      out.push({ src, error: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found beside the page' : (error as Error).message });
    }
  }
  return out;
}

/**
 * The report's account of the pictures loaded for it (source.pictures), where the loader kept no
 * better one (the crawl records its stored copies itself): URLs resolved against the page's.
 */
export function sourcePictures(loaded: LoadedPicture[], pageUrl: string | null): SourcePicture[] {
  return loaded.map((picture) => {
    let url: string | null = null;
    try {
      url = pageUrl ? new URL(picture.src, pageUrl).href : null;
    } catch {
      // an src that is no URL: said by the loader's reason
    }
    return 'error' in picture
      ? { src: picture.src, url, file: null, sha256: null, error: picture.error }
      : { src: picture.src, url, file: null, sha256: sha256Hex(picture.bytes) };
  });
}

/**
 * Reads the loaded pictures by OCR and joins their tables (and text) to the document where the
 * pictures stand. A picture that is not a table, or cannot be read, gives a note.
 */
export async function joinPictureTables(doc: ReadDocument, loaded: LoadedPicture[], readImage: (bytes: Uint8Array) => Promise<ReadDocument>): Promise<void> {
  const pictures = doc.pictures ?? [];
  if (pictures.length === 0) return;
  const notes = (doc.notes ??= []);
  const bySrc = new Map(loaded.map((picture) => [picture.src, picture]));
  let inserted = 0;
  let read = 0;
  for (const picture of pictures) {
    const found = bySrc.get(picture.src);
    if (!found) continue;
    if ('error' in found) {
      notes.push(`picture ${picture.src}: ${found.error}`);
      continue;
    }
    let image: ReadDocument;
    try {
      image = await readImage(found.bytes);
    } catch (error) {
      if (!(error instanceof UnreadableInputError)) throw error;
      notes.push(`picture ${picture.src}: ${error.message}`);
      continue;
    }
    read++;
    if (image.tables.length === 0) {
      notes.push(`picture ${picture.src}: not a table (no ruled grid found in it)`);
      continue;
    }
    const blocks: ReadDocument['blocks'] = [];
    const renumber = new Map<number, number>();
    for (const table of image.tables) {
      const index = doc.tables.length + 1;
      renumber.set(table.index, index);
      doc.tables.push({ ...table, index });
    }
    for (const block of image.blocks) blocks.push(block.kind === 'table' ? { kind: 'table', table: renumber.get(block.table)! } : { kind: 'text', text: block.text });
    doc.blocks.splice(picture.afterBlock + inserted, 0, ...blocks);
    inserted += blocks.length;
    doc.method = 'image-ocr';
    for (const note of image.notes ?? []) if (!note.startsWith('the picture holds no')) notes.push(`picture ${picture.src}: ${note}`);
  }
  if (read === 0 && loaded.length === 0 && doc.tables.length === 0) notes.push(`${pictures.length} picture(s) in the page may be tables; they were not loaded`);
  if (notes.length === 0) delete doc.notes;
}
