/**
 * Pages into one document: the ruled tables of each page (or rows aligned by gaps where a page
 * has no rules), tables continued over a page break stitched back together, and the prose in
 * reading order between them.
 */
import type { Block, ReadDocument } from '../document.js';
import { placeGrid, type CellGrid, type GridCell } from '../grid.js';
import type { Glyph } from './geometry.js';
import { findTables } from './lattice.js';
import { glyphLines, glyphText, lineText, locateGlyph } from './layout.js';
import type { PageContent } from './page-content.js';
import { streamTables, type StreamColumns } from './stream.js';

interface PageTable {
  page: number;
  top: number;
  bottom: number;
  /** Column boundaries, to tell a continuation on the next page; null for tables without rules. */
  xs: number[] | null;
  cells: GridCell[];
  cellAt: number[][];
  stitchedPages?: number[];
}

/** A table item marked `continued` is the part of a table stitched onto its start on an earlier page. */
type PageItem = { kind: 'text'; y: number; text: string; page: number } | { kind: 'table'; y: number; table: PageTable; continued?: boolean };

export function assemblePages(pages: PageContent[]): Pick<ReadDocument, 'blocks' | 'tables'> {
  // A table without rules continued on the next page keeps its columns there (see stream.ts).
  let carried: StreamColumns | null = null;
  const items: PageItem[][] = pages.map((page) => {
    const result = pageItems(page, carried);
    carried = result.columns;
    return result.items;
  });
  stitchAcrossPages(items);
  const blocks: Block[] = [];
  const tables: CellGrid[] = [];
  for (const pageList of items) {
    for (const item of pageList) {
      if (item.kind === 'text') {
        blocks.push({ kind: 'text', text: item.text, page: item.page });
        continue;
      }
      if (item.continued) continue;
      const grid = placeGrid(tables.length + 1, item.table.cells, item.table.cellAt);
      if (item.table.stitchedPages) grid.stitchedPages = item.table.stitchedPages;
      tables.push(grid);
      blocks.push({ kind: 'table', table: grid.index });
    }
  }
  return { blocks, tables };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function pageItems(page: PageContent, carried: StreamColumns | null): { items: PageItem[]; columns: StreamColumns | null } {
  const lattice = findTables(page.segments);
  const inCells: Glyph[][][] = lattice.map((table) => table.cells.map(() => []));
  const free: Glyph[] = [];
  for (const glyph of page.glyphs) {
    const at = locateGlyph(glyph, lattice);
    if (at) inCells[at.table]![at.cell]!.push(glyph);
    else free.push(glyph);
  }
  const items: PageItem[] = [];
  lattice.forEach((table, t) => {
    const cells: GridCell[] = table.cells.map((cell, i) => {
      const glyphs = inCells[t]![i]!;
      const out: GridCell = {
        text: glyphText(glyphs),
        row: cell.row,
        col: cell.col,
        rowSpan: cell.rowSpan,
        colSpan: cell.colSpan,
        page: page.number,
        box: { x0: round(cell.box.x0), y0: round(cell.box.y0), x1: round(cell.box.x1), y1: round(cell.box.y1) },
      };
      // Recognised text (OCR): the cell is as sure as its least sure glyph.
      const confidences = glyphs.flatMap((g) => (g.confidence === undefined ? [] : [g.confidence]));
      if (confidences.length > 0) out.confidence = Math.min(...confidences);
      return out;
    });
    // Tables whose cells hold no text are frames or decorations.
    if (cells.every((cell) => cell.text === '')) return;
    items.push({ kind: 'table', y: table.box.y0, table: { page: page.number, top: table.box.y0, bottom: table.box.y1, xs: table.xs, cells, cellAt: table.cellAt } });
  });

  const lines = glyphLines(free);
  let columns: StreamColumns | null = null;
  if (lattice.length === 0) {
    const stream = streamTables(lines, page.segments, page.number, carried);
    columns = stream.columns;
    for (const item of stream.items) {
      items.push(item.kind === 'text' ? { ...item, page: page.number } : { kind: 'table', y: item.y, table: { page: page.number, xs: null, ...item.table } });
    }
  }
  else for (const line of lines) items.push({ kind: 'text', y: line[0]!.baseline, text: lineText(line), page: page.number });
  return { items: items.sort((a, b) => a.y - b.y), columns };
}

/** Text that may stand between a table's end and its continuation: page numbers, running heads. */
const PAGE_FURNITURE = /^[\s\-—–·第页共\d/()（）]*$/;

/**
 * Joins the last table of a page and the first of the next when their columns line up and only
 * page furniture lies between them; a header repeated at the top of the continuation is dropped.
 */
function stitchAcrossPages(items: PageItem[][]): void {
  for (let p = 0; p + 1 < items.length; p++) {
    const here = items[p]!;
    const next = items[p + 1]!;
    const lastTable = findLast(here, (item) => item.kind === 'table');
    // A table may end on one page and go on for pages; `a` is always its start.
    const firstTable = next.findIndex((item) => item.kind === 'table');
    if (lastTable === -1 || firstTable === -1) continue;
    const between = [...here.slice(lastTable + 1), ...next.slice(0, firstTable)];
    if (!between.every((item) => item.kind === 'text' && PAGE_FURNITURE.test(item.text))) continue;
    const a = (here[lastTable] as { table: PageTable }).table;
    const b = (next[firstTable] as { table: PageTable }).table;
    if (!a.xs || !b.xs) continue;
    const columns = commonColumns(a.xs, b.xs);
    if (!columns) continue;
    regrid(a, columns);
    regrid(b, columns);
    append(a, b);
    // Keep a stand-in where the continuation was, so that a third page can continue it too.
    next[firstTable] = { kind: 'table', y: next[firstTable]!.y, table: a, continued: true };
  }
}

/** Column lines tolerated between two parts of one table (points). */
const SAME_COLUMN = 3;

/**
 * The column boundaries of two parts of one table: the same outer edges, and every line of
 * one part either in the other or missing there because a cell spans it (a continuation may
 * hold only rows whose labels span three columns). Null when the parts do not line up.
 */
function commonColumns(a: number[], b: number[]): number[] | null {
  const near = (x: number, y: number) => Math.abs(x - y) <= SAME_COLUMN;
  if (!near(a[0]!, b[0]!) || !near(a[a.length - 1]!, b[b.length - 1]!)) return null;
  const union = [...a];
  for (const x of b) if (!union.some((y) => near(x, y))) union.push(x);
  union.sort((x, y) => x - y);
  // Parts whose inner lines mostly differ are different tables that happen to touch the edges.
  const shared = a.filter((x) => b.some((y) => near(x, y))).length;
  if (shared < Math.min(a.length, b.length) * 0.6) return null;
  return union;
}

/** Re-expresses a table's cells on finer column boundaries (spans widen where lines were missing). */
function regrid(table: PageTable, columns: number[]): void {
  const xs = table.xs!;
  if (xs.length === columns.length) return;
  const indexOf = (x: number) => columns.findIndex((y) => Math.abs(x - y) <= SAME_COLUMN);
  for (const cell of table.cells) {
    const start = indexOf(xs[cell.col]!);
    const end = indexOf(xs[cell.col + cell.colSpan]!);
    cell.col = start;
    cell.colSpan = end - start;
  }
  table.cellAt = table.cellAt.map(() => new Array<number>(columns.length - 1).fill(-1));
  table.cells.forEach((cell, i) => {
    for (let r = cell.row; r < cell.row + cell.rowSpan; r++) {
      for (let c = cell.col; c < cell.col + cell.colSpan; c++) if (table.cellAt[r]![c] === -1) table.cellAt[r]![c] = i;
    }
  });
  table.xs = columns;
}

function findLast<T>(list: T[], predicate: (item: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (predicate(list[i]!)) return i;
  return -1;
}

function rowTexts(table: PageTable, r: number): string {
  return [...new Set(table.cellAt[r]!.filter((i) => i >= 0))].map((i) => table.cells[i]!.text).join('|');
}

/** A row broken by the page: the continuation's first row is mostly empty, the last row mostly full. */
function rowSplitByBreak(a: PageTable, b: PageTable, firstRow: number): boolean {
  if (firstRow >= b.cellAt.length) return false;
  const filled = (table: PageTable, r: number) => {
    const cells = [...new Set(table.cellAt[r]!.filter((i) => i >= 0))];
    return { all: cells.length, withText: cells.filter((i) => table.cells[i]!.text !== '').length };
  };
  const last = filled(a, a.cellAt.length - 1);
  const first = filled(b, firstRow);
  return first.withText > 0 && first.withText * 3 <= first.all && last.withText * 3 >= last.all * 2;
}

function append(a: PageTable, b: PageTable): void {
  // Drop header rows that the continuation repeats (up to four), unless a cell spans out of them.
  let repeated = 0;
  for (let k = 1; k <= Math.min(4, a.cellAt.length, b.cellAt.length - 1); k++) {
    let same = true;
    for (let r = 0; r < k; r++) if (rowTexts(a, r) !== rowTexts(b, r) || rowTexts(b, r) === '') same = false;
    const spansOut = b.cells.some((cell) => cell.row < k && cell.row + cell.rowSpan > k);
    if (same && !spansOut) repeated = k;
  }
  if (rowSplitByBreak(a, b, repeated)) {
    // The first row of the continuation is the rest of the last row (a row allowed to break
    // across pages, Word's default): join it cell by cell, then append what follows.
    const last = a.cellAt[a.cellAt.length - 1]!;
    const first = b.cellAt[repeated]!;
    last.forEach((i, c) => {
      const rest = first[c] !== undefined && first[c]! >= 0 ? b.cells[first[c]!]!.text : '';
      if (i >= 0 && rest && !a.cells[i]!.text.endsWith(rest)) a.cells[i]!.text = a.cells[i]!.text ? `${a.cells[i]!.text}\n${rest}` : rest;
    });
    repeated++;
  }
  const rowOffset = a.cellAt.length - repeated;
  const indexOffset = a.cells.length;
  const kept = new Map<number, number>();
  b.cells.forEach((cell, i) => {
    if (cell.row < repeated) return;
    kept.set(i, indexOffset + kept.size);
    a.cells.push({ ...cell, row: cell.row + rowOffset });
  });
  for (let r = repeated; r < b.cellAt.length; r++) a.cellAt.push(b.cellAt[r]!.map((i) => (i >= 0 ? kept.get(i) ?? -1 : -1)));
  a.bottom = b.bottom;
  a.stitchedPages = [...(a.stitchedPages ?? [a.page]), b.page];
}
