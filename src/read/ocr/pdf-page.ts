/** A scanned PDF page → page content, by rendering it (pdf.js onto @napi-rs/canvas) and OCR. */
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { loadCanvas } from './canvas.js';
import type { DigitShapes } from './glyphs.js';
import { ocrPage, type OcrPage } from './page.js';
import { grayFromRgba } from './raster.js';

/** Scans are rendered at 200 dpi: cells are scaled for recognition anyway, and the pixel work costs a third of 300 dpi. Larger pages (A3, posters) are held to 3600 pixels a side. */
const RENDER_DPI = 200;
const MAX_SIDE = 3600;

/** Renders and reads a scanned page; `shapes`: the document's digit shapes so far (see ocrPage). */
export async function ocrPdfPage(page: PDFPageProxy, number: number, shapes?: DigitShapes): Promise<OcrPage> {
  const base = page.getViewport({ scale: 1 });
  const dpi = Math.min(RENDER_DPI, (MAX_SIDE / Math.max(base.width, base.height)) * 72);
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
  const gray = grayFromRgba(context.getImageData(0, 0, width, height).data, width, height);
  return ocrPage(gray, number, dpi, shapes);
}
