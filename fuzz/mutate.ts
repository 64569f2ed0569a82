/**
 * Mutants of the sample reports, described by fast-check arbitraries (so a seed reproduces a
 * run, and a mutant is a small value that can be printed): byte flips, truncations, duplicated
 * and deleted chunks, injected markup, and format-aware damage — PDF objects, streams and the
 * cross-reference table, ZIP entries and headers.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SAMPLES_DIR = fileURLToPath(new URL('../samples/', import.meta.url));

export type SeedKind = 'html' | 'gbk-html' | 'text' | 'pdf' | 'docx';

export interface Seed {
  name: string;
  kind: SeedKind;
  bytes: Buffer;
}

/**
 * The samples to mutate: HTML (UTF-8 and GBK), text, PDF and DOCX. DOC is left out: it goes to
 * LibreOffice, a process of its own with its own time limit, at ~1.5 s a document.
 * Images join once OCR reads them (add their extension here).
 */
export function loadSeeds(dir = SAMPLES_DIR): Seed[] {
  const seeds: Seed[] = [];
  for (const name of readdirSync(dir).sort()) {
    const match = /\.(html|txt|pdf|docx)$/.exec(name);
    if (!match || name.includes('.expected.')) continue;
    const bytes = readFileSync(join(dir, name));
    const kind: SeedKind = match[1] === 'html' ? (/gbk|gb2312/.test(name) ? 'gbk-html' : 'html') : match[1] === 'txt' ? 'text' : (match[1] as 'pdf' | 'docx');
    seeds.push({ name, kind, bytes });
  }
  return seeds;
}

/** A position in any input, as a fraction of its length (so one mutation applies to every seed). */
const at = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

const MARKUP = [
  '<table>', '</table>', '<tr>', '</td>', '<td rowspan="99999" colspan="99999">', '<td colspan="-3" rowspan="0">',
  '<!--', '-->', '<script>', '<style>', '<![CDATA[', '<?xml ', '<meta charset="utf-16">', '<meta charset="gbk">',
  '&#xFFFF;', '&#0;', '&#x10FFFF;', '&nbsp;&amp;&lt;', '\u0000', '\uFEFF', '\uD800', '<div style="display:none">',
  '<table><tr><td><table><tr><td>', '（七）总计', '申请人数', '二、主动公开政府信息情况', '9'.repeat(40), '-1.5e308',
  '<w:tbl>', '</w:tc>', '<w:gridSpan w:val="999999"/>', '<w:vMerge w:val="restart"/>', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
];

const PDF_JUNK = ['999999999', '-1', '0', '1e309', '/Length 999999999', '/Filter /FlateDecode', '/Type /Pages /Count 100000', ' R R R', '<<<<<<<<', 'endobj', 'stream\n', '%%EOF', 'trailer <<>>', '/Rotate 45', '/MediaBox [0 0 1e9 1e9]'];

export type Mutation =
  | { op: 'flip'; at: number; bit: number; count: number }
  | { op: 'truncate'; at: number }
  | { op: 'duplicate'; from: number; length: number; to: number }
  | { op: 'delete'; from: number; length: number }
  | { op: 'inject'; at: number; text: string; times: number }
  | { op: 'pdf-object'; which: number; text: string }
  | { op: 'pdf-stream'; which: number; at: number; count: number }
  | { op: 'pdf-xref'; text: string }
  | { op: 'zip-entry'; which: number; at: number; count: number }
  | { op: 'zip-header'; which: number; field: number; value: number };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at, bit: fc.integer({ min: 0, max: 7 }), count: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ op: fc.constant('truncate' as const), at }),
  fc.record({ op: fc.constant('duplicate' as const), from: at, length: fc.double({ min: 0, max: 0.5, noNaN: true }), to: at }),
  fc.record({ op: fc.constant('delete' as const), from: at, length: fc.double({ min: 0, max: 0.5, noNaN: true }) }),
  fc.record({ op: fc.constant('inject' as const), at, text: fc.oneof(fc.constantFrom(...MARKUP), fc.string({ maxLength: 16 })), times: fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 3000 })) }),
  fc.record({ op: fc.constant('pdf-object' as const), which: at, text: fc.constantFrom(...PDF_JUNK) }),
  fc.record({ op: fc.constant('pdf-stream' as const), which: at, at, count: fc.integer({ min: 1, max: 32 }) }),
  fc.record({ op: fc.constant('pdf-xref' as const), text: fc.constantFrom('0', '-5', '999999999', 'abc', '') }),
  fc.record({ op: fc.constant('zip-entry' as const), which: at, at, count: fc.integer({ min: 1, max: 32 }) }),
  fc.record({ op: fc.constant('zip-header' as const), which: at, field: fc.constantFrom(8, 18, 22, 26, 28), value: fc.constantFrom(0, 1, 8, 12, 0xffff, 0xffffffff, 0x7fffffff) }),
);

/** One mutant: a seed, and one to three mutations applied in turn. */
export interface Mutant {
  seed: number;
  mutations: Mutation[];
}

export const mutantArb = (seedCount: number): fc.Arbitrary<Mutant> =>
  fc.record({ seed: fc.integer({ min: 0, max: seedCount - 1 }), mutations: fc.array(mutationArb, { minLength: 1, maxLength: 3 }) });

