/**
 * Tables printed without vertical rules ("stream"): WPS and Word tables with horizontal rules
 * only, or none at all. Columns come from the alignment of the numbers down the rows; a row is
 * a line holding numbers (an anchor); the lines of a label wrapped over two or three lines join
 * into one cell — by the horizontal rules where there are any, else by their spacing and their
 * centre against the anchor's line; header lines (text over the number columns) are rows of
 * their own. Pure: lines of glyphs and ruling lines in, tables and prose lines out.
 */
import type { GridCell } from '../grid.js';
import type { Glyph, Segment } from './geometry.js';
import { chunks, glyphText, lineText } from './layout.js';

/** A table found by the stream reader: cells on slots, and its vertical extent. */
export interface StreamTable {
  top: number;
  bottom: number;
  cells: GridCell[];
  cellAt: number[][];
}

export type StreamItem = { kind: 'text'; y: number; text: string } | { kind: 'table'; y: number; table: StreamTable };

/** Gaps (ems) that separate two cells: of a line; of a header line over narrow columns. */
const CELL_GAP_EM = { line: 1.5, header: 0.8 } as const;
/** A header cell this narrow (ems) over no number marks a column of its own (one left blank in every row). */
const HEADER_COLUMN_EM = 3;
/**
 * What joins a table: lines that are not rows only this close (`nearEm`, baseline to baseline)
 * and in the table's font size (within the share `sameSize`: headings are larger); rows of
 * numbers up to `rowReachEm` apart.
 */
const TABLE_REACH = { nearEm: 2.6, sameSize: 0.1, rowReachEm: 4 } as const;
/**
 * A label's wrapped lines lie at most `slack` times the tightest such spacing seen apart; lines
 * of numbers closer than `rowEm` are one row printed over several lines.
 */
const WRAP = { slack: 1.1, rowEm: 0.95 } as const;
/**
 * A label block without numbers of its own belongs to a row whose line is this close (ems) to its
 * centre; between rules, up to `ruled` from it.
 */
const LABEL_REACH_EM = { centred: 0.4, ruled: 2 } as const;
/** A rule separates two lines of text where it runs under this share of their common width. */
const RULE_SHARE = 0.5;
/** A line of one chunk this long (`chars`), over this share of the page's text width (`width`), is running text. */
const PROSE = { chars: 20, width: 0.6 } as const;

/** What may stand in a number column: digits with separators, a sign, or a "none" mark. */
const NUMBER = /^(?:[-+−]?\d[\d,，.．]*|[—–\-－―/／\\×无]+|[\uff10-\uff19]+)$/;

interface Chunk {
  glyphs: Glyph[];
  text: string;
  x0: number;
  x1: number;
  baseline: number;
  size: number;
  numeric: boolean;
}

interface Line {
  chunks: Chunk[];
  /** The same cut at narrower gaps: header cells over narrow columns ("商 科" is two headers). */
  fine: Chunk[];
  baseline: number;
  size: number;
  /** Running text: ends any table. */
  prose: boolean;
  /** A row of the table: it holds a number. */
  anchor: boolean;
}

/** The number columns of a page's last table, for a continuation on the next page without its header. */
export type StreamColumns = readonly Column[];

/**
 * The page's tables without rules and its prose, in order. `carried`: the columns of the
 * previous page's last such table, taken by a first table here that has no header and whose
 * numbers all stand in them (columns blank on this page stay columns).
 */
