/**
 * A picture (a scanned page, or a table pasted into a report page as an image) → ReadDocument,
 * through the PDF reader's assembler: the OCR'd page is laid out like a text PDF's page.
 */
import type { ReadDocument } from '../document.js';
import { assemblePages } from '../pdf/assemble.js';
import { decodeImage } from './image.js';
import { ocrPage } from './page.js';
import { CHARACTER_INK_PT, characterHeight, scale, type GrayImage } from './raster.js';

/**
 * The resolution a picture is taken to have: it carries none to trust. At least 96 dpi (screenshots
 * and pictures in pages), or an A4 page's width (a scan of a page); more when its characters say so.
 * A picture cut to its table is narrow, but its text is printed at the size of a report's (about
 * 10.5 pt, ink about CHARACTER_INK_PT high): taken at the page width's resolution, the strokes of
 * its characters would be long enough to pass for ruling lines.
 */
function assumedDpi(image: GrayImage): number {
  const byPage = Math.max(96, Math.round(Math.min(image.width, image.height) / 8.27));
  const height = characterHeight(image);
  if (height === null) return byPage;
  return Math.min(600, Math.max(byPage, Math.round((height / CHARACTER_INK_PT) * 72)));
}

/**
 * A picture below SCREEN_DPI (a screenshot: 9-pt digits 10 pixels high at 120 dpi, their thin
 * strokes broken apart, blobs no longer counting digits) is enlarged towards PICTURE_DPI before
 * it is read; its figures are still doubtful below 10 pixels of its own (see page.ts). Not above:
 * at 150 dpi enlarging blurs specks into points and shapes into others (two figures of the
 * Dazhu table pictures lost).
 */
const SCREEN_DPI = 125;
const PICTURE_DPI = 200;
/** The most pixels a picture is enlarged to (an A4 page at 300 dpi is 8.7 million). */
const MAX_ENLARGED_PIXELS = 16_000_000;

/** Reads an image file; a picture with no ruled table in it still gives its text, with a note. */
export async function readImageDocument(bytes: Uint8Array): Promise<ReadDocument> {
  const image = await decodeImage(bytes);
  const dpi = assumedDpi(image);
  const room = Math.floor(Math.sqrt(MAX_ENLARGED_PIXELS / (image.width * image.height)));
  const factor = dpi < SCREEN_DPI ? Math.max(1, Math.min(3, room, Math.ceil(PICTURE_DPI / dpi))) : 1;
  const { content, skew } = factor > 1 ? await ocrPage(scale(image, factor), 1, dpi * factor, undefined, dpi) : await ocrPage(image, 1, dpi);
  const doc: ReadDocument = { format: 'image', method: 'image-ocr', ...assemblePages([content]), properties: {}, pageCount: 1 };
  const notes: string[] = [];
  if (Math.abs(skew) >= 0.05) notes.push(`the picture was deskewed by ${skew}°`);
  if (doc.tables.length === 0) notes.push('the picture holds no ruled table: only its text was read');
  if (notes.length > 0) doc.notes = notes;
  return doc;
}
