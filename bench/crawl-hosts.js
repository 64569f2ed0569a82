#!/usr/bin/env node
// The simulated portals of bench/crawl.js, in their own process: N hosts (one port each) of
// R reports, every answer delayed by D ms. Prints the base URLs as JSON, then serves until killed.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [hosts = 200, reports = 20, delayMs = 100] = process.argv.slice(2).map(Number);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const report = readFileSync(join(root, 'samples', 'quxian-sanhui-2024-xxgk-gbk.html'));
const perPage = 10;
const pages = Math.ceil(reports / perPage);
let requests = 0;
// First and last request start (ms since the epoch) since the last `times` asked on stdin.
let first = 0;
let last = 0;

function portal() {
  return createServer((request, response) => {
    requests++;
    last = Date.now();
    if (first === 0) first = last;
    const path = new URL(request.url, 'http://x').pathname;
    setTimeout(() => {
      const html = (body) => {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(`<html><head><meta charset="utf-8"></head><body>${body}</body></html>`);
      };
      if (path === '/robots.txt') {
        response.writeHead(200, { 'content-type': 'text/plain' });
        return response.end('User-agent: *\nDisallow: /admin/\n');
      }
      if (path === '/') return html('<a href="/nb/index.html">政府信息公开年报</a><a href="/news/">新闻</a>');
      const list = /^\/nb\/index(?:_(\d+))?\.html$/.exec(path);
      if (list) {
        const n = Number(list[1] ?? 0);
        const items = Array.from({ length: perPage }, (_, i) => n * perPage + i).filter((i) => i < reports)
          .map((i) => `<li><a href="./t${i}.html">某县第${i}局2024年政府信息公开工作年度报告</a></li>`).join('');
        return html(`<ul>${items}</ul><script>createPageHTML(${pages}, ${n}, "index", "html");</script>`);
      }
      if (/^\/nb\/t\d+\.html$/.test(path)) {
        response.writeHead(200, { 'content-type': 'text/html' });
        // Each report its own bytes: the crawler keeps one report per document (same bytes, other URLs).
        return response.end(Buffer.concat([report, Buffer.from(`\n<!-- ${request.headers.host}${path} -->\n`)]));
      }
      response.writeHead(404);
      response.end();
    }, delayMs);
  });
}

const urls = [];
for (let i = 0; i < hosts; i++) {
  const server = portal();
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  urls.push(`http://127.0.0.1:${server.address().port}/`);
}
process.stdout.write(JSON.stringify({ urls, requestsPerHost: 1 + 1 + pages + reports }) + '\n');
// A line on stdin asks for the first and last request's time since the last asking.
process.stdin.setEncoding('utf8');
process.stdin.on('data', () => {
  process.stdout.write(JSON.stringify({ first, last }) + '\n');
  first = 0;
  last = 0;
});
process.on('SIGTERM', () => {
  process.stderr.write(`served ${requests} requests\n`);
  process.exit(0);
});