export function streamTables(glyphLines: Glyph[][], segments: Segment[], page: number, carried: StreamColumns | null = null): { items: StreamItem[]; columns: StreamColumns | null } {
  const all = glyphLines.flat();
  const textWidth = all.length > 0 ? Math.max(...all.map((g) => g.x1)) - Math.min(...all.map((g) => g.x0)) : 0;
  const lines: Line[] = glyphLines.map((line) => {
    const parts = chunks(line, CELL_GAP_EM.line).flatMap(splitNumbers).flatMap(splitNumbered).map(toChunk);
    const size = median(line.map((g) => g.size));
    const prose = parts.length === 1 && isRunningText(parts[0]!.text) && parts[0]!.x1 - parts[0]!.x0 >= textWidth * PROSE.width;
    const fine = chunks(line, CELL_GAP_EM.header).flatMap(splitNumbers).map(toChunk);
    return { chunks: parts, fine, baseline: line[0]!.baseline, size, prose, anchor: parts.some((c) => c.numeric) && !prose };
  });
  const items: StreamItem[] = [];
  let columns: StreamColumns | null = null;
  let i = 0;
  while (i < lines.length) {
    const region = regionFrom(lines, i);
    if (!region) {
      items.push(textItem(lines[i]!));
      i++;
      continue;
    }
    const [start, end] = region;
    for (let k = i; k < start; k++) items.push(textItem(lines[k]!));
    const first = !items.some((item) => item.kind === 'table');
    const built = buildTable(lines.slice(start, end), segments, page, first ? carried : null);
    if (built) {
      items.push({ kind: 'table', y: built.table.top, table: built.table });
      columns = built.columns;
    }
    else for (let k = start; k < end; k++) items.push(textItem(lines[k]!));
    i = end;
  }
  // Only a table that ends the page (page numbers aside) goes on to the next.
  const last = [...items].reverse().find((item) => item.kind === 'table' || !PAGE_NUMBER.test(item.text));
  return { items, columns: last?.kind === 'table' ? columns : null };
}

const PAGE_NUMBER = /^[\s\-—–·第页共\d/()（）]*$/;

/** Long text with few gaps: a header row run together ("结果维 结果纠 其他结 …") has many. */
function isRunningText(text: string): boolean {
  const chars = [...text.replace(/\s+/g, '')].length;
  return chars >= PROSE.chars && (text.match(/\s+/g)?.length ?? 0) * 8 <= chars;
}

/**
 * Numbers of neighbouring columns printed close together ("2 133" where a narrow column's
 * number meets the next): a run of digits and spaces is cut at each space, never read as one.
 */
function splitNumbers(glyphs: Glyph[]): Glyph[][] {
  const text = lineText(glyphs);
  if (!/^[\d\s—–\-/／]+$/.test(text) || !/\s/.test(text)) return [glyphs];
  return chunks(glyphs, 0.25);
}

/**
 * Two label cells side by side with little room between ("年度办  （二）部分公开"): cut where
 * a gap of most of an em is followed by an item number, which starts a cell.
 */
function splitNumbered(glyphs: Glyph[]): Glyph[][] {
  const parts = chunks(glyphs, CELL_GAP_EM.header);
  if (parts.length < 2) return [glyphs];
  const out: Glyph[][] = [parts[0]!];
  for (const part of parts.slice(1)) {
    if (ITEM_NUMBER.test(lineText(part))) out.push(part);
    else out[out.length - 1]!.push(...part);
  }
  return out;
}

/** The numbering that starts an item: （二）, (2), 二、, 2., 2、 */
const ITEM_NUMBER = /^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、](?!\d))/;

function toChunk(glyphs: Glyph[]): Chunk {
  const text = lineText(glyphs);
  return {
    glyphs, text,
    x0: Math.min(...glyphs.map((g) => g.x0)),
    x1: Math.max(...glyphs.map((g) => g.x1)),
    baseline: glyphs[0]!.baseline,
    size: median(glyphs.map((g) => g.size)),
    numeric: NUMBER.test(text.replace(/\s+/g, '')),
  };
}

function textItem(line: Line): StreamItem {
  return { kind: 'text', y: line.baseline, text: line.chunks.map((c) => c.text).join(' ') };
}

/**
 * The table starting at or after line `from`: [start, end) or null when line `from` starts none.
 * A table is lines of two or more cells or with numbers, with wrapped labels and headers
 * between them, and at least one line of numbers.
 */
