/**
 * Page stitching (src/read/pdf/assemble.ts): a ruled table continued over a page break comes out
 * as one table, its repeated header dropped; tables that do not line up, or with prose between
 * them, stay apart. Pages are built from ruling lines and glyphs, as page-content.ts gives them.
 */
import { describe, expect, it } from 'vitest';
import { assemblePages } from '../src/read/pdf/assemble.js';
import type { Glyph, Segment } from '../src/read/pdf/geometry.js';
import type { PageContent } from '../src/read/pdf/page-content.js';
import type { CellGrid } from '../src/read/grid.js';

const ROW = 24;
const SIZE = 10;

/** A line of glyphs starting at x, with its baseline near the bottom of a row at `top`. */
function words(text: string, x: number, top: number): Glyph[] {
  return [...text].map((char, i) => ({ text: char, x0: x + i * SIZE, x1: x + (i + 1) * SIZE, top, bottom: top + SIZE, baseline: top + SIZE - 1, size: SIZE }));
}

/** A ruled table whose top edge is at `top`: column lines at xs, one row per entry of rows. */
function table(xs: number[], top: number, rows: string[][]): { segments: Segment[]; glyphs: Glyph[] } {
  const bottom = top + rows.length * ROW;
  const segments: Segment[] = [
    ...rows.map((_, r) => ({ orientation: 'h' as const, at: top + r * ROW, from: xs[0]!, to: xs[xs.length - 1]! })),
    { orientation: 'h', at: bottom, from: xs[0]!, to: xs[xs.length - 1]! },
    ...xs.map((x) => ({ orientation: 'v' as const, at: x, from: top, to: bottom })),
  ];
  const glyphs = rows.flatMap((row, r) => row.flatMap((text, c) => words(text, xs[c]! + 4, top + r * ROW + 7)));
  return { segments, glyphs };
}

function page(number: number, parts: { segments: Segment[]; glyphs: Glyph[] }[], prose: [string, number][] = []): PageContent {
  return {
    number, width: 595, height: 842, imageCover: 0,
    segments: parts.flatMap((part) => part.segments),
    glyphs: [...parts.flatMap((part) => part.glyphs), ...prose.flatMap(([text, top]) => words(text, 60, top))],
  };
}

const rowsOf = (grid: CellGrid) => {
  const out: string[][] = [];
  for (const cell of grid.cells) (out[cell.row] ??= [])[cell.col] = cell.text;
  return out;
};

const COLUMNS = [50, 250, 400, 550];
const HEADER = ['项目', '本年新收', '上年结转'];

describe('tables continued over a page break', () => {
  it('become one table; the header the continuation repeats is dropped', () => {
    const first = page(1, [table(COLUMNS, 600, [HEADER, ['自然人', '48', '2'], ['商业企业', '5', '0']])], [['第 1 页', 800]]);
    const second = page(2, [table(COLUMNS, 60, [HEADER, ['科研机构', '0', '1'], ['总计', '57', '3']])], [['第 2 页', 800]]);
    const { tables, blocks } = assemblePages([first, second]);
    expect(tables).toHaveLength(1);
    expect(tables[0]!.stitchedPages).toEqual([1, 2]);
    expect(rowsOf(tables[0]!)).toEqual([HEADER, ['自然人', '48', '2'], ['商业企业', '5', '0'], ['科研机构', '0', '1'], ['总计', '57', '3']]);
    expect(blocks.filter((block) => block.kind === 'table')).toEqual([{ kind: 'table', table: 1 }]);
  });

  it('over three pages, the stitched table goes on', () => {
    const pages = [1, 2, 3].map((n) => page(n, [table(COLUMNS, n === 1 ? 600 : 60, n === 1 ? [HEADER, ['甲', `${n}`, '0']] : [['乙' + n, `${n}`, '0']])]));
    const { tables } = assemblePages(pages);
    expect(tables).toHaveLength(1);
    expect(tables[0]!.stitchedPages).toEqual([1, 2, 3]);
    expect(rowsOf(tables[0]!).map((row) => row[0])).toEqual(['项目', '甲', '乙2', '乙3']);
  });

  it('a row broken by the page is joined into one row', () => {
    const first = page(1, [table(COLUMNS, 600, [HEADER, ['依申请公开的政府信息', '12', '3']])]);
    const second = page(2, [table(COLUMNS, 60, [['数量', '', ''], ['总计', '57', '3']])]);
    const { tables } = assemblePages([first, second]);
    expect(tables).toHaveLength(1);
    expect(rowsOf(tables[0]!)).toEqual([HEADER, ['依申请公开的政府信息\n数量', '12', '3'], ['总计', '57', '3']]);
  });
});

describe('tables that are not one', () => {
  it('columns that do not line up: two tables', () => {
    const first = page(1, [table(COLUMNS, 600, [HEADER, ['自然人', '48', '2']])]);
    const second = page(2, [table([80, 200, 300, 520], 60, [['甲', '乙', '丙'], ['1', '2', '3']])]);
    const { tables } = assemblePages([first, second]);
    expect(tables).toHaveLength(2);
    expect(tables.map((grid) => grid.stitchedPages)).toEqual([undefined, undefined]);
  });

  it('prose between them (more than page furniture): two tables', () => {
    const first = page(1, [table(COLUMNS, 600, [HEADER, ['自然人', '48', '2']])]);
    const second = page(2, [table(COLUMNS, 200, [HEADER, ['总计', '57', '3']])], [['四、政府信息公开行政复议情况', 100]]);
    const { tables, blocks } = assemblePages([first, second]);
    expect(tables).toHaveLength(2);
    expect(blocks.map((block) => (block.kind === 'table' ? `table ${block.table}` : block.text))).toEqual(['table 1', '四、政府信息公开行政复议情况', 'table 2']);
  });
});
