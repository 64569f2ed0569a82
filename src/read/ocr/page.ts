/**
 * One page image → the page content the PDF reader's assembler takes (ruling lines and placed
 * text, in points), so that OCR grids go through the same table building, stitching and
 * reading order as text PDFs. Table structure comes from the ruling lines found in the image
 * (after deskewing); each cell is then recognised on its own: cells shaped like figures (a few
 * narrow blobs) with the English model and a digits-only whitelist, read twice at two scales;
 * the others in Chinese (and again as figures if they read as digits). A figure is kept only
 * when both readings agree with each other and with the count of digit-high blobs; otherwise the
 * cell is unreadable ('' with confidence 0). Confidence: the recogniser's least sure character, and
 * at least AGREED for a figure whose readings agree.
 */
import type { Glyph, Segment } from '../pdf/geometry.js';
import { findTables, type LatticeTable } from '../pdf/lattice.js';
import type { PageContent } from '../pdf/page-content.js';
import { recognizeLines, type OcrLine } from './engine.js';
import { isOneDigitWide, joinColumns, joinPieces, joinStacked, splitTouching } from './blobs.js';
import { DigitShapes, shapeOf } from './glyphs.js';
import { binarize, components, connectedRules, crop, estimateSkew, findRules, normalizeContrast, otsuThreshold, rotate, scale, toPgm, type Component, type GrayImage } from './raster.js';

export interface OcrPage {
  content: PageContent;
  /** The skew corrected, in degrees. */
  skew: number;
}

/** Height (pixels) that text is scaled to before recognition: tesseract reads best at about 300 dpi. */
const TARGET_TEXT_HEIGHT = 26;
/** Cells recognised per stacked image: tall enough to amortise a call, small enough for tesseract's layout. */
const CELLS_PER_STRIP = 48;
const CELLS_PER_LINE = 40;
const LABEL_SCALE = 0.8;
/** A label read with less confidence than this is read again, alone (most labels read 0.95 and up). */
const RELIABLE_LABEL = 0.9;
/** Enough for a label read again alone where the first reading held no Chinese at all. */
const FAIR_LABEL = 0.8;
const DIGITS = '0123456789,.-';
/**
 * What a figure cell may read as in the first (Chinese) pass: digits and their look-alikes, marks
 * for nil, and the symbols it makes of digits that touch ("96" read "9%6"; no label is printed so).
 */
const FIGURE_LIKE = /^[0-9０-９.,，．\-—–一_/无OolI|SZ\][了丁」】〕〗!%&#$@]+$/u;
const NIL_MARKS = /^[—–\-一_]+$/u;
/** A label read from a cell shaped like a figure: two Chinese characters or more, after a number of its own ("3.其他", "(七)总计"; in brackets however it reads: "(人七)总计"). */
const SHORT_LABEL = /^(?:[(（〈【][^)）〉】]{1,3}[)）〉】]|(?:\d{1,2}|[一二三四五六七八九十]{1,2})[)）〉】.．、]{1,2})?\p{Script=Han}{2,}$/u;
/** Width of a digit, against its height: two digits touching make a blob about twice as wide. */
const DIGIT_WIDTH = 0.6;
/** Figures' ink is lower than Chinese characters' (0.66 em against 0.9): a cell this much over the page's usual line height is no figure. */
const DIGIT_HIGH = 1.15;
/** A reading's digits, and its points and separators. */
const digitsOf = (text: string): string => text.replace(/[^0-9]/g, '');
const marksOf = (text: string): string => text.replace(/[^.,]/g, '');
/** After how many digits each point or separator of a reading stands ("286.4": [3]). */
const marksAfter = (text: string): number[] => [...text].flatMap((ch, i) => (ch === '.' || ch === ',' ? [digitsOf(text.slice(0, i)).length] : []));
const sameGaps = (a: number[], b: number[]): boolean => a.length === b.length && a.every((gap, i) => gap === b[i]);
/**
 * Confidence of a cell with ink that could not be read: its text is '' so that the row keeps its
 * shape (a mark such as "?" would make it a label cell and lose the whole row); confidence 0 tells
 * it from a cell left blank in the original (which has no confidence below 1).
 */
const UNREADABLE = 0;
/**
 * Least confidence of a figure whose two readings (at two scales) agree with each other and with
 * the count of digit-high ink blobs. Tesseract's per-symbol confidence under a digits whitelist is
 * not calibrated (agreed figures read at 0.2 were right on every sample), while the agreement of
 * three independent readings is what makes a figure trustworthy: the cell says so to the template.
 */
const AGREED = 0.95;
/**
 * Confidence of a figure read by one method only (the page's digit shapes, when tesseract read
 * nothing), or whose readings the shapes contradict: below the template's LOW_CONFIDENCE, so it is
 * kept only where the template's arithmetic confirms it.
 */
const SHAPE_ONLY = 0.6;
/** Digits under this many pixels high in the scan (a copy under about 120 dpi) are too coarse to compare shapes. */
const MIN_SHAPE_HEIGHT = 12;
/**
 * Digits under this many pixels high in the scan (10.5-pt type scanned under about 100 dpi) are
 * too coarse to read for sure, however large they are rendered: touching digits make one blob and
 * a dropped digit goes unseen ("27" read as 2 at 60 dpi, at both scales). Each such reading is
 * doubtful, kept only where a check confirms it.
 */
const MIN_READABLE_HEIGHT = 10;
/** Text taller than this many of the page's lines is on more than one line, or in a larger type. */
const TALLER_THAN_A_LINE = 1.4;
/** A line of ink this thin against a cell's tallest, this close to another, belongs to it (see textLines). */
const THIN_LINE = 0.4;
const THIN_GAP = 0.25;
/** A figure as printed: no leading zero ("001" is a digit dropped from "3001"), a separator every three digits. */
const WELL_FORMED = /^-?(0|[1-9]\d{0,2}(,\d{3})*|[1-9]\d*)(\.\d+)?$/;

interface CellCrop {
  table: number;
  cell: number;
  /** The cell's box on the page, in points. */
  box: { x0: number; y0: number; x1: number; y1: number };
  image: GrayImage;
  /** Ink components of the text (specks and rule stubs removed), in the crop's pixels. */
  parts: Component[];
  /** Smaller ink inside the text's box: decimal points at low resolution, or specks. */
  specks: Component[];
  textHeight: number;
  flat: boolean;
  threshold: number;
}

/**
 * Reads a page image (grey, at `dpi`) into page content; `number` is the 1-based page number.
 * `shapes`: the digit shapes of the document's pages read before (one font throughout), to which
 * this page's are added; a page alone learns its own. `scanDpi`: the resolution of the scan the
 * image was drawn from, where it is lower (the image enlarges it).
 */
