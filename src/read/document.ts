/** What a reader hands to the template stage: text in reading order and the tables, nothing more. */
import { XxgkError, type XxgkErrorCode } from '../errors.js';
import type { ReadMethod, SourceFormat } from '../formats.js';
import type { CellGrid } from './grid.js';
import type { PagePicture } from './pictures.js';

export { SOURCE_FORMATS, READ_METHODS, type SourceFormat, type ReadMethod } from '../formats.js';

/** A paragraph of text, or a table in its place in the reading order. */
export type Block =
  | { kind: 'text'; text: string; page?: number }
  | { kind: 'table'; table: number };

export interface ReadDocument {
  format: SourceFormat;
  /** How the tables were obtained, as named in the output's extraction.method. */
  method: ReadMethod;
  /** Text paragraphs and tables in reading order (tables by their 1-based index). */
  blocks: Block[];
  tables: CellGrid[];
  /** The document's own title where the format has one (<title>, meta ArticleTitle, PDF info). */
  title?: string;
  /** Named metadata of the source: HTML <meta name=…> tags, PDF info fields. */
  properties: Record<string, string>;
  /** Character set the bytes were decoded from, where there was a choice. */
  charset?: string;
  pageCount?: number;
  /** Pictures in the body of an HTML page that may be tables (read by OCR once the loading stage has their bytes). */
  pictures?: PagePicture[];
  /** What the reader could not do in full, for the report's warnings. */
  notes?: string[];
}

/**
 * Raised by a reader when the input is not readable at all; the message is the reason shown to the
 * user, the code (ERR_UNREADABLE_INPUT unless told) what a program branches on.
 */
export class UnreadableInputError extends XxgkError {
  override name = 'UnreadableInputError';
  constructor(message: string, code: XxgkErrorCode = 'ERR_UNREADABLE_INPUT') {
    super(code, message);
  }
}

/** The text blocks of a document, in order. */
export function textLines(doc: ReadDocument): string[] {
  const lines: string[] = [];
  for (const block of doc.blocks) if (block.kind === 'text') lines.push(block.text);
  return lines;
}
