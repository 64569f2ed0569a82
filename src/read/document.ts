/** What a reader hands to the template stage: text in reading order and the tables, nothing more. */
import type { CellGrid } from './grid.js';
import type { PagePicture } from './pictures.js';

/** The kinds of document the readers take, as named in the output's source.format. */
export const SOURCE_FORMATS = ['html', 'pdf', 'docx', 'doc', 'xls', 'image', 'text'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** How a reader obtained the tables, as named in the output's extraction.method. */
export const READ_METHODS = ['html-table', 'pdf-text', 'pdf-ocr', 'image-ocr', 'docx', 'doc', 'xls', 'text'] as const;
export type ReadMethod = (typeof READ_METHODS)[number];

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

/** Raised by a reader when the input is not readable at all; the message is the reason shown to the user. */
export class UnreadableInputError extends Error {
  override name = 'UnreadableInputError';
}

/** The text blocks of a document, in order. */
export function textLines(doc: ReadDocument): string[] {
  const lines: string[] = [];
  for (const block of doc.blocks) if (block.kind === 'text') lines.push(block.text);
  return lines;
}
