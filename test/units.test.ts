import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeHtml, decodeText } from '../src/read/decode.js';
import { buildGrid } from '../src/read/grid.js';
import { readHtml } from '../src/read/html.js';
import { readText } from '../src/read/text.js';
import { sniffFormat } from '../src/read/index.js';
import { LabelDictionary, normalizeLabel } from '../src/template/labels.js';
import { parseFigure } from '../src/template/numbers.js';
import { parseCount, statedApplicationCount } from '../src/template/narrative.js';
import { regionOf } from '../src/template/region.js';
import { agencyFromTitle } from '../src/template/meta.js';
import { fitFigures, type FigureSlot } from '../src/template/rows.js';
import { splitRun } from '../src/template/flattened.js';

describe('normalizeLabel', () => {
  it.each([
    ['规 章', '规章'],
    ['（二）部分公开（区分处理的，只计这一情形，不计其他情形）', '部分公开'],
    ['(二)部分公开(区分处理的,只计这一情形,不计其他情形)', '部分公开'],
    ['3.危及“三安全一稳定”', '危及三安全一稳定'],
    ['3、危及"三安全一稳定"', '危及三安全一稳定'],
    ['３．危及‘三安全一稳定’', '危及三安全一稳定'],
    ['一、本年新收 政府信息公开申请数量', '本年新收政府信息公开申请数量'],
    ['三、本年度办理结果', '本年度办理结果'],
    ['1.本机关不掌握\n相关政府信息', '本机关不掌握相关政府信息'],
    ['（1）重复申请', '重复申请'],
    ['本年收费金额（单位：万元）', '本年收费金额'],
    ['本年增/减', '本年增减'],
    // Numbering in brackets of another shape, or "一" as a dash: printed so, or so read by OCR.
    ['〈一)予以公开', '予以公开'],
    ['【三】不予公开', '不予公开'],
    ['(-)予以公开', '予以公开'],
    ['伍)不予公开', '不予公开'],
    ['1属于国家秘密', '属于国家秘密'],
    // A bracket's opening and the numeral read as one glyph ("(二" as 全).
    ['全)部分公开(区分处理的,只计这一情形,不计其他情形)', '部分公开'],
    ['1)属于国家秘密', '属于国家秘密'],
    // A comma for the point: OCR confuses the two.
    ['2,重复申请', '重复申请'],
    ['2，重复申请', '重复申请'],
  ])('%s → %s', (label, folded) => {
    expect(normalizeLabel(label)).toBe(folded);
  });

  it('matches near spellings only when one entry is that close', () => {
    const dictionary = new LabelDictionary([['本机关不掌握相关政府信息', 'notHeld'], ['没有现成信息需要另行制作', 'needsCreation']]);
    expect(dictionary.get('本机关不掌握相关政府信息')).toBe('notHeld');
    expect(dictionary.get('本机关不掌握相关的政府信息')).toBe('notHeld'); // one character inserted
    expect(dictionary.get('本机关掌握')).toBeUndefined();
    expect(dictionary.get('规章')).toBeUndefined();
  });

  it('folds characters OCR takes one for another, where one entry folds so', () => {
    const dictionary = new LabelDictionary([['予以公开', 'granted'], ['属于国家秘密', 'stateSecret'], ['属于行政执法案卷', 'enforcementFiles']]);
    expect(dictionary.get(normalizeLabel('(一)子以公开'))).toBe('granted');
    expect(dictionary.get(normalizeLabel('1.局于国家秘密'))).toBe('stateSecret');
    expect(dictionary.get(normalizeLabel('7.属于行政执法案者'))).toBe('enforcementFiles');
    // And one other character wrong in eight, as for any label.
    expect(dictionary.get(normalizeLabel('7.扣于行政执法案老'))).toBe('enforcementFiles');
    expect(dictionary.get(normalizeLabel('7.扣于行政执法文老'))).toBeUndefined();
    expect(dictionary.get(normalizeLabel('子以'))).toBeUndefined();
    // Two entries that fold alike match neither.
    expect(new LabelDictionary([['子女', 'a'], ['予女', 'b']]).get('了女')).toBeUndefined();
  });
});

describe('parseFigure', () => {
  it.each([
    ['12', 12], ['１２３', 123], ['1,234', 1234], ['3,985,758', 3985758], ['96171.6', 96171.6], ['0.00', 0],
    ['-72', -72], ['－15', -15], ['—', 0], ['/', 0], ['无', 0], ['5件', 5], [' 7 ', 7], ['12万元', 12],
  ])('%s → %s', (raw, value) => {
    expect(parseFigure(raw)).toEqual({ kind: 'number', value });
  });
  it('reads blank as blank and words as text', () => {
    expect(parseFigure('')).toEqual({ kind: 'blank' });
    expect(parseFigure('\u00a0 ')).toEqual({ kind: 'blank' });
    expect(parseFigure('规章')).toEqual({ kind: 'text' });
    expect(parseFigure('1,23')).toEqual({ kind: 'text' });
    expect(parseFigure('1.属于国家秘密')).toEqual({ kind: 'text' });
  });
});

