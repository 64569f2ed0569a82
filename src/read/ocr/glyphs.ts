/**
 * Digit shapes learnt from the page itself: the digits of the figures that the recogniser read
 * the same way twice (and whose ink blobs match the digits one to one) are the exemplars; any
 * other digit blob on the page is then compared with them. A page prints its figures in one
 * font at one size, so a lone "1" or "0" that tesseract drops from a cell (it does, often, in
 * short cells) still looks like the page's other 1s and 0s. The comparison is a second,
 * independent reading: it confirms or contradicts tesseract's, and alone it gives only a doubtful
 * figure (kept when the template's arithmetic confirms it). Pure: pixels in, digits out.
 */
import type { Component, GrayImage } from './raster.js';

const GRID_W = 8;
const GRID_H = 12;
/** Weight of the blob's proportions (width / height) beside its pixels: "1" is told by it. */
const ASPECT_WEIGHT = 0.5;
/** Largest distance at which a blob is taken for the nearest exemplar's digit (mean squared, 0–1). */
const MATCH_DISTANCE = 0.045;
/** The nearest other digit must be this many times farther than the nearest one. */
const MARGIN = 2.2;
/**
 * Exemplars of another type size are not compared: a report prints one table's figures larger
 * than another's, often in another face, and a large "4" is no model for a small one.
 */
const SIZE_RATIO = 1.35;

/** A blob's shape: its ink over a GRID_W × GRID_H grid (0–1 each), width / height, and its height in points. */
export interface Shape {
  grid: Float32Array;
  aspect: number;
  height: number;
}

/**
 * The shape of one ink blob of a grey image (ink: at or below `threshold`); `pixelsPerPoint`: the
 * image's resolution, so that blobs of pages rendered at different resolutions compare by size.
 */
export function shapeOf(image: GrayImage, part: Component, threshold: number, pixelsPerPoint = 1): Shape {
  const grid = new Float32Array(GRID_W * GRID_H);
  const counts = new Float32Array(GRID_W * GRID_H);
  const w = part.x1 - part.x0;
  const h = part.y1 - part.y0;
  for (let y = part.y0; y < part.y1; y++) {
    const gy = Math.min(GRID_H - 1, Math.floor(((y - part.y0) * GRID_H) / h));
    for (let x = part.x0; x < part.x1; x++) {
      const gx = Math.min(GRID_W - 1, Math.floor(((x - part.x0) * GRID_W) / w));
      counts[gy * GRID_W + gx]!++;
      if (image.data[y * image.width + x]! <= threshold) grid[gy * GRID_W + gx]!++;
    }
  }
  for (let i = 0; i < grid.length; i++) grid[i] = counts[i]! > 0 ? grid[i]! / counts[i]! : 0;
  return { grid, aspect: w / h, height: h / pixelsPerPoint };
}

function distance(a: Shape, b: Shape): number {
  let sum = 0;
  for (let i = 0; i < a.grid.length; i++) sum += (a.grid[i]! - b.grid[i]!) ** 2;
  return sum / a.grid.length + ASPECT_WEIGHT * (a.aspect - b.aspect) ** 2;
}

/** The page's digit exemplars. */
export class DigitShapes {
  private readonly exemplars: { digit: string; shape: Shape; source: unknown }[] = [];

  /** Adds an exemplar; `source` names where it came from (a cell), so that it is not compared with itself. */
  add(digit: string, shape: Shape, source?: unknown): void {
    // Enough of each digit to cover its variants on a page; more only costs time.
    if (this.exemplars.filter((e) => e.digit === digit).length < 40) this.exemplars.push({ digit, shape, source });
  }

  get size(): number {
    return this.exemplars.length;
  }

  /**
   * The digit a blob is, or null when it is not clearly one of the page's digits (no exemplar near
   * enough, or two digits near alike). A digit with fewer than two exemplars is not decided on.
   * Exemplars from `source` are left out: a cell misread the same way twice would otherwise find
   * its own misread digits nearest, and its check would confirm the misreading it is there to catch.
   */
  classify(shape: Shape, source?: unknown): string | null {
    const nearest = new Map<string, number>();
    const counts = new Map<string, number>();
    for (const e of this.exemplars) {
      if (source !== undefined && e.source === source) continue;
      if (Math.max(shape.height, e.shape.height) > SIZE_RATIO * Math.min(shape.height, e.shape.height)) continue;
      const d = distance(shape, e.shape);
      if (d < (nearest.get(e.digit) ?? Infinity)) nearest.set(e.digit, d);
      counts.set(e.digit, (counts.get(e.digit) ?? 0) + 1);
    }
    const ranked = [...nearest].sort((a, b) => a[1] - b[1]);
    const [best, second] = ranked;
    if (!best || best[1] > MATCH_DISTANCE || (counts.get(best[0]) ?? 0) < 2) return null;
    if (second && second[1] < Math.max(best[1], 0.004) * MARGIN) return null;
    return best[0];
  }
}
