/**
 * HTML reader: a portal page (or a Word/WPS export) to blocks of text and cell grids.
 * One parse with htmlparser2 through cheerio, then one walk over the DOM.
 */
import { load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { collapseSpace } from '../lib/text.js';
import { buildGrid, type CellGrid, type CellInput } from './grid.js';
import type { Block, ReadDocument } from './document.js';
import { isTablePictureCandidate, type PagePicture } from './pictures.js';

/** Elements that end a line of text. */
const BLOCK_TAGS = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'td', 'th', 'table',
  'section', 'article', 'header', 'footer', 'blockquote', 'pre', 'dd', 'dt', 'dl', 'hr', 'caption',
  'center', 'form', 'nav', 'aside', 'main', 'title', 'address', 'figure', 'figcaption',
]);
const CMS_META_TAGS = new Set(['ucaptitle', 'publishtime', 'ucapsource']);
const HEADING_TAGS = new Set(['h1', 'h2']);
/** Elements whose content is never page text. */
const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'select', 'option', 'button', 'input', 'textarea']);

export function readHtml(html: string, charset?: string): ReadDocument {
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true } });
  const walker = new HtmlWalker();
  const root = $.root()[0]!;
  flattenBelow(root, MAX_DEPTH);
  walker.walkChildren(root);
  walker.flush();
  const doc: ReadDocument = {
    format: 'html',
    method: 'html-table',
    blocks: walker.blocks,
    tables: walker.tables,
    properties: walker.properties,
  };
  if (walker.title) doc.title = walker.title;
  if (charset) doc.charset = charset;
  if (walker.pictures.length > 0) doc.pictures = walker.pictures;
  return doc;
}

class HtmlWalker {
  readonly blocks: Block[] = [];
  readonly tables: CellGrid[] = [];
  readonly properties: Record<string, string> = {};
  readonly pictures: PagePicture[] = [];
  title = '';
  private line: string[] = [];

  walkChildren(node: AnyNode): void {
    const children = (node as Element).children;
    if (!children) return;
    for (const child of children) this.walk(child);
  }

  private walk(node: AnyNode): void {
    if (node.type === 'text') {
      this.line.push(node.data);
      return;
    }
    if (node.type !== 'tag' && node.type !== 'root') return;
    const element = node as Element;
    const tag = element.name;
    if (SKIP_TAGS.has(tag) || isHidden(element)) return;
    if (tag === 'meta') return this.readMeta(element);
    if (tag === 'title') {
      this.title = collapseSpace(collectText(element));
      return;
    }
    // 开普云 (ucap) pages carry their metadata as elements of their own; headings are kept too
    // (a report's title is its page's heading more often than its first line).
    if ((CMS_META_TAGS.has(tag) || HEADING_TAGS.has(tag)) && !(tag in this.properties)) this.properties[tag] = collapseSpace(collectText(element));
    if (tag === 'table' && this.readTable(element)) return;
    if (tag === 'img' && isTablePictureCandidate(element)) {
      this.flush();
      this.pictures.push({ src: (element.attribs['src'] ?? element.attribs['data-src'])!.trim(), alt: element.attribs['alt'] ?? '', afterBlock: this.blocks.length });
      return;
    }
    const block = BLOCK_TAGS.has(tag);
    if (block) this.flush();
    this.walkChildren(element);
    if (block) this.flush();
  }

  flush(): void {
    if (this.line.length === 0) return;
    const text = collapseSpace(this.line.join(''));
    this.line = [];
    if (text) this.blocks.push({ kind: 'text', text });
  }

  private readMeta(element: Element): void {
    const name = element.attribs['name'] ?? element.attribs['property'];
    const content = element.attribs['content'];
    if (name && content !== undefined && !(name in this.properties)) this.properties[name] = collapseSpace(content);
  }

