/**
 * The confidence policy (src/template/confidence.ts, confirm.ts) on synthetic OCR grids: the
 * samples' tables rebuilt with buildGrid, every cell with a confidence, some digits wrong.
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeHtml } from '../src/read/decode.js';
import type { ReadDocument } from '../src/read/document.js';
import { buildGrid, type CellGrid, type CellInput, type GridCell } from '../src/read/grid.js';
import { readHtml } from '../src/read/html.js';
import { confirmedPaths, type FigureReading } from '../src/template/confirm.js';
import { LOW_CONFIDENCE } from '../src/template/confidence.js';
import { extractTemplate } from '../src/template/extract.js';
import { isFigureCell } from '../src/template/numbers.js';
import { flatten, readJson, SAMPLES } from './helpers.js';

const HIGH = 0.97;
const LOW = 0.5;

function readSample(name: string): { doc: ReadDocument; want: Record<string, unknown> } {
  const { text, charset } = decodeHtml(readFileSync(join(SAMPLES, `${name}.html`)));
  return { doc: readHtml(text, charset), want: flatten(readJson(join(SAMPLES, `${name}.expected.json`)).figures) };
}

/** The document's tables as an OCR reader would give them: the same cells, each with a confidence and maybe other text. */
function asRecognised(doc: ReadDocument, recognise: (cell: GridCell, grid: CellGrid) => { text: string; confidence: number }): ReadDocument {
  const tables = doc.tables.map((grid) => {
    const rows: CellInput[][] = Array.from({ length: grid.rowCount }, () => []);
    for (const cell of [...grid.cells].sort((a, b) => a.row - b.row || a.col - b.col)) {
      rows[cell.row]!.push({ ...recognise(cell, grid), rowSpan: cell.rowSpan, colSpan: cell.colSpan });
    }
    return buildGrid(grid.index, rows);
  });
  return { ...doc, method: 'image-ocr', tables };
}

/** The figure cells of a table, in reading order. */
const isFigure = (cell: GridCell) => isFigureCell(cell.text) && cell.text.trim() !== '';

/** Every figure is the expected one or null: none wrong. */
function expectNoneWrong(got: Record<string, number | null>, want: Record<string, unknown>): void {
  for (const [path, value] of Object.entries(got)) if (value !== null) expect([path, value]).toEqual([path, want[path]]);
}

