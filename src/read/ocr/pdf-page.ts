/** A scanned PDF page → page content, by rendering it (pdf.js onto @napi-rs/canvas) and OCR. */
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { loadCanvas, takeGray } from './canvas.js';
import type { DigitShapes } from './glyphs.js';
import { ocrPage, type OcrPage } from './page.js';
import { characterHeight, type GrayImage } from './raster.js';

/**
 * Scans are rendered at 200 dpi: cells are scaled for recognition anyway, and the pixel work (and
 * memory: 90 MB more a thread) at 300 costs twice as much. A page in small type whose scan has
 * more is rendered again at its own resolution, up to 300 dpi: a 300-dpi scan of small type at
 * 200 lost a third of its pixels (digits 14 pixels high instead of 21, where tesseract drops and
 * merges them). Larger pages (A3, posters) are held to 3600 pixels a side.
 */
const RENDER_DPI = 200;
const MOST_DPI = 300;
const MAX_SIDE = 3600;
/** Characters under this (in points of ink, about an 8-pt font) are small type. */
const SMALL_TYPE_PT = 7;

/** Renders and reads a scanned page; `shapes`: the document's digit shapes so far (see ocrPage); `imageDpi`: its scan's resolution, when known. */
export async function ocrPdfPage(page: PDFPageProxy, number: number, shapes?: DigitShapes, imageDpi?: number): Promise<OcrPage> {
  const base = page.getViewport({ scale: 1 });
  const largest = (MAX_SIDE / Math.max(base.width, base.height)) * 72;
  let dpi = Math.min(RENDER_DPI, largest);
  let gray = await render(page, dpi);
  const sharper = Math.min(MOST_DPI, largest, Math.round(imageDpi ?? 0));
  const height = sharper > dpi * 1.2 ? characterHeight(gray) : null;
  if (height !== null && (height / dpi) * 72 < SMALL_TYPE_PT) {
    dpi = sharper;
    gray = await render(page, dpi);
  }
  return ocrPage(gray, number, dpi, shapes);
}

async function render(page: PDFPageProxy, dpi: number): Promise<GrayImage> {
  const viewport = page.getViewport({ scale: dpi / 72 });
  const width = Math.ceil(viewport.width);
  const height = Math.ceil(viewport.height);
  const { createCanvas } = await loadCanvas();
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  // pdf.js's types name the DOM canvas; @napi-rs/canvas implements the same 2D API.
  await page.render({ canvasContext: context as unknown as CanvasRenderingContext2D, canvas: canvas as unknown as HTMLCanvasElement, viewport }).promise;
  return takeGray(canvas);
}
