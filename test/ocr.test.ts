/**
 * OCR: scans (image-only PDFs, a scanned page inside a text PDF) and tables pasted into a page as
 * pictures, made from the other samples by samples/make/render-scans.mjs. Every figure is
 * compared with the sample it came from: none may be wrong; clean copies must give most of them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractBytes, loadInput } from '../src/pipeline/extract.js';
import { closeWorkerPool, extractInWorker } from '../src/pipeline/pool.js';
import { closeOcr } from '../src/read/ocr/engine.js';
import { readImageDocument } from '../src/read/ocr/read-image.js';
import { characterHeight, estimateSkew, binarize, connectedRules, findRules, normalizeContrast, rotate, type GrayImage, type PixelRule } from '../src/read/ocr/raster.js';
import { decodeImage, readImageHeader } from '../src/read/ocr/image.js';
import { readPageContent } from '../src/read/pdf/page-content.js';
import { DigitShapes, shapeOf } from '../src/read/ocr/glyphs.js';
import { ocrPage } from '../src/read/ocr/page.js';
import { drawScan, renderOnCanvas } from '../src/read/ocr/pdf-page.js';
import { readPdfDocument } from '../src/read/pdf/read-pdf.js';
import { readHtml } from '../src/read/html.js';
import { UnreadableInputError } from '../src/read/document.js';
import { FIXTURES, flatten, readJson, SAMPLES } from './helpers.js';
import { parseFigure } from '../src/template/numbers.js';

afterAll(async () => {
  await closeOcr();
  await closeWorkerPool();
});

/** OCR on this shared machine is slow: the time limit is not what is tested here. */
const LIMIT_MS = 900_000;

/**
 * Extracts a fixture of test/fixtures/ocr and compares its figures with the sample it was printed
 * from (expected JSON in samples/): none may be wrong. Returns the report and the figures read.
 */
async function readWithNoneWrong(fixture: string, expected: string) {
  const input = await loadInput(join(FIXTURES, 'ocr', fixture));
  input.read.readTimeLimitMs = LIMIT_MS;
  const report = await extractBytes(input);
  const printed = flatten(readJson(join(SAMPLES, expected)).figures);
  const read = Object.entries(flatten(report.figures)).filter(([, value]) => value !== null);
  expect(read.filter(([path, value]) => value !== printed[path])).toEqual([]);
  return { report, read };
}

const samples = readdirSync(SAMPLES)
  .filter((name) => /\.(pdf|html)$/.test(name))
  .map((name) => ({ name, expected: readJson(join(SAMPLES, name.replace(/\.\w+$/, '.expected.json'))) }))
  .filter(({ expected }) => expected.ocr);

describe('OCR samples: every figure compared', () => {
  it('has scans at 300, 200 and 150 dpi, a poor copy, a scanned page in a text PDF, and table pictures', () => {
    const names = samples.map((s) => s.name);
    for (const part of ['300dpi', '200dpi', '150dpi', 'poor', 'text-and-scan', 'pictures']) expect(names.some((n) => n.includes(part))).toBe(true);
  });

  for (const { name, expected } of samples) {
    it(`${name}: no wrong figure; ${expected.ocr.expect === 'exact' ? `at least ${expected.ocr.minRight} right` : 'unreadable ones null'}`, async () => {
      const input = await loadInput(join(SAMPLES, name));
      input.read.readTimeLimitMs = LIMIT_MS;
      const report = await extractBytes(input);
      const want = flatten(expected.figures);
      const got = flatten(report.figures);
      const wrong = Object.entries(want).filter(([path, value]) => got[path] !== null && got[path] !== value).map(([path, value]) => `${path}: ${got[path]} (printed ${value})`);
      const right = Object.entries(want).filter(([path, value]) => got[path] === value).length;
      expect(wrong).toEqual([]);
      if (expected.ocr.minRight !== undefined) expect(right).toBeGreaterThanOrEqual(expected.ocr.minRight);
      // What is not read is said: a reason for a copy too poor to find the tables in, else warnings.
      if (report.extraction.status === 'failed') expect(report.extraction.reason).toBeTruthy();
      else if (right < Object.keys(want).length) expect(report.extraction.warnings.join('\n')).toMatch(/could not be read|left null|blank/);
      if (right > 0) {
        expect(report.template).toBe(expected.template);
        expect(report.extraction.method).toBe(name.endsWith('.html') ? 'image-ocr' : 'pdf-ocr');
        expect(report.meta.year).toBe(expected.meta.year);
      }
    }, LIMIT_MS);
  }
});

describe('figures wrapped over lines in narrow cells', () => {
  // test/fixtures/ocr/wrapped-figures.png, made by samples/make/render-wrapped.mjs: section 四 with
  // columns so narrow that "105" is printed 1, 0 and 5 one under another.
  const FIGURES = [12, 7, 105, 3, 127, 18, 4, 2, 31, 55, 9, 0, 16, 1, 26];

  it('reads each line as a figure and joins them; the labels stay text', async () => {
    const doc = await readImageDocument(readFileSync(join(FIXTURES, 'ocr', 'wrapped-figures.png')));
    expect(doc.tables).toHaveLength(1);
    const grid = doc.tables[0]!;
    const last = Math.max(...grid.cells.map((cell) => cell.row));
    const figures = grid.cells.filter((cell) => cell.row === last).sort((a, b) => a.col - b.col);
    const values = figures.map((cell) => parseFigure(cell.text)).map((parsed) => (parsed.kind === 'number' ? parsed.value : null));
    // None wrong; the wrapped ones read (a line left unread would make its figure null).
    expect(values.filter((value, i) => value !== null && value !== FIGURES[i])).toEqual([]);
    const wrapped = FIGURES.map((value, i) => ({ value, i })).filter(({ value }) => value >= 10);
    expect(wrapped.filter(({ i }) => values[i] !== null).length).toBeGreaterThanOrEqual(wrapped.length - 1);
    expect(figures.filter((cell) => cell.text.includes('\n')).length).toBeGreaterThanOrEqual(wrapped.length - 1);
    expect(grid.cells.filter((cell) => /维持|纠正|审结/.test(cell.text.replace(/\s+/g, ''))).length).toBeGreaterThanOrEqual(6);
  }, 120_000);
});

