/**
 * The OCR engine: one tesseract.js worker per thread, created on first use and reused (loading
 * the Chinese model takes about a second). Fully offline: the model comes from the
 * @tesseract.js-data/chi_sim package, nothing is fetched or cached on disk.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';

const require = createRequire(import.meta.url);
/** The full model (20 MB): the 1.7 MB best_int one misreads lone digits (5 as nothing, 57 as 97) in tests here. */
const LANG_PATH = join(dirname(require.resolve('@tesseract.js-data/chi_sim/package.json')), '4.0.0');

/** A recognised symbol (character) with its box in the recognised image, confidence 0–1. */
export interface OcrSymbol {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  confidence: number;
}

/** A recognised line: its symbols in order. */
export interface OcrLine {
  symbols: OcrSymbol[];
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface RecognizeOptions {
  /** Only these characters may be recognised (digits of figure cells). */
  whitelist?: string;
  /** Page segmentation: 'block' (a uniform block of lines, the stacked cells) or 'auto' (a page's prose). */
  layout: 'block' | 'auto';
}

let worker: Promise<Worker> | null = null;
let lastParams = '';

function ocrWorker(): Promise<Worker> {
  worker ??= createWorker('chi_sim', OEM.LSTM_ONLY, { langPath: LANG_PATH, cacheMethod: 'none', gzip: true }).catch((error: unknown) => {
    worker = null;
    throw error;
  });
  return worker;
}

/** Recognises an encoded image (PGM, PNG, JPEG) and returns its lines with per-symbol confidence. */
export async function recognizeLines(image: Uint8Array, options: RecognizeOptions): Promise<OcrLine[]> {
  const w = await ocrWorker();
  const params = {
    tessedit_pageseg_mode: options.layout === 'block' ? PSM.SINGLE_BLOCK : PSM.AUTO,
    tessedit_char_whitelist: options.whitelist ?? '',
    // Chinese text has no spaces; tesseract otherwise puts one between every two characters.
    preserve_interword_spaces: '1',
  };
  const key = JSON.stringify(params);
  if (key !== lastParams) {
    await w.setParameters(params);
    lastParams = key;
  }
  const result = await w.recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength), {}, { text: false, blocks: true });
  const lines: OcrLine[] = [];
  for (const block of result.data.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const symbols: OcrSymbol[] = [];
        for (const word of line.words) {
          for (const symbol of word.symbols) {
            symbols.push({ text: symbol.text, x0: symbol.bbox.x0, y0: symbol.bbox.y0, x1: symbol.bbox.x1, y1: symbol.bbox.y1, confidence: symbol.confidence / 100 });
          }
        }
        if (symbols.length > 0) lines.push({ symbols, x0: line.bbox.x0, y0: line.bbox.y0, x1: line.bbox.x1, y1: line.bbox.y1 });
      }
    }
  }
  return lines;
}

/** Ends this thread's OCR worker (tests and benches; worker threads end with their thread). */
export async function closeOcr(): Promise<void> {
  const closing = worker;
  worker = null;
  lastParams = '';
  if (closing) await (await closing).terminate();
}
