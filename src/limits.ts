/**
 * Every size limit of xxgk in one place. Each is far above any real annual report and there so
 * that a hostile or broken input is refused (with a reason) before it costs memory or time.
 */

const MB = 1024 * 1024;

/** Inputs past this size are refused rather than parsed: no annual report comes near it. */
export const MAX_INPUT_BYTES = 64 * MB;

/** Largest unpacked size of one ZIP entry (DOCX, XLSX): a 300-page Word document's document.xml is about 20 MB. */
export const MAX_ZIP_ENTRY_BYTES = 64 * MB;
/** Largest unpacked size of all the entries of one ZIP together. */
export const MAX_ZIP_TOTAL_BYTES = 128 * MB;
/** Most entries a ZIP container may have. */
export const MAX_ZIP_ENTRIES = 10_000;

/** Largest inflated PDF stream: a 600-dpi A4 page image in RGB is about 100 MB. */
export const MAX_PDF_STREAM_BYTES = 128 * MB;
/** All the inflated streams of one PDF together. */
export const MAX_PDF_INFLATED_BYTES = 1024 * MB;
/** Pages read at most: annual reports run to 20; a 200-page compilation is cut off, with a note. */
export const MAX_PDF_PAGES = 80;
/** Scanned pages OCR'd at most: a 300-page scan gives its first pages, with a note. */
export const MAX_OCR_PAGES = 30;

/** Pixels of a picture decoded at most: an A4 page at 600 dpi is 35 megapixels. */
export const MAX_IMAGE_PIXELS = 40_000_000;
/** Longest side of a picture decoded, in pixels. */
export const MAX_IMAGE_SIDE = 15_000;

/** Pictures of one HTML page fetched as possible tables, at most. */
export const MAX_PAGE_PICTURES = 12;
/** Largest picture of an HTML page fetched for OCR. */
export const MAX_PAGE_PICTURE_BYTES = 20 * MB;

/** Heap of each worker thread, in MB: a parser whose heap grows past it ends its task, not the process. */
export const WORKER_HEAP_MB = 1536;
/**
 * Young generation of each worker thread, in MB. V8's default lets it grow to 48 MB of short-lived
 * parser objects; 16 MB costs no measurable time on PDFs and keeps a queue worker, its thread
 * included, some 20 MB further under its 300 MB aim (bench/distributed.js).
 */
export const WORKER_YOUNG_MB = 16;