describe('figures in a larger type than the labels, and a short label of narrow characters', () => {
  // test/fixtures/ocr/large-figures.png, made by samples/make/render-wrapped.mjs: section 二's
  // "规 章" row (its characters fall into narrow blobs, like figures) and section 四 with its labels
  // in 7.5-pt type wrapped in their cells and its figures in 14-pt type (as the Huai'an report).
  const REVIEW = [56, 9, 143, 4, 212, 17, 4, 7, 2, 30, 11, 0, 3, 5, 19];

  it('reads the 规章 row and section 四 in its larger type, none wrong', async () => {
    const input = await loadInput(join(FIXTURES, 'ocr', 'large-figures.png'));
    input.read.readTimeLimitMs = LIMIT_MS;
    const report = await extractBytes(input);
    expect(report.figures.proactive.rules).toEqual({ issued: 2, repealed: 0, inForce: 14 });
    const review = Object.values(flatten(report.figures.reviewLitigation));
    expect(review.filter((value, i) => value !== null && value !== REVIEW[i])).toEqual([]);
    expect(review.filter((value) => value !== null).length).toBeGreaterThanOrEqual(13);
  }, LIMIT_MS);
});

describe('small type, where digits touch', () => {
  // test/fixtures/ocr/small-type-rows-*.png, made by samples/make/render-small-type.mjs: rows of
  // section 三 cut from a 200-dpi scan of a report printed in 7.5-pt type. The figures of each row
  // are its last seven columns.
  const ROWS = [
    [[156, 14, 1, 1, 2, 1, 175], [38, 5, 0, 0, 1, 0, 44], [2, 0, 0, 0, 0, 0, 2]],
    [[400, 35, 2, 1, 5, 2, 445], [14, 3, 0, 0, 0, 1, 18]],
  ];

  it('reads no figure wrong where digits touch ("44" is one blob), and most of them', async () => {
    for (const [i, rows] of ROWS.entries()) {
      const doc = await readImageDocument(readFileSync(join(FIXTURES, 'ocr', `small-type-rows-${i + 1}.png`)));
      expect(doc.tables).toHaveLength(1);
      const cells = doc.tables[0]!.cells;
      const columns = [...new Set(cells.map((cell) => cell.col))].sort((a, b) => a - b).slice(-7);
      // The rows with text (the cut leaves the edges of the rows above and below, empty).
      const rowNumbers = [...new Set(cells.filter((cell) => cell.text.trim() !== '').map((cell) => cell.row))].sort((a, b) => a - b);
      expect(rowNumbers).toHaveLength(rows.length);
      const wrong: string[] = [];
      let read = 0;
      for (const cell of cells) {
        const at = columns.indexOf(cell.col);
        const parsed = parseFigure(cell.text);
        if (at < 0 || parsed.kind !== 'number') continue;
        read++;
        const printed = rows[rowNumbers.indexOf(cell.row)]![at];
        if (parsed.value !== printed) wrong.push(`row ${cell.row} col ${cell.col}: ${cell.text} for ${printed}`);
      }
      expect(wrong).toEqual([]);
      expect(read).toBeGreaterThanOrEqual(rows.length * 7 - 3);
    }
  }, 120_000);

  it('reads surely a "5" whose flag broke off and a "44" that is one blob, its row whole', async () => {
    // small-type-rows-1.png, the row of 部分公开: 38 5 0 0 1 0 44. The 5 (its flag a blob of its
    // own, the rest wider than high) and the 44 were unreadable: each is now read alone at both
    // scales, the 5 with its flag joined and the 44 cut in two and read digit by digit as well.
    const doc = await readImageDocument(readFileSync(join(FIXTURES, 'ocr', 'small-type-rows-1.png')));
    const cells = doc.tables[0]!.cells;
    const row = cells.find((cell) => cell.text === '38')!.row;
    const columns = [...new Set(cells.map((cell) => cell.col))].sort((a, b) => a - b).slice(-7);
    const figures = columns.map((col) => cells.find((cell) => cell.row === row && cell.col === col)!);
    expect(figures.map((cell) => cell.text)).toEqual(['38', '5', '0', '0', '1', '0', '44']);
    for (const cell of figures) expect(cell.confidence).toBeGreaterThanOrEqual(0.9);
  }, 120_000);

  it('sees the minus of "-3" in 6.5-pt type, a pixel or two of grey that tesseract drops', async () => {
    // test/fixtures/ocr/small-type-page-1.jpg: a page scanned at 200 dpi whose section 二 prints
    // 行政许可 46, -3 (本年增/减), 1208.
    const doc = await readImageDocument(readFileSync(join(FIXTURES, 'ocr', 'small-type-page-1.jpg')));
    const table = doc.tables.find((grid) => grid.cells.some((cell) => cell.text === '行政许可'))!;
    const row = table.cells.find((cell) => cell.text === '行政许可')!.row;
    // 本年增/减: the column after 上一年项目数量 (its own header reads poorly in this type).
    const col = table.cells.find((cell) => cell.text.replace(/\s+/g, '') === '上一年项目数量' && cell.row < row)!.col + 1;
    const change = table.cells.find((cell) => cell.row === row && cell.col === col)!;
    expect(change.text).toBe('-3');
    // The line readings drop it; read alone, the figure is "-3" at both scales, as the ink has it
    // (without the ink's minus that reading would be doubtful: the sign is checked against the ink).
    expect(change.confidence).toBeGreaterThanOrEqual(0.9);
  }, 120_000);

  it('reads a page in 6.5-pt type with no figure wrong, and the point of 286.4 that is a pixel or two of grey', async () => {
    // test/fixtures/ocr/small-type-page-2.jpg: the second page of that scan (the Anxi report's
    // section 二's end and section 三), compared with the figures of the report it was printed from.
    const { report, read } = await readWithNoneWrong('small-type-page-2.jpg', 'anxi-jtj-2020-template2019-gb2312.expected.json');
    // Its zeros broken in two arcs are read too (doubtful, confirmed by the checks), also where
    // tesseract read nothing in the line and each arc alone is no digit: the arcs are read
    // together (175 when each arc was read alone, 172 before broken digits were looked at).
    expect(read.length).toBeGreaterThanOrEqual(180);
    // The ink's threshold leaves the point out; one line reading and both readings alone see it,
    // and a faint mark low in a gap wider than the others confirms it (it was null: no check
    // confirms section 二, and 2864 was doubtful).
    expect(flatten(report.figures)['proactive.centralizedProcurement.amount']).toBe(286.4);
  }, LIMIT_MS);

  it('keeps the row of 行政处罚 whose "96" the Chinese pass read as "9%6"', async () => {
    // small-type-page-1.jpg: 行政处罚 18, 2, 96 in section 二; "9%6" in a figure cell had made it
    // a label, and the row's figures were lost. It goes to the digits pass now.
    const { report, read } = await readWithNoneWrong('small-type-page-1.jpg', 'anxi-jtj-2020-template2019-gb2312.expected.json');
    expect(report.figures.proactive.punishment).toMatchObject({ previousYearItems: 18, changeThisYear: 2 });
    expect(read.length).toBeGreaterThanOrEqual(17); // 13 before
  }, LIMIT_MS);

  it('reads "400" printed as 4 and a wide "00", the "00" cut apart and read blob by blob, and "(七)总计" as a label', async () => {
    const doc = await readImageDocument(readFileSync(join(FIXTURES, 'ocr', 'small-type-rows-2.png')));
    const cells = doc.tables[0]!.cells;
    // Doubtful while only the line readings gave it; now each digit read alone confirms them.
    expect(cells.find((cell) => cell.text === '400')?.confidence).toBeGreaterThanOrEqual(0.9);
    expect(cells.some((cell) => cell.text.replace(/\s+/g, '') === '(七)总计')).toBe(true);
  }, 120_000);
});