  /**
   * Reads a data table into a grid. Layout tables (holding other tables, or a single row or
   * column of text) are not grids: returns false so that their content is walked as blocks.
   */
  private readTable(table: Element): boolean {
    // A one-row table of many cells is data (a table continued after a break); one cell per row is layout.
    const rows = ownRows(table);
    if (rows.length === 0) return false;
    const nested = { found: false };
    const inputs: CellInput[][] = rows.map((tr) => ownCells(tr).map((cell) => cellInput(cell, nested)));
    if (nested.found || inputs.every((cells) => cells.length <= 1)) return false;
    this.flush();
    const grid = buildGrid(this.tables.length + 1, inputs);
    this.tables.push(grid);
    this.blocks.push({ kind: 'table', table: grid.index });
    return true;
  }
}

/**
 * Elements deeper than this keep only their text (the walk is recursive: thousands of nested
 * tables or unclosed tags would overflow the stack). Word exports nest about 30 deep.
 */
const MAX_DEPTH = 400;

/** Replaces the children of every element at `maxDepth` by the text nodes under it, in order (iteratively). */
function flattenBelow(root: AnyNode, maxDepth: number): void {
  const stack: [AnyNode, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    const children = (node as Element).children;
    if (!children) continue;
    if (depth < maxDepth) {
      for (const child of children) stack.push([child, depth + 1]);
      continue;
    }
    const texts: AnyNode[] = [];
    const pending: AnyNode[] = [...children].reverse();
    while (pending.length > 0) {
      const next = pending.pop()!;
      if (next.type === 'text') texts.push(next);
      const under = (next as Element).children;
      if (next.type === 'tag' && !SKIP_TAGS.has((next as Element).name) && under) for (let i = under.length - 1; i >= 0; i--) pending.push(under[i]!);
    }
    for (const text of texts) text.parent = node as Element;
    (node as Element).children = texts as Element['children'];
  }
}

function cellInput(cell: Element, nested: { found: boolean }): CellInput {
  return {
    text: cellText(cell, nested),
    rowSpan: spanAttr(cell.attribs['rowspan']),
    colSpan: spanAttr(cell.attribs['colspan']),
  };
}

function spanAttr(value: string | undefined): number {
  if (value === undefined) return 1;
  const n = Number.parseInt(value, 10);
  return Number.isNaN(n) ? 1 : n;
}

/** Text of a cell: lines kept apart by "\n" (from <br> and <p>), spaces collapsed within each line. */
function cellText(cell: Element, nested: { found: boolean }): string {
  const text = collectText(cell, nested);
  if (!text.includes('\n')) return collapseSpace(text);
  return text
    .split('\n')
    .map(collapseSpace)
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * The text under a node, with "\n" at block boundaries; `nested.found` is set when a table lies
 * inside (a layout table). Strings are concatenated, not collected: far less garbage per cell.
 */
function collectText(node: AnyNode, nested?: { found: boolean }): string {
  if (node.type === 'text') return node.data;
  if (node.type !== 'tag') return '';
  const element = node as Element;
  if (SKIP_TAGS.has(element.name) || isHidden(element)) return '';
  if (nested && element.name === 'table') nested.found = true;
  let text = '';
  for (const child of element.children) text += collectText(child, nested);
  return BLOCK_TAGS.has(element.name) ? `\n${text}\n` : text;
}

/** Rows that belong to this table itself (directly or through thead/tbody/tfoot), not to a nested one. */
function ownRows(table: Element): Element[] {
  const rows: Element[] = [];
  for (const child of table.children) {
    if (child.type !== 'tag') continue;
    if (child.name === 'tr') rows.push(child);
    else if (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot') {
      for (const tr of child.children) if (tr.type === 'tag' && tr.name === 'tr') rows.push(tr);
    }
  }
  return rows;
}

function ownCells(tr: Element): Element[] {
  const cells: Element[] = [];
  for (const child of tr.children) if (child.type === 'tag' && (child.name === 'td' || child.name === 'th')) cells.push(child);
  return cells;
}

const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;

function isHidden(element: Element): boolean {
  const style = element.attribs['style'];
  // Word exports put long styles on every element: test the regex only where it can match.
  if (style !== undefined && (style.includes('display') || style.includes('visibility')) && HIDDEN_STYLE.test(style)) return true;
  return element.attribs['hidden'] !== undefined;
}