describe('confirm.ts: what a passing check confirms', () => {
  const readings = (entries: Record<string, string>) =>
    new Map<string, FigureReading>(Object.entries(entries).map(([path, raw]) => [path, { raw, value: raw.trim() === '' ? null : Number(raw) }]));
  const row = (path: string, figures: string[]) => {
    const columns = ['naturalPerson', 'commercialEnterprise', 'researchInstitution', 'socialWelfareOrg', 'legalServiceOrg', 'otherOrg', 'total'];
    return Object.fromEntries(figures.map((raw, i) => [`applications.${path}.${columns[i]}`, raw]));
  };

  it('a row total whose parts are all 0 and total 0 confirms them all', () => {
    const confirmed = confirmedPaths('2021', readings(row('results.granted', ['0', '0', '0', '0', '0', '0', '0'])));
    expect(confirmed.size).toBe(7);
  });

  it('"5 = 5" does not confirm the 5s (the same misreading on both sides passes), only the zeros', () => {
    const confirmed = confirmedPaths('2021', readings(row('results.granted', ['5', '0', '0', '0', '0', '0', '5'])));
    const zeros = Object.keys(row('results.granted', ['5', '0', '0', '0', '0', '0'])).slice(1);
    expect([...confirmed].sort()).toEqual(zeros.sort());
  });

  it('a sum that passes under a consistent digit misreading does not confirm that digit (10 + 5 = 15, 70 + 5 = 75)', () => {
    const confirmed = confirmedPaths('2021', readings(row('results.granted', ['10', '5', '0', '0', '0', '0', '15'])));
    expect(confirmed.has('applications.results.granted.naturalPerson')).toBe(false);
    expect(confirmed.has('applications.results.granted.total')).toBe(false);
    expect(confirmed.has('applications.results.granted.commercialEnterprise')).toBe(false);
    expect(confirmed.has('applications.results.granted.researchInstitution')).toBe(true);
  });

  it('a sum with distinct parts confirms them jointly (3 + 4 = 7)', () => {
    const confirmed = confirmedPaths('2021', readings(row('results.granted', ['3', '4', '0', '0', '0', '0', '7'])));
    expect(confirmed.size).toBe(7);
  });

  it('a failing check, a missing figure or a figure that is not a number confirms nothing', () => {
    expect(confirmedPaths('2021', readings(row('results.granted', ['3', '4', '0', '0', '0', '0', '8']))).size).toBe(0);
    expect(confirmedPaths('2021', readings(row('results.granted', ['3', '4', '0', '0', '0', '7']))).size).toBe(0);
    const notNumber = readings(row('results.granted', ['0', '0', '0', '0', '0', '0', '0']));
    notNumber.set('applications.results.granted.otherOrg', { raw: 'O', value: null });
    expect(confirmedPaths('2021', notNumber).size).toBe(0);
  });

  it('a doubtful figure: alone in a passing check, it is confirmed; two doubtful ones that may cancel are not', () => {
    const doubt = (map: Map<string, FigureReading>, ...columns: string[]) => {
      for (const column of columns) map.get(`applications.results.granted.${column}`)!.doubtful = true;
      return map;
    };
    // 3 + 4 = 7 with the 3 in doubt: a misread 3 would break the sum.
    const alone = confirmedPaths('2021', doubt(readings(row('results.granted', ['3', '4', '0', '0', '0', '0', '7'])), 'naturalPerson'));
    expect(alone.size).toBe(7);
    // 4 + 3 = 7 read where 3 + 4 was printed: with both in doubt and one check only, nothing tells.
    const two = confirmedPaths('2021', doubt(readings(row('results.granted', ['3', '4', '0', '0', '0', '0', '7'])), 'naturalPerson', 'commercialEnterprise'));
    expect(two.has('applications.results.granted.naturalPerson')).toBe(false);
    expect(two.has('applications.results.granted.commercialEnterprise')).toBe(false);
    expect(two.has('applications.results.granted.total')).toBe(true);
  });

  it('a check that fails makes its doubtful figures suspect, and a passing check with a suspect confirms nothing', () => {
    const map = readings({
      ...row('results.granted', ['3', '4', '0', '0', '0', '0', '7']),
      ...row('results.total', ['3', '4', '0', '0', '0', '0', '8']),
    });
    for (const path of ['applications.results.granted.naturalPerson', 'applications.results.total.total']) map.get(path)!.doubtful = true;
    const confirmed = confirmedPaths('2021', map);
    expect(confirmed.has('applications.results.total.total')).toBe(false);
    expect(confirmed.has('applications.results.granted.naturalPerson')).toBe(true);
  });

  it('a cell whose ink could not be read is unknown, not 0: its check proves nothing and makes no other figure suspect', () => {
    // The row 3 + 4 + ? = 9 with the "2" unread, and the column's balance 3 + 2 = 4 + 1: the 3 is doubtful.
    const map = readings({
      ...row('newReceived', ['3', '4', '', '0', '0', '0', '9']),
      'applications.carriedOver.naturalPerson': '2',
      'applications.results.total.naturalPerson': '4',
      'applications.carriedForward.naturalPerson': '1',
    });
    map.get('applications.newReceived.naturalPerson')!.doubtful = true;
    const unread = map.get('applications.newReceived.researchInstitution')!;
    unread.doubtful = true;
    // Taken for a blank (0), the row fails, the 3 is suspect, and the balance confirms nothing.
    expect(confirmedPaths('2021', map).has('applications.newReceived.naturalPerson')).toBe(false);
    unread.unread = true;
    const confirmed = confirmedPaths('2021', map);
    expect(confirmed.has('applications.newReceived.naturalPerson')).toBe(true);
    expect(confirmed.has('applications.results.total.naturalPerson')).toBe(true);
    expect(confirmed.has('applications.newReceived.researchInstitution')).toBe(false);
    expect(confirmed.has('applications.newReceived.total')).toBe(false);
  });
});

