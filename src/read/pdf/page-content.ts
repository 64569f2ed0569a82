/**
 * What the PDF reader needs of a page, from pdf.js: the text layer as glyphs and the ruling
 * lines and thin rectangles of the operator list, all in device space (top-left origin, page
 * rotation applied), so that rotated pages come out upright.
 */
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { apply, IDENTITY, multiply, type Glyph, type Matrix, type Segment } from './geometry.js';

/** pdf.js operator ids (OPS) used by the PDF reader; stable across pdf.js 5.x. */
export const OP = {
  setGState: 9, save: 10, restore: 11, transform: 12, endPath: 28,
  stroke: 20, closeStroke: 21, fill: 22, eoFill: 23, fillStroke: 24, eoFillStroke: 25, closeFillStroke: 26, closeEOFillStroke: 27,
  paintImageMaskXObject: 83, paintImageXObject: 85, paintInlineImageXObject: 86, paintImageXObjectRepeat: 88,
  constructPath: 91,
} as const;
const DRAW = { moveTo: 0, lineTo: 1, curveTo: 2, quadraticCurveTo: 3, closePath: 4 } as const;

const STROKES: ReadonlySet<number> = new Set([OP.stroke, OP.closeStroke, OP.fillStroke, OP.eoFillStroke, OP.closeFillStroke, OP.closeEOFillStroke]);
const FILLS: ReadonlySet<number> = new Set([OP.fill, OP.eoFill, OP.fillStroke, OP.eoFillStroke, OP.closeFillStroke, OP.closeEOFillStroke]);
const IMAGES: ReadonlySet<number> = new Set([OP.paintImageMaskXObject, OP.paintImageXObject, OP.paintInlineImageXObject, OP.paintImageXObjectRepeat]);

/** A filled rectangle thinner than this (in points) is a drawn line, not a shaded area. */
const THIN = 2.5;
/** Lines shorter than this are ticks or glyph parts, not table rules. */
const MIN_RULE = 4;

export interface PageContent {
  number: number;
  width: number;
  height: number;
  glyphs: Glyph[];
  segments: Segment[];
  /** Area covered by painted images, as a share of the page. */
  imageCover: number;
  /** Resolution (dots per inch) of the largest image painted, when its size in pixels is known: a scan's. */
  imageDpi?: number;
}