function regionFrom(lines: Line[], from: number): [number, number] | null {
  const tabular = (line: Line) => (line.anchor || line.chunks.length >= 2) && !line.prose;
  // In the smaller font's ems: a heading in a larger font above or below stays out.
  const gap = (a: Line, b: Line) => (b.baseline - a.baseline) / Math.min(a.size, b.size);
  // Label lines before the first line of two cells (a header's first lines) may start the table.
  let first = from;
  while (!tabular(lines[first]!)) {
    const next = lines[first + 1];
    if (!next || lines[first]!.prose || next.prose || gap(lines[first]!, next) > TABLE_REACH.nearEm) return null;
    first++;
  }
  const size = lines[first]!.size;
  const sameSize = (line: Line) => Math.abs(line.size - size) <= size * TABLE_REACH.sameSize;
  for (let k = from; k < first; k++) if (!sameSize(lines[k]!)) return null;
  let end = first + 1;
  let lastAnchor = lines[first]!.anchor ? first : -1;
  const columns: Column[] = [];
  const track = (line: Line): boolean => {
    // Rows of another table (most numbers under no column seen so far) start a new table.
    const numbers = line.chunks.filter((c) => c.numeric);
    const slack = line.size * 0.3;
    const fits = (n: Chunk) => columns.some((c) => n.x0 <= c.x1 + slack && n.x1 >= c.x0 - slack);
    if (columns.length >= 2 && numbers.length >= 2 && numbers.filter((n) => !fits(n)).length * 2 > numbers.length) return false;
    for (const n of numbers) {
      const hit = columns.find((c) => n.x0 <= c.x1 + slack && n.x1 >= c.x0 - slack);
      if (hit) {
        hit.x0 = Math.min(hit.x0, n.x0);
        hit.x1 = Math.max(hit.x1, n.x1);
      } else columns.push({ x0: n.x0, x1: n.x1 });
    }
    return true;
  };
  if (lastAnchor >= 0) track(lines[first]!);
  while (end < lines.length) {
    const line = lines[end]!;
    if (line.prose) break;
    const near = gap(lines[end - 1]!, line) <= TABLE_REACH.nearEm && sameSize(line);
    // A row of numbers may stand further below a tall header or another row.
    if (line.anchor && (near || gap(lines[end - 1]!, line) <= TABLE_REACH.rowReachEm)) {
      if (!track(line)) {
        // The new table's header lines go with it; the old table keeps only its labels' close tails.
        end = lastAnchor + 1;
        while (end < lines.length && !tabular(lines[end]!) && gap(lines[end - 1]!, lines[end]!) <= 1.2) end++;
        break;
      }
      lastAnchor = end;
      end++;
    } else if (near) end++;
    else break;
  }
  // Lines after the last row of numbers belong to it only when close (a wrapped label's last line).
  if (lastAnchor < 0) return null;
  while (end - 1 > lastAnchor && !tabular(lines[end - 1]!) && gap(lines[lastAnchor]!, lines[end - 1]!) > TABLE_REACH.nearEm) end--;
  if (end - from < 2) return null;
  return [from, end];
}

/** A column of numbers: the x range its numbers cover. */
interface Column {
  x0: number;
  x1: number;
}

/** A label cell being built: its fragments, top to bottom. */
interface Block {
  parts: Chunk[];
  /** The row line (index in the table's lines) one of its fragments stands on, if any. */
  anchor: number | null;
  x0: number;
  x1: number;
}

/** A row of the table as placed: its y (for order) and its cells as (column position, text). */
interface Row {
  y: number;
  /** Anchor line index, for label blocks to join. */
  anchor: number | null;
  numbers: Map<number, Chunk>;
  labels: Block[];
  /** Header cells: over number columns (by column) or in the label area. */
  header?: Chunk[];
  /** Baseline of the row's last line of numbers. */
  last?: number;
}