describe('a page printed as Word prints it: Times New Roman digits, a Song face for Chinese', () => {
  it('reads again alone the labels a stack misread, folds "2," as "2.", and takes a lone stroke for a dash', async () => {
    // test/fixtures/ocr/times-page-2.jpg (samples/make/render-eval-pages.mjs): page 2 of the Pingyang
    // report so printed, scanned at 200 dpi; compared with the figures of the report.
    const doc = await readImageDocument(readFileSync(join(FIXTURES, 'ocr', 'times-page-2.jpg')));
    const texts = doc.tables.flatMap((grid) => grid.cells.map((cell) => cell.text.replace(/\s+/g, '')));
    for (const label of ['2.其他法律行政法规禁止公开', '3.危及“三安全一稳定”', '8.属于行政查询事项']) expect(texts).toContain(label);
    expect(texts).not.toContain('二');
    const { report, read } = await readWithNoneWrong('times-page-2.jpg', 'pingyang-wjw-2024-nested-marks.expected.json');
    // Every figure of the page (120 before: three rows' labels and a dash misread, "2,重复申请").
    expect(read.length).toBeGreaterThanOrEqual(148);
    expect(report.figures.applications.results.notProcessed.duplicate.total).toBe(0);
  }, LIMIT_MS);

  it('reads "(七)总 计" read as "(人七)总计", and a lone "3" only the Chinese model reads, as the check confirms', async () => {
    // test/fixtures/ocr/times-9pt-page-2.pdf (samples/make/render-eval-pages.mjs): section 三 of the
    // Kaizhou report so printed in 9 pt, scanned at 200 dpi.
    const { report, read } = await readWithNoneWrong('times-9pt-page-2.pdf', 'kaizhou-hanfeng-2021-label-variants.expected.json');
    // The row of (七)总计, and its 3 (169 figures before, without that row).
    expect(report.figures.applications.results.total).toMatchObject({ naturalPerson: 3, total: 3 });
    expect(read.length).toBeGreaterThanOrEqual(176);
  }, LIMIT_MS);
});

