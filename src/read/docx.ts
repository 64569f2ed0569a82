/**
 * DOCX reader: Word's XML to HTML with mammoth (tables keep their row and column spans), then
 * the HTML reader: one table model for every format.
 */
import mammoth from 'mammoth';
import { type ReadDocument, UnreadableInputError } from './document.js';
import { readHtml } from './html.js';
import { zipLimitBreach } from './zip-limits.js';

/** Parts a DOCX reader never opens: pictures and embedded objects. */
const MEDIA = /^word\/(media|embeddings)\//;

/** A ZIP holds a Word document when it has word/document.xml (named in its central directory). */
export function isDocx(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('word/document.xml');
}

export async function readDocx(bytes: Uint8Array): Promise<ReadDocument> {
  let html: string;
  try {
    const breach = await zipLimitBreach(bytes, MEDIA);
    if (breach) throw new UnreadableInputError(`DOCX refused: ${breach}`, 'ERR_INPUT_REFUSED');
    // Images are never read (their figures would need OCR): mammoth would inline them as base64.
    const options = { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) };
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }, options)).value;
  } catch (error) {
    if (error instanceof UnreadableInputError) throw error;
    throw new UnreadableInputError(`corrupt DOCX: ${(error as Error).message}`);
  }
  const doc = readHtml(html);
  return { ...doc, format: 'docx', method: 'docx' };
}
