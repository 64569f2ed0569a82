/** A scanned PDF page → page content: its scan drawn in grey (or the page rendered by pdf.js onto @napi-rs/canvas), then OCR. */
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { multiply, type Matrix } from '../pdf/geometry.js';
import { OP, walkOperators } from '../pdf/page-content.js';
import { loadCanvas, takeGray } from './canvas.js';
import type { DigitShapes } from './glyphs.js';
import { ocrPage, type OcrPage } from './page.js';
import { characterHeight, grayFromColor, resize, type GrayImage } from './raster.js';

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
  // The page's decoded images (a 300-dpi scan: 27 MB of RGB) are not needed while it is read.
  page.cleanup();
  return ocrPage(gray, number, dpi, shapes, imageDpi);
}

/** The page in grey at `dpi`: drawn straight from its scan's pixels where it can be, else rendered. */
async function render(page: PDFPageProxy, dpi: number): Promise<GrayImage> {
  return (await drawScan(page, dpi)) ?? renderOnCanvas(page, dpi);
}

/** The page rendered by pdf.js onto a canvas, in grey at `dpi`. */
export async function renderOnCanvas(page: PDFPageProxy, dpi: number): Promise<GrayImage> {
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

/**
 * Operators that paint nothing and leave the placement of images alone: graphics and text state,
 * colours, clipping, marked content, resource dependencies. A page with any other (text shown,
 * paths painted, masks, shadings, forms, inline images) is rendered.
 */
const INERT: ReadonlySet<number> = new Set([1, 2, 3, 4, 5, 6, 7, 8, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 67, 68, 69, 70, 71, 72, 73, 92, 93]);
/** pdf.js's decoded image data (ImageKind: 1 = 1 bit grey, 2 = RGB, 3 = RGBA). */
interface DecodedImage {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray;
  /** The image's /Interpolate. */
  interpolate?: boolean;
}

/**
 * A page that paints only images placed upright (a scanner's page: one image, or strips), drawn
 * in grey straight from the pixels pdf.js decoded, resized to `dpi` as pdf.js would. Null when
 * the page needs a renderer. Why not the canvas: it costs a thread two full RGBA copies at once
 * (pdf.js paints the image onto a scratch canvas of its own size first, 37 MB for an A4 page at
 * 300 dpi, then onto the page's canvas), most of what two threads reading scans peaked at.
 */
export async function drawScan(page: PDFPageProxy, dpi: number): Promise<GrayImage | null> {
  const operators = await page.getOperatorList();
  const viewport = page.getViewport({ scale: dpi / 72 });
  const device = viewport.transform as Matrix;
  const placed: { id: string; m: Matrix }[] = [];
  const imagesOnly = walkOperators(operators.fnArray, operators.argsArray as unknown[][], (fn, args, ctm) => {
    if (fn === OP.paintImageXObject) placed.push({ id: String(args[0]), m: multiply(device, ctm) });
    else if (fn === OP.constructPath ? args[0] !== OP.endPath : fn === OP.setGState ? !opaque(args) : !INERT.has(fn)) return false;
  });
  if (!imagesOnly || placed.length === 0) return null;
  const width = Math.ceil(viewport.width);
  const height = Math.ceil(viewport.height);
  const out = new Uint8Array(width * height).fill(255);
  for (const { id, m } of placed) {
    // Upright: no rotation or shear (a quarter-turned page is rendered).
    if (Math.abs(m[1]) > 1e-6 * Math.abs(m[0]) || Math.abs(m[2]) > 1e-6 * Math.abs(m[3])) return null;
    const image = await decodedImage(page, id);
    const gray = image && grayOfDecoded(image);
    if (!gray) return null;
    // The unit square's top (v = 1) holds the image's first row; device y runs down the page.
    // Its corners rounded to whole pixels, as pdf.js paints images (no seams between strips).
    const x0 = Math.round(Math.min(m[4], m[4] + m[0]));
    const x1 = Math.round(Math.max(m[4], m[4] + m[0]));
    const y0 = Math.round(Math.min(m[5], m[5] + m[3]));
    const y1 = Math.round(Math.max(m[5], m[5] + m[3]));
    if (x1 <= x0 || y1 <= y0) continue;
    // Smoothed as pdf.js paints it: when the image asks for it, or is enlarged no more than a
    // CSS pixel a point (96/72); beyond that its pixels are enlarged as they are (a 96-dpi scan
    // read smoothed lost its year: the 91-dpi xuyi sample).
    const smooth = image.interpolate === true || Math.max(Math.abs(m[0]) / gray.width, Math.abs(m[3]) / gray.height) <= Math.fround(96 / 72);
    const sized = resize(flip(gray, m[0] < 0, m[3] > 0), x1 - x0, y1 - y0, { filter: smooth ? 'bilinear' : 'nearest' });
    for (let y = Math.max(0, y0); y < Math.min(height, y1); y++) {
      const from = (y - y0) * sized.width;
      out.set(sized.data.subarray(from + Math.max(0, -x0), from + Math.min(sized.width, width - x0)), y * width + Math.max(0, x0));
    }
  }
  return { width, height, data: out };
}

/** A graphics state that leaves images opaque and unblended (no soft mask, alpha or blend mode). */
function opaque(args: unknown[]): boolean {
  const entries = (args[0] ?? []) as [string, unknown][];
  return entries.every(([key, value]) => (key !== 'SMask' || !value) && (key !== 'ca' || value === 1) && (key !== 'BM' || value === 'source-over' || value === 'Normal'));
}

/** The pixels pdf.js decoded for an image of the page (page objects, or document-wide ones named `g_…`). */
function decodedImage(page: PDFPageProxy, id: string): Promise<DecodedImage | null> {
  const objects = id.startsWith('g_') ? page.commonObjs : page.objs;
  return new Promise((resolve) => objects.get(id, (data: unknown) => resolve((data as DecodedImage | null) ?? null)));
}

function grayOfDecoded(image: DecodedImage): GrayImage | null {
  const { width, height, kind, data } = image;
  if (!data || !width || !height) return null;
  if (kind === 2 || kind === 3) return data.length >= width * height * (kind + 1) ? grayFromColor(data, width, height, kind === 2 ? 3 : 4) : null;
  if (kind !== 1) return null;
  // One bit a pixel, rows padded to whole bytes; pdf.js has already applied the image's decode: 1 is white.
  const rowBytes = (width + 7) >> 3;
  if (data.length < rowBytes * height) return null;
  const gray = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) gray[y * width + x] = (data[y * rowBytes + (x >> 3)]! >> (7 - (x & 7))) & 1 ? 255 : 0;
  }
  return { width, height, data: gray };
}

/** The image mirrored left to right and/or top to bottom (a page that places its scan mirrored). */
function flip(image: GrayImage, across: boolean, down: boolean): GrayImage {
  if (!across && !down) return image;
  const { width, height } = image;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = (down ? height - 1 - y : y) * width;
    for (let x = 0; x < width; x++) data[y * width + x] = image.data[row + (across ? width - 1 - x : x)]!;
  }
  return { width, height, data };
}
