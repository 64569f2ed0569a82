/**
 * The package as a user gets it: `npm pack`, installed into an empty folder, imported as `xxgk`
 * (its types too), `extract` run on samples, and the `xxgk` binary run from the install.
 *
 * It packs what `npm run build` left in dist/ (`npm test` builds first). Installing takes the
 * dependencies from npm's cache (`--prefer-offline`; after `npm ci` they are all there), and
 * skips install scripts: nothing here needs better-sqlite3's native module, which is loaded only
 * when a crawl state is opened.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SAMPLES } from './helpers.js';

const run = promisify(execFile);
const built = existsSync(join(ROOT, 'dist', 'index.js')) && existsSync(join(ROOT, 'dist', 'index.d.ts'));
let dir = '';
let packed: string[] = [];

function expectedTotal(sample: string): number {
  const expected = JSON.parse(readFileSync(join(SAMPLES, sample.replace(/\.\w+$/, '.expected.json')), 'utf8'));
  return expected.figures.applications.newReceived.total;
}

describe.skipIf(!built)('the packed package (needs dist/: npm run build)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xxgk-package-'));
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    const [pack] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    packed = pack!.files.map((file) => file.path);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await run('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', `./${pack!.filename}`], { cwd: dir });
    for (const sample of ['dazhu-gov-2024-trs.html', 'pingyang-wjw-2024-portrait.pdf']) copyFileSync(join(SAMPLES, sample), join(dir, sample));
  }, 180_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ships the build, the binary and the data the runtime reads, not the sources or tests', () => {
    expect(packed).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'bin/xxgk.js', 'src/data/portals.tsv']));
    expect(packed.filter((path) => /^(test|fuzz|bench)\/|^src\/.*\.ts$|\.expected\.json$/.test(path))).toEqual([]);
  });

  it('ships every sample the demo portal serves', () => {
    const demo = readdirSync(join(ROOT, 'src', 'demo'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'));
    const named = new Set(demo.flatMap((name) => [...readFileSync(join(ROOT, 'src', 'demo', name), 'utf8').matchAll(/'([\w-]+\.(?:html|pdf|docx))'/g)].map((match) => match[1]!)));
    expect(named.size).toBeGreaterThan(5);
    for (const sample of named) expect(packed).toContain(`samples/${sample}`);
  });

  it('import("xxgk") then extract(path) gives the sample\'s figure (HTML)', async () => {
    const script = `import('xxgk').then(async (m) => console.log((await m.extract('dazhu-gov-2024-trs.html')).figures.applications.newReceived.total))`;
    const { stdout } = await run(process.execPath, ['-e', script], { cwd: dir });
    expect(Number(stdout.trim())).toBe(expectedTotal('dazhu-gov-2024-trs.html'));
  }, 60_000);

  it('extract(bytes) of a PDF, in the calling thread, exits without closing anything', async () => {
    const script = `import { extract } from 'xxgk'; import { readFileSync } from 'node:fs';
      const report = await extract(readFileSync('pingyang-wjw-2024-portrait.pdf'));
      console.log(report.source.format, report.figures.applications.newReceived.total);`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, timeout: 60_000 });
    expect(stdout.trim()).toBe(`pdf ${expectedTotal('pingyang-wjw-2024-portrait.pdf')}`);
  }, 90_000);

  it('its types: a TypeScript consumer type-checks against the declarations', async () => {
    writeFileSync(join(dir, 'consumer.ts'), `import { extract, extractMany, readDocument, crawl, reportSchema, XxgkError, type Report, type XxgkErrorCode } from 'xxgk';
const report: Report = await extract('dazhu-gov-2024-trs.html');
const code: XxgkErrorCode | undefined = report.extraction.code;
const many: Report[] = await extractMany([new Uint8Array(0)], { threads: 1 });
const parsed = reportSchema.safeParse(report);
console.log(code, many.length, parsed.success, typeof readDocument, typeof crawl, new XxgkError('ERR_INTERNAL', 'x').code);
`);
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = ['--noEmit', '--strict', '--skipLibCheck', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--types', 'node', '--typeRoots', join(ROOT, 'node_modules', '@types'), 'consumer.ts'];
    const result = await run(process.execPath, [tsc, ...args], { cwd: dir }).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
    expect(result.stdout).toBe('');
  }, 90_000);

  it('npx xxgk --help runs the installed binary', async () => {
    const { stdout } = await run('npx', ['--no-install', 'xxgk', '--help'], { cwd: dir });
    expect(stdout).toMatch(/^Usage: xxgk/);
    expect(stdout).toMatch(/extract/);
  }, 60_000);
});