function buildTable(lines: Line[], segments: Segment[], page: number, carried: StreamColumns | null): { table: StreamTable; columns: Column[] } | null {
  const em = median(lines.map((l) => l.size));
  let columns = withHeaderColumns(numberColumns(lines), lines, em);
  if (columns.length === 0) return null;
  // No header: nothing above the first row of numbers but label lines (a wrapped label's start).
  const headerless = lines.slice(0, lines.findIndex((l) => l.anchor)).every((l) => l.chunks.every((c) => c.x1 < columns[0]!.x0 - em * 0.5));
  let adopted = false;
  if (carried && headerless && carried.length > columns.length &&
      columns.every((own) => carried.some((c) => own.x0 <= c.x1 + em * 0.5 && own.x1 >= c.x0 - em * 0.5))) {
    columns = carried.map((c) => ({ ...c }));
    adopted = true;
  }
  const columnOf = (chunk: Chunk): number => {
    let best = -1;
    let bestOverlap = 0;
    columns.forEach((column, c) => {
      const o = Math.min(column.x1 + em * 0.5, chunk.x1) - Math.max(column.x0 - em * 0.5, chunk.x0);
      if (o > bestOverlap) {
        bestOverlap = o;
        best = c;
      }
    });
    return best;
  };

  // Rows of numbers, header lines, and label fragments.
  const rows: Row[] = [];
  const fragments: { chunk: Chunk; anchor: number | null }[] = [];
  lines.forEach((line, index) => {
    if (line.anchor) {
      // Lines of numbers less than an em apart are one row whose cells wrap (a number broken over
      // two lines in a narrow column): its numbers join top to bottom.
      const previous = rows[rows.length - 1];
      const joined = previous && previous.anchor !== null && line.baseline - previous.last! < line.size * WRAP.rowEm;
      const row: Row = joined ? previous : { y: line.baseline, anchor: index, numbers: new Map(), labels: [] };
      row.last = line.baseline;
      for (const chunk of line.chunks) {
        const c = chunk.numeric ? columnOf(chunk) : -1;
        const above = c >= 0 ? row.numbers.get(c) : undefined;
        if (c >= 0 && !above) row.numbers.set(c, chunk);
        else if (above && joined) row.numbers.set(c, { ...above, glyphs: [...above.glyphs, ...chunk.glyphs], text: above.text + chunk.text });
        else fragments.push({ chunk, anchor: row.anchor });
      }
      if (!joined) rows.push(row);
    } else if (line.chunks.some((chunk) => columnOf(chunk) >= 0)) {
      rows.push({ y: line.baseline, anchor: null, numbers: new Map(), labels: [], header: line.fine });
    } else {
      for (const chunk of line.chunks) fragments.push({ chunk, anchor: null });
    }
  });

  const rules = tableRules(lines, segments);
  const labelled = new Set(fragments.map((f) => f.anchor));
  const unlabelled = rows.filter((row) => row.anchor !== null && !labelled.has(row.anchor)).map((row) => row.y);
  const blocks = labelBlocks(fragments, rules, em, (anchor) => lines[anchor]!.baseline, unlabelled);
  for (const block of blocks) {
    const row = rowOfBlock(block, rows, rules, lines, em);
    if (row) row.labels.push(block);
    else rows.push({ y: centre(block), anchor: null, numbers: new Map(), labels: [block] });
  }
  rows.sort((a, b) => a.y - b.y);
  const merged = mergeHeader(rows);
  return { table: placeRows(merged, columns, columnOf, page, blankColumns(merged, columns.length, columnOf, adopted)), columns };
}

/** Columns of numbers: the numbers of the table's rows grouped where their x ranges overlap. */
function numberColumns(lines: Line[]): Column[] {
  const numbers = lines.filter((l) => l.anchor).flatMap((l) => l.chunks.filter((c) => c.numeric));
  numbers.sort((a, b) => (a.x0 + a.x1) - (b.x0 + b.x1));
  const columns: Column[] = [];
  for (const chunk of numbers) {
    const slack = chunk.size * 0.3;
    const hit = columns.find((c) => chunk.x0 <= c.x1 + slack && chunk.x1 >= c.x0 - slack);
    if (hit) {
      hit.x0 = Math.min(hit.x0, chunk.x0);
      hit.x1 = Math.max(hit.x1, chunk.x1);
    } else columns.push({ x0: chunk.x0, x1: chunk.x1 });
  }
  return columns.sort((a, b) => a.x0 - b.x0);
}

/**
 * Columns that no row prints a number in (a blank 法人 column) are told by their headers:
 * narrow header cells between the number columns, over no number, stacked down the header
 * lines (headers printed a character a line) or alone.
 */
