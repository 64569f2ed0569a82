/** `xxgk schema`: the JSON Schema of the report documents. */
import type { Command } from 'commander';
import { reportJsonSchema } from '../output/schema.js';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema (draft 2020-12) that every report document follows')
    .action(() => {
      process.stdout.write(JSON.stringify(reportJsonSchema(), null, 2) + '\n');
    });
}
