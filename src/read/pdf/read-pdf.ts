/**
 * PDF bytes → ReadDocument, in the calling thread. pdf.js (legacy build, for Node) parses
 * synchronously inside its "fake worker", so callers run this in a worker thread (pool.ts).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ReadDocument } from '../document.js';
import { assemblePages } from './assemble.js';
import { readPageContent, type PageContent } from './page-content.js';
import { DigitShapes } from '../ocr/glyphs.js';
import { ocrPdfPage } from '../ocr/pdf-page.js';
import { pdfStreamBreach } from './streams.js';
import { MAX_OCR_PAGES, MAX_PDF_PAGES } from '../../limits.js';
import type { XxgkErrorCode } from '../../errors.js';

/** Time spent on OCR of scanned pages (at most MAX_OCR_PAGES): a 300-page scan gives its first pages, with a note, within the per-document limit. */
const OCR_TIME_BUDGET_MS = 45_000;

export interface ReadPdfOptions {
  /** Time for OCR of scanned pages, after which the rest are left out with a note (keep it under the task's time limit). */
  ocrBudgetMs?: number;
}

const PDFJS_DIR = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/** A reason the PDF cannot be read; the message is shown to the user. */
export interface PdfFailure {
  failed: string;
  /** The stable code of the failure (ERR_UNREADABLE_INPUT unless a limit refused it). */
  code: XxgkErrorCode;
}

export async function readPdfDocument(bytes: Uint8Array, options: ReadPdfOptions = {}): Promise<ReadDocument | PdfFailure> {
  const ocrBudgetMs = options.ocrBudgetMs ?? OCR_TIME_BUDGET_MS;
  const bomb = pdfStreamBreach(bytes);
  if (bomb) return { failed: `PDF refused: ${bomb}`, code: 'ERR_INPUT_REFUSED' };
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
      return { failed: describeLoadError(error as Error), code: 'ERR_UNREADABLE_INPUT' };
    }
    const pageCount = pdf.numPages;
    const pages: PageContent[] = [];
    const notes: string[] = [];
    const last = Math.min(pageCount, MAX_PDF_PAGES);
    if (pageCount > last) notes.push(`the PDF has ${pageCount} pages; only the first ${last} were read`);
    let ocrStart = Date.now();
    let ocrPages = 0;
    // The scanned pages' digit shapes, learnt over the document: one font throughout.
    const shapes = new DigitShapes();
    const skipped: number[] = [];
    for (let n = 1; n <= last; n++) {
      try {
        const page = await pdf.getPage(n);
        let content = await readPageContent(page);
        if (isScannedPage(content)) {
          // A scan (or a scanned page inside a text PDF): rendered and recognised, within a page cap and a time budget.
          // The first scanned page is always read: a budget shorter than one page still gives a page.
          if (ocrPages === 0) ocrStart = Date.now();
          if (ocrPages < MAX_OCR_PAGES && (ocrPages === 0 || Date.now() - ocrStart < ocrBudgetMs)) {
            const ocr = await ocrPdfPage(page, n, shapes, content.imageDpi);
            content = ocr.content;
            if (Math.abs(ocr.skew) >= 0.05) notes.push(`page ${n} was deskewed by ${ocr.skew}°`);
            ocrPages++;
          } else skipped.push(n);
        }
        pages.push(content);
        page.cleanup();
      } catch (error) {
        notes.push(`page ${n} could not be read: ${(error as Error).message}`);
      }
    }
    if (pages.length === 0) return { failed: 'corrupt PDF: no page could be read', code: 'ERR_UNREADABLE_INPUT' };
    if (skipped.length > 0) {
      notes.push(`${skipped.length} scanned page(s) were not OCR'd (pages ${skipped[0]}–${skipped[skipped.length - 1]}): at most ${MAX_OCR_PAGES} pages or ${Math.round(ocrBudgetMs / 1000)} s of OCR per document`);
    }
    const { info } = await pdf.getMetadata().catch(() => ({ info: {} as Record<string, unknown> }));
    const properties: Record<string, string> = {};
    for (const [key, value] of Object.entries((info ?? {}) as Record<string, unknown>)) {
      if (typeof value === 'string' && value.trim()) properties[`pdf:${key}`] = value.trim();
    }
    const assembled = assemblePages(pages);
    const fromOcr = assembled.tables.some((table) => table.cells.some((cell) => cell.confidence !== undefined));
    if (ocrPages === 0 && skipped.length > 0) return { failed: `image-only PDF: ${notes[notes.length - 1]}`, code: 'ERR_UNREADABLE_INPUT' };
    const doc: ReadDocument = { format: 'pdf', method: fromOcr ? 'pdf-ocr' : 'pdf-text', ...assembled, properties, pageCount };
    if (properties['pdf:Title']) doc.title = properties['pdf:Title'];
    if (notes.length > 0) doc.notes = notes;
    return doc;
  } finally {
    await task.destroy();
  }
}

/** A page with (almost) no text layer, mostly covered by images: a scan. */
function isScannedPage(page: PageContent): boolean {
  return page.glyphs.length < 20 && page.imageCover > 0.3;
}

function describeLoadError(error: Error): string {
  if (error.name === 'PasswordException') return 'encrypted PDF: a password is required to open it';
  if (error.name === 'InvalidPDFException') return `corrupt or truncated PDF (${error.message})`;
  return `unreadable PDF: ${error.message}`;
}
