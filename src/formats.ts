/**
 * The format vocabulary in one place: what the bytes look like (sniffed), what a report says its
 * source was (`source.format`), and the extension its original is stored under (raw/<sha256>.<ext>).
 */

/** What the first bytes of an input look like (read/index.ts `sniffFormat`); `zip` and `ole` are containers. */
export const SNIFFED_FORMATS = ['html', 'text', 'pdf', 'zip', 'ole', 'image', 'binary', 'empty'] as const;
export type SniffedFormat = (typeof SNIFFED_FORMATS)[number];

/** A report's `source.format`: the kind of document it was read from. */
export const SOURCE_FORMATS = ['html', 'pdf', 'docx', 'doc', 'xls', 'image', 'text'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** How a reader obtained the tables, as named in the output's extraction.method. */
export const READ_METHODS = ['html-table', 'pdf-text', 'pdf-ocr', 'image-ocr', 'docx', 'doc', 'xls', 'text'] as const;
export type ReadMethod = (typeof READ_METHODS)[number];

/**
 * The source format a sniffed format stands for before the container is opened: a ZIP is taken
 * for a DOCX, an OLE file for a DOC; nothing readable has none.
 */
export const SOURCE_FORMAT_OF_SNIFFED: Record<SniffedFormat, SourceFormat | null> = {
  html: 'html', text: 'text', pdf: 'pdf', image: 'image', zip: 'docx', ole: 'doc', binary: null, empty: null,
};

/** The extension an original of each source format is stored under. */
const RAW_EXTENSION: Record<SourceFormat, string> = { html: 'html', text: 'txt', pdf: 'pdf', docx: 'docx', doc: 'doc', xls: 'xls', image: 'img' };

/** Extensions of originals stored by earlier versions, and the one each is now (a crawled DOCX was `.zip`). */
export const LEGACY_RAW_EXTENSION: Record<string, string> = { zip: 'docx' };

/** The extension an original is stored under: by its source format, `bin` when it has none. */
export function rawExtension(format: SourceFormat | null): string {
  return format === null ? 'bin' : RAW_EXTENSION[format];
}