describe('small type printed as Word prints it: 7.5-pt Times digits at 200 dpi', () => {
  it('reads alone the figures a line of figures sways or drops, and cuts digits that touch apart', async () => {
    // test/fixtures/ocr/times-small-page-2.pdf (samples/make/render-eval-pages.mjs): section 三 of the
    // Dazhu report with its tables in 7.5 pt, scanned at 200 dpi. In a line tesseract read its
    // "57" as "52" and "5", its "49" as "49" and nothing; its "48" is one blob of two digits.
    const { report, read } = await readWithNoneWrong('times-small-page-2.pdf', 'dazhu-gov-2024-trs.expected.json');
    expect(report.figures.applications.newReceived.naturalPerson).toBe(48);
    expect(report.figures.applications.results.total).toMatchObject({ naturalPerson: 49, total: 57 });
    expect(read.length).toBeGreaterThanOrEqual(191); // 188 before
  }, LIMIT_MS);

  it('places the row of (七)总计 whose label reads as nothing by its place, as the checks confirm it', async () => {
    // test/fixtures/ocr/times-small-total-page-2.pdf: section 三 of the Kaizhou report in 7.5 pt,
    // its "(七)总 计" read as "(七恕计", no label: the row had been lost.
    const { report } = await readWithNoneWrong('times-small-total-page-2.pdf', 'kaizhou-hanfeng-2021-label-variants.expected.json');
    expect(report.figures.applications.results.total).toMatchObject({ naturalPerson: 3, commercialEnterprise: 0, total: 3 });
    expect(report.extraction.warnings.some((w) => w.includes('a row whose label could not be read') && w.includes('taken as applications.results.total'))).toBe(true);
  }, LIMIT_MS);
});

describe('small type with labels in a Ming face', () => {
  it('reads lone digits a line of digit blobs dropped, and places three damaged rows together as the checks confirm them', async () => {
    // test/fixtures/ocr/ming-small-pages-2-3.pdf (samples/make/render-eval-pages.mjs): section 三 of the
    // Guangan report in 7.5 pt, labels in a Ming face. The "4" of "450" and the "1" of "109" were
    // dropped when their digits were read side by side in a line: each total of its rows was lost.
    const { report, read } = await readWithNoneWrong('ming-small-pages-2-3.pdf', 'guangan-gov-2024-trs-large.expected.json');
    const { applications } = report.figures;
    expect([applications.newReceived.total, applications.results.unable.notHeld.total, applications.results.total.total]).toEqual([450, 109, 445]);
    // "(一)子以公开", "2.其他法律和政法规茜止公开" and an unread "2.重复申请": none confirmed alone (each
    // column's sum lacks the others), all three together.
    expect(applications.results.granted).toMatchObject({ naturalPerson: 156, total: 175 });
    expect(applications.results.denied.prohibitedByLaw.total).toBe(3);
    expect(applications.results.notProcessed.duplicate.total).toBe(15);
    expect(read.length).toBeGreaterThanOrEqual(190); // 162 before
  }, LIMIT_MS);
});

describe('small type as WPS prints it: thin rules, letter-spaced labels', () => {
  it('reads again alone the labels a stack read surely as Latin words', async () => {
    // test/fixtures/ocr/wps-page-2.pdf (samples/make/render-eval-pages.mjs): section 三 of the Pingyang
    // report in 7.5 pt, labels in a Kai face, scanned at 200 dpi. In the stack two labels read as
    // "er" and "se" at 0.91: both rows had been lost.
    const { report, read } = await readWithNoneWrong('wps-page-2.pdf', 'pingyang-wjw-2024-nested-marks.expected.json');
    expect(report.figures.applications.results.denied.prohibitedByLaw).toMatchObject({ naturalPerson: 1, total: 1 });
    expect(report.figures.applications.results.denied.threeSafetyOneStability.total).toBe(0);
    expect(read.length).toBeGreaterThanOrEqual(150); // 136 before
  }, LIMIT_MS);

  it('reads a figure whose two digits run into one blob, cut apart as its width and one reading count, as the row check confirms', async () => {
    // test/fixtures/ocr/wps-total-page-2.pdf: section 三 of the Guangan report so printed, labels in
    // a FangSong face. The total "44" of 部分公开 is one blob: nothing in Chinese, "4" in digits
    // but once ("14"); its row's check (38 + 5 + 0 + 0 + 1 + 0) confirms it.
    const { report } = await readWithNoneWrong('wps-total-page-2.pdf', 'guangan-gov-2024-trs-large.expected.json');
    expect(report.figures.applications.results.partiallyGranted).toMatchObject({ naturalPerson: 38, total: 44 });
  }, LIMIT_MS);
});

describe('a scan of toned paper: ink and paper grey', () => {
  it('brings paper to white and ink to black, and keeps a white page as it is', () => {
    // Paper at 216 with a little noise, ink at 60 on 3% of the page.
    const page = (paper: number, ink: number): GrayImage => {
      const data = new Uint8Array(100 * 100);
      for (let i = 0; i < data.length; i++) data[i] = i % 33 === 0 ? ink : paper + ((i * 7) % 5) - 2;
      return { width: 100, height: 100, data };
    };
    const grey = normalizeContrast(page(216, 60));
    expect(grey.data[0]).toBe(0);
    expect(Math.min(...grey.data.filter((v) => v > 128))).toBeGreaterThanOrEqual(245);
    const white = page(252, 60);
    expect(normalizeContrast(white)).toBe(white);
  });

  it('reads a page in small type scanned grey as it reads one scanned white', async () => {
    // test/fixtures/ocr/paper-small-page-2.pdf (samples/make/render-eval-pages.mjs): section 三 of the
    // Guangan report in 7.5 pt, Kai labels, ink at 20% grey and paper at 85%, 200 dpi.
    const { report, read } = await readWithNoneWrong('paper-small-page-2.pdf', 'guangan-gov-2024-trs-large.expected.json');
    expect(report.figures.applications.results.granted).toMatchObject({ naturalPerson: 156, total: 175 });
    expect(read.length).toBeGreaterThanOrEqual(161); // 38 before: wrapped labels read as nothing
  }, LIMIT_MS);

  it('reads as digits a lone figure the Chinese pass read as one doubtful character', async () => {
    // paper-small-page-2.pdf: the "5" of 本年新收 (法律服务机构), its flag broken off and its body
    // square, was read "全" at 0.88 and stood as a label in a figure cell (155 figures before).
    const { report } = await readWithNoneWrong('paper-small-page-2.pdf', 'guangan-gov-2024-trs-large.expected.json');
    expect(report.figures.applications.newReceived).toMatchObject({ naturalPerson: 402, legalServiceOrg: 5 });
  }, LIMIT_MS);
});

