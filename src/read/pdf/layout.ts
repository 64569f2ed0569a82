/**
 * A page's glyphs into text: cells of the ruled tables, and lines of prose in reading order.
 * Pure: page content in, tables and text lines out.
 */
import type { Glyph } from './geometry.js';
import type { LatticeTable } from './lattice.js';

/** Glyphs into text: lines by baseline, glyphs by x; a gap wider than a third of an em is a space. */
export function glyphText(glyphs: Glyph[]): string {
  if (glyphs.length === 0) return '';
  return glyphLines(glyphs)
    .map((line) => lineText(line))
    .join('\n');
}

export function lineText(line: Glyph[]): string {
  let text = '';
  for (let i = 0; i < line.length; i++) {
    const glyph = line[i]!;
    if (i > 0 && glyph.x0 - line[i - 1]!.x1 > glyph.size * 0.33) text += ' ';
    text += glyph.text;
  }
  return text;
}

/** Groups glyphs into lines (baseline within half an em), top to bottom, each left to right. */
export function glyphLines(glyphs: Glyph[]): Glyph[][] {
  const sorted = [...glyphs].sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
  const lines: Glyph[][] = [];
  let current: Glyph[] = [];
  let baseline = -Infinity;
  for (const glyph of sorted) {
    if (current.length > 0 && Math.abs(glyph.baseline - baseline) > glyph.size * 0.5) {
      lines.push(current.sort((a, b) => a.x0 - b.x0));
      current = [];
    }
    if (current.length === 0) baseline = glyph.baseline;
    current.push(glyph);
  }
  if (current.length > 0) lines.push(current.sort((a, b) => a.x0 - b.x0));
  return lines;
}

/** Which table slot a glyph's centre falls in, if any. */
export function locateGlyph(glyph: Glyph, tables: LatticeTable[]): { table: number; cell: number } | null {
  const cx = (glyph.x0 + glyph.x1) / 2;
  const cy = (glyph.top + glyph.bottom) / 2;
  for (let t = 0; t < tables.length; t++) {
    const { box, xs, ys, cellAt } = tables[t]!;
    if (cx < box.x0 || cx > box.x1 || cy < box.y0 || cy > box.y1) continue;
    const c = Math.min(upperIndex(xs, cx), xs.length - 2);
    const r = Math.min(upperIndex(ys, cy), ys.length - 2);
    const cell = cellAt[r]?.[c] ?? -1;
    if (cell >= 0) return { table: t, cell };
  }
  return null;
}

/** Index i with bounds[i] <= value < bounds[i+1] (clamped at 0). */
function upperIndex(bounds: number[], value: number): number {
  let lo = 0;
  let hi = bounds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bounds[mid]! <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A line of glyphs cut where the gap is wide (over `gapEm` ems): the chunks of a table row drawn without lines. */
export function chunks(line: Glyph[], gapEm: number): Glyph[][] {
  const out: Glyph[][] = [];
  let current: Glyph[] = [];
  for (const glyph of line) {
    const previous = current[current.length - 1];
    if (previous && glyph.x0 - previous.x1 > glyph.size * gapEm) {
      out.push(current);
      current = [];
    }
    current.push(glyph);
  }
  if (current.length > 0) out.push(current);
  return out;
}
