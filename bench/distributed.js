#!/usr/bin/env node
// The shared crawl's costs (needs `npm run build` and Debian's redis-server):
//   1. the queue's own cost per job: no-op jobs through BullMQ by 1, 2 and 4 worker processes;
//   2. extraction of N stored originals (extract jobs, text PDFs: the CPU-bound kind) by one and
//      by two `xxgk worker` processes (one extraction thread each: processes, not threads, compared);
//   3. a crawl of H simulated hosts (bench/crawl-hosts.js) by one and by three workers, against
//      the politeness bound (each host's requests one --delay apart, one after the other).
// Usage: node bench/distributed.js [jobs=5000] [originals=2000] [hosts=200] [reports per host=5]
// (0 jobs or 0 originals skips that part)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The workers are started as the installed command is (bin/xxgk.js run itself, so the V8 flag of its
// first line applies), not through `node bin/xxgk.js`.
const xxgk = join(root, 'bin', 'xxgk.js');

if (process.argv[2] === '--noop-worker') {
  // A worker process of part 1: takes no-op jobs until told to stop.
  const { Worker } = await import('bullmq');
  const { Redis } = await import('ioredis');
  const connection = new Redis(process.argv[3], { maxRetriesPerRequest: null });
  const worker = new Worker('bench-noop', async () => {}, { connection, concurrency: 16 });
  process.on('SIGTERM', async () => {
    await worker.close();
    process.exit(0);
  });
  await new Promise(() => {});
}

const [jobs = 5000, originals = 2000, hosts = 200, reports = 5] = process.argv.slice(2).map(Number);
if (spawnSync('redis-server', ['--version']).status !== 0) {
  console.error('bench/distributed.js needs redis-server (Debian package redis-server)');
  process.exit(1);
}