export async function ocrPage(page: GrayImage, number: number, dpi: number, shapes = new DigitShapes(), scanDpi = dpi): Promise<OcrPage> {
  const source = normalizeContrast(page);
  const threshold = otsuThreshold(source);
  let image = source;
  let ink = binarize(image, threshold);
  const skew = estimateSkew(ink, image.width, image.height);
  if (Math.abs(skew) >= 0.05) {
    image = rotate(image, skew);
    ink = binarize(image, threshold);
  }
  const toPoints = 72 / dpi;
  const found = findRules(ink, image.width, image.height, Math.round(dpi * 0.22), Math.max(1, Math.round(dpi / 100)), Math.max(3, Math.round(dpi * 0.04)));
  const rules = connectedRules(found, Math.max(3, Math.round(dpi * 0.03)), Math.round(dpi * 0.08));
  const segments: Segment[] = rules.map((r) => ({ orientation: r.orientation, at: r.at * toPoints, from: r.from * toPoints, to: r.to * toPoints }));
  const tables = withoutNested(findTables(segments));

  const crops = cellCrops(image, threshold, tables, dpi);
  const glyphs = await recognizeCells(crops, dpi, shapes, Math.max(1, dpi / scanDpi));
  glyphs.push(...(await recognizeProse(image, tables, dpi)));
  return {
    content: { number, width: image.width * toPoints, height: image.height * toPoints, glyphs, segments, imageCover: 1 },
    skew,
  };
}

/** A "table" inside another one is a character's strokes (田) or a box drawn in a cell. */
function withoutNested(tables: LatticeTable[]): LatticeTable[] {
  return tables.filter((t) => !tables.some((o) => o !== t && o.box.x0 <= t.box.x0 + 1 && o.box.y0 <= t.box.y0 + 1 && o.box.x1 >= t.box.x1 - 1 && o.box.y1 >= t.box.y1 - 1 && (o.box.x1 - o.box.x0) * (o.box.y1 - o.box.y0) > (t.box.x1 - t.box.x0) * (t.box.y1 - t.box.y0)));
}

/** Each cell's inside, with its text's ink; empty cells (blank, or only specks) are left out. */
function cellCrops(image: GrayImage, threshold: number, tables: LatticeTable[], dpi: number): CellCrop[] {
  const px = dpi / 72;
  const inset = Math.max(2, Math.round(dpi * 0.025));
  // Smaller than 1.2 pt²: specks of a scan; a dash of a 10-pt font is about 6 pt².
  const minPixels = Math.max(4, 1.2 * px * px);
  const out: CellCrop[] = [];
  tables.forEach((table, t) => {
    table.cells.forEach((cell, c) => {
      const region = crop(image, cell.box.x0 * px + inset, cell.box.y0 * px + inset, cell.box.x1 * px - inset, cell.box.y1 * px - inset);
      if (region.width < 4 || region.height < 4) return;
      const ink = binarize(region, threshold);
      const all = components(ink, region.width, region.height);
      const parts = all.filter((p) => {
        if (p.pixels < minPixels) return false;
        const w = p.x1 - p.x0;
        const h = p.y1 - p.y0;
        // Stubs of a ruling line left inside the inset: thin and against an edge.
        const atEdge = p.x0 <= 1 || p.y0 <= 1 || p.x1 >= region.width - 1 || p.y1 >= region.height - 1;
        return !(atEdge && (w <= Math.max(2, px * 1.2) || h <= Math.max(2, px * 1.2)));
      });
      if (parts.length === 0) return;
      const x0 = Math.min(...parts.map((p) => p.x0));
      const y0 = Math.min(...parts.map((p) => p.y0));
      const x1 = Math.max(...parts.map((p) => p.x1));
      const y1 = Math.max(...parts.map((p) => p.y1));
      const pad = Math.round(px * 3);
      const text = crop(region, x0 - pad, y0 - pad, x1 + pad, y1 + pad);
      const shift = (p: Component): Component => ({ ...p, x0: p.x0 - Math.max(0, x0 - pad), x1: p.x1 - Math.max(0, x0 - pad), y0: p.y0 - Math.max(0, y0 - pad), y1: p.y1 - Math.max(0, y0 - pad) });
      // Ink too small to be text but big enough for a decimal point (a 10-pt "." is about 1 pt²).
      const minDot = Math.max(2, 0.3 * px * px);
      const specks = all.filter((p) => p.pixels >= minDot && p.pixels < minPixels && p.x0 >= x0 && p.x1 <= x1 && p.y0 >= y0 && p.y1 <= y1).map(shift);
      const textHeight = y1 - y0;
      out.push({ table: t, cell: c, box: cell.box, image: text, parts: parts.map(shift), specks, textHeight, flat: textHeight < px * 3 && x1 - x0 > 2 * textHeight, threshold });
    });
  });
  return out;
}

