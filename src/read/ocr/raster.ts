/**
 * Pixel work for OCR, pure and synchronous: grey images, a global threshold, the skew of a
 * scan, rotation, and the ruling lines of tables found as long runs of ink.
 */

/** An 8-bit grey image, row-major, 0 = black, 255 = white. */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Grey from RGB or RGBA pixels (ITU-R 601 weights), alpha composed onto white (transparent PNGs). */
export function grayFromColor(pixels: Uint8Array | Uint8ClampedArray, width: number, height: number, channels: 3 | 4 = 4): GrayImage {
  const data = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < data.length; i++, p += channels) {
    const y = (pixels[p]! * 299 + pixels[p + 1]! * 587 + pixels[p + 2]! * 114) / 1000;
    // Transparent pixels lie on white paper.
    const a = channels === 4 ? pixels[p + 3]! : 255;
    data[i] = Math.round((y * a + 255 * (255 - a)) / 255);
  }
  return { width, height, data };
}

/**
 * The image with its paper brought to white and its ink to black, where a scan saw them grey
 * (toned paper, a pale copy: paper at 85%, ink at 20%): tesseract, stacking cells on white,
 * reads grey boxes poorly, and the blob tests assume white paper. Paper is the median (most of
 * a page is paper), ink the darkest 0.2% (a page may hold little ink); a page whose paper is
 * near white (235, a white scan's noise included) is kept as it is.
 */
export function normalizeContrast(image: GrayImage): GrayImage {
  const histogram = new Uint32Array(256);
  for (const v of image.data) histogram[v]!++;
  const level = (fraction: number): number => {
    let seen = 0;
    for (let v = 0; v < 256; v++) if ((seen += histogram[v]!) >= image.data.length * fraction) return v;
    return 255;
  };
  const paper = level(0.5);
  const ink = level(0.002);
  if (paper >= 235 || paper - ink < 64) return image;
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, Math.round(((image.data[i]! - ink) * 255) / (paper - ink))));
  return { width: image.width, height: image.height, data };
}

/** Otsu's threshold of the grey histogram: pixels at or below it are ink. */
export function otsuThreshold(image: GrayImage): number {
  const histogram = new Float64Array(256);
  for (const v of image.data) histogram[v]!++;
  const total = image.data.length;
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += v * histogram[v]!;
  let weightBack = 0;
  let sumBack = 0;
  let best = 0;
  let threshold = 127;
  for (let v = 0; v < 256; v++) {
    weightBack += histogram[v]!;
    if (weightBack === 0) continue;
    const weightFore = total - weightBack;
    if (weightFore === 0) break;
    sumBack += v * histogram[v]!;
    const meanBack = sumBack / weightBack;
    const meanFore = (sum - sumBack) / weightFore;
    const between = weightBack * weightFore * (meanBack - meanFore) ** 2;
    if (between > best) {
      best = between;
      threshold = v;
    }
  }
  return threshold;
}

/** 1 where the pixel is ink. */
export function binarize(image: GrayImage, threshold = otsuThreshold(image)): Uint8Array {
  const ink = new Uint8Array(image.data.length);
  for (let i = 0; i < ink.length; i++) ink[i] = image.data[i]! <= threshold ? 1 : 0;
  return ink;
}

/**
 * The skew of a page in degrees (positive: lines fall to the right), up to ±maxDegrees: the
 * angle whose projection of the ink onto the vertical axis is sharpest (rules and text lines
 * stack into few rows). Coarse, then fine around the best.
 */
