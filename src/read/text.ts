/**
 * Plain-text reader: reports copied from portal pages (tab-separated table rows), markdown
 * conversions (pipe tables) and archivers' captures (rows of space-separated numbers).
 */
import { collapseSpace } from '../lib/text.js';
import { buildGrid, type CellGrid } from './grid.js';
import type { Block, ReadDocument } from './document.js';

type RowStyle = 'tab' | 'pipe' | 'numbers';

interface TextRow {
  style: RowStyle;
  cells: string[];
}

const PIPE_SEPARATOR = /^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const NUMBER_TOKEN = /^[-+]?\d+(\.\d+)?$/;

export function readText(text: string, charset?: string): ReadDocument {
  const blocks: Block[] = [];
  const tables: CellGrid[] = [];
  let pending: TextRow[] = [];

  const closeTable = () => {
    if (pending.length === 0) return;
    const grid = buildGrid(tables.length + 1, pending.map((row) => row.cells.map((cell) => ({ text: cell }))));
    tables.push(grid);
    blocks.push({ kind: 'table', table: grid.index });
    pending = [];
  };

  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    if (rawLine.trim() === '') continue; // blank lines do not end a table: copies often have them between rows
    const row = tableRow(rawLine);
    if (row) {
      if (pending.length > 0 && pending[0]!.style !== row.style) closeTable();
      pending.push(row);
      continue;
    }
    if (PIPE_SEPARATOR.test(rawLine.trim()) && rawLine.includes('|')) continue;
    closeTable();
    const line = stripMarkdown(rawLine);
    if (line) blocks.push({ kind: 'text', text: line });
  }
  closeTable();

  const doc: ReadDocument = { format: 'text', method: 'text', blocks, tables, properties: {} };
  if (charset) doc.charset = charset;
  return doc;
}

function tableRow(line: string): TextRow | null {
  if (line.includes('\t')) {
    return { style: 'tab', cells: line.split('\t').map(cleanCell) };
  }
  const trimmed = line.trim();
  if (trimmed.startsWith('|') && trimmed.endsWith('|') && trimmed.length > 1 && !PIPE_SEPARATOR.test(trimmed)) {
    return { style: 'pipe', cells: trimmed.slice(1, -1).split('|').map(cleanCell) };
  }
  const tokens = trimmed.split(/\s+/);
  if (tokens.length >= 3 && tokens.every((token) => NUMBER_TOKEN.test(token))) {
    return { style: 'numbers', cells: tokens };
  }
  return null;
}

function cleanCell(cell: string): string {
  return collapseSpace(cell.replace(/\*\*|__/g, '').replace(/<br\s*\/?>/gi, '\n'));
}

function stripMarkdown(line: string): string {
  return collapseSpace(line.replace(/^\s{0,3}#{1,6}\s+/, '').replace(/\*\*|__/g, ''));
}
