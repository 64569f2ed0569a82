/**
 * Tables printed without vertical rules (src/read/pdf/stream.ts): columns from the numbers'
 * alignment, wrapped labels joined, headers recognised, rules-only rows; on synthetic glyphs
 * and on the sample PDFs through `xxgk tables`.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Glyph, Segment } from '../src/read/pdf/geometry.js';
import { glyphLines } from '../src/read/pdf/layout.js';
import { streamTables, type StreamTable } from '../src/read/pdf/stream.js';
import { runXxgk, SAMPLES } from './helpers.js';

const SIZE = 10;

/** Glyphs of `text` from x at baseline y, one per character, 10 pt wide. */
function text(x: number, y: number, value: string): Glyph[] {
  return [...value].map((char, i) => ({ text: char, x0: x + i * SIZE, x1: x + (i + 1) * SIZE - 0.5, top: y - 8.8, bottom: y + 1.2, baseline: y, size: SIZE }));
}
/** A number centred on x (digits 5 pt wide). */
function number(centre: number, y: number, value: string): Glyph[] {
  const width = value.length * 5;
  return [...value].map((char, i) => ({ text: char, x0: centre - width / 2 + i * 5, x1: centre - width / 2 + (i + 1) * 5, top: y - 8.8, bottom: y + 1.2, baseline: y, size: SIZE }));
}

function rowsOf(table: StreamTable): string[][] {
  return table.cellAt.map((row) => [...new Set(row)].map((i) => (i >= 0 ? table.cells[i]!.text : '·')));
}

function onlyTable(glyphs: Glyph[], segments: Segment[] = []): StreamTable {
  const tables = streamTables(glyphLines(glyphs), segments, 1).items.filter((item) => item.kind === 'table');
  expect(tables).toHaveLength(1);
  return (tables[0] as { table: StreamTable }).table;
}

const COLUMNS = [300, 340, 380];

describe('tables without rules', () => {
  it('takes columns from the numbers, keeps a blank cell where a column has nothing, and joins a wrapped label centred on its row', () => {
    const glyphs = [
      ...text(100, 100, '信息内容'), ...text(295, 100, '甲'), ...text(335, 100, '乙'), ...text(375, 100, '丙'),
      ...text(100, 120, '规章'), ...COLUMNS.flatMap((x, i) => number(x, 120, String(i))),
      // A label over two lines whose numbers stand between them.
      ...text(100, 133, '行政规范'), ...number(300, 140, '12'), ...number(380, 140, '3'), ...text(100, 147, '性文件'),
      ...text(100, 166, '行政许可'), ...number(340, 166, '7'),
    ];
    const rows = rowsOf(onlyTable(glyphs));
    expect(rows).toEqual([
      ['信息内容', '甲', '乙', '丙'],
      ['规章', '0', '1', '2'],
      ['行政规范\n性文件', '12', '', '3'],
      ['行政许可', '', '7', ''],
    ]);
  });

  it('never reads "2 133" (two columns close together) as one number', () => {
    const glyphs = [
      ...text(100, 100, '本年新收'), ...number(300, 100, '5'), ...number(330, 100, '2'), ...number(346, 100, '133'),
      ...text(100, 120, '上年结转'), ...number(300, 120, '1'), ...number(330, 120, '0'), ...number(346, 120, '1'),
    ];
    const rows = rowsOf(onlyTable(glyphs));
    expect(rows[0]).toEqual(['本年新收', '5', '2', '133']);
  });

  it('with horizontal rules only, a label belongs to the row its rules enclose, whatever its lines', () => {
    // Labels top-aligned and wrapped below their numbers; rules between the rows.
    const rules: Segment[] = [95, 127, 159, 191].map((at) => ({ orientation: 'h', at, from: 90, to: 400 }));
    const glyphs = [
      ...text(100, 108, '属于行政执'), ...number(300, 108, '1'), ...number(380, 108, '1'), ...text(100, 121, '法案卷'),
      ...text(100, 140, '属于行政查'), ...number(300, 140, '0'), ...number(380, 140, '0'), ...text(100, 153, '询事项'),
      ...text(100, 172, '重复申请'), ...number(300, 172, '7'), ...number(380, 172, '7'),
    ];
    const rows = rowsOf(onlyTable(glyphs, rules));
    expect(rows).toEqual([
      ['属于行政执\n法案卷', '1', '1'],
      ['属于行政查\n询事项', '0', '0'],
      ['重复申请', '7', '7'],
    ]);
  });

  it('leaves running text out of the table', () => {
    const glyphs = [
      ...text(60, 60, '一是公开内容的全面性还需加强二是政策解读形式较为单一下一步我们将进一步健全工作机制'),
      ...text(100, 100, '规章'), ...number(300, 100, '1'), ...number(380, 100, '2'),
      ...text(100, 120, '行政许可'), ...number(300, 120, '3'), ...number(380, 120, '4'),
    ];
    const items = streamTables(glyphLines(glyphs), [], 1).items;
    expect(items.map((item) => item.kind)).toEqual(['text', 'table']);
  });
});

describe('xxgk tables shows the grids of PDFs without rules', () => {
  it.each([
    ['kaizhou-hanfeng-2021-no-rules-wrapped.pdf', '5.要求行政机关确认或重新出具\n已获取信息'],
    ['longgang-edu-2022-hrules-wps.pdf', '2.其他法律行政法\n规禁止公开'],
    ['guangan-gov-2024-no-rules-top.pdf', '4.无正当理由\n大量反复申请'],
  ])('%s: section 三 rows with a cell per applicant column, wrapped labels in one cell', async (name, label) => {
    const { code, stdout } = await runXxgk('tables', join(SAMPLES, name));
    expect(code).toBe(0);
    const tables = JSON.parse(stdout).tables as { cells: { row: number; col: number; text: string }[] }[];
    const cell = tables.flatMap((t) => t.cells.map((c) => ({ ...c, table: t }))).find((c) => c.text === label);
    expect(cell).toBeDefined();
    const row = cell!.table.cells.filter((c) => c.row === cell!.row && c.col > cell!.col);
    expect(row.filter((c) => /^\d*$/.test(c.text))).toHaveLength(7);
  });
});
