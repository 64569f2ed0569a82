import { readFileSync } from 'node:fs';
import { readPdfDocument } from '../dist/read/pdf/read-pdf.js';
import { extractTemplate } from '../dist/template/extract.js';
const doc = await readPdfDocument(readFileSync(process.argv[2]));
const ex = extractTemplate(doc);
const labels = JSON.parse(readFileSync(process.argv[3], 'utf8'));
const bad = Object.entries(labels).filter(([k, v]) => ex.figures.get(k.replace('proactive2019.', 'proactive.')) !== v);
console.log(`${Object.keys(labels).length - bad.length}/${Object.keys(labels).length}`, bad.slice(0, 10));
console.log(JSON.stringify(ex.provenance['applications.results.total.total']));
