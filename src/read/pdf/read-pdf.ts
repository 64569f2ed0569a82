/**
 * PDF bytes → ReadDocument, in the calling thread. pdf.js (legacy build, for Node) parses
 * synchronously inside its "fake worker", so callers run this in a worker thread (pool.ts).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ReadDocument } from '../document.js';
import { assemblePages } from './assemble.js';
import { readPageContent, type PageContent } from './page-content.js';
import { pdfStreamBreach } from './streams.js';

/** Pages read at most: annual reports run to 20; a 200-page compilation is cut off, with a note. */
export const MAX_PDF_PAGES = 80;

const PDFJS_DIR = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** A reason the PDF cannot be read; the message is shown to the user. */
export interface PdfFailure {
  failed: string;
}

export async function readPdfDocument(bytes: Uint8Array): Promise<ReadDocument | PdfFailure> {
  const bomb = pdfStreamBreach(bytes);
  if (bomb) return { failed: `PDF refused: ${bomb}` };
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    // pdf.js takes ownership of the buffer it is given: hand it a copy.
    data: new Uint8Array(bytes),
    // Without the CMaps, text in non-embedded CID fonts (common in Chinese PDFs) vanishes silently.
    cMapUrl: join(PDFJS_DIR, 'cmaps') + '/',
    cMapPacked: true,
    standardFontDataUrl: join(PDFJS_DIR, 'standard_fonts') + '/',
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
  });
  try {
    let pdf;
    try {
      pdf = await task.promise;
    } catch (error) {
      return { failed: describeLoadError(error as Error) };
    }
    const pageCount = pdf.numPages;
    const pages: PageContent[] = [];
    const notes: string[] = [];
    const last = Math.min(pageCount, MAX_PDF_PAGES);
    if (pageCount > last) notes.push(`the PDF has ${pageCount} pages; only the first ${last} were read`);
    for (let n = 1; n <= last; n++) {
      try {
        const page = await pdf.getPage(n);
        pages.push(await readPageContent(page));
        page.cleanup();
      } catch (error) {
        notes.push(`page ${n} could not be read: ${(error as Error).message}`);
      }
    }
    if (pages.length === 0) return { failed: 'corrupt PDF: no page could be read' };
    const glyphCount = pages.reduce((n, page) => n + page.glyphs.length, 0);
    const imageCover = pages.reduce((n, page) => n + page.imageCover, 0) / pages.length;
    if (glyphCount < 20 * pages.length && imageCover > 0.3) {
      return { failed: 'image-only PDF: the pages are scanned images without a text layer (OCR is not supported yet)' };
    }
    const { info } = await pdf.getMetadata().catch(() => ({ info: {} as Record<string, unknown> }));
    const properties: Record<string, string> = {};
    for (const [key, value] of Object.entries((info ?? {}) as Record<string, unknown>)) {
      if (typeof value === 'string' && value.trim()) properties[`pdf:${key}`] = value.trim();
    }
    const doc: ReadDocument = { format: 'pdf', method: 'pdf-text', ...assemblePages(pages), properties, pageCount };
    if (properties['pdf:Title']) doc.title = properties['pdf:Title'];
    if (notes.length > 0) doc.notes = notes;
    return doc;
  } finally {
    await task.destroy();
  }
}

function describeLoadError(error: Error): string {
  if (error.name === 'PasswordException') return 'encrypted PDF: a password is required to open it';
  if (error.name === 'InvalidPDFException') return `corrupt or truncated PDF (${error.message})`;
  return `unreadable PDF: ${error.message}`;
}