describe('fitFigures', () => {
  const slots = (...raws: string[]): FigureSlot[] => raws.map((raw, col) => ({ raw, table: 1, row: 0, col }));
  it('drops empty cells at the edges only', () => {
    expect(fitFigures(slots('0', '1', '2', ''), 3)!.map((s) => s.raw)).toEqual(['0', '1', '2']);
    expect(fitFigures(slots('', '0', '1', '2'), 3)!.map((s) => s.raw)).toEqual(['0', '1', '2']);
    expect(fitFigures(slots('5', '', '', ''), 1)!.map((s) => s.raw)).toEqual(['5']);
  });
  it('refuses to guess', () => {
    expect(fitFigures(slots('0', '1'), 3)).toBeNull();
    expect(fitFigures(slots('', '1', ''), 2)).toBeNull();
    expect(fitFigures(slots('1', '2', '3', '4'), 3)).toBeNull();
  });
});

describe('decoding', () => {
  const text = '<html><head><meta charset="gb2312"></head><body>渠县教育局 㐀 𠀀</body></html>';
  it('decodes a GB2312 declaration as GB18030, 4-byte characters included', () => {
    const decoded = decodeHtml(iconv.encode(text, 'gb18030'));
    expect(decoded.charset).toBe('gb18030');
    expect(decoded.text).toContain('渠县教育局 㐀 𠀀');
  });
  it('detects undeclared GBK', () => {
    const bytes = iconv.encode('<html><body>政府信息公开工作年度报告</body></html>', 'gbk');
    expect(decodeHtml(bytes)).toMatchObject({ charset: 'gb18030', text: expect.stringContaining('政府信息公开工作年度报告') });
    expect(decodeText(iconv.encode('年度报告', 'gbk')).text).toBe('年度报告');
  });
  it('prefers the HTTP header charset, and survives a page that lies about UTF-8', () => {
    const gbk = iconv.encode('<html><head><meta charset="utf-8"></head><body>年度报告</body></html>', 'gbk');
    expect(decodeHtml(gbk).text).toContain('年度报告');
    expect(decodeHtml(gbk, 'gbk').charset).toBe('gb18030');
  });
});

describe('sniffFormat', () => {
  it.each([
    ['%PDF-1.7', 'pdf'], ['<!DOCTYPE html><html>', 'html'], ['  <table><tr><td>1', 'html'], ['纯文本报告', 'text'], ['', 'empty'],
  ])('%s → %s', (content, format) => {
    expect(sniffFormat(Buffer.from(content))).toBe(format);
  });
  it('tells zip, OLE and images by magic bytes', () => {
    expect(sniffFormat(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1]))).toBe('zip');
    expect(sniffFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1]))).toBe('ole');
    expect(sniffFormat(Buffer.from([0x89, 0x50, 0x4e, 0x47, 1]))).toBe('image');
  });
});

describe('buildGrid', () => {
  it('expands row and column spans the way browsers do', () => {
    const grid = buildGrid(1, [
      [{ text: 'a', rowSpan: 2, colSpan: 2 }, { text: 'b' }],
      [{ text: 'c' }],
      [{ text: 'd' }, { text: 'e' }, { text: 'f' }],
    ]);
    expect(grid.colCount).toBe(3);
    expect(grid.slots.map((row) => row.map((cell) => cell?.text ?? null))).toEqual([['a', 'a', 'b'], ['a', 'a', 'c'], ['d', 'e', 'f']]);
    expect(grid.cells.find((cell) => cell.text === 'c')).toMatchObject({ row: 1, col: 2 });
  });
  it('clamps absurd spans and fills short rows with holes', () => {
    const grid = buildGrid(1, [[{ text: 'x', rowSpan: 9999 }, { text: 'y' }], [{ text: 'z' }]]);
    expect(grid.rowCount).toBe(2);
    expect(grid.slots[1]!.map((cell) => cell?.text ?? null)).toEqual(['x', 'z']);
    const ragged = buildGrid(2, [[{ text: '1' }, { text: '2' }, { text: '3' }], [{ text: '4' }]]);
    expect(ragged.slots[1]).toEqual([expect.objectContaining({ text: '4' }), null, null]);
  });
});