/** Recognises the cells: a Chinese pass over all, a digits pass over those that read as figures. */
/** `enlarged`: image pixels per pixel of the scan. */
async function recognizeCells(crops: CellCrop[], dpi: number, shapes: DigitShapes, enlarged: number): Promise<Glyph[]> {
  if (crops.length === 0) return [];
  // One scale for the page: single-line cells' text brought to the height tesseract reads best.
  const heights = crops.filter((c) => !c.flat).map((c) => c.textHeight).sort((a, b) => a - b);
  const lineHeight = heights.length > 0 ? heights[Math.floor(heights.length / 4)]! : (dpi * 10) / 72;
  const factor = Math.min(4, Math.max(0.5, TARGET_TEXT_HEIGHT / Math.max(1, lineHeight)));
  // Cells shaped like figures (a few narrow blobs on one line) go straight to the digits pass;
  // the others are read in Chinese first, and go to the digits pass if they read as figures.
  const glyphs: Glyph[] = [];
  // A lone slanted stroke is "/" (nil), told by shape: the digits whitelist has no "/", so that a "1" is never read as nil.
  const slashes = crops.filter((c) => !c.flat && isSlash(c));
  for (const c of slashes) glyphs.push(glyphFor(c, '/', 0.9));
  const figureShaped = crops.filter((c) => !c.flat && !slashes.includes(c) && isFigureShaped(c, lineHeight));
  const others = crops.filter((c) => !figureShaped.includes(c) && !slashes.includes(c));
  // Labels are read a little smaller than figures: on the 200-dpi sample, 0.8 gave 180 figures right, 1.0 138, 1.4 126, 0.65 161.
  const first = await readLabels(others, factor * LABEL_SCALE);
  const figures: CellCrop[] = [...figureShaped];
  // A figure wrapped over lines in a narrow cell ("17" over "5"): each line goes to the digits
  // pass, and the lines are joined if every one reads; else the cell keeps its first reading.
  const wrapped = new Map<CellCrop, { lines: CellCrop[]; otherwise: Glyph }>();
  others.forEach((c, i) => {
    const read = first[i]!;
    const compact = read.text.replace(/\s+/g, '');
    let glyph: Glyph | null;
    // A flat cell is a dash: a nil mark, whatever tesseract makes of one stroke ("二").
    if (c.flat && (compact === '' || NIL_MARKS.test(compact) || c.parts.length === 1)) {
      glyph = glyphFor(c, '—', Math.max(read.confidence, 0.9));
    } else if (compact !== '' && FIGURE_LIKE.test(compact) && !NIL_MARKS.test(compact) && compact !== '无' && compact !== '/') {
      glyph = null;
    } else if (compact !== '') {
      glyph = glyphFor(c, read.text, read.confidence);
    } else {
      // Ink that reads as nothing: text '' with confidence 0 (see UNREADABLE).
      glyph = glyphFor(c, '', UNREADABLE);
    }
    const lines = c.flat ? null : wrappedLines(c, lineHeight);
    // Read as nothing, or as one doubtful Chinese character other than 无 (a "5" whose flag broke
    // off, its body square, read "全"), where the scan is fine enough to read digits at all: at
    // 60 dpi such cells made doubtful figures that checks among other doubtful ones passed wrongly.
    const lone = compact === '' || (/^\p{Script=Han}$/u.test(compact) && compact !== '无' && read.confidence < RELIABLE_LABEL && c.textHeight / enlarged >= MIN_READABLE_HEIGHT);
    if (!lines && lone && !c.flat && c.parts.length <= 4 && c.textHeight <= lineHeight * DIGIT_HIGH && textLines(c.parts).length <= 2) {
      // Or a figure whose digits run together into wide blobs ("44" in small type, blurred), not
      // shaped like one, and no taller than the page's figures: read as digits too.
      figures.push(c);
    } else if (lines) {
      wrapped.set(c, { lines, otherwise: glyph ?? glyphFor(c, '', UNREADABLE) });
      figures.push(...lines);
    } else if (glyph) {
      glyphs.push(glyph);
    } else {
      figures.push(c);
    }
  });
  if (figures.length > 0) {
    const read = new Map<CellCrop, { text: string; confidence: number } | null>();
    // Read twice, at two scales: a misread rarely repeats itself at another size.
    const second = await recognizeInLine(figures, factor, lineHeight, DIGITS);
    // The second reading has its figures in reverse order: tesseract reads a line with context, and
    // a figure's neighbours can sway a digit ("21" after "3" read "22" at both scales); a misreading
    // that comes of context does not repeat among other neighbours.
    const third = (await recognizeInLine([...figures].reverse(), factor * 1.4, lineHeight, DIGITS)).reverse();
    const readings = figures.map((c, i) => {
      const digits = second[i]!.text.replace(/\s+/g, '');
      const again = third[i]!.text.replace(/\s+/g, '');
      // And an independent count: as many tall ink blobs as digits (each printed digit is one
      // blob at a readable resolution; touching or broken digits fail it), and as many low small
      // blobs between them as decimal points and separators (a "." dropped makes 31726.85 3172685).
      const tall = joinStacked(c.parts, c.textHeight).sort((a, b) => a.x0 - b.x0);
      const digitBlobs = joinPieces(tall);
      const gaps = pointGaps(c, digitBlobs);
      const points = gaps.length;
      // Each blob counted as a digit must be shaped like one (narrower than high): digits run
      // together by blur or noise make one wide blob that would pass for a single digit.
      const narrow = tall.every(isOneDigitWide);
      // And the sign: a flat mark at mid-height just left of the digits is a minus, which tesseract
      // drops in small type (a faint one may not reach the ink: then the readings' sign stands).
      const minus = minusMark(c, tall);
      // Where the ink shows no point, a faint one in grey may still confirm a reading with it
      // (never refute one without: a blur in a wide gap is not taken for a point).
      const faint = points === 0 ? faintPointGaps(c, digitBlobs) : [];
      const marksFit = (text: string): boolean => points === marksOf(text).length || (faint.length > 0 && sameGaps(faint, marksAfter(text)));
      // A reading fits blobs that are a digit each, as many as its digits, and the ink's sign and points.
      const fitsBlobs = (text: string, blobs: Component[]): boolean => blobs.every(isOneDigitWide) && WELL_FORMED.test(text) && (!minus || text.startsWith('-')) && blobs.length === digitsOf(text).length && marksFit(text);
      const fits = (text: string): boolean => fitsBlobs(text, tall);
      return { c, digits, again, tall, digitBlobs, points, gaps, faint, narrow, minus, agreed: digits === again && fits(digits), fits, fitsBlobs };
    });
    // Each figure the two leave in doubt is read alone too, at both scales: in a line of figures
    // tesseract may drop a short one ("0" read as nothing) or let a neighbour sway it ("57" read
    // "527"); alone it mostly does not.
    // Then digits run together (small type, blur) are cut apart where their ink is thinnest, for the
    // blob-by-blob reading: as many as two of its four readings count (in the line or alone), the
    // most such if they differ (tesseract drops digits; two readings seldom make up the same one).
    const alone = new Map<CellCrop, string[]>();
    for (const r of readings.filter((r) => !r.agreed)) {
      alone.set(r.c, await readDigitsAlone(r.c, [factor, factor * 1.4], lineHeight));
      // Or as many as the blobs' widths hold where that is more and one reading counts so too: "44"
      // run into one wide blob reads as a 4 but once. The pieces must each read as a digit.
      const texts = [r.digits, r.again, ...alone.get(r.c)!];
      const counted = countOfTwo(texts);
      const wide = digitsWide(r.digitBlobs);
      const countedOnce = texts.some((text) => digitsOf(text).length === wide);
      const pieces = splitTouching(r.c.image, r.c.threshold, r.digitBlobs, wide > counted && countedOnce ? wide : counted);
      const gaps = pointGaps(r.c, pieces);
      if (pieces !== r.digitBlobs && gaps.length === r.points) Object.assign(r, { digitBlobs: pieces, gaps });
    }
    // A third reading where the two disagree, or miss a blob: each digit blob on its own, away
    // from its neighbours (tesseract drops a digit of a short figure, "86" read "8" at both scales).
    // Only blobs shaped like one digit: two touching digits make one wide blob, which alone reads
    // as one of them ("44" as 4). A digit broken in two is read whole, its pieces joined.
    const doubted = readings.filter((r) => !r.agreed && r.digitBlobs.length > 0 && r.digitBlobs.length <= 8 && r.digitBlobs.every(isOneDigitWide));
    const blobs = doubted.flatMap((r) => r.digitBlobs.map((part) => blobCrop(r.c, part)));
    const blobTexts = (blobs.length > 0 ? await recognizeInLine(blobs, factor, lineHeight, DIGITS) : []).map((reading) => reading.text.replace(/\s+/g, ''));
    // A blob the line dropped (a lone digit, as tesseract drops short figures) is read alone, at
    // both scales: it stands where one scale reads nothing and the other a digit, or both alike.
    for (const [k, text] of blobTexts.entries()) {
      if (text !== '') continue;
      const [first, second] = await readDigitsAlone(blobs[k]!, [factor, factor * 1.4], lineHeight);
      blobTexts[k] = first === second || second === '' ? first! : first === '' ? second! : '';
    }
    const byBlob = new Map<CellCrop, string>();
    let at = 0;
    for (const r of doubted) {
      const digits = blobTexts.slice(at, at + r.digitBlobs.length);
      at += r.digitBlobs.length;
      // One digit a blob, or no reading: a blob that reads as two digits, or none, was no digit.
      // The points and separators go where the ink has them, as the line reading with as many
      // marks names them ("." or ",").
      const marks = [r.digits, r.again, ...(alone.get(r.c) ?? [])].map(marksOf).find((m) => m.length === r.points);
      if (!digits.every((d) => /^[0-9]$/.test(d)) || marks === undefined) continue;
      const joined = digits.map((d, k) => d + r.gaps.map((gap, j) => (gap === k + 1 ? marks[j] : '')).join('')).join('');
      if (WELL_FORMED.test(joined)) byBlob.set(r.c, joined);
    }
    // The page's own digit shapes (added to the document's), from the figures read alike twice.
    for (const r of readings) {
      if (!r.agreed) continue;
      const digitsOnly = digitsOf(r.digits);
      r.tall.forEach((part, k) => shapes.add(digitsOnly[k]!, shapeOf(r.c.image, part, r.c.threshold, dpi / 72), r.c));
    }
    for (const r of readings) {
      const scanHeight = r.c.textHeight / enlarged;
      const byShape = r.tall.length > 0 && r.tall.length <= 12 && r.narrow && r.tall.every((p) => (p.y1 - p.y0) / enlarged >= MIN_SHAPE_HEIGHT) ? r.tall.map((part) => shapes.classify(shapeOf(r.c.image, part, r.c.threshold, dpi / 72), r.c)) : [];
      const shapeDigits = byShape.length > 0 && byShape.every((d) => d !== null) ? byShape.join('') : null;
      let text: string | null = null;
      let confidence = UNREADABLE;
      if (r.agreed && (shapeDigits === null || shapeDigits === digitsOf(r.digits))) {
        text = r.digits;
        confidence = AGREED;
      } else if (r.agreed) {
        // The shapes contradict the two readings: kept only if the checks confirm it.
        text = r.digits;
        confidence = SHAPE_ONLY;
      } else if (soloAgreed(r, alone.get(r.c), byBlob.get(r.c), shapeDigits)) {
        // Read alone alike at both scales, and one more method gives it too, with the shapes not
        // against it: as the ink's blobs hold it, a line reading, blob by blob or the shapes; as
        // digits that touch are cut apart, blob by blob.
        text = alone.get(r.c)![0]!;
        confidence = AGREED;
      } else if (byBlob.has(r.c) && linesConfirm(byBlob.get(r.c)!, r.digits, r.again) && (shapeDigits === null || shapeDigits === digitsOf(byBlob.get(r.c)!))) {
        // Independent readings agree: tesseract blob by blob, and in its line once, or twice
        // each with another character dropped ("96171." and "6171.6" for 96171.6).
        text = byBlob.get(r.c)!;
        confidence = AGREED;
      } else if (shapeDigits !== null) {
        const agreeing = [r.digits, r.again, byBlob.get(r.c)].find((t) => t !== undefined && r.fits(t) && digitsOf(t) === shapeDigits);
        if (agreeing !== undefined) {
          // Two independent readings agree: tesseract once, and the page's digit shapes.
          text = agreeing;
          confidence = AGREED;
        } else if (r.points === 0 && WELL_FORMED.test(shapeDigits)) {
          // The shapes alone (tesseract read nothing, or something the ink contradicts): doubtful.
          text = shapeDigits;
          confidence = SHAPE_ONLY;
        }
      }
      if (text === null) {
        // No two methods agree, but one reading is still evidence: the one the ink's blobs fit
        // (a digit dropped at the other scale); else the figure read alone alike at both scales,
        // as the blobs hold it (before blob by blob: a clear "2" the line of blobs read "9");
        // else blob by blob; else the same text at both scales with a digit per blob where only
        // the count of points disagrees (a speck taken for one). Doubtful: kept only where the
        // template's arithmetic confirms it, and a misread breaks the checks it is in. A digit
        // dropped at both scales leaves a blob over, and stays unread. Then, a reading whose
        // digits the shapes give too, where only a speck taken for a point disagrees. Last, the
        // same text at both scales where digits touch (fewer blobs than digits, but as many as
        // the blobs' widths hold: "400" as 4 and a wide "00") or a digit broke (more blobs, but
        // as many once thin pieces side by side are joined: "0" in two arcs).
        const digitCount = digitsOf(r.digits).length;
        const sameText = r.digits === r.again && WELL_FORMED.test(r.digits);
        const sameAtBoth = sameText && r.narrow && r.tall.length === digitCount;
        const shapesAgree = shapeDigits === null ? undefined : [r.digits, r.again].find((t) => WELL_FORMED.test(t) && digitsOf(t) === shapeDigits);
        const widthsHold = digitsWide(r.tall);
        const touchingOrBroken = sameText && (r.tall.length < digitCount ? widthsHold === digitCount : r.tall.length > digitCount && r.digitBlobs.length === digitCount);
        const [solo, soloAgain] = alone.get(r.c) ?? [];
        const soloAlike = solo !== undefined && solo === soloAgain && r.fits(solo) ? solo : undefined;
        const candidate = [r.digits, r.again].find((t) => r.fits(t)) ?? soloAlike ?? byBlob.get(r.c) ?? (sameAtBoth ? r.digits : undefined) ?? shapesAgree ?? (touchingOrBroken ? r.digits : undefined);
        if (candidate !== undefined) {
          text = candidate;
          confidence = SHAPE_ONLY;
        }
      }
      if (text !== null) {
        // The sign, which blob readings and shapes cannot see, and the line readings may drop or
        // make up (a speck): a minus in the ink is added to a reading without it, and where the
        // ink and the readings disagree on the sign the figure is doubtful (the checks decide).
        const signed = text.startsWith('-');
        if (r.minus && !signed) text = `-${text}`;
        if (r.minus !== signed || (!r.minus && [r.digits, r.again].some((t) => t.startsWith('-')))) confidence = Math.min(confidence, SHAPE_ONLY);
        // Likewise a point or separator that a line reading saw among the same digits and the
        // text lacks, or the reverse, unless the ink shows the text's marks: a point too faint
        // for the ink ("286.4" read 2864 by the other line and blob by blob) is a figure ten
        // times too large, while the ink's point settles a line reading that dropped it.
        const chosen = text;
        const inkShowsMarks = (r.points > 0 && marksOf(chosen).length === r.points) || (r.faint.length > 0 && sameGaps(r.faint, marksAfter(chosen)));
        if (!inkShowsMarks && [r.digits, r.again].some((t) => digitsOf(t) === digitsOf(chosen) && marksOf(t) !== marksOf(chosen))) confidence = Math.min(confidence, SHAPE_ONLY);
      }
      if (scanHeight < MIN_READABLE_HEIGHT) confidence = Math.min(confidence, SHAPE_ONLY);
      read.set(r.c, text === null ? null : { text, confidence });
    }
    const lineOf = new Set([...wrapped.values()].flatMap((w) => w.lines));
    // A cell shaped like a figure that no digits reading gives may be a short label of narrow
    // characters ("规 章": 夫, 见 and 章 as blobs): read in Chinese, it is a label only if it reads
    // as two characters or more, after a number of its own ("(七)总计"). Or it is a figure the
    // digits readings missed and the Chinese model reads surely, as the ink's blobs hold it (a
    // lone "3"): doubtful, kept only where a check confirms it. Otherwise unreadable (a stray mark
    // would lose the row).
    const unread = figureShaped.filter((c) => !read.get(c));
    const asLabels = unread.length > 0 ? await readLabels(unread, factor * LABEL_SCALE) : [];
    const labelOf = new Map(unread.map((c, i) => [c, asLabels[i]!]));
    const readingOf = new Map(readings.map((r) => [r.c, r]));
    for (const c of figures) {
      if (lineOf.has(c)) continue;
      const figure = read.get(c);
      const label = labelOf.get(c);
      const compact = label?.text.replace(/\s+/g, '') ?? '';
      if (figure) glyphs.push(glyphFor(c, figure.text, figure.confidence));
      else if (label && SHORT_LABEL.test(compact)) glyphs.push(glyphFor(c, label.text, label.confidence));
      else if (label && label.confidence >= RELIABLE_LABEL && readingOf.get(c)?.fits(compact)) glyphs.push(glyphFor(c, compact, SHAPE_ONLY));
      else glyphs.push(glyphFor(c, '', UNREADABLE));
    }
    for (const [c, { lines, otherwise }] of wrapped) {
      const parts = lines.map((line) => read.get(line));
      if (parts.every((part) => part)) glyphs.push(glyphFor(c, parts.map((part) => part!.text).join('\n'), Math.min(...parts.map((part) => part!.confidence))));
      else glyphs.push(otherwise);
    }
  }
  return glyphs;
}

