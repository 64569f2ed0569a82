import { readFileSync } from 'node:fs';
import { readPdfDocument } from '../dist/read/pdf/read-pdf.js';
import { extractTemplate } from '../dist/template/extract.js';
const t = performance.now();
const doc = await readPdfDocument(readFileSync(process.argv[2]));
console.log('ms', (performance.now() - t).toFixed(0));
if (doc.failed) { console.log(doc.failed); process.exit(); }
console.log('tables', doc.tables.length, doc.tables.map((t) => `${t.index}:p${t.page} ${t.rowCount}x${t.colCount}${t.stitchedPages ? ' stitched ' + t.stitchedPages : ''}`).join(', '));
if (process.argv[3]) for (const g of doc.tables) { console.log('--- table', g.index); for (const row of g.slots) console.log(row.map((c) => (c ? c.text.replace(/\n/g, '⏎') : '∅')).join(' | ')); }
const ex = extractTemplate(doc);
console.log(ex.template, ex.status, ex.reason, JSON.stringify(ex.meta));
console.log(ex.warnings.slice(0, 8).join('\n'));
console.log('failed checks', ex.checks.filter((c) => !c.ok).map((c) => c.id));
