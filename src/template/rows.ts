/**
 * Grid rows seen by the template: the label cells on the left, the figure cells after them.
 * Formats do not matter here; only the cell grid does.
 */
import type { Box, CellGrid, GridCell } from '../read/grid.js';
import { normalizeLabel } from './labels.js';
import { isFigureCell } from './numbers.js';

export interface FigureSlot {
  raw: string;
  table: number;
  row: number;
  col: number;
  page?: number;
  /** The cell's box on its page (points, top-left origin), where the reader has one (PDF). */
  box?: Box;
  /** Character offset in the document's text, for figures read from flattened text. */
  offset?: number;
  /** 0–1: the recogniser's confidence in the cell (OCR grids only). */
  confidence?: number;
}

/** A cell where a recogniser found ink it could not read: no text, confidence 0 (a blank cell has none below 1). */
export function isUnread(slot: FigureSlot): boolean {
  return slot.confidence === 0 && slot.raw.trim() === '';
}

/**
 * True when ink that the recogniser could not read stands where the row's own label would, before
 * a full row of `figureCount` figure cells (an OCR'd "(七)总 计" read as nothing; the group's label
 * may still be there): a row whose label reads poorly, which only its place can name. A label
 * printed blank is not this: a text cell has no confidence.
 */
export function hasUnreadLabel(row: TemplateRow, figureCount: number): boolean {
  const firstPrinted = row.figures.findIndex((slot) => slot.raw.trim() !== '');
  let lastUnread = -1;
  for (let i = 0; i < firstPrinted; i++) if (isUnread(row.figures[i]!)) lastUnread = i;
  return lastUnread >= 0 && row.figures.length - lastUnread > figureCount;
}

/** Label cells and the figure cells that follow them. */
export interface RowSegment {
  /** Label cells left to right, each once however many slots it spans, normalized. */
  labels: string[];
  /** The printed label text, for warnings. */
  printedLabel: string;
  /** Cells after the last label cell of the segment, one per source cell. */
  figures: FigureSlot[];
}

/**
 * A grid row. Most rows are one segment (labels, then figures); a row of a table laid out in
 * two columns ("规章 0 0 3 | 行政许可 12") has one segment per label.
 */
export interface TemplateRow extends RowSegment {
  table: number;
  row: number;
  /** Every segment, the last one being the row's own labels and figures above. */
  segments: RowSegment[];
}

/** Every row of every table, in document order. */
export function templateRows(tables: CellGrid[]): TemplateRow[] {
  const rows: TemplateRow[] = [];
  for (const grid of tables) {
    for (let r = 0; r < grid.rowCount; r++) rows.push(templateRow(grid, r));
  }
  return rows;
}

function templateRow(grid: CellGrid, r: number): TemplateRow {
  const slots = grid.slots[r]!;
  const unique: { cell: GridCell; col: number }[] = [];
  let previous: GridCell | null = null;
  for (let c = 0; c < slots.length; c++) {
    const cell = slots[c];
    if (!cell) {
      previous = null;
      continue;
    }
    if (cell === previous) continue; // a colspan covers several slots: one cell
    previous = cell;
    unique.push({ cell, col: c });
  }
  const segments: RowSegment[] = [];
  let labels: string[] = [];
  let printed: string[] = [];
  let figures: FigureSlot[] = [];
  let figuresPrinted = false;
  const close = () => segments.push({ labels, printedLabel: printed.join(' / ').replace(/\s+/g, ' '), figures });
  for (const { cell, col } of unique) {
    const text = cell.text;
    if (isFigureCell(text)) {
      const slot: FigureSlot = { raw: text, table: grid.index, row: r, col };
      const page = cell.page ?? grid.page;
      if (page !== undefined) slot.page = page;
      if (cell.confidence !== undefined) slot.confidence = cell.confidence;
      if (cell.box !== undefined) slot.box = cell.box;
      figures.push(slot);
      if (text.trim() !== '') figuresPrinted = true;
      continue;
    }
    // A label after printed figures starts a new segment; blank cells between labels
    // (the holes of a group column printed without rowspan) belong to no one.
    if (figuresPrinted) {
      close();
      labels = [];
      printed = [];
      figuresPrinted = false;
    }
    figures = [];
    const normalized = normalizeLabel(text);
    if (normalized && labels[labels.length - 1] !== normalized) {
      labels.push(normalized);
      printed.push(text);
    }
  }
  close();
  const last = segments[segments.length - 1]!;
  return { table: grid.index, row: r, ...last, segments };
}

/**
 * Fits a row's figure cells to the number a template row has. Copies and exports add empty
 * cells at either end (a spanned label column, a trailing tab); those are dropped, never
 * cells in the middle. Returns null when the cells cannot be aligned without guessing.
 */
export function fitFigures(figures: FigureSlot[], expected: number): FigureSlot[] | null {
  let start = 0;
  let end = figures.length;
  while (end - start > expected) {
    const firstEmpty = figures[start]!.raw.trim() === '';
    const lastEmpty = figures[end - 1]!.raw.trim() === '';
    if (lastEmpty && !firstEmpty) end--;
    else if (firstEmpty && !lastEmpty) start++;
    else if (firstEmpty && lastEmpty && end - start - expected >= 2) {
      start++;
      end--;
    } else return null;
  }
  return end - start === expected ? figures.slice(start, end) : null;
}