describe('table pictures at screen resolution', () => {
  it('enlarges a screenshot before reading it', async () => {
    // test/fixtures/ocr/screenshot-100dpi.jpg (samples/make/render-eval-pages.mjs): section 三 of
    // the Dazhu report as a 100-dpi picture, its digits 9 pixels high.
    const { read } = await readWithNoneWrong('screenshot-100dpi.jpg', 'dazhu-gov-2024-trs.expected.json');
    expect(read.length).toBeGreaterThanOrEqual(135); // 127 read at its own size
  }, LIMIT_MS);

  it('joins the pieces of strokes broken apart, and reads totals wrapped one digit a line', async () => {
    // test/fixtures/ocr/screenshot-wps-120dpi.png: section 三 of the Xuyi report as WPS prints it,
    // a 120-dpi picture. The totals wrap one digit a line: "72" as "7" over "2", its 7 a bar and a
    // stem; the "2" of "12", read "2" alone at both scales, had been taken as the line of blobs'
    // "9" (doubtful, and the row check 9 + 2 + 0 + 0 + 1 + 0 failed). Both rows had been lost.
    // (The rest of the page's labels in this Kai face at 120 dpi read one character wrong or
    // right as the cells around them go: not counted here.)
    const { report } = await readWithNoneWrong('screenshot-wps-120dpi.png', 'xuyi-zrzy-2023-hanweb-gbk.expected.json');
    expect(report.figures.applications.newReceived).toMatchObject({ naturalPerson: 62, total: 72 });
    expect(report.figures.applications.results.partiallyGranted).toMatchObject({ naturalPerson: 9, total: 12 });
  }, LIMIT_MS);
});

describe('table pictures in HTML pages', () => {
  it('names the pictures of the article body, not the logo or the icon', () => {
    const doc = readHtml(readFileSync(join(SAMPLES, 'dazhu-gov-2024-table-pictures.html'), 'utf8'));
    expect(doc.pictures?.map((p) => p.src)).toEqual([1, 2, 3].map((n) => `dazhu-gov-2024-table-pictures_files/table-${n}.${n === 2 ? 'jpg' : 'png'}`));
  });

  it('tells furniture by container, size and name', () => {
    const doc = readHtml(`<html><body><div id="header"><img src="/img/top.png"></div>
      <div class="content"><img src="a.png" width="20" height="20"><img src="/images/qrcode.jpg"><a href="/"><img src="home.png"></a>
      <p><img src="/uploads/2025/table1.png"></p><p><a href="/uploads/2025/table2.jpg" target="_blank"><img src="/uploads/2025/table2.jpg"></a></p></div>
      <div class="footer"><img src="/x.png"></div></body></html>`);
    expect(doc.pictures?.map((p) => p.src)).toEqual(['/uploads/2025/table1.png', '/uploads/2025/table2.jpg']);
  });

  it('says why a picture beside the page is missing', async () => {
    const input = await loadInput(join(SAMPLES, 'dazhu-gov-2024-table-pictures.html'));
    input.pictures = input.pictures!.map((p) => ({ src: p.src, error: 'file not found beside the page' }));
    const report = await extractBytes(input);
    expect(report.extraction.status).toBe('failed');
    expect(report.extraction.warnings.join('\n')).toContain('table-1.png: file not found beside the page');
  });
});