function withHeaderColumns(columns: Column[], lines: Line[], em: number): Column[] {
  if (columns.length < 2) return columns;
  const first = columns[0]!;
  const last = columns[columns.length - 1]!;
  const firstAnchor = lines.findIndex((l) => l.anchor);
  const found: Column[] = [];
  for (const line of lines.slice(0, firstAnchor)) {
    for (const chunk of line.fine) {
      const mid = (chunk.x0 + chunk.x1) / 2;
      if (chunk.numeric || chunk.x1 - chunk.x0 > em * HEADER_COLUMN_EM || mid <= first.x1 || mid >= last.x0) continue;
      if (columns.some((c) => chunk.x0 <= c.x1 + em * 0.3 && chunk.x1 >= c.x0 - em * 0.3)) continue;
      const hit = found.find((c) => chunk.x0 <= c.x1 && chunk.x1 >= c.x0);
      if (hit) {
        hit.x0 = Math.min(hit.x0, chunk.x0);
        hit.x1 = Math.max(hit.x1, chunk.x1);
      } else found.push({ x0: chunk.x0, x1: chunk.x1 });
    }
  }
  return [...columns, ...found].sort((a, b) => a.x0 - b.x0);
}

/** The horizontal rules drawn over the table's area (WPS prints rows with these only). */
function tableRules(lines: Line[], segments: Segment[]): Segment[] | null {
  const top = lines[0]!.baseline - lines[0]!.size * 2;
  const bottom = lines[lines.length - 1]!.baseline + lines[lines.length - 1]!.size;
  const rules = segments.filter((s) => s.orientation === 'h' && s.at >= top && s.at <= bottom);
  return rules.length >= 3 ? rules : null;
}

/** True when a rule runs between heights y0 < y1 under most of the x range [x0, x1]. */
function ruleBetween(rules: Segment[], y0: number, y1: number, x0: number, x1: number): boolean {
  return rules.some((rule) => rule.at > y0 && rule.at < y1 && Math.min(rule.to, x1) - Math.max(rule.from, x0) >= (x1 - x0) * RULE_SHARE);
}

/** Glyph middle of a chunk, for placing it between rules. */
function middle(chunk: Chunk): number {
  return chunk.baseline - chunk.size * 0.35;
}

/**
 * Label fragments into label cells: a fragment joins the block right above it when they overlap
 * horizontally and lie in one band between rules (with rules) or a wrapped line's spacing apart
 * (without), unless both stand on rows of numbers (two rows' labels).
 */
function labelBlocks(
  fragments: { chunk: Chunk; anchor: number | null }[], rules: Segment[] | null, em: number,
  anchorY: (anchor: number) => number, unlabelled: number[],
): Block[] {
  const sorted = [...fragments].sort((a, b) => a.chunk.baseline - b.chunk.baseline || a.chunk.x0 - b.chunk.x0);
  const overlaps = (a: { x0: number; x1: number }, b: { x0: number; x1: number }) => Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > 0;
  // The tightest spacing of overlapping fragments: a wrapped label's line height (or the rows' pitch).
  let pitch = Infinity;
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const d = sorted[j]!.chunk.baseline - sorted[i]!.chunk.baseline;
      if (d < em * 0.8) continue;
      if (d >= pitch) break;
      if (overlaps(sorted[i]!.chunk, sorted[j]!.chunk)) pitch = d;
    }
  }
  const wrap = Math.min(Math.max(pitch * WRAP.slack, em * 1.0), em * 1.8);
  const blocks: Block[] = [];
  for (const { chunk, anchor } of sorted) {
    const last = (block: Block) => block.parts[block.parts.length - 1]!;
    const joins = (block: Block) => {
      const above = last(block);
      if (!overlaps(block, chunk) || (anchor !== null && block.anchor !== null)) return false;
      if (rules) {
        const x0 = Math.max(block.x0, chunk.x0);
        const x1 = Math.min(block.x1, chunk.x1);
        return chunk.baseline - above.baseline <= em * 2.5 && !ruleBetween(rules, middle(above), middle(chunk), x0, x1);
      }
      const d = chunk.baseline - above.baseline;
      if (d < em * 0.5 || d > wrap) return false;
      // A line nearer a row of numbers printed without a label is that row's label, not this one's tail.
      if (block.anchor !== null && anchor === null) {
        const own = Math.abs(chunk.baseline - anchorY(block.anchor));
        if (unlabelled.some((y) => Math.abs(chunk.baseline - y) < own)) return false;
      }
      return true;
    };
    const block = [...blocks].reverse().find(joins);
    if (block) {
      block.parts.push(chunk);
      block.x0 = Math.min(block.x0, chunk.x0);
      block.x1 = Math.max(block.x1, chunk.x1);
      if (anchor !== null) block.anchor = anchor;
    } else blocks.push({ parts: [chunk], anchor, x0: chunk.x0, x1: chunk.x1 });
  }
  return blocks;
}