/** The mutants of a run: the same `seed` and `count` give the same list. */
export function sampleMutants(seedCount: number, count: number, seed: number): Mutant[] {
  return fc.sample(mutantArb(seedCount), { numRuns: count, seed });
}

export function applyMutant(seeds: Seed[], mutant: Mutant): Buffer {
  let bytes = seeds[mutant.seed]!.bytes;
  for (const mutation of mutant.mutations) bytes = applyMutation(bytes, mutation);
  return bytes;
}

const pos = (fraction: number, length: number) => Math.min(length, Math.floor(fraction * length));

/** Offsets of every occurrence of a marker. */
function occurrences(bytes: Buffer, marker: string): number[] {
  const found: number[] = [];
  for (let i = bytes.indexOf(marker); i >= 0 && found.length < 100_000; i = bytes.indexOf(marker, i + 1)) found.push(i);
  return found;
}

function splice(bytes: Buffer, start: number, deleteCount: number, insert: Buffer = Buffer.alloc(0)): Buffer {
  return Buffer.concat([bytes.subarray(0, start), insert, bytes.subarray(start + deleteCount)]);
}

function flipBytes(bytes: Buffer, start: number, end: number, fraction: number, count: number): Buffer {
  const out = Buffer.from(bytes);
  if (end <= start) return out;
  for (let i = 0; i < count; i++) {
    const offset = start + ((pos(fraction, end - start) + i * 7919) % (end - start));
    out[offset] = out[offset]! ^ (1 << (i % 8)) ^ 0x5a;
  }
  return out;
}

export function applyMutation(bytes: Buffer, m: Mutation): Buffer {
  const n = bytes.length;
  switch (m.op) {
    case 'flip': {
      const out = Buffer.from(bytes);
      for (let i = 0; i < m.count && n > 0; i++) {
        const offset = (pos(m.at, n) + i * 104729) % n;
        out[offset] = out[offset]! ^ (1 << ((m.bit + i) % 8));
      }
      return out;
    }
    case 'truncate':
      return bytes.subarray(0, pos(m.at, n));
    case 'duplicate': {
      const from = pos(m.from, n);
      const chunk = bytes.subarray(from, from + pos(m.length, n));
      return splice(bytes, pos(m.to, n), 0, Buffer.from(chunk));
    }
    case 'delete':
      return splice(bytes, pos(m.from, n), pos(m.length, n));
    case 'inject':
      return splice(bytes, pos(m.at, n), 0, Buffer.from(m.text.repeat(m.times)));
    case 'pdf-object': {
      // Replace the number or name after one object's "obj" header.
      const objects = occurrences(bytes, ' obj');
      if (objects.length === 0) return applyMutation(bytes, { op: 'inject', at: 0.5, text: m.text, times: 1 });
      const start = objects[pos(m.which, objects.length - 1)]! + 4;
      return splice(bytes, start, Math.min(24, n - start), Buffer.from(` ${m.text} `));
    }
    case 'pdf-stream': {
      const streams = occurrences(bytes, 'stream\n').concat(occurrences(bytes, 'stream\r\n')).filter((i) => bytes.toString('latin1', i - 3, i) !== 'end');
      if (streams.length === 0) return applyMutation(bytes, { op: 'flip', at: m.at, bit: 1, count: m.count });
      const start = streams[pos(m.which, streams.length - 1)]! + 7;
      const end = bytes.indexOf('endstream', start);
      return flipBytes(bytes, start, end < 0 ? n : end, m.at, m.count);
    }
    case 'pdf-xref': {
      const start = bytes.lastIndexOf('startxref');
      if (start < 0) return bytes;
      return splice(bytes, start, n - start, Buffer.from(`startxref\n${m.text}\n%%EOF\n`));
    }
    case 'zip-entry': {
      // Damage the compressed data of one entry (after its local header and name).
      const entries = occurrences(bytes, 'PK\x03\x04');
      if (entries.length === 0) return applyMutation(bytes, { op: 'flip', at: m.at, bit: 2, count: m.count });
      const header = entries[pos(m.which, entries.length - 1)]!;
      if (header + 30 > n) return bytes;
      const dataStart = header + 30 + bytes.readUInt16LE(header + 26) + bytes.readUInt16LE(header + 28);
      const dataEnd = Math.min(n, dataStart + bytes.readUInt32LE(header + 18));
      return flipBytes(bytes, dataStart, dataEnd, m.at, m.count);
    }
    case 'zip-header': {
      // Rewrite a field of a local or central header: method, sizes, name or extra length.
      const headers = occurrences(bytes, 'PK\x03\x04').concat(occurrences(bytes, 'PK\x01\x02'));
      if (headers.length === 0) return bytes;
      const header = headers[pos(m.which, headers.length - 1)]!;
      const out = Buffer.from(bytes);
      const offset = header + m.field;
      if (offset + 4 > n) return out;
      if (m.field === 8 || m.field === 26 || m.field === 28) out.writeUInt16LE(m.value & 0xffff, offset);
      else out.writeUInt32LE(m.value >>> 0, offset);
      return out;
    }
  }
}
