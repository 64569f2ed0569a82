import { readFileSync, readdirSync } from 'node:fs';
import { readPdfDocument } from '../dist/read/pdf/read-pdf.js';
import { extractTemplate } from '../dist/template/extract.js';
function flatten(d, p = '') { const o = {}; for (const [k, v] of Object.entries(d ?? {})) { if (v && typeof v === 'object') Object.assign(o, flatten(v, p + k + '.')); else o[p + k] = v; } return o; }
for (const f of readdirSync('samples').filter((n) => n.endsWith('.pdf')).sort()) {
  const exp = JSON.parse(readFileSync('samples/' + f.replace('.pdf', '.expected.json'), 'utf8'));
  const t = performance.now();
  const doc = await readPdfDocument(readFileSync('samples/' + f));
  const ms = (performance.now() - t).toFixed(0);
  if (doc.failed) { console.log(f, ms, 'FAILED:', doc.failed); continue; }
  const ex = extractTemplate(doc);
  const want = flatten(exp.figures);
  const bad = Object.entries(want).filter(([k, v]) => ex.figures.get(k) !== v);
  const fails = ex.checks.filter((c) => !c.ok).map((c) => c.id).sort();
  console.log(f, ms + 'ms', `tables ${doc.tables.map((t) => `${t.rowCount}x${t.colCount}${t.stitchedPages ? 's' + t.stitchedPages : ''}`).join(',')}`, ex.template, ex.status, `${Object.keys(want).length - bad.length}/${Object.keys(want).length}`, JSON.stringify(ex.meta) === JSON.stringify(exp.meta) ? 'metaOK' : JSON.stringify(ex.meta), JSON.stringify(fails) === JSON.stringify([...exp.failedChecks].sort()) ? 'checksOK' : fails);
  for (const b of bad.slice(0, 5)) console.log('   ', b[0], 'got', ex.figures.get(b[0]), 'want', b[1]);
  for (const w of ex.warnings.slice(0, 3)) console.log('    W', w.slice(0, 200));
}