const { Queue } = await import('bullmq');
const { Redis } = await import('ioredis');
const { openSharedCrawl } = await import(join(root, 'dist', 'queue', 'worker.js'));
const { writeRawFile } = await import(join(root, 'dist', 'store', 'raw.js'));
const { sha256Hex } = await import(join(root, 'dist', 'output', 'report.js'));

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function run(args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited ${code}: ${out.slice(-2000)}`))));
  });
}

/** Peak RSS of a process (all its threads), sampled from /proc every 200 ms. */
function sampleRss(pid, peak) {
  const timer = setInterval(() => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      peak.mb = Math.max(peak.mb, kb / 1024);
    } catch {
      clearInterval(timer);
    }
  }, 200);
  return timer;
}

const redisDir = mkdtempSync(join(tmpdir(), 'xxgk-bench-redis-'));
const port = await freePort();
const redisUrl = `redis://127.0.0.1:${port}/0`;
const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', redisDir, '--appendonly', 'yes', '--save', ''], { stdio: 'ignore' });
const client = new Redis(redisUrl, { maxRetriesPerRequest: null });
// Refused until redis-server listens: ioredis retries, and ping() below waits for it.
client.on('error', () => {});
await client.ping();

try {
  // 1. The queue's cost per job.
  if (jobs > 0) console.log(`1. no-op jobs through the queue (${jobs} jobs, concurrency 16 per worker process)`);
  for (const workers of jobs > 0 ? [1, 2, 4] : []) {
    await client.flushdb();
    const queue = new Queue('bench-noop', { connection: client, defaultJobOptions: { removeOnComplete: true } });
    // Workers started (and connected) first: their start is not the queue's cost.
    const children = Array.from({ length: workers }, () => spawn(process.execPath, [fileURLToPath(import.meta.url), '--noop-worker', redisUrl], { stdio: 'ignore' }));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const started = performance.now();
    for (let i = 0; i < jobs; i += 1000) {
      await queue.addBulk(Array.from({ length: Math.min(1000, jobs - i) }, (_, k) => ({ name: 'noop', data: { i: i + k } })));
    }
    for (;;) {
      const left = await queue.getJobCountByTypes('waiting', 'active', 'delayed');
      if (left === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const seconds = (performance.now() - started) / 1000;
    for (const child of children) child.kill('SIGTERM');
    await queue.close();
    // Includes the workers' start (~0.3 s): the cost per job is an upper bound.
    console.log(`   ${workers} worker(s): ${(jobs / seconds).toFixed(0)} jobs/s, ${((seconds * 1000) / jobs).toFixed(2)} ms per job (adding them included)`);
  }

  // 2. Extraction of stored originals.
  if (originals > 0) console.log(`2. extraction of ${originals} stored originals (text PDFs of 3 pages, one extraction thread per process)`);
  const sample = readFileSync(join(root, 'samples', 'pingyang-wjw-2024-portrait.pdf'));
  const times = {};
  for (const workers of originals > 0 ? [1, 2] : []) {
    await client.flushdb();
    const out = mkdtempSync(join(tmpdir(), 'xxgk-bench-extract-'));
    const shared = openSharedCrawl(redisUrl, 'bench');
    // Workers wait for the crawl's settings: started now, they begin when the settings are saved.
    const peak = { mb: 0 };
    const runs = Array.from({ length: workers }, () => {
      const child = spawn(xxgk, ['worker', '--queue', redisUrl, '--crawl', 'bench', '--out', out, '--exit-when-idle', '--threads', '1'], { stdio: 'ignore' });
      const timer = sampleRss(child.pid, peak);
      return new Promise((resolve) => child.on('exit', () => resolve(clearInterval(timer))));
    });
    for (let i = 0; i < originals; i++) {
      const url = `http://127.0.0.1:1/nb/t${i}.pdf`;
      // Each its own bytes (one report per document): a comment after %%EOF, which readers skip.
      const bytes = Buffer.concat([sample, Buffer.from(`\n% ${i}\n`)]);
      const sha256 = sha256Hex(bytes);
      const file = await writeRawFile(out, sha256, 'pdf', bytes);
      const entry = { url, kind: 'report', site: '127.0.0.1:1', depth: 2, title: `某县第${i}局2024年政府信息公开工作年度报告`, year: 2024, parent: null, seed: null };
      await shared.state.add(entry);
      await shared.state.markFetched({ ...entry, sha256, file, finalUrl: url, contentType: 'application/pdf', charset: null, fetchedAt: new Date().toISOString() });
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const started = performance.now();
    await shared.state.saveSettings({ years: '2021-2025', extract: true, concurrency: '8', delay: '0' });
    await shared.close();
    await Promise.all(runs);
    // Less the idle check's two seconds before a worker exits.
    const seconds = (performance.now() - started) / 1000 - 2;
    times[workers] = seconds;
    const made = await client.hlen('xxgk:bench:reports');
    console.log(`   ${workers} worker process(es): ${seconds.toFixed(1)} s, ${(originals / seconds).toFixed(1)} documents/s (${made} reports; peak RSS of a worker process, extraction thread included: ${peak.mb.toFixed(0)} MB)`);
    rmSync(out, { recursive: true, force: true });
  }
  if (originals > 0) console.log(`   speed-up with two processes: ${(times[1] / times[2]).toFixed(2)}x`);

  // 3. A crawl of many hosts against the politeness bound.
  if (hosts > 0) {
    const delayMs = 1000;

    const answerMs = 10;
    console.log(`3. crawl of ${hosts} simulated hosts (${reports} reports each, answers in ${answerMs} ms), --delay ${delayMs}, fetch only (--no-extract)`);
    const portals = spawn(process.execPath, [join(root, 'bench', 'crawl-hosts.js'), String(hosts), String(reports), String(answerMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
    const { urls, requestsPerHost } = await new Promise((resolve) => portals.stdout.once('data', (line) => resolve(JSON.parse(String(line)))));
    // Each host's requests, one after another, --delay apart (robots.txt included).
    const bound = (requestsPerHost - 1) * delayMs / 1000;
    for (const workers of [1, 3]) {
      await client.flushdb();
      const out = mkdtempSync(join(tmpdir(), 'xxgk-bench-crawl-'));
      const crawl = `hosts${workers}`;
      await run([xxgk, 'crawl', ...urls, '--queue', redisUrl, '--crawl', crawl, '--years', '2021-2025', '--delay', String(delayMs), '--concurrency', '64', '--no-extract', '--allow-private']);
      const started = performance.now();
      const peak = { mb: 0 };
      await Promise.all(Array.from({ length: workers }, () => {
        const child = spawn(xxgk, ['worker', '--queue', redisUrl, '--crawl', crawl, '--out', out, '--exit-when-idle'], { stdio: 'ignore' });
        const timer = sampleRss(child.pid, peak);
        return new Promise((resolve) => child.on('exit', () => resolve(clearInterval(timer))));
      }));
      // The idle check waits two seconds of an empty queue before a worker exits.
      const seconds = (performance.now() - started) / 1000 - 2;
      // The portals' first and last request: the crawl itself, without the workers' start.
      portals.stdin.write('times\n');
      const span = await new Promise((resolve) => portals.stdout.once('data', (line) => resolve(JSON.parse(String(line)))));
      const crawling = (span.last - span.first) / 1000;
      const status = await run([xxgk, 'status', '--queue', redisUrl, '--crawl', crawl]);
      console.log(`   ${workers} worker(s): first to last request ${crawling.toFixed(1)} s for ${hosts * requestsPerHost} requests; politeness bound ${bound.toFixed(1)} s: ${(crawling / bound).toFixed(2)}x; with the workers' start ${seconds.toFixed(1)} s, ${(seconds / bound).toFixed(2)}x (peak RSS ${peak.mb.toFixed(0)} MB)`);
      console.log(`      ${status.split('\n')[0]}`);
      rmSync(out, { recursive: true, force: true });
    }
    portals.kill('SIGTERM');
  }
} finally {
  client.disconnect();
  redis.kill('SIGTERM');
  await new Promise((resolve) => redis.once('exit', resolve));
  rmSync(redisDir, { recursive: true, force: true });
}
