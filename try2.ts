import { readFileSync } from 'node:fs';
import { createWorker, OEM } from 'tesseract.js';
const w = await createWorker(process.env.LANG2 ?? 'chi_sim', OEM.LSTM_ONLY, { langPath: '/work/wt/ocr/node_modules/@tesseract.js-data/' + (process.env.M ?? 'chi_sim/4.0.0'), cacheMethod: 'none', gzip: true });
for (const f of process.argv.slice(2)) { const img = readFileSync(f);
for (const psm of (process.env.PSM ?? '6').split(',')) {
  await w.setParameters({ tessedit_pageseg_mode: psm as any, tessedit_char_whitelist: process.env.WL ?? '0123456789,.-' });
  const t = Date.now();
  const r = await w.recognize(img, {}, { text: true });
  console.log(f, psm, Date.now() - t, JSON.stringify(r.data.text.split('\n').slice(0, 20).join(' ')));
}}
await w.terminate();
