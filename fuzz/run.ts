/**
 * `npm run fuzz -- --count N --seed S [--cli K] [--single K] [--time-limit MS] [--no-save]`:
 * N mutants of the samples through extract (and K of them through the CLI); prints the
 * figures, keeps crashers under test/fixtures/fuzz/, exits 1 when there was any crash or hang.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_FUZZ_OPTIONS, runFuzz } from './harness.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: String(DEFAULT_FUZZ_OPTIONS.count) },
    seed: { type: 'string', default: String(DEFAULT_FUZZ_OPTIONS.seed) },
    cli: { type: 'string', default: String(DEFAULT_FUZZ_OPTIONS.cli) },
    single: { type: 'string', default: String(DEFAULT_FUZZ_OPTIONS.single) },
    'time-limit': { type: 'string', default: String(DEFAULT_FUZZ_OPTIONS.timeLimitMs) },
    'no-save': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const count = Number(values.count);
let lastPrint = Date.now();
const summary = await runFuzz({
  count,
  seed: Number(values.seed),
  cli: Number(values.cli),
  single: Number(values.single),
  timeLimitMs: Number(values['time-limit']),
  saveDir: values['no-save'] ? null : DEFAULT_FUZZ_OPTIONS.saveDir,
  onProgress: (done, s) => {
    if (Date.now() - lastPrint < 5_000) return;
    lastPrint = Date.now();
    process.stderr.write(`fuzz: ${done}/${count} mutants, ${s.crashes} crashes, ${s.hangs} hangs\n`);
  },
});

if (values.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
else {
  process.stdout.write([
    `mutants: ${summary.inputs} in-process (${Object.entries(summary.bySeedKind).map(([k, n]) => `${k} ${n}`).join(', ')}), ${summary.cliInputs} through the CLI (exit codes ${[...new Set(summary.cliExitCodes)].join(', ') || 'none'})`,
    `documents: ${Object.entries(summary.byStatus).map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `speed: ${summary.inputsPerSecond.toFixed(1)} inputs/s (${summary.seconds.toFixed(1)} s)`,
    `crashes: ${summary.crashes}, hangs: ${summary.hangs}`,
    `peak RSS: ${summary.peakRssMb} MB (this process and its worker threads)`,
    ...summary.problems.map((p) => `  ${p.kind} (${p.where}) ${p.seed}: ${p.detail.split('\n')[0]}${p.file ? ` → ${p.file}` : ''}`),
  ].join('\n') + '\n');
}
process.exitCode = summary.crashes + summary.hangs > 0 ? 1 : 0;