export function estimateSkew(ink: Uint8Array, width: number, height: number, maxDegrees = 4): number {
  // A sample of ink points keeps this fast on 300-dpi pages.
  const xs: number[] = [];
  const ys: number[] = [];
  const step = Math.max(1, Math.round(Math.max(width, height) / 1200));
  for (let y = 0; y < height; y += step) {
    const row = y * width;
    for (let x = 0; x < width; x += step) if (ink[row + x]) { xs.push(x); ys.push(y); }
  }
  if (xs.length < 100) return 0;
  const bins = new Float64Array(Math.ceil(height / step) + Math.ceil(width / step) + 4);
  const offset = Math.ceil(width / step) + 2;
  const score = (degrees: number): number => {
    const t = Math.tan((degrees * Math.PI) / 180);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) bins[Math.round((ys[i]! - xs[i]! * t) / step) + offset]!++;
    let s = 0;
    for (const b of bins) s += b * b;
    return s;
  };
  let best = 0;
  let bestScore = score(0);
  for (let d = -maxDegrees; d <= maxDegrees + 1e-9; d += 0.25) {
    const s = score(d);
    if (s > bestScore) { bestScore = s; best = d; }
  }
  const coarse = best;
  for (let d = coarse - 0.25; d <= coarse + 0.25 + 1e-9; d += 0.02) {
    const s = score(d);
    if (s > bestScore) { bestScore = s; best = d; }
  }
  return Math.round(best * 100) / 100;
}

/** The image turned by -degrees about its centre (undoing a skew of `degrees`), bilinear, white outside. */
export function rotate(image: GrayImage, degrees: number): GrayImage {
  const { width, height, data } = image;
  const out = new Uint8Array(width * height);
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = width / 2;
  const cy = height / 2;
  for (let y = 0; y < height; y++) {
    const dy = y - cy;
    for (let x = 0; x < width; x++) {
      const dx = x - cx;
      // Source of the output pixel: the output is the source turned by -degrees.
      const sx = cx + dx * cos - dy * sin;
      const sy = cy + dx * sin + dy * cos;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= width || y0 + 1 >= height) { out[y * width + x] = 255; continue; }
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * width + x0;
      const top = data[i]! + (data[i + 1]! - data[i]!) * fx;
      const bottom = data[i + width]! + (data[i + width + 1]! - data[i + width]!) * fx;
      out[y * width + x] = Math.round(top + (bottom - top) * fy);
    }
  }
  return { width, height, data: out };
}

/** A ruling line found in an image, in pixels. */
export interface PixelRule {
  orientation: 'h' | 'v';
  at: number;
  from: number;
  to: number;
  thickness: number;
}

/**
 * Ruling lines: runs of ink at least `minLength` long (gaps of up to `maxGap` bridged, for
 * broken or noisy scans), joined over adjacent rows (or columns) into lines. Runs stacked
 * thicker than `maxThickness` are filled areas (a seal, a photo), not rules.
 */
export function findRules(ink: Uint8Array, width: number, height: number, minLength: number, maxGap: number, maxThickness: number): PixelRule[] {
  const horizontal = joinRuns(collectRuns(ink, width, height, minLength, maxGap, true), maxThickness).map((r) => ({ ...r, orientation: 'h' as const }));
  const vertical = joinRuns(collectRuns(ink, width, height, minLength, maxGap, false), maxThickness).map((r) => ({ ...r, orientation: 'v' as const }));
  return [...horizontal, ...vertical];
}

/**
 * The rules of ruled tables. Pieces of one rule broken by a noisy or thin scan (gaps up to
 * `maxGap`) are joined first; then a rule must meet a rule across it (at an end, or crossing it).
 * Strokes of characters set side by side join into runs as long as a short rule (维持 at 300 dpi)
 * and would split a cell in two; they meet no rule across them, and neither do underlines.
 */
