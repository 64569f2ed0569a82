#!/usr/bin/env -S node --max-semi-space-size=2
// The CLI is compiled to dist/ by `npm run build` (run by `npm ci` through `prepare`).
// The flag holds the main thread's young generation to 2 MB a semi-space: a worker's memory at
// its start peaked over 300 MB without it, 261 MB with it, at the same speed (README, "Memory").
// Run as `node bin/xxgk.js`, the line is not read: set NODE_OPTIONS=--max-semi-space-size=2.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
