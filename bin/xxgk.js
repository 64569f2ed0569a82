#!/usr/bin/env -S MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=262144 MALLOC_TRIM_THRESHOLD_=262144 node --max-semi-space-size=2
// The CLI is compiled to dist/ by `npm run build` (run by `npm ci` through `prepare`).
// The first line sets how memory is held, at the same speed (README, "Memory"): the flag holds the
// main thread's young generation to 2 MB a semi-space (a worker's start peaked over 300 MB without
// it); the allocator's settings give large buffers (page images) back to the system when freed
// and keep threads from each growing an arena of their own (OCR with two threads: 1.1 GB → 0.85).
// Run as `node bin/xxgk.js`, the line is not read: set them in the environment (NODE_OPTIONS for the flag).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