export function connectedRules(rules: PixelRule[], tolerance: number, maxGap: number): PixelRule[] {
  const joined: PixelRule[] = [];
  for (const orientation of ['h', 'v'] as const) {
    const lines = rules.filter((r) => r.orientation === orientation).sort((a, b) => a.at - b.at || a.from - b.from);
    const open: PixelRule[] = [];
    for (const rule of lines) {
      const near = open.filter((o) => Math.abs(o.at - rule.at) <= 1 + Math.max(o.thickness, rule.thickness) / 2);
      const mate = near.find((o) => rule.from <= o.to + maxGap && rule.to >= o.from - maxGap);
      if (mate) {
        const length = (r: PixelRule) => r.to - r.from;
        mate.at = (mate.at * length(mate) + rule.at * length(rule)) / (length(mate) + length(rule));
        mate.from = Math.min(mate.from, rule.from);
        mate.to = Math.max(mate.to, rule.to);
        mate.thickness = Math.max(mate.thickness, rule.thickness);
      } else open.push({ ...rule });
    }
    joined.push(...open);
  }
  return joined.filter((rule) => joined.some((other) => {
    if (other.orientation === rule.orientation) return false;
    const slack = tolerance + other.thickness;
    return other.at >= rule.from - slack && other.at <= rule.to + slack && rule.at >= other.from - slack && rule.at <= other.to + slack;
  }));
}

interface Run {
  line: number;
  from: number;
  to: number;
}

function collectRuns(ink: Uint8Array, width: number, height: number, minLength: number, maxGap: number, horizontal: boolean): Run[] {
  const lines = horizontal ? height : width;
  const length = horizontal ? width : height;
  const runs: Run[] = [];
  for (let l = 0; l < lines; l++) {
    let start = -1;
    let lastInk = -1;
    for (let p = 0; p <= length; p++) {
      const on = p < length && ink[horizontal ? l * width + p : p * width + l] === 1;
      if (on) {
        if (start < 0) start = p;
        lastInk = p;
      } else if (start >= 0 && p - lastInk > maxGap) {
        if (lastInk - start + 1 >= minLength) runs.push({ line: l, from: start, to: lastInk + 1 });
        start = -1;
      }
    }
  }
  return runs;
}

/** Runs on neighbouring rows (one row of noise bridged) that overlap mostly are one line several pixels thick. */
function joinRuns(runs: Run[], maxThickness: number): Omit<PixelRule, 'orientation'>[] {
  interface Open { first: number; last: number; from: number; to: number; weight: number; sum: number }
  const done: Open[] = [];
  const active: Open[] = [];
  for (const run of runs) {
    for (let i = active.length - 1; i >= 0; i--) if (active[i]!.last < run.line - 2) done.push(...active.splice(i, 1));
    const len = run.to - run.from;
    const match = active.find((o) => o.last < run.line && Math.min(o.to, run.to) - Math.max(o.from, run.from) > 0.5 * Math.min(len, o.to - o.from));
    if (match) {
      match.last = run.line;
      match.from = Math.min(match.from, run.from);
      match.to = Math.max(match.to, run.to);
      match.sum += run.line * len;
      match.weight += len;
    } else active.push({ first: run.line, last: run.line, from: run.from, to: run.to, weight: len, sum: run.line * len });
  }
  done.push(...active);
  return done
    .filter((o) => o.last - o.first + 1 <= maxThickness)
    .map((o) => ({ at: o.sum / o.weight, from: o.from, to: o.to, thickness: o.last - o.first + 1 }));
}

/** A copy of a region of the image. */
export function crop(image: GrayImage, x0: number, y0: number, x1: number, y1: number): GrayImage {
  const left = Math.max(0, Math.floor(x0));
  const top = Math.max(0, Math.floor(y0));
  const width = Math.max(0, Math.min(image.width, Math.ceil(x1)) - left);
  const height = Math.max(0, Math.min(image.height, Math.ceil(y1)) - top);
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) data.set(image.data.subarray((top + y) * image.width + left, (top + y) * image.width + left + width), y * width);
  return { width, height, data };
}

/** Resized by `factor` (bilinear; area-averaged enough for the factors used here, 0.5–4). */
export function scale(image: GrayImage, factor: number): GrayImage {
  return resize(image, Math.max(1, Math.round(image.width * factor)), Math.max(1, Math.round(image.height * factor)), { factorX: factor, factorY: factor });
}

/** How `resize` samples: the filter, and the exact factors when the sizes are rounded. */
export interface Sampling {
  /** Bilinear (the default), or the nearest pixel (pixels enlarged as they are). */
  filter?: 'bilinear' | 'nearest';
  /** Output pixels per input pixel along x and y; by default the sizes' ratios. */
  factorX?: number;
  factorY?: number;
}