function centre(block: Block): number {
  return (block.parts[0]!.baseline + block.parts[block.parts.length - 1]!.baseline) / 2;
}

/** The row a label block belongs to: the row it stands on, the row in its band, or the row its centre lies on. */
function rowOfBlock(block: Block, rows: Row[], rules: Segment[] | null, lines: Line[], em: number): Row | null {
  if (block.anchor !== null) return rows.find((row) => row.anchor === block.anchor) ?? null;
  const numbered = rows.filter((row) => row.anchor !== null);
  const y = centre(block);
  let best: Row | null = null;
  for (const row of numbered) {
    // Between rules, a label belongs to the row of numbers that no rule parts it from.
    if (rules) {
      const line = lines[row.anchor!]!;
      const [a, b] = [middle(block.parts[0]!), line.baseline - line.size * 0.35].sort((p, q) => p - q);
      if (ruleBetween(rules, a!, b!, block.x0, block.x1)) continue;
    }
    if (!best || Math.abs(row.y - y) < Math.abs(best.y - y)) best = row;
  }
  if (!best) return null;
  return Math.abs(best.y - y) <= em * (rules ? LABEL_REACH_EM.ruled : LABEL_REACH_EM.centred) ? best : null;
}

/**
 * The lines above the first row of numbers are one header: headers printed a character a line
 * ("结/果/维/持") or over several levels read as one row, each column's text top to bottom.
 */
function mergeHeader(rows: Row[]): Row[] {
  const first = rows.findIndex((row) => row.anchor !== null);
  if (first < 2) return rows;
  const head = rows.slice(0, first);
  const header: Row = {
    y: head[0]!.y, anchor: null, numbers: new Map(),
    labels: head.flatMap((row) => row.labels),
    header: head.flatMap((row) => row.header ?? []),
  };
  return [header, ...rows.slice(first)];
}

/**
 * Rows onto a grid: the number columns, and before each of them as many label columns as the
 * most label cells any row has there (labels left of the first number column, mostly).
 */
/**
 * The number columns each row of numbers spans, where it printed nothing in some (a blank cell):
 * those under the header right above its run of rows, and those its run prints numbers in. A
 * run with no header above takes its own columns, or all of them on a continued page. Columns of
 * another small table in the same run of lines (section 二's one-column tables) stay out.
 */
function blankColumns(rows: Row[], count: number, columnOf: (chunk: Chunk) => number, continued: boolean): (Set<number> | null)[] {
  const out: (Set<number> | null)[] = rows.map(() => null);
  let header: Set<number> | null = null;
  let r = 0;
  while (r < rows.length) {
    const row = rows[r]!;
    if (row.anchor === null) {
      if (row.header) {
        header ??= new Set();
        for (const chunk of row.header) if (columnOf(chunk) >= 0) header.add(columnOf(chunk));
      }
      r++;
      continue;
    }
    // A run of rows of numbers (label rows between them allowed), until the next header.
    let end = r;
    while (end < rows.length && !rows[end]!.header) end++;
    const used = new Set<number>(header ?? (continued && r === 0 ? Array.from({ length: count }, (_, c) => c) : []));
    for (let k = r; k < end; k++) for (const c of rows[k]!.numbers.keys()) used.add(c);
    for (let k = r; k < end; k++) if (rows[k]!.anchor !== null) out[k] = used;
    header = null;
    r = end;
  }
  return out;
}