/**
 * The lines of a cell taller than one line whose every line is shaped like a figure: a number
 * wrapped in a narrow column ("17" over "5"), each line as a crop of its own. Null otherwise.
 */
function wrappedLines(c: CellCrop, lineHeight: number): CellCrop[] | null {
  if (c.textHeight <= lineHeight * TALLER_THAN_A_LINE) return null;
  const lines = textLines(c.parts);
  if (lines.length < 2 || lines.length > 4) return null;
  const spans = lines.map((parts) => ({ parts, y0: Math.min(...parts.map((p) => p.y0)), y1: Math.max(...parts.map((p) => p.y1)) }));
  const crops = spans.map(({ parts, y0, y1 }, k): CellCrop => {
    // Each line's crop runs to the middle of the gaps above and below it.
    const top = k === 0 ? 0 : Math.floor((spans[k - 1]!.y1 + y0) / 2);
    const end = k === spans.length - 1 ? c.image.height : Math.ceil((y1 + spans[k + 1]!.y0) / 2);
    const shift = (p: Component): Component => ({ ...p, y0: p.y0 - top, y1: p.y1 - top });
    const specks = c.specks.filter((p) => p.y0 >= y0 && p.y1 <= y1).map(shift);
    return { ...c, image: crop(c.image, 0, top, c.image.width, end), parts: parts.map(shift), specks, textHeight: y1 - y0, flat: false };
  });
  return crops.every((line) => line.textHeight >= lineHeight * 0.6 && isFigureShaped(line, lineHeight, true)) ? crops : null;
}