interface TextItemLike {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

export async function readPageContent(page: PDFPageProxy): Promise<PageContent> {
  const viewport = page.getViewport({ scale: 1 });
  const [text, operators] = await Promise.all([page.getTextContent(), page.getOperatorList()]);
  const items = (text.items as TextItemLike[]).filter((item) => item.str && item.str.trim());
  // The viewer's orientation (page /Rotate applied), turned further if most text then runs
  // vertically: a page may be rotated either way round, the reading direction decides.
  const { device, width, height } = uprightDevice(viewport.transform as Matrix, viewport.width, viewport.height, items);
  const glyphs: Glyph[] = [];
  for (const item of items) splitGlyphs(item, device, glyphs);
  const { segments, imageArea, imageDpi } = readRules(operators.fnArray, operators.argsArray as unknown[][], device);
  const content: PageContent = { number: page.pageNumber, width, height, glyphs, segments, imageCover: Math.min(1, imageArea / (width * height)) };
  if (imageDpi !== undefined) content.imageDpi = imageDpi;
  return content;
}

/** The quarter turn that makes the page's text (weighted by length) run left to right. */
function uprightDevice(viewer: Matrix, width: number, height: number, items: TextItemLike[]): { device: Matrix; width: number; height: number } {
  const votes = [0, 0, 0, 0];
  for (const item of items) {
    const m = multiply(viewer, item.transform as Matrix);
    const angle = Math.round(Math.atan2(m[1], m[0]) / (Math.PI / 2));
    votes[((angle % 4) + 4) % 4]! += [...item.str].length;
  }
  const quarter = votes.indexOf(Math.max(...votes));
  if (quarter === 0 || votes[quarter] === 0) return { device: viewer, width, height };
  // Rotate by -quarter × 90°, then move the page back to positive coordinates.
  const turn: Matrix = [[1, 0, 0, 1], [0, -1, 1, 0], [-1, 0, 0, -1], [0, 1, -1, 0]][quarter]!.concat([0, 0]) as Matrix;
  const corners = [[0, 0], [width, 0], [0, height], [width, height]].map(([x, y]) => apply(turn, x!, y!));
  const minX = Math.min(...corners.map((c) => c[0]));
  const minY = Math.min(...corners.map((c) => c[1]));
  const device = multiply([1, 0, 0, 1, -minX, -minY], multiply(turn, viewer));
  const swap = quarter % 2 === 1;
  return { device, width: swap ? height : width, height: swap ? width : height };
}

/**
 * pdf.js gives runs of text ("自然人 总计" when two narrow cells touch); cells are told apart by
 * the ruling lines, so each run is cut into glyphs, placed by estimated advance widths
 * (CJK and full-width forms one em, the rest half an em).
 */
function splitGlyphs(item: TextItemLike, device: Matrix, out: Glyph[]): void {
  const m = multiply(device, item.transform as Matrix);
  const size = Math.hypot(m[2], m[3]) || Math.hypot(m[0], m[1]);
  const length = Math.hypot(m[0], m[1]);
  if (length === 0 || size === 0) return;
  const dirX = m[0] / length;
  const dirY = m[1] / length;
  const [originX, originY] = [m[4], m[5]];
  const chars = [...foldIdeographs(item.str)];
  const weights = chars.map(advanceWeight);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  // item.width is in text space scaled by the item's own matrix; in device space it is along the run.
  const scale = Math.hypot(device[0], device[1]);
  const width = item.width > 0 ? item.width * scale : totalWeight * size;
  let advanced = 0;
  chars.forEach((ch, i) => {
    const start = (advanced / totalWeight) * width;
    advanced += weights[i]!;
    const end = (advanced / totalWeight) * width;
    if (!ch.trim()) return;
    const sx = originX + dirX * start;
    const sy = originY + dirY * start;
    const ex = originX + dirX * end;
    const ey = originY + dirY * end;
    // Upright text: the glyph box spans ascent above and descent below the baseline.
    out.push({
      text: ch,
      x0: Math.min(sx, ex),
      x1: Math.max(sx, ex),
      top: Math.min(sy, ey) - size * 0.85,
      bottom: Math.max(sy, ey) + size * 0.15,
      baseline: (sy + ey) / 2,
      size,
    });
  });
}

/**
 * Fonts often map CJK glyphs to Kangxi radicals or compatibility ideographs ("⾏" U+2F8F for
 * "行"): fold those to the unified ideographs that the text means (NFKC, on those blocks only).
 */
export function foldIdeographs(text: string): string {
  return /[\u2e80-\u2fdf\uf900-\ufaff]/.test(text)
    ? text.replace(/[\u2e80-\u2fdf\uf900-\ufaff]/g, (ch) => RADICALS_SUPPLEMENT[ch] ?? ch.normalize('NFKC'))
    : text;
}

/**
 * CJK Radicals Supplement forms that fonts use for whole characters; NFKC leaves most of
 * these alone. Simplified forms first, as reports use them.
 */
const RADICALS_SUPPLEMENT: Record<string, string> = {
  '⺁': '厂', '⺇': '几', '⺌': '小', '⺕': '彐', '⺟': '母', '⺠': '民', '⺣': '火', '⺤': '爪', '⺦': '丬', '⺨': '犭',
  '⺩': '王', '⺫': '罒', '⺬': '示', '⺭': '礻', '⺮': '竹', '⺳': '网', '⺶': '羊', '⺻': '聿', '⺼': '肉', '⺾': '艹',
  '⻀': '虫', '⻄': '西', '⻅': '见', '⻆': '角', '⻈': '讠', '⻉': '贝', '⻋': '车', '⻍': '辶', '⻏': '阝', '⻑': '長',
  '⻓': '长', '⻔': '门', '⻘': '青', '⻙': '韦', '⻚': '页', '⻛': '风', '⻜': '飞', '⻝': '食', '⻢': '马', '⻣': '骨',
  '⻤': '鬼', '⻥': '鱼', '⻦': '鸟', '⻧': '卤', '⻨': '麦', '⻩': '黄', '⻪': '黾', '⻬': '齐', '⻮': '齿', '⻰': '龙', '⻳': '龟',
};

function advanceWeight(ch: string): number {
  const code = ch.codePointAt(0)!;
  if (code >= 0x2e80 || (code >= 0x2010 && code <= 0x201f) || (code >= 0x3000 && code <= 0x303f)) return 1;
  return 0.5;
}

/**
 * Walks an operator list keeping the current transformation matrix (save, restore and transform
 * applied); `visit` gets every other operator with it, and ends the walk by returning false.
 * Returns whether the walk went to the end.
 */
export function walkOperators(fnArray: number[], argsArray: unknown[][], visit: (fn: number, args: unknown[], ctm: Matrix) => boolean | void): boolean {
  let ctm: Matrix = IDENTITY;
  const stack: Matrix[] = [];
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i]!;
    const args = argsArray[i]!;
    if (fn === OP.save) stack.push(ctm);
    else if (fn === OP.restore) ctm = stack.pop() ?? IDENTITY;
    else if (fn === OP.transform) ctm = multiply(ctm, args as Matrix);
    else if (visit(fn, args, ctm) === false) return false;
  }
  return true;
}