describe('bad pictures and scans give reasons, in bounded time', () => {
  it('stops a scan in the worker pool at the time limit, in the middle of a recognition, and the pool reads the next one', async () => {
    // Recognition holds its thread (src/read/ocr/engine.ts): the limit ends the thread itself.
    const file = join(SAMPLES, 'dazhu-gov-2024-scan-300dpi.pdf');
    const task = () => ({ bytes: readFileSync(file), source: { url: null, finalUrl: null, fetchedAt: null, localPath: file }, read: {} });
    const stopped = await extractInWorker(task(), 2_000);
    expect(stopped.extraction).toMatchObject({ status: 'failed', code: 'ERR_TIMEOUT' });
    const next = await extractInWorker(task(), LIMIT_MS);
    expect(next.extraction.status).not.toBe('failed');
    expect(next.figures.applications.newReceived.total).toBe(readJson(join(SAMPLES, 'dazhu-gov-2024-scan-300dpi.expected.json')).figures.applications.newReceived.total);
  }, LIMIT_MS);

  it('refuses a 20,000 × 20,000 picture from its header, before decoding', async () => {
    const png = Buffer.alloc(64);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).copy(png);
    png.writeUInt32BE(20_000, 16);
    png.writeUInt32BE(20_000, 20);
    expect(readImageHeader(png)).toEqual({ type: 'png', width: 20_000, height: 20_000 });
    await expect(readImageDocument(png)).rejects.toThrow(/image too large to OCR: 20000 × 20000 pixels/);
    const report = await extractBytes({ bytes: png, source: { url: null, finalUrl: null, fetchedAt: null }, read: {} });
    expect(report.extraction.reason).toMatch(/image too large/);
  });

  it('gives a reason for a corrupt JPEG', async () => {
    const jpeg = readFileSync(join(SAMPLES, 'dazhu-gov-2024-table-pictures_files', 'table-2.jpg'));
    const broken = Buffer.concat([jpeg.subarray(0, 2), Buffer.from('not a jpeg at all, only text'), jpeg.subarray(400, 600)]);
    await expect(readImageDocument(broken)).rejects.toThrow(UnreadableInputError);
    await expect(readImageDocument(broken)).rejects.toThrow(/corrupt/);
  });

  it('a picture that is not a table: its text, and no table', async () => {
    const doc = await readImageDocument(readFileSync(join(SAMPLES, 'dazhu-gov-2024-table-pictures_files', 'logo.png')));
    expect(doc.tables).toEqual([]);
    expect(doc.notes).toContain('the picture holds no ruled table: only its text was read');
  }, 120_000);

  it('a blank page scanned with speckle reads as no text, not as lines of stray characters', async () => {
    // The anxi scan's first page: paper greys only (224–255), as a scanner gives a blank sheet.
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(join(SAMPLES, 'anxi-jtj-2020-scan-150dpi.pdf'))), verbosity: 0 }).promise;
    try {
      const page = await drawScan(await pdf.getPage(1), 200);
      expect(page!.data.reduce((least, v) => Math.min(least, v), 255)).toBeGreaterThanOrEqual(224);
      const { content } = await ocrPage(page!, 1, 200);
      expect(content.glyphs).toEqual([]);
    } finally {
      await pdf.destroy();
    }
  }, 120_000);

  it('a long scan stops OCR at its budget with a note, keeping the pages read', async () => {
    const doc = await readPdfDocument(readFileSync(join(SAMPLES, 'pingyang-wjw-2024-scan-200dpi.pdf')), { ocrBudgetMs: 1 });
    if ('failed' in doc) throw new Error(doc.failed);
    expect(doc.notes?.join('\n')).toMatch(/2 scanned page\(s\) were not OCR'd \(pages 2–3\)/);
    expect(doc.method).toBe('pdf-ocr');
  }, 300_000);
});

describe('the resolution scans are read at', () => {
  it('knows a scan\'s own resolution from its image, and the height of a picture\'s characters', async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const dpiOf = async (name: string) => {
      const pdf = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(join(SAMPLES, name))), verbosity: 0 }).promise;
      try {
        return Math.round((await readPageContent(await pdf.getPage(1))).imageDpi ?? 0);
      } finally {
        await pdf.destroy();
      }
    };
    // The samples were scanned (rasterised) at 300 and 200 dpi.
    expect(await dpiOf('dazhu-gov-2024-scan-300dpi.pdf')).toBeGreaterThanOrEqual(295);
    expect(await dpiOf('dazhu-gov-2024-scan-300dpi.pdf')).toBeLessThanOrEqual(305);
    expect(Math.abs((await dpiOf('pingyang-wjw-2024-scan-200dpi.pdf')) - 200)).toBeLessThanOrEqual(5);
    // A 200-dpi picture of 10.5-pt type: characters about 9.5 pt of ink, 26 pixels; not small type.
    const picture = await decodeImage(readFileSync(join(FIXTURES, 'ocr', 'wrapped-figures.png')));
    const height = characterHeight(picture)!;
    expect((height / 200) * 72).toBeGreaterThan(7);
    expect((height / 200) * 72).toBeLessThan(12);
  }, 60_000);
});

/** An uncompressed image XObject: `bits` 1 or 8 a component, DeviceGray or DeviceRGB. */
interface TestImage {
  width: number;
  height: number;
  bits: 1 | 8;
  space: 'DeviceGray' | 'DeviceRGB';
  data: Uint8Array;
  /** Where the page's content places it (the `cm` operator). */
  cm: number[];
}

