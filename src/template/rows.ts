/**
 * Grid rows seen by the template: the label cells on the left, the figure cells after them.
 * Formats do not matter here; only the cell grid does.
 */
import type { CellGrid, GridCell } from '../read/grid.js';
import { normalizeLabel } from './labels.js';
import { isFigureCell } from './numbers.js';

export interface FigureSlot {
  raw: string;
  table: number;
  row: number;
  col: number;
  page?: number;
}

export interface TemplateRow {
  table: number;
  row: number;
  /** Label cells left to right, each once however many slots it spans, normalized. */
  labels: string[];
  /** The printed label text, for warnings. */
  printedLabel: string;
  /** Cells after the last label cell, one per source cell. */
  figures: FigureSlot[];
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
  const isFigure = unique.map(({ cell }) => isFigureCell(cell.text));
  const lastLabel = isFigure.lastIndexOf(false);

  const labels: string[] = [];
  const printed: string[] = [];
  for (let i = 0; i <= lastLabel; i++) {
    const text = unique[i]!.cell.text;
    if (isFigure[i]) continue;
    const normalized = normalizeLabel(text);
    if (normalized && labels[labels.length - 1] !== normalized) {
      labels.push(normalized);
      printed.push(text);
    }
  }
  const figures: FigureSlot[] = [];
  for (let i = lastLabel + 1; i < unique.length; i++) {
    const { cell, col } = unique[i]!;
    const slot: FigureSlot = { raw: cell.text, table: grid.index, row: r, col };
    const page = cell.page ?? grid.page;
    if (page !== undefined) slot.page = page;
    figures.push(slot);
  }
  return { table: grid.index, row: r, labels, printedLabel: printed.join(' / ').replace(/\s+/g, ' '), figures };
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
