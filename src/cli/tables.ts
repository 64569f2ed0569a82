/** `xxgk tables <file>`: the cell grids a reader found, to see why a figure came out as it did. */
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { loadInput } from '../pipeline/extract.js';
import { readDocument } from '../read/index.js';
import { readImageInWorker, readPdfInWorker } from '../pipeline/pool.js';
import type { CellGrid } from '../read/grid.js';

export function registerTables(program: Command, setExit: (code: number) => void): void {
  program
    .command('tables')
    .description('print the tables (cell grids) found in a document, as JSON or CSV')
    .argument('<input>', 'a file or URL')
    .option('-f, --format <format>', 'json (cells with spans and positions) or csv (one line per cell)', 'json')
    .addHelpText('after', `
Rows and columns are 1-based positions in the expanded grid, the same numbers that a
report's extraction.provenance gives for each figure.`)
    .action(async (spec: string, options: { format: string }) => {
      try {
        const doc = await readDocument((await loadInput(spec)).bytes, { readPdf: (bytes) => readPdfInWorker(bytes), readImage: (bytes) => readImageInWorker(bytes) });
        if (options.format === 'csv') process.stdout.write(tablesCsv(doc.tables));
        else if (options.format === 'json') process.stdout.write(JSON.stringify({ format: doc.format, tables: doc.tables.map(tableJson) }, null, 2) + '\n');
        else throw new Error(`unknown format "${options.format}" (json or csv)`);
      } catch (error) {
        process.stderr.write(`xxgk: ${spec}: ${(error as Error).message}\n`);
        setExit(1);
      }
    });
}

function tableJson(grid: CellGrid) {
  return {
    table: grid.index,
    rows: grid.rowCount,
    cols: grid.colCount,
    ...(grid.page !== undefined ? { page: grid.page } : {}),
    ...(grid.stitchedPages ? { stitchedPages: grid.stitchedPages } : {}),
    cells: grid.cells.map((cell) => ({
      row: cell.row + 1,
      col: cell.col + 1,
      rowSpan: cell.rowSpan,
      colSpan: cell.colSpan,
      text: cell.text,
      ...(cell.page !== undefined ? { page: cell.page } : {}),
      ...(cell.box ? { box: cell.box } : {}),
      ...(cell.confidence !== undefined ? { confidence: cell.confidence } : {}),
    })),
  };
}

function tablesCsv(tables: CellGrid[]): string {
  const records: (string | number)[][] = [['table', 'row', 'col', 'rowSpan', 'colSpan', 'page', 'x0', 'y0', 'x1', 'y1', 'text']];
  for (const grid of tables) {
    for (const cell of grid.cells) {
      const box = cell.box;
      records.push([grid.index, cell.row + 1, cell.col + 1, cell.rowSpan, cell.colSpan, cell.page ?? '', box?.x0 ?? '', box?.y0 ?? '', box?.x1 ?? '', box?.y1 ?? '', cell.text]);
    }
  }
  return stringify(records, { bom: false });
}
