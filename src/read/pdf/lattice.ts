/**
 * Ruled tables from the lines drawn on a page ("lattice"): lines that touch form a table; the
 * distinct x of its vertical lines and y of its horizontal lines cut it into slots; two
 * neighbouring slots with no line between them are one merged cell.
 */
import type { Box } from '../grid.js';
import type { Segment } from './geometry.js';

interface LatticeCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  box: Box;
}

export interface LatticeTable {
  box: Box;
  /** Column and row boundaries, ascending. */
  xs: number[];
  ys: number[];
  cells: LatticeCell[];
  /** cellAt[r][c]: index into cells of the cell covering slot (r, c). */
  cellAt: number[][];
}

/** Distances (points) under which two lines are the same line, or touch. */
const SAME_LINE = 1.5;
const TOUCH = 2.5;
/** Share of a slot's side that a line must cover to separate two slots. */
const SEPARATES = 0.5;

export function findTables(segments: Segment[]): LatticeTable[] {
  const horizontal = mergeCollinear(segments.filter((s) => s.orientation === 'h'));
  const vertical = mergeCollinear(segments.filter((s) => s.orientation === 'v'));
  const all = [...horizontal, ...vertical];
  const parent = all.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  horizontal.forEach((h, i) => {
    vertical.forEach((v, j) => {
      if (v.at >= h.from - TOUCH && v.at <= h.to + TOUCH && h.at >= v.from - TOUCH && h.at <= v.to + TOUCH) {
        parent[find(i)] = find(horizontal.length + j);
      }
    });
  });
  const groups = new Map<number, Segment[]>();
  all.forEach((segment, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), segment]);
  });
  const tables: LatticeTable[] = [];
  for (const group of groups.values()) {
    const table = tableFrom(group);
    if (table) tables.push(table);
  }
  return tables.sort((a, b) => a.box.y0 - b.box.y0 || a.box.x0 - b.box.x0);
}

/** Joins pieces of one line (cells drawn one by one, dashes) into whole lines. */
function mergeCollinear(segments: Segment[]): Segment[] {
  const sorted = [...segments].sort((a, b) => a.at - b.at || a.from - b.from);
  const lines: Segment[] = [];
  for (const segment of sorted) {
    const line = lines.find((l) => Math.abs(l.at - segment.at) <= SAME_LINE && segment.from <= l.to + TOUCH && segment.to >= l.from - TOUCH);
    if (line) {
      line.from = Math.min(line.from, segment.from);
      line.to = Math.max(line.to, segment.to);
    } else lines.push({ ...segment });
  }
  return lines;
}

function clusterPositions(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const clusters: number[][] = [];
  for (const value of sorted) {
    const last = clusters[clusters.length - 1];
    if (last && value - last[last.length - 1]! <= TOUCH) last.push(value);
    else clusters.push([value]);
  }
  return clusters.map((cluster) => cluster.reduce((a, b) => a + b, 0) / cluster.length);
}

function tableFrom(lines: Segment[]): LatticeTable | null {
  const horizontal = lines.filter((l) => l.orientation === 'h');
  const vertical = lines.filter((l) => l.orientation === 'v');
  if (horizontal.length < 2 || vertical.length < 2) return null;
  const x0 = Math.min(...horizontal.map((l) => l.from), ...vertical.map((l) => l.at));
  const x1 = Math.max(...horizontal.map((l) => l.to), ...vertical.map((l) => l.at));
  const y0 = Math.min(...vertical.map((l) => l.from), ...horizontal.map((l) => l.at));
  const y1 = Math.max(...vertical.map((l) => l.to), ...horizontal.map((l) => l.at));
  const xs = clusterPositions([x0, x1, ...vertical.map((l) => l.at)]);
  const ys = clusterPositions([y0, y1, ...horizontal.map((l) => l.at)]);
  const rows = ys.length - 1;
  const cols = xs.length - 1;
  if (rows < 1 || cols < 1 || rows * cols < 2) return null;

  const coverage = (candidates: Segment[], at: number, from: number, to: number): number => {
    const intervals = candidates
      .filter((l) => Math.abs(l.at - at) <= TOUCH && l.to > from && l.from < to)
      .map((l) => [Math.max(l.from, from), Math.min(l.to, to)] as const)
      .sort((a, b) => a[0] - b[0]);
    let covered = 0;
    let reach = from;
    for (const [start, end] of intervals) {
      if (end <= reach) continue;
      covered += end - Math.max(start, reach);
      reach = end;
    }
    return to > from ? covered / (to - from) : 1;
  };

  // Union slots that no line separates.
  const parent = Array.from({ length: rows * cols }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (c + 1 < cols && coverage(vertical, xs[c + 1]!, ys[r]!, ys[r + 1]!) < SEPARATES) parent[find(r * cols + c)] = find(r * cols + c + 1);
      if (r + 1 < rows && coverage(horizontal, ys[r + 1]!, xs[c]!, xs[c + 1]!) < SEPARATES) parent[find(r * cols + c)] = find((r + 1) * cols + c);
    }
  }
  const spans = new Map<number, { r0: number; r1: number; c0: number; c1: number }>();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const root = find(r * cols + c);
      const span = spans.get(root);
      if (!span) spans.set(root, { r0: r, r1: r, c0: c, c1: c });
      else {
        span.r0 = Math.min(span.r0, r);
        span.r1 = Math.max(span.r1, r);
        span.c0 = Math.min(span.c0, c);
        span.c1 = Math.max(span.c1, c);
      }
    }
  }
  if (spans.size < 2) return null; // a framed box, not a table
  const cells: LatticeCell[] = [];
  const cellAt: number[][] = Array.from({ length: rows }, () => new Array<number>(cols).fill(-1));
  const ordered = [...spans.values()].sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
  for (const span of ordered) {
    const index = cells.length;
    cells.push({
      row: span.r0,
      col: span.c0,
      rowSpan: span.r1 - span.r0 + 1,
      colSpan: span.c1 - span.c0 + 1,
      box: { x0: xs[span.c0]!, y0: ys[span.r0]!, x1: xs[span.c1 + 1]!, y1: ys[span.r1 + 1]! },
    });
    // An L-shaped merge (a line missing in the source) claims its bounding box; the first claim wins.
    for (let r = span.r0; r <= span.r1; r++) for (let c = span.c0; c <= span.c1; c++) if (cellAt[r]![c] === -1) cellAt[r]![c] = index;
  }
  return { box: { x0, y0, x1, y1 }, xs, ys, cells, cellAt };
}
