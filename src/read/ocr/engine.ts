/**
 * The OCR engine: tesseract's WebAssembly build (tesseract.js-core, the core of tesseract.js), run
 * in the calling thread. Per thread, one instance of the module holds two recognisers, created on
 * first use and reused (loading the Chinese model takes about a second): Chinese for labels and
 * prose; the English model for figures (with a digits whitelist it reads lone digits that the
 * Chinese model drops or turns into characters: 9 → 桥, 4 → 中). One module for both, and no
 * thread of tesseract.js's own per model, because memory is what bounds the pool: the module's
 * heap grows with the largest image read and is never given back, so two modules kept two such
 * heaps; the two threads kept two more JavaScript heaps. A recognition blocks its thread (up to a
 * second): the reader runs scans in the worker pool's threads, not in the main one. Fully
 * offline: the models come from the @tesseract.js-data packages, nothing is fetched or cached on disk.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);
type OcrModel = 'chi_sim' | 'eng';
const MODEL_FILES: Record<OcrModel, string> = {
  // The integer-quantised models (1.7 and 2.9 MB): on the samples the same figures as the 20 MB
  // Chinese model, at less than half the memory.
  chi_sim: join(dirname(require.resolve('@tesseract.js-data/chi_sim/package.json')), '4.0.0_best_int', 'chi_sim.traineddata.gz'),
  eng: join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int', 'eng.traineddata.gz'),
};
/** tesseract's engine modes: the LSTM recogniser only (the models above have nothing else). */
const OEM_LSTM_ONLY = 1;
const PSM = { auto: '3', block: '6', line: '7' } as const;

/** The parts of the Emscripten module and of tesseract's API (embind) that are used here. */
interface TessApi {
  Init(dataPath: null, language: string, oem: number): number;
  SetVariable(name: string, value: string): boolean;
  SetImageFile(exifOrientation: number, angle: number): number;
  Recognize(monitor: null): number;
  GetJSONText(): string;
  End(): void;
}
interface TessModule {
  TessBaseAPI: new () => TessApi;
  /** Frees an object of the API (WebIDL bindings). */
  destroy(object: TessApi): void;
  FS: { writeFile(path: string, data: Uint8Array): void; unlink(path: string): void };
}
type TessCore = (options: { print: (text: string) => void; printErr: (text: string) => void; TesseractProgress: () => void }) => Promise<TessModule>;

/** tesseract's JSON result, as far as it is read: blocks of paragraphs of lines of words of symbols. */
interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
interface JsonResult {
  blocks?: { paragraphs: { lines: { bbox: Box; words: { symbols: { text: string; confidence: number; bbox: Box }[] }[] }[] }[] }[];
}

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
  /** Page segmentation: 'block' (a uniform block of lines, the stacked cells), 'line', or 'auto' (a page's prose). */
  layout: 'block' | 'line' | 'auto';
  model: OcrModel;
}

let module: Promise<TessModule> | null = null;
const recognizers = new Map<OcrModel, TessApi>();
const lastParams = new Map<OcrModel, string>();

function tessModule(): Promise<TessModule> {
  module ??= (async () => {
    // The SIMD build: Node 20's V8 has WebAssembly SIMD (tesseract.js picks the same one there).
    const core = require('tesseract.js-core/tesseract-core-simd-lstm') as TessCore;
    // tesseract's notes ("Estimating resolution as 581") are not the user's business.
    return core({ print: () => {}, printErr: () => {}, TesseractProgress: () => {} });
  })().catch((error: unknown) => {
    module = null;
    throw error;
  });
  return module;
}

async function recognizer(model: OcrModel): Promise<{ tess: TessModule; api: TessApi }> {
  const tess = await tessModule();
  let api = recognizers.get(model);
  if (!api) {
    tess.FS.writeFile(`/${model}.traineddata`, gunzipSync(readFileSync(MODEL_FILES[model])));
    api = new tess.TessBaseAPI();
    const status = api.Init(null, model, OEM_LSTM_ONLY);
    // The model is in the recogniser now; its file would only hold memory.
    tess.FS.unlink(`/${model}.traineddata`);
    if (status !== 0) {
      tess.destroy(api);
      throw new Error(`tesseract could not load its ${model} model`);
    }
    recognizers.set(model, api);
  }
  return { tess, api };
}

/** Recognises an encoded image (PGM, PNG, JPEG) and returns its lines with per-symbol confidence. */
export async function recognizeLines(image: Uint8Array, options: RecognizeOptions): Promise<OcrLine[]> {
  // A turn of the event loop first: native memory (a canvas's pixels) is given back by finalizers
  // that run only there, and a thread that recognised call after call would never reach one.
  await new Promise((resolve) => setImmediate(resolve));
  const { tess, api } = await recognizer(options.model);
  const params: Record<string, string> = {
    tessedit_pageseg_mode: PSM[options.layout],
    tessedit_char_whitelist: options.whitelist ?? '',
    // Chinese text has no spaces; tesseract otherwise puts one between every two characters.
    preserve_interword_spaces: '1',
  };
  const key = JSON.stringify(params);
  if (key !== lastParams.get(options.model)) {
    for (const [name, value] of Object.entries(params)) api.SetVariable(name, value);
    lastParams.set(options.model, key);
  }
  tess.FS.writeFile('/input', image);
  let status: number;
  try {
    status = api.SetImageFile(1, 0);
    if (status === 0) api.Recognize(null);
  } catch (error) {
    // A trap inside the module (out of its memory, an abort) leaves it unusable: the thread's next
    // call starts a new one rather than failing on every document it reads after.
    recognizers.clear();
    lastParams.clear();
    module = null;
    throw error;
  }
  tess.FS.unlink('/input');
  if (status !== 0) throw new Error('tesseract could not read the image');
  return linesOf(JSON.parse(api.GetJSONText()) as JsonResult);
}

function linesOf(result: JsonResult): OcrLine[] {
  const lines: OcrLine[] = [];
  for (const block of result.blocks ?? []) {
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

/** Ends this thread's recognisers and lets its module go (tests and benches; worker threads end with their thread). */
export async function closeOcr(): Promise<void> {
  const tess = module ? await module.catch(() => null) : null;
  for (const api of recognizers.values()) {
    api.End();
    tess?.destroy(api);
  }
  recognizers.clear();
  lastParams.clear();
  module = null;
}