describe('readHtml', () => {
  it('keeps <br> and <p> apart in cells, drops scripts and hidden text, reads <th> and nested layout', () => {
    const doc = readHtml(`<table><tr><td><table border=1>
      <thead><tr><th>信息内容</th><th>本年<br>制发件数</th></tr></thead>
      <tbody><tr><td><p>规&nbsp;章</p><span style="display:none">隐藏</span></td><td>1<script>x()</script></td></tr></tbody>
    </table></td></tr></table><p>正文</p>`);
    expect(doc.tables).toHaveLength(1);
    expect(doc.tables[0]!.cells.map((cell) => cell.text)).toEqual(['信息内容', '本年\n制发件数', '规 章', '1']);
    expect(doc.blocks.filter((block) => block.kind === 'text').map((block) => (block as { text: string }).text)).toEqual(['正文']);
  });
  it('reads <meta> properties and the <title>', () => {
    const doc = readHtml('<html><head><title>标题_网站</title><meta name="PubDate" content="2025-01-02"></head><body></body></html>');
    expect(doc.title).toBe('标题_网站');
    expect(doc.properties['PubDate']).toBe('2025-01-02');
  });
});

describe('readText', () => {
  it('reads tab rows, markdown pipe rows and rows of space-separated numbers as tables', () => {
    const doc = readText('标题\n规章\t0\t1\n\n行政许可\t5\n说明\n| a | b |\n|---|---|\n| 1 | 2 |\n0 1 1 0 2\n');
    expect(doc.tables.map((grid) => grid.slots.map((row) => row.map((cell) => cell?.text ?? '')))).toEqual([
      [['规章', '0', '1'], ['行政许可', '5', '']],
      [['a', 'b'], ['1', '2']],
      [['0', '1', '1', '0', '2']],
    ]);
  });
});

describe('narrative', () => {
  it.each([
    ['一、总体情况 2024 年度受理政府信息公开申请 1 件，已在法定期限内答复，未引发行政复议。', 1],
    ['一、总体情况\n全区收到政府信息公开申请75件，涉及自然人72件。', 75],
    ['共收到依申请信息公开 26 件。', 26],
    ['本年度共收到政府信息公开申请十二件。', 12],
    ['本年度未收到政府信息公开申请。', 0],
    ['共收到行政复议申请2件。', null],
    ['一、总体情况 主动公开信息120条。二、主动公开政府信息情况 收到申请5件', null],
  ])('%s → %s', (text, count) => {
    expect(statedApplicationCount(text)).toBe(count);
  });
  it('parses small Chinese numerals strictly', () => {
    expect(parseCount('二十五')).toBe(25);
    expect(parseCount('一百零五')).toBe(105);
    expect(parseCount('两')).toBe(2);
    expect(parseCount('三三')).toBeNull();
  });
});

describe('meta helpers', () => {
  it('takes the agency from either side of the year', () => {
    expect(agencyFromTitle('渠县教育局2024年政府信息公开工作年度报告')).toBe('渠县教育局');
    expect(agencyFromTitle('2023年度盱眙县自然资源和规划局政府信息公开工作年度报告')).toBe('盱眙县自然资源和规划局');
    expect(agencyFromTitle('政府信息公开工作年度报告')).toBeNull();
  });
  it('tells the region from the start of the agency name, never from a shared name alone', () => {
    expect(regionOf('渠县教育局')).toEqual({ province: '四川省', city: '达州市', county: '渠县', code: '511725' });
    expect(regionOf('淮安市人民政府')).toEqual({ province: '江苏省', city: '淮安市', county: null, code: '320800' });
    expect(regionOf('上海市科学技术委员会')).toEqual({ province: '上海市', city: null, county: null, code: '310000' });
    expect(regionOf('鼓楼区教育局').code).toBeNull();
    expect(regionOf('南京市鼓楼区教育局')).toMatchObject({ county: '鼓楼区', city: '南京市', code: '320106' });
    expect(regionOf('某某镇人民政府').code).toBeNull();
  });
});

describe('splitRun (figures printed run together)', () => {
  it('splits only where one split satisfies the row total', () => {
    expect(splitRun('713000074', 7, 'rowTotal')).toEqual({ kind: 'one', values: ['71', '3', '0', '0', '0', '0', '74'] });
    expect(splitRun('2 0 00 0 0 2', 7, 'rowTotal')).toEqual({ kind: 'one', values: ['2', '0', '0', '0', '0', '0', '2'] });
    expect(splitRun('0000000', 7, 'rowTotal')).toEqual({ kind: 'one', values: ['0', '0', '0', '0', '0', '0', '0'] });
    expect(splitRun('15-15', 2, 'none')).toEqual({ kind: 'one', values: ['15', '-15'] });
  });
  it('refuses to choose among several splits', () => {
    expect(splitRun('8855698', 3, 'none').kind).toBe('many');
    expect(splitRun('88-720', 3, 'none').kind).toBe('many');
    expect(splitRun('1111', 7, 'rowTotal').kind).toBe('none');
  });
});
