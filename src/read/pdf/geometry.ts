/** Plain geometry for page layout: points, boxes, affine matrices (PDF order [a b c d e f]). */

export type Matrix = [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m1 × m2: apply m2 first, then m1 (the order pdf.js's Util.transform uses). */
export function multiply(m1: Matrix, m2: Matrix): Matrix {
  return [
    m1[0] * m2[0] + m1[2] * m2[1],
    m1[1] * m2[0] + m1[3] * m2[1],
    m1[0] * m2[2] + m1[2] * m2[3],
    m1[1] * m2[2] + m1[3] * m2[3],
    m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
    m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
  ];
}

export function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** An axis-aligned ruling line on the page, in device space (y grows downwards). */
export interface Segment {
  orientation: 'h' | 'v';
  /** y of a horizontal line, x of a vertical one. */
  at: number;
  from: number;
  to: number;
}

/** A glyph of the text layer, in device space: its box and baseline. */
export interface Glyph {
  text: string;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  /** Baseline y, for grouping glyphs into lines. */
  baseline: number;
  size: number;
  /** 0–1, where the glyph was recognised (OCR); absent for a text layer. */
  confidence?: number;
}