/**
 * A cell's ink in lines: blobs whose heights overlap, top to bottom. A thin line close over or
 * under another is a piece of its glyphs, not a line of its own: a 7's bar apart from its stem,
 * a 5's flag, in small type at a low resolution.
 */
function textLines(parts: Component[]): Component[][] {
  const lines: Component[][] = [];
  let bottom = -Infinity;
  for (const part of [...parts].sort((a, b) => a.y0 - b.y0)) {
    if (part.y0 < bottom) {
      lines.at(-1)!.push(part);
      bottom = Math.max(bottom, part.y1);
    } else {
      lines.push([part]);
      bottom = part.y1;
    }
  }
  const span = (line: Component[]): { y0: number; y1: number } => ({ y0: Math.min(...line.map((p) => p.y0)), y1: Math.max(...line.map((p) => p.y1)) });
  const tallest = Math.max(0, ...lines.map((line) => span(line).y1 - span(line).y0));
  for (let k = 0; k < lines.length && lines.length > 1; k++) {
    const { y0, y1 } = span(lines[k]!);
    if (y1 - y0 >= tallest * THIN_LINE) continue;
    const gapAbove = k > 0 ? y0 - span(lines[k - 1]!).y1 : Infinity;
    const gapBelow = k < lines.length - 1 ? span(lines[k + 1]!).y0 - y1 : Infinity;
    const into = gapBelow <= gapAbove ? k + 1 : k - 1;
    if (Math.min(gapAbove, gapBelow) > tallest * THIN_GAP) continue;
    lines[into]!.push(...lines[k]!);
    lines.splice(k, 1);
    k--;
  }
  return lines;
}

/** One digit blob of a cell, cut out with the white around it (and any ink of its neighbours blanked). */
function blobCrop(c: CellCrop, part: Component): CellCrop {
  const pad = Math.max(2, Math.round((part.y1 - part.y0) * 0.3));
  const x0 = Math.max(0, part.x0 - pad);
  const x1 = Math.min(c.image.width, part.x1 + pad);
  const image = crop(c.image, x0, 0, x1, c.image.height);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const inside = x + x0 >= part.x0 && x + x0 < part.x1 && y >= part.y0 && y < part.y1;
      if (!inside) image.data[y * image.width + x] = 255;
    }
  }
  const shifted = { ...part, x0: part.x0 - x0, x1: part.x1 - x0 };
  return { ...c, image, parts: [shifted], specks: [] };
}

/** Small low blobs between the first and the last digit (decimal points and thousands separators): after how many digits each stands. */
function pointGaps(c: CellCrop, tall: Component[]): number[] {
  if (tall.length < 2) return [];
  const left = tall[0]!.x1;
  const right = tall[tall.length - 1]!.x0;
  const top = Math.min(...tall.map((p) => p.y0));
  const bottom = Math.max(...tall.map((p) => p.y1));
  const height = bottom - top;
  return [...c.parts, ...c.specks].filter((p) => {
    const h = p.y1 - p.y0;
    const cx = (p.x0 + p.x1) / 2;
    const cy = (p.y0 + p.y1) / 2;
    const w = p.x1 - p.x0;
    // About a stroke wide, sitting on the digits' baseline: specks of a scan mostly are not.
    const sized = h < height * 0.45 && w < height * 0.45 && Math.max(w, h) >= Math.max(2, height * 0.1);
    // In a gap between two digits, not under one (a piece broken off a small digit).
    const inGap = !tall.some((t) => p.x1 > t.x0 && p.x0 < t.x1);
    return sized && inGap && p.pixels >= 0.4 * w * h && cx > left - 1 && cx < right + 1 && cy > top + height * 0.55 && p.y1 >= bottom - Math.max(2, height * 0.15);
  }).map((p) => tall.filter((t) => t.x1 <= p.x0 + 1).length).sort((a, b) => a - b);
}

