/**
 * The OCR engine: per thread, one tesseract.js worker per model, created on first use and
 * reused (loading the Chinese model takes about a second). Chinese for labels and prose; the
 * English model for figures (with a digits whitelist it reads lone digits that the Chinese
 * model drops or turns into characters: 9 → 桥, 4 → 中). Fully offline: the models come from
 * the @tesseract.js-data packages, nothing is fetched or cached on disk.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';

const require = createRequire(import.meta.url);
type OcrModel = 'chi_sim' | 'eng';
const LANG_PATHS: Record<OcrModel, string> = {
  // The integer-quantised models (1.7 and 2.9 MB): on the samples the same figures as the 20 MB
  // Chinese model, at less than half the memory.
  chi_sim: join(dirname(require.resolve('@tesseract.js-data/chi_sim/package.json')), '4.0.0_best_int'),
  eng: join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int'),
};

/** A recognised symbol (character) with its box in the recognised image, confidence 0–1. */
interface OcrSymbol {
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
  layout: 'block' | 'line' | 'auto';
  model: OcrModel;
}

const workers = new Map<OcrModel, Promise<Worker>>();
const lastParams = new Map<OcrModel, string>();

function ocrWorker(model: OcrModel): Promise<Worker> {
  let worker = workers.get(model);
  if (!worker) {
    worker = createWorker(model, OEM.LSTM_ONLY, { langPath: LANG_PATHS[model], cacheMethod: 'none', gzip: true }).catch((error: unknown) => {
      workers.delete(model);
      throw error;
    });
    workers.set(model, worker);
  }
  return worker;
}

/** Recognises an encoded image (PGM, PNG, JPEG) and returns its lines with per-symbol confidence. */
export async function recognizeLines(image: Uint8Array, options: RecognizeOptions): Promise<OcrLine[]> {
  const w = await ocrWorker(options.model);
  const params = {
    tessedit_pageseg_mode: options.layout === 'block' ? PSM.SINGLE_BLOCK : options.layout === 'line' ? PSM.SINGLE_LINE : PSM.AUTO,
    tessedit_char_whitelist: options.whitelist ?? '',
    // Chinese text has no spaces; tesseract otherwise puts one between every two characters.
    preserve_interword_spaces: '1',
  };
  const key = JSON.stringify(params);
  if (key !== lastParams.get(options.model)) {
    await w.setParameters(params);
    lastParams.set(options.model, key);
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
  const closing = [...workers.values()];
  workers.clear();
  lastParams.clear();
  for (const worker of closing) await (await worker).terminate();
}
