/** Worker-thread entry: one PDF in, its ReadDocument (or the reason it failed) out. */
import { readPdfDocument } from './read-pdf.js';

export default async function readPdfTask(bytes: Uint8Array) {
  return readPdfDocument(bytes);
}