/**
 * Decimal points too faint for the ink's threshold (small type: a pixel or two of grey, and
 * tesseract may or may not see it; "286.4" read 2864): looked for, like the minus, in the grey
 * image with a threshold halfway to white, only in a gap between digits wider than the cell's
 * others by a quarter of the digits' height (a point takes its own room), low in it and with
 * nothing above it (a serif's blur runs along the baseline of a narrow gap).
 */
function faintPointGaps(c: CellCrop, tall: Component[]): number[] {
  if (tall.length < 2) return [];
  const top = Math.min(...tall.map((p) => p.y0));
  const bottom = Math.max(...tall.map((p) => p.y1));
  const height = bottom - top;
  const soft = faintInk(c);
  const widths = tall.slice(1).map((p, k) => p.x0 - tall[k]!.x1);
  const usual = widths.length > 1 ? Math.min(...widths) : 0;
  const found: number[] = [];
  widths.forEach((width, k) => {
    if (width < Math.max(3, usual + height * 0.25)) return;
    let low = 0;
    let high = 0;
    for (let x = tall[k]!.x1 + 1; x < tall[k + 1]!.x0 - 1; x++) {
      for (let y = top; y < bottom; y++) {
        if (c.image.data[y * c.image.width + x]! > soft) continue;
        if (y >= bottom - height * 0.35) low++;
        else high++;
      }
    }
    if (low >= 2 && high === 0) found.push(k + 1);
  });
  return found;
}

/**
 * Whether the line readings confirm a blob-by-blob reading: one is the same, or each is it with
 * one character dropped, and not the same one (together they have every character).
 */
function linesConfirm(blobs: string, first: string, second: string): boolean {
  if (first === blobs || second === blobs) return true;
  const dropped = new Set([...blobs].map((_, k) => blobs.slice(0, k) + blobs.slice(k + 1)));
  return first !== second && dropped.has(first) && dropped.has(second);
}

/** How many digits blobs hold by their widths (digits that touch make one wide blob). */
function digitsWide(blobs: Component[]): number {
  return blobs.reduce((n, p) => n + Math.max(1, Math.round((p.x1 - p.x0) / ((p.y1 - p.y0) * DIGIT_WIDTH))), 0);
}

/** The most digits that two readings or more count alike; 0 when no two agree. */
function countOfTwo(readings: string[]): number {
  const counts = readings.map((text) => digitsOf(text).length).filter((n) => n > 0);
  return Math.max(0, ...counts.filter((n, i) => counts.indexOf(n) !== i));
}

/**
 * True when a figure read alone gives the same text at both scales and another reading gives it
 * too, the digit shapes (where known) not against it: fitting the ink's blobs, a line reading,
 * blob by blob or the shapes; or, where digits touch, blob by blob as the blobs were cut apart.
 */
function soloAgreed(
  r: { digits: string; again: string; digitBlobs: Component[]; fits: (text: string) => boolean; fitsBlobs: (text: string, blobs: Component[]) => boolean },
  solo: string[] | undefined, byBlob: string | undefined, shapeDigits: string | null,
): boolean {
  const [first, second] = solo ?? [];
  if (first === undefined || first !== second) return false;
  if (shapeDigits !== null && shapeDigits !== digitsOf(first)) return false;
  if (r.fits(first)) return [r.digits, r.again, byBlob].includes(first) || shapeDigits === digitsOf(first);
  return byBlob === first && r.fitsBlobs(first, r.digitBlobs);
}

/** Greys at or below this are ink, if faint: halfway from the cell's ink threshold to white (small marks a pixel or two wide blur out of the ink). */
function faintInk(c: CellCrop): number {
  return (c.threshold + 255) / 2;
}

/**
 * A minus sign: a short bar at mid-height just left of the first digit. Looked for in the grey
 * image with a threshold halfway to white: in small type a minus is a pixel or two of grey that
 * the ink's threshold leaves out, and tesseract drops it too ("-3" read 3 at both scales).
 */
function minusMark(c: CellCrop, tall: Component[]): boolean {
  if (tall.length === 0) return false;
  const top = Math.min(...tall.map((p) => p.y0));
  const height = Math.max(...tall.map((p) => p.y1)) - top;
  const soft = faintInk(c);
  const x1 = tall[0]!.x0 - 1;
  const x0 = Math.max(0, Math.floor(x1 - height));
  const y0 = Math.max(0, Math.round(top + height * 0.25));
  const y1 = Math.min(c.image.height, Math.round(top + height * 0.8));
  // Columns whose dark pixels (in the band) are few and together: a bar's cross-section.
  let run = 0;
  let best = 0;
  let from = Infinity;
  let to = -Infinity;
  for (let x = x0; x < x1; x++) {
    let first = -1;
    let last = -1;
    for (let y = y0; y < y1; y++) {
      if (c.image.data[y * c.image.width + x]! <= soft) {
        if (first < 0) first = y;
        last = y;
      }
    }
    if (first >= 0 && last - first < height * 0.3) {
      run++;
      from = Math.min(from, first);
      to = Math.max(to, last);
      if (run > best && to - from < height * 0.35) best = run;
    } else {
      run = 0;
      from = Infinity;
      to = -Infinity;
    }
  }
  return best >= height * 0.3;
}

/** One tall blob whose ink moves right going up, a stroke wide at both ends: "/". */
function isSlash(c: CellCrop): boolean {
  const tall = c.parts.filter((p) => p.y1 - p.y0 >= c.textHeight * 0.6);
  if (tall.length !== 1 || c.parts.length > 2) return false;
  const p = tall[0]!;
  const h = p.y1 - p.y0;
  /** The ink of some rows of the blob: where it stands on average, and how wide it runs. */
  const ink = (rowFrom: number, rowTo: number): { mean: number; extent: number } => {
    let sum = 0;
    let n = 0;
    let from = Infinity;
    let to = -Infinity;
    for (let y = rowFrom; y < rowTo; y++) {
      for (let x = p.x0; x < p.x1; x++) {
        if (c.image.data[y * c.image.width + x]! <= c.threshold) {
          sum += x;
          n++;
          from = Math.min(from, x);
          to = Math.max(to, x + 1);
        }
      }
    }
    return { mean: n > 0 ? sum / n : NaN, extent: to - from };
  };
  // Its ends are a stroke wide: a "2" worn thin by a poor copy leans as well, but its foot runs
  // the whole width of the blob.
  const end = Math.max(1, Math.ceil(h / 8));
  const w = p.x1 - p.x0;
  if (ink(p.y0, p.y0 + end).extent > w * 0.6 || ink(p.y1 - end, p.y1).extent > w * 0.6) return false;
  // Nothing over it: a "7" whose bar is fainter than the ink's threshold, or apart from its
  // stem, leaves a stem that leans like a slash; the bar shows in faint grey.
  const soft = faintInk(c);
  const margin = Math.ceil(h / 3);
  let over = 0;
  for (let y = Math.max(0, p.y0 - margin); y < p.y0 - 1; y++) {
    for (let x = Math.max(0, p.x0 - margin); x < Math.min(c.image.width, p.x1 + margin); x++) if (c.image.data[y * c.image.width + x]! <= soft) over++;
  }
  if (over >= h / 2) return false;
  // It leans: its top quarter stands right of its bottom quarter by a fifth of the height between
  // them or more (a sans-serif slash leans about 0.45, Times New Roman's 0.3; a "1" not at all).
  const top = ink(p.y0, p.y0 + Math.ceil(h / 4)).mean;
  const bottom = ink(p.y1 - Math.ceil(h / 4), p.y1).mean;
  return top - bottom > h * 0.75 * 0.2;
}

