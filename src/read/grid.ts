/**
 * The cell grid: what every reader (HTML, text, PDF) produces and the template reads.
 * A grid keeps each source cell once, with its spans, and an expanded slot matrix where a
 * spanning cell stands in every slot it covers, so that row and column positions line up.
 */

/** A cell's box on its page, in points, top-left origin, page rotation applied. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** One cell of the source, kept once, at its top-left slot with its spans. */
export interface GridCell {
  text: string;
  /** Top-left slot of the cell, 0-based. */
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  page?: number;
  box?: Box;
  /** 0–1: the recogniser's confidence in the cell's text; absent for sources with a text layer. */
  confidence?: number;
}

/** A table as a reader found it: its cells, and the slot matrix where rows and columns line up. */
export interface CellGrid {
  /** 1-based position of the table in the document. */
  index: number;
  rowCount: number;
  colCount: number;
  cells: GridCell[];
  /** slots[r][c]: the cell covering that slot, or null where the source left a hole. */
  slots: (GridCell | null)[][];
  /** Page of the table's first row, where the source has pages. */
  page?: number;
  /** Set when a reader joined this table from parts on several pages. */
  stitchedPages?: number[];
}

/** Spans beyond these are treated as errors in the source (Word exports sometimes say rowspan=9999). */
const MAX_ROW_SPAN = 500;
const MAX_COL_SPAN = 100;

export interface CellInput {
  text: string;
  rowSpan?: number;
  colSpan?: number;
  page?: number;
  box?: Box;
  /** 0–1: the recogniser's confidence in the cell's text; absent for sources with a text layer. */
  confidence?: number;
}

/**
 * Builds a grid from rows of cells the way browsers lay out HTML tables: each cell takes the
 * next free slot, and rowspans reserve the slots below. rowSpan 0 means "to the end of the table".
 */
export function buildGrid(index: number, rows: CellInput[][]): CellGrid {
  const slots: (GridCell | null)[][] = [];
  const cells: GridCell[] = [];
  const rowCount = rows.length;
  let colCount = 0;

  for (let r = 0; r < rowCount; r++) {
    const slotRow = (slots[r] ??= []);
    let c = 0;
    for (const input of rows[r]!) {
      while (slotRow[c] !== undefined) c++;
      const rowSpan = Math.min(clampSpan(input.rowSpan, rowCount - r, MAX_ROW_SPAN), rowCount - r);
      const colSpan = clampSpan(input.colSpan, MAX_COL_SPAN, MAX_COL_SPAN);
      const cell: GridCell = { text: input.text, row: r, col: c, rowSpan, colSpan };
      if (input.page !== undefined) cell.page = input.page;
      if (input.box !== undefined) cell.box = input.box;
      if (input.confidence !== undefined) cell.confidence = input.confidence;
      cells.push(cell);
      for (let dr = 0; dr < rowSpan; dr++) {
        const target = (slots[r + dr] ??= []);
        for (let dc = 0; dc < colSpan; dc++) target[c + dc] = cell;
      }
      c += colSpan;
      if (c > colCount) colCount = c;
    }
    if (slotRow.length > colCount) colCount = slotRow.length;
  }
  // Fill holes (short rows) with null so every row has colCount slots.
  for (let r = 0; r < rowCount; r++) {
    const row = (slots[r] ??= []);
    for (let c = 0; c < colCount; c++) if (row[c] === undefined) row[c] = null;
  }
  return gridOf(index, rowCount, colCount, cells, slots);
}

/** The grid record, with the page of its first cell where cells have pages. */
function gridOf(index: number, rowCount: number, colCount: number, cells: GridCell[], slots: (GridCell | null)[][]): CellGrid {
  const grid: CellGrid = { index, rowCount, colCount, cells, slots };
  const firstPage = cells.find((cell) => cell.page !== undefined)?.page;
  if (firstPage !== undefined) grid.page = firstPage;
  return grid;
}

function clampSpan(span: number | undefined, zeroMeans: number, max: number): number {
  if (span === undefined || !Number.isFinite(span) || span < 0) return 1;
  if (span === 0) return Math.max(1, Math.min(zeroMeans, max));
  return Math.max(1, Math.min(Math.floor(span), max));
}

/**
 * Builds a grid from cells whose positions are known (a PDF table's slots), rather than
 * laid out in HTML order. `cellAt[r][c]` names the cell covering each slot (-1: none).
 */
export function placeGrid(index: number, cells: GridCell[], cellAt: number[][]): CellGrid {
  const rowCount = cellAt.length;
  const colCount = rowCount > 0 ? cellAt[0]!.length : 0;
  const slots = cellAt.map((row) => row.map((i) => (i >= 0 ? cells[i]! : null)));
  return gridOf(index, rowCount, colCount, cells, slots);
}