function placeRows(rows: Row[], columns: Column[], columnOf: (chunk: Chunk) => number, page: number, blanks: (Set<number> | null)[]): StreamTable {
  /** Where a label at x goes: the gap before number column g (columns.length: after the last). */
  const gapOf = (x0: number, x1: number) => {
    const mid = (x0 + x1) / 2;
    const g = columns.findIndex((column) => mid < (column.x0 + column.x1) / 2);
    return g === -1 ? columns.length : g;
  };
  type Placed = { gap: number; text: string; parts: Chunk[] };
  const labelsOf = (row: Row): Placed[] => {
    const out: Placed[] = row.labels.map((block) => ({ gap: gapOf(block.x0, block.x1), text: block.parts.map((p) => p.text).join('\n'), parts: block.parts }));
    if (row.header) {
      // A header's text outside the number columns: one cell per gap, top to bottom.
      for (const chunk of row.header) if (columnOf(chunk) < 0) out.push({ gap: gapOf(chunk.x0, chunk.x1), text: chunk.text, parts: [chunk] });
      const byGap = new Map<number, Placed>();
      for (const placed of out.sort((a, b) => a.parts[0]!.baseline - b.parts[0]!.baseline || a.parts[0]!.x0 - b.parts[0]!.x0)) {
        const same = byGap.get(placed.gap);
        if (same) {
          same.text += `\n${placed.text}`;
          same.parts = [...same.parts, ...placed.parts];
        } else byGap.set(placed.gap, { ...placed });
      }
      return [...byGap.values()];
    }
    return out.sort((a, b) => a.parts[0]!.x0 - b.parts[0]!.x0);
  };
  const perGap = new Array<number>(columns.length + 1).fill(0);
  const placedLabels = rows.map(labelsOf);
  for (const labels of placedLabels) {
    const counts = new Array<number>(columns.length + 1).fill(0);
    for (const label of labels) counts[label.gap]!++;
    counts.forEach((n, g) => (perGap[g] = Math.max(perGap[g]!, n)));
  }
  // Slot of the first label column of each gap, and of each number column.
  const gapStart: number[] = [];
  const numberSlot: number[] = [];
  let width = 0;
  for (let g = 0; g <= columns.length; g++) {
    gapStart.push(width);
    width += perGap[g]!;
    if (g < columns.length) numberSlot.push(width++);
  }

  const cells: GridCell[] = [];
  const cellAt: number[][] = [];
  const add = (r: number, col: number, text: string, parts: Chunk[]) => {
    const glyphs = parts.flatMap((p) => p.glyphs);
    cellAt[r]![col] = cells.length;
    cells.push({
      text, row: r, col, rowSpan: 1, colSpan: 1, page,
      box: {
        x0: round(Math.min(...glyphs.map((g) => g.x0))), y0: round(Math.min(...glyphs.map((g) => g.top))),
        x1: round(Math.max(...glyphs.map((g) => g.x1))), y1: round(Math.max(...glyphs.map((g) => g.bottom))),
      },
    });
  };
  rows.forEach((row, r) => {
    cellAt.push(new Array<number>(width).fill(-1));
    const used = new Array<number>(columns.length + 1).fill(0);
    for (const label of placedLabels[r]!) add(r, gapStart[label.gap]! + used[label.gap]!++, label.text, label.parts);
    for (const [c, chunk] of row.numbers) add(r, numberSlot[c]!, glyphText(chunk.glyphs), [chunk]);
    // A row of numbers has a cell in every number column: a blank one where nothing is printed.
    if (row.anchor !== null) {
      columns.forEach((column, c) => {
        if (row.numbers.has(c) || !blanks[r]?.has(c)) return;
        cellAt[r]![numberSlot[c]!] = cells.length;
        cells.push({ text: '', row: r, col: numberSlot[c]!, rowSpan: 1, colSpan: 1, page, box: { x0: round(column.x0), y0: round(row.y - 1), x1: round(column.x1), y1: round(row.y) } });
      });
    }
    for (const chunk of row.header ?? []) {
      const c = columnOf(chunk);
      if (c < 0) continue;
      const at = cellAt[r]![numberSlot[c]!]!;
      if (at >= 0) cells[at]!.text += `\n${chunk.text}`;
      else add(r, numberSlot[c]!, chunk.text, [chunk]);
    }
  });
  const all = cells.map((cell) => cell.box!);
  return { top: Math.min(...all.map((b) => b.y0)), bottom: Math.max(...all.map((b) => b.y1)), cells, cellAt };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