/**
 * A few narrow blobs of one line's height: digits, not Chinese characters (about square).
 * `broken`: with pieces one over another joined first (a line of a wrapped figure, whose one
 * digit may be a 7's bar and stem); a cell's own figures keep the blobs as they are.
 */
function isFigureShaped(c: CellCrop, lineHeight: number, broken = false): boolean {
  // Taller than the page's lines: figures only if printed larger on one line (section 四's
  // figures in a bigger type than the labels), not a label wrapped over lines.
  if (c.textHeight > lineHeight * TALLER_THAN_A_LINE && textLines(c.parts).length > 1) return false;
  const tall = (broken ? joinColumns(c.parts, c.textHeight) : c.parts).filter((p) => p.y1 - p.y0 >= c.textHeight * 0.6);
  if (tall.length === 0 || tall.length > 16) return false;
  return tall.every((p) => p.x1 - p.x0 <= (p.y1 - p.y0) * 0.85);
}

function glyphFor(c: CellCrop, text: string, confidence: number): Glyph {
  // One glyph in the middle of the cell: the assembler puts it in that cell.
  const cx = (c.box.x0 + c.box.x1) / 2;
  const cy = (c.box.y0 + c.box.y1) / 2;
  return { text, x0: cx - 0.5, x1: cx + 0.5, top: cy - 0.5, bottom: cy + 0.5, baseline: cy, size: 1, confidence: Math.round(confidence * 1000) / 1000 };
}

/** Stacks the crops (scaled) one under another with white gaps, recognises, and maps lines back. */
async function recognizeStacked(crops: CellCrop[], factor: number, options: { whitelist?: string }): Promise<{ text: string; confidence: number }[]> {
  const results: { text: string; confidence: number }[] = [];
  for (let start = 0; start < crops.length; start += CELLS_PER_STRIP) {
    const group = crops.slice(start, start + CELLS_PER_STRIP).map((c) => scale(c.image, factor));
    const { image, bands } = layOut(group, 'down', Math.round(TARGET_TEXT_HEIGHT * 0.8), TARGET_TEXT_HEIGHT);
    const lines = await recognizeLines(toPgm(image), { layout: 'block', model: 'chi_sim', ...options });
    results.push(...bands.map((band) => readBand(lines, { y0: band.from, y1: band.to })));
  }
  return results;
}

/**
 * Cells read in Chinese, stacked. A label of one line that the stack read doubtfully, or not at
 * all, is read again alone as a line: in a stack tesseract may take a line's layout from its
 * neighbours and misread it whole ("2.其他法律行政法规禁止公开" read as "Ni"). The second reading
 * stands only if it is a reliable label: stray Chinese read from a damaged figure would lose its row.
 */
async function readLabels(crops: CellCrop[], factor: number): Promise<{ text: string; confidence: number }[]> {
  const read = await recognizeStacked(crops, factor, {});
  // Latin letters alone are doubtful however sure: a whole label misread as a word ("er").
  const doubted = (r: { text: string; confidence: number }): boolean => r.confidence < RELIABLE_LABEL || (hanCount(r.text) === 0 && /[A-Za-z]/.test(r.text));
  const doubtful = crops.flatMap((c, i) => (!c.flat && doubted(read[i]!) && textLines(c.parts).length === 1 ? [i] : []));
  const alone = doubtful.length > 0 ? await recognizeAlone(doubtful.map((i) => crops[i]!), factor) : [];
  doubtful.forEach((i, k) => {
    const again = alone[k]!;
    // Over a reading with no Chinese at all, a fair one will do: the label matcher is as strict.
    const enough = hanCount(read[i]!.text) === 0 ? FAIR_LABEL : RELIABLE_LABEL;
    if (again.confidence >= enough && hanCount(again.text) >= 2) read[i] = again;
  });
  return read;
}

const hanCount = (text: string): number => (text.match(/\p{Script=Han}/gu) ?? []).length;

/** Symbols as one reading: their text, and the least confidence among them (0 for none). */
function readingOfSymbols(symbols: OcrLine['symbols']): { text: string; confidence: number } {
  return { text: symbols.map((s) => s.text).join(''), confidence: symbols.length > 0 ? Math.min(...symbols.map((s) => s.confidence)) : 0 };
}

/** Each crop (scaled) on its own, read in Chinese as a single text line. */
async function recognizeAlone(crops: CellCrop[], factor: number): Promise<{ text: string; confidence: number }[]> {
  const results: { text: string; confidence: number }[] = [];
  for (const c of crops) {
    const { image } = layOut([scale(c.image, factor)], 'across', 0, TARGET_TEXT_HEIGHT);
    const symbols = (await recognizeLines(toPgm(image), { layout: 'line', model: 'chi_sim' })).flatMap((l) => l.symbols);
    results.push(readingOfSymbols(symbols));
  }
  return results;
}

/** One figure (or digit) read alone as a line of digits, once at each scale: its texts, spaces left out. */
async function readDigitsAlone(c: CellCrop, factors: number[], lineHeight: number): Promise<string[]> {
  const texts: string[] = [];
  for (const f of factors) texts.push((await recognizeInLine([c], f, lineHeight, DIGITS))[0]!.text.replace(/\s+/g, ''));
  return texts;
}

/**
 * Figures side by side on one line with wide gaps, read as a single text line: tesseract's page
 * layout drops lone short lines ("9", "1") from a stacked column, a single line it reads whole.
 */
