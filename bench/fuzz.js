#!/usr/bin/env node
// The fuzzing harness on many mutants: inputs per second, crashes, hangs and peak RSS.
// Run after `npm run build`: node bench/fuzz.js [count=10000] [seed=1]
// (the harness is TypeScript under fuzz/; it runs the built extractor in worker threads).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const count = process.argv[2] ?? '10000';
const seed = process.argv[3] ?? '1';
const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'fuzz', 'run.ts'), '--count', count, '--seed', seed, '--cli', '200', '--single', '3'], { cwd: root, stdio: 'inherit' });
process.exitCode = run.status ?? 1;
