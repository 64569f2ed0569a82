/**
 * A picture (a scanned page, or a table pasted into a report page as an image) → ReadDocument,
 * through the PDF reader's assembler: the OCR'd page is laid out like a text PDF's page.
 */
import type { ReadDocument } from '../document.js';
import { assemblePages } from '../pdf/assemble.js';
import { decodeImage } from './image.js';
import { ocrPage } from './page.js';
import { CHARACTER_INK_PT, characterHeight, type GrayImage } from './raster.js';

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

/** Reads an image file; a picture with no ruled table in it still gives its text, with a note. */
export async function readImageDocument(bytes: Uint8Array): Promise<ReadDocument> {
  const image = await decodeImage(bytes);
  const { content, skew } = await ocrPage(image, 1, assumedDpi(image));
  const doc: ReadDocument = { format: 'image', method: 'image-ocr', ...assemblePages([content]), properties: {}, pageCount: 1 };
  const notes: string[] = [];
  if (Math.abs(skew) >= 0.05) notes.push(`the picture was deskewed by ${skew}°`);
  if (doc.tables.length === 0) notes.push('the picture holds no ruled table: only its text was read');
  if (notes.length > 0) doc.notes = notes;
  return doc;
}