async function recognizeInLine(crops: CellCrop[], factor: number, lineHeight: number, whitelist: string): Promise<{ text: string; confidence: number }[]> {
  const results: { text: string; confidence: number }[] = [];
  // Figures printed larger than the page's lines are brought to their height: tesseract takes a
  // line's size from all of it, and small digits beside large ones are misread.
  const scaled = (c: CellCrop): GrayImage => scale(c.image, c.textHeight > lineHeight * TALLER_THAN_A_LINE ? (factor * lineHeight) / c.textHeight : factor);
  for (let start = 0; start < crops.length; start += CELLS_PER_LINE) {
    const group = crops.slice(start, start + CELLS_PER_LINE).map(scaled);
    const { image, bands } = layOut(group, 'across', TARGET_TEXT_HEIGHT * 2, TARGET_TEXT_HEIGHT);
    const lines = await recognizeLines(toPgm(image), { layout: 'line', whitelist, model: 'eng' });
    const symbols = lines.flatMap((l) => l.symbols);
    for (const band of bands) {
      const mine = symbols.filter((s) => {
        const cx = (s.x0 + s.x1) / 2;
        return cx >= band.from - 4 && cx <= band.to + 4;
      });
      results.push(readingOfSymbols(mine));
    }
  }
  return results;
}

/**
 * Lays images out on white, one after another `down` the page or `across` a line, `gap` apart
 * with `margin` around; stacked ones stand at the left margin, ones side by side are centred on
 * the line. Returns the image and where each one runs along the axis.
 */
function layOut(group: GrayImage[], axis: 'down' | 'across', gap: number, margin: number): { image: GrayImage; bands: { from: number; to: number }[] } {
  const down = axis === 'down';
  const bands: { from: number; to: number }[] = [];
  let at = margin;
  for (const g of group) {
    const length = down ? g.height : g.width;
    bands.push({ from: at, to: at + length });
    at += length + gap;
  }
  const breadth = Math.max(...group.map((g) => (down ? g.width : g.height))) + 2 * margin;
  const width = down ? breadth : at - gap + margin;
  const height = down ? at - gap + margin : breadth;
  const data = new Uint8Array(width * height).fill(255);
  group.forEach((g, i) => {
    const left = down ? margin : bands[i]!.from;
    const top = down ? bands[i]!.from : Math.floor((height - g.height) / 2);
    for (let row = 0; row < g.height; row++) data.set(g.data.subarray(row * g.width, (row + 1) * g.width), (top + row) * width + left);
  });
  return { image: { width, height, data }, bands };
}

/** The text of the symbols whose centre lies in a band: lines joined by newlines, confidence the lowest. */
function readBand(lines: OcrLine[], band: { y0: number; y1: number }): { text: string; confidence: number } {
  const texts: string[] = [];
  let confidence = 1;
  let any = false;
  for (const line of lines) {
    const symbols = line.symbols.filter((s) => {
      const cy = (s.y0 + s.y1) / 2;
      return cy >= band.y0 - 4 && cy <= band.y1 + 4;
    });
    if (symbols.length === 0) continue;
    any = true;
    texts.push(symbols.map((s) => s.text).join(''));
    for (const s of symbols) confidence = Math.min(confidence, s.confidence);
  }
  return { text: texts.join('\n'), confidence: any ? confidence : 0 };
}

/**
 * Prose is read in strips at most this tall (points), cut where a row holds no ink: tesseract's
 * memory grows to the largest image it is given and is never given back, and a whole page at
 * 300 dpi took a thread 30 MB more than the tables' cells do.
 */
const PROSE_STRIP_PT = 216;
/** Greys lighter than this are paper, whatever a page's threshold: print is darker. */
const PAPER = 192;

/**
 * Bands of rows to read, each at most `most` rows tall, cut at a row without ink where there is
 * one (between lines of text), blank rows at the ends left out.
 */
function proseStrips(image: GrayImage, threshold: number, most: number): { from: number; to: number }[] {
  const { width, height, data } = image;
  // A row with a speck or two is blank: specks are not text.
  const inked = (y: number): boolean => {
    let count = 0;
    for (let i = y * width, end = i + width; i < end; i++) if (data[i]! <= threshold && ++count > 2) return true;
    return false;
  };
  const strips: { from: number; to: number }[] = [];
  let from = -1;
  let lastInked = -1;
  let lastBlank = -1;
  for (let y = 0; y < height; y++) {
    if (!inked(y)) {
      if (from >= 0) lastBlank = y;
      continue;
    }
    if (from < 0) from = y;
    else if (y - from >= most) {
      const to = lastBlank > from ? lastBlank : y;
      strips.push({ from, to });
      from = lastBlank > from ? lastBlank + 1 : y;
    }
    lastInked = y;
  }
  if (from >= 0 && lastInked >= from) strips.push({ from, to: lastInked + 1 });
  return strips;
}

/** The page's prose (outside the tables), as one glyph per recognised line. */
async function recognizeProse(image: GrayImage, tables: LatticeTable[], dpi: number): Promise<Glyph[]> {
  const px = dpi / 72;
  const data = new Uint8Array(image.data);
  for (const table of tables) {
    const x0 = Math.max(0, Math.floor(table.box.x0 * px) - 4);
    const x1 = Math.min(image.width, Math.ceil(table.box.x1 * px) + 4);
    const y0 = Math.max(0, Math.floor(table.box.y0 * px) - 4);
    const y1 = Math.min(image.height, Math.ceil(table.box.y1 * px) + 4);
    for (let y = y0; y < y1; y++) data.fill(255, y * image.width + x0, y * image.width + x1);
  }
  const rest: GrayImage = { width: image.width, height: image.height, data };
  // Nothing but paper (or a few specks) left: no call. A blank scan's threshold falls among the
  // paper's own greys (252), and tesseract reads that speckle as lines of characters.
  const threshold = otsuThreshold(image);
  const ink = Math.min(threshold, PAPER);
  let inkCount = 0;
  for (const v of data) if (v <= ink) inkCount++;
  if (inkCount < px * px * 20) return [];
  // Prose is read at about 300 dpi whatever the source.
  const factor = Math.min(2, Math.max(1, 300 / dpi));
  const toPoints = 72 / dpi;
  const margin = Math.round(px * 4);
  const glyphs: Glyph[] = [];
  for (const strip of proseStrips(rest, ink, Math.round(px * PROSE_STRIP_PT))) {
    const { image: padded } = layOut([crop(rest, 0, strip.from, rest.width, strip.to)], 'down', 0, margin);
    const lines = await recognizeLines(toPgm(factor === 1 ? padded : scale(padded, factor)), { layout: 'auto', model: 'chi_sim' });
    // From the scaled strip back to the page.
    const x = (v: number): number => (v / factor - margin) * toPoints;
    const y = (v: number): number => (v / factor - margin + strip.from) * toPoints;
    for (const line of lines) {
      const text = line.symbols.map((s) => s.text).join('').trim();
      const confidence = line.symbols.reduce((sum, s) => sum + s.confidence, 0) / line.symbols.length;
      // Lines read with little confidence are specks and stamps, not prose.
      if (!text || confidence < 0.5) continue;
      glyphs.push({ text, x0: x(line.x0), x1: x(line.x1), top: y(line.y0), bottom: y(line.y1), baseline: y(line.y1), size: y(line.y1) - y(line.y0), confidence: Math.round(confidence * 1000) / 1000 });
    }
  }
  return glyphs;
}