/** A one-page PDF (page `width` × `height` points) that paints the images and nothing else. */
function pdfOfImages(width: number, height: number, images: TestImage[], extra = ''): Uint8Array {
  const parts: (string | Uint8Array)[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (part: string | Uint8Array) => {
    parts.push(part);
    length += typeof part === 'string' ? Buffer.byteLength(part, 'latin1') : part.length;
  };
  const object = (n: number, body: string | (string | Uint8Array)[]) => {
    offsets[n] = length;
    push(`${n} 0 obj\n`);
    if (typeof body === 'string') push(body);
    else for (const b of body) push(b);
    push('\nendobj\n');
  };
  push('%PDF-1.4\n');
  const content = images.map((image, i) => `q ${image.cm.join(' ')} cm /Im${i} Do Q`).join('\n') + extra;
  const names = images.map((_, i) => `/Im${i} ${4 + i} 0 R`).join(' ');
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  object(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  object(3, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Resources << /XObject << ${names} >> >> /Contents ${4 + images.length} 0 R >>`);
  images.forEach((image, i) => object(4 + i, [`<< /Type /XObject /Subtype /Image /Width ${image.width} /Height ${image.height} /ColorSpace /${image.space} /BitsPerComponent ${image.bits} /Length ${image.data.length} >>\nstream\n`, image.data, '\nendstream']));
  object(4 + images.length, `<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  const xref = length;
  const count = 5 + images.length;
  push(`xref\n0 ${count}\n0000000000 65535 f \n${offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`);
  push(`trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p))));
}

/** Pixels from a fixed pseudo-random sequence: any misplaced, mirrored or misread pixel shows. */
function noise(count: number, seed: number): Uint8Array {
  const out = new Uint8Array(count);
  let x = seed;
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('a scan drawn from its own pixels', () => {
  const compare = async (bytes: Uint8Array, dpi: number) => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await pdfjs.getDocument({ data: bytes, verbosity: 0 }).promise;
    try {
      const page = await pdf.getPage(1);
      const drawn = await drawScan(page, dpi);
      const rendered = await renderOnCanvas(page, dpi);
      if (!drawn) return null;
      expect([drawn.width, drawn.height]).toEqual([rendered.width, rendered.height]);
      let off = 0;
      for (let i = 0; i < drawn.data.length; i++) if (Math.abs(drawn.data[i]! - rendered.data[i]!) > 2) off++;
      console.log(off);
      return off / drawn.data.length;
    } finally {
      await pdf.destroy();
    }
  };

  it('places 1-bit, grey and RGB images, mirrored and flipped, enlarged and shrunk, where pdf.js renders them', async () => {
    const bytes = pdfOfImages(300, 200, [
      // 1 bit a pixel (rows padded to bytes: 37 pixels wide), enlarged, top left.
      { width: 37, height: 20, bits: 1, space: 'DeviceGray', data: noise(5 * 20, 1), cm: [100, 0, 0, 80, 10, 110] },
      // RGB, mirrored left to right, enlarged, top right.
      { width: 30, height: 16, bits: 8, space: 'DeviceRGB', data: noise(30 * 16 * 3, 2), cm: [-120, 0, 0, 80, 290, 110] },
      // Grey, upside down, shrunk (400 pixels into 130 points at 144 dpi: 260 pixels), bottom.
      { width: 400, height: 200, bits: 8, space: 'DeviceGray', data: noise(400 * 200, 3), cm: [130, 0, 0, -60, 20.3, 95.6] },
      // Enlarged 1.3 times: pdf.js still smooths it (up to 96/72), bottom right.
      { width: 100, height: 50, bits: 8, space: 'DeviceGray', data: noise(100 * 50, 4), cm: [65, 0, 0, 32.5, 180, 20] },
    ]);
    // Within two grey levels of the canvas but on a few edge pixels (48 of 240,000 here); a
    // misplaced, mirrored or wrongly filtered image would differ on about half of its pixels.
    expect(await compare(bytes, 144)).toBeLessThan(0.001);
  }, 60_000);

  it('leaves a page that paints anything else to the renderer', async () => {
    const image: TestImage = { width: 10, height: 10, bits: 8, space: 'DeviceGray', data: noise(100, 4), cm: [100, 0, 0, 100, 0, 0] };
    // A ruled line beside the scan.
    expect(await compare(pdfOfImages(200, 200, [image], '\n0 0 m 200 200 l S'), 72)).toBeNull();
    // A quarter-turned image.
    expect(await compare(pdfOfImages(200, 200, [{ ...image, cm: [0, 100, -100, 0, 150, 0] }]), 72)).toBeNull();
    // The image alone is drawn.
    expect(await compare(pdfOfImages(200, 200, [image]), 72)).toBe(0);
  }, 60_000);
});

describe('pixels: skew and ruling lines', () => {
  /** A white page with a 4 × 6 ruled grid, 2 px lines. */
  function grid(): GrayImage {
    const width = 800;
    const height = 600;
    const data = new Uint8Array(width * height).fill(255);
    for (let r = 0; r <= 4; r++) for (let y = 100 + r * 80; y < 102 + r * 80; y++) data.fill(0, y * width + 100, y * width + 700);
    for (let c = 0; c <= 6; c++) for (let y = 100; y < 422; y++) data.fill(0, y * width + 100 + c * 100, y * width + 102 + c * 100);
    return { width, height, data };
  }

  it('measures a skew of 1.5° and straightens it', () => {
    const skewed = rotate(grid(), -1.5);
    const angle = estimateSkew(binarize(skewed), skewed.width, skewed.height);
    expect(Math.abs(angle - 1.5)).toBeLessThan(0.1);
    const straight = rotate(skewed, angle);
    const rules = findRules(binarize(straight), straight.width, straight.height, 40, 2, 8);
    expect(rules.filter((r) => r.orientation === 'h')).toHaveLength(5);
    expect(rules.filter((r) => r.orientation === 'v')).toHaveLength(7);
  });

  it('reads a lone slanted stroke as "/", steep or not, and not a worn "2" whose foot runs the width of its blob, nor a "1", nor a "7" with a faint bar', async () => {
    const page = grid();
    const ink = (x0: number, y0: number, x1: number, y1: number): void => {
      for (let y = y0; y < y1; y++) page.data.fill(0, y * page.width + x0, y * page.width + x1);
    };
    // Row 2, columns 2 and 3 (cells 100 px wide from x = 200 and 300, 80 px high from y = 180): the
    // same stroke, 3 px thick, leaning right going up; in column 3 with a foot as a "2" has.
    for (let y = 196; y < 244; y++) {
      const x = Math.round(270 - ((y - 196) * 40) / 48);
      ink(x, y, x + 3, y + 1);
      ink(x + 100, y, x + 103, y + 1);
    }
    ink(330, 241, 362, 244);
    // Column 4: a steeper slash, as Times New Roman prints it (12 px over 48); column 5: a "1",
    // upright with a flag at its top left.
    for (let y = 196; y < 244; y++) {
      const x = Math.round(462 - ((y - 196) * 12) / 48);
      ink(x, y, x + 3, y + 1);
    }
    ink(550, 196, 553, 244);
    for (let k = 0; k < 8; k++) ink(549 - k, 197 + k, 551 - k, 198 + k);
    // Column 6: the steep stroke again under a faint bar, lighter than the ink's threshold: a "7".
    for (let y = 196; y < 244; y++) {
      const x = Math.round(662 - ((y - 196) * 12) / 48);
      ink(x, y, x + 3, y + 1);
    }
    for (let y = 189; y < 193; y++) page.data.fill(100, y * page.width + 646, y * page.width + 672);
    const { content } = await ocrPage(page, 1, 200);
    const textAt = (x: number): string | undefined => content.glyphs.find((g) => Math.abs((g.x0 + g.x1) / 2 - (x * 72) / 200) < 2 && Math.abs(g.top - (220 * 72) / 200) < 3)?.text;
    expect(textAt(250)).toBe('/');
    expect(textAt(350)).not.toBe('/');
    expect(textAt(450)).toBe('/');
    expect(textAt(550)).not.toBe('/');
    expect(textAt(650)).not.toBe('/');
  }, 60_000);

  it('keeps the rules that meet a rule across them, joined over gaps; drops runs of character strokes', () => {
    const rule = (orientation: 'h' | 'v', at: number, from: number, to: number): PixelRule => ({ orientation, at, from, to, thickness: 2 });
    const rules = [
      rule('h', 100, 100, 400), rule('h', 200, 100, 250), rule('h', 200, 254, 400), rule('h', 300, 100, 400),
      rule('v', 100, 100, 300), rule('v', 400, 100, 300),
      // "维持" at 300 dpi: strokes side by side, in the middle of a cell.
      rule('h', 150, 180, 260),
    ];
    const kept = connectedRules(rules, 3, 8);
    expect(kept.filter((r) => r.orientation === 'h').map((r) => [r.at, r.from, r.to])).toEqual([[100, 100, 400], [200, 100, 400], [300, 100, 400]]);
    expect(kept.filter((r) => r.orientation === 'v')).toHaveLength(2);
  });
});

describe('digit shapes learnt from the page', () => {
  /** A 20 × 30 image of a digit-like blob: a ring ("0") or a bar ("1"), with a little noise. */
  function glyph(kind: '0' | '1', seed: number): { image: GrayImage; part: { x0: number; y0: number; x1: number; y1: number; pixels: number } } {
    const width = 20;
    const height = 30;
    const data = new Uint8Array(width * height).fill(255);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const ring = kind === '0' && x >= 2 && x < 18 && (x < 5 || x >= 15 || y < 3 || y >= 27);
        const bar = kind === '1' && x >= 8 && x < 12;
        if ((ring || bar) && (x * 7 + y * 13 + seed) % 23 !== 0) data[y * width + x] = 0;
      }
    }
    return kind === '0' ? { image: { width, height, data }, part: { x0: 2, y0: 0, x1: 18, y1: 30, pixels: 0 } } : { image: { width, height, data }, part: { x0: 8, y0: 0, x1: 12, y1: 30, pixels: 0 } };
  }

  it('tells a lone 1 from a 0 by the page\'s own 1s and 0s, and decides nothing without two exemplars', () => {
    const shapes = new DigitShapes();
    const one = glyph('1', 1);
    expect(shapes.classify(shapeOf(one.image, one.part, 128))).toBeNull();
    for (const seed of [2, 3]) {
      const a = glyph('0', seed);
      const b = glyph('1', seed);
      shapes.add('0', shapeOf(a.image, a.part, 128));
      shapes.add('1', shapeOf(b.image, b.part, 128));
    }
    const zero = glyph('0', 5);
    expect(shapes.classify(shapeOf(one.image, one.part, 128))).toBe('1');
    expect(shapes.classify(shapeOf(zero.image, zero.part, 128))).toBe('0');
  });

  it('compares a blob only with exemplars of its own type size', () => {
    const shapes = new DigitShapes();
    for (const seed of [2, 3]) {
      const a = glyph('0', seed);
      const b = glyph('1', seed);
      shapes.add('0', shapeOf(a.image, a.part, 128, 2));
      shapes.add('1', shapeOf(b.image, b.part, 128, 2));
    }
    const one = glyph('1', 5);
    // 30 pixels at 2 pixels a point: 15-pt digits, as the exemplars.
    expect(shapes.classify(shapeOf(one.image, one.part, 128, 2))).toBe('1');
    // The same pixels at 3 a point: 10-pt digits, a smaller type.
    expect(shapes.classify(shapeOf(one.image, one.part, 128, 3))).toBeNull();
  });

  it('does not compare a cell with its own digits: a 1 read as 0 twice is still told a 1', () => {
    const shapes = new DigitShapes();
    for (const seed of [2, 3, 4]) {
      const a = glyph('0', seed);
      const b = glyph('1', seed);
      shapes.add('0', shapeOf(a.image, a.part, 128), `zero ${seed}`);
      shapes.add('1', shapeOf(b.image, b.part, 128), `one ${seed}`);
    }
    // The cell's "1", misread as "0" at both scales, became an exemplar of "0" beside the others.
    const misread = glyph('1', 5);
    const cell = { name: 'the misread cell' };
    shapes.add('0', shapeOf(misread.image, misread.part, 128), cell);
    shapes.add('0', shapeOf(misread.image, misread.part, 128), cell);
    // Compared with everything, it finds itself nearest, and "confirms" the misreading.
    expect(shapes.classify(shapeOf(misread.image, misread.part, 128))).toBe('0');
    expect(shapes.classify(shapeOf(misread.image, misread.part, 128), cell)).toBe('1');
  });
});