describe('the confidence policy on recognised grids', () => {
  for (const name of ['dazhu-gov-2024-trs', 'xuyi-zrzy-2023-hanweb-gbk', 'anxi-jtj-2020-template2019-gb2312']) {
    describe(name, () => {
      const { doc, want } = readSample(name);

      it('without confidences: exactly as before, no ocr summary', () => {
        const extraction = extractTemplate(doc);
        expect(extraction.ocr).toBeUndefined();
        expect(Object.fromEntries(extraction.figures)).toEqual(want);
      });

      it('high confidence everywhere: every figure right, the summary counts them, none nulled', () => {
        const extraction = extractTemplate(asRecognised(doc, (cell) => ({ text: cell.text, confidence: HIGH })));
        expect(Object.fromEntries(extraction.figures)).toEqual(want);
        expect(extraction.ocr!.figures).toBe(Object.keys(extraction.provenance).length);
        expect(extraction.ocr!.nulled).toBe(0);
        expect(extraction.ocr!.confirmed).toBeGreaterThan(100);
        expect(Object.values(extraction.provenance).every((where) => where.confidence === HIGH)).toBe(true);
      });

      it('low confidence everywhere, digits right: the confirmed figures are kept, the rest null, none wrong', () => {
        const extraction = extractTemplate(asRecognised(doc, (cell) => ({ text: cell.text, confidence: LOW })));
        const got = Object.fromEntries(extraction.figures);
        expectNoneWrong(got, want);
        const kept = Object.values(got).filter((value) => value !== null).length;
        expect(kept).toBe(extraction.ocr!.confirmed);
        // Section 三 is mostly rows of zeros, which the row totals confirm.
        expect(kept).toBeGreaterThan(100);
        expect(extraction.ocr!.nulled).toBe(extraction.ocr!.figures - extraction.ocr!.confirmed);
        expect(extraction.warnings.filter((w) => w.includes('no check confirms it')).length).toBe(extraction.ocr!.nulled);
      });

      it('wrong digits read with low confidence: null with a warning naming them, never output', () => {
        // Every fifth printed figure misread (0→8, others +1 on the last digit), the misread ones at low confidence.
        let n = 0;
        const misread = new Set<string>();
        const recognised = asRecognised(doc, (cell, grid) => {
          if (!isFigure(cell) || !/\d$/.test(cell.text.trim()) || n++ % 5 !== 0) return { text: cell.text, confidence: HIGH };
          const text = cell.text.trim();
          const wrong = text === '0' ? '8' : text.slice(0, -1) + String((Number(text.slice(-1)) + 1) % 10);
          misread.add(`${grid.index}:${cell.row + 1}:${cell.col + 1}`);
          return { text: wrong, confidence: LOW };
        });
        expect(misread.size).toBeGreaterThan(10);
        const extraction = extractTemplate(recognised);
        const got = Object.fromEntries(extraction.figures);
        expectNoneWrong(got, want);
        const misreadPaths = Object.entries(extraction.provenance).filter(([, where]) => misread.has(`${where.table}:${where.row}:${where.col}`)).map(([path]) => path);
        expect(misreadPaths.length).toBeGreaterThan(10);
        for (const path of misreadPaths) {
          expect(got[path]).toBeNull();
          expect(extraction.warnings.some((warning) => warning.startsWith(`${path} (`) && warning.includes('no check confirms it'))).toBe(true);
        }
        expect(extraction.ocr!.nulled).toBeGreaterThanOrEqual(misreadPaths.length);
        expect(extraction.status).toBe('partial');
      });

      it.each([1, 2, 3, 4, 5, 6, 7, 8])('random misreads at low confidence (seed %i, one figure in eight): none wrong', (seed) => {
        const random = mulberry32(seed);
        let misread = 0;
        const extraction = extractTemplate(asRecognised(doc, (cell) => {
          if (!isFigure(cell) || random() >= 1 / 8) return { text: cell.text, confidence: HIGH };
          misread++;
          return { text: misreadDigits(cell.text, random), confidence: 0.3 + random() * (LOW_CONFIDENCE - 0.3) };
        }));
        expect(misread).toBeGreaterThan(5);
        expectNoneWrong(Object.fromEntries(extraction.figures), want);
        expect(extraction.ocr!.nulled).toBeGreaterThan(0);
      });

      it.each([['5', '6'], ['3', '8'], ['1', '7'], ['0', '8'], ['0', '']])('%s read as "%s" in every cell, at low confidence: none wrong', (digit, misread) => {
        // The trap of a passing check: "5 = 5" read as "6 = 6" still adds up.
        const extraction = extractTemplate(asRecognised(doc, (cell) => isFigure(cell)
          ? { text: cell.text.replaceAll(digit, misread), confidence: LOW }
          : { text: cell.text, confidence: HIGH }));
        expectNoneWrong(Object.fromEntries(extraction.figures), want);
      });
    });
  }

  it(`the threshold is a documented constant between 0 and 1 (${LOW_CONFIDENCE})`, () => {
    expect(LOW_CONFIDENCE).toBeGreaterThan(LOW);
    expect(LOW_CONFIDENCE).toBeLessThan(HIGH);
  });
});

/** A small seeded generator, so that a failure can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One digit of the text replaced by another, or dropped, as a recogniser gets it wrong. */
function misreadDigits(text: string, random: () => number): string {
  const positions = [...text].flatMap((char, i) => (/\d/.test(char) ? [i] : []));
  if (positions.length === 0) return '8';
  const at = positions[Math.floor(random() * positions.length)]!;
  const original = text[at]!;
  let replacement = original;
  while (replacement === original) replacement = '0123456789 '[Math.floor(random() * 11)]!.trim();
  return text.slice(0, at) + replacement + text.slice(at + 1);
}