function readRules(fnArray: number[], argsArray: unknown[][], device: Matrix): { segments: Segment[]; imageArea: number; imageDpi?: number } {
  const segments: Segment[] = [];
  let imageArea = 0;
  let largest = 0;
  let imageDpi: number | undefined;
  walkOperators(fnArray, argsArray, (fn, args, ctm) => {
    if (fn === OP.constructPath) {
      const paint = args[0] as number;
      const data = (args[1] as ArrayLike<number>[] | undefined)?.[0];
      // Clipping paths paint nothing.
      if (data && (STROKES.has(paint) || FILLS.has(paint))) addPath(data, multiply(device, ctm), STROKES.has(paint), FILLS.has(paint), segments);
    } else if (IMAGES.has(fn)) {
      // Images are drawn into the unit square of the current matrix.
      const m = multiply(device, ctm);
      const area = Math.abs(m[0] * m[3] - m[1] * m[2]);
      imageArea += area;
      // Its width in pixels: an XObject's arguments are [id, width, height]; an inline image's, [image].
      const pixels = fn === OP.paintImageXObject ? Number(args[1]) : Number((args[0] as { width?: number } | undefined)?.width);
      const points = Math.hypot(m[0], m[1]);
      if (area > largest && pixels > 0 && points > 0) {
        largest = area;
        imageDpi = (pixels / points) * 72;
      }
    }
  });
  return imageDpi === undefined ? { segments, imageArea } : { segments, imageArea, imageDpi };
}

/** Adds the axis-aligned lines of a path: stroked lines and rectangle edges, and filled thin rectangles. */
function addPath(data: ArrayLike<number>, m: Matrix, stroked: boolean, filled: boolean, out: Segment[]): void {
  let subpath: [number, number][] = [];
  const flush = () => {
    if (subpath.length >= 2) addSubpath(subpath, stroked, filled, out);
    subpath = [];
  };
  for (let i = 0; i < data.length;) {
    const op = data[i++];
    if (op === DRAW.moveTo) {
      flush();
      subpath.push(apply(m, data[i++]!, data[i++]!));
    } else if (op === DRAW.lineTo) {
      subpath.push(apply(m, data[i++]!, data[i++]!));
    } else if (op === DRAW.curveTo) {
      flush(); // curves are not table rules
      i += 6;
    } else if (op === DRAW.quadraticCurveTo) {
      flush();
      i += 4;
    } else if (op === DRAW.closePath) {
      if (subpath.length > 0) subpath.push(subpath[0]!);
      flush();
    } else break;
  }
  flush();
}

function addSubpath(points: [number, number][], stroked: boolean, filled: boolean, out: Segment[]): void {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const minY = Math.min(...ys);
  const maxY = Math.max(...ys);
  const w = maxX - minX;
  const h = maxY - minY;
  const axisAligned = points.every((p, k) => k === 0 || Math.abs(p[0] - points[k - 1]![0]) < 0.5 || Math.abs(p[1] - points[k - 1]![1]) < 0.5);
  if (!axisAligned) return;
  if (filled && !stroked) {
    // A filled thin rectangle is a drawn line (how many PDF printers draw cell borders).
    if (h <= THIN && w >= MIN_RULE) out.push({ orientation: 'h', at: (minY + maxY) / 2, from: minX, to: maxX });
    else if (w <= THIN && h >= MIN_RULE) out.push({ orientation: 'v', at: (minX + maxX) / 2, from: minY, to: maxY });
    return;
  }
  for (let k = 1; k < points.length; k++) {
    const [x0, y0] = points[k - 1]!;
    const [x1, y1] = points[k]!;
    if (Math.abs(y1 - y0) < 0.5 && Math.abs(x1 - x0) >= MIN_RULE) out.push({ orientation: 'h', at: (y0 + y1) / 2, from: Math.min(x0, x1), to: Math.max(x0, x1) });
    else if (Math.abs(x1 - x0) < 0.5 && Math.abs(y1 - y0) >= MIN_RULE) out.push({ orientation: 'v', at: (x0 + x1) / 2, from: Math.min(y0, y1), to: Math.max(y0, y1) });
  }
}
