/**
 * Damaged labels (src/template/positional.ts): variants of the samples with a label's characters
 * dropped or mistyped. A row is placed by its position only where the checks confirm it; else
 * it stays null with a warning, never wrong.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHtml } from '../src/read/html.js';
import { readText } from '../src/read/text.js';
import type { ReadDocument } from '../src/read/document.js';
import { extractTemplate } from '../src/template/extract.js';
import { flatten, readJson, SAMPLES } from './helpers.js';

function variant(name: string, ...edits: [string, string][]): { doc: ReadDocument; want: Record<string, unknown> } {
  const file = readdir(name);
  let text = readFileSync(join(SAMPLES, file), 'utf8');
  for (const [from, to] of edits) {
    expect(text.split(from)).toHaveLength(2); // the edit hits exactly one place
    text = text.replace(from, to);
  }
  const doc = file.endsWith('.txt') ? readText(text) : readHtml(text);
  return { doc, want: flatten(readJson(join(SAMPLES, `${name}.expected.json`)).figures) };
}

function readdir(name: string): string {
  for (const ext of ['.html', '.txt']) {
    try {
      readFileSync(join(SAMPLES, name + ext));
      return name + ext;
    } catch { /* next */ }
  }
  throw new Error(name);
}

const rowOf = (figures: Map<string, number | null>, path: string) =>
  Object.fromEntries([...figures].filter(([key]) => key.startsWith(`${path}.`)));
const wantRow = (want: Record<string, unknown>, path: string) =>
  Object.fromEntries(Object.entries(want).filter(([key]) => key.startsWith(`${path}.`)));

describe('damaged labels', () => {
  it.each([
    ['dazhu-gov-2024-trs', '属于国家秘密', '属于国家秘', 'applications.results.denied.stateSecret'],
    ['dazhu-gov-2024-trs', '重复申请', '重夏申请', 'applications.results.notProcessed.duplicate'],
    ['dazhu-gov-2024-trs', '保护第三方合法权益', '保扩第三方合权益', 'applications.results.denied.thirdPartyRights'],
    ['xuanhan-fgj-2023-copied-text', '本机关不掌握相关政府信息', '本机关不掌相关政府信', 'applications.results.unable.notHeld'],
    ['xuanhan-fgj-2023-copied-text', '属于国家秘密', '属於国家秘蜜', 'applications.results.denied.stateSecret'],
  ])('%s: "%s" printed "%s" is recovered by position, the checks confirming it', (name, label, damaged, path) => {
    const { doc, want } = variant(name, [label, damaged]);
    // Without the positional step the strict matcher would lose the row: its label is too far.
    const extraction = extractTemplate(doc);
    expect(rowOf(extraction.figures, path)).toEqual(wantRow(want, path));
    expect(Object.fromEntries(extraction.figures)).toEqual(want);
    expect(extraction.warnings.some((w) => w.includes(damaged) && w.includes(`taken as ${path}`))).toBe(true);
  });

  it('a damaged row whose figures the checks do not confirm stays null, with a warning', () => {
    // wanzhou prints a wrong row total for 本机关不掌握相关政府信息: position alone must not decide.
    const { doc, want } = variant('wanzhou-rsj-2023-trs-wrong-totals', ['本机关不掌握相关政府信息', '本机关不掌相关政府信']);
    const extraction = extractTemplate(doc);
    const path = 'applications.results.unable.notHeld';
    expect(Object.values(rowOf(extraction.figures, path)).every((value) => value === null)).toBe(true);
    expect(extraction.warnings.some((w) => w.includes('本机关不掌相关政府信') && w.includes('do not confirm'))).toBe(true);
    for (const [key, value] of extraction.figures) if (value !== null) expect([key, value]).toEqual([key, want[key]]);
  });

  it('two damaged rows side by side: neither is placed (position cannot tell them apart)', () => {
    const { doc, want } = variant('dazhu-gov-2024-trs', ['属于国家秘密', '属于国家秘'], ['其他法律行政法规禁止公开', '其他法律行政法规禁公']);
    const extraction = extractTemplate(doc);
    for (const path of ['applications.results.denied.stateSecret', 'applications.results.denied.prohibitedByLaw']) {
      expect(Object.values(rowOf(extraction.figures, path)).every((value) => value === null)).toBe(true);
    }
    for (const [key, value] of extraction.figures) if (value !== null) expect([key, value]).toEqual([key, want[key]]);
  });

  it('damaged rows apart from one another, each in the column sums the others are missing from, are placed together', () => {
    // Alone, neither is confirmed: its column's sum lacks the other row. Together every figure has
    // its row's check and its column's passing.
    const { doc, want } = variant('dazhu-gov-2024-trs', ['属于国家秘密', '属于国家秘'], ['重复申请', '重夏申请']);
    const extraction = extractTemplate(doc);
    for (const path of ['applications.results.denied.stateSecret', 'applications.results.notProcessed.duplicate']) {
      expect(rowOf(extraction.figures, path)).toEqual(wantRow(want, path));
    }
    expect(Object.fromEntries(extraction.figures)).toEqual(want);
    expect(extraction.warnings.some((w) => w.includes('重夏申请') && w.includes('placed so too'))).toBe(true);
  });

  it('rows placed together stay null where a printed total is wrong', () => {
    // wanzhou prints a wrong row total for 本机关不掌握相关政府信息: with a second damaged row, the
    // two together are not confirmed either.
    const { doc, want } = variant('wanzhou-rsj-2023-trs-wrong-totals', ['本机关不掌握相关政府信息', '本机关不掌相关政府信'], ['属于国家秘密', '属于国家秘']);
    const extraction = extractTemplate(doc);
    expect(Object.values(rowOf(extraction.figures, 'applications.results.unable.notHeld')).every((value) => value === null)).toBe(true);
    for (const [key, value] of extraction.figures) if (value !== null) expect([key, value]).toEqual([key, want[key]]);
  });

  it('a row whose label is nothing like the missing one is not placed', () => {
    const { doc } = variant('dazhu-gov-2024-trs', ['重复申请', '备注说明']);
    const extraction = extractTemplate(doc);
    expect(Object.values(rowOf(extraction.figures, 'applications.results.notProcessed.duplicate')).every((value) => value === null)).toBe(true);
  });

  it('a row whose label OCR could not read at all is placed by position where the checks confirm it; a label printed blank is not', () => {
    const path = 'applications.results.notProcessed.duplicate';
    const { doc, want } = variant('dazhu-gov-2024-trs', ['>2.重复申请<', '><']);
    // Printed blank (a text cell, no confidence): nothing says a label stood there.
    expect(Object.values(rowOf(extractTemplate(doc).figures, path)).every((value) => value === null)).toBe(true);
    // The same cell as OCR gives ink it could not read: text '', confidence 0.
    const grid = doc.tables.find((table) => table.cells.some((cell) => cell.text.includes('3.要求提供公开出版物')))!;
    const next = grid.cells.find((cell) => cell.text.includes('3.要求提供公开出版物'))!;
    const unread = grid.cells.find((cell) => cell.row === next.row - 1 && cell.col === next.col)!;
    expect(unread.text).toBe('');
    unread.confidence = 0;
    const extraction = extractTemplate(doc);
    expect(rowOf(extraction.figures, path)).toEqual(wantRow(want, path));
    expect(Object.fromEntries(extraction.figures)).toEqual(want);
    expect(extraction.warnings.some((w) => w.includes('a row whose label could not be read') && w.includes(`taken as ${path}`))).toBe(true);
  });
});
