/**
 * DOCX reader: Word's XML to HTML with mammoth (tables keep their row and column spans), then
 * the HTML reader: one table model for every format.
 */
import mammoth from 'mammoth';
import { type ReadDocument, UnreadableInputError } from './document.js';
import { readHtml } from './html.js';

/** A ZIP holds a Word document when it has word/document.xml (named in its central directory). */
export function isDocx(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('word/document.xml');
}

export async function readDocx(bytes: Uint8Array): Promise<ReadDocument> {
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) })).value;
  } catch (error) {
    throw new UnreadableInputError(`corrupt DOCX: ${(error as Error).message}`);
  }
  const doc = readHtml(html);
  return { ...doc, format: 'docx', method: 'docx' };
}