/** The image brought to `width` × `height`. */
export function resize(image: GrayImage, width: number, height: number, sampling: Sampling = {}): GrayImage {
  const { filter = 'bilinear', factorX: fx = width / image.width, factorY: fy = height / image.height } = sampling;
  if (width === image.width && height === image.height && fx === 1 && fy === 1) return image;
  const out = new Uint8Array(width * height);
  const { data, width: sw, height: sh } = image;
  if (filter === 'nearest') {
    for (let y = 0; y < height; y++) {
      const row = Math.min(sh - 1, Math.max(0, Math.floor((y + 0.5) / fy))) * sw;
      for (let x = 0; x < width; x++) out[y * width + x] = data[row + Math.min(sw - 1, Math.max(0, Math.floor((x + 0.5) / fx)))]!;
    }
    return { width, height, data: out };
  }
  for (let y = 0; y < height; y++) {
    const sy = Math.min(sh - 1, Math.max(0, (y + 0.5) / fy - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(sh - 1, y0 + 1);
    const wy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(sw - 1, Math.max(0, (x + 0.5) / fx - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(sw - 1, x0 + 1);
      const wx = sx - x0;
      const top = data[y0 * sw + x0]! + (data[y0 * sw + x1]! - data[y0 * sw + x0]!) * wx;
      const bottom = data[y1 * sw + x0]! + (data[y1 * sw + x1]! - data[y1 * sw + x0]!) * wx;
      out[y * width + x] = Math.round(top + (bottom - top) * wy);
    }
  }
  return { width, height, data: out };
}

/** A binary PGM (P5) file of the image: Leptonica reads it without a decoder round trip. */
export function toPgm(image: GrayImage): Uint8Array {
  const header = Buffer.from(`P5\n${image.width} ${image.height}\n255\n`, 'latin1');
  const out = new Uint8Array(header.length + image.data.length);
  out.set(header, 0);
  out.set(image.data, header.length);
  return out;
}

/**
 * Connected ink components of a binary region (8-connectivity), as boxes with pixel counts.
 * Used to tell a cell's text from scanner specks and the stubs of ruling lines.
 */
export interface Component {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  pixels: number;
}

export function components(ink: Uint8Array, width: number, height: number): Component[] {
  const seen = new Uint8Array(ink.length);
  const out: Component[] = [];
  const stack: number[] = [];
  for (let start = 0; start < ink.length; start++) {
    if (!ink[start] || seen[start]) continue;
    const c: Component = { x0: width, y0: height, x1: -1, y1: -1, pixels: 0 };
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      c.pixels++;
      if (x < c.x0) c.x0 = x;
      if (x > c.x1) c.x1 = x;
      if (y < c.y0) c.y0 = y;
      if (y > c.y1) c.y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const j = ny * width + nx;
          if (ink[j] && !seen[j]) { seen[j] = 1; stack.push(j); }
        }
      }
    }
    c.x1++;
    c.y1++;
    out.push(c);
  }
  return out;
}

/**
 * The height in pixels of an image's characters: the upper quartile of its ink blobs' heights
 * (whole characters, not their separate strokes and radicals), leaving out rules and frames.
 * Null when there are too few blobs to be text (a logo, a stamp).
 */
export function characterHeight(image: GrayImage): number | null {
  const ink = binarize(image, otsuThreshold(image));
  const heights = components(ink, image.width, image.height)
    .filter((c) => c.y1 - c.y0 >= 6 && c.y1 - c.y0 <= image.height / 8 && c.x1 - c.x0 <= (c.y1 - c.y0) * 3)
    .map((c) => c.y1 - c.y0)
    .sort((a, b) => a - b);
  return heights.length < 30 ? null : heights[Math.floor(heights.length * 0.75)]!;
}

/** The height of a report's characters' ink, in points: about 0.9 em of a 10.5-pt font. */
export const CHARACTER_INK_PT = 9.5;
