/** The xxgk command line. Each command lives in its own module; this one only wires them. */
import { Command, CommanderError } from 'commander';
import { registerExtract } from './extract.js';
import { registerTables } from './tables.js';
import { registerSchema } from './schema.js';
import { registerDemo } from './demo.js';
import { registerCrawl } from './crawl.js';
import { registerExport } from './export.js';
import { registerCodebook } from './codebook.js';
import { registerReport } from './report.js';
import { registerPortals } from './portals.js';
import { registerWorker } from './worker.js';
import { closeWorkerPool } from '../pipeline/pool.js';

export async function main(argv: string[]): Promise<number> {
  // Output piped into `head` (or any reader that stops): end quietly, as Unix tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    process.stderr.write(`xxgk: stdout: ${error.message}\n`);
    process.exit(1);
  });
  const program = new Command()
    .name('xxgk')
    .description(
      'Turns government information-disclosure annual reports (政府信息公开工作年度报告) into normalized JSON: ' +
        'crawls county portals for the reports, reads HTML, PDF, DOCX and text (any charset, GBK included), ' +
        'maps the national template\'s tables (2021 and the 2019 trial template) to fixed keys, and checks the ' +
        'template\'s arithmetic.\n\nStart with `xxgk demo` (what `npm start` runs), or `xxgk crawl <portal-url>`.',
    )
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  let exitCode = 0;
  const setExit = (code: number) => {
    exitCode = code;
  };
  registerExtract(program, setExit);
  registerTables(program, setExit);
  registerCrawl(program, setExit);
  registerWorker(program, setExit);
  registerExport(program);
  registerReport(program);
  registerPortals(program);
  registerSchema(program);
  registerCodebook(program);
  registerDemo(program, setExit);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    process.stderr.write(`xxgk: ${describeError(error)}\n`);
    return 1;
  } finally {
    await closeWorkerPool();
  }
  return exitCode;
}

const SYSTEM_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or directory', EACCES: 'permission denied', EPERM: 'operation not permitted', EISDIR: 'is a directory',
  ENOTDIR: 'not a directory', EEXIST: 'already exists', ENOSPC: 'no space left on the device', EROFS: 'read-only file system',
};

/** An error as one line naming the file or URL: never a raw "ENOENT: no such file or directory, open …". */
export function describeError(error: unknown): string {
  const err = error as NodeJS.ErrnoException;
  if (err.code && err.path && SYSTEM_ERRORS[err.code]) return `${err.path}: ${SYSTEM_ERRORS[err.code]}`;
  return err.message ?? String(error);
}
