/** Reads any supported input into a ReadDocument; the format is told by the bytes, not the file name. */
import { decodeHtml, decodeText } from './decode.js';
import { type ReadDocument, UnreadableInputError } from './document.js';
import { readHtml } from './html.js';
import { readText } from './text.js';
import { isDocx, readDocx } from './docx.js';
import { officeKind, readOffice } from './office.js';
import { zipLimitBreach } from './zip-limits.js';
import { MAX_INPUT_BYTES } from '../limits.js';
import { SOURCE_FORMAT_OF_SNIFFED, type SniffedFormat, type SourceFormat } from '../formats.js';
import { readPdfDocument } from './pdf/read-pdf.js';
import { readImageDocument } from './ocr/read-image.js';

export type { ReadDocument } from './document.js';
export { UnreadableInputError } from './document.js';

export type { SniffedFormat } from '../formats.js';


/** How to read an input: what its transport said of it, and the readers to use for PDFs and pictures. */
export interface ReadOptions {
  /** charset from an HTTP Content-Type header, when the input was fetched. */
  headerCharset?: string;
  /** MIME type from the HTTP header; only a hint. */
  contentType?: string;
  /** Time limit of the pipeline's worker pool for reading this input (a PDF, a picture), in ms. */
  readTimeLimitMs?: number;
  /** Reads a PDF; by default in the calling thread (the pipeline injects its worker pool, pipeline/pool.ts). */
  readPdf?: (bytes: Uint8Array) => Promise<ReadDocument>;
  /** Reads an image by OCR; by default in a worker thread, like PDFs. */
  readImage?: (bytes: Uint8Array) => Promise<ReadDocument>;
}

/** What the bytes are, from their first bytes (magic numbers, markup), never from a name. */
export function sniffFormat(bytes: Uint8Array): SniffedFormat {
  if (bytes.length === 0 || isBlank(bytes)) return 'empty';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return 'pdf'; // %PDF
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'zip'; // docx, xlsx
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) return 'ole'; // doc, xls, wps
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || startsWith(bytes, [0xff, 0xd8, 0xff]) || startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image';
  if (looksBinary(bytes.subarray(0, 4096))) return 'binary';
  const prefix = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 2048)).toString('latin1');
  if (/^\s*(\ufeff|\xef\xbb\xbf)?\s*</.test(prefix) && /<(!doctype|html|head|body|table|div|p|meta)[\s>]/i.test(prefix)) return 'html';
  if (/<(html|body|table)[\s>]/i.test(prefix)) return 'html';
  return 'text';
}

/**
 * The source format of an input as its bytes tell it, with the container opened far enough to
 * tell a DOCX from an XLSX and a DOC from an XLS (the crawler and `xxgk extract --out` store the
 * original under its extension); null for bytes that are no document.
 */
export function sourceFormatOf(bytes: Uint8Array): SourceFormat | null {
  const sniffed = sniffFormat(bytes);
  if (sniffed === 'zip') return isDocx(bytes) || officeKind(bytes) !== 'xls' ? 'docx' : 'xls';
  if (sniffed === 'ole') return officeKind(bytes);
  return SOURCE_FORMAT_OF_SNIFFED[sniffed];
}

/** Reads any supported input (HTML, PDF, DOCX, DOC/WPS/XLS/XLSX through LibreOffice, text, a picture by OCR). Throws an UnreadableInputError (with its code) when it cannot. */
export async function readDocument(bytes: Uint8Array, options: ReadOptions = {}): Promise<ReadDocument> {
  if (bytes.length > MAX_INPUT_BYTES) throw new UnreadableInputError(`input too large (${bytes.length} bytes, limit ${MAX_INPUT_BYTES})`, 'ERR_INPUT_TOO_LARGE');
  const format = sniffFormat(bytes);
  switch (format) {
    case 'empty':
      throw new UnreadableInputError('empty input');
    case 'html': {
      const { text, charset } = decodeHtml(bytes, options.headerCharset);
      return readHtml(text, charset);
    }
    case 'text': {
      const { text, charset } = decodeText(bytes, options.headerCharset);
      return readText(text, charset);
    }
    case 'pdf':
      return (options.readPdf ?? readPdfInThread)(bytes);
    case 'zip':
      if (isDocx(bytes)) return readDocx(bytes);
      if (officeKind(bytes) === 'xls') {
        const breach = await zipLimitBreach(bytes).catch(() => null); // one LibreOffice cannot open fails there, with its reason
        if (breach) throw new UnreadableInputError(`XLSX refused: ${breach}`, 'ERR_INPUT_REFUSED');
        return readOffice(bytes, 'xlsx');
      }
      throw new UnreadableInputError('ZIP container that is neither a Word document nor a workbook');
    case 'ole':
      // DOC, WPS (saved in Word's format) and XLS: through LibreOffice.
      return readOffice(bytes, officeKind(bytes) === 'xls' ? 'xls' : 'doc');
    case 'image':
      return (options.readImage ?? readImageDocument)(bytes);
    case 'binary':
      throw new UnreadableInputError('binary input that is neither HTML, PDF nor text');
  }
}

/** Reads a PDF in the calling thread (OCR of scanned pages within `ocrBudgetMs`); a reason becomes an UnreadableInputError. */
export async function readPdfInThread(bytes: Uint8Array, ocrBudgetMs?: number): Promise<ReadDocument> {
  const doc = await readPdfDocument(bytes, ocrBudgetMs === undefined ? {} : { ocrBudgetMs });
  if ('failed' in doc) throw new UnreadableInputError(doc.failed, doc.code);
  return doc;
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((byte, i) => bytes[i] === byte);
}

function isBlank(bytes: Uint8Array): boolean {
  const limit = Math.min(bytes.length, 4096);
  for (let i = 0; i < limit; i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  }
  return bytes.length <= limit;
}

/** NUL bytes or many control characters mean binary; GBK and UTF-8 text have neither. */
function looksBinary(head: Uint8Array): boolean {
  let control = 0;
  for (const b of head) {
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  return control > head.length * 0.05;
}
