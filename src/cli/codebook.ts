/** `xxgk codebook`: writes docs/codebook.md and docs/codebook.csv from the template code. */
import type { Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { codebookCsv, codebookMarkdown } from '../output/codebook.js';

export function registerCodebook(program: Command): void {
  program
    .command('codebook')
    .description('write the codebook of every figure (field path, section, Chinese labels, English names, unit, templates, 2019 ↔ 2021 crosswalk) as codebook.md and codebook.csv')
    .option('-o, --out <dir>', 'the folder to write them in', 'docs')
    .action(async (options: { out: string }) => {
      await mkdir(options.out, { recursive: true });
      await writeFile(join(options.out, 'codebook.md'), codebookMarkdown());
      await writeFile(join(options.out, 'codebook.csv'), codebookCsv());
      process.stdout.write(`${join(options.out, 'codebook.md')}, ${join(options.out, 'codebook.csv')}\n`);
    });
}
