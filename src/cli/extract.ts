/** `xxgk extract <file-or-url>...`: every input to a report document. */
import type { Command } from 'commander';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { extractBytes, isUrl, loadInput } from '../pipeline/extract.js';
import { jsonLine, writeReportFile } from '../output/write.js';
import { writeRawFile } from '../store/raw.js';
import { rawExtension } from '../formats.js';
import { sourceFormatOf } from '../read/index.js';
import { availableParallelism } from 'node:os';
import { orderedMap } from '../lib/ordered-map.js';
import { extractInWorker } from '../pipeline/pool.js';


export function registerExtract(program: Command, setExit: (code: number) => void): void {
  program
    .command('extract')
    .description('extract the figures of annual reports (HTML, PDF, DOCX or text; files or http(s) URLs)')
    .argument('<inputs...>', 'files, directories (every file in them) or URLs; the format is told by content, not by name')
    .option('-o, --out <dir>', 'write DIR/reports/<id>.json (and the originals under DIR/raw/) instead of JSON Lines on stdout')
    .option('--pretty', 'indent the JSON printed on stdout')
    .addHelpText('after', `
Output: one JSON document per input (../shared/report-format.md, schema: \`xxgk schema\`).
  figures     every figure of the template under fixed keys; null = blank or not found
  checks      the template's arithmetic (failed checks are data, figures stay as printed)
  extraction  status ok | partial | failed, warnings, and per-figure provenance

Exit status: 0 when every input was read (even with failed checks or partial figures);
1 when an input could not be loaded, read, or found to hold a report (status "failed"),
after all the others were processed, with a one-line reason per such input on stderr.
Failed inputs still get their document (status "failed", extraction.reason says why).

Examples:
  xxgk extract report.html
  xxgk extract samples/*.html --out output/
  xxgk extract https://example.gov.cn/xxgk/nb/t20250120_1.html --pretty`)
    .action(async (specs: string[], options: { out?: string; pretty?: boolean }) => {
      let failures = 0;
      const inputs = await expandDirectories(specs);
      // Inputs are read concurrently (PDFs in worker threads, one per core); output keeps their order.
      // A batch is extracted in worker threads (every core); a single input in this thread.
      const extract = inputs.length > 1 ? extractInWorker : extractBytes;
      const outcomes = orderedMap(inputs, availableParallelism() + 1, async (spec) => {
        try {
          const input = await loadInput(spec);
          const report = await extract(input);
          if (options.out && report.source.format) {
            report.source.file = await writeRawFile(options.out, report.source.sha256, rawExtension(sourceFormatOf(input.bytes)), input.bytes);
          }
          return { spec, report };
        } catch (error) {
          return { spec, error: (error as Error).message };
        }
      });
      for await (const outcome of outcomes) {
        if (!outcome.report) {
          failures++;
          process.stderr.write(`xxgk: ${outcome.spec}: ${outcome.error}\n`);
          continue;
        }
        const { report } = outcome;
        if (report.extraction.status === 'failed') {
          failures++;
          process.stderr.write(`xxgk: ${outcome.spec}: ${report.extraction.reason}\n`);
        }
        if (options.out) await writeReportFile(options.out, report);
        else process.stdout.write(options.pretty ? JSON.stringify(report, null, 2) + '\n' : jsonLine(report));
      }
      if (failures > 0) setExit(1);
    });
}

/** Directories stand for every file under them (sorted, hidden files left out); other specs stay. */
async function expandDirectories(specs: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const spec of specs) {
    const info = isUrl(spec) ? null : await stat(spec).catch(() => null);
    if (!info?.isDirectory()) {
      out.push(spec);
      continue;
    }
    const entries = await readdir(spec, { recursive: true, withFileTypes: true });
    out.push(...entries.filter((entry) => entry.isFile() && !entry.name.startsWith('.')).map((entry) => join(entry.parentPath ?? spec, entry.name)).sort());
  }
  return out;
}
